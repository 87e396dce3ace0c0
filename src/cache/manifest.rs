//! What the cached knowledge base was built from: each corpus file's path,
//! size, modification time and content hash.
//!
//! A file whose path, size and modification time match its entry is trusted
//! without reading it. Any other file is read and hashed; the same hash means
//! the same content, and only the stamp is updated. A file modified shortly
//! before it was read gets an [`Stamp::UNTRUSTED`] stamp instead of its own:
//! it could change again within the same timestamp tick ("racy git"), so it is
//! hashed again next time.

use crate::corpus::load::{IssueKind, LoadIssue};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

/// Files modified less than this before they were read are hashed again on
/// the next run instead of trusted on their stamp.
pub const RACY_NS: i64 = 2_000_000_000;

/// Size and modification time (nanoseconds since the epoch).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: i64,
}

impl Stamp {
    /// Matches no file: the file is read and hashed next time.
    pub const UNTRUSTED: Stamp = Stamp { size: u64::MAX, mtime_ns: i64::MIN };

    /// What to record for a file stat'ed as `self` and read at `now_ns`.
    pub fn recorded(stamp: Option<Stamp>, now_ns: i64) -> Stamp {
        stamp.filter(|s| s.mtime_ns <= now_ns.saturating_sub(RACY_NS)).unwrap_or(Stamp::UNTRUSTED)
    }

    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp { size: m.len(), mtime_ns: m.modified().map(nanos).unwrap_or(0) })
    }
}

pub fn nanos(t: SystemTime) -> i64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_nanos().min(i64::MAX as u128) as i64,
        Err(e) => -(e.duration().as_nanos().min(i64::MAX as u128) as i64),
    }
}

/// A warning the file was used with (e.g. invalid UTF-8), repeated when the
/// file is taken from the cache so the output does not depend on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub reason: String,
}

impl Warning {
    pub fn issue(&self, path: &str) -> LoadIssue {
        LoadIssue { path: path.into(), used: true, reason: self.reason.clone(), kind: IssueKind::InvalidUtf8 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The path as the corpus walk gives it, which is also the source's path.
    pub path: String,
    pub stamp: Stamp,
    /// xxh3-64 of the decoded text: what the knowledge base is built from.
    pub hash: u64,
    pub warning: Option<Warning>,
}

/// One entry per source of the knowledge base, in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub entries: Vec<Entry>,
}

/// What to do with one corpus file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Take it from the cache: entry index.
    Trust(usize),
    /// Read and hash it; compare with this entry, if the cache had the path.
    Read(Option<usize>),
}

impl Manifest {
    /// A plan per file: `files` are the corpus files now, with their stamps
    /// (`None` when the file cannot be stat'ed).
    /// Each entry is trusted for one file at most (two paths that display
    /// alike are read).
    pub fn plan(&self, files: &[(&str, Option<Stamp>)]) -> Vec<Plan> {
        let mut by_path: HashMap<&str, usize> =
            self.entries.iter().enumerate().map(|(i, e)| (e.path.as_str(), i)).collect();
        files
            .iter()
            .map(|(path, stamp)| {
                let Some(i) = by_path.remove(path) else { return Plan::Read(None) };
                if *stamp == Some(self.entries[i].stamp) {
                    Plan::Trust(i)
                } else {
                    Plan::Read(Some(i))
                }
            })
            .collect()
    }
}

impl Manifest {
    /// Same files, same content, same order: a knowledge base built from
    /// `self` holds for `now` (touched but unchanged files included).
    pub fn same_sources(&self, now: &Manifest) -> bool {
        self.entries.len() == now.entries.len()
            && self.entries.iter().zip(&now.entries).all(|(a, b)| a.path == b.path && a.hash == b.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_000_000_000_000;

    fn entry(path: &str, size: u64, mtime_ns: i64, hash: u64) -> Entry {
        Entry { path: path.into(), stamp: Stamp { size, mtime_ns }, hash, warning: None }
    }

    fn manifest(entries: Vec<Entry>) -> Manifest {
        Manifest { entries }
    }

    #[test]
    fn same_stamp_is_trusted_anything_else_is_read() {
        let m = manifest(vec![entry("a.md", 10, T, 1), entry("b.md", 20, T, 2), entry("c.md", 30, T, 3)]);
        let s = |size, mtime_ns| Some(Stamp { size, mtime_ns });
        let plan = m.plan(&[
            ("a.md", s(10, T)),
            ("b.md", s(20, T + 1)),
            ("c.md", s(31, T)),
            ("d.md", s(1, T)),
            ("e.md", None),
        ]);
        assert_eq!(
            plan,
            [Plan::Trust(0), Plan::Read(Some(1)), Plan::Read(Some(2)), Plan::Read(None), Plan::Read(None)]
        );
        let twice = m.plan(&[("a.md", s(10, T)), ("a.md", s(10, T))]);
        assert_eq!(twice, [Plan::Trust(0), Plan::Read(None)]);
    }

    #[test]
    fn files_modified_just_before_they_were_read_are_read_again() {
        let s = Stamp { size: 10, mtime_ns: T };
        assert_eq!(Stamp::recorded(Some(s), T + RACY_NS / 2), Stamp::UNTRUSTED);
        assert_eq!(Stamp::recorded(Some(s), T + RACY_NS), s);
        assert_eq!(Stamp::recorded(None, T), Stamp::UNTRUSTED);
        let m = manifest(vec![Entry { stamp: Stamp::UNTRUSTED, ..entry("a.md", 10, T, 1) }]);
        assert_eq!(m.plan(&[("a.md", Some(s))]), [Plan::Read(Some(0))]);
    }

    #[test]
    fn same_sources_means_same_paths_hashes_and_order() {
        let old = manifest(vec![entry("a.md", 1, T, 1), entry("b.md", 1, T, 2), entry("c.md", 1, T, 3)]);
        let changed = manifest(vec![entry("a.md", 1, T + 5, 1), entry("b.md", 2, T, 9), entry("c.md", 1, T, 3)]);
        assert!(!old.same_sources(&changed));
        let added = manifest(vec![
            entry("a.md", 1, T, 1),
            entry("b.md", 1, T, 2),
            entry("c.md", 1, T, 3),
            entry("d.md", 1, T, 4),
        ]);
        assert!(!old.same_sources(&added));
        let removed = manifest(vec![entry("a.md", 1, T, 1), entry("b.md", 1, T, 2)]);
        assert!(!old.same_sources(&removed));
        let touched = manifest(vec![entry("a.md", 1, T + 5, 1), entry("b.md", 1, T + 5, 2), entry("c.md", 1, T, 3)]);
        assert!(old.same_sources(&touched));
        // Same files in another order: the source ids would differ.
        let reordered = manifest(vec![entry("b.md", 1, T, 2), entry("a.md", 1, T, 1), entry("c.md", 1, T, 3)]);
        assert!(!old.same_sources(&reordered));
    }
}
