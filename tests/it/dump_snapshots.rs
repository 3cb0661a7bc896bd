//! Snapshots of what `dump` shows a user: the JSON model (version 2) of the shipped
//! examples and of a small file with one of everything.
//!
//! `dump` writes compact JSON; the snapshots lay it out so that a diff is readable: a
//! value that fits on a line of 100 characters stays on one line (every span, most
//! keywords), anything longer is broken up one member per line.

use std::path::Path;

use imtacfg::dump;
use imtacfg::knowledge::Catalog;
use imtacfg::model::config_set::{ConfigSet, LoadOptions};
use serde_json::Value;

/// The JSON `dump` writes for a directory, parsed back.
fn json_of(dir: &Path, display: &str) -> Value {
    let set =
        ConfigSet::load_dir(dir, display, &Catalog::builtin(), &LoadOptions::default()).unwrap();
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    let mut out = Vec::new();
    dump::write_json(&set, &mut out).unwrap();
    assert!(!out.contains(&b'\n'), "compact JSON has no newline");
    serde_json::from_slice(&out).unwrap()
}

const WIDTH: usize = 100;

/// Lay out a JSON value for review: short values on one line, long ones broken up.
fn layout(v: &Value, indent: usize, lead: usize, out: &mut String) {
    let flat = v.to_string();
    let (open, close, members): (char, char, Vec<(Option<&String>, &Value)>) = match v {
        Value::Object(m) if !m.is_empty() => {
            ('{', '}', m.iter().map(|(k, v)| (Some(k), v)).collect())
        }
        Value::Array(a) if !a.is_empty() => ('[', ']', a.iter().map(|v| (None, v)).collect()),
        _ => {
            out.push_str(&flat);
            return;
        }
    };
    if indent + lead + flat.len() <= WIDTH {
        out.push_str(&flat);
        return;
    }
    out.push(open);
    out.push('\n');
    let n = members.len();
    for (i, (key, value)) in members.into_iter().enumerate() {
        out.push_str(&" ".repeat(indent + 2));
        let mut lead = 0;
        if let Some(k) = key {
            let k = format!("{}: ", Value::String(k.clone()));
            lead = k.len();
            out.push_str(&k);
        }
        let comma = usize::from(i + 1 < n);
        layout(value, indent + 2, lead + comma, out);
        if comma == 1 {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str(&" ".repeat(indent));
    out.push(close);
}

fn reviewable(v: &Value) -> String {
    let mut out = String::new();
    layout(v, 0, 0, &mut out);
    out.push('\n');
    out
}

/// Snapshot a dump one file at a time (`dump_<name>_<file>`), so each is small enough to
/// review, and what is left over (version, includes, errors) as `dump_<name>_set`.
fn snapshot_per_file(name: &str, mut v: Value) {
    let files = v["files"].take();
    for file in files.as_array().expect("files") {
        let path = file["path"].as_str().expect("path");
        let base = path.rsplit('/').next().unwrap_or(path);
        snapshot!(format!("dump_{name}_{base}"), reviewable(file));
    }
    v.as_object_mut().unwrap().remove("files");
    snapshot!(format!("dump_{name}_set"), reviewable(&v));
}

/// The model of the sample configuration, as `dump --format json` prints it.
#[test]
fn sample_directory_json() {
    snapshot_per_file("sample", json_of(Path::new("examples/sample"), "examples/sample"));
}

/// The model of the directory of typical mistakes (what the parser makes of them).
#[test]
fn mistakes_directory_json() {
    snapshot_per_file("mistakes", json_of(Path::new("examples/mistakes"), "examples/mistakes"));
}

/// A small configuration with one of everything the shape has: a rewrite rule, an
/// include, a keyword written in capitals (so `normalized` appears) and one in lower case
/// (so it does not), a non-ASCII comment before a span (columns count characters), a
/// continued option value, a lower-case option name, a dispatcher section with inherited
/// and own values.
#[test]
fn small_configuration_json() {
    let d = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(d.path().join(name), text).unwrap();
    write(
        "imta.cnf",
        "! r\u{e9}gles\n.example.com $U%$D@tcp-daemon\n<IMTA_TABLE:more.rules\n\ntcp_local smtp MaxJobs 7 \\\n  backoff \"pt5m\"\ntcp-daemon \u{e9}t\u{e9}.example.com\n",
    );
    write("more.rules", ".org $U@tcp-daemon\n");
    write("option.dat", "LOG_CONNECTION=3\nlog_filename=1\nDELIVERY_OPTIONS=a,\\\n! inside\n  b\n");
    write(
        "dispatcher.cnf",
        "MAX_CONNS=20\nMAX_PROCS=2\n[SERVICE=SMTP]\nPORT=25\n![SERVICE=OLD]\nMAX_CONNS=10\n",
    );
    let mut json = json_of(d.path(), "conf");
    // The temporary directory differs from run to run.
    let resolved = &mut json["includes"][0]["resolved"];
    let dir = d.path().to_str().unwrap();
    *resolved = resolved.as_str().unwrap().replace(dir, "<dir>").into();
    snapshot_per_file("small", json);
}
