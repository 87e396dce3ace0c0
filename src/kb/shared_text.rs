//! A source's text, shared between the corpus index and the knowledge base:
//! on the heap after a build, or a slice of the memory-mapped index after a
//! cache hit, so a loaded archive's texts stay out of the heap (and out of
//! resident memory until evidence is rendered from them).
//!
//! Mapped texts are not covered by the index's checksum (checking them would
//! read every page); each is checked against its manifest hash the first time
//! it is read. A text that fails the check reads as spaces of the same length
//! (every span stays in bounds) and [`damaged`] turns true, so the caller can
//! drop the index and have it rebuilt (`check` retries from the files; the
//! language server re-indexes).

use memmap2::Mmap;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

#[derive(Clone)]
pub struct SharedText(Repr);

#[derive(Clone)]
enum Repr {
    Heap(Arc<str>),
    Mapped(Arc<Mapped>),
}

struct Mapped {
    map: Arc<Mmap>,
    start: usize,
    len: usize,
    /// xxh3-64 of the text, from the manifest.
    hash: u64,
    verified: OnceLock<bool>,
    blank: OnceLock<Box<str>>,
}

static DAMAGED: AtomicBool = AtomicBool::new(false);

/// Whether a mapped text failed its check in this process.
pub fn damaged() -> bool {
    DAMAGED.load(Ordering::Relaxed)
}

/// Raise the flag of [`damaged`]: stored data failed a check on first use.
pub fn report_damage() {
    DAMAGED.store(true, Ordering::Relaxed);
}

/// [`damaged`], and clear it.
pub fn take_damaged() -> bool {
    DAMAGED.swap(false, Ordering::Relaxed)
}

impl SharedText {
    /// `map[start..start + len]`, whose xxh3-64 must be `hash`; `None` when
    /// the range is outside the map.
    pub fn mapped(map: &Arc<Mmap>, start: usize, len: usize, hash: u64) -> Option<SharedText> {
        (start.checked_add(len)? <= map.len()).then(|| {
            SharedText(Repr::Mapped(Arc::new(Mapped {
                map: map.clone(),
                start,
                len,
                hash,
                verified: OnceLock::new(),
                blank: OnceLock::new(),
            })))
        })
    }

    /// Length in bytes, without reading a mapped text.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Heap(t) => t.len(),
            Repr::Mapped(m) => m.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_mapped(&self) -> bool {
        matches!(self.0, Repr::Mapped(_))
    }
}

impl Mapped {
    fn get(&self) -> &str {
        // In bounds: checked when made.
        let bytes = &self.map[self.start..self.start + self.len];
        let ok = *self.verified.get_or_init(|| xxhash_rust::xxh3::xxh3_64(bytes) == self.hash);
        // UTF-8 is checked on every read rather than remembered: the mapped
        // file could still be written in place by another process after the
        // first check, and skipping the check would need `unsafe` that such a
        // write makes unsound. It costs about a microsecond per kilobyte.
        match ok.then(|| std::str::from_utf8(bytes).ok()).flatten() {
            Some(s) => s,
            None => {
                report_damage();
                self.blank.get_or_init(|| " ".repeat(self.len).into())
            }
        }
    }
}

impl Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Heap(t) => t,
            Repr::Mapped(m) => m.get(),
        }
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        self
    }
}

impl Default for SharedText {
    fn default() -> SharedText {
        SharedText::from("")
    }
}

impl From<String> for SharedText {
    fn from(s: String) -> SharedText {
        SharedText(Repr::Heap(s.into()))
    }
}

impl From<&str> for SharedText {
    fn from(s: &str) -> SharedText {
        SharedText(Repr::Heap(s.into()))
    }
}

impl From<Arc<str>> for SharedText {
    fn from(s: Arc<str>) -> SharedText {
        SharedText(Repr::Heap(s))
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        **self == **other
    }
}

impl Eq for SharedText {}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl std::fmt::Display for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::table::map_of;

    #[test]
    fn a_mapped_text_reads_as_its_bytes_when_its_hash_matches() {
        let map = map_of(b"xxHello, world.yy");
        let hash = xxhash_rust::xxh3::xxh3_64(b"Hello, world.");
        let t = SharedText::mapped(&map, 2, 13, hash).unwrap();
        assert_eq!(&*t, "Hello, world.");
        assert_eq!(t, SharedText::from("Hello, world."));
        assert!(SharedText::mapped(&map, 10, 13, hash).is_none());
        assert!(SharedText::mapped(&map, usize::MAX, 2, hash).is_none());
    }

    #[test]
    fn a_damaged_mapped_text_reads_as_blanks_of_its_length() {
        let map = map_of(b"caf\xc3\xa9 bar");
        let t = SharedText::mapped(&map, 0, 9, 12345).unwrap();
        assert_eq!(&*t, "         ");
        assert!(damaged());
    }
}
