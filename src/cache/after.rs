//! What follows the payload in an index file, used in place from the map
//! rather than decoded:
//!
//! ```text
//! padding   zeros up to a multiple of 8 bytes from the start of the file
//! tables    the quote index's and the events' arrays, each padded to 8 bytes
//!           (where and how long each is, and its xxh3-64, are in the payload)
//! texts     the sources' texts, concatenated in source order
//! ```
//!
//! A table's bounds are checked when the index is loaded and its hash in the
//! background (see [`crate::kb::verify`]); a text's hash when it is first
//! used (see [`SharedText`]).

use crate::kb::table::{Plain, Table, TableSource};
use crate::kb::{Kb, SharedText};
use memmap2::Mmap;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::sync::Arc;

/// Where a table is: offset from the end of the padding, length, xxh3-64.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub off: u64,
    pub len: u64,
    pub hash: u64,
}

/// The tables of `kb` stored after the payload, in order: each part's
/// tables, which it takes back in the same order (see [`Stored`]).
pub fn tables(kb: &Kb) -> Vec<&[u8]> {
    let mut out = kb.quotes.stored_tables();
    out.extend(kb.events.stored_tables());
    out
}

fn align8(n: u64) -> u64 {
    n.div_ceil(8) * 8
}

/// Where each table goes, and where the texts start, from the end of the padding.
pub fn layout(kb: &Kb) -> (Vec<Placed>, u64) {
    let mut off = 0;
    let placed = tables(kb)
        .iter()
        .map(|t| {
            let p = Placed { off, len: t.len() as u64, hash: xxhash_rust::xxh3::xxh3_64(t) };
            off = align8(off + p.len);
            p
        })
        .collect();
    (placed, off)
}

/// Bytes after the payload, for a file whose header and payload take `head` bytes.
pub fn len(kb: &Kb, head: u64) -> u64 {
    // Lengths only: the tables' hashes are worked out once, for the payload.
    let tables: u64 = tables(kb).iter().map(|t| align8(t.len() as u64)).sum();
    align8(head) - head + tables + kb.sources.iter().map(|s| s.doc.text.len() as u64).sum::<u64>()
}

/// Write what follows a header and payload of `head` bytes.
pub fn write(w: &mut dyn Write, kb: &Kb, head: u64) -> std::io::Result<()> {
    const ZEROS: [u8; 8] = [0; 8];
    w.write_all(&ZEROS[..(align8(head) - head) as usize])?;
    for t in tables(kb) {
        w.write_all(t)?;
        w.write_all(&ZEROS[..(align8(t.len() as u64) - t.len() as u64) as usize])?;
    }
    kb.sources.iter().try_for_each(|s| w.write_all(s.doc.text.as_bytes()))
}

/// The part of a file after its payload, to take tables and texts from:
/// slices of the map, or copies when there is no map (tests).
pub struct After<'a> {
    file: &'a [u8],
    map: Option<&'a Arc<Mmap>>,
    /// Offset in `file` of the end of the padding.
    base: usize,
}

impl<'a> After<'a> {
    /// `file` ends with `rest` bytes after its payload (`file` is the map's
    /// bytes when there is a map).
    pub fn new(file: &'a [u8], map: Option<&'a Arc<Mmap>>, rest: usize) -> Option<After<'a>> {
        let end_of_payload = file.len().checked_sub(rest)?;
        let base = align8(end_of_payload as u64) as usize;
        (base <= file.len()).then_some(After { file, map, base })
    }

    /// The bytes placed at `p` are in bounds and have its hash.
    pub fn hash_matches(&self, p: &Placed) -> bool {
        self.bytes(p).is_some_and(|(_, b)| xxhash_rust::xxh3::xxh3_64(b) == p.hash)
    }

    /// Where the table placed at `p` is in the file, with its hash; `None`
    /// when out of bounds.
    pub fn range(&self, p: &Placed) -> Option<crate::kb::verify::Range> {
        self.bytes(p).map(|(start, b)| (start, b.len(), p.hash))
    }

    fn bytes(&self, p: &Placed) -> Option<(usize, &'a [u8])> {
        let start = self.base.checked_add(usize::try_from(p.off).ok()?)?;
        let len = usize::try_from(p.len).ok()?;
        Some((start, self.file.get(start..start.checked_add(len)?)?))
    }

    /// The table placed at `p` (its hash not checked), when in bounds and aligned.
    pub fn placed<T: Plain>(&self, p: &Placed) -> Option<Table<T>> {
        let (start, bytes) = self.bytes(p)?;
        let len = bytes.len();
        match self.map {
            Some(map) => Table::mapped(map, start, len),
            None => Table::copied(bytes),
        }
    }

    /// `bytes`, used in place when they are a slice of the mapped file,
    /// else copied.
    pub fn blob(&self, bytes: &[u8]) -> Option<Table<u8>> {
        match self.map {
            Some(map) => {
                let start = (bytes.as_ptr() as usize).checked_sub(map.as_ptr() as usize)?;
                Table::mapped(map, start, bytes.len())
            }
            None => Table::copied(bytes),
        }
    }

    /// Bytes from `at` (from the end of the padding) to the end of the file.
    pub fn bytes_from(&self, at: u64) -> Option<u64> {
        (self.file.len() as u64).checked_sub((self.base as u64).checked_add(at)?)
    }

    /// The map, when the file is mapped.
    pub fn map(&self) -> Option<&'a Arc<Mmap>> {
        self.map
    }

    /// Where in the file the text at `at` (from the end of the padding),
    /// `len` bytes long, starts; `None` when out of bounds.
    pub fn text_start(&self, at: u64, len: u64) -> Option<usize> {
        let start = self.base.checked_add(usize::try_from(at).ok()?)?;
        (start.checked_add(usize::try_from(len).ok()?)? <= self.file.len()).then_some(start)
    }

    /// The text at `start` in the file, `len` bytes long, with `hash`; `None`
    /// when out of bounds.
    pub fn text_at(&self, start: usize, len: usize, hash: u64) -> Option<SharedText> {
        match self.map {
            Some(map) => SharedText::mapped(map, start, len, hash),
            None => {
                let b = self.file.get(start..start.checked_add(len)?)?;
                Some(SharedText::from(String::from_utf8_lossy(b).into_owned()))
            }
        }
    }

    /// Offset in the file where the texts start.
    pub fn texts_start(&self, texts_at: u64) -> usize {
        self.base.saturating_add(texts_at as usize).min(self.file.len())
    }
}

/// Tables whose hashes were checked, handed back in order to the parts that stored them.
pub struct Stored<'a> {
    after: &'a After<'a>,
    placed: &'a [Placed],
}

impl<'a> Stored<'a> {
    pub fn new(after: &'a After<'a>, placed: &'a [Placed]) -> Stored<'a> {
        Stored { after, placed }
    }
}

impl TableSource for Stored<'_> {
    fn next<T: Plain>(&mut self) -> Result<Table<T>, String> {
        let (p, rest) = self.placed.split_first().ok_or("a table is missing")?;
        self.placed = rest;
        self.after.placed(p).ok_or_else(|| "a table is out of bounds".to_string())
    }
}
