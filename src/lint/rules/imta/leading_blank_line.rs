//! IMTA102: imta.cnf starts with a blank line.

use super::without_eol;
use crate::lint::{Applicability, Context, Diagnostic, Edit, RuleInfo, Severity};
use crate::model::Span;
use crate::model::config_set::ConfigFile;
use crate::syntax::Kind;

/// IMTA102 `leading-blank-line` (error by default): imta.cnf starts with a blank line.
pub const LEADING_BLANK_LINE: RuleInfo = RuleInfo {
    code: "IMTA102",
    name: "leading-blank-line",
    severity: Severity::Error,
    summary: "imta.cnf starts with a blank line.",
    why: "A blank first line ends the rewrite rules before the first one: the whole file is read as channel definitions and there are no rewrite rules at all.",
    example: "\n! rules\n.example.com $U%$D@tcp-daemon",
    fix: "Delete the blank first line.",
};

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
