//! The one place where LSP types meet the engine's byte offsets: positions
//! (in the negotiated encoding), ranges, diagnostics and source locations.

use crate::corpus::Document;
use crate::finding::{Finding, Severity, SourceRef};
use crate::kb::Kb;
use crate::text::line_index::LineCol;
use crate::text::{LineIndex, PositionEncoding, Span};
use serde::{Deserialize, Serialize};
use std::path::Path;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, InitializeParams, Location, NumberOrString, Position,
    PositionEncodingKind, Range, TextEdit, Uri,
};

pub const SOURCE: &str = "copydesk";

/// UTF-8 when the client offers it (no conversion needed), else UTF-16, the LSP default.
pub fn negotiate_encoding(params: &InitializeParams) -> PositionEncoding {
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8)) {
        PositionEncoding::Utf8
    } else {
        PositionEncoding::Utf16
    }
}

pub fn encoding_kind(enc: PositionEncoding) -> PositionEncodingKind {
    match enc {
        PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// A text with its line index: what every conversion needs.
#[derive(Clone, Copy)]
pub struct TextRef<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub enc: PositionEncoding,
}

impl<'a> TextRef<'a> {
    pub fn of(doc: &'a Document, enc: PositionEncoding) -> TextRef<'a> {
        TextRef { text: &doc.text, lines: &doc.lines, enc }
    }

    pub fn position(&self, offset: usize) -> Position {
        let lc = self.lines.position(self.text, offset, self.enc);
        Position { line: lc.line, character: lc.col }
    }

    pub fn range(&self, span: Span) -> Range {
        Range { start: self.position(span.start), end: self.position(span.end) }
    }

    /// The byte offset of a position; `None` for a line past the end.
    /// A column past the end of its line clamps to the line end.
    pub fn offset(&self, pos: Position) -> Option<usize> {
        self.lines.offset(self.text, LineCol { line: pos.line, col: pos.character }, self.enc)
    }

    pub fn span(&self, range: Range) -> Option<Span> {
        let (a, b) = (self.offset(range.start)?, self.offset(range.end)?);
        (a <= b).then(|| Span::new(a, b))
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// What a diagnostic's `data` carries: its fixes as ready-made edits, so a
/// code action needs nothing but the diagnostic the client sends back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticData {
    pub fixes: Vec<TextEdit>,
}

pub fn diagnostic(f: &Finding, draft: TextRef<'_>, kb: &Kb) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .sources
        .iter()
        .filter_map(|s| {
            Some(DiagnosticRelatedInformation {
                location: source_location(kb, s, draft.enc)?,
                message: s.excerpt.clone(),
            })
        })
        .collect();
    let data = DiagnosticData {
        fixes: f
            .fixes
            .iter()
            .map(|x| TextEdit { range: draft.range(x.span), new_text: x.replacement.clone() })
            .collect(),
    };
    Diagnostic {
        range: draft.range(f.span),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.code().to_string())),
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        data: serde_json::to_value(data).ok(),
        ..Default::default()
    }
}

/// A source passage as a location: the range is computed from the source's
/// own text in the knowledge base, in the client's encoding.
pub fn source_location(kb: &Kb, s: &SourceRef, enc: PositionEncoding) -> Option<Location> {
    let source = kb.sources.get(s.source as usize).filter(|x| x.path == s.path)?;
    let text = TextRef { text: &source.doc.text, lines: &source.doc.lines, enc };
    Some(Location { uri: file_uri(Path::new(&*s.path))?, range: text.range(s.span) })
}

pub fn file_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use PositionEncoding::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    fn text(t: &str, enc: PositionEncoding) -> (String, LineIndex, PositionEncoding) {
        (t.to_string(), LineIndex::new(t), enc)
    }

    #[test]
    fn emoji_columns_per_encoding() {
        let (t, idx, _) = text("Chief 🚒 Okafro", Utf16);
        let at = t.find("Okafro").unwrap();
        let span = Span::new(at, at + 6);
        let u16 = TextRef { text: &t, lines: &idx, enc: Utf16 };
        let u8 = TextRef { text: &t, lines: &idx, enc: Utf8 };
        assert_eq!(u16.range(span), Range { start: pos(0, 9), end: pos(0, 15) });
        assert_eq!(u8.range(span), Range { start: pos(0, 11), end: pos(0, 17) });
        assert_eq!(u16.span(u16.range(span)), Some(span));
        assert_eq!(u8.span(u8.range(span)), Some(span));
    }

    #[test]
    fn cjk_combining_marks_and_crlf() {
        let (t, idx, _) = text("消防局\r\nJose\u{301} Ramírez\r\n", Utf16);
        let r = TextRef { text: &t, lines: &idx, enc: Utf16 };
        let at = t.find("Ramírez").unwrap();
        // "Jose" + combining acute (1 unit) + space = 6 UTF-16 units.
        assert_eq!(r.position(at), pos(1, 6));
        assert_eq!(r.offset(pos(1, 6)), Some(at));
        // Past the end of a CRLF line clamps before the "\r\n".
        assert_eq!(r.offset(pos(0, 40)), Some("消防局".len()));
        assert_eq!(r.offset(pos(9, 0)), None);
        let u8 = TextRef { enc: Utf8, ..r };
        assert_eq!(u8.position(at), pos(1, 7));
        assert_eq!(r.position(t.find('\n').unwrap() + 1), pos(1, 0));
    }

    #[test]
    fn diagnostic_carries_code_source_related_and_fixes() {
        let kb = Kb::build(vec![Document::parse(
            "/tmp/copydesk-convert-test/fire.md",
            "Fire Chief Dana Okafor said the blaze was out.\nOkafor thanked the crews.",
            Format::Markdown,
        )]);
        let draft = Document::parse("d.md", "Dana Okafro 🚒 spoke.", Format::Markdown);
        let at = draft.text.find("Okafro").unwrap();
        let span = Span::new(at, at + 6);
        let source_span = Span::new(16, 22);
        let f = Finding {
            rule: crate::Rule::NameSpelling,
            severity: Severity::Error,
            span,
            message: "m".into(),
            fixes: vec![crate::Fix { span, replacement: "Okafor".into() }],
            sources: vec![kb.source_ref(0, source_span)],
        };
        let d = diagnostic(&f, TextRef::of(&draft, Utf16), &kb);
        assert_eq!(d.code, Some(NumberOrString::String("name-spelling".into())));
        assert_eq!(d.source.as_deref(), Some("copydesk"));
        assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
        let rel = &d.related_information.as_ref().unwrap()[0];
        assert_eq!(rel.location.uri.as_str(), "file:///tmp/copydesk-convert-test/fire.md");
        assert_eq!(rel.location.range, Range { start: pos(0, 16), end: pos(0, 22) });
        let data: DiagnosticData = serde_json::from_value(d.data.unwrap()).unwrap();
        assert_eq!(data.fixes, [TextEdit { range: d.range, new_text: "Okafor".into() }]);
    }
}
