//! The JSON contract other tools depend on (see README, "CLI"): 0-based lines
//! and UTF-16 columns, as in LSP.

use super::{range, FileReport};
use crate::text::line_index::LineCol;
use crate::text::PositionEncoding;
use serde_json::{json, Value};

fn pos(p: LineCol) -> Value {
    json!({ "line": p.line, "character": p.col })
}

pub fn to_value(files: &[FileReport<'_>]) -> Value {
    let files: Vec<Value> = files
        .iter()
        .map(|f| {
            let diagnostics: Vec<Value> = f
                .findings
                .iter()
                .map(|d| {
                    let (start, end) = range(f.doc, d.span, PositionEncoding::Utf16);
                    json!({
                        "code": d.rule.code(),
                        "severity": d.severity.as_str(),
                        "message": d.message,
                        "range": { "start": pos(start), "end": pos(end) },
                        "text": d.span.slice(&f.doc.text),
                        "fixes": d.fixes.iter().map(|x| x.replacement.clone()).collect::<Vec<_>>(),
                        "sources": d.sources.iter().map(|s| json!({
                            "path": s.path.as_ref(),
                            "line": s.line,
                            "text": s.excerpt,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({ "path": f.doc.path, "diagnostics": diagnostics })
        })
        .collect();
    json!({ "version": 1, "files": files })
}

pub fn render(files: &[FileReport<'_>]) -> String {
    let mut s = serde_json::to_string_pretty(&to_value(files)).unwrap_or_default();
    s.push('\n');
    s
}
