//! `misquote`: quoted words close to what a source quotes or reports, but not
//! the same. Words that match any source exactly are verified, so when two
//! sources word a statement differently, either wording passes. A close
//! passage from a different speaker is another statement, not a misquote.

use super::{Check, Context};
use crate::extract::{Quotation, QuoteKind};
use crate::finding::{Finding, Fix, Rule, Severity};
use crate::kb::align::Change;
use crate::kb::quotes::{folded_words, QuoteMatch, MIN_QUOTE_WORDS};
use crate::kb::Kb;
use crate::text::normalize::is_capitalized;

pub struct Misquote;

impl Check for Misquote {
    fn rule(&self) -> Rule {
        Rule::Misquote
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Finding> {
        cx.draft.quotes.iter().filter(|q| q.kind == QuoteKind::Quoted).filter_map(|q| check_quote(cx, q)).collect()
    }
}

fn check_quote(cx: &Context<'_>, q: &Quotation) -> Option<Finding> {
    let kb = cx.kb;
    let doc = cx.draft.doc;
    let (words, tokens) = folded_words(doc, q.tokens.clone());
    if words.len() < MIN_QUOTE_WORDS {
        return None;
    }
    let matches = kb.quotes.matches(&words);
    if matches.iter().any(QuoteMatch::is_exact) {
        return None;
    }
    let speaker = q.speaker.and_then(|s| s.person);
    let best = matches.iter().find(|m| {
        let sourced = kb.quotes.passages[m.passage].speaker;
        speaker.is_none() || sourced.is_none() || sourced == speaker
    })?;
    let passage = &kb.quotes.passages[best.passage];
    let source_doc = &kb.source(passage.source).doc;
    let window = best.alignment.window.clone();
    let draft_word = |i: usize| doc.tokens[tokens[i]].text(&doc.text);
    let source_word = |i: usize| source_doc.tokens[passage.tokens[i]].text(&source_doc.text);
    let differences: Vec<String> =
        best.alignment.changes.iter().map(|c| describe(c, &draft_word, &source_word)).collect();
    let shown = differences.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
    let more = differences.len().saturating_sub(3);
    let more = if more > 0 { format!(" (and {more} more)") } else { String::new() };
    let mut replacement = kb.quotes.text_of(source_doc, best.passage, window.clone());
    match_initial_case(&mut replacement, q.span.slice(&doc.text));
    Some(Finding {
        rule: Rule::Misquote,
        severity: Severity::Warning,
        span: q.span,
        message: format!("Misquote: {shown}{more}."),
        fixes: vec![Fix { span: q.span, replacement }],
        sources: vec![source_ref(kb, best)],
    })
}

fn source_ref(kb: &Kb, m: &QuoteMatch) -> crate::finding::SourceRef {
    let p = &kb.quotes.passages[m.passage];
    kb.source_ref(p.source, kb.quotes.span_of(&kb.source(p.source).doc, m.passage, m.alignment.window.clone()))
}

fn describe<'a>(c: &Change, draft: &dyn Fn(usize) -> &'a str, source: &dyn Fn(usize) -> &'a str) -> String {
    let join = |r: std::ops::Range<usize>, f: &dyn Fn(usize) -> &'a str| r.map(f).collect::<Vec<_>>().join(" ");
    match (c.draft.is_empty(), c.source.is_empty()) {
        (false, false) => {
            format!("'{}' → source has '{}'", join(c.draft.clone(), draft), join(c.source.clone(), source))
        }
        (false, true) => format!("'{}' is not in the source", join(c.draft.clone(), draft)),
        _ => format!("source also has '{}'", join(c.source.clone(), source)),
    }
}

/// The fix starts a sentence when the draft's quote did, and not otherwise.
fn match_initial_case(replacement: &mut String, draft: &str) {
    let Some(first) = replacement.chars().next() else { return };
    let want_upper = is_capitalized(draft);
    if want_upper != first.is_uppercase() && first.is_alphabetic() {
        let changed: String = if want_upper { first.to_uppercase().collect() } else { first.to_lowercase().collect() };
        replacement.replace_range(..first.len_utf8(), &changed);
    }
}
