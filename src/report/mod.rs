//! Rendering findings for people and machines. Reporters never parse and never lint:
//! they take the configuration sets and their findings and return text.
//!
//! Layer: uses `lint`, `model`, `source`, `debug_mask` (never `edit`).

pub mod concise;
pub mod documents;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod log_documents;
pub mod sarif;
pub mod snippet;
pub mod uri;

use std::path::PathBuf;

use crate::lint::{Diagnostic, Severity};
use crate::model::Span;
use crate::model::config_set::{ConfigSet, FileId, LoadError};
use crate::source::LineCol;

/// One linted configuration and its findings.
pub struct Linted<'a> {
    /// The configuration set that was read and linted.
    pub set: &'a ConfigSet,
    /// Its findings, in the order the formats print them; `Diagnostic::file` indexes
    /// `set.files`.
    pub diagnostics: &'a [Diagnostic],
    /// The files of the set the report is about (indices into `set.files`); `None` for
    /// all. A file named alone is read with its directory for context, and only it (and
    /// what it includes) is reported on.
    pub scope: Option<&'a [usize]>,
}

impl<'a> Linted<'a> {
    /// A set and its findings, every file reported on.
    pub fn new(set: &'a ConfigSet, diagnostics: &'a [Diagnostic]) -> Linted<'a> {
        Linted { set, diagnostics, scope: None }
    }

    /// The indices of the files reported on, in order.
    pub fn files(&self) -> Vec<usize> {
        match self.scope {
            Some(s) => s.to_vec(),
            None => (0..self.set.files.len()).collect(),
        }
    }

    /// How many files are reported on.
    pub fn file_count(&self) -> usize {
        self.scope.map_or(self.set.files.len(), <[usize]>::len)
    }
}

/// An input that could not be checked (a path that does not exist, a binary file, …):
/// reported with the findings, and it makes the run fail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputError {
    /// The path as the user gave it (or joined to the directory given).
    pub file: String,
    /// The real location of the file, when known: how SARIF names it.
    #[serde(skip)]
    pub path: Option<PathBuf>,
    /// 1-based line, when the error has a place (`null` in JSON otherwise).
    pub line: Option<usize>,
    /// 1-based character column, when the error has a place (`null` in JSON otherwise).
    pub column: Option<usize>,
    /// What went wrong, without the place.
    pub message: String,
    /// For a binary file: the line around its NUL byte, for the human report's snippet.
    #[serde(skip)]
    pub excerpt: Option<crate::source::Excerpt>,
}

impl InputError {
    /// An error about `file` without a place in it.
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            file: file.into(),
            path: None,
            line: None,
            column: None,
            message: message.into(),
            excerpt: None,
        }
    }

    /// An error about `file` whose message may start with its place, `line N, column M: `
    /// (how a binary file is reported): the place is taken out of the message.
    pub fn placed(file: impl Into<String>, message: &str) -> InputError {
        let mut e = InputError::new(file, message);
        if let Some((place, rest)) = message.strip_prefix("line ").and_then(|m| m.split_once(": "))
            && let Some((l, c)) = place.split_once(", column ")
            && let (Ok(l), Ok(c)) = (l.parse::<usize>(), c.parse::<usize>())
        {
            e.line = Some(l);
            e.column = Some(c);
            e.message = rest.to_string();
        }
        e
    }

    /// A file of a configuration that could not be read, placed at the line and column
    /// its error names (a NUL byte's).
    pub fn from_load(e: &LoadError) -> InputError {
        let mut out = InputError::new(e.name.clone(), e.error.to_string());
        out.path = Some(e.path.clone());
        if let Some((line, column)) = e.error.line_col() {
            out.line = Some(line);
            out.column = Some(column);
            out.message = e.error.reason();
        }
        if let crate::model::config_set::FileError::Decode(crate::source::SourceError::Binary {
            excerpt,
            ..
        }) = &e.error
        {
            out.excerpt = Some(excerpt.clone());
        }
        out
    }

    /// `file:line:col` or `file`.
    pub fn place(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

/// Everything one run reports: the linted sets, the inputs that failed, and what the
/// formats need to know about the run.
pub struct Report<'a> {
    /// Each configuration checked, with its findings, in the order given.
    pub linted: &'a [Linted<'a>],
    /// The inputs that could not be checked; any makes the run fail.
    pub errors: &'a [InputError],
    /// Findings left out because a baseline records them.
    pub baseline_hidden: usize,
    /// Findings at or above this level make the run fail (JUnit reports the others as
    /// output of a passing test).
    pub fail_on: Severity,
    /// The directory relative paths are relative to (SARIF's `%SRCROOT%`); `None` leaves
    /// relative paths without a base.
    pub srcroot: Option<PathBuf>,
}

impl<'a> Report<'a> {
    /// A report of these sets, without errors.
    pub fn new(linted: &'a [Linted<'a>]) -> Report<'a> {
        Report {
            linted,
            errors: &[],
            baseline_hidden: 0,
            fail_on: Severity::Warning,
            srcroot: None,
        }
    }

    /// The counts over every linted set (errors of inputs are not counted here).
    pub fn summary(&self) -> Summary {
        Summary::of(self.linted)
    }

    /// Every finding with its set, in order.
    pub fn findings(&self) -> impl Iterator<Item = (&'a Linted<'a>, &'a Diagnostic)> + 'a {
        self.linted.iter().flat_map(|l| l.diagnostics.iter().map(move |d| (l, d)))
    }

    /// The line saying how many findings the baseline hid, when it hid any.
    pub fn baseline_line(&self) -> Option<String> {
        match self.baseline_hidden {
            0 => None,
            1 => Some("1 finding hidden by the baseline".to_string()),
            n => Some(format!("{n} findings hidden by the baseline")),
        }
    }
}

/// Counts for the summary line and the JSON summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
///
/// In the JSON report it is the `summary` object: `{"files", "errors", "warnings",
/// "infos"}`, all counts.
pub struct Summary {
    /// Files reported on (those in scope of each set, includes counted).
    pub files: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

impl Summary {
    /// Count the files and the findings by severity over these sets.
    pub fn of(linted: &[Linted]) -> Summary {
        let mut s = Summary::default();
        for l in linted {
            s.files += l.file_count();
            for d in l.diagnostics {
                match d.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
            }
        }
        s
    }

    /// `2 errors, 1 warning, 0 infos in 7 files`.
    pub fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {}, {} in {}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "infos"),
            plural(self.files, "file", "files")
        )
    }
}

/// The number of findings of each rule, most frequent first (then by code), one rule a
/// line: `     12  IMTA201  unknown-keyword`, then the total.
pub fn statistics(linted: &[Linted]) -> String {
    let mut counts: std::collections::HashMap<&'static str, (usize, &'static str)> =
        std::collections::HashMap::new();
    for l in linted {
        for d in l.diagnostics {
            counts.entry(d.code()).or_insert((0, d.name())).0 += 1;
        }
    }
    let mut rows: Vec<(&str, usize, &str)> =
        counts.into_iter().map(|(c, (n, name))| (c, n, name)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total: usize = rows.iter().map(|r| r.1).sum();
    let width = total.to_string().len();
    let code_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut out = String::from("Findings by rule:\n");
    for (code, n, name) in rows {
        out.push_str(&format!("  {n:>width$}  {code:<code_width$}  {name}\n"));
    }
    out.push_str(&format!("  {total:>width$}  in total\n"));
    out
}

/// The closing lines of the text formats: the summary (with the inputs that could not be
/// checked) and the findings the baseline hid.
pub fn closing_lines(report: &Report) -> String {
    let mut out = report.summary().line();
    match report.errors.len() {
        0 => {}
        1 => out.push_str("; 1 input could not be checked"),
        n => out.push_str(&format!("; {n} inputs could not be checked")),
    }
    out.push('\n');
    if let Some(l) = report.baseline_line() {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// Start and end (exclusive) of a span as 1-based lines and character columns.
pub fn range(set: &ConfigSet, file: FileId, span: Span) -> (LineCol, LineCol) {
    let src = &set.files[file].source;
    (src.line_col(span.start as usize), src.line_col(span.end as usize))
}
