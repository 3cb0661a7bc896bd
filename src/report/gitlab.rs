//! GitLab Code Quality report: a JSON array of issues (`description`, `check_name`,
//! `fingerprint`, `severity`, `location.path`, `location.lines.begin`), shown in merge
//! requests. Inputs that could not be checked are issues too (`check_name`
//! `input-error`, severity `blocker`), so that a broken run is not a clean one.

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use super::{Report, fingerprint};
use crate::lint::Severity;

/// GitLab's scale (`info`, `minor`, `major`, `critical`, `blocker`).
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "minor",
        Severity::Error => "major",
    }
}

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

/// The path GitLab links to: relative to the repository, which is the working directory
/// of the CI job; a path outside it as given.
fn repo_path(report: &Report, path: &std::path::Path, given: &str) -> String {
    report
        .srcroot
        .as_deref()
        .and_then(|base| super::uri::relative_to(path, base))
        .map_or_else(|| given.to_string(), |p| p.to_string_lossy().into_owned())
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

struct Issues<'r, 'a>(&'r Report<'a>);

impl Serialize for Issues<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for l in self.0.linted {
            let prints = fingerprint::fingerprints(l.set, l.diagnostics);
            let paths: Vec<String> =
                l.set.files.iter().map(|f| repo_path(self.0, &f.path, f.name())).collect();
            for (d, fp) in l.diagnostics.iter().zip(prints) {
                let path = &paths[d.file.index()];
                let (a, _) = super::range(l.set, d.file, d.span);
                seq.serialize_element(&Issue {
                    description: format!("{} {}: {}", d.code(), d.name(), d.message),
                    check_name: d.code(),
                    // Unique in the report even when two directories have the same files.
                    fingerprint: fingerprint::combine(&[&fp.to_string(), path]),
                    severity: severity(d.severity),
                    location: Location { path: path.clone(), lines: Lines { begin: a.line } },
                })?;
            }
        }
        for e in self.0.errors {
            seq.serialize_element(&Issue {
                description: format!("not checked: {}", e.message),
                check_name: "input-error",
                fingerprint: fingerprint::combine(&["input-error", &e.file, &e.message]),
                severity: "blocker",
                location: Location {
                    path: repo_path(
                        self.0,
                        e.path.as_deref().unwrap_or(std::path::Path::new(&e.file)),
                        &e.file,
                    ),
                    lines: Lines { begin: e.line.unwrap_or(1) },
                },
            })?;
        }
        seq.end()
    }
}

/// Write the report, pretty-printed, with a final newline.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Issues(report))?;
    out.write_all(b"\n")
}
