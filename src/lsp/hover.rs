//! Hover cards: a [`Described`] rendered as Markdown.

use crate::describe::{Described, PersonCard, Subject};
use crate::finding::SourceRef;
use crate::text::Span;
use std::fmt::Write;
use std::path::Path;

pub fn render(d: &Described, draft_text: &str) -> String {
    let mut out = String::new();
    for f in &d.findings {
        let _ = writeln!(out, "**{}** ({}): {}\n", f.rule, f.severity.as_str(), f.message);
        if let Some(fix) = f.fixes.first() {
            let _ = writeln!(out, "**Fix:** replace `{}` with `{}`\n", fix.span.slice(draft_text), fix.replacement);
        }
    }
    if let Some(Subject::Person(card)) = &d.subject {
        if !out.is_empty() {
            out.push_str("---\n\n");
        }
        person(&mut out, card);
    }
    out
}

fn person(out: &mut String, card: &PersonCard) {
    let _ = writeln!(out, "### {}\n", card.name);
    if !card.aliases.is_empty() {
        let _ = writeln!(out, "Also written: {}\n", card.aliases.join(", "));
    }
    for (title, at) in &card.titles {
        let _ = writeln!(out, "- {title} — {}", link(at));
    }
    if !card.titles.is_empty() {
        out.push('\n');
    }
    let plural = if card.source_count == 1 { "" } else { "s" };
    let _ = writeln!(out, "Named in {} source{plural}.\n", card.source_count);
    for x in &card.excerpts {
        let _ = writeln!(out, "> {}\n>\n> — {}\n", x.excerpt, link(x));
    }
}

/// `[name.md:12](file:///…/name.md#L12)`
pub fn link(s: &SourceRef) -> String {
    let path = Path::new(&*s.path);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| s.path.to_string());
    let line = s.line + 1;
    match super::convert::file_uri(path) {
        Some(uri) => format!("[{name}:{line}]({}#L{line})", uri.as_str()),
        None => format!("{name}:{line}"),
    }
}

/// The span a hover covers (the mention), for the hover's range.
pub fn span(d: &Described) -> Span {
    d.span
}
