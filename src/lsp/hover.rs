//! Hover cards: a [`Described`] rendered as Markdown.

use crate::describe::{DateAgreement, DateCard, Described, DiffPiece, PersonCard, QuoteCard, QuoteStatus, Subject};
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
    if let Some(subject) = &d.subject {
        if !out.is_empty() {
            out.push_str("---\n\n");
        }
        match subject {
            Subject::Person(card) => person(&mut out, card),
            Subject::Date(card) => date(&mut out, card),
            Subject::Quote(card) => quote(&mut out, card),
        }
    }
    out
}

fn date(out: &mut String, card: &DateCard) {
    let _ = writeln!(out, "### {}\n", card.draft_date);
    let Some(event) = &card.event else {
        out.push_str("No dated event in the sources matches this sentence.\n");
        return;
    };
    let verdict = match event.agreement {
        DateAgreement::Agrees => format!("The sources date this event to {}.", event.date),
        DateAgreement::Differs => format!("The sources date this event to {}, not {}.", event.date, card.draft_date),
        DateAgreement::Unclear => format!(
            "The closest event in the sources is dated {}; it is not a clear enough match to call the draft wrong.",
            event.date
        ),
    };
    let _ = writeln!(out, "{verdict}\n");
    if !event.people.is_empty() {
        let _ = writeln!(out, "People: {}\n", event.people.join(", "));
    }
    for (when, at) in &event.dates {
        let _ = writeln!(out, "> {}\n>\n> — {when}, {}\n", at.excerpt, link(at));
    }
}

fn quote(out: &mut String, card: &QuoteCard) {
    let heading = match card.status {
        QuoteStatus::Verified => "Quotation verified",
        QuoteStatus::Differs => "Quotation differs from the source",
        QuoteStatus::Unverified => "Quotation unverified",
    };
    let _ = writeln!(out, "### {heading}\n");
    let Some(excerpt) = &card.excerpt else {
        out.push_str("No source quotes or reports these words.\n");
        return;
    };
    match (&card.speaker, &card.draft_speaker) {
        (Some(s), Some(d)) if s != d && !s.ends_with(d.as_str()) => {
            let _ = writeln!(out, "Sourced speaker: {s} (the draft names {d})\n");
        }
        (Some(s), _) => {
            let _ = writeln!(out, "Sourced speaker: {s}\n");
        }
        (None, _) => out.push_str("The source does not name the speaker.\n\n"),
    }
    let _ = writeln!(out, "> {}\n>\n> — {}\n", excerpt.excerpt, link(excerpt));
    if !card.diff.is_empty() {
        let words: Vec<String> = card
            .diff
            .iter()
            .map(|p| match p {
                DiffPiece::Same(w) => w.clone(),
                DiffPiece::DraftOnly(w) => format!("~~{w}~~"),
                DiffPiece::SourceOnly(w) => format!("**{w}**"),
            })
            .collect();
        let _ = writeln!(out, "Diff: {}\n\n(~~draft only~~, **source only**)\n", words.join(" "));
    }
    let others = card.passages.len().saturating_sub(1);
    if others > 0 {
        let plural = if others == 1 { "" } else { "s" };
        let _ = writeln!(out, "{others} more close passage{plural} in the sources (find references).\n");
    }
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
