//! OPT104: an option value longer than the 1024 characters the MTA keeps.

use super::OptionFile;
use crate::lint::rules::common::value_span;
use crate::lint::table::VALUE_TOO_LONG;
use crate::lint::{Context, Diagnostic};

/// Report every option value longer than 1024 characters.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

/// The product's limit on the length of one option value (6.2p8 and later).
pub const MAX_VALUE_LENGTH: usize = 1024;

fn check_file(file: &OptionFile, out: &mut Vec<Diagnostic>) {
    for s in &file.m.settings {
        let name = s.name.text(file.text);
        let len = s.value.chars().count();
        if len > MAX_VALUE_LENGTH {
            out.push(
                Diagnostic::new(
                    &VALUE_TOO_LONG,
                    file.fi,
                    value_span(s, file.text),
                    format!("the value of `{name}` is {len} characters long; the MTA keeps only the first {MAX_VALUE_LENGTH}"),
                )
                .help("shorten the value (before 6.2p8 the limit is 256 characters)"),
            );
        }
    }
}
