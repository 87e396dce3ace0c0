//! What people said in the corpus: every quotation and reported statement,
//! with its speaker, indexed by word pairs so a draft's quotation finds its
//! closest source passages without scanning every sentence.

mod stored;

use super::align::{align, Alignment};
use super::people::PersonId;
use super::table::TableSource;
use super::{SourceDoc, SourceId};
use crate::corpus::Document;
use crate::extract::{extract_quotations, NameMention, QuoteKind};
use crate::text::{fold, Span, TokenKind};
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::Arc;
use stored::Tables;

/// Quotations shorter than this ("‘provocation’") are labels, not statements.
pub const MIN_QUOTE_WORDS: usize = 3;
/// How similar a passage must be to count as the same statement.
const CLOSE_SIMILARITY: f64 = 0.5;
/// Candidates aligned per lookup, best shingle overlap first.
const CANDIDATES: usize = 8;

/// A passage as extracted, before it is indexed (the index keeps it as rows
/// of flat tables: see [`PassageRef`]).
#[derive(Clone, Debug)]
pub struct Passage {
    pub source: SourceId,
    pub span: Span,
    pub kind: QuoteKind,
    pub speaker: Option<PersonId>,
    /// Folded words and numbers, as ids in the index's word table.
    pub words: Box<[WordId]>,
    /// The passage's tokens from its first word to its last, punctuation
    /// included (what [`QuoteIndex::text_of`] prints).
    toks: Box<[PassageToken]>,
    /// The index in `toks` of each word.
    word_toks: Box<[u32]>,
}

/// A token of a passage: where it is in the source and whether whitespace precedes it.
#[derive(Clone, Copy, Debug)]
struct PassageToken {
    start: u32,
    end: u32,
    space_before: bool,
}

/// A passage of the index.
#[derive(Clone, Copy)]
pub struct PassageRef<'a> {
    tables: &'a Tables,
    i: usize,
}

impl<'a> PassageRef<'a> {
    pub fn source(&self) -> SourceId {
        self.tables.source(self.i)
    }

    pub fn span(&self) -> Span {
        self.tables.span(self.i)
    }

    pub fn kind(&self) -> QuoteKind {
        self.tables.kind(self.i)
    }

    pub fn speaker(&self) -> Option<PersonId> {
        self.tables.speaker(self.i)
    }

    /// Folded words and numbers, as ids in the index's word table.
    pub fn words(&self) -> &'a [WordId] {
        self.tables.words(self.i)
    }

    /// Token `k` of the passage's tokens.
    fn tok(&self, k: u32) -> Option<PassageToken> {
        self.tables.tok(self.i, k as usize)
    }

    /// The token index of word `i`.
    fn word_tok(&self, i: usize) -> Option<u32> {
        self.tables.word_toks(self.i).get(i).copied()
    }

    /// Word `i` of the passage as the source (whose text is `text`) writes it.
    pub fn word_text<'t>(&self, text: &'t str, i: usize) -> &'t str {
        let t = self.word_tok(i).and_then(|k| self.tok(k));
        t.and_then(|t| text.get(t.start as usize..t.end as usize)).unwrap_or_default()
    }
}

/// A source passage close to a quotation.
#[derive(Clone, Debug)]
pub struct QuoteMatch {
    pub passage: usize,
    pub alignment: Alignment,
    pub similarity: f64,
}

impl QuoteMatch {
    pub fn is_exact(&self) -> bool {
        self.alignment.is_exact()
    }
}

/// A folded word of the passages, interned.
pub type WordId = u32;

/// Nothing of the index is in the payload: all of it is flat tables stored
/// after it and used in place ([`QuoteIndex::stored_tables`]).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct QuoteIndex {
    /// Passages added since the last [`QuoteIndex::finish`].
    #[serde(skip)]
    building: Building,
    #[serde(skip)]
    tables: Tables,
}

/// Passages being added, with their words interned.
#[derive(Debug, Default)]
struct Building {
    passages: Vec<Passage>,
    /// Folded word → id, and id → word.
    word_ids: HashMap<Box<str>, WordId>,
    word_list: Vec<Box<str>>,
}

impl Building {
    fn intern(&mut self, word: &str) -> WordId {
        if let Some(&id) = self.word_ids.get(word) {
            return id;
        }
        let id = self.word_list.len() as WordId;
        self.word_ids.insert(word.into(), id);
        self.word_list.push(word.into());
        id
    }
}

/// A passage of a source before it is indexed: its words still as strings.
#[derive(Clone, Debug)]
pub struct SourcePassage {
    passage: Passage,
    words: PassageWords,
}

/// The words of a passage not yet indexed.
#[derive(Clone, Debug)]
enum PassageWords {
    /// As extracted.
    Folded(Vec<String>),
    /// Taken from an earlier index: the passage's word ids are into this word list.
    Earlier(Arc<[Box<str>]>),
}

impl SourcePassage {
    /// The passage as if found in source `si` with each speaker `p` known as
    /// `person(p)`; `None` when a speaker has no new id.
    pub fn remap(mut self, si: SourceId, person: impl Fn(PersonId) -> Option<PersonId>) -> Option<SourcePassage> {
        self.passage.source = si;
        self.passage.speaker = match self.passage.speaker {
            Some(p) => Some(person(p)?),
            None => None,
        };
        Some(self)
    }
}

/// Folded words of a token range, with the token index of each.
pub fn folded_words(doc: &Document, tokens: Range<usize>) -> (Vec<String>, Vec<usize>) {
    tokens
        .filter(|&i| !matches!(doc.tokens[i].kind, TokenKind::Punct(_)))
        .map(|i| (fold(doc.tokens[i].text(&doc.text)), i))
        .unzip()
}

/// The draft's quoted passages (not reported speech), one sentence at a
/// time: what `misquote` and `misattribution` compare with the sources.
pub fn quoted_pieces<'d>(
    doc: &'d Document,
    quotes: &'d [crate::extract::Quotation],
) -> impl Iterator<Item = (&'d crate::extract::Quotation, Range<usize>)> + 'd {
    quotes
        .iter()
        .filter(|q| q.kind == crate::extract::QuoteKind::Quoted)
        .flat_map(move |q| sentence_pieces(doc, q.tokens.clone()).into_iter().map(move |piece| (q, piece)))
}

/// A quotation's token range cut at sentence ends: a quote that runs over
/// several sentences may be made of statements that sources give separately.
pub fn sentence_pieces(doc: &Document, tokens: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = tokens.start;
    while start < tokens.end {
        let end = doc
            .sentence_at(doc.tokens[start].span.start)
            .map_or(tokens.end, |s| doc.sentences[s].tokens.end.clamp(start + 1, tokens.end));
        out.push(start..end);
        start = end;
    }
    out
}

/// Consecutive word pairs, each as one number.
fn shingles(words: &[WordId]) -> impl Iterator<Item = u64> + '_ {
    words.windows(2).map(|w| (w[0] as u64) << 32 | w[1] as u64)
}

/// The first index from `from` on where `list` (sorted) has `p` or more.
pub(crate) fn gallop(list: &[u32], from: usize, p: u32) -> usize {
    // Double the step while still below `p`, then search the last step.
    let (mut lo, mut step) = (from, 1);
    while lo + step < list.len() && list[lo + step] < p {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step).min(list.len());
    lo + list[lo..hi].partition_point(|&x| x < p)
}

/// The passages of one source document. `resolved`: the person of each name mention.
pub fn source_passages(
    source: SourceId,
    doc: &Document,
    names: &[NameMention],
    resolved: &[Option<PersonId>],
) -> Vec<SourcePassage> {
    let mut out = Vec::new();
    for q in extract_quotations(doc, names, resolved) {
        let (words, tokens) = folded_words(doc, q.tokens.clone());
        if words.len() < MIN_QUOTE_WORDS {
            continue;
        }
        let first = tokens[0];
        let toks = doc.tokens[first..=tokens[tokens.len() - 1]]
            .iter()
            .map(|t| PassageToken { start: t.span.start as u32, end: t.span.end as u32, space_before: t.space_before })
            .collect();
        let passage = Passage {
            source,
            span: q.span,
            kind: q.kind,
            speaker: q.speaker.and_then(|sp| sp.person),
            words: Box::default(),
            toks,
            word_toks: tokens.iter().map(|&t| (t - first) as u32).collect(),
        };
        out.push(SourcePassage { passage, words: PassageWords::Folded(words) });
    }
    out
}

/// A quotation's words with their counts, to bound how many words a passage shares with it.
struct CommonWords {
    ids: HashMap<WordId, usize>,
    counts: Vec<usize>,
}

impl CommonWords {
    fn new(words: &[WordId]) -> CommonWords {
        let mut ids: HashMap<WordId, usize> = HashMap::default();
        let mut counts = Vec::new();
        for &w in words {
            let next = ids.len();
            let id = *ids.entry(w).or_insert(next);
            if id == counts.len() {
                counts.push(0);
            }
            counts[id] += 1;
        }
        CommonWords { ids, counts }
    }

    /// Size of the multiset intersection with `other`.
    fn count(&self, other: &[WordId]) -> usize {
        let mut left = self.counts.clone();
        let mut n = 0;
        for w in other {
            if let Some(&id) = self.ids.get(w) {
                if left[id] > 0 {
                    left[id] -= 1;
                    n += 1;
                }
            }
        }
        n
    }
}

impl QuoteIndex {
    /// Index more passages (sources in corpus order); [`QuoteIndex::finish`] when all are in.
    pub fn extend(&mut self, passages: impl IntoIterator<Item = SourcePassage>) {
        let mut passages = passages.into_iter().peekable();
        if passages.peek().is_some() && self.building.passages.is_empty() && !self.is_empty() {
            // Finished already: its passages go first again.
            let (earlier, list) = std::mem::take(self).owned_passages();
            for passage in earlier {
                self.add(SourcePassage { passage, words: PassageWords::Earlier(list.clone()) });
            }
        }
        passages.for_each(|p| self.add(p));
    }

    fn add(&mut self, SourcePassage { mut passage, words }: SourcePassage) {
        let b = &mut self.building;
        passage.words = match words {
            PassageWords::Folded(words) => words.iter().map(|w| b.intern(w)).collect(),
            PassageWords::Earlier(list) => passage.words.iter().map(|&w| b.intern(&list[w as usize])).collect(),
        };
        b.passages.push(passage);
    }

    /// Every passage, owned, with the word list its word ids are into.
    fn owned_passages(self) -> (Vec<Passage>, Arc<[Box<str>]>) {
        let t = &self.tables;
        let list: Arc<[Box<str>]> = (0..t.word_count() as WordId).map(|w| self.word(w).into()).collect();
        let passages = (0..t.len())
            .map(|i| Passage {
                source: t.source(i),
                span: t.span(i),
                kind: t.kind(i),
                speaker: t.speaker(i),
                words: t.words(i).into(),
                toks: t.tok_range(i).enumerate().filter_map(|(k, _)| t.tok(i, k)).collect(),
                word_toks: t.word_toks(i).into(),
            })
            .collect();
        (passages, list)
    }

    /// The passages of each of `sources` sources as [`source_passages`] gave
    /// them: what an update reuses for sources it does not extract again.
    pub fn into_source_passages(self, sources: usize) -> Vec<Vec<SourcePassage>> {
        let mut out: Vec<Vec<SourcePassage>> = (0..sources).map(|_| Vec::new()).collect();
        let (passages, list) = self.owned_passages();
        for passage in passages {
            if let Some(out) = out.get_mut(passage.source as usize) {
                out.push(SourcePassage { passage, words: PassageWords::Earlier(list.clone()) });
            }
        }
        out
    }

    /// Every passage is within bounds (a damaged index could say otherwise).
    pub fn all_sound(&self) -> bool {
        (0..self.len()).all(|i| self.tables.sound(i))
    }

    /// Build the index's tables once every passage is in.
    pub fn finish(&mut self) {
        if self.building.passages.is_empty() && !self.is_empty() {
            return;
        }
        let b = std::mem::take(&mut self.building);
        self.tables = Tables::build(&b.passages, &b.word_list);
    }

    /// How many passages the (finished) index has.
    pub fn len(&self) -> usize {
        self.tables.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Passage `i` (`i < len()`).
    pub fn passage(&self, i: usize) -> PassageRef<'_> {
        PassageRef { tables: &self.tables, i }
    }

    /// How many tables [`QuoteIndex::stored_tables`] gives.
    pub const STORED_TABLES: usize = stored::TABLES;

    /// The index's tables, which the index file stores after the payload, as
    /// they are in memory, in the order [`QuoteIndex::set_stored_tables`] takes them.
    pub(crate) fn stored_tables(&self) -> Vec<&[u8]> {
        self.tables.as_bytes()
    }

    /// Take back the tables of [`QuoteIndex::stored_tables`]; a passage is
    /// matched only once it is known to stay within `people` people and
    /// sources whose texts are `text_lens` long (a damaged index must not panic).
    pub(crate) fn set_stored_tables(
        &mut self,
        from: &mut impl TableSource,
        people: usize,
        text_lens: Arc<[u64]>,
    ) -> Result<(), String> {
        self.tables = Tables::load(from, people, text_lens)?;
        self.building = Building::default();
        Ok(())
    }

    /// An index of these tables, unchecked: what a damaged index file would
    /// give were the checks of [`QuoteIndex::set_stored_tables`] missing, and
    /// its passages trusted as if built here (tests).
    #[cfg(test)]
    pub(crate) fn unchecked(from: &mut impl TableSource) -> Result<QuoteIndex, String> {
        Ok(QuoteIndex { building: Building::default(), tables: Tables::read(from)? })
    }

    /// A word of the passages.
    pub fn word(&self, id: WordId) -> &str {
        std::str::from_utf8(self.tables.word_text(id as usize)).unwrap_or_default()
    }

    /// The passages that contain this word pair, in passage order.
    fn postings(&self, shingle: u64) -> &[u32] {
        self.tables.pair_postings(shingle)
    }

    /// Source passages that say what `words` say, closely or exactly; exact first, then most similar.
    pub fn matches(&self, words: &[String]) -> Vec<QuoteMatch> {
        self.matches_ids(&self.ids_of(words))
    }

    /// Like [`matches`](Self::matches), among one speaker's passages only:
    /// [`matches`](Self::matches) aligns only the few best candidates, which
    /// the same words given to someone else many times can crowd out.
    pub fn matches_of_speaker(&self, speaker: PersonId, words: &[String]) -> Vec<QuoteMatch> {
        let ids = self.ids_of(words);
        if ids.len() < MIN_QUOTE_WORDS {
            return Vec::new();
        }
        let common = CommonWords::new(&ids);
        let own = self.tables.speaker_passages(speaker);
        own.iter().filter_map(|&p| self.close_match(p as usize, &ids, &common)).collect()
    }

    fn ids_of(&self, words: &[String]) -> Vec<WordId> {
        // Words no passage has get ids past the table's, one per distinct word.
        let mut unknown: HashMap<&str, WordId> = HashMap::default();
        let ids: Vec<WordId> = words
            .iter()
            .map(|w| match self.tables.word_id(w) {
                Some(id) => id,
                None => {
                    let next = (self.tables.word_count() + unknown.len()) as WordId;
                    *unknown.entry(w.as_str()).or_insert(next)
                }
            })
            .collect();
        ids
    }

    /// The [`CANDIDATES`] passages that share the most word pairs with
    /// `words` (each pair counted as often as `words` has it; ties: the lower
    /// passage first), best first, with their counts: exactly the head of
    /// every passage sharing a pair ranked that way, found without counting
    /// every posting.
    ///
    /// Passages are visited in order, merging the pairs' posting lists
    /// (shortest first). Once [`CANDIDATES`] passages are held, a later
    /// passage must share more pairs than the last of them to enter; the
    /// longest lists whose pairs together could not give it that many are no
    /// longer merged, only probed for the passages the others give, and a
    /// passage is dropped as soon as the lists left could not lift it enough.
    /// When no list is left to merge, no later passage can enter.
    fn best_candidates(&self, words: &[WordId]) -> Vec<(u32, usize)> {
        let n = self.len();
        let mut pairs: Vec<u64> = shingles(words).collect();
        pairs.sort_unstable();
        // (postings, times the pair occurs in `words`), shortest list first.
        let mut lists: Vec<(&[u32], usize)> = Vec::new();
        let mut i = 0;
        while i < pairs.len() {
            let times = pairs[i..].iter().take_while(|&&h| h == pairs[i]).count();
            let postings = self.postings(pairs[i]);
            // "of the", "in a": in too many passages to say which one is quoted.
            if !postings.is_empty() && !crate::kb::events::is_common_key(postings.len(), n) {
                lists.push((postings, times));
            }
            i += times;
        }
        lists.sort_by_key(|(p, _)| p.len());
        // `rest[i]`: the most the lists from `i` on can add to a passage's count.
        let mut rest = vec![0; lists.len() + 1];
        for i in (0..lists.len()).rev() {
            rest[i] = rest[i + 1] + lists[i].1;
        }
        let mut at = vec![0usize; lists.len()];
        let mut top: Vec<(u32, usize)> = Vec::with_capacity(CANDIDATES + 1);
        // Lists `..merged` are merged, the others only probed.
        let mut merged = lists.len();
        loop {
            // A later passage enters only with a count above `bar`.
            let full = top.len() == CANDIDATES;
            let bar = if full { top[CANDIDATES - 1].1 } else { 0 };
            while merged > 0 && rest[merged - 1] <= bar {
                merged -= 1;
            }
            let Some(p) = (0..merged).filter_map(|i| lists[i].0.get(at[i]).copied()).min() else { break };
            let mut count = 0;
            for i in 0..merged {
                if lists[i].0.get(at[i]) == Some(&p) {
                    count += lists[i].1;
                    at[i] += 1;
                }
            }
            for i in merged..lists.len() {
                if full && count + rest[i] <= bar {
                    break;
                }
                at[i] = gallop(lists[i].0, at[i], p);
                if lists[i].0.get(at[i]) == Some(&p) {
                    count += lists[i].1;
                }
            }
            if !full || count > bar {
                // Passages come in order, so `p` goes after those with as many pairs.
                let i = top.partition_point(|&(_, c)| c >= count);
                top.insert(i, (p, count));
                top.truncate(CANDIDATES);
            }
        }
        top
    }

    fn matches_ids(&self, words: &[WordId]) -> Vec<QuoteMatch> {
        if words.len() < MIN_QUOTE_WORDS {
            return Vec::new();
        }
        let ranked = self.best_candidates(words);
        let common = CommonWords::new(words);
        let mut out: Vec<QuoteMatch> =
            ranked.into_iter().filter_map(|(p, _)| self.close_match(p as usize, words, &common)).collect();
        out.sort_by(|a, b| b.is_exact().cmp(&a.is_exact()).then(b.similarity.total_cmp(&a.similarity)));
        out
    }

    /// Passage `p` aligned with `words`, when it is close enough to be the same statement.
    /// Only sound passages ([`stored::Tables::sound`]) are ever matched.
    fn close_match(&self, p: usize, words: &[WordId], common: &CommonWords) -> Option<QuoteMatch> {
        if !self.tables.sound(p) {
            return None;
        }
        let passage = self.tables.words(p);
        // The alignment matches at most the words the two have in common, and
        // its window holds at least as many: when even that cannot be close, skip the diff.
        let most = common.count(passage);
        let best_similarity = 2.0 * most as f64 / (words.len() + most).max(1) as f64;
        if most < MIN_QUOTE_WORDS || best_similarity < CLOSE_SIMILARITY {
            return None;
        }
        let alignment = align(passage, words)?;
        let similarity = alignment.similarity(words.len());
        let close = similarity >= CLOSE_SIMILARITY && alignment.matched >= MIN_QUOTE_WORDS;
        close.then_some(QuoteMatch { passage: p, alignment, similarity })
    }

    /// The byte span in its source (`doc`) of a window of a passage's words.
    pub fn span_of(&self, doc: &SourceDoc, passage: usize, words: Range<usize>) -> Span {
        let p = self.passage(passage);
        let tok = |i: usize| p.word_tok(i).and_then(|k| p.tok(k));
        let (start, end) = match (tok(words.start), words.end.checked_sub(1).and_then(tok)) {
            (Some(a), Some(b)) => (a.start as usize, b.end as usize),
            _ => (p.span().start, p.span().end),
        };
        debug_assert!(end <= doc.text.len() || !self.tables.sound(passage));
        // A sound passage's offsets are within its text's length, not
        // necessarily on its characters (checking that would read the
        // text): a damaged one still slices.
        let snap = |at: usize| (0..=at.min(doc.text.len())).rev().find(|&i| doc.text.is_char_boundary(i)).unwrap_or(0);
        Span::new(snap(start), snap(end.max(start)))
    }

    /// The passage's own text for a window of its words, punctuation between them included.
    pub fn text_of(&self, doc: &SourceDoc, passage: usize, words: Range<usize>) -> String {
        let p = self.passage(passage);
        let mut out = String::new();
        let (Some(first), Some(last)) = (p.word_tok(words.start), words.end.checked_sub(1).and_then(|i| p.word_tok(i)))
        else {
            return out;
        };
        // Bounded by the passage's tokens, whatever a damaged index says.
        let last = last.min(self.tables.tok_range(passage).len().saturating_sub(1) as u32);
        for t in (first..=last).filter_map(|k| p.tok(k)) {
            if t.space_before && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(doc.text.get(t.start as usize..t.end as usize).unwrap_or_default());
        }
        out
    }

    /// Pairs of passages in different sources that give the same statement in
    /// different words, at least one of them in quotation marks.
    pub fn conflicts(&self) -> Vec<(usize, QuoteMatch)> {
        let mut out = Vec::new();
        for a in (0..self.len()).filter(|&a| self.tables.sound(a)) {
            let pa = self.passage(a);
            for m in self.matches_ids(pa.words()) {
                let pb = self.passage(m.passage);
                let quoted = pa.kind() == QuoteKind::Quoted || pb.kind() == QuoteKind::Quoted;
                if pb.source() != pa.source() && !m.is_exact() && quoted && a < m.passage {
                    out.push((a, m));
                }
            }
        }
        out
    }
}

/// A passage as the fact sheet lists it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct QuoteFact {
    pub speaker: Option<String>,
    pub text: String,
    /// In quotation marks (true) or reported speech (false).
    pub quoted: bool,
    /// "path:line", 1-based.
    pub at: String,
}

fn quote_fact(kb: &super::Kb, passage: usize) -> QuoteFact {
    let p = kb.quotes.passage(passage);
    let doc = &kb.source(p.source()).doc;
    let span = p.span();
    QuoteFact {
        speaker: p.speaker().map(|s| kb.people.get(s).name.clone()),
        text: crate::corpus::document::collapse_whitespace(doc.text.get(span.start..span.end).unwrap_or_default()),
        quoted: p.kind() == QuoteKind::Quoted,
        at: format!("{}:{}", kb.source(p.source()).path, doc.line_of(span.start) + 1),
    }
}

/// Every passage with a known speaker, grouped by speaker in corpus order.
pub fn quotes_by_speaker(kb: &super::Kb) -> Vec<(String, Vec<QuoteFact>)> {
    let mut out: Vec<(String, Vec<QuoteFact>)> = Vec::new();
    for i in (0..kb.quotes.len()).filter(|&i| kb.quotes.tables.sound(i)) {
        let Some(s) = kb.quotes.passage(i).speaker() else { continue };
        let name = &kb.people.get(s).name;
        let fact = quote_fact(kb, i);
        match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, list)) => list.push(fact),
            None => out.push((name.clone(), vec![fact])),
        }
    }
    out
}

/// Statements that two sources word differently.
pub fn quote_conflicts(kb: &super::Kb) -> Vec<(QuoteFact, QuoteFact)> {
    kb.quotes.conflicts().into_iter().map(|(a, m)| (quote_fact(kb, a), quote_fact(kb, m.passage))).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::corpus::Format;
    use crate::kb::Kb;

    fn kb(texts: &[&str]) -> Kb {
        Kb::build(
            texts.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.txt"), *t, Format::Plain)).collect(),
        )
    }

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(fold).collect()
    }

    const PIER: &str = "Harbor Master Ivo Quint spoke on Monday.\n\n\
        \u{201C}The pier will reopen in May once the pilings are replaced,\u{201D} Quint said.";

    #[test]
    fn finds_quoted_passages_and_their_speakers() {
        let kb = kb(&[PIER]);
        let m = kb.quotes.matches(&words("the pier will reopen in May"));
        assert!(m[0].is_exact());
        let p = kb.quotes.passage(m[0].passage);
        assert_eq!(p.speaker().map(|s| kb.people.get(s).name.as_str()), Some("Ivo Quint"));
        assert_eq!(
            kb.quotes.text_of(&kb.sources[0].doc, m[0].passage, m[0].alignment.window.clone()),
            "The pier will reopen in May"
        );
    }

    #[test]
    fn a_reworded_quote_is_close_and_an_unrelated_one_is_not() {
        let kb = kb(&[PIER]);
        let m = kb.quotes.matches(&words("the pier will open again in May once the pilings are replaced"));
        assert!(!m.is_empty() && !m[0].is_exact());
        assert!(kb.quotes.matches(&words("taxes will rise next year for every household")).is_empty());
    }

    #[test]
    fn best_candidates_are_the_head_of_every_passage_ranked_by_shared_pairs() {
        // Few distinct words, so posting lists are long and counts tie often.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % m
        };
        let mut index = QuoteIndex::default();
        let passages: Vec<SourcePassage> = (0..400)
            .map(|_| {
                let len = 3 + next(10) as usize;
                let words: Vec<String> = (0..len).map(|_| format!("w{}", next(6))).collect();
                let passage = Passage {
                    source: SourceId::default(),
                    span: Span::new(0, 0),
                    kind: QuoteKind::Quoted,
                    speaker: None,
                    words: Box::default(),
                    toks: Box::default(),
                    word_toks: Box::default(),
                };
                SourcePassage { passage, words: PassageWords::Folded(words) }
            })
            .collect();
        index.extend(passages);
        index.finish();
        for _ in 0..300 {
            let query: Vec<WordId> = (0..3 + next(12)).map(|_| next(7) as WordId).collect();
            let mut hits: HashMap<u32, usize> = HashMap::default();
            for h in shingles(&query) {
                for &p in index.postings(h) {
                    *hits.entry(p).or_default() += 1;
                }
            }
            let mut all: Vec<(u32, usize)> = hits.into_iter().collect();
            all.sort_by_key(|&(p, n)| (std::cmp::Reverse(n), p));
            all.truncate(CANDIDATES);
            assert_eq!(index.best_candidates(&query), all, "{query:?}");
        }
    }

    #[test]
    fn sources_that_word_a_statement_differently_are_conflicts() {
        let other = "Ivo Quint, the harbor master, said \u{201C}the pier will open again in May once the pilings are replaced.\u{201D}";
        let kb = kb(&[PIER, other]);
        let conflicts = kb.quotes.conflicts();
        assert_eq!(conflicts.len(), 1);
        let (a, m) = &conflicts[0];
        assert_ne!(kb.quotes.passage(*a).source(), kb.quotes.passage(m.passage).source());
    }

    /// Tables handed back from bytes, damaged or not.
    pub(crate) struct Bytes(pub std::collections::VecDeque<Vec<u8>>);

    impl TableSource for Bytes {
        fn next<T: crate::kb::table::Plain>(&mut self) -> Result<crate::kb::table::Table<T>, String> {
            let b = self.0.pop_front().ok_or("a table is missing")?;
            crate::kb::table::Table::copied(&b).ok_or_else(|| "not whole numbers".into())
        }
    }

    /// Every lookup a check can make of the index; whatever it matches must
    /// be within `kb`'s sources and its first `people` people.
    fn exercise(index: &QuoteIndex, kb: &Kb, people: usize) {
        for i in 0..index.len() {
            let p = index.passage(i);
            let (_, _, _) = (p.speaker(), p.kind(), p.span());
            let Some(source) = kb.sources.get(p.source() as usize) else { continue };
            let n = p.words().len();
            for w in 0..=n {
                p.word_text(&source.doc.text, w);
                index.span_of(&source.doc, i, w..n);
                index.text_of(&source.doc, i, 0..w);
            }
        }
        let in_bounds = |passage: usize| {
            let p = index.passage(passage);
            let text = kb.sources.get(p.source() as usize).map(|s| s.doc.text.len());
            text.is_some_and(|len| p.span().end <= len) && p.speaker().is_none_or(|s| s < people)
        };
        for q in ["the pier will reopen in May", "the pier will open again in May once the pilings are replaced"] {
            for m in index.matches(&words(q)) {
                assert!(in_bounds(m.passage));
            }
            for person in 0..kb.people.list.len() + 1 {
                for m in index.matches_of_speaker(person, &words(q)) {
                    assert!(in_bounds(m.passage));
                }
            }
        }
        for (a, m) in index.conflicts() {
            assert!(in_bounds(a) && in_bounds(m.passage));
        }
    }

    /// Tables that pass their hashes yet say something impossible (a writer's
    /// bug, a doctored file) answer lookups without panicking, and only
    /// passages within the sources and people are ever matched.
    #[test]
    fn damaged_tables_answer_without_panicking_and_match_only_sound_passages() {
        let other = "Ivo Quint, the harbor master, said \u{201C}the pier will open again in May once the pilings are replaced.\u{201D}";
        let kb = kb(&[PIER, other]);
        let tables: Vec<Vec<u8>> = kb.quotes.stored_tables().iter().map(|t| t.to_vec()).collect();
        let lens: Arc<[u64]> = kb.sources.iter().map(|s| s.doc.text.len() as u64).collect();
        let people = kb.people.list.len();
        let load = |tables: &[Vec<u8>], people: usize| {
            let mut index = QuoteIndex::default();
            index.set_stored_tables(&mut Bytes(tables.iter().cloned().collect()), people, lens.clone()).map(|()| index)
        };
        let intact = load(&tables, people).unwrap();
        assert_eq!(intact.stored_tables(), kb.quotes.stored_tables());
        assert!(intact.all_sound());
        assert!(load(&tables[1..], people).is_err(), "a table missing");
        let q = words("the pier will open again in May once the pilings are replaced");
        let speakers: Vec<PersonId> =
            intact.matches(&q).iter().filter_map(|m| intact.passage(m.passage).speaker()).collect();
        assert!(!speakers.is_empty());
        // Fewer people than the speakers need: their passages are never matched.
        let fewer = load(&tables, speakers[0]).unwrap();
        assert!(!fewer.all_sound());
        exercise(&fewer, &kb, speakers[0]);
        let mut damage = crate::kb::table::Damage(0x9e37_79b9_7f4a_7c15);
        let mut used = 0;
        for _ in 0..3000 {
            if let Ok(index) = load(&damage.of(&tables), people) {
                exercise(&index, &kb, people);
                used += 1;
            }
        }
        assert!(used > 1000, "{used}");
    }
}
