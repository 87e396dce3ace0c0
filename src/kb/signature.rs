//! What a sentence is about, as comparable keys: the people in it (by person
//! id when resolved) and its content words reduced to stems or paraphrase
//! groups. Dated events and numbers are matched between draft and sources by
//! the weighted overlap of these keys; rare keys weigh more than frequent ones.

use super::people::PersonId;
use super::table::{Table, TableSource};
use crate::corpus::Document;
use crate::extract::NameMention;
use crate::lexicon::calendar::is_calendar_word;
use crate::lexicon::common_words::is_common_word;
use crate::lexicon::numbers::{number_word, scale_word};
use crate::lexicon::paraphrase::{is_grouped, word_key};
use crate::lexicon::titles::is_title_word;
use crate::text::fold;
use rustc_hash::FxHashMap;
use std::collections::HashSet;

/// The least coverage [`Overlap::same_fact`] accepts; candidate pruning
/// (`checks::overlap`) relies on it, so both read this one value.
pub const MIN_COVERAGE: f32 = 0.45;

/// Words that say when, not what; they never identify an event.
const TIME_WORDS: &[&str] = &[
    "year",
    "month",
    "week",
    "weekend",
    "day",
    "today",
    "yesterday",
    "tomorrow",
    "last",
    "next",
    "earlier",
    "later",
    "late",
    "early",
    "mid",
    "ago",
    "since",
    "the",
    "and",
    "also",
    "this",
    "that",
    "with",
    "from",
    "into",
    "its",
];

/// A key and the index (into the document's tokens) where it occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub key: String,
    pub token: usize,
}

pub fn person_key(p: PersonId) -> String {
    format!("@{p}")
}

pub fn is_person_key(k: &str) -> bool {
    k.starts_with('@')
}

/// Words whose [`content_key`] a thread keeps at most: a corpus or a draft
/// repeats the same few thousand words, and a key costs a fold, a stem and
/// several table lookups.
const CONTENT_KEY_CACHE: usize = 1 << 15;

thread_local! {
    static CONTENT_KEYS: std::cell::RefCell<FxHashMap<Box<str>, Option<Box<str>>>> = Default::default();
}

/// The comparison key of one word, or None for words that carry no content.
pub fn content_key(word: &str) -> Option<String> {
    CONTENT_KEYS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(key) = cache.get(word) {
            return key.as_deref().map(str::to_string);
        }
        let key = compute_content_key(word);
        if cache.len() >= CONTENT_KEY_CACHE {
            cache.clear();
        }
        cache.insert(word.into(), key.as_deref().map(Box::from));
        key
    })
}

fn compute_content_key(word: &str) -> Option<String> {
    let f = fold(crate::kb::vocab::strip_possessive(word));
    let f = f.trim_matches(|c: char| !c.is_alphanumeric());
    if f.chars().count() < 3
        || is_common_word(f) && !is_grouped(f)
        || is_calendar_word(word)
        || TIME_WORDS.contains(&f)
        || number_word(f).is_some()
        || scale_word(f).is_some()
    {
        return None;
    }
    Some(word_key(f))
}

/// Keys of one sentence. Name mentions become one person key when resolved,
/// their folded parts otherwise; title words are left out (titles are another rule's business).
pub fn sentence_keys(doc: &Document, sentence: usize, names: &[NameMention], people: &[Option<PersonId>]) -> Vec<Key> {
    let local: Vec<usize> = (0..names.len()).filter(|&i| names[i].sentence == sentence).collect();
    keys_of(doc, sentence, names, &local, people, &mut FxHashMap::default())
}

/// Keys of every sentence of a document, in one pass over its names.
pub fn document_keys(doc: &Document, names: &[NameMention], people: &[Option<PersonId>]) -> Vec<Vec<Key>> {
    sentences_keys(doc, 0..doc.sentences.len(), names, people)
}

/// Keys of the sentences in `sentences`, as [`document_keys`] gives them.
pub fn sentences_keys(
    doc: &Document,
    sentences: std::ops::Range<usize>,
    names: &[NameMention],
    people: &[Option<PersonId>],
) -> Vec<Vec<Key>> {
    let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
    for (i, n) in names.iter().enumerate() {
        if let Some(list) = n.sentence.checked_sub(sentences.start).and_then(|s| by_sentence.get_mut(s)) {
            list.push(i);
        }
    }
    // Words repeat: each one's key is worked out once per document.
    let mut memo = FxHashMap::default();
    by_sentence
        .iter()
        .enumerate()
        .map(|(s, local)| keys_of(doc, sentences.start + s, names, local, people, &mut memo))
        .collect()
}

/// `local`: the indices of the names in this sentence; `memo`: [`content_key`] by word.
fn keys_of<'d>(
    doc: &'d Document,
    sentence: usize,
    names: &[NameMention],
    local: &[usize],
    people: &[Option<PersonId>],
    memo: &mut FxHashMap<&'d str, Option<String>>,
) -> Vec<Key> {
    let range = doc.sentences[sentence].tokens.clone();
    let mut out = Vec::new();
    let in_name = |offset: usize| local.iter().copied().find(|&n| names[n].span.contains(offset));
    // Names already given a person key (a sentence has few).
    let mut emitted: Vec<usize> = Vec::new();
    for ti in range {
        let t = doc.tokens[ti];
        if !t.is_word() {
            continue;
        }
        let text = t.text(&doc.text);
        let name = in_name(t.span.start);
        if let Some(ni) = name {
            if let Some(Some(pid)) = people.get(ni) {
                if !emitted.contains(&ni) {
                    emitted.push(ni);
                    out.push(Key { key: person_key(*pid), token: ti });
                }
                continue;
            }
        }
        if name.is_none() && text.starts_with(char::is_uppercase) && is_title_word(text) {
            continue;
        }
        if let Some(key) = memo.entry(text).or_insert_with(|| content_key(text)) {
            out.push(Key { key: key.clone(), token: ti });
        }
    }
    out
}

/// A key of the corpus, interned: an index into [`KeyStats`]' table.
pub type KeyId = u32;

/// The keys of a source event or number, interned and sorted: a few bytes
/// per key instead of a string and a hash-set slot.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeySet(Box<[KeyId]>);

impl KeySet {
    pub fn new(mut ids: Vec<KeyId>) -> KeySet {
        ids.sort_unstable();
        ids.dedup();
        KeySet(ids.into_boxed_slice())
    }

    pub fn ids(&self) -> &[KeyId] {
        &self.0
    }

    pub fn contains(&self, id: KeyId) -> bool {
        self.0.binary_search(&id).is_ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Both sets' keys.
    pub fn union(&self, other: &KeySet) -> KeySet {
        KeySet::new(self.0.iter().chain(other.0.iter()).copied().collect())
    }
}

/// Keys as a build interns them, with how many sentences contain each;
/// [`KeyStatsBuilder::finish`] makes the tables queries read.
#[derive(Debug, Default)]
pub struct KeyStatsBuilder {
    sentences: u32,
    ids: FxHashMap<Box<str>, KeyId>,
    keys: Vec<Box<str>>,
    df: Vec<u32>,
}

impl KeyStatsBuilder {
    /// The id of a key, adding it (in no sentence yet) when it is new.
    pub fn intern(&mut self, key: &str) -> KeyId {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as KeyId;
        self.ids.insert(key.into(), id);
        self.keys.push(key.into());
        self.df.push(0);
        id
    }

    /// How many distinct keys so far.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Add `n` sentences that have no keys in this table yet, or whose keys
    /// are added with [`KeyStatsBuilder::add_df`].
    pub fn add_sentences(&mut self, n: u32) {
        self.sentences += n;
    }

    /// `n` more sentences contain this key.
    pub fn add_df(&mut self, id: KeyId, n: u32) {
        self.df[id as usize] += n;
    }

    pub fn add_sentence<'a>(&mut self, keys: impl IntoIterator<Item = &'a str>) {
        self.sentences += 1;
        let mut unique: Vec<&str> = keys.into_iter().collect();
        unique.sort_unstable();
        unique.dedup();
        for k in unique {
            let id = self.intern(k);
            self.df[id as usize] += 1;
        }
    }

    /// Interned set of keys (new ones are added, in no sentence).
    pub fn key_set<'a>(&mut self, keys: impl IntoIterator<Item = &'a str>) -> KeySet {
        KeySet::new(keys.into_iter().map(|k| self.intern(k)).collect())
    }

    /// The keys as flat tables, with the same ids.
    pub fn finish(self) -> KeyStats {
        let mut text = Vec::with_capacity(self.keys.iter().map(|k| k.len()).sum());
        let mut starts = Vec::with_capacity(self.keys.len() + 1);
        starts.push(0u32);
        for k in &self.keys {
            text.extend_from_slice(k.as_bytes());
            starts.push(text.len() as u32);
        }
        let size = (2 * self.keys.len()).next_power_of_two();
        let mut slots = vec![NO_KEY; if self.keys.is_empty() { 0 } else { size }];
        for (id, k) in self.keys.iter().enumerate() {
            let mut at = slot_of(k.as_bytes(), size);
            while slots[at] != NO_KEY {
                at = (at + 1) & (size - 1);
            }
            slots[at] = id as KeyId;
        }
        KeyStats {
            sentences: self.sentences,
            text: text.into(),
            starts: starts.into(),
            slots: slots.into(),
            df: self.df.into(),
        }
    }
}

/// An empty slot of [`KeyStats`]' hash table.
const NO_KEY: KeyId = KeyId::MAX;

/// Where a key's search starts in a hash table of `size` slots (a power of two).
fn slot_of(key: &[u8], size: usize) -> usize {
    xxhash_rust::xxh3::xxh3_64(key) as usize & (size - 1)
}

/// The corpus keys (interned) and how many sentences of the corpus contain
/// each, as flat tables the index file keeps apart and uses in place: the
/// keys' bytes one after another, where each starts, a hash table (open
/// addressing) of ids by key, and each key's sentence count.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct KeyStats {
    sentences: u32,
    #[serde(skip)]
    text: Table<u8>,
    #[serde(skip)]
    starts: Table<u32>,
    #[serde(skip)]
    slots: Table<u32>,
    #[serde(skip)]
    df: Table<u32>,
}

impl KeyStats {
    /// The id of a key the corpus has.
    pub fn id(&self, key: &str) -> Option<KeyId> {
        let size = self.slots.len();
        if size == 0 {
            return None;
        }
        let mut at = slot_of(key.as_bytes(), size);
        // At most every slot, should a damaged table have no empty one.
        for _ in 0..size {
            let id = self.slots[at];
            if id == NO_KEY {
                return None;
            }
            if self.bytes(id) == key.as_bytes() {
                return Some(id);
            }
            at = (at + 1) & (size - 1);
        }
        None
    }

    fn bytes(&self, id: KeyId) -> &[u8] {
        let i = id as usize;
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.text.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The key of an id ("" for an id the corpus does not have).
    pub fn key(&self, id: KeyId) -> &str {
        std::str::from_utf8(self.bytes(id)).unwrap_or("")
    }

    /// How many distinct keys the corpus has.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Inverse sentence frequency: a key in every sentence weighs little.
    pub fn weight(&self, key: &str) -> f32 {
        self.weight_of(self.id(key))
    }

    fn weight_of(&self, id: Option<KeyId>) -> f32 {
        let df = id.and_then(|i| self.df.get(i as usize)).copied().unwrap_or(0) as f32;
        ((self.sentences as f32 + 1.0) / (df + 1.0)).ln().max(0.1)
    }

    /// The tables stored apart, in order: text, starts, slots, sentence counts.
    pub fn stored_tables(&self) -> [&[u8]; 4] {
        [self.text.as_bytes(), self.starts.as_bytes(), self.slots.as_bytes(), self.df.as_bytes()]
    }

    /// Take back [`KeyStats::stored_tables`] (the next four of `from`),
    /// checking that every offset and id is in bounds and every search ends.
    pub fn set_stored_tables(&mut self, from: &mut impl TableSource) -> Result<(), String> {
        let (text, starts, slots, df) =
            (from.next::<u8>()?, from.next::<u32>()?, from.next::<u32>()?, from.next::<u32>()?);
        let n = starts.len().saturating_sub(1);
        let ok = starts.first() == Some(&0)
            && starts.windows(2).all(|w| w[0] <= w[1])
            && starts.last().is_some_and(|&l| l as usize == text.len())
            && df.len() == n
            && (n == 0 && slots.is_empty() || slots.len().is_power_of_two() && slots.len() > n)
            && slots.iter().all(|&id| id == NO_KEY || (id as usize) < n);
        if !ok {
            return Err("the event keys' tables are inconsistent".into());
        }
        (self.text, self.starts, self.slots, self.df) = (text, starts, slots, df);
        Ok(())
    }
}

/// How well `draft` keys are covered by `source` keys.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Overlap {
    pub shared: usize,
    pub shared_weight: f32,
    pub draft_weight: f32,
    pub shared_person: bool,
}

impl Overlap {
    /// `draft`: a draft sentence's keys; `source`: a source event's or number's.
    pub fn compute(stats: &KeyStats, draft: &HashSet<String>, source: &KeySet) -> Overlap {
        let mut o = Overlap::default();
        for k in draft {
            let id = stats.id(k);
            let w = stats.weight_of(id);
            o.draft_weight += w;
            if id.is_some_and(|id| source.contains(id)) {
                o.shared += 1;
                o.shared_weight += w;
                o.shared_person |= is_person_key(k);
            }
        }
        o
    }

    /// [`Overlap::compute`] between two source key sets.
    pub fn between(stats: &KeyStats, a: &KeySet, b: &KeySet) -> Overlap {
        let mut o = Overlap::default();
        for &id in a.ids() {
            let w = stats.weight_of(Some(id));
            o.draft_weight += w;
            if b.contains(id) {
                o.shared += 1;
                o.shared_weight += w;
                o.shared_person |= is_person_key(stats.key(id));
            }
        }
        o
    }

    pub fn coverage(&self) -> f32 {
        if self.draft_weight == 0.0 {
            0.0
        } else {
            self.shared_weight / self.draft_weight
        }
    }

    /// Like [`Overlap::same_fact`] for two numbers that already count the same thing,
    /// which is one more key in common.
    pub fn same_fact_for_measure(&self) -> bool {
        Overlap { shared: self.shared + 1, ..*self }.same_fact()
    }

    /// Enough shared specifics to say two passages describe the same fact:
    /// several keys in common, covering a good part of what the draft says.
    pub fn same_fact(&self) -> bool {
        self.shared >= 3 && self.coverage() >= MIN_COVERAGE
            || self.shared >= 2 && self.shared_person && self.coverage() >= 0.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    fn keys(s: &str) -> Vec<String> {
        let d = Document::parse("t.txt", s, Format::Plain);
        sentence_keys(&d, 0, &[], &[]).into_iter().map(|k| k.key).collect()
    }

    #[test]
    fn content_words_only_with_paraphrase_keys() {
        assert_eq!(keys("The council approved the budget on Tuesday last week."), ["council", "approv", "budget"]);
        assert_eq!(keys("Crews held two days of talks."), keys("Crews held two days of discussions."));
    }

    #[test]
    fn rare_shared_keys_make_the_same_fact() {
        let mut builder = KeyStatsBuilder::default();
        for s in [vec!["council", "budget"], vec!["council", "park"], vec!["council"], vec!["fire"]] {
            builder.add_sentence(s);
        }
        let (full, part) = (builder.key_set(["council", "budget", "approv"]), builder.key_set(["council", "budget"]));
        let stats = builder.finish();
        assert!(stats.weight("budget") > stats.weight("council"));
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
        let o = Overlap::compute(&stats, &set(&["council", "budget", "approv"]), &full);
        assert!(o.same_fact());
        assert!(Overlap::between(&stats, &full, &full).same_fact());
        let o = Overlap::compute(&stats, &set(&["council", "park", "approv", "pool"]), &part);
        assert!(!o.same_fact());
    }

    #[test]
    fn finished_keys_keep_their_ids_and_come_back_from_their_tables() {
        let mut builder = KeyStatsBuilder::default();
        let words: Vec<String> = (0..300).map(|i| format!("w{i}")).chain(["@7".into(), "café".into()]).collect();
        words.iter().for_each(|w| _ = builder.intern(w));
        builder.add_sentence(words.iter().map(String::as_str));
        let stats = builder.finish();
        for (i, w) in words.iter().enumerate() {
            assert_eq!((stats.id(w), stats.key(i as KeyId)), (Some(i as KeyId), w.as_str()));
        }
        assert_eq!(stats.id("w300"), None);
        assert_eq!(stats.key(999), "");
        let tables: Vec<Vec<u8>> = stats.stored_tables().iter().map(|t| t.to_vec()).collect();
        let back = |tables: &[Vec<u8>]| {
            let refs: Vec<&[u8]> = tables.iter().map(Vec::as_slice).collect();
            let mut s = KeyStats { sentences: stats.sentences, ..KeyStats::default() };
            s.set_stored_tables(&mut crate::kb::table::Copied(&refs)).map(|()| s)
        };
        let s = back(&tables).unwrap();
        assert_eq!((s.id("café"), s.weight("w3")), (Some(301), stats.weight("w3")));
        let mut bad = tables.clone();
        bad[2][..4].copy_from_slice(&302u32.to_ne_bytes());
        assert!(back(&bad).is_err(), "an id out of bounds");
        let mut bad = tables.clone();
        bad[1][4..8].copy_from_slice(&u32::MAX.to_ne_bytes());
        assert!(back(&bad).is_err(), "a key past the text");
        let mut bad = tables;
        let len = bad[2].len();
        bad[2].truncate(len - 4);
        assert!(back(&bad).is_err(), "not a power of two");
    }
}
