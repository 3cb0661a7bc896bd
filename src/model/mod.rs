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
pub mod reparse;
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
        Span { start: start as u32, end: end as u32 }
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
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
    /// The span without trailing blanks.
    pub fn trim_end(self, text: &str) -> Span {
        let s = self.text(text);
        let trimmed = s.trim_end_matches([' ', '\t']);
        Span { start: self.start, end: self.start + trimmed.len() as u32 }
    }
}

/// The words of `span` (runs of anything but space and tab), in order, pushed onto `out`.
///
/// The grammar makes one token of a line part that holds several words (keywords and
/// arguments, host names, a rewrite rule's pattern and template); the model splits them
/// here, jumping from blank to blank with memchr.
pub(crate) fn split_words(text: &str, span: Span, out: &mut Vec<Span>) {
    let base = span.start as usize;
    let bytes = &text.as_bytes()[span.range()];
    let mut start = 0;
    for blank in memchr::memchr2_iter(b' ', b'\t', bytes) {
        if blank > start {
            out.push(Span::new(base + start, base + blank));
        }
        start = blank + 1;
    }
    if bytes.len() > start {
        out.push(Span::new(base + start, base + bytes.len()));
    }
}

impl From<Token> for Span {
    fn from(t: Token) -> Span {
        Span { start: t.start, end: t.end }
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

/// A short list of spans kept inline: most keywords take no argument or one or two, so a
/// model of a large imta.cnf holds hundreds of thousands of these; inline, they cost no
/// allocation (a `Vec` costs one of at least 32 bytes each). Reads as a slice; serialises
/// and prints as a list, like the `Vec` it replaces.
#[derive(Clone, PartialEq, Eq)]
pub struct Spans(SpansRepr);

#[derive(Clone, PartialEq, Eq)]
enum SpansRepr {
    Inline(u8, [Span; 2]),
    Heap(Vec<Span>),
}

impl Spans {
    /// An empty list.
    pub const fn new() -> Spans {
        Spans(SpansRepr::Inline(0, [Span { start: 0, end: 0 }; 2]))
    }

    /// Add a span at the end.
    pub fn push(&mut self, span: Span) {
        match &mut self.0 {
            SpansRepr::Inline(len, a) if (*len as usize) < a.len() => {
                a[*len as usize] = span;
                *len += 1;
            }
            SpansRepr::Inline(_, a) => {
                let mut v = Vec::with_capacity(4);
                v.extend_from_slice(a);
                v.push(span);
                self.0 = SpansRepr::Heap(v);
            }
            SpansRepr::Heap(v) => v.push(span),
        }
    }

    /// Insert a span at `at` (rare: the empty value of `NAME=` before its continued parts).
    pub fn insert(&mut self, at: usize, span: Span) {
        let mut v = self.to_vec();
        v.insert(at, span);
        *self = Spans::from(v);
    }

    /// Exact size once the list is complete.
    pub fn shrink_to_fit(&mut self) {
        if let SpansRepr::Heap(v) = &mut self.0 {
            v.shrink_to_fit();
        }
    }
}

impl Default for Spans {
    fn default() -> Spans {
        Spans::new()
    }
}

impl std::ops::Deref for Spans {
    type Target = [Span];
    fn deref(&self) -> &[Span] {
        match &self.0 {
            SpansRepr::Inline(len, a) => &a[..*len as usize],
            SpansRepr::Heap(v) => v,
        }
    }
}

/// In place, as a slice: an incremental re-parse moves the spans of blocks it keeps.
impl std::ops::DerefMut for Spans {
    fn deref_mut(&mut self) -> &mut [Span] {
        match &mut self.0 {
            SpansRepr::Inline(len, a) => &mut a[..*len as usize],
            SpansRepr::Heap(v) => v,
        }
    }
}

impl From<Vec<Span>> for Spans {
    fn from(v: Vec<Span>) -> Spans {
        let mut s = Spans::new();
        for span in v {
            s.push(span);
        }
        s.shrink_to_fit();
        s
    }
}

impl<'a> IntoIterator for &'a Spans {
    type Item = &'a Span;
    type IntoIter = std::slice::Iter<'a, Span>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::fmt::Debug for Spans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Spans {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}
