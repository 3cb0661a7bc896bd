//! The README's command examples are executed: every ```console block is a transcript,
//! `$ imtacfg ARGS` lines followed by what the command prints (standard output and error,
//! as they interleave). Each block runs in a fresh temporary directory holding `conf` (a
//! copy of examples/sample) and `examples/sample`, `examples/mistakes`, so `--write`
//! examples never touch the checkout; the commands of one block share that directory.
//!
//! - The exit status must be 0, or the one a trailing `# exit N` comment gives.
//! - Output that is JSON is compared as an excerpt, so the README can show it indented
//!   and cut: every member an object shows must be in the real output with that value
//!   (members it leaves out are not checked; a `"..."` member only says so); an array must
//!   hold exactly the elements shown, unless one of them is `"…"`: then the others appear
//!   in the real array in that order, among others; any other `"…"` value stands for any
//!   value. Other output must match exactly.
//! - A `$ ` line in a block of any other language fails: a transcript that is not run must
//!   not look like one.
//!
//! `UPDATE_README=1 cargo test --test it readme` rewrites the non-JSON outputs of README.md
//! from real runs (review the diff before committing it).

use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

use crate::common::*;

/// One fenced block of the README.
struct Block {
    /// The fence's language (`console`, `sh`, `json`, or empty).
    lang: String,
    /// 1-based line of the opening fence.
    line: usize,
    /// The lines between the fences.
    body: Vec<String>,
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap()
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(lang)) => {
                open = Some(Block { lang: lang.trim().to_string(), line: i + 1, body: vec![] })
            }
            (Some(_), Some("")) => out.push(open.take().unwrap()),
            (Some(b), _) => b.body.push(line.to_string()),
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "README.md: a fence is not closed");
    out
}

/// One `$ imtacfg …` line and the output the README gives for it.
struct Step {
    /// 1-based README line of the command.
    line: usize,
    args: Vec<String>,
    exit: i32,
    expected: String,
}

fn steps(block: &Block) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    for (i, line) in block.body.iter().enumerate() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            let (cmd, exit) = match cmd.split_once(" # exit ") {
                Some((c, n)) => (c, n.trim().parse().expect("`# exit N` takes a number")),
                None => (cmd, 0),
            };
            let args = words(cmd);
            assert_eq!(
                args.first().map(String::as_str),
                Some("imtacfg"),
                "README.md:{}: a console transcript runs imtacfg only",
                block.line + 1 + i
            );
            out.push(Step {
                line: block.line + 1 + i,
                args: args[1..].to_vec(),
                exit,
                expected: String::new(),
            });
        } else {
            let step = out.last_mut().unwrap_or_else(|| {
                panic!("README.md:{}: a console block starts with `$ `", block.line + 1 + i)
            });
            step.expected.push_str(line);
            step.expected.push('\n');
        }
    }
    out
}

/// Split a command line into words: blanks separate, single and double quotes group.
fn words(cmd: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote = None;
    let mut any = false;
    for c in cmd.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A fresh directory for one block: `conf`, the examples, and the log examples.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("examples/sample", "conf"),
        ("examples/sample", "examples/sample"),
        ("examples/mistakes", "examples/mistakes"),
        ("tests/fixtures/log", "tests/fixtures/log"),
    ] {
        let to = dir.path().join(to);
        std::fs::create_dir_all(&to).unwrap();
        copy_files(Path::new(from), &to);
    }
    dir
}

/// Run one step in `dir`: exit code and everything printed, stdout and stderr through one
/// file so that they interleave as they were written.
fn execute(dir: &Path, step: &Step) -> (i32, String) {
    let log = dir.join(".readme-output");
    let file = std::fs::File::create(&log).unwrap();
    let status = std_command(dir)
        .args(&step.args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .stdout(Stdio::from(file.try_clone().unwrap()))
        .stderr(Stdio::from(file))
        .status()
        .expect("run imtacfg");
    let text = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    std::fs::remove_file(&log).unwrap();
    (status.code().unwrap_or(-1), text)
}

/// Whether `actual` holds everything `shown` shows (see the module comment); `Err` says
/// where it does not.
fn excerpt_of(shown: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (shown, actual) {
        (Value::String(s), _) if s == "…" => Ok(()),
        (Value::Object(s), Value::Object(a)) => {
            for (k, v) in s {
                if k == "..." {
                    continue;
                }
                let Some(av) = a.get(k) else {
                    return Err(format!("{at}: no member `{k}` in the output"));
                };
                excerpt_of(v, av, &format!("{at}.{k}"))?;
            }
            Ok(())
        }
        // An array holding "…" is an excerpt: its other elements are in the real array in
        // this order, with anything before, between and after them.
        (Value::Array(s), Value::Array(a)) if s.iter().any(|v| v == "…") => {
            let mut rest = a.iter().enumerate();
            for (i, v) in s.iter().enumerate().filter(|(_, v)| *v != "…") {
                // When nothing matches, say how the nearest miss (the element that
                // matched deepest) differs.
                let mut nearest = format!("{at}[{i}]: the output has no such element");
                let found = rest.by_ref().any(|(j, av)| {
                    excerpt_of(v, av, &format!("{at}[{j}]"))
                        .map_err(|e| {
                            let depth = |e: &str| e.split(':').next().unwrap_or("").len();
                            if depth(&e) > depth(&nearest) {
                                nearest = e;
                            }
                        })
                        .is_ok()
                });
                if !found {
                    return Err(format!(
                        "{at}: no element matches README element {i}; nearest: {nearest}"
                    ));
                }
            }
            Ok(())
        }
        (Value::Array(s), Value::Array(a)) => {
            if s.len() != a.len() {
                return Err(format!(
                    "{at}: the README shows {} elements, the output has {} (add a \"…\" \
                     element to show an excerpt)",
                    s.len(),
                    a.len()
                ));
            }
            for (i, (v, av)) in s.iter().zip(a).enumerate() {
                excerpt_of(v, av, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        (s, a) if s == a => Ok(()),
        (s, a) => Err(format!("{at}: the README shows {s}, the output is {a}")),
    }
}

/// Where the two texts differ, as a unified diff (README first).
fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .header("README", "actual")
        .to_string()
}

#[test]
fn readme_console_examples_are_real_output() {
    let text = readme();
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut failures = Vec::new();
    let mut ran = 0;
    // (README line of the command, number of expected lines, new output) for UPDATE_README.
    let mut rewrites: Vec<(usize, usize, String)> = Vec::new();
    for block in blocks(&text).iter().filter(|b| b.lang == "console") {
        let dir = workdir();
        for step in steps(block) {
            ran += 1;
            let (code, out) = execute(dir.path(), &step);
            let place = format!("README.md:{}: imtacfg {}", step.line, step.args.join(" "));
            if code != step.exit {
                failures.push(format!(
                    "{place}: exit status {code}, the README says {} (a `# exit N` comment \
                     after the command gives another)\n{out}",
                    step.exit
                ));
            }
            let shown_json = step.expected.trim_start().starts_with('{');
            if shown_json {
                let shown: Value = match serde_json::from_str(&step.expected) {
                    Ok(v) => v,
                    Err(e) => {
                        failures.push(format!("{place}: the README's JSON does not parse: {e}"));
                        continue;
                    }
                };
                match serde_json::from_str::<Value>(&out) {
                    Ok(actual) => {
                        if let Err(e) = excerpt_of(&shown, &actual, "$") {
                            failures.push(format!("{place}: {e}"));
                        }
                    }
                    Err(e) => failures.push(format!("{place}: the output is not JSON: {e}\n{out}")),
                }
            } else if out != step.expected {
                failures.push(format!("{place}:\n{}", diff(&step.expected, &out)));
                rewrites.push((step.line, step.expected.lines().count(), out));
            }
        }
    }
    if update && !rewrites.is_empty() {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for (line, count, out) in rewrites.iter().rev() {
            lines.splice(*line..*line + count, out.lines().map(str::to_string));
        }
        let mut new = lines.join("\n");
        new.push('\n');
        std::fs::write(Path::new(ROOT).join("README.md"), new).unwrap();
        eprintln!("UPDATE_README: rewrote {} outputs in README.md", rewrites.len());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(ran >= 10, "only {ran} console commands in README.md");
}

#[test]
fn readme_transcripts_are_all_run() {
    for block in blocks(&readme()) {
        if block.lang == "console" {
            continue;
        }
        for (i, line) in block.body.iter().enumerate() {
            assert!(
                !line.starts_with("$ "),
                "README.md:{}: a `$ ` transcript in a ```{} block is never run; make it \
                 ```console (it is then tested) or drop the prompt",
                block.line + 1 + i,
                block.lang
            );
        }
    }
}

/// The README's first block is what a newcomer runs: the main job on the examples, then
/// the tests; .ci/run must run the same test command.
#[test]
fn readme_first_commands_are_true() {
    let first = blocks(&readme()).into_iter().next().unwrap();
    let cmds: Vec<&str> = first.body.iter().map(|l| l.split('#').next().unwrap().trim()).collect();
    assert_eq!(cmds, ["cargo run --release -- lint examples/sample", "cargo test"]);
    let out = run(&["lint", "examples/sample"]);
    assert_eq!(out.code, 0, "{out:?}");
    let ci = std::fs::read_to_string(Path::new(ROOT).join(".ci/run")).unwrap();
    let last = ci.lines().rfind(|l| !l.trim().is_empty() && !l.starts_with('#'));
    assert_eq!(last, Some("cargo test"));
}

#[test]
fn excerpts_match_as_documented() {
    let actual: Value =
        serde_json::from_str(r#"{"a": 1, "b": [{"x": 1, "y": 2}, {"x": 3}], "c": "z"}"#).unwrap();
    let ok = |s: &str| excerpt_of(&serde_json::from_str(s).unwrap(), &actual, "$");
    assert!(ok(r#"{"a": 1, "...": "…"}"#).is_ok());
    assert!(ok(r#"{"b": [{"x": 3}, "…"], "c": "…"}"#).is_ok());
    assert!(ok(r#"{"b": [{"x": 1}, {"x": 3}]}"#).is_ok());
    assert!(ok(r#"{"b": [{"x": 3}]}"#).is_err(), "without a final \"…\" all elements");
    assert!(ok(r#"{"b": []}"#).is_err());
    assert!(ok(r#"{"b": [{"x": 3}, {"x": 1}, "…"]}"#).is_err(), "order counts");
    assert!(ok(r#"{"b": "…"}"#).is_ok());
    assert!(ok(r#"{"b": ["…", {"x": 3}]}"#).is_ok());
    assert!(ok(r#"{"b": ["…", {"x": 1}, "…", {"x": 1}]}"#).is_err());
    assert!(ok(r#"{"a": 2}"#).is_err());
    assert!(ok(r#"{"d": 1}"#).is_err());
    assert!(ok(r#"{"b": [{"x": 1, "y": 3}]}"#).is_err());
    assert_eq!(words(r#"imtacfg a "b c" '' d"#), ["imtacfg", "a", "b c", "", "d"]);
}
