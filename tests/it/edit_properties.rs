//! Properties of the editing library on generated files: after `options::set`,
//! `keywords::add` and `logging::enable` (then `edit::apply`),
//!
//! - every byte outside the edited spans is identical (the prefix before the first span,
//!   the suffix after the last, the text between spans), and the spans lie where the
//!   operation may touch (the setting's lines, the channel's keyword line, a `defaults`
//!   line or a new defaults block, the end of the file);
//! - the result means what was asked (re-parsed: the value is set, the keyword is there
//!   once with its arguments and without rivals, every channel logs), and nothing else
//!   changed meaning (other settings, other keywords, other blocks, comment lines, line
//!   endings);
//! - applying the same operation to the result plans nothing (idempotence).
//!
//! The generated files are built from pieces of real-world shapes: settings with spaces
//! around `=`, mixed-case names, continued values (with `!` comment lines inside),
//! duplicates, comments, blank and whitespace-only lines; channel blocks with random
//! keywords, continued keyword lines (indented or not), comments between the keyword line
//! and the host line, `defaults` / `nodefaults` blocks, commented-out blocks; LF or CRLF,
//! with or without a final newline.
//!
//! Shapes that hit known bugs are kept out of the main properties (a file ending in the
//! middle of a continuation, comment lines between continued keyword lines, continuation
//! lines that an edit would empty) or allowed for (line-limit overruns); the
//! `#[ignore = "bug: …"]` tests at the end show each of them (tests/edit_cli.rs has the
//! command-line reproductions).

use crate::common::{CHANNEL_KEYWORDS, COMMENTED_CHANNEL, eol, finish_text, push_block_separator};
use imtacfg::edit::keywords::{self, BlockRef};
use imtacfg::edit::logging::{self, Channels};
use imtacfg::edit::options::{self, Target};
use imtacfg::edit::{Edit, Plan, apply};
use imtacfg::knowledge::Catalog;
use imtacfg::model::config_set::{ConfigSet, FileId};
use imtacfg::model::imta::BlockKind;
use imtacfg::model::logging::channel_logging;
use imtacfg::source::{Encoding, SourceFile};
use imtacfg::syntax::Kind;
use proptest::prelude::*;
use proptest::strategy::ValueTree;

const CASES: u32 = 128;

/// 128 cases; failures are not written to a regressions file (the minimal input is in
/// the failure message).
fn config() -> ProptestConfig {
    ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------
// Shared checks
// ---------------------------------------------------------------------------------------

fn parse(name: &str, text: &str, kind: Kind) -> ConfigSet {
    ConfigSet::from_source(
        SourceFile::from_text(name, text.to_string(), Encoding::Utf8),
        kind,
        &Catalog::builtin(),
    )
}

/// Apply the plan's edits of file 0 and check that the bytes outside the spans are
/// identical: prefix, suffix and the text between two edits.
fn apply_checked(old: &str, plan: &Plan) -> Result<String, TestCaseError> {
    prop_assert!(plan.new_files.is_empty());
    prop_assert!(plan.edits.iter().all(|e| e.file == FileId(0)));
    let mut sorted: Vec<&Edit> = plan.edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let new = apply(old, &sorted).map_err(|e| TestCaseError::fail(e.to_string()))?;
    if sorted.is_empty() {
        prop_assert_eq!(&new, old);
        return Ok(new);
    }
    let first = sorted[0].span.start as usize;
    let last = sorted.last().unwrap().span.end as usize;
    prop_assert_eq!(&new[..first], &old[..first], "prefix changed");
    let suffix = &old[last..];
    prop_assert!(new.ends_with(suffix), "suffix changed");
    // Walk the edits: between two of them the old text stands unchanged.
    let mut at_old = first;
    let mut at_new = first;
    for e in &sorted {
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        prop_assert!(s >= at_old, "edits overlap");
        let between = &old[at_old..s];
        prop_assert_eq!(&new[at_new..at_new + between.len()], between, "text between edits");
        at_new += between.len();
        prop_assert_eq!(&new[at_new..at_new + e.replacement.len()], e.replacement.as_str());
        at_new += e.replacement.len();
        at_old = t;
    }
    prop_assert_eq!(&new[at_new..], &old[at_old..]);
    Ok(new)
}

/// Comment lines (`!`, `#`, `;` in column 1), without their line ending.
fn comment_lines(text: &str, chars: &[char]) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with(chars))
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

/// Line endings of the new text agree with the old: no bare LF in a CRLF file, no CR in
/// an LF file.
fn endings_kept(old: &str, new: &str) -> Result<(), TestCaseError> {
    let bare_lf = |t: &str| {
        let b = t.as_bytes();
        b.iter().enumerate().any(|(i, &c)| c == b'\n' && (i == 0 || b[i - 1] != b'\r'))
    };
    let crlf = |t: &str| t.contains("\r\n");
    if crlf(old) && !bare_lf(old) {
        prop_assert!(!bare_lf(new), "a bare LF in a CRLF file: {:?}", new);
    }
    if !old.contains('\r') {
        prop_assert!(!new.contains('\r'), "a CR in an LF file: {:?}", new);
    }
    Ok(())
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |p| p + 1)
}

fn after_line(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |p| at + p + 1)
}

// ---------------------------------------------------------------------------------------
// Option files
// ---------------------------------------------------------------------------------------

const NAMES: &[&str] = &[
    "LOG_CONNECTION", "log_connection", "LOG_FORMAT", "Log_Process", "MAX_NOTIFYS",
    "DELIVERY_OPTIONS", "ALIAS_URL0", "filter_debug",
];

#[derive(Debug, Clone)]
enum OptLine {
    Setting {
        name: &'static str,
        before_eq: &'static str,
        after_eq: &'static str,
        /// The value's physical parts: the first on the name's line, the others on
        /// continuation lines.
        parts: Vec<String>,
        indent: &'static str,
        /// A `!` comment line after this many continuation lines.
        inner_comment: Option<usize>,
        trailing: &'static str,
    },
    Comment(String),
    Blank,
    Spaces,
}

fn value_part() -> impl Strategy<Value = String> {
    "[A-Za-z0-9$:/.*#@_,=-]{0,10}"
}

fn opt_line() -> impl Strategy<Value = OptLine> {
    let setting = (
        prop::sample::select(NAMES),
        prop::sample::select(&["", " "][..]),
        prop::sample::select(&["", " "][..]),
        prop::collection::vec(value_part(), 1..4),
        prop::sample::select(&["", "  ", "     "][..]),
        prop::option::of(0usize..3),
        prop::sample::select(&["", "  "][..]),
    )
        .prop_map(|(name, before_eq, after_eq, parts, indent, inner_comment, trailing)| {
            OptLine::Setting { name, before_eq, after_eq, parts, indent, inner_comment, trailing }
        });
    prop_oneof![
        6 => setting,
        2 => "[!#;][ a-zA-Z0-9_=]{0,12}".prop_map(OptLine::Comment),
        1 => Just(OptLine::Blank),
        1 => Just(OptLine::Spaces),
    ]
}

/// Render an option file. Continuation lines are never empty and never start with a
/// comment character (that would cut the value, a separate lint concern).
fn render_options(lines: &[OptLine], eol: &str, final_newline: bool) -> String {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        match l {
            OptLine::Setting {
                name,
                before_eq,
                after_eq,
                parts,
                indent,
                inner_comment,
                trailing,
            } => {
                let mut s = format!("{name}{before_eq}={after_eq}{}", parts[0]);
                for (i, p) in parts.iter().enumerate().skip(1) {
                    s.push('\\');
                    out.push(s);
                    if *inner_comment == Some(i - 1) {
                        out.push("! a note inside the value".into());
                    }
                    s = format!("{indent}x{p}");
                }
                s.push_str(trailing);
                out.push(s);
            }
            OptLine::Comment(c) => out.push(c.clone()),
            OptLine::Blank => out.push(String::new()),
            OptLine::Spaces => out.push("   ".into()),
        }
    }
    finish_text(&out, eol, final_newline)
}

fn option_file() -> impl Strategy<Value = String> {
    (prop::collection::vec(opt_line(), 0..12), eol(), any::<bool>())
        .prop_map(|(lines, eol, fin)| render_options(&lines, eol, fin))
}

fn settings(set: &ConfigSet) -> Vec<(String, String)> {
    set.files[0]
        .options()
        .unwrap()
        .settings
        .iter()
        .map(|s| (s.normalized.clone(), s.value.trim().to_string()))
        .collect()
}

fn check_option_set(old: &str, name: &str, value: &str) -> Result<(), TestCaseError> {
    let set = parse("option.dat", old, Kind::Option);
    let before = settings(&set);
    let upper = name.to_ascii_uppercase();
    let plan =
        options::set(&set, &Target::Existing(FileId(0)), &[(name.to_string(), value.to_string())])
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let new = apply_checked(old, &plan)?;

    // Where the edits are: on the last setting of the name, or appended at the end.
    let model = set.files[0].options().unwrap();
    let last = model.settings.iter().rfind(|s| s.normalized == upper);
    for e in &plan.edits {
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        let ok = match last {
            Some(l) => {
                let end = l.dangling_continuation.map_or(l.span.end, |d| d.end.max(l.span.end));
                s >= line_start(old, l.span.start as usize) && t <= after_line(old, end as usize)
            }
            None => s == old.len() && t == old.len(),
        };
        prop_assert!(ok, "edit {:?} outside the setting", e);
    }

    // What it means now.
    let after = parse("option.dat", &new, Kind::Option);
    let now = settings(&after);
    let others = |v: &[(String, String)]| -> Vec<(String, String)> {
        v.iter().filter(|(n, _)| *n != upper).cloned().collect()
    };
    prop_assert_eq!(others(&before), others(&now), "other settings changed");
    let count = |v: &[(String, String)]| v.iter().filter(|(n, _)| *n == upper).count();
    prop_assert_eq!(count(&now), count(&before).max(1));
    let got = now.iter().rev().find(|(n, _)| *n == upper).map(|(_, v)| v.as_str());
    prop_assert_eq!(got, Some(value.trim()));
    prop_assert_eq!(
        comment_lines(old, &['!', '#', ';']),
        comment_lines(&new, &['!', '#', ';']),
        "comment lines changed"
    );
    endings_kept(old, &new)?;

    // Again: nothing to do.
    let again = options::set(
        &after,
        &Target::Existing(FileId(0)),
        &[(name.to_string(), value.to_string())],
    )
    .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(again.edits.is_empty(), "not idempotent: {:?}", again.edits);
    Ok(())
}

// ---------------------------------------------------------------------------------------
// imta.cnf
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Blk {
    Defaults(Vec<&'static str>),
    Nodefaults,
    Channel(Channel),
    Commented,
}

/// A generated channel block (its name comes from its place).
#[derive(Debug, Clone)]
struct Channel {
    keywords: Vec<&'static str>,
    /// Continue the keyword line after these keyword positions.
    breaks: Vec<usize>,
    indent: &'static str,
    comment_before: bool,
    comment_before_host: bool,
    trailing: &'static str,
    /// A very long keyword line (over the 252-character limit once edited).
    long: bool,
}

fn blk() -> impl Strategy<Value = Blk> {
    let kws = prop::collection::vec(prop::sample::select(CHANNEL_KEYWORDS), 0..6);
    let channel = (
        kws.clone(),
        prop::collection::vec(0usize..6, 0..3),
        prop::sample::select(&["", "  ", "    "][..]),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(&["", "  "][..]),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(keywords, breaks, indent, comment_before, comment_before_host, trailing, long)| {
                Blk::Channel(Channel {
                    keywords,
                    breaks,
                    indent,
                    comment_before,
                    comment_before_host,
                    trailing,
                    long,
                })
            },
        );
    prop_oneof![
        2 => kws.prop_map(Blk::Defaults),
        1 => Just(Blk::Nodefaults),
        6 => channel,
        1 => Just(Blk::Commented),
    ]
}

impl Channel {
    /// The block's lines: the keyword line (continued at the breaks), then `tcp_N-daemon`.
    fn render(&self, n: usize, out: &mut Vec<String>) {
        if self.comment_before {
            out.push(format!("! channel {n}"));
        }
        // The physical lines of the keyword line: the name, then the keywords,
        // a new line at each break.
        let mut phys: Vec<Vec<String>> = vec![vec![format!("tcp_{n}")]];
        if self.long {
            phys[0].extend(std::iter::repeat_n("subdirs 20".to_string(), 21));
        }
        for (j, w) in self.keywords.iter().enumerate() {
            if self.breaks.contains(&j) {
                phys.push(Vec::new());
            }
            phys.last_mut().unwrap().push(w.to_string());
        }
        // Two shapes hit known bugs: a continuation line emptied of all its words
        // (`a_continuation_line_emptied_of_all_its_words`) and the last two
        // continuation lines both emptied (`keywords_alone_on_the_last_two_lines`).
        // A keyword no operation here removes keeps those lines non-empty.
        let last = phys.len() - 1;
        for i in 1..phys.len() {
            let next_single = i + 1 == last && phys[last].len() == 1;
            if phys[i].len() > 1 || (phys[i].len() == 1 && next_single) {
                phys[i].push("maytlsserver".into());
            }
        }
        let mut s = phys[0].join(" ");
        for p in &phys[1..] {
            s.push_str(" \\");
            out.push(s);
            s = format!("{}{}", self.indent, p.join(" "));
        }
        s.push_str(self.trailing);
        out.push(s);
        if self.comment_before_host {
            out.push("! the host line follows".into());
        }
        out.push(format!("tcp_{n}-daemon"));
    }
}

/// An imta.cnf: a comment, two rules, the separating line, then the blocks. Channels are
/// called `tcp_0`, `tcp_1`, … in order.
fn render_imta(
    blocks: &[Blk],
    eol: &str,
    final_newline: bool,
    break_spaces: bool,
    seps: &[bool],
) -> String {
    let mut out: Vec<String> = vec![
        "! generated".into(),
        ".example.net   $U%$D@tcp_0-daemon".into(),
        "example.net    $U@l".into(),
        if break_spaces { "  ".into() } else { String::new() },
    ];
    let mut n = 0;
    for (i, b) in blocks.iter().enumerate() {
        push_block_separator(&mut out, seps, i);
        match b {
            Blk::Defaults(k) => {
                let mut s = "defaults".to_string();
                for w in k {
                    s.push(' ');
                    s.push_str(w);
                }
                out.push(s);
            }
            Blk::Nodefaults => out.push("nodefaults".into()),
            Blk::Commented => out.extend(COMMENTED_CHANNEL.map(String::from)),
            Blk::Channel(c) => {
                c.render(n, &mut out);
                n += 1;
            }
        }
    }
    // Never empty: every block is at least one line.
    finish_text(&out, eol, final_newline)
}

fn imta_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(blk(), 1..8),
        eol(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(prop::bool::weighted(0.2), 8),
    )
        .prop_map(|(b, eol, fin, sp, seps)| render_imta(&b, eol, fin, sp, &seps))
}

/// Every block as (kind, name, keyword texts, host names), for comparing meanings.
type BlockView = (String, String, Vec<String>, Vec<String>);

fn blocks(set: &ConfigSet) -> Vec<BlockView> {
    let f = &set.files[0];
    let text = &f.source.text;
    f.imta()
        .unwrap()
        .blocks
        .iter()
        .map(|b| {
            (
                format!("{:?}", b.kind),
                b.name(text).unwrap_or_default().to_string(),
                b.head
                    .as_ref()
                    .map(|h| h.keywords.iter().map(|k| keyword_text(text, k)).collect())
                    .unwrap_or_default(),
                b.hosts
                    .iter()
                    .flat_map(|h| h.names.iter().map(|n| n.text(text).to_string()))
                    .collect(),
            )
        })
        .collect()
}

/// A keyword and its arguments, single-spaced.
fn keyword_text(text: &str, k: &imtacfg::model::imta::Keyword) -> String {
    std::iter::once(k.name.text(text))
        .chain(k.args.iter().map(|a| a.text(text)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn blank_lines(text: &str) -> usize {
    text.split('\n').filter(|l| l.trim().is_empty()).count()
}

fn check_keyword_add(old: &str, channel: usize, kw: &str) -> Result<(), TestCaseError> {
    let catalog = Catalog::builtin();
    let set = parse("imta.cnf", old, Kind::Imta);
    let name = format!("tcp_{channel}");
    let found = keywords::find_channel(&set, &name);
    if found.is_empty() {
        return Ok(());
    }
    prop_assert_eq!(found.len(), 1);
    let at: BlockRef = found[0];
    let mut words = kw.split(' ');
    let kw_name = words.next().unwrap();
    let args: Vec<String> = words.map(str::to_string).collect();
    let plan = keywords::add(&set, &catalog, at, kw_name, &args);
    let new = apply_checked(old, &plan)?;

    // The edits lie on the channel's keyword line.
    let head = set.files[0].imta().unwrap().blocks[at.block].head.clone().unwrap();
    for e in &plan.edits {
        prop_assert!(
            e.span.start as usize >= line_start(old, head.span.start as usize)
                && e.span.end as usize <= after_line(old, head.span.end as usize),
            "edit {:?} outside the keyword line of {}",
            e,
            name
        );
    }

    // Meaning: the keyword once with its arguments, no rival left, the other keywords as
    // they were; the other blocks unchanged.
    let after = parse("imta.cnf", &new, Kind::Imta);
    let (b0, b1) = (blocks(&set), blocks(&after));
    prop_assert_eq!(b0.len(), b1.len(), "block count changed: {:?}", new);
    let group = catalog.keyword(kw_name).and_then(|k| k.group.as_deref());
    let rival_or_same = |w: &str| {
        let n = w.split(' ').next().unwrap();
        n.eq_ignore_ascii_case(kw_name)
            || (group.is_some() && catalog.keyword(n).and_then(|k| k.group.as_deref()) == group)
    };
    for (i, (x, y)) in b0.iter().zip(&b1).enumerate() {
        if i != at.block {
            prop_assert_eq!(x, y, "another block changed");
            continue;
        }
        prop_assert_eq!(&x.1, &y.1);
        prop_assert_eq!(&x.3, &y.3, "host lines changed");
        let keep = |v: &[String]| -> Vec<String> {
            v.iter().filter(|w| !rival_or_same(w)).cloned().collect()
        };
        prop_assert_eq!(keep(&x.2), keep(&y.2), "other keywords changed");
        let mine: Vec<&String> = y.2.iter().filter(|w| rival_or_same(w)).collect();
        prop_assert_eq!(mine.len(), 1, "{:?}", y.2);
        prop_assert_eq!(mine[0].as_str(), kw);
    }
    prop_assert_eq!(comment_lines(old, &['!']), comment_lines(&new, &['!']));
    prop_assert_eq!(blank_lines(old), blank_lines(&new), "blank lines changed");
    prop_assert_eq!(old.ends_with('\n'), new.ends_with('\n'));
    endings_kept(old, &new)?;
    // An appended keyword keeps physical lines within the limit unless they were over it
    // already. Known bugs are allowed for (`the_line_limit_counts_everything`): trailing
    // blanks are not counted, the ` \` that starts a continuation may push a line by two
    // characters, and a keyword replaced in place by a longer one is not checked at all.
    let longest = |t: &str| t.lines().map(|l| l.trim_end().len()).max();
    let appends_only = plan.edits.iter().all(|e| e.span.is_empty());
    if appends_only && longest(old).unwrap_or(0) <= keywords::MAX_LINE {
        prop_assert!(longest(&new).unwrap_or(0) <= keywords::MAX_LINE + 2, "{:?}", new);
    }

    let again = keywords::add(&after, &catalog, at, kw_name, &args);
    prop_assert!(again.edits.is_empty(), "not idempotent: {:?}", again.edits);
    Ok(())
}

fn check_logging_enable(old: &str, per_channel: bool) -> Result<(), TestCaseError> {
    let catalog = Catalog::builtin();
    let set = parse("imta.cnf", old, Kind::Imta);
    let plan = logging::enable(&set, &catalog, &Channels::All, per_channel)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let new = apply_checked(old, &plan)?;

    // Edits: on defaults or channel keyword lines, or a new block right after the line
    // that ends the rules or after a nodefaults line.
    let m = set.files[0].imta().unwrap();
    let mut allowed: Vec<(usize, usize)> = m
        .blocks
        .iter()
        .filter_map(|b| b.head.as_ref().map(|h| (b.kind, h)))
        .filter(|(k, _)| matches!(k, BlockKind::Defaults | BlockKind::Channel))
        .map(|(_, h)| {
            (line_start(old, h.span.start as usize), after_line(old, h.span.end as usize))
        })
        .collect();
    let mut insert_points: Vec<usize> = m
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Nodefaults)
        .map(|b| after_line(old, b.span.end as usize))
        .collect();
    if let Some(brk) = &m.section_break {
        insert_points.push(brk.span.end as usize);
    }
    allowed.extend(insert_points.iter().map(|&p| (p, p)));
    for e in &plan.edits {
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        prop_assert!(
            allowed.iter().any(|&(a, b)| a <= s && t <= b),
            "edit {:?} outside keyword lines and insertion points",
            e
        );
        if s == t && insert_points.contains(&s) && !e.replacement.trim().is_empty() {
            prop_assert_eq!(e.replacement.trim(), "defaults logging");
        }
    }

    // Every channel logs now; nothing but logging keywords and new defaults blocks.
    let after = parse("imta.cnf", &new, Kind::Imta);
    for c in channel_logging(&after) {
        prop_assert!(c.logging, "{} does not log: {:?}", c.name, new);
    }
    let skip = |w: &String| {
        let n = w.split(' ').next().unwrap();
        n.eq_ignore_ascii_case("logging") || n.eq_ignore_ascii_case("nologging")
    };
    let strip = |v: Vec<BlockView>| -> Vec<BlockView> {
        v.into_iter()
            .filter(|b| !(b.0 == "Defaults" && b.2.iter().all(skip)))
            .map(|(k, n, kws, h)| (k, n, kws.into_iter().filter(|w| !skip(w)).collect(), h))
            .collect()
    };
    let (b0, b1) = (blocks(&set), blocks(&after));
    prop_assert_eq!(strip(b0.clone()), strip(b1.clone()), "more than logging changed");
    let added = b1.len() - b0.len();
    prop_assert_eq!(
        blank_lines(&new),
        blank_lines(old) + added,
        "one blank line per new defaults block"
    );
    prop_assert_eq!(comment_lines(old, &['!']), comment_lines(&new, &['!']));
    prop_assert_eq!(old.ends_with('\n'), new.ends_with('\n'));
    endings_kept(old, &new)?;

    let again = logging::enable(&after, &catalog, &Channels::All, per_channel)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(again.edits.is_empty(), "not idempotent: {:?}", again.edits);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn option_set_touches_only_the_setting(
        text in option_file(),
        name in prop::sample::select(NAMES),
        value in "[A-Za-z0-9$:/._=-]{1,12}",
    ) {
        check_option_set(&text, name, &value)?;
    }

    #[test]
    fn keyword_add_touches_only_the_channel_line(
        text in imta_file(),
        channel in 0usize..4,
        kw in prop::sample::select(CHANNEL_KEYWORDS),
    ) {
        check_keyword_add(&text, channel, kw)?;
    }

    #[test]
    fn logging_enable_all_makes_every_channel_log(
        text in imta_file(),
        per_channel in any::<bool>(),
    ) {
        check_logging_enable(&text, per_channel)?;
    }
}

/// Random non-overlapping edits of a random text (positions on character boundaries;
/// empty spans insert, several insertions may share a place), in a random order.
fn text_and_edits() -> impl Strategy<Value = (String, Vec<Edit>)> {
    (
        prop::collection::vec(
            prop::sample::select(&['a', 'b', ' ', '\n', '\r', 'é', '€'][..]),
            0..60,
        ),
        prop::collection::vec((0usize..61, 0usize..4, "[xé\n]{0,3}"), 0..12),
    )
        .prop_flat_map(|(chars, picks)| {
            let text: String = chars.iter().collect();
            // Character boundaries, so that every span is a valid range of the text.
            let bounds: Vec<usize> =
                text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
            // Each pick is a start boundary and a length in boundaries; the starts are
            // sorted and each edit begins where the previous one ended, or later.
            let mut picks = picks;
            picks.sort_by_key(|p| p.0);
            let mut edits = Vec::new();
            let mut at = 0;
            for (start, len, replacement) in picks {
                let s = (start % bounds.len()).max(at);
                let e = (s + len).min(bounds.len() - 1);
                edits.push(Edit {
                    file: FileId(0),
                    span: imtacfg::model::Span::new(bounds[s], bounds[e]),
                    replacement,
                });
                at = e;
            }
            (Just(text), Just(edits).prop_shuffle())
        })
}

/// The reference: sort the edits by span (stably), then replace each span from the back
/// to the front of the text, so that the offsets of the ones not yet applied stay valid.
fn apply_one_by_one(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = text.to_string();
    for e in sorted.iter().rev() {
        out.replace_range(e.span.range(), &e.replacement);
    }
    out
}

proptest! {
    #![proptest_config(config())]

    /// `apply` builds the new text in one pass; it gives what replacing the spans one by
    /// one from the back gives, for any non-overlapping edits in any order.
    #[test]
    fn apply_in_one_pass_equals_one_by_one_from_the_back((text, edits) in text_and_edits()) {
        let refs: Vec<&Edit> = edits.iter().collect();
        prop_assert_eq!(apply(&text, &refs).unwrap(), apply_one_by_one(&text, &edits));
    }
}

// ---------------------------------------------------------------------------------------
// Known bugs: the same properties on the shapes the main ones leave out
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// A file that ends in the middle of a continuation (`…,\` and no newline).
    #[test]
    fn option_set_after_a_dangling_continuation(
        text in option_file(),
        name in prop::sample::select(NAMES),
        value in "[A-Za-z0-9$:/._=-]{1,12}",
    ) {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut t = text.clone();
        if !t.is_empty() && !t.ends_with('\n') {
            t.push_str(eol);
        }
        t.push_str("DANGLING=a,\\");
        check_option_set(&t, name, &value)?;
    }

    /// Comment lines between the continued keyword lines of a channel: adding a keyword
    /// that is already on the first line removes its duplicate or rival from the last
    /// continuation line.
    #[test]
    fn keyword_add_with_comments_inside_continued_lines(
        pair in prop::sample::select(&[
            ("logging", "nologging"),
            ("nologging", "logging"),
            ("mx", "nomx"),
            ("single", "single_sys"),
            ("maxjobs 7", "maxjobs 3"),
            ("defragment", "defragment"),
        ][..]),
        eol in eol(),
    ) {
        let (kw, other) = pair;
        let text = format!(
            "r $U@tcp_0-daemon{eol}{eol}tcp_0 smtp {kw} \\{eol}! a note{eol}  {other}{eol}tcp_0-daemon{eol}"
        );
        check_keyword_add(&text, 0, kw)?;
    }
}

/// Removing the first word of an indented continuation line also removes the line's
/// indentation (`    remotehost inner \` becomes ` inner \`).
#[test]
fn removing_the_first_word_of_a_continuation_line_keeps_its_indentation() {
    let text = "r $U@tcp_local-daemon\n\ntcp_local smtp mx \\\n    remotehost inner \\\n  maxjobs 7\ntcp_local-daemon\n";
    let set = parse("imta.cnf", text, Kind::Imta);
    let at = keywords::find_channel(&set, "tcp_local")[0];
    let plan = keywords::remove_all(&set, at, "remotehost");
    let new = apply(text, &plan.edits.iter().collect::<Vec<_>>()).unwrap();
    assert_eq!(
        new,
        "r $U@tcp_local-daemon\n\ntcp_local smtp mx \\\n    inner \\\n  maxjobs 7\ntcp_local-daemon\n"
    );
}

/// The 252-character limit counts every character of a physical line, but the editor
/// (a) does not count the blanks after the last word when it decides whether a keyword
/// fits, (b) when it does not fit, appends ` \` to a line that may already be 251 or
/// 252 characters long, and (c) replaces a rival keyword in place by a longer one without
/// checking the limit.
#[test]
fn the_line_limit_counts_everything() {
    let catalog = Catalog::builtin();
    let add = |line: &str, kw: &str| -> String {
        let text = format!("r $U@tcp_2-daemon\n\n{line}\ntcp_2-daemon\n");
        let set = parse("imta.cnf", &text, Kind::Imta);
        let at = keywords::find_channel(&set, "tcp_2")[0];
        let plan = keywords::add(&set, &catalog, at, kw, &[]);
        apply(&text, &plan.edits.iter().collect::<Vec<_>>()).unwrap()
    };
    let base = format!("tcp_2{}", " subdirs 20".repeat(21));
    // (a) 244 characters and two trailing blanks; ` logging` fits only without them.
    let new = add(&format!("{base} mx smtp  "), "logging");
    let longest = new.lines().map(str::len).max().unwrap();
    assert!(longest <= keywords::MAX_LINE, "(a) {longest}: {new:?}");
    // (b) 251 characters; ` defragment` does not fit, and neither does ` \`.
    let line = format!("{base} nologging nomx");
    assert_eq!(line.len(), 251);
    let new = add(&line, "defragment");
    let longest = new.lines().map(str::len).max().unwrap();
    assert!(longest <= keywords::MAX_LINE, "(b) {longest}: {new:?}");
    // (c) 251 characters; `single` becomes `single_sys` where it stands.
    let line = format!("{base} logging single");
    assert_eq!(line.len(), 251);
    let new = add(&line, "single_sys");
    let longest = new.lines().map(str::len).max().unwrap();
    assert!(longest <= keywords::MAX_LINE, "(c) {longest}: {new:?}");
}

/// Removing two keywords that are the only words of a continuation line leaves an empty
/// line, which ends the channel block: the host line becomes a block of its own. (The CLI
/// refuses the edit: `logging enable --all` fails with IMTA103.)
#[test]
fn a_continuation_line_emptied_of_all_its_words() {
    let text = "r $U@tcp_0-daemon\n\ntcp_0 smtp logging \\\n  nologging logging\ntcp_0-daemon\n";
    let set = parse("imta.cnf", text, Kind::Imta);
    let at = keywords::find_channel(&set, "tcp_0")[0];
    let plan = keywords::add(&set, &Catalog::builtin(), at, "logging", &[]);
    let new = apply(text, &plan.edits.iter().collect::<Vec<_>>()).unwrap();
    assert_eq!(new, "r $U@tcp_0-daemon\n\ntcp_0 smtp logging\ntcp_0-daemon\n");
}

/// A keyword alone on each of the last two continuation lines: removing both plans two
/// overlapping edits, and every command on that channel fails with "internal error".
#[test]
fn keywords_alone_on_the_last_two_lines() {
    let text =
        "r $U@tcp_0-daemon\n\ntcp_0 smtp logging \\\n  logging \\\n  logging\ntcp_0-daemon\n";
    let set = parse("imta.cnf", text, Kind::Imta);
    let at = keywords::find_channel(&set, "tcp_0")[0];
    let plan = keywords::remove_all(&set, at, "logging");
    let new = apply(text, &plan.edits.iter().collect::<Vec<_>>()).unwrap();
    assert_eq!(new, "r $U@tcp_0-daemon\n\ntcp_0 smtp\ntcp_0-daemon\n");
}

/// The main generators do produce the shapes they claim to (a guard against generators
/// that silently stop covering the messy cases).
#[test]
fn generators_cover_the_messy_shapes() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut cont, mut crlf, mut no_final, mut inner) = (0, 0, 0, 0);
    for _ in 0..200 {
        let t = option_file().new_tree(&mut runner).unwrap().current();
        cont += usize::from(t.contains("\\\n") || t.contains("\\\r\n"));
        crlf += usize::from(t.contains("\r\n"));
        no_final += usize::from(!t.is_empty() && !t.ends_with('\n'));
        inner += usize::from(t.contains("! a note inside the value"));
    }
    assert!(
        cont > 20 && crlf > 20 && no_final > 20 && inner > 5,
        "{cont} {crlf} {no_final} {inner}"
    );
    let (mut nodef, mut cont, mut long, mut logging_kw) = (0, 0, 0, 0);
    for _ in 0..200 {
        let t = imta_file().new_tree(&mut runner).unwrap().current();
        nodef += usize::from(t.contains("\nnodefaults"));
        cont += usize::from(t.contains(" \\\n") || t.contains(" \\\r\n"));
        long += usize::from(t.lines().any(|l| l.len() > 200));
        logging_kw += usize::from(t.contains("nologging"));
    }
    assert!(
        nodef > 20 && cont > 20 && long > 5 && logging_kw > 20,
        "{nodef} {cont} {long} {logging_kw}"
    );
}
