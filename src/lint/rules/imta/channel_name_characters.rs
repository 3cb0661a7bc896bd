//! IMTA112: a channel name uses characters other than lower-case letters, digits, `_`, `$`
//! and `-`.

use crate::lint::table::CHANNEL_NAME_CHARACTERS;
use crate::lint::{Context, Diagnostic};

/// Report every channel name (in imta.cnf and its channel include files) with a character
/// outside `a-z`, `0-9`, `_`, `$` and `-`.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, _, m, text) in super::files(ctx) {
        for (_, name_span) in super::channel_heads(m, text) {
            let name = name_span.text(text);
            if let Some(bad) = name.chars().find(|c| {
                !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '$' | '-'))
            }) {
                out.push(
                    Diagnostic::new(
                        &CHANNEL_NAME_CHARACTERS,
                        fi,
                        name_span,
                        format!("channel name `{name}` contains `{bad}`"),
                    )
                    .help("channel names should use lower-case letters, digits, `_` and `$`"),
                );
            }
        }
    }
}
