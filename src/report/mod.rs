//! Renderings of findings for the CLI: text for people, JSON for tools,
//! SARIF 2.1.0 for code-scanning. Positions are computed here, at the edge.

pub mod json;
pub mod sarif;
pub mod text;

use crate::corpus::Document;
use crate::finding::Finding;
use crate::text::line_index::LineCol;
use crate::text::{PositionEncoding, Span};

/// One checked file and its findings.
pub struct FileReport<'a> {
    pub doc: &'a Document,
    pub findings: &'a [Finding],
}

/// Zero-based start and end of a span in the given encoding.
pub fn range(doc: &Document, span: Span, enc: PositionEncoding) -> (LineCol, LineCol) {
    (doc.lines.position(&doc.text, span.start, enc), doc.lines.position(&doc.text, span.end, enc))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

pub fn render(format: Format, files: &[FileReport<'_>]) -> String {
    match format {
        Format::Text => text::render(files),
        Format::Json => json::render(files),
        Format::Sarif => sarif::render(files),
    }
}
