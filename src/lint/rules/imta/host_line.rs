//! IMTA103 and IMTA106: a channel block without its host line. When a one-word block follows
//! it, a blank line cut the block in two (IMTA103, reported once, at the blank line);
//! otherwise the host line is missing (IMTA106).

use super::without_eol;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::imta::{BlockKind, rule_like};

/// IMTA103 `blank-line-in-block` (error by default): a blank line separates a channel line
/// from its host line.
pub const BLANK_LINE_IN_BLOCK: RuleInfo = RuleInfo {
    code: "IMTA103",
    name: "blank-line-in-block",
    severity: Severity::Error,
    summary: "A blank line separates a channel line from its host line.",
    why: "Blank lines separate channel blocks. A blank line between a channel's keyword line and its host line cuts the block in two: the channel has no official host name and the host line becomes a channel of its own.",
    example: "tcp_local smtp mx\n\ntcp-daemon",
    fix: "Delete the blank line inside the block.",
};

/// IMTA106 `missing-host-line` (error by default): a channel block has no host line
/// (official host name).
pub const MISSING_HOST_LINE: RuleInfo = RuleInfo {
    code: "IMTA106",
    name: "missing-host-line",
    severity: Severity::Error,
    summary: "A channel block has no host line (official host name).",
    why: "The second line of a channel block names the channel's official host (its tag), which rewrite rules route to. Without it the configuration does not compile (no official host name for the channel).",
    example: "tcp_local smtp mx\n\ntcp_intranet smtp\ntcp_intranet-daemon",
    fix: "Add the host line (for example `tcp-daemon`) right under the channel line.",
};

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
