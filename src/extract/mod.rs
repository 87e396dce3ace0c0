//! Mentions found in a document: today people's names; titles, dates, numbers
//! and quotations live in sibling modules as they are added.

pub mod attribution;
pub mod people;
pub mod quotes;
pub mod reuse;
pub mod titles;

pub use attribution::{extract_quotations, Quotation, QuoteKind, Speaker};
pub use people::{extract_names, Cue, NameMention, NamePart};
pub mod dates;
pub mod numbers;
