//! Every lint rule, one small fixture each.
//!
//! `tests/fixtures/rules/<CODE>/` holds the smallest realistic configuration that triggers
//! rule CODE, and `expect.txt` lists the findings it must give, one `file:line CODE` per
//! line (`#` starts a comment). A fixture directory may hold an `imtacfg.toml` (DSP114 needs
//! a datasize). For every code of the registry the fixture is linted through the library,
//! the findings of the codes named in `expect.txt` must be exactly the listed ones, and the
//! human rendering of the fixture's own findings is kept as snapshot `rule_<CODE>`.
//!
//! Also here: the sample configuration lints clean, and every mistake that
//! `examples/mistakes/MISTAKES.md` documents is reported at its line.

use std::collections::BTreeSet;
use std::path::Path;

use imtacfg::knowledge::Catalog;
use imtacfg::lint::{Diagnostic, Severity, lint, registry};
use imtacfg::model::config_set::ConfigSet;
use imtacfg::report::{Linted, human};
use imtacfg::settings::{self, Settings};

/// Relative to the crate root, which is the working directory of integration tests; file
/// names in messages and snapshots are therefore stable.
const RULES_DIR: &str = "tests/fixtures/rules";

/// Lint a directory the way `imtacfg lint DIR` does: settings from the directory's own
/// `imtacfg.toml` when there is one (datasize, max-line-length, severities, selections).
fn lint_dir(dir: &str) -> (ConfigSet, Vec<Diagnostic>) {
    let toml = Path::new(dir).join(settings::FILE_NAME);
    let s = if toml.is_file() {
        settings::load(&settings::Found {
            path: toml,
            explicit: false,
        })
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
    set.files[d.file]
        .source
        .line_col(d.span.start as usize)
        .line
}

/// A file's name relative to the directory it was loaded from (`imta.cnf`, `a.rules`).
fn short_name<'a>(set: &'a ConfigSet, file: usize, dir: &str) -> &'a str {
    let name = set.files[file].name();
    name.strip_prefix(dir)
        .map_or(name, |n| n.trim_start_matches('/'))
}

/// `file:line CODE` lines of an `expect.txt`.
fn read_expect(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_rule_has_a_fixture() {
    let missing: Vec<&str> = registry::all()
        .iter()
        .map(|r| r.code)
        .filter(|code| !Path::new(RULES_DIR).join(code).join("expect.txt").is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a fixture directory {RULES_DIR}/<CODE>/ with an expect.txt: {missing:?}"
    );
    // And no fixture for a rule that no longer exists.
    let stray: Vec<String> = std::fs::read_dir(RULES_DIR)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| registry::all().iter().all(|r| r.code != name))
        .collect();
    assert!(
        stray.is_empty(),
        "fixture directories for unknown codes: {stray:?}"
    );
}

#[test]
fn every_fixture_triggers_its_rule_at_the_expected_lines() {
    let mut failures = Vec::new();
    let mut snapshots = Vec::new();
    for rule in registry::all() {
        let dir = format!("{RULES_DIR}/{}", rule.code);
        let expect_path = Path::new(&dir).join("expect.txt");
        if !expect_path.is_file() {
            continue; // every_rule_has_a_fixture reports it
        }
        let expected = read_expect(&expect_path);
        let codes: BTreeSet<&str> = expected
            .iter()
            .filter_map(|l| l.rsplit(' ').next())
            .collect();
        if !codes.contains(rule.code) {
            failures.push(format!(
                "{}: expect.txt does not list a finding of {}",
                rule.code, rule.code
            ));
            continue;
        }
        let (set, diags) = lint_dir(&dir);
        let found: BTreeSet<String> = diags
            .iter()
            .filter(|d| codes.contains(d.code()))
            .map(|d| {
                format!(
                    "{}:{} {}",
                    short_name(&set, d.file, &dir),
                    line_of(&set, d),
                    d.code()
                )
            })
            .collect();
        if found != expected {
            failures.push(format!(
                "{}: expected {expected:?}, found {found:?}",
                rule.code
            ));
        }
        let own: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| d.code() == rule.code)
            .cloned()
            .collect();
        for d in &own {
            if d.name() != rule.name || d.message.trim().is_empty() {
                failures.push(format!(
                    "{}: finding has name {} and message {:?}",
                    rule.code,
                    d.name(),
                    d.message
                ));
            }
        }
        let text = human::render(&[Linted::new(&set, &own)], false);
        snapshots.push((format!("rule_{}", rule.code), text));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (name, text) in snapshots {
        snapshot!(name, text);
    }
}

/// The severity a finding has with the default settings is the rule's default, unless the
/// rule lowers it on purpose (evidence from unverified facts, values the product
/// tolerates). Raising is never allowed.
#[test]
fn fixture_findings_never_exceed_their_default_severity() {
    for rule in registry::all() {
        let dir = format!("{RULES_DIR}/{}", rule.code);
        if !Path::new(&dir).is_dir() {
            continue;
        }
        let (_, diags) = lint_dir(&dir);
        for d in diags.iter().filter(|d| d.code() == rule.code) {
            assert!(
                d.severity <= rule.severity,
                "{}: {:?} above the default {:?}",
                rule.code,
                d.severity,
                rule.severity
            );
        }
    }
}

#[test]
fn sample_configuration_has_no_warnings_or_errors() {
    let (set, diags) = lint_dir("examples/sample");
    let loud: Vec<String> = diags
        .iter()
        .filter(|d| d.severity > Severity::Info)
        .map(|d| {
            format!(
                "{}:{} {} {}",
                set.files[d.file].name(),
                line_of(&set, d),
                d.code(),
                d.message
            )
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
    for line in md.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | # | file | line | what |  →  ["", "#", "file", "line", "what", ""]
        if cells.len() < 6 {
            continue;
        }
        let Ok(number) = cells[1].parse::<usize>() else {
            continue; // header and separator rows
        };
        // "4", "6, 7", "1 (whole file)", "none (a section is missing)"
        let lines = cells[3]
            .split([',', ' '])
            .map_while(|w| {
                if w.is_empty() {
                    Some(None)
                } else {
                    w.parse::<usize>().ok().map(Some)
                }
            })
            .flatten()
            .collect();
        rows.push(Row {
            number,
            file: cells[2].to_string(),
            lines,
            text: cells[4].to_string(),
        });
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
        let in_file = |i: usize| short_name(&set, i, dir) == file;
        let hit = diags.iter().any(|d| {
            d.code() == code
                && ((in_file(d.file) && lines.contains(&line_of(&set, d)))
                    || d.related.iter().any(|r| {
                        in_file(r.file)
                            && lines.contains(
                                &set.files[r.file]
                                    .source
                                    .line_col(r.span.start as usize)
                                    .line,
                            )
                    }))
        });
        if !hit {
            missing.push(format!(
                "row {}: {code} at {file}:{lines:?} ({})",
                row.number, row.text
            ));
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
    (
        "IMTA110",
        "stands for a host name of more than 128 characters",
    ),
    ("OPT104", "stands for a value of 1100 characters"),
    ("OPT108", "the finding is about a file name, not its text"),
    ("X401", "needs option.dat and imta.cnf together"),
    (
        "X104",
        "needs an existing file outside the configuration directory",
    ),
];

/// imta.cnf examples of channel blocks show the channel part only; they are linted after a
/// rewrite-rule part (a comment and the blank line that ends the rules).
const RULES_PART: &str = "! rewrite rules\n\n";

/// The file an example is written into, by its rule's code, and a companion file some
/// rules need to be present at all.
fn example_files(code: &str) -> (&'static str, Option<(&'static str, &'static str)>) {
    match code {
        "DSP205" => (
            "imta.cnf",
            Some(("job_controller.cnf", "[POOL=DEFAULT]\njob_limit=10\n")),
        ),
        "DSP111" => (
            "dispatcher.cnf",
            Some(("imta.cnf", "! rules\n\nl\nmail.example.com\n")),
        ),
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
            failures.push(format!(
                "{} in {name}: {:?} gives only {found:?}",
                rule.code, rule.example
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
