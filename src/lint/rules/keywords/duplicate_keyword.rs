//! IMTA207: the same keyword appears twice on one channel line.

use super::Word;
use crate::lint::keys::{FastMap, Folded};
use crate::lint::table::DUPLICATE_KEYWORD;
use crate::lint::{Applicability, Context, Diagnostic, Edit};
use crate::model::imta::Keyword;

/// Report a keyword written a second time on the same channel or `defaults` line.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // One table for every line, emptied between lines: no allocation per line.
    let mut seen: FastMap<_, &Keyword> = FastMap::default();
    for (fi, text, keywords) in super::lines(ctx) {
        seen.clear();
        for w in super::words(ctx, text, keywords) {
            let Word::Known(kw, _) = w else { continue };
            let word = kw.name.text(text);
            let key = Folded(word);
            if let Some(first) = seen.get(&key) {
                let mut d = Diagnostic::new(
                    &DUPLICATE_KEYWORD,
                    fi,
                    kw.name,
                    format!("`{word}` appears twice on this line"),
                )
                .related(fi, first.name, "first occurrence")
                .help("remove one of them");
                if let Some(span) = super::removal(text, kw) {
                    let same = first.args.len() == kw.args.len()
                        && first
                            .args
                            .iter()
                            .zip(&kw.args)
                            .all(|(a, b)| a.text(text) == b.text(text));
                    d = d.fix(
                        // Written twice alike, the second says nothing more. With other
                        // arguments, which one applies is not documented.
                        if same { Applicability::Safe } else { Applicability::DisplayOnly },
                        format!("remove the second `{word}`"),
                        vec![Edit { file: fi.into(), span, replacement: String::new() }],
                    );
                }
                out.push(d);
            } else {
                seen.insert(key, kw);
            }
        }
    }
}
