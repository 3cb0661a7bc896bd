//! OPT105: a comment line inside a continued value that looks like a part of the value.

use super::OptionFile;
use crate::lint::Edit;
use crate::lint::rules::common::quote;
use crate::lint::table::COMMENT_INSIDE_CONTINUED_VALUE;
use crate::lint::{Applicability, Context, Diagnostic};
use crate::model::Span;
use crate::model::options::OptionSetting;

/// Report comment lines inside a continued value: their text is not part of the value.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &OptionFile, out: &mut Vec<Diagnostic>) {
    for s in &file.m.settings {
        for c in &s.inner_comments {
            if let Some(d) = comment_in_value(file.fi, s, c.span, file.text) {
                out.push(d);
            }
        }
    }
}

fn comment_in_value(fi: usize, s: &OptionSetting, span: Span, text: &str) -> Option<Diagnostic> {
    let line = span.text(text);
    let mut chars = line.chars();
    let c = chars.next()?;
    let body = chars.as_str();
    let trimmed = body.trim_end_matches([' ', '\t']);
    if !(body.contains('=') || trimmed.ends_with(',') || trimmed.ends_with('\\')) {
        // A plain remark between continuation lines: allowed and harmless.
        return None;
    }
    let name = s.name.text(text);
    let mut d = Diagnostic::new(
        &COMMENT_INSIDE_CONTINUED_VALUE,
        fi,
        span,
        format!(
            "this line starts with `{c}` in column 1, so it is a comment: `{}` is not part of the value of `{name}`",
            quote(line.trim_end().trim_end_matches('\\').trim_end())
        ),
    );
    if c == '!' {
        d = d.help(
            "if the entry is meant to be left out, delete the line; if it belongs to the value, remove the `!`",
        );
    } else {
        d = d.help(format!(
            "indent the line with blanks so that `{c}` is no longer in column 1, or delete it if the entry should be gone"
        ));
        // Indenting turns the line into a continuation line; it must itself end in `\`
        // to keep the lines after it in the value.
        if trimmed.ends_with('\\') {
            d = d.fix(
                Applicability::Unsafe,
                "indent the line so it continues the value",
                vec![Edit {
                    file: fi.into(),
                    span: Span::new(span.start as usize, span.start as usize),
                    replacement: "     ".to_string(),
                }],
            );
        }
    }
    Some(d)
}
