//! IMTA114: a channel line ends in `\` but no line continues it.

use crate::lint::table::DANGLING_CHANNEL_CONTINUATION;
use crate::lint::{Applicability, Context, Diagnostic, Edit};
use crate::model::imta::rule_like;

/// Report the trailing `\` of every channel line that nothing continues.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, _, m, text) in super::files(ctx) {
        for b in m.blocks.iter().filter(|b| !rule_like(b, text)) {
            if let Some(mark) = b.head.as_ref().and_then(|h| h.dangling_continuation) {
                out.push(
                    Diagnostic::new(
                        &DANGLING_CHANNEL_CONTINUATION, fi, mark,
                        "this `\\` continues the channel line, but no line follows",
                    )
                    .help("remove the `\\`, or put the rest of the keywords on the next line")
                    .fix(
                        // Unsafe: what the product makes of the `\\` is not documented, and
                        // the keywords meant to follow are still missing.
                        Applicability::Unsafe,
                        "remove the `\\`",
                        vec![Edit { file: fi.into(), span: mark, replacement: String::new() }],
                    ),
                );
            }
        }
    }
}
