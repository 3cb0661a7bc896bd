//! IMTA105: a `!` meant as a comment is not in column 1 (a rewrite rule, a channel line or a
//! host line that starts with blanks and `!`).

use crate::lint::table::INDENTED_COMMENT;
use crate::lint::{Applicability, Context, Diagnostic, Edit};
use crate::model::Span;
use crate::model::imta::rule_like;

/// Report rewrite rules, channel lines and host lines that start with blanks and then `!`:
/// the product does not read them as comments.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, _, m, text) in super::files(ctx) {
        for r in &m.rewrite_rules {
            if r.indent().is_some() && r.pattern.text(text).starts_with('!') {
                out.push(indented_comment(fi, r.line, r.indent()));
            }
        }
        for b in m.blocks.iter().filter(|b| !rule_like(b, text)) {
            if let Some(h) = &b.head
                && h.indent().is_some()
                && !h.malformed
                && h.name.text(text).starts_with('!')
            {
                out.push(indented_comment(fi, h.span, h.indent()));
            }
            for host in &b.hosts {
                if host.indent().is_some()
                    && host.names.first().is_some_and(|n| n.text(text).starts_with('!'))
                {
                    out.push(indented_comment(fi, host.line, host.indent()));
                }
            }
        }
    }
}

fn indented_comment(fi: usize, span: Span, indent: Option<Span>) -> Diagnostic {
    let d = Diagnostic::new(
        &INDENTED_COMMENT,
        fi,
        span,
        "this line starts with blanks and `!`; only a `!` in column 1 makes a comment",
    )
    .label("read as configuration, not as a comment")
    .help("move the `!` to the first column");
    match indent {
        // Unsafe: what was read as configuration becomes a comment.
        Some(blanks) => d.fix(
            Applicability::Unsafe,
            "move the `!` to column 1",
            vec![Edit { file: fi.into(), span: blanks, replacement: String::new() }],
        ),
        None => d,
    }
}
