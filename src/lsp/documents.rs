//! Open drafts as ropes, edited incrementally in the order the client sent
//! the changes. Ropey is built with LSP's line breaks only (`\n`, `\r\n`, `\r`).

use crate::corpus::Format;
use crate::text::PositionEncoding;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

/// Language ids copydesk checks; other documents are ignored.
pub fn format_for_language(language_id: &str) -> Option<Format> {
    match language_id {
        "markdown" => Some(Format::Markdown),
        "plaintext" | "text" => Some(Format::Plain),
        _ => None,
    }
}

#[derive(Debug)]
pub struct OpenDoc {
    pub rope: Rope,
    pub version: i32,
    pub format: Format,
}

#[derive(Debug, PartialEq, Eq)]
pub enum EditError {
    /// A change for a version the document already has or passed.
    Stale { have: i32, got: i32 },
    /// A range outside the document.
    OutOfRange(Position),
    /// A range whose end comes before its start.
    Reversed(Position, Position),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Stale { have, got } => write!(f, "change for version {got} ignored: document is at {have}"),
            EditError::OutOfRange(p) => {
                write!(f, "change range starts outside the document at {}:{}; change ignored", p.line, p.character)
            }
            EditError::Reversed(a, b) => {
                write!(
                    f,
                    "change range ends ({}:{}) before it starts ({}:{}); change ignored",
                    b.line, b.character, a.line, a.character
                )
            }
        }
    }
}

impl OpenDoc {
    pub fn new(text: &str, version: i32, format: Format) -> OpenDoc {
        OpenDoc { rope: Rope::from_str(text), version, format }
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Apply changes in order, all or none: a change whose start line is past
    /// the end, or whose end comes before its start, rejects the whole
    /// notification and leaves the document as it was. A column past the end
    /// of its line clamps to the line end; an end line past the end clamps to
    /// the end of the document.
    pub fn apply(
        &mut self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: PositionEncoding,
    ) -> Result<(), EditError> {
        if version <= self.version {
            return Err(EditError::Stale { have: self.version, got: version });
        }
        // Ropes share their nodes: the clone is cheap, and the edits land on
        // the document only when every one of them is valid.
        let mut rope = self.rope.clone();
        for change in changes {
            match change.range {
                None => rope = Rope::from_str(&change.text),
                Some(range) => {
                    let start = char_index(&rope, range.start, enc).ok_or(EditError::OutOfRange(range.start))?;
                    let end = char_index(&rope, range.end, enc).unwrap_or(rope.len_chars());
                    if end < start {
                        return Err(EditError::Reversed(range.start, range.end));
                    }
                    rope.remove(start..end);
                    rope.insert(start, &change.text);
                }
            }
        }
        self.rope = rope;
        self.version = version;
        Ok(())
    }
}

/// The char index of a position, `None` when the line is past the end.
fn char_index(rope: &Rope, pos: Position, enc: PositionEncoding) -> Option<usize> {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return None;
    }
    let start = rope.line_to_char(line);
    let mut units = 0usize;
    for (i, c) in rope.line(line).chars().enumerate() {
        if c == '\n' || c == '\r' {
            return Some(start + i);
        }
        let w = match enc {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
            PositionEncoding::Utf32 => 1,
        };
        if units + w > pos.character as usize {
            return Some(start + i);
        }
        units += w;
    }
    Some(start + rope.line(line).len_chars())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn edit(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range { start: Position::new(l0, c0), end: Position::new(l1, c1) }),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_edits_in_utf16_and_utf8() {
        let mut d = OpenDoc::new("Chief 🚒 Okafro\r\nsaid 消防.\n", 1, Format::Markdown);
        // Replace "ro" (UTF-16 columns 13..15, after the 2-unit emoji) with "or".
        d.apply(2, &[edit(0, 13, 0, 15, "or")], PositionEncoding::Utf16).unwrap();
        assert_eq!(d.text(), "Chief 🚒 Okafor\r\nsaid 消防.\n");
        // In UTF-8, "消" is 3 bytes: column 8 is after it.
        d.apply(3, &[edit(1, 8, 1, 11, "火")], PositionEncoding::Utf8).unwrap();
        assert_eq!(d.text(), "Chief 🚒 Okafor\r\nsaid 消火.\n");
        // Two changes in one notification apply in order.
        d.apply(4, &[edit(0, 0, 0, 5, "Captain"), edit(0, 0, 0, 7, "Cpt.")], PositionEncoding::Utf16).unwrap();
        assert!(d.text().starts_with("Cpt. 🚒"));
    }

    #[test]
    fn stale_versions_and_bad_ranges_are_rejected() {
        let mut d = OpenDoc::new("a\nb", 5, Format::Plain);
        assert_eq!(
            d.apply(5, &[edit(0, 0, 0, 0, "x")], PositionEncoding::Utf16),
            Err(EditError::Stale { have: 5, got: 5 })
        );
        assert!(matches!(d.apply(6, &[edit(7, 0, 7, 1, "x")], PositionEncoding::Utf16), Err(EditError::OutOfRange(_))));
        // All or none: a valid first change is not applied when the second is bad.
        assert_eq!(
            d.apply(6, &[edit(0, 0, 0, 0, "x"), edit(1, 1, 1, 0, "y")], PositionEncoding::Utf16),
            Err(EditError::Reversed(Position::new(1, 1), Position::new(1, 0)))
        );
        assert_eq!((d.text().as_str(), d.version), ("a\nb", 5));
        // A column past the line end clamps; the line break stays.
        d.apply(7, &[edit(0, 9, 0, 9, "!")], PositionEncoding::Utf16).unwrap();
        assert_eq!(d.text(), "a!\nb");
    }
}
