#![deny(clippy::print_stdout)]
//! copydesk: fact-check prose against a corpus of trusted articles.
//!
//! The engine (`corpus`, `extract`, `kb`, `checks`) works on byte offsets and
//! plain types and knows nothing of editors; `report` renders findings for the
//! CLI. Positions for editors come only from [`text::LineIndex`].

pub mod cache;
pub mod checks;
pub mod complete;
pub mod config;
pub mod corpus;
pub mod describe;
pub mod engine;
pub mod extract;
pub mod facts;
pub mod fault;
pub mod finding;
#[doc(hidden)]
pub mod harness;
pub mod incremental;
pub mod kb;
pub mod lexicon;
pub mod lsp;
pub mod pool;
pub mod report;
pub mod suppress;
pub mod text;

pub use engine::Engine;
pub use finding::{Finding, Fix, Rule, Severity, SourceRef};
