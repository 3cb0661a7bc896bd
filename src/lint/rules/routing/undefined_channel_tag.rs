//! IMTA301: a rewrite rule routes to a channel tag that no channel block defines.

use crate::lint::keys::{FastSet, Folded};
use crate::lint::table::UNDEFINED_CHANNEL_TAG;
use crate::lint::{Context, Diagnostic};
use crate::model::imta::BlockKind;
use crate::syntax::Kind;

/// Report every rewrite rule whose literal channel tag is no host name of any channel (only
/// when every channel definition could be read).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let kinds = &[Kind::Imta, Kind::ImtaChannels];
    // Host names of every channel, case-insensitive. When some include was not read, the
    // missing file may define the tag: say nothing rather than something false.
    if ctx.set.file_of(Kind::Imta).is_none()
        || ctx.definitions_complete(&[Kind::Imta, Kind::ImtaChannels]).is_none()
    {
        return;
    }
    let mut hosts: FastSet<_> = FastSet::default();
    for (fi, f) in ctx.files_of(kinds) {
        let Some(m) = f.imta() else { continue };
        let text = ctx.text(fi);
        for b in m.blocks.iter().filter(|b| b.kind == BlockKind::Channel) {
            for line in &b.hosts {
                for n in &line.names {
                    hosts.insert(Folded(n.text(text)));
                }
            }
        }
    }
    if hosts.is_empty() {
        // A file of rules only (a fragment): nothing to check against.
        return;
    }
    for (fi, f) in ctx.files_of(kinds) {
        let Some(m) = f.imta() else { continue };
        let text = ctx.text(fi);
        for r in &m.rewrite_rules {
            let Some(tag) = r.channel_tag else { continue };
            let t = tag.text(text);
            if !hosts.contains(&Folded(t)) {
                out.push(
                    Diagnostic::new(
                        &UNDEFINED_CHANNEL_TAG,
                        fi,
                        tag,
                        format!("no channel has the host name `{t}` this rule routes to"),
                    )
                    .label("routes here")
                    .help("correct the tag, or add a channel whose host line carries it"),
                );
            }
        }
    }
}
