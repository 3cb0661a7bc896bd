//! IMTA101: a blank line ends the rewrite rules while rewrite rules still follow.

use super::without_eol;
use crate::lint::table::RULES_ENDED_EARLY;
use crate::lint::{Context, Diagnostic};
use crate::model::imta::rule_like;
use crate::syntax::Kind;

/// Report the blank line that ended the rewrite rules of imta.cnf when blocks after it look
/// like rewrite rules (they are read as channels instead).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, f, m, text) in super::files(ctx) {
        let Some(brk) = m.section_break else { continue };
        if f.kind != Kind::Imta || super::leading_blank_line::is_leading(f, brk.span) {
            continue;
        }
        let Some(first) = m.blocks.iter().find(|b| rule_like(b, text)) else {
            continue;
        };
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
