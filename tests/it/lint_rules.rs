//! Every lint rule, tested by fixture cases.
//!
//! `tests/fixtures/rules/<CODE>/<case>/` holds a small realistic configuration and an
//! `expect.txt`. A case named `fires…` must give exactly the findings its `expect.txt`
//! lists (for the codes it names; one line per finding, so two findings on one line are
//! listed twice); a case named `ok…` is a near miss that must give no finding of CODE, and
//! its `expect.txt` lists nothing (comments only). Every rule has at least one case of each
//! kind. A case directory may hold an `imtacfg.toml` (a datasize, a product version). The
//! human rendering of the `fires/` case's own findings is kept as snapshot `rule_<CODE>`.
//!
//! An `expect.txt` line is `file:line CODE`, optionally followed by what the finding must
//! also show:
//!
//! - `error`, `warning` or `info`: its severity;
//! - `"text"`: its message contains the text;
//! - `help "text"`: its help contains the text;
//! - `-> file:line`: it has a related location there;
//! - `fix "text"`: its fix has an edit that writes exactly the text;
//! - `fix-safe "text"`, `fix-unsafe "text"`, `fix-display-only "text"`: the same, and the
//!   fix has that applicability;
//! - `no-fix`: it offers no fix.
//!
//! A line `none CODE` names a code of which the case must give no finding at all.
//!
//! `#` starts a comment. A case whose `expect.txt` has a `# KNOWN BUG: …` comment shows a
//! bug of the rule that is not fixed yet: it is skipped, with a printed note.
//!
//! Also here: the sample configuration lints clean, and every mistake that
//! `examples/mistakes/MISTAKES.md` documents is reported at its line.

use std::collections::BTreeSet;
use std::path::Path;

use imtacfg::knowledge::Catalog;
use imtacfg::lint::{Diagnostic, RuleInfo, Severity, lint, registry};
use imtacfg::model::config_set::{ConfigSet, FileId};
use imtacfg::report::{Linted, human};
use imtacfg::settings::{self, Settings};

use crate::common::table_rows;

/// Relative to the crate root, which is the working directory of integration tests; file
/// names in messages and snapshots are therefore stable.
const RULES_DIR: &str = "tests/fixtures/rules";

/// Lint a directory the way `imtacfg lint DIR` does: settings from the directory's own
/// `imtacfg.toml` when there is one (datasize, max-line-length, severities, selections).
fn lint_dir(dir: &str) -> (ConfigSet, Vec<Diagnostic>) {
    let toml = Path::new(dir).join(settings::FILE_NAME);
    let s = if toml.is_file() {
        settings::load(&settings::Found { path: toml, explicit: false })
            .unwrap_or_else(|e| panic!("{e}"))
    } else {
        Settings::default()
    };
    let mut catalog = Catalog::builtin();
    s.extend(&mut catalog);
    let options = s.lint_options();
    let load = s.load_options();
    let set = ConfigSet::load_dir(Path::new(dir), dir, &catalog, &load)
        .unwrap_or_else(|e| panic!("{dir}: {e}"));
    assert!(set.errors.is_empty(), "{dir}: {:?}", set.errors);
    let diags = s.selection.apply(lint(&set, &catalog, &options));
    (set, diags)
}

/// 1-based line of a finding's start.
fn line_of(set: &ConfigSet, d: &Diagnostic) -> usize {
    set.files[d.file].source.line_col(d.span.start as usize).line
}

/// A file's name relative to the directory it was loaded from (`imta.cnf`, `a.rules`).
fn short_name<'a>(set: &'a ConfigSet, file: FileId, dir: &str) -> &'a str {
    let name = set.files[file].name();
    name.strip_prefix(dir).map_or(name, |n| n.trim_start_matches('/'))
}

/// `file:line` of a position in a file of the set.
fn place(set: &ConfigSet, file: FileId, offset: u32, dir: &str) -> String {
    format!(
        "{}:{}",
        short_name(set, file, dir),
        set.files[file].source.line_col(offset as usize).line
    )
}

/// What a fixture case is: `fires…` or `ok…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fires,
    Ok,
}

/// One case directory of a rule.
struct Case {
    /// `tests/fixtures/rules/CODE/case`.
    dir: String,
    /// `case`.
    name: String,
    kind: Option<Kind>,
}

/// The case directories of a rule, by name.
fn cases(code: &str) -> Vec<Case> {
    let root = Path::new(RULES_DIR).join(code);
    let Ok(entries) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    let mut out: Vec<Case> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let kind = if name == "fires" || name.starts_with("fires-") {
                Some(Kind::Fires)
            } else if name == "ok" || name.starts_with("ok-") {
                Some(Kind::Ok)
            } else {
                None
            };
            Case { dir: format!("{RULES_DIR}/{code}/{name}"), name, kind }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// One finding an `expect.txt` lists, and what it must also show.
#[derive(Debug, Default)]
struct Expected {
    /// `file:line CODE`.
    at: String,
    code: String,
    severity: Option<Severity>,
    message: Vec<String>,
    help: Vec<String>,
    related: Vec<String>,
    fix: Vec<String>,
    /// `fix-safe`, `fix-unsafe` or `fix-display-only`: the fix's applicability.
    applicability: Option<String>,
    /// `no-fix`: the finding offers no fix.
    no_fix: bool,
}

/// The words of an `expect.txt` line; a `"…"` is one word (without its quotes).
fn words(line: &str) -> Result<Vec<(bool, String)>, String> {
    let mut out = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('"') {
            let end = r.find('"').ok_or_else(|| format!("unclosed quote in {line:?}"))?;
            out.push((true, r[..end].to_string()));
            rest = r[end + 1..].trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push((false, rest[..end].to_string()));
            rest = rest[end..].trim_start();
        }
    }
    Ok(out)
}

/// What an `expect.txt` says.
#[derive(Debug, Default)]
struct Expect {
    /// The findings it lists.
    findings: Vec<Expected>,
    /// The codes of its `none CODE` lines.
    none: Vec<String>,
    /// Its `# KNOWN BUG:` note.
    known_bug: Option<String>,
}

/// Read an `expect.txt`.
fn read_expect(path: &Path) -> Result<Expect, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Expect::default();
    for line in text.lines().map(str::trim) {
        if let Some(c) = line.strip_prefix('#') {
            if let Some(note) = c.trim().strip_prefix("KNOWN BUG:") {
                out.known_bug = Some(note.trim().to_string());
            }
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if let Some(code) = line.strip_prefix("none ") {
            out.none.push(code.trim().to_string());
            continue;
        }
        let w = words(line)?;
        let bad = || format!("{}: cannot read {line:?}", path.display());
        let (Some((false, loc)), Some((false, code))) = (w.first(), w.get(1)) else {
            return Err(bad());
        };
        let mut e =
            Expected { at: format!("{loc} {code}"), code: code.clone(), ..Default::default() };
        let mut i = 2;
        while i < w.len() {
            let (quoted, word) = &w[i];
            let next = w.get(i + 1);
            match (quoted, word.as_str(), next) {
                (true, text, _) => e.message.push(text.to_string()),
                (false, "help", Some((true, t))) => {
                    e.help.push(t.clone());
                    i += 1;
                }
                (false, "fix", Some((true, t))) => {
                    e.fix.push(t.clone());
                    i += 1;
                }
                (
                    false,
                    kind @ ("fix-safe" | "fix-unsafe" | "fix-display-only"),
                    Some((true, t)),
                ) => {
                    e.fix.push(t.clone());
                    e.applicability = Some(kind["fix-".len()..].to_string());
                    i += 1;
                }
                (false, "no-fix", _) => e.no_fix = true,
                (false, "->", Some((false, at))) => {
                    e.related.push(at.clone());
                    i += 1;
                }
                (false, s, _) if Severity::parse(s).is_some() => e.severity = Severity::parse(s),
                _ => return Err(bad()),
            }
            i += 1;
        }
        out.findings.push(e);
    }
    Ok(out)
}

/// How a finding differs from what `e` says it shows (empty: it shows all of it).
fn mismatches(e: &Expected, d: &Diagnostic, set: &ConfigSet, dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = e.severity
        && d.severity != s
    {
        out.push(format!("severity {}, not {}", d.severity.as_str(), s.as_str()));
    }
    for t in &e.message {
        if !d.message.contains(t.as_str()) {
            out.push(format!("message {:?} lacks {t:?}", d.message));
        }
    }
    let help = d.help.as_deref().unwrap_or_default();
    for t in &e.help {
        if !help.contains(t.as_str()) {
            out.push(format!("help {help:?} lacks {t:?}"));
        }
    }
    let related: Vec<String> =
        d.related.iter().map(|r| place(set, r.file, r.span.start, dir)).collect();
    for at in &e.related {
        if !related.contains(at) {
            out.push(format!("related locations {related:?} lack {at}"));
        }
    }
    let edits: Vec<&str> =
        d.fix.iter().flat_map(|f| f.edits.iter().map(|x| x.replacement.as_str())).collect();
    for t in &e.fix {
        if !edits.contains(&t.as_str()) {
            out.push(format!("fix edits {edits:?} lack {t:?}"));
        }
    }
    let applicability = d.fix.as_ref().map(|f| f.applicability.as_str());
    if let Some(want) = &e.applicability
        && applicability != Some(want.as_str())
    {
        out.push(format!("the fix is {applicability:?}, not {want}"));
    }
    if e.no_fix && d.fix.is_some() {
        out.push("the finding offers a fix".to_string());
    }
    out
}

/// Lint one case of `rule` and say what is wrong with it (nothing: it passes). `Err`: the
/// case is skipped as a known bug.
fn check_case(
    rule: &RuleInfo,
    case: &Case,
    kind: Kind,
) -> Result<(Vec<String>, ConfigSet, Vec<Diagnostic>), String> {
    let label = format!("{}/{}", rule.code, case.name);
    let mut failures = Vec::new();
    let expect = match read_expect(&Path::new(&case.dir).join("expect.txt")) {
        Ok(x) => x,
        Err(e) => {
            failures.push(format!("{label}: {e}"));
            Expect::default()
        }
    };
    let expected = &expect.findings;
    if let Some(note) = &expect.known_bug {
        return Err(format!("{label}: skipped, known bug: {note}"));
    }
    let (set, diags) = lint_dir(&case.dir);
    let found_at = |d: &Diagnostic| {
        format!("{}:{} {}", short_name(&set, d.file, &case.dir), line_of(&set, d), d.code())
    };
    match kind {
        Kind::Ok => {
            if !expected.is_empty() || !expect.none.is_empty() {
                failures.push(format!(
                    "{label}: an ok case lists no findings, this one lists {:?}",
                    expected.iter().map(|e| &e.at).collect::<Vec<_>>()
                ));
            }
            let own: Vec<String> = diags
                .iter()
                .filter(|d| d.code() == rule.code)
                .map(|d| format!("{} {}", found_at(d), d.message))
                .collect();
            if !own.is_empty() {
                failures.push(format!("{label}: must give no {}, gives {own:?}", rule.code));
            }
        }
        Kind::Fires => {
            let codes: BTreeSet<&str> = expected
                .iter()
                .map(|e| e.code.as_str())
                .chain(expect.none.iter().map(String::as_str))
                .collect();
            if !expected.iter().any(|e| e.code == rule.code) {
                failures
                    .push(format!("{label}: expect.txt does not list a finding of {}", rule.code));
            }
            let mut want: Vec<&str> = expected.iter().map(|e| e.at.as_str()).collect();
            want.sort_unstable();
            let mut found: Vec<String> =
                diags.iter().filter(|d| codes.contains(d.code())).map(found_at).collect();
            found.sort_unstable();
            if found != want {
                failures.push(format!("{label}: expected {want:?}, found {found:?}"));
            }
            for e in expected {
                let at: Vec<&Diagnostic> = diags.iter().filter(|d| found_at(d) == e.at).collect();
                if at.is_empty() {
                    continue; // reported above
                }
                let why: Vec<Vec<String>> =
                    at.iter().map(|d| mismatches(e, d, &set, &case.dir)).collect();
                if why.iter().all(|w| !w.is_empty()) {
                    failures.push(format!("{label}: {}: {}", e.at, why.concat().join("; ")));
                }
            }
        }
    }
    for d in diags.iter().filter(|d| d.code() == rule.code) {
        if d.name() != rule.name || d.message.trim().is_empty() {
            failures.push(format!(
                "{label}: finding has name {} and message {:?}",
                d.name(),
                d.message
            ));
        }
        // The severity a finding has with the default settings is the rule's default,
        // unless the rule lowers it on purpose (evidence from unverified facts, values
        // the product tolerates). Raising is never allowed.
        if d.severity > rule.severity {
            failures
                .push(format!("{label}: {:?} above the default {:?}", d.severity, rule.severity));
        }
    }
    Ok((failures, set, diags))
}

#[test]
fn every_rule_has_a_firing_and_a_quiet_case() {
    let mut missing = Vec::new();
    for rule in registry::all() {
        let cases = cases(rule.code);
        for (kind, what) in [(Kind::Fires, "fires"), (Kind::Ok, "ok")] {
            if !cases.iter().any(|c| c.kind == Some(kind)) {
                missing.push(format!("{}: no `{what}…` case", rule.code));
            }
        }
        if !cases.iter().any(|c| c.name == "fires") {
            missing.push(format!("{}: no `fires/` case (it is the snapshot)", rule.code));
        }
        for c in &cases {
            if c.kind.is_none() {
                missing
                    .push(format!("{}/{}: a case is named `fires…` or `ok…`", rule.code, c.name));
            }
            if !Path::new(&c.dir).join("expect.txt").is_file() {
                missing.push(format!("{}/{}: no expect.txt", rule.code, c.name));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "every rule needs {RULES_DIR}/<CODE>/fires/ and an ok…/ case, each with an expect.txt:\n{}",
        missing.join("\n")
    );
    // And no fixture for a rule that no longer exists.
    let stray: Vec<String> = std::fs::read_dir(RULES_DIR)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| registry::all().iter().all(|r| r.code != name))
        .collect();
    assert!(stray.is_empty(), "fixture entries for unknown codes: {stray:?}");
}

#[test]
fn every_fixture_case_gives_its_expected_findings() {
    let mut failures = Vec::new();
    let mut snapshots = Vec::new();
    let mut skipped = Vec::new();
    for rule in registry::all() {
        for case in cases(rule.code) {
            let Some(kind) = case.kind else {
                continue; // every_rule_has_a_firing_and_a_quiet_case reports it
            };
            if !Path::new(&case.dir).join("expect.txt").is_file() {
                continue; // so does it for this
            }
            let (f, set, diags) = match check_case(rule, &case, kind) {
                Ok(x) => x,
                Err(note) => {
                    skipped.push(note);
                    continue;
                }
            };
            failures.extend(f);
            if case.name == "fires" {
                let own: Vec<Diagnostic> =
                    diags.into_iter().filter(|d| d.code() == rule.code).collect();
                let text = human::render(&[Linted::new(&set, &own)], false);
                snapshots.push((format!("rule_{}", rule.code), text));
            }
        }
    }
    for note in &skipped {
        println!("note: {note}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (name, text) in snapshots {
        snapshot!(name, text);
    }
}

#[test]
fn sample_configuration_has_no_warnings_or_errors() {
    let (set, diags) = lint_dir("examples/sample");
    let loud: Vec<String> = diags
        .iter()
        .filter(|d| d.severity > Severity::Info)
        .map(|d| {
            format!("{}:{} {} {}", set.files[d.file].name(), line_of(&set, d), d.code(), d.message)
        })
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
}

/// One row of the MISTAKES.md table.
struct Row {
    number: usize,
    file: String,
    lines: Vec<usize>,
    text: String,
}

fn mistakes_table() -> Vec<Row> {
    let md = std::fs::read_to_string("examples/mistakes/MISTAKES.md").unwrap();
    let mut rows = Vec::new();
    // | # | file | line | what |  →  ["", "#", "file", "line", "what", ""]
    for (number, cells) in table_rows::<usize>(&md, 6) {
        // "4", "6, 7", "1 (whole file)", "none (a section is missing)"
        let lines =
            cells[3]
                .split([',', ' '])
                .map_while(|w| {
                    if w.is_empty() { Some(None) } else { w.parse::<usize>().ok().map(Some) }
                })
                .flatten()
                .collect();
        rows.push(Row { number, file: cells[2].to_string(), lines, text: cells[4].to_string() });
    }
    rows
}

/// The code each documented mistake is reported under. `None`: not reported as the files
/// stand (the row says so itself).
fn code_for_row(number: usize) -> Option<&'static str> {
    Some(match number {
        1 => "IMTA101",
        // The rules read as a channel: the IMTA101 finding points there (related location).
        2 => "IMTA101",
        // "Only visible as a rule once line 4 is fixed": with the blank line on line 4 the
        // rule is part of a channel block, so no IMTA301 can be reported yet.
        3 => return None,
        4 => "X101",
        // IMTA113 is reported at the `l` block, with tcp_intranet (line 16) as related.
        5 => "IMTA113",
        6 => "IMTA201",
        7 | 8 => "IMTA206",
        9 => "IMTA203",
        10 => "IMTA104",
        11 => "IMTA204",
        12 => "IMTA105",
        13 => "DSP205",
        14 => "IMTA103",
        15 => "IMTA107",
        16 => "IMTA208",
        17 => "IMTA108",
        18 => "IMTA112",
        // Reported at each channel that loses `logging`, with the nodefaults as related.
        19 => "X402",
        20 => "X001",
        21 => "IMTA106",
        22 => "OPT101",
        23 => "OPT401",
        24 => "OPT402",
        25 => "OPT103",
        26 | 27 => "OPT102",
        28 | 29 => "OPT107",
        30 => "OPT105",
        31 => "OPT108",
        32 => "DSP113",
        33 => "DSP105",
        34 => "DSP101",
        35 | 38 => "DSP106",
        36 => "DSP109",
        37 => "DSP111",
        39 => "DSP107",
        40 => "DSP110",
        41 => "DSP103",
        // "none (a section is missing)": the row says where the finding belongs.
        42 => "DSP205",
        _ => panic!("MISTAKES.md row {number} is new: say which code reports it"),
    })
}

#[test]
fn every_documented_mistake_is_reported_at_its_line() {
    let dir = "examples/mistakes";
    let (set, diags) = lint_dir(dir);
    let rows = mistakes_table();
    assert_eq!(rows.len(), 42, "MISTAKES.md changed: update code_for_row");
    let mut missing = Vec::new();
    for row in &rows {
        let Some(code) = code_for_row(row.number) else {
            continue;
        };
        let (file, lines) = if row.lines.is_empty() {
            // "… A finding belongs at imta.cnf line 29."
            let at = row
                .text
                .split("belongs at ")
                .nth(1)
                .unwrap_or_else(|| panic!("row {}: no line and no 'belongs at'", row.number));
            let mut words = at.split_whitespace();
            let file = words.next().unwrap().to_string();
            assert_eq!(words.next(), Some("line"), "row {}", row.number);
            let line: usize = words.next().unwrap().trim_end_matches('.').parse().unwrap();
            (file, vec![line])
        } else {
            (row.file.clone(), row.lines.clone())
        };
        let in_file = |i: FileId| short_name(&set, i, dir) == file;
        let hit = diags.iter().any(|d| {
            d.code() == code
                && ((in_file(d.file) && lines.contains(&line_of(&set, d)))
                    || d.related.iter().any(|r| {
                        in_file(r.file)
                            && lines.contains(
                                &set.files[r.file].source.line_col(r.span.start as usize).line,
                            )
                    }))
        });
        if !hit {
            missing.push(format!("row {}: {code} at {file}:{lines:?} ({})", row.number, row.text));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The files MISTAKES.md says contain no intended mistakes give no warning or error.
#[test]
fn mistakes_without_intent_are_quiet() {
    let dir = "examples/mistakes";
    let (set, diags) = lint_dir(dir);
    let loud: Vec<String> = diags
        .iter()
        .filter(|d| d.severity > Severity::Info)
        .filter(|d| {
            matches!(
                short_name(&set, d.file, dir),
                "internet.rules" | "tcp_local_option" | "imta_tailor"
            )
        })
        .map(|d| format!("{} {}", d.code(), d.message))
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
}

/// Examples that describe a configuration rather than show one, so they cannot be linted as
/// they stand; each says why. Their rules are covered by their fixtures.
const EXAMPLES_IN_WORDS: &[(&str, &str)] = &[
    ("X001", "stands for a line of 300 characters"),
    ("X102", "a file that includes itself: needs a second file"),
    ("X103", "a chain of four include files, described in words"),
    ("X105", "needs a binary file"),
    ("IMTA110", "stands for a host name of more than 128 characters"),
    ("OPT104", "stands for a value of 1100 characters"),
    ("OPT108", "the finding is about a file name, not its text"),
    ("X401", "needs option.dat and imta.cnf together"),
    ("X104", "needs an existing file outside the configuration directory"),
];

/// imta.cnf examples of channel blocks show the channel part only; they are linted after a
/// rewrite-rule part (a comment and the blank line that ends the rules).
const RULES_PART: &str = "! rewrite rules\n\n";

/// The file an example is written into, by its rule's code, and a companion file some
/// rules need to be present at all.
fn example_files(code: &str) -> (&'static str, Option<(&'static str, &'static str)>) {
    match code {
        "DSP205" => ("imta.cnf", Some(("job_controller.cnf", "[POOL=DEFAULT]\njob_limit=10\n"))),
        "DSP111" => ("dispatcher.cnf", Some(("imta.cnf", "! rules\n\nl\nmail.example.com\n"))),
        "OPT111" => ("imta_tailor", None),
        "OPT412" => ("tcp_local_option", None),
        c if c.starts_with("DSP1") => ("dispatcher.cnf", None),
        c if c.starts_with("DSP2") => ("job_controller.cnf", None),
        c if c.starts_with("OPT") => ("option.dat", None),
        _ => ("imta.cnf", None),
    }
}

/// Every rule's documented example (what `imtacfg explain` shows), written into a file of
/// the right kind, makes the rule fire.
#[test]
fn every_documented_example_triggers_its_rule() {
    let mut failures = Vec::new();
    for rule in registry::all() {
        if EXAMPLES_IN_WORDS.iter().any(|(c, _)| *c == rule.code) {
            continue;
        }
        let (name, companion) = example_files(rule.code);
        let mut options = imtacfg::lint::LintOptions::default();
        match rule.code {
            // The examples say which limit and which version they are checked against.
            "DSP114" => options.datasize = Some(imtacfg::model::heap::Datasize::Bytes(64 << 20)),
            "OPT409" => options.product_version = Some(vec![6, 2]),
            _ => {}
        }
        let catalog = Catalog::builtin();
        let lint_with = |prefix: &str| {
            let dir = tempfile::tempdir().unwrap();
            let text = format!("{prefix}{}\n", rule.example);
            std::fs::write(dir.path().join(name), text).unwrap();
            if let Some((other, text)) = companion {
                std::fs::write(dir.path().join(other), text).unwrap();
            }
            let set = ConfigSet::load_dir(dir.path(), "example", &catalog, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", rule.code));
            lint(&set, &catalog, &options)
        };
        let mut diags = lint_with("");
        if name == "imta.cnf" && !diags.iter().any(|d| d.code() == rule.code) {
            diags = lint_with(RULES_PART);
        }
        if !diags.iter().any(|d| d.code() == rule.code) {
            let found: Vec<&str> = diags.iter().map(|d| d.code()).collect();
            failures
                .push(format!("{} in {name}: {:?} gives only {found:?}", rule.code, rule.example));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The real option files in `../shared/real/` (when present; they are not part of the
/// project) give no option-file finding (OPT1xx) and no finding of a logging rule above
/// info level. They are linted from a temporary copy, in the combinations a server has
/// them: option.dat with a channel option file, and option.dat with an imta.cnf that logs.
#[test]
fn real_option_files_are_quiet() {
    const IMTA_LOGGING: &str = "! rules\n.example.com $U%$D@tcp_local-daemon\n\ndefaults logging\n\nl\nl-daemon\n\ntcp_local smtp mx\ntcp_local-daemon\n";
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real");
    let read = |n: &str| std::fs::read_to_string(real.join(n)).ok();
    let (Some(backup), Some(lmtp), Some(tcp)) =
        (read("option.dat.backup"), read("option.dat.lmtp"), read("tcp_local_option"))
    else {
        return;
    };
    /// Which findings a combination of files is judged by.
    type Judged = fn(&str) -> bool;
    fn logging(code: &str) -> bool {
        registry::RULES
            .iter()
            .filter(|row| row.module.starts_with("logging::"))
            .any(|row| row.rules.iter().any(|r| r.code == code))
    }
    fn opt1(code: &str) -> bool {
        code.starts_with("OPT1")
    }
    let sets: [(Vec<(&str, &str)>, Judged); 3] = [
        (vec![("option.dat", &backup), ("tcp_local_option", &tcp)], opt1),
        (vec![("option.dat", &lmtp)], opt1),
        (vec![("option.dat", &backup), ("imta.cnf", IMTA_LOGGING)], logging),
    ];
    let catalog = Catalog::builtin();
    for (files, judged) in sets {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in &files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let set = ConfigSet::load_dir(dir.path(), "real", &catalog, &Default::default()).unwrap();
        assert!(set.errors.is_empty(), "{:?}", set.errors);
        let loud: Vec<String> = lint(&set, &catalog, &Default::default())
            .into_iter()
            .filter(|d| judged(d.code()) && d.severity > Severity::Info)
            .map(|d| {
                format!(
                    "{}:{} {} {}",
                    set.files[d.file].name(),
                    line_of(&set, &d),
                    d.code(),
                    d.message
                )
            })
            .collect();
        assert!(loud.is_empty(), "{loud:#?}");
    }
}

/// `lint_only` (what the edit gate runs on the configuration before an edit) gives every
/// finding of the wanted rules that the full lint gives, and runs no check that reports
/// none of them.
#[test]
fn lint_only_keeps_the_wanted_rules_findings() {
    let (set, all) = lint_dir(crate::common::MISTAKES);
    let catalog = Catalog::builtin();
    let options = Default::default();
    for code in ["IMTA201", "OPT101", "DSP103", "DSP205"] {
        let wanted = |c: &str| c == code;
        let only = imtacfg::lint::engine::lint_only(&set, &catalog, &options, &wanted);
        let pick = |d: &[Diagnostic]| -> Vec<(String, usize)> {
            d.iter()
                .filter(|d| d.code() == code)
                .map(|d| (d.message.clone(), d.span.start as usize))
                .collect()
        };
        assert!(!pick(&all).is_empty(), "{code} has no finding in the mistakes");
        assert_eq!(pick(&only), pick(&all), "{code}");
        let row = imtacfg::lint::registry::RULES
            .iter()
            .find(|r| r.rules.iter().any(|r| r.code == code))
            .unwrap();
        assert!(
            only.iter().all(
                |d| row.rules.iter().any(|r| r.code == d.code()) || d.code().starts_with("CFG")
            ),
            "{code}: {only:?}"
        );
    }
}
