//! General knowledge as data: abbreviations, title words, organisation and
//! place words, common English words. Nothing here is about any corpus; the
//! corpus supplies every name, event and quote at run time.

pub mod abbreviations;
pub mod aliases;
pub mod calendar;
pub mod common_words;
pub mod org_words;
pub mod ranks;
pub mod speech;
pub mod titles;
