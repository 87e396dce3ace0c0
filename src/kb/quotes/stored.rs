//! The quote index as flat tables, made once by [`Tables::build`] and stored
//! after the payload, so that loading an index maps them rather than
//! decoding them (see `cache::after`).
//!
//! Stored tables are trusted only as far as their hashes, which are checked
//! in the background (`kb::verify`); until then a damaged file must give
//! wrong answers at worst, never a panic. Every lookup here is bounded, and
//! a passage is checked against the sources and people ([`Tables::sound`])
//! before it is matched: checking every passage at load read the whole
//! index (a seventh of a second at 100k articles).

use super::{Passage, PassageToken, WordId};
use crate::extract::QuoteKind;
use crate::kb::people::PersonId;
use crate::kb::table::{Table, TableSource};
use crate::text::Span;

/// Numbers per passage in [`Tables::records`]: source, span start, span end,
/// kind, speaker.
pub(super) const RECORD: usize = 5;
/// The speaker of a passage that has none.
const NO_SPEAKER: u32 = u32::MAX;
/// Set in a token's end when whitespace precedes the token.
const SPACE_BEFORE: u32 = 1 << 31;

/// How many tables [`Tables::as_bytes`] gives.
pub(super) const TABLES: usize = 14;

/// The finished quote index.
#[derive(Debug, Default)]
pub(super) struct Tables {
    /// [`RECORD`] numbers per passage.
    pub records: Table<u32>,
    /// Passage `i`'s words are `words[word_start[i]..word_start[i + 1]]`, and
    /// the index of each in the passage's tokens is in `word_toks` at the same place.
    pub word_start: Table<u32>,
    pub words: Table<u32>,
    pub word_toks: Table<u32>,
    /// Passage `i`'s tokens are `tok_start[i]..tok_start[i + 1]`, two numbers
    /// each in `toks`: start and end in the source (end | [`SPACE_BEFORE`]).
    pub tok_start: Table<u32>,
    pub toks: Table<u32>,
    /// The distinct words, sorted (a word's id is its rank): word `i` is
    /// `word_bytes[word_end[i]..word_end[i + 1]]`, `word_end[0] == 0`.
    pub word_bytes: Table<u8>,
    pub word_end: Table<u32>,
    /// The distinct word pairs, sorted; the passages of `pairs[i]` are
    /// `pair_passages[pair_start[i]..pair_start[i + 1]]`, in passage order.
    pub pairs: Table<u64>,
    pub pair_start: Table<u32>,
    pub pair_passages: Table<u32>,
    /// The speakers, sorted; the passages of `speakers[i]` are
    /// `speaker_passages[speaker_start[i]..speaker_start[i + 1]]`, in order.
    pub speakers: Table<u32>,
    pub speaker_start: Table<u32>,
    pub speaker_passages: Table<u32>,
    /// What the passages of stored tables must stay within; `None` for
    /// tables built here, which are sound by construction.
    limits: Option<Limits>,
}

/// How many people there are, and each source's text length.
#[derive(Debug)]
struct Limits {
    people: usize,
    text_lens: std::sync::Arc<[u64]>,
}

/// A token of a passage as stored.
pub(super) fn token(t: &[u32]) -> PassageToken {
    PassageToken { start: t[0], end: t[1] & !SPACE_BEFORE, space_before: t[1] & SPACE_BEFORE != 0 }
}

/// Offsets of each group's start in the concatenation, and its end.
fn starts(lens: impl Iterator<Item = usize>) -> Vec<u32> {
    let mut out = vec![0];
    let mut at = 0;
    for n in lens {
        at += n as u32;
        out.push(at);
    }
    out
}

impl Tables {
    /// The tables of `passages`, whose word ids are into `word_list` (any order).
    pub fn build(passages: &[Passage], word_list: &[Box<str>]) -> Tables {
        // Words are renumbered in sorted order, so a lookup is a binary search.
        let mut order: Vec<u32> = (0..word_list.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| word_list[a as usize].cmp(&word_list[b as usize]));
        let mut rank = vec![0; word_list.len()];
        for (r, &w) in order.iter().enumerate() {
            rank[w as usize] = r as WordId;
        }
        let word_bytes: Vec<u8> = order.iter().flat_map(|&w| word_list[w as usize].bytes()).collect();
        let word_end = starts(order.iter().map(|&w| word_list[w as usize].len()));

        let mut records = Vec::with_capacity(passages.len() * RECORD);
        let (mut words, mut word_toks, mut toks) = (Vec::new(), Vec::new(), Vec::new());
        for p in passages {
            let kind = match p.kind {
                QuoteKind::Quoted => 0,
                QuoteKind::Reported => 1,
            };
            let speaker = p.speaker.map_or(NO_SPEAKER, |s| s as u32);
            records.extend([p.source, p.span.start as u32, p.span.end as u32, kind, speaker]);
            words.extend(p.words.iter().map(|&w| rank[w as usize]));
            word_toks.extend_from_slice(&p.word_toks);
            for t in p.toks.iter() {
                debug_assert!(t.end < SPACE_BEFORE);
                toks.extend([t.start, t.end | if t.space_before { SPACE_BEFORE } else { 0 }]);
            }
        }
        let word_start = starts(passages.iter().map(|p| p.words.len()));
        let tok_start = starts(passages.iter().map(|p| p.toks.len()));

        let mut pairs: Vec<(u64, u32)> = Vec::new();
        for (i, w) in word_start.windows(2).enumerate() {
            pairs.extend(super::shingles(&words[w[0] as usize..w[1] as usize]).map(|h| (h, i as u32)));
        }
        let (pairs, pair_start, pair_passages) = grouped(pairs);
        let mut by_speaker: Vec<(u64, u32)> =
            passages.iter().enumerate().filter_map(|(i, p)| p.speaker.map(|s| (s as u64, i as u32))).collect();
        by_speaker.sort_unstable();
        let (speakers, speaker_start, speaker_passages) = grouped(by_speaker);
        Tables {
            records: records.into(),
            word_start: word_start.into(),
            words: words.into(),
            word_toks: word_toks.into(),
            tok_start: tok_start.into(),
            toks: toks.into(),
            word_bytes: word_bytes.into(),
            word_end: word_end.into(),
            pairs: pairs.into(),
            pair_start: pair_start.into(),
            pair_passages: pair_passages.into(),
            speakers: speakers.into_iter().map(|s| s as u32).collect::<Vec<_>>().into(),
            speaker_start: speaker_start.into(),
            speaker_passages: speaker_passages.into(),
            limits: None,
        }
    }

    /// Every table as stored, in the order [`Tables::load`] takes them back.
    pub fn as_bytes(&self) -> Vec<&[u8]> {
        let out = vec![
            self.records.as_bytes(),
            self.word_start.as_bytes(),
            self.words.as_bytes(),
            self.word_toks.as_bytes(),
            self.tok_start.as_bytes(),
            self.toks.as_bytes(),
            self.word_bytes.as_bytes(),
            self.word_end.as_bytes(),
            self.pairs.as_bytes(),
            self.pair_start.as_bytes(),
            self.pair_passages.as_bytes(),
            self.speakers.as_bytes(),
            self.speaker_start.as_bytes(),
            self.speaker_passages.as_bytes(),
        ];
        debug_assert_eq!(out.len(), TABLES);
        out
    }

    /// The tables of [`Tables::as_bytes`], whose passages must stay within
    /// `people` people and sources whose texts are `text_lens` long: each is
    /// checked when a lookup reaches it ([`Tables::sound`]).
    pub fn load(
        from: &mut impl TableSource,
        people: usize,
        text_lens: std::sync::Arc<[u64]>,
    ) -> Result<Tables, String> {
        let mut t = Tables::read(from)?;
        let n = t.records.len() / RECORD;
        let shaped = t.records.len() % RECORD == 0
            && t.word_start.len() == n + 1
            && t.tok_start.len() == n + 1
            && t.pair_start.len() == t.pairs.len() + 1
            && t.speaker_start.len() == t.speakers.len() + 1;
        // An empty index may have no offsets at all.
        if !shaped && n + t.pairs.len() + t.speakers.len() > 0 {
            return Err("the quote index's tables do not fit together".into());
        }
        t.limits = Some(Limits { people, text_lens });
        Ok(t)
    }

    /// The tables of [`Tables::as_bytes`], unchecked.
    pub fn read(from: &mut impl TableSource) -> Result<Tables, String> {
        Ok(Tables {
            records: from.next()?,
            word_start: from.next()?,
            words: from.next()?,
            word_toks: from.next()?,
            tok_start: from.next()?,
            toks: from.next()?,
            word_bytes: from.next()?,
            word_end: from.next()?,
            pairs: from.next()?,
            pair_start: from.next()?,
            pair_passages: from.next()?,
            speakers: from.next()?,
            speaker_start: from.next()?,
            speaker_passages: from.next()?,
            limits: None,
        })
    }

    /// Can passage `i` be used: its source, span, speaker, words and tokens
    /// within bounds, so that nothing read from it can index out of range.
    pub fn sound(&self, i: usize) -> bool {
        let Some(limits) = &self.limits else { return i < self.len() };
        let Some(r) = self.records.get(i * RECORD..(i + 1) * RECORD) else { return false };
        let Some(&text_len) = limits.text_lens.get(r[0] as usize) else { return false };
        let speaker_ok = r[4] == NO_SPEAKER || (r[4] as usize) < limits.people;
        if !(r[1] <= r[2] && r[2] as u64 <= text_len && r[3] <= 1 && speaker_ok) {
            return false;
        }
        let (w, t) = (self.word_range(i), self.tok_range(i));
        let (Some(words), Some(word_toks), Some(toks)) =
            (self.words.get(w.clone()), self.word_toks.get(w), self.toks.get(2 * t.start..2 * t.end))
        else {
            return false;
        };
        let word_count = self.word_count();
        words.iter().all(|&x| (x as usize) < word_count)
            && word_toks.iter().all(|&k| (k as usize) < t.len())
            && toks.chunks_exact(2).all(|t| {
                let end = t[1] & !SPACE_BEFORE;
                t[0] <= end && end as u64 <= text_len
            })
    }

    pub fn len(&self) -> usize {
        self.records.len() / RECORD
    }

    pub fn word_count(&self) -> usize {
        self.word_end.len().saturating_sub(1)
    }

    /// The bytes of word `i` (empty past the end).
    pub fn word_text(&self, i: usize) -> &[u8] {
        match (self.word_end.get(i), self.word_end.get(i + 1)) {
            (Some(&a), Some(&b)) => self.word_bytes.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The id of a word, when a passage has it.
    pub fn word_id(&self, word: &str) -> Option<WordId> {
        let (mut lo, mut hi) = (0, self.word_count());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.word_text(mid).cmp(word.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as WordId),
            }
        }
        None
    }

    fn record(&self, i: usize) -> &[u32] {
        self.records.get(i * RECORD..(i + 1) * RECORD).unwrap_or(&[0, 0, 0, 0, NO_SPEAKER])
    }

    pub fn source(&self, i: usize) -> u32 {
        self.record(i)[0]
    }

    pub fn span(&self, i: usize) -> Span {
        let r = self.record(i);
        // Never backwards, even in a passage that is not sound.
        Span::new(r[1] as usize, r[2].max(r[1]) as usize)
    }

    pub fn kind(&self, i: usize) -> QuoteKind {
        if self.record(i)[3] == 0 {
            QuoteKind::Quoted
        } else {
            QuoteKind::Reported
        }
    }

    pub fn speaker(&self, i: usize) -> Option<PersonId> {
        let s = self.record(i)[4];
        (s != NO_SPEAKER).then_some(s as PersonId)
    }

    fn word_range(&self, i: usize) -> std::ops::Range<usize> {
        range(&self.word_start, i)
    }

    pub fn tok_range(&self, i: usize) -> std::ops::Range<usize> {
        range(&self.tok_start, i)
    }

    pub fn words(&self, i: usize) -> &[WordId] {
        self.words.get(self.word_range(i)).unwrap_or_default()
    }

    pub fn word_toks(&self, i: usize) -> &[u32] {
        self.word_toks.get(self.word_range(i)).unwrap_or_default()
    }

    /// Token `k` of passage `i`'s tokens.
    pub fn tok(&self, i: usize, k: usize) -> Option<PassageToken> {
        let t = self.tok_range(i);
        let at = t.start.checked_add(k).filter(|&a| a < t.end)?;
        self.toks.get(2 * at..2 * at + 2).map(token)
    }

    /// The postings of a sorted key in one of the grouped tables.
    pub fn pair_postings(&self, pair: u64) -> &[u32] {
        group(&self.pairs, &self.pair_start, &self.pair_passages, &pair)
    }

    pub fn speaker_passages(&self, speaker: PersonId) -> &[u32] {
        let Ok(s) = u32::try_from(speaker) else { return &[] };
        group(&self.speakers, &self.speaker_start, &self.speaker_passages, &s)
    }
}

/// `starts[i]..starts[i + 1]` (empty when out of bounds).
fn range(starts: &[u32], i: usize) -> std::ops::Range<usize> {
    match (starts.get(i), starts.get(i + 1)) {
        (Some(&a), Some(&b)) if a <= b => a as usize..b as usize,
        _ => 0..0,
    }
}

/// The values of `key` in a grouped table (keys sorted, starts, values).
fn group<'a, K: Ord>(keys: &[K], starts: &[u32], values: &'a [u32], key: &K) -> &'a [u32] {
    match keys.binary_search(key) {
        Ok(i) => values.get(range(starts, i)).unwrap_or_default(),
        Err(_) => &[],
    }
}

/// Keys sorted with their values, grouped: the distinct keys, where each
/// one's values start (and the end), and the values.
fn grouped(mut pairs: Vec<(u64, u32)>) -> (Vec<u64>, Vec<u32>, Vec<u32>) {
    pairs.sort_unstable();
    pairs.dedup();
    let (mut keys, mut starts) = (Vec::new(), Vec::new());
    for (i, &(k, _)) in pairs.iter().enumerate() {
        if keys.last() != Some(&k) {
            keys.push(k);
            starts.push(i as u32);
        }
    }
    starts.push(pairs.len() as u32);
    (keys, starts, pairs.into_iter().map(|(_, v)| v).collect())
}
