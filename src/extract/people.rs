//! Person-name mentions: capitalised word sequences, with the title words
//! before them split off and organisations, places and sentence-initial
//! common words left out.
//!
//! This module decides what *looks like* a name in one document. Whether it is
//! a known person, and which one, is the knowledge base's job.

use crate::corpus::Document;
use crate::lexicon::abbreviations::is_abbreviation;
use crate::lexicon::calendar::is_calendar_word;
use crate::lexicon::common_words::is_common_word;
use crate::lexicon::org_words::{is_org_word, is_place, is_place_after};
use crate::lexicon::speech::{is_name_particle, is_speech_verb};
use crate::lexicon::titles::{is_honorific, is_title_head, is_title_word};
use crate::text::{fold, Span, Token, TokenKind};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NamePart {
    /// The part without a possessive "'s" or trailing period.
    pub span: Span,
    pub text: String,
    /// An initial ("Q.") or a cluster of initials ("CQ").
    pub initials: bool,
}

/// What makes us believe a capitalised sequence names a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Cue {
    /// Nothing but capitalisation.
    Bare,
    /// Followed by ", the …" / ", who …".
    Appositive,
    /// Next to a verb of saying.
    Speech,
    /// A courtesy title ("Mr.", "Dr.").
    Honorific,
    /// A rank or office ("Gen.", "spokesman").
    Title,
}

impl Cue {
    pub fn is_strong(self) -> bool {
        self != Cue::Bare
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NameMention {
    /// From the first to the last name part.
    pub span: Span,
    pub parts: Vec<NamePart>,
    /// Title words right before the name ("Navy Captain", "Defense Ministry spokesman").
    pub title: Option<Span>,
    pub cue: Cue,
    pub sentence: usize,
    /// The name starts its sentence, so its capital letter says nothing.
    pub sentence_initial: bool,
    /// The sentence is in title case (a headline), so capitals say little.
    pub headline: bool,
}

impl NameMention {
    pub fn is_full(&self) -> bool {
        self.parts.len() >= 2
    }

    /// Folded parts, initials as separate letters: "Charles Q. Brown" → ["charles", "q", "brown"].
    pub fn folded_parts(&self) -> Vec<String> {
        self.parts.iter().map(|p| fold(&p.text)).collect()
    }

    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        self.span.slice(src)
    }
}

struct Element {
    token: usize,
    /// A period follows with no space ("Lt.", "Q.").
    dotted: bool,
}

fn word_of<'a>(src: &'a str, t: &Token) -> &'a str {
    t.text(src)
}

fn is_capitalized_word(src: &str, t: &Token) -> bool {
    t.kind == TokenKind::Word && word_of(src, t).chars().next().is_some_and(char::is_uppercase)
}

/// "CQ", "Q", "JFK": one to three capital letters.
fn is_initials(word: &str) -> bool {
    let n = word.chars().count();
    (1..=3).contains(&n) && word.chars().all(|c| c.is_uppercase())
}

/// "JPMorgan", "eBay", "YouTube"-like brand tokens mark organisations;
/// "McDonald", "DeSantis", "O'Neill", "MacArthur" are names.
fn is_brand_like(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let leading_caps = chars.iter().take_while(|c| c.is_uppercase()).count();
    if leading_caps >= 2 && leading_caps < chars.len() && chars[leading_caps].is_lowercase() {
        return true;
    }
    false
}

fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "\u{2019}s"] {
        if let Some(w) = word.strip_suffix(suffix) {
            return w;
        }
    }
    word
}

/// Is this sentence written in title case, like a headline?
fn is_headline(src: &str, toks: &[Token]) -> bool {
    let long: Vec<&Token> =
        toks.iter().filter(|t| t.kind == TokenKind::Word && word_of(src, t).chars().count() >= 4).collect();
    let caps = long.iter().filter(|t| is_capitalized_word(src, t)).count();
    long.len() >= 3 && caps * 10 >= long.len() * 7
}

/// Every name-like mention in a document, in text order.
pub fn extract_names(doc: &Document) -> Vec<NameMention> {
    let dateline = crate::corpus::dateline::dateline(doc);
    let mut out: Vec<NameMention> = (0..doc.sentences.len()).flat_map(|s| sentence_names(doc, s, dateline)).collect();
    strengthen_from_surnames(&mut out);
    out
}

/// The mentions of one sentence before [`finish_names`]: they depend only on
/// the sentence's tokens and text, and on the dateline where it overlaps them.
pub(crate) fn sentence_names(doc: &Document, s: usize, dateline: Option<Span>) -> Vec<NameMention> {
    let mut out = Vec::new();
    let toks = &doc.tokens[doc.sentences[s].tokens.clone()];
    let headline = is_headline(&doc.text, toks);
    let mut i = 0;
    while i < toks.len() {
        if !is_capitalized_word(&doc.text, &toks[i]) {
            i += 1;
            continue;
        }
        let (run, next) = collect_run(&doc.text, toks, i);
        if let Some(m) = mention_from_run(&doc.text, toks, &run, s, headline) {
            // The place in a dateline ("RIVERTON —") is not a person.
            if !dateline.is_some_and(|d| d.overlaps(m.span)) {
                out.push(m);
            }
        }
        i = next;
    }
    out
}

/// The document-level step of [`extract_names`], on all of its sentences' mentions.
pub(crate) fn finish_names(mentions: &mut [NameMention]) {
    strengthen_from_surnames(mentions);
}

fn collect_run(src: &str, toks: &[Token], start: usize) -> (Vec<Element>, usize) {
    let mut run = Vec::new();
    let mut j = start;
    while j < toks.len() {
        let t = &toks[j];
        if is_capitalized_word(src, t) {
            let w = word_of(src, t);
            let dotted = toks.get(j + 1).is_some_and(|n| n.is_punct('.') && !n.space_before)
                && (is_initials(w) || is_abbreviation(w));
            run.push(Element { token: j, dotted });
            j += 1 + usize::from(dotted);
            continue;
        }
        // "Ursula von der Leyen": lower-case particles between capitalised words.
        let particle = t.kind == TokenKind::Word && is_name_particle(word_of(src, t)) && !run.is_empty();
        if particle {
            let mut k = j;
            while k < toks.len() && toks[k].kind == TokenKind::Word && is_name_particle(word_of(src, &toks[k])) {
                k += 1;
            }
            if k < toks.len() && is_capitalized_word(src, &toks[k]) {
                for p in j..k {
                    run.push(Element { token: p, dotted: false });
                }
                j = k;
                continue;
            }
        }
        break;
    }
    (run, j.max(start + 1))
}

fn mention_from_run(
    src: &str,
    toks: &[Token],
    run: &[Element],
    sentence: usize,
    headline: bool,
) -> Option<NameMention> {
    let word = |e: &Element| word_of(src, &toks[e.token]);
    // The name is what follows the last title word in the run.
    let name_start = run.iter().rposition(|e| is_title_word(word(e))).map_or(0, |k| k + 1);
    // A sentence-initial "During" or "According" is not part of a title.
    let prefix_start = run[..name_start]
        .iter()
        .position(|e| is_title_word(word(e)) || is_service(word(e)) || !is_common_word(word(e)))
        .unwrap_or(name_start);
    let prefix = &run[prefix_start..name_start];
    let mut name: &[Element] = &run[name_start..];
    // Leading words that cannot begin a name: "During", "Tuesday", "Mongolia" in "Mongolia Ada Grant".
    while let Some(first) = name.first() {
        let w = word(first);
        let strip = (is_common_word(w) && !first.dotted)
            || is_calendar_word(w)
            || is_name_particle(w)
            || ((is_place(w) || is_org_word(w)) && name.len() > 2);
        if !strip {
            break;
        }
        name = &name[1..];
    }
    while let Some(last) = name.last() {
        let w = word(last);
        if is_calendar_word(w) || is_name_particle(w) || (is_common_word(w) && name.len() > 1) {
            name = &name[..name.len() - 1];
        } else {
            break;
        }
    }
    if name.is_empty() {
        return None;
    }
    // Organisations and places: "Brown University", "Taiwan Strait", "JPMorgan Chase", "Hong Kong".
    if name.iter().any(|e| is_org_word(word(e)) || is_brand_like(word(e))) {
        return None;
    }
    if name.iter().all(|e| is_place(word(e))) {
        return None;
    }
    // "at Mill Lane": a street or venue, though "Lane" alone can be a surname.
    let before = run[0].token.checked_sub(1).and_then(|i| toks.get(i)).filter(|t| t.kind == TokenKind::Word);
    if let (Some(before), Some(last)) = (before, name.last()) {
        if is_place_after(word_of(src, before), word(last)) {
            return None;
        }
    }
    let parts: Vec<NamePart> = name
        .iter()
        .map(|e| {
            let t = &toks[e.token];
            let w = strip_possessive(word(e));
            NamePart {
                span: Span::new(t.span.start, t.span.start + w.len()),
                text: w.to_string(),
                initials: is_initials(w),
            }
        })
        .collect();
    if !parts.iter().any(|p| !p.initials && p.text.chars().count() >= 2) {
        return None;
    }
    let first_tok = name[0].token;
    let last_tok = name[name.len() - 1].token;
    let (cue, title) = cue_for(src, toks, prefix, first_tok, last_tok);
    Some(NameMention {
        span: Span::new(parts[0].span.start, parts[parts.len() - 1].span.end),
        parts,
        title,
        cue,
        sentence,
        sentence_initial: first_tok == 0 || (first_tok == 1 && matches!(toks[0].kind, TokenKind::Punct(_))),
        headline,
    })
}

fn is_kin_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "father"
            | "mother"
            | "son"
            | "daughter"
            | "brother"
            | "sister"
            | "wife"
            | "husband"
            | "grandson"
            | "granddaughter"
            | "grandfather"
            | "grandmother"
            | "uncle"
            | "aunt"
            | "nephew"
            | "niece"
            | "cousin"
            | "widow"
            | "partner"
    )
}

/// A full name written once with nothing but capitals ("sentenced Ann Ode
/// to …") is still a person when the same document later calls that surname
/// a speaker or gives it an appositive ("Ode said", "Ode, who …").
fn strengthen_from_surnames(mentions: &mut [NameMention]) {
    let strong_surnames: Vec<(String, usize)> = mentions
        .iter()
        .filter(|m| !m.is_full() && m.cue.is_strong() && !m.headline)
        .map(|m| (fold(&m.parts[0].text), m.span.start))
        .collect();
    for m in mentions.iter_mut().filter(|m| m.is_full() && m.cue == Cue::Bare && !m.headline) {
        let Some(last) = m.parts.last() else { continue };
        let surname = fold(&last.text);
        if strong_surnames.iter().any(|(s, at)| *s == surname && *at > m.span.start) {
            m.cue = Cue::Appositive;
        }
    }
}

/// Services that qualify a rank before a name ("Navy Captain", "Fire Chief").
fn is_service(word: &str) -> bool {
    matches!(
        word,
        "Navy"
            | "Army"
            | "Marine"
            | "Marines"
            | "Air"
            | "Coast"
            | "Guard"
            | "Space"
            | "Fire"
            | "Police"
            | "Harbor"
            | "Harbour"
    )
}

/// The evidence that a run names a person, and the span of any title before it.
fn cue_for(src: &str, toks: &[Token], prefix: &[Element], first: usize, last: usize) -> (Cue, Option<Span>) {
    let w = |i: usize| word_of(src, &toks[i]);
    let words = |i: usize| toks[i].kind == TokenKind::Word;
    // Title words inside the capitalised run ("Navy Captain", "U.S. President"),
    // or lower-case ones just before it, extended left over the words that
    // qualify them ("Chinese Defense Ministry spokesman").
    let mut has_title = !prefix.is_empty();
    let honorific_only = !prefix.is_empty() && prefix.iter().all(|e| is_honorific(w(e.token)));
    let mut title_start = None;
    if has_title {
        let mut k = prefix.len();
        while k > 0 && is_title_word(w(prefix[k - 1].token)) && !is_org_word(w(prefix[k - 1].token)) {
            k -= 1;
        }
        if k > 0 && k < prefix.len() && (is_place(w(prefix[k - 1].token)) || is_service(w(prefix[k - 1].token))) {
            k -= 1;
        }
        title_start = Some(prefix[k.min(prefix.len() - 1)].token);
    } else if first > 0 && words(first - 1) && is_title_head(w(first - 1)) {
        has_title = true;
        let mut s = first - 1;
        while s > 0 && words(s - 1) {
            let prev = w(s - 1);
            let qualifies =
                is_title_word(prev) || is_org_word(prev) || is_place(prev) || is_capitalized_word(src, &toks[s - 1]);
            if !qualifies || is_common_word(prev) && !is_title_word(prev) {
                break;
            }
            s -= 1;
        }
        title_start = Some(s);
    }
    let title_end = first.checked_sub(1).map(|p| toks[p].span.end);
    let title = match (has_title, title_start, title_end) {
        (true, Some(s), Some(e)) => Some(Span::new(toks[s].span.start, e)),
        _ => None,
    };
    if has_title {
        return (if honorific_only { Cue::Honorific } else { Cue::Title }, title);
    }
    let next = last + 1;
    if next < toks.len() && words(next) && is_speech_verb(w(next)) {
        return (Cue::Speech, None);
    }
    if first > 0 && words(first - 1) && matches!(w(first - 1), "said" | "says" | "to" | "by") {
        let according = first >= 2 && words(first - 2) && w(first - 2).eq_ignore_ascii_case("according");
        if w(first - 1) != "to" || according {
            return (Cue::Speech, None);
        }
    }
    // "Ann Ode, 34, was …": an age in commas follows only a person.
    if toks.get(next).is_some_and(|t| t.is_punct(','))
        && toks.get(next + 1).is_some_and(|t| t.kind == TokenKind::Number && word_of(src, t).len() <= 3)
        && toks.get(next + 2).is_some_and(|t| t.is_punct(','))
    {
        return (Cue::Appositive, None);
    }
    // "His father, Ann Ode, …": a kinship noun set off before the name.
    if first >= 2 && toks[first - 1].is_punct(',') && words(first - 2) && is_kin_word(w(first - 2)) {
        return (Cue::Appositive, None);
    }
    if next + 1 < toks.len() && toks[next].is_punct(',') && words(next + 1) {
        let after = w(next + 1);
        if matches!(after.to_lowercase().as_str(), "the" | "a" | "an" | "who" | "whose") || is_title_word(after) {
            return (Cue::Appositive, None);
        }
    }
    (Cue::Bare, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    fn names(text: &str) -> Vec<(String, Cue, Option<String>)> {
        let doc = Document::parse("t.txt", text, Format::Plain);
        extract_names(&doc)
            .into_iter()
            .map(|m| (m.text(&doc.text).to_string(), m.cue, m.title.map(|t| t.slice(&doc.text).to_string())))
            .collect()
    }

    fn name_texts(text: &str) -> Vec<String> {
        names(text).into_iter().map(|n| n.0).collect()
    }

    #[test]
    fn titles_are_split_off() {
        let n = names("Fire Chief Dana Okafor and Lt. Col. Ann B. Ode spoke.");
        assert_eq!(n[0], ("Dana Okafor".into(), Cue::Title, Some("Fire Chief".into())));
        assert_eq!(n[1], ("Ann B. Ode".into(), Cue::Title, Some("Lt. Col.".into())));
    }

    #[test]
    fn lowercase_titles_with_their_qualifiers() {
        let n = names("The city council spokeswoman Mira Lind declined. Harbor Department spokesman Teo Vance agreed.");
        assert_eq!(n[0].2.as_deref(), Some("council spokeswoman"));
        assert_eq!(n[1], ("Teo Vance".into(), Cue::Title, Some("Harbor Department spokesman".into())));
    }

    #[test]
    fn streets_after_a_preposition_of_place_are_not_people() {
        assert!(name_texts("He has three years left on his contract at Mill Lane.").is_empty());
        assert!(name_texts("The supporters marched from Mill Lane to the town hall.").is_empty());
        assert_eq!(name_texts("Nathan Lane said the show would go on."), ["Nathan Lane"]);
    }

    #[test]
    fn organisations_and_places_are_not_people() {
        assert!(name_texts("She studied at Brown University near the Taiwan Strait.").is_empty());
        assert!(name_texts("He banked with JPMorgan Chase in Hong Kong.").is_empty());
    }

    #[test]
    fn sentence_initial_common_words_are_dropped() {
        assert_eq!(name_texts("During Mayor Lind's visit, Ode waited."), ["Lind", "Ode"]);
        assert_eq!(name_texts("According to Teo Vance, it rained."), ["Teo Vance"]);
    }

    #[test]
    fn possessives_and_initials() {
        let doc = Document::parse("t.txt", "Gen. CQ Brown’s aide met Charles Q. Brown.", Format::Plain);
        let m = extract_names(&doc);
        assert_eq!(m[0].parts.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(), ["CQ", "Brown"]);
        assert!(m[0].parts[0].initials);
        assert_eq!(m[0].text(&doc.text), "CQ Brown");
        assert_eq!(m[1].folded_parts(), ["charles", "q", "brown"]);
    }

    #[test]
    fn speech_and_appositive_cues() {
        let n = names("Teo Vance said no. It was late, said Mira Lind. Ann Ode, the harbor master, agreed.");
        assert_eq!(n.iter().map(|x| x.1).collect::<Vec<_>>(), [Cue::Speech, Cue::Speech, Cue::Appositive]);
    }

    #[test]
    fn particles_and_diacritics() {
        assert_eq!(
            name_texts("Councillor Ana de la Cruz met José Núñez-Gómez."),
            ["Ana de la Cruz", "José Núñez-Gómez"]
        );
    }

    #[test]
    fn country_before_a_name_is_not_part_of_it() {
        assert_eq!(
            name_texts("Talks with US Deputy Secretary of Defense for Mongolia Ada Grant ended."),
            ["Ada Grant"]
        );
    }

    #[test]
    fn ages_kin_and_later_surnames_make_bare_names_people() {
        let n = names("A judge fined Ann Ode, 34, on Monday. Her brother, Teo Ode, paid.");
        assert_eq!(n[0].1, Cue::Appositive);
        assert_eq!(n[1].1, Cue::Appositive);
        let n = names("Mira Lind opened a bakery. Lind said it took a year.");
        assert_eq!((n[0].0.as_str(), n[0].1), ("Mira Lind", Cue::Appositive));
        let n = names("Mira Lind opened a bakery in May.");
        assert_eq!(n[0].1, Cue::Bare);
    }

    #[test]
    fn dateline_places_are_not_people() {
        assert_eq!(name_texts("PORT ELLIS — Mayor Ann Ode spoke."), ["Ann Ode"]);
    }

    #[test]
    fn occupations_split_off_like_titles() {
        assert_eq!(name_texts("Parent Ann Ode spoke. Meteorologist Teo Vance agreed."), ["Ann Ode", "Teo Vance"]);
    }

    #[test]
    fn headlines_are_flagged() {
        let doc = Document::parse("t.txt", "Harbor Officials Hold First Talks as Weather Warms", Format::Plain);
        let m = extract_names(&doc);
        assert!(!m.is_empty());
        assert!(m.iter().all(|m| m.headline));
        let doc = Document::parse("t.txt", "Mayor Ann Ode said the harbor would reopen next week.", Format::Plain);
        assert!(!extract_names(&doc)[0].headline);
    }
}
