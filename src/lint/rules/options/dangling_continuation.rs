//! OPT106: a value ends in `\\` but a blank line or the end of the file follows.

use super::OptionFile;
use super::is_comment_char;
use crate::lint::{Applicability, Edit};
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// OPT106 `dangling-continuation` (warning by default): an option value ends in `\` but no
/// line continues it.
pub const DANGLING_CONTINUATION: RuleInfo = RuleInfo {
    code: "OPT106",
    name: "dangling-continuation",
    severity: Severity::Warning,
    summary: "An option value ends in `\\` but no line continues it.",
    why: "The final `\\` promises another line of the value, but a blank line or the end of the file comes next. Either the value is cut short, or (after a blank line) the product reads the following lines in a way nobody documents.",
    example: "DELIVERY_OPTIONS=#*mailbox=@$X.ims-ms-daemon:$M,\\\n\nLOG_FILENAME=1",
    fix: "Remove the `\\`, or remove the blank line so that the next line continues the value.",
};

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
