//! The workspace: settings from `.copydesk.toml` and the client, and the
//! corpus files as read, kept per file so a changed file is the only one re-read.

use crate::cache::manifest::{Entry, Manifest, Stamp};
use crate::config::{Config, CONFIG_FILE};
use crate::corpus::load::{corpus_files, IssueKind, LoadIssue, LoadOptions};
use crate::corpus::CorpusText;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// Client settings, under `copydesk` in `initializationOptions`,
/// `workspace/configuration` or `didChangeConfiguration`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClientSettings {
    pub corpus: Option<Vec<PathBuf>>,
    /// Rule code → "error" | "warning" | "info" | "hint" | "off".
    pub rules: Option<BTreeMap<String, String>>,
    pub allow: Option<Vec<String>>,
    pub debounce_ms: Option<u64>,
    /// Drafts larger than this are not checked (one diagnostic says so).
    pub max_document_bytes: Option<u64>,
}

impl ClientSettings {
    /// Accepts `{"copydesk": {...}}` or the section itself; `None` for anything else.
    pub fn from_json(value: &serde_json::Value) -> Option<ClientSettings> {
        let section = value.get("copydesk").unwrap_or(value);
        if section.is_null() {
            return None;
        }
        serde_json::from_value(section.clone()).ok()
    }

    /// Settings given later replace earlier ones field by field; absent fields keep
    /// theirs (an editor answering `{}` to a configuration pull unsets nothing).
    pub fn merge(&mut self, newer: ClientSettings) {
        self.corpus = newer.corpus.or(self.corpus.take());
        self.rules = newer.rules.or(self.rules.take());
        self.allow = newer.allow.or(self.allow.take());
        self.debounce_ms = newer.debounce_ms.or(self.debounce_ms);
        self.max_document_bytes = newer.max_document_bytes.or(self.max_document_bytes);
    }

    pub fn debounce(&self) -> Duration {
        self.debounce_ms.map(Duration::from_millis).unwrap_or(DEFAULT_DEBOUNCE)
    }
}

/// `.copydesk.toml` at the root (if any), overridden by the client's settings.
/// Corpus paths are made absolute against the root.
pub fn effective_config(root: Option<&Path>, client: &ClientSettings) -> Result<Config, String> {
    let file = root.map(|r| r.join(CONFIG_FILE)).filter(|p| p.is_file());
    let mut config = match &file {
        Some(p) => Config::load(p).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let base = root.map(Path::to_path_buf).unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
    // An empty list is an editor's default setting: `.copydesk.toml` decides.
    if let Some(corpus) = client.corpus.as_ref().filter(|c| !c.is_empty()) {
        config.corpus = corpus.clone();
    }
    config.corpus = config.corpus.iter().map(|p| if p.is_absolute() { p.clone() } else { base.join(p) }).collect();
    if let Some(rules) = &client.rules {
        for (code, value) in rules {
            let valid = crate::Rule::from_code(code).is_some() && crate::config::parse_setting(value).is_some();
            if !valid {
                return Err(format!(
                    "client setting copydesk.rules: \"{code}\" = \"{value}\" is not a rule and setting"
                ));
            }
            config.rules.insert(code.clone(), value.clone());
        }
    }
    if let Some(limit) = client.max_document_bytes {
        config.max_document_bytes = Some(limit);
    }
    if let Some(allow) = &client.allow {
        config.allow.extend(allow.iter().cloned());
    }
    Ok(config)
}

/// The corpus files by path, as read (the knowledge base parses them when it builds).
#[derive(Debug, Default)]
pub struct CorpusIndex {
    pub roots: Vec<PathBuf>,
    /// The texts as read; empty when the corpus came from the cache (see `from_cache`).
    pub docs: BTreeMap<PathBuf, CorpusText>,
    /// The configured size limit for corpus files.
    pub limits: LoadOptions,
    /// Each corpus file's manifest entry (stamp and hash when it was read),
    /// for the cache; every file of the corpus has one.
    pub entries: BTreeMap<PathBuf, Entry>,
    /// The corpus was loaded from the cache: its texts stay in the cache's
    /// map, so `docs` cannot rebuild it; a change is indexed from the cache
    /// again, or from a fresh reading of every file.
    pub from_cache: bool,
}

impl CorpusIndex {
    /// The index of a knowledge base loaded from the cache, by its manifest.
    /// The texts are not listed: decoding every source to list them would
    /// make the whole knowledge base resident (hundreds of MB for 100k files).
    pub fn from_manifest(roots: Vec<PathBuf>, manifest: &Manifest, limits: LoadOptions) -> CorpusIndex {
        let entries = manifest.entries.iter().map(|e| (PathBuf::from(&e.path), e.clone())).collect();
        CorpusIndex { roots, docs: BTreeMap::new(), limits, entries, from_cache: true }
    }

    /// Is this file part of the corpus?
    pub fn holds(&self, path: &Path) -> bool {
        self.entries.contains_key(path)
    }

    /// Can the knowledge base be rebuilt from [`documents`](Self::documents)
    /// after [`update`](Self::update)?
    pub fn holds_texts(&self) -> bool {
        !self.from_cache
    }

    /// The manifest of the documents, in [`documents`](Self::documents) order.
    pub fn manifest(&self) -> Manifest {
        Manifest { entries: self.docs.keys().filter_map(|p| self.entries.get(p).cloned()).collect() }
    }

    /// Roots that do not exist, as issues.
    pub fn missing_roots(roots: &[PathBuf]) -> Vec<LoadIssue> {
        roots
            .iter()
            .filter(|r| !r.exists())
            .map(|r| LoadIssue {
                path: r.clone(),
                used: false,
                reason: "corpus path does not exist".into(),
                kind: IssueKind::Missing,
            })
            .collect()
    }

    /// The corpus files under the roots, to be read with [`read`](Self::read).
    pub fn list(roots: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadIssue>) {
        let existing: Vec<PathBuf> = roots.iter().filter(|r| r.exists()).cloned().collect();
        let mut issues = CorpusIndex::missing_roots(roots);
        match corpus_files(&existing) {
            Ok((files, more)) => {
                issues.extend(more);
                (files, issues)
            }
            Err(e) => {
                issues.push(LoadIssue {
                    path: PathBuf::new(),
                    used: false,
                    reason: e.to_string(),
                    kind: IssueKind::Unreadable,
                });
                (Vec::new(), issues)
            }
        }
    }

    /// Read one file into the index (or drop it when it is gone or unusable).
    pub fn read(&mut self, path: &Path) -> Option<LoadIssue> {
        let stamp = Stamp::of(path);
        let (doc, issue, entry) = crate::cache::read_file(path, stamp, self.limits);
        match doc.zip(entry) {
            Some((d, e)) => {
                self.docs.insert(path.to_path_buf(), d);
                self.entries.insert(path.to_path_buf(), e);
            }
            None => {
                self.docs.remove(path);
                self.entries.remove(path);
            }
        };
        issue
    }

    /// Is this path a corpus file under one of the roots?
    pub fn covers(&self, path: &Path) -> bool {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let corpus_ext = matches!(ext.as_deref(), Some("md" | "markdown" | "txt"));
        corpus_ext && self.roots.iter().any(|r| path.starts_with(r))
    }

    /// Re-read changed files, forget deleted ones. Returns how many changed.
    pub fn update(&mut self, changed: &[PathBuf], deleted: &[PathBuf]) -> (usize, Vec<LoadIssue>) {
        let mut issues = Vec::new();
        let mut n = 0;
        let unique: HashSet<&PathBuf> = changed.iter().filter(|p| self.covers(p)).collect();
        for p in unique {
            issues.extend(self.read(p));
            n += 1;
        }
        for p in deleted {
            self.entries.remove(p);
            n += usize::from(self.docs.remove(p).is_some());
        }
        (n, issues)
    }

    pub fn documents(&self) -> Vec<CorpusText> {
        self.docs.values().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_settings_override_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "corpus = ['src']\nallow = ['Zed']\n[rules]\nname-spelling = 'info'\n",
        )
        .unwrap();
        let client = ClientSettings::from_json(&serde_json::json!({"copydesk": {
            "rules": {"name-spelling": "error"}, "allow": ["Quux"], "debounceMs": 0
        }}))
        .unwrap();
        let c = effective_config(Some(dir.path()), &client).unwrap();
        assert_eq!(c.rules["name-spelling"], "error");
        assert_eq!(c.allow, ["Zed", "Quux"]);
        assert!(c.corpus[0].is_absolute() && c.corpus[0].ends_with("src"));
        assert_eq!(client.debounce(), Duration::ZERO);
        let mut merged = client.clone();
        merged.merge(ClientSettings::from_json(&serde_json::json!({})).unwrap());
        assert_eq!(merged, client);
        merged.merge(ClientSettings { debounce_ms: Some(40), ..Default::default() });
        assert_eq!((merged.debounce_ms, merged.allow.is_some()), (Some(40), true));
        let bad = ClientSettings { rules: Some([("nope".into(), "error".into())].into()), ..Default::default() };
        assert!(effective_config(None, &bad).is_err());
        // Editors send their default, an empty corpus list: the file still decides.
        let empty = ClientSettings { corpus: Some(Vec::new()), ..Default::default() };
        assert!(effective_config(Some(dir.path()), &empty).unwrap().corpus[0].ends_with("src"));
    }

    #[test]
    fn update_rereads_only_changed_corpus_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        std::fs::write(&a, "Chief Ann Ode spoke.").unwrap();
        let mut index = CorpusIndex { roots: vec![dir.path().to_path_buf()], ..Default::default() };
        let (files, _) = CorpusIndex::list(&index.roots);
        for f in &files {
            index.read(f);
        }
        assert_eq!(index.docs.len(), 1);
        assert!(index.holds(&a) && index.holds_texts());
        std::fs::write(&a, "Chief Ann Odeh spoke.").unwrap();
        let outside = PathBuf::from("/elsewhere/x.md");
        assert_eq!(index.update(&[a.clone(), outside], &[]).0, 1);
        assert!(index.docs[&a].text.contains("Odeh"));
        assert_eq!(index.update(&[], std::slice::from_ref(&a)).0, 1);
        assert!(index.docs.is_empty() && !index.holds(&a));
    }

    #[test]
    fn an_index_from_the_cache_knows_its_files_but_not_their_texts() {
        let entry = |path: &str| Entry { path: path.into(), stamp: Stamp::UNTRUSTED, hash: 1, warning: None };
        let manifest = Manifest { entries: vec![entry("/c/a.md"), entry("/c/b.md")] };
        let index = CorpusIndex::from_manifest(vec!["/c".into()], &manifest, LoadOptions::default());
        assert!(index.holds(Path::new("/c/b.md")) && !index.holds(Path::new("/c/z.md")));
        assert!(!index.holds_texts() && index.docs.is_empty());
    }
}
