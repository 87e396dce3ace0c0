//! Who said what. Quoted stretches get a speaker from the verb of saying
//! around them ("X said", "said X", "according to X", "X, who …, said",
//! "he said", "the spokesman said"); a quote with no verb in its sentence that
//! opens its sentence continues the previous quote. Sentences that report
//! speech without marks ("X said the talks were useful") become quotations
//! of kind [`QuoteKind::Reported`].
//!
//! Pronouns resolve to the last person named before them; a title alone
//! resolves to the nearest named person who holds that title.

use super::quotes::{quoted_spans, QuotedSpan};
use super::NameMention;
use crate::corpus::Document;
use crate::kb::people::PersonId;
use crate::lexicon::quoting::{is_ambiguous_speech_verb, is_reporting_verb, is_speaker_pronoun};
use crate::lexicon::ranks::{self, Kind};
use crate::lexicon::titles::{canonical_title_word, is_title_head, is_title_word};
use crate::text::{fold, Span, Token, TokenKind};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum QuoteKind {
    /// Words inside quotation marks.
    Quoted,
    /// What a sentence reports someone said, without marks.
    Reported,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The name mention that identifies the speaker; for a pronoun or a bare
    /// title, the mention it resolves to.
    pub mention: usize,
    pub person: Option<PersonId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quotation {
    /// From the first to the last word or number of the quoted words.
    pub span: Span,
    pub tokens: Range<usize>,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
}

impl Quotation {
    /// The words and numbers of the quotation, which is what matching compares.
    pub fn words<'d>(&self, doc: &'d Document) -> impl Iterator<Item = &'d Token> + 'd {
        doc.tokens[self.tokens.clone()].iter().filter(|t| !matches!(t.kind, TokenKind::Punct(_)))
    }
}

/// Words before a title that make another office ("Deputy Chief",
/// "Lieutenant Governor", "Vice President"), canonical.
fn office_qualifier(word: &str) -> Option<&'static str> {
    let w = canonical_title_word(word);
    ["deputy", "vice", "assistant", "associate", "under", "lieutenant"].into_iter().find(|q| *q == w)
}

/// A qualifier that only grades a military rank: a lieutenant general or a
/// vice admiral is still "the general", "the admiral".
fn is_grade(qualifier: &str) -> bool {
    matches!(qualifier, "lieutenant" | "vice")
}

/// Reported speech shorter than this is too vague to compare with anything.
const MIN_REPORTED_WORDS: usize = 4;
/// How far from a verb of saying its speaker may be, in tokens.
const SUBJECT_REACH: usize = 12;

/// Quotations in a document, in text order, with their speakers.
/// `people[i]` is the person `names[i]` refers to, when known.
pub fn extract_quotations(doc: &Document, names: &[NameMention], people: &[Option<PersonId>]) -> Vec<Quotation> {
    let spans = quoted_spans(doc);
    let mut at = Attributor::new(doc, names, people, &spans);
    // Attributions found inside quotes that lost their opening mark are not quoted words.
    let splits: Vec<(Range<usize>, Found)> = spans.iter().map(|q| at.split_attribution(q)).collect();
    for (q, (content, _)) in spans.iter().zip(&splits) {
        at.in_quote[q.content.start..content.start].fill(false);
    }
    let mut out: Vec<Quotation> = Vec::new();
    let mut previous: Option<(usize, Option<Speaker>)> = None;
    for (q, (content, prefix_speaker)) in spans.iter().zip(splits) {
        let Some(content) = trim_to_words(doc, content) else { continue };
        let speaker = match prefix_speaker.or_else(|| at.quote_speaker(q, content.start)) {
            Some(found) => found,
            None => previous
                .filter(|(para, _)| q.paragraph <= para + 1 && at.opens_sentence(q, content.start))
                .and_then(|(_, s)| s),
        };
        previous = Some((q.paragraph, speaker));
        out.push(quotation(doc, content, QuoteKind::Quoted, speaker));
    }
    for s in 0..doc.sentences.len() {
        if let Some(q) = at.reported(s) {
            out.push(q);
        }
    }
    out.sort_by_key(|q| q.span);
    out
}

fn quotation(doc: &Document, tokens: Range<usize>, kind: QuoteKind, speaker: Option<Speaker>) -> Quotation {
    let span = Span::new(doc.tokens[tokens.start].span.start, doc.tokens[tokens.end - 1].span.end);
    Quotation { span, tokens, kind, speaker }
}

/// Drop punctuation at both ends; `None` when no word is left.
fn trim_to_words(doc: &Document, r: Range<usize>) -> Option<Range<usize>> {
    let is_word = |i: &usize| !matches!(doc.tokens[*i].kind, TokenKind::Punct(_));
    let start = r.clone().find(is_word)?;
    let end = r.rev().find(is_word)? + 1;
    Some(start..end)
}

/// A speaker search result: `Some(None)` is a subject we cannot name
/// ("officials said"), which still ends the search.
type Found = Option<Option<Speaker>>;

struct Attributor<'a> {
    doc: &'a Document,
    names: &'a [NameMention],
    people: &'a [Option<PersonId>],
    /// The name mention each token belongs to, its title included.
    mention_of: Vec<Option<usize>>,
    in_quote: Vec<bool>,
    /// `names` are in text order (starts and ends ascending), so the names
    /// before or after an offset are found by binary search, not by a scan.
    sorted: bool,
    /// Set while a pronoun's speaker is being looked for, so that the search does not recurse.
    pronoun_lookup: std::cell::Cell<bool>,
}

impl<'a> Attributor<'a> {
    fn new(doc: &'a Document, names: &'a [NameMention], people: &'a [Option<PersonId>], spans: &[QuotedSpan]) -> Self {
        let mut in_quote = vec![false; doc.tokens.len()];
        for q in spans {
            for i in q.content.clone().chain(q.open).chain(q.close) {
                in_quote[i] = true;
            }
        }
        let mut mention_of = vec![None; doc.tokens.len()];
        for (m, n) in names.iter().enumerate() {
            let covered = n.title.map_or(n.span, |t| t.cover(n.span));
            let first = doc.tokens.partition_point(|t| t.span.start < covered.start);
            let last = first + doc.tokens[first..].partition_point(|t| t.span.start < covered.end);
            mention_of[first..last].fill(Some(m));
        }
        let sorted = names.windows(2).all(|w| w[0].span.start <= w[1].span.start && w[0].span.end <= w[1].span.end);
        Attributor { doc, names, people, mention_of, in_quote, sorted, pronoun_lookup: std::cell::Cell::new(false) }
    }

    /// Indices of the names that may end at or before `offset` (a superset when not sorted).
    fn ending_by(&self, offset: usize) -> Range<usize> {
        let n = if self.sorted { self.names.partition_point(|m| m.span.end <= offset) } else { self.names.len() };
        0..n
    }

    /// Indices of the names that may start after `offset` (a superset when not sorted).
    fn starting_after(&self, offset: usize) -> Range<usize> {
        let n = if self.sorted { self.names.partition_point(|m| m.span.start <= offset) } else { 0 };
        n..self.names.len()
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        let t = self.doc.tokens.get(i)?;
        (t.kind == TokenKind::Word).then(|| t.text(&self.doc.text))
    }

    fn sentence_of(&self, token: usize) -> Range<usize> {
        let offset = self.doc.tokens[token].span.start;
        self.doc.sentence_at(offset).map_or(token..token + 1, |s| self.doc.sentences[s].tokens.clone())
    }

    fn is_verb(&self, i: usize) -> bool {
        match self.word(i) {
            Some(w) if w.eq_ignore_ascii_case("according") => self.word(i + 1) == Some("to"),
            Some(w) => is_reporting_verb(w),
            None => false,
        }
    }

    /// A quote that stands at the start of its sentence, with nothing before it.
    fn opens_sentence(&self, q: &QuotedSpan, content_start: usize) -> bool {
        let first = q.open.unwrap_or(content_start);
        let sentence = self.sentence_of(first);
        (sentence.start..first).all(|i| matches!(self.doc.tokens[i].kind, TokenKind::Punct(_)))
    }

    /// Is there someone at token `i` who could be the subject of a verb of saying?
    fn candidate_at(&self, i: usize) -> Found {
        if let Some(m) = self.mention_of[i] {
            return Some(Some(Speaker { mention: m, person: self.people[m] }));
        }
        let w = self.word(i)?;
        if is_speaker_pronoun(w) {
            // While looking for a pronoun's speaker, another pronoun is no one we can name.
            return Some(if self.pronoun_lookup.get() { None } else { self.last_person_before(i) });
        }
        if is_title_head(w) {
            return Some(self.holder_of_title(i, w));
        }
        let lower = w.to_lowercase();
        let unnamed = is_title_word(w) || matches!(lower.as_str(), "official" | "officials" | "sources" | "they");
        unnamed.then_some(None)
    }

    /// "he" or "she": the person last named as a speaker, in the pronoun's
    /// sentence or the one before ("Kowalczyk said the fee would go to the
    /// squad. 'Every pound …,' she said" is Kowalczyk's, not the fee's
    /// Benedetti's); else the last person named.
    fn last_person_before(&self, token: usize) -> Option<Speaker> {
        if !self.pronoun_lookup.get() {
            self.pronoun_lookup.set(true);
            let speaker = self.recent_speaker(token);
            self.pronoun_lookup.set(false);
            if speaker.is_some() {
                return speaker;
            }
        }
        self.last_named_before(token)
    }

    /// The last named speaker of a verb of saying before `token`, in its
    /// sentence or the previous one. Pronouns met on the way do not resolve.
    fn recent_speaker(&self, token: usize) -> Option<Speaker> {
        let offset = self.doc.tokens[token].span.start;
        let s = self.doc.sentence_at(offset)?;
        for sentence in (s.saturating_sub(1)..=s).rev() {
            let r = self.doc.sentences[sentence].tokens.clone();
            // "Valdivia called Oyelaran …. He said": "called" makes no one the speaker "he" means.
            let plain = |v: usize| self.is_verb(v) && !self.word(v).is_some_and(is_ambiguous_speech_verb);
            let found = (r.start..r.end.min(token)).rev().filter(|&v| !self.in_quote[v] && plain(v)).find_map(|v| {
                match self.speaker_of_verb(v, r.start, r.end.min(token)) {
                    Some(Some(sp)) if sp.person.is_some() && self.names[sp.mention].span.end <= offset => Some(sp),
                    _ => None,
                }
            });
            if found.is_some() {
                return found;
            }
        }
        None
    }

    fn last_named_before(&self, token: usize) -> Option<Speaker> {
        let offset = self.doc.tokens[token].span.start;
        self.ending_by(offset)
            .rev()
            .filter(|&m| self.names[m].span.end <= offset && self.people[m].is_some())
            .find(|&m| !self.mention_in_quote(m))
            .map(|m| Speaker { mention: m, person: self.people[m] })
    }

    /// "Benedetti's": the name qualifies a noun after it.
    fn is_possessive(&self, m: usize) -> bool {
        let rest = &self.doc.text[self.names[m].span.end..];
        ["'s", "\u{2019}s", "'", "\u{2019}"].iter().any(|p| {
            rest.strip_prefix(p).is_some_and(|r| r.starts_with(|c: char| !c.is_alphanumeric()) || r.is_empty())
        })
    }

    fn mention_in_quote(&self, m: usize) -> bool {
        let start = self.doc.tokens.partition_point(|t| t.span.start < self.names[m].span.start);
        self.in_quote.get(start).copied().unwrap_or(false)
    }

    /// "the spokesman": the nearest named person, before or else after, with
    /// that title. A qualifier that makes another office must match: "the
    /// governor" is not the lieutenant governor, nor "the chief" the deputy
    /// chief; a lieutenant general is still "the general".
    fn holder_of_title(&self, token: usize, title: &str) -> Option<Speaker> {
        let want = canonical_title_word(title);
        let asked = token.checked_sub(1).and_then(|i| self.word(i)).and_then(office_qualifier);
        let grade_of_rank =
            ranks::match_title(&[want.as_str()]).is_some_and(|(id, ..)| ranks::def(id).kind == Kind::Rank);
        let offset = self.doc.tokens[token].span.start;
        let holds = |m: &usize| {
            self.people[*m].is_some()
                && self.names[*m].title.is_some_and(|t| {
                    let words: Vec<String> =
                        t.slice(&self.doc.text).split_whitespace().map(canonical_title_word).collect();
                    words.iter().enumerate().any(|(k, w)| {
                        let held = k.checked_sub(1).and_then(|j| office_qualifier(&words[j]));
                        *w == want
                            && (held == asked || (asked.is_none() && grade_of_rank && held.is_some_and(is_grade)))
                    })
                })
        };
        let before = self.ending_by(offset).rev().filter(|&m| self.names[m].span.end <= offset).find(holds);
        let m = before
            .or_else(|| self.starting_after(offset).filter(|&m| self.names[m].span.start > offset).find(holds))?;
        Some(Speaker { mention: m, person: self.people[m] })
    }

    /// The subject before a verb of saying, at or after `floor`. The search
    /// stops at quoted words unless it starts inside them.
    fn subject_before(&self, verb: usize, floor: usize) -> Found {
        let inside = self.in_quote[verb];
        let toks = &self.doc.tokens;
        // "X, a spokesman for Y, said" and "X, who …, said": the name before the appositive.
        if verb > floor + 1 && toks[verb - 1].is_punct(',') {
            let lo = floor.max(verb.saturating_sub(3 * SUBJECT_REACH));
            for j in (lo + 1..verb - 1).rev() {
                if self.in_quote[j] != inside {
                    break;
                }
                if toks[j].is_punct(',') {
                    if let Some(m) = self.mention_of[j - 1] {
                        return Some(Some(Speaker { mention: m, person: self.people[m] }));
                    }
                    break;
                }
            }
        }
        let lo = floor.max(verb.saturating_sub(SUBJECT_REACH));
        for j in (lo..verb).rev() {
            let stop = self.in_quote[j] != inside || matches!(toks[j].kind, TokenKind::Punct(';' | ':' | '!' | '?'));
            if stop || self.is_verb(j) {
                return None;
            }
            // "Benedetti's agent had said": the agent spoke, not Benedetti.
            if self.mention_of[j].is_some_and(|m| self.is_possessive(m)) {
                continue;
            }
            if let Some(found) = self.candidate_at(j) {
                return Some(found);
            }
        }
        None
    }

    /// The subject after a verb ("said X", "according to X"), before `ceil`.
    fn subject_after(&self, verb: usize, ceil: usize) -> Found {
        let start = verb + 1 + usize::from(self.word(verb + 1) == Some("to"));
        for j in start..ceil.min(start + SUBJECT_REACH / 2) {
            if self.in_quote[j] || matches!(self.doc.tokens[j].kind, TokenKind::Punct(',' | ';' | ':' | '"')) {
                return None;
            }
            if let Some(found) = self.candidate_at(j) {
                return Some(found);
            }
        }
        None
    }

    fn speaker_of_verb(&self, verb: usize, floor: usize, ceil: usize) -> Found {
        if self.word(verb).is_some_and(|w| w.eq_ignore_ascii_case("according")) {
            return self.subject_after(verb, ceil);
        }
        self.subject_before(verb, floor).or_else(|| self.subject_after(verb, ceil))
    }

    /// The speaker named around a quoted stretch: after it first ("…," X said), then before it.
    fn quote_speaker(&self, q: &QuotedSpan, content_start: usize) -> Found {
        if let Some(close) = q.close {
            let sentence = self.sentence_of(close);
            let end = sentence.end.min(close + 1 + SUBJECT_REACH);
            for v in close + 1..end {
                if self.in_quote[v] {
                    break;
                }
                if self.is_verb(v) {
                    return self.speaker_of_verb(v, close + 1, sentence.end);
                }
            }
        }
        let first = q.open.unwrap_or(content_start);
        let sentence = self.sentence_of(first);
        (sentence.start..first)
            .rev()
            .filter(|&v| !self.in_quote[v] && self.is_verb(v))
            .find_map(|v| self.speaker_of_verb(v, sentence.start, first))
    }

    /// A quote whose opening mark was lost may start with its own attribution
    /// ("Spokesman Ode said the plan works."): split it off.
    fn split_attribution(&self, q: &QuotedSpan) -> (Range<usize>, Found) {
        if q.open.is_some() {
            return (q.content.clone(), None);
        }
        for v in q.content.clone() {
            if !self.is_verb(v) {
                continue;
            }
            let found = self.subject_before(v, q.content.start);
            if let Some(Some(_)) = found {
                let mut start = v + 1;
                if self.word(start).is_some_and(|w| w.eq_ignore_ascii_case("that")) {
                    start += 1;
                }
                return (start..q.content.end, found);
            }
        }
        (q.content.clone(), None)
    }

    /// Reported speech in sentence `s`: the words after "X said", or around "according to X".
    fn reported(&self, s: usize) -> Option<Quotation> {
        let r = self.doc.sentences[s].tokens.clone();
        let toks = &self.doc.tokens;
        let plain_verb = |v: usize| self.is_verb(v) && !self.word(v).is_some_and(is_ambiguous_speech_verb);
        let verb = r.clone().find(|&v| !self.in_quote[v] && plain_verb(v))?;
        // "…," Wu said at a briefing: the verb attributes the quote before it.
        if (r.start.max(verb.saturating_sub(4))..verb).any(|i| self.in_quote[i]) {
            return None;
        }
        let Some(Some(speaker)) = self.speaker_of_verb(verb, r.start, r.end) else { return None };
        let according = self.word(verb).is_some_and(|w| w.eq_ignore_ascii_case("according"));
        let mut content = if according {
            // "According to X, …" or "…, according to X."
            let comma = (verb..r.end).find(|&i| toks[i].is_punct(',') && !self.in_quote[i]);
            match comma {
                Some(c) if verb <= r.start + 1 => c + 1..r.end,
                _ => r.start..verb,
            }
        } else {
            let mut start = verb + 1;
            if self.word(verb).is_some_and(|w| matches!(w.to_lowercase().as_str(), "told" | "tells" | "telling")) {
                // "told reporters (that) …": skip the listener.
                while start < r.end && self.mention_of[start].is_some() {
                    start += 1;
                }
                if start == verb + 1 {
                    start += 1;
                }
            }
            // "said on Tuesday that …": the statement starts after "that".
            let that = (start..r.end.min(start + 6))
                .take_while(|&i| !toks[i].is_punct(','))
                .find(|&i| self.word(i).is_some_and(|w| w.eq_ignore_ascii_case("that")));
            that.map_or(start, |t| t + 1)..r.end
        };
        // Stop at a quotation: the quoted words are a quotation of their own.
        let mut min_words = MIN_REPORTED_WORDS;
        if let Some(q) = content.clone().find(|&i| self.in_quote[i] || toks[i].is_punct('"')) {
            content.end = q;
            min_words = 2 * MIN_REPORTED_WORDS;
        }
        let content = trim_to_words(self.doc, content)?;
        let words = toks[content.clone()].iter().filter(|t| !matches!(t.kind, TokenKind::Punct(_))).count();
        if words < min_words || fold(toks[content.start].text(&self.doc.text)) == "to" {
            return None;
        }
        Some(quotation(self.doc, content, QuoteKind::Reported, Some(speaker)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use crate::kb::Kb;

    /// (quoted words, kind, the speaker's name as the knowledge base has it)
    fn quotations(text: &str) -> Vec<(String, QuoteKind, Option<String>)> {
        let doc = Document::parse("t.txt", text, Format::Plain);
        let kb = Kb::build(vec![doc.clone()]);
        let names = crate::extract::extract_names(&doc);
        let people = kb.people.resolve(&doc, &names, &kb.vocab);
        extract_quotations(&doc, &names, &people)
            .into_iter()
            .map(|q| {
                let who = q.speaker.and_then(|s| s.person).map(|p| kb.people.get(p).name.clone());
                (q.span.slice(&doc.text).to_string(), q.kind, who)
            })
            .collect()
    }

    fn quoted_speakers(text: &str) -> Vec<(String, Option<String>)> {
        quotations(text).into_iter().filter(|q| q.1 == QuoteKind::Quoted).map(|q| (q.0, q.2)).collect()
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    const CAST: &str = "Fire Chief Dana Okafor and Mayor Lena Brandt met Harbor Master Ivo Quint on Monday.\n\n";

    #[test]
    fn name_then_verb_and_verb_then_name() {
        let q = quoted_speakers(&format!(
            "{CAST}\u{201C}The fire is out,\u{201D} Okafor said. \u{201C}We reopen the pier,\u{201D} said Ivo Quint."
        ));
        assert_eq!(
            q,
            [("The fire is out".into(), some("Dana Okafor")), ("We reopen the pier".into(), some("Ivo Quint"))]
        );
    }

    #[test]
    fn verb_before_the_quote_and_according_to() {
        let q = quoted_speakers(&format!(
            "{CAST}Brandt told reporters the city would \"rebuild the boardwalk by summer.\" \
             The damage was \"worse than in 2019,\" according to Quint."
        ));
        assert_eq!(
            q,
            [
                ("rebuild the boardwalk by summer".into(), some("Lena Brandt")),
                ("worse than in 2019".into(), some("Ivo Quint"))
            ]
        );
    }

    #[test]
    fn appositive_between_name_and_verb() {
        let q = quoted_speakers(&format!(
            "{CAST}Dana Okafor, who has led the department since 2015, said \u{201C}no one was hurt.\u{201D}"
        ));
        assert_eq!(q, [("no one was hurt".into(), some("Dana Okafor"))]);
    }

    #[test]
    fn pronoun_resolves_to_the_last_person_named() {
        let q =
            quoted_speakers(&format!("{CAST}Quint inspected the docks. \u{201C}The pilings held,\u{201D} he said."));
        assert_eq!(q, [("The pilings held".into(), some("Ivo Quint"))]);
    }

    #[test]
    fn pronoun_prefers_the_last_speaker_to_a_person_merely_named() {
        let q = quoted_speakers(&format!(
            "{CAST}Okafor said the money would rebuild the Quint pier. \u{201C}Every dollar goes back,\u{201D} she said."
        ));
        assert_eq!(q, [("Every dollar goes back".into(), some("Dana Okafor"))]);
    }

    #[test]
    fn pronoun_after_an_ambiguous_verb_is_the_last_person_named() {
        let q = quoted_speakers(&format!(
            "{CAST}Okafor called Quint \u{201C}a steady hand.\u{201D} He said, \u{201C}The pilings held.\u{201D}"
        ));
        assert_eq!(q[1], ("The pilings held".into(), some("Ivo Quint")));
    }

    #[test]
    fn a_possessive_name_is_not_the_speaker() {
        let q = quoted_speakers(&format!(
            "{CAST}Lena Brandt, Quint's neighbour, had said in June that the docks \u{201C}will reopen in spring\u{201D}."
        ));
        assert_eq!(q[0].1, some("Lena Brandt"));
        let q =
            quoted_speakers(&format!("{CAST}Quint's neighbour said the docks \u{201C}will reopen in spring\u{201D}."));
        assert_ne!(q[0].1, some("Ivo Quint"));
    }

    #[test]
    fn bare_title_resolves_to_the_person_holding_it() {
        let q = quoted_speakers(&format!(
            "{CAST}Brandt spoke first. Later the harbor master said \u{201C}ships may dock again.\u{201D}"
        ));
        assert_eq!(q, [("ships may dock again".into(), some("Ivo Quint"))]);
    }

    #[test]
    fn a_bare_title_is_not_the_holder_of_a_qualified_one() {
        let speakers = |text: &str| quoted_speakers(text).into_iter().map(|(_, s)| s).collect::<Vec<_>>();
        let governor = "Gov. Ada Nwe toured the valley. Lt. Gov. Bert Lafo spoke next. ";
        // The governor, named before the lieutenant governor, said it.
        assert_eq!(
            speakers(&format!("{governor}\u{201C}We will rebuild,\u{201D} the governor said.")),
            [some("Ada Nwe")]
        );
        let deputy = "Deputy Chief Lu Marko briefed reporters. ";
        assert_eq!(speakers(&format!("{deputy}\u{201C}The line held,\u{201D} the chief said.")), [None]);
        assert_eq!(
            speakers(&format!("{deputy}\u{201C}The line held,\u{201D} the deputy chief said.")),
            [some("Lu Marko")]
        );
        // A grade of a rank is still the rank.
        let general = "Lt. Gen. Ivo Brandt met the press. ";
        assert_eq!(
            speakers(&format!("{general}\u{201C}We are ready,\u{201D} the general said.")),
            [some("Ivo Brandt")]
        );
    }

    #[test]
    fn unattributed_quote_continues_the_previous_speaker() {
        let q = quoted_speakers(&format!(
            "{CAST}\u{201C}The fire is out,\u{201D} Okafor said.\n\n\u{201C}Crews will stay overnight to watch for flare-ups.\u{201D}"
        ));
        assert_eq!(q[1], ("Crews will stay overnight to watch for flare-ups".into(), some("Dana Okafor")));
    }

    #[test]
    fn lost_opening_mark_with_the_attribution_inside() {
        let q = quoted_speakers(&format!(
            "{CAST}In a statement, Mayor Lena Brandt said the budget will cover the repairs in full.\u{201D}"
        ));
        assert_eq!(q, [("the budget will cover the repairs in full".into(), some("Lena Brandt"))]);
    }

    #[test]
    fn unnamed_speakers_are_not_guessed() {
        let q = quoted_speakers(&format!("{CAST}\u{201C}It was arson,\u{201D} officials said."));
        assert_eq!(q, [("It was arson".into(), None)]);
    }

    #[test]
    fn reported_speech_is_a_quotation_of_its_speaker() {
        let r: Vec<_> = quotations(&format!(
            "{CAST}Okafor on Tuesday said the cause of the fire was still unknown. \
             According to Brandt, the pier will reopen in May. The tide was low."
        ))
        .into_iter()
        .filter(|q| q.1 == QuoteKind::Reported)
        .map(|q| (q.0, q.2))
        .collect();
        assert_eq!(
            r,
            [
                ("the cause of the fire was still unknown".into(), some("Dana Okafor")),
                ("the pier will reopen in May".into(), some("Lena Brandt"))
            ]
        );
    }
}
