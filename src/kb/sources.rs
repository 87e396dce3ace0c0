//! The knowledge base's sources: in memory after a build, or, after a cache
//! hit, still encoded in the mapped index and decoded a chunk at a time the
//! first time one of the chunk's sources is asked for. Only evidence reads a
//! source (its lines, sentences and name spans), so a check touches a few
//! chunks and a load decodes none: at 100k sources decoding them all was a
//! quarter of the load and most of their memory.
//!
//! A stored chunk was covered by the index's checksum, so it decodes unless
//! this build's encoder and decoder disagree; should it fail all the same,
//! its sources read as empty documents and the damage flag of
//! [`shared_text`](super::shared_text) is raised, as for a damaged text, so
//! the caller rebuilds the index.

use super::chunked::{Chunked, Hooks};
use super::{Source, SourceDoc};
use crate::kb::table::Table;
use crate::kb::SharedText;
use memmap2::Mmap;
use std::sync::Arc;

/// Sources per stored chunk (also how the index file groups them).
pub const CHUNK: usize = 16;

#[derive(Default)]
pub struct Sources {
    list: Chunked<Source>,
    /// Bytes of every source's text.
    text_bytes: u64,
}

/// A stored source's path, and where its text is in the map.
pub struct StoredText {
    pub path: Arc<str>,
    pub start: usize,
    pub len: usize,
    /// xxh3-64 of the text (from the manifest).
    pub hash: u64,
}

impl Sources {
    /// Stored sources: chunk `i` (encoded `Vec<Source>`, [`CHUNK`] sources
    /// except maybe the last) holds those of `placed[i * CHUNK..]`, whose
    /// texts are in `map`. `None` when the chunks cannot hold them.
    pub fn stored(chunks: Vec<Table<u8>>, placed: Vec<StoredText>, map: Arc<Mmap>) -> Option<Sources> {
        let (len, text_bytes) = (placed.len(), placed.iter().map(|t| t.len as u64).sum());
        let placed = Arc::new(placed);
        let paths = placed.clone();
        let hooks = Hooks {
            adopt: Box::new(move |i, s: &mut Source| {
                let t = &placed[i];
                s.path = t.path.clone();
                SharedText::mapped(&map, t.start, t.len, t.hash).map(|text| s.doc.text = text).is_some()
            }),
            stand_in: Box::new(move |i| Source::empty(paths[i].path.clone())),
        };
        Some(Sources { list: Chunked::stored(chunks, len, CHUNK, hooks)?, text_bytes })
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&Source> {
        self.list.get(i)
    }

    /// Bytes of every source's text, without decoding any source.
    pub fn text_bytes(&self) -> u64 {
        self.text_bytes
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Source> + '_ {
        self.list.iter()
    }

    /// The sources in memory, every chunk decoded (for updates).
    pub fn into_vec(self) -> Vec<Source> {
        self.list.into_vec()
    }

    /// Stored chunks decoded so far (tests and measurements).
    pub fn decoded_chunks(&self) -> usize {
        self.list.decoded_chunks()
    }

    /// The sources encoded [`CHUNK`] to a chunk, as [`Sources::stored`] takes them.
    pub fn encode_chunks(&self) -> Result<Vec<Vec<u8>>, String> {
        self.list.encode_chunks(CHUNK)
    }
}

impl Source {
    /// A source with no text (what a damaged stored source reads as).
    fn empty(path: Arc<str>) -> Source {
        Source { path, doc: SourceDoc::empty(), names: Vec::new() }
    }
}

impl std::ops::Index<usize> for Sources {
    type Output = Source;

    fn index(&self, i: usize) -> &Source {
        &self.list[i]
    }
}

impl From<Vec<Source>> for Sources {
    fn from(v: Vec<Source>) -> Sources {
        let text_bytes = v.iter().map(|s| s.doc.text.len() as u64).sum();
        Sources { list: v.into(), text_bytes }
    }
}

impl std::fmt::Debug for Sources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sources").field("len", &self.len()).field("decoded_chunks", &self.decoded_chunks()).finish()
    }
}

impl serde::Serialize for Sources {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chunk that does not decode (it cannot pass the index's checksum;
    /// this is the guard should it happen anyway) reads as empty sources
    /// with their paths, and raises the damage flag.
    #[test]
    fn a_chunk_that_does_not_decode_reads_as_empty_sources_and_reports_damage() {
        let map = crate::kb::table::map_of(b"text");
        let text = |path: &str| StoredText { path: path.into(), start: 0, len: 4, hash: 0 };
        let placed = vec![text("a.md"), text("b.md")];
        let sources = Sources::stored(vec![Table::from(vec![0xff; 3])], placed, map).unwrap();
        assert_eq!(sources.len(), 2);
        assert_eq!((&*sources[1].path, &*sources[1].doc.text), ("b.md", ""));
        assert!(sources[1].names.is_empty());
        assert!(super::super::shared_text::damaged());
    }
}
