//! OPT104: an option value longer than the 1024 characters the MTA keeps.

use super::OptionFile;
use crate::lint::rules::common::value_span;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// OPT104 `value-too-long` (error by default): an option value is longer than 1024
/// characters.
pub const VALUE_TOO_LONG: RuleInfo = RuleInfo {
    code: "OPT104",
    name: "value-too-long",
    severity: Severity::Error,
    summary: "An option value is longer than 1024 characters.",
    why: "The MTA keeps at most 1024 characters of an option value (256 before 6.2p8). Whatever lies beyond the limit is lost, which can cut a list or a Sieve script in the middle.",
    example: "SPAMFILTER1_STRING_ACTION=data:,require \"fileinto\"; … (1100 characters)",
    fix: "Shorten the value.",
};

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
