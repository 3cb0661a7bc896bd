//! The JSON Schemas in `schemas/` are generated from the typed documents
//! (`imtacfg::report::documents`), and what the commands print validates against them.
//! Run with `UPDATE_SCHEMAS=1` to rewrite the files after changing a document type.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_imtacfg");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A shipped schema file.
pub(crate) fn schema_file(name: &str) -> std::path::PathBuf {
    Path::new(ROOT).join("schemas").join(name)
}

#[test]
fn shipped_schemas_are_the_generated_ones() {
    let log = imtacfg::report::log_documents::log_schemas();
    for (name, schema) in imtacfg::report::documents::schemas().into_iter().chain(log) {
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = schema_file(name);
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let shipped = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SCHEMAS=1)", path.display()));
        assert_eq!(shipped, text, "{name} is stale: run with UPDATE_SCHEMAS=1");
    }
}

fn output(args: &[&str]) -> serde_json::Value {
    let o = Command::new(BIN).args(args).current_dir(ROOT).output().unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 1), "{args:?}: {o:?}");
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// Check `doc` against the shipped schema `schema`.
pub(crate) fn validate(schema: &str, doc: &serde_json::Value) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_file(schema)).unwrap()).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{schema}: {errors:#?}\n{doc:#}");
}

#[test]
fn command_outputs_validate() {
    #[derive(serde::Deserialize)]
    struct Row {
        schema: String,
        args: String,
    }
    for row in crate::common::rows::<Row>("schema_commands") {
        validate(&row.schema, &output(&crate::common::argv(&row.args)));
    }
}

/// The validator is not vacuous: a document of the wrong shape fails.
#[test]
fn a_wrong_document_does_not_validate() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_file("heap.json")).unwrap()).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    assert!(!v.is_valid(&serde_json::json!({"version": 1, "file": 3})));
}
