//! The knowledge base: everything copydesk learned from the corpus, with the
//! source location of every fact.

pub mod align;
pub mod event_facts;
pub mod events;
pub mod fuzzy;
pub mod people;
pub mod quotes;
pub mod roles;
pub mod signature;
pub mod vocab;

use crate::corpus::Document;
use crate::extract::{extract_names, NameMention};
use crate::finding::SourceRef;
use crate::text::Span;
use fuzzy::NearIndex;
use people::{People, SourceNames};
use quotes::QuoteIndex;
use rayon::prelude::*;
use std::sync::Arc;
use vocab::Vocabulary;

pub type SourceId = u32;

/// A corpus file and what was extracted from it.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Source {
    pub path: Arc<str>,
    pub doc: Document,
    pub names: Vec<NameMention>,
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Kb {
    pub sources: Vec<Source>,
    pub people: People,
    pub vocab: Vocabulary,
    /// Every name part of every person, for near-spelling lookups.
    pub name_parts: NearIndex,
    /// What people said in the corpus, for quote checks.
    pub quotes: QuoteIndex,
    /// Dated events and the key statistics used to match drafts to them.
    pub events: events::Events,
    /// Titles and roles per person, with sources.
    pub roles: roles::Roles,
}

impl Kb {
    /// Extract from every document (in parallel) and build the knowledge base.
    pub fn build(docs: Vec<Document>) -> Kb {
        let sources: Vec<Source> = docs
            .into_par_iter()
            .map(|doc| {
                let names = extract_names(&doc);
                Source { path: Arc::from(doc.path.as_str()), doc, names }
            })
            .collect();
        let vocab = sources
            .par_iter()
            .map(|s| {
                let mut v = Vocabulary::default();
                v.add_document(&s.doc);
                v
            })
            .reduce(Vocabulary::default, |mut a, b| {
                a.merge(b);
                a
            });
        let views: Vec<SourceNames<'_>> =
            sources.iter().map(|s| SourceNames { doc: &s.doc, names: &s.names }).collect();
        let people = People::build(&views, &vocab);
        let name_parts = NearIndex::new(people.list.iter().flat_map(|p| p.parts.iter().map(String::as_str)));
        // Independent of each other: built side by side.
        let (quotes, (events, roles)) = rayon::join(
            || QuoteIndex::build(&sources, &people, &vocab),
            || rayon::join(|| events::Events::build(&sources, &people), || roles::Roles::build(&sources, &people)),
        );
        Kb { sources, people, vocab, name_parts, quotes, events, roles }
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id as usize]
    }

    /// Evidence for a finding: a span in a source, with its line and sentence.
    pub fn source_ref(&self, id: SourceId, span: Span) -> SourceRef {
        let s = self.source(id);
        SourceRef { path: s.path.clone(), span, line: s.doc.line_of(span.start), excerpt: s.doc.excerpt(span) }
    }

    /// The source span of a person mention (name only).
    pub fn mention_span(&self, m: &people::PersonMention) -> Span {
        self.source(m.source).names[m.mention].span
    }
}
