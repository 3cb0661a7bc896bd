//! IMTA208: `master_debug` or `slave_debug` is left on.

use super::Word;
use crate::lint::table::DEBUG_KEYWORD;
use crate::lint::{Applicability, Context, Diagnostic, Edit};

/// Report `master_debug` and `slave_debug` on every channel and `defaults` line.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, text, keywords) in super::lines(ctx) {
        for w in super::words(ctx, text, keywords) {
            // The catalog's name is the keyword in lower case: no copy of the word per keyword.
            let Word::Known(kw, info) = w else { continue };
            if matches!(info.name.as_str(), "master_debug" | "slave_debug") {
                let word = kw.name.text(text);
                let mut d = Diagnostic::new(
                    &DEBUG_KEYWORD,
                    fi,
                    kw.name,
                    format!("`{word}` is on: the channel writes debug logs for every message"),
                )
                .help("remove it when you are done debugging");
                if let Some(span) = super::removal(text, kw) {
                    // Unsafe: the channel stops writing its debug logs.
                    d = d.fix(
                        Applicability::Unsafe,
                        format!("remove `{word}`"),
                        vec![Edit { file: fi.into(), span, replacement: String::new() }],
                    );
                }
                out.push(d);
            }
        }
    }
}
