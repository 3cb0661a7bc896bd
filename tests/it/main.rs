//! Every integration test in one binary: one link instead of one per file, and one place
//! for what they share. Each module is one area (the file names say which).

/// Assert a snapshot named `$name` (no module prefix, so the names stay stable wherever the
/// test lives). The word before the first `_` is the area: `lint_mistakes_json` is
/// `snapshots/lint/mistakes_json.snap`, `rule_X001` is `snapshots/rules/X001.snap`.
macro_rules! snapshot {
    ($name:expr, $value:expr) => {{
        let (folder, file) = $crate::snapshot_place(&$name);
        insta::with_settings!({snapshot_path => folder, prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(file, $value);
        });
    }};
}

/// Where [`snapshot!`] keeps `name`: its area's folder and the rest of the name.
fn snapshot_place(name: &str) -> (String, String) {
    let (area, rest) = name.split_once('_').unwrap_or(("misc", name));
    let area = if area == "rule" { "rules" } else { area };
    (format!("../../snapshots/{area}"), rest.to_string())
}

#[allow(dead_code)]
mod common;

mod cli_dump;
mod debug_heap_cli;
mod dump_snapshots;
mod edit_cli;
mod edit_large;
mod edit_messages;
mod edit_properties;
mod edit_safety;
mod errors;
mod help;
mod hostile;
mod layers;
mod lint_cli;
mod lint_fix;
mod lint_human;
mod lint_output;
mod lint_partial;
mod lint_rules;
mod log_cli;
mod log_decode;
mod log_properties;
mod log_sites;
mod lsp;
mod lsp_features;
mod lsp_neovim;
mod messages;
mod no_panic;
mod output_cost;
mod precommit;
mod readme;
mod real_world;
mod roundtrip;
mod sarif;
mod schemas;
