//! What a sentence is about, as comparable keys: the people in it (by person
//! id when resolved) and its content words reduced to stems or paraphrase
//! groups. Dated events and numbers are matched between draft and sources by
//! the weighted overlap of these keys; rare keys weigh more than frequent ones.

use super::people::PersonId;
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

/// The corpus keys (interned) and how many sentences of the corpus contain each.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct KeyStats {
    sentences: u32,
    ids: FxHashMap<Box<str>, KeyId>,
    keys: Vec<Box<str>>,
    df: Vec<u32>,
}

impl KeyStats {
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

    /// The id of a key the corpus has.
    pub fn id(&self, key: &str) -> Option<KeyId> {
        self.ids.get(key).copied()
    }

    /// The key of an id.
    pub fn key(&self, id: KeyId) -> &str {
        &self.keys[id as usize]
    }

    /// How many distinct keys the corpus has.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Add `n` sentences that have no keys in this table yet, or whose keys
    /// are added with [`KeyStats::add_df`].
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

    /// Inverse sentence frequency: a key in every sentence weighs little.
    pub fn weight(&self, key: &str) -> f32 {
        self.weight_of(self.id(key))
    }

    fn weight_of(&self, id: Option<KeyId>) -> f32 {
        let df = id.map_or(0, |i| self.df[i as usize]) as f32;
        ((self.sentences as f32 + 1.0) / (df + 1.0)).ln().max(0.1)
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
        let mut stats = KeyStats::default();
        for s in [vec!["council", "budget"], vec!["council", "park"], vec!["council"], vec!["fire"]] {
            stats.add_sentence(s);
        }
        assert!(stats.weight("budget") > stats.weight("council"));
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
        let source = stats.key_set(["council", "budget", "approv"]);
        let o = Overlap::compute(&stats, &set(&["council", "budget", "approv"]), &source);
        assert!(o.same_fact());
        assert!(Overlap::between(&stats, &source, &source).same_fact());
        let source = stats.key_set(["council", "budget"]);
        let o = Overlap::compute(&stats, &set(&["council", "park", "approv", "pool"]), &source);
        assert!(!o.same_fact());
    }
}
