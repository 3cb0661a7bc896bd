//! IMTA206: two keywords of one exclusive group are on the same line.

use super::Word;
use crate::lint::keys::FastMap;
use crate::lint::table::CONFLICTING_KEYWORDS;
use crate::lint::{Applicability, Context, Diagnostic, Edit};
use crate::model::imta::Keyword;

/// Report the second keyword of an exclusive group on one channel or `defaults` line (such
/// as `822` after `733`).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // One table for every line, emptied between lines: no allocation per line.
    let mut groups: FastMap<&str, &Keyword> = FastMap::default();
    for (fi, text, keywords) in super::lines(ctx) {
        groups.clear();
        for w in super::words(ctx, text, keywords) {
            let Word::Known(kw, info) = w else { continue };
            let Some(g) = info.group.as_deref() else {
                continue;
            };
            let word = kw.name.text(text);
            // The group's last keyword so far, replaced by this one: one hash per keyword.
            if let Some(other) = groups.insert(g, kw)
                && !other.name.text(text).eq_ignore_ascii_case(word)
            {
                let mut d = Diagnostic::new(
                    &CONFLICTING_KEYWORDS,
                    fi,
                    kw.name,
                    format!(
                        "`{word}` and `{}` are alternatives of one setting",
                        other.name.text(text)
                    ),
                )
                .related(fi, other.name, "the other alternative")
                .help("keep only the one you mean");
                if let Some(span) = super::removal(text, other) {
                    // Only a suggestion: which alternative applies is not documented, and
                    // only the user knows which one is meant.
                    d = d.fix(
                        Applicability::DisplayOnly,
                        format!("remove `{}`, keeping `{word}`", other.name.text(text)),
                        vec![Edit { file: fi.into(), span, replacement: String::new() }],
                    );
                }
                out.push(d);
            }
        }
    }
}
