//! X402: a `nodefaults` line cancels `defaults logging` for the channels after it.

use crate::lint::Edit;
use crate::lint::table::NODEFAULTS_DROPS_LOGGING;
use crate::lint::{Applicability, Context, Diagnostic};
use crate::model::Span;
use crate::model::imta::{BlockKind, ImtaModel};
use crate::model::logging::channel_logging;

/// Report every channel that loses `defaults logging` to a later `nodefaults` line and
/// does not say `logging` itself.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Without a `nodefaults` anywhere no channel can lose its logging to one: skip working
    // out the logging of every channel (a name copied per channel).
    let nodefaults = |m: &ImtaModel| m.blocks.iter().any(|b| b.kind == BlockKind::Nodefaults);
    if !ctx.set.files.iter().filter_map(|f| f.imta()).any(nodefaults) {
        return;
    }
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
