//! IMTA111: a channel name is longer than 32 characters.

use crate::lint::table::CHANNEL_NAME_TOO_LONG;
use crate::lint::{Context, Diagnostic};

/// Report every channel name longer than 32 characters.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, _, m, text) in super::files(ctx) {
        for (_, name_span) in super::channel_heads(m, text) {
            let name = name_span.text(text);
            if name.len() > 32 {
                out.push(
                    Diagnostic::new(
                        &CHANNEL_NAME_TOO_LONG,
                        fi,
                        name_span,
                        format!(
                            "channel name `{name}` has {} characters; the limit is 32",
                            name.chars().count()
                        ),
                    )
                    .help("use a shorter name"),
                );
            }
        }
    }
}
