//! Date expressions with the span of every part: "Jan. 9", "January 9, 2024",
//! "9 January 2024", "the 15th of November", "2024-01-09", "August 2022",
//! "in February", "Tuesday, Jan. 9", weekdays alone, and relative forms ("last
//! year", "late last year", "this weekend").
//!
//! Parsing keeps what is written; [`DateMention::resolve`] turns relative forms
//! into calendar fields once a reference date is known, and [`infer_year`]
//! recovers a missing year from a weekday. Calendar arithmetic is jiff's.

use crate::corpus::Document;
use crate::lexicon::calendar::{month_number, weekday_number, MONTHS, WEEKDAYS};
use crate::lexicon::numbers::ordinal_suffix;
use crate::lexicon::Lower;
use crate::text::{Span, Token, TokenKind};
use jiff::civil::Date;

/// A value and where it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Field<T> {
    pub value: T,
    pub span: Span,
}

/// A date relative to the document's date; the offset is -1 for "last", 0 for
/// "this", +1 for "next".
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Relative {
    Day(i8),
    Weekend(i8),
    Week(i8),
    Month(i8),
    Year(i8),
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DateMention {
    /// The whole expression, weekday included.
    pub span: Span,
    pub sentence: usize,
    /// Dates joined by "and", "or", "to" share a group ("Tuesday and Wednesday").
    pub group: usize,
    pub year: Option<Field<i16>>,
    pub month: Option<Field<u8>>,
    pub day: Option<Field<u8>>,
    /// ISO weekday, Monday = 1.
    pub weekday: Option<Field<u8>>,
    pub relative: Option<Relative>,
}

/// Calendar fields, any of which may be unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct CalDate {
    pub year: Option<i16>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl From<Date> for CalDate {
    fn from(d: Date) -> CalDate {
        CalDate { year: Some(d.year()), month: Some(d.month() as u8), day: Some(d.day() as u8) }
    }
}

impl CalDate {
    pub fn is_empty(&self) -> bool {
        self.year.is_none() && self.month.is_none() && self.day.is_none()
    }

    /// A real calendar date when all three fields are known and valid.
    pub fn full(&self) -> Option<Date> {
        Date::new(self.year?, self.month? as i8, self.day? as i8).ok()
    }

    /// Fields known on both sides agree.
    pub fn compatible(&self, other: &CalDate) -> bool {
        fn agree<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
            a.zip(b).is_none_or(|(a, b)| a == b)
        }
        agree(self.year, other.year) && agree(self.month, other.month) && agree(self.day, other.day)
    }

    /// Fill unknown fields from another date.
    pub fn or(self, other: CalDate) -> CalDate {
        CalDate { year: self.year.or(other.year), month: self.month.or(other.month), day: self.day.or(other.day) }
    }

    pub fn describe(&self) -> String {
        let month = self.month.map(month_name);
        match (self.year, month, self.day) {
            (Some(y), Some(m), Some(d)) => format!("{m} {d}, {y}"),
            (None, Some(m), Some(d)) => format!("{m} {d}"),
            (Some(y), Some(m), None) => format!("{m} {y}"),
            (None, Some(m), None) => m.to_string(),
            (Some(y), None, _) => y.to_string(),
            _ => String::from("an unknown date"),
        }
    }
}

pub fn month_name(m: u8) -> &'static str {
    MONTHS.iter().find(|x| x.1 == m).map(|x| x.0).unwrap_or("?")
}

pub fn weekday_name(w: u8) -> &'static str {
    WEEKDAYS.iter().find(|x| x.1 == w).map(|x| x.0).unwrap_or("?")
}

/// ISO weekday of a calendar date.
pub fn weekday_of(date: Date) -> u8 {
    date.weekday().to_monday_one_offset() as u8
}

/// The one year in `years` in which `month`/`day` falls on `weekday`; None when
/// no year or several years fit.
pub fn infer_year(month: u8, day: u8, weekday: u8, years: std::ops::RangeInclusive<i16>) -> Option<i16> {
    let mut fits = years.filter(|&y| Date::new(y, month as i8, day as i8).is_ok_and(|d| weekday_of(d) == weekday));
    let first = fits.next()?;
    fits.next().is_none().then_some(first)
}

/// A date that bounds a span of time rather than naming the day something
/// happened: what is said held on many days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// "since Tuesday", "after May 3".
    Start,
    /// "by Thursday", "until May 3", "before Friday": also a deadline.
    End,
    /// "as of Monday": a running figure at that day.
    AsOf,
}

/// How a date bounds a span, from the words before it (`prefix`: the text
/// up to the date). Works on plain text, so that a stored source, which keeps
/// no tokens, is read the same way as a draft.
pub fn bound_before(prefix: &str) -> Option<Bound> {
    let prefix = prefix.trim_end();
    if !prefix.ends_with(char::is_alphanumeric) {
        return None;
    }
    let mut words = prefix.rsplit(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    let before = words.next()?.to_lowercase();
    match before.as_str() {
        "since" | "after" => Some(Bound::Start),
        "by" | "until" | "till" | "before" => Some(Bound::End),
        "of" if words.next().is_some_and(|w| w.eq_ignore_ascii_case("as")) => Some(Bound::AsOf),
        _ => None,
    }
}

impl DateMention {
    /// How this date bounds a span ("cut 14 miles of line since Tuesday"), if it does.
    pub fn bound(&self, doc: &Document) -> Option<Bound> {
        bound_before(&doc.text[..self.span.start])
    }

    /// The fields as written (relative forms give none).
    pub fn written(&self) -> CalDate {
        CalDate { year: self.year.map(|f| f.value), month: self.month.map(|f| f.value), day: self.day.map(|f| f.value) }
    }

    /// The span of the date without its weekday ("Jan. 9" in "Tuesday, Jan. 9").
    pub fn date_span(&self) -> Option<Span> {
        let fields = [self.year.map(|f| f.span), self.month.map(|f| f.span), self.day.map(|f| f.span)];
        let mut spans = fields.into_iter().flatten();
        let first = spans.next()?;
        let cover = spans.fold(first, |a, b| a.cover(b));
        // "the 15th of November": keep the words between the fields.
        Some(if self.weekday.is_some() { cover } else { self.span.cover(cover) })
    }

    /// Calendar fields, with relative forms resolved against `reference`.
    pub fn resolve(&self, reference: Option<Date>) -> CalDate {
        let written = self.written();
        let (Some(rel), Some(r)) = (self.relative, reference) else { return written };
        let ym = |offset: i32| {
            let index = r.year() as i32 * 12 + r.month() as i32 - 1 + offset;
            (index.div_euclid(12) as i16, (index.rem_euclid(12) + 1) as u8)
        };
        match rel {
            Rel::Year(o) => CalDate { year: Some(r.year() + o as i16), ..CalDate::default() },
            Rel::Month(o) => {
                let (y, m) = ym(o as i32);
                CalDate { year: Some(y), month: Some(m), day: None }
            }
            Rel::Day(o) => r.checked_add(jiff::Span::new().days(o as i64)).map(CalDate::from).unwrap_or_default(),
            // A week or weekend is not one calendar day; only its month is certain when it does not straddle two.
            Rel::Week(_) | Rel::Weekend(_) => CalDate::default(),
        }
    }
}

use Relative as Rel;

/// Every date expression in a document, sentence by sentence.
pub fn extract_dates(doc: &Document) -> Vec<DateMention> {
    let (mut out, joined): (Vec<DateMention>, Vec<bool>) =
        (0..doc.sentences.len()).flat_map(|si| sentence_dates(doc, si)).unzip();
    number_groups(&mut out, &joined);
    out
}

/// The dates of one sentence, each with whether it is joined to the one
/// before ("Tuesday and Wednesday"); groups are numbered by [`number_groups`].
/// They depend only on the sentence's tokens and text.
pub(crate) fn sentence_dates(doc: &Document, si: usize) -> Vec<(DateMention, bool)> {
    let toks = &doc.tokens[doc.sentences[si].tokens.clone()];
    let mut out = Vec::new();
    let mut i = 0;
    let mut prev_end: Option<usize> = None;
    while i < toks.len() {
        let Some((mut m, next)) = parse_at(&doc.text, toks, i) else {
            i += 1;
            continue;
        };
        let joined = prev_end.is_some_and(|e| connects(&doc.text, &toks[e..i]));
        m.sentence = si;
        out.push((m, joined));
        prev_end = Some(next);
        i = next;
    }
    out
}

/// Number the groups of a document's dates (in text order): a date joined to
/// the one before shares its group; every other date, and every sentence,
/// starts a new one.
pub(crate) fn number_groups(dates: &mut [DateMention], joined: &[bool]) {
    let (mut group, mut sentence) = (0, 0);
    for (k, m) in dates.iter_mut().enumerate() {
        // Each sentence before this date's ended a group.
        group += m.sentence - sentence;
        sentence = m.sentence;
        if k > 0 && !joined[k] {
            group += 1;
        }
        m.group = group;
    }
}

/// Tokens between two dates that make them one coordinated group.
fn connects(src: &str, between: &[Token]) -> bool {
    !between.is_empty()
        && between.len() <= 2
        && between.iter().all(|t| match t.kind {
            TokenKind::Punct(c) => matches!(c, ',' | '-' | '&' | '/'),
            TokenKind::Word => matches!(lower(t, src).as_ref(), "and" | "or" | "to" | "through" | "until"),
            TokenKind::Number => false,
        })
}

/// Words after which a bare month name is a date ("in May", "since March").
const MONTH_LEAD: &[&str] = &[
    "in", "since", "until", "till", "by", "from", "through", "of", "during", "early", "late", "mid", "last", "next",
    "this", "before", "after",
];

fn lower<'s>(t: &Token, src: &'s str) -> Lower<'s> {
    crate::lexicon::lower(t.text(src))
}

fn word_at<'s>(src: &'s str, toks: &[Token], i: usize) -> Option<Lower<'s>> {
    toks.get(i).filter(|t| t.is_word()).map(|t| lower(t, src))
}

/// A day-of-month number, plain or ordinal ("9", "15th").
fn day_number(src: &str, t: &Token) -> Option<u8> {
    if t.kind != TokenKind::Number {
        return None;
    }
    let s = t.text(src);
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..].to_ascii_lowercase();
    let n: u8 = digits.parse().ok()?;
    let ok_suffix = suffix.is_empty() || suffix == ordinal_suffix(n as u64);
    ((1..=31).contains(&n) && ok_suffix && digits.len() <= 2).then_some(n)
}

fn year_number(src: &str, t: &Token) -> Option<i16> {
    let s = t.text(src);
    (t.kind == TokenKind::Number && s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

/// A month name at `i`, with the span of the name and its period, and the next index.
fn month_at(src: &str, toks: &[Token], i: usize) -> Option<(u8, Span, usize, bool)> {
    let t = toks.get(i).filter(|t| t.is_word())?;
    let text = t.text(src);
    if !text.starts_with(char::is_uppercase) {
        return None;
    }
    let n = month_number(text)?;
    let full = MONTHS.iter().any(|(name, _, _)| name.eq_ignore_ascii_case(text));
    let dotted = toks.get(i + 1).is_some_and(|p| p.is_punct('.') && !p.space_before);
    if dotted && !full {
        return Some((n, t.span.cover(toks[i + 1].span), i + 2, false));
    }
    Some((n, t.span, i + 1, full))
}

fn field<T>(value: T, span: Span) -> Option<Field<T>> {
    Some(Field { value, span })
}

fn mention(span: Span) -> DateMention {
    DateMention { span, sentence: 0, group: 0, year: None, month: None, day: None, weekday: None, relative: None }
}

/// A date expression starting at token `i`, and the index after it.
fn parse_at(src: &str, toks: &[Token], i: usize) -> Option<(DateMention, usize)> {
    if let Some(r) = relative_at(src, toks, i) {
        return Some(r);
    }
    if let Some(r) = iso_at(src, toks, i) {
        return Some(r);
    }
    let t = &toks[i];
    if t.is_word() && t.text(src).starts_with(char::is_uppercase) {
        if let Some(w) = weekday_number(t.text(src)) {
            let mut end = i + 1;
            if toks.get(end).is_some_and(|p| p.is_punct('.') && !p.space_before) && t.text(src).len() <= 5 {
                end += 1;
            }
            let wspan = Span::new(t.span.start, toks[end - 1].span.end);
            let after_comma = if toks.get(end).is_some_and(|p| p.is_punct(',')) { end + 1 } else { end };
            if let Some((mut m, next)) = calendar_at(src, toks, after_comma).filter(|(m, _)| m.day.is_some()) {
                m.span = wspan.cover(m.span);
                m.weekday = field(w, wspan);
                return Some((m, next));
            }
            let mut m = mention(wspan);
            m.weekday = field(w, wspan);
            return Some((m, end));
        }
    }
    calendar_at(src, toks, i)
}

/// Month-first, day-first, month-year, bare month or bare year at `i`.
fn calendar_at(src: &str, toks: &[Token], i: usize) -> Option<(DateMention, usize)> {
    let t = toks.get(i)?;
    // "Jan. 9", "January 9, 2024", "August 2022", "in February".
    if let Some((month, mspan, next, full)) = month_at(src, toks, i) {
        let mut m = mention(mspan);
        m.month = field(month, mspan);
        let mut end = next;
        if let Some(day) = toks.get(end).and_then(|d| day_number(src, d)) {
            m.day = field(day, toks[end].span);
            end += 1;
            let comma = toks.get(end).is_some_and(|p| p.is_punct(','));
            let y_at = if comma { end + 1 } else { end };
            if let Some(y) = toks.get(y_at).and_then(|y| year_number(src, y)) {
                m.year = field(y, toks[y_at].span);
                end = y_at + 1;
            }
        } else if let Some(y) = toks.get(end).and_then(|y| year_number(src, y)) {
            m.year = field(y, toks[end].span);
            end += 1;
        } else {
            // A bare month name: abbreviations, "May" and "March" need a preposition before them.
            let lead = i.checked_sub(1).and_then(|p| word_at(src, toks, p));
            let led = lead.is_some_and(|l| MONTH_LEAD.contains(&l.as_ref()));
            let ambiguous = matches!(month, 3 | 5) || !full;
            if ambiguous && !led {
                return None;
            }
        }
        m.span = Span::new(mspan.start, toks[end - 1].span.end);
        return Some((m, end));
    }
    // "9 January 2024", "the 15th of November".
    let the = t.is_word() && &*lower(t, src) == "the";
    let d_at = if the { i + 1 } else { i };
    if let Some(day) = toks.get(d_at).and_then(|d| day_number(src, d)) {
        let of = word_at(src, toks, d_at + 1).is_some_and(|w| &*w == "of");
        let m_at = if of { d_at + 2 } else { d_at + 1 };
        if let Some((month, mspan, next, _)) = month_at(src, toks, m_at) {
            let mut m = mention(Span::new(t.span.start, mspan.end));
            m.day = field(day, toks[d_at].span);
            m.month = field(month, mspan);
            let mut end = next;
            let y_at = if toks.get(end).is_some_and(|p| p.is_punct(',')) { end + 1 } else { end };
            if let Some(y) = toks.get(y_at).and_then(|y| year_number(src, y)) {
                m.year = field(y, toks[y_at].span);
                end = y_at + 1;
            }
            m.span = Span::new(t.span.start, toks[end - 1].span.end);
            return Some((m, end));
        }
    }
    // "in 2022": a bare year after a preposition, not counting a noun after it.
    let year = year_number(src, t)?;
    let lead = i.checked_sub(1).and_then(|p| word_at(src, toks, p))?;
    if !MONTH_LEAD.contains(&lead.as_ref()) {
        return None;
    }
    let noun_after = toks.get(i + 1).is_some_and(|n| {
        n.is_word()
            && !crate::lexicon::common_words::is_common_word(n.text(src))
            && !n.text(src).starts_with(char::is_uppercase)
    });
    if noun_after {
        return None;
    }
    let mut m = mention(t.span);
    m.year = field(year, t.span);
    Some((m, i + 1))
}

/// "2024-01-09": three numbers joined by hyphens without spaces.
fn iso_at(src: &str, toks: &[Token], i: usize) -> Option<(DateMention, usize)> {
    let w = toks.get(i..i + 5)?;
    let year = year_number(src, &w[0])?;
    let joined = w[1].is_punct('-') && w[3].is_punct('-') && w[1..].iter().all(|t| !t.space_before);
    let (ms, ds) = (w[2].text(src), w[4].text(src));
    if !joined || ms.len() != 2 || ds.len() != 2 {
        return None;
    }
    let month: u8 = ms.parse().ok().filter(|m| (1..=12).contains(m))?;
    let day: u8 = ds.parse().ok().filter(|d| (1..=31).contains(d))?;
    let mut m = mention(w[0].span.cover(w[4].span));
    m.year = field(year, w[0].span);
    m.month = field(month, w[2].span);
    m.day = field(day, w[4].span);
    Some((m, i + 5))
}

/// "last year", "late last year", "earlier this month", "this weekend", "yesterday".
fn relative_at(src: &str, toks: &[Token], i: usize) -> Option<(DateMention, usize)> {
    let w0 = word_at(src, toks, i)?;
    let day = match w0.as_ref() {
        "yesterday" => Some(-1),
        "today" => Some(0),
        "tomorrow" => Some(1),
        _ => None,
    };
    if let Some(o) = day {
        let mut m = mention(toks[i].span);
        m.relative = Some(Rel::Day(o));
        return Some((m, i + 1));
    }
    let hedged = matches!(w0.as_ref(), "late" | "early" | "mid" | "earlier" | "later");
    let at = if hedged { i + 1 } else { i };
    let offset = match word_at(src, toks, at)?.as_ref() {
        "last" | "past" if !matches!(w0.as_ref(), "earlier" | "later") => -1,
        "this" => 0,
        "next" if !matches!(w0.as_ref(), "earlier" | "later") => 1,
        _ => return None,
    };
    let unit = word_at(src, toks, at + 1)?;
    let rel = match unit.as_ref() {
        "year" => Rel::Year(offset),
        "month" => Rel::Month(offset),
        "week" => Rel::Week(offset),
        "weekend" => Rel::Weekend(offset),
        _ => return None,
    };
    let mut m = mention(toks[i].span.cover(toks[at + 1].span));
    m.relative = Some(rel);
    Some((m, at + 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    fn dates(s: &str) -> (Document, Vec<DateMention>) {
        let d = Document::parse("t.txt", s, Format::Plain);
        let m = extract_dates(&d);
        (d, m)
    }

    fn one(s: &str) -> (String, CalDate, Option<u8>) {
        let (d, m) = dates(s);
        assert_eq!(m.len(), 1, "{s}: {m:?}");
        (m[0].span.slice(&d.text).to_string(), m[0].written(), m[0].weekday.map(|w| w.value))
    }

    fn cal(y: Option<i16>, m: Option<u8>, d: Option<u8>) -> CalDate {
        CalDate { year: y, month: m, day: d }
    }

    #[test]
    fn month_first_forms() {
        assert_eq!(one("The board met Jan. 9 at noon."), ("Jan. 9".into(), cal(None, Some(1), Some(9)), None));
        assert_eq!(
            one("It opened on January 9, 2024, downtown."),
            ("January 9, 2024".into(), cal(Some(2024), Some(1), Some(9)), None)
        );
        assert_eq!(one("Due Sept. 30."), ("Sept. 30".into(), cal(None, Some(9), Some(30)), None));
        assert_eq!(one("It closed in August 2022."), ("August 2022".into(), cal(Some(2022), Some(8), None), None));
    }

    #[test]
    fn day_first_and_iso_forms() {
        assert_eq!(one("Signed 9 January 2024."), ("9 January 2024".into(), cal(Some(2024), Some(1), Some(9)), None));
        assert_eq!(
            one("They met on the 15th of November."),
            ("the 15th of November".into(), cal(None, Some(11), Some(15)), None)
        );
        assert_eq!(one("Filed 2024-01-09 by staff."), ("2024-01-09".into(), cal(Some(2024), Some(1), Some(9)), None));
    }

    #[test]
    fn weekdays_alone_and_with_a_date() {
        let (d, m) = dates("The vote came Tuesday, Jan. 9, after a hearing on Thursday.");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].span.slice(&d.text), "Tuesday, Jan. 9");
        assert_eq!(m[0].date_span().unwrap().slice(&d.text), "Jan. 9");
        assert_eq!(m[0].weekday.unwrap().value, 2);
        assert_eq!(m[1].span.slice(&d.text), "Thursday");
        assert_eq!(
            one("Held Wednesday, the 15th of November."),
            ("Wednesday, the 15th of November".into(), cal(None, Some(11), Some(15)), Some(3))
        );
    }

    #[test]
    fn bare_months_need_a_cue_when_ambiguous() {
        assert_eq!(one("The bridge reopened in February."), ("February".into(), cal(None, Some(2), None), None));
        assert_eq!(
            one("After their November meeting, all agreed."),
            ("November".into(), cal(None, Some(11), None), None)
        );
        assert!(dates("You May go. March on.").1.is_empty());
        assert_eq!(one("It rained in May."), ("May".into(), cal(None, Some(5), None), None));
        assert!(dates("He may go on Jan at noon.").1.is_empty());
    }

    #[test]
    fn bare_years_after_a_preposition_only() {
        assert_eq!(one("Built in 1998, it stands."), ("1998".into(), cal(Some(1998), None, None), None));
        assert!(dates("They served 2000 households.").1.is_empty());
        assert!(dates("It reached 2000 homes in all.").1.is_empty());
    }

    #[test]
    fn pairs_share_a_group() {
        let (d, m) =
            dates("The chief called on October 30 and January 8. Talks ran Tuesday and Wednesday, then Friday.");
        let texts: Vec<&str> = m.iter().map(|x| x.span.slice(&d.text)).collect();
        assert_eq!(texts, ["October 30", "January 8", "Tuesday", "Wednesday", "Friday"]);
        assert_eq!(m[0].group, m[1].group);
        assert_eq!(m[2].group, m[3].group);
        assert_ne!(m[1].group, m[2].group);
        assert_ne!(m[3].group, m[4].group, "\"then\" starts another time");
        let (_, m) = dates("Crews worked Monday, Tuesday or Friday.");
        assert!(m.iter().all(|x| x.group == m[0].group), "commas and \"or\" coordinate");
    }

    #[test]
    fn relative_forms_resolve_against_a_reference() {
        let (d, m) = dates("Cuts came late last year and last month; a vote is set this weekend.");
        let texts: Vec<&str> = m.iter().map(|x| x.span.slice(&d.text)).collect();
        assert_eq!(texts, ["late last year", "last month", "this weekend"]);
        let r = Date::new(2024, 1, 10).unwrap();
        assert_eq!(m[0].resolve(Some(r)), cal(Some(2023), None, None));
        assert_eq!(m[1].resolve(Some(r)), cal(Some(2023), Some(12), None));
        assert_eq!(m[1].resolve(None), CalDate::default(), "unresolved without a reference");
    }

    #[test]
    fn spans_are_bytes_into_text_with_multibyte_characters() {
        let (d, m) = dates("Zoë’s café opened on Jan. 9 — “Tuesday” was busy.");
        assert_eq!(m[0].span.slice(&d.text), "Jan. 9");
        assert_eq!(m[1].span.slice(&d.text), "Tuesday");
        let start = d.lines.position(&d.text, m[0].span.start, crate::text::PositionEncoding::Utf16);
        assert_eq!(start.col, 21, "UTF-16 column counts ë, ’ and é as one unit each");
    }

    #[test]
    fn year_inference_from_weekday() {
        assert_eq!(infer_year(1, 9, 2, 2021..=2025), Some(2024));
        assert_eq!(infer_year(11, 15, 3, 2021..=2025), Some(2023));
        assert_eq!(infer_year(1, 9, 2, 2010..=2030), None, "several years fit");
        assert_eq!(infer_year(2, 30, 1, 2020..=2030), None, "no such date");
        assert_eq!(weekday_of(Date::new(2024, 1, 9).unwrap()), 2);
    }

    #[test]
    fn bounds_read_from_the_words_before_a_date() {
        assert_eq!(bound_before("cut 14 miles of line since "), Some(Bound::Start));
        assert_eq!(bound_before("due to report by "), Some(Bound::End));
        assert_eq!(bound_before("Until "), Some(Bound::End));
        assert_eq!(bound_before("the count as of "), Some(Bound::AsOf));
        assert_eq!(bound_before("toured the site on "), None);
        // A bound word must be right before the date, not behind a mark.
        assert_eq!(bound_before("they stood by. "), None);
        assert_eq!(bound_before(""), None);
    }
}
