//! The on-disk index: the knowledge base and the manifest of the corpus files
//! it was built from, so `check`, `serve` and `index` skip reading and
//! extracting a corpus that has not changed.
//!
//! - [`header`]: magic bytes, format version, key, length and checksum,
//!   checked before the payload is decoded.
//! - [`manifest`]: each file's path, size, modification time and hash, and
//!   which files must be read again.
//! - [`store`]: atomic writes, the workspace's `.gitignore`.
//!
//! When files were added, changed or removed, the changed files are read from
//! disk and the knowledge base is updated with [`Kb::update`]: only they are
//! extracted again, and unchanged files whose people resolve as before keep
//! what they gave (their texts and memos come from the cache, no file read).
//! The result is the knowledge base [`Kb::from_texts`] would build.

pub mod after;
pub mod header;
pub mod manifest;
pub mod payload;
pub mod statics;
pub mod store;

use crate::corpus::load::{corpus_files, read_corpus_text_sized, CorpusLoad, LoadError, LoadIssue, LoadOptions};
use crate::corpus::CorpusText;
use crate::kb::{Input, Kb};
use after::After;
use header::Invalid;
use manifest::{Entry, Manifest, Plan, Stamp, Warning};
use memmap2::{Mmap, UncheckedAdvice};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// The workspace folder copydesk owns (git-ignored), beside `.copydesk.toml`.
pub const WORKSPACE_DIR: &str = ".copydesk";

/// Where an index is read from and written to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheFile {
    pub path: PathBuf,
    /// `<root>/.copydesk` for a workspace cache: gets a `.gitignore` of `*`.
    pub owned_dir: Option<PathBuf>,
}

impl CacheFile {
    /// A file the user named (`index -o FILE`, `check --index FILE`).
    pub fn at(path: &Path) -> CacheFile {
        CacheFile { path: path.to_path_buf(), owned_dir: None }
    }

    /// The workspace cache for these corpus roots: one file per set of roots
    /// as written (sources keep their paths as given), so runs from another
    /// folder or from the language server do not overwrite each other.
    pub fn workspace(root: &Path, roots: &[PathBuf]) -> CacheFile {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for r in roots {
            h.update(r.as_os_str().as_encoded_bytes());
            h.update(b"\0");
        }
        let dir = root.join(WORKSPACE_DIR);
        CacheFile { path: dir.join("cache").join(format!("index-{:016x}.bin", h.digest())), owned_dir: Some(dir) }
    }
}

/// How the knowledge base was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheState {
    /// No cache involved.
    Off,
    /// No usable cache: everything was read and built.
    Built,
    /// Unchanged files came from the cache, changed ones from disk; rebuilt.
    Updated,
    /// The cached knowledge base was used as it is.
    Hit,
}

impl CacheState {
    pub fn as_str(self) -> &'static str {
        match self {
            CacheState::Off => "off",
            CacheState::Built => "built",
            CacheState::Updated => "updated",
            CacheState::Hit => "hit",
        }
    }
}

/// A knowledge base and how it was obtained.
pub struct Loaded {
    pub kb: Kb,
    /// Files skipped or used with warnings, as [`load_corpus`](crate::corpus::load_corpus) reports them.
    pub issues: Vec<LoadIssue>,
    pub state: CacheState,
    /// Reading, checking and decoding the cache file.
    pub cache_time: Duration,
    /// Listing, stat-ing and reading corpus files.
    pub read_time: Duration,
    /// Building the knowledge base (zero on a hit).
    pub build_time: Duration,
    /// Bytes of corpus text in the knowledge base.
    pub corpus_bytes: u64,
    /// Warnings about the cache itself (unreadable, out of date).
    pub notes: Vec<String>,
    /// The corpus as it is now, one entry per source.
    pub manifest: Manifest,
    /// The cache file does not hold this knowledge base and manifest yet.
    pub dirty: bool,
}

impl Loaded {
    /// "corpus: N files used, …" when some files were skipped or warned about.
    pub fn summary(&self) -> Option<String> {
        CorpusLoad::summary_of(self.kb.sources.len(), &self.issues)
    }
}

struct Index {
    manifest: Manifest,
    kb: Kb,
}

/// What a cache file must have been made with to be trusted: the crate
/// version, this very build (the executable's size and modification time),
/// and the settings that change which files are used. `[aliases]` and rule
/// settings only matter when checking, so they are not part of it.
///
/// No probe of the standard library's hasher: nothing stored depends on it.
/// The quote index's word pairs are pairs of word ids, the name-part index
/// hashes with FNV-1a, and the maps use the kb's own Fx hasher (and are
/// stored as entries, rebuilt on decoding, so their order does not matter).
pub fn key(opts: LoadOptions) -> String {
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{}-{}", m.len(), m.modified().map(manifest::nanos).unwrap_or(0)))
        // Unknown build: never trust a cache.
        .unwrap_or_else(|_| format!("unknown-{}-{}", std::process::id(), manifest::nanos(SystemTime::now())));
    format!(
        "copydesk {}; format {}; build {build}; max_file_bytes {}",
        env!("CARGO_PKG_VERSION"),
        header::FORMAT_VERSION,
        opts.max_file_bytes
    )
}

/// Read one corpus file, with its manifest entry when it is used. `stamp`
/// must be taken before reading, so a file that changes meanwhile looks
/// changed next time.
pub fn read_file(
    path: &Path,
    stamp: Option<Stamp>,
    opts: LoadOptions,
) -> (Option<CorpusText>, Option<LoadIssue>, Option<Entry>) {
    let now = manifest::nanos(SystemTime::now());
    let (doc, issue) = read_corpus_text_sized(path, stamp.map(|s| s.size), opts);
    let entry = doc.as_ref().map(|d| Entry {
        path: d.path.clone(),
        stamp: Stamp::recorded(stamp, now),
        hash: xxhash_rust::xxh3::xxh3_64(d.text.as_bytes()),
        warning: issue.as_ref().filter(|i| i.used).map(|i| Warning { reason: i.reason.clone() }),
    });
    (doc, issue, entry)
}

/// Decode a mapped cache file made with `key`. The sources' texts stay in
/// the map (see [`crate::kb::SharedText`]).
fn decode(map: &Arc<Mmap>, key: &str) -> Result<Index, Invalid> {
    let (payload, rest) = header::decode(map, key)?;
    let corrupt = |e: String| Invalid::Corrupt(format!("cannot decode the payload: {e}"));
    let after = After::new(map, Some(map), rest.len()).ok_or_else(|| corrupt("no room after it".into()))?;
    let (manifest, kb, texts) = payload::decode(payload, &after).map_err(corrupt)?;
    // The payload's and the tables' pages were read once to decode the one
    // and bounds-check the others; the process need not keep them resident
    // (the tables' pages come back one by one as lookups touch them; their
    // hash check in the background drops those it reads).
    let at = payload.as_ptr() as usize - map.as_ptr() as usize;
    // SAFETY: a read-only file mapping: dropping its pages loses nothing,
    // they are read from the file again if touched.
    let _ = unsafe { map.unchecked_advise_range(UncheckedAdvice::DontNeed, at, texts - at) };
    let index = Index { manifest, kb };
    // The sources' paths are the manifest's (see `payload::decode`).
    let consistent = index.manifest.entries.len() == index.kb.sources.len();
    if !consistent {
        return Err(Invalid::Corrupt("manifest and knowledge base disagree".into()));
    }
    Ok(index)
}

fn read_cache(cache: &CacheFile, key: &str) -> (Option<Index>, Option<String>) {
    let shown = cache.path.display();
    let why = match store::map(&cache.path) {
        Ok(None) => return (None, None),
        Ok(Some(map)) => match decode(&Arc::new(map), key) {
            Ok(index) => return (Some(index), None),
            Err(e) => e,
        },
        Err(e) => Invalid::Corrupt(e.to_string()),
    };
    let note = match why {
        Invalid::Stale(why) => format!("cache {shown} is out of date ({why}), rebuilding"),
        Invalid::Corrupt(why) => format!("cache {shown} unreadable ({why}), rebuilding"),
    };
    (None, Some(note))
}

/// Each file's stamp, taken in parallel.
fn stamps(files: &[PathBuf]) -> Vec<Option<Stamp>> {
    files.par_iter().map(|f| Stamp::of(f)).collect()
}

/// The knowledge base of the corpus under `roots`, from `cache` where it is
/// fresh. Nothing is written: call [`save`] when [`Loaded::dirty`].
pub fn load(roots: &[PathBuf], opts: LoadOptions, cache: &CacheFile) -> Result<Loaded, LoadError> {
    // Listing and stat-ing the corpus and reading the cache are independent
    // until their results are compared: side by side.
    let started = Instant::now();
    let (listed, cached) = rayon::join(
        || corpus_files(roots).map(|(files, issues)| (stamps(&files), files, issues, started.elapsed())),
        || timed(|| read_cache(cache, &key(opts))),
    );
    let (stamps, files, issues, read_time) = listed?;
    finish(roots, files, stamps, issues, read_time, cached, opts)
}

/// [`load`] for corpus files already listed (with the listing's issues),
/// `started` when the listing began.
pub fn load_listed(
    roots: &[PathBuf],
    files: Vec<PathBuf>,
    issues: Vec<LoadIssue>,
    started: Instant,
    opts: LoadOptions,
    cache: &CacheFile,
) -> Result<Loaded, LoadError> {
    let (stamps, cached) = rayon::join(|| stamps(&files), || timed(|| read_cache(cache, &key(opts))));
    finish(roots, files, stamps, issues, started.elapsed(), cached, opts)
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    (f(), started.elapsed())
}

/// Compare the listed files with the cache's manifest, read what must be
/// read, and use or rebuild the knowledge base. `read_time`: listing and
/// stat-ing so far.
fn finish(
    roots: &[PathBuf],
    files: Vec<PathBuf>,
    stamps: Vec<Option<Stamp>>,
    mut issues: Vec<LoadIssue>,
    read_time: Duration,
    ((cached, note), cache_time): ((Option<Index>, Option<String>), Duration),
    opts: LoadOptions,
) -> Result<Loaded, LoadError> {
    let notes: Vec<String> = note.into_iter().collect();
    let started = Instant::now();
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let empty = Manifest::default();
    let old = cached.as_ref().map_or(&empty, |c| &c.manifest);
    let listed: Vec<(&str, Option<Stamp>)> = names.iter().map(String::as_str).zip(stamps.iter().copied()).collect();
    let plan = old.plan(&listed);
    let reads: Vec<_> = files
        .par_iter()
        .zip(&plan)
        .zip(&stamps)
        .map(|((f, p), stamp)| matches!(p, Plan::Read(_)).then(|| read_file(f, *stamp, opts)))
        .collect();

    // Each used file: from the cache (entry index) or as just read.
    enum From {
        Cache(usize),
        Disk(CorpusText),
    }
    let mut used = Vec::new();
    let mut entries = Vec::new();
    // A file read again whose stamp is now worth recording (touched files; not
    // files that are still too recent to trust, or a future modification time
    // would rewrite the cache on every run).
    let mut restamped = false;
    for ((p, read), name) in plan.iter().zip(reads).zip(&names) {
        match (p, read) {
            (Plan::Trust(i), _) => {
                let e = &old.entries[*i];
                issues.extend(e.warning.as_ref().map(|w| w.issue(name)));
                entries.push(e.clone());
                used.push(From::Cache(*i));
            }
            (Plan::Read(before), Some((doc, issue, entry))) => {
                issues.extend(issue);
                if let (Some(doc), Some(entry)) = (doc, entry) {
                    restamped |= before.is_some_and(|i| old.entries[i].stamp != entry.stamp);
                    entries.push(entry);
                    used.push(From::Disk(doc));
                }
            }
            (Plan::Read(_), None) => unreachable!("every planned read was made"),
        }
    }
    if used.is_empty() {
        return Err(LoadError::NoUsableFiles(roots.to_vec(), issues));
    }
    let manifest = Manifest { entries };
    let read_time = read_time + started.elapsed();

    let started = Instant::now();
    let (kb, state, dirty) = match cached {
        Some(index) if index.manifest.same_sources(&manifest) => (index.kb, CacheState::Hit, restamped),
        Some(index) => {
            let inputs = used
                .into_iter()
                .map(|u| match u {
                    From::Cache(i) => Input::Kept(i),
                    From::Disk(d) => Input::Read(d),
                })
                .collect();
            (update(index, inputs), CacheState::Updated, true)
        }
        None => {
            let docs: Vec<CorpusText> = used
                .into_iter()
                .filter_map(|u| match u {
                    From::Disk(d) => Some(d),
                    From::Cache(_) => None,
                })
                .collect();
            (Kb::from_texts(docs), CacheState::Built, true)
        }
    };
    let build_time = started.elapsed();
    let corpus_bytes = kb.sources.text_bytes();
    Ok(Loaded { kb, issues, state, cache_time, read_time, build_time, corpus_bytes, notes, manifest, dirty })
}

/// The cached knowledge base updated to `inputs` (see [`Kb::update`]). The
/// word counts of the files removed or changed are taken back by reading
/// their cached texts: unless every one of them matches its manifest hash,
/// everything is built again (unchanged files' texts still from the cache,
/// mapped for as long as a text uses it).
fn update(index: Index, inputs: Vec<Input>) -> Kb {
    let mut kept = vec![false; index.kb.sources.len()];
    for i in &inputs {
        if let Some(k) = match i {
            Input::Kept(o) => kept.get_mut(*o),
            Input::Read(_) => None,
        } {
            *k = true;
        }
    }
    let (sources, entries) = (&index.kb.sources, &index.manifest.entries);
    let intact = (0..sources.len())
        .into_par_iter()
        .filter(|&i| !kept[i])
        .all(|i| entries.get(i).is_some_and(|e| xxhash_rust::xxh3::xxh3_64(sources[i].doc.text.as_bytes()) == e.hash));
    if intact {
        index.kb.update(inputs)
    } else {
        Kb::from_texts(index.kb.texts(inputs))
    }
}

/// Write the knowledge base and its manifest to `cache` (atomically). Returns the file's size.
pub fn save(cache: &CacheFile, opts: LoadOptions, manifest: &Manifest, kb: &Kb) -> Result<u64, String> {
    let shown = cache.path.display();
    let payload = payload::encode(manifest, kb).map_err(|e| format!("cannot encode: {e}"))?;
    let key = key(opts);
    let rest = after::len(kb, header::encoded_len(&key, payload.len()) as u64);
    let head = header::encode(&key, &payload, rest);
    drop(payload);
    if let Some(dir) = &cache.owned_dir {
        store::ignore_folder(dir).map_err(|e| format!("cannot write {}: {e}", dir.join(".gitignore").display()))?;
    }
    let write = |w: &mut dyn std::io::Write| {
        w.write_all(&head)?;
        after::write(w, kb, head.len() as u64)
    };
    store::write_atomic_with(&cache.path, write).map_err(|e| format!("cannot write {shown}: {e}"))?;
    Ok(head.len() as u64 + rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::sources::CHUNK;

    /// A loaded index decodes no source until one is asked for, then only
    /// that source's chunk, and the source reads as built.
    #[test]
    fn stored_sources_are_decoded_a_chunk_at_a_time_on_first_use() {
        let texts: Vec<CorpusText> = (0..CHUNK + 5)
            .map(|i| CorpusText {
                path: format!("s{i:03}.md"),
                text: format!("Mayor Orla Quennell said on May {} that\nthe port reopened.", i % 28 + 1).into(),
                format: crate::corpus::Format::Markdown,
            })
            .collect();
        let kb = Kb::from_texts(texts);
        let manifest = payload::manifest_of(&kb);
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheFile::at(&dir.path().join("index.bin"));
        save(&cache, LoadOptions::default(), &manifest, &kb).unwrap();
        let (Some(index), None) = read_cache(&cache, &key(LoadOptions::default())) else { panic!("not loaded") };
        let loaded = &index.kb.sources;
        assert_eq!((loaded.len(), loaded.decoded_chunks()), (kb.sources.len(), 0));
        assert_eq!(loaded.text_bytes(), kb.sources.text_bytes());
        let i = CHUNK + 2;
        let (a, b) = (&loaded[i], &kb.sources[i]);
        assert_eq!(loaded.decoded_chunks(), 1);
        assert!(a.doc.text.is_mapped());
        assert_eq!((&a.path, &a.doc.text, &a.names), (&b.path, &b.doc.text, &b.names));
        assert_eq!(
            (a.doc.line_of(40), a.doc.excerpt(b.names[0].span)),
            (b.doc.line_of(40), b.doc.excerpt(b.names[0].span))
        );
        assert!(loaded.get(kb.sources.len()).is_none());
        assert_eq!(index.kb.sources.into_vec().len(), kb.sources.len());
    }
}
