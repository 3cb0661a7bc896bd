//! Every integration test in one binary: one link instead of one per file, and one place
//! for what they share. Each module is one area (the file names say which).

/// Assert a snapshot in `snapshots/` under `$name` (no module prefix, so the names stay
/// stable wherever the test lives).
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({snapshot_path => "../../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

mod cli_dump;
mod debug_heap_cli;
mod dump_snapshots;
mod edit_cli;
mod edit_properties;
mod edit_safety;
mod hostile;
mod lint_cli;
mod lint_rules;
mod no_panic;
mod output_cost;
mod real_world;
mod roundtrip;
mod schemas;
