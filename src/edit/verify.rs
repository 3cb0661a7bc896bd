//! The last line of defence of every edit: after the patches are applied, the model of the
//! new text must show exactly the change that was asked for, and nothing else.
//!
//! Each plan says what it means to achieve ([`Intent`]s). Every changed file is reduced to
//! what it means ([`Meaning`]: settings per section in order, rewrite rules, each block's
//! keywords with their arguments and its host lines); the intents are applied to the
//! meaning of the old text, and the result must equal the meaning of the new text. A
//! patch that would join a new line to a continued value, make a keyword the argument of
//! another, or swallow a section header fails this check, and the edit is refused whatever
//! the flags: it would not do what was asked.

use std::borrow::Cow;
use std::path::PathBuf;

use crate::knowledge::Catalog;
use crate::lint::keys::lower;
use crate::model::config_set::FileId;
use crate::model::config_set::{ConfigFile, ConfigSet, Document};
use crate::model::imta::{Block, BlockKind, ImtaModel};
use crate::model::logging::channel_logging;

/// Which file an intent is about: one of the set, or one the plan creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRef {
    /// A file of the set, by index into `ConfigSet::files`.
    Existing(FileId),
    /// A file the plan creates at this path (such as a new `<channel>_option` file).
    New(PathBuf),
}

/// What a plan means to achieve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// `name` has `value` in `section` (`None`: an option file, or the globals of a
    /// dispatcher file); the last setting of the name is the one edited, a missing one is
    /// added at the end of the section, a missing section at the end of the file.
    SetOption {
        /// The option or dispatcher-family file the setting goes to.
        file: FileRef,
        /// `(KIND, name)` of the section, upper case as in [`SectionMeaning::header`].
        section: Option<(String, String)>,
        /// Option name, any case (compared in upper case).
        name: String,
        /// The value expected after the edit; surrounding blanks do not count.
        value: String,
    },
    /// No setting of `name` is left in `section`.
    UnsetOption {
        /// The file the setting is removed from.
        file: FileRef,
        /// `(KIND, name)` of the section, upper case; `None` for an option file or the globals.
        section: Option<(String, String)>,
        /// Option name, any case.
        name: String,
    },
    /// The block's keyword line holds `keyword args…` once, and no rival of its group.
    AddKeyword {
        /// Index of the imta.cnf (or included file) in the set.
        file: FileId,
        /// Index of the channel block in that file's `ImtaModel::blocks`.
        block: usize,
        /// The keyword, any case (compared in lower case).
        keyword: String,
        /// The keyword's arguments as they are to be written.
        args: Vec<String>,
    },
    /// The block's keyword line holds no `keyword`.
    RemoveKeyword {
        /// Index of the imta.cnf (or included file) in the set.
        file: FileId,
        /// Index of the channel block in that file's `ImtaModel::blocks`.
        block: usize,
        /// The keyword, any case.
        keyword: String,
    },
    /// The named channels (all when `None`) log (`on`) or do not; every other channel
    /// logs as before; nothing but `logging` / `nologging` keywords (and `defaults` blocks
    /// holding only them) changes.
    Logging {
        /// Names of the channels to switch, any case; `None` for every channel.
        channels: Option<Vec<String>>,
        /// `true` for `logging`, `false` for `nologging`.
        on: bool,
        /// Channels whose logging is not checked (the plan leaves them alone on purpose).
        unchecked: Vec<String>,
    },
    /// The file is changed by lint fixes (`lint --fix`). With `keeps_meaning` (only safe
    /// fixes change it) the file must mean what it meant, up to what safe fixes remove:
    /// an earlier setting that a later one of the same name and value repeats, a keyword
    /// written twice alike (see [`without_repeats`]). Otherwise (unsafe fixes: a name
    /// corrected, a value changed) the meaning is not compared; the re-lint gate checks
    /// the result (no error added), and the fix tests check that each fix removes its
    /// finding.
    Fix {
        /// Index of the file in the set.
        file: FileId,
        /// Only safe fixes change the file.
        keeps_meaning: bool,
    },
}

/// What one file means, for comparing two versions of it.
///
/// The words are of type `S`: owned `String`s for callers ([`meaning`]), and words borrowed
/// from the file's text where the edit gate compares two versions, so that checking an edit
/// of a large file does not allocate a string per keyword and host name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning<S = String> {
    /// An option file or a dispatcher-family file.
    Options {
        /// The globals first, then every section in file order.
        sections: Vec<SectionMeaning<S>>,
        /// The text of the lines that are not settings, so an edit cannot turn one into a
        /// setting (or the reverse) unnoticed.
        bad_lines: Vec<S>,
    },
    /// An imta.cnf or a file included into it.
    Imta {
        /// `(pattern, template)` of every rewrite rule, in order.
        rules: Vec<(S, Option<S>)>,
        /// Every block of the channel part, in order.
        blocks: Vec<BlockMeaning<S>>,
    },
}

/// The settings of one section in order (the first section holds the globals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionMeaning<S = String> {
    /// `(KIND, name)` upper-case; `None` for the globals.
    pub header: Option<(S, S)>,
    /// `(NAME, value)` in file order: name upper case, value without surrounding blanks.
    pub settings: Vec<(S, S)>,
}

/// One block of the channel part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockMeaning<S = String> {
    /// Channel, `defaults`, `nodefaults` or comments only.
    pub kind: BlockKind,
    /// The channel name as written; `None` for a block of comments only.
    pub name: Option<S>,
    /// `(keyword, args)`, keyword lower-case, sorted (their order does not matter).
    pub keywords: Vec<(S, Vec<S>)>,
    /// The names of each host line, in order.
    pub hosts: Vec<Vec<S>>,
}

/// A meaning whose words borrow from the file's text (or from an intent, owned).
type Borrowed<'t> = Meaning<Cow<'t, str>>;

impl Borrowed<'_> {
    /// The same meaning with every word owned.
    fn into_owned(self) -> Meaning {
        let own = |w: Cow<'_, str>| w.into_owned();
        let all = |ws: Vec<Cow<'_, str>>| ws.into_iter().map(own).collect::<Vec<_>>();
        match self {
            Meaning::Options { sections, bad_lines } => Meaning::Options {
                sections: sections
                    .into_iter()
                    .map(|s| SectionMeaning {
                        header: s.header.map(|(k, n)| (own(k), own(n))),
                        settings: s.settings.into_iter().map(|(n, v)| (own(n), own(v))).collect(),
                    })
                    .collect(),
                bad_lines: all(bad_lines),
            },
            Meaning::Imta { rules, blocks } => Meaning::Imta {
                rules: rules.into_iter().map(|(p, t)| (own(p), t.map(own))).collect(),
                blocks: blocks
                    .into_iter()
                    .map(|b| BlockMeaning {
                        kind: b.kind,
                        name: b.name.map(own),
                        keywords: b.keywords.into_iter().map(|(k, a)| (own(k), all(a))).collect(),
                        hosts: b.hosts.into_iter().map(all).collect(),
                    })
                    .collect(),
            },
        }
    }
}

/// The meaning of a parsed file.
///
/// Takes a `&ConfigFile` or an element of `ConfigSet::files` (an `Arc<ConfigFile>`) alike.
pub fn meaning(f: impl AsRef<ConfigFile>) -> Meaning {
    meaning_skipping(f.as_ref(), &Unchanged::default()).into_owned()
}

/// Rewrite rules and blocks at the two ends of an imta.cnf that an edit left as they were
/// (the same text, and no intent names them): their meaning is the same before and after
/// by construction, so both sides put the same empty placeholder there instead of working
/// it out (a one-line edit of a 60 MB file would otherwise build every keyword twice).
#[derive(Debug, Default, Clone, Copy)]
struct Unchanged {
    /// Rewrite rules at the start and at the end.
    rules: (usize, usize),
    /// Blocks at the start and at the end.
    blocks: (usize, usize),
}

impl Unchanged {
    /// Is item `i` of `n` within the unchanged ends `(head, tail)`?
    fn skips((head, tail): (usize, usize), i: usize, n: usize) -> bool {
        i < head || i + tail >= n
    }

    /// The unchanged ends of `old` and `new`, given the blocks intents name (sorted).
    fn between(old: &ConfigFile, new: &ConfigFile, named: &[usize]) -> Unchanged {
        let (Document::Imta(a), Document::Imta(b)) = (&old.doc, &new.doc) else {
            return Unchanged::default();
        };
        let (ta, tb) = (&old.source.text, &new.source.text);
        let same_rule = |i: usize, j: usize| {
            a.rewrite_rules[i].line.text(ta) == b.rewrite_rules[j].line.text(tb)
        };
        let same_block = |i: usize, j: usize| {
            named.binary_search(&i).is_err()
                && a.blocks[i].span.text(ta) == b.blocks[j].span.text(tb)
        };
        Unchanged {
            rules: ends(a.rewrite_rules.len(), b.rewrite_rules.len(), same_rule),
            blocks: ends(a.blocks.len(), b.blocks.len(), same_block),
        }
    }
}

/// How many items at the start, then at the end, of two lists of `n` and `m` items `same`
/// pairs (the two ends never overlap).
fn ends(n: usize, m: usize, same: impl Fn(usize, usize) -> bool) -> (usize, usize) {
    let most = n.min(m);
    let head = (0..most).take_while(|&i| same(i, i)).count();
    let tail = (0..most - head).take_while(|&k| same(n - 1 - k, m - 1 - k)).count();
    (head, tail)
}

/// [`meaning`], with the unchanged ends left as placeholders.
fn meaning_skipping<'t>(f: &'t ConfigFile, unchanged: &Unchanged) -> Borrowed<'t> {
    let text = &f.source.text;
    let word = |w: &'t str| Cow::Borrowed(w);
    let setting = |s: &'t crate::model::options::OptionSetting| {
        (word(&s.normalized), word(s.value_trimmed()))
    };
    match &f.doc {
        Document::Options(m) => Meaning::Options {
            sections: vec![SectionMeaning {
                header: None,
                settings: m.settings.iter().map(setting).collect(),
            }],
            bad_lines: m.bad_lines.iter().map(|b| word(b.span.text(text))).collect(),
        },
        Document::Dispatcher(m) => {
            let mut sections = vec![SectionMeaning {
                header: None,
                settings: m.globals.iter().map(|&i| setting(&m.settings[i])).collect(),
            }];
            for s in &m.sections {
                sections.push(SectionMeaning {
                    header: Some((word(&s.kind_normalized), word(&s.name_normalized))),
                    settings: s.settings.iter().map(|&i| setting(&m.settings[i])).collect(),
                });
            }
            Meaning::Options {
                sections,
                bad_lines: m.bad_lines.iter().map(|b| word(b.span.text(text))).collect(),
            }
        }
        Document::Imta(m) => Meaning::Imta {
            rules: m
                .rewrite_rules
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    if Unchanged::skips(unchanged.rules, i, m.rewrite_rules.len()) {
                        return (Cow::Borrowed(""), None);
                    }
                    (word(r.pattern.text(text)), r.template.map(|t| word(t.text(text))))
                })
                .collect(),
            blocks: m
                .blocks
                .iter()
                .enumerate()
                .map(|(i, b)| block_meaning(b, text, unchanged, i, m.blocks.len()))
                .collect(),
        },
    }
}

/// The meaning of block `i` of `n`: a placeholder within the unchanged ends.
fn block_meaning<'t>(
    b: &'t Block,
    text: &'t str,
    unchanged: &Unchanged,
    i: usize,
    n: usize,
) -> BlockMeaning<Cow<'t, str>> {
    let mut m = empty_block();
    fill_block_meaning(&mut m, b, text, unchanged, i, n);
    m
}

/// The meaning of a block of comments only (also the placeholder of an unchanged block).
fn empty_block<S>() -> BlockMeaning<S> {
    BlockMeaning { kind: BlockKind::Comments, name: None, keywords: Vec::new(), hosts: Vec::new() }
}

/// [`block_meaning`] written over `m`, reusing its vectors (the block-at-a-time comparison
/// makes one meaning per block of a large file; reusing them saves an allocation per
/// keyword list and host line).
fn fill_block_meaning<'t>(
    m: &mut BlockMeaning<Cow<'t, str>>,
    b: &'t Block,
    text: &'t str,
    unchanged: &Unchanged,
    i: usize,
    n: usize,
) {
    if Unchanged::skips(unchanged.blocks, i, n) {
        *m = empty_block();
        return;
    }
    let word = |w: &'t str| Cow::Borrowed(w);
    m.kind = b.kind;
    m.name = b.name(text).map(word);
    let keywords = b.head.as_ref().map_or(&[][..], |h| &h.keywords[..]);
    m.keywords.truncate(keywords.len());
    for (at, k) in keywords.iter().enumerate() {
        let args = k.args.iter().map(|a| word(a.text(text)));
        match m.keywords.get_mut(at) {
            Some((name, old)) => {
                *name = lower(k.name.text(text));
                old.clear();
                old.extend(args);
            }
            None => m.keywords.push((lower(k.name.text(text)), args.collect())),
        }
    }
    m.keywords.sort();
    m.hosts.truncate(b.hosts.len());
    for (at, h) in b.hosts.iter().enumerate() {
        let names = h.names.iter().map(|n| word(n.text(text)));
        match m.hosts.get_mut(at) {
            Some(old) => {
                old.clear();
                old.extend(names);
            }
            None => m.hosts.push(names.collect()),
        }
    }
}

/// Whether two versions of an imta.cnf mean the same, `intents` (the keyword intents of
/// the file, by block) applied to the old one and, with `strip`, logging left out: the
/// comparison of their [`Meaning`]s, made one block at a time so that no meaning of the
/// whole file is held (a plan for every channel of a large file compares every block).
fn same_imta(
    (old, new): (&ConfigFile, &ConfigFile),
    unchanged: &Unchanged,
    intents: &[(usize, &Intent)],
    strip: bool,
    catalog: &Catalog,
) -> bool {
    let (Document::Imta(a), Document::Imta(b)) = (&old.doc, &new.doc) else {
        return false;
    };
    let (ta, tb) = (old.source.text.as_str(), new.source.text.as_str());
    let rule = |m: &ImtaModel, t, i: usize| {
        if Unchanged::skips(unchanged.rules, i, m.rewrite_rules.len()) {
            return ("", None);
        }
        let r = &m.rewrite_rules[i];
        (r.pattern.text(t), r.template.map(|s| s.text(t)))
    };
    if a.rewrite_rules.len() != b.rewrite_rules.len()
        || (0..a.rewrite_rules.len()).any(|i| rule(a, ta, i) != rule(b, tb, i))
    {
        return false;
    }
    // One meaning of each side at a time, written over the last one; the old side's
    // blocks get their intents (sorted by block) as they are reached.
    let (mut e, mut g) = (Side::new(&a.blocks, ta), Side::new(&b.blocks, tb));
    let mut next = 0;
    loop {
        let have_e = e.advance(unchanged, strip, |m, i| {
            while let Some(&(at, intent)) = intents.get(next)
                && at <= i
            {
                if at == i {
                    apply_block_intent(m, intent, catalog);
                }
                next += 1;
            }
        });
        let have_g = g.advance(unchanged, strip, |_, _| {});
        match (have_e, have_g) {
            (false, false) => return true,
            (true, true) if e.meaning == g.meaning => {}
            _ => return false,
        }
    }
}

/// One version's blocks, walked by [`same_imta`].
struct Side<'t> {
    blocks: &'t [Block],
    text: &'t str,
    /// The next block to read.
    at: usize,
    /// The meaning of the block read last.
    meaning: BlockMeaning<Cow<'t, str>>,
}

impl<'t> Side<'t> {
    fn new(blocks: &'t [Block], text: &'t str) -> Side<'t> {
        Side { blocks, text, at: 0, meaning: empty_block() }
    }

    /// Read the next block that counts (with `strip`, a `defaults` block left empty does
    /// not), `change` applied to its meaning before logging is stripped; false at the end.
    fn advance(
        &mut self,
        unchanged: &Unchanged,
        strip: bool,
        mut change: impl FnMut(&mut BlockMeaning<Cow<'t, str>>, usize),
    ) -> bool {
        while self.at < self.blocks.len() {
            let (i, n) = (self.at, self.blocks.len());
            fill_block_meaning(&mut self.meaning, &self.blocks[i], self.text, unchanged, i, n);
            change(&mut self.meaning, i);
            self.at += 1;
            if strip {
                strip_block_logging(&mut self.meaning);
                if is_empty_defaults(&self.meaning) {
                    continue;
                }
            }
            return true;
        }
        false
    }
}

/// Check `after` (the set with the plan applied; new files at the end, in plan order)
/// against `before` and the intents. `changed` lists the files whose text changed (by
/// index in `after`). Returns what is wrong, in words.
pub fn verify(
    before: &ConfigSet,
    after: &ConfigSet,
    changed: &[usize],
    intents: &[Intent],
    catalog: &Catalog,
) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let index_of = |r: &FileRef| match r {
        FileRef::Existing(i) => Some(i.index()),
        FileRef::New(p) => after.files.iter().rposition(|f| &f.path == p),
    };
    let logging = intents.iter().find_map(|i| match i {
        Intent::Logging { channels, on, unchecked } => {
            Some((channels.clone(), *on, unchecked.clone()))
        }
        _ => None,
    });
    for &fi in changed {
        let fix = intents.iter().find_map(|i| match i {
            Intent::Fix { file, keeps_meaning } if *file == fi.into() => Some(*keeps_meaning),
            _ => None,
        });
        match (fix, before.files.get(fi)) {
            (Some(true), Some(old)) => {
                let name = after.files[fi].name().to_string();
                let whole = Unchanged::default();
                let expected = without_repeats(meaning_skipping(old, &whole));
                let got = without_repeats(meaning_skipping(&after.files[fi], &whole));
                if got != expected {
                    problems.push(describe(&name, &expected, &got));
                }
                continue;
            }
            (Some(_), _) => continue,
            (None, _) => {}
        }
        let name = after.files[fi].name().to_string();
        let mut named: Vec<usize> = intents
            .iter()
            .filter_map(|i| match i {
                Intent::AddKeyword { file, block, .. }
                | Intent::RemoveKeyword { file, block, .. }
                    if *file == fi.into() =>
                {
                    Some(*block)
                }
                _ => None,
            })
            .collect();
        // Sorted for look-ups: a plan for every channel names every block.
        named.sort_unstable();
        let unchanged = before.files.get(fi).map_or_else(Unchanged::default, |old| {
            Unchanged::between(old, &after.files[fi], &named)
        });
        // Two versions of an imta.cnf are compared a block at a time; their meanings are
        // made whole only to say where they part.
        if let Some(old) = before.files.get(fi) {
            let mut keyword_intents: Vec<(usize, &Intent)> = intents
                .iter()
                .filter_map(|i| match i {
                    Intent::AddKeyword { file, block, .. }
                    | Intent::RemoveKeyword { file, block, .. }
                        if *file == fi.into() =>
                    {
                        Some((*block, i))
                    }
                    _ => None,
                })
                .collect();
            // Stable: the intents of one block apply in plan order.
            keyword_intents.sort_by_key(|&(b, _)| b);
            let pair = (old.as_ref(), after.files[fi].as_ref());
            if same_imta(pair, &unchanged, &keyword_intents, logging.is_some(), catalog) {
                continue;
            }
        }
        let old = before.files.get(fi).map(|old| meaning_skipping(old, &unchanged));
        let mut expected = old.unwrap_or_else(|| match after.files[fi].doc {
            Document::Imta(_) => Meaning::Imta { rules: Vec::new(), blocks: Vec::new() },
            _ => Meaning::Options {
                sections: vec![SectionMeaning { header: None, settings: Vec::new() }],
                bad_lines: Vec::new(),
            },
        });
        for intent in intents {
            apply_intent(&mut expected, intent, fi, &index_of, catalog);
        }
        let mut got = meaning_skipping(&after.files[fi], &unchanged);
        if logging.is_some() {
            strip_logging(&mut expected);
            strip_logging(&mut got);
        }
        if got != expected {
            problems.push(describe(&name, &expected, &got));
        }
    }
    if let Some((channels, on, unchecked)) = logging {
        let old: Vec<(String, bool)> =
            channel_logging(before).into_iter().map(|c| (c.name, c.logging)).collect();
        let new: Vec<(String, bool)> =
            channel_logging(after).into_iter().map(|c| (c.name, c.logging)).collect();
        if old.len() != new.len() {
            problems.push(format!(
                "the configuration would have {} channels instead of {}",
                new.len(),
                old.len()
            ));
        }
        for ((name, was), (_, is)) in old.iter().zip(&new) {
            if unchecked.contains(name) {
                continue;
            }
            let targeted =
                channels.as_ref().is_none_or(|c| c.iter().any(|n| n.eq_ignore_ascii_case(name)));
            let want = if targeted { on } else { *was };
            if *is != want {
                problems.push(format!("channel {name} would {}log", if *is { "" } else { "not " }));
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

fn apply_intent(
    m: &mut Borrowed<'_>,
    intent: &Intent,
    fi: usize,
    index_of: &dyn Fn(&FileRef) -> Option<usize>,
    catalog: &Catalog,
) {
    match (intent, m) {
        (Intent::SetOption { file, section, name, value }, Meaning::Options { sections, .. })
            if index_of(file) == Some(fi) =>
        {
            let name = Cow::Owned(name.to_ascii_uppercase());
            let value = Cow::Owned(value.trim_matches([' ', '\t']).to_string());
            let s = match sections.iter().position(|s| same_header(&s.header, section)) {
                Some(i) => &mut sections[i],
                None => {
                    let header = section.clone().map(|(k, n)| (Cow::Owned(k), Cow::Owned(n)));
                    sections.push(SectionMeaning { header, settings: Vec::new() });
                    sections.last_mut().expect("just pushed")
                }
            };
            match s.settings.iter().rposition(|(n, _)| *n == name) {
                Some(i) => s.settings[i].1 = value,
                None => s.settings.push((name, value)),
            }
        }
        (Intent::UnsetOption { file, section, name }, Meaning::Options { sections, .. })
            if index_of(file) == Some(fi) =>
        {
            let name = name.to_ascii_uppercase();
            if let Some(s) = sections.iter_mut().find(|s| same_header(&s.header, section)) {
                s.settings.retain(|(n, _)| *n != name);
            }
        }
        (
            Intent::AddKeyword { file, block, .. } | Intent::RemoveKeyword { file, block, .. },
            Meaning::Imta { blocks, .. },
        ) if *file == fi.into() => {
            if let Some(b) = blocks.get_mut(*block) {
                apply_block_intent(b, intent, catalog);
            }
        }
        _ => {}
    }
}

/// Apply a keyword intent to the meaning of the block it names.
fn apply_block_intent(b: &mut BlockMeaning<Cow<'_, str>>, intent: &Intent, catalog: &Catalog) {
    match intent {
        Intent::AddKeyword { keyword, args, .. } => {
            let keyword = keyword.to_ascii_lowercase();
            let group = catalog.keyword(&keyword).and_then(|k| k.group.as_deref());
            b.keywords.retain(|(k, _)| {
                *k != keyword
                    && (group.is_none()
                        || catalog.keyword(k).and_then(|i| i.group.as_deref()) != group)
            });
            let owned = |w: &String| Cow::Owned(w.clone());
            if catalog.keyword(&keyword).is_some() {
                b.keywords.push((Cow::Owned(keyword), args.iter().map(owned).collect()));
            } else {
                // Words the catalog does not know stand alone (forced additions).
                b.keywords.push((Cow::Owned(keyword), Vec::new()));
                b.keywords
                    .extend(args.iter().map(|a| (Cow::Owned(a.to_ascii_lowercase()), Vec::new())));
            }
            b.keywords.sort();
        }
        Intent::RemoveKeyword { keyword, .. } => {
            b.keywords.retain(|(k, _)| !k.eq_ignore_ascii_case(keyword));
        }
        _ => {}
    }
}

/// The meaning without what says nothing more: a setting that a later setting of the
/// same section repeats (same name, same value), and a keyword that a block holds twice
/// with the same arguments.
pub fn without_repeats<S: Clone + Ord + std::hash::Hash>(mut m: Meaning<S>) -> Meaning<S> {
    match &mut m {
        Meaning::Options { sections, .. } => {
            for s in sections.iter_mut() {
                // Kept: the last of each repeated setting, in file order (a set of what
                // comes later, walking from the end, so that a long file stays linear).
                let mut later = std::collections::HashSet::new();
                let mut kept: Vec<(S, S)> = Vec::with_capacity(s.settings.len());
                for kv in std::mem::take(&mut s.settings).into_iter().rev() {
                    if later.insert(kv.clone()) {
                        kept.push(kv);
                    }
                }
                kept.reverse();
                s.settings = kept;
            }
        }
        Meaning::Imta { blocks, .. } => {
            for b in blocks.iter_mut() {
                // Sorted already, so repeats are neighbours.
                b.keywords.dedup();
            }
        }
    }
    m
}

/// Whether a meaning's section header is the one an intent names.
fn same_header(
    header: &Option<(Cow<'_, str>, Cow<'_, str>)>,
    named: &Option<(String, String)>,
) -> bool {
    match (header, named) {
        (None, None) => true,
        (Some((k, n)), Some((nk, nn))) => k == nk && n == nn,
        _ => false,
    }
}

/// Forget `logging` / `nologging` and the `defaults` blocks that hold nothing else.
fn strip_logging(m: &mut Borrowed<'_>) {
    if let Meaning::Imta { blocks, .. } = m {
        blocks.iter_mut().for_each(strip_block_logging);
        blocks.retain(|b| !is_empty_defaults(b));
    }
}

/// Forget the block's `logging` / `nologging`.
fn strip_block_logging(b: &mut BlockMeaning<Cow<'_, str>>) {
    b.keywords.retain(|(k, _)| k != "logging" && k != "nologging");
}

/// A `defaults` block with no keyword (left when logging is forgotten).
fn is_empty_defaults<S>(b: &BlockMeaning<S>) -> bool {
    b.kind == BlockKind::Defaults && b.keywords.is_empty()
}

/// Say where two meanings part.
fn describe(file: &str, expected: &Borrowed<'_>, got: &Borrowed<'_>) -> String {
    match (expected, got) {
        (Meaning::Options { sections: e, .. }, Meaning::Options { sections: g, .. }) => {
            for (i, es) in e.iter().enumerate() {
                let section = es
                    .header
                    .as_ref()
                    .map_or("the global options".to_string(), |(k, n)| format!("[{k}={n}]"));
                let Some(gs) = g.get(i) else {
                    return format!("{file}: {section} would be missing");
                };
                if gs.header != es.header {
                    return format!("{file}: {section} would not be where it belongs");
                }
                for (j, (n, v)) in es.settings.iter().enumerate() {
                    match gs.settings.get(j) {
                        Some((gn, gv)) if gn == n && gv == v => {}
                        Some((gn, gv)) if gn == n => {
                            return format!(
                                "{file}: in {section}, {n} would be `{gv}` instead of `{v}`"
                            );
                        }
                        _ => return format!("{file}: in {section}, {n}={v} would be missing"),
                    }
                }
                if gs.settings.len() > es.settings.len() {
                    let (n, v) = &gs.settings[es.settings.len()];
                    return format!("{file}: in {section}, {n}={v} would appear");
                }
            }
            format!("{file}: the sections would differ from what was asked")
        }
        (Meaning::Imta { rules: er, blocks: eb }, Meaning::Imta { rules: gr, blocks: gb }) => {
            if er != gr {
                return format!("{file}: the rewrite rules would change");
            }
            for (i, e) in eb.iter().enumerate() {
                let name =
                    e.name.as_deref().map_or_else(|| format!("block {}", i + 1), str::to_string);
                match gb.get(i) {
                    Some(g) if g.keywords != e.keywords => {
                        let show = |k: &[(Cow<'_, str>, Vec<Cow<'_, str>>)]| {
                            k.iter()
                                .map(|(n, a)| {
                                    std::iter::once(n.as_ref())
                                        .chain(a.iter().map(AsRef::as_ref))
                                        .collect::<Vec<_>>()
                                        .join(" ")
                                })
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        return format!(
                            "{file}: {name} would have the keywords [{}] instead of [{}]",
                            show(&g.keywords),
                            show(&e.keywords)
                        );
                    }
                    Some(g) if g != e => return format!("{file}: {name} would change"),
                    Some(_) => {}
                    None => return format!("{file}: {name} would be missing"),
                }
            }
            format!("{file}: the channel blocks would differ from what was asked")
        }
        _ => format!("{file}: would no longer be the same kind of file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Encoding, SourceFile};
    use crate::syntax::Kind;
    use proptest::prelude::*;

    const KEYWORDS: &[&str] = &["logging", "nologging", "mx", "nomx", "maxjobs 3", "single"];

    /// A block of the channel part: a channel, defaults or nodefaults line with keywords.
    fn block() -> impl Strategy<Value = String> {
        (0usize..5, prop::collection::vec(prop::sample::select(KEYWORDS), 0..4)).prop_map(
            |(head, kws)| {
                let kws = kws.join(" ");
                match head {
                    0 => format!("defaults {kws}\n"),
                    1 => "nodefaults\n".to_string(),
                    n => format!("c{n} {kws}\nc{n}-daemon h{n}\n"),
                }
            },
        )
    }

    fn file(blocks: &[String]) -> ConfigFile {
        let text = format!("r $U@c2-daemon\n\n{}", blocks.join("\n"));
        let src = SourceFile::from_text("imta.cnf", text, Encoding::Utf8);
        ConfigFile::parse("imta.cnf".into(), Kind::Imta, src, &Catalog::builtin()).unwrap()
    }

    fn intent() -> impl Strategy<Value = Intent> {
        (any::<bool>(), 0usize..8, prop::sample::select(KEYWORDS)).prop_map(|(add, block, kw)| {
            let keyword = kw.split(' ').next().unwrap().to_string();
            let file = FileId::from(0usize);
            if add {
                let args = kw.split(' ').skip(1).map(str::to_string).collect();
                Intent::AddKeyword { file, block, keyword, args }
            } else {
                Intent::RemoveKeyword { file, block, keyword }
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Comparing a block at a time says what comparing the whole meanings says.
        #[test]
        fn the_block_at_a_time_comparison_agrees_with_the_whole_meanings(
            old in prop::collection::vec(block(), 1..7),
            changes in prop::collection::vec((0usize..8, block()), 0..3),
            dropped in prop::option::of(0usize..8),
            intents in prop::collection::vec(intent(), 0..4),
            strip in any::<bool>(),
        ) {
            let mut new = old.clone();
            for (at, b) in changes {
                let at = at % new.len();
                new[at] = b;
            }
            if let Some(d) = dropped.filter(|&d| d < new.len() && new.len() > 1) {
                new.remove(d);
            }
            let (old, new) = (file(&old), file(&new));
            let catalog = Catalog::builtin();
            let mut named: Vec<usize> = intents
                .iter()
                .filter_map(|i| match i {
                    Intent::AddKeyword { block, .. } | Intent::RemoveKeyword { block, .. } => {
                        Some(*block)
                    }
                    _ => None,
                })
                .collect();
            named.sort_unstable();
            let unchanged = Unchanged::between(&old, &new, &named);
            let mut expected = meaning_skipping(&old, &unchanged);
            let index_of = |_: &FileRef| Some(0);
            for i in &intents {
                apply_intent(&mut expected, i, 0, &index_of, &catalog);
            }
            let mut got = meaning_skipping(&new, &unchanged);
            if strip {
                strip_logging(&mut expected);
                strip_logging(&mut got);
            }
            let mut by_block: Vec<(usize, &Intent)> = Vec::new();
            for i in &intents {
                if let Intent::AddKeyword { block, .. } | Intent::RemoveKeyword { block, .. } = i {
                    by_block.push((*block, i));
                }
            }
            by_block.sort_by_key(|&(b, _)| b);
            let streamed = same_imta((&old, &new), &unchanged, &by_block, strip, &catalog);
            prop_assert_eq!(streamed, expected == got);
        }
    }
}
