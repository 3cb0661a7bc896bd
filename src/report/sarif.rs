//! SARIF 2.1.0, for code-scanning dashboards. Rules come from the registry; results carry
//! stable `ruleId`s and `partialFingerprints` that survive line shifts.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{Linted, range};
use crate::lint::{Severity, registry};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn to_value(linted: &[Linted]) -> Value {
    let rules = registry::all();
    let rule_values: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.why},
                "help": {"text": format!("{}\n\nExample:\n{}\n\nFix: {}", r.summary, r.example, r.fix)},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    // Looked up once per result: a map, not a scan of the registry.
    let rule_index: HashMap<&str, usize> =
        rules.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
    let mut results = Vec::new();
    for l in linted {
        let prints = super::fingerprint::fingerprints(l.set, l.diagnostics);
        for (d, fp) in l.diagnostics.iter().zip(prints) {
            let (a, b) = range(l.set, d.file, d.span);
            let location = |file: usize, a: crate::source::LineCol, b: crate::source::LineCol| {
                json!({"physicalLocation": {
                    "artifactLocation": {"uri": l.set.files[file].name()},
                    "region": {"startLine": a.line, "startColumn": a.column, "endLine": b.line, "endColumn": b.column},
                }})
            };
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let (ra, rb) = range(l.set, r.file, r.span);
                    let mut loc = location(r.file, ra, rb);
                    loc["id"] = json!(i);
                    loc["message"] = json!({"text": r.message});
                    loc
                })
                .collect();
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(&format!(" (help: {h})"));
            }
            results.push(json!({
                "ruleId": d.code(),
                "ruleIndex": rule_index.get(d.code()),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [location(d.file, a, b)],
                "relatedLocations": related,
                "partialFingerprints": {"imtacfg/v1": fp},
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "imtacfg",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_values,
            }},
            "results": results,
        }],
    })
}
