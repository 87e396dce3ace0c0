//! Words the extractors take from the lexicon tables as `&'static str`
//! (countries, services). Decoding gives them back as interned strings: each
//! distinct word is allocated once per process and then shared.

use crate::text::Span;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashSet;
use std::sync::Mutex;

/// A `&'static str` field. Spelt through this alias so that serde's derive
/// does not require the decoder's input to live for `'static`.
pub type StaticWord = &'static str;

fn intern(s: String) -> &'static str {
    static WORDS: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut words = WORDS.lock().unwrap_or_else(|e| e.into_inner());
    let words = words.get_or_insert_with(HashSet::new);
    if let Some(w) = words.get(s.as_str()) {
        return w;
    }
    let w: &'static str = Box::leak(s.into_boxed_str());
    words.insert(w);
    w
}

/// `Option<&'static str>`.
pub mod word {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<&'static str>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.map(intern))
    }
}

/// `Option<(&'static str, Span)>`.
pub mod word_at {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<(&'static str, Span)>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<(&'static str, Span)>, D::Error> {
        Ok(Option::<(String, Span)>::deserialize(d)?.map(|(w, span)| (intern(w), span)))
    }
}

#[cfg(test)]
mod tests {
    use super::intern;

    #[test]
    fn one_allocation_per_distinct_word() {
        let a = intern("Norway".to_string());
        let b = intern("Norway".to_string());
        assert!(std::ptr::eq(a, b));
        assert_eq!(intern("Chile".to_string()), "Chile");
    }
}
