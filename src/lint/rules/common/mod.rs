//! Helpers that rules of several groups use: short quotations, value spans, notes about
//! includes that were not read, and the checks that dispatcher.cnf and job_controller.cnf
//! share ([`sections`]).

pub mod continued_value_swallows_line;
pub mod sections;

use crate::model::Span;
use crate::model::options::OptionSetting;

/// The value's span without surrounding blanks (for a continued value: all of its parts).
pub fn value_span(s: &OptionSetting, text: &str) -> Span {
    let span = s.value_span();
    if s.is_continued() {
        return span;
    }
    let raw = span.text(text);
    let lead = raw.len() - raw.trim_start_matches([' ', '\t']).len();
    let trimmed = raw.trim_matches([' ', '\t']);
    let start = span.start as usize + lead;
    Span::new(start, start + trimmed.len())
}

/// A short quotation of a text for messages.
pub fn quote(text: &str) -> String {
    const MAX: usize = 48;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// A help sentence about includes that were not read (empty when there are none).
pub fn absent_note(absent: &[String]) -> String {
    match absent {
        [] => String::new(),
        [one] => format!(" ({one} is included but does not exist, so it was not searched)"),
        _ => format!(
            " ({} are included but do not exist, so they were not searched)",
            absent.join(", ")
        ),
    }
}

/// The bytes to delete to remove the lines `span` lies on: from the start of its first
/// line to the end of its last line's terminator (to the end of the text when it has
/// none).
pub fn whole_lines(text: &str, span: Span) -> Span {
    let start = text[..span.start as usize].rfind('\n').map_or(0, |i| i + 1);
    let end =
        text[span.end as usize..].find('\n').map_or(text.len(), |i| span.end as usize + i + 1);
    Span::new(start, end)
}
