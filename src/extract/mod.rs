//! Mentions found in a document: today people's names; titles, dates, numbers
//! and quotations live in sibling modules as they are added.

pub mod people;
pub mod titles;

pub use people::{extract_names, Cue, NameMention, NamePart};
