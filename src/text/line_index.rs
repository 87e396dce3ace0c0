//! Byte offset <-> (line, column) conversion, the only place where the engine's
//! byte offsets meet editor positions. Lines end at `\n`, `\r\n` or a lone `\r`,
//! as in LSP. Columns are counted in the negotiated encoding.

use super::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

/// A zero-based line and column, with the column in some [`PositionEncoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct LineIndex {
    /// Byte offset at which each line starts; always begins with 0.
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    line_starts.push(i + 2);
                    i += 1;
                }
                b'\r' => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { line_starts, len: text.len() }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Zero-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        (self.line_starts.partition_point(|&s| s <= offset) - 1) as u32
    }

    /// Byte span of a line without its terminator.
    pub fn line_span(&self, text: &str, line: u32) -> Option<Span> {
        let start = *self.line_starts.get(line as usize)?;
        let mut end = self.line_starts.get(line as usize + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        Some(Span::new(start, end))
    }

    /// Position of a byte offset. Offsets inside a multi-byte character are
    /// moved back to the character's start; offsets past the end are clamped.
    pub fn position(&self, text: &str, offset: usize, enc: PositionEncoding) -> LineCol {
        let mut offset = offset.min(self.len);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize];
        let col = column_width(&text[start..offset], enc);
        LineCol { line, col: col as u32 }
    }

    /// Byte offset of a position. A column past the end of its line clamps to
    /// the line end; a line past the end of the text returns `None`. A UTF-16
    /// column that falls inside a surrogate pair rounds down to the character.
    pub fn offset(&self, text: &str, pos: LineCol, enc: PositionEncoding) -> Option<usize> {
        let span = self.line_span(text, pos.line)?;
        let line = &text[span.start..span.end];
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            let w = char_width(c, enc);
            if units + w > pos.col as usize {
                return Some(span.start + i);
            }
            units += w;
        }
        Some(span.end)
    }

    /// Like [`offset`](Self::offset), but a line past the end maps to the end of the text.
    pub fn offset_clamped(&self, text: &str, pos: LineCol, enc: PositionEncoding) -> usize {
        self.offset(text, pos, enc).unwrap_or(self.len)
    }
}

fn char_width(c: char, enc: PositionEncoding) -> usize {
    match enc {
        PositionEncoding::Utf8 => c.len_utf8(),
        PositionEncoding::Utf16 => c.len_utf16(),
        PositionEncoding::Utf32 => 1,
    }
}

/// Width of a string in the units of `enc`.
pub fn column_width(s: &str, enc: PositionEncoding) -> usize {
    match enc {
        PositionEncoding::Utf8 => s.len(),
        PositionEncoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        PositionEncoding::Utf32 => s.chars().count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::*;

    fn roundtrip(text: &str, enc: PositionEncoding) {
        let idx = LineIndex::new(text);
        for (i, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let pos = idx.position(text, i, enc);
            let back = idx.offset(text, pos, enc).unwrap();
            // Offsets on a line terminator map to the line end, which is the same byte.
            assert_eq!(back, i, "offset {i} in {text:?} via {pos:?}");
        }
    }

    #[test]
    fn emoji_take_two_utf16_units() {
        let t = "a😀b";
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(t, 5, Utf16), LineCol { line: 0, col: 3 });
        assert_eq!(idx.position(t, 5, Utf8), LineCol { line: 0, col: 5 });
        assert_eq!(idx.position(t, 5, Utf32), LineCol { line: 0, col: 2 });
        // A column in the middle of the surrogate pair rounds down.
        assert_eq!(idx.offset(t, LineCol { line: 0, col: 2 }, Utf16), Some(1));
        roundtrip(t, Utf16);
    }

    #[test]
    fn cjk_and_combining_marks() {
        let t = "習近平 said\ne\u{301}t\u{e9}";
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(t, "習近平".len(), Utf16), LineCol { line: 0, col: 3 });
        let second = t.find('\n').unwrap() + 1;
        // The combining acute accent is its own UTF-16 unit.
        assert_eq!(idx.position(t, second + 3, Utf16), LineCol { line: 1, col: 2 });
        for enc in [Utf8, Utf16, Utf32] {
            roundtrip(t, enc);
        }
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let t = "one\r\ntwo\rthree\nfour";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.position(t, t.find("two").unwrap(), Utf16), LineCol { line: 1, col: 0 });
        assert_eq!(idx.position(t, t.find("three").unwrap(), Utf16), LineCol { line: 2, col: 0 });
        assert_eq!(idx.line_span(t, 0).unwrap().slice(t), "one");
        // A column past the line end clamps to the end of that line, before "\r\n".
        assert_eq!(idx.offset(t, LineCol { line: 0, col: 99 }, Utf16), Some(3));
        assert_eq!(idx.offset(t, LineCol { line: 9, col: 0 }, Utf16), None);
    }

    #[test]
    fn offsets_inside_a_character_move_back() {
        let t = "é";
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(t, 1, Utf8), LineCol { line: 0, col: 0 });
    }
}
