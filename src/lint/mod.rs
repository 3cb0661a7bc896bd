//! The linter: rules that read a configuration set and report findings.
//!
//! Every rule is a row of the rule table `rules.toml` (stable code, kebab-case name, default
//! severity, documentation), made into a [`RuleInfo`] constant in [`table`], and a file
//! below `rules/` with its `check` function. The engine runs every check, then applies
//! severities, selections and suppressions.
//! Nothing here prints.
//!
//! Layer: uses `model`, `knowledge`, `syntax` (never `edit`, `report` or the CLI).

pub mod context;
pub mod engine;
pub mod keys;
pub mod registry;
pub mod rules;
pub mod suggest;
pub mod table;

use std::borrow::Cow;

use serde::Serialize;

use crate::knowledge::{Confidence, Provenance};
use crate::model::Span;
use crate::model::config_set::FileId;

pub use crate::model::edit::Edit;
pub use context::{Context, LintOptions};
pub use engine::lint;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing, not wrong: a leftover debug keyword, a redundant setting. The
    /// lowest; severities order Info < Warning < Error.
    Info,
    /// Likely a mistake or a risk, but the product still runs with it.
    Warning,
    /// The product rejects the configuration or does something other than what it
    /// says.
    Error,
}

impl Severity {
    /// The lower-case name used in settings, reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity named by its lower-case name (`info`, `warning`, `error`); `None`
    /// for anything else.
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
    /// Severity a finding of this rule gets unless the settings or the evidence
    /// change it.
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

impl RuleInfo {
    /// Does a selector (a code, a code prefix such as `IMTA` or `IMTA1`, a rule name, or
    /// `ALL`) match this rule?
    pub fn matches(&self, selector: &str) -> bool {
        let s = selector.trim();
        s.eq_ignore_ascii_case("ALL")
            || self.name.eq_ignore_ascii_case(s)
            || (self.code.len() >= s.len() && self.code[..s.len()].eq_ignore_ascii_case(s))
    }
}

/// A place in another file (or elsewhere in the same file) that explains a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Index into `ConfigSet::files`.
    pub file: FileId,
    /// The bytes of that file's decoded text the note is about.
    pub span: Span,
    /// What that place has to do with the finding.
    pub message: String,
}

/// How far a fix can be trusted: whether `lint --fix` applies it on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// The product behaves exactly as before: only the form changes (blanks around `=`, a
    /// comment character every reader accepts), or what is removed is ignored by the
    /// product anyway (the earlier of two settings when the later one wins, a keyword
    /// written twice). `lint --fix` applies it.
    Safe,
    /// Very likely what is meant, but the product will behave differently: a setting is
    /// renamed, removed or given another value. Applied only with `--unsafe-fixes`.
    Unsafe,
    /// A suggestion to read and adapt (one of several possible corrections); shown in the
    /// reports, never applied.
    DisplayOnly,
}

impl Applicability {
    /// The name used in reports: `safe`, `unsafe` or `display-only`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// A suggested fix: a description, how far it can be trusted, and the edits that make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, in one line (for instance "remove the duplicate").
    pub description: String,
    /// Whether `lint --fix` applies it (see [`Applicability`]).
    pub applicability: Applicability,
    /// The replacements that make the fix, applied together.
    pub edits: Vec<Edit>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that reported it (its code, name and documentation).
    pub rule: &'static RuleInfo,
    /// The rule's default severity, unless lowered by the evidence or changed by the
    /// settings.
    pub severity: Severity,
    /// What is wrong, for the reader of the report.
    pub message: String,
    /// Index into `ConfigSet::files`.
    pub file: FileId,
    /// The bytes of the file's decoded text the finding points at.
    pub span: Span,
    /// Short text shown at the span (defaults to the message).
    pub label: Option<String>,
    /// What to do; most rules give a fixed text, which costs no allocation (a finding
    /// storm of millions of findings must stay a small multiple of the input).
    pub help: Option<Cow<'static, str>>,
    /// Other places that explain the finding, such as the first definition of a
    /// duplicate.
    pub related: Vec<Related>,
    /// Boxed: few findings have one.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A finding of `rule` at `span` of `file`, at the rule's default severity.
    pub fn new(
        rule: &'static RuleInfo,
        file: impl Into<FileId>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            file: file.into(),
            span,
            label: None,
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    /// The rule's stable code (`IMTA106`).
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// The rule's kebab-case name (`missing-host-line`).
    pub fn name(&self) -> &'static str {
        self.rule.name
    }

    /// Attach a text that says what to do.
    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach a short text shown at the span instead of the message.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Add a place (in `file`, at `span`) that explains the finding.
    pub fn related(
        mut self,
        file: impl Into<FileId>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        // Most findings have one related place: `push` alone would make room for four.
        if self.related.is_empty() {
            self.related.reserve_exact(1);
        }
        self.related.push(Related { file: file.into(), span, message: message.into() });
        self
    }

    /// Attach a suggested fix made of `edits`, with how far it can be trusted.
    pub fn fix(
        mut self,
        applicability: Applicability,
        description: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Self {
        // Built with `push` the list has room for four; a storm of findings keeps them all.
        edits.shrink_to_fit();
        self.fix = Some(Box::new(Fix { description: description.into(), applicability, edits }));
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

/// Serialized as before the rule reference: `code` and `name` first, then the rest.
impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Diagnostic", 10)?;
        s.serialize_field("code", self.rule.code)?;
        s.serialize_field("name", self.rule.name)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("file", &self.file)?;
        s.serialize_field("span", &self.span)?;
        s.serialize_field("label", &self.label)?;
        s.serialize_field("help", &self.help)?;
        s.serialize_field("related", &self.related)?;
        s.serialize_field("fix", &self.fix)?;
        s.end()
    }
}
