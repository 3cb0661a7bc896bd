//! Byte offsets into a file's decoded text ↔ LSP positions (0-based line, column in
//! UTF-16 code units, as the protocol counts by default).

use lsp_types::{Position, Range};

use crate::model::Span;

/// The largest char boundary at or before `offset` (clamped to the text).
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// The LSP position of a byte offset. Lines end at LF (as [`crate::source::SourceFile`]
/// counts them, so the line is the one `lint --format json` reports, less one).
pub fn position(text: &str, offset: usize) -> Position {
    let offset = floor_boundary(text, offset);
    let before = &text.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count();
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let character = text[start..offset].encode_utf16().count();
    Position::new(line as u32, character as u32)
}

/// The LSP range of a span.
pub fn range(text: &str, span: Span) -> Range {
    Range::new(
        position(text, span.start as usize),
        position(text, span.end as usize),
    )
}

/// The byte offset of an LSP position: a column past the end of its line is the line's
/// end, a line past the end of the text is the text's end.
pub fn offset(text: &str, pos: Position) -> usize {
    let mut start = 0;
    for _ in 0..pos.line {
        match memchr::memchr(b'\n', &text.as_bytes()[start..]) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end =
        memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
    let mut units = 0u32;
    for (i, c) in text[start..line_end].char_indices() {
        if units >= pos.character {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_code_units() {
        let text = "ab\né😀x\n";
        // `x` is after é (1 unit, 2 bytes) and 😀 (2 units, 4 bytes).
        let x = text.find('x').unwrap();
        assert_eq!(position(text, x), Position::new(1, 3));
        assert_eq!(offset(text, Position::new(1, 3)), x);
        assert_eq!(position(text, 0), Position::new(0, 0));
        assert_eq!(offset(text, Position::new(0, 99)), 2);
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
    }
}
