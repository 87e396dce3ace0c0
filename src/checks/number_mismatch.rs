//! `number-mismatch`: a number tied to the same fact as a number in the
//! sources (same kind, same counted thing, a sentence about the same thing)
//! but with another value: "the 16th round" where the sources say 17th, "$84
//! million" for "$48 million". A number the sources never give is unverified,
//! not wrong; a conflict needs a clear best match that every close match backs.

use super::overlap::{in_any_of, same_fact_numbers, WeightedKeys};
use super::{Check, Context};
use crate::extract::dates::CalDate;
use crate::extract::numbers::{extract_numbers_in, values_in_text};
use crate::extract::numbers::{Measure, NumberMention, AGE};
use crate::finding::{Finding, Fix, Rule, Severity};
use crate::kb::events::{number_context, sentence_date, shares_people, shifts_time, NumberFact};
use crate::kb::signature::is_person_key;
use crate::lexicon::numbers::{ordinal_suffix, spell};
use crate::text::Span;
use std::collections::HashSet;

pub struct NumberMismatch;

impl Check for NumberMismatch {
    fn rule(&self) -> Rule {
        Rule::NumberMismatch
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Finding> {
        let draft = cx.draft;
        let doc = draft.doc;
        // Each number with its sentence keys, for the sentences in scope only.
        let skip: Vec<Span> = draft.dates.iter().map(|m| m.span).collect();
        let sentences = (0..doc.sentences.len()).filter(|&s| cx.scope.touches(doc.sentences[s].span));
        extract_numbers_in(doc, &skip, sentences)
            .into_iter()
            .filter(|m| cx.scope.contains(m.span))
            .filter_map(|m| {
                let context = number_context(&m, &draft.keys[m.sentence]);
                let dates = draft.dates.iter().filter(|d| d.sentence == m.sentence && d.bound(doc).is_none());
                // "resigned on Tuesday, a day after the board voted 6 to 3": no sure date.
                let date = sentence_date(dates.map(|d| d.resolve(draft.reference)))
                    .filter(|_| !shifts_time(doc.sentences[m.sentence].span.slice(&doc.text)));
                check(cx, &m, &context, date)
            })
            .collect()
    }
}

/// `date`: the full date of the number's sentence in the draft, if it has one.
fn check(cx: &Context<'_>, m: &NumberMention, context: &HashSet<String>, date: Option<CalDate>) -> Option<Finding> {
    let events = &cx.kb.events;
    let weighted = WeightedKeys::new(&events.stats, context);
    let mut same = if m.unit.iter().any(|u| u == AGE) {
        // An age is its person's, whatever else the sentences say; each
        // age its own person's ("Walter Brennan-Oduya, 82, and his wife,
        // Margit Brennan-Oduya, 79").
        let owner = age_owner(&cx.draft.doc.text[..m.span.start]);
        let owned =
            |f: &NumberFact| same_owner(&owner, &age_owner(&cx.kb.source(f.source).doc.text[..f.mention.span.start]));
        let mut ids: Vec<u32> =
            context.iter().filter(|k| is_person_key(k)).flat_map(|k| events.numbers_with_key(k)).copied().collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|i| events.numbers.get(i as usize))
            .filter(|f| f.mention.same_measure(m) && owned(f))
            .map(|f| (f, weighted.overlap(&f.context)))
            .collect()
    } else {
        same_fact_numbers(events, m, &weighted, context)
    };
    // A source number on the draft's own day is the same occurrence beyond
    // doubt, and one on another day is another occurrence ("437 on May 3" is
    // not contradicted by "518 on September 1", nor this year's budget by
    // last year's).
    let on_day = |f: &NumberFact| date.is_some() && f.date == date && shares_people(&events.stats, context, f);
    let apart = |f: &NumberFact| matches!((date, f.date), (Some(a), Some(b)) if a != b);
    let any_on_day = same.iter().any(|(f, _)| on_day(f));
    if any_on_day {
        same.retain(|(f, _)| f.date.is_none() || f.date == date);
    }
    if same.iter().any(|(f, _)| f.mention.same_value(m)) {
        return None;
    }
    if any_on_day {
        same.retain(|(f, _)| on_day(f));
    } else if same.iter().any(|(f, _)| apart(f)) {
        // Sources report this on other days only: the draft's occurrence (or
        // its date) is unreported, and its number cannot be checked.
        return None;
    }
    if same.is_empty() {
        return None;
    }
    same.sort_by(|a, b| b.1.coverage().total_cmp(&a.1.coverage()));
    let (best, o) = &same[0];
    let all_agree = same
        .iter()
        .filter(|(_, x)| x.coverage() >= o.coverage() - 0.15)
        .all(|(f, _)| f.mention.same_value(&best.mention));
    if !all_agree {
        return None;
    }
    // A source sentence that gives the sources' figure and also the draft's
    // ("the union put strikers at 3,000; the authority said 2,600 workers")
    // reports two figures for one thing, a dispute or a before and after:
    // which one the draft's goes with is not sure, and the draft's is sourced.
    let agreeing = same.iter().filter(|(f, _)| f.mention.same_value(&best.mention));
    if agreeing.take(4).any(|(f, _)| sentence_gives(cx, f, m)) {
        return None;
    }
    if sourced_loosely(cx, m, &weighted, context, date) {
        return None;
    }
    let text = &cx.draft.doc.text;
    let source = cx.kb.source(best.source);
    let sourced = best.mention.span.slice(&source.doc.text);
    let replacement = render(m, &best.mention, sourced, m.span.slice(text));
    let evidence = same
        .iter()
        .filter(|(f, _)| f.mention.same_value(&best.mention))
        .map(|(f, _)| cx.kb.source_ref(f.source, f.mention.span))
        .collect();
    Some(Finding {
        rule: Rule::NumberMismatch,
        severity: Severity::Warning,
        span: m.span,
        message: format!("The sources give \"{sourced}\" here; the draft says \"{}\".", m.span.slice(text)),
        fixes: vec![Fix { span: m.span, replacement }],
        sources: evidence,
    })
}

/// Does some source give the draft's figure for the same counted thing, in a
/// sentence with a few words in common and one of its people (if it names
/// any), on a day that does not contradict the draft's? Figures change ("640
/// people spent the first night", "410 on Friday"), and the sentence matching
/// the draft best may be about another moment: a figure the sources give is
/// sourced. Looks through the numbers with the draft's rarest unit word, only
/// when a finding is about to be made.
fn sourced_loosely(
    cx: &Context<'_>,
    m: &NumberMention,
    weighted: &WeightedKeys<'_>,
    context: &HashSet<String>,
    date: Option<CalDate>,
) -> bool {
    let events = &cx.kb.events;
    let Some(rarest) = m.unit.iter().map(|u| events.numbers_with_unit(u)).min_by_key(|l| l.len()) else {
        return false;
    };
    // Narrowed on the id lists first (a stored number is decoded when read):
    // with at most two unit words in common, a number must share a key of
    // the sentence, and one of its people when it names any.
    let lists = |person: bool| -> Vec<&[u32]> {
        let keys = context.iter().filter(|k| !person || is_person_key(k));
        keys.map(|k| events.numbers_with_key(k)).filter(|l| !l.is_empty()).collect()
    };
    let people = lists(true);
    let pool = if people.is_empty() { lists(false) } else { people };
    in_any_of(rarest, &pool)
        .into_iter()
        .filter_map(|i| events.numbers.get(i as usize))
        .filter(|f| f.mention.same_measure(m) && f.mention.same_value(m))
        .filter(|f| date.is_none() || f.date.is_none() || f.date == date)
        .filter(|f| shares_people(&events.stats, context, f))
        .any(|f| {
            let unit_words = m.unit.iter().filter(|u| f.mention.unit.contains(u)).count();
            weighted.overlap(&f.context).shared + unit_words >= LOOSE_SHARED_KEYS
        })
}

/// Words a source sentence must share with the draft's, the counted thing's
/// included, to source the draft's figure ([`sourced_loosely`]).
const LOOSE_SHARED_KEYS: usize = 3;

/// The capitalised words right before an age's comma ("Walter
/// Brennan-Oduya, 82"), at most four, folded.
fn age_owner(before: &str) -> Vec<String> {
    let before = before.trim_end().trim_end_matches(',');
    let words = before.rsplit(char::is_whitespace).take(4).take_while(|w| w.starts_with(char::is_uppercase));
    let mut owner: Vec<String> = words.map(|w| crate::text::fold(w.trim_end_matches(','))).collect();
    owner.reverse();
    owner
}

/// Do two ages belong to one person? The same last name, and the same first
/// word unless one side has a single name or a title ("Mrs. Whitcombe").
fn same_owner(a: &[String], b: &[String]) -> bool {
    let (Some(last_a), Some(last_b)) = (a.last(), b.last()) else { return false };
    let first_or_title = |o: &[String]| (o.len() > 1 && !o[0].ends_with('.')).then(|| o[0].clone());
    last_a == last_b
        && match (first_or_title(a), first_or_title(b)) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        }
}

/// Does the sentence of a source number also give the draft number's value,
/// as the same kind of quantity (with or without a counted thing)? Parses
/// that one sentence only, when a finding is about to be made.
fn sentence_gives(cx: &Context<'_>, f: &NumberFact, m: &NumberMention) -> bool {
    let source = &cx.kb.source(f.source).doc;
    let sentence = source.sentence_span(f.mention.span);
    values_in_text(sentence.slice(&source.text))
        .iter()
        .any(|v| v.measure == m.measure && v.same_value(m) && !v.same_value(&f.mention))
}

/// The sourced number written the way the draft writes numbers.
fn render(draft: &NumberMention, source: &NumberMention, sourced: &str, written: &str) -> String {
    let integer = source.value.fract() == 0.0 && source.value < 100.0;
    if draft.spelled && integer {
        if let Some(w) = spell(source.value as u32, source.measure == Measure::Ordinal) {
            return if written.starts_with(char::is_uppercase) { capitalize(&w) } else { w };
        }
    }
    if source.spelled && !draft.spelled && integer {
        let n = source.value as u64;
        return if source.measure == Measure::Ordinal { format!("{n}{}", ordinal_suffix(n)) } else { n.to_string() };
    }
    sourced.to_string()
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run_rule;

    const CORPUS: &[&str] = &[
        "The Harbor City Council voted 7-2 on Tuesday to approve a stadium budget of $48 million.",
        "Fire Chief Dana Okafor said 64 firefighters fought the warehouse blaze on Elm Street.",
        "The utility restored power to 11,000 households after the ice storm.",
        "It was the third annual river cleanup organised by the Green Valley Rowing Club.",
        "The two countries signed a fisheries accord. The two sides met in Oslo.",
    ];

    fn fixes(draft: &str) -> Vec<String> {
        run_rule(Rule::NumberMismatch, CORPUS, draft).into_iter().map(|f| f.fixes[0].replacement.clone()).collect()
    }

    #[test]
    fn wrong_counts_sums_votes_and_ordinals() {
        assert_eq!(fixes("Okafor said 46 firefighters fought the warehouse blaze."), ["64"]);
        assert_eq!(fixes("The council approved a stadium budget of $84 million."), ["$48 million"]);
        assert_eq!(fixes("The Harbor City Council voted 6-3 to approve the stadium budget."), ["7-2"]);
        assert_eq!(fixes("The Green Valley Rowing Club held its fourth annual river cleanup."), ["third"]);
        assert_eq!(fixes("Power came back to 12,000 households after the ice storm."), ["11,000"]);
    }

    #[test]
    fn same_values_in_other_forms_and_unsourced_numbers_pass() {
        for d in [
            "Sixty-four firefighters fought the warehouse blaze on Elm Street, Okafor said.",
            "The stadium budget of $48 million passed 7–2.",
            "Okafor said 12 engines fought the warehouse blaze.",
            "Three countries signed a trade deal in Lisbon.",
            "The rowing club has 40 members.",
        ] {
            assert!(fixes(d).is_empty(), "{d}: {:?}", fixes(d));
        }
    }

    #[test]
    fn the_draft_date_picks_the_occurrence_of_a_repeated_statement() {
        let corpus = [
            "Chief Lena Varga said 437 firefighters contained the blaze on May 3, 2017.",
            "Chief Lena Varga said 518 firefighters contained the blaze on September 1, 2022.",
        ];
        let fixes = |d: &str| -> Vec<String> {
            run_rule(Rule::NumberMismatch, &corpus, d).into_iter().map(|f| f.fixes[0].replacement.clone()).collect()
        };
        assert_eq!(fixes("Chief Lena Varga said 446 firefighters contained the blaze on 3 May 2017."), ["437"]);
        assert_eq!(fixes("Chief Lena Varga said 520 firefighters contained the blaze on Sept. 1, 2022."), ["518"]);
        // Right for the other day, no day given, or a day no source reports: nothing is sure.
        for d in [
            "Chief Lena Varga said 518 firefighters contained the blaze on September 2, 2022.",
            "Chief Lena Varga said 446 firefighters contained the blaze.",
            "Chief Lena Varga said 446 firefighters contained the blaze on June 9, 2019.",
        ] {
            assert!(fixes(d).is_empty(), "{d}: {:?}", fixes(d));
        }
    }

    #[test]
    fn a_number_on_the_same_day_about_someone_else_is_not_the_same_fact() {
        let corpus = [
            "Lt. Dana Okafor said 650 households lost power on February 2, 2020.",
            "Director Ivo Quint said 120 households lost power on June 9, 2021.",
            "Director Ivo Quint said 300 households lost power on March 3, 2019.",
        ];
        // Not Okafor's 650, on the draft's day; Quint's own counts are for other days.
        let draft = "Director Ivo Quint said 199 households lost power on February 2, 2020.";
        assert!(run_rule(Rule::NumberMismatch, &corpus, draft).is_empty());
    }

    #[test]
    fn a_number_for_another_year_is_another_occurrence() {
        let corpus = ["The council approved a harbor budget of $4 million on March 3, 2020."];
        let draft = "The council approved a harbor budget of $5 million on March 3, 2021.";
        assert!(run_rule(Rule::NumberMismatch, &corpus, draft).is_empty());
        let draft = "The council approved a harbor budget of $5 million on March 3, 2020.";
        assert_eq!(run_rule(Rule::NumberMismatch, &corpus, draft).len(), 1);
    }

    #[test]
    fn a_sentence_giving_two_figures_does_not_contradict_either() {
        let corpus = ["The union put the number of strikers at 3,000; the city said 2,600 workers had stayed away."];
        let fixes = |d: &str| -> Vec<String> {
            run_rule(Rule::NumberMismatch, &corpus, d).into_iter().map(|f| f.fixes[0].replacement.clone()).collect()
        };
        assert!(fixes("The union said 3,000 workers stayed away.").is_empty());
        assert_eq!(fixes("The city said 2,900 workers had stayed away."), ["2,600"]);
    }

    #[test]
    fn a_figure_some_source_gives_for_the_same_thing_is_sourced() {
        let corpus = [
            "The Red Cross opened a shelter at Tarn High School, where 640 people spent the first night.",
            "Shelter director Ana Lind said the Red Cross shelter at Tarn High School still housed 410 people on Friday.",
            "The number of firefighters on the Tarn fire rose to 1,150 on Wednesday.",
            "Firefighters on the Tarn fire numbered 1,300 at the peak, the chief said.",
        ];
        let fixes = |d: &str| -> Vec<String> {
            run_rule(Rule::NumberMismatch, &corpus, d).into_iter().map(|f| f.fixes[0].replacement.clone()).collect()
        };
        for d in [
            "Ana Lind ran the Red Cross shelter, where 640 people spent the first night.",
            "By Thursday 1,150 firefighters were working on the Tarn fire.",
        ] {
            assert!(fixes(d).is_empty(), "{d}: {:?}", fixes(d));
        }
        assert_eq!(
            fixes("Ana Lind said the Red Cross shelter at Tarn High School housed 401 people on Friday."),
            ["410"]
        );
    }

    #[test]
    fn an_age_is_its_own_persons() {
        let corpus = [
            "Dora Whit, 71, a retired teacher, left Pinecrest with minutes to spare.",
            "The victims were Walter Brenn, 82, and his wife, Margit Brenn, 79.",
        ];
        let fixes = |d: &str| -> Vec<String> {
            run_rule(Rule::NumberMismatch, &corpus, d).into_iter().map(|f| f.fixes[0].replacement.clone()).collect()
        };
        assert_eq!(fixes("Dora Whit, 74, fled the fire."), ["71"]);
        assert_eq!(fixes("Walter Brenn, 84, and his wife died."), ["82"]);
        assert_eq!(fixes("Margit Brenn, 78, died."), ["79"]);
        for d in ["Mrs. Whit, 71, fled.", "Margit Brenn, 79, died.", "Ivo Whit, 30, fled."] {
            assert!(fixes(d).is_empty(), "{d}: {:?}", fixes(d));
        }
    }
}
