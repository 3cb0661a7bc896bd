//! Adding, replacing and removing channel keywords on channel (and defaults) lines.
//!
//! Keywords are added after the line's last word; when that would make the physical line
//! longer than the limit, the keyword goes on a new continuation line (` \` and an
//! indented line). Continuation lines and comment lines inside the block are respected.

use super::{EditError, Plan, err, line_ending, line_start};
use crate::knowledge::{Arity, Catalog};
use crate::model::Span;
use crate::model::config_set::ConfigSet;
use crate::model::imta::{BlockKind, ChannelLine, Keyword};
use crate::syntax::Kind;

/// The product's physical line limit, kept by edits.
pub const MAX_LINE: usize = 252;

/// Where a channel (or defaults/nodefaults block) is: file and block index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockRef {
    pub file: usize,
    pub block: usize,
}

/// Every channel block with this name (exact first, then case-insensitive).
pub fn find_channel(set: &ConfigSet, name: &str) -> Vec<BlockRef> {
    let mut exact = Vec::new();
    let mut folded = Vec::new();
    for (fi, f) in set.files.iter().enumerate() {
        if !matches!(f.kind, Kind::Imta | Kind::ImtaChannels) {
            continue;
        }
        let Some(m) = f.imta() else { continue };
        for (bi, b) in m.blocks.iter().enumerate() {
            if b.kind != BlockKind::Channel {
                continue;
            }
            match b.name(&f.source.text) {
                Some(n) if n == name => exact.push(BlockRef {
                    file: fi,
                    block: bi,
                }),
                Some(n) if n.eq_ignore_ascii_case(name) => folded.push(BlockRef {
                    file: fi,
                    block: bi,
                }),
                _ => {}
            }
        }
    }
    if exact.is_empty() { folded } else { exact }
}

/// The end of the last word of a channel line.
fn last_word_end(head: &ChannelLine) -> usize {
    head.keywords
        .iter()
        .map(|k| k.span().end)
        .chain(std::iter::once(head.name.end))
        .max()
        .unwrap_or(head.name.end) as usize
}

/// The edit that appends `kw` (keyword and arguments) to a channel line.
pub fn append(text: &str, head: &ChannelLine, kw: &str) -> (Span, String) {
    let at = last_word_end(head);
    let start = line_start(text, at);
    let line_len = text[start..at].chars().count();
    if line_len + 1 + kw.chars().count() > MAX_LINE {
        let eol = line_ending(text);
        (Span::new(at, at), format!(" \\{eol}  {kw}"))
    } else {
        (Span::new(at, at), format!(" {kw}"))
    }
}

/// Is `kw` the only word on its physical line, and which line is it?
fn alone_on_line(head: &ChannelLine, kw: &Keyword) -> Option<usize> {
    let span = kw.span();
    let idx = head
        .physical_lines
        .iter()
        .position(|l| l.start <= span.start && span.end <= l.end)?;
    let line = head.physical_lines[idx];
    let others = head
        .keywords
        .iter()
        .filter(|k| k.name != kw.name)
        .map(|k| k.span())
        .chain(std::iter::once(head.name))
        .any(|s| s.start >= line.start && s.end <= line.end);
    (!others).then_some(idx)
}

/// The edit that removes a keyword (with its arguments and the blanks before it).
pub fn remove(text: &str, head: &ChannelLine, kw: &Keyword) -> (Span, String) {
    let span = kw.span();
    if let Some(idx) = alone_on_line(head, kw)
        && idx > 0
    {
        let line = head.physical_lines[idx];
        if idx + 1 < head.physical_lines.len() {
            // A middle continuation line: drop the whole line; the `\` above now continues
            // onto the line below.
            let start = line_start(text, line.start as usize);
            let end = super::after_line(text, line.end as usize);
            return (Span::new(start, end), String::new());
        }
        // The last continuation line: drop it and the ` \` that announced it.
        let prev = head.physical_lines[idx - 1];
        let prev_text = prev.text(text);
        let keep = prev_text
            .trim_end_matches([' ', '\t'])
            .strip_suffix('\\')
            .unwrap_or(prev_text)
            .trim_end_matches([' ', '\t'])
            .len();
        return (
            Span::new(prev.start as usize + keep, line.end as usize),
            String::new(),
        );
    }
    let before = &text[..span.start as usize];
    let blanks = before.len() - before.trim_end_matches([' ', '\t']).len();
    (
        Span::new(span.start as usize - blanks, span.end as usize),
        String::new(),
    )
}

/// Check a keyword and its arguments against the catalog.
pub fn check_keyword(
    catalog: &Catalog,
    keyword: &str,
    args: &[String],
    force: bool,
) -> Result<(), EditError> {
    let Some(info) = catalog.keyword(keyword) else {
        if force {
            return Ok(());
        }
        let hint =
            crate::lint::rules::did_you_mean(keyword, catalog.keywords.names().iter().copied())
                .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        return err(format!(
            "`{keyword}` is not a keyword imtacfg knows{hint} (the product would take it for a UNIX group id; use --force to add it anyway)"
        ));
    };
    let n = args.len();
    let ok = match info.arity {
        Arity::Flag => n == 0,
        Arity::One { .. } => n == 1,
        Arity::List { min, max, .. } => (min as usize..=max as usize).contains(&n),
    };
    if !ok {
        let want = match info.arity {
            Arity::Flag => "no argument".to_string(),
            Arity::One { .. } => "exactly one argument".to_string(),
            Arity::List { min, max, .. } => format!("{min} to {max} arguments"),
        };
        return err(format!("`{keyword}` takes {want}, not {n}"));
    }
    Ok(())
}

/// Plan adding `keyword args…` to one channel line: an existing keyword of the same name
/// gets its arguments replaced; a rival of its exclusive group is replaced by it.
pub fn add(
    set: &ConfigSet,
    catalog: &Catalog,
    at: BlockRef,
    keyword: &str,
    args: &[String],
) -> Plan {
    let mut plan = Plan::default();
    let f = &set.files[at.file];
    let text = &f.source.text;
    let Some(head) = f.imta().and_then(|m| m.blocks[at.block].head.as_ref()) else {
        return plan;
    };
    let new_text = std::iter::once(keyword.to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let group = catalog.keyword(keyword).and_then(|k| k.group);
    let same: Vec<&Keyword> = head
        .keywords
        .iter()
        .filter(|k| k.name.text(text).eq_ignore_ascii_case(keyword))
        .collect();
    let rivals: Vec<&Keyword> = head
        .keywords
        .iter()
        .filter(|k| {
            group.is_some()
                && !k.name.text(text).eq_ignore_ascii_case(keyword)
                && catalog.keyword(k.name.text(text)).and_then(|i| i.group) == group
        })
        .collect();
    // Keep the first occurrence (same keyword, else the first rival); remove the rest.
    let keep = same.first().or(rivals.first()).copied();
    match keep {
        Some(k) => {
            let current = k.span().text(text);
            let same_words = current.split_whitespace().collect::<Vec<_>>()
                == new_text.split_whitespace().collect::<Vec<_>>();
            if !same_words {
                plan.push(at.file, k.span(), new_text.clone());
            }
        }
        None => {
            let (span, rep) = append(text, head, &new_text);
            plan.push(at.file, span, rep);
        }
    }
    for k in same.iter().chain(&rivals) {
        if Some(*k) != keep {
            let (span, rep) = remove(text, head, k);
            plan.push(at.file, span, rep);
        }
    }
    plan
}

/// Plan removing every occurrence of `keyword` from one channel line.
pub fn remove_all(set: &ConfigSet, at: BlockRef, keyword: &str) -> Plan {
    let mut plan = Plan::default();
    let f = &set.files[at.file];
    let text = &f.source.text;
    let Some(head) = f.imta().and_then(|m| m.blocks[at.block].head.as_ref()) else {
        return plan;
    };
    for k in head
        .keywords
        .iter()
        .filter(|k| k.name.text(text).eq_ignore_ascii_case(keyword))
    {
        let (span, rep) = remove(text, head, k);
        plan.push(at.file, span, rep);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use crate::source::{Encoding, SourceFile};

    fn run(text: &str, f: impl Fn(&ConfigSet, &Catalog, BlockRef) -> Plan) -> String {
        let catalog = Catalog::builtin();
        let set = ConfigSet::from_source(
            SourceFile::from_text("imta.cnf", text.into(), Encoding::Utf8),
            Kind::Imta,
            &catalog,
        );
        let at = find_channel(&set, "tcp_local")[0];
        let plan = f(&set, &catalog, at);
        apply(text, &plan.edits.iter().collect::<Vec<_>>()).unwrap()
    }

    const BASE: &str =
        "r $U@tcp-daemon\n\ntcp_local smtp nologging \\\n  maxjobs 7  \n! c\ntcp-daemon\n";

    #[test]
    fn rival_is_replaced_and_arguments_updated() {
        assert_eq!(
            run(BASE, |s, c, at| add(s, c, at, "logging", &[])),
            "r $U@tcp-daemon\n\ntcp_local smtp logging \\\n  maxjobs 7  \n! c\ntcp-daemon\n"
        );
        assert_eq!(
            run(BASE, |s, c, at| add(s, c, at, "maxjobs", &["2".into()])),
            "r $U@tcp-daemon\n\ntcp_local smtp nologging \\\n  maxjobs 2  \n! c\ntcp-daemon\n"
        );
        assert_eq!(
            run(BASE, |s, c, at| add(s, c, at, "single_sys", &[])),
            "r $U@tcp-daemon\n\ntcp_local smtp nologging \\\n  maxjobs 7 single_sys  \n! c\ntcp-daemon\n"
        );
    }

    #[test]
    fn removing_the_only_word_of_the_last_continuation_line() {
        assert_eq!(
            run(BASE, |s, _, at| remove_all(s, at, "maxjobs")),
            "r $U@tcp-daemon\n\ntcp_local smtp nologging\n! c\ntcp-daemon\n"
        );
        assert_eq!(
            run(BASE, |s, _, at| remove_all(s, at, "nologging")),
            "r $U@tcp-daemon\n\ntcp_local smtp \\\n  maxjobs 7  \n! c\ntcp-daemon\n"
        );
    }

    #[test]
    fn long_lines_are_continued() {
        let long = format!(
            "r $U@tcp-daemon\n\ntcp_local {}\ntcp-daemon\n",
            "mx ".repeat(82).trim_end()
        );
        let out = run(&long, |s, c, at| add(s, c, at, "logging", &[]));
        assert!(out.contains(" mx \\\n  logging\ntcp-daemon"), "{out}");
    }

    #[test]
    fn catalog_checks() {
        let c = Catalog::builtin();
        assert!(check_keyword(&c, "logging", &[], false).is_ok());
        assert!(check_keyword(&c, "maxjobs", &[], false).is_err());
        assert!(check_keyword(&c, "logginng", &[], false).is_err());
        assert!(check_keyword(&c, "logginng", &[], true).is_ok());
    }
}
