//! A flat array of plain numbers that is either owned (built in memory) or a
//! slice of the memory-mapped index, used in place; either way it reads as
//! `&[T]`, so query code does not know which.

use memmap2::Mmap;
use std::ops::Deref;
use std::sync::Arc;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout};

/// Numbers the index stores in place (native byte order: an index is only
/// read by the build that wrote it, see `cache::key`).
pub trait Plain: FromBytes + IntoBytes + Immutable + KnownLayout + Copy + Send + Sync + 'static {}
impl Plain for u8 {}
impl Plain for u32 {}
impl Plain for u64 {}

pub struct Table<T: Plain>(Repr<T>);

enum Repr<T> {
    Owned(Vec<T>),
    Mapped { map: Arc<Mmap>, start: usize, len: usize },
}

impl<T: Plain> Table<T> {
    /// `map[start..start + len]` as `[T]`: `None` unless it is in bounds,
    /// aligned for `T` and a whole number of `T`s.
    pub fn mapped(map: &Arc<Mmap>, start: usize, len: usize) -> Option<Table<T>> {
        let bytes = map.get(start..start.checked_add(len)?)?;
        <[T]>::ref_from_bytes(bytes).ok()?;
        Some(Table(Repr::Mapped { map: map.clone(), start, len }))
    }

    /// A copy of `bytes` as `[T]` (any alignment), `None` unless a whole number of `T`s.
    pub fn copied(bytes: &[u8]) -> Option<Table<T>> {
        let size = std::mem::size_of::<T>();
        (bytes.len() % size == 0)
            .then(|| Table(Repr::Owned(bytes.chunks_exact(size).filter_map(|c| T::read_from_bytes(c).ok()).collect())))
    }

    /// The bytes of the array, as stored.
    pub fn as_bytes(&self) -> &[u8] {
        IntoBytes::as_bytes(self.deref())
    }

    pub fn is_mapped(&self) -> bool {
        matches!(self.0, Repr::Mapped { .. })
    }
}

/// Where a part of the knowledge base takes back, in order, the tables it
/// gave to be stored (see `cache::after`).
pub trait TableSource {
    fn next<T: Plain>(&mut self) -> Result<Table<T>, String>;
}

impl<T: Plain> Deref for Table<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match &self.0 {
            Repr::Owned(v) => v,
            // Bounds, alignment and size were checked when it was made.
            Repr::Mapped { map, start, len } => <[T]>::ref_from_bytes(&map[*start..*start + *len]).unwrap_or(&[]),
        }
    }
}

impl<T: Plain> From<Vec<T>> for Table<T> {
    fn from(v: Vec<T>) -> Table<T> {
        Table(Repr::Owned(v))
    }
}

impl<T: Plain> Default for Table<T> {
    fn default() -> Table<T> {
        Table(Repr::Owned(Vec::new()))
    }
}

impl<T: Plain + std::fmt::Debug> std::fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Tables in memory, handed back in order (tests, and parts read back
/// without a file).
pub struct Copied<'a>(pub &'a [&'a [u8]]);

impl TableSource for Copied<'_> {
    fn next<T: Plain>(&mut self) -> Result<Table<T>, String> {
        let (first, rest) = self.0.split_first().ok_or("a table is missing")?;
        self.0 = rest;
        Table::copied(first).ok_or_else(|| "a table is not a whole number of elements".into())
    }
}

/// `bytes` in a private temporary file, mapped (tests of mapped data).
#[cfg(test)]
pub(crate) fn map_of(bytes: &[u8]) -> Arc<Mmap> {
    use std::io::Write;
    let mut f = tempfile::tempfile().unwrap();
    f.write_all(bytes).unwrap();
    // SAFETY: a private temporary file nobody else writes.
    Arc::new(unsafe { Mmap::map(&f) }.unwrap())
}

/// Stored tables damaged at random, for tests of what a load refuses.
#[cfg(test)]
pub(crate) struct Damage(pub u64);

#[cfg(test)]
impl Damage {
    /// A number below `m` (xorshift).
    pub fn below(&mut self, m: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % m as u64) as usize
    }

    /// `tables` with one byte of one non-empty table changed.
    pub fn of(&mut self, tables: &[Vec<u8>]) -> Vec<Vec<u8>> {
        let mut bad = tables.to_vec();
        let t = self.below(bad.len());
        if !bad[t].is_empty() {
            let at = self.below(bad[t].len());
            bad[t][at] ^= 1 + self.below(255) as u8;
        }
        bad
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_and_copied_tables_read_as_their_numbers() {
        let words: Vec<u32> = vec![7, 0, u32::MAX];
        let bytes = Table::from(words.clone()).as_bytes().to_vec();
        let map = map_of(&[&[0; 8][..], &bytes].concat());
        let t = Table::<u32>::mapped(&map, 8, 12).unwrap();
        assert!(t.is_mapped());
        assert_eq!(&*t, &words[..]);
        assert_eq!(&*Table::<u32>::copied(&bytes).unwrap(), &words[..]);
        assert!(Table::<u32>::mapped(&map, 8, 11).is_none(), "not whole numbers");
        assert!(Table::<u32>::mapped(&map, 9, 8).is_none(), "not aligned");
        assert!(Table::<u32>::mapped(&map, 8, 16).is_none(), "out of bounds");
        assert!(Table::<u32>::copied(&bytes[1..]).is_none());
    }
}
