//! IMTA114: a channel line ends in `\` but no line continues it.

use crate::lint::{Applicability, Context, Diagnostic, Edit, RuleInfo, Severity};
use crate::model::imta::rule_like;

/// IMTA114 `dangling-channel-continuation` (warning by default): a channel line ends in `\`
/// but no line continues it.
pub const DANGLING_CHANNEL_CONTINUATION: RuleInfo = RuleInfo {
    code: "IMTA114",
    name: "dangling-channel-continuation",
    severity: Severity::Warning,
    summary: "A channel line ends in `\\` but no line continues it.",
    why: "A `\\` at the end of a line joins the next line to it. When a blank line or the end of the file follows, the keywords meant to follow are missing.",
    example: "tcp_local smtp mx \\\n\ntcp-daemon",
    fix: "Remove the `\\` or add the continuation line.",
};

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
