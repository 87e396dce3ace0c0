//! A list the knowledge base keeps either in memory (after a build) or, after
//! a cache hit, still encoded in the mapped index, a few items to a chunk,
//! each chunk decoded the first time one of its items is asked for. A load
//! then decodes nothing of it, and a check decodes only the chunks of the
//! items it reads: at 100k articles decoding the event list and the number
//! facts whole took most of a load.
//!
//! A stored chunk was covered by the index's checksum, so it decodes unless
//! this build's encoder and decoder disagree, and its items pass the bounds
//! check the list was stored with unless the index was written wrong.
//! Should either fail all the same, the chunk's items read as the list's
//! stand-ins and the damage flag of [`shared_text`](super::shared_text) is
//! raised, so the caller rebuilds the index.

use super::table::Table;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::OnceLock;

/// What a stored list does with each item it decodes: `adopt(i, item)`
/// completes item `i` (or refuses it: `false`); `stand_in(i)` is what item
/// `i` reads as when its chunk is damaged.
pub struct Hooks<T> {
    pub adopt: Box<Adopt<T>>,
    pub stand_in: Box<dyn Fn(usize) -> T + Send + Sync>,
}

/// Completes (or refuses) a decoded item, given its index.
pub type Adopt<T> = dyn Fn(usize, &mut T) -> bool + Send + Sync;

impl<T: Default> Hooks<T> {
    /// Items kept as decoded if `valid`; default items stand in.
    pub fn checked(valid: impl Fn(&T) -> bool + Send + Sync + 'static) -> Hooks<T> {
        Hooks { adopt: Box::new(move |_, item| valid(item)), stand_in: Box::new(|_| T::default()) }
    }
}

pub struct Chunked<T>(Repr<T>);

enum Repr<T> {
    Built(Vec<T>),
    Stored(Stored<T>),
}

struct Stored<T> {
    len: usize,
    per_chunk: usize,
    chunks: Vec<Chunk<T>>,
    hooks: Hooks<T>,
}

struct Chunk<T> {
    bytes: Table<u8>,
    decoded: OnceLock<Box<[T]>>,
}

impl<T> Chunked<T> {
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Built(v) => v.len(),
            Repr::Stored(s) => s.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stored chunks decoded so far (tests and measurements).
    pub fn decoded_chunks(&self) -> usize {
        match &self.0 {
            Repr::Built(_) => 0,
            Repr::Stored(s) => s.chunks.iter().filter(|c| c.decoded.get().is_some()).count(),
        }
    }
}

impl<T: DeserializeOwned> Chunked<T> {
    /// A stored list of `len` items: chunk `c` (an encoded `Vec<T>`) holds
    /// items `c * per_chunk..`, `per_chunk` of them except maybe the last.
    /// `None` when the chunks cannot hold `len` items.
    pub fn stored(chunks: Vec<Table<u8>>, len: usize, per_chunk: usize, hooks: Hooks<T>) -> Option<Chunked<T>> {
        (per_chunk > 0 && chunks.len() == len.div_ceil(per_chunk)).then(|| {
            let chunks = chunks.into_iter().map(|bytes| Chunk { bytes, decoded: OnceLock::new() }).collect();
            Chunked(Repr::Stored(Stored { len, per_chunk, chunks, hooks }))
        })
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        match &self.0 {
            Repr::Built(v) => v.get(i),
            Repr::Stored(s) => s.chunk(i / s.per_chunk)?.get(i % s.per_chunk),
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &T> + '_ {
        (0..self.len()).map(|i| &self[i])
    }
}

impl<T: DeserializeOwned + Send + Sync> Chunked<T> {
    /// The items in memory, every chunk decoded (for updates).
    pub fn into_vec(self) -> Vec<T> {
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
}

impl<T: Serialize + DeserializeOwned + Sync> Chunked<T> {
    /// The list encoded `per_chunk` items to a chunk, as [`Chunked::stored`]
    /// takes it (chunks encoded in parallel).
    pub fn encode_chunks(&self, per_chunk: usize) -> Result<Vec<Vec<u8>>, String> {
        use rayon::prelude::*;
        let all: Vec<&T> = self.iter().collect();
        all.par_chunks(per_chunk.max(1)).map(|c| postcard::to_stdvec(c).map_err(|e| e.to_string())).collect()
    }
}

impl<T: DeserializeOwned> Stored<T> {
    fn chunk(&self, c: usize) -> Option<&[T]> {
        let chunk = self.chunks.get(c)?;
        Some(chunk.decoded.get_or_init(|| self.decode(c, &chunk.bytes)))
    }

    fn decode(&self, c: usize, bytes: &[u8]) -> Box<[T]> {
        let items = (c * self.per_chunk).min(self.len)..((c + 1) * self.per_chunk).min(self.len);
        let decoded: Option<Vec<T>> = postcard::from_bytes(bytes).ok();
        let decoded = decoded.filter(|d| d.len() == items.len()).and_then(|mut d| {
            d.iter_mut().zip(items.clone()).all(|(item, i)| (self.hooks.adopt)(i, item)).then_some(d)
        });
        match decoded {
            Some(d) => d.into(),
            None => {
                super::shared_text::report_damage();
                items.map(|i| (self.hooks.stand_in)(i)).collect()
            }
        }
    }
}

impl<T: DeserializeOwned> std::ops::Index<usize> for Chunked<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        match self.get(i) {
            Some(item) => item,
            None => panic!("item {i} of {}", self.len()),
        }
    }
}

impl<T> Default for Chunked<T> {
    fn default() -> Chunked<T> {
        Chunked(Repr::Built(Vec::new()))
    }
}

impl<T> From<Vec<T>> for Chunked<T> {
    fn from(v: Vec<T>) -> Chunked<T> {
        Chunked(Repr::Built(v))
    }
}

impl<T> std::fmt::Debug for Chunked<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chunked").field("len", &self.len()).field("decoded_chunks", &self.decoded_chunks()).finish()
    }
}

impl<T: Serialize + DeserializeOwned> Serialize for Chunked<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(items: &[u32], per_chunk: usize) -> Chunked<u32> {
        let built = Chunked::from(items.to_vec());
        let chunks = built.encode_chunks(per_chunk).unwrap().into_iter().map(Table::from).collect();
        Chunked::stored(chunks, items.len(), per_chunk, Hooks::checked(|&n: &u32| n < 100)).unwrap()
    }

    #[test]
    fn a_stored_list_reads_as_built_and_decodes_only_the_chunks_asked_for() {
        let items: Vec<u32> = (0..10).collect();
        let list = stored(&items, 4);
        assert_eq!((list.len(), list.decoded_chunks()), (10, 0));
        assert_eq!(list.get(5), Some(&5));
        assert_eq!(list.decoded_chunks(), 1);
        assert_eq!(list.get(10), None);
        assert_eq!(list.iter().copied().collect::<Vec<_>>(), items);
        assert_eq!(list.decoded_chunks(), 3);
        assert_eq!(postcard::to_stdvec(&list).unwrap(), postcard::to_stdvec(&items).unwrap());
        assert_eq!(list.into_vec(), items);
    }

    #[test]
    fn chunks_that_cannot_hold_the_items_are_refused() {
        let chunks = vec![Table::from(postcard::to_stdvec(&[1u32, 2]).unwrap())];
        assert!(Chunked::stored(chunks, 5, 2, Hooks::<u32>::checked(|_| true)).is_none());
    }

    /// A chunk that does not decode, or whose items fail the check, reads as
    /// stand-ins and raises the damage flag; other chunks are unaffected.
    #[test]
    fn a_damaged_chunk_reads_as_stand_ins_and_reports_damage() {
        let list = stored(&[1, 2, 300, 4, 5], 2);
        assert_eq!(list.get(0), Some(&1));
        assert_eq!((list.get(2), list.get(3)), (Some(&0), Some(&0)));
        assert!(super::super::shared_text::damaged());
        let garbage = vec![Table::from(vec![0xff; 3])];
        let list = Chunked::stored(garbage, 1, 4, Hooks::<u32>::checked(|_| true)).unwrap();
        assert_eq!(list.get(0), Some(&0));
    }
}
