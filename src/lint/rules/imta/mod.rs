//! imta.cnf structure: the blank lines that are syntax, channel blocks and their host lines,
//! channel names and host names.

pub mod channel_name_characters;
pub mod channel_name_too_long;
pub mod dangling_channel_continuation;
pub mod duplicates;
pub mod host_line;
pub mod indented_comment;
pub mod leading_blank_line;
pub mod local_channel_not_first;
pub mod official_host_too_long;
pub mod rules_ended_early;
pub mod whitespace_only_separator;

use crate::lint::Context;
use crate::model::Span;
use crate::model::config_set::ConfigFile;
use crate::model::imta::{Block, BlockKind, ImtaModel, rule_like};
use crate::syntax::Kind;

/// The files that hold imta.cnf text (imta.cnf and the channel files it includes).
pub const KINDS: &[Kind] = &[Kind::Imta, Kind::ImtaChannels];

/// Every imta.cnf-like file with its model and text.
pub fn files<'a>(
    ctx: &'a Context<'a>,
) -> impl Iterator<Item = (usize, &'a ConfigFile, &'a ImtaModel, &'a str)> + 'a {
    ctx.files_of(KINDS)
        .filter_map(|(fi, f)| f.imta().map(|m| (fi, f, m, ctx.text(fi))))
}

/// The channel blocks of a file that are not rewrite rules read as channels, with their
/// index in `m.blocks`, and their well-formed head's name span.
pub fn channel_heads<'a>(
    m: &'a ImtaModel,
    text: &'a str,
) -> impl Iterator<Item = (&'a Block, Span)> + 'a {
    m.blocks.iter().filter_map(move |b| {
        if b.kind != BlockKind::Channel || rule_like(b, text) {
            return None;
        }
        let h = b.head.as_ref().filter(|h| !h.malformed)?;
        Some((b, h.name))
    })
}

/// A line's span without its terminator, so findings on blank lines stay on their line.
fn without_eol(span: Span, text: &str) -> Span {
    let t = span.text(text);
    let kept = t
        .strip_suffix('\n')
        .map_or(t, |t| t.strip_suffix('\r').unwrap_or(t));
    Span::new(span.start as usize, span.start as usize + kept.len())
}

#[cfg(test)]
pub(super) mod tests {
    use crate::lint::rules::testing::codes;

    /// The IMTA1xx findings of an imta.cnf: (code, line).
    pub fn imta(text: &str) -> Vec<(&'static str, usize)> {
        codes(&[("imta.cnf", text)])
            .into_iter()
            .filter(|(c, _, _)| c.starts_with("IMTA1"))
            .map(|(c, _, l)| (c, l))
            .collect()
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
}
