//! How the corpus uses each word: capitalised mid-sentence, in lower case, or
//! at the start of a sentence. A word the corpus writes in lower case ("chase",
//! "brown") is weak evidence of a name on its own.

use crate::corpus::Document;
use crate::text::normalize::fold_into;
use crate::text::{fold, TokenKind};
use rustc_hash::FxHashMap as HashMap;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WordCounts {
    pub capitalized: u32,
    pub lower: u32,
    pub sentence_initial: u32,
}

impl WordCounts {
    pub fn total(&self) -> u32 {
        self.capitalized + self.lower + self.sentence_initial
    }
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Vocabulary {
    counts: HashMap<String, WordCounts>,
}

impl Vocabulary {
    pub fn add_document(&mut self, doc: &Document) {
        self.count_document(doc, |n| *n += 1);
    }

    /// Take back what [`Vocabulary::add_document`] counted for `doc`; words
    /// no longer counted are forgotten, as if `doc` had never been added.
    pub fn remove_document(&mut self, doc: &Document) {
        self.count_document(doc, |n| *n = n.saturating_sub(1));
    }

    /// Apply `step` to the count each word of `doc` adds to.
    fn count_document(&mut self, doc: &Document, step: impl Fn(&mut u32)) {
        let mut key = String::new();
        for sentence in &doc.sentences {
            for (i, t) in doc.tokens[sentence.tokens.clone()].iter().enumerate() {
                if t.kind != TokenKind::Word {
                    continue;
                }
                let w = t.text(&doc.text);
                fold_into(strip_possessive(w), &mut key);
                // Look up before inserting: most words are already counted.
                let c = match self.counts.get_mut(key.as_str()) {
                    Some(c) => c,
                    None => self.counts.entry(key.clone()).or_default(),
                };
                if i == 0 {
                    step(&mut c.sentence_initial);
                } else if w.chars().next().is_some_and(char::is_uppercase) {
                    step(&mut c.capitalized);
                } else {
                    step(&mut c.lower);
                }
                if c.total() == 0 {
                    self.counts.remove(key.as_str());
                }
            }
        }
    }

    pub fn merge(&mut self, other: Vocabulary) {
        for (w, c) in other.counts {
            let e = self.counts.entry(w).or_default();
            e.capitalized += c.capitalized;
            e.lower += c.lower;
            e.sentence_initial += c.sentence_initial;
        }
    }

    pub fn get(&self, word: &str) -> WordCounts {
        self.counts.get(&fold(strip_possessive(word))).copied().unwrap_or_default()
    }

    /// The corpus contains the word in any form.
    pub fn knows(&self, word: &str) -> bool {
        self.get(word).total() > 0
    }

    /// The corpus writes the word in lower case at least once.
    pub fn used_in_lower_case(&self, word: &str) -> bool {
        self.get(word).lower > 0
    }

    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Every word with its counts, sorted (a canonical form to compare).
    pub fn sorted(&self) -> Vec<(&str, WordCounts)> {
        let mut out: Vec<(&str, WordCounts)> = self.counts.iter().map(|(w, c)| (w.as_str(), *c)).collect();
        out.sort_unstable_by(|a, b| a.0.cmp(b.0));
        out
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

pub fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("\u{2019}s")).unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    #[test]
    fn counts_by_case_and_position() {
        let mut v = Vocabulary::default();
        v.add_document(&Document::parse("a.txt", "Chase ran. They chase Chase's dog.", Format::Plain));
        assert_eq!(v.get("chase"), WordCounts { capitalized: 1, lower: 1, sentence_initial: 1 });
        assert!(v.used_in_lower_case("Chase"));
        assert!(!v.knows("Okafor"));
    }
}
