//! Source files: raw bytes, decoded text, encoding, and a line index.
//!
//! Valid UTF-8 is read as is. Anything else is read as Latin-1 (every byte is one
//! character), so that a file saved by a Latin-1 editor is neither rejected nor mangled,
//! and it is written back as Latin-1. Offsets everywhere in the crate are byte offsets
//! into the decoded text.
//!
//! Layer: uses nothing of the crate.

use std::fmt;

use serde::Serialize;

/// How the bytes of a file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// Valid UTF-8; written back as UTF-8.
    Utf8,
    /// Not valid UTF-8, so read as ISO 8859-1 (one byte, one character) and written
    /// back the same way.
    Latin1,
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// A NUL byte: this is a binary file, not a configuration file.
    Binary {
        /// Line of the first NUL byte, from 1.
        line: usize,
        /// Its column in bytes from the start of the line, from 1.
        column: usize,
        /// The line around the NUL byte (at most 80 bytes each side), decoded leniently,
        /// NUL shown as `␀`: what an error message can show of a binary file.
        excerpt: Excerpt,
    },
    /// Offsets are 32-bit; nobody's configuration file is 4 GiB.
    TooLarge {
        /// Size of the file in bytes.
        len: usize,
    },
}

/// A piece of one line of a file that could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The text shown.
    pub text: String,
    /// Byte offset in `text` of the character the error is about.
    pub at: usize,
}

impl Excerpt {
    /// The line of `bytes` around `pos`, at most `REACH` bytes each side, every byte that
    /// is not printable ASCII shown as a printable character.
    fn around(bytes: &[u8], pos: usize) -> Excerpt {
        const REACH: usize = 80;
        let line_start = memchr::memrchr(b'\n', &bytes[..pos]).map_or(0, |p| p + 1);
        let line_end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |p| pos + p);
        let from = line_start.max(pos.saturating_sub(REACH));
        let to = line_end.min(pos + REACH);
        let mut text = String::new();
        let mut at = 0;
        for (i, &b) in bytes[from..to].iter().enumerate() {
            if from + i == pos {
                at = text.len();
            }
            text.push(match b {
                0 => '\u{2400}',
                b' '..=b'~' => b as char,
                b'\r' | b'\t' => ' ',
                _ => '\u{FFFD}',
            });
        }
        Excerpt { text, at }
    }
}

impl SourceError {
    /// What is wrong, without the line and column.
    pub fn reason(&self) -> &'static str {
        match self {
            SourceError::Binary { .. } => {
                "NUL byte; this looks like a binary file, not a configuration file"
            }
            SourceError::TooLarge { .. } => "too large: the limit is 4 GiB",
        }
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Binary { line, column, .. } => {
                write!(f, "line {line}, column {column}: {}", self.reason())
            }
            SourceError::TooLarge { len } => {
                write!(f, "file of {len} bytes is too large (the limit is 4 GiB)")
            }
        }
    }
}

impl std::error::Error for SourceError {}

/// Why edited text cannot be written back in the file's encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    /// The first character that Latin-1 cannot represent.
    pub ch: char,
    /// Byte offset of that character in the text.
    pub offset: usize,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "character {:?} (U+{:04X}) cannot be written to a Latin-1 file",
            self.ch, self.ch as u32
        )
    }
}

impl std::error::Error for EncodeError {}

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    /// Line number, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// One file's text and what is needed to print it back exactly.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name used in messages (the path as the user gave it, or a pseudo name).
    pub name: String,
    /// The decoded text; all spans and offsets index into it.
    pub text: String,
    /// How the bytes were decoded, and so how the text is written back.
    pub encoding: Encoding,
    /// Byte offset of the start of every line (after each LF).
    line_starts: Vec<u32>,
    /// Character counts for columns without rescanning long lines (see [`ColumnIndex`]).
    columns: ColumnIndex,
    /// The line of the last lookup (see [`LineHint`]).
    hint: LineHint,
}

/// The line index of the last `line_col` lookup. Lookups mostly come in file order (a
/// dump, a report sorted by position), so the answer is usually this line or the next:
/// two comparisons instead of a binary search that misses the cache on a large file.
/// Only a hint: every use is checked, and threads sharing a file cannot make it wrong.
#[derive(Debug, Default)]
struct LineHint(std::sync::atomic::AtomicU32);

impl Clone for LineHint {
    fn clone(&self) -> Self {
        LineHint(std::sync::atomic::AtomicU32::new(self.get() as u32))
    }
}

impl LineHint {
    fn get(&self) -> usize {
        self.0.load(std::sync::atomic::Ordering::Relaxed) as usize
    }
    fn set(&self, line: usize) {
        self.0.store(line as u32, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Bytes between two checkpoints of [`ColumnIndex`]: a lookup scans at most this many
/// bytes twice, and the table costs 4 bytes per this many bytes of non-ASCII text.
const CHECKPOINT_BYTES: usize = 256;

/// What makes a character column cheap to compute on any line, however long.
///
/// Counting characters from the start of the line for every lookup is quadratic on a
/// long line with many items (a 50 MB continued line). ASCII text needs no table: the
/// column is the byte distance. Otherwise the number of characters before every
/// `CHECKPOINT_BYTES`-th byte is kept, and the characters between a checkpoint and an
/// offset are counted as the bytes that do not continue a UTF-8 sequence.
#[derive(Debug, Clone)]
enum ColumnIndex {
    Ascii,
    /// `chars_before[k]`: characters that start in `text[..k * CHECKPOINT_BYTES]`.
    Checkpoints {
        chars_before: Vec<u32>,
    },
}

impl ColumnIndex {
    fn new(text: &str) -> ColumnIndex {
        let bytes = text.as_bytes();
        if bytes.is_ascii() {
            return ColumnIndex::Ascii;
        }
        let mut chars_before = Vec::with_capacity(bytes.len() / CHECKPOINT_BYTES + 1);
        let mut count = 0u32;
        chars_before.push(0);
        for chunk in bytes.chunks(CHECKPOINT_BYTES) {
            count += char_starts(chunk) as u32;
            chars_before.push(count);
        }
        ColumnIndex::Checkpoints { chars_before }
    }

    /// Characters that start in `bytes[start..end]`.
    fn chars_between(&self, bytes: &[u8], start: usize, end: usize) -> usize {
        match self {
            ColumnIndex::Ascii => end - start,
            // Near each other: counting directly is as cheap as two checkpoint lookups.
            ColumnIndex::Checkpoints { .. } if end - start <= 2 * CHECKPOINT_BYTES => {
                char_starts(&bytes[start..end])
            }
            ColumnIndex::Checkpoints { chars_before } => {
                let before = |at: usize| {
                    let k = at / CHECKPOINT_BYTES;
                    chars_before[k] as usize + char_starts(&bytes[k * CHECKPOINT_BYTES..at])
                };
                before(end) - before(start)
            }
        }
    }
}

/// The number of bytes that start a UTF-8 character (everything but `10xxxxxx`).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl SourceFile {
    /// Decode `bytes`. Fails only on binary input (NUL bytes) or absurd sizes.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, SourceError> {
        if bytes.len() > u32::MAX as usize {
            return Err(SourceError::TooLarge { len: bytes.len() });
        }
        if let Some(pos) = memchr::memchr(0, &bytes) {
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..pos]).count();
            let line_start = memchr::memrchr(b'\n', &bytes[..pos]).map_or(0, |p| p + 1);
            return Err(SourceError::Binary {
                line,
                column: pos - line_start + 1,
                excerpt: Excerpt::around(&bytes, pos),
            });
        }
        let (text, encoding) = match String::from_utf8(bytes) {
            Ok(text) => (text, Encoding::Utf8),
            Err(err) => {
                let bytes = err.into_bytes();
                let text: String = bytes.iter().map(|&b| b as char).collect();
                if text.len() > u32::MAX as usize {
                    return Err(SourceError::TooLarge { len: text.len() });
                }
                (text, Encoding::Latin1)
            }
        };
        Ok(Self::from_text(name, text, encoding))
    }

    /// Wrap text that is already decoded (tests, standard input after decoding, edits).
    pub fn from_text(name: impl Into<String>, text: String, encoding: Encoding) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|p| p as u32 + 1));
        let columns = ColumnIndex::new(&text);
        SourceFile {
            name: name.into(),
            text,
            encoding,
            line_starts,
            columns,
            hint: LineHint::default(),
        }
    }

    /// The bytes to write back: identical to the input when the text is unchanged.
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        encode(&self.text, self.encoding)
    }

    /// Number of lines (a final newline does not start a new line).
    pub fn line_count(&self) -> usize {
        let n = self.line_starts.len();
        if n > 1 && self.line_starts[n - 1] as usize == self.text.len() { n - 1 } else { n }
    }

    /// 1-based line and character column of a byte offset: the line of the previous
    /// lookup or the next one, else a binary search; then at most a few hundred bytes
    /// counted, whatever the length of the line.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let starts = &self.line_starts;
        let on = |i: usize| {
            starts.get(i).is_some_and(|&s| s as usize <= offset)
                && starts.get(i + 1).is_none_or(|&s| offset < s as usize)
        };
        let hint = self.hint.get();
        let line_idx = if on(hint) {
            hint
        } else if on(hint + 1) {
            hint + 1
        } else {
            match starts.binary_search(&(offset as u32)) {
                Ok(i) => i,
                Err(i) => i - 1,
            }
        };
        self.hint.set(line_idx);
        let start = self.line_starts[line_idx] as usize;
        let column = 1 + self.columns.chars_between(self.text.as_bytes(), start, offset);
        LineCol { line: line_idx + 1, column }
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line.saturating_sub(1)).map_or(self.text.len(), |&s| s as usize)
    }
}

/// Encode text for writing in `encoding`.
pub fn encode(text: &str, encoding: Encoding) -> Result<Vec<u8>, EncodeError> {
    match encoding {
        Encoding::Utf8 => Ok(text.as_bytes().to_vec()),
        Encoding::Latin1 => {
            let mut out = Vec::with_capacity(text.len());
            for (offset, ch) in text.char_indices() {
                if (ch as u32) > 0xFF {
                    return Err(EncodeError { ch, offset });
                }
                out.push(ch as u32 as u8);
            }
            Ok(out)
        }
    }
}

/// Why text could not be written out in its file's encoding.
#[derive(Debug)]
pub enum WriteError {
    /// The write itself failed.
    Io(std::io::Error),
    /// The text holds a character the file's encoding cannot represent.
    Encode(EncodeError),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Io(e) => e.fmt(f),
            WriteError::Encode(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Write text in `encoding` straight to `out`: UTF-8 as it is, Latin-1 through a small
/// buffer, so that printing a large file never holds a second copy of it.
pub fn write_encoded<W: std::io::Write + ?Sized>(
    text: &str,
    encoding: Encoding,
    out: &mut W,
) -> Result<(), WriteError> {
    match encoding {
        Encoding::Utf8 => out.write_all(text.as_bytes())?,
        Encoding::Latin1 => {
            let mut buf = [0u8; 8192];
            let mut n = 0;
            for (offset, ch) in text.char_indices() {
                if (ch as u32) > 0xFF {
                    out.write_all(&buf[..n])?;
                    return Err(WriteError::Encode(EncodeError { ch, offset }));
                }
                buf[n] = ch as u32 as u8;
                n += 1;
                if n == buf.len() {
                    out.write_all(&buf)?;
                    n = 0;
                }
            }
            out.write_all(&buf[..n])?;
        }
    }
    Ok(())
}

/// Text drawn in a snippet under a file's name, its first line numbered `first_line`: a
/// whole settings file (`first_line` 1) or one line of a file that is not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedText {
    /// The heading of the snippet.
    pub name: String,
    /// The text shown.
    pub text: std::sync::Arc<str>,
    /// The line number, from 1, of the first line of `text` in its file.
    pub first_line: usize,
}

impl miette::SourceCode for NamedText {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let c = (*self.text).read_span(span, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            c.line() + self.first_line - 1,
            c.column(),
            c.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_and_latin1_round_trips() {
        let utf8 = "caf\u{e9}\n".as_bytes().to_vec();
        let src = SourceFile::from_bytes("a", utf8.clone()).unwrap();
        assert_eq!(src.encoding, Encoding::Utf8);
        assert_eq!(src.to_bytes().unwrap(), utf8);

        let latin1 = b"caf\xe9\r\nx".to_vec();
        let src = SourceFile::from_bytes("b", latin1.clone()).unwrap();
        assert_eq!(src.encoding, Encoding::Latin1);
        assert_eq!(src.text, "caf\u{e9}\r\nx");
        assert_eq!(src.to_bytes().unwrap(), latin1);
    }

    #[test]
    fn nul_byte_is_refused_with_its_position() {
        let err = SourceFile::from_bytes("bin", b"ab\ncd\0e\xff\nx".to_vec()).unwrap_err();
        let excerpt = Excerpt { text: "cd\u{2400}e\u{FFFD}".into(), at: 2 };
        assert_eq!(err, SourceError::Binary { line: 2, column: 3, excerpt });
    }

    #[test]
    fn line_col_counts_characters() {
        let src = SourceFile::from_text("t", "ab\n\u{e9}x\n".into(), Encoding::Utf8);
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(src.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(src.line_count(), 2);
    }

    /// The column as the definition says: characters from the start of the line.
    fn naive(text: &str, offset: usize) -> LineCol {
        let before = &text[..offset];
        let start = before.rfind('\n').map_or(0, |p| p + 1);
        LineCol {
            line: 1 + before.matches('\n').count(),
            column: 1 + text[start..offset].chars().count(),
        }
    }

    fn assert_every_offset(src: &SourceFile) {
        for (offset, _) in src.text.char_indices().chain([(src.text.len(), ' ')]) {
            assert_eq!(src.line_col(offset), naive(&src.text, offset), "offset {offset}");
        }
    }

    #[test]
    fn line_col_on_long_lines_matches_the_naive_count() {
        // ASCII, UTF-8 of 2, 3 and 4 bytes, on lines much longer than a checkpoint
        // interval, so that lookups cross checkpoints at every alignment.
        let ascii = format!("{}\n{}", "a".repeat(3000), "b c ".repeat(700));
        let mixed: String =
            (0..4000).map(|i| ['x', '\u{e9}', '\u{20ac}', '\u{1f600}', ' '][i % 5]).collect();
        let two_lines = format!("{mixed}\n{mixed}\r\n\u{e9}");
        for text in [ascii, mixed, two_lines, String::new(), "\n\n".into()] {
            assert_every_offset(&SourceFile::from_text("t", text, Encoding::Utf8));
        }
    }

    #[test]
    fn line_col_of_latin1_text_counts_bytes_of_the_file() {
        // Every byte 0x80..=0xFF of a Latin-1 file is one character (two bytes in the
        // decoded text).
        let mut bytes = Vec::new();
        for i in 0..2000u32 {
            bytes.push(if i % 3 == 0 { 0xE9 } else { b'a' + (i % 26) as u8 });
        }
        bytes.extend_from_slice(b"\r\n\xff\xfe x");
        let src = SourceFile::from_bytes("l", bytes).unwrap();
        assert_eq!(src.encoding, Encoding::Latin1);
        assert_every_offset(&src);
        let end = src.text.len();
        assert_eq!(src.line_col(end), LineCol { line: 2, column: 5 });
    }

    proptest::proptest! {
        #[test]
        fn line_col_matches_the_naive_count(
            text in "([a\u{e9}\u{20ac}\u{1f600} \t\r]{0,700}\n?){0,4}",
            pick in proptest::collection::vec(0usize..10_000, 1..20),
        ) {
            let src = SourceFile::from_text("p", text.clone(), Encoding::Utf8);
            let offsets: Vec<usize> =
                text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            for p in pick {
                let offset = offsets[p % offsets.len()];
                proptest::prop_assert_eq!(src.line_col(offset), naive(&text, offset));
            }
        }
    }

    #[test]
    fn latin1_refuses_characters_it_cannot_hold() {
        assert!(encode("\u{20ac}", Encoding::Latin1).is_err());
        let mut out = Vec::new();
        let err = write_encoded("ab\u{20ac}", Encoding::Latin1, &mut out).unwrap_err();
        assert!(matches!(err, WriteError::Encode(EncodeError { offset: 2, .. })));
    }

    #[test]
    fn write_encoded_matches_encode() {
        let long: String = (0..20_000).map(|i| ['a', '\u{e9}', '\n'][i % 3]).collect();
        for enc in [Encoding::Utf8, Encoding::Latin1] {
            let mut out = Vec::new();
            write_encoded(&long, enc, &mut out).unwrap();
            assert_eq!(out, encode(&long, enc).unwrap());
        }
    }
}
