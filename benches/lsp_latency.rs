//! Edit → publishDiagnostics latency on a ~50 KB draft, debounce off, over the
//! LSP transport (Content-Length framing through an in-process pipe).

#[path = "../tests/common/mod.rs"]
mod common;

use common::{file_uri, workspace, TestClient};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use std::time::{Duration, Instant};

/// About 50 KB of paragraphs naming the fixture corpus's people, some misspelt.
fn big_draft() -> String {
    let paragraphs = [
        "Chief Dana Okafor praised the crews who worked through the night on the east side.",
        "Tomas Reyez led the second shift, and the engines returned to the station by dawn.",
        "Mayor Lena Brandt said the council would review the budget for new equipment next month.",
        "Residents on the street said the smoke was visible from the river for several hours.",
    ];
    let mut out = String::from("# Long report\n\n");
    let mut i = 0;
    while out.len() < 50_000 {
        out.push_str(paragraphs[i % paragraphs.len()]);
        out.push_str(&format!(" Update {i}.\n\n"));
        i += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let (_dir, root) = workspace();
    let text = big_draft();
    let uri = file_uri(&root.join("long.md"));
    // The word "night" in the middle of the draft, toggled to "nicht" and back.
    let line = text.lines().count() as u32 / 2;
    let line_text = text.lines().nth(line as usize).unwrap();
    let col = line_text.find("night").or_else(|| line_text.find("street")).unwrap_or(0) as u32;
    let mut client = rt.block_on(async {
        let mut c = TestClient::start();
        c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
        c.open(&uri, &text).await;
        c.diagnostics_for(&uri, 1).await;
        c
    });
    let mut version = 1i64;
    c.bench_function("edit_to_publish_diagnostics_50kb", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    version += 1;
                    let word = if version % 2 == 0 { "NI" } else { "ni" };
                    let change = json!({"range": {"start": {"line": line, "character": col},
                        "end": {"line": line, "character": col + 2}}, "text": word});
                    let start = Instant::now();
                    client
                        .notify(
                            "textDocument/didChange",
                            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
                        )
                        .await;
                    client.diagnostics_for(&uri, version).await;
                    total += start.elapsed();
                    client.notifications.clear();
                }
                total
            })
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
