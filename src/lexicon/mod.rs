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

use std::collections::HashSet;
use std::sync::OnceLock;

/// A word table as a hash set, built on first use: the tables are consulted
/// for every capitalised word, so a linear scan would dominate checking.
pub(crate) fn word_set(
    cell: &'static OnceLock<HashSet<&'static str>>,
    words: &[&'static str],
) -> &'static HashSet<&'static str> {
    cell.get_or_init(|| words.iter().copied().collect())
}

/// Lower-case a word without allocating when it is already lower-case ASCII.
pub(crate) fn lower(word: &str) -> std::borrow::Cow<'_, str> {
    if word.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    }
}
