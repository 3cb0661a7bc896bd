//! The linter: rules that read a configuration set and report findings.
//!
//! Each rule group (`rules/*.rs`) declares its rules as [`RuleInfo`] constants (stable
//! code, kebab-case name, default severity, documentation) and a `check` function. The
//! engine runs every group, then applies severities, selections and suppressions.
//! Nothing here prints.

pub mod engine;
pub mod registry;
pub mod rules;
pub mod suppress;

use serde::Serialize;

use crate::knowledge::{Confidence, Provenance};
use crate::model::Span;

pub use engine::{LintOptions, lint};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A rule's identity and documentation (shown by `imtacfg explain` and `imtacfg rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Stable code: `IMTA…` imta.cnf, `OPT…` option files, `DSP…` dispatcher and job
    /// controller, `X…` across files, `CFG…` settings and suppressions.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A configuration fragment that triggers the rule.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// A place in another file (or elsewhere in the same file) that explains a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Index into `ConfigSet::files`.
    pub file: usize,
    pub span: Span,
    pub message: String,
}

/// A text replacement that would fix a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub file: usize,
    pub span: Span,
    pub replacement: String,
}

/// A suggested fix: a description and the edits that make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Index into `ConfigSet::files`.
    pub file: usize,
    pub span: Span,
    /// Short text shown at the span (defaults to the message).
    pub label: Option<String>,
    pub help: Option<String>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding of `rule` at `span` of `file`, at the rule's default severity.
    pub fn new(rule: &RuleInfo, file: usize, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            message: message.into(),
            file,
            span,
            label: None,
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn related(mut self, file: usize, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            file,
            span,
            message: message.into(),
        });
        self
    }

    pub fn fix(mut self, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Fix {
            description: description.into(),
            edits,
        });
        self
    }

    /// Severity follows the evidence: a finding that rests on an unverified fact is at
    /// most a warning.
    pub fn evidence(mut self, provenance: &Provenance) -> Self {
        if provenance.confidence == Confidence::Unverified && self.severity > Severity::Warning {
            self.severity = Severity::Warning;
        }
        self
    }
}
