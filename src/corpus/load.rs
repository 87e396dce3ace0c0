//! Loading a corpus from files and folders. Nothing is skipped silently: every
//! file that cannot be used becomes a [`LoadIssue`] with the reason.

use super::{Document, Format};
use crate::kb::SharedText;
use rayon::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};

/// Files larger than this are skipped unless the limit is raised.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
const EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadIssue {
    pub path: PathBuf,
    /// Whether the file was still used (e.g. decoded with replacement characters).
    pub used: bool,
    pub reason: String,
    pub kind: IssueKind,
}

/// Why a file was skipped or warned about, for the one-line summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum IssueKind {
    Missing,
    Unreadable,
    SymlinkLoop,
    Binary,
    Empty,
    TooLarge,
    InvalidUtf8,
}

impl IssueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::Missing => "missing",
            IssueKind::Unreadable => "unreadable",
            IssueKind::SymlinkLoop => "symbolic link loop",
            IssueKind::Binary => "binary",
            IssueKind::Empty => "empty",
            IssueKind::TooLarge => "over the size limit",
            IssueKind::InvalidUtf8 => "invalid UTF-8",
        }
    }
}

/// "1 binary, 2 empty" for the issues that were (not) used.
fn tally(issues: &[LoadIssue], used: bool) -> String {
    let mut counts: std::collections::BTreeMap<IssueKind, usize> = Default::default();
    for i in issues.iter().filter(|i| i.used == used) {
        *counts.entry(i.kind).or_default() += 1;
    }
    counts.iter().map(|(k, n)| format!("{n} {}", k.as_str())).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for LoadIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.used { "warning" } else { "skipped" };
        write!(f, "{what}: {}: {}", self.path.display(), self.reason)
    }
}

/// A corpus file as read, not parsed yet: the knowledge base parses each
/// source when it builds, keeps its text and drops the parse, so the parsed
/// documents of a whole corpus are never in memory at once. The text is
/// shared with the knowledge base, so a server that keeps the files to
/// rebuild from holds each text once (or none: see [`SharedText`]).
#[derive(Clone, Debug)]
pub struct CorpusText {
    pub path: String,
    pub text: SharedText,
    pub format: Format,
}

impl CorpusText {
    pub fn new(path: &Path, text: String) -> CorpusText {
        CorpusText { path: path.display().to_string(), text: text.into(), format: Format::from_path(path) }
    }

    /// The parsed document, as [`Document::from_path_and_text`] gives it.
    pub fn parse(&self) -> Document {
        Document::parse(self.path.clone(), self.text.to_string(), self.format)
    }
}

impl From<Document> for CorpusText {
    fn from(d: Document) -> CorpusText {
        CorpusText { path: d.path, text: d.text.into(), format: d.format }
    }
}

#[derive(Debug, Default)]
pub struct CorpusLoad {
    pub docs: Vec<CorpusText>,
    pub issues: Vec<LoadIssue>,
}

impl CorpusLoad {
    /// One line for people: "skipped 2 of 40 files (1 not text, 1 unreadable)".
    pub fn summary(&self) -> Option<String> {
        CorpusLoad::summary_of(self.docs.len(), &self.issues)
    }

    /// The summary for `used` files and these issues.
    pub fn summary_of(used: usize, issues: &[LoadIssue]) -> Option<String> {
        let skipped = issues.iter().filter(|i| !i.used).count();
        let warned = issues.len() - skipped;
        if issues.is_empty() {
            return None;
        }
        let why = |n: usize, used: bool| if n == 0 { String::new() } else { format!(" ({})", tally(issues, used)) };
        Some(format!(
            "corpus: {used} files used, {skipped} skipped{}, {warned} with warnings{} (each is listed above)",
            why(skipped, false),
            why(warned, true)
        ))
    }
}

#[derive(Debug)]
pub enum LoadError {
    Missing(PathBuf),
    /// No file could be used: the roots, and why each file was skipped.
    NoUsableFiles(Vec<PathBuf>, Vec<LoadIssue>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Missing(p) => write!(f, "corpus path does not exist: {}", p.display()),
            LoadError::NoUsableFiles(ps, issues) => {
                let list: Vec<String> = ps.iter().map(|p| p.display().to_string()).collect();
                write!(f, "no usable corpus files (.txt, .md, .markdown) under {}", list.join(", "))?;
                if !issues.is_empty() {
                    write!(f, "; {} skipped ({})", issues.len(), tally(issues, false))?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

#[derive(Clone, Copy, Debug)]
pub struct LoadOptions {
    pub max_file_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { max_file_bytes: DEFAULT_MAX_FILE_BYTES }
    }
}

/// Every corpus file under `roots`, sorted, with walk problems as issues.
pub fn corpus_files(roots: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<LoadIssue>), LoadError> {
    let mut files = Vec::new();
    let mut issues = Vec::new();
    for root in roots {
        if std::fs::symlink_metadata(root).is_err() {
            return Err(LoadError::Missing(root.clone()));
        }
        if root.is_file() {
            files.push((root.clone(), root.is_symlink()));
            continue;
        }
        let walker = ignore::WalkBuilder::new(root).standard_filters(false).hidden(true).follow_links(true).build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    let link = e.path_is_symlink();
                    let p = e.into_path();
                    let ext = p.extension().and_then(|x| x.to_str()).map(str::to_ascii_lowercase);
                    if ext.is_some_and(|x| EXTENSIONS.contains(&x.as_str())) {
                        files.push((p, link));
                    }
                }
                Ok(_) => {}
                Err(err) => issues.push(LoadIssue {
                    path: walk_error_path(&err).unwrap_or_else(|| root.clone()),
                    used: false,
                    reason: walk_error_reason(&err),
                    kind: if is_loop(&err) { IssueKind::SymlinkLoop } else { IssueKind::Unreadable },
                }),
            }
        }
    }
    sort_paths(&mut files);
    dedup_reached_twice(&mut files);
    Ok((files.into_iter().map(|(f, _)| f).collect(), issues))
}

/// Path order, component by component. For plain paths (see [`is_plain`])
/// that order is byte order with the separator lowest, which is far cheaper
/// to sort by at 100k files; any other path sorts by components.
fn sort_paths(files: &mut [(PathBuf, bool)]) {
    if files.iter().all(|(f, _)| is_plain(f)) {
        files.sort_unstable_by(|a, b| separator_first(bytes(&a.0), bytes(&b.0)));
    } else {
        files.sort_by(|a, b| a.0.components().cmp(b.0.components()));
    }
}

fn bytes(p: &Path) -> &[u8] {
    p.as_os_str().as_encoded_bytes()
}

/// A Unix path whose components are all names (after a leading `/`): no
/// empty, `.` or `..` component. Its components are exactly its pieces
/// between separators, so comparing bytes with the separator lowest
/// compares components.
fn is_plain(p: &Path) -> bool {
    let b = bytes(p);
    let b = b.strip_prefix(b"/").unwrap_or(b);
    cfg!(unix) && b.split(|&c| c == b'/').all(|piece| !matches!(piece, b"" | b"." | b".."))
}

fn separator_first(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let rank = |c: u8| if c == b'/' { 0 } else { u16::from(c) + 1 };
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => rank(a[i]).cmp(&rank(b[i])),
        None => a.len().cmp(&b.len()),
    }
}

/// The folder part of a path, as bytes (what `Path::parent` gives for a plain path).
fn folder_of(p: &Path) -> &[u8] {
    let b = bytes(p);
    b.iter().rposition(|&c| c == b'/').map_or(&b[..0], |i| &b[..i])
}

/// One file reached by two paths (a linked folder) is one source, not two:
/// the first path in order is kept. Only folders that resolve to the same
/// place, and linked files, can reach a file twice; without either (the
/// usual corpus) nothing is compared file by file.
fn dedup_reached_twice(files: &mut Vec<(PathBuf, bool)>) {
    use std::collections::hash_map::Entry;
    // A root given twice, or inside another: the same path, now adjacent.
    files.dedup_by(|b, a| bytes(&a.0) == bytes(&b.0));
    let plain = cfg!(unix) && files.iter().all(|(f, _)| is_plain(f));
    let mut resolved: std::collections::HashMap<PathBuf, &[u8]> = std::collections::HashMap::new();
    let mut shared = !plain;
    let mut last: Option<&[u8]> = None;
    for (f, link) in files.iter().take_while(|_| plain) {
        let dir = folder_of(f);
        shared |= *link;
        if last == Some(dir) {
            continue;
        }
        last = Some(dir);
        let dir_path = Path::new(f.as_os_str()).parent().unwrap_or(Path::new(""));
        let real = std::fs::canonicalize(dir_path).unwrap_or_else(|_| dir_path.to_path_buf());
        match resolved.entry(real) {
            Entry::Occupied(e) => shared |= *e.get() != dir,
            Entry::Vacant(e) => {
                e.insert(dir);
            }
        }
    }
    if shared {
        let mut seen = std::collections::HashSet::new();
        let mut dirs = std::collections::HashMap::new();
        files.retain(|(f, link)| seen.insert(canonical(f, *link, &mut dirs)));
    }
}

/// `std::fs::canonicalize(f)` (or `f`), resolving each folder once: a file
/// that is not a link is its folder's canonical path joined with its name.
fn canonical(f: &Path, link: bool, dirs: &mut std::collections::HashMap<PathBuf, Option<PathBuf>>) -> PathBuf {
    if let (false, Some(dir), Some(name)) = (link, f.parent().filter(|d| !d.as_os_str().is_empty()), f.file_name()) {
        let dir = dirs.entry(dir.to_path_buf()).or_insert_with(|| std::fs::canonicalize(dir).ok());
        if let Some(dir) = dir {
            return dir.join(name);
        }
    }
    std::fs::canonicalize(f).unwrap_or_else(|_| f.to_path_buf())
}

fn walk_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => walk_error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn is_loop(err: &ignore::Error) -> bool {
    match err {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

fn walk_error_reason(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => walk_error_reason(err),
        ignore::Error::Loop { ancestor, .. } => format!("symbolic link loop back to {}", ancestor.display()),
        ignore::Error::Io(e) => e.to_string(),
        other => other.to_string(),
    }
}

/// Read one file into a document, or say why it cannot be used.
pub fn read_document(path: &Path, opts: LoadOptions) -> (Option<Document>, Option<LoadIssue>) {
    let (text, issue) = read_text(path, None, opts);
    (text.map(|t| Document::from_path_and_text(path, t)), issue)
}

/// Read one corpus file (not parsed), or say why it cannot be used.
pub fn read_corpus_text(path: &Path, opts: LoadOptions) -> (Option<CorpusText>, Option<LoadIssue>) {
    read_corpus_text_sized(path, None, opts)
}

/// [`read_corpus_text`] for a file whose size was just taken (not stat'ed again).
pub fn read_corpus_text_sized(
    path: &Path,
    size: Option<u64>,
    opts: LoadOptions,
) -> (Option<CorpusText>, Option<LoadIssue>) {
    let (text, issue) = read_text(path, size, opts);
    (text.map(|t| CorpusText::new(path, t)), issue)
}

/// Read one file's text, or say why it cannot be used.
fn read_text(path: &Path, size: Option<u64>, opts: LoadOptions) -> (Option<String>, Option<LoadIssue>) {
    let issue = |kind: IssueKind, reason: String| {
        Some(LoadIssue { path: path.to_path_buf(), used: kind == IssueKind::InvalidUtf8, reason, kind })
    };
    let size = match size.map(Ok).unwrap_or_else(|| std::fs::metadata(path).map(|m| m.len())) {
        Ok(n) => n,
        Err(e) => return (None, issue(IssueKind::Unreadable, e.to_string())),
    };
    if size > opts.max_file_bytes {
        let reason = format!("{size} bytes is over the {} byte limit", opts.max_file_bytes);
        return (None, issue(IssueKind::TooLarge, reason));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return (None, issue(IssueKind::Unreadable, e.to_string())),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return (None, issue(IssueKind::Empty, "empty file".into()));
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return (None, issue(IssueKind::Binary, "binary file (contains NUL bytes)".into()));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (Some(text), None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (
                Some(text),
                issue(
                    IssueKind::InvalidUtf8,
                    format!("invalid UTF-8 at byte {at}; decoded with replacement characters"),
                ),
            )
        }
    }
}

/// Read every corpus file under `roots` in parallel (parsing is left to the
/// knowledge base build, which parses and drops each document in turn).
pub fn load_corpus(roots: &[PathBuf], opts: LoadOptions) -> Result<CorpusLoad, LoadError> {
    let (files, mut issues) = corpus_files(roots)?;
    let results: Vec<_> = files.par_iter().map(|p| read_corpus_text(p, opts)).collect();
    let mut docs = Vec::with_capacity(results.len());
    for (doc, issue) in results {
        docs.extend(doc);
        issues.extend(issue);
    }
    if docs.is_empty() {
        return Err(LoadError::NoUsableFiles(roots.to_vec(), issues));
    }
    Ok(CorpusLoad { docs, issues })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_path_is_an_error() {
        let err = load_corpus(&[PathBuf::from("/nonexistent/copydesk")], LoadOptions::default()).unwrap_err();
        assert!(matches!(err, LoadError::Missing(_)));
    }

    #[test]
    fn bad_files_are_reported_and_good_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("good.md"), "Mayor Ann Ode spoke.").unwrap();
        std::fs::write(dir.path().join("bin.txt"), b"ab\0cd").unwrap();
        std::fs::write(dir.path().join("empty.txt"), "").unwrap();
        std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9 talk").unwrap();
        std::fs::write(dir.path().join("ignored.rs"), "fn main() {}").unwrap();
        let load = load_corpus(&[dir.path().to_path_buf()], LoadOptions::default()).unwrap();
        assert_eq!(load.docs.len(), 2);
        let mut reasons: Vec<String> = load.issues.iter().map(|i| i.reason.clone()).collect();
        reasons.sort();
        assert_eq!(
            reasons,
            [
                "binary file (contains NUL bytes)",
                "empty file",
                "invalid UTF-8 at byte 3; decoded with replacement characters"
            ]
        );
    }

    #[test]
    fn oversized_files_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("big.txt"), "word ".repeat(100)).unwrap();
        std::fs::write(dir.path().join("small.txt"), "word").unwrap();
        let load = load_corpus(&[dir.path().to_path_buf()], LoadOptions { max_file_bytes: 50 }).unwrap();
        assert_eq!(load.docs.len(), 1);
        assert!(load.issues[0].reason.contains("over the 50 byte limit"));
    }

    #[test]
    fn a_root_given_twice_or_inside_another_lists_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/x.md"), "Mayor Ann Ode spoke.").unwrap();
        std::fs::write(dir.path().join("y.md"), "Mayor Ann Ode left.").unwrap();
        let root = dir.path().to_path_buf();
        let (files, _) = corpus_files(&[root.join("a"), root.clone(), root.join("a")]).unwrap();
        assert_eq!(files, [root.join("a/x.md"), root.join("y.md")]);
        // The same folder written another way is still one folder.
        let (files, _) = corpus_files(&[root.join("a"), root.join("a/../a")]).unwrap();
        assert_eq!(files.len(), 1, "{files:?}");
    }

    #[test]
    fn paths_sort_component_by_component() {
        let order = |names: &[&str]| {
            let mut files: Vec<(PathBuf, bool)> = names.iter().map(|n| (PathBuf::from(n), false)).collect();
            sort_paths(&mut files);
            files.into_iter().map(|(f, _)| f.to_string_lossy().into_owned()).collect::<Vec<_>>()
        };
        // "b" sorts before "b.md" and "b-c": a folder's files come before
        // names that merely start with the folder's name.
        let plain = ["a/b.md", "a/b-c.md", "a/b/z.md", "/r/x.md", "a/b/c/d.md", "ab.md"];
        let expected = ["/r/x.md", "a/b/c/d.md", "a/b/z.md", "a/b-c.md", "a/b.md", "ab.md"];
        assert_eq!(order(&plain), expected);
        let mut by_components: Vec<PathBuf> = plain.iter().map(PathBuf::from).collect();
        by_components.sort_by(|a, b| a.components().cmp(b.components()));
        assert_eq!(order(&plain), by_components.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>());
        // Not plain: "." and ".." are components of their own.
        assert_eq!(order(&["-x/a.md", "../a.md", "./b.md"]), ["./b.md", "../a.md", "-x/a.md"]);
    }

    #[test]
    fn a_file_reached_through_a_linked_folder_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/x.md"), "Mayor Ann Ode spoke.").unwrap();
        std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
        let (files, issues) = corpus_files(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(files, [dir.path().join("a/x.md")]);
        assert!(issues.is_empty(), "{issues:?}");
    }

    #[test]
    fn zero_usable_files_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("empty.md"), "  \n").unwrap();
        assert!(matches!(
            load_corpus(&[dir.path().to_path_buf()], LoadOptions::default()),
            Err(LoadError::NoUsableFiles(..))
        ));
    }
}
