//! Snapshots of what `dump` shows a user: the JSON model of the shipped examples.

use std::path::Path;

use imtacfg::dump;
use imtacfg::knowledge::Catalog;
use imtacfg::model::config_set::{ConfigSet, LoadOptions};

fn json_of(dir: &str) -> serde_json::Value {
    let set = ConfigSet::load_dir(
        Path::new(dir),
        dir,
        &Catalog::builtin(),
        &LoadOptions::default(),
    )
    .unwrap();
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    dump::to_json(&set)
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_json_snapshot!($name, $value);
        });
    };
}

/// The model of the sample configuration, as `dump --format json` prints it.
#[test]
fn sample_directory_json() {
    snapshot!("dump_sample", json_of("examples/sample"));
}

/// The model of the directory of typical mistakes (what the parser makes of them).
#[test]
fn mistakes_directory_json() {
    snapshot!("dump_mistakes", json_of("examples/mistakes"));
}
