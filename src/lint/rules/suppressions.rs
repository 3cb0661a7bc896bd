//! Suppression comments, written in each file's own comment syntax (`!` in column 1 works in
//! every file):
//!
//! ```text
//! ! imtacfg: disable-next-line IMTA201 -- site group id, on purpose
//! ! imtacfg: disable OPT103
//! ! imtacfg: enable OPT103
//! ! imtacfg: disable-file X001
//! ```
//!
//! Codes may be given as codes (`IMTA201`), prefixes (`IMTA2`) or rule names, separated by
//! commas or blanks; text after `--` is the reason. A suppression that suppresses nothing,
//! or names no rule, is itself reported.

use crate::lint::keys::FastSet;
use crate::lint::table::{MALFORMED_SUPPRESSION, UNKNOWN_SUPPRESSION_CODE, UNUSED_SUPPRESSION};
use crate::lint::{Diagnostic, RuleInfo};
use crate::model::Span;
use crate::model::config_set::{ConfigFile, ConfigSet, Document};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    NextLine,
    Disable,
    Enable,
    File,
}

#[derive(Debug)]
struct Directive {
    file: usize,
    span: Span,
    line: usize,
    scope: Scope,
    selectors: Vec<String>,
    /// Lines this directive covers (inclusive), filled in after parsing.
    lines: (usize, usize),
    used: bool,
}

/// Every comment line of a file.
fn comments(f: &ConfigFile) -> Vec<Span> {
    let mut v: Vec<Span> = match &f.doc {
        Document::Imta(m) => m
            .rule_comments
            .iter()
            .chain(m.blocks.iter().flat_map(|b| b.comments.iter()))
            .map(|c| c.span)
            .collect(),
        Document::Options(m) => m
            .comments
            .iter()
            .chain(m.settings.iter().flat_map(|s| s.inner_comments.iter()))
            .map(|c| c.span)
            .collect(),
        Document::Dispatcher(m) => m
            .comments
            .iter()
            .chain(m.settings.iter().flat_map(|s| s.inner_comments.iter()))
            .map(|c| c.span)
            .collect(),
    };
    v.sort();
    v
}

/// Parse `imtacfg: …` out of a comment's text; `Err(())` when it says `imtacfg:` but is
/// not a valid directive.
fn parse(comment: &str) -> Option<Result<(Scope, Vec<String>), ()>> {
    let body = comment.get(1..)?.trim_start();
    let rest = body.strip_prefix("imtacfg:")?.trim();
    let rest = rest.split_once("--").map_or(rest, |(d, _)| d).trim();
    let mut words = rest.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty());
    let scope = match words.next() {
        Some("disable-next-line") => Scope::NextLine,
        Some("disable") => Scope::Disable,
        Some("enable") => Scope::Enable,
        Some("disable-file") => Scope::File,
        _ => return Some(Err(())),
    };
    let selectors: Vec<String> = words.map(str::to_string).collect();
    if selectors.is_empty() {
        return Some(Err(()));
    }
    Some(Ok((scope, selectors)))
}

/// Remove suppressed findings and report suppressions that are wrong or unused.
pub fn apply(set: &ConfigSet, known: &[&RuleInfo], diags: &mut Vec<Diagnostic>) {
    let is_known = |s: &str| known.iter().any(|r| r.matches(s));
    let mut directives = Vec::new();
    let mut extra = Vec::new();
    for (fi, f) in set.files.iter().enumerate() {
        let text = &f.source.text;
        let comment_spans = comments(f);
        let last_line = f.source.line_count();
        let mut file_directives: Vec<Directive> = Vec::new();
        for &span in &comment_spans {
            let Some(parsed) = parse(span.text(text)) else {
                continue;
            };
            let line = f.source.line_col(span.start as usize).line;
            let Ok((scope, selectors)) = parsed else {
                extra.push(Diagnostic::new(&MALFORMED_SUPPRESSION, fi, span, "this `imtacfg:` comment is not a directive imtacfg understands")
                    .help("write `imtacfg: disable-next-line CODE`, `disable CODE`, `enable CODE` or `disable-file CODE`"));
                continue;
            };
            for s in &selectors {
                if !is_known(s) {
                    extra.push(
                        Diagnostic::new(
                            &UNKNOWN_SUPPRESSION_CODE,
                            fi,
                            span,
                            format!("no rule is called `{s}`"),
                        )
                        .help("`imtacfg rules` lists every code and name"),
                    );
                }
            }
            file_directives.push(Directive {
                file: fi,
                span,
                line,
                scope,
                selectors,
                lines: (0, 0),
                used: false,
            });
        }
        // Ranges: next-line → the next line that is not a comment; file → everything. Where
        // a disable ends depends on the rule (an `enable` may name only some of its codes,
        // or name them differently): decided per finding below.
        // The lines that hold a comment, only when a next-line directive needs them (a large
        // file has many comments and mostly no directive).
        let comment_lines: FastSet<usize> =
            if file_directives.iter().any(|d| d.scope == Scope::NextLine) {
                comment_spans.iter().map(|s| f.source.line_col(s.start as usize).line).collect()
            } else {
                FastSet::default()
            };
        for d in file_directives.iter_mut() {
            d.lines = match d.scope {
                Scope::NextLine => {
                    let mut n = d.line + 1;
                    while comment_lines.contains(&n) && n <= last_line {
                        n += 1;
                    }
                    (n, n)
                }
                Scope::File => (1, usize::MAX),
                Scope::Disable => (d.line, usize::MAX),
                Scope::Enable => (0, 0),
            };
        }
        directives.extend(file_directives);
    }
    // The directives of each file, so that a finding in a file without any (most of them)
    // costs neither a line number nor a look at the others.
    let mut of_file: Vec<Vec<usize>> = vec![Vec::new(); set.files.len()];
    for (i, dir) in directives.iter().enumerate() {
        of_file[dir.file].push(i);
    }
    diags.retain(|d| {
        let Some(mine) = of_file.get(d.file.index()).filter(|m| !m.is_empty()) else {
            return true;
        };
        let rule = d.rule;
        let line = set.files[d.file].source.line_col(d.span.start as usize).line;
        let matches = |dir: &Directive| dir.selectors.iter().any(|sel| rule.matches(sel));
        // An `enable` for this rule between a `disable` and the finding ends the disable.
        let enables: Vec<usize> = mine
            .iter()
            .map(|&i| &directives[i])
            .filter(|e| e.scope == Scope::Enable && matches(e))
            .map(|e| e.line)
            .collect();
        let mut suppressed = false;
        for &i in mine {
            let dir = &mut directives[i];
            if dir.scope == Scope::Enable || !matches(dir) {
                continue;
            }
            let covers = match dir.scope {
                Scope::Disable => {
                    dir.line <= line && !enables.iter().any(|&e| e > dir.line && e <= line)
                }
                _ => (dir.lines.0..=dir.lines.1).contains(&line),
            };
            if covers {
                dir.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    for dir in &directives {
        if dir.scope != Scope::Enable && !dir.used && dir.selectors.iter().all(|s| is_known(s)) {
            extra.push(
                Diagnostic::new(
                    &UNUSED_SUPPRESSION, dir.file, dir.span, "this suppression suppresses nothing",
                )
                .help("remove it; the finding it was written for is gone"),
            );
        }
    }
    diags.extend(extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_syntax() {
        assert_eq!(
            parse("! imtacfg: disable-next-line IMTA201, X001 -- on purpose"),
            Some(Ok((Scope::NextLine, vec!["IMTA201".into(), "X001".into()])))
        );
        assert_eq!(
            parse("# imtacfg: disable-file OPT"),
            Some(Ok((Scope::File, vec!["OPT".into()])))
        );
        assert_eq!(parse("! imtacfg: disabel X"), Some(Err(())));
        assert_eq!(parse("! imtacfg: disable"), Some(Err(())));
        assert_eq!(parse("! just a comment"), None);
    }
}
