//! Every rule imtacfg has, in one table: [`RULES`]. A row names the module that defines
//! its rules, the rules, and the check that reports them (one rule, or a tight family found
//! in one pass). The engine runs the checks of this table and nothing else; `rules`,
//! `explain`, SARIF and the settings know the rules from it. The table is data,
//! `src/lint/rules.toml`, made into Rust by `build.rs` (see [`super::table`]); a rule file
//! left out of it fails `every_rule_file_is_one_row_of_the_table` below.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::context::Context;
use super::{Diagnostic, RuleInfo};

/// A check: reads the configuration set and pushes its findings.
pub type Check = fn(&Context, &mut Vec<Diagnostic>);

/// One row of the table.
#[derive(Debug)]
pub struct Rule {
    /// The module below `lint::rules` that defines the rules and the check
    /// (`imta::missing_host_line`).
    pub module: &'static str,
    /// The rules the check reports.
    pub rules: &'static [&'static RuleInfo],
    /// `None` only for the suppression rules, which the engine reports after every check
    /// has run.
    pub check: Option<Check>,
}

use super::rules;
use super::table::*;

include!(concat!(env!("OUT_DIR"), "/rule_registry.rs"));

/// All rules, in code order (built once).
pub fn all() -> &'static [&'static RuleInfo] {
    static ALL: OnceLock<Vec<&'static RuleInfo>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static RuleInfo> =
            RULES.iter().flat_map(|row| row.rules.iter().copied()).collect();
        v.sort_by(|a, b| a.code.cmp(b.code));
        v
    })
}

/// A rule by code or name, any case. Findings carry their exact code, so the common
/// lookup is a hash probe.
pub fn find(code_or_name: &str) -> Option<&'static RuleInfo> {
    static BY_CODE: OnceLock<HashMap<&'static str, &'static RuleInfo>> = OnceLock::new();
    let map = BY_CODE.get_or_init(|| all().iter().map(|r| (r.code, *r)).collect());
    map.get(code_or_name).copied().or_else(|| {
        all().iter().copied().find(|r| {
            r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name)
        })
    })
}

/// Does a selector (a code, a code prefix such as `IMTA` or `IMTA1`, a rule name, or
/// `ALL`) match a rule?
pub fn selector_matches(selector: &str, rule: &RuleInfo) -> bool {
    rule.matches(selector)
}

/// Is a selector known (matches at least one rule)?
pub fn selector_is_known(selector: &str) -> bool {
    all().iter().any(|r| selector_matches(selector, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let rules = all();
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in rules {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(
                ["IMTA", "OPT", "DSP", "X", "CFG"].iter().any(|p| r.code.starts_with(p)),
                "{}",
                r.code
            );
            assert!(
                r.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                r.name
            );
            for (what, text) in
                [("summary", r.summary), ("why", r.why), ("example", r.example), ("fix", r.fix)]
            {
                assert!(!text.trim().is_empty(), "{} has no {what}", r.code);
            }
        }
    }

    #[test]
    fn selectors() {
        let r = find("IMTA106").unwrap();
        assert!(selector_matches("IMTA", r));
        assert!(selector_matches("imta1", r));
        assert!(selector_matches("missing-host-line", r));
        assert!(!selector_matches("OPT", r));
    }

    /// Every rule file below `lint::rules` that has a `check` function, as a module path
    /// (`imta::missing_host_line`), and whether it spells out a `RuleInfo` itself.
    fn rule_files() -> Vec<(String, bool)> {
        fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, files);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lint/rules");
        let mut files = Vec::new();
        walk(&root, &mut files);
        files.sort();
        let mut out = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let rel = path.strip_prefix(&root).unwrap().with_extension("");
            let mut module = rel.to_string_lossy().replace('/', "::");
            if let Some(m) = module.strip_suffix("::mod") {
                module = m.to_string();
            }
            let has_check = text.lines().any(|l| l.starts_with("pub fn check("));
            if has_check || module == "suppressions" {
                out.push((module, text.contains("RuleInfo {")));
            }
        }
        out
    }

    /// A rule file whose check is in no row would never run, and no fixture test would
    /// notice; a rule spelt out in its file instead of `rules.toml` would be a second list.
    /// Every rule file with a check is exactly one row, and defines no rule of its own.
    #[test]
    fn every_rule_file_is_one_row_of_the_table() {
        let files = rule_files();
        assert!(files.len() >= 60, "only {} rule files found", files.len());
        for (module, spells_out_a_rule) in &files {
            let rows = RULES.iter().filter(|row| row.module == module).count();
            assert_eq!(rows, 1, "rules::{module} is in {rows} rows of src/lint/rules.toml");
            assert!(
                !spells_out_a_rule,
                "rules::{module} defines a RuleInfo: move it to src/lint/rules.toml"
            );
        }
        assert_eq!(
            RULES.len(),
            files.len(),
            "a row of rules.toml names a module that has no rule file"
        );
        for row in RULES {
            assert!(!row.rules.is_empty(), "{} lists no rule", row.module);
            assert_eq!(
                row.check.is_none(),
                row.module == "suppressions",
                "{}: only the suppression rules have no check",
                row.module
            );
        }
    }
}
