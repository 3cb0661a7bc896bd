//! X401: LOG_* options shape message entries, but no channel of imta.cnf has `logging`.

use super::{OptionDat, connection_entries, non_zero};
use crate::lint::rules::common::quote;
use crate::lint::table::LOG_OPTIONS_WITHOUT_LOGGING;
use crate::lint::{Context, Diagnostic};
use crate::model::Span;
use crate::model::imta::BlockKind;
use crate::model::logging::channel_logging;
use crate::syntax::Kind;

/// Report the LOG_* options of option.dat that shape message entries when no channel of
/// imta.cnf has `logging` in effect.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(o) = super::option_dat(ctx) {
        without_logging(ctx, &o, out);
    }
}

/// LOG_* options that do not shape message entries (connection, syslog, counters, debug).
const NOT_MESSAGE_LOGGING: &[&str] = &[
    "LOG_CONNECTION", "LOG_CONNECTIONS_SYSLOG", "LOG_SNDOPR", "LOG_DEBUG", "LOG_FRUSTRATION_LIMIT",
    "LOG_DELAY_BINS", "LOG_SIZE_BINS", "LOG_STATISTICS",
];

/// Options that also shape connection entries (layout, process id, node, close reasons).
const ALSO_CONNECTION_ENTRIES: &[&str] =
    &["LOG_FORMAT", "LOG_PROCESS", "LOG_NODE", "LOG_DIAGNOSTICS"];

fn without_logging(ctx: &Context, o: &OptionDat, out: &mut Vec<Diagnostic>) {
    let Some((ifi, imta_file)) = ctx.set.file_of(Kind::Imta) else {
        return;
    };
    if !ctx.channels_complete() {
        return;
    }
    let channels = channel_logging(ctx.set);
    if channels.is_empty() || channels.iter().any(|c| c.logging) {
        return;
    }
    // With connection logging on, some options shape the connection entries too, which
    // do not depend on channel `logging`.
    let connections = connection_entries(ctx, o.int("LOG_CONNECTION").map(|(v, _)| v));
    let Some(first) = o.m.settings.iter().find(|s| {
        let n = s.normalized.as_str();
        n.starts_with("LOG_")
            && !NOT_MESSAGE_LOGGING.contains(&n)
            && !(connections && ALSO_CONNECTION_ENTRIES.contains(&n))
            && non_zero(s)
    }) else {
        return;
    };
    let itext = ctx.text(ifi);
    let defaults = imta_file.imta().and_then(|m| {
        m.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Defaults)
            .find_map(|b| b.head.as_ref().map(|h| h.span))
    });
    let (span, note) = match defaults {
        Some(sp) => (sp, "this defaults line has no `logging`"),
        None => {
            let first_line = itext.split('\n').next().unwrap_or_default();
            let first_line = first_line.strip_suffix('\r').unwrap_or(first_line);
            (
                Span::new(0, first_line.len()),
                "no channel of this file says `logging`, and there is no `defaults` line",
            )
        }
    };
    let name = first.name.text(o.text);
    out.push(
        Diagnostic::new(
            &LOG_OPTIONS_WITHOUT_LOGGING,
            o.fi,
            first.name,
            format!(
                "`{name}={}` has no effect: no channel in imta.cnf has `logging`, so no message entries are written",
                quote(first.value_trimmed())
            ),
        )
        .related(ifi, span, note)
        .help("add `logging` to the `defaults` line of imta.cnf (or to each channel that should be logged)"),
    );
}
