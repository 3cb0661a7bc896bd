//! Channel keywords: unknown words, arguments, exclusive groups, duplicates, debug switches.

pub mod arguments;
pub mod conflicting_keywords;
pub mod debug_keyword;
pub mod duplicate_keyword;
pub mod unknown_keyword;

use crate::knowledge::{ArgType, Arity, KeywordInfo};
use crate::lint::Context;
use crate::model::imta::{BlockKind, Keyword, is_duration, rule_like};
use crate::syntax::Kind;

/// The keywords of every channel and defaults line (not of rewrite rules read as
/// channels), with the file index and text.
pub fn lines<'a>(
    ctx: &'a Context<'a>,
) -> impl Iterator<Item = (usize, &'a str, &'a [Keyword])> + 'a {
    ctx.files_of(&[Kind::Imta, Kind::ImtaChannels])
        .filter_map(|(fi, f)| f.imta().map(|m| (fi, m, ctx.text(fi))))
        .flat_map(|(fi, m, text)| {
            m.blocks
                .iter()
                .filter(move |b| {
                    matches!(b.kind, BlockKind::Channel | BlockKind::Defaults)
                        && !rule_like(b, text)
                })
                .filter_map(move |b| b.head.as_ref().map(|h| (fi, text, h.keywords.as_slice())))
        })
}

/// A word of a channel line, as the keyword catalog sees it.
#[derive(Clone, Copy)]
pub enum Word<'k> {
    /// A keyword of the catalog.
    Known(&'k Keyword, &'k KeywordInfo),
    /// An argument-looking word right after a list keyword (`list`): the list went too far.
    Overflow {
        /// The word that looks like one value too many.
        word: &'k Keyword,
        /// The list keyword it follows.
        list: &'k Keyword,
        /// The catalog entry of the list keyword (its maximum).
        info: &'k KeywordInfo,
    },
    /// A word the catalog does not know.
    Unknown(&'k Keyword),
}

/// The words of one line, in order.
pub fn words<'k>(ctx: &Context<'k>, text: &str, keywords: &'k [Keyword]) -> Vec<Word<'k>> {
    let mut out = Vec::with_capacity(keywords.len());
    let mut prev: Option<(&Keyword, &KeywordInfo)> = None;
    for kw in keywords {
        let word = kw.name.text(text);
        match kw.info(text, ctx.catalog) {
            Some(info) => {
                prev = Some((kw, info));
                out.push(Word::Known(kw, info));
            }
            None => {
                match prev {
                    Some((list, info)) if matches!(info.arity, Arity::List { ty, .. } if is_argish(word, ty)) => {
                        out.push(Word::Overflow { word: kw, list, info })
                    }
                    _ => out.push(Word::Unknown(kw)),
                }
                prev = None;
            }
        }
    }
    out
}

/// Does a word that follows a list keyword look like one more value of the list?
fn is_argish(word: &str, ty: ArgType) -> bool {
    word.starts_with('"')
        || word.starts_with(|c: char| c.is_ascii_digit())
        || (ty == ArgType::Duration && is_duration(word))
}

/// The bytes to delete to remove `kw` and its arguments from its line: the keyword and
/// the blanks before it. `None` when the keyword starts its physical line (a continuation
/// line): removing it would leave a line of blanks inside the block.
pub(crate) fn removal(text: &str, kw: &Keyword) -> Option<crate::model::Span> {
    let span = kw.span();
    let before = &text[..span.start as usize];
    let kept = before.trim_end_matches([' ', '\t']);
    if kept.len() == before.len() || kept.is_empty() || kept.ends_with(['\n', '\r']) {
        return None;
    }
    Some(crate::model::Span::new(kept.len(), span.end as usize))
}
