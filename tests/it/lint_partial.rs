//! `imtacfg lint` when not everything can be read (the rest is still reported, the
//! failures are errors in every format, exit 2), and files named one by one (read with
//! their directory for context, reported alone).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::*;

/// The findings of a JSON report as `file:line:col CODE` strings.
fn findings(v: &Value) -> BTreeSet<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect()
}

fn json(out: &Out) -> Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

// ---- 5: partial failures -------------------------------------------------------------------

#[test]
fn a_missing_path_does_not_cancel_the_report() {
    let whole = run(&["lint", "examples/mistakes", "--format", "json"]);
    let out = run(&["lint", "examples/mistakes", "nosuch", "--format", "json"]);
    assert_eq!(out.code, 2, "{out:?}");
    let v = json(&out);
    assert_eq!(findings(&v), findings(&json(&whole)));
    assert!(!findings(&v).is_empty());
    assert_eq!(
        v["errors"],
        serde_json::json!([{
            "file": "nosuch",
            "line": null,
            "column": null,
            "message": "No such file or directory (os error 2)"
        }])
    );
    // A JSON report is for programs: the error is on standard error too.
    assert!(out.stderr.contains("nosuch"), "{}", out.stderr);
    // The order of the paths does not matter, and --exit-zero does not hide an error.
    let out = run(&["lint", "nosuch", "examples/mistakes", "--format", "json", "--exit-zero"]);
    assert_eq!(out.code, 2);
    assert_eq!(findings(&json(&out)), findings(&json(&whole)));
}

#[test]
fn a_binary_file_does_not_hide_the_valid_ones() {
    let (dir, out) = lint_files(
        &[
            ("imta.cnf", "! imta.cnf\n\ntcp_local smtp mx maytlserver\ntcp-daemon\n"),
            ("option.dat", "LOG_FILENAME=1\nLOG\0=1\n"),
        ],
        "json",
        2,
    );
    let v = json(&out);
    let codes: Vec<&str> =
        v["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"IMTA201"), "{v:#}");
    let e = &v["errors"][0];
    assert_eq!(e["file"], format!("{}/option.dat", p(&dir)));
    assert_eq!((e["line"].as_u64(), e["column"].as_u64()), (Some(2), Some(4)));
    assert!(e["message"].as_str().unwrap().contains("binary"), "{e}");
    assert_eq!(v["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn every_format_shows_the_error() {
    let args = |format: &str| -> Vec<String> {
        ["lint", "examples/mistakes/option.dat", "nosuch", "--format", format]
            .map(String::from)
            .to_vec()
    };
    for format in ["human", "concise", "github"] {
        let a = args(format);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let out = run(&a);
        assert_eq!(out.code, 2, "{format}: {out:?}");
        // On standard output, with the findings; not repeated on standard error.
        assert!(out.stderr.is_empty(), "{format}: {}", out.stderr);
        snapshot!(format!("lint_partial_{format}"), out.stdout);
    }
    let out = run(&["lint", "examples/mistakes/option.dat", "nosuch", "--format", "concise"]);
    assert!(out.stdout.contains("nosuch: error: No such file or directory"), "{}", out.stdout);
    assert!(
        out.stdout
            .ends_with("2 errors, 7 warnings, 1 info in 1 file; 1 input could not be checked\n"),
        "{}",
        out.stdout
    );
    let out = run(&["lint", "examples/mistakes/option.dat", "nosuch", "--format", "github"]);
    assert_contains(
        &out.stdout,
        "::error file=nosuch,title=imtacfg%3A input not checked::No such file",
    );
    // SARIF: a failed invocation with a notification naming the file.
    let out = run(&["lint", "examples/mistakes/option.dat", "nosuch", "--format", "sarif"]);
    assert_eq!(out.code, 2);
    let v = json(&out);
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = &inv["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "error");
    assert!(n["message"]["text"].as_str().unwrap().contains("nosuch"));
    assert_eq!(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "nosuch");
    assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn a_baseline_is_not_written_from_a_partial_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("baseline.json");
    let out = run(&["lint", "examples/mistakes", "nosuch", "--write-baseline", p(&file)]);
    assert_eq!(out.code, 2);
    assert!(!file.exists());
    assert!(out.stderr.contains("not written"), "{}", out.stderr);
}

// ---- 6: files named one by one -----------------------------------------------------------

/// The files of a directory, sorted.
fn files_of(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(std::path::Path::new(ROOT).join(dir))
        .unwrap()
        .map(|e| format!("{dir}/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|f| !f.ends_with(".md"))
        .collect();
    v.sort();
    v
}

#[test]
fn a_named_file_keeps_its_directory_context() {
    // option.dat sets LOG_CONNECTION=3, which tcp_local_option's LOG_BANNER needs.
    let out = run(&[
        "lint", "examples/sample/tcp_local_option", "examples/sample/option.dat", "--format",
        "concise",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stdout.contains("OPT412"), "{}", out.stdout);
    // Only the files named are counted.
    assert!(out.stdout.ends_with("in 2 files\n"), "{}", out.stdout);
    let out = run(&["lint", "examples/sample/tcp_local_option", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v = json(&out);
    assert!(findings(&v).is_empty(), "{v:#}");
    assert_eq!(v["summary"]["files"], 1);
}

#[test]
fn file_by_file_is_the_directory_split_by_file() {
    for dir in ["examples/sample", "examples/mistakes"] {
        let whole = findings(&json(&run(&["lint", dir, "--format", "json"])));
        let mut union = BTreeSet::new();
        for f in files_of(dir) {
            let out = run(&["lint", &f, "--format", "json"]);
            assert!(out.code <= 1, "{f}: {out:?}");
            let mine = findings(&json(&out));
            assert!(
                mine.iter().all(|m| whole.contains(m)),
                "{f} alone reports what {dir} does not: {:?}",
                mine.difference(&whole).collect::<Vec<_>>()
            );
            union.extend(mine);
        }
        assert_eq!(union, whole, "{dir}");
        // All of them at once: the same as the directory.
        let mut args = vec!["lint".to_string()];
        args.extend(files_of(dir));
        args.extend(["--format".into(), "json".into()]);
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(findings(&json(&run(&a))), whole, "{dir}");
    }
}

#[test]
fn sample_file_by_file_exits_0() {
    // As pre-commit runs it: every file of the sample, one run each, all clean; the
    // mapping file (named by imta_tailor, not read by imtacfg) too.
    for f in files_of("examples/sample") {
        let out = run(&["lint", &f, "--format", "concise"]);
        assert_eq!(out.code, 0, "{f}: {out:?}");
        assert!(
            !out.stdout.contains(": warning ") && !out.stdout.contains(": error"),
            "{f}: {}",
            out.stdout
        );
    }
}

#[test]
fn an_included_file_can_be_named() {
    // internet.rules has no family of its own: it is read as imta.cnf includes it.
    let out = run(&["lint", "examples/sample/internet.rules", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(json(&out)["summary"]["files"], 1);
    // A file of the directory that nothing reads is still an error.
    let out = run(&["lint", "examples/mistakes/MISTAKES.md", "--format", "concise"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("--kind"), "{}", out.stdout);
}

#[test]
fn standard_input_named_twice_is_an_error_in_its_place() {
    let out = run_cmd(
        imtacfg()
            .args(["lint", "--stdin-filename", "option.dat", "-", "-", "--format", "concise"])
            .write_stdin("")
            .env("LC_ALL", "C.UTF-8"),
    );
    // Nothing on standard input: the first `-` is an empty option.dat (clean).
    assert_eq!(out.code, 2, "{out:?}");
    assert_contains(&out.stdout, "-: error: standard input is named more than once");
}
