//! The language server end to end, over an in-process pipe with real framing.

mod common;

use common::{apply_edits, cache_file, file_uri, pos, replace_file, workspace, TestClient};
use serde_json::{json, Value};

const DRAFT: &str =
    "# Crews praised\n\nChief Dana Okafro praised the crews.\nTomas Reyez led them through the night.\n";

fn redact(v: &Value, root: &std::path::Path) -> String {
    serde_json::to_string_pretty(v).unwrap().replace(&root.display().to_string(), "[ROOT]")
}

#[tokio::test]
async fn diagnostics_hover_quick_fix_and_definition() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    let init = c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    // Indexing reported progress: begin, report(s), end.
    let kinds: Vec<String> = c
        .notifications
        .iter()
        .filter(|n| n["method"] == "$/progress")
        .map(|n| n["params"]["value"]["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds.first().map(String::as_str), Some("begin"));
    assert_eq!(kinds.last().map(String::as_str), Some("end"));
    assert!(kinds.iter().any(|k| k == "report"));

    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, DRAFT).await;
    let diags = c.diagnostics_for(&uri, 1).await;
    insta::assert_snapshot!("publish_diagnostics", redact(&diags, &root));

    // Hover on the misspelt name leads with the problem and the fix, then the person.
    let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos(2, 13)})).await;
    let card = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(card.starts_with("**name-spelling** (warning): \"Okafro\""), "{card}");
    assert!(card.contains("**Fix:** replace `Okafro` with `Okafor`"), "{card}");
    assert!(card.contains("### Dana Okafor"), "{card}");
    assert!(card.contains("Named in 2 sources."), "{card}");
    assert!(card.contains("station.md#L5)"), "{card}");
    assert_eq!(hover["result"]["range"], json!({"start": pos(2, 6), "end": pos(2, 17)}));

    // Code actions for the first diagnostic: the preferred quick fix fixes the text.
    let first = diags["diagnostics"][0].clone();
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": first["range"], "context": {"diagnostics": [first]}}),
        )
        .await;
    let actions = actions["result"].as_array().unwrap();
    let titles: Vec<&str> = actions.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Replace with 'Okafor'",
            "Ignore on this line",
            "Always allow 'Okafro'",
            "Fix all copydesk issues in this document"
        ]
    );
    assert_eq!(actions[0]["isPreferred"], true);
    let fixed = apply_edits(DRAFT, actions[0]["edit"]["changes"][&uri].as_array().unwrap());
    assert_eq!(fixed, DRAFT.replace("Okafro", "Okafor"));
    let ignored = apply_edits(DRAFT, actions[1]["edit"]["changes"][&uri].as_array().unwrap());
    assert!(ignored.contains("<!-- copydesk-disable-next-line -->\nChief Dana Okafro"));
    let all = apply_edits(DRAFT, actions[3]["edit"]["changes"][&uri].as_array().unwrap());
    assert_eq!(all, DRAFT.replace("Okafro", "Okafor").replace("Reyez", "Reyes"));
    let allow = &actions[2]["edit"]["documentChanges"];
    // The fixture has a .copydesk.toml, so it is edited in place.
    assert_eq!(allow[0]["edits"][0]["newText"], "allow = [\"Okafro\"]\n", "{allow}");

    // Definition: where the sources introduce the person.
    let def = c.request("textDocument/definition", json!({"textDocument": {"uri": uri}, "position": pos(2, 8)})).await;
    assert_eq!(def["result"]["uri"], file_uri(&root.join("sources/council.md")));
    assert_eq!(def["result"]["range"], json!({"start": pos(0, 32), "end": pos(0, 43)}));
    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": pos(3, 2), "context": {"includeDeclaration": true}}),
        )
        .await;
    assert_eq!(refs["result"].as_array().unwrap().len(), 2);

    let shutdown = c.request("shutdown", Value::Null).await;
    assert_eq!(shutdown["result"], Value::Null);
    c.notify("exit", Value::Null).await;
}

#[tokio::test]
async fn incremental_change_with_multibyte_text_updates_diagnostics() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let uri = file_uri(&root.join("note.md"));
    c.open(&uri, "🚒 Chief Dana Okafor praised the crews.\n").await;
    assert_eq!(c.diagnostics_for(&uri, 1).await["diagnostics"], json!([]));
    // "🚒" is two UTF-16 units: "Okafor" starts at column 14.
    let change = json!({"range": {"start": pos(0, 18), "end": pos(0, 20)}, "text": "ro"});
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}))
        .await;
    let diags = c.diagnostics_for(&uri, 2).await;
    assert_eq!(diags["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(diags["diagnostics"][0]["range"], json!({"start": pos(0, 14), "end": pos(0, 20)}));
    assert_eq!(diags["diagnostics"][0]["message"], "\"Okafro\" — did you mean \"Okafor\" (Dana Okafor)?");
}

#[tokio::test]
async fn watched_corpus_change_rechecks_open_drafts() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let registered = c.notifications.iter().any(|n| n["method"] == "client/registerCapability");
    assert!(registered, "watchers are registered dynamically");
    let uri = file_uri(&root.join("draft2.md"));
    c.open(&uri, "Harbor Master Ivo Quinn closed the port.\n").await;
    assert_eq!(c.diagnostics_for(&uri, 1).await["diagnostics"], json!([]));
    cache_file(&root).await;
    let new_source = root.join("sources/port.md");
    std::fs::write(&new_source, "Harbor Master Ivo Quint closed the port at noon. Quint said the storm was close.\n")
        .unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&new_source), "type": 1}]})).await;
    let diags = c
        .wait_for("textDocument/publishDiagnostics", |p| p["diagnostics"].as_array().is_some_and(|d| !d.is_empty()))
        .await;
    assert_eq!(diags["params"]["diagnostics"][0]["message"], "\"Quinn\" — did you mean \"Quint\" (Ivo Quint)?");
    // Only the new file was extracted: the rest came from the workspace cache.
    let indexed = |p: &Value| p["message"].as_str().is_some_and(|m| m.starts_with("corpus indexed: 3 sources"));
    let updated = c.wait_for("window/logMessage", indexed).await;
    assert!(updated["params"]["message"].as_str().unwrap().ends_with("(cache: updated)"), "{updated}");
}

#[tokio::test]
async fn configuration_change_applies_without_restart() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, DRAFT).await;
    assert_eq!(c.diagnostics_for(&uri, 1).await["diagnostics"][0]["severity"], 2);
    let settings = json!({"copydesk": {"debounceMs": 0, "rules": {"name-spelling": "error"}}});
    c.notify("workspace/didChangeConfiguration", json!({"settings": settings})).await;
    let diags = c.wait_for("textDocument/publishDiagnostics", |p| p["diagnostics"][0]["severity"] == 1).await;
    assert_eq!(diags["params"]["diagnostics"].as_array().unwrap().len(), 2);
    // Pulled settings (no inline value) turn the rule off.
    c.settings = json!({"debounceMs": 0, "rules": {"name-spelling": "off"}});
    c.notify("workspace/didChangeConfiguration", json!({"settings": null})).await;
    c.wait_for("textDocument/publishDiagnostics", |p| p["diagnostics"] == json!([])).await;
}

#[tokio::test]
async fn protocol_errors_are_answered_and_the_server_carries_on() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    let early =
        c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///x.md"}, "position": pos(0, 0)})).await;
    assert_eq!(early["error"]["code"], -32002, "{early}");
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let unknown = c.request("copydesk/nonsense", json!({})).await;
    assert_eq!(unknown["error"]["code"], -32601);
    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, DRAFT).await;
    c.diagnostics_for(&uri, 1).await;
    let far = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos(99, 0)})).await;
    assert_eq!(far["error"]["code"], -32602, "{far}");
    let ghost = file_uri(&root.join("ghost.md"));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": ghost, "version": 2}, "contentChanges": [{"text": "x"}]}),
    )
    .await;
    c.wait_for("window/logMessage", |p| p["message"].as_str().unwrap().contains("not open")).await;
    // A language copydesk does not check is ignored.
    let rust =
        json!({"uri": file_uri(&root.join("main.rs")), "languageId": "rust", "version": 1, "text": "fn main() {}"});
    c.notify("textDocument/didOpen", json!({"textDocument": rust})).await;
    let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos(2, 13)})).await;
    assert!(hover["result"]["contents"]["value"].as_str().unwrap().contains("Okafor"));
}

#[tokio::test]
async fn status_reindex_command_and_skipped_corpus_files() {
    let (_dir, root) = workspace();
    // A binary file in the corpus is skipped, and said so once.
    std::fs::write(root.join("sources/scan.md"), b"\x89PNG\0\0\0binary").unwrap();
    let mut c = TestClient::start();
    let init = c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let commands = &init["result"]["capabilities"]["executeCommandProvider"]["commands"];
    assert_eq!(commands, &json!(["copydesk.server.reindex"]));
    let indexing = c.wait_for("copydesk/status", |p| p["indexing"] == true).await;
    assert!(indexing["params"]["total"].as_u64().unwrap() >= 2, "{indexing}");
    let ready = c.wait_for("copydesk/status", |p| p["indexing"] == false).await;
    assert_eq!(ready["params"]["sources"], 2, "{ready}");
    assert!(ready["params"]["people"].as_u64().unwrap() >= 3, "{ready}");
    let shown = c.wait_for("window/showMessage", |_| true).await;
    assert_eq!(
        shown["params"]["message"],
        "copydesk: 1 corpus file skipped, 0 corpus files read with warnings (the copydesk log names each file and reason)"
    );
    let logged = c.wait_for("window/logMessage", |p| p["message"].as_str().unwrap_or("").contains("scan.md")).await;
    assert!(logged["params"]["message"].as_str().unwrap().contains("binary file"), "{logged}");

    // A new source appears without a file event; re-indexing picks it up.
    std::fs::write(root.join("sources/port.md"), "Harbor Master Ivo Quint closed the port. Quint said so.\n").unwrap();
    let reply = c.request("workspace/executeCommand", json!({"command": "copydesk.server.reindex"})).await;
    assert_eq!(reply["result"], Value::Null, "{reply}");
    let ready = c.wait_for("copydesk/status", |p| p["indexing"] == false && p["sources"] == 3).await;
    assert_eq!(ready["params"]["sources"], 3);
    let unknown = c.request("workspace/executeCommand", json!({"command": "copydesk.nope"})).await;
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
}

#[tokio::test]
async fn the_server_writes_the_workspace_cache_and_starts_from_it() {
    let (_dir, root) = workspace();
    let uri = file_uri(&root.join("draft.md"));
    let mut first = TestClient::start();
    first.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    first.open(&uri, DRAFT).await;
    let fresh = first.diagnostics_for(&uri, 1).await;
    // Written after indexing, off the request path.
    cache_file(&root).await;
    assert!(root.join(".copydesk/.gitignore").is_file());

    let mut second = TestClient::start();
    second.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    assert!(first.indexed.as_deref().is_some_and(|m| m.ends_with("(cache: built)")), "{:?}", first.indexed);
    assert!(second.indexed.as_deref().is_some_and(|m| m.ends_with("(cache: hit)")), "{:?}", second.indexed);
    second.open(&uri, DRAFT).await;
    assert_eq!(second.diagnostics_for(&uri, 1).await, fresh);
}

#[tokio::test]
async fn after_writing_the_cache_the_server_reads_from_it_and_says_the_same() {
    let (_dir, root) = workspace();
    let uri = file_uri(&root.join("draft.md"));
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    c.open(&uri, DRAFT).await;
    let built = c.diagnostics_for(&uri, 1).await;
    assert!(!built["diagnostics"].as_array().unwrap().is_empty());
    // The knowledge base it built gives way to the cache it wrote.
    let swapped = |p: &Value| p["message"].as_str().is_some_and(|m| m.contains("now read from the workspace cache"));
    c.wait_for("window/logMessage", swapped).await;
    let change = json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": DRAFT}]});
    c.notify("textDocument/didChange", change).await;
    assert_eq!(c.diagnostics_for(&uri, 2).await["diagnostics"], built["diagnostics"]);
    let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos(2, 13)})).await;
    assert!(hover["result"]["contents"]["value"].as_str().is_some_and(|v| v.contains("Okafor")), "{hover}");
}

#[tokio::test]
async fn shutdown_waits_for_the_workspace_cache_write() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({})).await;
    let reply = c.request("shutdown", Value::Null).await;
    assert_eq!(reply["result"], Value::Null, "{reply}");
    let written = std::fs::read_dir(root.join(".copydesk/cache")).into_iter().flatten().any(|e| {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        name.starts_with("index-") && name.ends_with(".bin")
    });
    assert!(written, "shutdown answered before the cache was written");
}

#[tokio::test]
async fn the_server_rebuilds_a_damaged_cache_and_says_so() {
    let (_dir, root) = workspace();
    let mut first = TestClient::start();
    first.initialize(&root, json!({})).await;
    let file = cache_file(&root).await;
    replace_file(&file, b"garbage");
    let mut second = TestClient::start();
    second.initialize(&root, json!({})).await;
    assert!(second.indexed.as_deref().is_some_and(|m| m.ends_with("(cache: built)")), "{:?}", second.indexed);
    let warned = second.notifications.iter().any(|n| {
        n["method"] == "window/logMessage"
            && n["params"]["message"].as_str().is_some_and(|m| m.contains("unreadable") && m.contains("rebuilding"))
    });
    assert!(warned, "{:?}", second.notifications);
}
