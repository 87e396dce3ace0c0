//! Titles and roles the text gives a person: the words before a name
//! ("Navy Captain", "Chairman of the Joint Chiefs of Staff General",
//! "Chinese Defense Ministry spokesman") and appositives after it
//! (", the deputy assistant secretary of defense for …", ", who serves as …",
//! ", General Brown's spokesman"). Each is parsed into ranks and offices,
//! organisation, country and principal, with spans.

use super::NameMention;
use crate::cache::statics::StaticWord;
use crate::corpus::Document;
use crate::lexicon::abbreviations::is_abbreviation;
use crate::lexicon::aliases::{match_country, match_org, same_org_name};
use crate::lexicon::org_words::{is_org_word, is_place};
use crate::lexicon::ranks::{self, match_service, match_title, Kind, Style, TitleId, TEMPORAL};
use crate::lexicon::speech::is_speech_verb;
use crate::lexicon::titles::is_title_word;
use crate::text::{fold, Span, Token};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Placement {
    /// Right before the name: "Navy Captain Jane Roe".
    Before,
    /// After the name and a comma: "Jane Roe, a spokeswoman for …".
    Appositive,
}

/// A rank, office or honorific as written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TitleMention {
    pub title: TitleId,
    pub span: Span,
    pub style: Style,
    /// The service right before a rank ("Navy" in "Navy Captain").
    #[serde(with = "crate::cache::statics::word_at")]
    pub service: Option<(StaticWord, Span)>,
}

impl TitleMention {
    pub fn kind(&self) -> Kind {
        ranks::def(self.title).kind
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrgMention {
    /// The canonical name when the alias table knows it, else the words as written (folded).
    pub name: String,
    pub known: bool,
    #[serde(with = "crate::cache::statics::word")]
    pub country: Option<StaticWord>,
    pub span: Span,
}

/// What one phrase says about the person it is attached to.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RoleFact {
    /// Index of the name mention this phrase describes.
    pub mention: usize,
    pub placement: Placement,
    /// The phrase, from its first to its last meaningful word.
    pub span: Span,
    pub titles: Vec<TitleMention>,
    pub org: Option<OrgMention>,
    /// The country the role belongs to, from the organisation or a country word.
    #[serde(with = "crate::cache::statics::word_at")]
    pub country: Option<(StaticWord, Span)>,
    /// The person whose aide this is: "General Brown's spokesman".
    pub principal: Option<usize>,
    /// "former", "acting", "then-": the title may not be current.
    pub temporal: bool,
}

impl RoleFact {
    /// The first civilian office of the phrase, if any.
    pub fn office(&self) -> Option<&TitleMention> {
        self.titles.iter().find(|t| t.kind() == Kind::Office)
    }
}

/// One word of a phrase, folded, without periods or a possessive "'s".
#[derive(Clone, Debug)]
struct Word {
    text: String,
    span: Span,
    upper: bool,
    lower: bool,
}

const CONNECTORS: &[&str] = &["of", "the", "for"];
const PREPOSITIONS: &[&str] = &["of", "for", "to", "at", "in", "with", "on", "from"];
const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its"];
/// Verbs that show a comma phrase is a clause, not an appositive ("Ode, the chief said, …").
const CLAUSE_VERBS: &[&str] = &["is", "was", "are", "were", "has", "have", "had", "will", "would", "met", "and"];
/// Portfolios of "Secretary of X", "X Minister".
const PORTFOLIOS: &[(&str, &str)] = &[
    ("defense", "defense"),
    ("defence", "defense"),
    ("state", "state"),
    ("foreign", "foreign affairs"),
    ("treasury", "the treasury"),
    ("commerce", "commerce"),
    ("energy", "energy"),
    ("justice", "justice"),
    ("labor", "labor"),
    ("education", "education"),
    ("health", "health"),
    ("interior", "the interior"),
    ("agriculture", "agriculture"),
    ("transportation", "transportation"),
    ("finance", "finance"),
    ("trade", "trade"),
];
/// Ranks that are also everyday nouns; only capitalised are they titles.
const GENERIC_NOUNS: &[&str] =
    &["Officer", "Private", "Specialist", "Seaman", "Airman", "Firefighter", "Trooper", "Constable", "Major"];
/// Nouns for a role that is not an office but still places a person ("his Chinese counterpart").
const ROLE_NOUNS: &[&str] = &["counterpart", "leader", "official", "officer", "envoy", "aide", "adviser", "advisor"];

fn token_text(doc: &Document, i: usize) -> &str {
    doc.tokens[i].text(&doc.text)
}

fn strip_possessive(w: &str) -> (&str, bool) {
    for s in ["'s", "\u{2019}s", "'", "\u{2019}"] {
        if let Some(x) = w.strip_suffix(s) {
            return (x, true);
        }
    }
    (w, false)
}

/// A period glued to a short word or abbreviation is part of it ("Lt.", "U.S.").
fn is_abbrev_dot(doc: &Document, i: usize) -> bool {
    i > 0 && doc.tokens[i].is_punct('.') && !doc.tokens[i].space_before && doc.tokens[i - 1].is_word() && {
        let w = token_text(doc, i - 1);
        w.chars().count() <= 4 || is_abbreviation(w)
    }
}

/// The words of tokens `range`, "U.S." as one word, hyphenated words split.
fn words(doc: &Document, range: Range<usize>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let toks: &[Token] = &doc.tokens;
    let mut i = range.start;
    while i < range.end {
        let t = &toks[i];
        if is_abbrev_dot(doc, i) {
            if let Some(last) = out.last_mut() {
                last.span.end = t.span.end;
            }
            i += 1;
            continue;
        }
        if !t.is_word() {
            i += 1;
            continue;
        }
        let raw = t.text(&doc.text);
        // "U.S.", "U.K.": single letters joined by periods.
        if raw.chars().count() == 1 && i + 2 < range.end && toks[i + 1].is_punct('.') && !toks[i + 2].space_before {
            let mut j = i;
            let mut letters = String::new();
            while j + 1 < range.end
                && toks[j].is_word()
                && toks[j].text(&doc.text).chars().count() == 1
                && toks[j + 1].is_punct('.')
                && (j == i || !toks[j].space_before)
            {
                letters.push_str(toks[j].text(&doc.text));
                j += 2;
            }
            if letters.chars().count() >= 2 {
                let end = toks[j - 1].span.end;
                out.push(Word { text: fold(&letters), span: Span::new(t.span.start, end), upper: true, lower: false });
                i = j;
                continue;
            }
        }
        let (stem, _) = strip_possessive(raw);
        let mut offset = t.span.start;
        for piece in stem.split('-') {
            if !piece.is_empty() {
                out.push(Word {
                    text: fold(piece),
                    span: Span::new(offset, offset + piece.len()),
                    upper: piece.chars().all(|c| !c.is_lowercase()),
                    lower: piece.chars().next().is_some_and(char::is_lowercase),
                });
            }
            offset += piece.len() + 1;
        }
        i += 1;
    }
    out
}

/// Could this word belong to a title phrase before a name?
fn title_like(w: &str) -> bool {
    let (stem, _) = strip_possessive(w);
    stem.split('-').any(|p| {
        let f = fold(p);
        is_title_word(&f)
            || is_org_word(&f)
            || is_place(&f)
            || CONNECTORS.contains(&f.as_str())
            || TEMPORAL.contains(&f.as_str())
            || PORTFOLIOS.iter().any(|(k, _)| *k == f)
            || match_title(&[f.as_str()]).is_some()
            || match_country(&[f.as_str()]).is_some()
            || match_org(&[f.as_str()]).is_some()
    })
}

/// Token index of the first and last token of each name mention.
fn mention_tokens(doc: &Document, m: &NameMention) -> (usize, usize) {
    let first = doc.tokens.partition_point(|t| t.span.start < m.span.start);
    let last = doc.tokens.partition_point(|t| t.span.start < m.span.end).saturating_sub(1);
    (first, last.max(first))
}

/// The first and last token of each name mention, with lookups by token
/// (a draft has hundreds of mentions; scanning them per word was quadratic).
struct Bounds {
    of: Vec<(usize, usize)>,
    /// (last token, mention), sorted.
    ends: Vec<(usize, usize)>,
    /// (token, mention) for every token of every mention, sorted.
    tokens: Vec<(usize, usize)>,
}

impl Bounds {
    fn new(of: Vec<(usize, usize)>) -> Bounds {
        let mut ends: Vec<(usize, usize)> = of.iter().enumerate().map(|(m, b)| (b.1, m)).collect();
        ends.sort_unstable();
        let mut tokens: Vec<(usize, usize)> =
            of.iter().enumerate().flat_map(|(m, b)| (b.0..=b.1).map(move |t| (t, m))).collect();
        tokens.sort_unstable();
        Bounds { of, ends, tokens }
    }

    /// The first mention that ends at token `i`.
    fn ending_at(&self, i: usize) -> Option<usize> {
        let k = self.ends.partition_point(|&(t, _)| t < i);
        self.ends.get(k).filter(|&&(t, _)| t == i).map(|&(_, m)| m)
    }

    /// The first mention that holds token `i` and starts at or after token `start`.
    fn covering(&self, i: usize, start: usize) -> Option<usize> {
        let k = self.tokens.partition_point(|&(t, _)| t < i);
        self.tokens[k..].iter().take_while(|&&(t, _)| t == i).map(|&(_, m)| m).find(|&m| self.of[m].0 >= start)
    }
}

/// Every title or role phrase attached to a name mention, in text order.
pub fn extract_roles(doc: &Document, names: &[NameMention]) -> Vec<RoleFact> {
    let bounds = Bounds::new(names.iter().map(|m| mention_tokens(doc, m)).collect());
    let mut out = Vec::new();
    for (mi, m) in names.iter().enumerate() {
        let Some(sentence) = doc.sentences.get(m.sentence) else { continue };
        let sent = sentence.tokens.clone();
        let before = phrase_before(doc, &bounds, mi, &sent);
        let phrase_start = before.as_ref().map_or(bounds.of[mi].0, |b| b.0.start);
        if let Some((range, principal)) = before {
            out.extend(parse(doc, range, principal).map(|f| RoleFact {
                mention: mi,
                placement: Placement::Before,
                org: fuller_org(f.org.clone(), org_after_name(doc, &bounds, mi, &sent)),
                ..f
            }));
        }
        if let Some(range) = counterpart_before(doc, phrase_start, &sent) {
            let span = Span::new(doc.tokens[range.start].span.start, doc.tokens[range.end - 1].span.end);
            out.extend(parse(doc, range, None).map(|f| RoleFact {
                mention: mi,
                placement: Placement::Before,
                span,
                ..f
            }));
        }
        if let Some((range, principal)) = appositive(doc, &bounds, mi, &sent) {
            let span = Span::new(doc.tokens[range.start].span.start, doc.tokens[range.end - 1].span.end);
            out.extend(parse(doc, range, principal).map(|f| RoleFact {
                mention: mi,
                placement: Placement::Appositive,
                span,
                ..f
            }));
        }
    }
    out
}

/// Levels of government written in lower case before an organisation's name.
const GOVERNMENT_LEVELS: &[&str] = &["state", "federal", "city", "county", "national", "regional"];

/// How far after "of the" an organisation's name may run, in tokens.
const ORG_AFTER_NAME_TOKENS: usize = 12;

/// "Deputy Fire Chief Luka Marković of the Halvern County Fire Department":
/// the organisation named in capitals right after the name.
fn org_after_name(doc: &Document, bounds: &Bounds, mi: usize, sent: &Range<usize>) -> Option<OrgMention> {
    let last = bounds.of[mi].1;
    let word = |i: usize| (i < sent.end && doc.tokens[i].is_word()).then(|| fold(token_text(doc, i)));
    if word(last + 1)? != "of" {
        return None;
    }
    let start = if word(last + 2)? == "the" { last + 3 } else { last + 2 };
    let ws = words(doc, start..sent.end.min(start + ORG_AFTER_NAME_TOKENS));
    // "of the state Department of Health": a level of government in lower case before the name.
    let from = usize::from(ws.first().is_some_and(|w| w.lower && GOVERNMENT_LEVELS.contains(&w.text.as_str())));
    let len = proper_org(&ws, from).filter(|&len| len > 1)?;
    let name = ws[from..from + len].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    let span = Span::new(ws[from].span.start, ws[from + len - 1].span.end);
    Some(OrgMention { name, known: false, country: None, span })
}

/// The organisation of a title before a name: the one named after the name
/// when the title names none or a short form of it ("Fire" in "Deputy Fire Chief").
fn fuller_org(own: Option<OrgMention>, after: Option<OrgMention>) -> Option<OrgMention> {
    match (own, after) {
        (None, after) => after,
        (Some(own), Some(after)) if same_org_name(&own.name.to_lowercase(), &after.name) => Some(after),
        (own, _) => own,
    }
}

/// The title words right before a name, and a possessive name before them ("Brown's spokesman Dorsey").
fn phrase_before(
    doc: &Document,
    bounds: &Bounds,
    mi: usize,
    sent: &Range<usize>,
) -> Option<(Range<usize>, Option<usize>)> {
    let first = bounds.of[mi].0;
    let mut k = first;
    let mut principal = None;
    while k > sent.start {
        let i = k - 1;
        if is_abbrev_dot(doc, i) && i > sent.start {
            k -= 1;
            continue;
        }
        if !doc.tokens[i].is_word() {
            break;
        }
        if let Some(other) = bounds.ending_at(i) {
            if strip_possessive(token_text(doc, i)).1 {
                principal = Some(other);
            }
            break;
        }
        let w = token_text(doc, i);
        if !(w.chars().next().is_some_and(char::is_uppercase) || title_like(w)) {
            break;
        }
        k -= 1;
    }
    // Leading words that only happen to be capitalised: "During", "According", "In".
    while k < first && !(doc.tokens[k].is_word() && is_meaningful(token_text(doc, k))) {
        k += 1;
    }
    (k < first).then_some((k..first, principal))
}

/// "his Chinese counterpart, General Liu": a role noun and a comma before the name's phrase.
fn counterpart_before(doc: &Document, start: usize, sent: &Range<usize>) -> Option<Range<usize>> {
    let comma = start.checked_sub(1).filter(|&c| c > sent.start && doc.tokens[c].is_punct(','))?;
    if !ROLE_NOUNS.contains(&fold(token_text(doc, comma - 1)).as_str()) {
        return None;
    }
    let mut k = comma - 1;
    while k > sent.start && comma - k < 5 && doc.tokens[k - 1].is_word() {
        let w = token_text(doc, k - 1);
        if !(DETERMINERS.contains(&fold(w).as_str()) || title_like(w)) {
            break;
        }
        k -= 1;
    }
    // "according to one US official, Xi said …": an unnamed person introducing
    // someone else's words, not another name for the person after the comma.
    let word_at = |i: usize| if i >= sent.start { fold(token_text(doc, i)) } else { String::new() };
    let indefinite = [k, k.wrapping_sub(1)]
        .into_iter()
        .any(|i| matches!(word_at(i).as_str(), "a" | "an" | "one" | "another" | "some" | "several"));
    let according = (k.saturating_sub(3)..k).any(|i| word_at(i) == "according");
    if indefinite || according {
        return None;
    }
    Some(k..comma)
}

fn is_meaningful(w: &str) -> bool {
    let f = fold(strip_possessive(w).0);
    !CONNECTORS.contains(&f.as_str()) && title_like(w)
}

/// ", the deputy director of …", ", who serves as …", ", General Brown's spokesman".
fn appositive(
    doc: &Document,
    bounds: &Bounds,
    mi: usize,
    sent: &Range<usize>,
) -> Option<(Range<usize>, Option<usize>)> {
    let last = bounds.of[mi].1;
    if strip_possessive(token_text(doc, last)).1 || last + 2 >= sent.end || !doc.tokens[last + 1].is_punct(',') {
        return None;
    }
    let mut start = last + 2;
    let mut end = start;
    while end < sent.end {
        let t = &doc.tokens[end];
        let sentence_final = end + 1 == sent.end;
        if t.is_word()
            || matches!(t.kind, crate::text::TokenKind::Number)
            || (is_abbrev_dot(doc, end) && !sentence_final)
        {
            end += 1;
        } else {
            break;
        }
    }
    if end == start || end - start > 25 {
        return None;
    }
    let lower = |i: usize| fold(token_text(doc, i));
    if lower(start) == "who" {
        let verbs: &[&[&str]] =
            &[&["serves", "as"], &["served", "as"], &["has", "been"], &["had", "been"], &["is"], &["was"]];
        let after: Vec<String> = (start + 1..end.min(start + 3)).map(lower).collect();
        let v = verbs.iter().find(|v| v.iter().zip(&after).all(|(a, b)| a == b) && after.len() >= v.len())?;
        start += 1 + v.len();
    }
    if start >= end || !doc.tokens[start].is_word() {
        return None;
    }
    let mut principal = None;
    for i in start..end {
        let w = lower(i);
        if is_speech_verb(&w) || CLAUSE_VERBS.contains(&w.as_str()) {
            return None;
        }
        if let Some(other) = bounds.covering(i, start) {
            // Only "[the] Brown's spokesman": a possessive principal at the start.
            let b = bounds.of[other];
            let leading =
                (start..b.0).all(|j| DETERMINERS.contains(&lower(j).as_str()) || title_like(token_text(doc, j)));
            if !leading || !strip_possessive(token_text(doc, b.1)).1 {
                return None;
            }
            principal = Some(other);
        }
    }
    let first = token_text(doc, start);
    let starts_well = DETERMINERS.contains(&fold(first).as_str()) || title_like(first) || principal.is_some();
    starts_well.then_some((start..end, principal))
}

/// Parse a phrase; `None` when it holds no title, organisation or country.
fn parse(doc: &Document, range: Range<usize>, principal: Option<usize>) -> Option<RoleFact> {
    // Words of a principal's name ("General Brown's") describe the principal, not this person.
    let skip_to = principal.map_or(range.start, |_| {
        (range.start..range.end)
            .rfind(|&i| doc.tokens[i].is_word() && strip_possessive(token_text(doc, i)).1)
            .map_or(range.start, |i| i + 1)
    });
    let ws = words(doc, skip_to..range.end);
    let texts: Vec<&str> = ws.iter().map(|w| w.text.as_str()).collect();
    let n = ws.len();
    let mut used = vec![false; n];
    let span_of = |a: usize, b: usize| Span::new(ws[a].span.start, ws[b - 1].span.end);
    // Short names ("US", "PLA", "UN") only in capitals: "us" is a pronoun.
    let fits = |a: usize, len: usize| len > 1 || ws[a].text.chars().count() > 3 || ws[a].upper;

    let mut org: Option<OrgMention> = None;
    for i in 0..n {
        if let Some((name, country, len)) = match_org(&texts[i..]) {
            if fits(i, len) && org.is_none() {
                // "the Halvern County Fire Department": the place before a
                // known organisation is part of its name as written.
                let mut a = i;
                while a > 0 && is_place_word(&ws[a - 1]) {
                    a -= 1;
                }
                org = Some(OrgMention { name: name.to_string(), known: true, country, span: span_of(a, i + len) });
                used[a..i + len].iter_mut().for_each(|u| *u = true);
            }
        }
    }

    // An organisation the tables do not know, named in capitals: "the
    // Halvern County Sheriff's Office", "a spokeswoman for WPL".
    if org.is_none() {
        if let Some((start, len)) = (0..n).find_map(|i| proper_org(&ws, i).map(|len| (i, len))) {
            let name = texts[start..start + len].join(" ");
            org = Some(OrgMention { name, known: false, country: None, span: span_of(start, start + len) });
            used[start..start + len].iter_mut().for_each(|u| *u = true);
        }
    }

    // Services qualify ranks and may sit inside one: "Deputy Fire Chief".
    let mut services: Vec<Option<(&'static str, Span)>> = vec![None; n];
    let mut i = 0;
    while i < n {
        match match_service(&texts[i..]).filter(|_| !used[i]) {
            Some((name, len)) => {
                services[i] = Some((name, span_of(i, i + len)));
                i += len;
            }
            None => i += 1,
        }
    }
    let is_service_word =
        |k: usize| (0..=k).rev().find_map(|j| services[j].map(|s| s.1.end > ws[k].span.start)).unwrap_or(false);
    let free: Vec<usize> = (0..n).filter(|&k| !used[k] && !is_service_word(k)).collect();
    let free_texts: Vec<&str> = free.iter().map(|&k| texts[k]).collect();
    let mut titles: Vec<TitleMention> = Vec::new();
    let mut j = 0;
    while j < free.len() {
        let Some((id, len, abbreviated)) = match_title(&free_texts[j..]) else {
            j += 1;
            continue;
        };
        let (a, z) = (free[j], free[j + len - 1]);
        // "the top US officer", "a private citizen": generic nouns, not ranks.
        if ws[a].lower && GENERIC_NOUNS.contains(&ranks::def(id).full) {
            j += 1;
            continue;
        }
        // Only service words may sit between the words of one title.
        // A service read as an organisation ("Police", "Fire") still may: "Deputy Fire Chief".
        let service_org = |k: usize| match_service(&texts[k..=k]).is_some();
        if !(a..=z).all(|k| free.contains(&k) || is_service_word(k) || service_org(k)) {
            j += 1;
            continue;
        }
        let span = span_of(a, z + 1);
        let style = Style { abbreviated, dotted: span.slice(&doc.text).contains('.'), lower: ws[a].lower };
        let service = (a.saturating_sub(2)..=z)
            .filter_map(|k| services[k])
            .rfind(|s| s.1.end <= span.end)
            .filter(|_| ranks::def(id).kind == Kind::Rank);
        titles.push(TitleMention { title: id, span, style, service });
        if org.is_none() {
            org = portfolio(&ws, a, z + 1 - a, id);
        }
        j += len;
    }

    // The country: the organisation's, or a country word before the first
    // preposition ("US Deputy Assistant Secretary of Defense for China") or
    // right before the organisation ("the Chinese Defense Ministry").
    let head_end = texts.iter().position(|w| PREPOSITIONS.contains(w)).unwrap_or(n);
    let org_start = org.as_ref().and_then(|o| ws.iter().position(|w| w.span.start == o.span.start));
    let mut word_country: Option<(&'static str, Span)> = None;
    for i in 0..n {
        let near_org = org_start.is_some_and(|s| i < s && (i..s).all(|j| j == i || texts[j] == "the"));
        if used[i] || !(i < head_end || near_org) {
            continue;
        }
        if let Some((key, len)) = match_country(&texts[i..]) {
            if fits(i, len) {
                word_country = Some((key, span_of(i, i + len)));
                break;
            }
        }
    }
    let country = match (org.as_ref().and_then(|o| o.country.map(|c| (c, o.span))), word_country) {
        (Some(a), Some(b)) if a.0 != b.0 => None,
        (Some(a), _) => Some(a),
        (None, b) => b,
    };
    let org = org.map(|mut o| {
        if o.country.is_none() {
            o.country = country.map(|c| c.0);
        }
        o
    });

    let role_noun = texts.iter().any(|w| ROLE_NOUNS.contains(w));
    if titles.is_empty() && !(role_noun && (org.is_some() || country.is_some())) && principal.is_none() {
        return None;
    }
    let spans = titles
        .iter()
        .flat_map(|t| std::iter::once(t.span).chain(t.service.map(|s| s.1)))
        .chain(org.iter().map(|o| o.span))
        .chain(country.iter().map(|c| c.1));
    let span = spans.reduce(|a, b| Span::new(a.start.min(b.start), a.end.max(b.end)))?;
    Some(RoleFact {
        mention: 0,
        placement: Placement::Before,
        span,
        titles,
        org,
        country,
        principal,
        temporal: texts.iter().any(|w| TEMPORAL.contains(w)),
    })
}

/// Last words of an organisation's name: "Sheriff's Office", "Utilities Commission".
const ORG_HEADS: &[&str] = &[
    "department",
    "office",
    "commission",
    "council",
    "authority",
    "agency",
    "board",
    "union",
    "company",
    "corporation",
    "bureau",
    "ministry",
    "committee",
    "hospital",
    "university",
    "college",
    "association",
    "institute",
    "foundation",
    "bank",
    "court",
    "party",
    "federation",
    "administration",
    "directorate",
    "service",
    "services",
    "club",
    "league",
    "trust",
    "utility",
    "utilities",
    "inc",
    "ltd",
    "llc",
    "plc",
];
/// Lower-case words that may join the capitalised words of a name ("Department of Parks and Recreation").
const ORG_JOINERS: &[&str] = &["of", "and"];
/// Prepositions after which a word in capitals alone can be an organisation ("a spokeswoman for WPL").
const BEFORE_INITIALS: &[&str] = &["for", "of", "at", "with", "from"];

/// A capitalised word that may name a place before an organisation ("Halvern
/// County"): not a determiner, a country or a title word.
fn is_place_word(w: &Word) -> bool {
    let text = [w.text.as_str()];
    !w.lower
        && !DETERMINERS.contains(&text[0])
        && match_country(&text).is_none()
        && match_title(&text).is_none()
        && !is_title_word(&w.text)
}

/// The length of an organisation's name in capitals starting at word `i`:
/// capitalised words (joined by "of", "and") up to the last that ends an
/// organisation's name, or initials alone after "for", "of", "at".
fn proper_org(ws: &[Word], i: usize) -> Option<usize> {
    let capital = |w: &Word| !w.lower && !DETERMINERS.contains(&w.text.as_str());
    if !capital(&ws[i]) {
        return None;
    }
    let mut head = None;
    let mut k = i;
    while k < ws.len() {
        let joins = ORG_JOINERS.contains(&ws[k].text.as_str()) && ws.get(k + 1).is_some_and(capital);
        if !(capital(&ws[k]) || joins && k > i) {
            break;
        }
        if capital(&ws[k]) && ORG_HEADS.contains(&ws[k].text.as_str()) {
            head = Some(k);
        }
        k += 1;
    }
    if let Some(h) = head.filter(|&h| h > i) {
        return Some(h + 1 - i);
    }
    // "Department of Health", "Ministry of Justice": the head first, then "of" and a name.
    let head_first = ORG_HEADS.contains(&ws[i].text.as_str()) && ws.get(i + 1).is_some_and(|w| w.text == "of");
    if head_first && k > i + 2 {
        return Some(k - i);
    }
    let w = &ws[i];
    let letters = w.text.chars().count();
    let initials = w.upper && (2..=6).contains(&letters) && w.text.chars().all(char::is_alphabetic);
    let after_preposition = i > 0 && BEFORE_INITIALS.contains(&ws[i - 1].text.as_str())
        || i > 1 && ws[i - 1].text == "the" && BEFORE_INITIALS.contains(&ws[i - 2].text.as_str());
    let alone = k == i + 1;
    let other_meaning = match_country(&[w.text.as_str()]).is_some() || match_title(&[w.text.as_str()]).is_some();
    (initials && after_preposition && alone && !other_meaning).then_some(1)
}

/// "Secretary of Defense", "Defense Secretary", "Foreign Minister": the department or ministry.
fn portfolio(ws: &[Word], i: usize, len: usize, id: TitleId) -> Option<OrgMention> {
    let body = match ranks::def(id).group {
        "cabinet" => "department of",
        "minister" => "ministry of",
        _ => return None,
    };
    let find = |w: &Word| PORTFOLIOS.iter().find(|(k, _)| *k == w.text).map(|(_, p)| *p);
    let (p, span) = if ws.get(i + len).is_some_and(|w| w.text == "of") {
        let w = ws.get(i + len + 1)?;
        (find(w)?, Span::new(ws[i + len].span.start, w.span.end))
    } else {
        let w = ws.get(i.checked_sub(1)?)?;
        (find(w)?, w.span)
    };
    let name = format!("{body} {p}");
    let words: Vec<String> = ranks::form_words(&name);
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    Some(match match_org(&refs).filter(|m| m.2 == refs.len()) {
        Some((canonical, country, _)) => OrgMention { name: canonical.to_string(), known: true, country, span },
        None => OrgMention { name, known: true, country: None, span },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use crate::extract::extract_names;

    struct Seen {
        name: String,
        phrase: String,
        titles: Vec<&'static str>,
        org: Option<String>,
        country: Option<&'static str>,
        principal: Option<String>,
    }

    fn roles(text: &str) -> Vec<Seen> {
        let doc = Document::parse("t.txt", text, Format::Plain);
        let names = extract_names(&doc);
        extract_roles(&doc, &names)
            .into_iter()
            .map(|f| Seen {
                name: names[f.mention].text(&doc.text).to_string(),
                phrase: f.span.slice(&doc.text).to_string(),
                titles: f.titles.iter().map(|t| ranks::def(t.title).full).collect(),
                org: f.org.map(|o| o.name),
                country: f.country.map(|c| c.0),
                principal: f.principal.map(|p| names[p].text(&doc.text).to_string()),
            })
            .collect()
    }

    #[test]
    fn titles_before_names() {
        let r = roles("Police Capt. Ana Ruiz met Deputy Fire Chief Tom Lee and Harbor Master Ivo Quint.");
        assert_eq!(r.len(), 3);
        let deputy = roles("Deputy Police Chief Ana Ruiz spoke.");
        assert_eq!(deputy[0].titles, ["Deputy Chief"]);
        assert_eq!((r[0].name.as_str(), r[0].titles.clone()), ("Ana Ruiz", vec!["Captain"]));
        assert_eq!((r[1].name.as_str(), r[1].titles.clone()), ("Tom Lee", vec!["Deputy Chief"]));
        assert_eq!(r[2].titles, ["Harbor Master"]);
    }

    #[test]
    fn office_with_organisation_and_rank() {
        let r = roles("Yesterday Chairman of the Joint Chiefs of Staff General Ann Ode spoke.");
        assert_eq!(r[0].titles, ["Chairman", "General"]);
        assert_eq!(r[0].org.as_deref(), Some("Joint Chiefs of Staff"));
        assert_eq!(r[0].country, Some("us"));
    }

    #[test]
    fn portfolio_country_and_scope() {
        let r = roles("Talks were led by U.S. Deputy Assistant Secretary of Defense for Canada Ada Grant.");
        assert_eq!(r[0].titles, ["Deputy Assistant Secretary"]);
        assert_eq!(r[0].org.as_deref(), Some("Department of Defense"));
        // "for Canada" is the portfolio's scope, not her country.
        assert_eq!(r[0].country, Some("us"));
    }

    #[test]
    fn appositives() {
        let r = roles("Mira Lind, a spokeswoman for the Department of State, said nothing.");
        assert_eq!(r[0].phrase, "a spokeswoman for the Department of State");
        assert_eq!(r[0].titles, ["Spokesperson"]);
        assert_eq!(r[0].org.as_deref(), Some("Department of State"));
        let r = roles("She met Teo Vance, who serves as the deputy director of the city council.");
        assert_eq!((r[0].name.as_str(), r[0].titles.clone()), ("Teo Vance", vec!["Deputy Director"]));
        assert_eq!(r[0].org.as_deref(), Some("City Council"));
    }

    #[test]
    fn principal_of_an_aide() {
        let r = roles("Sgt. Ivo Quint, Chief Dana Okafor's spokesman, agreed.");
        let quint: Vec<&Seen> = r.iter().filter(|s| s.name == "Ivo Quint").collect();
        assert_eq!(quint.len(), 2);
        assert_eq!(quint[1].titles, ["Spokesperson"]);
        assert_eq!(quint[1].principal.as_deref(), Some("Dana Okafor"));
        // The principal's own title is the principal's.
        assert!(r.iter().any(|s| s.name == "Dana Okafor" && s.titles == ["Chief"]));
    }

    #[test]
    fn clauses_and_lists_are_not_appositives() {
        assert!(roles("Dana Okafor, the mayor said, was late.").iter().all(|s| s.name != "Dana Okafor"));
        assert!(roles("We met Dana Okafor, Mayor Lena Brandt and others.").iter().all(|s| s.name != "Dana Okafor"));
    }

    #[test]
    fn countries_from_adjectives() {
        let r = roles("According to Canadian Defence Ministry spokesperson Li Wei, it rained.");
        assert_eq!(r[0].org.as_deref(), Some("Ministry of Defense"));
        assert_eq!(r[0].country, Some("ca"));
        assert_eq!(r[0].phrase, "Canadian Defence Ministry spokesperson");
        // An unnamed source before a comma is not an appositive of the next name.
        let r = roles("The plan, according to one Mexican official, Luis Mora supported.");
        assert!(r.iter().all(|x| !(x.name == "Luis Mora" && x.phrase.contains("official"))));
        let r = roles("Ana Ruiz met her Mexican counterpart, Gen. Luis Mora.");
        let mora: Vec<&Seen> = r.iter().filter(|s| s.name == "Luis Mora").collect();
        assert_eq!(mora[0].titles, ["General"]);
        assert_eq!((mora[1].phrase.as_str(), mora[1].country), ("her Mexican counterpart", Some("mx")));
    }

    #[test]
    fn everyday_nouns_are_not_ranks() {
        let r = roles("Ana Ruiz, the senior officer on duty, spoke.");
        assert!(r.iter().all(|s| s.titles.is_empty()));
    }
}
