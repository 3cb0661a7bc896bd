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
    ctx.files_of(KINDS).filter_map(|(fi, f)| f.imta().map(|m| (fi, f, m, ctx.text(fi))))
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
    let kept = t.strip_suffix('\n').map_or(t, |t| t.strip_suffix('\r').unwrap_or(t));
    Span::new(span.start as usize, span.start as usize + kept.len())
}
