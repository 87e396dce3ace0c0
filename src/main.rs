//! The `copydesk` command: `check`, `index`, `facts` (and `serve` for editors).

use clap::{Parser, Subcommand};
use copydesk::cache::{self, CacheFile, CacheState};
use copydesk::config::Config;
use copydesk::corpus::load::{load_corpus, read_document, LoadError, LoadIssue, LoadOptions};
use copydesk::corpus::Document;
use copydesk::kb::Kb;
use copydesk::report::{self, FileReport};
use copydesk::{Engine, Finding};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(name = "copydesk", version, about = "Fact-check prose against a corpus of trusted articles")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check drafts against the corpus. Exit status: 0 no findings, 1 findings, 2 error (or a rule failed).
    Check {
        /// A corpus file or folder (repeatable). Default: `corpus` in the nearest .copydesk.toml.
        #[arg(long, value_name = "PATH")]
        corpus: Vec<PathBuf>,
        /// Use this configuration file instead of the nearest .copydesk.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: report::Format,
        /// Drafts to check (.md, .markdown, .txt).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print how long loading, indexing and checking took (stderr), for benchmarks.
        #[arg(long, hide = true)]
        timings: bool,
        /// Use (and update) this index file, e.g. one written by `copydesk index -o FILE`.
        #[arg(long, value_name = "FILE", conflicts_with = "no_cache")]
        index: Option<PathBuf>,
        /// Neither read nor write the workspace cache (.copydesk/cache).
        #[arg(long)]
        no_cache: bool,
    },
    /// Build the knowledge base once and write it: to FILE, or to the workspace cache.
    Index {
        /// A corpus file or folder (repeatable). Default: `corpus` in the nearest .copydesk.toml.
        #[arg(long, value_name = "PATH")]
        corpus: Vec<PathBuf>,
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Write the index here instead of the workspace cache (.copydesk/cache beside .copydesk.toml).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List the rules with their default severity and an example.
    Rules,
    /// Print what the corpus says: people, their names, titles and sources.
    Facts {
        #[arg(long, value_name = "PATH")]
        corpus: Vec<PathBuf>,
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: FactsFormat,
    },
    /// Run the language server on stdin/stdout (for editors).
    Serve {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FactsFormat {
    Text,
    Json,
}

/// An error that ends the run with exit status 2.
struct Fatal(String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { corpus, config, format, files, timings, index, no_cache } => {
            let cache = CachePolicy { index, no_cache };
            run_check(&corpus, config.as_deref(), format, &files, timings, &cache)
        }
        Command::Index { corpus, config, output } => run_index(&corpus, config.as_deref(), output.as_deref()),
        Command::Facts { corpus, config, format } => run_facts(&corpus, config.as_deref(), format),
        Command::Rules => print_rules(),
        Command::Serve { stdio: _ } => copydesk::lsp::run_stdio().map(|()| ExitCode::SUCCESS).map_err(Fatal::from),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            eprintln!("copydesk: error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The configuration for a draft: `--config`, else the nearest `.copydesk.toml`, else defaults.
fn config_for(explicit: Option<&Path>, start: &Path) -> Result<Config, Fatal> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Config::discover(start),
    };
    Ok(match path {
        Some(p) => Config::load(&p)?,
        None => Config::default(),
    })
}

fn build_kb(corpus: &[PathBuf], config: &Config) -> Result<Kb, Fatal> {
    build_kb_timed(corpus, config, &mut Timings::default(), None)
}

/// Wall time of each phase of `check --timings`.
#[derive(Default)]
struct Timings {
    load: std::time::Duration,
    index: std::time::Duration,
    check: std::time::Duration,
    corpus_bytes: u64,
    cache: Option<CacheState>,
    cache_load: std::time::Duration,
    cache_write: std::time::Duration,
}

/// `check --index FILE` / `--no-cache`.
struct CachePolicy {
    index: Option<PathBuf>,
    no_cache: bool,
}

impl CachePolicy {
    /// The index file for a group of drafts: `--index FILE`; else the
    /// workspace cache when the corpus comes from a `.copydesk.toml` that does
    /// not say `cache = false`. A corpus given with `--corpus` alone writes
    /// nothing (CI runs get no surprise files).
    fn file(&self, cli_corpus: &[PathBuf], cfg: &Config) -> Option<CacheFile> {
        if self.no_cache {
            return None;
        }
        if let Some(f) = &self.index {
            return Some(CacheFile::at(f));
        }
        if !cli_corpus.is_empty() || cfg.cache == Some(false) {
            return None;
        }
        workspace_cache(cfg, &cfg.corpus)
    }
}

/// `<folder of .copydesk.toml>/.copydesk/cache/…` for these roots.
fn workspace_cache(cfg: &Config, roots: &[PathBuf]) -> Option<CacheFile> {
    let root = cfg.path.as_deref()?.parent()?;
    let root = if root.as_os_str().is_empty() { Path::new(".") } else { root };
    Some(CacheFile::workspace(root, roots))
}

fn load_options(config: &Config) -> LoadOptions {
    LoadOptions { max_file_bytes: config.max_file_bytes.unwrap_or(LoadOptions::default().max_file_bytes) }
}

fn no_corpus() -> Fatal {
    Fatal(
        "no corpus: pass --corpus PATH or set `corpus = [\"…\"]` in a .copydesk.toml next to the draft or above it"
            .into(),
    )
}

/// Load through the cache: warnings about it and about corpus files on stderr.
fn load_cached(corpus: &[PathBuf], opts: LoadOptions, file: &CacheFile) -> Result<cache::Loaded, Fatal> {
    let loaded = cache::load(corpus, opts, file).map_err(load_failed)?;
    for note in &loaded.notes {
        eprintln!("copydesk: warning: {note}");
    }
    report_issues(&loaded.issues, loaded.summary());
    Ok(loaded)
}

/// A corpus that could not be loaded: each unusable file on stderr, then the error.
fn load_failed(e: LoadError) -> Fatal {
    if let LoadError::NoUsableFiles(_, issues) = &e {
        for issue in issues {
            eprintln!("copydesk: {issue}");
        }
    }
    e.into()
}

/// Problems with corpus files, then the one-line summary of them, on stderr.
fn report_issues(issues: &[LoadIssue], summary: Option<String>) {
    for issue in issues {
        eprintln!("copydesk: {issue}");
    }
    if let Some(summary) = summary {
        eprintln!("copydesk: {summary}");
    }
}

fn build_kb_timed(
    corpus: &[PathBuf],
    config: &Config,
    timings: &mut Timings,
    cache_file: Option<&CacheFile>,
) -> Result<Kb, Fatal> {
    if corpus.is_empty() {
        return Err(no_corpus());
    }
    let opts = load_options(config);
    if let Some(file) = cache_file {
        let loaded = load_cached(corpus, opts, file)?;
        timings.load += loaded.read_time;
        timings.index += loaded.build_time;
        timings.cache_load += loaded.cache_time;
        timings.corpus_bytes += loaded.corpus_bytes;
        timings.cache = Some(loaded.state);
        if loaded.dirty {
            // Best effort: the results do not depend on it.
            let started = std::time::Instant::now();
            if let Err(e) = cache::save(file, opts, &loaded.manifest, &loaded.kb) {
                eprintln!("copydesk: warning: cache not saved: {e}");
            }
            timings.cache_write += started.elapsed();
        }
        return Ok(loaded.kb);
    }
    let started = std::time::Instant::now();
    let load = load_corpus(corpus, opts).map_err(load_failed)?;
    timings.load += started.elapsed();
    timings.corpus_bytes += load.docs.iter().map(|d| d.text.len() as u64).sum::<u64>();
    report_issues(&load.issues, load.summary());
    let started = std::time::Instant::now();
    let kb = Kb::from_texts(load.docs);
    timings.index += started.elapsed();
    Ok(kb)
}

fn run_check(
    corpus: &[PathBuf],
    config: Option<&Path>,
    format: report::Format,
    files: &[PathBuf],
    print_timings: bool,
    cache: &CachePolicy,
) -> Result<ExitCode, Fatal> {
    let mut timings = Timings::default();
    // Drafts that share a configuration share one knowledge base.
    let mut groups: BTreeMap<Option<PathBuf>, (Config, Vec<usize>)> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        if !f.is_file() {
            return Err(Fatal(format!("cannot read draft {}: no such file", f.display())));
        }
        let cfg = config_for(config, f)?;
        groups.entry(cfg.path.clone()).or_insert_with(|| (cfg, Vec::new())).1.push(i);
    }
    let mut docs: Vec<Option<Document>> = vec![None; files.len()];
    let mut findings: Vec<Vec<Finding>> = vec![Vec::new(); files.len()];
    let mut failed_rules = 0;
    // The last group's engine, never dropped: the process ends after the
    // report, and freeing a large knowledge base piece by piece takes longer
    // than checking a draft with it.
    let mut last = None;
    for (cfg, members) in groups.into_values() {
        let roots = if corpus.is_empty() { cfg.corpus.clone() } else { corpus.to_vec() };
        let file = cache.file(corpus, &cfg);
        let mut retried = false;
        let (engine, runs) = loop {
            let engine = Engine::new(Arc::new(build_kb_timed(&roots, &cfg, &mut timings, file.as_ref())?), cfg.clone());
            let mut runs = Vec::new();
            for &i in &members {
                let doc = read_draft(&files[i])?;
                let started = std::time::Instant::now();
                let run = engine.check_reporting_failures(&doc);
                timings.check += started.elapsed();
                runs.push((i, doc, run));
            }
            // The stored tables are checked while the drafts are: wait for
            // the verdict. Damaged stored data (a table, a source, a text;
            // see `SharedText`): drop the index and check again from the files.
            engine.kb().verification.wait();
            match &file {
                Some(f) if copydesk::kb::shared_text::take_damaged() && !retried => {
                    eprintln!(
                        "copydesk: warning: cache {} damaged (a stored source or text failed its check), rebuilding",
                        f.path.display()
                    );
                    let _ = std::fs::remove_file(&f.path);
                    retried = true;
                }
                _ => break (engine, runs),
            }
        };
        for (i, doc, run) in runs {
            for failure in &run.failures {
                eprintln!("copydesk: error: {failure}");
            }
            failed_rules += run.failures.len();
            findings[i] = run.findings;
            docs[i] = Some(doc);
        }
        last = Some(engine);
    }
    // Stored sources, events and number facts decode a chunk at a time on first use.
    let decoded = last.as_ref().map_or([0; 3], |e| {
        let kb = e.kb();
        [kb.sources.decoded_chunks(), kb.events.list.decoded_chunks(), kb.events.numbers.decoded_chunks()]
    });
    std::mem::forget(last);
    let reports: Vec<FileReport<'_>> =
        docs.iter().zip(&findings).filter_map(|(d, f)| d.as_ref().map(|doc| FileReport { doc, findings: f })).collect();
    let out = report::render(format, &reports);
    std::io::stdout().write_all(out.as_bytes())?;
    if print_timings {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        eprintln!(
            "copydesk: timings: load_ms={:.2} index_ms={:.2} check_ms={:.3} corpus_bytes={} cache={} cache_load_ms={:.2} cache_write_ms={:.2} source_chunks_decoded={} event_chunks_decoded={} number_chunks_decoded={}",
            ms(timings.load),
            ms(timings.index),
            ms(timings.check),
            timings.corpus_bytes,
            timings.cache.unwrap_or(CacheState::Off).as_str(),
            ms(timings.cache_load),
            ms(timings.cache_write),
            decoded[0],
            decoded[1],
            decoded[2],
        );
    }
    if failed_rules > 0 {
        // The report above is incomplete: do not let a pipeline pass on it.
        return Err(Fatal(format!("{failed_rules} rule run(s) failed; the report above is incomplete")));
    }
    let any = findings.iter().any(|f| !f.is_empty());
    Ok(if any { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn read_draft(path: &Path) -> Result<Document, Fatal> {
    let (doc, issue) = read_document(path, LoadOptions { max_file_bytes: u64::MAX });
    if let Some(issue) = &issue {
        if !issue.used {
            return Err(Fatal(format!("cannot read draft {}: {}", path.display(), issue.reason)));
        }
        eprintln!("copydesk: {issue}");
    }
    doc.ok_or_else(|| Fatal(format!("cannot read draft {}", path.display())))
}

fn run_facts(corpus: &[PathBuf], config: Option<&Path>, format: FactsFormat) -> Result<ExitCode, Fatal> {
    let cfg = config_for(config, Path::new("."))?;
    let roots = if corpus.is_empty() { cfg.corpus.clone() } else { corpus.to_vec() };
    let kb = build_kb(&roots, &cfg)?;
    let out = match format {
        FactsFormat::Text => copydesk::facts::facts_markdown(&kb),
        FactsFormat::Json => serde_json::to_string_pretty(&copydesk::facts::facts(&kb))? + "\n",
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn run_index(corpus: &[PathBuf], config: Option<&Path>, output: Option<&Path>) -> Result<ExitCode, Fatal> {
    let started = std::time::Instant::now();
    let cfg = config_for(config, Path::new("."))?;
    let roots = if corpus.is_empty() { cfg.corpus.clone() } else { corpus.to_vec() };
    if roots.is_empty() {
        return Err(no_corpus());
    }
    let file = match output {
        Some(f) => CacheFile::at(f),
        None if cfg.cache == Some(false) => {
            return Err(Fatal("the workspace cache is off (`cache = false` in .copydesk.toml): pass -o FILE".into()))
        }
        None => workspace_cache(&cfg, &roots).ok_or_else(|| {
            Fatal("no .copydesk.toml here or above: pass -o FILE to say where to write the index".into())
        })?,
    };
    let opts = load_options(&cfg);
    let loaded = load_cached(&roots, opts, &file)?;
    let kb = &loaded.kb;
    let bytes = if loaded.dirty {
        cache::save(&file, opts, &loaded.manifest, kb).map_err(Fatal)?
    } else {
        std::fs::metadata(&file.path).map(|m| m.len()).unwrap_or(0)
    };
    let how = match loaded.state {
        CacheState::Hit => "up to date",
        CacheState::Updated => "updated",
        _ => "built",
    };
    eprintln!(
        "copydesk: index {} {how}: {} files, {} people, {} events, {} quotes, {} bytes, {} ms",
        file.path.display(),
        kb.sources.len(),
        kb.people.len(),
        kb.events.list.len(),
        kb.quotes.len(),
        bytes,
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

fn print_rules() -> Result<ExitCode, Fatal> {
    let mut out = String::new();
    for r in copydesk::checks::RULES {
        out.push_str(&format!(
            "{:<18} {:<8} {}\n{:<27} e.g. {}\n",
            r.rule.code(),
            r.default_severity.as_str(),
            r.summary,
            "",
            r.example
        ));
    }
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
