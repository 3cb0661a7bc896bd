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
pub mod setting_index;
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
    /// The part of `self` before `first` starts, if there is any: the indent of a line
    /// before its first word.
    pub fn leading(self, first: Span) -> Option<Span> {
        (self.start < first.start).then_some(Span { start: self.start, end: first.start })
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
pub(crate) fn split_words(text: &str, span: Span, out: &mut impl Extend<Span>) {
    let base = span.start as usize;
    let bytes = &text.as_bytes()[span.range()];
    let mut start = 0;
    for blank in memchr::memchr2_iter(b' ', b'\t', bytes) {
        if blank > start {
            out.extend(Some(Span::new(base + start, base + blank)));
        }
        start = blank + 1;
    }
    if bytes.len() > start {
        out.extend(Some(Span::new(base + start, base + bytes.len())));
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

/// A short list of spans in 16 bytes: a large imta.cnf holds over a million keywords,
/// most with no argument or one, and a host line or channel line mostly holds one name or
/// one physical line. None or one span costs no allocation; more go to one thin heap
/// vector (a pointer to its length, capacity and items), so the common case stays inline
/// without making every list as big as a `Vec`. Reads as a slice; serialises and prints
/// as a list, like the `Vec` it replaces.
#[derive(Clone)]
pub struct Spans(SpansRepr);

// The point of the type: it must stay this small (on 64-bit targets; 12 bytes on 32-bit).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Spans>() == 16);

#[derive(Clone)]
enum SpansRepr {
    Zero,
    One(Span),
    Many(thin_vec::ThinVec<Span>),
}

impl Spans {
    /// An empty list.
    pub const fn new() -> Spans {
        Spans(SpansRepr::Zero)
    }

    /// A list of one span.
    pub const fn one(span: Span) -> Spans {
        Spans(SpansRepr::One(span))
    }

    /// Add a span at the end.
    pub fn push(&mut self, span: Span) {
        match &mut self.0 {
            SpansRepr::Zero => self.0 = SpansRepr::One(span),
            SpansRepr::One(first) => {
                let mut v = thin_vec::ThinVec::with_capacity(2);
                v.push(*first);
                v.push(span);
                self.0 = SpansRepr::Many(v);
            }
            SpansRepr::Many(v) => v.push(span),
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
        if let SpansRepr::Many(v) = &mut self.0 {
            v.shrink_to_fit();
        }
    }
}

/// Equal when the lists are, whichever way each is stored.
impl PartialEq for Spans {
    fn eq(&self, other: &Spans) -> bool {
        self[..] == other[..]
    }
}

impl Eq for Spans {}

impl Extend<Span> for Spans {
    fn extend<I: IntoIterator<Item = Span>>(&mut self, spans: I) {
        for span in spans {
            self.push(span);
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
            SpansRepr::Zero => &[],
            SpansRepr::One(span) => std::slice::from_ref(span),
            SpansRepr::Many(v) => v,
        }
    }
}

/// In place, as a slice: an incremental re-parse moves the spans of blocks it keeps.
impl std::ops::DerefMut for Spans {
    fn deref_mut(&mut self) -> &mut [Span] {
        match &mut self.0 {
            SpansRepr::Zero => &mut [],
            SpansRepr::One(span) => std::slice::from_mut(span),
            SpansRepr::Many(v) => v,
        }
    }
}

impl From<Vec<Span>> for Spans {
    fn from(v: Vec<Span>) -> Spans {
        match v[..] {
            [] => Spans::new(),
            [one] => Spans(SpansRepr::One(one)),
            _ => Spans(SpansRepr::Many(thin_vec::ThinVec::from(v))),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn span(i: u32) -> Span {
        Span { start: i, end: i + 1 }
    }

    /// However the list is stored (none, one inline, several on the heap), it reads,
    /// compares, edits and serialises as the `Vec` it stands for.
    #[test]
    fn spans_behave_as_a_vec() {
        for n in 0..6u32 {
            let v: Vec<Span> = (0..n).map(span).collect();
            let mut pushed = Spans::new();
            pushed.extend(v.iter().copied());
            let from = Spans::from(v.clone());
            assert_eq!(&pushed[..], &v[..]);
            assert_eq!(pushed, from);
            assert_eq!(serde_json::to_value(&pushed).unwrap(), serde_json::to_value(&v).unwrap());
            assert_eq!(format!("{pushed:?}"), format!("{v:?}"));
            for at in 0..=n as usize {
                let (mut s, mut w) = (pushed.clone(), v.clone());
                s.insert(at, span(99));
                w.insert(at, span(99));
                assert_eq!(&s[..], &w[..], "insert at {at} of {n}");
            }
            if let Some(first) = pushed.first_mut() {
                first.end = 7;
                assert_eq!(pushed[0], Span { start: 0, end: 7 });
                assert_ne!(pushed, from);
            }
        }
        assert_eq!(Spans::one(span(3)), Spans::from(vec![span(3)]));
    }
}
