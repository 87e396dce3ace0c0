//! The knowledge base: everything copydesk learned from the corpus, with the
//! source location of every fact.

pub mod align;
mod build;
pub mod chunked;
pub mod csr;
pub mod event_facts;
pub mod events;
pub mod fuzzy;
pub mod memo;
pub mod people;
pub mod quotes;
pub mod roles;
pub mod shared_text;
pub mod signature;
pub mod sources;
pub mod table;
mod update;
pub mod verify;
pub mod vocab;

use crate::corpus::{CorpusText, Document};
use crate::finding::SourceRef;
use crate::text::{LineIndex, Span};
use fuzzy::NearIndex;
use people::People;
use quotes::QuoteIndex;
pub use shared_text::SharedText;
pub use sources::Sources;
use std::sync::Arc;
pub use update::Input;
use vocab::Vocabulary;

pub type SourceId = u32;

/// A corpus file as the knowledge base keeps it after the build.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// Not stored with the rest: the index file's manifest has it.
    #[serde(skip)]
    pub path: Arc<str>,
    pub doc: SourceDoc,
    /// Where each name mention of the source is (indexed like the mentions
    /// the people were built from: [`people::PersonMention::mention`]).
    pub names: Vec<MentionSpans>,
}

impl Source {
    /// The source as the corpus file it was built from (its text shared):
    /// what [`Kb::from_texts`] rebuilds from when other files change.
    pub fn corpus_text(&self) -> CorpusText {
        CorpusText {
            path: self.path.to_string(),
            text: self.doc.text.clone(),
            format: crate::corpus::Format::from_path(std::path::Path::new(&*self.path)),
        }
    }
}

/// What evidence needs of a source document: its text, its lines and its
/// sentences (an excerpt is the sentence around a span). The parse itself
/// (tokens, paragraphs, name parts) is dropped once the facts are extracted.
///
/// The text is not serialized with the rest: the index stores the texts
/// apart, uncompressed, and maps them (see `cache::payload`).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SourceDoc {
    #[serde(skip)]
    pub text: SharedText,
    pub lines: LineIndex,
    sentences: Box<[Span]>,
}

impl SourceDoc {
    /// A document without text.
    pub fn empty() -> SourceDoc {
        SourceDoc { text: SharedText::from(String::new()), lines: LineIndex::new(""), sentences: Box::default() }
    }

    pub fn of(doc: &Document, text: SharedText) -> SourceDoc {
        debug_assert_eq!(*text, *doc.text);
        SourceDoc { text, lines: doc.lines.clone(), sentences: doc.sentences.iter().map(|s| s.span).collect() }
    }

    /// Zero-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        self.lines.line_of(offset)
    }

    /// The sentence holding a span (the span itself when none does).
    pub fn sentence_span(&self, span: Span) -> Span {
        use crate::corpus::document::span_at;
        span_at(&self.sentences, |s| *s, span.start).map(|i| self.sentences[i]).unwrap_or(span)
    }

    /// A one-line excerpt around a span: its sentence, whitespace collapsed
    /// (as [`Document::excerpt`]).
    pub fn excerpt(&self, span: Span) -> String {
        crate::corpus::document::collapse_whitespace(self.sentence_span(span).slice(&self.text))
    }
}

/// Where a name mention is in its source: the name, and the title before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MentionSpans {
    pub span: Span,
    pub title: Option<Span>,
}

#[derive(Debug, Default)]
pub struct Kb {
    pub sources: Sources,
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
    /// Each source's extraction results, for updates (see [`Kb::update`]);
    /// stored apart, like the texts.
    pub memos: memo::Memos,
    /// The stored tables' check against their hashes, after a cache hit.
    pub verification: verify::Verification,
}

impl Kb {
    /// Build from parsed documents (tests, editor buffers): see [`Kb::from_texts`].
    pub fn build(docs: Vec<Document>) -> Kb {
        Kb::from_texts(docs.into_iter().map(CorpusText::from).collect())
    }

    /// Build the knowledge base in two passes over the sources, each source
    /// on its own in parallel, so that only a few parsed documents are alive
    /// at a time:
    /// 1. parse; extract names and dates; count words; keep names and dates.
    /// 2. (after people are clustered from every source's names) parse again;
    ///    extract quotations, event keys, numbers and roles with the people
    ///    resolved; keep the text, line and sentence spans and mention spans.
    pub fn from_texts(texts: Vec<CorpusText>) -> Kb {
        let (first, vocab) = build::first_passes(texts);
        build::assemble(first, vocab, None)
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id as usize]
    }

    /// Where a name mention is in its source (`None` for a mention the
    /// source does not have: a damaged stored source has none).
    pub fn mention_spans(&self, m: &people::PersonMention) -> Option<MentionSpans> {
        self.sources.get(m.source as usize)?.names.get(m.mention).copied()
    }

    /// Evidence for a finding: a span in a source, with its line and sentence.
    pub fn source_ref(&self, id: SourceId, span: Span) -> SourceRef {
        let s = self.source(id);
        SourceRef {
            source: id,
            path: s.path.clone(),
            span,
            line: s.doc.line_of(span.start),
            excerpt: s.doc.excerpt(span),
        }
    }

    /// The source span of a person mention (name only).
    pub fn mention_span(&self, m: &people::PersonMention) -> Span {
        self.mention_spans(m).map_or(Span::default(), |n| n.span)
    }
}
