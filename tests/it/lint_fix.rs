//! `lint --fix`: the fixes of the findings, applied.
//!
//! The harness (as ruff's): for every fixture case under `tests/fixtures/rules/` and for
//! `examples/mistakes`, the fixes are applied through the editing pipeline, pass after
//! pass, once with the safe fixes and once with the unsafe ones too. Each pass must be
//! accepted by the pipeline (the new text parses and no error-level finding is added),
//! must remove the findings it fixed, and must change something; a second pass must
//! have nothing left to do, unless the first one left fixes out because they overlapped
//! (then the run must settle within a few passes).
//!
//! Then the command itself: `--fix` shows the diff and changes nothing, `--fix --write`
//! saves, a second run has nothing to do, the re-lint gate refuses a fix that adds an
//! error, and the exit codes are the documented ones.

use std::collections::HashMap;
use std::path::Path;

use imtacfg::edit::fixes::{self, FixOptions};
use imtacfg::edit::pipeline;
use imtacfg::lint::{Applicability, Diagnostic, Severity};
use imtacfg::model::config_set::ConfigSet;
use imtacfg::workspace::{Overrides, Workspace};

use crate::common::*;

/// The most passes a case may need when fixes overlap.
const MAX_PASSES: usize = 5;

/// What applying the fixes of one case did.
#[derive(Debug, Default)]
struct Outcome {
    /// Fixes applied over all passes.
    applied: usize,
    /// Passes that changed something.
    passes: usize,
    /// What went wrong, in words.
    failures: Vec<String>,
}

/// What tells findings apart across an edit (as their fingerprints do, without the
/// occurrence count): the rule, the file and the text the finding points at.
type Key = (&'static str, String, String);

fn key(set: &ConfigSet, d: &Diagnostic) -> Key {
    let f = &set.files[d.file];
    (d.code(), f.name().to_string(), d.span.text(&f.source.text).trim().to_string())
}

/// Findings counted by key.
fn counts(set: &ConfigSet, diags: &[Diagnostic]) -> HashMap<Key, usize> {
    let mut out = HashMap::new();
    for d in diags {
        *out.entry(key(set, d)).or_insert(0) += 1;
    }
    out
}

fn errors(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.severity == Severity::Error).count()
}

/// Apply the fixes of the configuration at `dir` until nothing is left to do.
/// `None`: the case cannot be fixed as it is (a file it names cannot be read), which
/// `lint --fix` refuses too.
fn fix_until_settled(dir: &str, options: FixOptions) -> Option<Outcome> {
    let ws = Workspace::new(dir, &Overrides::default()).unwrap();
    let mut set = ws.open(dir).unwrap();
    if !set.errors.is_empty() {
        return None;
    }
    let lint = |s: &ConfigSet| ws.lint(s);
    let mut out = Outcome::default();
    let mut waiting = false;
    loop {
        let findings = ws.lint(&set);
        let planned = fixes::plan(&findings, options);
        if planned.applied == 0 {
            break;
        }
        if out.passes == 1 && !waiting {
            out.failures.push(format!(
                "does not converge in one pass: {} more fix(es) after the first pass, none of which had to wait",
                planned.applied
            ));
            break;
        }
        if out.passes == MAX_PASSES {
            out.failures.push(format!("still has fixes after {MAX_PASSES} passes"));
            break;
        }
        for &i in &planned.fixed {
            let fix = findings[i].fix.as_ref().unwrap();
            if fix.applicability == Applicability::DisplayOnly
                || (fix.applicability == Applicability::Unsafe && !options.unsafe_fixes)
            {
                out.failures.push(format!(
                    "{}: a {:?} fix was applied",
                    findings[i].code(),
                    fix.applicability
                ));
            }
        }
        let prepared = match pipeline::prepare(&set, &planned.plan, &ws.catalog, &lint, false) {
            Ok(p) => p,
            Err(r) => {
                out.failures.push(format!("pass {}: refused: {r}", out.passes + 1));
                break;
            }
        };
        if prepared.changes.is_empty() {
            out.failures.push(format!(
                "pass {}: {} fix(es) change nothing",
                out.passes + 1,
                planned.applied
            ));
            break;
        }
        let after = ws.lint(&prepared.after);
        // The findings fixed are gone: of each rule, file and text, at least as many
        // fewer (a finding the edit only moved keeps its key).
        let mut fixed: HashMap<Key, usize> = HashMap::new();
        for &i in &planned.fixed {
            *fixed.entry(key(&set, &findings[i])).or_insert(0) += 1;
        }
        let (before_n, after_n) = (counts(&set, &findings), counts(&prepared.after, &after));
        for (key, n) in &fixed {
            let was = before_n.get(key).copied().unwrap_or(0);
            let is = after_n.get(key).copied().unwrap_or(0);
            if is + n > was {
                out.failures.push(format!(
                    "pass {}: {} in {} at `{}`: {n} fixed, but {was} finding(s) became {is}",
                    out.passes + 1,
                    key.0,
                    key.1,
                    key.2
                ));
            }
        }
        if errors(&after) > errors(&findings) {
            out.failures.push(format!(
                "pass {}: {} error(s) became {}",
                out.passes + 1,
                errors(&findings),
                errors(&after)
            ));
        }
        out.applied += planned.applied;
        out.passes += 1;
        waiting = planned.overlapping > 0;
        set = prepared.after;
    }
    Some(out)
}

/// Every fixture case directory, and the mistakes example.
fn case_dirs() -> Vec<String> {
    let mut out = Vec::new();
    let root = Path::new(ROOT).join("tests/fixtures/rules");
    for rule in std::fs::read_dir(&root).unwrap().flatten() {
        for case in std::fs::read_dir(rule.path()).unwrap().flatten() {
            if case.path().is_dir() {
                out.push(case.path().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out.push(Path::new(ROOT).join(MISTAKES).to_string_lossy().into_owned());
    out
}

fn harness(options: FixOptions) -> (usize, usize, usize) {
    let mut failures = Vec::new();
    let (mut applied, mut cases, mut skipped) = (0, 0, 0);
    for dir in case_dirs() {
        let Some(o) = fix_until_settled(&dir, options) else {
            skipped += 1;
            continue;
        };
        cases += 1;
        applied += o.applied;
        let short = dir.strip_prefix(ROOT).unwrap_or(&dir).trim_start_matches('/');
        failures.extend(o.failures.into_iter().map(|f| format!("{short}: {f}")));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!(
        "fix harness ({}): {cases} cases, {skipped} skipped (a file cannot be read), {applied} fixes applied",
        if options.unsafe_fixes { "safe and unsafe" } else { "safe" }
    );
    (cases, skipped, applied)
}

#[test]
fn safe_fixes_converge_parse_and_remove_their_findings() {
    let (cases, skipped, applied) = harness(FixOptions::default());
    // Not vacuous: the safe fixes of the fixture cases are really applied.
    assert!(cases > 250, "{cases} cases");
    assert!(skipped < 10, "{skipped} cases skipped");
    assert!(applied >= 15, "only {applied} safe fixes applied");
}

#[test]
fn unsafe_fixes_converge_parse_and_remove_their_findings() {
    let (cases, _, applied) = harness(FixOptions { unsafe_fixes: true });
    assert!(cases > 250, "{cases} cases");
    assert!(applied >= 60, "only {applied} fixes applied");
}

/// The rules that offer a fix, by applicability, must be at least the fifteen promised,
/// each with a fixture case where its fix is applied.
#[test]
fn at_least_fifteen_rules_offer_a_fix() {
    let mut rules: HashMap<&'static str, Applicability> = HashMap::new();
    for dir in case_dirs() {
        let ws = Workspace::new(&dir, &Overrides::default()).unwrap();
        let set = ws.open(&dir).unwrap();
        for d in ws.lint(&set) {
            if let Some(f) = &d.fix {
                rules.entry(d.code()).or_insert(f.applicability);
            }
        }
    }
    let mut codes: Vec<&str> = rules.keys().copied().collect();
    codes.sort();
    assert!(codes.len() >= 15, "{codes:?}");
    for a in [Applicability::Safe, Applicability::Unsafe, Applicability::DisplayOnly] {
        assert!(rules.values().any(|&x| x == a), "no {a:?} fix: {codes:?}");
    }
}

/// The findings of a configuration directory that have a fix of `applicability`.
fn with_fix(dir: &Path, applicability: &str) -> Vec<String> {
    let out = run(&["lint", p(&dir), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["fix"]["applicability"] == applicability)
        .map(|d| format!("{} {}:{}", d["code"], d["file"], d["line"]))
        .collect()
}

#[test]
fn fix_shows_the_diff_and_changes_nothing() {
    let c = Conf::copy_of(MISTAKES);
    let before = c.files();
    let out = run_in(c.tmp.path(), &["lint", "conf", "--fix", "--color", "never"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(c.files(), before, "--fix without --write changed a file");
    snapshot!("lint_fix_mistakes_diff", format!("{}\n--- stderr\n{}", out.stdout, out.stderr));
    // --diff says the same.
    let diff = run_in(c.tmp.path(), &["lint", "conf", "--diff", "--color", "never"]);
    assert_eq!((diff.code, &diff.stdout), (1, &out.stdout));
    assert_eq!(c.files(), before);
}

#[test]
fn fix_write_removes_every_finding_with_a_safe_fix_and_a_second_run_has_nothing_to_do() {
    let c = Conf::copy_of(MISTAKES);
    let safe = with_fix(&c.dir, "safe");
    assert!(!safe.is_empty(), "the mistakes example has no safe fix");
    let unsafe_before = with_fix(&c.dir, "unsafe").len();
    let out = run_in(c.tmp.path(), &["lint", "conf", "--fix", "--write"]);
    // Findings without a safe fix remain, so the status is 1.
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("wrote conf/imta.cnf"), "{out:?}");
    assert!(out.stdout.contains("wrote conf/option.dat"), "{out:?}");
    assert!(out.stderr.contains("remain"), "{out:?}");
    assert_eq!(with_fix(&c.dir, "safe"), Vec::<String>::new());
    // The unsafe fixes were left alone.
    assert_eq!(with_fix(&c.dir, "unsafe").len(), unsafe_before);
    let again = run_in(c.tmp.path(), &["lint", "conf", "--fix"]);
    assert_eq!(again.code, 0, "{again:?}");
    assert_eq!(again.stdout, "nothing to change\n");
    // Writing again changes nothing either.
    let files = c.files();
    let write_again = run_in(c.tmp.path(), &["lint", "conf", "--fix", "--write"]);
    assert_eq!(write_again.stdout, "nothing to change\n", "{write_again:?}");
    assert_eq!(c.files(), files);
}

#[test]
fn unsafe_fixes_are_applied_only_when_asked_for() {
    let c = Conf::with_files(&[("option.dat", "! option.dat\nLOG_CONECTION=3\n")]);
    let out = c.run(&["lint", ".", "--fix"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "nothing to change\n"), "{out:?}");
    assert!(out.stderr.contains("1 unsafe fix left out"), "{out:?}");
    let out = c.run(&["lint", ".", "--fix", "--unsafe-fixes", "--write"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(c.text("option.dat"), "! option.dat\nLOG_CONNECTION=3\n");
}

#[test]
fn display_only_fixes_are_never_applied() {
    // `logging nologging`: which one is meant only the user knows.
    let c = Conf::copy_of("tests/fixtures/rules/IMTA206/fires");
    let text = c.text("imta.cnf");
    let out = c.run(&["lint", ".", "--fix", "--unsafe-fixes", "--write"]);
    assert!(out.stderr.contains("1 suggestion only shown"), "{out:?}");
    assert_eq!(c.text("imta.cnf"), text);
}

#[test]
fn overlapping_fixes_wait_for_the_next_run() {
    // Line 1 has blanks around `=` (OPT112, safe) and is the earlier of two equal
    // settings (OPT103, safe: the fix deletes the whole line). The first fix wins; the
    // deletion waits for the next run.
    let c = Conf::with_files(&[("option.dat", "LOG_FILENAME = 1\nLOG_FILENAME=1\n")]);
    let out = c.run(&["lint", ".", "--fix", "--write"]);
    assert!(out.stderr.contains("left for the next run"), "{out:?}");
    let first = c.text("option.dat");
    let again = c.run(&["lint", ".", "--fix", "--write"]);
    let second = c.text("option.dat");
    let third = c.run(&["lint", ".", "--fix"]);
    assert_eq!(third.stdout, "nothing to change\n", "{first:?} {again:?} {second:?}");
    assert_eq!(second, "LOG_FILENAME=1\n");
}

#[test]
fn the_gate_refuses_fixes_that_add_an_error_unless_forced() {
    // Renaming LOG_CONECTION to LOG_CONNECTION makes `abc` the value of an integer option.
    let text = "LOG_CONECTION=abc\n";
    let c = Conf::with_files(&[("option.dat", text)]);
    let out = c.run(&["lint", ".", "--fix", "--unsafe-fixes", "--write"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("OPT102"), "{out:?}");
    assert_eq!(c.text("option.dat"), text);
    let out = c.run(&["lint", ".", "--fix", "--unsafe-fixes", "--write", "--force"]);
    assert!(out.stdout.contains("wrote"), "{out:?}");
    assert_eq!(c.text("option.dat"), "LOG_CONNECTION=abc\n");
}

#[test]
fn fix_flags_that_do_not_go_together_are_errors() {
    let c = Conf::with_files(&[("option.dat", "! option.dat\nLOG_CONNECTION=3\n")]);
    for args in [
        &["lint", ".", "--unsafe-fixes"][..],
        &["lint", ".", "--force"],
        &["lint", ".", "--fix", "--baseline", "b.json"],
        &["lint", ".", "--fix", "-o", "out.txt"],
        &["lint", "-", "--fix"],
        &["lint", ".", "..", "--fix"],
        &["lint", ".", "--diff", "--write"],
    ] {
        let out = c.run(args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
    }
    // A clean configuration has nothing to fix.
    let out = c.run(&["lint", ".", "--fix"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "nothing to change\n"), "{out:?}");
}

#[test]
fn fix_shows_applicability_in_json_and_sarif() {
    let (_, v) = json_of(&["lint", MISTAKES, "--format", "json"]);
    let apps: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["fix"]["applicability"].as_str())
        .collect();
    for a in ["safe", "unsafe", "display-only"] {
        assert!(apps.contains(&a), "{apps:?}");
    }
    let (_, s) = json_of(&["lint", MISTAKES, "--format", "sarif"]);
    let fixes: Vec<&str> = s["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["fixes"].as_array().into_iter().flatten())
        .filter_map(|f| f["properties"]["applicability"].as_str())
        .collect();
    assert_eq!(fixes.len(), apps.len());
}

/// The pipeline holds a safe fix to its word: a "safe" fix that changes a value is
/// refused as a bug, whatever the gate says.
#[test]
fn a_safe_fix_that_changes_the_meaning_is_refused() {
    let dir = Path::new(ROOT).join("tests/fixtures/rules/OPT112/fires");
    let dir = dir.to_str().unwrap();
    let ws = Workspace::new(dir, &Overrides::default()).unwrap();
    let set = ws.open(dir).unwrap();
    let (fi, f) =
        set.files.iter().enumerate().find(|(_, f)| f.name().ends_with("option.dat")).unwrap();
    let at = f.source.text.find('=').unwrap() + 1;
    let rule = imtacfg::lint::registry::find("OPT112").unwrap();
    let lying = Diagnostic::new(rule, fi, imtacfg::model::Span::new(0, 1), "test").fix(
        Applicability::Safe,
        "change a value",
        vec![imtacfg::lint::Edit {
            file: fi.into(),
            span: imtacfg::model::Span::new(at, at),
            replacement: "9".into(),
        }],
    );
    let planned = fixes::plan(&[lying], FixOptions::default());
    assert_eq!(planned.applied, 1);
    let lint = |s: &ConfigSet| ws.lint(s);
    match pipeline::prepare(&set, &planned.plan, &ws.catalog, &lint, true) {
        Err(pipeline::Refusal::Unfaithful(problems)) => {
            assert!(problems[0].contains("would be"), "{problems:?}")
        }
        Err(r) => panic!("refused for another reason: {r}"),
        Ok(_) => panic!("a safe fix that changes a value was accepted"),
    }
}
