//! `misquote`: quoted words close to what a source quotes or reports, but not
//! the same. Words that match any source exactly are verified, so when two
//! sources word a statement differently, either wording passes. A close
//! passage from a different speaker is another statement, not a misquote.

use super::{Check, Context};
use crate::extract::Quotation;
use crate::finding::{Finding, Fix, Rule, Severity};
use crate::kb::align::Change;
use crate::kb::quotes::{quoted_pieces, QuoteMatch};
use crate::kb::Kb;
use crate::text::normalize::is_capitalized;
use std::ops::Range;

pub struct Misquote;

/// How close the speaker's own passage must be when the lookup's best candidates are all other people's.
const SPEAKER_OWN: f64 = 0.75;

impl Check for Misquote {
    fn rule(&self) -> Rule {
        Rule::Misquote
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Finding> {
        let doc = cx.draft.doc;
        quoted_pieces(doc, &cx.draft.quotes).filter_map(|(q, piece)| check_quote(cx, q, piece)).collect()
    }
}

fn check_quote(cx: &Context<'_>, q: &Quotation, piece: Range<usize>) -> Option<Finding> {
    let kb = cx.kb;
    let doc = cx.draft.doc;
    let super::QuotedPiece { tokens, words, span, matches } = cx.quoted_piece(piece)?;
    if matches.iter().any(QuoteMatch::is_exact) {
        return None;
    }
    let speaker = q.speaker.and_then(|s| s.person);
    let own: Vec<QuoteMatch>;
    let best = match matches.iter().find(|m| {
        let sourced = kb.quotes.passage(m.passage).speaker();
        speaker.is_none() || sourced.is_none() || sourced == speaker
    }) {
        Some(best) => best,
        None => {
            // The lookup's few best candidates can all be other people saying
            // the same words; the speaker's own passages decide then.
            own = kb.quotes.matches_of_speaker(speaker?, &words);
            if own.iter().any(QuoteMatch::is_exact) {
                return None;
            }
            // Only a passage at least as close as anyone else's, and close
            // enough to be the same statement reworded: a shared ending
            // ("whatever the critics say") is not.
            let floor = matches.first().map_or(0.0, |m| m.similarity).max(SPEAKER_OWN);
            own.iter().filter(|m| m.similarity >= floor).max_by(|a, b| a.similarity.total_cmp(&b.similarity))?
        }
    };
    let passage = kb.quotes.passage(best.passage);
    let source_doc = &kb.source(passage.source()).doc;
    let window = best.alignment.window.clone();
    let draft_word = |i: usize| doc.tokens[tokens[i]].text(&doc.text);
    let source_word = |i: usize| passage.word_text(&source_doc.text, i);
    let differences: Vec<String> =
        best.alignment.changes.iter().map(|c| describe(c, &draft_word, &source_word)).collect();
    let shown = differences.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
    let more = differences.len().saturating_sub(3);
    let more = if more > 0 { format!(" (and {more} more)") } else { String::new() };
    let mut replacement = kb.quotes.text_of(source_doc, best.passage, window.clone());
    match_initial_case(&mut replacement, span.slice(&doc.text));
    Some(Finding {
        rule: Rule::Misquote,
        severity: Severity::Warning,
        span,
        message: format!("Misquote: {shown}{more}."),
        fixes: vec![Fix { span, replacement }],
        sources: vec![source_ref(kb, best)],
    })
}

fn source_ref(kb: &Kb, m: &QuoteMatch) -> crate::finding::SourceRef {
    let p = kb.quotes.passage(m.passage);
    kb.source_ref(p.source(), kb.quotes.span_of(&kb.source(p.source()).doc, m.passage, m.alignment.window.clone()))
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

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::corpus::{Document, Format};
    use crate::kb::Kb;
    use crate::{Engine, Rule};
    use std::sync::Arc;

    /// A school board story told by two papers that word one statement differently.
    const CORPUS: &[&str] = &[
        "Superintendent Rosa Delgado and board chair Omar Feld met parents on Monday.\n\n\
         \u{201C}We will keep every neighborhood school open next year,\u{201D} Delgado said.\n\n\
         Feld said the district would hire forty new teachers before September.",
        "Omar Feld, the board chair, spoke after the vote.\n\n\
         Superintendent Rosa Delgado said \u{201C}we will keep all neighborhood schools open next year.\u{201D}",
    ];

    fn check(draft: &str) -> Vec<(Rule, String, String, String)> {
        let docs =
            CORPUS.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.txt"), *t, Format::Plain)).collect();
        let engine = Engine::new(Arc::new(Kb::build(docs)), Config::default());
        let doc = Document::parse("draft.md", draft, Format::Markdown);
        engine
            .check(&doc)
            .into_iter()
            .map(|f| {
                let fix = f.fixes.first().map(|x| x.replacement.clone()).unwrap_or_default();
                (f.rule, f.span.slice(&doc.text).to_string(), f.message, fix)
            })
            .collect()
    }

    #[test]
    fn a_swapped_word_is_a_misquote_with_the_source_words_as_fix() {
        let f =
            check("Delgado said the district would \u{201C}keep every neighborhood school closed next year.\u{201D}");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, Rule::Misquote);
        assert_eq!(f[0].1, "keep every neighborhood school closed next year");
        assert!(f[0].2.contains("'closed' → source has 'open'"), "{}", f[0].2);
        assert_eq!(f[0].3, "keep every neighborhood school open next year");
    }

    #[test]
    fn either_wording_of_sources_that_disagree_passes() {
        assert!(check("Delgado said: \"We will keep every neighborhood school open next year.\"").is_empty());
        assert!(check("Delgado said: \"we will keep all neighborhood schools open next year.\"").is_empty());
    }

    #[test]
    fn reported_speech_is_a_source_too() {
        let f = check("Feld said the district would \"hire forty new teachers before October.\"");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].2.contains("'October' → source has 'September'"), "{}", f[0].2);
    }

    #[test]
    fn quotes_with_no_close_source_are_not_wrong() {
        assert!(check("Delgado said \"the cafeteria menu will change in spring.\"").is_empty());
        // Short labels are not statements.
        assert!(check("Critics called the plan \"a gamble\".").is_empty());
    }

    #[test]
    fn the_speakers_own_words_are_found_behind_many_others_saying_them() {
        use crate::checks::test_support::run_rule_on_crowded_quotes;
        let draft = "Harbor Master Ivo Quint spoke. \"We will always rebuild every pier,\" Quint said.";
        let found = run_rule_on_crowded_quotes(Rule::Misquote, draft);
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
