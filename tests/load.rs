//! Load: 1,000 rapid incremental edits on a 50 KB draft, interleaved with
//! hovers and code actions, over the in-process transport with real framing.
//! Each hover or code action checks the draft's current version (about a
//! second in a debug build), so by default one comes every 200 edits;
//! `COPYDESK_LOAD_QUERY_EVERY=20 cargo test --test load -- --nocapture` for a
//! denser run.
//! The server's text ends equal to the client's (its diagnostics equal those
//! of a fresh copy of the client's text), the last diagnostics published are
//! for the final version, and live heap growth is measured and bounded.

mod common;

use common::{file_uri, workspace, TestClient};
use serde_json::{json, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

/// Counts live heap bytes, for the memory measurement.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_mb() -> f64 {
    LIVE.load(Ordering::Relaxed) as f64 / (1 << 20) as f64
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// The UTF-16 LSP position of a byte offset (lines end at `\n` here).
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": before[start..].encode_utf16().count()})
}

/// A char boundary near `offset`.
fn boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

const PARAGRAPHS: &[&str] = &[
    "Chief Dana Okafro praised the crews after the night shift. 🚒",
    "Tomas Reyez led them through the night, the station said.",
    "Mayor Lena Brandt thanked the firefighters at the council meeting on Tuesday.",
    "The warehouse on Harbor Road was quiet by morning; café owners reopened.",
];
const INSERTS: &[&str] = &["word ", "Okafor ", "消防 ", "🚒 ", "é", "\n\n", "Reyes said so. "];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_rapid_edits_with_hovers_and_code_actions() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 30}})).await;
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 50 * 1024 {
        text.push_str(PARAGRAPHS[i % PARAGRAPHS.len()]);
        text.push_str("\n\n");
        i += 1;
    }
    let uri = file_uri(&root.join("long.md"));
    c.open(&uri, &text).await;
    c.diagnostics_for(&uri, 1).await;

    let mut rng = Lcg(9);
    let started = Instant::now();
    let mut version = 1;
    let (mut hovers, mut actions) = (0, 0);
    let every: usize = std::env::var("COPYDESK_LOAD_QUERY_EVERY").ok().and_then(|n| n.parse().ok()).unwrap_or(200);
    let mut after_warmup = 0.0;
    for step in 0..1000 {
        let a = boundary(&text, rng.next(text.len() + 1));
        let b = boundary(&text, (a + rng.next(12)).min(text.len()));
        let insert = if rng.next(3) == 0 { "" } else { INSERTS[rng.next(INSERTS.len())] };
        let range = json!({"start": position(&text, a), "end": position(&text, b)});
        text.replace_range(a..b, insert);
        version += 1;
        let change = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": insert}]});
        c.notify("textDocument/didChange", change).await;
        if step % every == 7 {
            let at = boundary(&text, rng.next(text.len()));
            let params = json!({"textDocument": {"uri": uri}, "position": position(&text, at)});
            let reply = c.request("textDocument/hover", params).await;
            assert!(reply.get("error").is_none(), "{reply}");
            hovers += 1;
        }
        if step % (2 * every) == 13 {
            let at = position(&text, boundary(&text, rng.next(text.len())));
            let params = json!({"textDocument": {"uri": uri}, "range": {"start": at, "end": at}, "context": {"diagnostics": []}});
            let reply = c.request("textDocument/codeAction", params).await;
            assert!(reply.get("error").is_none(), "{reply}");
            actions += 1;
        }
        // The client keeps nothing it does not need.
        c.notifications.retain(|n| n["method"] != "textDocument/publishDiagnostics");
        if step == 99 {
            after_warmup = live_mb();
        }
    }
    let last = c.diagnostics_for(&uri, version as i64).await;
    let elapsed = started.elapsed();
    assert_eq!(last["version"], version);
    let after = live_mb();

    // Nothing newer than the final version arrives.
    let probe = c
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}))
        .await;
    assert!(probe.get("error").is_none());
    let stale: Vec<&Value> = c
        .notifications
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri.as_str())
        .collect();
    assert!(stale.iter().all(|n| n["params"]["version"] == version), "{stale:?}");

    // The server's text is the client's: a fresh copy gets the same diagnostics.
    let copy = file_uri(&root.join("copy.md"));
    c.open(&copy, &text).await;
    let fresh = c.diagnostics_for(&copy, 1).await;
    assert_eq!(last["diagnostics"], fresh["diagnostics"]);
    assert!(!fresh["diagnostics"].as_array().unwrap().is_empty());
    eprintln!(
        "load: 1000 edits, {hovers} hovers, {actions} code actions on {} KB in {elapsed:?}; \
         live heap {after_warmup:.1} MB after 100 edits, {after:.1} MB after 1000",
        text.len() / 1024
    );
    assert!(after - after_warmup < 16.0, "heap grew {:.1} MB", after - after_warmup);
}
