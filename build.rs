//! Turns the rule table `src/lint/rules.toml` into Rust: one `RuleInfo` constant per rule
//! (`rule_table.rs`, for `lint::table`) and the registry rows that pair each rule file's
//! `check` with its rules (`rule_registry.rs`, for `lint::registry`). The rules are
//! data a reader can review in one place; the build checks the table so that a malformed
//! row fails here, with its code, rather than at run time.

use std::collections::HashSet;
use std::fmt::Write;
use std::path::Path;

const FIELDS: [&str; 8] =
    ["module", "code", "name", "severity", "summary", "why", "example", "fix"];

fn main() {
    let table = "src/lint/rules.toml";
    println!("cargo::rerun-if-changed={table}");
    let text = std::fs::read_to_string(table).unwrap_or_else(|e| panic!("{table}: {e}"));
    let doc: toml_edit::DocumentMut = text.parse().unwrap_or_else(|e| panic!("{table}: {e}"));
    let rows = doc["rule"].as_array_of_tables().unwrap_or_else(|| panic!("{table}: no [[rule]]"));

    let mut consts = String::new();
    let mut registry = String::from(
        "/// Every rule, in the order the checks run.\npub static RULES: &[Rule] = &[\n",
    );
    let (mut codes, mut names, mut modules) = (HashSet::new(), HashSet::new(), HashSet::new());
    let mut open: Option<String> = None;
    for row in rows.iter() {
        let field = |key: &str| -> String {
            row.get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| panic!("{table}: a rule lacks `{key}` (or it is not a string)"))
                .to_string()
        };
        for (key, _) in row.iter() {
            assert!(
                FIELDS.contains(&key),
                "{table}: unknown field `{key}` in rule {}",
                field("code")
            );
        }
        let [module, code, name, severity, summary, why, example, fix] = FIELDS.map(field);
        let severity = match severity.as_str() {
            "error" => "Error",
            "warning" => "Warning",
            "info" => "Info",
            other => panic!("{table}: {code}: severity `{other}` is not error, warning or info"),
        };
        assert!(
            ["IMTA", "OPT", "DSP", "X", "CFG"].iter().any(|p| code.starts_with(p)),
            "{table}: {code}: a code starts with IMTA, OPT, DSP, X or CFG"
        );
        assert!(
            name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{table}: {code}: the name `{name}` is not kebab-case"
        );
        for (what, value) in
            [("summary", &summary), ("why", &why), ("example", &example), ("fix", &fix)]
        {
            assert!(!value.trim().is_empty(), "{table}: {code} has no {what}");
        }
        assert!(codes.insert(code.clone()), "{table}: code {code} is used twice");
        assert!(names.insert(name.clone()), "{table}: name {name} is used twice");
        let konst = name.to_uppercase().replace('-', "_");
        writeln!(
            consts,
            "/// {code} `{name}`: {summary}\npub const {konst}: RuleInfo = RuleInfo {{ code: {code:?}, name: {name:?}, severity: Severity::{severity}, summary: {summary:?}, why: {why:?}, example: {example:?}, fix: {fix:?} }};"
        )
        .unwrap();

        if open.as_deref() != Some(module.as_str()) {
            if open.is_some() {
                registry.push_str("] },\n");
            }
            assert!(
                modules.insert(module.clone()),
                "{table}: the rules of {module} are not in one run of rows"
            );
            let check = if module == "suppressions" {
                "None".to_string()
            } else {
                format!("Some(rules::{module}::check)")
            };
            write!(registry, "    Rule {{ module: {module:?}, check: {check}, rules: &[").unwrap();
            open = Some(module);
        }
        write!(registry, "&{konst}, ").unwrap();
    }
    registry.push_str("] },\n];\n");

    // Two files, so that the rule files can use their constants without the registry,
    // which names their checks, and the module graph stays free of cycles.
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).to_path_buf();
    std::fs::write(out.join("rule_table.rs"), consts).unwrap();
    std::fs::write(out.join("rule_registry.rs"), registry).unwrap();
}
