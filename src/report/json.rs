//! The JSON report (version 1): an API, only ever extended.

use serde_json::{Value, json};

use super::{Linted, Summary, range};

pub fn to_value(linted: &[Linted]) -> Value {
    let mut diagnostics = Vec::new();
    for l in linted {
        let prints = super::fingerprint::fingerprints(l.set, l.diagnostics);
        for (d, fp) in l.diagnostics.iter().zip(prints) {
            let (a, b) = range(l.set, d.file, d.span);
            let related: Vec<Value> = d
                .related
                .iter()
                .map(|r| {
                    let (ra, _) = range(l.set, r.file, r.span);
                    json!({
                        "file": l.set.files[r.file].name(),
                        "line": ra.line,
                        "column": ra.column,
                        "message": r.message,
                    })
                })
                .collect();
            let fix = d.fix.as_ref().map(|f| {
                json!({
                    "description": f.description,
                    "edits": f.edits.iter().map(|e| {
                        let (ea, eb) = range(l.set, e.file, e.span);
                        json!({
                            "file": l.set.files[e.file].name(),
                            "line": ea.line, "column": ea.column,
                            "end_line": eb.line, "end_column": eb.column,
                            "replacement": e.replacement,
                        })
                    }).collect::<Vec<_>>(),
                })
            });
            diagnostics.push(json!({
                "code": d.code(),
                "name": d.name(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "file": l.set.files[d.file].name(),
                "line": a.line,
                "column": a.column,
                "end_line": b.line,
                "end_column": b.column,
                "help": d.help,
                "related": related,
                "fix": fix,
                "fingerprint": fp,
            }));
        }
    }
    let s = Summary::of(linted);
    json!({
        "version": 1,
        "diagnostics": diagnostics,
        "summary": {"files": s.files, "errors": s.errors, "warnings": s.warnings, "infos": s.infos},
    })
}
