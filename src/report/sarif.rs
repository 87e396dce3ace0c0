//! SARIF 2.1.0 for code-scanning tools. Regions are 1-based with UTF-16 columns
//! (`columnKind: utf16CodeUnits`); sources become related locations, fixes
//! become SARIF fixes.

use super::{range, FileReport};
use crate::checks::RULES;
use crate::finding::Severity;
use crate::text::PositionEncoding;
use serde_json::{json, Value};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn uri(path: &str) -> String {
    path.replace('\\', "/")
}

pub fn to_value(files: &[FileReport<'_>]) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.rule.code(),
                "shortDescription": { "text": r.summary },
                "help": { "text": r.example },
                "defaultConfiguration": { "level": level(r.default_severity) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in files {
        for d in f.findings {
            let (start, end) = range(f.doc, d.span, PositionEncoding::Utf16);
            let region = json!({
                "startLine": start.line + 1, "startColumn": start.col + 1,
                "endLine": end.line + 1, "endColumn": end.col + 1,
                "snippet": { "text": d.span.slice(&f.doc.text) },
            });
            let related: Vec<Value> = d
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    json!({
                        "id": i,
                        "message": { "text": s.excerpt },
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&s.path) },
                            "region": { "startLine": s.line + 1 },
                        },
                    })
                })
                .collect();
            let fixes: Vec<Value> = d
                .fixes
                .iter()
                .map(|x| {
                    let (fs, fe) = range(f.doc, x.span, PositionEncoding::Utf16);
                    json!({
                        "description": { "text": format!("Replace with \"{}\"", x.replacement) },
                        "artifactChanges": [{
                            "artifactLocation": { "uri": uri(&f.doc.path) },
                            "replacements": [{
                                "deletedRegion": {
                                    "startLine": fs.line + 1, "startColumn": fs.col + 1,
                                    "endLine": fe.line + 1, "endColumn": fe.col + 1,
                                },
                                "insertedContent": { "text": x.replacement },
                            }],
                        }],
                    })
                })
                .collect();
            results.push(json!({
                "ruleId": d.rule.code(),
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": uri(&f.doc.path) }, "region": region },
                }],
                "relatedLocations": related,
                "fixes": fixes,
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

pub fn render(files: &[FileReport<'_>]) -> String {
    let mut s = serde_json::to_string_pretty(&to_value(files)).unwrap_or_default();
    s.push('\n');
    s
}
