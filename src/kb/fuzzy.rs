//! Close spellings: edit distance (with transpositions) scaled by length.

use crate::text::fold;

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
    let (al, bl) = (a.chars().count(), b.chars().count());
    let limit = max_edits(al.max(bl)).min(max_edits(al.min(bl) + 1));
    if limit == 0 || al.abs_diff(bl) > limit {
        return None;
    }
    let (mut ac, mut bc) = (a.chars(), b.chars());
    let (a0, a1, b0, b1) = (ac.next(), ac.next(), bc.next(), bc.next());
    let same_start = a0 == b0 || (al > 1 && bl > 1 && a0 == b1 && a1 == b0);
    if !same_start {
        return None;
    }
    let d = strsim::osa_distance(a, b);
    (d <= limit).then_some(d)
}

/// Folded words indexed by their deletion variants (SymSpell): two words
/// within `close()` distance `d` share a string obtained by deleting at most
/// `d` characters from each (a substitution or a transposition costs one
/// deletion on each side, an insertion one on the other side), so a lookup
/// verifies only the words sharing a variant with the query instead of
/// scanning every name.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct NearIndex {
    words: Vec<String>,
    /// (hash of a deletion variant, word id), sorted. A hash collision only
    /// adds a candidate that `close()` then rejects.
    variants: Vec<(u32, u32)>,
}

/// How many deletions to index for a word of this many characters: enough
/// for the largest distance `close()` allows it against any other word.
fn deletion_depth(chars: usize) -> usize {
    max_edits(chars + 1)
}

/// Every string obtained by deleting up to `depth` characters (with repeats).
fn deletion_variants(word: &str, depth: usize, out: &mut Vec<String>) {
    out.clear();
    out.push(word.to_string());
    let mut frontier = 0;
    for _ in 0..depth {
        let end = out.len();
        for i in frontier..end {
            let chars: Vec<char> = out[i].chars().collect();
            for skip in 0..chars.len() {
                let v: String = chars.iter().enumerate().filter(|&(j, _)| j != skip).map(|(_, c)| *c).collect();
                out.push(v);
            }
        }
        frontier = end;
    }
    out.sort_unstable();
    out.dedup();
}

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

fn variant_hash(s: &str) -> u32 {
    // FNV-1a: stable, fast, and good enough to spread short strings.
    let mut h: u32 = FNV_OFFSET;
    for b in s.bytes() {
        h = (h ^ b as u32).wrapping_mul(FNV_PRIME);
    }
    h
}

/// The [`variant_hash`]es of [`deletion_variants`] (sorted, deduplicated),
/// computed without building the strings: a lookup makes dozens of variants
/// per word and only needs their hashes. `depth` is at most 2.
fn deletion_hashes(word: &str, depth: usize, out: &mut Vec<u32>) {
    debug_assert!(depth <= 2);
    out.clear();
    let bytes = word.as_bytes();
    let mut bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    bounds.push(bytes.len());
    let n = bounds.len() - 1;
    // Hash of the word without the characters at `a` and `b` (`n` for none).
    let skipping = |a: usize, b: usize| {
        let mut h = FNV_OFFSET;
        for c in (0..n).filter(|&c| c != a && c != b) {
            for &byte in &bytes[bounds[c]..bounds[c + 1]] {
                h = (h ^ byte as u32).wrapping_mul(FNV_PRIME);
            }
        }
        h
    };
    out.push(skipping(n, n));
    if depth >= 1 {
        out.extend((0..n).map(|i| skipping(i, n)));
    }
    if depth >= 2 {
        for i in 0..n {
            out.extend((i + 1..n).map(|j| skipping(i, j)));
        }
    }
    out.sort_unstable();
    out.dedup();
}

impl NearIndex {
    /// Index these words (folded here; duplicates kept once).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> NearIndex {
        let mut folded: Vec<String> = words.into_iter().map(fold).filter(|w| !w.is_empty()).collect();
        folded.sort_unstable();
        folded.dedup();
        let mut variants = Vec::new();
        let mut buf = Vec::new();
        for (id, w) in folded.iter().enumerate() {
            deletion_variants(w, deletion_depth(w.chars().count()), &mut buf);
            variants.extend(buf.iter().map(|v| (variant_hash(v), id as u32)));
        }
        variants.sort_unstable();
        variants.dedup();
        NearIndex { words: folded, variants }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Known words close to `word` (folded), nearest first.
    pub fn near(&self, word: &str) -> Vec<(String, usize)> {
        let folded = fold(word);
        if folded.is_empty() {
            return Vec::new();
        }
        let mut query = Vec::new();
        deletion_hashes(&folded, deletion_depth(folded.chars().count()), &mut query);
        let mut candidates: Vec<u32> = Vec::new();
        for &h in &query {
            let from = self.variants.partition_point(|&(x, _)| x < h);
            candidates.extend(self.variants[from..].iter().take_while(|&&(x, _)| x == h).map(|&(_, id)| id));
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut out: Vec<(String, usize)> = candidates
            .into_iter()
            .filter_map(|id| {
                let w = &self.words[id as usize];
                close(&folded, w).map(|d| (w.clone(), d))
            })
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_close() {
        assert_eq!(close("brnadt", "brandt"), Some(1));
        assert_eq!(close("kowalczik", "kowalczyk"), Some(1));
        assert_eq!(close("lindqvis", "lindqvist"), Some(1));
        assert_eq!(close("okafro", "okafor"), Some(1));
        assert_eq!(close("castellanno", "castellano"), Some(1));
    }

    #[test]
    fn different_names_are_not() {
        assert_eq!(close("li", "xi"), None);
        assert_eq!(close("lind", "wind"), None);
        assert_eq!(close("qian", "qiang"), Some(1)); // close as words; context decides
        assert_eq!(close("brown", "crown"), None);
        assert_eq!(close("okafor", "okafor"), None);
    }

    #[test]
    fn deletion_hashes_are_the_hashes_of_the_variants() {
        let (mut variants, mut hashes) = (Vec::new(), Vec::new());
        for word in ["", "a", "ab", "okafor", "castellanowski", "šimůnková", "aab", "ěřa"] {
            for depth in 0..=2 {
                deletion_variants(word, depth, &mut variants);
                let mut expected: Vec<u32> = variants.iter().map(|v| variant_hash(v)).collect();
                expected.sort_unstable();
                expected.dedup();
                deletion_hashes(word, depth, &mut hashes);
                assert_eq!(hashes, expected, "{word} at depth {depth}");
            }
        }
    }

    #[test]
    fn index_finds_by_first_or_second_letter() {
        let idx = NearIndex::new(["Brandt", "Okafor", "Brandt"]);
        assert_eq!(idx.len(), 2);
        assert_eq!(idx.near("Brnadt"), [("brandt".to_string(), 1)]);
        assert_eq!(idx.near("Iben").len(), 0);
        assert!(idx.near("Okafro").iter().any(|(w, _)| w == "okafor"));
    }

    /// The index this one replaced: every word under its first and second
    /// letters, each bucket scanned with `close()`.
    fn scan_near(words: &[String], word: &str) -> Vec<(String, usize)> {
        let folded = fold(word);
        let Some(c0) = folded.chars().next() else { return Vec::new() };
        let mut out: Vec<(String, usize)> = words
            .iter()
            .map(|w| fold(w))
            .filter(|w| {
                let mut cs = w.chars();
                cs.next() == Some(c0) || cs.next() == Some(c0)
            })
            .filter_map(|w| close(&folded, &w).map(|d| (w, d)))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        out.dedup();
        out
    }

    #[test]
    fn long_and_accented_words_within_two_edits() {
        let idx = NearIndex::new(["Castellanowski", "Šimůnková", "Okafor"]);
        assert_eq!(idx.near("Castelanowsky"), [("castellanowski".to_string(), 2)]);
        assert!(idx.near("Simunkova").is_empty(), "the same word, accents aside, is not a misspelling");
        assert_eq!(idx.near("Simunokva"), [("simunkova".to_string(), 1)]);
        assert_eq!(idx.near("Kofaor"), Vec::<(String, usize)>::new());
    }

    mod same_as_scan {
        use super::*;
        use proptest::prelude::*;

        /// Words from a small alphabet, so that near spellings are common,
        /// and variants of them with typical typos.
        fn typo(word: &str, kind: u8, at: usize, c: char) -> String {
            let mut cs: Vec<char> = word.chars().collect();
            if cs.is_empty() {
                return c.to_string();
            }
            let at = at % cs.len();
            match kind % 4 {
                0 => cs[at] = c,
                1 => cs.insert(at, c),
                2 => {
                    cs.remove(at);
                }
                _ if at + 1 < cs.len() => cs.swap(at, at + 1),
                _ => cs.push(c),
            }
            cs.into_iter().collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]
            #[test]
            fn near_equals_scan(
                words in prop::collection::vec("[abeéoř]{1,11}", 1..40),
                edits in prop::collection::vec((0usize..40, 0u8..4, 0usize..12, prop::sample::select(vec!['a', 'b', 'é', 'o', 'x']), 0u8..3), 1..20),
            ) {
                let idx = NearIndex::new(words.iter().map(String::as_str));
                for (w, kind, at, c, times) in edits {
                    let mut q = words[w % words.len()].clone();
                    for k in 0..times {
                        q = typo(&q, kind.wrapping_add(k), at + k as usize, c);
                    }
                    prop_assert_eq!(idx.near(&q), scan_near(&words, &q), "query {}", q);
                }
            }
        }
    }
}
