//! General knowledge as data: abbreviations, title words, organisation and
//! place words, common English words. Nothing here is about any corpus; the
//! corpus supplies every name, event and quote at run time.

pub mod abbreviations;
pub mod aliases;
pub mod calendar;
pub mod common_words;
pub mod numbers;
pub mod org_words;
pub mod paraphrase;
pub mod phrases;
pub mod quoting;
pub mod ranks;
pub mod speech;
pub mod titles;

use std::sync::OnceLock;

/// A word table as a hash set (Fx: the keys are our own words, and these
/// lookups run for most words of every draft and source).
pub(crate) type WordSet = rustc_hash::FxHashSet<&'static str>;

/// A word table as a hash set, built on first use: the tables are consulted
/// for every capitalised word, so a linear scan would dominate checking.
pub(crate) fn word_set(cell: &'static OnceLock<WordSet>, words: &[&'static str]) -> &'static WordSet {
    cell.get_or_init(|| words.iter().copied().collect())
}

/// A word in lower case, as [`lower`] gives it.
pub(crate) enum Lower<'a> {
    Borrowed(&'a str),
    /// A short ASCII word, lower-cased on the stack.
    Inline([u8; 32], u8),
    Owned(String),
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Lower::Borrowed(s) => s,
            // ASCII bytes copied from a `str`, so valid UTF-8.
            Lower::Inline(buf, n) => std::str::from_utf8(&buf[..*n as usize]).unwrap_or_default(),
            Lower::Owned(s) => s,
        }
    }
}

impl AsRef<str> for Lower<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

/// Lower-case a word; allocates only for long or non-ASCII words with capitals.
/// The tables are consulted for most words of a draft.
pub(crate) fn lower(word: &str) -> Lower<'_> {
    if word.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
        Lower::Borrowed(word)
    } else if word.is_ascii() && word.len() <= 32 {
        let mut buf = [0u8; 32];
        buf[..word.len()].copy_from_slice(word.as_bytes());
        buf[..word.len()].make_ascii_lowercase();
        Lower::Inline(buf, word.len() as u8)
    } else {
        Lower::Owned(word.to_lowercase())
    }
}

/// `word.to_lowercase() == lower`, without allocating when `word` is ASCII.
pub fn lower_eq(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        word.len() == lower.len() && word.bytes().zip(lower.bytes()).all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        word.to_lowercase() == lower
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lower_is_to_lowercase() {
        for w in ["the", "The", "THE", "Thé", "a-much-longer-ascii-word-than-the-buffer-holds", "ÉTÉ", ""] {
            assert_eq!(&*super::lower(w), w.to_lowercase());
        }
    }

    #[test]
    fn lower_eq_is_comparing_the_lower_case() {
        for w in ["The", "the", "THE", "thé", "İt", "\u{212A}ey", "", "Straße"] {
            for l in ["the", "thé", "i\u{307}t", "key", "", "straße"] {
                assert_eq!(super::lower_eq(w, l), w.to_lowercase() == l, "{w} {l}");
            }
        }
    }
}
