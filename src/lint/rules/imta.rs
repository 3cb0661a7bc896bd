//! imta.cnf structure: the blank lines that are syntax, channel blocks and their host lines,
//! channel names and host names.

use std::collections::HashMap;

use super::Context;
use crate::lint::{Diagnostic, RuleInfo, Severity};
use crate::model::Span;
use crate::model::imta::{Block, BlockKind, ImtaModel, rule_like};
use crate::syntax::Kind;

pub const RULES_ENDED_EARLY: RuleInfo = RuleInfo {
    code: "IMTA101",
    name: "rules-ended-early",
    severity: Severity::Error,
    summary: "A blank line ends the rewrite rules while rewrite rules still follow.",
    why: "The first blank line of imta.cnf ends the rewrite rules; every rule after it is read as a channel definition. Rules that share a pattern then become channels with the same host name, and the configuration fails to compile or routes mail wrongly.",
    example: "! rewrite rules\n\n.example.com  $U%$D@tcp-daemon\n.example.com  $E$U%$D@tcp-daemon",
    fix: "Delete the blank line (or turn it into a `!` comment line) so the rules stay in the rewrite-rule part.",
};

pub const LEADING_BLANK_LINE: RuleInfo = RuleInfo {
    code: "IMTA102",
    name: "leading-blank-line",
    severity: Severity::Error,
    summary: "imta.cnf starts with a blank line.",
    why: "A blank first line ends the rewrite rules before the first one: the whole file is read as channel definitions and there are no rewrite rules at all.",
    example: "\n! rules\n.example.com $U%$D@tcp-daemon",
    fix: "Delete the blank first line.",
};

pub const BLANK_LINE_IN_BLOCK: RuleInfo = RuleInfo {
    code: "IMTA103",
    name: "blank-line-in-block",
    severity: Severity::Error,
    summary: "A blank line separates a channel line from its host line.",
    why: "Blank lines separate channel blocks. A blank line between a channel's keyword line and its host line cuts the block in two: the channel has no official host name and the host line becomes a channel of its own.",
    example: "tcp_local smtp mx\n\ntcp-daemon",
    fix: "Delete the blank line inside the block.",
};

pub const WHITESPACE_ONLY_SEPARATOR: RuleInfo = RuleInfo {
    code: "IMTA104",
    name: "whitespace-only-separator",
    severity: Severity::Warning,
    summary: "A line of spaces or tabs stands where a blank line separates parts of imta.cnf.",
    why: "Blank lines are syntax in imta.cnf. The product reads a line of blanks as a blank line, but that is not documented, it is invisible in most editors, and tools that treat it as text get the structure wrong.",
    example: "l\nmail.example.com\n    \ntcp_local smtp\ntcp-daemon",
    fix: "Make the line truly empty (delete the spaces).",
};

pub const INDENTED_COMMENT: RuleInfo = RuleInfo {
    code: "IMTA105",
    name: "indented-comment",
    severity: Severity::Warning,
    summary: "A `!` meant as a comment is not in column 1.",
    why: "Only a `!` in the first column starts a comment. An indented `! text` line is read as configuration: a rewrite rule, a channel or a host name.",
    example: "tcp_local smtp mx\n   ! outgoing SMTP\ntcp-daemon",
    fix: "Move the `!` to column 1.",
};

pub const MISSING_HOST_LINE: RuleInfo = RuleInfo {
    code: "IMTA106",
    name: "missing-host-line",
    severity: Severity::Error,
    summary: "A channel block has no host line (official host name).",
    why: "The second line of a channel block names the channel's official host (its tag), which rewrite rules route to. Without it the configuration does not compile (no official host name for the channel).",
    example: "tcp_local smtp mx\n\ntcp_intranet smtp\ntcp_intranet-daemon",
    fix: "Add the host line (for example `tcp-daemon`) right under the channel line.",
};

pub const DUPLICATE_CHANNEL: RuleInfo = RuleInfo {
    code: "IMTA107",
    name: "duplicate-channel",
    severity: Severity::Warning,
    summary: "Two channel blocks have the same name.",
    why: "A channel name is also its queue directory; two definitions of one channel leave it unclear which keywords apply. The product documents no behaviour for this.",
    example: "tcp_local smtp\ntcp-daemon\n\ntcp_local smtp mx\ntcp2-daemon",
    fix: "Merge the two blocks or rename one of them.",
};

pub const DUPLICATE_OFFICIAL_HOST: RuleInfo = RuleInfo {
    code: "IMTA108",
    name: "duplicate-official-host",
    severity: Severity::Error,
    summary: "Two channels have the same official host name (channel tag).",
    why: "Rewrite rules route to a channel by its official host name; two channels with one name make the configuration fail to compile (duplicate host in channel table).",
    example: "tcp_local smtp\ntcp-daemon\n\ntcp_other smtp\ntcp-daemon",
    fix: "Give each channel its own tag on its host line.",
};

pub const DUPLICATE_HOST_NAME: RuleInfo = RuleInfo {
    code: "IMTA109",
    name: "duplicate-host-name",
    severity: Severity::Warning,
    summary: "A host name on a channel's host lines is also a host name of another channel.",
    why: "Host names decide which channel an address belongs to. A name listed for two channels makes that choice depend on the order of the blocks.",
    example: "tcp_a smtp\na-daemon mail.example.com\n\ntcp_b smtp\nb-daemon\nmail.example.com",
    fix: "Keep each host name on one channel.",
};

pub const OFFICIAL_HOST_TOO_LONG: RuleInfo = RuleInfo {
    code: "IMTA110",
    name: "official-host-too-long",
    severity: Severity::Error,
    summary: "An official host name is longer than 128 octets.",
    why: "The product limits official host names to 128 octets and refuses longer ones. A rewrite rule read as a channel after a stray blank line often causes this.",
    example: "tcp_local smtp\n<a host name of more than 128 characters>",
    fix: "Shorten the name, or restore the rewrite rule that was misread as a channel.",
};

pub const CHANNEL_NAME_TOO_LONG: RuleInfo = RuleInfo {
    code: "IMTA111",
    name: "channel-name-too-long",
    severity: Severity::Error,
    summary: "A channel name is longer than 32 characters.",
    why: "Channel names are limited to 32 characters; they also name the queue directories.",
    example: "tcp_this_channel_name_is_far_too_long_for_the_mta smtp\nlong-daemon",
    fix: "Use a shorter channel name (and update rules and option files that mention it).",
};

pub const CHANNEL_NAME_CHARACTERS: RuleInfo = RuleInfo {
    code: "IMTA112",
    name: "channel-name-characters",
    severity: Severity::Warning,
    summary: "A channel name uses characters other than lower-case letters, digits, `_`, `$` and `-`.",
    why: "The product asks for lower-case letters, digits, underscores and dollar signs in channel names (and ships `ims-ms` with a hyphen). Other characters, upper case included, make queue directory names that differ between systems.",
    example: "TCP_Local smtp\ntcp-daemon",
    fix: "Rename the channel using lower-case letters, digits and underscores.",
};

pub const LOCAL_CHANNEL_NOT_FIRST: RuleInfo = RuleInfo {
    code: "IMTA113",
    name: "local-channel-not-first",
    severity: Severity::Warning,
    summary: "The local channel `l` is not the first channel block.",
    why: "On UNIX the first channel block must be the local channel `l`; only defaults and nodefaults blocks may come before it.",
    example: "defaults logging\n\ntcp_local smtp\ntcp-daemon\n\nl\nmail.example.com",
    fix: "Move the `l` block up, right after the defaults blocks.",
};

pub const DANGLING_CHANNEL_CONTINUATION: RuleInfo = RuleInfo {
    code: "IMTA114",
    name: "dangling-channel-continuation",
    severity: Severity::Warning,
    summary: "A channel line ends in `\\` but no line continues it.",
    why: "A `\\` at the end of a line joins the next line to it. When a blank line or the end of the file follows, the keywords meant to follow are missing.",
    example: "tcp_local smtp mx \\\n\ntcp-daemon",
    fix: "Remove the `\\` or add the continuation line.",
};

pub static RULES: &[&RuleInfo] = &[
    &RULES_ENDED_EARLY,
    &LEADING_BLANK_LINE,
    &BLANK_LINE_IN_BLOCK,
    &WHITESPACE_ONLY_SEPARATOR,
    &INDENTED_COMMENT,
    &MISSING_HOST_LINE,
    &DUPLICATE_CHANNEL,
    &DUPLICATE_OFFICIAL_HOST,
    &DUPLICATE_HOST_NAME,
    &OFFICIAL_HOST_TOO_LONG,
    &CHANNEL_NAME_TOO_LONG,
    &CHANNEL_NAME_CHARACTERS,
    &LOCAL_CHANNEL_NOT_FIRST,
    &DANGLING_CHANNEL_CONTINUATION,
];

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let kinds = &[Kind::Imta, Kind::ImtaChannels];
    let mut all_channels: Vec<(usize, usize)> = Vec::new();
    for (fi, f) in ctx.files_of(kinds) {
        let Some(m) = f.imta() else { continue };
        let text = ctx.text(fi);
        structure(ctx, fi, f.kind, f.depth, m, text, out);
        for (bi, b) in m.blocks.iter().enumerate() {
            if b.kind == BlockKind::Channel && !rule_like(b, text) {
                all_channels.push((fi, bi));
            }
        }
    }
    duplicates(ctx, &all_channels, out);
    local_first(ctx, out);
}

fn structure(
    ctx: &Context,
    fi: usize,
    kind: Kind,
    depth: usize,
    m: &ImtaModel,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    // A blank first line of a top-level imta.cnf.
    if let Some(brk) = m.section_break {
        if kind == Kind::Imta && depth == 0 && brk.span.start == 0 {
            out.push(
                Diagnostic::new(
                    &LEADING_BLANK_LINE,
                    fi,
                    without_eol(brk.span, text),
                    "the first line is blank, so imta.cnf has no rewrite rules",
                )
                .label("blank first line")
                .help("delete this line; everything after it is read as channel definitions"),
            );
        } else if kind == Kind::Imta
            && let Some(first) = m.blocks.iter().find(|b| rule_like(b, text))
        {
            let n = m.blocks.iter().filter(|b| rule_like(b, text)).count();
            out.push(
                Diagnostic::new(
                    &RULES_ENDED_EARLY,
                    fi,
                    without_eol(brk.span, text),
                    if n == 1 {
                        "this blank line ends the rewrite rules, but the block after it looks like rewrite rules and is read as a channel".to_string()
                    } else {
                        format!("this blank line ends the rewrite rules, but {n} blocks after it look like rewrite rules and are read as channels")
                    },
                )
                .label("the rewrite rules end here")
                .related(fi, first.head.as_ref().map_or(first.span, |h| h.span), "read as a channel definition")
                .help("delete the blank line, or make it a `!` comment line"),
            );
        }
    }
    for sep in m.section_break.iter().chain(&m.separators) {
        if sep.whitespace_only {
            out.push(
                Diagnostic::new(
                    &WHITESPACE_ONLY_SEPARATOR,
                    fi,
                    Span::new(
                        sep.span.start as usize,
                        without_eol(sep.span, text).end as usize,
                    ),
                    "this line holds only spaces or tabs; it is read as a blank line",
                )
                .help("make the line empty"),
            );
        }
    }
    for r in &m.rewrite_rules {
        if r.indent.is_some() && r.pattern.text(text).starts_with('!') {
            out.push(indented_comment(fi, r.line));
        }
    }
    let blocks = &m.blocks;
    let mut skip_missing_host = vec![false; blocks.len()];
    for (i, b) in blocks.iter().enumerate() {
        if rule_like(b, text) {
            continue;
        }
        if let Some(h) = &b.head {
            if h.indent.is_some() && !h.malformed && h.name.text(text).starts_with('!') {
                out.push(indented_comment(fi, h.span));
            }
            if let Some(mark) = h.dangling_continuation {
                out.push(
                    Diagnostic::new(
                        &DANGLING_CHANNEL_CONTINUATION,
                        fi,
                        mark,
                        "this `\\` continues the channel line, but no line follows",
                    )
                    .help("remove the `\\`, or put the rest of the keywords on the next line"),
                );
            }
        }
        for host in &b.hosts {
            if host.indent.is_some()
                && host
                    .names
                    .first()
                    .is_some_and(|n| n.text(text).starts_with('!'))
            {
                out.push(indented_comment(fi, host.line));
            }
        }
        if b.kind != BlockKind::Channel {
            continue;
        }
        let Some(head) = &b.head else { continue };
        // A channel without host line directly followed by a one-word block: a blank
        // line inside the block.
        if b.hosts.is_empty() && !skip_missing_host[i] {
            if let Some(next) = blocks.get(i + 1)
                && next.kind == BlockKind::Channel
                && next.hosts.is_empty()
                && next
                    .head
                    .as_ref()
                    .is_some_and(|n| n.keywords.is_empty() && !n.malformed)
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
                    .related(
                        fi,
                        next.span,
                        "this host line is read as a channel of its own",
                    )
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
        if head.malformed {
            continue;
        }
        let name = head.name.text(text);
        if name.len() > 32 {
            out.push(
                Diagnostic::new(
                    &CHANNEL_NAME_TOO_LONG,
                    fi,
                    head.name,
                    format!(
                        "channel name `{name}` has {} characters; the limit is 32",
                        name.chars().count()
                    ),
                )
                .help("use a shorter name"),
            );
        }
        if let Some(bad) = name.chars().find(|c| {
            !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '$' | '-'))
        }) {
            out.push(
                Diagnostic::new(
                    &CHANNEL_NAME_CHARACTERS,
                    fi,
                    head.name,
                    format!("channel name `{name}` contains `{bad}`"),
                )
                .help("channel names should use lower-case letters, digits, `_` and `$`"),
            );
        }
        if let Some(host) = b.official_host() {
            let len = host.text(text).len();
            if len > 128 {
                out.push(
                    Diagnostic::new(&OFFICIAL_HOST_TOO_LONG, fi, host, format!("official host name of channel `{name}` is {len} octets long; the limit is 128"))
                        .help("shorten it; if this line is a rewrite rule, a stray blank line above moved it into the channel part"),
                );
            }
        }
    }
    let _ = ctx;
}

/// A line's span without its terminator, so findings on blank lines stay on their line.
fn without_eol(span: Span, text: &str) -> Span {
    let t = span.text(text);
    let kept = t
        .strip_suffix('\n')
        .map_or(t, |t| t.strip_suffix('\r').unwrap_or(t));
    Span::new(span.start as usize, span.start as usize + kept.len())
}

fn indented_comment(fi: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        &INDENTED_COMMENT,
        fi,
        span,
        "this line starts with blanks and `!`; only a `!` in column 1 makes a comment",
    )
    .label("read as configuration, not as a comment")
    .help("move the `!` to the first column")
}

fn duplicates(ctx: &Context, channels: &[(usize, usize)], out: &mut Vec<Diagnostic>) {
    let block =
        |&(fi, bi): &(usize, usize)| &ctx.set.files[fi].imta().expect("imta file").blocks[bi];
    let mut names: HashMap<String, (usize, Span)> = HashMap::new();
    let mut hosts: HashMap<String, (usize, Span, bool)> = HashMap::new();
    for c in channels {
        let (fi, _) = *c;
        let text = ctx.text(fi);
        let b = block(c);
        let Some(head) = b.head.as_ref().filter(|h| !h.malformed) else {
            continue;
        };
        let name = head.name.text(text);
        match names.get(&name.to_ascii_lowercase()) {
            Some(&(pf, ps)) => out.push(
                Diagnostic::new(
                    &DUPLICATE_CHANNEL,
                    fi,
                    head.name,
                    format!("channel `{name}` is defined twice"),
                )
                .related(pf, ps, "first definition")
                .help("merge the two blocks or rename one"),
            ),
            None => {
                names.insert(name.to_ascii_lowercase(), (fi, head.name));
            }
        }
        for (li, line) in b.hosts.iter().enumerate() {
            for (ni, host) in line.names.iter().enumerate() {
                let official = li == 0 && ni == 0;
                let key = host.text(text).to_ascii_lowercase();
                match hosts.get(&key) {
                    Some(&(pf, ps, prev_official)) => {
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
                    None => {
                        hosts.insert(key, (fi, *host, official));
                    }
                }
            }
        }
    }
}

fn local_first(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((fi, f)) = ctx.set.file_of(Kind::Imta) else {
        return;
    };
    let Some(m) = f.imta() else { return };
    let text = ctx.text(fi);
    let channels: Vec<&Block> = m
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Channel && !rule_like(b, text))
        .collect();
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
                &LOCAL_CHANNEL_NOT_FIRST,
                fi,
                head,
                "the local channel `l` is not the first channel block",
            )
            .related(
                fi,
                first.head.as_ref().map_or(first.span, |h| h.name),
                "first channel block",
            )
            .help("move the `l` block up so it follows the defaults blocks directly"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::codes;

    fn imta(text: &str) -> Vec<(&'static str, usize)> {
        codes(&[("imta.cnf", text)])
            .into_iter()
            .filter(|(c, _, _)| c.starts_with("IMTA1"))
            .map(|(c, _, l)| (c, l))
            .collect()
    }

    #[test]
    fn blank_line_after_opening_comments() {
        let text = "! rules\n\n.example.com $U%$D@tcp-daemon\n.example.com $E$U%$D@tcp-daemon\n";
        assert_eq!(imta(text), vec![("IMTA101", 2)]);
        assert!(
            imta("! rules\n.example.com $U%$D@a-daemon\n\nl\nl-host\n\ntcp_a smtp\na-daemon\n")
                .is_empty()
        );
    }

    #[test]
    fn leading_blank_line() {
        assert_eq!(imta("\nl\nmail.example.com\n"), vec![("IMTA102", 1)]);
    }

    #[test]
    fn blank_line_inside_block_and_missing_host() {
        let text = "r $U@l-host\n\nl\nl-host\n\ntcp_local smtp mx\n\ntcp-daemon\n\ntcp_b smtp\n";
        assert_eq!(imta(text), vec![("IMTA103", 7), ("IMTA106", 10)]);
    }

    #[test]
    fn whitespace_separator_and_indented_comment() {
        let text = "r $U@l-host\n  \nl\n  ! the local channel\nl-host\n";
        let found = imta(text);
        assert!(found.contains(&("IMTA104", 2)), "{found:?}");
        assert!(found.contains(&("IMTA105", 4)), "{found:?}");
    }

    #[test]
    fn duplicates_lengths_and_names() {
        let long = "h".repeat(130);
        let text = format!(
            "r $U@l-host\n\nl\nl-host\n\ntcp_a smtp\na-daemon alias.example.com\n\ntcp_a smtp\nb-daemon\n\ntcp_c smtp\na-daemon\n\ntcp_d smtp\nd-daemon\nalias.example.com\n\nTcp_E smtp\n{long}\n\ntcp_this_channel_name_is_far_too_long_x smtp\nx-daemon\n"
        );
        assert_eq!(
            imta(&text),
            vec![
                ("IMTA107", 9),
                ("IMTA108", 13),
                ("IMTA109", 17),
                ("IMTA112", 19),
                ("IMTA110", 20),
                ("IMTA111", 22)
            ]
        );
    }

    #[test]
    fn local_channel_order_and_dangling_continuation() {
        let text = "r $U@l-host\n\ndefaults logging\n\ntcp_a smtp \\\n\na-daemon\n\nl\nl-host\n";
        let found = imta(text);
        assert!(found.contains(&("IMTA113", 9)), "{found:?}");
        assert!(found.contains(&("IMTA114", 5)), "{found:?}");
        assert!(
            imta("r $U@l-host\n\ndefaults logging\n\nl\nl-host\n\ntcp_a smtp\na-daemon\n")
                .is_empty()
        );
    }
}
