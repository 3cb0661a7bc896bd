//! IMTA208: `master_debug` or `slave_debug` is left on.

use super::Word;
use crate::lint::{Applicability, Context, Diagnostic, Edit, RuleInfo, Severity};

/// IMTA208 `debug-keyword` (info by default): `master_debug` or `slave_debug` is left on.
pub const DEBUG_KEYWORD: RuleInfo = RuleInfo {
    code: "IMTA208",
    name: "debug-keyword",
    severity: Severity::Info,
    summary: "`master_debug` or `slave_debug` is left on.",
    why: "The debug keywords write detailed logs for every message the channel handles; left on in production they fill the log directory and slow the channel.",
    example: "tcp_local smtp master_debug slave_debug\ntcp-daemon",
    fix: "Remove the keywords once the problem is diagnosed.",
};

/// Report `master_debug` and `slave_debug` on every channel and `defaults` line.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, text, keywords) in super::lines(ctx) {
        for w in super::words(ctx, text, keywords) {
            let Word::Known(kw, _) = w else { continue };
            let word = kw.name.text(text);
            let lower = word.to_ascii_lowercase();
            if lower == "master_debug" || lower == "slave_debug" {
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
