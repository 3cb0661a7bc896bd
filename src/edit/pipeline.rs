//! Applying a plan: patch the texts, re-parse, re-lint, refuse edits that add errors.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::{EditError, Plan, apply};
use crate::knowledge::Catalog;
use crate::lint::{Diagnostic, Severity};
use crate::model::Span;
use crate::model::config_set::{ConfigFile, ConfigSet, Document};
use crate::model::reparse;
use crate::source::{Encoding, SourceFile, encode};

/// One file the plan changes (or creates).
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Where the file is written: the path it was read from with symbolic links resolved,
    /// or the path of a new file.
    pub path: PathBuf,
    /// The file's name as shown in messages and diffs.
    pub name: String,
    /// The encoding the new text is written in (a new file is UTF-8).
    pub encoding: Encoding,
    /// The bytes read (`None`: the file is new).
    pub old_bytes: Option<Vec<u8>>,
    /// The decoded old text (`None`: the file is new).
    pub old_text: Option<String>,
    /// The text after the edit.
    pub new_text: String,
    /// The new text encoded in `encoding`, ready to be written.
    pub new_bytes: Vec<u8>,
    /// Where the edits fall (see [`super::places`]): the diff of a large change is made
    /// around them. Empty for a new file.
    pub places: Vec<(Span, Span)>,
}

/// A finding the edit would add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedError {
    /// Name of the file the finding is in, as shown in messages.
    pub file: String,
    /// Line of the finding in the edited text, from 1.
    pub line: usize,
    /// The rule's code (`IMTA106`).
    pub code: &'static str,
    /// The finding's severity after the settings and the evidence are applied.
    pub severity: Severity,
    /// What the finding says, as the lint report would show it.
    pub message: String,
}

/// Why a plan was refused.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// The plan could not be applied: patches that overlap or fall outside the text, a
    /// character the file's encoding cannot hold, or a new text the grammar cannot read.
    Invalid(EditError),
    /// The new text would not mean what was asked (see [`super::verify`]).
    Unfaithful(Vec<String>),
    /// The new text has error-level findings the old one did not have.
    AddsErrors(Vec<AddedError>),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Invalid(e) => write!(f, "{e}"),
            Refusal::Unfaithful(problems) => {
                writeln!(
                    f,
                    "the edit would not do what was asked, so nothing was changed (this is a bug in imtacfg; please report it with the file):"
                )?;
                for p in problems {
                    writeln!(f, "  {p}")?;
                }
                Ok(())
            }
            Refusal::AddsErrors(errs) => {
                writeln!(
                    f,
                    "the edit would add {} error(s); nothing was changed (use --force to override):",
                    errs.len()
                )?;
                for e in errs {
                    writeln!(f, "  {}:{}: {} {}", e.file, e.line, e.code, e.message)?;
                }
                Ok(())
            }
        }
    }
}

/// The checked result of a plan.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Files whose bytes change (files whose new bytes equal the old are left out).
    pub changes: Vec<FileChange>,
    /// Things the user should know about the edit (such as "LOG_FORMAT is set twice;
    /// changed the last one"), taken from the plan.
    pub notes: Vec<String>,
    /// Warnings the edit adds (shown, not refused).
    pub added_warnings: Vec<AddedError>,
    /// The configuration as it would be after the edit (it shares the files the edit
    /// leaves alone with the set it was prepared from).
    pub after: ConfigSet,
}

/// How the gate lints a configuration: the way `lint` would, with the same settings
/// (selection, severities), so that the gate and `lint` agree. A closure over a set is
/// one; the [`Workspace`](crate::Workspace) is one that can also run a subset of rules.
pub trait Linter {
    /// Every finding of the set.
    fn lint(&self, set: &ConfigSet) -> Vec<Diagnostic>;
    /// At least the findings of the rules in `codes` (findings of other rules may come
    /// too); by default all of them.
    fn lint_only(&self, set: &ConfigSet, codes: &HashSet<&'static str>) -> Vec<Diagnostic> {
        let _ = codes;
        self.lint(set)
    }
}

impl<F: Fn(&ConfigSet) -> Vec<Diagnostic>> Linter for F {
    fn lint(&self, set: &ConfigSet) -> Vec<Diagnostic> {
        self(set)
    }
}

/// Apply `plan` to `set` in memory and check the result. With `force`, new errors do not
/// refuse the plan.
///
/// The set after the edit is a copy of `set` that shares the files the plan does not
/// change (they are held by `Arc`): only the changed files are parsed again. The gate
/// lints that whole set, not only the changed files, because rules read across files
/// (channels of imta.cnf against option files, LOG_* options against channel logging,
/// includes, …): a change in one file can add a finding in another.
pub fn prepare(
    set: &ConfigSet,
    plan: &Plan,
    catalog: &Catalog,
    lint: &dyn Linter,
    force: bool,
) -> Result<Prepared, Refusal> {
    let mut after = set.clone();
    let mut changes = Vec::new();
    let mut by_file: HashMap<usize, Vec<&super::Edit>> = HashMap::new();
    let mut seen: HashSet<&super::Edit> = HashSet::with_capacity(plan.edits.len());
    for e in &plan.edits {
        // The same edit planned twice (a block reached through two includes) counts once.
        if seen.insert(e) {
            by_file.entry(e.file.index()).or_default().push(e);
        }
    }
    let mut files: Vec<usize> = by_file.keys().copied().collect();
    files.sort_unstable();
    // Files whose text changes, by index (in `after` as in `set`).
    let mut changed = Vec::new();
    for fi in files {
        let f = &set.files[fi];
        let new_text = apply(&f.source.text, &by_file[&fi]).map_err(Refusal::Invalid)?;
        if new_text == f.source.text {
            continue;
        }
        // The copies and encodings the change carries, and the new text's line index, do
        // not depend on the model: for a large file they are made on a second core while
        // the model is parsed again.
        let copies = || {
            let new_bytes = encode(&new_text, f.source.encoding).map_err(|source| {
                Refusal::Invalid(EditError::Encode { file: f.name().to_string(), source })
            })?;
            let src = SourceFile::from_text(f.name(), new_text.clone(), f.source.encoding);
            Ok((new_bytes, f.source.to_bytes().ok(), f.source.text.clone(), src))
        };
        // Only the blocks the patches touch are parsed again when that is shown to give
        // the whole parse's model (see `model::reparse`); else the whole new text.
        let incremental = || {
            f.imta().and_then(|old| {
                reparse::imta(f.kind, old, &f.source.text, &new_text, &by_file[&fi], catalog)
            })
        };
        let (copied, incremental) = both(new_text.len() >= PARALLEL_FROM, copies, incremental);
        let (new_bytes, old_bytes, old_text, src) = copied?;
        let mut parsed = match incremental {
            Some(m) => ConfigFile {
                path: f.path.clone(),
                real_path: None,
                kind: f.kind,
                source: src,
                doc: Document::Imta(m),
                depth: 0,
            },
            None => ConfigFile::parse(f.path.clone(), f.kind, src, catalog).map_err(|source| {
                Refusal::Invalid(EditError::Parse { file: f.name().to_string(), source })
            })?,
        };
        parsed.depth = f.depth;
        parsed.real_path = f.real_path.clone();
        after.files[fi] = Arc::new(parsed);
        changed.push(fi);
        changes.push(FileChange {
            // Written where it was read from (symbolic links resolved when it was read).
            path: f.real_path.clone().unwrap_or_else(|| f.path.clone()),
            name: f.name().to_string(),
            encoding: f.source.encoding,
            old_bytes,
            old_text: Some(old_text),
            new_text,
            new_bytes,
            places: super::places(&by_file[&fi]),
        });
    }
    for nf in &plan.new_files {
        let src = SourceFile::from_text(nf.name.clone(), nf.text.clone(), Encoding::Utf8);
        let parsed =
            ConfigFile::parse(nf.path.clone(), nf.kind, src, catalog).map_err(|source| {
                Refusal::Invalid(EditError::Parse { file: nf.name.clone(), source })
            })?;
        after.files.push(Arc::new(parsed));
        changes.push(FileChange {
            path: nf.path.clone(),
            name: nf.name.clone(),
            encoding: Encoding::Utf8,
            old_bytes: None,
            old_text: None,
            new_text: nf.text.clone(),
            new_bytes: nf.text.clone().into_bytes(),
            places: Vec::new(),
        });
    }
    // The new files were pushed after the existing ones, in order.
    changed.extend(set.files.len()..after.files.len());
    // The faithfulness check and the re-lint read the same new set: for a large change
    // the check runs on a second core beside the lint. The check's verdict comes first.
    let large = changed.iter().any(|&fi| after.files[fi].source.text.len() >= PARALLEL_FROM);
    let verify = || super::verify::verify(set, &after, &changed, &plan.intents, catalog);
    let relint = || (!changes.is_empty()).then(|| added_findings(set, &after, lint));
    let (verified, added) = both(large, verify, relint);
    verified.map_err(Refusal::Unfaithful)?;
    let mut added_warnings = Vec::new();
    if let Some(added) = added {
        let (errors, warnings): (Vec<_>, Vec<_>) =
            added.into_iter().partition(|a| a.severity == Severity::Error);
        if !force && !errors.is_empty() {
            return Err(Refusal::AddsErrors(errors));
        }
        added_warnings = warnings.into_iter().filter(|w| w.severity == Severity::Warning).collect();
    }
    Ok(Prepared { changes, notes: plan.notes.clone(), added_warnings, after })
}

/// Texts from this size on are worth a second core for the independent steps of an edit.
const PARALLEL_FROM: usize = 1 << 20;

/// `a()` and `b()`, on two threads when `parallel` (`b` on the calling one: it may use
/// what is not `Send`), else in turn.
fn both<A: Send, B>(parallel: bool, a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if !parallel {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|s| {
        let a = s.spawn(a);
        let b = b();
        (a.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), b)
    })
}

/// Findings of `after` that `before` does not have, matched by identity: the rule, the
/// file, and the thing the finding is about (see [`subject`]), counted, so that an edit
/// which changes a finding's wording or line (MIN_PROCS 8 → 5 still above MAX_PROCS, a
/// long line made longer) does not count it as new. `after` is linted first: when it has
/// no error or warning (the only levels the gate reports), the edit cannot have added one
/// and `before` is not linted at all; otherwise `before` is linted only for the rules that
/// found an error or warning in `after` (whole, when one of them is about suppression
/// comments, which depend on every other rule's findings).
fn added_findings(before: &ConfigSet, after: &ConfigSet, lint: &dyn Linter) -> Vec<AddedError> {
    let keys = |set: &ConfigSet, diags: &[Diagnostic]| -> Vec<(String, &'static str, String)> {
        diags
            .iter()
            .map(|d| {
                let f = &set.files[d.file];
                (
                    set.relative_name(d.file),
                    d.code(),
                    subject(&f.source.text, d.span.start as usize, f.kind),
                )
            })
            .collect()
    };
    let new = lint.lint(after);
    let reported = |d: &&Diagnostic| matches!(d.severity, Severity::Error | Severity::Warning);
    let codes: HashSet<&'static str> = new.iter().filter(reported).map(|d| d.code()).collect();
    if codes.is_empty() {
        return Vec::new();
    }
    let whole = codes.iter().any(|c| c.starts_with("CFG"));
    let old = if whole { lint.lint(before) } else { lint.lint_only(before, &codes) };
    let mut old_keys: HashMap<(String, &'static str, String), usize> = HashMap::new();
    for k in keys(before, &old) {
        *old_keys.entry(k).or_insert(0) += 1;
    }
    let new_keys = keys(after, &new);
    let mut added = Vec::new();
    for (d, k) in new.iter().zip(new_keys) {
        match old_keys.get_mut(&k) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                let f = &after.files[d.file];
                added.push(AddedError {
                    file: f.name().to_string(),
                    line: f.source.line_col(d.span.start as usize).line,
                    code: d.code(),
                    severity: d.severity,
                    message: d.message.clone(),
                });
            }
        }
    }
    added
}

/// What a finding at `at` is about, from its logical line (continued physical lines are
/// one line; a blank line counts as the line before it): a section header as a whole
/// (`[SERVICE=SMTP]`), the name of an option or dispatcher setting (`LOG_FORMAT`), else the
/// line's first word (a channel, a rewrite pattern).
fn subject(text: &str, at: usize, kind: crate::syntax::Kind) -> String {
    let is_comment: fn(&str) -> bool = match kind {
        crate::syntax::Kind::Imta | crate::syntax::Kind::ImtaChannels => |l| l.starts_with('!'),
        _ => super::option_comment,
    };
    let mut start = super::line_start(text, at);
    let line = loop {
        while start > 0 && super::joins_previous(text, start, is_comment) {
            start = super::line_start(text, start - 1);
        }
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |p| start + p);
        let line = text[start..end].trim();
        // A blank line (what IMTA101-103 point at) is about the line before it.
        if !line.is_empty() || start == 0 {
            break line;
        }
        start = super::line_start(text, start - 1);
    };
    if line.starts_with('[') {
        return line.to_ascii_uppercase();
    }
    let word_end = line.find(char::is_whitespace).unwrap_or(line.len());
    match line.find('=') {
        Some(eq) if eq <= word_end => line[..eq].trim().to_ascii_uppercase(),
        _ => line[..word_end].to_ascii_lowercase(),
    }
}
