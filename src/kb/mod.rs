//! The knowledge base: everything copydesk learned from the corpus, with the
//! source location of every fact.

pub mod align;
pub mod event_facts;
pub mod events;
pub mod fuzzy;
pub mod people;
pub mod quotes;
pub mod roles;
pub mod shared_text;
pub mod signature;
pub mod table;
pub mod vocab;

use crate::corpus::{CorpusText, Document};
use crate::extract::dates::{extract_dates, DateMention};
use crate::extract::{extract_names, NameMention};
use crate::finding::SourceRef;
use crate::text::{LineIndex, Span};
use fuzzy::NearIndex;
use people::{People, PersonId, SourceNames};
use quotes::QuoteIndex;
use rayon::prelude::*;
pub use shared_text::SharedText;
use std::sync::Arc;
use vocab::Vocabulary;

pub type SourceId = u32;

/// A corpus file as the knowledge base keeps it after the build.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Source {
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
    pub fn of(doc: &Document, text: SharedText) -> SourceDoc {
        debug_assert_eq!(*text, *doc.text);
        SourceDoc { text, lines: doc.lines.clone(), sentences: doc.sentences.iter().map(|s| s.span).collect() }
    }

    /// Zero-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        self.lines.line_of(offset)
    }

    /// A one-line excerpt around a span: its sentence, whitespace collapsed
    /// (as [`Document::excerpt`]).
    pub fn excerpt(&self, span: Span) -> String {
        use crate::corpus::document::{collapse_whitespace, span_at};
        let s = span_at(&self.sentences, |s| *s, span.start).map(|i| self.sentences[i]).unwrap_or(span);
        collapse_whitespace(s.slice(&self.text))
    }
}

/// Where a name mention is in its source: the name, and the title before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MentionSpans {
    pub span: Span,
    pub title: Option<Span>,
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

/// A source after the first pass: its text, names and dates (the parse is dropped).
struct FirstPass {
    path: String,
    text: SharedText,
    format: crate::corpus::Format,
    names: Vec<NameMention>,
    dates: Vec<DateMention>,
}

/// Sources per chunk of the second pass. Each chunk's results are merged into
/// the knowledge base while the next chunk is computed, so the per-source
/// intermediate tables of only two chunks are alive at a time.
const CHUNK: usize = 256;

/// What one source contributes, from the second pass.
struct SecondPass {
    source: Source,
    passages: Vec<quotes::SourcePassage>,
    events: events::SourcePart,
    roles: Vec<roles::SourcedRole>,
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
        let (mut first, vocab) = texts
            .into_par_iter()
            .enumerate()
            .fold(
                || (Vec::new(), Vocabulary::default()),
                |(mut out, mut vocab), (i, t)| {
                    let doc = t.parse();
                    vocab.add_document(&doc);
                    let names = extract_names(&doc);
                    let dates = extract_dates(&doc);
                    out.push((i, FirstPass { path: t.path, text: t.text, format: t.format, names, dates }));
                    (out, vocab)
                },
            )
            .reduce(
                || (Vec::new(), Vocabulary::default()),
                |(mut a, mut va), (b, vb)| {
                    a.extend(b);
                    va.merge(vb);
                    (a, va)
                },
            );
        first.sort_unstable_by_key(|(i, _)| *i);
        let first: Vec<FirstPass> = first.into_iter().map(|(_, f)| f).collect();
        let views: Vec<SourceNames<'_>> =
            first.iter().map(|s| SourceNames { text: &s.text, names: &s.names }).collect();
        let (people, resolved) = People::build(&views, &vocab);
        drop(views);
        let name_parts = NearIndex::new(people.list.iter().flat_map(|p| p.parts.iter().map(String::as_str)));
        let latest_year = first.iter().flat_map(|s| s.dates.iter().filter_map(|m| m.year.map(|y| y.value))).max();
        let mut merged = Merged::default();
        let mut pending: Vec<SecondPass> = Vec::new();
        let mut work = first.into_iter().zip(resolved).enumerate();
        loop {
            let chunk: Vec<_> = work.by_ref().take(CHUNK).collect();
            if chunk.is_empty() && pending.is_empty() {
                break;
            }
            let done = std::mem::take(&mut pending);
            let ((), next) = rayon::join(
                || merged.add(done),
                || {
                    chunk
                        .into_par_iter()
                        .map(|(si, (f, resolved))| second_pass(si as SourceId, f, &resolved, latest_year))
                        .collect::<Vec<_>>()
                },
            );
            pending = next;
        }
        let Merged { sources, mut quotes, events, roles } = merged;
        quotes.finish();
        let (events, roles) = rayon::join(|| events.finish(latest_year), || roles::Roles::from_facts(roles));
        Kb { sources, people, vocab, name_parts, quotes, events, roles }
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id as usize]
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
        self.source(m.source).names[m.mention].span
    }
}

/// The second pass's results so far, in source order.
#[derive(Default)]
struct Merged {
    sources: Vec<Source>,
    quotes: QuoteIndex,
    events: events::EventsBuilder,
    roles: Vec<roles::SourcedRole>,
}

impl Merged {
    fn add(&mut self, done: Vec<SecondPass>) {
        for s in done {
            self.sources.push(s.source);
            self.quotes.extend(s.passages);
            self.events.add(s.events);
            self.roles.extend(s.roles);
        }
    }
}

/// Everything a source gives once people are known; the parse is dropped at the end.
fn second_pass(si: SourceId, f: FirstPass, resolved: &[Option<PersonId>], latest_year: Option<i16>) -> SecondPass {
    let doc = Document::parse(f.path, f.text.to_string(), f.format);
    let passages = quotes::source_passages(si, &doc, &f.names, resolved);
    let events = events::SourcePart::build(si, &doc, &f.names, &f.dates, resolved, latest_year);
    let roles = roles::source_roles(si, &doc, &f.names, resolved);
    let names = f.names.iter().map(|m| MentionSpans { span: m.span, title: m.title }).collect();
    let source = Source { path: Arc::from(doc.path.as_str()), doc: SourceDoc::of(&doc, f.text), names };
    SecondPass { source, passages, events, roles }
}
