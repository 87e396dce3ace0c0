//! The `copydesk` command: `check`, `facts` (and `serve` for editors).

use clap::{Parser, Subcommand};
use copydesk::config::Config;
use copydesk::corpus::load::{load_corpus, read_document, LoadError, LoadOptions};
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
        Command::Check { corpus, config, format, files, timings } => {
            run_check(&corpus, config.as_deref(), format, &files, timings)
        }
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
    build_kb_timed(corpus, config, &mut Timings::default())
}

/// Wall time of each phase of `check --timings`.
#[derive(Default)]
struct Timings {
    load: std::time::Duration,
    index: std::time::Duration,
    check: std::time::Duration,
    corpus_bytes: u64,
}

fn build_kb_timed(corpus: &[PathBuf], config: &Config, timings: &mut Timings) -> Result<Kb, Fatal> {
    if corpus.is_empty() {
        return Err(Fatal(
            "no corpus: pass --corpus PATH or set `corpus = [\"…\"]` in a .copydesk.toml next to the draft or above it"
                .into(),
        ));
    }
    let opts = LoadOptions { max_file_bytes: config.max_file_bytes.unwrap_or(LoadOptions::default().max_file_bytes) };
    let started = std::time::Instant::now();
    let load = match load_corpus(corpus, opts) {
        Ok(load) => load,
        Err(e) => {
            if let LoadError::NoUsableFiles(_, issues) = &e {
                for issue in issues {
                    eprintln!("copydesk: {issue}");
                }
            }
            return Err(e.into());
        }
    };
    timings.load += started.elapsed();
    timings.corpus_bytes += load.docs.iter().map(|d| d.text.len() as u64).sum::<u64>();
    for issue in &load.issues {
        eprintln!("copydesk: {issue}");
    }
    if let Some(summary) = load.summary() {
        eprintln!("copydesk: {summary}");
    }
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
    for (cfg, members) in groups.into_values() {
        let roots = if corpus.is_empty() { cfg.corpus.clone() } else { corpus.to_vec() };
        let engine = Engine::new(Arc::new(build_kb_timed(&roots, &cfg, &mut timings)?), cfg);
        for i in members {
            let doc = read_draft(&files[i])?;
            let started = std::time::Instant::now();
            let run = engine.check_reporting_failures(&doc);
            timings.check += started.elapsed();
            for failure in &run.failures {
                eprintln!("copydesk: error: {failure}");
            }
            failed_rules += run.failures.len();
            findings[i] = run.findings;
            docs[i] = Some(doc);
        }
    }
    let reports: Vec<FileReport<'_>> =
        docs.iter().zip(&findings).filter_map(|(d, f)| d.as_ref().map(|doc| FileReport { doc, findings: f })).collect();
    let out = report::render(format, &reports);
    std::io::stdout().write_all(out.as_bytes())?;
    if print_timings {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        eprintln!(
            "copydesk: timings: load_ms={:.2} index_ms={:.2} check_ms={:.3} corpus_bytes={}",
            ms(timings.load),
            ms(timings.index),
            ms(timings.check),
            timings.corpus_bytes
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
