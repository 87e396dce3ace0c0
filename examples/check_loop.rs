//! The draft side of a check, in-process and repeated: for profiling and for
//! timings steadier than one `copydesk check --timings` run.
//!
//! cargo run --release --example check_loop -- --corpus DIR --draft FILE
//!     [--iters N] [--mode full|edit|phases]
//!
//! - `full` (default): parse and check the whole draft N times (the CLI path);
//! - `edit`: N one-character edits spread over the draft, each parsed and
//!   re-checked through an `IncrementalChecker` (the language server's path);
//! - `phases`: the median time of each analysis step and each rule.
//!
//! Prints medians and p99 in milliseconds.

use copydesk::checks::{Context, Draft, RULES};
use copydesk::corpus::load::{load_corpus, LoadOptions};
use copydesk::corpus::{Document, Format};
use copydesk::engine::Scope;
use copydesk::incremental::IncrementalChecker;
use copydesk::kb::Kb;
use copydesk::Engine;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{label}: n={} p50_ms={:.3} p90_ms={:.3} p99_ms={:.3} min_ms={:.3}",
        times.len(),
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(0.99)),
        ms(times[0])
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let corpus = PathBuf::from(arg(&args, "--corpus").expect("--corpus DIR"));
    let draft = PathBuf::from(arg(&args, "--draft").expect("--draft FILE"));
    let iters: usize = arg(&args, "--iters").map(|s| s.parse().unwrap()).unwrap_or(200);
    let mode = arg(&args, "--mode").unwrap_or_else(|| "full".into());
    let docs = load_corpus(&[corpus], LoadOptions::default()).unwrap().docs;
    let engine = Arc::new(Engine::new(Arc::new(Kb::from_texts(docs)), Default::default()));
    let text = std::fs::read_to_string(&draft).unwrap();
    let path = draft.display().to_string();
    match mode.as_str() {
        "full" => {
            let mut times = Vec::with_capacity(iters);
            let mut found = 0;
            for _ in 0..iters {
                let started = Instant::now();
                let doc = Document::parse(path.as_str(), text.as_str(), Format::Markdown);
                found = engine.check(&doc).len();
                times.push(started.elapsed());
            }
            summary(&format!("full ({found} findings)"), times);
        }
        "edit" => {
            let mut checker = IncrementalChecker::default();
            checker.check(&engine, &Document::parse(path.as_str(), text.as_str(), Format::Markdown));
            let mut current = text.clone();
            let mut times = Vec::with_capacity(iters);
            let mut rechecked = 0;
            let mut state = 0x2545_f491_4f6c_dd1du64;
            for _ in 0..iters {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let mut at = (state % current.len() as u64) as usize;
                while !current.is_char_boundary(at) {
                    at -= 1;
                }
                // Type a letter, or delete the one typed before.
                if current.len() > text.len() {
                    current = text.clone();
                } else {
                    current.insert(at, 'x');
                }
                let started = Instant::now();
                let doc = Document::parse(path.as_str(), current.as_str(), Format::Markdown);
                rechecked += checker.check(&engine, &doc).rechecked;
                times.push(started.elapsed());
            }
            summary(&format!("edit ({rechecked} paragraphs rechecked)"), times);
        }
        "phases" => {
            let kb = engine.kb();
            let mut steps: Vec<(String, Vec<Duration>)> = Vec::new();
            let time = |steps: &mut Vec<(String, Vec<Duration>)>, i: usize, name: &str, d: Duration| {
                if steps.len() <= i {
                    steps.push((name.to_string(), Vec::new()));
                }
                steps[i].1.push(d);
            };
            let checks: Vec<_> = RULES.iter().map(|r| (r.rule, (r.make)())).collect();
            for _ in 0..iters {
                let t = Instant::now();
                let doc = Document::parse(path.as_str(), text.as_str(), Format::Markdown);
                time(&mut steps, 0, "parse", t.elapsed());
                let t = Instant::now();
                let names = copydesk::extract::extract_names(&doc);
                time(&mut steps, 1, "names", t.elapsed());
                let t = Instant::now();
                let people = kb.people.resolve(&doc, &names, &kb.vocab);
                time(&mut steps, 2, "resolve", t.elapsed());
                let t = Instant::now();
                let _ = copydesk::extract::extract_quotations(&doc, &names, &people);
                time(&mut steps, 3, "quotes", t.elapsed());
                let t = Instant::now();
                let _ = copydesk::extract::titles::extract_roles(&doc, &names);
                time(&mut steps, 4, "roles", t.elapsed());
                let t = Instant::now();
                let _ = copydesk::extract::dates::extract_dates(&doc);
                time(&mut steps, 5, "dates", t.elapsed());
                let t = Instant::now();
                let _ = copydesk::kb::signature::document_keys(&doc, &names, &people);
                time(&mut steps, 6, "keys", t.elapsed());
                let t = Instant::now();
                let draft = Draft::analyze(kb, &doc);
                time(&mut steps, 7, "analyze (all)", t.elapsed());
                let cx = Context { kb, draft: &draft, config: engine.config(), scope: Scope::All };
                for (i, (rule, check)) in checks.iter().enumerate() {
                    let t = Instant::now();
                    let _ = check.run(&cx);
                    time(&mut steps, 8 + i, &format!("rule {rule}"), t.elapsed());
                }
                let t = Instant::now();
                let _ = engine.check(&doc);
                time(&mut steps, 8 + checks.len(), "engine.check (all)", t.elapsed());
            }
            for (name, times) in steps {
                summary(&name, times);
            }
        }
        other => panic!("unknown --mode {other}"),
    }
}
