//! `imtacfg lint`, `rules`, `explain`, `init` and `config set` end to end: exit codes,
//! every report format (snapshots `lint_*`), the JSON and SARIF shapes, stable
//! fingerprints, rule selection, standard input, the settings file and how it is found,
//! colour, suppression comments and baselines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use imtacfg::lint::registry;
use serde_json::Value;

use crate::common::*;

fn lint(args: &[&str]) -> Out {
    run_cmd(imtacfg().arg("lint").args(args))
}

/// The finding lines of a concise report (without its summary line).
fn finding_lines(concise: &str) -> Vec<&str> {
    concise.lines().filter(|l| l.contains(": ")).collect()
}

/// `code` of every concise finding line.
fn codes(concise: &str) -> Vec<String> {
    finding_lines(concise)
        .into_iter()
        .map(|l| l.split_whitespace().nth(2).unwrap_or_default().to_string())
        .collect()
}

/// Prepend lines to a file.
fn prepend(path: &Path, lines: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, format!("{lines}{text}")).unwrap();
}

/// Delete the line(s) of a file equal to `line`.
fn delete_line(path: &Path, line: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.lines().any(|l| l == line), "{line:?} not in {path:?}");
    let kept: String = text.lines().filter(|l| *l != line).map(|l| format!("{l}\n")).collect();
    std::fs::write(path, kept).unwrap();
}

const CLEAN_OPTION_DAT: &str = "! option.dat\nLOG_CONNECTION=3\nLOG_FILENAME=1\n";
const WARNING_OPTION_DAT: &str = "! option.dat\nLOG_CONECTION=3\n";

// ---- exit codes ----------------------------------------------------------------------

#[test]
fn clean_directory_exits_0() {
    let dir = conf(&[("option.dat", CLEAN_OPTION_DAT)]);
    let out = lint(&[p(&dir)]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.ends_with("0 errors, 0 warnings, 0 infos in 1 file\n"), "{}", out.stdout);
    // The sample has an info finding only: still 0 with the default --fail-on warning.
    assert_eq!(lint(&[SAMPLE]).code, 0);
}

#[test]
fn warnings_exit_1_unless_fail_on_error_or_exit_zero() {
    let dir = conf(&[("option.dat", WARNING_OPTION_DAT)]);
    assert_eq!(lint(&[p(&dir)]).code, 1);
    assert_eq!(lint(&[p(&dir), "--fail-on", "warning"]).code, 1);
    assert_eq!(lint(&[p(&dir), "--fail-on", "error"]).code, 0);
    assert_eq!(lint(&[p(&dir), "--exit-zero"]).code, 0);
    // Errors too are overridden by --exit-zero; info counts with --fail-on info.
    assert_eq!(lint(&[MISTAKES, "--exit-zero"]).code, 0);
    assert_eq!(lint(&[MISTAKES, "--fail-on", "error"]).code, 1);
    assert_eq!(lint(&[SAMPLE, "--fail-on", "info"]).code, 1);
}

#[test]
fn fail_on_from_the_settings_file() {
    let dir = conf(&[
        ("option.dat", WARNING_OPTION_DAT),
        ("imtacfg.toml", "[lint]\nfail-on = \"error\"\n"),
    ]);
    assert_eq!(lint(&[p(&dir)]).code, 0);
    // The command line wins.
    assert_eq!(lint(&[p(&dir), "--fail-on", "warning"]).code, 1);
}

#[test]
fn usage_errors_exit_2() {
    let out = lint(&[MISTAKES, "--select", "NOPE123"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no rule matches `NOPE123`"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let out = lint(&[MISTAKES, "--ignore", "IMTA999"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("IMTA999"), "{}", out.stderr);
    let out = lint(&[MISTAKES, "--format", "xml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("xml"), "{}", out.stderr);
    // Paths that cannot be read are errors in the report (the human one on stdout).
    let out = lint(&["no/such/directory"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("error: no/such/directory"), "{}", out.stdout);
    // A directory without any configuration file.
    let empty = tempfile::tempdir().unwrap();
    let out = lint(&[p(&empty)]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("no configuration files here"), "{}", out.stdout);
    // A file whose name does not tell its kind.
    let out = lint(&["examples/mistakes/MISTAKES.md"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("--kind"), "{}", out.stdout);
}

#[test]
fn binary_file_exits_2_with_file_line_and_column() {
    let dir = conf(&[("option.dat", "LOG_FILENAME=1\nLOG\0=1\n")]);
    // The human report says it (on standard output, as an error line with the place)…
    let out = lint(&[p(&dir)]);
    assert_eq!(out.code, 2);
    let place = format!("error: {}/option.dat:2:4: ", p(&dir));
    assert!(out.stdout.contains(&place), "{}", out.stdout);
    assert!(out.stdout.contains("binary"), "{}", out.stdout);
    // …and so do a JSON report and standard error.
    let out = lint(&[p(&dir), "--format", "json"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("option.dat:2:4: "), "{}", out.stderr);
    assert!(out.stderr.contains("binary"), "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["errors"][0]["line"], 2, "{v}");
    assert_eq!(v["errors"][0]["column"], 4, "{v}");
}

#[test]
fn invalid_settings_file_exits_2_naming_file_and_line() {
    // (imtacfg.toml, what standard error says): a misspelt setting; a severity for a rule
    // that does not exist, and a bad value.
    let cases: [(&str, &[&str]); 2] = [
        ("# settings\n[lint]\nmax-line-lenght = 300\n", &["imtacfg.toml:3:", "max-line-lenght"]),
        ("[lint.severity]\nX001 = \"loud\"\n", &["imtacfg.toml:2:"]),
    ];
    for (settings, says) in cases {
        let dir = conf(&[("option.dat", CLEAN_OPTION_DAT), ("imtacfg.toml", settings)]);
        let out = lint(&[p(&dir)]);
        assert_eq!(out.code, 2, "{settings:?}");
        for part in says {
            assert!(out.stderr.contains(part), "{settings:?}: no {part:?} in {}", out.stderr);
        }
    }
}

// ---- every report format ---------------------------------------------------------------

#[test]
fn snapshots_of_every_format() {
    for (format, name) in [
        ("human", "lint_mistakes_human"),
        ("concise", "lint_mistakes_concise"),
        ("json", "lint_mistakes_json"),
        ("sarif", "lint_mistakes_sarif"),
        ("github", "lint_mistakes_github"),
    ] {
        let out = lint(&[MISTAKES, "--format", format, "--color", "never"]);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert!(out.stderr.is_empty(), "{format}: {}", out.stderr);
        // SARIF names the working directory, which differs from machine to machine.
        let root = format!("file://{}/", env!("CARGO_MANIFEST_DIR"));
        snapshot!(name, out.stdout.replace(&root, "file:///CRATE_ROOT/"));
    }
}

#[test]
fn concise_and_json_agree() {
    let concise = lint(&[MISTAKES, "--format", "concise"]).stdout;
    let json: Value = serde_json::from_str(&lint(&[MISTAKES, "--format", "json"]).stdout).unwrap();
    let from_json: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {} {} {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(finding_lines(&concise), from_json);
    assert_eq!(
        concise.lines().last(),
        Some("12 errors, 31 warnings, 4 infos in 8 files"),
        "the concise report ends with the summary line"
    );
}

#[test]
fn json_report_shape() {
    let out = lint(&[MISTAKES, "--format", "json"]);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    let mut with_related = 0;
    let mut with_fix = 0;
    for d in diags {
        for key in [
            "code", "name", "severity", "message", "file", "line", "column", "end_line",
            "end_column", "help", "related", "fix",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        let code = d["code"].as_str().unwrap();
        let rule = registry::find(code).unwrap_or_else(|| panic!("unknown code {code}"));
        assert_eq!(d["name"], rule.name);
        assert!(d["file"].as_str().unwrap().starts_with("examples/mistakes/"));
        let (l, c, el, ec) = (
            d["line"].as_u64().unwrap(),
            d["column"].as_u64().unwrap(),
            d["end_line"].as_u64().unwrap(),
            d["end_column"].as_u64().unwrap(),
        );
        assert!(l >= 1 && c >= 1, "{d}");
        assert!((el, ec) >= (l, c), "end before start: {d}");
        assert!(d["help"].is_null() || d["help"].is_string());
        for r in d["related"].as_array().unwrap() {
            with_related += 1;
            for key in ["file", "line", "column", "message"] {
                assert!(r.get(key).is_some(), "related {key} missing in {d}");
            }
        }
        if let Some(fix) = d["fix"].as_object() {
            with_fix += 1;
            assert!(fix["description"].is_string());
            for e in fix["edits"].as_array().unwrap() {
                for key in ["file", "line", "column", "end_line", "end_column", "replacement"] {
                    assert!(e.get(key).is_some(), "edit {key} missing in {d}");
                }
            }
        } else {
            assert!(d["fix"].is_null());
        }
        match d["severity"].as_str().unwrap() {
            "error" => errors += 1,
            "warning" => warnings += 1,
            "info" => infos += 1,
            other => panic!("severity {other}"),
        }
    }
    assert!(with_related > 0 && with_fix > 0);
    let s = &v["summary"];
    assert_eq!(s["files"], 8);
    assert_eq!(s["errors"], errors);
    assert_eq!(s["warnings"], warnings);
    assert_eq!(s["infos"], infos);
}

fn sarif_of(path: &str) -> Value {
    let out = run_cmd(imtacfg().args(["lint", path, "--format", "sarif"]));
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn sarif_report_shape() {
    let v = sarif_of(MISTAKES);
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif"));
    let run0 = &v["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "imtacfg");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let registry_codes: Vec<&str> = registry::all().iter().map(|r| r.code).collect();
    assert_eq!(ids, registry_codes);
    for (r, info) in rules.iter().zip(registry::all()) {
        assert_eq!(r["name"], info.name);
        assert_eq!(r["shortDescription"]["text"], info.summary);
        assert!(r["defaultConfiguration"]["level"].is_string());
    }
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(ids[index], id);
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().unwrap()));
        let fp = res["partialFingerprints"]["imtacfg/v1"].as_str().unwrap();
        assert_eq!(fp.len(), 16);
        assert!(fp.bytes().all(|b| b.is_ascii_hexdigit()));
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(
            res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("examples/mistakes/")
        );
    }
}

/// (file, ruleId) → fingerprints, and every (file, fingerprint) is unique.
fn fingerprints(v: &Value) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut map: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for res in v["runs"][0]["results"].as_array().unwrap() {
        let uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .to_string();
        let fp = res["partialFingerprints"]["imtacfg/v1"].as_str().unwrap().to_string();
        assert!(seen.insert((uri.clone(), fp.clone())), "fingerprint {fp} twice in {uri}");
        map.entry((uri, res["ruleId"].as_str().unwrap().to_string())).or_default().insert(fp);
    }
    map
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let dir = copy_dir(MISTAKES);
    let before = sarif_of(p(&dir));
    for (file, lines) in [
        ("option.dat", "! reviewed in March\n! see the change log\n"),
        ("dispatcher.cnf", "! managed by hand\n"),
        ("imta.cnf", "! relay configuration, rev 2\n! owner: postmaster\n"),
    ] {
        prepend(&dir.path().join(file), lines);
    }
    let after = sarif_of(p(&dir));
    // The lines moved…
    let line_of = |v: &Value, code: &str| {
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == code)
            .map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].clone())
    };
    assert_ne!(line_of(&before, "OPT101"), line_of(&after, "OPT101"));
    // …the fingerprints did not.
    assert_eq!(fingerprints(&before), fingerprints(&after));
}

// ---- selecting rules ---------------------------------------------------------------------

#[test]
fn select_and_ignore_by_code_prefix_and_name() {
    let concise = |args: &[&str]| {
        let mut all = vec![MISTAKES, "--format", "concise", "--exit-zero"];
        all.extend_from_slice(args);
        let out = lint(&all);
        assert_eq!(out.code, 0, "{}", out.stderr);
        codes(&out.stdout)
    };
    let all = concise(&[]);
    assert!(all.len() > 40);
    let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
    assert_eq!(set(&concise(&["--select", "IMTA206"])), set(&["IMTA206".into()]));
    assert_eq!(concise(&["--select", "IMTA206"]).len(), 2);
    // By name, any case.
    assert_eq!(concise(&["--select", "Conflicting-Keywords"]), concise(&["--select", "IMTA206"]));
    // By prefix.
    let dsp1 = concise(&["--select", "DSP1"]);
    assert!(!dsp1.is_empty() && dsp1.iter().all(|c| c.starts_with("DSP1")));
    assert_eq!(dsp1.len(), all.iter().filter(|c| c.starts_with("DSP1")).count());
    // Comma-separated, and repeated.
    let two = concise(&["--select", "OPT101,X001"]);
    assert_eq!(set(&two), set(&["OPT101".into(), "X001".into()]));
    assert_eq!(concise(&["--select", "OPT101", "--select", "X001"]), two);
    // Ignore by prefix, code and name.
    let rest = concise(&[
        "--ignore", "IMTA,DSP", "--ignore", "OPT101", "--ignore", "nodefaults-drops-logging",
    ]);
    assert!(!rest.is_empty());
    assert!(
        rest.iter().all(|c| !c.starts_with("IMTA")
            && !c.starts_with("DSP")
            && c != "OPT101"
            && c != "X402"),
        "{rest:?}"
    );
    assert_eq!(
        rest.len(),
        all.iter()
            .filter(|c| !c.starts_with("IMTA")
                && !c.starts_with("DSP")
                && *c != "OPT101"
                && *c != "X402")
            .count()
    );
    // Ignore wins over select.
    assert!(
        concise(&["--select", "OPT", "--ignore", "OPT1"]).iter().all(|c| c.starts_with("OPT4"))
    );
}

// ---- standard input -------------------------------------------------------------------------

#[test]
fn standard_input_with_a_file_name() {
    let text = std::fs::read_to_string("examples/mistakes/option.dat").unwrap();
    let out = run_cmd(
        imtacfg()
            .args(["lint", "--stdin-filename", "option.dat", "-", "--format", "concise"])
            .write_stdin(text.clone()),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let first = out.stdout.lines().next().unwrap();
    assert!(first.starts_with("option.dat:3:1: warning OPT101 `LOG_CONECTION`"), "{}", out.stdout);
    // The same findings as the file read alone, named after --stdin-filename.
    let alone = lint(&["examples/mistakes/option.dat", "--format", "concise"]);
    assert_eq!(out.stdout, alone.stdout.replace("examples/mistakes/option.dat", "option.dat"));
    // --kind instead of a recognisable name.
    let out = run_cmd(
        imtacfg()
            .args(["lint", "--kind", "option", "-", "--format", "concise"])
            .write_stdin(WARNING_OPTION_DAT),
    );
    assert_eq!(out.code, 1);
    assert!(out.stdout.starts_with("<stdin>:2:1: warning OPT101"), "{}", out.stdout);
    // Neither: a usage error.
    let out = run_cmd(imtacfg().args(["lint", "-"]).write_stdin(WARNING_OPTION_DAT));
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("--stdin-filename"), "{}", out.stdout);
    // Binary standard input.
    let out = run_cmd(
        imtacfg().args(["lint", "--stdin-filename", "option.dat", "-"]).write_stdin("A=1\n\0"),
    );
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("error: option.dat"), "{}", out.stdout);
}

// ---- settings file: --config, IMTACFG_CONFIG, discovery -------------------------------

const X001_OFF: &str = "# quiet about long lines\n[lint.severity]\nX001 = \"off\"\n";

fn has_x001(out: &Out) -> bool {
    codes(&out.stdout).iter().any(|c| c == "X001")
}

#[test]
fn settings_from_config_option_and_environment() {
    let settings = conf(&[("quiet.toml", X001_OFF), ("loud.toml", "[lint]\n")]);
    let quiet = settings.path().join("quiet.toml");
    let loud = settings.path().join("loud.toml");
    let base = [MISTAKES, "--format", "concise"];
    assert!(has_x001(&lint(&base)));
    let out = lint(&[&base[..], &["--config", quiet.to_str().unwrap()]].concat());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!has_x001(&out), "{}", out.stdout);
    // Only X001 went away.
    assert_eq!(codes(&out.stdout).len() + 1, codes(&lint(&base).stdout).len());
    let out = run_cmd(imtacfg().env("IMTACFG_CONFIG", &quiet).arg("lint").args(base));
    assert!(!has_x001(&out), "{}", out.stdout);
    // --config wins over the environment.
    let out = run_cmd(
        imtacfg()
            .env("IMTACFG_CONFIG", &quiet)
            .arg("lint")
            .args(base)
            .args(["--config", loud.to_str().unwrap()]),
    );
    assert!(has_x001(&out), "{}", out.stdout);
    // A --config file that does not exist is an error, not silently ignored.
    let out = lint(&[&base[..], &["--config", "no/such/imtacfg.toml"]].concat());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no/such/imtacfg.toml"), "{}", out.stderr);
}

#[test]
fn nearest_settings_file_is_discovered() {
    // parent/imtacfg.toml applies to parent/conf/; a nearer file in conf/ wins.
    let parent = tempfile::tempdir().unwrap();
    let conf_dir = parent.path().join("conf");
    std::fs::create_dir(&conf_dir).unwrap();
    let long = format!("! {}\nLOG_FILENAME=1\n", "x".repeat(280));
    std::fs::write(conf_dir.join("option.dat"), &long).unwrap();
    let path = conf_dir.to_str().unwrap();
    let out = lint(&[path, "--format", "concise"]);
    assert_eq!(codes(&out.stdout), ["X001"]);
    assert!(out.stdout.contains("282 characters; the documented limit is 252"), "{}", out.stdout);
    std::fs::write(parent.path().join("imtacfg.toml"), "[lint]\nmax-line-length = 300\n").unwrap();
    let out = lint(&[path, "--format", "concise"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    std::fs::write(conf_dir.join("imtacfg.toml"), "[lint]\nmax-line-length = 100\n").unwrap();
    let out = lint(&[path, "--format", "concise"]);
    assert_contains(&out.stdout, "the limit set is 100 (the documented one is 252)");
    // Also when a file inside the directory is linted.
    let out = lint(&[conf_dir.join("option.dat").to_str().unwrap(), "--format", "concise"]);
    assert_contains(&out.stdout, "the limit set is 100 (the documented one is 252)");
    // The command line wins over the file.
    let out = lint(&[path, "--format", "concise", "--max-line-length", "400"]);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

// ---- colour ------------------------------------------------------------------------------

/// Run a shell command line under a pseudo-terminal (util-linux `script`), so that
/// `--color auto` sees a terminal. `None` when `script` is not available.
fn on_a_terminal(command: &str, no_color: bool) -> Option<String> {
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("IMTACFG_CONFIG")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env("TERM", "xterm");
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let out = cmd.output().ok()?;
    if !out.status.success() && out.stdout.is_empty() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn no_color_gives_no_escape_codes() {
    let bin = assert_cmd::cargo::cargo_bin("imtacfg");
    let command = format!("{} lint examples/mistakes/option.dat --exit-zero", bin.display());
    // Piped output: never coloured (auto), and never with --color never.
    assert!(!lint(&[MISTAKES]).stdout.contains('\x1b'));
    let out = run_cmd(imtacfg().env("NO_COLOR", "1").args(["lint", MISTAKES]));
    assert!(!out.stdout.contains('\x1b'));
    assert!(!lint(&[MISTAKES, "--color", "never"]).stdout.contains('\x1b'));
    assert!(lint(&[MISTAKES, "--color", "always"]).stdout.contains('\x1b'));
    // On a terminal: coloured by default, plain with NO_COLOR=1.
    let Some(tty) = on_a_terminal(&command, false) else {
        eprintln!("`script` is not available: terminal part skipped");
        return;
    };
    assert!(tty.contains('\x1b'), "no colour on a terminal: {tty}");
    let plain = on_a_terminal(&command, true).unwrap();
    assert!(!plain.contains('\x1b'), "colour despite NO_COLOR: {plain}");
    assert!(plain.contains("OPT101 unknown-option"), "{plain}");
}

// ---- suppression comments ---------------------------------------------------------------

/// Suppressions in imta.cnf and dispatcher.cnf.
#[test]
fn suppression_comments_in_imta_and_dispatcher() {
    let dir = conf(&[
        (
            "imta.cnf",
            "! rules\n.example.org $U%$D@tcp_local-daemon\n\nl\nmail.example.org\n\n! imtacfg: disable-next-line IMTA201 -- unix group of the relay operators\ntcp_local smtp mx relayops\ntcp_local-daemon\n",
        ),
        (
            "dispatcher.cnf",
            "! imtacfg: disable-next-line debug-left-on -- until ticket 12 is closed\nDEBUG=-1\n[SERVICE=SMTP]\nPORT=25\nIMAGE=IMTA_BIN:tcp_smtp_server\n",
        ),
    ]);
    let out = lint(&[p(&dir), "--format", "concise", "--fail-on", "info"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

/// One option file with suppression directives, a row of `tests/data/suppressions.toml`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Suppressions {
    name: String,
    file: String,
    text: String,
    /// `LINE CODE` of each finding of the concise report, in order.
    findings: Vec<String>,
    /// Text the report holds too.
    #[serde(default)]
    says: Option<String>,
}

#[test]
fn suppression_cases() {
    for row in rows::<Suppressions>("suppressions") {
        let dir = conf(&[(&row.file, &row.text)]);
        let out = lint(&[p(&dir), "--format", "concise"]);
        let prefix = format!("{}/{}:", p(&dir), row.file);
        let found: Vec<String> = finding_lines(&out.stdout)
            .into_iter()
            .map(|l| {
                // `LINE:COL: SEVERITY CODE message`
                let words: Vec<&str> =
                    l.strip_prefix(&prefix).unwrap().split_whitespace().collect();
                format!("{} {}", words[0].split(':').next().unwrap(), words[2])
            })
            .collect();
        assert_eq!(found, row.findings, "{}: {}", row.name, out.stdout);
        let code = if row.findings.is_empty() { 0 } else { 1 };
        assert_eq!(out.code, code, "{}: {out:?}", row.name);
        if row.findings.is_empty() {
            assert!(out.stdout.is_empty(), "{}: {}", row.name, out.stdout);
        }
        if let Some(says) = &row.says {
            assert!(out.stdout.contains(says.as_str()), "{}: {}", row.name, out.stdout);
        }
    }
}

// ---- baselines -----------------------------------------------------------------------------

/// A copy of the mistakes and the baseline written of it (in a directory of its own).
struct Baselined {
    dir: tempfile::TempDir,
    _base: tempfile::TempDir,
    file: String,
    /// What `--write-baseline` printed.
    written: Out,
}

fn baselined() -> Baselined {
    let dir = copy_dir(MISTAKES);
    let base = tempfile::tempdir().unwrap();
    let file = p(&base.path().join("baseline.json")).to_string();
    let written = lint(&[p(&dir), "--write-baseline", &file]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    Baselined { dir, _base: base, file, written }
}

#[test]
fn baseline_round_trip() {
    let Baselined { dir, _base, file, written: out } = baselined();
    let file = file.as_str();
    let n =
        finding_lines(&run_cmd(imtacfg().args(["lint", p(&dir), "--format", "concise"])).stdout)
            .len();
    assert!(out.stderr.contains(&format!("wrote {n} finding(s)")), "{}", out.stderr);
    let b: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(b["version"], 1);
    assert_eq!(b["entries"].as_array().unwrap().len(), n);

    // Everything known: nothing reported, exit 0.
    let clean = |out: &Out| {
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert_contains(&out.stdout, "0 errors, 0 warnings, 0 infos in 8 files\n");
    };
    let out = lint(&[p(&dir), "--baseline", file]);
    clean(&out);
    // The summary says what the baseline hid.
    assert!(
        out.stdout.ends_with(&format!("\n{n} findings hidden by the baseline\n")),
        "{}",
        out.stdout
    );
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    // An unrelated edit that moves every line: still nothing.
    prepend(&dir.path().join("option.dat"), "! reviewed\n");
    prepend(&dir.path().join("dispatcher.cnf"), "! reviewed\n!\n");
    let out = lint(&[p(&dir), "--baseline", file]);
    clean(&out);
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    // A new problem is reported.
    let opt = dir.path().join("option.dat");
    std::fs::write(&opt, format!("{}LOG_FILTR=1\n", std::fs::read_to_string(&opt).unwrap()))
        .unwrap();
    let out = lint(&[p(&dir), "--baseline", file, "--format", "concise"]);
    assert_eq!(out.code, 1);
    assert_eq!(codes(&out.stdout), ["OPT101"], "{}", out.stdout);
    delete_line(&opt, "LOG_FILTR=1");

    // Fixing LOG_FORMAT=9 removes two findings (OPT102 and OPT103): both entries are stale.
    delete_line(&opt, "LOG_FORMAT=9");
    let out = lint(&[p(&dir), "--baseline", file]);
    clean(&out);
    assert_contains(&out.stderr, "2 baseline entries no longer match any finding");
}

#[test]
fn baseline_errors() {
    let bad = conf(&[("baseline.json", "{\"version\": 2, \"entries\": []}")]);
    let file = bad.path().join("baseline.json");
    let out = lint(&[MISTAKES, "--baseline", file.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("baseline.json"), "{}", out.stderr);
    let out = lint(&[MISTAKES, "--baseline", "no/such/baseline.json"]);
    assert_eq!(out.code, 2);
}

#[test]
fn one_stale_baseline_entry_is_grammatical() {
    let b = baselined();
    let (dir, file) = (&b.dir, b.file.as_str());
    delete_line(&dir.path().join("dispatcher.cnf"), "MAX_CONNECTIONS=10");
    let out = lint(&[p(&dir), "--baseline", file]);
    assert_eq!(out.code, 0);
    assert_contains(&out.stderr, "1 baseline entry no longer matches any finding");
}

#[test]
fn baseline_does_not_depend_on_how_the_path_is_written() {
    let parent = tempfile::tempdir().unwrap();
    let conf_dir = parent.path().join("conf");
    std::fs::create_dir(&conf_dir).unwrap();
    for e in std::fs::read_dir(MISTAKES).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), conf_dir.join(e.file_name())).unwrap();
    }
    let file = parent.path().join("baseline.json");
    let file = file.to_str().unwrap();
    let in_parent =
        |args: &[&str]| run_cmd(imtacfg().current_dir(parent.path()).arg("lint").args(args));
    assert_eq!(in_parent(&["conf", "--write-baseline", file]).code, 0);
    assert_eq!(in_parent(&["conf", "--baseline", file]).code, 0);
    for out in [
        in_parent(&["./conf", "--baseline", file]),
        in_parent(&[conf_dir.to_str().unwrap(), "--baseline", file]),
        run_cmd(imtacfg().current_dir(&conf_dir).args(["lint", "--baseline", file])),
    ] {
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert!(out.stderr.is_empty(), "{}", out.stderr);
    }
}

// ---- human report layout ------------------------------------------------------------------

/// Each finding of the human report starts with `CODE name`; the first `╭─[file:line:col]`
/// after it should be the finding's own location, as in the concise and JSON reports.
#[test]
fn human_report_names_the_finding_location_first() {
    let human = lint(&[MISTAKES, "--color", "never"]).stdout;
    let json: Value = serde_json::from_str(&lint(&[MISTAKES, "--format", "json"]).stdout).unwrap();
    let mut headers = Vec::new();
    let mut want_header = false;
    for line in human.lines() {
        let mut words = line.split(' ');
        if let (Some(severity), Some(code), Some(name), None) =
            (words.next(), words.next(), words.next(), words.next())
            && ["error", "warning", "info"].contains(&severity)
            && registry::find(code).is_some_and(|r| r.name == name)
        {
            want_header = true;
            continue;
        }
        if want_header && let Some(at) = line.split("╭─[").nth(1) {
            headers.push(at.trim_end_matches(']').to_string());
            want_header = false;
        }
    }
    let expected: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}:{}:{}", d["file"].as_str().unwrap(), d["line"], d["column"]))
        .collect();
    assert_eq!(headers.len(), expected.len());
    let wrong: Vec<String> = headers
        .iter()
        .zip(&expected)
        .filter(|(h, e)| h != e)
        .map(|(h, e)| format!("shown {h}, finding at {e}"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

// ---- rules, explain -----------------------------------------------------------------------

#[test]
fn rules_table_and_json() {
    let out = run_cmd(imtacfg().arg("rules"));
    assert_eq!(out.code, 0);
    let all = registry::all();
    assert_eq!(out.stdout.lines().count(), all.len());
    for (line, r) in out.stdout.lines().zip(all.iter()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(&words[..3], &[r.code, r.severity.as_str(), r.name], "{line}");
        assert!(line.ends_with(r.summary), "{line}");
    }
    snapshot!("lint_rules_table", out.stdout);

    let out = run_cmd(imtacfg().args(["rules", "--format", "json"]));
    assert_eq!(out.code, 0);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let rules = v["rules"].as_array().unwrap();
    assert_eq!(rules.len(), all.len());
    for (j, r) in rules.iter().zip(all.iter()) {
        assert_eq!(j["code"], r.code);
        assert_eq!(j["name"], r.name);
        assert_eq!(j["severity"], r.severity.as_str());
        for key in ["summary", "why", "example", "fix"] {
            assert!(!j[key].as_str().unwrap().trim().is_empty(), "{} {key}", r.code);
        }
    }
}

#[test]
fn explain_by_code_and_name() {
    let out = run_cmd(imtacfg().args(["explain", "IMTA101"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("IMTA101 rules-ended-early (error by default)\n"));
    snapshot!("lint_explain_IMTA101", out.stdout);
    let out = run_cmd(imtacfg().args(["explain", "heap-exceeds-datasize"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("DSP114 heap-exceeds-datasize"));
    snapshot!("lint_explain_DSP114", out.stdout);
    // Any case.
    let lower = run_cmd(imtacfg().args(["explain", "dsp114"]));
    assert_eq!(lower.stdout, out.stdout);
    // Every rule can be explained, with all four parts.
    for r in registry::all() {
        let out = run_cmd(imtacfg().args(["explain", r.code]));
        assert_eq!(out.code, 0, "{}", r.code);
        for part in ["Why it matters\n", "Example\n", "How to fix it\n"] {
            assert!(out.stdout.contains(part), "{}: no {part:?}", r.code);
        }
    }
}

#[test]
fn explain_unknown_rule_exits_2() {
    let out = run_cmd(imtacfg().args(["explain", "NOPE"]));
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("no rule is called `NOPE`"), "{}", out.stderr);
}

// ---- DSP101 suggestion (regression) ---------------------------------------------------

/// Commit e843e17 made did-you-mean skip candidates of a very different length, which lost
/// the suggestion for the rule's own example (MISTAKES.md row 34); 09dc593 restored it.
#[test]
fn dsp101_suggests_max_conns() {
    let out = lint(&[MISTAKES, "--select", "DSP101", "--format", "json"]);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let help = v["diagnostics"][0]["help"].as_str().unwrap_or_default();
    assert!(help.contains("MAX_CONNS"), "{help}");
    assert!(!v["diagnostics"][0]["fix"].is_null());
}

// ---- init, config set -----------------------------------------------------------------

#[test]
fn init_writes_a_file_that_loads_cleanly() {
    let dir = conf(&[("option.dat", CLEAN_OPTION_DAT)]);
    let out = run_cmd(imtacfg().current_dir(dir.path()).arg("init"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "wrote imtacfg.toml\n");
    let written = dir.path().join("imtacfg.toml");
    let text = std::fs::read_to_string(&written).unwrap();
    assert_eq!(text, imtacfg::settings::STARTER);
    // Discovered and accepted by lint (no error, exit 0 on a clean directory).
    let out = lint(&[p(&dir)]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let out = lint(&[p(&dir), "--config", written.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Not overwritten without --force.
    std::fs::write(&written, "# mine\n").unwrap();
    let out = run_cmd(imtacfg().current_dir(dir.path()).arg("init"));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&written).unwrap(), "# mine\n");
    let out = run_cmd(imtacfg().current_dir(dir.path()).args(["init", "--force"]));
    assert_eq!(out.code, 0);
    assert_eq!(std::fs::read_to_string(&written).unwrap(), imtacfg::settings::STARTER);
    // Another path.
    let out = run_cmd(imtacfg().current_dir(dir.path()).args(["init", "other.toml"]));
    assert_eq!(out.code, 0);
    assert!(dir.path().join("other.toml").is_file());
}

#[test]
fn config_set_keeps_comments() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_cmd(imtacfg().current_dir(dir.path()).arg("init")).code, 0);
    let file = dir.path().join("imtacfg.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    let set = |key: &str, value: &str| {
        run_cmd(imtacfg().current_dir(dir.path()).args(["config", "set", key, value]))
    };
    let out = set("lint.max-line-length", "330");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "set lint.max-line-length = 330 in imtacfg.toml\n");
    let after = std::fs::read_to_string(&file).unwrap();
    // Exactly one line added, under [lint]; every comment is still there.
    let expected = before.replacen("[lint]\n", "[lint]\nmax-line-length = 330\n", 1);
    assert_eq!(after, expected);
    // Setting it again changes the value in place.
    assert_eq!(set("lint.max-line-length", "400").code, 0);
    let again = std::fs::read_to_string(&file).unwrap();
    assert_eq!(again, expected.replace("max-line-length = 330", "max-line-length = 400"));
    // A severity goes right under [lint.severity], as a string; the comments stay.
    assert_eq!(set("lint.severity.X001", "off").code, 0);
    let sev = std::fs::read_to_string(&file).unwrap();
    assert_eq!(sev, again.replacen("[lint.severity]\n", "[lint.severity]\nX001 = \"off\"\n", 1));
    // The file works: X001 is off, lines up to 400 are fine.
    let conf_dir = conf(&[("option.dat", &format!("! {}\nLOG_FILENAME=1\n", "x".repeat(300)))]);
    let out = lint(&[p(&conf_dir), "--config", file.to_str().unwrap(), "--format", "concise"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // Unknown keys are refused and the file is left alone.
    let out = set("lint.bogus", "1");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bogus"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), sev);
}

#[test]
fn config_set_keeps_an_existing_value_comment() {
    let dir = conf(&[(
        "imtacfg.toml",
        "# site settings\n[lint]\n# our servers accept longer lines\nmax-line-length = 252 # documented\n",
    )]);
    let out = run_cmd(
        imtacfg().current_dir(dir.path()).args(["config", "set", "lint.max-line-length", "330"]),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("imtacfg.toml")).unwrap(),
        "# site settings\n[lint]\n# our servers accept longer lines\nmax-line-length = 330 # documented\n"
    );
}
