//! Close spellings: edit distance (with transpositions) scaled by length.

use crate::text::fold;
use std::collections::HashMap;

/// How many edits a word of this many characters may be off by and still be
/// the same word misspelt. Short words get none: "Li" and "Xi" are different names.
pub fn max_edits(chars: usize) -> usize {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Edit distance between two folded words when they are close enough to be
/// one word misspelt, else `None`. Requires the same first letter (or a swap
/// of the first two), which is how real typos of names behave.
pub fn close(a: &str, b: &str) -> Option<usize> {
    if a == b {
        return None;
    }
    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let limit = max_edits(ac.len().max(bc.len())).min(max_edits(ac.len().min(bc.len()) + 1));
    if limit == 0 || ac.len().abs_diff(bc.len()) > limit {
        return None;
    }
    let same_start = ac[0] == bc[0] || (ac.len() > 1 && bc.len() > 1 && ac[0] == bc[1] && ac[1] == bc[0]);
    if !same_start {
        return None;
    }
    let d = strsim::osa_distance(a, b);
    (d <= limit).then_some(d)
}

/// Folded name parts grouped by first letter, for near-spelling lookups that
/// do not compare against every name.
#[derive(Debug, Default, Clone)]
pub struct NearIndex {
    by_initial: HashMap<char, Vec<String>>,
}

impl NearIndex {
    pub fn insert(&mut self, word: &str) {
        let folded = fold(word);
        let mut chars = folded.chars();
        let (Some(c0), c1) = (chars.next(), chars.next()) else { return };
        for key in std::iter::once(c0).chain(c1) {
            let bucket = self.by_initial.entry(key).or_default();
            if !bucket.contains(&folded) {
                bucket.push(folded.clone());
            }
        }
    }

    /// Known words close to `word` (folded), nearest first.
    pub fn near(&self, word: &str) -> Vec<(String, usize)> {
        let folded = fold(word);
        let Some(c0) = folded.chars().next() else { return Vec::new() };
        let mut out: Vec<(String, usize)> = self
            .by_initial
            .get(&c0)
            .into_iter()
            .flatten()
            .filter_map(|w| close(&folded, w).map(|d| (w.clone(), d)))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_close() {
        assert_eq!(close("baiden", "biden"), Some(1));
        assert_eq!(close("zhenly", "zhenli"), Some(1));
        assert_eq!(close("meiner", "meiners"), Some(1));
        assert_eq!(close("okafro", "okafor"), Some(1));
        assert_eq!(close("aquilinno", "aquilino"), Some(1));
    }

    #[test]
    fn different_names_are_not() {
        assert_eq!(close("li", "xi"), None);
        assert_eq!(close("wang", "huang"), None);
        assert_eq!(close("qian", "qiang"), Some(1)); // close as words; context decides
        assert_eq!(close("brown", "crown"), None);
        assert_eq!(close("biden", "biden"), None);
    }

    #[test]
    fn index_finds_by_first_or_second_letter() {
        let mut idx = NearIndex::default();
        idx.insert("Biden");
        idx.insert("Okafor");
        assert_eq!(idx.near("Baiden"), [("biden".to_string(), 1)]);
        assert_eq!(idx.near("Iben").len(), 0);
        assert!(idx.near("Okafro").iter().any(|(w, _)| w == "okafor"));
    }
}
