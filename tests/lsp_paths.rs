//! More of the language server end to end: date and quotation cards and
//! navigation, completion, "Always allow" on a missing or commented config,
//! fix-all on one line, UTF-8 positions, watched-file deletion, other
//! languages, and closing a document.

mod common;

use common::{apply_edits, file_uri, pos, workspace, TestClient};
use serde_json::{json, Value};

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos(line, character)})
}

/// A source with a dated vote and a quotation, added to the fixture corpus.
const PIER: &str = "The harbor board approved the pier repairs on April 9, 2024, after a public hearing.\n\n\
    Harbor Master Ivo Quint spoke after the vote.\n\n\
    \u{201C}The pier will reopen in June once the pilings are replaced,\u{201D} Quint said.\n";

fn refs_at(uri: &str, line: u32, character: u32) -> Value {
    let mut p = at(uri, line, character);
    p["context"] = json!({"includeDeclaration": true});
    p
}

fn card(hover: &Value) -> String {
    hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("no hover: {hover}")).to_string()
}

#[tokio::test]
async fn dates_and_quotations_have_cards_definitions_and_references() {
    let (_dir, root) = workspace();
    std::fs::write(root.join("sources/pier.md"), PIER).unwrap();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let uri = file_uri(&root.join("pier-draft.md"));
    let text = "The harbor board approved the pier repairs on April 12, 2024.\n\n\
        \u{201C}The pier will reopen in July once the pilings are replaced,\u{201D} Quint said.\n\n\
        \u{201C}The pier will reopen in June once the pilings are replaced,\u{201D} Quint said again.\n";
    c.open(&uri, text).await;
    let diags = c.diagnostics_for(&uri, 1).await;
    let rules: Vec<&str> =
        diags["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(rules, ["date-mismatch", "misquote"], "{diags}");
    let pier = file_uri(&root.join("sources/pier.md"));

    // A wrong date: the problem and fix first, then the event and its sourced date.
    let date = card(&c.request("textDocument/hover", at(&uri, 0, 48)).await);
    assert!(date.starts_with("**date-mismatch** (warning): The sources date this to April 9, 2024"), "{date}");
    assert!(date.contains("**Fix:** replace `April 12, 2024` with `April 9, 2024`"), "{date}");
    assert!(date.contains("### April 12, 2024"), "{date}");
    assert!(date.contains("The sources date this event to April 9, 2024, not April 12, 2024."), "{date}");
    assert!(date.contains("pier.md#L1)"), "{date}");
    let def = c.request("textDocument/definition", at(&uri, 0, 48)).await;
    assert_eq!(def["result"]["uri"], pier.as_str());
    assert_eq!(def["result"]["range"], json!({"start": pos(0, 46), "end": pos(0, 59)}));
    let refs = c.request("textDocument/references", refs_at(&uri, 0, 48)).await;
    assert_eq!(refs["result"].as_array().unwrap().len(), 1, "{refs}");

    // A changed word: the misquote, then the sourced speaker, excerpt and word diff.
    let quote = card(&c.request("textDocument/hover", at(&uri, 2, 10)).await);
    assert!(quote.starts_with("**misquote** (warning)"), "{quote}");
    assert!(quote.contains("### Quotation differs from the source"), "{quote}");
    assert!(quote.contains("Sourced speaker: Ivo Quint"), "{quote}");
    assert!(quote.contains("Diff: The pier will reopen in ~~July~~ **June** once the pilings are replaced"), "{quote}");
    assert!(quote.contains("pier.md#L5)"), "{quote}");
    let def = c.request("textDocument/definition", at(&uri, 2, 10)).await;
    assert_eq!(def["result"]["uri"], pier.as_str());
    assert_eq!(def["result"]["range"]["start"], pos(4, 1), "{def}");

    // The right words: verified, on any mention, with no diagnostic.
    let verified = card(&c.request("textDocument/hover", at(&uri, 4, 10)).await);
    assert!(verified.starts_with("### Quotation verified"), "{verified}");
    assert!(!verified.contains("Diff:"), "{verified}");
    let refs = c.request("textDocument/references", refs_at(&uri, 4, 10)).await;
    assert_eq!(refs["result"][0]["uri"], pier.as_str());
}

#[tokio::test]
async fn completion_offers_corpus_names_with_titles() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let uri = file_uri(&root.join("new.md"));
    c.open(&uri, "We met Chief \nThen Re\nthe fire was o\n").await;
    c.diagnostics_for(&uri, 1).await;
    let after_title = c.request("textDocument/completion", at(&uri, 0, 13)).await;
    let items = after_title["result"]["items"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    // Chiefs first (Okafor in two sources, Reyes in one), then the mayor.
    assert_eq!(labels, ["Dana Okafor", "Tomas Reyes", "Lena Brandt"], "{after_title}");
    assert_eq!(items[0]["detail"], "Fire Chief");
    assert_eq!(items[0]["documentation"], "Named in 2 sources");
    let prefix = c.request("textDocument/completion", at(&uri, 1, 7)).await;
    let items = prefix["result"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{prefix}");
    assert_eq!(items[0]["label"], "Tomas Reyes");
    assert_eq!(items[0]["filterText"], "Reyes");
    // The typed prefix is replaced by the whole name.
    assert_eq!(
        items[0]["textEdit"],
        json!({"range": {"start": pos(1, 5), "end": pos(1, 7)}, "newText": "Tomas Reyes"})
    );
    let lower = c.request("textDocument/completion", at(&uri, 2, 14)).await;
    assert_eq!(lower["result"], Value::Null, "{lower}");
}

fn allow_action(actions: &Value) -> Value {
    actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Always allow"))
        .cloned()
        .unwrap_or_else(|| panic!("no allow action: {actions}"))
}

async fn actions_for_first(c: &mut TestClient, uri: &str, diags: &Value) -> Value {
    let first = diags["diagnostics"][0].clone();
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": first["range"], "context": {"diagnostics": [first]}}),
    )
    .await
}

#[tokio::test]
async fn always_allow_creates_the_config_when_there_is_none() {
    let (_dir, root) = workspace();
    std::fs::remove_file(root.join(".copydesk.toml")).unwrap();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0, "corpus": ["sources"]}})).await;
    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, "Chief Dana Okafro praised the crews.\n").await;
    let diags = c.diagnostics_for(&uri, 1).await;
    let action = allow_action(&actions_for_first(&mut c, &uri, &diags).await);
    let config_uri = file_uri(&root.join(".copydesk.toml"));
    let ops = action["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops.len(), 2, "{action}");
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], config_uri.as_str());
    assert_eq!(ops[0]["options"]["ignoreIfExists"], true);
    assert_eq!(ops[1]["textDocument"]["uri"], config_uri.as_str());
    let created = apply_edits("", ops[1]["edits"].as_array().unwrap());
    let parsed: toml::Table = toml::from_str(&created).unwrap();
    assert_eq!(parsed["allow"], toml::Value::Array(vec!["Okafro".into()]));
}

#[tokio::test]
async fn always_allow_adds_to_an_existing_list_and_keeps_comments() {
    let (_dir, root) = workspace();
    let config = "# Shared by the desk.\ncorpus = [\"sources\"]  # trusted only\n\
        allow = [\n  \"Zed\",  # a nickname\n]\n\n[rules]\nrole-mismatch = \"info\"\n";
    std::fs::write(root.join(".copydesk.toml"), config).unwrap();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, "Chief Dana Okafro praised the crews.\n").await;
    let diags = c.diagnostics_for(&uri, 1).await;
    let action = allow_action(&actions_for_first(&mut c, &uri, &diags).await);
    let ops = action["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "the file exists: no create: {action}");
    let edited = apply_edits(config, ops[0]["edits"].as_array().unwrap());
    for kept in ["# Shared by the desk.", "# trusted only", "# a nickname", "[rules]", "role-mismatch = \"info\""] {
        assert!(edited.contains(kept), "{kept} lost: {edited}");
    }
    let parsed: toml::Table = toml::from_str(&edited).unwrap_or_else(|e| panic!("{e}: {edited}"));
    assert_eq!(parsed["allow"], toml::Value::Array(vec!["Zed".into(), "Okafro".into()]));
    assert_eq!(parsed["rules"]["role-mismatch"].as_str(), Some("info"));

    // Written to disk, the allow list silences the finding once the config change is seen.
    std::fs::write(root.join(".copydesk.toml"), &edited).unwrap();
    let changes = json!({"changes": [{"uri": file_uri(&root.join(".copydesk.toml")), "type": 2}]});
    c.notify("workspace/didChangeWatchedFiles", changes).await;
    c.wait_for("textDocument/publishDiagnostics", |p| p["diagnostics"] == json!([])).await;
}

#[tokio::test]
async fn fix_all_applies_several_fixes_on_one_line() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let uri = file_uri(&root.join("draft.md"));
    let text = "Chief Dana Okafro and Tomas Reyez praised the crews.\n";
    c.open(&uri, text).await;
    let diags = c.diagnostics_for(&uri, 1).await;
    assert_eq!(diags["diagnostics"].as_array().unwrap().len(), 2, "{diags}");
    let whole_line = json!({"start": pos(0, 0), "end": pos(0, 52)});
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": whole_line,
                   "context": {"diagnostics": [], "only": ["source.fixAll.copydesk"]}}),
        )
        .await;
    let actions = actions["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.copydesk");
    let edits = actions[0]["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(edits.len(), 2);
    assert_eq!(apply_edits(text, edits), "Chief Dana Okafor and Tomas Reyes praised the crews.\n");
}

#[tokio::test]
async fn utf8_positions_when_the_client_offers_them() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    let caps = json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}});
    let init = c.initialize_with(&root, json!({"copydesk": {"debounceMs": 0}}), caps).await;
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    let uri = file_uri(&root.join("note.md"));
    // "🚒 " is 5 bytes, "Ünsere " 8: "Okafro" starts at byte 24.
    c.open(&uri, "🚒 Ünsere Chief Dana Okafro praised the crews.\n").await;
    let diags = c.diagnostics_for(&uri, 1).await;
    assert_eq!(diags["diagnostics"][0]["range"], json!({"start": pos(0, 24), "end": pos(0, 30)}), "{diags}");
    let fix = &diags["diagnostics"][0]["data"];
    assert!(fix.to_string().contains("\"character\":24"), "fixes in UTF-8 too: {fix}");
    let hover = c.request("textDocument/hover", at(&uri, 0, 26)).await;
    assert_eq!(hover["result"]["range"], json!({"start": pos(0, 19), "end": pos(0, 30)}));
    // An incremental edit in UTF-8 columns: "Okafro" → "Okafor".
    let change = json!({"range": {"start": pos(0, 28), "end": pos(0, 30)}, "text": "or"});
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}))
        .await;
    assert_eq!(c.diagnostics_for(&uri, 2).await["diagnostics"], json!([]));
}

#[tokio::test]
async fn deleting_a_corpus_file_rechecks_open_drafts_with_progress() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    c.notifications.retain(|n| n["method"] != "$/progress");
    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, "Tomas Reyez led the night crews.\n").await;
    assert_eq!(c.diagnostics_for(&uri, 1).await["diagnostics"].as_array().unwrap().len(), 1);
    // Reyes is only in station.md: without it the name is unknown, not misspelt.
    let station = root.join("sources/station.md");
    std::fs::remove_file(&station).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&station), "type": 3}]})).await;
    c.wait_for("textDocument/publishDiagnostics", |p| p["diagnostics"] == json!([])).await;
    let progress: Vec<&Value> =
        c.notifications.iter().filter(|n| n["method"] == "$/progress").map(|n| &n["params"]["value"]).collect();
    let kinds: Vec<&str> = progress.iter().map(|v| v["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.first(), Some(&"begin"), "{progress:?}");
    assert_eq!(kinds.last(), Some(&"end"), "{progress:?}");
    assert!(progress.iter().any(|v| v["kind"] == "report" && v["percentage"].is_u64()), "{progress:?}");
    assert_eq!(progress.last().unwrap()["message"], "1 sources, 2 people", "{progress:?}");
}

#[tokio::test]
async fn other_languages_are_ignored_and_closing_clears_diagnostics() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let rust = file_uri(&root.join("main.rs"));
    let doc = json!({"uri": rust, "languageId": "rust", "version": 1, "text": "// Chief Dana Okafro\n"});
    c.notify("textDocument/didOpen", json!({"textDocument": doc})).await;
    let hover = c.request("textDocument/hover", at(&rust, 0, 16)).await;
    assert_eq!(hover["result"], Value::Null, "{hover}");
    let uri = file_uri(&root.join("draft.txt"));
    let doc = json!({"uri": uri, "languageId": "plaintext", "version": 1, "text": "Chief Dana Okafro spoke.\n"});
    c.notify("textDocument/didOpen", json!({"textDocument": doc})).await;
    assert_eq!(c.diagnostics_for(&uri, 1).await["diagnostics"].as_array().unwrap().len(), 1);
    let published_for_rust = c.notifications.iter().any(|n| n["params"]["uri"] == rust.as_str());
    assert!(!published_for_rust, "nothing is published for a Rust file");

    c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
    let cleared = c.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri.as_str()).await;
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    // Closed means forgotten: a hover is no longer answered from the old text.
    let hover = c.request("textDocument/hover", at(&uri, 0, 12)).await;
    assert_eq!(hover["result"], Value::Null, "{hover}");
}
