//! IMTA107-IMTA109: channel names and host names used twice, across all imta.cnf files.
//! One pass over the host names tells an official host name used twice (IMTA108) from any
//! other shared host name (IMTA109).

use crate::lint::keys::repeats;
use crate::lint::table::{DUPLICATE_CHANNEL, DUPLICATE_HOST_NAME, DUPLICATE_OFFICIAL_HOST};
use crate::lint::{Context, Diagnostic};
use crate::model::Span;
use crate::model::imta::{Block, BlockKind, rule_like};

/// Compare the channel blocks of imta.cnf and its channel include files with each other:
/// the same channel name twice (IMTA107), the same official host name twice (IMTA108), a host
/// name shared between channels (IMTA109).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // The channel blocks with a usable name, in file order: file, block, name.
    let mut channels: Vec<(usize, &Block, Span)> = Vec::new();
    for (fi, _, m, text) in super::files(ctx) {
        for b in m.blocks.iter().filter(|b| b.kind == BlockKind::Channel && !rule_like(b, text)) {
            if let Some(head) = b.head.as_ref().filter(|h| !h.malformed) {
                channels.push((fi, b, head.name));
            }
        }
    }
    let name = |ci: usize| channels[ci].2.text(ctx.text(channels[ci].0));
    for (ci, first) in repeats((0..channels.len()).map(name)) {
        let (fi, _, span) = channels[ci];
        let (pf, _, ps) = channels[first];
        out.push(
            Diagnostic::new(
                &DUPLICATE_CHANNEL,
                fi,
                span,
                format!("channel `{}` is defined twice", name(ci)),
            )
            .related(pf, ps, "first definition")
            .help("merge the two blocks or rename one"),
        );
    }
    // Every host name: its channel, the name, and whether it is the official host name.
    let hosts: Vec<(usize, Span, bool)> = channels
        .iter()
        .enumerate()
        .flat_map(|(ci, (_, b, _))| {
            b.hosts.iter().enumerate().flat_map(move |(li, line)| {
                line.names.iter().enumerate().map(move |(ni, h)| (ci, *h, li == 0 && ni == 0))
            })
        })
        .collect();
    let host = |i: usize| hosts[i].1.text(ctx.text(channels[hosts[i].0].0));
    for (i, first) in repeats((0..hosts.len()).map(host)) {
        let ((ci, span, official), (cf, first_span, first_official)) = (hosts[i], hosts[first]);
        let rule = if official && first_official {
            &DUPLICATE_OFFICIAL_HOST
        } else {
            &DUPLICATE_HOST_NAME
        };
        out.push(
            Diagnostic::new(
                rule,
                channels[ci].0,
                span,
                format!(
                    "host name `{}` of channel `{}` is already a host name of another channel",
                    host(i),
                    name(ci)
                ),
            )
            .related(channels[cf].0, first_span, "first used here")
            .help("give each channel its own host names"),
        );
    }
}
