//! The on-disk index through the real binary: the workspace cache is written
//! on the first run and loaded on the next with the same output as
//! `--no-cache`; edits, deletions and new files are picked up; a damaged or
//! out-of-date cache is rebuilt with a warning; a cache that cannot be written
//! changes nothing but a warning; `index -o` and `check --index`.

mod common;

use common::copydesk;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const QUENNELL: &str = "Mayor Orla Quennell opened the Harbour Bridge on Tuesday.\n\n\
    Quennell said the bridge had cost the town four years of work.\n";
const BRANDT: &str = "Fire Chief Lena Brandt said 64 firefighters fought the blaze.\n";
const DRAFT: &str = "Mayor Orla Quenell opened the Harbour Bridge.\n\nChief Lena Brandt praised the crews.\n";

/// A workspace: `.copydesk.toml` → `corpus/`, two articles, one draft.
struct Workspace {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir(root.join("corpus")).unwrap();
        std::fs::write(root.join(".copydesk.toml"), "corpus = [\"corpus\"]\n").unwrap();
        std::fs::write(root.join("corpus/quennell.md"), QUENNELL).unwrap();
        std::fs::write(root.join("corpus/brandt.md"), BRANDT).unwrap();
        std::fs::write(root.join("draft.md"), DRAFT).unwrap();
        Workspace { _dir: dir, root }
    }

    fn corpus(&self, name: &str) -> PathBuf {
        self.root.join("corpus").join(name)
    }

    fn check(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check", "--timings", "--format", "json"];
        args.extend_from_slice(extra);
        args.push("draft.md");
        Run::of(copydesk(&args, &self.root))
    }

    /// The one cache file of the workspace.
    fn cache_file(&self) -> PathBuf {
        let dir = self.root.join(".copydesk/cache");
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        files[0].clone()
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(out: Output) -> Run {
        let stderr = stderr(&out);
        Run { code: out.status.code(), stdout: String::from_utf8(out.stdout).unwrap(), stderr }
    }

    /// The `cache=` field of the timings line.
    fn cache(&self) -> &str {
        let line = self.stderr.lines().find(|l| l.contains("timings:")).unwrap_or_else(|| panic!("{}", self.stderr));
        line.split_whitespace().find_map(|f| f.strip_prefix("cache=")).expect("cache field")
    }

    fn flagged(&self) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&self.stdout).unwrap();
        v["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["text"].as_str().unwrap().into()).collect()
    }
}

/// Same exit code and byte-identical JSON as a run that bypasses the cache.
fn assert_same_as_uncached(ws: &Workspace, run: &Run) {
    let fresh = ws.check(&["--no-cache"]);
    assert_eq!(fresh.cache(), "off");
    assert_eq!(run.stdout, fresh.stdout);
    assert_eq!(run.code, fresh.code);
}

/// Move a file's modification time an hour back, so its stamp is trusted.
fn age(path: &Path) {
    set_mtime(path, SystemTime::now() - Duration::from_secs(3600));
}

fn set_mtime(path: &Path, t: SystemTime) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(t).unwrap();
}

/// The cache file's inode: a rewrite (temporary file renamed over it) changes it.
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

#[test]
fn first_run_writes_the_cache_and_the_second_loads_it_with_identical_output() {
    let ws = Workspace::new();
    let first = ws.check(&[]);
    assert_eq!(first.cache(), "built", "{}", first.stderr);
    assert_eq!(first.code, Some(1));
    assert_eq!(first.flagged(), ["Quenell"]);
    assert!(ws.cache_file().starts_with(ws.root.join(".copydesk/cache")));
    assert_eq!(std::fs::read_to_string(ws.root.join(".copydesk/.gitignore")).unwrap().lines().last(), Some("*"));
    let second = ws.check(&[]);
    assert_eq!(second.cache(), "hit", "{}", second.stderr);
    assert_eq!(second.stdout, first.stdout);
    assert_same_as_uncached(&ws, &second);
    // Text and SARIF come from the same knowledge base.
    for format in ["text", "sarif"] {
        let cached = copydesk(&["check", "--format", format, "draft.md"], &ws.root);
        let fresh = copydesk(&["check", "--no-cache", "--format", format, "draft.md"], &ws.root);
        assert_eq!(cached.stdout, fresh.stdout, "{format}");
    }
    // Nothing on stderr but the timings line when all is well.
    assert_eq!(second.stderr.lines().count(), 1, "{}", second.stderr);
}

#[test]
fn a_touched_file_keeps_the_cache_valid() {
    let ws = Workspace::new();
    age(&ws.corpus("quennell.md"));
    age(&ws.corpus("brandt.md"));
    assert_eq!(ws.check(&[]).cache(), "built");
    assert_eq!(ws.check(&[]).cache(), "hit");
    // Same content, new modification time: read and hashed, still a hit.
    std::fs::write(ws.corpus("quennell.md"), QUENNELL).unwrap();
    let run = ws.check(&[]);
    assert_eq!(run.cache(), "hit", "{}", run.stderr);
    assert_same_as_uncached(&ws, &run);
    // A touch long enough ago to trust: the new stamp is written once.
    set_mtime(&ws.corpus("quennell.md"), SystemTime::now() - Duration::from_secs(600));
    let before = inode(&ws.cache_file());
    assert_eq!(ws.check(&[]).cache(), "hit");
    let after = inode(&ws.cache_file());
    assert_ne!(before, after, "the new stamp is recorded");
    assert_eq!(ws.check(&[]).cache(), "hit");
    assert_eq!(inode(&ws.cache_file()), after, "nothing left to record");
}

#[test]
fn a_file_from_the_future_does_not_rewrite_the_cache_on_every_run() {
    let ws = Workspace::new();
    age(&ws.corpus("brandt.md"));
    set_mtime(&ws.corpus("quennell.md"), SystemTime::now() + Duration::from_secs(3600));
    assert_eq!(ws.check(&[]).cache(), "built");
    let written = inode(&ws.cache_file());
    for _ in 0..2 {
        let run = ws.check(&[]);
        assert_eq!(run.cache(), "hit");
        assert_eq!(run.flagged(), ["Quenell"]);
        assert_eq!(inode(&ws.cache_file()), written);
    }
}

#[test]
fn an_edited_corpus_file_changes_the_findings_and_updates_the_cache() {
    let ws = Workspace::new();
    assert_eq!(ws.check(&[]).flagged(), ["Quenell"]);
    // The corpus now spells the name as the draft does.
    std::fs::write(ws.corpus("quennell.md"), QUENNELL.replace("Quennell", "Quenell")).unwrap();
    let run = ws.check(&[]);
    assert_eq!(run.cache(), "updated", "{}", run.stderr);
    assert_eq!(run.code, Some(0));
    assert!(run.flagged().is_empty());
    assert_same_as_uncached(&ws, &run);
    let again = ws.check(&[]);
    assert_eq!(again.cache(), "hit");
    assert_eq!(again.stdout, run.stdout);
}

#[test]
fn a_deleted_file_takes_its_facts_with_it() {
    let ws = Workspace::new();
    assert_eq!(ws.check(&[]).flagged(), ["Quenell"]);
    std::fs::remove_file(ws.corpus("quennell.md")).unwrap();
    // Its word counts cannot be taken back: built from the files instead
    // (and, the damage seen, the cache is dropped and written anew).
    let run = ws.check(&[]);
    assert!(run.flagged().is_empty(), "{}", run.stdout);
    assert_same_as_uncached(&ws, &run);
    assert_eq!(ws.check(&[]).cache(), "hit");
}

#[test]
fn a_new_file_is_picked_up() {
    let ws = Workspace::new();
    std::fs::remove_file(ws.corpus("quennell.md")).unwrap();
    let before = ws.check(&[]);
    assert_eq!((before.cache(), before.code), ("built", Some(0)));
    std::fs::write(ws.corpus("quennell.md"), QUENNELL).unwrap();
    let run = ws.check(&[]);
    assert_eq!(run.cache(), "updated");
    assert_eq!(run.flagged(), ["Quenell"]);
    assert_same_as_uncached(&ws, &run);
}

#[test]
fn successive_updates_give_the_findings_of_a_fresh_build() {
    let ws = Workspace::new();
    ws.check(&[]);
    type Change = fn(&Workspace);
    let changes: &[(&str, Change)] = &[
        ("edited", |ws| {
            std::fs::write(ws.corpus("brandt.md"), "Fire Chief Lena Brandt said 65 crews came.\n").unwrap()
        }),
        ("added", |ws| {
            std::fs::write(ws.corpus("mills.md"), "Judge Ada Mills said \"the bridge is sound\".\n").unwrap()
        }),
        ("removed", |ws| std::fs::remove_file(ws.corpus("brandt.md")).unwrap()),
        // A second Quennell: the lone "Quennell" of an unchanged file may now mean either.
        ("namesake", |ws| {
            std::fs::write(ws.corpus("sam.md"), "Councillor Sam Quennell voted no on Monday.\n").unwrap()
        }),
        ("later year", |ws| std::fs::write(ws.corpus("later.md"), "The bridge will be repainted in 2031.\n").unwrap()),
    ];
    for (what, change) in changes {
        change(&ws);
        let run = ws.check(&[]);
        assert_eq!(run.cache(), "updated", "{what}");
        assert_same_as_uncached(&ws, &run);
        assert_eq!(ws.check(&[]).cache(), "hit", "{what}");
    }
}

#[test]
fn an_update_whose_removed_text_is_damaged_in_the_cache_builds_afresh() {
    let ws = Workspace::new();
    ws.check(&[]);
    // The texts end the file, in corpus order: brandt.md, quennell.md.
    let file = ws.cache_file();
    let mut b = std::fs::read(&file).unwrap();
    let at = b.len() - QUENNELL.len();
    for x in &mut b[at..] {
        *x ^= 0x01;
    }
    std::fs::write(&file, b).unwrap();
    std::fs::remove_file(ws.corpus("quennell.md")).unwrap();
    // Its word counts cannot be taken back: the damage is seen, the cache
    // dropped, and the corpus read from its files.
    let run = ws.check(&[]);
    assert!(run.stderr.contains("damaged"), "{}", run.stderr);
    assert!(run.flagged().is_empty(), "{}", run.stdout);
    assert_same_as_uncached(&ws, &run);
}

/// Offset of the payload in a cache file: magic, version, key, length,
/// checksum, texts length.
fn payload_at(bytes: &[u8]) -> usize {
    let key_len = u16::from_le_bytes([bytes[12], bytes[13]]) as usize;
    14 + key_len + 24
}

/// Bytes after the payload of a cache file (tables, then texts).
fn rest_len(bytes: &[u8]) -> usize {
    let at = payload_at(bytes) - 8;
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize
}

#[test]
fn a_damaged_or_out_of_date_cache_is_rebuilt_with_a_warning() {
    type Harm = fn(Vec<u8>) -> Vec<u8>;
    let damage: &[(&str, Harm)] = &[
        ("truncated", |b| b[..b.len() / 2].to_vec()),
        ("truncated header", |b| b[..10].to_vec()),
        ("flipped bytes", |mut b| {
            let at = payload_at(&b) + (b.len() - rest_len(&b) - payload_at(&b)) / 3;
            for x in &mut b[at..at + 4] {
                *x ^= 0xff;
            }
            b
        }),
        ("garbage", |b| (0..b.len()).map(|i| (i * 7919 % 251) as u8).collect()),
        ("empty", |_| Vec::new()),
        ("wrong version", |mut b| {
            b[8] = b[8].wrapping_add(1);
            b
        }),
        ("damaged texts", |mut b| {
            // Outside the checksum: caught when a text is first read.
            let at = b.len() - QUENNELL.len() - BRANDT.len();
            for x in &mut b[at..] {
                *x ^= 0x01;
            }
            b
        }),
        ("damaged tables", |mut b| {
            // Right after the payload, aligned: checked against their hashes.
            let at = (b.len() - rest_len(&b)).div_ceil(8) * 8;
            b[at] ^= 0x01;
            b
        }),
        ("huge length", |mut b| {
            let at = payload_at(&b) - 24;
            b[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
            b
        }),
        ("valid checksum, undecodable payload", |b| {
            // Re-sealed with a correct header: only the decoder can notice.
            let key = String::from_utf8(b[14..payload_at(&b) - 24].to_vec()).unwrap();
            let texts = rest_len(&b);
            let payload = &b[payload_at(&b)..b.len() - texts];
            let mut file = copydesk::cache::header::encode(&key, &payload[..payload.len() / 2], texts as u64);
            file.extend_from_slice(&b[b.len() - texts..]);
            file
        }),
    ];
    for (what, harm) in damage {
        let ws = Workspace::new();
        let good = ws.check(&[]);
        let file = ws.cache_file();
        std::fs::write(&file, harm(std::fs::read(&file).unwrap())).unwrap();
        let run = ws.check(&[]);
        assert!(run.stderr.contains("rebuilding"), "{what}: {}", run.stderr);
        assert!(run.stderr.contains(&*file.file_name().unwrap().to_string_lossy()), "{what}: {}", run.stderr);
        assert_eq!(run.cache(), "built", "{what}");
        assert_eq!((run.code, &run.stdout), (good.code, &good.stdout), "{what}");
        // Rewritten: the next run loads it without a word.
        let next = ws.check(&[]);
        assert_eq!(next.cache(), "hit", "{what}: {}", next.stderr);
        assert!(!next.stderr.contains("rebuilding"), "{what}");
    }
}

#[test]
fn a_cache_that_cannot_be_written_is_a_warning_only() {
    let ws = Workspace::new();
    // A file where the cache folder should be: creating the folder fails, even for root.
    std::fs::write(ws.root.join(".copydesk"), "not a folder").unwrap();
    let run = ws.check(&[]);
    assert!(run.stderr.contains("warning: cache not saved"), "{}", run.stderr);
    assert_eq!(run.code, Some(1));
    assert_same_as_uncached(&ws, &run);
}

#[test]
fn index_then_check_with_that_index() {
    let ws = Workspace::new();
    std::fs::remove_file(ws.root.join(".copydesk.toml")).unwrap();
    let out = copydesk(&["index", "--corpus", "corpus", "-o", "kb.idx"], &ws.root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = stderr(&out);
    assert!(summary.contains("kb.idx built: 2 files,") && summary.contains("people"), "{summary}");
    assert!(std::fs::metadata(ws.root.join("kb.idx")).unwrap().len() > 0);
    let run = Run::of(copydesk(
        &["check", "--timings", "--format", "json", "--corpus", "corpus", "--index", "kb.idx", "draft.md"],
        &ws.root,
    ));
    assert_eq!(run.cache(), "hit", "{}", run.stderr);
    assert_eq!(run.flagged(), ["Quenell"]);
    let plain =
        Run::of(copydesk(&["check", "--timings", "--format", "json", "--corpus", "corpus", "draft.md"], &ws.root));
    assert_eq!(plain.cache(), "off");
    assert_eq!(plain.stdout, run.stdout);
    // `--corpus` without a config or `--index` leaves nothing behind.
    assert!(!ws.root.join(".copydesk").exists());
    let again = copydesk(&["index", "--corpus", "corpus", "-o", "kb.idx"], &ws.root);
    assert!(stderr(&again).contains("kb.idx up to date"), "{}", stderr(&again));
}

#[test]
fn index_without_output_writes_the_workspace_cache_that_check_uses() {
    let ws = Workspace::new();
    let out = copydesk(&["index"], &ws.root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(ws.cache_file().exists());
    assert_eq!(ws.check(&[]).cache(), "hit");
}

#[test]
fn the_cache_can_be_switched_off() {
    let ws = Workspace::new();
    let run = ws.check(&["--no-cache"]);
    assert_eq!(run.cache(), "off");
    assert!(!ws.root.join(".copydesk").exists());
    std::fs::write(ws.root.join(".copydesk.toml"), "corpus = [\"corpus\"]\ncache = false\n").unwrap();
    let run = ws.check(&[]);
    assert_eq!(run.cache(), "off");
    assert_eq!(run.flagged(), ["Quenell"]);
    assert!(!ws.root.join(".copydesk").exists());
    let out = copydesk(&["index"], &ws.root);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_source_with_warnings_warns_the_same_from_the_cache() {
    let ws = Workspace::new();
    std::fs::write(ws.corpus("latin1.txt"), b"Mayor Ann Ode said caf\xe9 owners agreed.\n").unwrap();
    std::fs::write(ws.corpus("empty.md"), "  \n").unwrap();
    age(&ws.corpus("latin1.txt"));
    let first = ws.check(&[]);
    let second = ws.check(&[]);
    assert_eq!(second.cache(), "hit");
    let warnings = |r: &Run| r.stderr.lines().filter(|l| !l.contains("timings:")).map(String::from).collect::<Vec<_>>();
    assert_eq!(warnings(&first), warnings(&second));
    assert!(warnings(&second).iter().any(|l| l.contains("invalid UTF-8")), "{}", second.stderr);
    assert!(warnings(&second).iter().any(|l| l.contains("empty file")), "{}", second.stderr);
}
