//! OPT112: blanks before the name or around `=`.

use super::OptionFile;
use crate::lint::Edit;
use crate::lint::rules::common::{quote, value_span};
use crate::lint::table::WHITESPACE_AROUND_EQUALS;
use crate::lint::{Applicability, Context, Diagnostic};
use crate::model::Span;
use crate::model::options::OptionSetting;

/// Report blanks before an option name or around its `=`.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &OptionFile, out: &mut Vec<Diagnostic>) {
    for s in &file.m.settings {
        if let Some(d) = whitespace_around_equals(file.fi, s, file.text) {
            out.push(d);
        }
    }
}

fn whitespace_around_equals(fi: usize, s: &OptionSetting, text: &str) -> Option<Diagnostic> {
    let before = Span::new(s.name.end as usize, s.equals.start as usize);
    let after_end = s.value_parts.first().map_or(s.equals.end, |p| p.start.max(s.equals.end));
    let after = Span::new(s.equals.end as usize, after_end as usize);
    let blank = |sp: Span| !sp.is_empty() && sp.text(text).bytes().all(|b| b == b' ' || b == b'\t');
    let mut edits = Vec::new();
    for sp in [s.indent(), Some(before), Some(after)].into_iter().flatten() {
        if blank(sp) {
            edits.push(Edit { file: fi.into(), span: sp, replacement: String::new() });
        }
    }
    if edits.is_empty() {
        return None;
    }
    let start = s.indent().map_or(s.name.start, |i| i.start);
    let span = Span::new(start as usize, after_end as usize);
    let name = s.name.text(text);
    let shown = Span::new(s.name.start as usize, value_span(s, text).end.max(after_end) as usize);
    let msg = if s.indent().is_some() && edits.len() == 1 {
        format!("blanks before `{name}`; the canonical form starts in column 1")
    } else {
        format!(
            "blanks around `=` in `{}`; the canonical form is `{name}=…`",
            quote(shown.text(text).lines().next().unwrap_or_default())
        )
    };
    Some(
        Diagnostic::new(&WHITESPACE_AROUND_EQUALS, fi, span, msg)
            .help("the product accepts this, but `NAME=value` is the documented form")
            .fix(
                // Without its indent, a name that starts with a comment character makes
                // the line a comment: the setting the product reads would be gone.
                if s.indent().is_some() && name.starts_with(['!', '#', ';']) {
                    Applicability::Unsafe
                } else {
                    Applicability::Safe
                },
                "remove the blanks",
                edits,
            ),
    )
}
