//! Byte offsets into a file's decoded text ↔ LSP positions (0-based line, column in
//! UTF-16 code units as the protocol counts by default, or in UTF-8 bytes when the client
//! offers that and the server takes it).

use lsp_types::{Position, Range};

use crate::model::Span;
use crate::source::SourceFile;

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-16 code units (the protocol's default).
    #[default]
    Utf16,
    /// UTF-8 bytes (offered by the client in `general.positionEncodings`).
    Utf8,
}

impl Encoding {
    fn units(self, c: char) -> u32 {
        match self {
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf8 => c.len_utf8() as u32,
        }
    }
}

/// The largest char boundary at or before `offset` (clamped to the text).
pub(crate) fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// The LSP position of a byte offset, in UTF-16 units.
pub fn position(text: &str, offset: usize) -> Position {
    position_in(text, offset, Encoding::Utf16)
}

/// The LSP position of a byte offset. Lines end at LF (as [`crate::source::SourceFile`]
/// counts them, so the line is the one `lint --format json` reports, less one).
pub fn position_in(text: &str, offset: usize, enc: Encoding) -> Position {
    let offset = floor_boundary(text, offset);
    let before = &text.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count();
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let character: u32 = text[start..offset].chars().map(|c| enc.units(c)).sum();
    Position::new(line as u32, character)
}

/// The LSP range of a span, in UTF-16 units.
pub fn range(text: &str, span: Span) -> Range {
    range_in(text, span, Encoding::Utf16)
}

/// The LSP range of a span.
pub fn range_in(text: &str, span: Span, enc: Encoding) -> Range {
    Range::new(
        position_in(text, span.start as usize, enc),
        position_in(text, span.end as usize, enc),
    )
}

/// The LSP position of a byte offset of a decoded file, found through its line index (so
/// converting many positions of a large file stays linear).
pub fn position_of(src: &SourceFile, offset: usize, enc: Encoding) -> Position {
    let text = src.text.as_str();
    let offset = floor_boundary(text, offset);
    let line = src.line_col(offset).line;
    let start = src.line_start(line).min(offset);
    let character: u32 = text[start..offset].chars().map(|c| enc.units(c)).sum();
    Position::new(line.saturating_sub(1) as u32, character)
}

/// The LSP range of a span of a decoded file (see [`position_of`]).
pub fn range_of(src: &SourceFile, span: Span, enc: Encoding) -> Range {
    Range::new(position_of(src, span.start as usize, enc), position_of(src, span.end as usize, enc))
}

/// The byte offset of an LSP position in UTF-16 units.
pub fn offset(text: &str, pos: Position) -> usize {
    offset_in(text, pos, Encoding::Utf16)
}

/// The byte offset of an LSP position: a column past the end of its line is the line's
/// end, a line past the end of the text is the text's end, a column inside a character
/// is that character's start.
pub fn offset_in(text: &str, pos: Position, enc: Encoding) -> usize {
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
        let next = units + enc.units(c);
        if next > pos.character {
            return start + i;
        }
        units = next;
    }
    line_end
}

/// Apply one change of `textDocument/didChange` to a document's text: `range` replaced by
/// `new_text`, or the whole text when there is no range (positions out of the text are
/// clamped as [`offset_in`] clamps them; a range whose end comes before its start is taken
/// from the earlier to the later position).
pub fn apply_change(text: &mut String, range: Option<Range>, new_text: &str, enc: Encoding) {
    let Some(range) = range else {
        new_text.clone_into(text);
        return;
    };
    let a = offset_in(text, range.start, enc);
    let b = offset_in(text, range.end, enc);
    text.replace_range(a.min(b)..a.max(b), new_text);
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
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(offset(text, Position::new(1, 2)), text.find('😀').unwrap());
    }

    #[test]
    fn columns_count_utf8_bytes_when_agreed() {
        let text = "ab\né😀x\n";
        let x = text.find('x').unwrap();
        assert_eq!(position_in(text, x, Encoding::Utf8), Position::new(1, 6));
        assert_eq!(offset_in(text, Position::new(1, 6), Encoding::Utf8), x);
        // A column inside é: é itself.
        assert_eq!(offset_in(text, Position::new(1, 1), Encoding::Utf8), 3);
    }

    #[test]
    fn changes_replace_their_range_in_the_agreed_encoding() {
        let mut text = "ab\né😀x\nlast".to_string();
        // Replace `x` (after 3 UTF-16 units) with `yz`.
        apply_change(
            &mut text,
            Some(Range::new(Position::new(1, 3), Position::new(1, 4))),
            "yz",
            Encoding::Utf16,
        );
        assert_eq!(text, "ab\né😀yz\nlast");
        // The same place in UTF-8 bytes: after é (2) and 😀 (4).
        apply_change(
            &mut text,
            Some(Range::new(Position::new(1, 6), Position::new(1, 8))),
            "x",
            Encoding::Utf8,
        );
        assert_eq!(text, "ab\né😀x\nlast");
        // Insert at a position past the end; join two lines; a reversed range.
        apply_change(
            &mut text,
            Some(Range::new(Position::new(9, 0), Position::new(9, 0))),
            "!",
            Encoding::Utf16,
        );
        assert_eq!(text, "ab\né😀x\nlast!");
        apply_change(
            &mut text,
            Some(Range::new(Position::new(1, 0), Position::new(0, 2))),
            "",
            Encoding::Utf16,
        );
        assert_eq!(text, "abé😀x\nlast!");
        apply_change(&mut text, None, "whole", Encoding::Utf16);
        assert_eq!(text, "whole");
    }

    #[test]
    fn the_line_index_gives_the_same_positions() {
        let text = "ab\né😀x\n\nlast";
        let src = SourceFile::from_text("t", text.to_string(), crate::source::Encoding::Utf8);
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            for o in 0..=text.len() + 2 {
                assert_eq!(position_of(&src, o, enc), position_in(text, o, enc), "{o}");
            }
        }
    }
}
