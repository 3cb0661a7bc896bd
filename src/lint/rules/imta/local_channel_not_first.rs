//! IMTA113: the local channel `l` is not the first channel block of imta.cnf.

use crate::lint::table::LOCAL_CHANNEL_NOT_FIRST;
use crate::lint::{Context, Diagnostic};
use crate::model::imta::{Block, BlockKind, rule_like};
use crate::syntax::Kind;

/// Report the local channel `l` when another channel block comes before it in imta.cnf.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((fi, f)) = ctx.set.file_of(Kind::Imta) else {
        return;
    };
    let Some(m) = f.imta() else { return };
    let text = ctx.text(fi);
    let channels: Vec<&Block> =
        m.blocks.iter().filter(|b| b.kind == BlockKind::Channel && !rule_like(b, text)).collect();
    let Some(first) = channels.first() else {
        return;
    };
    if first.name(text) == Some("l") {
        return;
    }
    if let Some(l) = channels.iter().find(|b| b.name(text) == Some("l")) {
        let head = l.head.as_ref().map_or(l.span, |h| h.name);
        out.push(
            Diagnostic::new(
                &LOCAL_CHANNEL_NOT_FIRST, fi, head,
                "the local channel `l` is not the first channel block",
            )
            .related(fi, first.head.as_ref().map_or(first.span, |h| h.name), "first channel block")
            .help("move the `l` block up so it follows the defaults blocks directly"),
        );
    }
}
