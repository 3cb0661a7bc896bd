//! IMTA104: a line of spaces or tabs stands where a blank line separates parts of imta.cnf.

use super::without_eol;
use crate::lint::table::WHITESPACE_ONLY_SEPARATOR;
use crate::lint::{Applicability, Context, Diagnostic, Edit};
use crate::model::Span;

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
