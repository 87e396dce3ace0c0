//! The language server: documents, scheduling of checks, and the LSP
//! requests, each a thin call into the engine and `describe`.

use super::actions;
use super::convert::{self, TextRef};
use super::documents::{format_for_language, OpenDoc};
use super::workspace::{effective_config, ClientSettings, CorpusIndex};
use crate::checks::{Draft, DraftData};
use crate::config::{Config, CONFIG_FILE};
use crate::corpus::load::{LoadOptions, DEFAULT_MAX_FILE_BYTES};
use crate::corpus::Document;
use crate::describe;
use crate::finding::{Finding, SourceRef};
use crate::incremental::IncrementalChecker;
use crate::kb::Kb;
use crate::text::PositionEncoding;
use crate::Engine;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// The command editors call to read the corpus again.
pub const REINDEX_COMMAND: &str = "copydesk.server.reindex";

/// `copydesk/status`: indexing progress, then what the knowledge base holds,
/// for an editor's status bar.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct StatusParams {
    pub indexing: bool,
    pub done: usize,
    pub total: usize,
    pub sources: usize,
    pub people: usize,
    pub events: usize,
    pub quotes: usize,
}

pub enum StatusNotification {}

impl notification::Notification for StatusNotification {
    type Params = StatusParams;
    const METHOD: &'static str = "copydesk/status";
}

/// Open drafts larger than this are not checked unless the limit is raised
/// (`maxDocumentBytes`, or `max_document_bytes` in `.copydesk.toml`).
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 8 << 20;

/// Hand memory freed by a dropped knowledge base back to the system: the
/// allocator keeps freed small blocks for reuse otherwise.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The workspace cache, when the workspace has a `.copydesk.toml` that does
/// not say `cache = false`.
fn workspace_cache(config: &Config, roots: &[PathBuf]) -> Option<crate::cache::CacheFile> {
    let root = config.path.as_deref()?.parent()?;
    (config.cache != Some(false)).then(|| crate::cache::CacheFile::workspace(root, roots))
}

/// A check result for one version of a draft.
struct Analysis {
    version: i32,
    doc: Document,
    findings: Vec<Finding>,
    engine: Arc<Engine>,
    /// The draft's analysis, kept for hover, definition and references.
    draft: Option<Arc<DraftData>>,
}

impl Analysis {
    /// The analysed draft; analysed again only if the check did not keep it.
    fn draft(&self) -> Draft<'_> {
        match &self.draft {
            Some(data) => Draft::with_data(&self.doc, data.clone()),
            None => Draft::analyze(self.engine.kb(), &self.doc),
        }
    }
}

struct DocEntry {
    uri: Uri,
    doc: OpenDoc,
    /// Bumped on every edit; a scheduled check runs only if it is still the latest.
    generation: u64,
    checker: Arc<Mutex<IncrementalChecker>>,
    last: Option<Arc<Analysis>>,
}

#[derive(Default)]
struct State {
    enc: PositionEncoding,
    root: Option<PathBuf>,
    settings: ClientSettings,
    config: Config,
    docs: HashMap<String, DocEntry>,
    pull_configuration: bool,
    dynamic_watch: bool,
    progress: bool,
    /// Corpus watchers are registered with the client.
    watching: bool,
}

struct Inner {
    client: Client,
    state: Mutex<State>,
    /// The last complete engine; replaced only when indexing finishes.
    engine: RwLock<Arc<Engine>>,
    corpus: Mutex<CorpusIndex>,
    progress_tokens: AtomicU64,
    /// A cache write is under way; another index skips writing (the cache
    /// then lags behind, which its manifest detects).
    saving: Arc<std::sync::atomic::AtomicBool>,
    /// A damaged cache is being replaced: further damage reports wait for it.
    repairing: std::sync::atomic::AtomicBool,
}

#[derive(Clone)]
pub struct Backend {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn key(uri: &Uri) -> String {
    uri.as_str().to_string()
}

fn internal(msg: impl Into<String>) -> Error {
    let mut e = Error::internal_error();
    e.message = msg.into().into();
    e
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::invalid_params(msg.into())
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        let engine = Arc::new(Engine::new(Arc::new(Kb::default()), Config::default()));
        Backend {
            inner: Arc::new(Inner {
                client,
                state: Mutex::new(State::default()),
                engine: RwLock::new(engine),
                corpus: Mutex::new(CorpusIndex::default()),
                progress_tokens: AtomicU64::new(0),
                saving: Default::default(),
                repairing: Default::default(),
            }),
        }
    }

    fn engine(&self) -> Arc<Engine> {
        self.inner.engine.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    async fn log(&self, typ: MessageType, msg: impl std::fmt::Display) {
        eprintln!("copydesk: {msg}");
        self.inner.client.log_message(typ, msg).await;
    }

    /// A source text mapped from the workspace cache failed its hash check
    /// while it was read (it reads as blanks, see `SharedText`): drop the
    /// cache and index the corpus from its files, once.
    fn repair_if_damaged(&self) {
        if !crate::kb::shared_text::take_damaged() || self.inner.repairing.swap(true, Ordering::AcqRel) {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            let file = {
                let roots = lock(&this.inner.corpus).roots.clone();
                workspace_cache(&lock(&this.inner.state).config, &roots)
            };
            let shown = file.as_ref().map_or_else(|| "index".into(), |f| f.path.display().to_string());
            let msg = format!("cache {shown} damaged (a stored source or text failed its check), rebuilding");
            this.log(MessageType::WARNING, msg).await;
            if let Some(f) = file {
                let _ = std::fs::remove_file(&f.path);
            }
            this.reconfigure(true).await;
            this.inner.repairing.store(false, Ordering::Release);
        });
    }

    /// Schedule a check of one draft after the debounce delay.
    fn schedule(&self, uri: &Uri, delay: Duration) {
        let generation = {
            let mut st = lock(&self.inner.state);
            let Some(e) = st.docs.get_mut(&key(uri)) else { return };
            e.generation += 1;
            e.generation
        };
        let this = self.clone();
        let uri = uri.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let current = lock(&this.inner.state).docs.get(&key(&uri)).map(|e| e.generation);
            if current != Some(generation) {
                return; // a newer edit has its own check scheduled
            }
            if let Some((diagnostic, version)) = this.too_large(&uri) {
                this.inner.client.publish_diagnostics(uri, vec![diagnostic], Some(version)).await;
                return;
            }
            match this.analyze(&uri).await {
                Ok(Some(a)) => this.publish(&uri, &a).await,
                Ok(None) => {}
                Err(msg) => this.log(MessageType::ERROR, msg).await,
            }
        });
    }

    /// For a draft over the size limit: the one diagnostic that says so, and
    /// the version it is for. Checking it would stall the editor.
    fn too_large(&self, uri: &Uri) -> Option<(Diagnostic, i32)> {
        let st = lock(&self.inner.state);
        let e = st.docs.get(&key(uri))?;
        let limit = st.config.max_document_bytes.unwrap_or(DEFAULT_MAX_DOCUMENT_BYTES);
        let size = e.doc.rope.len_bytes() as u64;
        (size > limit).then(|| {
            let message = format!(
                "copydesk did not check this document: it is {size} bytes, over the {limit} byte limit \
                 (setting copydesk.maxDocumentBytes, or max_document_bytes in .copydesk.toml)"
            );
            let d = Diagnostic {
                severity: Some(DiagnosticSeverity::WARNING),
                source: Some("copydesk".into()),
                message,
                ..Default::default()
            };
            (d, e.doc.version)
        })
    }

    fn recheck_all(&self) {
        let (uris, delay): (Vec<Uri>, Duration) = {
            let st = lock(&self.inner.state);
            (st.docs.values().map(|e| e.uri.clone()).collect(), Duration::ZERO)
        };
        for uri in uris {
            self.schedule(&uri, delay);
        }
    }

    /// The analysis of the document's current version, computed off the
    /// async runtime if it is not already known. `None` when the document is
    /// not open or changed while it was checked (that result is dropped).
    async fn analyze(&self, uri: &Uri) -> std::result::Result<Option<Arc<Analysis>>, String> {
        let engine = self.engine();
        let (text, version, format, checker, path) = {
            let st = lock(&self.inner.state);
            let Some(e) = st.docs.get(&key(uri)) else { return Ok(None) };
            let limit = st.config.max_document_bytes.unwrap_or(DEFAULT_MAX_DOCUMENT_BYTES);
            if e.doc.rope.len_bytes() as u64 > limit {
                return Ok(None); // not checked: `too_large` says so
            }
            let fresh = |l: &&Arc<Analysis>| l.version == e.doc.version && Arc::ptr_eq(&l.engine, &engine);
            if let Some(last) = e.last.as_ref().filter(fresh) {
                return Ok(Some(last.clone()));
            }
            let path = uri.to_file_path().map(|p| p.display().to_string()).unwrap_or_else(|| uri.as_str().into());
            (e.doc.text(), e.doc.version, e.doc.format, e.checker.clone(), path)
        };
        let engine2 = engine.clone();
        let result = tokio::task::spawn_blocking(move || {
            let doc = Document::parse(path, text, format);
            let checked = lock(&checker).check(&engine2, &doc);
            (doc, checked)
        })
        .await;
        let (doc, checked) = result.map_err(|e| format!("checking {} failed: {e}", uri.as_str()))?;
        self.repair_if_damaged();
        for failure in &checked.failures {
            self.log(MessageType::ERROR, failure).await;
        }
        let analysis = Arc::new(Analysis { version, doc, findings: checked.findings, engine, draft: checked.draft });
        let mut st = lock(&self.inner.state);
        let Some(e) = st.docs.get_mut(&key(uri)) else { return Ok(None) };
        if e.doc.version != version {
            return Ok(None);
        }
        e.last = Some(analysis.clone());
        Ok(Some(analysis))
    }

    async fn publish(&self, uri: &Uri, a: &Analysis) {
        let enc = lock(&self.inner.state).enc;
        let text = TextRef::of(&a.doc, enc);
        let diags = a.findings.iter().map(|f| convert::diagnostic(f, text, a.engine.kb())).collect();
        // A newer version may have arrived while converting; its own check publishes.
        let current = lock(&self.inner.state).docs.get(&key(uri)).map(|e| e.doc.version);
        if current == Some(a.version) {
            self.inner.client.publish_diagnostics(uri.clone(), diags, Some(a.version)).await;
        }
        self.repair_if_damaged();
    }

    /// The analysis and the byte offset of a position in it.
    async fn at(&self, p: &TextDocumentPositionParams) -> Result<Option<(Arc<Analysis>, usize)>> {
        let Some(a) = self.analyze(&p.text_document.uri).await.map_err(internal)? else { return Ok(None) };
        let enc = lock(&self.inner.state).enc;
        let offset = TextRef::of(&a.doc, enc)
            .offset(p.position)
            .ok_or_else(|| invalid(format!("line {} is past the end of the document", p.position.line)))?;
        Ok(Some((a, offset)))
    }

    fn location(&self, a: &Analysis, s: &SourceRef) -> Option<Location> {
        convert::source_location(a.engine.kb(), s, lock(&self.inner.state).enc)
    }

    /// Re-read the configuration and, when the corpus roots changed (or `force`), re-index.
    async fn reconfigure(&self, force_index: bool) {
        let (root, settings) = {
            let st = lock(&self.inner.state);
            (st.root.clone(), st.settings.clone())
        };
        let config = match effective_config(root.as_deref(), &settings) {
            Ok(c) => c,
            Err(msg) => {
                self.log(MessageType::ERROR, format!("configuration not applied: {msg}")).await;
                return;
            }
        };
        let roots_changed = lock(&self.inner.corpus).roots != config.corpus;
        lock(&self.inner.state).config = config.clone();
        if roots_changed {
            self.register_watchers().await;
        }
        if roots_changed || force_index {
            self.index(config.corpus.clone(), None).await;
        } else {
            let kb = self.engine().kb().clone();
            *self.inner.engine.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Engine::new(kb, config));
            self.recheck_all();
        }
    }

    /// Index the corpus: all files under `roots`, or only `changed` ones.
    /// Requests meanwhile use the previous engine. With a workspace cache, a
    /// full index starts from it, and the result is written back afterwards.
    async fn index(&self, roots: Vec<PathBuf>, changed: Option<(Vec<PathBuf>, Vec<PathBuf>)>) {
        let progress = self.begin_progress().await;
        let corpus = self.inner.clone();
        let (max_file_bytes, cache_file) = {
            let st = lock(&self.inner.state);
            (st.config.max_file_bytes, workspace_cache(&st.config, &roots))
        };
        let limits = LoadOptions { max_file_bytes: max_file_bytes.unwrap_or(DEFAULT_MAX_FILE_BYTES) };
        let indexed_roots = roots.clone();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(String, u32, usize, usize)>();
        let from_cache = cache_file.clone();
        let job = tokio::task::spawn_blocking(move || {
            let mut index = lock(&corpus.corpus);
            let mut issues = Vec::new();
            match changed {
                None => {
                    if let Some(file) = &from_cache {
                        let started = std::time::Instant::now();
                        let (files, listed) = CorpusIndex::list(&roots);
                        let _ = tx.send(("reading the cache".into(), 5, 0, files.len()));
                        match crate::cache::load_listed(&roots, files, listed, started, limits, file) {
                            Ok(loaded) => {
                                issues.extend(loaded.issues);
                                *index = CorpusIndex::from_manifest(roots, &loaded.manifest, limits);
                                let save = loaded.dirty.then_some(loaded.manifest);
                                return (loaded.kb, issues, loaded.notes, save, Some(loaded.state));
                            }
                            // Every file was listed and read: its issues say why none is usable.
                            Err(crate::corpus::load::LoadError::NoUsableFiles(_, more)) => {
                                *index = CorpusIndex { roots, limits, ..Default::default() };
                                return (Kb::from_texts(Vec::new()), more, Vec::new(), None, None);
                            }
                            Err(crate::corpus::load::LoadError::Missing(_)) => {}
                        }
                    }
                    let (files, more) = CorpusIndex::list(&roots);
                    issues.extend(more);
                    *index = CorpusIndex { roots, limits, ..Default::default() };
                    let total = files.len().max(1);
                    for (i, f) in files.iter().enumerate() {
                        issues.extend(index.read(f));
                        if i % 16 == 0 || i + 1 == files.len() {
                            let pct = ((i + 1) * 90 / total) as u32;
                            let _ = tx.send((format!("{}/{} files", i + 1, files.len()), pct, i + 1, files.len()));
                        }
                    }
                }
                Some((changed, deleted)) => {
                    index.limits = limits;
                    let (n, more) = index.update(&changed, &deleted);
                    issues.extend(more);
                    let _ = tx.send((format!("{n} changed files"), 50, 0, n));
                }
            }
            let n = index.docs.len();
            let _ = tx.send((format!("building knowledge base from {n} files"), 95, n, n));
            let docs = index.documents();
            let save = (from_cache.is_some() && n > 0).then(|| index.manifest());
            drop(index);
            (Kb::from_texts(docs), issues, Vec::new(), save, None)
        });
        while let Some((msg, pct, done, total)) = rx.recv().await {
            let status = StatusParams { indexing: true, done, total, ..Default::default() };
            self.inner.client.send_notification::<StatusNotification>(status).await;
            if let Some(p) = &progress {
                p.report_with_message(msg, pct).await;
            }
        }
        let (kb, issues, notes, save, cache_state) = match job.await {
            Ok(r) => r,
            Err(e) => {
                self.log(MessageType::ERROR, format!("indexing the corpus failed: {e}")).await;
                return;
            }
        };
        for note in &notes {
            self.log(MessageType::WARNING, note).await;
        }
        let skipped = issues.iter().filter(|i| !i.used).count();
        let warned = issues.len() - skipped;
        for issue in &issues {
            self.log(MessageType::WARNING, issue).await;
        }
        if !issues.is_empty() {
            // Once per indexing run, so a bad corpus is noticed but not nagged about.
            let files = |n: usize| if n == 1 { "1 corpus file".to_string() } else { format!("{n} corpus files") };
            let msg = format!(
                "copydesk: {} skipped, {} read with warnings (the copydesk log names each file and reason)",
                files(skipped),
                files(warned)
            );
            self.inner.client.show_message(MessageType::WARNING, msg).await;
        }
        let status = StatusParams {
            indexing: false,
            done: kb.sources.len(),
            total: kb.sources.len(),
            sources: kb.sources.len(),
            people: kb.people.len(),
            events: kb.events.list.len(),
            quotes: kb.quotes.len(),
        };
        self.inner.client.send_notification::<StatusNotification>(status).await;
        let summary = format!("{} sources, {} people", kb.sources.len(), kb.people.len());
        let cached = cache_state.map(|s| format!(" (cache: {})", s.as_str())).unwrap_or_default();
        let config = lock(&self.inner.state).config.clone();
        let kb = Arc::new(kb);
        *self.inner.engine.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Engine::new(kb.clone(), config));
        let saving = self.inner.saving.clone();
        if let (Some(file), Some(manifest)) = (cache_file, save) {
            if !saving.swap(true, Ordering::AcqRel) {
                // Off the request path; failing to write is only logged.
                let this = self.clone();
                let built = (cache_state != Some(crate::cache::CacheState::Hit)).then_some(Arc::as_ptr(&kb) as usize);
                tokio::spawn(async move {
                    let written = file.clone();
                    let saved =
                        tokio::task::spawn_blocking(move || crate::cache::save(&written, limits, &manifest, &kb)).await;
                    saving.store(false, Ordering::Release);
                    match (saved, built) {
                        (Ok(Ok(_)), Some(built)) => this.use_written_cache(built, indexed_roots, limits, file).await,
                        (Ok(Err(e)), _) => this.log(MessageType::WARNING, format!("cache not saved: {e}")).await,
                        _ => {}
                    }
                });
            }
        }
        if let Some(p) = progress {
            p.finish_with_message(summary.clone()).await;
        }
        self.log(MessageType::INFO, format!("corpus indexed: {summary}{cached}")).await;
        self.recheck_all();
    }

    /// Replace the knowledge base just built (`built`: its address) by the
    /// cache it was written to: the same facts, mapped rather than held (at
    /// 100k articles, about 150 MB of the server's own memory instead of
    /// 3 GB). Open drafts keep their checked paragraphs. Skipped when the
    /// corpus was indexed again or changed meanwhile.
    async fn use_written_cache(
        &self,
        built: usize,
        roots: Vec<PathBuf>,
        limits: LoadOptions,
        file: crate::cache::CacheFile,
    ) {
        let listed = roots.clone();
        let loaded = tokio::task::spawn_blocking(move || crate::cache::load(&listed, limits, &file)).await;
        let Ok(Ok(loaded)) = loaded else { return };
        if loaded.state != crate::cache::CacheState::Hit || loaded.dirty {
            return;
        }
        let replaced = {
            // An indexing job holds the corpus while it runs: it replaces the engine itself.
            let Ok(mut corpus) = self.inner.corpus.try_lock() else { return };
            let mut engine = self.inner.engine.write().unwrap_or_else(|e| e.into_inner());
            if Arc::as_ptr(engine.kb()) as usize != built || corpus.roots != roots {
                return;
            }
            *corpus = CorpusIndex::from_manifest(roots, &loaded.manifest, limits);
            let mapped = Arc::new(Engine::new(Arc::new(loaded.kb), engine.config().clone()));
            let mut st = lock(&self.inner.state);
            for e in st.docs.values_mut() {
                // A checker busy with a draft is not waited for under these
                // locks: its next check starts afresh instead.
                if let Ok(mut checker) = e.checker.try_lock() {
                    checker.adopt(&mapped);
                }
                e.last = None;
            }
            std::mem::replace(&mut *engine, mapped)
        };
        // Freeing gigabytes of small allocations takes a while: off the runtime.
        let _ = tokio::task::spawn_blocking(move || {
            drop(replaced);
            release_freed_memory();
        })
        .await;
        self.log(MessageType::INFO, "knowledge base now read from the workspace cache").await;
        self.recheck_all();
    }

    async fn begin_progress(
        &self,
    ) -> Option<tower_lsp_server::OngoingProgress<tower_lsp_server::Bounded, tower_lsp_server::NotCancellable>> {
        if !lock(&self.inner.state).progress {
            return None;
        }
        let n = self.inner.progress_tokens.fetch_add(1, Ordering::Relaxed);
        let token = NumberOrString::String(format!("copydesk/index/{n}"));
        self.inner.client.create_work_done_progress(token.clone()).await.ok()?;
        Some(self.inner.client.progress(token, "copydesk: indexing corpus").with_percentage(0).begin().await)
    }

    async fn register_watchers(&self) {
        let (dynamic, roots, root) = {
            let st = lock(&self.inner.state);
            (st.dynamic_watch, st.config.corpus.clone(), st.root.clone())
        };
        if !dynamic {
            return;
        }
        let mut watchers: Vec<FileSystemWatcher> = roots
            .iter()
            .map(|r| {
                let pattern = if r.is_file() {
                    r.display().to_string()
                } else {
                    format!("{}/**/*.{{md,markdown,txt}}", r.display())
                };
                FileSystemWatcher { glob_pattern: GlobPattern::String(pattern), kind: None }
            })
            .collect();
        if let Some(root) = root {
            watchers.push(FileSystemWatcher {
                glob_pattern: GlobPattern::String(root.join(CONFIG_FILE).display().to_string()),
                kind: None,
            });
        }
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let reg = Registration {
            id: "copydesk-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let registered = std::mem::replace(&mut lock(&self.inner.state).watching, true);
        if registered {
            let old = Unregistration { id: "copydesk-watch".into(), method: "workspace/didChangeWatchedFiles".into() };
            let _ = self.inner.client.unregister_capability(vec![old]).await;
        }
        if let Err(e) = self.inner.client.register_capability(vec![reg]).await {
            self.log(MessageType::WARNING, format!("could not watch the corpus: {e}")).await;
        }
    }

    async fn pull_settings(&self) {
        if !lock(&self.inner.state).pull_configuration {
            return;
        }
        let item = ConfigurationItem { scope_uri: None, section: Some("copydesk".into()) };
        if let Ok(values) = self.inner.client.configuration(vec![item]).await {
            if let Some(s) = values.first().and_then(ClientSettings::from_json) {
                lock(&self.inner.state).settings.merge(s);
            }
        }
    }

    fn debounce(&self) -> Duration {
        lock(&self.inner.state).settings.debounce()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc = convert::negotiate_encoding(&params);
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(params.root_uri.clone())
            .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
        {
            let mut st = lock(&self.inner.state);
            st.enc = enc;
            st.root = root;
            if let Some(s) = params.initialization_options.as_ref().and_then(ClientSettings::from_json) {
                st.settings = s;
            }
            let ws = params.capabilities.workspace.as_ref();
            st.pull_configuration = ws.and_then(|w| w.configuration).unwrap_or(false);
            st.dynamic_watch = ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            st.progress = params.capabilities.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false);
        }
        let sync = TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..Default::default()
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(enc)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(actions::FIX_ALL)]),
                    ..Default::default()
                })),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![REINDEX_COMMAND.into()],
                    ..Default::default()
                }),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![" ".into()]),
                    ..Default::default()
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo { name: "copydesk".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.pull_settings().await;
        self.reconfigure(true).await;
    }

    async fn shutdown(&self) -> Result<()> {
        // A workspace cache write under way is finished first (for a while):
        // cut off, it is discarded and the next start indexes everything again.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while self.inner.saving.load(Ordering::Acquire) && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let Some(format) = format_for_language(&d.language_id) else { return };
        {
            let mut st = lock(&self.inner.state);
            let entry = DocEntry {
                uri: d.uri.clone(),
                doc: OpenDoc::new(&d.text, d.version, format),
                generation: 0,
                checker: Default::default(),
                last: None,
            };
            st.docs.insert(key(&d.uri), entry);
        }
        self.schedule(&d.uri, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Applied before any await, so changes take effect in arrival order:
        // tower-lsp-server (0.23, transport.rs) creates each handler future as
        // its message arrives and first polls them in that order (a FIFO
        // `buffer_unordered`), and no layer awaits before this body runs.
        // `tests/load.rs` checks the outcome under 1,000 rapid edits.
        let uri = params.text_document.uri;
        let outcome = {
            let mut st = lock(&self.inner.state);
            let enc = st.enc;
            st.docs.get_mut(&key(&uri)).map(|e| e.doc.apply(params.text_document.version, &params.content_changes, enc))
        };
        match outcome {
            None => {
                self.log(MessageType::WARNING, format!("change to a document that is not open: {}", uri.as_str())).await
            }
            Some(Err(e)) => self.log(MessageType::WARNING, format!("{}: {e}", uri.as_str())).await,
            Some(Ok(())) => self.schedule(&uri, self.debounce()),
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let removed = lock(&self.inner.state).docs.remove(&key(&params.text_document.uri));
        if removed.is_some() {
            self.inner.client.publish_diagnostics(params.text_document.uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match ClientSettings::from_json(&params.settings) {
            Some(s) => lock(&self.inner.state).settings.merge(s),
            None => self.pull_settings().await,
        }
        self.reconfigure(false).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let config_file = lock(&self.inner.state).root.as_ref().map(|r| r.join(CONFIG_FILE));
        let mut changed = Vec::new();
        let mut deleted = Vec::new();
        let mut config_changed = false;
        for ev in params.changes {
            let Some(path) = ev.uri.to_file_path().map(|p| p.into_owned()) else { continue };
            if Some(&path) == config_file.as_ref() {
                config_changed = true;
            } else if ev.typ == FileChangeType::DELETED {
                deleted.push(path);
            } else {
                changed.push(path);
            }
        }
        if config_changed {
            self.reconfigure(false).await;
        }
        let relevant = {
            let index = lock(&self.inner.corpus);
            changed.retain(|p| index.covers(p));
            deleted.retain(|p| index.holds(p));
            (!changed.is_empty() || !deleted.is_empty()).then_some(index.holds_texts())
        };
        if let Some(holds_texts) = relevant {
            let roots = lock(&self.inner.corpus).roots.clone();
            // With a workspace cache, indexing from it re-extracts only the
            // files that differ from it (`Kb::update`); without one, the
            // changed files are read and every source is extracted again
            // (every file is read when the texts came from a cache that is
            // now turned off).
            let cached = workspace_cache(&lock(&self.inner.state).config, &roots).is_some();
            self.index(roots, (!cached && holds_texts).then_some((changed, deleted))).await;
        }
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command != REINDEX_COMMAND {
            return Err(Error::invalid_params(format!("unknown command {}", params.command)));
        }
        self.reconfigure(true).await;
        Ok(None)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let Some((a, offset)) = self.at(&params.text_document_position_params).await? else { return Ok(None) };
        let kb = a.engine.kb();
        let draft = a.draft();
        let Some(d) = describe::describe(kb, &draft, &a.findings, offset) else { return Ok(None) };
        let enc = lock(&self.inner.state).enc;
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: super::hover::render(&d, &a.doc.text),
            }),
            range: Some(TextRef::of(&a.doc, enc).range(super::hover::span(&d))),
        }))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let Some((a, offset)) = self.at(&params.text_document_position_params).await? else { return Ok(None) };
        let kb = a.engine.kb();
        let draft = a.draft();
        let Some(subject) = describe::describe(kb, &draft, &a.findings, offset).and_then(|d| d.subject) else {
            return Ok(None);
        };
        Ok(describe::definition(kb, &subject).and_then(|s| self.location(&a, &s)).map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let Some((a, offset)) = self.at(&params.text_document_position).await? else { return Ok(None) };
        let kb = a.engine.kb();
        let draft = a.draft();
        let Some(subject) = describe::describe(kb, &draft, &a.findings, offset).and_then(|d| d.subject) else {
            return Ok(None);
        };
        Ok(Some(describe::references(kb, &subject).iter().filter_map(|s| self.location(&a, s)).collect()))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(a) = self.analyze(&uri).await.map_err(internal)? else { return Ok(None) };
        let (enc, root) = {
            let st = lock(&self.inner.state);
            (st.enc, st.root.clone())
        };
        let text = TextRef::of(&a.doc, enc);
        let wants = |kind: &CodeActionKind| {
            params.context.only.as_ref().is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
        };
        let mut out: Vec<CodeActionOrCommand> = Vec::new();
        let ours: Vec<&Diagnostic> = params.context.diagnostics.iter().filter(|d| actions::is_ours(d)).collect();
        if wants(&CodeActionKind::QUICKFIX) {
            for d in &ours {
                out.extend(actions::quick_fixes(&uri, d).into_iter().map(CodeActionOrCommand::CodeAction));
                let Some(span) = text.span(d.range) else { continue };
                let line = a.doc.lines.line_of(span.start);
                let line_span = a.doc.lines.line_span(&a.doc.text, line).unwrap_or(span);
                let eol = if a.doc.text[line_span.end..].starts_with("\r\n") { "\r\n" } else { "\n" };
                out.push(CodeActionOrCommand::CodeAction(actions::ignore_line(
                    &uri,
                    d,
                    line_span.slice(&a.doc.text),
                    eol,
                )));
                if let Some(root) = &root {
                    out.extend(
                        actions::always_allow(root, span.slice(&a.doc.text), d).map(CodeActionOrCommand::CodeAction),
                    );
                }
            }
        }
        let fix_all_kind = CodeActionKind::new(actions::FIX_ALL);
        let explicitly = params
            .context
            .only
            .as_ref()
            .is_some_and(|o| o.iter().any(|k| fix_all_kind.as_str().starts_with(k.as_str())));
        if explicitly || (wants(&fix_all_kind) && !ours.is_empty()) {
            let all: Vec<Diagnostic> = a.findings.iter().map(|f| convert::diagnostic(f, text, a.engine.kb())).collect();
            out.extend(actions::fix_all(&uri, &all).map(CodeActionOrCommand::CodeAction));
        }
        Ok(Some(out))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        // Only the text before the cursor and the corpus are needed: no check
        // of the draft (completion requests come on every keystroke).
        let p = &params.text_document_position;
        let (text, enc) = {
            let st = lock(&self.inner.state);
            let Some(e) = st.docs.get(&key(&p.text_document.uri)) else { return Ok(None) };
            (e.doc.text(), st.enc)
        };
        let lines = crate::text::LineIndex::new(&text);
        let at = TextRef { text: &text, lines: &lines, enc };
        let offset = at
            .offset(p.position)
            .ok_or_else(|| invalid(format!("line {} is past the end of the document", p.position.line)))?;
        let Some(found) = crate::complete::complete_name(self.engine().kb(), &text[..offset]) else {
            return Ok(None);
        };
        let range = at.range(crate::text::Span::new(offset - found.prefix_len, offset));
        let items = found
            .items
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let plural = if c.source_count == 1 { "" } else { "s" };
                CompletionItem {
                    label: c.name.clone(),
                    kind: Some(CompletionItemKind::TEXT),
                    detail: c.title,
                    // Clients filter on the typed prefix: offer the part it matched.
                    filter_text: Some(c.matched),
                    sort_text: Some(format!("{i:03}")),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: c.name })),
                    documentation: Some(Documentation::String(format!("Named in {} source{plural}", c.source_count))),
                    ..Default::default()
                }
            })
            .collect();
        Ok(Some(CompletionResponse::List(CompletionList { is_incomplete: found.truncated, items })))
    }
}
