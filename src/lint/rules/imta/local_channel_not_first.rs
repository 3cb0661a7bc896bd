//! IMTA113: the local channel `l` is not the first channel block of imta.cnf.

use crate::lint::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::imta::{Block, BlockKind, rule_like};
use crate::syntax::Kind;

/// IMTA113 `local-channel-not-first` (warning by default): the local channel `l` is not the
/// first channel block.
pub const LOCAL_CHANNEL_NOT_FIRST: RuleInfo = RuleInfo {
    code: "IMTA113",
    name: "local-channel-not-first",
    severity: Severity::Warning,
    summary: "The local channel `l` is not the first channel block.",
    why: "On UNIX the first channel block must be the local channel `l`; only defaults and nodefaults blocks may come before it.",
    example: "defaults logging\n\ntcp_local smtp\ntcp-daemon\n\nl\nmail.example.com",
    fix: "Move the `l` block up, right after the defaults blocks.",
};

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
