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
use std::collections::{HashMap, HashSet};

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

/// The comparison key of one word, or None for words that carry no content.
pub fn content_key(word: &str) -> Option<String> {
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
    keys_of(doc, sentence, names, &local, people)
}

/// Keys of every sentence of a document, in one pass over its names.
pub fn document_keys(doc: &Document, names: &[NameMention], people: &[Option<PersonId>]) -> Vec<Vec<Key>> {
    let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); doc.sentences.len()];
    for (i, n) in names.iter().enumerate() {
        if let Some(list) = by_sentence.get_mut(n.sentence) {
            list.push(i);
        }
    }
    by_sentence.iter().enumerate().map(|(s, local)| keys_of(doc, s, names, local, people)).collect()
}

/// `local`: the indices of the names in this sentence.
fn keys_of(
    doc: &Document,
    sentence: usize,
    names: &[NameMention],
    local: &[usize],
    people: &[Option<PersonId>],
) -> Vec<Key> {
    let range = doc.sentences[sentence].tokens.clone();
    let mut out = Vec::new();
    let in_name = |offset: usize| local.iter().copied().find(|&n| names[n].span.contains(offset));
    let mut emitted: HashSet<usize> = HashSet::new();
    for ti in range {
        let t = doc.tokens[ti];
        if !t.is_word() {
            continue;
        }
        let text = t.text(&doc.text);
        let name = in_name(t.span.start);
        if let Some(ni) = name {
            if let Some(Some(pid)) = people.get(ni) {
                if emitted.insert(ni) {
                    out.push(Key { key: person_key(*pid), token: ti });
                }
                continue;
            }
        }
        if name.is_none() && text.starts_with(char::is_uppercase) && is_title_word(text) {
            continue;
        }
        if let Some(key) = content_key(text) {
            out.push(Key { key, token: ti });
        }
    }
    out
}

/// How many sentences of the corpus contain each key.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct KeyStats {
    sentences: u32,
    df: HashMap<String, u32>,
}

impl KeyStats {
    /// Add the counts of another corpus part.
    pub fn merge(&mut self, other: KeyStats) {
        self.sentences += other.sentences;
        for (k, n) in other.df {
            *self.df.entry(k).or_default() += n;
        }
    }

    pub fn add_sentence<'a>(&mut self, keys: impl IntoIterator<Item = &'a str>) {
        self.sentences += 1;
        let unique: HashSet<&str> = keys.into_iter().collect();
        for k in unique {
            *self.df.entry(k.to_string()).or_default() += 1;
        }
    }

    /// Inverse sentence frequency: a key in every sentence weighs little.
    pub fn weight(&self, key: &str) -> f32 {
        let df = self.df.get(key).copied().unwrap_or(0) as f32;
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
    pub fn compute(stats: &KeyStats, draft: &HashSet<String>, source: &HashSet<String>) -> Overlap {
        let mut o = Overlap::default();
        for k in draft {
            let w = stats.weight(k);
            o.draft_weight += w;
            if source.contains(k) {
                o.shared += 1;
                o.shared_weight += w;
                o.shared_person |= is_person_key(k);
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
        self.shared >= 3 && self.coverage() >= 0.45 || self.shared >= 2 && self.shared_person && self.coverage() >= 0.5
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
        let o =
            Overlap::compute(&stats, &set(&["council", "budget", "approv"]), &set(&["council", "budget", "approv"]));
        assert!(o.same_fact());
        let o = Overlap::compute(&stats, &set(&["council", "park", "approv", "pool"]), &set(&["council", "budget"]));
        assert!(!o.same_fact());
    }
}
