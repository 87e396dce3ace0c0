//! "What is at this offset of the draft?" for hover cards, go-to-definition
//! and references. Plain types; editors render them. A subject is a person
//! (a name mention), a date (the corpus event the sentence describes) or a
//! quotation (the source passages that say the same).

use crate::checks::event_match::draft_date;
use crate::checks::{Context, Draft};
use crate::corpus::document::collapse_whitespace;
use crate::extract::QuoteKind;
use crate::finding::{Finding, SourceRef};
use crate::kb::align::Alignment;
use crate::kb::people::{Person, PersonId};
use crate::kb::quotes::{folded_words, sentence_pieces, QuoteMatch};
use crate::kb::Kb;
use crate::text::{fold, Span};

#[derive(Debug)]
pub struct Described {
    /// The draft span the description is about.
    pub span: Span,
    /// Findings at the offset, most relevant first.
    pub findings: Vec<Finding>,
    pub subject: Option<Subject>,
}

#[derive(Debug)]
pub enum Subject {
    Person(PersonCard),
    Date(DateCard),
    Quote(QuoteCard),
}

#[derive(Debug)]
pub struct PersonCard {
    pub id: PersonId,
    pub name: String,
    pub aliases: Vec<String>,
    /// Each title as written, with the first source that gives it.
    pub titles: Vec<(String, SourceRef)>,
    pub source_count: usize,
    /// Up to three passages from different sources, full-name mentions first.
    pub excerpts: Vec<SourceRef>,
}

/// Describe what is at `offset`: a name mention (a known person, or a
/// misspelling of one), else a date, else a quotation, with the findings in
/// it; elsewhere, the findings that cover the offset.
pub fn describe(kb: &Kb, draft: &Draft<'_>, findings: &[Finding], offset: usize) -> Option<Described> {
    let overlapping =
        |span: Span| -> Vec<Finding> { findings.iter().filter(|f| span.overlaps(f.span)).cloned().collect() };
    if let Some(i) = draft.names.iter().position(|m| covers(m.span, offset)) {
        let span = draft.names[i].span;
        let at = overlapping(span);
        let person = draft.people[i].or_else(|| person_from_fix(kb, draft, i, &at));
        let subject = person.map(|p| Subject::Person(person_card(kb, kb.people.get(p))));
        return Some(Described { span, findings: at, subject });
    }
    if let Some((span, card)) = date_at(kb, draft, offset) {
        return Some(Described { span, findings: overlapping(span), subject: Some(Subject::Date(card)) });
    }
    if let Some((span, card)) = quote_at(kb, draft, offset) {
        return Some(Described { span, findings: overlapping(span), subject: Some(Subject::Quote(card)) });
    }
    let at: Vec<Finding> = findings.iter().filter(|f| covers(f.span, offset)).cloned().collect();
    Some(Described { span: at.first()?.span, findings: at, subject: None })
}

/// The person a draft mention refers to, if any.
pub fn person_at(kb: &Kb, draft: &Draft<'_>, findings: &[Finding], offset: usize) -> Option<PersonId> {
    match describe(kb, draft, findings, offset)?.subject? {
        Subject::Person(card) => Some(card.id),
        _ => None,
    }
}

/// Where the sources introduce a subject: a person's first full-name
/// mention, the first source that dates an event, the closest source passage
/// of a quotation.
pub fn definition(kb: &Kb, subject: &Subject) -> Option<SourceRef> {
    match subject {
        Subject::Person(card) => introduction(kb, card.id),
        Subject::Date(card) => card.event.as_ref()?.dates.first().map(|(_, at)| at.clone()),
        Subject::Quote(card) => card.excerpt.clone(),
    }
}

/// Every corpus passage about a subject, in corpus order.
pub fn references(kb: &Kb, subject: &Subject) -> Vec<SourceRef> {
    let mut refs = match subject {
        Subject::Person(card) => return all_mentions(kb, card.id),
        Subject::Date(card) => card.event.iter().flat_map(|e| e.dates.iter().map(|(_, at)| at.clone())).collect(),
        Subject::Quote(card) => card.passages.clone(),
    };
    refs.sort_by(|a, b| (&a.path, a.span.start).cmp(&(&b.path, b.span.start)));
    refs.dedup_by(|a, b| a.path == b.path && a.span == b.span);
    refs
}

fn covers(span: Span, offset: usize) -> bool {
    span.contains(offset) || span.end == offset
}

/// For a misspelt name: the person whose name the fix spells.
fn person_from_fix(kb: &Kb, draft: &Draft<'_>, mention: usize, at: &[Finding]) -> Option<PersonId> {
    let m = &draft.names[mention];
    let fix = at.iter().flat_map(|f| &f.fixes).find(|x| m.span.contains(x.span.start))?;
    let corrected: Vec<String> =
        m.parts.iter().map(|p| if p.span == fix.span { fold(&fix.replacement) } else { fold(&p.text) }).collect();
    let candidates = kb.people.with_part(&fold(&fix.replacement));
    candidates.iter().copied().find(|&pid| corrected.iter().all(|c| kb.people.get(pid).has_part(c)))
}

pub fn person_card(kb: &Kb, p: &Person) -> PersonCard {
    let mut titles: Vec<(String, SourceRef)> = Vec::new();
    for m in &p.mentions {
        let s = kb.source(m.source);
        if let Some(t) = s.names[m.mention].title {
            let title = collapse_whitespace(t.slice(&s.doc.text));
            if !titles.iter().any(|(x, _)| *x == title) {
                titles.push((title, kb.source_ref(m.source, t.cover(s.names[m.mention].span))));
            }
        }
    }
    PersonCard {
        id: p.id,
        name: p.name.clone(),
        aliases: p.aliases.clone(),
        titles,
        source_count: p.source_count(),
        excerpts: mentions_by_source(kb, p).into_iter().take(3).collect(),
    }
}

/// One passage per source, full-name mentions first, in corpus order.
fn mentions_by_source(kb: &Kb, p: &Person) -> Vec<SourceRef> {
    let mut mentions: Vec<_> = p.mentions.iter().collect();
    mentions.sort_by_key(|m| (!m.full, m.source, m.mention));
    let mut seen = std::collections::HashSet::new();
    mentions
        .into_iter()
        .filter(|m| seen.insert(m.source))
        .map(|m| kb.source_ref(m.source, kb.mention_span(m)))
        .collect()
}

#[derive(Debug)]
pub struct DateCard {
    /// The date the draft gives, relative forms resolved ("March 5").
    pub draft_date: String,
    /// The corpus event the sentence describes, when one matches.
    pub event: Option<EventCard>,
}

/// How a draft date compares with the event the sentence describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateAgreement {
    Agrees,
    /// The one clearly matching event has another date (what `date-mismatch` reports).
    Differs,
    /// The closest event has another date, but the match is not clear enough to say the draft is wrong.
    Unclear,
}

#[derive(Debug)]
pub struct EventCard {
    pub agreement: DateAgreement,
    /// The event's date as the sources give it, merged across them.
    pub date: String,
    /// Each date a source gives the event, with where.
    pub dates: Vec<(String, SourceRef)>,
    /// People the sources name in the event's sentences.
    pub people: Vec<String>,
}

fn date_at(kb: &Kb, draft: &Draft<'_>, offset: usize) -> Option<(Span, DateCard)> {
    let config = crate::config::Config::default();
    let cx = Context { kb, draft, config: &config, scope: crate::engine::Scope::All };
    // Only the date under the cursor is matched to events.
    let d = draft_date(&cx, draft.dates.iter().position(|d| covers(d.span, offset))?);
    let event = if let Some(e) = d.agreeing_event(&cx) {
        Some((DateAgreement::Agrees, &kb.events.list[e]))
    } else if let Some(e) = d.conflicting_event(&cx) {
        Some((DateAgreement::Differs, e))
    } else {
        d.matches.first().map(|(e, _)| (DateAgreement::Unclear, &kb.events.list[*e]))
    };
    let event = event.map(|(agreement, e)| EventCard {
        agreement,
        date: e.date().describe(),
        dates: e.whens.iter().map(|w| (w.date.describe(), kb.source_ref(w.source, w.span))).collect(),
        people: e.people.iter().map(|&p| kb.people.get(p).name.clone()).collect(),
    });
    Some((d.mention.span, DateCard { draft_date: d.date.describe(), event }))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteStatus {
    /// A source has these exact words.
    Verified,
    /// A source has close but different words.
    Differs,
    /// No source has anything close.
    Unverified,
}

/// One run of a word diff between a draft quotation and a source passage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffPiece {
    Same(String),
    /// Words the draft has and the source does not.
    DraftOnly(String),
    /// Words the source has and the draft does not.
    SourceOnly(String),
}

#[derive(Debug)]
pub struct QuoteCard {
    pub status: QuoteStatus,
    /// The speaker as the draft names them.
    pub draft_speaker: Option<String>,
    /// The speaker the sources give the closest passage.
    pub speaker: Option<String>,
    /// The closest source passage (the stretch the quotation covers).
    pub excerpt: Option<SourceRef>,
    /// The quotation against that passage; empty when verified or unverified.
    pub diff: Vec<DiffPiece>,
    /// Every close source passage, best first.
    pub passages: Vec<SourceRef>,
}

fn quote_at(kb: &Kb, draft: &Draft<'_>, offset: usize) -> Option<(Span, QuoteCard)> {
    let doc = draft.doc;
    let q = draft.quotes.iter().find(|q| q.kind == QuoteKind::Quoted && covers(q.span, offset))?;
    // Sources may give a long quotation's sentences separately: describe the one under the cursor.
    let pieces = sentence_pieces(doc, q.tokens.clone());
    let piece = pieces.iter().find(|r| covers(token_span(doc, (*r).clone()), offset)).or(pieces.first())?.clone();
    let (words, tokens) = folded_words(doc, piece.clone());
    let span = Span::new(doc.tokens[*tokens.first()?].span.start, doc.tokens[*tokens.last()?].span.end);
    let draft_speaker = q.speaker.map(|s| draft.names[s.mention].text(&doc.text).to_string());
    let person = q.speaker.and_then(|s| s.person);
    // The rules looked this piece up already when it is one of theirs.
    let matches = draft.quote_matches(kb, piece, &words);
    let same_speaker = |m: &&QuoteMatch| {
        let sourced = kb.quotes.passage(m.passage).speaker();
        person.is_none() || sourced.is_none() || sourced == person
    };
    // As `misquote` chooses: an exact match (the draft speaker's first), else
    // the closest passage of a compatible speaker, else the closest at all.
    let best = matches
        .iter()
        .filter(|m| m.is_exact())
        .max_by_key(|m| kb.quotes.passage(m.passage).speaker() == person && person.is_some())
        .or_else(|| matches.iter().find(same_speaker))
        .or(matches.first());
    let passage_ref = |m: &QuoteMatch| {
        let p = kb.quotes.passage(m.passage);
        kb.source_ref(p.source(), kb.quotes.span_of(&kb.source(p.source()).doc, m.passage, m.alignment.window.clone()))
    };
    let card = match best {
        None => QuoteCard {
            status: QuoteStatus::Unverified,
            draft_speaker,
            speaker: None,
            excerpt: None,
            diff: Vec::new(),
            passages: Vec::new(),
        },
        Some(m) => {
            let p = kb.quotes.passage(m.passage);
            let source_doc = &kb.source(p.source()).doc;
            let draft_words: Vec<&str> = tokens.iter().map(|&t| doc.tokens[t].text(&doc.text)).collect();
            let source_words: Vec<&str> = (0..p.words().len()).map(|i| p.word_text(&source_doc.text, i)).collect();
            QuoteCard {
                status: if m.is_exact() { QuoteStatus::Verified } else { QuoteStatus::Differs },
                draft_speaker,
                speaker: p.speaker().map(|s| kb.people.get(s).name.clone()),
                excerpt: Some(passage_ref(m)),
                diff: if m.is_exact() { Vec::new() } else { word_diff(&m.alignment, &draft_words, &source_words) },
                passages: matches.iter().map(passage_ref).collect(),
            }
        }
    };
    Some((span, card))
}

fn token_span(doc: &crate::corpus::Document, tokens: std::ops::Range<usize>) -> Span {
    Span::new(doc.tokens[tokens.start].span.start, doc.tokens[tokens.end - 1].span.end)
}

/// The draft's words against the passage's, from an alignment (whose
/// changes index `draft` and the whole passage `source`).
pub fn word_diff(a: &Alignment, draft: &[&str], source: &[&str]) -> Vec<DiffPiece> {
    let mut out: Vec<DiffPiece> = Vec::new();
    let mut push = |piece: fn(String) -> DiffPiece, words: &[&str]| {
        if !words.is_empty() {
            out.push(piece(words.join(" ")));
        }
    };
    let mut d = 0;
    for c in &a.changes {
        push(DiffPiece::Same, &draft[d..c.draft.start]);
        push(DiffPiece::DraftOnly, &draft[c.draft.clone()]);
        push(DiffPiece::SourceOnly, &source[c.source.clone()]);
        d = c.draft.end;
    }
    push(DiffPiece::Same, &draft[d..]);
    out
}

/// Where the sources introduce a person: the first full-name mention in
/// corpus order (else the first mention).
pub fn introduction(kb: &Kb, id: PersonId) -> Option<SourceRef> {
    let p = kb.people.get(id);
    let first = p.mentions.iter().min_by_key(|m| (!m.full, m.source, kb.mention_span(m).start))?;
    Some(kb.source_ref(first.source, kb.mention_span(first)))
}

/// Every corpus mention of a person, in corpus order.
pub fn all_mentions(kb: &Kb, id: PersonId) -> Vec<SourceRef> {
    let mut v: Vec<_> = kb.people.get(id).mentions.iter().collect();
    v.sort_by_key(|m| (m.source, kb.mention_span(m).start));
    v.into_iter().map(|m| kb.source_ref(m.source, kb.mention_span(m))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::corpus::{Document, Format};
    use crate::Engine;
    use std::sync::Arc;

    fn engine() -> Engine {
        let docs = vec![
            Document::parse(
                "a.md",
                "Fire Chief Dana Okafor said the blaze was out. Okafor thanked crews.",
                Format::Markdown,
            ),
            Document::parse("b.md", "Later, Chief Okafor met Mayor Lena Brandt. Dana Okafor left.", Format::Markdown),
        ];
        Engine::new(Arc::new(Kb::build(docs)), Config::default())
    }

    #[test]
    fn known_person_card_has_titles_sources_and_excerpts() {
        let e = engine();
        let doc = Document::parse("d.md", "We met Dana Okafor today.", Format::Markdown);
        let draft = Draft::analyze(e.kb(), &doc);
        let d = describe(e.kb(), &draft, &[], doc.text.find("Okafor").unwrap()).unwrap();
        assert_eq!(d.span.slice(&doc.text), "Dana Okafor");
        let Some(Subject::Person(card)) = d.subject else { panic!("no person") };
        assert_eq!(card.name, "Dana Okafor");
        assert_eq!(card.source_count, 2);
        assert_eq!(card.excerpts.len(), 2);
        let titles: Vec<&str> = card.titles.iter().map(|(t, _)| t.as_str()).collect();
        assert!(titles.contains(&"Chief"), "{titles:?}");
        assert_eq!(introduction(e.kb(), card.id).unwrap().path.as_ref(), "a.md");
        assert_eq!(all_mentions(e.kb(), card.id).len(), 4);
    }

    #[test]
    fn misspelt_mention_leads_with_the_finding_and_names_the_person() {
        let e = engine();
        let doc = Document::parse("d.md", "We met Dana Okafro today.", Format::Markdown);
        let findings = e.check(&doc);
        let draft = Draft::analyze(e.kb(), &doc);
        let d = describe(e.kb(), &draft, &findings, doc.text.find("Okafro").unwrap() + 2).unwrap();
        assert_eq!(d.findings.len(), 1);
        assert!(matches!(d.subject, Some(Subject::Person(ref c)) if c.name == "Dana Okafor"));
        assert!(describe(e.kb(), &draft, &findings, 1).is_none());
    }

    /// A council story with a dated vote and a quotation, for date and quote cards.
    fn council() -> Engine {
        let docs = vec![
            Document::parse(
                "vote.md",
                "The city council approved the harbor budget on March 4, 2024, after a long debate.\n\n\
                 Mayor Lena Brandt signed the harbor budget the next morning.\n\n\
                 \u{201C}We will rebuild the old pier before the summer season,\u{201D} Brandt said.",
                Format::Markdown,
            ),
            Document::parse(
                "later.md",
                "Lena Brandt, the mayor, said \u{201C}we will rebuild the old pier before the summer season.\u{201D}",
                Format::Markdown,
            ),
        ];
        Engine::new(Arc::new(Kb::build(docs)), Config::default())
    }

    fn described(e: &Engine, text: &str, at: &str) -> (Document, Described) {
        let doc = Document::parse("d.md", text, Format::Markdown);
        let findings = e.check(&doc);
        let draft = Draft::analyze(e.kb(), &doc);
        let d = describe(e.kb(), &draft, &findings, doc.text.find(at).unwrap() + 1).expect("a description");
        (doc, d)
    }

    #[test]
    fn a_date_that_agrees_shows_the_event_and_its_sources() {
        let e = council();
        let (doc, d) = described(&e, "The council approved the harbor budget on March 4, 2024.", "March");
        assert_eq!(d.span.slice(&doc.text), "March 4, 2024");
        assert!(d.findings.is_empty());
        let Some(Subject::Date(card)) = &d.subject else { panic!("no date: {d:?}") };
        assert_eq!(card.draft_date, "March 4, 2024");
        let event = card.event.as_ref().expect("the vote");
        assert_eq!(event.agreement, DateAgreement::Agrees);
        assert_eq!(event.date, "March 4, 2024");
        assert_eq!(event.dates.len(), 1);
        assert_eq!(event.dates[0].1.path.as_ref(), "vote.md");
        let subject = d.subject.as_ref().unwrap();
        assert_eq!(definition(e.kb(), subject).unwrap().span.slice(&e.kb().sources[0].doc.text), "March 4, 2024");
        assert_eq!(references(e.kb(), subject).len(), 1);
    }

    #[test]
    fn a_wrong_date_leads_with_the_finding_and_gives_the_sourced_date() {
        let e = council();
        let (_, d) = described(&e, "The council approved the harbor budget on March 7, 2024.", "March");
        assert_eq!(d.findings.len(), 1, "{d:?}");
        assert_eq!(d.findings[0].rule, crate::Rule::DateMismatch);
        let Some(Subject::Date(card)) = &d.subject else { panic!("no date: {d:?}") };
        let event = card.event.as_ref().expect("the vote");
        assert_eq!(event.agreement, DateAgreement::Differs);
        assert_eq!(event.date, "March 4, 2024");
    }

    #[test]
    fn a_date_no_event_matches_says_so() {
        let e = council();
        let (_, d) = described(&e, "The bakery on Elm Street opened on June 2, 2023.", "June");
        let Some(Subject::Date(card)) = &d.subject else { panic!("no date: {d:?}") };
        assert!(card.event.is_none(), "{card:?}");
    }

    #[test]
    fn a_verified_quotation_names_the_source_and_speaker() {
        let e = council();
        let text = "\u{201C}We will rebuild the old pier before the summer season,\u{201D} Brandt said.";
        let (doc, d) = described(&e, text, "pier");
        assert_eq!(d.span.slice(&doc.text), "We will rebuild the old pier before the summer season");
        let Some(Subject::Quote(card)) = &d.subject else { panic!("no quote: {d:?}") };
        assert_eq!(card.status, QuoteStatus::Verified);
        assert_eq!(card.speaker.as_deref(), Some("Lena Brandt"));
        assert_eq!(card.draft_speaker.as_deref(), Some("Brandt"));
        assert!(card.diff.is_empty());
        assert_eq!(card.passages.len(), 2, "both sources have the words");
        assert_eq!(references(e.kb(), d.subject.as_ref().unwrap()).len(), 2);
    }

    #[test]
    fn a_changed_word_shows_the_word_diff() {
        let e = council();
        let text = "\u{201C}We will rebuild the new pier before the summer season,\u{201D} Brandt said.";
        let (_, d) = described(&e, text, "pier");
        assert_eq!(d.findings.first().map(|f| f.rule), Some(crate::Rule::Misquote), "{d:?}");
        let Some(Subject::Quote(card)) = &d.subject else { panic!("no quote: {d:?}") };
        assert_eq!(card.status, QuoteStatus::Differs);
        assert_eq!(
            card.diff,
            [
                DiffPiece::Same("We will rebuild the".into()),
                DiffPiece::DraftOnly("new".into()),
                DiffPiece::SourceOnly("old".into()),
                DiffPiece::Same("pier before the summer season".into()),
            ]
        );
        let excerpt = card.excerpt.as_ref().unwrap();
        assert!(excerpt.excerpt.contains("old pier"), "{excerpt:?}");
    }

    #[test]
    fn words_no_source_has_are_unverified() {
        let e = council();
        let (_, d) = described(&e, "\u{201C}The ferry timetable changes every spring,\u{201D} Brandt said.", "ferry");
        let Some(Subject::Quote(card)) = &d.subject else { panic!("no quote: {d:?}") };
        assert_eq!(card.status, QuoteStatus::Unverified);
        assert!(card.excerpt.is_none() && card.passages.is_empty());
        assert!(definition(e.kb(), d.subject.as_ref().unwrap()).is_none());
    }
}
