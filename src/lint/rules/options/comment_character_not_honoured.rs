//! OPT111: a comment in imta_tailor or a channel option file that starts with `#` or `;`.

use super::OptionFile;
use crate::lint::Edit;
use crate::lint::table::COMMENT_CHARACTER_NOT_HONOURED;
use crate::lint::{Applicability, Context, Diagnostic};
use crate::model::Span;
use crate::syntax::Kind;

/// Report comment lines of imta_tailor and channel option files that start with `#` or
/// `;` (only `!` is known to start a comment there).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &OptionFile, out: &mut Vec<Diagnostic>) {
    let kind = file.f.kind;
    if !matches!(kind, Kind::Tailor | Kind::ChannelOption) {
        return;
    }
    let inner = file.m.settings.iter().flat_map(|s| s.inner_comments.iter());
    for c in file.m.comments.iter().chain(inner) {
        comment_char(file.fi, kind, c.span, file.text, &file.file, out);
    }
}

fn comment_char(
    fi: usize,
    kind: Kind,
    span: Span,
    text: &str,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let line = span.text(text);
    let Some(c) = line.chars().next().filter(|c| matches!(c, '#' | ';')) else {
        return;
    };
    let (msg, help) = if kind == Kind::Tailor {
        (
            format!("`{c}` is not a documented comment character in imta_tailor; only `!` is"),
            "start the comment with `!`".to_string(),
        )
    } else {
        (
            format!(
                "`{c}` may not start a comment in {file}: only `!` is confirmed for channel option files (unverified either way)"
            ),
            "start the comment with `!`, which every option file accepts".to_string(),
        )
    };
    out.push(Diagnostic::new(&COMMENT_CHARACTER_NOT_HONOURED, fi, span, msg).help(help).fix(
        Applicability::Safe,
        "use `!` as the comment character",
        vec![Edit {
            file: fi.into(),
            span: Span::new(span.start as usize, span.start as usize + c.len_utf8()),
            replacement: "!".to_string(),
        }],
    ));
}
