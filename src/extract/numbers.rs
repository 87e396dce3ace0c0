//! Numbers with what they count: "64 firefighters", "two days of talks", "the
//! 17th round", "$48 million", "11,000 households", "voted 7-2", "12 percent".
//! Words and digits give the same value; scale words multiply ("$48 million").
//! Numbers inside dates are left to the date parser.

use crate::corpus::Document;
use crate::lexicon::calendar::is_calendar_word;
use crate::lexicon::lower_eq;
use crate::lexicon::numbers::{number_word, ordinal_suffix, scale_word};
use crate::lexicon::paraphrase::word_key;
use crate::text::{fold, Span, Token, TokenKind};

#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Measure {
    #[default]
    Count,
    Ordinal,
    Money(char),
    Percent,
    /// A vote or score: "7-2".
    Score(f64),
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NumberMention {
    /// The number with its currency sign, scale word and percent sign.
    pub span: Span,
    pub sentence: usize,
    pub value: f64,
    pub measure: Measure,
    /// Keys of what is counted: up to two words after the number, or the word
    /// before a sum, share or score ("budget of $48 million", "voted 7-2").
    pub unit: Vec<String>,
    /// Written as a word ("two", "seventeenth").
    pub spelled: bool,
}

impl NumberMention {
    /// Same kind of quantity of the same thing.
    pub fn same_measure(&self, other: &NumberMention) -> bool {
        let kind = match (self.measure, other.measure) {
            (Measure::Score(_), Measure::Score(_)) => true,
            (a, b) => a == b,
        };
        // "points" matches "sampling points"; "engines fought" does not match "firefighters fought".
        let unit = match (self.unit.as_slice(), other.unit.as_slice()) {
            ([a, ..], [b, ..]) if a == b => true,
            ([a], [_, b]) | ([_, b], [a]) => a == b,
            _ => false,
        };
        kind && unit
    }

    pub fn same_value(&self, other: &NumberMention) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
        let second = match (self.measure, other.measure) {
            (Measure::Score(a), Measure::Score(b)) => close(a, b),
            _ => true,
        };
        close(self.value, other.value) && second
    }
}

/// Words that end the phrase a number counts.
const STOP: &[&str] = &[
    "of", "in", "on", "at", "for", "to", "and", "or", "the", "a", "an", "from", "by", "with", "than", "who", "that",
    "which", "was", "were", "is", "are", "had", "have", "has", "be", "been", "as", "after", "before", "since", "per",
];

fn is_stop(src: &str, t: &Token) -> bool {
    !t.is_word() || STOP.iter().any(|s| lower_eq(t.text(src), s))
}

/// Is an offset inside any of some spans? For every token of a document, so
/// not a scan of the spans each time.
struct Skip {
    /// Starts, sorted, and the largest end among the spans up to each.
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Skip {
    fn new(spans: &[Span]) -> Skip {
        let mut sorted = spans.to_vec();
        sorted.sort_unstable();
        let mut end = 0;
        let max_end = sorted
            .iter()
            .map(|s| {
                end = end.max(s.end);
                end
            })
            .collect();
        Skip { starts: sorted.iter().map(|s| s.start).collect(), max_end }
    }

    /// Same as `spans.iter().any(|s| s.contains(offset))`.
    fn contains(&self, offset: usize) -> bool {
        let k = self.starts.partition_point(|&s| s <= offset);
        k > 0 && self.max_end[k - 1] > offset
    }
}

/// Every number with a unit in a document, skipping the given (date) spans.
pub fn extract_numbers(doc: &Document, skip: &[Span]) -> Vec<NumberMention> {
    extract_numbers_in(doc, skip, 0..doc.sentences.len())
}

/// [`extract_numbers`] for some sentences only, in the order given.
pub fn extract_numbers_in(
    doc: &Document,
    skip: &[Span],
    sentences: impl IntoIterator<Item = usize>,
) -> Vec<NumberMention> {
    numbers_in(doc, skip, sentences, false)
}

/// Every number of a short text outside its dates, with or without a counted
/// thing ("put the number of strikers at 3,000"): the values a sentence gives.
pub fn values_in_text(text: &str) -> Vec<NumberMention> {
    let doc = Document::parse("sentence.txt", text, crate::corpus::Format::Plain);
    let skip: Vec<Span> = crate::extract::dates::extract_dates(&doc).iter().map(|d| d.span).collect();
    numbers_in(&doc, &skip, 0..doc.sentences.len(), true)
}

fn numbers_in(
    doc: &Document,
    skip: &[Span],
    sentences: impl IntoIterator<Item = usize>,
    keep_bare: bool,
) -> Vec<NumberMention> {
    let src = doc.text.as_str();
    let skip = Skip::new(skip);
    let mut out = Vec::new();
    for si in sentences {
        let sentence = &doc.sentences[si];
        let toks = &doc.tokens[sentence.tokens.clone()];
        let mut i = 0;
        while i < toks.len() {
            if skip.contains(toks[i].span.start) {
                i += 1;
                continue;
            }
            match number_at(src, toks, i) {
                Some((mut m, next)) => {
                    m.sentence = si;
                    if keep_bare || !m.unit.is_empty() {
                        out.push(m);
                    }
                    i = next;
                }
                None => i += 1,
            }
        }
    }
    out
}

/// The value of a digit token ("11,000", "3.5", "17th") and whether it is ordinal.
fn digits_value(text: &str) -> Option<(f64, bool)> {
    let num = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = text[num.len()..].to_ascii_lowercase();
    let value: f64 = num.replace(',', "").parse().ok()?;
    if suffix.is_empty() {
        return Some((value, false));
    }
    (value.fract() == 0.0 && suffix == ordinal_suffix(value as u64)).then_some((value, true))
}

fn number_at(src: &str, toks: &[Token], i: usize) -> Option<(NumberMention, usize)> {
    let t = &toks[i];
    let currency = match t.kind {
        TokenKind::Punct(c @ ('$' | '€' | '£')) => Some(c),
        _ => None,
    };
    let n_at = if currency.is_some() { i + 1 } else { i };
    let n = toks.get(n_at)?;
    if currency.is_some() && n.space_before {
        return None;
    }
    let (mut value, ordinal, spelled) = match n.kind {
        TokenKind::Number => {
            let (v, o) = digits_value(n.text(src))?;
            (v, o, false)
        }
        TokenKind::Word => {
            let (v, o) = number_word(n.text(src))?;
            // "one" and "first" are pronouns and adjectives far more often than counts.
            if v <= 1 {
                return None;
            }
            (v as f64, o, true)
        }
        _ => return None,
    };
    let mut end = n_at + 1;
    let mut measure = if ordinal { Measure::Ordinal } else { Measure::Count };
    if !spelled && !ordinal && toks.get(end).is_some_and(|d| d.is_punct('-')) {
        if let Some((b, false)) =
            toks.get(end + 1).filter(|b| b.kind == TokenKind::Number).and_then(|b| digits_value(b.text(src)))
        {
            if value < 1000.0 && b < 1000.0 {
                measure = Measure::Score(b);
                end += 2;
            }
        }
    }
    // "voted 4 to 1", "by 9 votes to 5": a tally written with "to".
    let mut tally = false;
    if !spelled && !ordinal && measure == Measure::Count && value < 1000.0 {
        let votes_word = toks.get(end).is_some_and(|w| w.is_word() && lower_eq(w.text(src), "votes"));
        let to = if votes_word { end + 1 } else { end };
        let after_vote = (n_at.saturating_sub(2)..n_at).any(|k| toks[k].is_word() && is_vote_word(toks[k].text(src)));
        if (votes_word || after_vote) && toks.get(to).is_some_and(|w| w.is_word() && lower_eq(w.text(src), "to")) {
            if let Some((b, false)) =
                toks.get(to + 1).filter(|b| b.kind == TokenKind::Number).and_then(|b| digits_value(b.text(src)))
            {
                if b < 1000.0 {
                    measure = Measure::Score(b);
                    end = to + 2;
                    tally = true;
                }
            }
        }
    }
    if let Some(f) = toks.get(end).filter(|w| w.is_word()).and_then(|w| scale_word(w.text(src))) {
        value *= f;
        end += 1;
    }
    if let Some(c) = currency {
        measure = Measure::Money(c);
    }
    let percent_word = toks.get(end).is_some_and(|w| w.is_word() && fold(w.text(src)) == "percent");
    if toks.get(end).is_some_and(|p| p.is_punct('%')) || percent_word {
        measure = Measure::Percent;
        end += 1;
    }
    // "a 48-bed wing", "a 3-mile route": the unit is joined by a hyphen.
    let hyphened = toks.get(end).is_some_and(|h| h.is_punct('-') && !h.space_before)
        && toks.get(end + 1).is_some_and(|w| w.is_word() && !w.space_before);
    let unit_from = if hyphened { end + 1 } else { end };
    let words: Vec<&Token> = toks[unit_from..].iter().take(2).take_while(|w| !is_stop(src, w)).collect();
    let mut unit: Vec<String> = words.iter().map(|w| word_key(&fold(w.text(src)))).collect();
    // "31,000 season tickets", "34 league games": a singular noun before a
    // plural one only qualifies it; the tickets are counted, not the seasons
    // ("two seasons").
    let plural = |w: &Token| w.text(src).to_lowercase().ends_with('s');
    if let [first, second] = words.as_slice() {
        if value != 1.0 && !plural(first) && plural(second) && !hyphened {
            unit.remove(0);
        }
    }
    if unit.is_empty() && measure == Measure::Count {
        unit.extend(counted_before(src, toks, i));
    }
    if tally && unit.is_empty() {
        unit.push(word_key("votes"));
    }
    if unit.is_empty() && !matches!(measure, Measure::Count | Measure::Ordinal) {
        let before = toks[..i].iter().rev().take(3).find(|w| !is_stop(src, w));
        unit.extend(before.map(|w| word_key(&fold(w.text(src)))));
    }
    let span = Span::new(t.span.start, toks[end - 1].span.end);
    Some((NumberMention { span, sentence: 0, value, measure, unit, spelled }, end))
}

/// Words after which "N to M" is a tally ("voted 4 to 1").
fn is_vote_word(w: &str) -> bool {
    ["voted", "vote", "votes", "by", "margin"].iter().any(|v| lower_eq(w, v))
}

/// The counted thing of a person's age ("Dolores Whitcombe, 71, left").
pub const AGE: &str = "age";
/// Ages above this are not ages.
const MAX_AGE: f64 = 120.0;

/// Verbs that put the counted thing before a bare count ("firefighters numbered 1,300").
const COUNTING_VERBS: &[&str] = &["numbered", "numbering", "totaled", "totalled", "totaling", "totalling"];
/// How far back "the number of" may be from "rose to 1,150".
const NUMBER_OF_REACH: usize = 8;

/// The counted thing of a bare count at token `i`, written before it: "the
/// number of firefighters rose to 1,150", "firefighters numbered 1,300".
fn counted_before(src: &str, toks: &[Token], i: usize) -> Option<String> {
    let key = |t: &Token| word_key(&fold(t.text(src)));
    let word = |k: usize| toks.get(k).filter(|t| t.is_word()).map(|t| fold(t.text(src)));
    // "Whitcombe, 71, said": a number between commas after a capitalised word.
    let comma = |k: usize| toks.get(k).is_some_and(|t| t.is_punct(','));
    let after_name = i >= 2
        && comma(i - 1)
        && toks[i - 2].is_word()
        && toks[i - 2].text(src).starts_with(char::is_uppercase)
        && !is_calendar_word(toks[i - 2].text(src));
    let whole = toks[i].kind == TokenKind::Number
        && digits_value(toks[i].text(src)).is_some_and(|(v, o)| !o && v.fract() == 0.0 && (1.0..=MAX_AGE).contains(&v));
    if after_name && whole && (comma(i + 1) || toks.get(i + 1).is_some_and(|t| t.is_punct('.') && i + 2 == toks.len()))
    {
        return Some(AGE.to_string());
    }
    let before = word(i.checked_sub(1)?)?;
    // "had cots for 800": the thing provided for that many.
    if before == "for" {
        let thing = toks[..i - 1].last().filter(|t| t.is_word() && !is_stop(src, t))?;
        return Some(key(thing));
    }
    if COUNTING_VERBS.contains(&before.as_str()) {
        let thing = toks[..i - 1].iter().rev().take(3).take_while(|t| t.is_word()).find(|t| !is_stop(src, t))?;
        return Some(key(thing));
    }
    if !matches!(before.as_str(), "to" | "at") {
        return None;
    }
    let from = i.saturating_sub(NUMBER_OF_REACH);
    let of = (from..i - 1).find(|&k| word(k).as_deref() == Some("number") && word(k + 1).as_deref() == Some("of"))?;
    let thing = toks[of + 2..i - 1].iter().take(2).find(|t| !is_stop(src, t))?;
    thing.is_word().then(|| key(thing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use crate::extract::dates::extract_dates;

    fn numbers(s: &str) -> Vec<(String, f64, Measure, Vec<String>)> {
        let d = Document::parse("t.txt", s, Format::Plain);
        let skip: Vec<Span> = extract_dates(&d).iter().map(|m| m.span).collect();
        extract_numbers(&d, &skip)
            .into_iter()
            .map(|m| (m.span.slice(&d.text).to_string(), m.value, m.measure, m.unit))
            .collect()
    }

    #[test]
    fn counts_words_and_ordinals_with_their_nouns() {
        let n = numbers("Forty firefighters and 64 medics were there for the 17th round of two days of talks.");
        assert_eq!(n[0], ("Forty".into(), 40.0, Measure::Count, vec![word_key("firefighters")]));
        assert_eq!(n[1], ("64".into(), 64.0, Measure::Count, vec![word_key("medics")]));
        assert_eq!(n[2], ("17th".into(), 17.0, Measure::Ordinal, vec![word_key("round")]));
        assert_eq!(n[3].1, 2.0);
        assert_eq!(n[3].3, [word_key("days")]);
    }

    #[test]
    fn a_counted_thing_written_before_a_bare_count() {
        let n = numbers("The number of nurses on the ward rose to 1,150 on Monday. Volunteers numbered 340.");
        assert_eq!(n[0], ("1,150".into(), 1150.0, Measure::Count, vec![word_key("nurses")]));
        assert_eq!(n[1], ("340".into(), 340.0, Measure::Count, vec![word_key("volunteers")]));
        // A bare count with nothing counted before it stays unit-less (and is not kept).
        assert!(numbers("The vote went to 12 in the end.").is_empty());
    }

    #[test]
    fn ages_tallies_with_to_and_counts_for_a_thing() {
        let n = numbers(
            "Ada Nwe, 71, left. The board voted 4 to 1. It passed by 9 votes to 5. The shelter had cots for 800.",
        );
        assert_eq!(n[0], ("71".into(), 71.0, Measure::Count, vec![AGE.to_string()]));
        assert_eq!(n[1], ("4 to 1".into(), 4.0, Measure::Score(1.0), vec![word_key("votes")]));
        assert_eq!(n[2], ("9 votes to 5".into(), 9.0, Measure::Score(5.0), vec![word_key("votes")]));
        assert_eq!(n[3], ("800".into(), 800.0, Measure::Count, vec![word_key("cots")]));
        // Not ages: after a month, or a number that goes on ("May, 40 people").
        assert!(numbers("In May, 12, the count rose.").is_empty());
        assert_eq!(numbers("Tarn, 40 people left.")[0].3[0], word_key("people"));
    }

    #[test]
    fn money_scale_percent_and_votes() {
        let n = numbers("The board voted 7–2 to pass a budget of $48 million, up 12% over 11,000 households' bills.");
        assert_eq!(n[0], ("7–2".into(), 7.0, Measure::Score(2.0), vec![word_key("voted")]));
        assert_eq!(n[1], ("$48 million".into(), 48e6, Measure::Money('$'), vec![word_key("budget")]));
        assert_eq!(n[2].0, "12%");
        assert_eq!(n[2].2, Measure::Percent);
        assert_eq!(n[3].1, 11000.0);
    }

    #[test]
    fn a_singular_noun_before_a_plural_one_only_qualifies_it() {
        let n = numbers("They sold 31,000 season tickets over two seasons and 200 people attended.");
        assert_eq!(n[0].3, [word_key("tickets")]);
        assert_eq!(n[1].3, [word_key("seasons")]);
        assert_eq!(n[2].3, [word_key("people"), word_key("attended")]);
    }

    #[test]
    fn a_hyphen_joins_the_unit() {
        let n = numbers("It opened a 48-bed wing.");
        assert_eq!(n, [("48".into(), 48.0, Measure::Count, vec![word_key("bed"), word_key("wing")])]);
    }

    #[test]
    fn skip_is_any_span_containing() {
        let spans = [Span::new(5, 9), Span::new(0, 3), Span::new(6, 20), Span::new(30, 30), Span::new(25, 27)];
        let skip = Skip::new(&spans);
        for offset in 0..35 {
            assert_eq!(skip.contains(offset), spans.iter().any(|s| s.contains(offset)), "{offset}");
        }
    }

    #[test]
    fn dates_and_bare_numbers_are_skipped() {
        assert!(numbers("On Jan. 9, 2024 the tally was 12.").is_empty());
        assert!(numbers("One of them left first.").is_empty());
    }
}
