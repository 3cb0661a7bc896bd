//! The catalogs in force: the built-in tables plus whatever a user's settings add.
//!
//! Lookups are case-insensitive. Names containing `#` match digits in that place
//! (`destinationspamfilter#optin`, `SPAMFILTER#?_LIBRARY`).

use std::borrow::Cow;
use std::collections::{HashMap, hash_map};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use super::data::{self, DataFile};
use super::reader::Row;
use super::rows::{AnyOption, FileName};
use super::types::*;

/// How a table folds names for lookups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    Upper,
}

impl Case {
    fn fold(self, name: &str) -> Cow<'_, str> {
        let b = name.as_bytes();
        match self {
            Case::Lower if b.iter().any(u8::is_ascii_uppercase) => {
                Cow::Owned(name.to_ascii_lowercase())
            }
            Case::Upper if b.iter().any(u8::is_ascii_lowercase) => {
                Cow::Owned(name.to_ascii_uppercase())
            }
            _ => Cow::Borrowed(name),
        }
    }
}

/// One entry: a built-in row read on first use, or an entry added at run time.
#[derive(Debug, Clone)]
struct Entry<T> {
    name: Cow<'static, str>,
    /// Whether the name is a pattern (holds `#`): known once, not searched at each look-up.
    pattern: bool,
    row: Option<Row<'static>>,
    /// Boxed: most built-in rows are never read, and their entries stay small.
    value: OnceLock<Box<T>>,
}

/// "Did you mean" answers against one table's names, kept as long as the table: the
/// built-in tables live for the whole process, and a language server re-checks the same
/// misspelt names at every change. Each answer is the position of the name found. The
/// words come from configurations, so the hasher is seeded per process. The memo keeps
/// the first 65,536 words and takes no more (emptied when full, it would be emptied again
/// and again by a file with more distinct unknown names than that, helping neither the run
/// nor the next re-check of the same file); a cloned table starts afresh.
#[derive(Debug, Default)]
pub struct Suggestions(Mutex<HashMap<Box<str>, Option<usize>, foldhash::fast::RandomState>>);

impl Suggestions {
    /// The most words remembered.
    const MAX: usize = 1 << 16;

    /// The answer remembered for `word`, if there is one.
    pub fn get(&self, word: &str) -> Option<Option<usize>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).get(word).copied()
    }

    /// Remember the answer for `word`.
    pub fn put(&self, word: &str, found: Option<usize>) {
        let mut memo = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if memo.len() < Self::MAX {
            memo.insert(word.into(), found);
        }
    }
}

impl Clone for Suggestions {
    fn clone(&self) -> Self {
        Suggestions::default()
    }
}

/// A table of named entries with exact and digit-pattern names.
#[derive(Debug, Clone)]
pub struct Table<T> {
    /// In insertion order; a replaced entry keeps its place.
    entries: Vec<Entry<T>>,
    /// Folded exact names to entries. A fixed seed: the keys come from the data files and imtacfg.toml, never from the
    /// configuration being checked, and a look-up hashes the name several bytes at a time.
    exact: HashMap<Cow<'static, str>, usize, foldhash::fast::FixedState>,
    /// Entries with `#` in their name, tried in this order, each with its first byte in
    /// upper case (`#` when it starts with digits): most names are ruled out by that byte
    /// without reading the pattern.
    patterns: Vec<(u8, usize)>,
    case: Case,
    /// Reads a built-in row; the data files are checked by the tests, so this does not
    /// fail in practice.
    read: fn(&Row<'static>) -> Result<T, String>,
    suggestions: Suggestions,
    /// Which contents the table has: new at every change, kept by a clone. A position
    /// remembered with it needs no name check while the table is unchanged.
    version: u32,
}

/// The next [`Table`] version: a process-wide counter, so that two tables built apart never
/// share one (it takes one per table built and one per entry added later: 2^32 of those
/// before it comes round again).
fn next_version() -> u32 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl<T> Table<T> {
    /// A table of built-in rows, read when first looked up.
    fn rows(
        rows: Vec<Row<'static>>,
        case: Case,
        read: fn(&Row<'static>) -> Result<T, String>,
    ) -> Self {
        let mut t = Table {
            entries: Vec::with_capacity(rows.len()),
            exact: HashMap::with_capacity_and_hasher(rows.len(), Default::default()),
            patterns: Vec::new(),
            case,
            read,
            suggestions: Suggestions::default(),
            version: next_version(),
        };
        for row in rows {
            t.put(Entry {
                pattern: row.name.contains('#'),
                name: Cow::Borrowed(row.name),
                row: Some(row),
                value: OnceLock::new(),
            });
        }
        t
    }

    /// Add (or replace) an entry: the table's contents change.
    fn insert(&mut self, entry: Entry<T>) {
        self.version = next_version();
        self.put(entry);
    }

    /// [`Table::insert`] without a new version (a table being built has its own).
    fn put(&mut self, entry: Entry<T>) {
        self.suggestions = Suggestions::default();
        let next = self.entries.len();
        if entry.pattern {
            let first = entry.name.as_bytes().first().map_or(b'#', u8::to_ascii_uppercase);
            let same = self.patterns.iter().position(|&(_, i)| self.entries[i].name == entry.name);
            match same.map(|p| self.patterns.remove(p)) {
                Some((_, i)) => {
                    self.entries[i] = entry;
                    self.patterns.push((first, i));
                }
                None => {
                    self.entries.push(entry);
                    self.patterns.push((first, next));
                }
            }
            return;
        }
        let key = match &entry.name {
            Cow::Borrowed(n) => self.case.fold(n),
            Cow::Owned(n) => Cow::Owned(self.case.fold(n).into_owned()),
        };
        match self.exact.entry(key) {
            hash_map::Entry::Occupied(o) => self.entries[*o.get()] = entry,
            hash_map::Entry::Vacant(v) => {
                v.insert(next);
                self.entries.push(entry);
            }
        }
    }

    fn get(&self, i: usize) -> &T {
        let e = &self.entries[i];
        e.value.get_or_init(|| {
            let row = e.row.as_ref().expect("an added entry has its value");
            let value = (self.read)(row);
            Box::new(value.unwrap_or_else(|m| panic!("built-in knowledge data: {m}")))
        })
    }

    /// Look up a name already folded to the table's case.
    pub fn get_folded(&self, folded: &str) -> Option<&T> {
        self.position_folded(folded).map(|i| self.get(i))
    }

    /// Where [`Table::get_folded`] finds a name: a position for [`Table::at`].
    pub fn position_folded(&self, folded: &str) -> Option<usize> {
        if let Some(&i) = self.exact.get(folded) {
            return Some(i);
        }
        let first = folded.as_bytes().first().map_or(0, u8::to_ascii_uppercase);
        self.patterns
            .iter()
            .filter(|&&(f, _)| f == first || f == b'#')
            .find(|&&(_, i)| pattern_matches(&self.entries[i].name, folded))
            .map(|&(_, i)| i)
    }

    /// The table's contents version (see [`Table::at`]).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The entry at a position [`Table::position_folded`] gave when the table had contents
    /// `version`, if it still has them: a look-up that neither hashes nor reads the name
    /// again, for callers that remember positions (the model's keywords, which the lint
    /// rules ask for several times each). `None` once the table has changed.
    pub fn at(&self, version: u32, i: usize) -> Option<&T> {
        (version == self.version && i < self.entries.len()).then(|| self.get(i))
    }

    /// All names (patterns written with `#`), in the order they were added.
    pub fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.entries.iter().map(|e| &*e.name)
    }

    /// The "did you mean" answers found so far against [`Table::names`].
    pub fn suggestions(&self) -> &Suggestions {
        &self.suggestions
    }

    /// How many entries the table has (patterns count once).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no entry at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Does `name` match `pattern`, where `#` stands for one or more digits and `#?` for zero
/// or more? Both are compared as written (callers fold case first).
pub fn pattern_matches(pattern: &str, name: &str) -> bool {
    let p = pattern.as_bytes();
    let n = name.as_bytes();
    fn go(p: &[u8], n: &[u8]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some(b'#') => {
                let (optional, rest) =
                    if p.get(1) == Some(&b'?') { (true, &p[2..]) } else { (false, &p[1..]) };
                let digits = n.iter().take_while(|b| b.is_ascii_digit()).count();
                let min = if optional { 0 } else { 1 };
                (min..=digits).rev().any(|k| go(rest, &n[k..]))
            }
            Some(&c) => {
                n.first().is_some_and(|&d| d.eq_ignore_ascii_case(&c)) && go(&p[1..], &n[1..])
            }
        }
    }
    go(p, n)
}

/// Every catalog, ready for lookups.
///
/// The tables are shared: cloning a catalog is cheap, and a table is copied only when
/// entries are added to it.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Channel keywords of imta.cnf, looked up in lower case.
    pub keywords: Arc<Table<KeywordInfo>>,
    /// option.dat options, looked up in upper case.
    pub options: Arc<Table<OptionInfo>>,
    /// Options of `<channel>_option` files.
    pub channel_options: Arc<Table<OptionInfo>>,
    /// imta_tailor settings.
    pub tailor: Arc<Table<OptionInfo>>,
    /// dispatcher.cnf options.
    pub dispatcher: Arc<Table<ServiceOptionInfo>>,
    /// job_controller.cnf options.
    pub job_controller: Arc<Table<ServiceOptionInfo>>,
}

impl Default for Catalog {
    fn default() -> Self {
        Self::builtin()
    }
}

fn plain(o: AnyOption) -> Result<OptionInfo, String> {
    match o {
        AnyOption::Option(o) => Ok(o),
        AnyOption::Service(o) => Err(format!("{} is a service option", o.name)),
    }
}

fn service(o: AnyOption) -> Result<ServiceOptionInfo, String> {
    match o {
        AnyOption::Service(o) => Ok(o),
        AnyOption::Option(o) => Err(format!("{} is not a service option", o.name)),
    }
}

fn option_rows(file: DataFile) -> Vec<Row<'static>> {
    let mut rows = data::rows(file);
    rows.retain(|r| r.array == "option");
    rows
}

fn add<T: Clone>(table: &mut Arc<Table<T>>, name: String, info: T) {
    Arc::make_mut(table).insert(Entry {
        pattern: name.contains('#'),
        name: Cow::Owned(name),
        row: None,
        value: OnceLock::from(Box::new(info)),
    });
}

impl Catalog {
    /// The catalogs shipped with imtacfg, indexed once per process.
    pub fn builtin() -> Catalog {
        static BUILTIN: LazyLock<Catalog> = LazyLock::new(Catalog::from_data);
        BUILTIN.clone()
    }

    /// The built-in catalog with a keyword table of `keywords` only, in that order (tests
    /// of positions remembered from another catalog).
    #[cfg(test)]
    pub(crate) fn with_keywords(keywords: Vec<KeywordInfo>) -> Catalog {
        let mut c = Catalog::builtin();
        c.keywords = Arc::new(Table::rows(Vec::new(), Case::Lower, data::keyword));
        for k in keywords {
            c.add_keyword(k);
        }
        c
    }

    /// Index the data files afresh ([`Catalog::builtin`] does this once per process).
    /// Rows are read on first lookup.
    pub fn from_data() -> Catalog {
        let mut keywords = data::rows(DataFile::Keywords);
        keywords.retain(|r| r.array == "keyword");
        Catalog {
            keywords: Arc::new(Table::rows(keywords, Case::Lower, data::keyword)),
            options: Arc::new(Table::rows(option_rows(DataFile::Options), Case::Upper, |r| {
                data::option(r, FileName::OptionDat).and_then(plain)
            })),
            channel_options: Arc::new(Table::rows(
                option_rows(DataFile::ChannelOptions),
                Case::Upper,
                |r| data::option(r, FileName::Channel).and_then(plain),
            )),
            tailor: Arc::new(Table::rows(option_rows(DataFile::Tailor), Case::Upper, |r| {
                data::option(r, FileName::Tailor).and_then(plain)
            })),
            dispatcher: Arc::new(Table::rows(
                option_rows(DataFile::Dispatcher),
                Case::Upper,
                |r| data::option(r, FileName::Dispatcher).and_then(service),
            )),
            job_controller: Arc::new(Table::rows(
                option_rows(DataFile::JobController),
                Case::Upper,
                |r| data::option(r, FileName::JobController).and_then(service),
            )),
        }
    }

    /// Add a channel keyword (a site keyword, or one from a newer product version).
    pub fn add_keyword(&mut self, info: KeywordInfo) {
        add(&mut self.keywords, info.name.clone(), info);
    }

    /// Add an option to the table of its file.
    pub fn add_option(&mut self, info: OptionInfo) {
        let table = match info.file {
            OptionFile::OptionDat => &mut self.options,
            OptionFile::ChannelOption => &mut self.channel_options,
            OptionFile::Tailor => &mut self.tailor,
        };
        add(table, info.name.clone(), info);
    }

    /// Add a dispatcher or job controller option.
    pub fn add_service_option(&mut self, info: ServiceOptionInfo) {
        let table = match info.file {
            ServiceFile::Dispatcher => &mut self.dispatcher,
            ServiceFile::JobController => &mut self.job_controller,
        };
        add(table, info.name.clone(), info);
    }

    /// The options a file of the option family reads: option.dat's for `kind` `Option` (and
    /// any kind outside the family), the channel option files', or imta_tailor's.
    pub fn option_table(&self, kind: crate::syntax::Kind) -> &Table<OptionInfo> {
        use crate::syntax::Kind;
        match kind {
            Kind::ChannelOption => &self.channel_options,
            Kind::Tailor => &self.tailor,
            _ => &self.options,
        }
    }

    /// The options of a sectioned file: job_controller.cnf's for `JobController`,
    /// dispatcher.cnf's for any other kind.
    pub fn section_table(&self, kind: crate::syntax::Kind) -> &Table<ServiceOptionInfo> {
        match kind {
            crate::syntax::Kind::JobController => &self.job_controller,
            _ => &self.dispatcher,
        }
    }

    /// A channel keyword by name, any case.
    pub fn keyword(&self, name: &str) -> Option<&KeywordInfo> {
        self.keyword_entry(name).map(|(_, k)| k)
    }

    /// [`Catalog::keyword`] with the entry's position in `keywords` (see [`Table::at`]).
    pub fn keyword_entry(&self, name: &str) -> Option<(usize, &KeywordInfo)> {
        self.keyword_position(name).map(|i| (i, self.keywords.get(i)))
    }

    fn keyword_position(&self, name: &str) -> Option<usize> {
        // Keywords are short; fold on the stack to keep this hot lookup allocation-free.
        let mut buf = [0u8; 64];
        if name.len() <= buf.len() {
            let folded = &mut buf[..name.len()];
            folded.copy_from_slice(name.as_bytes());
            folded.make_ascii_lowercase();
            if let Ok(folded) = std::str::from_utf8(folded) {
                return self.keywords.position_folded(folded);
            }
        }
        self.keywords.position_folded(&name.to_ascii_lowercase())
    }
}

/// The Dispatcher DEBUG bit table.
pub fn debug_bits() -> &'static [DebugBit] {
    data::debug_bits()
}

/// The mail.log entry codes.
pub fn log_entry_codes() -> &'static [LogEntryCode] {
    data::log_codes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full memo keeps what it has: the first words are still answered after more than
    /// it holds have been put.
    #[test]
    fn a_full_memo_keeps_its_first_words() {
        let memo = Suggestions::default();
        for i in 0..=Suggestions::MAX {
            memo.put(&format!("word{i}"), Some(i));
        }
        assert_eq!(memo.get("word0"), Some(Some(0)));
        assert_eq!(
            memo.get(&format!("word{}", Suggestions::MAX - 1)),
            Some(Some(Suggestions::MAX - 1))
        );
        assert_eq!(memo.get(&format!("word{}", Suggestions::MAX)), None);
    }

    #[test]
    fn digit_patterns() {
        assert!(pattern_matches("destinationspamfilter#optin", "destinationspamfilter12optin"));
        assert!(!pattern_matches("destinationspamfilter#optin", "destinationspamfilteroptin"));
        assert!(pattern_matches("SPAMFILTER#?_LIBRARY", "SPAMFILTER_LIBRARY"));
        assert!(pattern_matches("SPAMFILTER#?_LIBRARY", "SPAMFILTER3_LIBRARY"));
        assert!(!pattern_matches("SPAMFILTER#?_LIBRARY", "SPAMFILTERX_LIBRARY"));
    }

    /// The first-byte filter of the pattern look-up finds what trying every pattern in
    /// order finds, for names each pattern matches and near misses.
    #[test]
    fn pattern_lookup_agrees_with_trying_every_pattern() {
        fn check<T>(t: &Table<T>, fold: fn(&str) -> String) {
            let mut tried = 0;
            for e in t.entries.iter().filter(|e| e.pattern) {
                let name = e.name.replace("#?", "").replace('#', "42");
                for n in [name.clone(), format!("7{name}"), name[1..].to_string(), String::new()] {
                    let n = fold(&n);
                    let scan = t.patterns.iter().map(|&(_, i)| i).find(|&i| {
                        !t.exact.contains_key(n.as_str()) && pattern_matches(&t.entries[i].name, &n)
                    });
                    if !t.exact.contains_key(n.as_str()) {
                        assert_eq!(t.position_folded(&n), scan, "{n}");
                        tried += usize::from(scan.is_some());
                    }
                }
            }
            assert!(t.patterns.is_empty() || tried > 0);
        }
        let c = Catalog::builtin();
        check(&c.keywords, |n| n.to_ascii_lowercase());
        check(&c.options, |n| n.to_ascii_uppercase());
        check(&c.channel_options, |n| n.to_ascii_uppercase());
    }

    #[test]
    fn builtin_lookups_ignore_case() {
        let c = Catalog::builtin();
        assert!(c.keyword("LOGGING").is_some());
        assert!(c.keyword("nologging").is_some());
        assert!(c.keyword("destinationspamfilter2optin").is_some());
        assert!(c.options.get_folded("LOG_CONNECTION").is_some());
        assert!(c.keyword("no-such-keyword").is_none());
    }

    #[test]
    fn user_entries_extend_the_builtin_ones() {
        let mut c = Catalog::builtin();
        assert!(c.keyword("sitekeyword").is_none());
        c.add_keyword(KeywordInfo {
            name: "sitekeyword".into(),
            arity: Arity::One { ty: ArgType::Int },
            group: None,
            is_default: false,
            summary: "a site keyword".into(),
            provenance: unverified("imtacfg.toml"),
        });
        assert_eq!(c.keyword("SiteKeyword").unwrap().arity, Arity::One { ty: ArgType::Int });
        assert!(Catalog::builtin().keyword("sitekeyword").is_none());
    }
}
