//! A workspace cache whose source texts were damaged on disk after it was
//! written (the texts are outside the index checksum and checked when first
//! read) is dropped by the language server, which indexes the corpus from its
//! files again and publishes what a fresh index gives.
//!
//! A test binary of its own: the damage flag is process-wide, so no other
//! server may run beside this one.

mod common;

use common::{cache_file, file_uri, replace_file, workspace, TestClient};
use serde_json::json;

const DRAFT: &str =
    "# Crews praised\n\nChief Dana Okafro praised the crews.\nTomas Reyez led them through the night.\n";

fn logged(c: &TestClient, needle: &str) -> bool {
    c.notifications.iter().any(|n| {
        n["method"] == "window/logMessage" && n["params"]["message"].as_str().is_some_and(|m| m.contains(needle))
    })
}

#[tokio::test]
async fn a_damaged_source_text_in_the_cache_is_rebuilt_from_the_files() {
    let (_dir, root) = workspace();
    let uri = file_uri(&root.join("draft.md"));
    let options = json!({"copydesk": {"debounceMs": 0}});
    let mut first = TestClient::start();
    first.initialize(&root, options.clone()).await;
    first.open(&uri, DRAFT).await;
    let fresh = first.diagnostics_for(&uri, 1).await;
    assert!(!fresh["diagnostics"].as_array().unwrap().is_empty(), "{fresh}");
    let file = cache_file(&root).await;
    // The first server goes on to read its knowledge base from the cache it
    // wrote: let it finish before damaging the file (the damage flag is
    // process-wide, and its map must not see the file change under it).
    let swapped =
        |p: &serde_json::Value| p["message"].as_str().is_some_and(|m| m.contains("now read from the workspace cache"));
    first.wait_for("window/logMessage", swapped).await;
    drop(first);

    // The sources' texts are the last bytes of the file.
    let texts: usize =
        std::fs::read_dir(root.join("sources")).unwrap().map(|e| e.unwrap().metadata().unwrap().len() as usize).sum();
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() - texts;
    for b in &mut bytes[at..] {
        *b ^= 0x01;
    }
    replace_file(&file, &bytes);

    let mut second = TestClient::start();
    second.initialize(&root, options).await;
    assert!(second.indexed.as_deref().is_some_and(|m| m.ends_with("(cache: hit)")), "{:?}", second.indexed);
    second.open(&uri, DRAFT).await;
    // Evidence read from the damaged texts gives the damage away.
    second.diagnostics_for(&uri, 1).await;
    second.wait_for("window/logMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("damaged"))).await;
    second
        .wait_for("window/logMessage", |p| p["message"].as_str().is_some_and(|m| m.ends_with("(cache: built)")))
        .await;
    // Indexing again re-checks the open draft.
    let repaired = second.diagnostics_for(&uri, 1).await;
    assert_eq!(repaired, fresh);
    assert!(!logged(&second, "damaged (a source text"), "damage reported twice: {:?}", second.notifications);
}
