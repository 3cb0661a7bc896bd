//! SARIF output against the official 2.1.0 schema (from shared/schemas, skipped with a note
//! when it is absent) and against what GitHub code scanning documents it needs: URIs that
//! are URI references (percent-encoded, relative to `%SRCROOT%` or absolute `file://`),
//! `columnKind`, documentation links, fixes, regions that highlight something, and the
//! notifications of a failed run.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::*;

const SCHEMA: &str = "/work/shared/schemas/sarif-schema-2.1.0.json";

/// The official schema, from the shared folder (beside the checkout in CI).
fn schema() -> Option<Value> {
    let candidates =
        [PathBuf::from(SCHEMA), Path::new(ROOT).join("../shared/schemas/sarif-schema-2.1.0.json")];
    for c in &candidates {
        if let Ok(text) = std::fs::read_to_string(c) {
            return Some(serde_json::from_str(&text).unwrap());
        }
    }
    eprintln!("note: the SARIF 2.1.0 schema is not there ({SCHEMA}); schema validation skipped");
    None
}

fn sarif(out: &Out) -> Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

fn validate(v: &Value, what: &str) {
    let Some(schema) = schema() else { return };
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

/// Every `artifactLocation` in the log.
fn artifact_locations(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "artifactLocation" {
                    out.push(x.clone());
                }
                artifact_locations(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| artifact_locations(x, out)),
        _ => {}
    }
}

/// Every region of a result's locations and related locations.
fn result_regions(v: &Value) -> Vec<Value> {
    let mut regions = Vec::new();
    for r in v["runs"][0]["results"].as_array().unwrap() {
        for key in ["locations", "relatedLocations"] {
            for l in r[key].as_array().into_iter().flatten() {
                regions.push(l["physicalLocation"]["region"].clone());
            }
        }
    }
    regions
}

/// A URI reference as RFC 3986 allows it, with no fragment and no query.
fn is_uri_reference(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            if !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric() || b"-._~/:!$&'()*+,;=@".contains(&b)) {
            return false;
        }
        i += 1;
    }
    // A relative reference's first segment has no `:` (it would read as a scheme).
    s.starts_with("file:///") || !s.split('/').next().unwrap_or("").contains(':')
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// The checks GitHub code scanning and the SARIF rules the schema cannot express.
fn conformant(v: &Value, what: &str) {
    validate(v, what);
    let run0 = &v["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints", "{what}");
    let driver = &run0["tool"]["driver"];
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    for r in driver["rules"].as_array().unwrap() {
        assert!(r["shortDescription"]["text"].is_string(), "{what}: {r}");
        assert!(r["defaultConfiguration"]["level"].is_string(), "{what}: {r}");
        let help = r["helpUri"].as_str().unwrap();
        assert!(help.starts_with("https://") && help.contains('#'), "{help}");
    }
    for res in run0["results"].as_array().unwrap() {
        assert!(res["ruleId"].is_string(), "{what}: {res}");
        assert!(res["message"]["text"].is_string(), "{what}: {res}");
        assert!(res["locations"][0]["physicalLocation"].is_object());
        assert!(res["partialFingerprints"].is_object());
    }
    // A region highlights something: a range of columns, several lines, or a whole line.
    for region in result_regions(v) {
        let (sl, sc) = (&region["startLine"], &region["startColumn"]);
        assert!(sl.as_u64().unwrap() >= 1, "{what}: {region}");
        if sc.is_null() {
            assert!(region["endColumn"].is_null(), "{what}: {region}");
            continue;
        }
        let el = region["endLine"].as_u64().unwrap_or(sl.as_u64().unwrap());
        assert!(
            el > sl.as_u64().unwrap() || region["endColumn"].as_u64() > sc.as_u64(),
            "{what}: empty region {region}"
        );
    }
    // URIs: references, with a base that is declared, or absolute file URIs.
    let bases = &run0["originalUriBaseIds"];
    let mut locations = Vec::new();
    artifact_locations(v, &mut locations);
    assert!(!locations.is_empty());
    for loc in locations {
        let uri = loc["uri"].as_str().unwrap();
        assert!(is_uri_reference(uri), "{what}: {uri:?} is not a URI reference");
        match loc["uriBaseId"].as_str() {
            Some(base) => {
                let b = bases[base]["uri"].as_str().unwrap();
                assert!(b.starts_with("file:///") && b.ends_with('/'), "{b}");
                assert!(!uri.starts_with('/') && !uri.starts_with("../"), "{uri}");
            }
            None => assert!(uri.starts_with("file:///"), "{what}: {uri} has no base"),
        }
    }
}

#[test]
fn examples_conform() {
    for dir in ["examples/sample", "examples/mistakes"] {
        let out = run(&["lint", dir, "--format", "sarif"]);
        assert!(out.code <= 1, "{out:?}");
        let v = sarif(&out);
        conformant(&v, dir);
        assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], true);
        let base = v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
        assert_eq!(base, format!("file://{ROOT}/"));
    }
}

#[test]
fn the_three_blank_line_rules_highlight_their_line() {
    // IMTA101, IMTA102 and IMTA103 point at an empty line: the region is that line.
    let v = sarif(&run(&["lint", "examples/mistakes", "--format", "sarif"]));
    let r = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "IMTA101")
        .unwrap();
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 4})
    );
    for code in ["IMTA101", "IMTA102", "IMTA103"] {
        let dir = format!("tests/fixtures/rules/{code}/fires");
        let out = run(&["lint", &dir, "--format", "sarif", "--select", code]);
        let v = sarif(&out);
        assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty(), "{code}");
        conformant(&v, code);
    }
}

#[test]
fn odd_absolute_paths_are_file_uris() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["a,b:c%d é#x", "my conf"] {
        let dir = tmp.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        copy_files(Path::new(MISTAKES), &dir);
        let path = dir.to_str().unwrap();
        let out = run(&["lint", path, "--format", "sarif"]);
        assert_eq!(out.code, 1, "{out:?}");
        let v = sarif(&out);
        conformant(&v, name);
        let uri = v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
            ["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("file:///"), "{uri}");
        let decoded = percent_decode(uri.strip_prefix("file://").unwrap());
        assert_eq!(decoded, format!("{path}/imta.cnf").into_bytes(), "{uri}");
        // From the parent directory: a reference relative to %SRCROOT%.
        let out = run_in(tmp.path(), &["lint", name, "--format", "sarif"]);
        let v = sarif(&out);
        conformant(&v, name);
        let loc =
            &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(loc["uriBaseId"], "%SRCROOT%");
        let uri = loc["uri"].as_str().unwrap();
        assert_eq!(percent_decode(uri), format!("{name}/imta.cnf").into_bytes());
    }
    // The encoding itself, pinned.
    let dir = tmp.path().join("a,b:c%d é#x");
    let out = run_in(tmp.path(), &["lint", p(&dir), "--format", "sarif"]);
    let v = sarif(&out);
    let uri =
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
    assert_eq!(uri, "a%2Cb%3Ac%25d%20%C3%A9%23x/imta.cnf");
}

#[test]
fn paths_above_the_working_directory_are_absolute() {
    let tmp = tempfile::tempdir().unwrap();
    let conf_dir = tmp.path().join("conf");
    let work = tmp.path().join("work");
    std::fs::create_dir(&conf_dir).unwrap();
    std::fs::create_dir(&work).unwrap();
    copy_files(Path::new(MISTAKES), &conf_dir);
    let out = run_in(&work, &["lint", "../conf", "--format", "sarif"]);
    let v = sarif(&out);
    conformant(&v, "../conf");
    let loc = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert!(loc["uriBaseId"].is_null(), "{loc}");
    let real = std::fs::canonicalize(&conf_dir).unwrap();
    assert_eq!(
        percent_decode(loc["uri"].as_str().unwrap().strip_prefix("file://").unwrap()),
        format!("{}/imta.cnf", real.display()).into_bytes()
    );
}

#[test]
fn findings_with_a_fix_carry_sarif_fixes() {
    let json: Value =
        serde_json::from_str(&run(&["lint", MISTAKES, "--format", "json"]).stdout).unwrap();
    let v = sarif(&run(&["lint", MISTAKES, "--format", "sarif"]));
    let results = v["runs"][0]["results"].as_array().unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(results.len(), diags.len());
    let mut fixed = 0;
    for (r, d) in results.iter().zip(diags) {
        let Some(fix) = d["fix"].as_object() else {
            assert!(r.get("fixes").is_none(), "{r}");
            continue;
        };
        fixed += 1;
        let f = &r["fixes"][0];
        assert_eq!(f["description"]["text"], fix["description"]);
        let changes = f["artifactChanges"].as_array().unwrap();
        let replacements: Vec<&Value> =
            changes.iter().flat_map(|c| c["replacements"].as_array().unwrap()).collect();
        let edits = fix["edits"].as_array().unwrap();
        assert_eq!(replacements.len(), edits.len());
        for (rep, e) in replacements.iter().zip(edits) {
            assert_eq!(rep["insertedContent"]["text"], e["replacement"]);
            assert_eq!(rep["deletedRegion"]["startLine"], e["line"]);
            assert_eq!(rep["deletedRegion"]["startColumn"], e["column"]);
            assert_eq!(rep["deletedRegion"]["endLine"], e["end_line"]);
            assert_eq!(rep["deletedRegion"]["endColumn"], e["end_column"]);
        }
    }
    assert!(fixed > 0, "no finding of the mistakes has a fix");
}

#[test]
fn a_failing_run_still_writes_sarif() {
    let dir = conf(&[
        ("imta.cnf", "! imta.cnf\n\ntcp_local smtp mx maytlserver\ntcp-daemon\n"),
        ("option.dat", "LOG_FILENAME=1\nLOG\0=1\n"),
    ]);
    let out = run(&["lint", p(&dir), "nosuch", "--format", "sarif"]);
    assert_eq!(out.code, 2, "{out:?}");
    let v = sarif(&out);
    conformant(&v, "failing run");
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 2, "{inv:#}");
    let binary = &notes[0]["locations"][0]["physicalLocation"];
    assert_eq!(binary["region"]["startLine"], 2);
    assert_eq!(binary["region"]["startColumn"], 4);
    assert!(binary["artifactLocation"]["uri"].as_str().unwrap().ends_with("/option.dat"));
    assert!(notes[1]["message"]["text"].as_str().unwrap().contains("nosuch"));
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "IMTA201"));
}

/// The validator is not vacuous: a log without `columnKind`'s enum or with a bad level fails.
#[test]
fn the_schema_rejects_a_wrong_log() {
    let Some(schema) = schema() else { return };
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut v = sarif(&run(&["lint", MISTAKES, "--format", "sarif"]));
    assert!(validator.is_valid(&v));
    v["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&v));
}

/// The rule reference SARIF's `helpUri`s point at, made from the registry. Run with
/// `UPDATE_DOCS=1` to rewrite it after changing a rule.
fn rule_reference() -> String {
    let mut s = String::from(
        "# imtacfg rules\n\n\
         Every rule `imtacfg lint` checks, in code order; `imtacfg explain CODE` prints the same.\n\
         This file is generated from the rule registry by the tests (`UPDATE_DOCS=1 cargo test \
         rule_reference`).\n",
    );
    for r in imtacfg::lint::registry::all() {
        s.push_str(&format!(
            "\n## {}\n\n`{}`, {} by default.\n\n{}\n\n{}\n\nExample:\n\n```\n{}\n```\n\nFix: {}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.summary,
            r.why,
            r.example,
            r.fix
        ));
    }
    s
}

#[test]
fn rule_reference_is_current() {
    let path = Path::new(ROOT).join("docs/rules.md");
    let text = rule_reference();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let shipped = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_DOCS=1)", path.display()));
    assert_eq!(shipped, text, "docs/rules.md is stale: run with UPDATE_DOCS=1");
    // Every helpUri names a heading of it (GitHub's anchor of `## IMTA101` is `#imta101`).
    let v = sarif(&run(&["lint", SAMPLE, "--format", "sarif"]));
    for r in v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap() {
        let uri = r["helpUri"].as_str().unwrap();
        let (page, anchor) = uri.split_once('#').unwrap();
        assert!(page.ends_with("/docs/rules.md"), "{uri}");
        let heading = format!("\n## {}\n", r["id"].as_str().unwrap());
        assert!(text.contains(&heading), "{uri}");
        assert_eq!(anchor, r["id"].as_str().unwrap().to_ascii_lowercase());
    }
}

#[test]
fn a_settings_error_still_writes_sarif() {
    let settings = ("imtacfg.toml", "[lint]\nmax-line-lenght = 300\n");
    let (dir, out) = lint_files(&[("option.dat", "LOG_CONNECTION=3\n"), settings], "sarif", 2);
    assert!(out.stderr.contains("imtacfg.toml:2:"), "{}", out.stderr);
    let v = sarif(&out);
    validate(&v, "settings error");
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = &inv["toolExecutionNotifications"][0];
    assert!(n["message"]["text"].as_str().unwrap().contains("max-line-lenght"));
    assert_eq!(n["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
    // The JSON report too; the text formats say it on standard error only.
    let out = run(&["lint", p(&dir), "--format", "json"]);
    assert_eq!(out.code, 2);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["errors"][0]["line"], 2);
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    let out = run(&["lint", p(&dir), "--format", "concise"]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
}
