//! SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps, IDEs).
//!
//! Rules come from the registry; results carry stable `ruleId`s, `partialFingerprints`
//! that survive line shifts, and `fixes` when the finding has one. Files are URI
//! references: relative to `%SRCROOT%` (the working directory, given in
//! `originalUriBaseIds`) when inside it, absolute `file://` URIs otherwise, percent-encoded
//! either way. Columns count code points (`columnKind`). Inputs that could not be read are
//! `toolExecutionNotifications` of a failed invocation. Written as it is serialised, one
//! result at a time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::Value;

use super::fingerprint::Fingerprint;
use super::uri::{self, Location};
use super::{Linted, Report, range};
use crate::lint::{Diagnostic, RuleInfo, Severity, registry};
use crate::model::Span;
use crate::model::config_set::{ConfigSet, FileId};

/// The base id of files inside the working directory.
pub const SRCROOT: &str = "%SRCROOT%";
/// Where the tool is documented.
pub const INFORMATION_URI: &str = "https://github.com/imtacfg/imtacfg";

/// Where a rule is documented: its section in the rule reference.
pub fn help_uri(code: &str) -> String {
    format!("{INFORMATION_URI}/blob/main/docs/rules.md#{}", code.to_ascii_lowercase())
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<HashMap<&'static str, BaseUri>>,
    column_kind: &'static str,
    results: Results<'a>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Text,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

fn text(s: impl Into<String>) -> Text {
    Text { text: s.into() }
}

#[derive(Serialize)]
struct BaseUri {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<PlainLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlainLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [PlainLocation; 1],
    related_locations: Vec<RelatedLocation>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "imtacfg/v1")]
    v1: Fingerprint,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text,
    artifact_changes: Vec<ArtifactChange<'a>>,
    /// `applicability`: `safe`, `unsafe` or `display-only` (SARIF has no field for it).
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Borrowed<'a>,
}

#[derive(Serialize)]
struct Borrowed<'a> {
    text: &'a str,
}

/// Every result of every set, produced while serialising.
struct Results<'a> {
    report: &'a Report<'a>,
    rule_index: HashMap<&'static str, usize>,
}

/// The artifact locations of one set's files, worked out once per file.
fn artifacts(set: &ConfigSet, base: Option<&Path>) -> Vec<ArtifactLocation> {
    set.files.iter().map(|f| artifact(&f.path, base)).collect()
}

fn artifact(path: &Path, base: Option<&Path>) -> ArtifactLocation {
    match uri::locate(path, base) {
        Location::Relative(uri) => ArtifactLocation { uri, uri_base_id: base.map(|_| SRCROOT) },
        Location::Absolute(uri) => ArtifactLocation { uri, uri_base_id: None },
    }
}

/// The region of a span: its lines and columns, or, when it is empty (a place between
/// two characters, which would highlight nothing), its whole line.
fn region(set: &ConfigSet, file: FileId, span: Span) -> Region {
    let (a, b) = range(set, file, span);
    if span.start == span.end {
        return Region { start_line: a.line, start_column: None, end_line: None, end_column: None };
    }
    Region {
        start_line: a.line,
        start_column: Some(a.column),
        end_line: Some(b.line),
        end_column: Some(b.column),
    }
}

/// A replaced range as SARIF wants it: an empty one is an insertion point, so the exact
/// lines and columns even when they are equal.
fn deleted_region(set: &ConfigSet, file: FileId, span: Span) -> Region {
    let (a, b) = range(set, file, span);
    Region {
        start_line: a.line,
        start_column: Some(a.column),
        end_line: Some(b.line),
        end_column: Some(b.column),
    }
}

fn result<'a>(
    l: &'a Linted<'a>,
    files: &[ArtifactLocation],
    rule_index: &HashMap<&'static str, usize>,
    d: &'a Diagnostic,
    fingerprint: Fingerprint,
) -> SarifResult<'a> {
    let set = l.set;
    let place = |file: FileId, span: Span| PhysicalLocation {
        artifact_location: files[file.index()].clone(),
        region: Some(region(set, file, span)),
    };
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str(&format!(" (help: {h})"));
    }
    let fixes = d
        .fix
        .iter()
        .map(|f| {
            let mut changes: Vec<ArtifactChange> = Vec::new();
            for e in &f.edits {
                let replacement = Replacement {
                    deleted_region: deleted_region(set, e.file, e.span),
                    inserted_content: Borrowed { text: &e.replacement },
                };
                match changes
                    .iter_mut()
                    .find(|c| c.artifact_location.uri == files[e.file.index()].uri)
                {
                    Some(c) => c.replacements.push(replacement),
                    None => changes.push(ArtifactChange {
                        artifact_location: files[e.file.index()].clone(),
                        replacements: vec![replacement],
                    }),
                }
            }
            SarifFix {
                description: text(f.description.as_str()),
                artifact_changes: changes,
                properties: FixProperties { applicability: f.applicability.as_str() },
            }
        })
        .collect();
    SarifResult {
        rule_id: d.code(),
        rule_index: rule_index.get(d.code()).copied(),
        level: level(d.severity),
        message: text(message),
        locations: [PlainLocation { physical_location: place(d.file, d.span) }],
        related_locations: d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| RelatedLocation {
                id: i,
                physical_location: place(r.file, r.span),
                message: text(r.message.as_str()),
            })
            .collect(),
        partial_fingerprints: Fingerprints { v1: fingerprint },
        fixes,
    }
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let base = self.report.srcroot.as_deref();
        for l in self.report.linted {
            let files = artifacts(l.set, base);
            let prints = super::fingerprint::fingerprints(l.set, l.diagnostics);
            for (d, fp) in l.diagnostics.iter().zip(prints) {
                seq.serialize_element(&result(l, &files, &self.rule_index, d, fp))?;
            }
        }
        seq.end()
    }
}

fn rule(r: &RuleInfo) -> Rule {
    Rule {
        id: r.code,
        name: r.name,
        short_description: text(r.summary),
        full_description: text(r.why),
        help: text(format!("{}\n\nExample:\n{}\n\nFix: {}", r.summary, r.example, r.fix)),
        help_uri: help_uri(r.code),
        default_configuration: Configuration { level: level(r.severity) },
    }
}

fn log<'a>(report: &'a Report<'a>) -> Log<'a> {
    let rules = registry::all();
    let base = report.srcroot.as_deref();
    let notifications = report
        .errors
        .iter()
        .map(|e| {
            let path = e.path.clone().unwrap_or_else(|| PathBuf::from(&e.file));
            Notification {
                level: "error",
                message: text(format!("{}: {}", e.file, e.message)),
                locations: vec![PlainLocation {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact(&path, base),
                        region: e.line.map(|l| Region {
                            start_line: l,
                            start_column: e.column,
                            end_line: None,
                            end_column: None,
                        }),
                    },
                }],
            }
        })
        .collect();
    Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "imtacfg",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: rules.iter().map(|r| rule(r)).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: report.errors.is_empty(),
                tool_execution_notifications: notifications,
            }],
            original_uri_base_ids: base.map(|b| {
                HashMap::from([(SRCROOT, BaseUri { uri: uri::file_uri(&uri::normalize(b), true) })])
            }),
            column_kind: "unicodeCodePoints",
            results: Results {
                report,
                // Looked up once per result: a map, not a scan of the registry.
                rule_index: rules.iter().enumerate().map(|(i, r)| (r.code, i)).collect(),
            },
        }],
    }
}

/// Write the SARIF log, pretty-printed, with a final newline.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report))?;
    out.write_all(b"\n")
}

/// The SARIF log of these sets as a JSON value (relative paths without a base).
pub fn to_value(linted: &[Linted]) -> Value {
    report_value(&Report::new(linted))
}

/// The SARIF log of a report as a JSON value.
pub fn report_value(report: &Report) -> Value {
    serde_json::to_value(log(report)).unwrap_or_default()
}
