//! Code actions: quick fixes from diagnostic data, fix-all, ignore on this
//! line, and always allow a name in `.copydesk.toml`.

use super::convert::{DiagnosticData, SOURCE};
use crate::config::CONFIG_FILE;
use std::collections::HashMap;
use std::path::Path;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CreateFile, CreateFileOptions, Diagnostic, DocumentChangeOperation, DocumentChanges,
    NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, Uri, WorkspaceEdit,
};

pub const FIX_ALL: &str = "source.fixAll.copydesk";
pub const IGNORE_COMMENT: &str = "<!-- copydesk-disable-next-line -->";

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..Default::default() }
}

pub fn is_ours(d: &Diagnostic) -> bool {
    d.source.as_deref() == Some(SOURCE)
}

pub fn fixes_of(d: &Diagnostic) -> Vec<TextEdit> {
    d.data.clone().and_then(|v| serde_json::from_value::<DiagnosticData>(v).ok()).map(|x| x.fixes).unwrap_or_default()
}

/// One quick fix per fix of the diagnostic; the first is preferred.
pub fn quick_fixes(uri: &Uri, d: &Diagnostic) -> Vec<CodeAction> {
    fixes_of(d)
        .into_iter()
        .enumerate()
        .map(|(i, fix)| CodeAction {
            title: format!("Replace with '{}'", fix.new_text),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            is_preferred: Some(i == 0),
            edit: Some(edit_of(uri, vec![fix])),
            ..Default::default()
        })
        .collect()
}

/// The first fix of every diagnostic, skipping fixes that overlap an earlier one.
pub fn fix_all(uri: &Uri, diagnostics: &[Diagnostic]) -> Option<CodeAction> {
    let mut edits: Vec<TextEdit> = Vec::new();
    for fix in diagnostics.iter().filter_map(|d| fixes_of(d).into_iter().next()) {
        let overlaps = edits.iter().any(|e| e.range.start < fix.range.end && fix.range.start < e.range.end);
        if !overlaps {
            edits.push(fix);
        }
    }
    (!edits.is_empty()).then(|| CodeAction {
        title: "Fix all copydesk issues in this document".into(),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(edit_of(uri, edits)),
        ..Default::default()
    })
}

/// Insert the ignore comment on its own line above the diagnostic's line,
/// with that line's indentation and line ending.
pub fn ignore_line(uri: &Uri, d: &Diagnostic, line_text: &str, eol: &str) -> CodeAction {
    let indent: String = line_text.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let at = Position { line: d.range.start.line, character: 0 };
    CodeAction {
        title: "Ignore on this line".into(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(edit_of(
            uri,
            vec![TextEdit { range: Range { start: at, end: at }, new_text: format!("{indent}{IGNORE_COMMENT}{eol}") }],
        )),
        ..Default::default()
    }
}

/// Add `word` to `allow` in the root's `.copydesk.toml`, creating it if needed.
pub fn always_allow(root: &Path, word: &str, d: &Diagnostic) -> Option<CodeAction> {
    let path = root.join(CONFIG_FILE);
    let uri = super::convert::file_uri(&path)?;
    let existing = std::fs::read_to_string(&path).ok();
    let edit = allow_edit(existing.as_deref().unwrap_or(""), word);
    let text_edit = DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri: uri.clone(), version: None },
        edits: vec![OneOf::Left(edit)],
    });
    let mut ops = Vec::new();
    if existing.is_none() {
        ops.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
            uri,
            options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
            annotation_id: None,
        })));
    }
    ops.push(text_edit);
    let rule = match &d.code {
        Some(NumberOrString::String(s)) => s.clone(),
        _ => String::new(),
    };
    Some(CodeAction {
        title: format!("Always allow '{word}'"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(ops)), ..Default::default() }),
        data: Some(serde_json::json!({ "rule": rule })),
        ..Default::default()
    })
}

/// The edit that adds `word` to the `allow` array of a config text.
pub fn allow_edit(config: &str, word: &str) -> TextEdit {
    let quoted = toml_string(word);
    let mut offset = 0;
    for line in config.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break; // `allow` is a top-level key: stop at the first table.
        }
        let is_allow = trimmed.strip_prefix("allow").is_some_and(|r| r.trim_start().starts_with('='));
        if is_allow {
            if let Some(close) = config[offset..].find(']') {
                let before = config[offset..offset + close].trim_end();
                let empty = before.ends_with('[');
                let sep = if empty {
                    ""
                } else if before.ends_with(',') {
                    " "
                } else {
                    ", "
                };
                let insert_at = offset + before.len();
                let pos = position_of(config, insert_at);
                return TextEdit { range: Range { start: pos, end: pos }, new_text: format!("{sep}{quoted}") };
            }
        }
        offset += line.len();
    }
    let top = Position { line: 0, character: 0 };
    TextEdit { range: Range { start: top, end: top }, new_text: format!("allow = [{quoted}]\n") }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Position of a byte offset in UTF-16 columns (config edits go to any client).
fn position_of(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let col = before.rsplit('\n').next().unwrap_or("").encode_utf16().count() as u32;
    Position { line, character: col }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, e: &TextEdit) -> String {
        let idx = crate::text::LineIndex::new(text);
        let r = super::super::convert::TextRef { text, lines: &idx, enc: crate::text::PositionEncoding::Utf16 };
        let span = r.span(e.range).unwrap();
        format!("{}{}{}", &text[..span.start], e.new_text, &text[span.end..])
    }

    #[test]
    fn allow_edits_keep_the_config_valid() {
        for (before, after) in [
            ("", "allow = [\"Okafro\"]\n"),
            ("corpus = ['s']\n", "allow = [\"Okafro\"]\ncorpus = ['s']\n"),
            ("allow = []\n", "allow = [\"Okafro\"]\n"),
            ("allow = ['Zed']\n[rules]\n", "allow = ['Zed', \"Okafro\"]\n[rules]\n"),
            ("allow = [\n  'Zed',\n]\n", "allow = [\n  'Zed', \"Okafro\"\n]\n"),
            ("[rules]\nallow = 1\n", "allow = [\"Okafro\"]\n[rules]\nallow = 1\n"),
        ] {
            let out = apply(before, &allow_edit(before, "Okafro"));
            assert_eq!(out, after);
            let parsed: toml::Value = toml::from_str(&out).unwrap();
            assert!(parsed["allow"].as_array().unwrap().iter().any(|v| v.as_str() == Some("Okafro")));
        }
    }
}
