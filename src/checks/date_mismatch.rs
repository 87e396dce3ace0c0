//! `date-mismatch`: a draft sentence describes a dated event in the sources
//! but gives it another day, month or year. The fix writes the sourced date in
//! the draft's own format ("Jan. 10" → "Jan. 9", "the 16th of May" → "the
//! 15th of May", "2024-01-10" → "2024-01-09").

use super::event_match::{draft_dates, DraftDate};
use super::weekday_mismatch::weekday_like;
use super::{Check, Context};
use crate::extract::dates::{weekday_of, CalDate, DateMention, Field};
use crate::finding::{Finding, Fix, Rule, Severity, SourceRef};
use crate::kb::events::Event;
use crate::lexicon::calendar::MONTHS;
use crate::lexicon::numbers::ordinal_suffix;
use crate::text::Span;

pub struct DateMismatch;

impl Check for DateMismatch {
    fn rule(&self) -> Rule {
        Rule::DateMismatch
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Finding> {
        draft_dates(cx).filter_map(|d| check(cx, d)).collect()
    }
}

fn check(cx: &Context<'_>, d: &DraftDate) -> Option<Finding> {
    let event = d.conflicting_event(cx)?;
    let sourced = event.date();
    let text = &cx.draft.doc.text;
    let (span, replacement) = rewrite(text, &d.mention, &sourced)?;
    let (span, replacement) = with_weekday(text, &d.mention, &sourced, span, replacement);
    Some(Finding {
        rule: Rule::DateMismatch,
        severity: Severity::Warning,
        span,
        message: format!("The sources date this to {}; the draft says \"{}\".", sourced.describe(), span.slice(text)),
        fixes: vec![Fix { span, replacement }],
        sources: evidence(cx, event),
    })
}

/// The sources that date the event, one date each from at most
/// [`MAX_EVIDENCE`](crate::finding::MAX_EVIDENCE) sources: the most complete
/// dates first (year, month, day, weekday), then in corpus order. A templated
/// event can be reported by hundreds of articles.
pub fn evidence(cx: &Context<'_>, event: &Event) -> Vec<SourceRef> {
    let given = |w: &&crate::kb::events::When| {
        let d = &w.date;
        [d.year.is_some(), d.month.is_some(), d.day.is_some(), w.weekday.is_some()].iter().filter(|&&f| f).count()
    };
    let mut whens: Vec<&crate::kb::events::When> = event.whens.iter().collect();
    whens.sort_by_key(|w| std::cmp::Reverse(given(w)));
    let mut seen = std::collections::HashSet::new();
    (whens.into_iter().filter(|w| seen.insert(w.source)))
        .take(crate::finding::MAX_EVIDENCE)
        .map(|w| cx.kb.source_ref(w.source, w.span))
        .collect()
}

/// The draft's date expression with every field that contradicts the source
/// rewritten in the same style; a relative form is replaced by the sourced date.
pub fn rewrite(text: &str, m: &DateMention, sourced: &CalDate) -> Option<(Span, String)> {
    if m.relative.is_some() {
        return Some((m.span, sourced.describe()));
    }
    let span = m.date_span()?;
    let mut edits: Vec<(Span, String)> = Vec::new();
    if let (Some(f), Some(v)) = (m.year, sourced.year) {
        if f.value != v {
            edits.push((f.span, v.to_string()));
        }
    }
    if let (Some(f), Some(v)) = (m.month, sourced.month) {
        if f.value != v {
            edits.push((f.span, month_like(f.span.slice(text), v)));
        }
    }
    if let (Some(f), Some(v)) = (m.day, sourced.day) {
        if f.value != v {
            let numeric = m.month.is_some_and(|mf| mf.span.slice(text).bytes().all(|b| b.is_ascii_digit()));
            edits.push((f.span, day_like(text, f, v, numeric)));
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
    let mut out = span.slice(text).to_string();
    for (s, new) in edits {
        out.replace_range(s.start - span.start..s.end - span.start, &new);
    }
    Some((span, out))
}

/// A fix that rewrites the date also rewrites a weekday written with it
/// that the sourced date makes wrong ("Friday, August 15" → "Thursday,
/// August 14"), so that applying it leaves no new error behind.
fn with_weekday(text: &str, m: &DateMention, sourced: &CalDate, span: Span, new: String) -> (Span, String) {
    let (Some(w), Some(date)) = (m.weekday, sourced.full()) else { return (span, new) };
    let right = weekday_of(date);
    if w.value == right || w.span.end > span.start {
        return (span, new);
    }
    let between = &text[w.span.end..span.start];
    (w.span.cover(span), format!("{}{between}{new}", weekday_like(w.span.slice(text), right)))
}

/// A month written like `old`: full name, abbreviation (with its period), or two digits.
fn month_like(old: &str, month: u8) -> String {
    let (full, _, abbrs) = MONTHS.iter().find(|x| x.1 == month).copied().unwrap_or(MONTHS[0]);
    if old.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{month:0width$}", width = old.len());
    }
    if MONTHS.iter().any(|x| x.0.eq_ignore_ascii_case(old)) {
        return full.to_string();
    }
    match abbrs.last() {
        Some(a) if old.ends_with('.') => format!("{a}."),
        Some(a) => a.to_string(),
        None => full.to_string(),
    }
}

/// A day written like the old one: plain, ordinal ("15th") or zero-padded (all-numeric dates).
fn day_like(text: &str, old: Field<u8>, day: u8, numeric: bool) -> String {
    let s = old.span.slice(text);
    if s.ends_with(|c: char| c.is_ascii_alphabetic()) {
        format!("{day}{}", ordinal_suffix(day as u64))
    } else {
        let width = if numeric || s.starts_with('0') { 2 } else { 0 };
        format!("{day:0width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run_rule;
    use crate::corpus::{Document, Format};
    use crate::extract::dates::extract_dates;

    fn rewritten(s: &str, to: CalDate) -> String {
        let d = Document::parse("t.txt", s, Format::Plain);
        let m = &extract_dates(&d)[0];
        rewrite(&d.text, m, &to).unwrap().1
    }

    #[test]
    fn fixes_keep_the_drafts_format() {
        let jan9 = CalDate { year: Some(2024), month: Some(1), day: Some(9) };
        assert_eq!(rewritten("On Jan. 10 it ended.", jan9), "Jan. 9");
        assert_eq!(rewritten("On January 10, 2023 it ended.", jan9), "January 9, 2024");
        assert_eq!(rewritten("On the 10th of January it ended.", jan9), "the 9th of January");
        assert_eq!(rewritten("Filed 2024-01-10 here.", jan9), "2024-01-09");
        let may = CalDate { year: Some(2022), month: Some(5), day: None };
        assert_eq!(rewritten("It began in Aug. 2021.", may), "May 2022");
        let sept = CalDate { year: None, month: Some(9), day: Some(3) };
        assert_eq!(rewritten("Due Oct. 3 at noon.", sept), "Sept. 3");
    }

    const CORPUS: &[&str] = &[
        "The Harbor City Council approved the stadium budget on Tuesday, March 5, 2024, by a 7-2 vote.",
        "Fire Chief Dana Okafor said 64 firefighters fought the warehouse blaze on Elm Street on Feb. 12.",
        "The school board closed Lincoln Elementary in August 2022 after the roof collapsed.",
    ];

    #[test]
    fn flags_a_wrong_day_with_the_sourced_date_and_evidence() {
        let f =
            run_rule(Rule::DateMismatch, CORPUS, "Firefighters fought the warehouse blaze on Elm Street on Feb. 13.");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].fixes[0].replacement, "Feb. 12");
        assert!(f[0].sources[0].excerpt.contains("Elm Street"));
    }

    #[test]
    fn flags_a_wrong_year() {
        let f = run_rule(Rule::DateMismatch, CORPUS, "The school board closed Lincoln Elementary in August 2021.");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].fixes[0].replacement, "August 2022");
    }

    #[test]
    fn right_dates_in_other_formats_and_unrelated_dates_pass() {
        let drafts = [
            "The council approved the stadium budget on March 5.",
            "On 5 March 2024 the council approved the stadium budget.",
            "The school board closed Lincoln Elementary in 2022.",
            "The council approved a new park on April 2.",
            "The warehouse blaze was the worst since June 2019, residents said.",
            "Lincoln Elementary will reopen next month.",
        ];
        for d in drafts {
            assert!(run_rule(Rule::DateMismatch, CORPUS, d).is_empty(), "{d}");
        }
    }

    #[test]
    fn words_after_a_clause_break_belong_to_the_next_date() {
        let corpus = ["Benedetti passed his medical on Wednesday, July 16, 2025, and was unveiled at Eastfield \
                       Stadium on Thursday, July 17, 2025, wearing the number nine shirt."];
        let found =
            run_rule(Rule::DateMismatch, &corpus, "Benedetti was unveiled at Eastfield Stadium on July 18, 2025.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("July 17"), "{}", found[0].message);
        assert!(
            run_rule(Rule::DateMismatch, &corpus, "He was unveiled at Eastfield Stadium on July 17, 2025.").is_empty()
        );
    }

    #[test]
    fn a_sentence_about_someone_unknown_is_not_tied_to_others_events() {
        let corpus = ["Mayor Lena Brandt said 40 members approved the plan on March 3, 2021."];
        let known =
            run_rule(Rule::DateMismatch, &corpus, "Mayor Lena Brandt said members approved the plan on March 4, 2021.");
        assert_eq!(known.len(), 1, "{known:?}");
        for d in [
            "Mayor Jonas Pirelli said members approved the plan on March 4, 2021.",
            "Mayor Lena Brnadt said members approved the plan on March 4, 2021.",
        ] {
            assert!(run_rule(Rule::DateMismatch, &corpus, d).is_empty(), "{d}");
        }
    }

    #[test]
    fn the_sentence_number_picks_the_occurrence_of_a_repeated_statement() {
        let corpus = [
            "Chief Lena Varga said 437 firefighters contained the blaze on May 3, 2017.",
            "Chief Lena Varga said 518 firefighters contained the blaze on September 1, 2022.",
        ];
        let found = run_rule(
            Rule::DateMismatch,
            &corpus,
            "Chief Lena Varga said 437 firefighters contained the blaze on May 4, 2017.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("May 3, 2017"), "{}", found[0].message);
        // A number no source gives, or a date some occurrence has: nothing to choose between.
        for d in [
            "Chief Lena Varga said 440 firefighters contained the blaze on May 4, 2017.",
            "Chief Lena Varga said 518 firefighters contained the blaze on May 3, 2017.",
        ] {
            assert!(run_rule(Rule::DateMismatch, &corpus, d).is_empty(), "{d}");
        }
    }

    #[test]
    fn a_bound_conflicts_only_with_a_bound_of_the_same_kind() {
        let corpus = [
            "Crews under Chief Ines Marlow cleared the Elm Street rubble on March 3, 2024.",
            "Chief Ines Marlow said the Elm Street inquiry is due to report by June 1, 2024.",
        ];
        // "by March 9": the rubble was cleared by then; a bound is no event's day.
        let by = "Crews under Chief Ines Marlow cleared the Elm Street rubble by March 9, 2024.";
        assert!(run_rule(Rule::DateMismatch, &corpus, by).is_empty());
        // A deadline against the sources' deadline.
        let late = "Chief Ines Marlow said the Elm Street inquiry is due to report by July 1, 2024.";
        let f = run_rule(Rule::DateMismatch, &corpus, late);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].fixes[0].replacement, "June 1, 2024");
    }

    #[test]
    fn the_fix_mends_a_weekday_written_with_the_date() {
        let corpus = ["Gov. Ada Nwe declared a state of emergency in Tarn County on Thursday, August 14, 2025."];
        let draft = "Gov. Ada Nwe declared a state of emergency in Tarn County on Friday, August 15, 2025.";
        let f = run_rule(Rule::DateMismatch, &corpus, draft);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].fixes[0].replacement, "Thursday, August 14, 2025");
        // The weekday rule leaves that date to this one: one finding for one error.
        assert!(run_rule(Rule::WeekdayMismatch, &corpus, draft).is_empty());
    }

    #[test]
    fn a_datelines_filing_date_owns_none_of_the_sentences_words() {
        let corpus = ["TARN CREEK, Aug 18, 2025 - Sheriff Tomas Vell lifted evacuation orders for \
                       Hollis Flat and Juniper Bend on Monday, as crews brought the fire to 61 percent containment."];
        let right =
            "Sheriff Tomas Vell lifted evacuation orders for Hollis Flat and Juniper Bend on Monday, August 18.";
        assert!(run_rule(Rule::DateMismatch, &corpus, right).is_empty());
        // The draft's own dateline is when it was filed, not a date to check.
        let filed = "TARN CREEK, Aug 20, 2025 - Sheriff Tomas Vell lifted evacuation orders for Hollis Flat and \
                     Juniper Bend.";
        assert!(run_rule(Rule::DateMismatch, &corpus, filed).is_empty());
        let wrong = "Sheriff Tomas Vell lifted evacuation orders for Hollis Flat and Juniper Bend on August 19.";
        let f = run_rule(Rule::DateMismatch, &corpus, wrong);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].fixes[0].replacement, "August 18");
    }

    #[test]
    fn what_follows_a_day_after_is_not_that_days() {
        let corpus = [
            "Tarn Mills chief executive Ivo Renn resigned on Tuesday, October 14, 2025, a day after the board voted \
             6 to 3 that it had lost confidence in him.",
            "The Tarn Mills board voted late on Monday, October 13, 2025, after a four-hour meeting.",
            "The board named Ada Nwe, 58, interim chief on Wednesday, October 15, 2025. Nwe joined Tarn Mills in 2016.",
        ];
        for right in [
            "The Tarn Mills board voted 6 to 3 on Monday, October 13, 2025, that it had lost confidence in Renn.",
            "Ada Nwe joined Tarn Mills in 2016.",
        ] {
            assert!(run_rule(Rule::DateMismatch, &corpus, right).is_empty(), "{right}");
        }
        let wrong = "Ivo Renn resigned as Tarn Mills chief executive on October 15, 2025.";
        assert_eq!(run_rule(Rule::DateMismatch, &corpus, wrong).len(), 1);
    }
}
