//! Property test: random incremental edit sequences with multi-byte text and
//! every line-break style, applied through the server's document code in
//! each position encoding, always give the text a plain string model gives.
//! `PROPTEST_CASES=100000 cargo test --test edit_props` for a longer run.

use copydesk::corpus::Format;
use copydesk::lsp::documents::OpenDoc;
use copydesk::text::PositionEncoding;
use proptest::prelude::*;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const PIECES: &[&str] = &["a", "Zoë", " ", "消防", "🚒", "e\u{301}", "ש", "\n", "\r\n", "\r", "\t"];

fn width(c: char, enc: PositionEncoding) -> u32 {
    match enc {
        PositionEncoding::Utf8 => c.len_utf8() as u32,
        PositionEncoding::Utf16 => c.len_utf16() as u32,
        PositionEncoding::Utf32 => 1,
    }
}

/// The LSP position of a byte offset, computed directly from the string.
fn position(text: &str, offset: usize, enc: PositionEncoding) -> Position {
    let (mut line, mut col) = (0u32, 0u32);
    let mut chars = text[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => {
                line += 1;
                col = 0;
            }
            c => col += width(c, enc),
        }
    }
    Position::new(line, col)
}

/// Offsets an editor can address: char boundaries not inside a `\r\n`.
fn addressable(text: &str) -> Vec<usize> {
    (0..=text.len())
        .filter(|&i| text.is_char_boundary(i) && !(i > 0 && text[..i].ends_with('\r') && text[i..].starts_with('\n')))
        .collect()
}

/// The end of the line holding `offset` (before its line break).
fn line_end(text: &str, offset: usize) -> usize {
    text[offset..].find(['\r', '\n']).map(|i| offset + i).unwrap_or(text.len())
}

#[derive(Clone, Debug)]
struct Edit {
    /// Picks among addressable offsets (scaled to the current text).
    start: usize,
    len: usize,
    /// Columns added past the line end (the server clamps them).
    overshoot: u32,
    text: String,
    full: bool,
}

fn text_strategy(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|p| p.concat())
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    (
        any::<usize>(),
        0usize..6,
        prop_oneof![6 => Just(0u32), 1 => 1u32..4],
        text_strategy(5),
        prop::bool::weighted(0.03),
    )
        .prop_map(|(start, len, overshoot, text, full)| Edit { start, len, overshoot, text, full })
}

fn encoding() -> impl Strategy<Value = PositionEncoding> {
    prop_oneof![Just(PositionEncoding::Utf16), Just(PositionEncoding::Utf8), Just(PositionEncoding::Utf32)]
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3000);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn edits_match_a_string_model(
        initial in text_strategy(30),
        batches in prop::collection::vec(prop::collection::vec(edit_strategy(), 1..4), 1..12),
        enc in encoding(),
    ) {
        let mut model = initial.clone();
        let mut doc = OpenDoc::new(&initial, 1, Format::Markdown);
        for (i, batch) in batches.iter().enumerate() {
            let mut changes = Vec::new();
            for e in batch {
                if e.full {
                    model = e.text.clone();
                    changes.push(TextDocumentContentChangeEvent { range: None, range_length: None, text: e.text.clone() });
                    continue;
                }
                let offsets = addressable(&model);
                let a = offsets[e.start % offsets.len()];
                let b = offsets[(e.start % offsets.len() + e.len).min(offsets.len() - 1)];
                let mut end = position(&model, b, enc);
                // A column past the line end means the line end.
                let b = if e.overshoot > 0 && line_end(&model, b) == b {
                    end.character += e.overshoot;
                    b
                } else {
                    b
                };
                let range = Range { start: position(&model, a, enc), end };
                model.replace_range(a..b, &e.text);
                changes.push(TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: e.text.clone() });
            }
            doc.apply(i as i32 + 2, &changes, enc).unwrap();
            prop_assert_eq!(doc.text(), model.clone());
        }
    }
}
