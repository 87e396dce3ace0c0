//! `misattribution`: quoted words that match what a source quotes or reports,
//! given in the draft to someone other than the speaker the sources name.
//! Only speakers known on both sides count; unknown speakers prove nothing.

use super::{Check, Context};
use crate::extract::Quotation;
use crate::finding::{Finding, Rule, Severity};
use crate::kb::people::PersonId;
use crate::kb::quotes::{quoted_pieces, QuoteMatch};
use std::ops::Range;

pub struct Misattribution;

/// Without an exact match, a passage this similar still carries the same words.
const SAME_WORDS: f64 = 0.75;

impl Check for Misattribution {
    fn rule(&self) -> Rule {
        Rule::Misattribution
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Finding> {
        let doc = cx.draft.doc;
        quoted_pieces(doc, &cx.draft.quotes).filter_map(|(q, piece)| check_quote(cx, q, piece)).collect()
    }
}

fn check_quote(cx: &Context<'_>, q: &Quotation, piece: Range<usize>) -> Option<Finding> {
    let kb = cx.kb;
    let doc = cx.draft.doc;
    let speaker = q.speaker?;
    let person = speaker.person?;
    let super::QuotedPiece { span, matches, words, .. } = cx.quoted_piece(piece)?;
    let exact: Vec<&QuoteMatch> = matches.iter().filter(|m| m.is_exact()).collect();
    let same: Vec<&QuoteMatch> =
        if exact.is_empty() { matches.iter().filter(|m| m.similarity >= SAME_WORDS).collect() } else { exact };
    let sourced: Vec<(PersonId, &QuoteMatch)> =
        same.iter().filter_map(|m| kb.quotes.passage(m.passage).speaker().map(|s| (s, *m))).collect();
    if sourced.is_empty() || sourced.iter().any(|(s, _)| *s == person) {
        return None;
    }
    // The same words may be the draft's speaker's too, in a source the best
    // candidates left out (two people who said the same thing).
    let exact_only = same.iter().any(|m| m.is_exact());
    let theirs = kb.quotes.matches_of_speaker(person, &words);
    if theirs.iter().any(|m| m.is_exact() || (!exact_only && m.similarity >= SAME_WORDS)) {
        return None;
    }
    let (who, _) = sourced[0];
    let sources = sourced
        .iter()
        .filter(|(s, _)| *s == who)
        .take(crate::finding::MAX_EVIDENCE)
        .map(|(_, m)| {
            let p = kb.quotes.passage(m.passage);
            kb.source_ref(
                p.source(),
                kb.quotes.span_of(&kb.source(p.source()).doc, m.passage, m.alignment.window.clone()),
            )
        })
        .collect();
    let written = cx.draft.names[speaker.mention].text(&doc.text);
    Some(Finding {
        rule: Rule::Misattribution,
        severity: Severity::Warning,
        span,
        message: format!("Misattribution: the sources give these words to {}, not {written}.", kb.people.get(who).name),
        fixes: Vec::new(),
        sources,
    })
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::corpus::{Document, Format};
    use crate::kb::Kb;
    use crate::{Engine, Rule};
    use std::sync::Arc;

    const CORPUS: &[&str] = &["Police Chief Marta Ilves and Fire Chief Joel Brandt spoke at city hall.\n\n\
         \u{201C}Response times fell by a third this winter,\u{201D} Ilves said.\n\n\
         Brandt added that \u{201C}two new engines arrive in March.\u{201D}"];

    fn check(draft: &str) -> Vec<(Rule, String, String)> {
        let docs =
            CORPUS.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.txt"), *t, Format::Plain)).collect();
        let engine = Engine::new(Arc::new(Kb::build(docs)), Config::default());
        let doc = Document::parse("draft.md", draft, Format::Markdown);
        engine.check(&doc).into_iter().map(|f| (f.rule, f.span.slice(&doc.text).to_string(), f.message)).collect()
    }

    #[test]
    fn words_given_to_the_wrong_person() {
        let f = check("Fire Chief Joel Brandt said \"response times fell by a third this winter.\"");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, Rule::Misattribution);
        assert_eq!(f[0].1, "response times fell by a third this winter");
        assert!(f[0].2.contains("Marta Ilves"), "{}", f[0].2);
    }

    #[test]
    fn pronouns_and_inverted_attributions_are_followed() {
        let f = check("Marta Ilves took questions. \"Two new engines arrive in March,\" she said.");
        assert_eq!(f.iter().map(|x| x.0).collect::<Vec<_>>(), [Rule::Misattribution]);
        assert!(f[0].2.contains("Joel Brandt"));
        assert!(check("\"Two new engines arrive in March,\" said Joel Brandt.").is_empty());
    }

    #[test]
    fn unknown_speakers_prove_nothing() {
        assert!(check("\"Response times fell by a third this winter,\" a resident said.").is_empty());
    }

    #[test]
    fn words_two_people_said_are_either_ones_however_often_one_said_them() {
        use crate::checks::test_support::run_rule_on_crowded_quotes;
        let draft = "Harbor Master Ivo Quint spoke. \"We will rebuild every pier,\" Quint said.";
        assert!(run_rule_on_crowded_quotes(Rule::Misattribution, draft).is_empty());
    }
}
