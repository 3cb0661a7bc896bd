//! OPT106: a value ends in `\\` but a blank line or the end of the file follows.

use super::OptionFile;
use super::is_comment_char;
use crate::lint::table::DANGLING_CONTINUATION;
use crate::lint::{Applicability, Edit};
use crate::lint::{Context, Diagnostic};

/// Report every option value whose last line ends in `\` with nothing to continue it.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &OptionFile, out: &mut Vec<Diagnostic>) {
    let (fi, text) = (file.fi, file.text);
    for s in &file.m.settings {
        let name = s.name.text(text);
        if let Some(mark) = s.dangling_continuation {
            let at_end = rest_is_comments_only(&text[s.span.end as usize..]);
            let msg = if at_end {
                format!("the value of `{name}` ends in `\\`, but the file ends there")
            } else {
                format!("the value of `{name}` ends in `\\`, but a blank line follows")
            };
            out.push(
                Diagnostic::new(&DANGLING_CONTINUATION, fi, mark, msg)
                    .help("remove the `\\`, or remove the blank line if the next line belongs to this value")
                    .fix(
                        // Nothing follows to be continued: the value stays what the
                        // product reads. After a blank line, the next line may have been
                        // meant as part of the value.
                        if at_end {
                            Applicability::Safe
                        } else {
                            Applicability::Unsafe
                        },
                        "remove the `\\`",
                        vec![Edit {
                            file: fi.into(),
                            span: mark,
                            replacement: String::new(),
                        }],
                    ),
            );
        }
    }
}

/// True when only comment lines and blank lines follow (the file ends inside the value).
fn rest_is_comments_only(rest: &str) -> bool {
    // The first line is the remainder of the setting's own last line (its terminator).
    for line in rest.lines().skip(1) {
        if line.trim_matches([' ', '\t']).is_empty() || !line.starts_with(is_comment_char) {
            return false;
        }
    }
    true
}
