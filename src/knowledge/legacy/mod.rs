//! Temporary: the Rust tables the data files were generated from, with their old types,
//! kept only to show that the loaded data equals them row for row.

#![allow(dead_code)]

mod channel_options;
mod debug_bits;
mod dispatcher;
mod gen_data;
mod job_controller;
mod keywords;
mod log_codes;
mod options;
mod tailor;
mod types;

use serde::Serialize;
use serde_json::{Value, to_value};

/// Both generations of types serialize to the same JSON shape, field for field.
fn same<Old: Serialize, New: Serialize>(what: &str, old: &[Old], new: &[New]) {
    assert_eq!(old.len(), new.len(), "{what}: row count");
    for (i, (o, n)) in old.iter().zip(new).enumerate() {
        let (o, n): (Value, Value) = (to_value(o).unwrap(), to_value(n).unwrap());
        assert_eq!(o, n, "{what}: row {i} differs");
    }
}

#[test]
fn data_files_equal_the_rust_tables() {
    let b = super::data::parse().unwrap();
    same("keywords", keywords::KEYWORDS, &b.keywords);
    same("options", options::OPTIONS, &b.options);
    same(
        "channel options",
        channel_options::CHANNEL_OPTIONS,
        &b.channel_options,
    );
    same("tailor", tailor::TAILOR, &b.tailor);
    same("dispatcher", dispatcher::DISPATCHER_OPTIONS, &b.dispatcher);
    same(
        "job controller",
        job_controller::JOB_CONTROLLER_OPTIONS,
        &b.job_controller,
    );
    same("debug bits", debug_bits::DEBUG_BITS, &b.debug_bits);
    same("log codes", log_codes::LOG_ENTRY_CODES, &b.log_codes);
}
