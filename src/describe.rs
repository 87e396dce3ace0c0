//! "What is at this offset of the draft?" for hover cards, go-to-definition
//! and references. Plain types; editors render them. Later kinds of mention
//! (dates, quotations) add a [`Subject`] variant.

use crate::checks::Draft;
use crate::corpus::document::collapse_whitespace;
use crate::finding::{Finding, SourceRef};
use crate::kb::people::{Person, PersonId};
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

/// Describe what is at `offset`: the name mention there (a known person, or a
/// misspelling of one) and the findings that cover it.
pub fn describe(kb: &Kb, draft: &Draft<'_>, findings: &[Finding], offset: usize) -> Option<Described> {
    let mention = draft.names.iter().position(|m| covers(m.span, offset));
    // On a name, the findings anywhere in it; elsewhere, those at the offset.
    let at: Vec<Finding> = findings
        .iter()
        .filter(|f| mention.map_or(covers(f.span, offset), |i| draft.names[i].span.overlaps(f.span)))
        .cloned()
        .collect();
    let person = mention.and_then(|i| draft.people[i].or_else(|| person_from_fix(kb, draft, i, &at)));
    let span = match (mention, at.first()) {
        (Some(i), _) => draft.names[i].span,
        (None, Some(f)) => f.span,
        (None, None) => return None,
    };
    Some(Described { span, findings: at, subject: person.map(|p| Subject::Person(person_card(kb, kb.people.get(p)))) })
}

/// The person a draft mention refers to, if any.
pub fn person_at(kb: &Kb, draft: &Draft<'_>, findings: &[Finding], offset: usize) -> Option<PersonId> {
    match describe(kb, draft, findings, offset)?.subject? {
        Subject::Person(card) => Some(card.id),
    }
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
}
