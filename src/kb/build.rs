//! The two passes of [`Kb::from_texts`], and the second pass's reuse of an
//! earlier build's results for sources whose people resolve as before
//! ([`Kb::update`]).

use super::events::{self, SourcePart};
use super::people::{People, Person, PersonId, SourceNames};
use super::quotes::{self, QuoteIndex, SourcePassage};
use super::roles::{self, SourcedRole};
use super::vocab::Vocabulary;
use super::{memo, Kb, MentionSpans, NearIndex, SharedText, Source, SourceDoc, SourceId};
use crate::corpus::{CorpusText, Document, Format};
use crate::extract::dates::{extract_dates, DateMention};
use crate::extract::{extract_names, NameMention};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// A source after the first pass: its text, names and dates (the parse is dropped).
pub(super) struct FirstPass {
    pub path: String,
    pub text: SharedText,
    pub format: Format,
    pub names: Vec<NameMention>,
    pub dates: Vec<DateMention>,
}

/// Sources per chunk of the second pass. Each chunk's results are merged into
/// the knowledge base while the next chunk is computed, so the per-source
/// intermediate tables of only two chunks are alive at a time.
const CHUNK: usize = 256;

/// What one source contributes, from the second pass.
struct SecondPass {
    source: Source,
    passages: Vec<SourcePassage>,
    events: SourcePart,
    roles: Vec<SourcedRole>,
    memo: memo::Encoded,
}

/// What an earlier build gave a source that has not changed since.
pub(super) struct Earlier {
    /// Its index in the earlier build.
    pub index: usize,
    /// Its first pass, encoded (it holds no person ids: kept as it is).
    pub first: Vec<u8>,
    pub source: Source,
    pub passages: Vec<SourcePassage>,
    pub roles: Vec<SourcedRole>,
    /// The person of each name mention, in the earlier build's ids.
    pub resolved: Vec<Option<PersonId>>,
}

/// An earlier build's results, to reuse where the people resolve the same.
pub(super) struct Reuse {
    /// Per source of the new build: what the earlier build gave it, if unchanged.
    pub parts: Vec<Option<Earlier>>,
    /// The identity of each of the earlier build's people, by id.
    pub identities: Vec<String>,
    /// The earlier build's latest year: dates without a year were resolved with it.
    pub latest_year: Option<i16>,
    /// The earlier build's memos, for the events parts of the sources reused.
    pub memos: memo::Memos,
}

/// The first pass over every source, in parallel: names, dates, word counts.
pub(super) fn first_passes(texts: Vec<CorpusText>) -> (Vec<FirstPass>, Vocabulary) {
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
    (first.into_iter().map(|(_, f)| f).collect(), vocab)
}

/// Cluster people from every source's names, then run (or reuse) the second
/// pass of each source and merge the results, in source order.
pub(super) fn assemble(first: Vec<FirstPass>, vocab: Vocabulary, reuse: Option<Reuse>) -> Kb {
    let views: Vec<SourceNames<'_>> = first.iter().map(|s| SourceNames { text: &s.text, names: &s.names }).collect();
    let (people, resolved) = People::build(&views, &vocab);
    drop(views);
    let name_parts = NearIndex::new(people.list.iter().flat_map(|p| p.parts.iter().map(String::as_str)));
    let latest_year = first.iter().flat_map(|s| s.dates.iter().filter_map(|m| m.year.map(|y| y.value))).max();
    // Earlier results are valid only with the same latest year (it anchors
    // dates without one) and mapped to the new people.
    let (mut earlier, new_ids, memos) = match reuse {
        Some(r) if r.latest_year == latest_year => (r.parts, new_ids(&r.identities, &people.list), r.memos),
        _ => (Vec::new(), Vec::new(), memo::Memos::default()),
    };
    earlier.resize_with(first.len(), || None);
    let mut merged = Merged::default();
    let mut pending: Vec<SecondPass> = Vec::new();
    let mut work = first.into_iter().zip(resolved).zip(earlier).enumerate();
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
                    .map(|(si, ((f, resolved), earlier))| {
                        let si = si as SourceId;
                        earlier
                            .and_then(|e| reused(si, e, &resolved, &new_ids, &memos))
                            .unwrap_or_else(|| second_pass(si, f, &resolved, latest_year))
                    })
                    .collect::<Vec<_>>()
            },
        );
        pending = next;
    }
    let Merged { sources, mut quotes, events, roles, memos } = merged;
    quotes.finish();
    let (events, roles) = rayon::join(|| events.finish(latest_year), || roles::Roles::from_facts(roles));
    let memos = memo::Memos::from_encoded(memos);
    Kb {
        sources: sources.into(),
        people,
        vocab,
        name_parts,
        quotes,
        events,
        roles,
        memos,
        verification: Default::default(),
    }
}

/// A person's identity across builds: ids are positions, which shift when
/// sources come and go; the spelling the person is known by does not.
pub(super) fn identity(p: &Person) -> String {
    p.folded_parts().join(" ")
}

/// Each earlier person's id among `new` people, by identity (`None` when it
/// is gone or, on either side, not the only person with that identity).
fn new_ids(old: &[String], new: &[Person]) -> Vec<Option<PersonId>> {
    fn unique(identities: impl Iterator<Item = String>) -> FxHashMap<String, Option<PersonId>> {
        let mut out: FxHashMap<String, Option<PersonId>> = FxHashMap::default();
        for (id, key) in identities.enumerate() {
            out.entry(key).and_modify(|id| *id = None).or_insert(Some(id));
        }
        out
    }
    let (old_ids, new_ids) = (unique(old.iter().cloned()), unique(new.iter().map(identity)));
    old.iter().map(|key| old_ids.get(key).copied().flatten().and(new_ids.get(key).copied().flatten())).collect()
}

/// The earlier results of an unchanged source with its people renumbered,
/// when every name mention resolves to the same person as before; `None`
/// when the source must be extracted again.
fn reused(
    si: SourceId,
    e: Earlier,
    resolved: &[Option<PersonId>],
    new_ids: &[Option<PersonId>],
    memos: &memo::Memos,
) -> Option<SecondPass> {
    let new_id = |p: PersonId| new_ids.get(p).copied().flatten();
    let same = e.resolved.len() == resolved.len()
        && e.resolved.iter().zip(resolved).all(|(old, new)| old.map(new_id) == new.map(Some));
    if !same || e.source.names.len() != resolved.len() {
        return None;
    }
    let events = memos.events(e.index)?.remap(si, new_id)?;
    let passages = e.passages.into_iter().map(|p| p.remap(si, new_id)).collect::<Option<Vec<_>>>()?;
    let roles = e.roles.into_iter().map(|r| r.remap(si, new_id)).collect::<Option<Vec<_>>>()?;
    let memo = memo::Encoded { first: e.first, events: memo::encode(&events) };
    Some(SecondPass { source: e.source, passages, events, roles, memo })
}

/// The second pass's results so far, in source order.
#[derive(Default)]
struct Merged {
    sources: Vec<Source>,
    quotes: QuoteIndex,
    events: events::EventsBuilder,
    roles: Vec<SourcedRole>,
    memos: Vec<memo::Encoded>,
}

impl Merged {
    fn add(&mut self, done: Vec<SecondPass>) {
        for s in done {
            self.sources.push(s.source);
            self.quotes.extend(s.passages);
            self.events.add(s.events);
            self.roles.extend(s.roles);
            self.memos.push(s.memo);
        }
    }
}

/// Everything a source gives once people are known; the parse is dropped at the end.
fn second_pass(si: SourceId, f: FirstPass, resolved: &[Option<PersonId>], latest_year: Option<i16>) -> SecondPass {
    let doc = Document::parse(f.path, f.text.to_string(), f.format);
    let passages = quotes::source_passages(si, &doc, &f.names, resolved);
    let events = events::SourcePart::build(si, &doc, &f.names, &f.dates, resolved, latest_year);
    let roles = roles::source_roles(si, &doc, &f.names, resolved);
    let memo = memo::Encoded::new(&f.names, &f.dates, &events);
    let names = f.names.iter().map(|m| MentionSpans { span: m.span, title: m.title }).collect();
    let source = Source { path: Arc::from(doc.path.as_str()), doc: SourceDoc::of(&doc, f.text), names };
    SecondPass { source, passages, events, roles, memo }
}
