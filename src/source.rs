//! Source files: raw bytes, decoded text, encoding, and a line index.
//!
//! Valid UTF-8 is read as is. Anything else is read as Latin-1 (every byte is one
//! character), so that a file saved by a Latin-1 editor is neither rejected nor mangled,
//! and it is written back as Latin-1. Offsets everywhere in the crate are byte offsets
//! into the decoded text.

use std::fmt;

use serde::Serialize;

/// How the bytes of a file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Latin1,
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// A NUL byte: this is a binary file, not a configuration file.
    Binary { line: usize, column: usize },
    /// Offsets are 32-bit; nobody's configuration file is 4 GiB.
    TooLarge { len: usize },
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Binary { line, column } => write!(
                f,
                "line {line}, column {column}: NUL byte; this looks like a binary file, not a configuration file"
            ),
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
    pub line: usize,
    pub column: usize,
}

/// One file's text and what is needed to print it back exactly.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name used in messages (the path as the user gave it, or a pseudo name).
    pub name: String,
    pub text: String,
    pub encoding: Encoding,
    /// Byte offset of the start of every line (after each LF).
    line_starts: Vec<u32>,
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
        SourceFile {
            name: name.into(),
            text,
            encoding,
            line_starts,
        }
    }

    /// The bytes to write back: identical to the input when the text is unchanged.
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        encode(&self.text, self.encoding)
    }

    /// Number of lines (a final newline does not start a new line).
    pub fn line_count(&self) -> usize {
        let n = self.line_starts.len();
        if n > 1 && self.line_starts[n - 1] as usize == self.text.len() {
            n - 1
        } else {
            n
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx] as usize;
        let column = 1 + self.text[start..offset].chars().count();
        LineCol {
            line: line_idx + 1,
            column,
        }
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .map_or(self.text.len(), |&s| s as usize)
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
        let err = SourceFile::from_bytes("bin", b"ab\ncd\0e".to_vec()).unwrap_err();
        assert_eq!(err, SourceError::Binary { line: 2, column: 3 });
    }

    #[test]
    fn line_col_counts_characters() {
        let src = SourceFile::from_text("t", "ab\n\u{e9}x\n".into(), Encoding::Utf8);
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(src.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(src.line_count(), 2);
    }

    #[test]
    fn latin1_refuses_characters_it_cannot_hold() {
        assert!(encode("\u{20ac}", Encoding::Latin1).is_err());
    }
}
