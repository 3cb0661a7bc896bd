//! IMTA103 and IMTA106: a channel block without its host line. When a one-word block follows
//! it, a blank line cut the block in two (IMTA103, reported once, at the blank line);
//! otherwise the host line is missing (IMTA106).

use super::without_eol;
use crate::lint::table::{BLANK_LINE_IN_BLOCK, MISSING_HOST_LINE};
use crate::lint::{Context, Diagnostic};
use crate::model::imta::{BlockKind, rule_like};

/// Report channel blocks without a host line: as IMTA103 when a blank line split the block
/// (the host line became a block of its own), else as IMTA106.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, _, m, text) in super::files(ctx) {
        let blocks = &m.blocks;
        let mut skip_missing_host = vec![false; blocks.len()];
        for (i, b) in blocks.iter().enumerate() {
            if b.kind != BlockKind::Channel || rule_like(b, text) {
                continue;
            }
            let Some(head) = &b.head else { continue };
            if !b.hosts.is_empty() || skip_missing_host[i] {
                continue;
            }
            // A channel without host line directly followed by a one-word block: a blank
            // line inside the block.
            if let Some(next) = blocks.get(i + 1)
                && next.kind == BlockKind::Channel
                && next.hosts.is_empty()
                && next.head.as_ref().is_some_and(|n| n.keywords.is_empty() && !n.malformed)
                && next.comments.is_empty()
            {
                let blank = m
                    .separators
                    .iter()
                    .find(|s| s.span.start >= b.span.end && s.span.end <= next.span.start)
                    .map_or(next.span, |s| without_eol(s.span, text));
                out.push(
                    Diagnostic::new(
                        &BLANK_LINE_IN_BLOCK,
                        fi,
                        blank,
                        format!(
                            "a blank line separates channel `{}` from its host line",
                            head.name.text(text)
                        ),
                    )
                    .related(fi, next.span, "this host line is read as a channel of its own")
                    .help("delete the blank line"),
                );
                if i + 1 < skip_missing_host.len() {
                    skip_missing_host[i + 1] = true;
                }
            } else if !head.malformed {
                out.push(
                    Diagnostic::new(&MISSING_HOST_LINE, fi, head.name, format!("channel `{}` has no host line", head.name.text(text)))
                        .label("no official host name follows")
                        .help("add the channel's official host name (its tag, e.g. `tcp-daemon`) on the next line"),
                );
            }
        }
    }
}
