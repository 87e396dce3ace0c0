//! The stored tables of a loaded index checked against their hashes on a
//! thread of their own, while the knowledge base is already in use: hashing
//! every table (half a gigabyte at 100k articles) was most of a load.
//! Bounds were checked at load, so a damaged table can give wrong answers
//! until the check ends, never a panic. Whoever makes something lasting of
//! the knowledge base waits for the verdict first: `check` before it
//! reports (a damaged index is dropped and the draft checked again from the
//! files), an update before it reuses anything. A failed check also raises
//! the damage flag of [`shared_text`](super::shared_text), as a damaged
//! text does, so the language server rebuilds.

use memmap2::{Mmap, UncheckedAdvice};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

#[derive(Default)]
pub struct Verification(Mutex<State>);

enum State {
    Done(bool),
    Running(JoinHandle<bool>),
}

impl Default for State {
    fn default() -> State {
        State::Done(true)
    }
}

/// A table in the map: offset, length, xxh3-64.
pub type Range = (usize, usize, u64);

impl Verification {
    /// Check `tables` of `map` in the background.
    pub fn spawn(map: Arc<Mmap>, tables: Vec<Range>) -> Verification {
        let check = move || {
            let ok = tables.iter().all(|&(start, len, hash)| {
                let ok =
                    map.get(start..start.saturating_add(len)).is_some_and(|b| xxhash_rust::xxh3::xxh3_64(b) == hash);
                // Read once to check, the pages need not stay resident: the
                // ones lookups touch come back one by one.
                // SAFETY: a read-only file mapping: dropping its pages loses
                // nothing, they are read from the file again if touched.
                let _ = unsafe { map.unchecked_advise_range(UncheckedAdvice::DontNeed, start, len) };
                ok
            });
            if !ok {
                super::shared_text::report_damage();
            }
            ok
        };
        match std::thread::Builder::new().name("copydesk-verify".into()).spawn(check) {
            Ok(handle) => Verification(Mutex::new(State::Running(handle))),
            // No thread to be had: none of the tables is trusted.
            Err(_) => {
                super::shared_text::report_damage();
                Verification(Mutex::new(State::Done(false)))
            }
        }
    }

    /// Whether every table matched its hash, waiting for the check to end.
    pub fn wait(&self) -> bool {
        let mut state = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let State::Running(_) = &*state {
            let State::Running(handle) = std::mem::take(&mut *state) else { unreachable!() };
            *state = State::Done(handle.join().unwrap_or(false));
        }
        matches!(*state, State::Done(true))
    }
}

impl std::fmt::Debug for Verification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verification")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_checked_in_the_background_and_a_mismatch_is_reported() {
        let map = crate::kb::table::map_of(b"abcdefgh");
        let hash = |b: &[u8]| xxhash_rust::xxh3::xxh3_64(b);
        let good = Verification::spawn(map.clone(), vec![(0, 3, hash(b"abc")), (3, 5, hash(b"defgh"))]);
        assert!(good.wait() && good.wait());
        let bad = Verification::spawn(map.clone(), vec![(0, 3, hash(b"abc")), (3, 5, hash(b"defgx"))]);
        assert!(!bad.wait());
        assert!(super::super::shared_text::damaged());
        let outside = Verification::spawn(map, vec![(6, 5, 0)]);
        assert!(!outside.wait());
        assert!(Verification::default().wait());
    }
}
