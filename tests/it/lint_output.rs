//! Where and how much `imtacfg lint` prints: --output-file, --quiet, --statistics, the
//! closing lines of the text formats, and the gitlab and junit formats.

use serde_json::Value;

use crate::common::*;

// Relative, as a CI job names them (the reports name files as they were given).
const MISTAKES: &str = "examples/mistakes";
const SAMPLE: &str = "examples/sample";

#[test]
fn output_file_holds_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    for format in ["human", "concise", "json", "sarif", "github", "gitlab", "junit"] {
        let file = tmp.path().join(format!("report.{format}"));
        let to_file = run(&["lint", MISTAKES, "--format", format, "--output-file", p(&file)]);
        assert_eq!(to_file.code, 1, "{format}: {to_file:?}");
        assert!(to_file.stdout.is_empty(), "{format}: {}", to_file.stdout);
        let printed = run(&["lint", MISTAKES, "--format", format]);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), printed.stdout, "{format}");
    }
    // A file that cannot be written: exit 2, saying which.
    let out = run(&["lint", MISTAKES, "-o", "no/such/dir/report.json"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no/such/dir/report.json"), "{}", out.stderr);
    // Errors reading inputs go to standard error when the report goes to a file.
    let file = tmp.path().join("partial.txt");
    let out = run(&["lint", MISTAKES, "nosuch", "-o", p(&file)]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nosuch"), "{}", out.stderr);
    assert!(std::fs::read_to_string(&file).unwrap().contains("error: nosuch"));
}

#[test]
fn quiet_prints_nothing_but_errors() {
    let out = run(&["lint", MISTAKES, "--quiet"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    let out = run(&["lint", SAMPLE, "-q"]);
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (0, "", ""));
    // An input that cannot be read is still said, on standard error.
    let out = run(&["lint", MISTAKES, "nosuch", "-q", "--format", "concise"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("nosuch"), "{}", out.stderr);
    // The report file is still written.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("r.json");
    let out = run(&["lint", MISTAKES, "-q", "--format", "json", "-o", p(&file)]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(v["summary"]["errors"], 12);
}

#[test]
fn statistics_count_each_rule() {
    let out = run(&["lint", MISTAKES, "--format", "concise", "--statistics"]);
    assert_eq!(out.code, 1);
    let (_, table) = out.stdout.split_once("Findings by rule:\n").unwrap();
    snapshot!("lint_mistakes_statistics", table);
    // The counts are those of the report.
    let json: Value =
        serde_json::from_str(&run(&["lint", MISTAKES, "--format", "json"]).stdout).unwrap();
    let x402 =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "X402").count();
    assert!(table.contains(&format!("  {x402}  X402  ")), "{table}");
    assert!(table.ends_with("  47  in total\n"), "{table}");
    // With a document format, the table goes to standard error and the document stays valid.
    let out = run(&["lint", MISTAKES, "--format", "json", "--statistics"]);
    assert!(serde_json::from_str::<Value>(&out.stdout).is_ok());
    assert!(out.stderr.contains("Findings by rule:"), "{}", out.stderr);
}

#[test]
fn concise_ends_with_a_summary_unless_clean() {
    let out = run(&["lint", MISTAKES, "--format", "concise"]);
    assert!(
        out.stdout.ends_with("\n12 errors, 31 warnings, 4 infos in 8 files\n"),
        "{}",
        out.stdout
    );
    let clean = conf(&[("option.dat", "LOG_CONNECTION=3\n")]);
    let out = run(&["lint", p(&clean), "--format", "concise"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
}

#[test]
fn gitlab_code_quality() {
    let out = run(&["lint", MISTAKES, "--format", "gitlab"]);
    assert_eq!(out.code, 1);
    snapshot!("lint_mistakes_gitlab", out.stdout);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 47);
    let mut prints = std::collections::BTreeSet::new();
    for i in issues {
        assert!(i["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(i["check_name"].is_string());
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap())
        );
        assert!(i["location"]["path"].as_str().unwrap().starts_with("examples/mistakes/"));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(prints.insert(i["fingerprint"].as_str().unwrap().to_string()));
    }
    // Two copies of one directory: still one fingerprint per issue.
    let a = copy_dir(MISTAKES);
    let b = copy_dir(MISTAKES);
    let v: Value =
        serde_json::from_str(&run(&["lint", p(&a), p(&b), "--format", "gitlab"]).stdout).unwrap();
    let prints: std::collections::BTreeSet<&str> =
        v.as_array().unwrap().iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(prints.len(), 94);
    // An input that cannot be read is a blocker.
    let v: Value = serde_json::from_str(
        &run(&["lint", "examples/mistakes/option.dat", "nosuch", "--format", "gitlab"]).stdout,
    )
    .unwrap();
    let last = v.as_array().unwrap().last().unwrap();
    assert_eq!(last["check_name"], "input-error");
    assert_eq!(last["severity"], "blocker");
    assert_eq!(last["location"]["path"], "nosuch");
}

#[test]
fn junit_one_case_per_file() {
    let out = run(&["lint", MISTAKES, "--format", "junit"]);
    assert_eq!(out.code, 1);
    snapshot!("lint_mistakes_junit", out.stdout);
    let x = &out.stdout;
    assert!(x.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert_eq!(x.matches("<testcase ").count(), 8);
    // The sample: its one info finding is below --fail-on, so every case passes.
    let out = run(&["lint", SAMPLE, "--format", "junit"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("failures=\"0\" errors=\"0\""), "{}", out.stdout);
    assert!(out.stdout.contains("<system-out>46:1: info OPT112"), "{}", out.stdout);
    let out = run(&["lint", SAMPLE, "--format", "junit", "--fail-on", "info"]);
    assert!(out.stdout.contains("failures=\"1\""), "{}", out.stdout);
    // A failed input is an <error>; markup in messages is escaped.
    let dir = conf(&[("option.dat", "LOG_<X>&=1\n")]);
    let out = run(&["lint", p(&dir), "nosuch", "--format", "junit"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("<error message=\"No such file"), "{}", out.stdout);
    assert!(out.stdout.contains("LOG_&lt;X&gt;&amp;"), "{}", out.stdout);
    assert!(!out.stdout.contains("LOG_<X>"), "{}", out.stdout);
    if have("xmllint") {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("junit.xml");
        std::fs::write(&f, &out.stdout).unwrap();
        let ok = std::process::Command::new("xmllint").args(["--noout", p(&f)]).status().unwrap();
        assert!(ok.success(), "{}", out.stdout);
    }
}

#[test]
fn a_report_file_is_coloured_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("report.txt");
    let forced = |extra: &[&str]| {
        let mut args = vec!["lint", MISTAKES, "-o", p(&file)];
        args.extend_from_slice(extra);
        let out = run_cmd(imtacfg().args(&args).env("CLICOLOR_FORCE", "1"));
        assert_eq!(out.code, 1, "{out:?}");
        std::fs::read_to_string(&file).unwrap()
    };
    assert!(!forced(&[]).contains('\x1b'));
    assert!(forced(&["--color", "always"]).contains('\x1b'));
}
