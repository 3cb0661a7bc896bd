//! IMTA102: imta.cnf starts with a blank line.

use super::without_eol;
use crate::lint::table::LEADING_BLANK_LINE;
use crate::lint::{Applicability, Context, Diagnostic, Edit};
use crate::model::Span;
use crate::model::config_set::ConfigFile;
use crate::syntax::Kind;

/// Is the section break the first line of a top-level imta.cnf?
pub fn is_leading(f: &ConfigFile, section_break: Span) -> bool {
    f.kind == Kind::Imta && f.depth == 0 && section_break.start == 0
}

/// Report a blank first line of the top-level imta.cnf.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, f, m, text) in super::files(ctx) {
        let Some(brk) = m.section_break else { continue };
        if !is_leading(f, brk.span) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &LEADING_BLANK_LINE,
                fi,
                without_eol(brk.span, text),
                "the first line is blank, so imta.cnf has no rewrite rules",
            )
            .label("blank first line")
            .help("delete this line; everything after it is read as channel definitions")
            // Unsafe: the lines after it become rewrite rules again.
            .fix(
                Applicability::Unsafe,
                "delete the blank first line",
                vec![Edit { file: fi.into(), span: brk.span, replacement: String::new() }],
            ),
        );
    }
}
