//! Multi-word phrase tables (titles, services, organisations, countries),
//! built once and indexed by first word, so finding the longest phrase at a
//! position looks at a handful of candidates instead of the whole table.

use std::collections::HashMap;

pub struct PhraseTable<T> {
    by_first_word: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T: Copy> PhraseTable<T> {
    /// `entries`: (value, the phrase already split into lower-case words).
    pub fn new(entries: impl IntoIterator<Item = (T, Vec<String>)>) -> PhraseTable<T> {
        let mut by_first_word: HashMap<String, Vec<(Vec<String>, T)>> = HashMap::new();
        for (value, words) in entries {
            if let Some(first) = words.first() {
                by_first_word.entry(first.clone()).or_default().push((words, value));
            }
        }
        PhraseTable { by_first_word }
    }

    /// The longest phrase that `words` starts with (the first listed wins a
    /// tie): its value and its length in words.
    pub fn longest(&self, words: &[&str]) -> Option<(T, usize)> {
        let mut best: Option<(T, usize)> = None;
        for (form, value) in self.by_first_word.get(*words.first()?)? {
            let n = form.len();
            let fits = n <= words.len() && form.iter().zip(words).all(|(f, w)| f == w);
            if fits && best.is_none_or(|(_, len)| n > len) {
                best = Some((*value, n));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn longest_match_wins_and_first_listed_breaks_ties() {
        let t = PhraseTable::new([(1, words("deputy chief")), (2, words("deputy")), (3, words("deputy chief"))]);
        assert_eq!(t.longest(&["deputy", "chief", "ode"]), Some((1, 2)));
        assert_eq!(t.longest(&["deputy", "mayor"]), Some((2, 1)));
        assert_eq!(t.longest(&["mayor"]), None);
        assert_eq!(t.longest(&[]), None);
    }
}
