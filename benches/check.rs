//! In-process cost of checking drafts against a corpus: parsing the draft,
//! running every rule, and building the knowledge base.
//!
//! The corpus is the seed corpus in ../shared when present, else the bundled
//! example; the draft is the bundled example draft repeated to ~50 KB.

use copydesk::config::Config;
use copydesk::corpus::load::{load_corpus, LoadOptions};
use copydesk::corpus::{Document, Format};
use copydesk::kb::Kb;
use copydesk::Engine;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn corpus_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("../shared/corpus/seeds");
    if seeds.is_dir() {
        seeds
    } else {
        root.join("examples/corpus")
    }
}

fn draft_of_size(bytes: usize) -> String {
    let unit = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/draft.md")).unwrap();
    let body = unit.split("\n---\n").nth(1).unwrap_or(&unit);
    let mut out = String::with_capacity(bytes + body.len());
    while out.len() < bytes {
        out.push_str(body);
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let docs = load_corpus(&[corpus_root()], LoadOptions::default()).unwrap().docs;
    let mut group = c.benchmark_group("check");
    group.bench_function("kb_build", |b| b.iter(|| Kb::from_texts(docs.clone())));
    let engine = Engine::new(Arc::new(Kb::from_texts(docs.clone())), Config::default());
    for size in [5_000, 50_000] {
        let text = draft_of_size(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("draft_{}kb", size / 1000), |b| {
            b.iter(|| {
                let doc = Document::parse("draft.md", text.as_str(), Format::Markdown);
                engine.check(&doc)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
