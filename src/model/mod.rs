//! Typed views over the syntax tree: what the lines mean.
//!
//! Every item keeps the byte spans of its parts, so the linter can point at them and
//! the editor can patch exactly those bytes.
//!
//! Layer: uses `access`, `source`, `syntax`, `knowledge`.

pub mod config_set;
pub mod dispatcher;
pub mod edit;
pub mod heap;
pub mod imta;
pub mod logging;
pub mod options;
pub mod radix;
pub mod template;
pub mod version;

use serde::Serialize;

use crate::syntax::Token;

/// A byte range in a file's decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset just past the last byte.
    pub end: u32,
}

impl Span {
    /// The span `start..end`. Offsets must fit in 32 bits, which every decoded file
    /// guarantees (see [`SourceError::TooLarge`](crate::source::SourceError::TooLarge)).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    /// The span as a range for slicing the text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// The spanned part of `text`, which must be the text the span was taken from.
    pub fn text(self, text: &str) -> &str {
        &text[self.range()]
    }
    /// Whether the span covers no byte (a position, such as a place to insert).
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    /// The span without trailing blanks.
    pub fn trim_end(self, text: &str) -> Span {
        let s = self.text(text);
        let trimmed = s.trim_end_matches([' ', '\t']);
        Span {
            start: self.start,
            end: self.start + trimmed.len() as u32,
        }
    }
}

impl From<Token> for Span {
    fn from(t: Token) -> Span {
        Span {
            start: t.start,
            end: t.end,
        }
    }
}

/// A comment line (without its line terminator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The whole comment line from its comment character in column 1 (`!` in imta.cnf;
    /// `!`, `#` or `;` in the option and dispatcher files), without the line terminator.
    pub span: Span,
}

/// An include line `<file` (path without trailing blanks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Include {
    /// The whole line without its terminator.
    pub line: Span,
    /// The file specification after `<`, trailing blanks removed.
    pub path: Span,
}
