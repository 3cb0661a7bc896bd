//! Rendering findings for people and machines. Reporters never parse and never lint:
//! they take the configuration sets and their findings and return text.
//!
//! Layer: uses `lint`, `model`, `source`, `debug_mask` (never `edit`).

pub mod concise;
pub mod documents;
pub mod fingerprint;
pub mod github;
pub mod human;
pub mod json;
pub mod log_documents;
pub mod sarif;

use crate::lint::{Diagnostic, Severity};
use crate::model::Span;
use crate::model::config_set::ConfigSet;
use crate::source::LineCol;

/// One linted configuration and its findings.
pub struct Linted<'a> {
    pub set: &'a ConfigSet,
    pub diagnostics: &'a [Diagnostic],
}

/// Counts for the summary line and the JSON summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(linted: &[Linted]) -> Summary {
        let mut s = Summary::default();
        for l in linted {
            s.files += l.set.files.len();
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

/// Start and end (exclusive) of a span as 1-based lines and character columns.
pub fn range(set: &ConfigSet, file: usize, span: Span) -> (LineCol, LineCol) {
    let src = &set.files[file].source;
    (
        src.line_col(span.start as usize),
        src.line_col(span.end as usize),
    )
}
