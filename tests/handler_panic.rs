//! A request handler that panics is answered with an internal error and the
//! server carries on. The panic is injected with `COPYDESK_PANIC_IN_METHOD`
//! (debug builds), so this file is its own test process.

mod common;

use common::{file_uri, workspace, TestClient};
use copydesk::lsp::catch_panic::PANIC_IN_METHOD_ENV;
use serde_json::json;

#[tokio::test]
async fn a_panicking_handler_gets_an_internal_error_and_the_server_carries_on() {
    // SAFETY: set before the server starts; nothing else in this process reads it concurrently.
    unsafe { std::env::set_var(PANIC_IN_METHOD_ENV, "textDocument/hover") };
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, "Chief Dana Okafro praised the crews.\n").await;
    c.diagnostics_for(&uri, 1).await;
    let position = json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 12}});
    let hover = c.request("textDocument/hover", position.clone()).await;
    assert_eq!(hover["error"]["code"], -32603, "{hover}");
    assert_eq!(
        hover["error"]["message"],
        "copydesk: textDocument/hover failed: injected fault (COPYDESK_PANIC_IN_METHOD)"
    );
    // Other requests and notifications still work.
    let definition = c.request("textDocument/definition", position).await;
    assert!(definition["result"]["uri"].as_str().unwrap().contains("/sources/"), "{definition}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "Chief Dana Okafor spoke.\n"}]}),
    )
    .await;
    assert_eq!(c.diagnostics_for(&uri, 2).await["diagnostics"], json!([]));
}
