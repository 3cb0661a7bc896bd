//! Output that must not grow out of proportion with its input, checked by what it holds
//! rather than by timing: the human report cuts a storm of one rule's findings in one file
//! short (and only the human report does), and snippets deep in a large file show the
//! right lines.

use imtacfg::knowledge::Catalog;
use imtacfg::lint::{LintOptions, lint};
use imtacfg::model::config_set::{ConfigSet, LoadOptions};
use imtacfg::report::{self, Linted};

use crate::common::assert_contains;

/// An imta.cnf with `n` channels, each with one unknown keyword (IMTA201).
fn unknown_keywords(n: usize) -> String {
    let mut s = String::from(".example.com $U%$D@tcp-daemon\n\ntcp_local smtp\ntcp-daemon\n");
    for i in 0..n {
        s.push_str(&format!("\nc{i} sitegroup{i}\nc{i}-daemon\n"));
    }
    s
}

/// An option.dat with `n` unknown options (OPT101).
fn unknown_options(n: usize) -> String {
    (0..n).map(|i| format!("ZZQ_{i}=1\n")).collect()
}

/// Lint the files written to a temporary directory shown as `conf`, and render every
/// format.
struct Rendered {
    findings: usize,
    human: String,
    concise: String,
    github: String,
    json: serde_json::Value,
    sarif: serde_json::Value,
}

fn render(files: &[(&str, String)]) -> Rendered {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let catalog = Catalog::builtin();
    let set = ConfigSet::load_dir(dir.path(), "conf", &catalog, &LoadOptions::default()).unwrap();
    let diags = lint(&set, &catalog, &LintOptions::default());
    let linted = [Linted::new(&set, &diags)];
    Rendered {
        findings: diags.len(),
        human: report::human::render(&linted, false),
        concise: report::concise::render(&linted),
        github: report::github::render(&linted),
        json: report::json::to_value(&linted),
        sarif: report::sarif::to_value(&linted),
    }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// 200 findings of one rule in one file: the human report shows 50 of them and one line
/// for the other 150; the summary and every other format have all 200.
#[test]
fn human_report_caps_a_storm_of_one_rule_in_one_file() {
    let r = render(&[("imta.cnf", unknown_keywords(200))]);
    assert_eq!(r.findings, 200);
    assert_eq!(report::human::MAX_PER_RULE_AND_FILE, 50);
    assert_eq!(count(&r.human, "IMTA201 unknown-keyword"), 50);
    assert_eq!(count(&r.human, "c49 sitegroup49"), 1, "the 50th is shown");
    assert_eq!(count(&r.human, "sitegroup50"), 0, "the 51st is not");
    assert_eq!(
        count(
            &r.human,
            "… and 150 more IMTA201 findings in conf/imta.cnf (see --format concise or json for all)\n"
        ),
        1,
        "{}",
        r.human
    );
    assert!(r.human.ends_with("0 errors, 200 warnings, 0 infos in 1 file\n"));

    assert_eq!(r.concise.lines().count(), 200);
    assert_eq!(r.github.lines().count(), 200);
    assert_eq!(r.json["diagnostics"].as_array().unwrap().len(), 200);
    assert_eq!(r.json["summary"]["warnings"], 200);
    assert_eq!(r.sarif["runs"][0]["results"].as_array().unwrap().len(), 200);
}

/// The cap counts per rule and per file: 51 unknown keywords in imta.cnf and 60 unknown
/// options in option.dat give 50 of each and two lines (one of them singular).
#[test]
fn human_report_caps_each_rule_and_file_on_its_own() {
    let r = render(&[("imta.cnf", unknown_keywords(51)), ("option.dat", unknown_options(60))]);
    assert_eq!(r.findings, 111);
    assert_eq!(count(&r.human, "IMTA201 unknown-keyword"), 50);
    assert_eq!(count(&r.human, "OPT101 unknown-option"), 50);
    assert_eq!(
        count(&r.human, "… and 1 more IMTA201 finding in conf/imta.cnf (see"),
        1,
        "{}",
        r.human
    );
    assert_eq!(count(&r.human, "… and 10 more OPT101 findings in conf/option.dat (see"), 1);
    assert!(r.human.contains("111 warnings"));
    assert_eq!(r.json["diagnostics"].as_array().unwrap().len(), 111);
}

/// Exactly 50 findings: all shown, no "more" line.
#[test]
fn human_report_shows_up_to_the_cap_in_full() {
    let r = render(&[("imta.cnf", unknown_keywords(50))]);
    assert_eq!(count(&r.human, "IMTA201 unknown-keyword"), 50);
    assert!(!r.human.contains("more IMTA201"));
}

/// A finding deep in a large file (snippets are read near the span, not from the start
/// of the file): the heading and the numbered lines are those of the finding, also after
/// non-ASCII text and CRLF line ends.
#[test]
fn human_snippet_deep_in_a_large_file() {
    let mut text = String::from("! caf\u{e9}\r\n.example.com $U%$D@tcp-daemon\r\n\r\n");
    for i in 0..3000 {
        text.push_str(&format!("c{i} smtp\r\nc{i}-daemon \u{e9}t\u{e9}.example.com\r\n\r\n"));
    }
    text.push_str("last smtp \u{e9}t\u{e9} sitegroup\r\nlast-daemon\r\n");
    let r = render(&[("imta.cnf", text)]);
    let line = 3 + 3 * 3000 + 1;
    // Two findings on that line (`été` and `sitegroup`); miette's heading column counts
    // bytes, so only the line is checked.
    assert_eq!(count(&r.human, &format!("[conf/imta.cnf:{line}:")), 2, "{}", r.human);
    assert_contains(&r.human, &format!(" {line} │ last smtp \u{e9}t\u{e9} sitegroup\n"));
    assert!(r.human.contains(&format!(" {} │ last-daemon\n", line + 1)));
}

/// The CLI prints the capped human report and exits as the findings say.
#[test]
fn cli_human_report_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("imta.cnf"), unknown_keywords(120)).unwrap();
    let out = assert_cmd::Command::cargo_bin("imtacfg")
        .unwrap()
        .args(["lint", "--color", "never", "."])
        .current_dir(dir.path())
        .env_remove("IMTACFG_CONFIG")
        .env_remove("TERM")
        .env_remove("COLUMNS")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(count(&text, "IMTA201 unknown-keyword"), 50);
    assert!(text.contains("… and 70 more IMTA201 findings in imta.cnf (see --format concise"));
    assert!(text.ends_with("120 warnings, 0 infos in 1 file\n"));
}
