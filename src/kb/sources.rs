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

use super::{Source, SourceDoc};
use crate::kb::table::Table;
use crate::kb::SharedText;
use memmap2::Mmap;
use std::sync::{Arc, OnceLock};

/// Sources per stored chunk (also how the index file groups them).
pub const CHUNK: usize = 16;

#[derive(Default)]
pub struct Sources(Repr);

enum Repr {
    Built(Vec<Source>),
    Stored(Stored),
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Built(Vec::new())
    }
}

struct Stored {
    chunks: Vec<Chunk>,
    /// Each source's path and text.
    placed: Vec<StoredText>,
    map: Arc<Mmap>,
}

/// A stored source's path, and where its text is in the map.
pub struct StoredText {
    pub path: Arc<str>,
    pub start: usize,
    pub len: usize,
    /// xxh3-64 of the text (from the manifest).
    pub hash: u64,
}

struct Chunk {
    bytes: Table<u8>,
    decoded: OnceLock<Box<[Source]>>,
}

impl Sources {
    /// Stored sources: chunk `i` (encoded `Vec<Source>`, [`CHUNK`] sources
    /// except maybe the last) holds those of `placed[i * CHUNK..]`, whose
    /// texts are in `map`.
    pub fn stored(chunks: Vec<Table<u8>>, placed: Vec<StoredText>, map: Arc<Mmap>) -> Sources {
        let chunks = chunks.into_iter().map(|bytes| Chunk { bytes, decoded: OnceLock::new() }).collect();
        Sources(Repr::Stored(Stored { chunks, placed, map }))
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Built(v) => v.len(),
            Repr::Stored(s) => s.placed.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&Source> {
        match &self.0 {
            Repr::Built(v) => v.get(i),
            Repr::Stored(s) => s.chunk(i / CHUNK)?.get(i % CHUNK),
        }
    }

    /// Bytes of every source's text, without decoding any source.
    pub fn text_bytes(&self) -> u64 {
        match &self.0 {
            Repr::Built(v) => v.iter().map(|s| s.doc.text.len() as u64).sum(),
            Repr::Stored(s) => s.placed.iter().map(|t| t.len as u64).sum(),
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Source> + '_ {
        (0..self.len()).map(|i| &self[i])
    }

    /// The sources in memory, every chunk decoded (for updates).
    pub fn into_vec(self) -> Vec<Source> {
        match self.0 {
            Repr::Built(v) => v,
            Repr::Stored(s) => {
                use rayon::prelude::*;
                (0..s.chunks.len()).into_par_iter().for_each(|c| {
                    s.chunk(c);
                });
                s.chunks.into_iter().flat_map(|c| c.decoded.into_inner().unwrap_or_default().into_vec()).collect()
            }
        }
    }

    /// Stored chunks decoded so far (tests and measurements).
    pub fn decoded_chunks(&self) -> usize {
        match &self.0 {
            Repr::Built(_) => 0,
            Repr::Stored(s) => s.chunks.iter().filter(|c| c.decoded.get().is_some()).count(),
        }
    }
}

impl Stored {
    fn chunk(&self, c: usize) -> Option<&[Source]> {
        let chunk = self.chunks.get(c)?;
        Some(chunk.decoded.get_or_init(|| self.decode(c, &chunk.bytes)))
    }

    fn decode(&self, c: usize, bytes: &[u8]) -> Box<[Source]> {
        let placed = &self.placed[(c * CHUNK).min(self.placed.len())..((c + 1) * CHUNK).min(self.placed.len())];
        let decoded: Option<Vec<Source>> = postcard::from_bytes(bytes).ok();
        let decoded = decoded.filter(|d| d.len() == placed.len()).and_then(|d| {
            d.into_iter()
                .zip(placed)
                .map(|(mut s, t)| {
                    s.path = t.path.clone();
                    s.doc.text = SharedText::mapped(&self.map, t.start, t.len, t.hash)?;
                    Some(s)
                })
                .collect::<Option<Vec<Source>>>()
        });
        match decoded {
            Some(d) => d.into(),
            None => {
                super::shared_text::report_damage();
                placed.iter().map(|t| Source::empty(t.path.clone())).collect()
            }
        }
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
        match self.get(i) {
            Some(s) => s,
            None => panic!("source {i} of {}", self.len()),
        }
    }
}

impl From<Vec<Source>> for Sources {
    fn from(v: Vec<Source>) -> Sources {
        Sources(Repr::Built(v))
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
        let sources = Sources::stored(vec![Table::from(vec![0xff; 3])], placed, map);
        assert_eq!(sources.len(), 2);
        assert_eq!((&*sources[1].path, &*sources[1].doc.text), ("b.md", ""));
        assert!(sources[1].names.is_empty());
        assert!(super::super::shared_text::damaged());
    }
}
