//! The JSON report (version 1): an API, only ever extended.
//!
//! Written straight to the output through typed records, one finding at a time: a storm
//! of millions of findings costs their fingerprints in memory, not a JSON tree of them.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use serde_json::Value;

use super::fingerprint::Fingerprint;
use super::{InputError, Linted, Report, range};
use crate::lint::Diagnostic;
use crate::model::config_set::ConfigSet;

/// The whole report, serialised lazily.
struct Document<'r, 'a>(&'r Report<'a>);

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 4)?;
        st.serialize_field("version", &1)?;
        st.serialize_field("diagnostics", &Findings(self.0.linted))?;
        st.serialize_field("errors", &Errors(self.0.errors))?;
        st.serialize_field("summary", &self.0.summary())?;
        st.end()
    }
}

/// The inputs that could not be checked: `{"file", "line", "column", "message"}`, line
/// and column `null` when the error has no place.
struct Errors<'a>(&'a [InputError]);

impl Serialize for Errors<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

/// Every finding of every configuration, in order.
struct Findings<'a>(&'a [Linted<'a>]);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().flat_map(|l| {
            let prints = super::fingerprint::fingerprints(l.set, l.diagnostics);
            l.diagnostics.iter().zip(prints).map(move |(d, fp)| Finding::new(l.set, d, fp))
        }))
    }
}

/// One finding as the report shows it.
#[derive(Serialize)]
struct Finding<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
    related: Vec<RelatedJson<'a>>,
    fix: Option<FixJson<'a>>,
    fingerprint: Fingerprint,
}

#[derive(Serialize)]
struct RelatedJson<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct FixJson<'a> {
    description: &'a str,
    applicability: &'static str,
    edits: Vec<EditJson<'a>>,
}

#[derive(Serialize)]
struct EditJson<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

impl<'a> Finding<'a> {
    fn new(set: &'a ConfigSet, d: &'a Diagnostic, fingerprint: Fingerprint) -> Finding<'a> {
        let (a, b) = range(set, d.file, d.span);
        Finding {
            code: d.code(),
            name: d.name(),
            severity: d.severity.as_str(),
            message: &d.message,
            file: set.files[d.file].name(),
            line: a.line,
            column: a.column,
            end_line: b.line,
            end_column: b.column,
            help: d.help.as_deref(),
            related: d
                .related
                .iter()
                .map(|r| {
                    let (ra, _) = range(set, r.file, r.span);
                    RelatedJson {
                        file: set.files[r.file].name(),
                        line: ra.line,
                        column: ra.column,
                        message: &r.message,
                    }
                })
                .collect(),
            fix: d.fix.as_ref().map(|f| FixJson {
                description: &f.description,
                applicability: f.applicability.as_str(),
                edits: f
                    .edits
                    .iter()
                    .map(|e| {
                        let (ea, eb) = range(set, e.file, e.span);
                        EditJson {
                            file: set.files[e.file].name(),
                            line: ea.line,
                            column: ea.column,
                            end_line: eb.line,
                            end_column: eb.column,
                            replacement: &e.replacement,
                        }
                    })
                    .collect(),
            }),
            fingerprint,
        }
    }
}

/// Write the report of these sets, pretty-printed, with a final newline.
pub fn write(linted: &[Linted], out: &mut impl std::io::Write) -> std::io::Result<()> {
    write_report(&Report::new(linted), out)
}

/// Write a report (findings and errors), pretty-printed, with a final newline.
pub fn write_report(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Document(report))?;
    out.write_all(b"\n")
}

/// The report as a JSON value (for tests and embedding programs; `write` for output).
pub fn to_value(linted: &[Linted]) -> Value {
    serde_json::to_value(Document(&Report::new(linted))).unwrap_or_default()
}
