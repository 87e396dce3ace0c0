//! `misattribution`: quoted words that match what a source quotes or reports,
//! given in the draft to someone other than the speaker the sources name.
//! Only speakers known on both sides count; unknown speakers prove nothing.

use super::{Check, Context};
use crate::extract::{Quotation, QuoteKind};
use crate::finding::{Finding, Rule, Severity};
use crate::kb::people::PersonId;
use crate::kb::quotes::{folded_words, QuoteMatch, MIN_QUOTE_WORDS};

pub struct Misattribution;

/// Without an exact match, a passage this similar still carries the same words.
const SAME_WORDS: f64 = 0.75;

impl Check for Misattribution {
    fn rule(&self) -> Rule {
        Rule::Misattribution
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Finding> {
        cx.draft.quotes.iter().filter(|q| q.kind == QuoteKind::Quoted).filter_map(|q| check_quote(cx, q)).collect()
    }
}

fn check_quote(cx: &Context<'_>, q: &Quotation) -> Option<Finding> {
    let kb = cx.kb;
    let doc = cx.draft.doc;
    let speaker = q.speaker?;
    let person = speaker.person?;
    let (words, _) = folded_words(doc, q.tokens.clone());
    if words.len() < MIN_QUOTE_WORDS {
        return None;
    }
    let matches = kb.quotes.matches(&words);
    let exact: Vec<&QuoteMatch> = matches.iter().filter(|m| m.is_exact()).collect();
    let same: Vec<&QuoteMatch> =
        if exact.is_empty() { matches.iter().filter(|m| m.similarity >= SAME_WORDS).collect() } else { exact };
    let sourced: Vec<(PersonId, &QuoteMatch)> =
        same.iter().filter_map(|m| kb.quotes.passages[m.passage].speaker.map(|s| (s, *m))).collect();
    if sourced.is_empty() || sourced.iter().any(|(s, _)| *s == person) {
        return None;
    }
    let (who, _) = sourced[0];
    let sources = sourced
        .iter()
        .filter(|(s, _)| *s == who)
        .take(3)
        .map(|(_, m)| {
            let p = &kb.quotes.passages[m.passage];
            kb.source_ref(p.source, kb.quotes.span_of(&kb.source(p.source).doc, m.passage, m.alignment.window.clone()))
        })
        .collect();
    let written = cx.draft.names[speaker.mention].text(&doc.text);
    Some(Finding {
        rule: Rule::Misattribution,
        severity: Severity::Warning,
        span: q.span,
        message: format!("Misattribution: the sources give these words to {}, not {written}.", kb.people.get(who).name),
        fixes: Vec::new(),
        sources,
    })
}
