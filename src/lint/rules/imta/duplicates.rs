//! IMTA107-IMTA109: channel names and host names used twice, across all imta.cnf files.
//! One pass over the host names tells an official host name used twice (IMTA108) from any
//! other shared host name (IMTA109).

use std::collections::hash_map::Entry;

use crate::lint::keys::{FastMap, Folded};
use crate::lint::table::{DUPLICATE_CHANNEL, DUPLICATE_HOST_NAME, DUPLICATE_OFFICIAL_HOST};
use crate::lint::{Context, Diagnostic};
use crate::model::Span;
use crate::model::imta::{BlockKind, rule_like};

/// Compare the channel blocks of imta.cnf and its channel include files with each other:
/// the same channel name twice (IMTA107), the same official host name twice (IMTA108), a host
/// name shared between channels (IMTA109).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut channels: Vec<(usize, usize)> = Vec::new();
    for (fi, _, m, text) in super::files(ctx) {
        for (bi, b) in m.blocks.iter().enumerate() {
            if b.kind == BlockKind::Channel && !rule_like(b, text) {
                channels.push((fi, bi));
            }
        }
    }
    let block =
        |&(fi, bi): &(usize, usize)| &ctx.set.files[fi].imta().expect("imta file").blocks[bi];
    // Sized once: a large configuration has hundreds of thousands of names, and a table
    // that grows holds its old and new buckets at once.
    let host_count =
        channels.iter().map(|c| block(c).hosts.iter().map(|h| h.names.len()).sum::<usize>()).sum();
    let mut names: FastMap<Folded<'_>, (usize, Span)> =
        FastMap::with_capacity_and_hasher(channels.len(), Default::default());
    let mut hosts: FastMap<Folded<'_>, (usize, Span, bool)> =
        FastMap::with_capacity_and_hasher(host_count, Default::default());
    for c in &channels {
        let (fi, _) = *c;
        let text = ctx.text(fi);
        let b = block(c);
        let Some(head) = b.head.as_ref().filter(|h| !h.malformed) else {
            continue;
        };
        let name = head.name.text(text);
        // One hash per name: most are new, and `get` then `insert` would hash them twice.
        match names.entry(Folded(name)) {
            Entry::Occupied(first) => out.push(
                Diagnostic::new(
                    &DUPLICATE_CHANNEL,
                    fi,
                    head.name,
                    format!("channel `{name}` is defined twice"),
                )
                .related(first.get().0, first.get().1, "first definition")
                .help("merge the two blocks or rename one"),
            ),
            Entry::Vacant(slot) => {
                slot.insert((fi, head.name));
            }
        }
        for (li, line) in b.hosts.iter().enumerate() {
            for (ni, host) in line.names.iter().enumerate() {
                let official = li == 0 && ni == 0;
                let key = Folded(host.text(text));
                match hosts.entry(key) {
                    Entry::Occupied(first) => {
                        let (pf, ps, prev_official) = *first.get();
                        let rule = if official && prev_official {
                            &DUPLICATE_OFFICIAL_HOST
                        } else {
                            &DUPLICATE_HOST_NAME
                        };
                        out.push(
                            Diagnostic::new(rule, fi, *host, format!("host name `{}` of channel `{name}` is already a host name of another channel", host.text(text)))
                                .related(pf, ps, "first used here")
                                .help("give each channel its own host names"),
                        );
                    }
                    Entry::Vacant(slot) => {
                        slot.insert((fi, *host, official));
                    }
                }
            }
        }
    }
}
