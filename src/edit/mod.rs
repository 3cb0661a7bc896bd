//! Editing by meaning: requests become byte-range patches on the decoded text; bytes
//! outside the patched ranges never change (line endings, trailing blanks, alignment,
//! comments, encoding, final-newline state).
//!
//! The flow: an operation (`options`, `keywords`, `logging`, `dispatcher`) turns a request
//! into a [`Plan`] of [`Edit`]s per file; [`pipeline`] applies them, re-parses and re-lints
//! the new text and refuses edits that add errors; the CLI prints a unified diff
//! ([`diff`]) or saves atomically ([`save`]).
//!
//! Layer: uses `lint` (findings for the gate, "did you mean"), `model`, `knowledge`, `syntax`, `source`, `access`; nothing inside `lint::rules`.

pub mod diff;
pub mod dispatcher;
pub mod fixes;
pub mod keywords;
pub mod lock;
pub mod logging;
pub mod names;
pub mod options;
pub mod pipeline;
pub mod save;
pub mod verify;

use std::path::PathBuf;

use crate::model::Span;
use crate::model::config_set::FileId;
pub use crate::model::edit::Edit;
use crate::syntax::Kind;

/// Why a request cannot be turned into edits, or the edits into new files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The request does not fit the configuration (an unknown channel, a value with a line
    /// break, …); the message says what, in the user's terms.
    #[error("{0}")]
    Request(String),
    /// The edited text cannot be written back in the file's encoding.
    #[error("{file}: {source}")]
    Encode {
        /// The file's name in messages.
        file: String,
        /// The character that does not fit.
        source: crate::source::EncodeError,
    },
    /// The edited text is not taken by the grammar (a bug).
    #[error("{file}: {source}")]
    Parse {
        /// The file's name in messages.
        file: String,
        /// What the parser said.
        source: crate::syntax::ParseError,
    },
    /// Edits that overlap or fall outside the text (a bug in a planner).
    #[error("internal error: {0}")]
    Internal(&'static str),
}

/// A refused request, with its message.
pub fn err<T>(msg: impl Into<String>) -> Result<T, EditError> {
    Err(EditError::Request(msg.into()))
}

/// A file that does not exist yet and the edit creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// Where it will be written.
    pub path: PathBuf,
    /// The name shown in diffs and messages.
    pub name: String,
    /// The grammar to check it with before saving (an option file, so far).
    pub kind: Kind,
    /// The whole content; written as UTF-8.
    pub text: String,
}

/// What an operation wants to change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Patches of existing files (`file` indexes `ConfigSet::files`).
    pub edits: Vec<Edit>,
    /// Files to create.
    pub new_files: Vec<NewFile>,
    /// Things the user should know (`LOG_FORMAT is set twice; changed the last one`).
    pub notes: Vec<String>,
    /// What the edits mean to achieve; checked against the new text before anything is
    /// shown or written (see [`verify`]).
    pub intents: Vec<verify::Intent>,
}

impl Plan {
    /// Add a patch: replace `span` of file `file` with `replacement` (an empty span
    /// inserts).
    pub fn push(&mut self, file: impl Into<FileId>, span: Span, replacement: impl Into<String>) {
        self.edits.push(Edit { file: file.into(), span, replacement: replacement.into() });
    }

    /// Nothing to change: no patch and no file to create (notes and intents do not count).
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.new_files.is_empty()
    }

    /// Merge another plan into this one.
    pub fn extend(&mut self, other: Plan) {
        self.edits.extend(other.edits);
        self.new_files.extend(other.new_files);
        self.notes.extend(other.notes);
        self.intents.extend(other.intents);
    }
}

/// Where `edits` fall: each replaced range of the text with the range of the text
/// [`apply`] makes that holds its replacement, in the order `apply` uses.
pub fn places(edits: &[&Edit]) -> Vec<(Span, Span)> {
    let mut grown = 0isize;
    in_order(edits)
        .iter()
        .map(|e| {
            let start = (e.span.start as usize).saturating_add_signed(grown);
            grown += e.replacement.len() as isize - e.span.len() as isize;
            (e.span, Span::new(start, start + e.replacement.len()))
        })
        .collect()
}

/// The edits by span (start, then end), edits at one place in the order given: the order
/// [`apply`] makes the new text in and [`places`] reports.
fn in_order<'e>(edits: &[&'e Edit]) -> Vec<&'e Edit> {
    let mut sorted = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    sorted
}

/// Apply edits to one text. Edits must not overlap; offsets are those of `text`. The new
/// text is built in one pass (edits sorted by start, the text between them copied once),
/// so the cost is the size of the text plus the replacements, however many edits there
/// are. Edits with the same span start keep their order (two insertions at one place
/// come out in the order given), as when they are applied one by one from the back.
pub fn apply(text: &str, edits: &[&Edit]) -> Result<String, EditError> {
    let sorted = in_order(edits);
    for w in sorted.windows(2) {
        if w[1].span.start < w[0].span.end {
            return Err(EditError::Internal("two edits overlap"));
        }
    }
    let mut len = text.len();
    for e in &sorted {
        let r = e.span.range();
        if r.start > r.end
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            return Err(EditError::Internal("an edit falls outside the text"));
        }
        len = len - r.len() + e.replacement.len();
    }
    let mut out = String::with_capacity(len);
    let mut at = 0;
    for e in &sorted {
        let r = e.span.range();
        out.push_str(&text[at..r.start]);
        out.push_str(&e.replacement);
        at = r.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// The line ending a file uses (CRLF when its first line ends so, else LF).
pub fn line_ending(text: &str) -> &'static str {
    match memchr::memchr(b'\n', text.as_bytes()) {
        Some(p) if p > 0 && text.as_bytes()[p - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// The offset just after the line terminator of the line holding `at` (or the end).
pub fn after_line(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at.min(text.len())..]).map_or(text.len(), |p| at + p + 1)
}

/// The offset where the line holding `at` starts.
pub fn line_start(text: &str, at: usize) -> usize {
    memchr::memrchr(b'\n', &text.as_bytes()[..at.min(text.len())]).map_or(0, |p| p + 1)
}

/// Text to append a new line at the end of an option-family file: a line ending first
/// when the file does not end with one (and then none after the new line, so the file
/// still has no final line ending), and a blank line first when the file ends inside a
/// continued value, which would otherwise swallow the new line.
pub fn append_line(text: &str, line: &str) -> (Span, String) {
    let eol = line_ending(text);
    let sep = final_break(text);
    let blank = if joins_previous(text, text.len(), option_comment) { eol } else { "" };
    // A file without a final line terminator keeps that shape: the break goes before the
    // new line, none after it.
    let end = if sep.is_empty() { eol } else { "" };
    (Span::new(text.len(), text.len()), format!("{sep}{blank}{line}{end}"))
}

/// What must be written after the text before a new line can follow it: nothing when
/// it ends with a line terminator (or is empty), else a line ending — a CRLF of its own
/// when the text ends in a lone CR, which is data: an LF after it would make it a CRLF
/// terminator and cut it from the line (and a `\` before it would become a
/// continuation).
pub fn final_break(text: &str) -> &'static str {
    if text.is_empty() || text.ends_with('\n') {
        ""
    } else if text.ends_with('\r') {
        "\r\n"
    } else {
        line_ending(text)
    }
}

/// A comment line of the option and dispatcher families: `!`, `#` or `;` in column 1.
pub fn option_comment(line: &str) -> bool {
    line.starts_with(['!', '#', ';'])
}

/// Would a line inserted at `at` (a line start, or the end of the text) be joined to the
/// lines before it? It would when the nearest line before `at` that is not a comment ends
/// in a continuation `\`: comment lines inside a continued value do not end it, only a
/// blank line (or the end of the file) does.
pub fn joins_previous(text: &str, at: usize, is_comment: fn(&str) -> bool) -> bool {
    let mut end = at.min(text.len());
    loop {
        let body = &text[..end];
        let body = body.strip_suffix('\n').map_or(body, |t| t.strip_suffix('\r').unwrap_or(t));
        if body.is_empty() && end == 0 {
            return false;
        }
        let start = line_start(body, body.len());
        let line = &body[start..];
        if is_comment(line) {
            if start == 0 {
                return false;
            }
            end = start;
            continue;
        }
        if line.trim_matches([' ', '\t']).is_empty() {
            return false;
        }
        return line.ends_with('\\');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_back_to_front() {
        let e1 = Edit { file: FileId(0), span: Span::new(0, 1), replacement: "AA".into() };
        let e2 = Edit { file: FileId(0), span: Span::new(2, 3), replacement: "".into() };
        assert_eq!(apply("abc", &[&e2, &e1]).unwrap(), "AAb");
        let e3 = Edit { file: FileId(0), span: Span::new(0, 2), replacement: "x".into() };
        assert!(apply("abc", &[&e1, &e3]).is_err());
    }

    #[test]
    fn lines() {
        assert_eq!(line_ending("a\r\nb"), "\r\n");
        assert_eq!(line_ending("a\nb"), "\n");
        assert_eq!(append_line("a", "B=1").1, "\nB=1");
        assert_eq!(append_line("a\r\n", "B=1").1, "B=1\r\n");
        assert_eq!(append_line("A=x,\\", "B=1").1, "\n\nB=1");
        assert_eq!(append_line("A=x,\\\n", "B=1").1, "\nB=1\n");
        // A comment line does not end a continued value: the new line would join it.
        assert_eq!(append_line("A=x,\\\n!c\n", "B=1").1, "\nB=1\n");
        assert_eq!(append_line("A=x,\\\r\n!c", "B=1").1, "\r\n\r\nB=1");
        assert_eq!(append_line("A=x,\\\n\n!c\n", "B=1").1, "B=1\n");
        assert_eq!(append_line("!c\\\n", "B=1").1, "B=1\n");
        assert_eq!(append_line("A=1\r", "B=1").1, "\r\nB=1");
        // Which lines are comments is the caller's: `#` is one in option files only.
        let imta_comment = |l: &str| l.starts_with('!');
        assert!(joins_previous("a \\\n! x\n", 8, imta_comment));
        assert!(!joins_previous("a \\\n# x\n", 8, imta_comment));
        assert_eq!(after_line("ab\ncd", 1), 3);
        assert_eq!(line_start("ab\ncd", 4), 3);
    }
}
