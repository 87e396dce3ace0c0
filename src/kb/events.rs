//! Dated events: a date mention in a source tied to what happened, as the
//! keys (people, places, content words) of the words nearest to it in its
//! sentence. Mentions of one event in several sources merge, so a weekday from
//! one and a day of the month from another combine.
//!
//! Years missing from "Tuesday, Jan. 9" are inferred from the weekday within a
//! few years of the document's date or of the latest year it mentions; a
//! document without a date takes the latest weekday-dated day it reports as its
//! reference for "last month" and "last year". Nothing is guessed when more
//! than one year fits.

use super::chunked::{Chunked, Hooks};
use super::csr::Csr;
use super::people::PersonId;
use super::signature::{
    document_keys, is_person_key, person_key, Key, KeyId, KeySet, KeyStats, KeyStatsBuilder, Overlap,
};
use super::table::{Table, TableSource};
use super::SourceId;
use crate::corpus::Document;
use crate::extract::dates::{infer_year, weekday_of, CalDate, DateMention};
use crate::extract::numbers::{extract_numbers, NumberMention};
use crate::extract::NameMention;
use crate::lexicon::quoting::is_reporting_verb;
use crate::text::Span;
use jiff::civil::Date;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

/// One date as a source gives it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct When {
    pub date: CalDate,
    pub weekday: Option<u8>,
    pub source: SourceId,
    /// The date expression in the source.
    pub span: Span,
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// Every date given for the event, from every source that reports it.
    pub whens: Vec<When>,
    /// How many dates one mention gives: 2 for "Tuesday and Wednesday".
    pub slots: usize,
    /// What the event is about (ids in [`Events::stats`]).
    pub keys: KeySet,
    /// The people among the keys, in id order.
    pub people: Vec<PersonId>,
}

impl Event {
    /// All the sources agree on, merged (meaningful for single-date events).
    pub fn date(&self) -> CalDate {
        // An event reported by many sources has many dates: stop once every
        // field is known, since later dates can no longer fill any.
        let mut acc = CalDate::default();
        for w in &self.whens {
            acc = acc.or(w.date);
            if acc.year.is_some() && acc.month.is_some() && acc.day.is_some() {
                break;
            }
        }
        acc
    }

    /// Weekdays the sources give or that the full dates imply.
    pub fn weekdays(&self) -> Vec<u8> {
        let mut out: Vec<u8> =
            self.whens.iter().filter_map(|w| w.weekday.or_else(|| w.date.full().map(weekday_of))).collect();
        if self.slots == 1 {
            if let Some(d) = self.date().full() {
                out.push(weekday_of(d));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Events {
    /// Stored apart in chunks and decoded on first use, like the number
    /// facts ([`Events::encode_lists`]); what the checks ask of thousands of
    /// candidates is in the tables below, so they read few events.
    #[serde(skip)]
    pub list: Chunked<Event>,
    pub stats: KeyStats,
    /// Full dates the sources give or imply, for years missing from a draft.
    pub full_dates: Vec<Date>,
    /// Latest year written in the corpus, the anchor for year inference.
    pub latest_year: Option<i16>,
    /// Numbers with what they count, for `number-mismatch`.
    #[serde(skip)]
    pub numbers: Chunked<NumberFact>,
    /// The words numbers count (interned; their sentence counts unused).
    /// This and the tables below are stored apart and used in place ([`Events::stored_tables`]).
    units: KeyStats,
    /// Unit word id → numbers counting it.
    #[serde(skip)]
    numbers_by_unit: Csr,
    /// Key id → events that have it: matching looks only at events that share a key.
    #[serde(skip)]
    postings: Csr,
    /// Context key id → numbers whose sentence has it.
    #[serde(skip)]
    numbers_by_key: Csr,
    /// Each event's [`Day`]: what the date rules ask of thousands of
    /// candidate events, read from one dense column rather than from each event.
    #[serde(skip)]
    days: Table<u64>,
}

/// An event's merged date, the weekdays it is on and whether it has one date
/// slot, packed: bit 0 a year is known, bits 1..17 the year, 17..21 the month,
/// 21..26 the day of the month, 26..34 the weekdays (bit `w` for weekday
/// `w`), bit 34 one slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day(u64);

impl Day {
    fn of(e: &Event) -> Day {
        let d = e.date();
        let mut bits = d.year.map_or(0, |y| 1 | u64::from(y as u16) << 1);
        bits |= u64::from(d.month.unwrap_or(0) & 0xf) << 17 | u64::from(d.day.unwrap_or(0) & 0x1f) << 21;
        for w in e.weekdays().into_iter().filter(|&w| w < 8) {
            bits |= 1 << (26 + w);
        }
        Day(bits | u64::from(e.slots == 1) << 34)
    }

    /// [`Event::date`].
    pub fn date(self) -> CalDate {
        let field = |shift: u32, width: u32| (self.0 >> shift) as u8 & ((1 << width) - 1) as u8;
        CalDate {
            year: (self.0 & 1 == 1).then_some((self.0 >> 1) as u16 as i16),
            month: Some(field(17, 4)).filter(|&m| m != 0),
            day: Some(field(21, 5)).filter(|&d| d != 0),
        }
    }

    /// Does the event fall on weekday `w` ([`Event::weekdays`] has it)?
    pub fn on_weekday(self, w: u8) -> bool {
        w < 8 && self.0 >> (26 + w) & 1 == 1
    }

    /// [`Event::weekdays`] is not empty.
    pub fn has_weekday(self) -> bool {
        self.0 >> 26 & 0xff != 0
    }

    /// One date slot ([`Event::slots`] is 1).
    pub fn single(self) -> bool {
        self.0 >> 34 & 1 == 1
    }

    /// [`Event::weekdays`], in order.
    pub fn weekdays(self) -> impl Iterator<Item = u8> {
        (0..8).filter(move |&w| self.on_weekday(w))
    }

    /// Holds only what [`Day::of`] packs (a damaged index must not name a 13th month).
    fn is_valid(self) -> bool {
        self.date().month.is_none_or(|m| m <= 12) && self.0 >> 35 == 0
    }
}

/// A key in this many items (and more than 1% of them) is too common to find
/// candidates by; it still counts, with its low weight, when candidates are
/// compared. Small corpora never reach the limit.
const COMMON_KEY_ITEMS: usize = 256;

pub fn is_common_key(postings: usize, items: usize) -> bool {
    postings > COMMON_KEY_ITEMS && postings * 100 > items
}

/// Key id → the items (in order) whose key set has it.
fn index_keys<'a>(n_keys: usize, keys: impl Iterator<Item = (u32, &'a KeySet)>) -> Vec<Vec<u32>> {
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); n_keys];
    for (i, ks) in keys {
        for &k in ks.ids() {
            postings[k as usize].push(i);
        }
    }
    postings
}

/// The unit words of the numbers, interned, and unit id → numbers counting it.
fn index_units(numbers: &[NumberFact]) -> (KeyStats, Csr) {
    let mut units = KeyStatsBuilder::default();
    let sets: Vec<KeySet> = numbers.iter().map(|f| units.key_set(f.mention.unit.iter().map(String::as_str))).collect();
    let by_unit = Csr::inverted(units.len(), sets.iter().enumerate().map(|(i, s)| (i as u32, s.ids())));
    (units.finish(), by_unit)
}

/// Events and number facts per stored chunk.
pub const LIST_CHUNK: usize = 32;

/// The event list and number facts as the index stores them: each encoded
/// in chunks of [`LIST_CHUNK`], with its length.
pub struct StoredLists<C> {
    pub events: (u64, Vec<C>),
    pub numbers: (u64, Vec<C>),
}

/// A number in a source and the keys of its sentence (what it counts left out).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct NumberFact {
    pub source: SourceId,
    pub mention: NumberMention,
    /// Ids in [`Events::stats`].
    pub context: KeySet,
    /// The full date of the number's sentence, when it has exactly one: the
    /// same statement about another day is another occurrence, not this fact.
    pub date: Option<CalDate>,
}

/// Does a source number's sentence name one of the people of a draft
/// sentence (`context`), or does the draft sentence name no one? A number on
/// the same day said about someone else is not yet the same fact.
pub fn shares_people(stats: &KeyStats, context: &HashSet<String>, f: &NumberFact) -> bool {
    let mut people = context.iter().filter(|k| is_person_key(k)).peekable();
    people.peek().is_none() || people.any(|k| stats.id(k).is_some_and(|id| f.context.contains(id)))
}

/// The one full date among a sentence's resolved dates, if there is exactly
/// one (two different days leave it unknown which the number belongs to).
pub fn sentence_date(dates: impl IntoIterator<Item = CalDate>) -> Option<CalDate> {
    let mut found: Option<CalDate> = None;
    for d in dates.into_iter().filter(|d| d.full().is_some()) {
        match found {
            Some(f) if f != d => return None,
            _ => found = Some(d),
        }
    }
    found
}

/// "a day after", "two weeks earlier": a span of time and a word that moves
/// what follows to another moment.
fn is_time_shift(unit: &str, word: &str) -> bool {
    const UNITS: &[&str] = &["hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"];
    const SHIFTS: &[&str] = &["after", "before", "earlier", "later"];
    let is = |set: &[&str], w: &str| set.iter().any(|s| s.eq_ignore_ascii_case(w));
    is(SHIFTS, word) && is(UNITS, unit)
}

/// Does a sentence tell of two moments ("resigned on Tuesday, a day after
/// the board voted 6 to 3")? Then its date is not sure to be its numbers'.
pub fn shifts_time(sentence: &str) -> bool {
    let mut words = sentence.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    let Some(mut previous) = words.next() else { return false };
    words.any(|w| {
        let shift = is_time_shift(previous, w);
        previous = w;
        shift
    })
}

/// The keys of a number's sentence, what it counts left out.
pub fn number_context(m: &NumberMention, sentence_keys: &[Key]) -> HashSet<String> {
    sentence_keys.iter().map(|k| k.key.clone()).filter(|k| !m.unit.contains(k)).collect()
}

/// When a document was written: its front-matter `date:` ("2024-01-10",
/// "2024-01-10T08:00:00Z"), else a full date in its dateline. `dates`: the
/// document's date mentions (already extracted by every caller).
pub fn document_date(doc: &Document, dates: &[DateMention]) -> Option<Date> {
    if let Some(raw) = doc.meta.date.as_deref() {
        return raw.get(..10)?.parse().ok();
    }
    let line = crate::corpus::dateline::dateline(doc)?;
    dates.iter().filter(|m| line.overlaps(m.span)).find_map(|m| m.written().full())
}

/// Years to try for a date written without one.
pub fn year_window(reference: Option<Date>, latest_year: Option<i16>) -> Option<std::ops::RangeInclusive<i16>> {
    match (reference, latest_year) {
        (Some(r), _) => Some(r.year() - 1..=r.year()),
        (None, Some(y)) => Some(y - 1..=y + 3),
        _ => None,
    }
}

/// A document's dates resolved: relative forms against its reference date,
/// missing years inferred from weekdays.
pub fn resolve_dates(
    doc: &Document,
    dates: &[DateMention],
    corpus_latest: Option<i16>,
) -> Vec<(CalDate, Option<Date>)> {
    let latest = dates.iter().filter_map(|m| m.year.map(|y| y.value)).max().or(corpus_latest);
    let mut reference = document_date(doc, dates);
    let window = year_window(reference, latest);
    let infer = |m: &DateMention| {
        let w = m.written();
        match (w.year, w.month, w.day, m.weekday, window.clone()) {
            (None, Some(mo), Some(d), Some(wd), Some(win)) => CalDate { year: infer_year(mo, d, wd.value, win), ..w },
            _ => w,
        }
    };
    if reference.is_none() {
        reference = dates.iter().filter(|m| m.weekday.is_some()).filter_map(|m| infer(m).full()).max();
    }
    dates
        .iter()
        .map(|m| {
            let cal = m.resolve(reference).or(infer(m));
            let cal = match (cal.is_empty(), reference) {
                (true, Some(r)) => weekday_in_past_week(doc, m, r).or_else(|| weekday_ahead(doc, m, r)).unwrap_or(cal),
                _ => cal,
            };
            (cal, reference)
        })
        .collect()
}

/// Words that put a sentence's weekday in the future or make it a deadline.
const NOT_PAST: &[&str] = &[
    "will",
    "would",
    "shall",
    "'ll",
    "expect",
    "expects",
    "expected",
    "plan",
    "plans",
    "planned",
    "scheduled",
    "next",
    "upcoming",
    "until",
    "by",
    "before",
    "set",
    "could",
    "may",
    "might",
    "every",
    "each",
];

/// A weekday written alone right after "on" ("voted on Tuesday"): its
/// weekday and the index of its first token in the document.
fn weekday_after_on(doc: &Document, m: &DateMention) -> Option<(u8, usize)> {
    let weekday = m.weekday?.value;
    if m.relative.is_some() || !m.written().is_empty() {
        return None;
    }
    let sentence = doc.sentences.get(m.sentence)?;
    let at = token_at(doc, m.span.start);
    let before = at.checked_sub(1).filter(|&i| i >= sentence.tokens.start)?;
    doc.tokens[before].text(&doc.text).eq_ignore_ascii_case("on").then_some((weekday, at))
}

/// The first day `days` away from `reference` (negative: before it) that falls on `weekday`.
fn nearest_weekday(reference: Date, weekday: u8, mut days: impl Iterator<Item = i64>) -> Option<CalDate> {
    days.find_map(|n| {
        let d = reference.checked_add(jiff::Span::new().days(n)).ok()?;
        (weekday_of(d) == weekday).then(|| CalDate::from(d))
    })
}

/// News style names a weekday for something within the past week: "voted on
/// Tuesday" in a story dated Wednesday is the day before. Only a weekday after
/// "on" in a sentence with no sign of the future is read that way.
fn weekday_in_past_week(doc: &Document, m: &DateMention, reference: Date) -> Option<CalDate> {
    let (weekday, at) = weekday_after_on(doc, m)?;
    let sentence = doc.sentences.get(m.sentence)?;
    // "said on Thursday it would ...": the saying is past whatever it was about.
    let said = at.checked_sub(2).filter(|&i| i >= sentence.tokens.start).is_some_and(|i| {
        let w = doc.tokens[i].text(&doc.text);
        is_reporting_verb(w) && (w.eq_ignore_ascii_case("said") || w.eq_ignore_ascii_case("told") || w.ends_with("ed"))
    });
    let future = doc.tokens[sentence.tokens.clone()].iter().any(|t| {
        let w = t.text(&doc.text).to_lowercase();
        NOT_PAST.contains(&w.as_str()) || w.ends_with("'ll")
    });
    if future && !said {
        return None;
    }
    nearest_weekday(reference, weekday, (0..7).map(|n| -n))
}

/// Words that put a weekday after them in the coming week: "would meet on Monday".
const AHEAD: &[&str] = &["will", "would", "shall", "'ll", "plans", "planned", "scheduled", "expected", "due"];
/// How far before a weekday its "will" may be, in tokens.
const AHEAD_REACH: usize = 8;

/// News style names a weekday for something within the coming week when the
/// sentence looks forward: "the council would meet on Monday" in a story
/// dated Friday is three days later. Only a weekday after "on", with a word
/// of the future shortly before it and no other date between; the story's
/// own weekday is left alone (today, or a week on).
fn weekday_ahead(doc: &Document, m: &DateMention, reference: Date) -> Option<CalDate> {
    let (weekday, at) = weekday_after_on(doc, m)?;
    if weekday_of(reference) == weekday {
        return None;
    }
    let before = at - 1;
    let from = before.saturating_sub(AHEAD_REACH).max(doc.sentences.get(m.sentence)?.tokens.start);
    let ahead = (from..before).rev().find(|&i| {
        let w = doc.tokens[i].text(&doc.text).to_lowercase();
        AHEAD.contains(&w.as_str()) || w.ends_with("'ll")
    })?;
    let dated_between =
        (ahead..before).any(|i| crate::lexicon::calendar::is_calendar_word(doc.tokens[i].text(&doc.text)));
    if dated_between {
        return None;
    }
    nearest_weekday(reference, weekday, 1..=7)
}

/// Keys of a sentence owned by each date group in it: a key belongs to the
/// nearest group, except that a key past a clause break ("and", "but", ";")
/// after one date belongs to the next date: in "passed his medical on
/// Wednesday and was unveiled on Thursday", "unveiled" is Thursday's.
/// `breaks`: the token indices of the sentence's clause breaks.
pub fn keys_by_group(
    keys: &[Key],
    anchors: &[(usize, Vec<usize>)],
    breaks: &[usize],
) -> HashMap<usize, HashSet<String>> {
    let mut out: HashMap<usize, HashSet<String>> = anchors.iter().map(|(g, _)| (*g, HashSet::new())).collect();
    let distance = |toks: &Vec<usize>, k: usize| toks.iter().map(|&t| t.abs_diff(k)).min().unwrap_or(usize::MAX);
    for k in keys {
        let t = k.token;
        let before = anchors.iter().flat_map(|(_, toks)| toks.iter()).filter(|&&a| a < t).max().copied();
        let next = anchors
            .iter()
            .filter_map(|(g, toks)| toks.iter().filter(|&&a| a > t).min().map(|&a| (a, *g)))
            .min()
            .map(|(_, g)| g);
        let broken = before.is_some_and(|b| breaks.iter().any(|&x| b < x && x < t));
        let owner = match next {
            Some(g) if broken => Some(g),
            _ => anchors.iter().min_by_key(|(_, toks)| distance(toks, t)).map(|(g, _)| *g),
        };
        if let Some(g) = owner {
            out.entry(g).or_default().insert(k.key.clone());
        }
    }
    out
}

/// Words and marks that start a new clause within a sentence.
fn is_clause_break(doc: &Document, i: usize) -> bool {
    let t = &doc.tokens[i];
    t.is_punct(';') || (t.is_word() && matches!(t.text(&doc.text).to_lowercase().as_str(), "and" | "but" | "while"))
}

/// Index of the token starting at a byte offset.
pub fn token_at(doc: &Document, offset: usize) -> usize {
    doc.tokens.partition_point(|t| t.span.start < offset)
}

/// The keys of each date group of a document, with the previous sentence's
/// people added when the sentence names none.
/// `doc_keys`: the document's [`document_keys`].
pub fn group_keys(doc: &Document, dates: &[DateMention], doc_keys: &[Vec<Key>]) -> HashMap<usize, HashSet<String>> {
    let mut out = HashMap::new();
    let mut sentences: Vec<usize> = dates.iter().map(|m| m.sentence).collect();
    sentences.dedup();
    for s in sentences {
        out.extend(sentence_group_keys(doc, dates, doc_keys, s));
    }
    out
}

/// [`group_keys`] of the date groups in one sentence.
pub fn sentence_group_keys(
    doc: &Document,
    dates: &[DateMention],
    doc_keys: &[Vec<Key>],
    s: usize,
) -> HashMap<usize, HashSet<String>> {
    let keys = &doc_keys[s];
    // The filing date of a dateline owns no words: "ASHFORD CREEK, Aug 18 -
    // Sheriff X lifted the orders on Monday" is about Monday.
    let opens_paragraph =
        doc.paragraphs.iter().take(crate::corpus::dateline::PARAGRAPHS_SEARCHED).any(|p| p.sentences.start == s);
    let line = if opens_paragraph { crate::corpus::dateline::dateline(doc) } else { None };
    let mut anchors: Vec<(usize, Vec<usize>)> = Vec::new();
    for m in dates.iter().filter(|m| m.sentence == s && !line.is_some_and(|l| l.overlaps(m.span))) {
        let t = token_at(doc, m.span.start);
        match anchors.iter_mut().find(|(g, _)| *g == m.group) {
            Some(a) => a.1.push(t),
            None => anchors.push((m.group, vec![t])),
        }
    }
    let breaks: Vec<usize> = doc.sentences[s].tokens.clone().filter(|&i| is_clause_break(doc, i)).collect();
    // "resigned on Tuesday, a day after the board voted": what follows the
    // shift happened at another time, and belongs to no date before it.
    let words = |i: usize| doc.tokens[i - 1].is_word() && doc.tokens[i].is_word();
    let shift = (doc.sentences[s].tokens.start + 1..doc.sentences[s].tokens.end)
        .find(|&i| words(i) && is_time_shift(doc.tokens[i - 1].text(&doc.text), doc.tokens[i].text(&doc.text)));
    let kept: Vec<Key>;
    let keys = match shift.filter(|&x| anchors.iter().all(|(_, toks)| toks.iter().all(|&t| t < x))) {
        Some(x) => {
            kept = keys.iter().filter(|k| k.token < x).cloned().collect();
            &kept
        }
        None => keys,
    };
    let mut groups = keys_by_group(keys, &anchors, &breaks);
    // "appoint Echeverría, 58, who joined ERH in 2016": a date group that
    // names no one is about the sentence's people.
    let people: Vec<&String> = keys.iter().map(|k| &k.key).filter(|k| is_person_key(k)).collect();
    for set in groups.values_mut() {
        if !set.iter().any(|k| is_person_key(k)) {
            set.extend(people.iter().map(|k| (*k).clone()));
        }
    }
    if s > 0 && !keys.iter().any(|k| is_person_key(&k.key)) {
        let before: Vec<String> = doc_keys[s - 1].iter().map(|k| k.key.clone()).filter(|k| is_person_key(k)).collect();
        for set in groups.values_mut() {
            set.extend(before.iter().cloned());
        }
    }
    groups
}

/// What one source contributes to the events. Key ids are the source's own
/// (into `keys`) until [`EventsBuilder::add`] maps them to the corpus's.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct SourcePart {
    sentences: u32,
    /// The source's distinct keys, each with how many of its sentences have it.
    keys: Vec<(String, u32)>,
    events: Vec<Event>,
    full_dates: Vec<Date>,
    numbers: Vec<NumberFact>,
}

impl SourcePart {
    /// `dates`: the document's date mentions; `resolved`: the person of each name mention.
    pub fn build(
        si: SourceId,
        doc: &Document,
        names: &[NameMention],
        dates: &[DateMention],
        resolved: &[Option<PersonId>],
        latest_year: Option<i16>,
    ) -> SourcePart {
        let keys = document_keys(doc, names, resolved);
        // The source's keys, interned locally, with their sentence counts.
        let mut local: FxHashMap<&str, KeyId> = FxHashMap::default();
        let mut table: Vec<(String, u32)> = Vec::new();
        let sentence_ids: Vec<Vec<KeyId>> = keys
            .iter()
            .map(|sentence| {
                let mut ids: Vec<KeyId> = sentence
                    .iter()
                    .map(|k| {
                        *local.entry(k.key.as_str()).or_insert_with(|| {
                            table.push((k.key.clone(), 0));
                            (table.len() - 1) as KeyId
                        })
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                for &id in &ids {
                    table[id as usize].1 += 1;
                }
                ids
            })
            .collect();
        let skip: Vec<Span> = dates.iter().map(|m| m.span).collect();
        let cal = resolve_dates(doc, dates, latest_year);
        let dateline = crate::corpus::dateline::dateline(doc);
        // Full dates by sentence, the filing date left out.
        let dated: Vec<(usize, CalDate)> = dates
            .iter()
            .zip(&cal)
            .filter(|(m, _)| !dateline.is_some_and(|d| d.overlaps(m.span)))
            .map(|(m, (date, _))| (m.sentence, *date))
            .collect();
        let numbers = extract_numbers(doc, &skip)
            .into_iter()
            .map(|mention| {
                let ids = sentence_ids[mention.sentence].iter().copied();
                let context = ids.filter(|&id| !mention.unit.contains(&table[id as usize].0)).collect();
                let dates = dated.iter().filter(|(s, _)| *s == mention.sentence).map(|(_, d)| *d);
                // Only a sentence with a date can be shifted away from it.
                let date = sentence_date(dates)
                    .filter(|_| !shifts_time(doc.sentences[mention.sentence].span.slice(&doc.text)));
                NumberFact { source: si, mention, context: KeySet::new(context), date }
            })
            .collect();
        let groups = group_keys(doc, dates, &keys);
        let mut full_dates = Vec::new();
        let mut by_group: Vec<(usize, Vec<When>)> = Vec::new();
        for (m, (date, _)) in dates.iter().zip(&cal) {
            // The filing date is not the date of anything the story reports.
            if dateline.is_some_and(|d| d.overlaps(m.span)) {
                continue;
            }
            if date.is_empty() && m.weekday.is_none() {
                continue;
            }
            full_dates.extend(date.full());
            let when = When { date: *date, weekday: m.weekday.map(|w| w.value), source: si, span: m.span };
            match by_group.iter_mut().find(|(g, _)| *g == m.group) {
                Some(g) => g.1.push(when),
                None => by_group.push((m.group, vec![when])),
            }
        }
        let events = by_group
            .into_iter()
            .map(|(g, whens)| {
                let set = groups.get(&g);
                let keys = set.into_iter().flatten().filter_map(|k| local.get(k.as_str()).copied()).collect();
                let mut people: Vec<PersonId> = set
                    .into_iter()
                    .flatten()
                    .filter_map(|k| k.strip_prefix('@').and_then(|p| p.parse().ok()))
                    .collect();
                people.sort_unstable();
                Event { slots: whens.len(), whens, keys: KeySet::new(keys), people }
            })
            .collect();
        SourcePart { sentences: keys.len() as u32, keys: table, events, full_dates, numbers }
    }
}

impl SourcePart {
    /// The part as if built for source `si` with each person `p` known as
    /// `person(p)`; `None` when a person has no new id.
    pub fn remap(mut self, si: SourceId, person: impl Fn(PersonId) -> Option<PersonId>) -> Option<SourcePart> {
        for (key, _) in &mut self.keys {
            if let Some(p) = key.strip_prefix('@').and_then(|p| p.parse().ok()) {
                *key = person_key(person(p)?);
            }
        }
        for e in &mut self.events {
            e.people = e.people.iter().map(|&p| person(p)).collect::<Option<_>>()?;
            e.people.sort_unstable();
            e.whens.iter_mut().for_each(|w| w.source = si);
        }
        self.numbers.iter_mut().for_each(|n| n.source = si);
        Some(self)
    }
}

/// The sources' parts put together, in source order, with their keys
/// interned in one table as they come.
#[derive(Debug, Default)]
pub struct EventsBuilder {
    stats: KeyStatsBuilder,
    list: Vec<Event>,
    full_dates: Vec<Date>,
    numbers: Vec<NumberFact>,
}

impl EventsBuilder {
    /// Add the next source's part.
    pub fn add(&mut self, part: SourcePart) {
        let stats = &mut self.stats;
        stats.add_sentences(part.sentences);
        // The source's key ids to the corpus's.
        let ids: Vec<KeyId> = part
            .keys
            .iter()
            .map(|(k, df)| {
                let id = stats.intern(k);
                stats.add_df(id, *df);
                id
            })
            .collect();
        let remap = |set: &KeySet| KeySet::new(set.ids().iter().map(|&l| ids[l as usize]).collect());
        self.list.extend(part.events.into_iter().map(|e| Event { keys: remap(&e.keys), ..e }));
        self.numbers.extend(part.numbers.into_iter().map(|f| NumberFact { context: remap(&f.context), ..f }));
        self.full_dates.extend(part.full_dates);
    }

    /// Index and merge the events of all the parts added.
    pub fn finish(self, latest_year: Option<i16>) -> Events {
        let EventsBuilder { stats, list, mut full_dates, numbers } = self;
        full_dates.sort_unstable();
        full_dates.dedup();
        let stats = stats.finish();
        let (units, numbers_by_unit) = index_units(&numbers);
        let numbers_by_key =
            Csr::inverted(stats.len(), numbers.iter().enumerate().map(|(i, f)| (i as u32, f.context.ids())));
        let list = Merge { stats: &stats, latest_year }.merge(list);
        let postings = Csr::inverted(stats.len(), list.iter().enumerate().map(|(i, e)| (i as u32, e.keys.ids())));
        let days = list.iter().map(|e| Day::of(e).0).collect::<Vec<u64>>().into();
        Events {
            list: list.into(),
            stats,
            full_dates,
            latest_year,
            numbers: numbers.into(),
            units,
            numbers_by_unit,
            postings,
            numbers_by_key,
            days,
        }
    }
}

impl Events {
    /// How many tables [`Events::stored_tables`] gives.
    pub const STORED_TABLES: usize = 15;

    /// The tables [`Events`] keeps after the payload, in order: the key
    /// stats' four, postings, numbers by key (each as starts and values),
    /// days, the unit words' four, numbers by unit.
    pub fn stored_tables(&self) -> Vec<&[u8]> {
        let mut out = Vec::with_capacity(Self::STORED_TABLES);
        out.extend(self.stats.stored_tables());
        out.extend(self.postings.tables());
        out.extend(self.numbers_by_key.tables());
        out.push(self.days.as_bytes());
        out.extend(self.units.stored_tables());
        out.extend(self.numbers_by_unit.tables());
        out
    }

    /// The event list and number facts encoded in chunks (see [`StoredLists`]).
    pub fn encode_lists(&self) -> Result<StoredLists<Vec<u8>>, String> {
        Ok(StoredLists {
            events: (self.list.len() as u64, self.list.encode_chunks(LIST_CHUNK)?),
            numbers: (self.numbers.len() as u64, self.numbers.encode_chunks(LIST_CHUNK)?),
        })
    }

    /// Take back the lists of [`Events::encode_lists`] (left encoded, each
    /// chunk decoded on first use) and the tables of [`Events::stored_tables`],
    /// checking that every list and id in the tables is in bounds (a damaged
    /// index must not panic). Each event and number is checked when its chunk
    /// is decoded: every key, person and source it names in bounds, every
    /// span within its source's text (`text_lens`, by source); the texts
    /// themselves are not read (that would page in and hash them all).
    pub fn set_stored(
        &mut self,
        lists: StoredLists<Table<u8>>,
        from: &mut impl TableSource,
        text_lens: std::sync::Arc<[u64]>,
        people: usize,
    ) -> Result<(), String> {
        self.stats.set_stored_tables(from)?;
        let keys = self.stats.len();
        let lens = text_lens.clone();
        let event_ok = move |e: &Event| {
            keys_in_bounds(&e.keys, keys)
                && e.people.iter().all(|&p| p < people)
                && e.whens.iter().all(|w| span_in_bounds(&lens, w.source, w.span))
        };
        let number_ok = move |f: &NumberFact| {
            keys_in_bounds(&f.context, keys) && span_in_bounds(&text_lens, f.source, f.mention.span)
        };
        self.list = stored_list(lists.events, Hooks::checked(event_ok))?;
        self.numbers = stored_list(lists.numbers, Hooks::checked(number_ok))?;
        self.postings = Csr::stored(from, keys, self.list.len() as u32)?;
        self.numbers_by_key = Csr::stored(from, keys, self.numbers.len() as u32)?;
        let days = from.next::<u64>()?;
        if days.len() != self.list.len() || !days.iter().all(|&d| Day(d).is_valid()) {
            return Err("the events' days are inconsistent".into());
        }
        self.days = days;
        self.units.set_stored_tables(from)?;
        self.numbers_by_unit = Csr::stored(from, self.units.len(), self.numbers.len() as u32)?;
        Ok(())
    }

    /// Event `i`'s date, weekdays and slots, packed.
    pub fn day(&self, i: usize) -> Day {
        Day(self.days.get(i).copied().unwrap_or(0))
    }

    /// Does a date (and weekday) agree with one of event `i`'s dates? Read
    /// from its [`Day`] (and its dates only when it has several slots): this
    /// runs for every candidate event of every draft date.
    pub fn agrees(&self, i: usize, date: &CalDate, weekday: Option<u8>) -> bool {
        let day = self.day(i);
        let date_ok = date.is_empty()
            || if day.single() {
                day.date().compatible(date)
            } else {
                self.list.get(i).is_some_and(|e| e.whens.iter().any(|w| w.date.compatible(date)))
            };
        date_ok && weekday.is_none_or(|w| !day.has_weekday() || day.on_weekday(w))
    }

    /// The events that have this key (and are in the list after merging).
    fn postings_of(&self, key: &str) -> Option<&[u32]> {
        Some(self.postings.get(self.stats.id(key)? as usize))
    }

    /// Events sharing at least one key that is not too common, in list order.
    pub fn candidates(&self, keys: &HashSet<String>) -> Vec<usize> {
        let mut out: Vec<usize> = keys
            .iter()
            .filter_map(|k| self.postings_of(k))
            .filter(|p| !is_common_key(p.len(), self.list.len()))
            .flatten()
            .map(|&i| i as usize)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Numbers whose unit shares a word with this one's. When a unit word is
    /// common ("people", "million"), only those that also share a context key
    /// that is not too common: a match needs shared context anyway.
    pub fn number_candidates(&self, unit: &[String], context: &HashSet<String>) -> Vec<&NumberFact> {
        let mut ids: Vec<u32> = unit.iter().flat_map(|u| self.numbers_with_unit(u)).copied().collect();
        ids.sort_unstable();
        ids.dedup();
        let n = self.numbers.len();
        if is_common_key(ids.len(), n) {
            let mut shared: Vec<u32> = context
                .iter()
                .filter_map(|k| Some(self.numbers_by_key.get(self.stats.id(k)? as usize)))
                .filter(|p| !is_common_key(p.len(), n))
                .flatten()
                .copied()
                .collect();
            shared.sort_unstable();
            shared.dedup();
            ids.retain(|i| shared.binary_search(i).is_ok());
        }
        ids.into_iter().map(|i| &self.numbers[i as usize]).collect()
    }

    /// Events whose keys include `key`, in list order (checks narrow their candidates with these).
    pub fn events_with_key(&self, key: &str) -> &[u32] {
        self.postings_of(key).unwrap_or(&[])
    }

    /// Numbers whose context includes `key`, in order.
    pub fn numbers_with_key(&self, key: &str) -> &[u32] {
        self.stats.id(key).map_or(&[], |id| self.numbers_by_key.get(id as usize))
    }

    /// Numbers whose unit includes `word`, in order.
    pub fn numbers_with_unit(&self, word: &str) -> &[u32] {
        self.units.id(word).map_or(&[], |id| self.numbers_by_unit.get(id as usize))
    }

    /// Years the sources give for a month and day (from full dates).
    pub fn years_for(&self, month: u8, day: u8) -> Vec<i16> {
        let mut y: Vec<i16> = self
            .full_dates
            .iter()
            .filter(|d| d.month() as u8 == month && d.day() as u8 == day)
            .map(|d| d.year())
            .collect();
        y.dedup();
        y
    }
}

fn stored_list<T: serde::de::DeserializeOwned>(
    (len, chunks): (u64, Vec<Table<u8>>),
    hooks: Hooks<T>,
) -> Result<Chunked<T>, String> {
    Chunked::stored(chunks, len as usize, LIST_CHUNK, hooks).ok_or_else(|| "stored events are inconsistent".into())
}

fn keys_in_bounds(k: &KeySet, keys: usize) -> bool {
    k.ids().iter().all(|&k| (k as usize) < keys)
}

fn span_in_bounds(text_lens: &[u64], si: SourceId, span: Span) -> bool {
    text_lens.get(si as usize).is_some_and(|&len| span.start <= span.end && span.end as u64 <= len)
}

/// What merging the sources' events needs to know of the corpus.
struct Merge<'a> {
    stats: &'a KeyStats,
    latest_year: Option<i16>,
}

impl Merge<'_> {
    /// Merge single-date events that share enough keys and whose dates agree.
    /// Each event absorbs later ones; candidates come from shared keys, and
    /// the keys an absorbed event brings find further candidates.
    fn merge(&self, mut list: Vec<Event>) -> Vec<Event> {
        let n = list.len();
        let postings = index_keys(
            self.stats.len(),
            list.iter().enumerate().filter(|(_, e)| e.slots == 1).map(|(i, e)| (i as u32, &e.keys)),
        );
        let mut absorbed = vec![false; n];
        // `seen[k] == i + 1`: key k is already in event i's frontier.
        let mut seen: Vec<usize> = vec![0; self.stats.len()];
        for i in 0..n {
            if absorbed[i] || list[i].slots != 1 {
                continue;
            }
            let mut frontier: Vec<KeyId> = list[i].keys.ids().to_vec();
            for &k in &frontier {
                seen[k as usize] = i + 1;
            }
            while !frontier.is_empty() {
                let mut cands: Vec<usize> = frontier
                    .drain(..)
                    .map(|k| &postings[k as usize])
                    .filter(|p| !is_common_key(p.len(), n))
                    .flatten()
                    .map(|&j| j as usize)
                    .filter(|&j| j > i && !absorbed[j])
                    .collect();
                cands.sort_unstable();
                cands.dedup();
                for j in cands {
                    if absorbed[j] || !self.same_event(&list[i], &list[j]) {
                        continue;
                    }
                    absorbed[j] = true;
                    let b = std::mem::take(&mut list[j]);
                    for &k in b.keys.ids() {
                        if seen[k as usize] != i + 1 {
                            seen[k as usize] = i + 1;
                            frontier.push(k);
                        }
                    }
                    let a = &mut list[i];
                    a.whens.extend(b.whens);
                    a.keys = a.keys.union(&b.keys);
                    a.people.extend(b.people);
                    a.people.sort_unstable();
                    a.people.dedup();
                    self.fill_year(&mut list[i]);
                }
            }
        }
        let mut keep = absorbed.iter().map(|a| !a);
        list.retain(|_| keep.next().unwrap_or(true));
        list
    }

    fn same_event(&self, a: &Event, b: &Event) -> bool {
        if a.slots != 1 || b.slots != 1 || a.whens.iter().all(|w| b.whens.iter().any(|x| x.source == w.source)) {
            return false;
        }
        let (da, db) = (a.date(), b.date());
        let weekday_ok = match (a.weekdays().first(), b.weekdays().first()) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        };
        let shared_date = da.year.is_some() && da.year == db.year || da.month.is_some() && da.month == db.month;
        let oa = Overlap::between(self.stats, &a.keys, &b.keys);
        let ob = Overlap::between(self.stats, &b.keys, &a.keys);
        let similar = oa.same_fact() || ob.same_fact();
        // Two bare weekdays, or a weekday against a date, agree too easily:
        // require the same people, or close agreement both ways.
        let strong = shared_date || oa.shared_person || oa.same_fact() && ob.same_fact() && oa.shared >= 4;
        da.compatible(&db) && weekday_ok && similar && strong
    }

    /// A merged event may now pair a weekday with a month and day: infer its year.
    fn fill_year(&self, e: &mut Event) {
        let d = e.date();
        let (None, Some(m), Some(day)) = (d.year, d.month, d.day) else { return };
        let Some(&wd) = e.whens.iter().filter_map(|w| w.weekday).collect::<Vec<_>>().first() else { return };
        let Some(window) = year_window(None, self.latest_year) else { return };
        if let Some(y) = infer_year(m, day, wd, window) {
            if let Some(w) = e.whens.iter_mut().find(|w| w.date.month.is_some()) {
                w.date.year = Some(y);
            }
        }
    }
}

/// The person key list of an event, for display.
pub fn people_keys(e: &Event) -> Vec<String> {
    e.people.iter().map(|p| person_key(*p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use crate::extract::dates::extract_dates;
    use crate::kb::Kb;

    fn kb(texts: &[&str]) -> Kb {
        Kb::build(
            texts.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.txt"), *t, Format::Plain)).collect(),
        )
    }

    #[test]
    fn weekday_and_day_of_month_from_two_sources_combine_with_an_inferred_year() {
        let kb = kb(&[
            "The Harbor City Council approved the stadium budget on Tuesday. The vote was 7-2. Budgets rose in 2022.",
            "Mayor Dana Okafor signed the stadium budget the council approved on March 5.",
        ]);
        let stadium = kb.events.stats.id("stadium").unwrap();
        let e = kb.events.list.iter().find(|e| e.keys.contains(stadium)).unwrap();
        let d = e.date();
        assert_eq!((d.month, d.day), (Some(3), Some(5)));
        assert_eq!(e.weekdays(), [2]);
        assert_eq!(d.year, Some(2024), "March 5 was a Tuesday in 2024, the one such year near 2022");
        assert_eq!(e.whens.len(), 2);
    }

    #[test]
    fn a_number_remembers_the_one_full_date_of_its_sentence() {
        let kb = kb(&["Crews rebuilt 12 levees on May 3, 2017. They rebuilt 40 homes in 2018 and 2019. \
             Between March 1, 2016 and June 2, 2016, 9 bridges reopened."]);
        let date = |v: f64| kb.events.numbers.iter().find(|f| f.mention.value == v).and_then(|f| f.date);
        assert_eq!(date(12.0).and_then(|d| d.full()), Date::new(2017, 5, 3).ok());
        assert_eq!(date(40.0), None, "years alone are no day");
        assert_eq!(date(9.0), None, "two days: which one is unknown");
    }

    #[test]
    fn year_comes_from_weekday_and_relative_dates_from_the_reference() {
        let text = "Fire crews ended the search on Tuesday, Jan. 9, a year after the flood of 2017. \
                    The chief retired last month.";
        let d = Document::parse("a.txt", text, Format::Plain);
        let dates = extract_dates(&d);
        let r = resolve_dates(&d, &dates, None);
        assert_eq!(r[0].0.full(), Date::new(2018, 1, 9).ok(), "the one year in 2016..=2020 with Jan. 9 a Tuesday");
        assert_eq!(r[2].0, CalDate { year: Some(2017), month: Some(12), day: None }, "the month before the reference");
    }

    #[test]
    fn a_weekday_in_a_dated_story_is_the_one_in_the_week_before() {
        // Filed Wednesday, Nov. 8, 2023 (the dateline date serves when there is no front matter).
        let text = "PORT ELLIS, Nov. 8, 2023 - The board voted on Monday to close the pier. \
                    Crews will reopen it on Friday. The mayor spoke Tuesday.";
        let d = Document::parse("a.txt", text, Format::Plain);
        let dates = extract_dates(&d);
        let r = resolve_dates(&d, &dates, None);
        let of = |w: &str| r[dates.iter().position(|m| m.span.slice(&d.text) == w).unwrap()].0;
        assert_eq!(of("Monday").full(), Date::new(2023, 11, 6).ok());
        assert_eq!(of("Friday").full(), Date::new(2023, 11, 10).ok(), "a future weekday is the coming one");
        assert!(of("Tuesday").is_empty(), "only a weekday after \"on\" is read as the past week");
        // A weekday after "will" or "would" is in the coming week.
        let text = "PORT ELLIS, Nov. 8, 2023 - The mayor said the council would meet on Monday.";
        let d = Document::parse("a.txt", text, Format::Plain);
        let dates = extract_dates(&d);
        let r = resolve_dates(&d, &dates, None);
        assert_eq!(r.last().unwrap().0.full(), Date::new(2023, 11, 13).ok());
        // What was said on a day is past, whatever it was about.
        let text = "PORT ELLIS, Nov. 8, 2023 - The union said on Monday it would ballot its members.";
        let d = Document::parse("a.txt", text, Format::Plain);
        let dates = extract_dates(&d);
        let r = resolve_dates(&d, &dates, None);
        assert_eq!(r.last().unwrap().0.full(), Date::new(2023, 11, 6).ok());
    }

    #[test]
    fn a_dateline_date_is_not_an_event() {
        let kb = kb(&["PORT ELLIS, Nov. 8, 2023 - The board voted on Monday to close the pier."]);
        let dates: Vec<CalDate> = kb.events.list.iter().map(|e| e.date()).collect();
        assert_eq!(dates, [CalDate { year: Some(2023), month: Some(11), day: Some(6) }]);
    }

    #[test]
    fn stored_tables_come_back_and_inconsistent_ones_are_refused() {
        let kb = kb(&[
            "The Harbor City Council approved the stadium budget on Tuesday. 12 members voted on March 5, 2024.",
            "Mayor Dana Okafor signed the stadium budget of $48 million the council approved on March 5.",
        ]);
        let stored: Vec<Vec<u8>> = kb.events.stored_tables().iter().map(|t| t.to_vec()).collect();
        let lists = kb.events.encode_lists().unwrap();
        let tables =
            |(len, chunks): &(u64, Vec<Vec<u8>>)| (*len, chunks.iter().map(|c| Table::from(c.clone())).collect());
        let lens: Vec<u64> = kb.sources.iter().map(|s| s.doc.text.len() as u64).collect();
        let back_with = |tables_in: &[Vec<u8>], events_list: (u64, Vec<Table<u8>>)| {
            let mut e: Events = postcard::from_bytes(&postcard::to_stdvec(&kb.events).unwrap()).unwrap();
            let refs: Vec<&[u8]> = tables_in.iter().map(Vec::as_slice).collect();
            let lists = StoredLists { events: events_list, numbers: tables(&lists.numbers) };
            e.set_stored(lists, &mut crate::kb::table::Copied(&refs), lens.as_slice().into(), kb.people.len())
                .map(|()| e)
        };
        let back = |tables_in: &[Vec<u8>]| back_with(tables_in, tables(&lists.events));
        let e = back(&stored).unwrap();
        assert_eq!(e.stored_tables(), kb.events.stored_tables());
        assert_eq!(postcard::to_stdvec(&e.list).unwrap(), postcard::to_stdvec(&kb.events.list).unwrap());
        assert_eq!(postcard::to_stdvec(&e.numbers).unwrap(), postcard::to_stdvec(&kb.events.numbers).unwrap());
        assert!(
            kb.events.numbers.len() >= 2 && e.numbers_with_unit("members") == kb.events.numbers_with_unit("members")
        );
        assert!((0..e.list.len()).all(|i| e.day(i) == Day::of(&kb.events.list[i])));
        let set = |t: &mut Vec<u8>, at: usize, v: u32| t[4 * at..4 * at + 4].copy_from_slice(&v.to_ne_bytes());
        let mut bad = stored.clone();
        set(&mut bad[5], 0, kb.events.list.len() as u32);
        assert!(back(&bad).is_err(), "an event id out of bounds");
        let mut bad = stored.clone();
        set(&mut bad[6], 1, u32::MAX);
        assert!(back(&bad).is_err(), "starts not rising to the values' length");
        let mut bad = stored.clone();
        bad[8][..8].copy_from_slice(&(13u64 << 17).to_ne_bytes());
        assert!(back(&bad).is_err(), "a 13th month");
        let mut bad = stored.clone();
        set(&mut bad[14], 0, kb.events.numbers.len() as u32);
        assert!(back(&bad).is_err(), "a number id out of bounds");
        assert!(back(&stored[..14]).is_err(), "a table missing");
        let (len, chunks) = tables(&lists.events);
        assert!(back_with(&stored, (len + 1, chunks)).is_err(), "more events than the chunks hold");
        // An event naming a person the knowledge base does not have is
        // refused when its chunk is decoded: it reads as an empty event.
        let mut list = kb.events.list.iter().cloned().collect::<Vec<Event>>();
        list[0].people.push(kb.people.len());
        let damaged = Chunked::from(list).encode_chunks(LIST_CHUNK).unwrap();
        let e = back_with(&stored, (len, damaged.into_iter().map(Table::from).collect())).unwrap();
        assert!(e.list[0].whens.is_empty() && crate::kb::shared_text::damaged());
    }

    #[test]
    fn unrelated_events_with_the_same_weekday_stay_apart() {
        let kb = kb(&[
            "The school board closed Lincoln Elementary on Monday.",
            "Firefighters rescued two hikers near Cedar Ridge on Monday.",
        ]);
        assert_eq!(kb.events.list.len(), 2);
    }
}
