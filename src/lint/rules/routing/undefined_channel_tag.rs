//! IMTA301: a rewrite rule routes to a channel tag that no channel block defines.

use crate::lint::keys::{FastMap, Folded};
use crate::lint::table::UNDEFINED_CHANNEL_TAG;
use crate::lint::{Context, Diagnostic};
use crate::model::imta::BlockKind;
use crate::syntax::Kind;

/// Report every rewrite rule whose literal channel tag is no host name of any channel (only
/// when every channel definition could be read).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let kinds = &[Kind::Imta, Kind::ImtaChannels];
    // When some include was not read, the missing file may define the tag: say nothing
    // rather than something false. Host names are compared without regard to case.
    if ctx.set.file_of(Kind::Imta).is_none()
        || ctx.definitions_complete(&[Kind::Imta, Kind::ImtaChannels]).is_none()
    {
        return;
    }
    // The tags the rules route to, each once: a handful in a real configuration however
    // many rules there are, so the table stays small and every look-up in it is cheap.
    // Each is then looked for among the host names, and the walk over the channels stops
    // once every tag is found.
    let mut tags: FastMap<Folded<'_>, bool> = FastMap::default();
    for (fi, f) in ctx.files_of(kinds) {
        let Some(m) = f.imta() else { continue };
        let text = ctx.text(fi);
        for tag in m.rewrite_rules.iter().filter_map(|r| r.channel_tag) {
            tags.entry(Folded(tag.text(text))).or_insert(false);
        }
    }
    let (mut missing, mut any_host) = (tags.len(), false);
    'channels: for (fi, f) in ctx.files_of(kinds) {
        let Some(m) = f.imta() else { continue };
        let text = ctx.text(fi);
        for b in m.blocks.iter().filter(|b| b.kind == BlockKind::Channel) {
            for n in b.hosts.iter().flat_map(|line| &line.names) {
                any_host = true;
                if let Some(found) = tags.get_mut(&Folded(n.text(text)))
                    && !*found
                {
                    *found = true;
                    missing -= 1;
                }
                if missing == 0 {
                    break 'channels;
                }
            }
        }
    }
    if !any_host || missing == 0 {
        // No host name at all: a file of rules only (a fragment), nothing to check
        // against. Or every tag found.
        return;
    }
    for (fi, f) in ctx.files_of(kinds) {
        let Some(m) = f.imta() else { continue };
        let text = ctx.text(fi);
        for r in &m.rewrite_rules {
            let Some(tag) = r.channel_tag else { continue };
            let t = tag.text(text);
            if tags.get(&Folded(t)) == Some(&false) {
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
