//! X402: a `nodefaults` line cancels `defaults logging` for the channels after it.

use crate::lint::Edit;
use crate::lint::{Applicability, Context, Diagnostic, RuleInfo, Severity};
use crate::model::Span;
use crate::model::logging::channel_logging;

/// X402 `nodefaults-drops-logging` (warning by default): a `nodefaults` line cancels
/// `defaults logging` for the channels after it.
pub const NODEFAULTS_DROPS_LOGGING: RuleInfo = RuleInfo {
    code: "X402",
    name: "nodefaults-drops-logging",
    severity: Severity::Warning,
    summary: "A `nodefaults` line cancels `defaults logging` for the channels after it.",
    why: "`nodefaults` throws away every earlier `defaults` keyword, `logging` included. The channels that follow it write no message entries unless they say `logging` themselves, which is easy to miss when the defaults line is far above.",
    example: "defaults logging\n\nnodefaults\n\ntcp_partner smtp\ntcp_partner-daemon",
    fix: "Add `logging` to the channel, or write a new `defaults logging` line after the `nodefaults`.",
};

/// Report every channel that loses `defaults logging` to a later `nodefaults` line and
/// does not say `logging` itself.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for c in channel_logging(ctx.set) {
        let Some(place) = c.lost_by_nodefaults else {
            continue;
        };
        let f = &ctx.set.files[c.file];
        let Some(head) = f.imta().and_then(|m| m.blocks.get(c.block)).and_then(|b| b.head.as_ref())
        else {
            continue;
        };
        let pf = &ctx.set.files[place.file];
        let line = pf.source.line_col(place.span.start as usize).line;
        let at = if place.file == c.file {
            format!("line {line}")
        } else {
            format!("{}:{line}", pf.name())
        };
        out.push(
            Diagnostic::new(
                &NODEFAULTS_DROPS_LOGGING,
                c.file,
                head.name,
                format!(
                    "channel `{}` writes no message log entries: the `nodefaults` on {at} cancelled the earlier `defaults logging`",
                    c.name
                ),
            )
            .related(place.file, place.span, "this `nodefaults` cancels `defaults logging`")
            .help("add `logging` to this channel, or write a new `defaults logging` line after the `nodefaults`")
            .fix(
                Applicability::Unsafe,
                format!("add `logging` to channel {}", c.name),
                vec![Edit {
                    file: c.file,
                    span: Span::new(head.name.end as usize, head.name.end as usize),
                    replacement: " logging".to_string(),
                }],
            ),
        );
    }
}
