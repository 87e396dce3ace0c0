//! Text primitives shared by the engine: byte spans, character normalisation,
//! tokens, and the line index that converts byte offsets to editor positions.
//!
//! Everything inside the engine works on byte offsets into the original text;
//! conversions to lines and UTF-16 columns happen only in [`line_index`].

pub mod line_index;
pub mod normalize;
pub mod span;
pub mod token;

pub use line_index::{LineIndex, PositionEncoding};
pub use normalize::{fold, normalize_char};
pub use span::Span;
pub use token::{tokenize, Token, TokenKind};
