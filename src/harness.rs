//! Harnesses shared by the fuzz targets (`fuzz/`) and their regression tests
//! (`tests/fuzz_regressions.rs`): arbitrary bytes in, a panic on any broken
//! invariant.

use crate::config::Config;
use crate::corpus::{Document, Format};
use crate::kb::Kb;
use crate::lsp::convert::TextRef;
use crate::lsp::transport::{Deframer, Event, Flush, GuardOptions};
use crate::text::PositionEncoding;
use crate::Engine;
use std::sync::{Arc, OnceLock};

/// A small corpus of invented sources, so every rule has something to compare with.
const SOURCES: &[&str] = &[
    "Fire Chief Dana Okafor said on Tuesday, March 5, 2024, that 40 firefighters responded. \
     \"We held the line all night,\" Okafor said.",
    "Mayor Lena Brandt thanked Deputy Chief Tomas Reyes at the council meeting. \
     Brandt said the city would pay $2.5 million for two engines.",
];

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let docs = SOURCES
            .iter()
            .enumerate()
            .map(|(i, t)| Document::parse(format!("source{i}.md"), *t, Format::Markdown))
            .collect();
        Engine::new(Arc::new(Kb::build(docs)), Config::default())
    })
}

/// Extract and check arbitrary text as Markdown and as plain text: no rule
/// may fail, and every finding must lie on character boundaries and map to
/// LSP positions and back.
pub fn check_arbitrary_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for format in [Format::Markdown, Format::Plain] {
        let doc = Document::parse("draft.md", text.as_ref(), format);
        let run = engine().check_reporting_failures(&doc);
        assert!(run.failures.is_empty(), "{:?}", run.failures);
        for f in &run.findings {
            let s = f.span;
            assert!(s.start <= s.end && s.end <= doc.text.len(), "{s:?} outside the text");
            assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end), "{s:?} splits a character");
            for enc in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
                let t = TextRef::of(&doc, enc);
                assert_eq!(t.span(t.range(s)), Some(s), "{s:?} does not round-trip in {enc:?}");
            }
        }
    }
}

/// Feed arbitrary bytes to the framing guard, split where the first byte
/// says: it must not panic, and whatever it forwards must be a JSON-RPC message.
pub fn deframe_arbitrary(data: &[u8]) {
    let Some((&split, bytes)) = data.split_first() else { return };
    let step = usize::from(split).max(1);
    let opts = GuardOptions { max_message_bytes: 1 << 16, ..GuardOptions::default() };
    let mut deframer = Deframer::default();
    let mut events = Vec::new();
    for chunk in bytes.chunks(step) {
        deframer.push(chunk);
        while deframer.next(Flush::No, &opts, &mut events) {}
    }
    while deframer.next(Flush::EndOfInput, &opts, &mut events) {}
    for event in events {
        if let Event::Message(body) = event {
            let value: serde_json::Value = serde_json::from_slice(&body).expect("forwarded JSON");
            assert_eq!(value["jsonrpc"], "2.0", "{value}");
        }
    }
}
