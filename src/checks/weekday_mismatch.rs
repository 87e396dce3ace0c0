//! `weekday-mismatch`: a weekday that contradicts the calendar for a full
//! date ("Monday, January 9, 2024" was a Tuesday), or the weekday the sources
//! give for the event the sentence describes ("the video call on Friday" when
//! the sources say Thursday). A missing year is taken from the matched event or
//! from the sources' own dates for that day; when neither gives one, nothing is
//! guessed.

use super::date_mismatch::evidence;
use super::event_match::{draft_dates, DraftDate};
use super::{Check, Context};
use crate::extract::dates::{weekday_name, weekday_of, CalDate};
use crate::finding::{Finding, Fix, Rule, Severity};
use crate::lexicon::calendar::WEEKDAYS;
use jiff::civil::Date;

pub struct WeekdayMismatch;

impl Check for WeekdayMismatch {
    fn rule(&self) -> Rule {
        Rule::WeekdayMismatch
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Finding> {
        draft_dates(cx).filter_map(|d| against_calendar(cx, d).or_else(|| against_event(cx, d))).collect()
    }
}

/// A weekday written like `old`: full name or abbreviation with its period.
pub fn weekday_like(old: &str, weekday: u8) -> String {
    let (full, _, abbrs) = WEEKDAYS.iter().find(|x| x.1 == weekday).copied().unwrap_or(WEEKDAYS[0]);
    if WEEKDAYS.iter().any(|x| x.0.eq_ignore_ascii_case(old)) {
        return full.to_string();
    }
    let a = abbrs.first().copied().unwrap_or(full);
    if old.ends_with('.') {
        format!("{a}.")
    } else {
        a.to_string()
    }
}

fn finding(cx: &Context<'_>, d: &DraftDate, right: u8, message: String) -> Option<Finding> {
    let w = d.mention.weekday?;
    let replacement = weekday_like(w.span.slice(&cx.draft.doc.text), right);
    Some(Finding {
        rule: Rule::WeekdayMismatch,
        severity: Severity::Warning,
        span: w.span,
        message,
        fixes: vec![Fix { span: w.span, replacement }],
        sources: Vec::new(),
    })
}

/// The full date the draft means, its year from the draft, the matched event, or the sources.
fn full_date(cx: &Context<'_>, d: &DraftDate) -> Option<Date> {
    let (Some(month), Some(day)) = (d.date.month, d.date.day) else { return None };
    let year = d.date.year.or_else(|| {
        let agreeing: Vec<i16> = d
            .matches
            .iter()
            .map(|(e, _)| cx.kb.events.day(*e).date())
            .filter(|e| e.compatible(&d.date))
            .filter_map(|e| e.year)
            .collect();
        let years = if agreeing.is_empty() { cx.kb.events.years_for(month, day) } else { agreeing };
        (years.len() == 1 || years.windows(2).all(|w| w[0] == w[1])).then(|| years.first().copied()).flatten()
    })?;
    CalDate { year: Some(year), ..d.date }.full()
}

fn against_calendar(cx: &Context<'_>, d: &DraftDate) -> Option<Finding> {
    let written = d.mention.weekday?.value;
    // When the day itself contradicts the sources, the date is what is wrong.
    if d.conflicting_event(cx).is_some() {
        return None;
    }
    let date = full_date(cx, d)?;
    let actual = weekday_of(date);
    if actual == written {
        return None;
    }
    let msg =
        format!("{} was a {}, not a {}.", date.strftime("%B %-d, %Y"), weekday_name(actual), weekday_name(written));
    finding(cx, d, actual, msg)
}

fn against_event(cx: &Context<'_>, d: &DraftDate) -> Option<Finding> {
    let written = d.mention.weekday?.value;
    // A day that contradicts the sources is `date-mismatch`'s, and its fix mends the weekday too.
    if d.conflicting_event(cx).is_some() {
        return None;
    }
    let events = &cx.kb.events;
    let about: Vec<usize> = d.matches.iter().map(|(e, _)| *e).filter(|&e| events.agrees(e, &d.date, None)).collect();
    if about.iter().any(|&e| events.agrees(e, &d.date, Some(written))) {
        return None;
    }
    let best = *about.first()?;
    let weekdays: Vec<u8> = events.day(best).weekdays().collect();
    let [right] = weekdays[..] else { return None };
    // Every close match must point at the same weekday.
    if about.iter().any(|&e| events.day(e).weekdays().any(|w| w != right)) {
        return None;
    }
    let best = events.list.get(best)?;
    let msg = format!("The sources give {} for this, not {}.", weekday_name(right), weekday_name(written));
    let mut f = finding(cx, d, right, msg)?;
    f.sources = evidence(cx, best);
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run_rule;

    const CORPUS: &[&str] = &[
        "The Harbor City Council approved the stadium budget on Tuesday, March 5, 2024, by a 7-2 vote.",
        "Fire Chief Dana Okafor and Mayor Lena Ruiz toured the burned warehouse on Elm Street on Thursday.",
        "Budgets have grown since 2022.",
    ];

    #[test]
    fn a_weekday_that_contradicts_the_calendar() {
        let f = run_rule(Rule::WeekdayMismatch, &[], "The vote is set for Monday, January 9, 2024.");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].fixes[0].replacement, "Tuesday");
        let f = run_rule(Rule::WeekdayMismatch, &[], "The vote is set for Tue., January 10, 2024.");
        assert_eq!(f[0].fixes[0].replacement, "Wed.");
    }

    #[test]
    fn a_weekday_that_contradicts_the_sources_for_the_event() {
        let f = run_rule(
            Rule::WeekdayMismatch,
            CORPUS,
            "Chief Okafor and Mayor Ruiz toured the burned warehouse on Friday.",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].fixes[0].replacement, "Thursday");
        assert!(!f[0].sources.is_empty());
    }

    #[test]
    fn the_year_comes_from_the_matched_event() {
        let f =
            run_rule(Rule::WeekdayMismatch, CORPUS, "The council approved the stadium budget on Wednesday, March 5.");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].fixes[0].replacement, "Tuesday");
    }

    #[test]
    fn no_year_no_guess_and_right_weekdays_pass() {
        for d in [
            "The library opens Monday, June 3.",
            "Okafor and Ruiz toured the burned warehouse on Thursday.",
            "The council approved the stadium budget Tuesday.",
            "The council will meet again on Friday to discuss parking.",
        ] {
            assert!(run_rule(Rule::WeekdayMismatch, CORPUS, d).is_empty(), "{d}");
        }
    }

    #[test]
    fn a_weekday_that_bounds_a_span_is_not_the_events_day() {
        let corpus = ["Bulldozers under Chief Ines Marlow had cut 14 miles of line on Elm Ridge on Tuesday."];
        for d in [
            "Bulldozers under Chief Ines Marlow had cut 14 miles of line on Elm Ridge by Thursday.",
            "Bulldozers under Chief Ines Marlow have cut 14 miles of line on Elm Ridge since Wednesday.",
        ] {
            assert!(run_rule(Rule::WeekdayMismatch, &corpus, d).is_empty(), "{d}");
        }
        let on = "Bulldozers under Chief Ines Marlow had cut 14 miles of line on Elm Ridge on Thursday.";
        assert_eq!(run_rule(Rule::WeekdayMismatch, &corpus, on).len(), 1);
    }
}
