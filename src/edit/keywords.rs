//! Adding, replacing and removing channel keywords on channel (and defaults) lines.
//!
//! Keywords are added after the line's last word; when that would make the physical line
//! longer than the limit, the keyword goes on a new continuation line (` \` and an
//! indented line). Continuation lines and comment lines inside the block are respected.

use super::verify::Intent;
use super::{EditError, Plan, err, line_ending, line_start};
use crate::knowledge::{Arity, Catalog};
use crate::model::Span;
use crate::model::config_set::ConfigSet;
use crate::model::config_set::FileId;
use crate::model::imta::{BlockKind, ChannelLine, Keyword};
use crate::syntax::Kind;

/// The product's physical line limit, kept by edits.
pub const MAX_LINE: usize = 252;

/// Where a channel (or defaults/nodefaults block) is: file and block index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockRef {
    /// Index of the imta.cnf (or included channel file) in `ConfigSet::files`.
    pub file: FileId,
    /// Index of the block in that file's `ImtaModel::blocks`.
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
                Some(n) if n == name => exact.push(BlockRef { file: fi.into(), block: bi }),
                Some(n) if n.eq_ignore_ascii_case(name) => {
                    folded.push(BlockRef { file: fi.into(), block: bi })
                }
                _ => {}
            }
        }
    }
    if exact.is_empty() { folded } else { exact }
}

/// The end of the last word of a channel line.
fn last_word_end(head: &ChannelLine, gone: &[&Keyword]) -> usize {
    head.keywords
        .iter()
        .filter(|k| !gone.iter().any(|g| g.name == k.name))
        .map(|k| k.span().end)
        .chain(std::iter::once(head.name.end))
        .max()
        .unwrap_or(head.name.end) as usize
}

/// The length in characters of the physical line holding byte `at` (trailing blanks
/// included, terminator excluded).
fn line_len_at(text: &str, at: usize) -> usize {
    let start = line_start(text, at);
    let end = super::after_line(text, at);
    text[start..end].trim_end_matches(['\r', '\n']).chars().count()
}

/// The edits that append `kw` (keyword and arguments) to a channel line, keeping physical
/// lines within the limit: on the same line when it fits, else after a ` \` on a new
/// indented line; when not even the ` \` fits, the line's last word moves down too.
/// `removed` is how many characters other edits take off that line.
/// `gone` are keywords other edits remove: the new one goes after the last word that stays.
pub fn append(
    text: &str,
    head: &ChannelLine,
    kw: &str,
    removed: usize,
    gone: &[&Keyword],
) -> Vec<(Span, String)> {
    let kept = || head.keywords.iter().filter(|k| !gone.iter().any(|g| g.name == k.name));
    // A keyword still waiting for its argument would take the new keyword as that
    // argument (`pool` + `logging` reads `pool logging`): go before it instead.
    if let Some(last) = kept().max_by_key(|k| k.span().end)
        && last.missing_args > 0
    {
        let at = last.name.start as usize;
        return vec![(Span::new(at, at), format!("{kw} "))];
    }
    let at = last_word_end(head, gone);
    let len = line_len_at(text, at).saturating_sub(removed);
    let eol = line_ending(text);
    if len + 1 + kw.chars().count() <= MAX_LINE {
        return vec![(Span::new(at, at), format!(" {kw}"))];
    }
    let last_word = kept()
        .flat_map(|k| std::iter::once(k.name).chain(k.args.iter().copied()))
        .rfind(|w| w.end as usize == at);
    match last_word {
        // Moving the last word down helps only if the line then fits.
        Some(w) if len + 2 > MAX_LINE && removed == 0 && len < MAX_LINE + w.len() => vec![
            (Span::new(w.start as usize, w.start as usize), format!("\\{eol}  ")),
            (Span::new(at, at), format!(" {kw}")),
        ],
        _ => vec![(Span::new(at, at), format!(" \\{eol}  {kw}"))],
    }
}

/// The edits that remove some keywords (with their arguments) from a channel line.
///
/// Words go with the blanks before them (or, for the first word of a continuation line,
/// the blanks after them, so the line keeps its indentation). A continuation line left
/// without words is deleted whole; when the lines at the end of the logical line are all
/// emptied, the last line that keeps words loses its ` \`. Comment lines between the
/// physical lines are never touched.
pub fn remove_keywords(text: &str, head: &ChannelLine, remove: &[&Keyword]) -> Vec<(Span, String)> {
    if remove.is_empty() {
        // The common case when a keyword is added to every channel: no rival to remove,
        // so no per-line word lists to build.
        return Vec::new();
    }
    // Every word of the line, in order, with whether it goes.
    let mut words: Vec<(Span, bool)> = vec![(head.name, false)];
    for k in &head.keywords {
        let gone = remove.iter().any(|r| r.name == k.name);
        words.push((k.name, gone));
        words.extend(k.args.iter().map(|a| (*a, gone)));
    }
    let line_of = |w: Span| {
        head.physical_lines.iter().position(|l| l.start <= w.start && w.end <= l.end).unwrap_or(0)
    };
    let n = head.physical_lines.len();
    let mut per_line: Vec<Vec<(Span, bool)>> = vec![Vec::new(); n.max(1)];
    for w in words {
        per_line[line_of(w.0)].push(w);
    }
    let last_kept = (0..n).rev().find(|&i| per_line[i].iter().any(|w| !w.1)).unwrap_or(0);
    let mut edits = Vec::new();
    for (i, line_words) in per_line.iter().enumerate() {
        let line = head.physical_lines.get(i).copied().unwrap_or(head.span);
        if !line_words.iter().any(|w| !w.1) {
            if line_words.iter().any(|w| w.1) {
                // Every word of this continuation line goes: the whole line goes.
                let start = line_start(text, line.start as usize);
                let end = super::after_line(text, line.end as usize);
                edits.push((Span::new(start, end), String::new()));
            }
            continue;
        }
        let last_remaining_end =
            line_words.iter().filter(|w| !w.1).map(|w| w.0.end).max().unwrap_or(line.start);
        let tail = i == last_kept && i + 1 < n;
        for (j, &(w, gone)) in line_words.iter().enumerate() {
            if !gone || (tail && w.start > last_remaining_end) {
                continue; // kept, or covered by the tail edit below
            }
            let span = match j.checked_sub(1).map(|p| line_words[p].0) {
                Some(prev) => Span { start: prev.end, end: w.end },
                None => match line_words.get(j + 1) {
                    Some(&(next, false)) => Span { start: w.start, end: next.start },
                    _ => w,
                },
            };
            edits.push((span, String::new()));
        }
        if tail {
            // The lines after this one are gone: so is this line's ` \` (and anything
            // removed after its last remaining word).
            edits.push((Span { start: last_remaining_end, end: line.end }, String::new()));
        }
    }
    edits
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
        let hint = crate::lint::suggest::did_you_mean(keyword, catalog.keywords.names())
            .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        return err(format!(
            "`{keyword}` is not a keyword imtacfg knows{hint} (the product would take it for a UNIX group id; use --force to add it anyway)"
        ));
    };
    if let Some(a) = args.iter().find(|a| a.is_empty() || a.contains(char::is_whitespace)) {
        return err(format!(
            "`{a}` cannot be a keyword argument: arguments are single words without blanks"
        ));
    }
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
    plan.intents.push(Intent::AddKeyword {
        file: at.file,
        block: at.block,
        keyword: keyword.to_string(),
        args: args.to_vec(),
    });
    let f = &set.files[at.file];
    let text = &f.source.text;
    let Some(head) = f.imta().and_then(|m| m.blocks[at.block].head.as_ref()) else {
        return plan;
    };
    let new_text = std::iter::once(keyword.to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let group = catalog.keyword(keyword).and_then(|k| k.group.as_deref());
    let same: Vec<&Keyword> =
        head.keywords.iter().filter(|k| k.name.text(text).eq_ignore_ascii_case(keyword)).collect();
    let rivals: Vec<&Keyword> = head
        .keywords
        .iter()
        .filter(|k| {
            group.is_some()
                && !k.name.text(text).eq_ignore_ascii_case(keyword)
                && k.info(text, catalog).and_then(|i| i.group.as_deref()) == group
        })
        .collect();
    // Keep the first occurrence (same keyword, else the first rival); remove the rest.
    let mut keep = same.first().or(rivals.first()).copied();
    let mut append_new = keep.is_none();
    if let Some(k) = keep {
        let current = k.span().text(text);
        let same_words = current.split_whitespace().collect::<Vec<_>>()
            == new_text.split_whitespace().collect::<Vec<_>>();
        let grown = line_len_at(text, k.name.start as usize) + new_text.chars().count();
        if same_words {
            // Nothing to change for this one.
        } else if grown.saturating_sub(current.chars().count()) <= MAX_LINE
            && !current.contains('\n')
        {
            plan.push(at.file, k.span(), new_text.clone());
        } else {
            // Replacing in place would make the line too long, or would take the lines
            // between its words (comment lines) with it: remove it, append anew.
            keep = None;
            append_new = true;
        }
    }
    let extra: Vec<&Keyword> =
        same.iter().chain(&rivals).copied().filter(|k| Some(*k) != keep).collect();
    if append_new {
        let last_line = head.physical_lines.last().copied().unwrap_or(head.span);
        let removed: usize = extra
            .iter()
            .filter(|k| k.name.start >= last_line.start)
            .map(|k| 1 + k.span().text(text).chars().count())
            .sum();
        for (span, rep) in append(text, head, &new_text, removed, &extra) {
            plan.push(at.file, span, rep);
        }
    }
    for (span, rep) in remove_keywords(text, head, &extra) {
        plan.push(at.file, span, rep);
    }
    plan
}

/// Plan removing every occurrence of `keyword` from one channel line.
pub fn remove_all(set: &ConfigSet, at: BlockRef, keyword: &str) -> Plan {
    let mut plan = Plan::default();
    plan.intents.push(Intent::RemoveKeyword {
        file: at.file,
        block: at.block,
        keyword: keyword.to_string(),
    });
    let f = &set.files[at.file];
    let text = &f.source.text;
    let Some(head) = f.imta().and_then(|m| m.blocks[at.block].head.as_ref()) else {
        return plan;
    };
    let gone: Vec<&Keyword> =
        head.keywords.iter().filter(|k| k.name.text(text).eq_ignore_ascii_case(keyword)).collect();
    for (span, rep) in remove_keywords(text, head, &gone) {
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
        let long =
            format!("r $U@tcp-daemon\n\ntcp_local {}\ntcp-daemon\n", "mx ".repeat(82).trim_end());
        let out = run(&long, |s, c, at| add(s, c, at, "logging", &[]));
        assert!(out.contains(" mx \\\n  logging\ntcp-daemon"), "{out}");
    }

    #[test]
    fn a_keyword_missing_its_argument_does_not_take_the_new_one() {
        let text = "r $U@tcp-daemon\n\ntcp_local smtp pool\ntcp-daemon\n";
        assert_eq!(
            run(text, |s, c, at| add(s, c, at, "logging", &[])),
            "r $U@tcp-daemon\n\ntcp_local smtp logging pool\ntcp-daemon\n"
        );
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
