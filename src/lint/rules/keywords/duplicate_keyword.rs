//! IMTA207: the same keyword appears twice on one channel line.

use super::Word;
use crate::lint::keys::{FastMap, lower};
use crate::lint::{Applicability, Context, Diagnostic, Edit, RuleInfo, Severity};
use crate::model::imta::Keyword;

/// IMTA207 `duplicate-keyword` (warning by default): the same keyword appears twice on one
/// channel line.
pub const DUPLICATE_KEYWORD: RuleInfo = RuleInfo {
    code: "IMTA207",
    name: "duplicate-keyword",
    severity: Severity::Warning,
    summary: "The same keyword appears twice on one channel line.",
    why: "A repeated keyword is at best redundant; with different arguments only one of them applies.",
    example: "tcp_local smtp maxjobs 7 maxjobs 2\ntcp-daemon",
    fix: "Remove one of them.",
};

/// Report a keyword written a second time on the same channel or `defaults` line.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // One table for every line, emptied between lines: no allocation per line.
    let mut seen: FastMap<_, &Keyword> = FastMap::default();
    for (fi, text, keywords) in super::lines(ctx) {
        seen.clear();
        for w in super::words(ctx, text, keywords) {
            let Word::Known(kw, _) = w else { continue };
            let word = kw.name.text(text);
            let key = lower(word);
            if let Some(first) = seen.get(&*key) {
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
