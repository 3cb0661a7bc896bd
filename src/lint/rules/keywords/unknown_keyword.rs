//! IMTA201: a word on a channel line is not a keyword imtacfg knows.

use super::Word;
use crate::lint::suggest::Suggester;
use crate::lint::table::UNKNOWN_KEYWORD;
use crate::lint::{Context, Diagnostic};

/// Report every word of a channel or `defaults` line that is not a catalog keyword (the
/// product takes such words for UNIX group ids), with the closest keyword when there is one.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut suggest = Suggester::of_table(&ctx.catalog.keywords);
    for (fi, text, keywords) in super::lines(ctx) {
        for w in super::words(ctx, text, keywords) {
            let Word::Unknown(kw) = w else { continue };
            let word = kw.name.text(text);
            let mut d = Diagnostic::new(
                &UNKNOWN_KEYWORD,
                fi,
                kw.name,
                format!("unknown keyword `{word}`; the product will take it for a UNIX group id"),
            );
            if let Some(s) = suggest.suggest(word) {
                d = d.help(format!("did you mean `{s}`?"));
            } else {
                d = d.help("if it is a site keyword or a group id on purpose, declare it in imtacfg.toml or suppress this finding");
            }
            out.push(d);
        }
    }
}
