//! Reading sources and drafts into [`Document`]s.

pub mod dateline;
pub mod document;
pub mod front_matter;
pub mod load;
pub mod markdown;
pub mod sentences;

pub use document::{Document, Format, Paragraph, Sentence};
pub use load::{load_corpus, CorpusLoad, CorpusText, LoadIssue};
