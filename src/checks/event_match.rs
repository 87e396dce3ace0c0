//! Which corpus event a date in the draft is about. Shared by `date-mismatch`
//! and `weekday-mismatch`.
//!
//! A draft date is matched through the keys of the words nearest to it in its
//! sentence (people, places, content words). A date that agrees with any
//! well-matched event is taken to mean that event; a conflict is reported only
//! against a clear best match, never when two matching events disagree.

use super::overlap::{event_candidates, same_fact_numbers, WeightedKeys};
use super::Context;
use crate::extract::dates::{bound_before, CalDate, DateMention};
use crate::extract::numbers::extract_numbers_in;
use crate::kb::events::{number_context, sentence_group_keys, shares_people, Event, When};
use crate::kb::signature::Overlap;
use crate::text::Span;

pub struct DraftDate {
    pub mention: DateMention,
    /// Relative forms resolved against the draft's front-matter date; no year is inferred.
    pub date: CalDate,
    /// Events the draft's words describe, best first.
    pub matches: Vec<(usize, Overlap)>,
}

impl DraftDate {
    /// Some well-matched event agrees with the draft's date (weekday aside).
    pub fn date_agrees(&self, cx: &Context<'_>) -> bool {
        self.agreeing_event(cx).is_some()
    }

    /// The best-matched event whose date agrees ([`DraftDate::date_agrees`]).
    pub fn agreeing_event(&self, cx: &Context<'_>) -> Option<usize> {
        let events = &cx.kb.events;
        self.matches.iter().map(|(e, _)| *e).find(|&e| events.agrees(e, &self.date, None))
    }

    /// The single event this date is about when the draft disagrees with it:
    /// the best match, provided every close runner-up gives the same date.
    pub fn conflicting_event<'k>(&self, cx: &'k Context<'_>) -> Option<&'k Event> {
        if self.date.is_empty() || self.date_agrees(cx) {
            return None;
        }
        let events = &cx.kb.events;
        let (best, o) = self.matches.first()?;
        let day = events.day(*best);
        let runner_ups_agree = self.matches[1..]
            .iter()
            .filter(|(_, x)| x.coverage() >= o.coverage() - 0.15)
            .all(|(i, _)| events.day(*i).single() && events.day(*i).date() == day.date());
        let conflict = day.single() && runner_ups_agree && conflicts(&self.date, &day.date());
        conflict.then(|| events.list.get(*best)).flatten()
    }
}

/// A field known on both sides that differs.
pub fn conflicts(draft: &CalDate, source: &CalDate) -> bool {
    !draft.compatible(source)
}

/// The draft's dates that a finding of this run could be about, matched to
/// corpus events. Each date is matched at most once per draft, when first
/// asked for, and shared by `date-mismatch`, `weekday-mismatch` and hover
/// cards; an edit re-checking one paragraph matches only that paragraph's dates.
pub fn draft_dates<'d>(cx: &'d Context<'_>) -> impl Iterator<Item = &'d DraftDate> + 'd {
    let draft = cx.draft;
    draft.dates.iter().enumerate().filter(move |(_, m)| cx.scope.touches(m.span)).map(move |(i, _)| draft_date(cx, i))
}

/// The draft's date `i` (an index into `Draft::dates`) matched to corpus events, once per draft.
pub fn draft_date<'d>(cx: &'d Context<'_>, i: usize) -> &'d DraftDate {
    cx.draft.dated[i].get_or_init(|| match_date(cx, i))
}

fn match_date(cx: &Context<'_>, i: usize) -> DraftDate {
    let doc = cx.draft.doc;
    let m = cx.draft.dates[i].clone();
    let date = m.resolve(cx.draft.reference);
    let groups = sentence_group_keys(doc, &cx.draft.dates, &cx.draft.keys, m.sentence);
    let events = &cx.kb.events;
    // A sentence about someone the corpus does not know (or a misspelt name)
    // cannot be tied to a corpus event: only its other words ("approved the
    // plan") would tie them, and many events share those.
    let draft = cx.draft;
    let in_sentence = || draft.names.iter().zip(&draft.people).filter(|(n, _)| n.sentence == m.sentence);
    // Only a name with a person's cues (a title, a verb of saying): "Altmark
    // Capital bought the club" names a company.
    let person_like = |n: &crate::extract::NameMention| n.is_full() && n.cue.is_strong();
    let stranger = in_sentence().any(|(n, p)| p.is_none() && person_like(n)) && in_sentence().all(|(_, p)| p.is_none());
    // A dateline's date has no group (`sentence_group_keys`): it matches nothing.
    let mut matches: Vec<(usize, Overlap)> = match groups.get(&m.group).filter(|_| !stranger) {
        Some(k) => {
            let weighted = WeightedKeys::new(&events.stats, k);
            let candidates = event_candidates(events, &weighted, k);
            let overlaps = weighted.event_overlaps(events, &candidates);
            candidates.into_iter().zip(overlaps).filter(|(_, o)| o.same_fact()).collect()
        }
        None => Vec::new(),
    };
    // "by Thursday", "since Tuesday": a bound is no event's day, only the
    // same kind of bound in a source ("due by December 1") can disagree with it.
    if let Some(bound) = m.bound(doc) {
        let bounds = |e: usize| {
            events.list.get(e).is_some_and(|ev| {
                let bound_there = |w: &When| bound_before(&cx.kb.source(w.source).doc.text[..w.span.start]);
                ev.whens.iter().any(|w| bound_there(w) == Some(bound))
            })
        };
        matches.retain(|(e, _)| bounds(*e));
    }
    // Several occurrences of the same statement ("the chief said N firefighters
    // contained the blaze on D") on other days: when the draft's date is none
    // of them, the sentence's numbers say which occurrence it is about.
    let agrees = matches.iter().any(|(e, _)| events.agrees(*e, &date, None));
    if matches.len() > 1 && !agrees && !date.is_empty() {
        let days = days_of_numbers(cx, m.sentence);
        if matches.iter().any(|(e, _)| days.contains(&events.day(*e).date())) {
            matches.retain(|(e, _)| days.contains(&events.day(*e).date()));
        }
    }
    matches.sort_by(|a, b| b.1.coverage().total_cmp(&a.1.coverage()));
    DraftDate { mention: m, date, matches }
}

/// The days of the source sentences that give one of the numbers of draft
/// sentence `sentence`, same value and same fact.
fn days_of_numbers(cx: &Context<'_>, sentence: usize) -> Vec<CalDate> {
    let draft = cx.draft;
    let events = &cx.kb.events;
    let skip: Vec<Span> = draft.dates.iter().map(|d| d.span).collect();
    let mut days = Vec::new();
    for n in extract_numbers_in(draft.doc, &skip, [sentence]) {
        let context = number_context(&n, &draft.keys[sentence]);
        let weighted = WeightedKeys::new(&events.stats, &context);
        let same = same_fact_numbers(events, &n, &weighted, &context).into_iter().map(|(f, _)| f);
        let same = same.filter(|f| f.mention.same_value(&n) && shares_people(&events.stats, &context, f));
        days.extend(same.filter_map(|f| f.date));
    }
    days
}
