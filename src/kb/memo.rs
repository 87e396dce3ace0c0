//! What an update needs of each source besides the knowledge base itself:
//! its name and date mentions (the first pass) and its events part before
//! events are merged across sources. Its quotations, roles, spans and text
//! are recovered from the knowledge base (each carries its source).
//!
//! Memos are encoded one per source and stored side by side in one blob,
//! decoded only by an update: a cache hit maps them and never reads them.

use super::events::SourcePart;
use super::table::Table;
use crate::extract::dates::DateMention;
use crate::extract::NameMention;
use serde::{Deserialize, Serialize};

/// One source's first pass: what people are clustered from.
#[derive(Debug, Deserialize)]
pub struct FirstMemo {
    pub names: Vec<NameMention>,
    pub dates: Vec<DateMention>,
}

/// [`FirstMemo`]'s fields, borrowed, to encode without copying.
#[derive(Serialize)]
struct FirstRef<'a> {
    names: &'a [NameMention],
    dates: &'a [DateMention],
}

/// A source's memo, encoded: its first pass, then its events part, apart so
/// that an update decodes the events part only of the sources it reuses.
/// (Empty if it cannot be encoded: decoding then fails and the update
/// extracts the source again.)
#[derive(Default)]
pub struct Encoded {
    pub first: Vec<u8>,
    pub events: Vec<u8>,
}

impl Encoded {
    pub fn new(names: &[NameMention], dates: &[DateMention], events: &SourcePart) -> Encoded {
        Encoded { first: postcard::to_stdvec(&FirstRef { names, dates }).unwrap_or_default(), events: encode(events) }
    }
}

/// A source's events part, encoded.
pub fn encode(events: &SourcePart) -> Vec<u8> {
    postcard::to_stdvec(events).unwrap_or_default()
}

/// Every source's memo, in source order.
#[derive(Default)]
pub struct Memos {
    blob: Table<u8>,
    /// Where each source's first pass, then its events part, ends in `blob`.
    ends: Vec<u64>,
}

impl Memos {
    pub fn from_encoded(memos: Vec<Encoded>) -> Memos {
        let mut ends = Vec::with_capacity(2 * memos.len());
        let mut blob = Vec::with_capacity(memos.iter().map(|m| m.first.len() + m.events.len()).sum());
        for m in memos {
            blob.extend_from_slice(&m.first);
            ends.push(blob.len() as u64);
            blob.extend_from_slice(&m.events);
            ends.push(blob.len() as u64);
        }
        Memos { blob: blob.into(), ends }
    }

    /// Memos as stored: `None` unless `ends` come in pairs and rise to the blob's length.
    pub fn from_stored(blob: Table<u8>, ends: Vec<u64>) -> Option<Memos> {
        let rising = ends.windows(2).all(|w| w[0] <= w[1]);
        let whole = ends.len() % 2 == 0 && ends.last().copied().unwrap_or(0) == blob.len() as u64;
        (rising && whole).then_some(Memos { blob, ends })
    }

    /// Sources with a memo.
    pub fn len(&self) -> usize {
        self.ends.len() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn blob(&self) -> &[u8] {
        &self.blob
    }

    pub fn ends(&self) -> &[u64] {
        &self.ends
    }

    /// Piece `k` of the blob (a source's first pass or events part).
    fn piece(&self, k: usize) -> Option<&[u8]> {
        let start = if k == 0 { 0 } else { *self.ends.get(k - 1)? } as usize;
        self.blob.get(start..*self.ends.get(k)? as usize)
    }

    /// Source `i`'s first pass, encoded.
    pub fn first_bytes(&self, i: usize) -> Option<&[u8]> {
        self.piece(2 * i)
    }

    /// Source `i`'s first pass; `None` when there is none or it does not decode.
    pub fn first(&self, i: usize) -> Option<FirstMemo> {
        postcard::from_bytes(self.first_bytes(i)?).ok()
    }

    /// Source `i`'s events part; `None` when there is none or it does not decode.
    pub fn events(&self, i: usize) -> Option<SourcePart> {
        postcard::from_bytes(self.piece(2 * i + 1)?).ok()
    }
}

impl std::fmt::Debug for Memos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Memos({} sources, {} bytes)", self.len(), self.blob.len())
    }
}
