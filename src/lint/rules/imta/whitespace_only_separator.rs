//! IMTA104: a line of spaces or tabs stands where a blank line separates parts of imta.cnf.

use super::without_eol;
use crate::lint::{Applicability, Context, Diagnostic, Edit, RuleInfo, Severity};
use crate::model::Span;

/// IMTA104 `whitespace-only-separator` (warning by default): a line of spaces or tabs
/// stands where a blank line separates parts of imta.cnf.
pub const WHITESPACE_ONLY_SEPARATOR: RuleInfo = RuleInfo {
    code: "IMTA104",
    name: "whitespace-only-separator",
    severity: Severity::Warning,
    summary: "A line of spaces or tabs stands where a blank line separates parts of imta.cnf.",
    why: "Blank lines are syntax in imta.cnf. The product reads a line of blanks as a blank line, but that is not documented, it is invisible in most editors, and tools that treat it as text get the structure wrong.",
    example: "l\nmail.example.com\n    \ntcp_local smtp\ntcp-daemon",
    fix: "Make the line truly empty (delete the spaces).",
};

/// Report every separating line of imta.cnf that holds spaces or tabs instead of nothing.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, _, m, text) in super::files(ctx) {
        for sep in m.section_break.iter().chain(&m.separators) {
            if sep.whitespace_only {
                let blanks =
                    Span::new(sep.span.start as usize, without_eol(sep.span, text).end as usize);
                out.push(
                    Diagnostic::new(
                        &WHITESPACE_ONLY_SEPARATOR,
                        fi,
                        blanks,
                        "this line holds only spaces or tabs; it is read as a blank line",
                    )
                    .help("make the line empty")
                    // Safe: the product already reads the line as a blank line.
                    .fix(
                        Applicability::Safe,
                        "delete the blanks",
                        vec![Edit { file: fi.into(), span: blanks, replacement: String::new() }],
                    ),
                );
            }
        }
    }
}
