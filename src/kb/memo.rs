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

/// One source's memo, decoded.
#[derive(Debug, Deserialize)]
pub struct SourceMemo {
    pub names: Vec<NameMention>,
    pub dates: Vec<DateMention>,
    pub events: SourcePart,
}

/// [`SourceMemo`]'s fields, borrowed, to encode without copying.
#[derive(Serialize)]
struct MemoRef<'a> {
    names: &'a [NameMention],
    dates: &'a [DateMention],
    events: &'a SourcePart,
}

/// One source's memo, encoded (empty if it cannot be: decoding it then
/// fails and the update extracts the source again).
pub fn encode(names: &[NameMention], dates: &[DateMention], events: &SourcePart) -> Vec<u8> {
    postcard::to_stdvec(&MemoRef { names, dates, events }).unwrap_or_default()
}

/// Every source's memo, in source order.
#[derive(Default)]
pub struct Memos {
    blob: Table<u8>,
    /// Where each source's memo ends in `blob`.
    ends: Vec<u64>,
}

impl Memos {
    pub fn from_encoded(memos: Vec<Vec<u8>>) -> Memos {
        let mut ends = Vec::with_capacity(memos.len());
        let mut blob = Vec::with_capacity(memos.iter().map(Vec::len).sum());
        for m in memos {
            blob.extend_from_slice(&m);
            ends.push(blob.len() as u64);
        }
        Memos { blob: blob.into(), ends }
    }

    /// Memos as stored: `None` unless `ends` rise to the blob's length.
    pub fn from_stored(blob: Table<u8>, ends: Vec<u64>) -> Option<Memos> {
        let rising = ends.windows(2).all(|w| w[0] <= w[1]);
        (rising && ends.last().copied().unwrap_or(0) == blob.len() as u64).then_some(Memos { blob, ends })
    }

    pub fn len(&self) -> usize {
        self.ends.len()
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

    /// Source `i`'s memo; `None` when there is none or it does not decode.
    pub fn get(&self, i: usize) -> Option<SourceMemo> {
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? } as usize;
        let end = *self.ends.get(i)? as usize;
        postcard::from_bytes(self.blob.get(start..end)?).ok()
    }
}

impl std::fmt::Debug for Memos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Memos({} sources, {} bytes)", self.ends.len(), self.blob.len())
    }
}
