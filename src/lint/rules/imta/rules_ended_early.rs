//! IMTA101: a blank line ends the rewrite rules while rewrite rules still follow.

use super::without_eol;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::imta::rule_like;
use crate::syntax::Kind;

/// IMTA101 `rules-ended-early` (error by default): a blank line ends the rewrite rules
/// while rewrite rules still follow.
pub const RULES_ENDED_EARLY: RuleInfo = RuleInfo {
    code: "IMTA101",
    name: "rules-ended-early",
    severity: Severity::Error,
    summary: "A blank line ends the rewrite rules while rewrite rules still follow.",
    why: "The first blank line of imta.cnf ends the rewrite rules; every rule after it is read as a channel definition. Rules that share a pattern then become channels with the same host name, and the configuration fails to compile or routes mail wrongly.",
    example: "! rewrite rules\n\n.example.com  $U%$D@tcp-daemon\n.example.com  $E$U%$D@tcp-daemon",
    fix: "Delete the blank line (or turn it into a `!` comment line) so the rules stay in the rewrite-rule part.",
};

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
