//! OPT111: a comment in imta_tailor or a channel option file that starts with `#` or `;`.

use super::OptionFile;
use crate::lint::Edit;
use crate::lint::{Applicability, Context, Diagnostic, RuleInfo, Severity};
use crate::model::Span;
use crate::syntax::Kind;

/// OPT111 `comment-character-not-honoured` (warning by default): a comment line in
/// imta_tailor or a channel option file starts with `#` or `;`.
pub const COMMENT_CHARACTER_NOT_HONOURED: RuleInfo = RuleInfo {
    code: "OPT111",
    name: "comment-character-not-honoured",
    severity: Severity::Warning,
    summary: "A comment line in imta_tailor or a channel option file starts with `#` or `;`.",
    why: "For imta_tailor only `!` is documented as a comment character, and for channel option files `#` and `;` are not confirmed either. If the reader does not take the line as a comment, it sees a malformed setting.",
    example: "# local changes\nIMTA_TABLE=/opt/example/messaging/config/",
    fix: "Start comment lines with `!`.",
};

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
