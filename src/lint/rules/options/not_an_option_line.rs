//! OPT109: a line of an option file that is not NAME=value: a section header, an indented
//! comment, or a name with characters other than letters, digits and `_`.

use super::OptionFile;
use super::is_comment_char;
use crate::lint::rules::common::quote;
use crate::lint::suggest::Suggester;
use crate::lint::table::NOT_AN_OPTION_LINE;
use crate::lint::{Context, Diagnostic};
use crate::model::Span;
use crate::model::options::OptionSetting;

/// Report every line of an option file that is not `NAME=value`, a comment or blank.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &OptionFile, out: &mut Vec<Diagnostic>) {
    for bad in &file.m.bad_lines {
        out.push(bad_line(file.fi, bad.span, file.text, &file.file));
    }
    let mut suggester = Suggester::of_table(file.table);
    for s in &file.m.settings {
        if let Some(d) = bad_name(file.fi, s, file.text, &file.file, &mut suggester) {
            out.push(d);
        }
    }
}

fn bad_line(fi: usize, span: Span, text: &str, file: &str) -> Diagnostic {
    let line = span.text(text);
    let body = line.trim_start_matches([' ', '\t']);
    if body.starts_with('[') {
        Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            span,
            format!("`{}` looks like a section header; option files have no sections", quote(line)),
        )
        .help(format!("sections belong to dispatcher.cnf and job_controller.cnf; {file} takes only NAME=value lines"))
    } else if body.len() < line.len() && body.starts_with(is_comment_char) {
        Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            span,
            format!(
                "`{}` is not a comment: the comment character must be in column 1",
                quote(line)
            ),
        )
        .help("remove the blanks in front of the comment character")
    } else {
        Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            span,
            format!("`{}` is not of the form NAME=value", quote(line)),
        )
        .help("write NAME=value, or make the line a comment with `!` in column 1")
    }
}

/// A setting whose name cannot be an option name: a section header, an indented comment,
/// or characters other than letters, digits and `_`.
fn bad_name(
    fi: usize,
    s: &OptionSetting,
    text: &str,
    file: &str,
    suggester: &mut Suggester,
) -> Option<Diagnostic> {
    let name = s.name.text(text);
    if super::is_option_name(name) {
        return None;
    }
    let first_line = s.span.text(text).lines().next().unwrap_or_default();
    let line_span = Span::new(s.span.start as usize, s.span.start as usize + first_line.len());
    let d = if name.starts_with('[') {
        Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            line_span,
            format!("`{}` looks like a section header; option files have no sections", quote(first_line)),
        )
        .help(format!("sections belong to dispatcher.cnf and job_controller.cnf; {file} takes only NAME=value lines"))
    } else if s.indent().is_some() && name.starts_with(is_comment_char) {
        Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            line_span,
            format!(
                "`{}` is not a comment: the comment character must be in column 1",
                quote(first_line)
            ),
        )
        .help("remove the blanks in front of the comment character")
    } else {
        let mut d = Diagnostic::new(
            &NOT_AN_OPTION_LINE,
            fi,
            s.name,
            format!("`{name}` is not an option name: names consist of letters, digits and `_`"),
        );
        let cleaned: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
            .collect();
        d = match suggester.suggest(&cleaned) {
            Some(sugg) => d.help(format!("did you mean `{sugg}`?")),
            None => d.help("write the name with letters, digits and `_` only"),
        };
        d
    };
    Some(d)
}
