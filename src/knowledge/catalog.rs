//! The catalogs in force: the built-in tables plus whatever a user's settings add.
//!
//! Lookups are case-insensitive. Names containing `#` match digits in that place
//! (`destinationspamfilter#optin`, `SPAMFILTER#?_LIBRARY`).

use std::collections::HashMap;

use super::types::*;
use super::{
    channel_options::CHANNEL_OPTIONS, debug_bits::DEBUG_BITS, dispatcher::DISPATCHER_OPTIONS,
    job_controller::JOB_CONTROLLER_OPTIONS, keywords::KEYWORDS, log_codes::LOG_ENTRY_CODES,
    options::OPTIONS, tailor::TAILOR,
};

/// A table of named entries with exact and digit-pattern names.
#[derive(Debug, Clone)]
pub struct Table<T: 'static> {
    exact: HashMap<String, T>,
    patterns: Vec<(&'static str, T)>,
    /// Every name in insertion order, for "did you mean" and listings.
    names: Vec<&'static str>,
}

impl<T: Copy> Table<T> {
    fn new() -> Self {
        Table {
            exact: HashMap::new(),
            patterns: Vec::new(),
            names: Vec::new(),
        }
    }

    /// Add (or replace) an entry; `fold` maps the name to the table's case.
    fn insert(&mut self, name: &'static str, entry: T, fold: fn(&str) -> String) {
        if name.contains('#') {
            self.patterns.retain(|(n, _)| *n != name);
            self.patterns.push((name, entry));
        } else {
            self.exact.insert(fold(name), entry);
        }
        if !self.names.contains(&name) {
            self.names.push(name);
        }
    }

    /// Look up a name already folded to the table's case.
    pub fn get_folded(&self, folded: &str) -> Option<T> {
        if let Some(e) = self.exact.get(folded) {
            return Some(*e);
        }
        self.patterns
            .iter()
            .find(|(p, _)| pattern_matches(p, folded))
            .map(|(_, e)| *e)
    }

    /// All names (patterns written with `#`).
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.exact.len() + self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
                let (optional, rest) = if p.get(1) == Some(&b'?') {
                    (true, &p[2..])
                } else {
                    (false, &p[1..])
                };
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

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

fn upper(s: &str) -> String {
    s.to_ascii_uppercase()
}

/// Every catalog, ready for lookups.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub keywords: Table<KeywordInfo>,
    pub options: Table<OptionInfo>,
    pub channel_options: Table<OptionInfo>,
    pub tailor: Table<OptionInfo>,
    pub dispatcher: Table<ServiceOptionInfo>,
    pub job_controller: Table<ServiceOptionInfo>,
}

impl Default for Catalog {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Catalog {
    /// The catalogs shipped with imtacfg.
    pub fn builtin() -> Catalog {
        let mut c = Catalog {
            keywords: Table::new(),
            options: Table::new(),
            channel_options: Table::new(),
            tailor: Table::new(),
            dispatcher: Table::new(),
            job_controller: Table::new(),
        };
        for k in KEYWORDS {
            c.keywords.insert(k.name, *k, lower);
        }
        for o in OPTIONS {
            c.options.insert(o.name, *o, upper);
        }
        for o in CHANNEL_OPTIONS {
            c.channel_options.insert(o.name, *o, upper);
        }
        for o in TAILOR {
            c.tailor.insert(o.name, *o, upper);
        }
        for o in DISPATCHER_OPTIONS {
            c.dispatcher.insert(o.name, *o, upper);
        }
        for o in JOB_CONTROLLER_OPTIONS {
            c.job_controller.insert(o.name, *o, upper);
        }
        c
    }

    /// Add a channel keyword (a site keyword, or one from a newer product version).
    pub fn add_keyword(&mut self, info: KeywordInfo) {
        self.keywords.insert(info.name, info, lower);
    }

    /// Add an option to the table of its file.
    pub fn add_option(&mut self, info: OptionInfo) {
        let table = match info.file {
            OptionFile::OptionDat => &mut self.options,
            OptionFile::ChannelOption => &mut self.channel_options,
            OptionFile::Tailor => &mut self.tailor,
        };
        table.insert(info.name, info, upper);
    }

    /// Add a dispatcher or job controller option.
    pub fn add_service_option(&mut self, info: ServiceOptionInfo) {
        let table = match info.file {
            ServiceFile::Dispatcher => &mut self.dispatcher,
            ServiceFile::JobController => &mut self.job_controller,
        };
        table.insert(info.name, info, upper);
    }

    /// A channel keyword by name, any case.
    pub fn keyword(&self, name: &str) -> Option<KeywordInfo> {
        // Keywords are short; fold on the stack to keep this hot lookup allocation-free.
        let mut buf = [0u8; 64];
        if name.len() <= buf.len() {
            let folded = &mut buf[..name.len()];
            folded.copy_from_slice(name.as_bytes());
            folded.make_ascii_lowercase();
            if let Ok(folded) = std::str::from_utf8(folded) {
                return self.keywords.get_folded(folded);
            }
        }
        self.keywords.get_folded(&name.to_ascii_lowercase())
    }
}

/// The Dispatcher DEBUG bit table.
pub fn debug_bits() -> &'static [DebugBit] {
    DEBUG_BITS
}

/// The mail.log entry codes.
pub fn log_entry_codes() -> &'static [LogEntryCode] {
    LOG_ENTRY_CODES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_patterns() {
        assert!(pattern_matches(
            "destinationspamfilter#optin",
            "destinationspamfilter12optin"
        ));
        assert!(!pattern_matches(
            "destinationspamfilter#optin",
            "destinationspamfilteroptin"
        ));
        assert!(pattern_matches(
            "SPAMFILTER#?_LIBRARY",
            "SPAMFILTER_LIBRARY"
        ));
        assert!(pattern_matches(
            "SPAMFILTER#?_LIBRARY",
            "SPAMFILTER3_LIBRARY"
        ));
        assert!(!pattern_matches(
            "SPAMFILTER#?_LIBRARY",
            "SPAMFILTERX_LIBRARY"
        ));
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
            name: "sitekeyword",
            arity: Arity::One { ty: ArgType::Int },
            group: None,
            is_default: false,
            summary: "a site keyword",
            provenance: unverified("imtacfg.toml"),
        });
        assert_eq!(
            c.keyword("SiteKeyword").unwrap().arity,
            Arity::One { ty: ArgType::Int }
        );
    }
}
