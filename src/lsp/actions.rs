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

/// The edit that adds `word` to the top-level `allow` array of a config
/// text, keeping its comments, layout and other keys: the document is edited
/// with `toml_edit` and the edit is the one stretch of text that changed.
pub fn allow_edit(config: &str, word: &str) -> TextEdit {
    let Some(edited) = with_allowed(config, word) else {
        // Not valid TOML (the server reports that on load): add the key at the top.
        let top = Position { line: 0, character: 0 };
        return TextEdit {
            range: Range { start: top, end: top },
            new_text: format!("allow = [{}]\n", toml_string(word)),
        };
    };
    let prefix = common_prefix(config, &edited);
    let suffix = common_suffix(&config[prefix..], &edited[prefix..]);
    TextEdit {
        range: Range { start: position_of(config, prefix), end: position_of(config, config.len() - suffix) },
        new_text: edited[prefix..edited.len() - suffix].to_string(),
    }
}

fn with_allowed(config: &str, word: &str) -> Option<String> {
    let mut doc: toml_edit::DocumentMut = config.parse().ok()?;
    match doc.get_mut("allow") {
        Some(item) => {
            let list = item.as_array_mut()?;
            if list.iter().any(|v| v.as_str() == Some(word)) {
                return Some(config.to_string());
            }
            let trailing_comma = list.trailing_comma();
            let first_prefix = list.iter().next().and_then(|v| v.decor().prefix()?.as_str()).unwrap_or("").to_string();
            let trailing = list.trailing().as_str().unwrap_or("").to_string();
            list.push(word);
            list.set_trailing_comma(trailing_comma);
            // One value a line: the new one goes on its own line, after any
            // comment that ended the last line, with the first value's indent.
            if let (Some(indent_at), Some(end_of_line)) = (first_prefix.rfind('\n'), trailing.rfind('\n')) {
                let indent = &first_prefix[indent_at + 1..];
                if let Some(added) = list.iter_mut().last() {
                    added.decor_mut().set_prefix(format!("{}{indent}", &trailing[..=end_of_line]));
                }
                list.set_trailing(format!("\n{}", &trailing[end_of_line + 1..]));
            }
        }
        None => {
            let mut list = toml_edit::Array::new();
            list.push(word);
            doc.insert("allow", toml_edit::value(list));
        }
    }
    Some(doc.to_string())
}

fn common_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..=n).rev().find(|&i| a.is_char_boundary(i) && b.is_char_boundary(i)).unwrap_or(0)
}

fn common_suffix(a: &str, b: &str) -> usize {
    let n = a.bytes().rev().zip(b.bytes().rev()).take_while(|(x, y)| x == y).count();
    (0..=n).rev().find(|&i| a.is_char_boundary(a.len() - i) && b.is_char_boundary(b.len() - i)).unwrap_or(0)
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
    fn allow_edits_keep_the_config_valid_with_its_comments_and_layout() {
        for (before, after) in [
            ("", "allow = [\"Okafro\"]\n"),
            ("corpus = ['s']\n", "corpus = ['s']\nallow = [\"Okafro\"]\n"),
            ("allow = []\n", "allow = [\"Okafro\"]\n"),
            ("allow = ['Zed']\n[rules]\n", "allow = ['Zed', \"Okafro\"]\n[rules]\n"),
            ("allow = [\n  'Zed',\n]\n", "allow = [\n  'Zed',\n  \"Okafro\",\n]\n"),
            ("allow = [\n  \"Zed\",  # a nickname\n]\n", "allow = [\n  \"Zed\",  # a nickname\n  \"Okafro\",\n]\n"),
            ("allow = [\"Zed\"] # names\n# end\n", "allow = [\"Zed\", \"Okafro\"] # names\n# end\n"),
            // Only the top-level `allow`; a `]` inside a string is not the end of an array.
            ("[rules]\nallow = 1\n", "allow = [\"Okafro\"]\n[rules]\nallow = 1\n"),
            (
                "# top\ncorpus = [\"a]\"]\n\n[rules]\nmisquote = \"off\"\n",
                "# top\ncorpus = [\"a]\"]\nallow = [\"Okafro\"]\n\n[rules]\nmisquote = \"off\"\n",
            ),
            ("allow = [\"Okafro\"]\n", "allow = [\"Okafro\"]\n"),
        ] {
            let out = apply(before, &allow_edit(before, "Okafro"));
            assert_eq!(out, after);
            let parsed: toml::Value = toml::from_str(&out).unwrap();
            assert!(parsed["allow"].as_array().unwrap().iter().any(|v| v.as_str() == Some("Okafro")));
        }
    }

    #[test]
    fn the_edit_is_only_the_changed_text() {
        let e = allow_edit("corpus = ['s']\n# the end\n", "Okafro");
        assert_eq!(e.range.start, Position { line: 1, character: 0 });
        assert_eq!(e.range.end, e.range.start);
        assert_eq!(e.new_text, "allow = [\"Okafro\"]\n");
    }
}
