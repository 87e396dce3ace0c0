//! What people said in the corpus: every quotation and reported statement,
//! with its speaker, indexed by word pairs so a draft's quotation finds its
//! closest source passages without scanning every sentence.

use super::align::{align, Alignment};
use super::people::PersonId;
use super::table::Table;
use super::{SourceDoc, SourceId};
use crate::corpus::Document;
use crate::extract::{extract_quotations, NameMention, QuoteKind};
use crate::text::{fold, Span, TokenKind};
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Quotations shorter than this ("‘provocation’") are labels, not statements.
pub const MIN_QUOTE_WORDS: usize = 3;
/// How similar a passage must be to count as the same statement.
const CLOSE_SIMILARITY: f64 = 0.5;
/// Candidates aligned per lookup, best shingle overlap first.
const CANDIDATES: usize = 8;

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
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
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
struct PassageToken {
    start: u32,
    end: u32,
    space_before: bool,
}

impl Passage {
    /// Word `i` of the passage as the source writes it.
    pub fn word_text<'a>(&self, text: &'a str, i: usize) -> &'a str {
        let t = self.toks[self.word_toks[i] as usize];
        &text[t.start as usize..t.end as usize]
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

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct QuoteIndex {
    pub passages: Vec<Passage>,
    /// Folded word → id, and id → word.
    word_ids: HashMap<Box<str>, WordId>,
    word_list: Vec<Box<str>>,
    /// (word pair, passage) as passages are added, until [`QuoteIndex::finish`]
    /// (empty in a finished index, so not stored).
    #[serde(skip)]
    building: Vec<(u64, u32)>,
    /// The distinct word pairs, sorted; the passages of `pairs[i]` are
    /// `pair_passages[pair_start[i]..pair_start[i + 1]]`, in passage order.
    /// Stored apart from the rest and used in place from the index file
    /// ([`QuoteIndex::pair_tables`]).
    #[serde(skip)]
    pairs: Table<u64>,
    #[serde(skip)]
    pair_start: Table<u32>,
    #[serde(skip)]
    pair_passages: Table<u32>,
    /// Each speaker's passages, in order: made on first use (one pass over
    /// the passages) rather than stored, since only checks of attributed
    /// quotations that the best candidates did not settle need it.
    #[serde(skip)]
    by_speaker: std::sync::OnceLock<HashMap<PersonId, Box<[u32]>>>,
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
        for SourcePassage { mut passage, words } in passages {
            passage.words = match words {
                PassageWords::Folded(words) => words.iter().map(|w| self.intern(w)).collect(),
                PassageWords::Earlier(list) => passage.words.iter().map(|&w| self.intern(&list[w as usize])).collect(),
            };
            let id = self.passages.len() as u32;
            self.building.extend(shingles(&passage.words).map(|h| (h, id)));
            self.passages.push(passage);
        }
    }

    /// The passages of each of `sources` sources as [`source_passages`] gave
    /// them: what an update reuses for sources it does not extract again.
    pub fn into_source_passages(self, sources: usize) -> Vec<Vec<SourcePassage>> {
        let mut out: Vec<Vec<SourcePassage>> = (0..sources).map(|_| Vec::new()).collect();
        let QuoteIndex { passages, word_list, .. } = self;
        let list: Arc<[Box<str>]> = word_list.into();
        for passage in passages {
            if let Some(out) = out.get_mut(passage.source as usize) {
                out.push(SourcePassage { passage, words: PassageWords::Earlier(list.clone()) });
            }
        }
        out
    }

    /// Every passage's words are in the word list (a damaged index could say otherwise).
    pub fn words_in_range(&self) -> bool {
        let n = self.word_list.len();
        self.passages.iter().all(|p| p.words.iter().all(|&w| (w as usize) < n))
    }

    /// Build the word-pair index once every passage is in.
    pub fn finish(&mut self) {
        // Passages were added: a speaker index made earlier no longer holds.
        self.by_speaker = Default::default();
        let mut building = std::mem::take(&mut self.building);
        building.sort_unstable();
        building.dedup();
        let (mut pairs, mut pair_start) = (Vec::new(), Vec::new());
        let pair_passages: Vec<u32> = building.iter().map(|&(_, p)| p).collect();
        for (i, &(h, _)) in building.iter().enumerate() {
            if pairs.last() != Some(&h) {
                pairs.push(h);
                pair_start.push(i as u32);
            }
        }
        pair_start.push(building.len() as u32);
        pairs.shrink_to_fit();
        pair_start.shrink_to_fit();
        (self.pairs, self.pair_start, self.pair_passages) = (pairs.into(), pair_start.into(), pair_passages.into());
    }

    /// The word-pair index's arrays (pairs, starts, passages), which the index
    /// file stores apart from the rest, as they are in memory.
    pub(crate) fn pair_tables(&self) -> [&[u8]; 3] {
        [self.pairs.as_bytes(), self.pair_start.as_bytes(), self.pair_passages.as_bytes()]
    }

    /// Set the arrays of [`QuoteIndex::pair_tables`], checking that every
    /// lookup stays in bounds (a damaged index must not panic).
    pub(crate) fn set_pair_tables(
        &mut self,
        pairs: Table<u64>,
        pair_start: Table<u32>,
        pair_passages: Table<u32>,
    ) -> Result<(), String> {
        let n = self.passages.len() as u32;
        let ok = pair_start.len() == pairs.len() + 1
            && pair_start.windows(2).all(|w| w[0] <= w[1])
            && pair_start.last().is_some_and(|&l| l as usize == pair_passages.len())
            && pair_passages.iter().all(|&p| p < n);
        if !ok {
            return Err("the word-pair index is inconsistent".into());
        }
        (self.pairs, self.pair_start, self.pair_passages) = (pairs, pair_start, pair_passages);
        Ok(())
    }

    fn intern(&mut self, word: &str) -> WordId {
        if let Some(&id) = self.word_ids.get(word) {
            return id;
        }
        let id = self.word_list.len() as WordId;
        self.word_ids.insert(word.into(), id);
        self.word_list.push(word.into());
        id
    }

    /// A word of the passages.
    pub fn word(&self, id: WordId) -> &str {
        &self.word_list[id as usize]
    }

    /// The passages that contain this word pair, in passage order.
    fn postings(&self, shingle: u64) -> &[u32] {
        match self.pairs.binary_search(&shingle) {
            Ok(i) => &self.pair_passages[self.pair_start[i] as usize..self.pair_start[i + 1] as usize],
            Err(_) => &[],
        }
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
        let by_speaker = self.by_speaker.get_or_init(|| {
            let mut map: HashMap<PersonId, Vec<u32>> = HashMap::default();
            for (i, p) in self.passages.iter().enumerate() {
                if let Some(s) = p.speaker {
                    map.entry(s).or_default().push(i as u32);
                }
            }
            map.into_iter().map(|(s, list)| (s, list.into_boxed_slice())).collect()
        });
        let own = by_speaker.get(&speaker).map_or(&[][..], |l| &l[..]);
        own.iter().filter_map(|&p| self.close_match(p as usize, &ids, &common)).collect()
    }

    fn ids_of(&self, words: &[String]) -> Vec<WordId> {
        // Words no passage has get ids past the table's, one per distinct word.
        let mut unknown: HashMap<&str, WordId> = HashMap::default();
        let ids: Vec<WordId> = words
            .iter()
            .map(|w| match self.word_ids.get(w.as_str()) {
                Some(&id) => id,
                None => {
                    let next = (self.word_list.len() + unknown.len()) as WordId;
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
        let n = self.passages.len();
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
    fn close_match(&self, p: usize, words: &[WordId], common: &CommonWords) -> Option<QuoteMatch> {
        let passage = &self.passages[p].words;
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
        let p = &self.passages[passage];
        if words.is_empty() {
            return p.span;
        }
        let (a, b) = (p.toks[p.word_toks[words.start] as usize], p.toks[p.word_toks[words.end - 1] as usize]);
        debug_assert!(b.end as usize <= doc.text.len());
        Span::new(a.start as usize, b.end as usize)
    }

    /// The passage's own text for a window of its words, punctuation between them included.
    pub fn text_of(&self, doc: &SourceDoc, passage: usize, words: Range<usize>) -> String {
        let p = &self.passages[passage];
        if words.is_empty() {
            return String::new();
        }
        let mut out = String::new();
        for t in &p.toks[p.word_toks[words.start] as usize..=p.word_toks[words.end - 1] as usize] {
            if t.space_before && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&doc.text[t.start as usize..t.end as usize]);
        }
        out
    }

    /// Pairs of passages in different sources that give the same statement in
    /// different words, at least one of them in quotation marks.
    pub fn conflicts(&self) -> Vec<(usize, QuoteMatch)> {
        let mut out = Vec::new();
        for (a, pa) in self.passages.iter().enumerate() {
            for m in self.matches_ids(&pa.words) {
                let pb = &self.passages[m.passage];
                let quoted = pa.kind == QuoteKind::Quoted || pb.kind == QuoteKind::Quoted;
                if pb.source != pa.source && !m.is_exact() && quoted && a < m.passage {
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
    let p = &kb.quotes.passages[passage];
    let doc = &kb.source(p.source).doc;
    QuoteFact {
        speaker: p.speaker.map(|s| kb.people.get(s).name.clone()),
        text: crate::corpus::document::collapse_whitespace(p.span.slice(&doc.text)),
        quoted: p.kind == QuoteKind::Quoted,
        at: format!("{}:{}", kb.source(p.source).path, doc.line_of(p.span.start) + 1),
    }
}

/// Every passage with a known speaker, grouped by speaker in corpus order.
pub fn quotes_by_speaker(kb: &super::Kb) -> Vec<(String, Vec<QuoteFact>)> {
    let mut out: Vec<(String, Vec<QuoteFact>)> = Vec::new();
    for (i, p) in kb.quotes.passages.iter().enumerate() {
        let Some(s) = p.speaker else { continue };
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
mod tests {
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
        let p = &kb.quotes.passages[m[0].passage];
        assert_eq!(p.speaker.map(|s| kb.people.get(s).name.as_str()), Some("Ivo Quint"));
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
        assert_ne!(kb.quotes.passages[*a].source, kb.quotes.passages[m.passage].source);
    }
}
