//! Hostile protocol input over LSP: requests before `initialize`, invalid
//! params, changes outside the document or going back in version. Each is
//! answered or logged, the server keeps serving, and the document text stays
//! what the client has.

mod common;

use common::{file_uri, workspace, TestClient};
use serde_json::{json, Value};

const DRAFT: &str =
    "# Crews praised\n\nChief Dana Okafro praised the crews.\nTomas Reyez led them through the night.\n";

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

fn change(uri: &str, version: i32, changes: Value) -> Value {
    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes})
}

/// (code, line, start character, end character) of each diagnostic.
fn ranges(diags: &Value) -> Vec<(String, u64, u64, u64)> {
    diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap().to_string(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn d(code: &str, line: u64, a: u64, b: u64) -> (String, u64, u64, u64) {
    (code.to_string(), line, a, b)
}

#[tokio::test]
async fn requests_and_notifications_before_initialize_are_refused_and_harmless() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    let uri = file_uri(&root.join("draft.md"));
    let early = c.request("shutdown", Value::Null).await;
    assert_eq!(early["error"]["code"], -32002, "{early}");
    // A notification before initialize is dropped, not half-applied.
    c.open(&uri, "Tomas Reyez spoke.").await;
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 7}}))
        .await;
    assert_eq!(hover["result"], Value::Null, "the early didOpen left no document: {hover}");
    let again = c.request("initialize", json!({"capabilities": {}})).await;
    assert_eq!(again["error"]["code"], -32600, "a second initialize is refused: {again}");
}

#[tokio::test]
async fn invalid_params_get_an_error_or_a_log_and_the_server_carries_on() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let bad = c.request("textDocument/hover", json!({"textDocument": 5})).await;
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let uri = file_uri(&root.join("draft.md"));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri}})).await;
    let logged = c.wait_for("window/logMessage", |p| p["message"].as_str().unwrap_or("").contains("didOpen")).await;
    assert_eq!(
        logged["params"]["message"],
        "copydesk: textDocument/didOpen ignored: invalid params (missing field `languageId`)"
    );
    c.open(&uri, DRAFT).await;
    let diags = c.diagnostics_for(&uri, 1).await;
    assert_eq!(ranges(&diags), [d("name-spelling", 2, 11, 17), d("name-spelling", 3, 6, 11)]);
}

#[tokio::test]
async fn bad_changes_are_rejected_whole_and_the_text_stays_the_clients() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, DRAFT).await;
    c.diagnostics_for(&uri, 1).await;

    // A valid edit then one past the end, in one notification: neither applies.
    let changes = json!([{"range": range(0, 0, 0, 0), "text": "XX"}, {"range": range(40, 0, 40, 1), "text": "y"}]);
    c.notify("textDocument/didChange", change(&uri, 2, changes)).await;
    let logged = c.wait_for("window/logMessage", |p| p["message"].as_str().unwrap_or("").contains("outside")).await;
    assert_eq!(
        logged["params"]["message"],
        format!("{uri}: change range starts outside the document at 40:0; change ignored")
    );
    // A range that ends before it starts.
    c.notify("textDocument/didChange", change(&uri, 2, json!([{"range": range(2, 5, 2, 1), "text": "z"}]))).await;
    let logged =
        c.wait_for("window/logMessage", |p| p["message"].as_str().unwrap_or("").contains("before it starts")).await;
    assert_eq!(
        logged["params"]["message"],
        format!("{uri}: change range ends (2:1) before it starts (2:5); change ignored")
    );

    // The text is still the client's: fixing "Okafro" leaves exactly "Reyez", where it was.
    c.notify("textDocument/didChange", change(&uri, 3, json!([{"range": range(2, 11, 2, 17), "text": "Okafor"}])))
        .await;
    let diags = c.diagnostics_for(&uri, 3).await;
    assert_eq!(ranges(&diags), [d("name-spelling", 3, 6, 11)]);

    // A version going backwards is ignored and said so.
    c.notify("textDocument/didChange", change(&uri, 2, json!([{"range": range(3, 6, 3, 11), "text": "Reyes"}]))).await;
    let logged = c
        .wait_for("window/logMessage", |p| p["message"].as_str().unwrap_or("").contains("ignored: document is at"))
        .await;
    assert_eq!(logged["params"]["message"], format!("{uri}: change for version 2 ignored: document is at 3"));
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 8}}))
        .await;
    assert!(hover["result"]["contents"]["value"].as_str().unwrap().contains("Reyes"), "{hover}");
    // Still "Reyez" in the draft: the next real change sees it.
    c.notify("textDocument/didChange", change(&uri, 4, json!([{"range": range(0, 0, 0, 0), "text": ""}]))).await;
    assert_eq!(ranges(&c.diagnostics_for(&uri, 4).await), [d("name-spelling", 3, 6, 11)]);
}

#[tokio::test]
async fn the_server_honours_the_configured_corpus_file_limit_and_says_so_once() {
    let (_dir, root) = workspace();
    std::fs::write(root.join(".copydesk.toml"), "corpus = [\"sources\"]\nmax_file_bytes = 300\n").unwrap();
    std::fs::write(root.join("sources/archive.md"), "Harbor Master Ivo Quint closed the port. ".repeat(10)).unwrap();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let path = root.join("sources/archive.md");
    let logged = c.wait_for("window/logMessage", |p| p["message"].as_str().unwrap_or("").contains("archive.md")).await;
    assert_eq!(
        logged["params"]["message"],
        format!("skipped: {}: 410 bytes is over the 300 byte limit", path.display())
    );
    let shown: Vec<Value> = c.notifications.iter().filter(|n| n["method"] == "window/showMessage").cloned().collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(
        shown[0]["params"]["message"],
        "copydesk: 1 corpus file skipped, 0 corpus files read with warnings (the copydesk log names each file and reason)"
    );
    // The other sources still work.
    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, DRAFT).await;
    assert_eq!(
        ranges(&c.diagnostics_for(&uri, 1).await),
        [d("name-spelling", 2, 11, 17), d("name-spelling", 3, 6, 11)]
    );
}
