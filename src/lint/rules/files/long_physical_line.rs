//! X001: physical lines longer than the documented 252 characters (configurable).

use crate::lint::table::LONG_PHYSICAL_LINE;
use crate::lint::{Context, Diagnostic};
use crate::model::Span;

/// Report every physical line of every file longer than `max_line_length` characters
/// (252 unless the settings say otherwise).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let max = ctx.options.max_line_length;
    let limit = if max == crate::lint::context::DEFAULT_MAX_LINE_LENGTH {
        format!("the documented limit is {max}")
    } else {
        format!(
            "the limit set is {max} (the documented one is {})",
            crate::lint::context::DEFAULT_MAX_LINE_LENGTH
        )
    };
    for (fi, f) in ctx.set.files.iter().enumerate() {
        let text = &f.source.text;
        let mut start = 0usize;
        for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len())) {
            let line = text[start..end].trim_end_matches('\r');
            // Cheap byte test first: a line of at most `max` bytes has at most `max` chars.
            if line.len() > max {
                let chars = line.chars().count();
                if chars > max {
                    out.push(
                        Diagnostic::new(&LONG_PHYSICAL_LINE, fi, Span::new(start, start + line.len()), format!("this line has {chars} characters; {limit}"))
                            .help("split it with a trailing `\\` where the file allows continuation lines"),
                    );
                }
            }
            start = end + 1;
            if start > text.len() {
                break;
            }
        }
    }
}
