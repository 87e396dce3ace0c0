//! A rule that panics is logged by name and skipped; the other rules' findings
//! still arrive, in the CLI and over LSP. The fault is injected with
//! `COPYDESK_PANIC_IN_RULE` (honoured in debug builds), so this file is its own
//! test process.

mod common;

use common::{file_uri, workspace, TestClient};
use copydesk::fault::{INJECTED_PANIC, PANIC_IN_RULE_ENV};
use serde_json::json;
use std::process::Command;

const DRAFT: &str = "# Crews praised\n\nChief Dana Okafro praised the crews.\n";

#[test]
fn cli_logs_the_failed_rule_reports_the_rest_and_exits_2() {
    let (_dir, root) = workspace();
    std::fs::write(root.join("draft.md"), DRAFT).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--corpus", "sources", "--format", "json", "draft.md"])
        .current_dir(&root)
        .env(PANIC_IN_RULE_ENV, "date-mismatch")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "copydesk: error: rule date-mismatch failed on draft.md and was skipped: {INJECTED_PANIC}\n"
        )),
        "{stderr}"
    );
    assert!(stderr.ends_with("copydesk: error: 1 rule run(s) failed; the report above is incomplete\n"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> =
        report["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["name-spelling"]);
}

#[tokio::test]
async fn server_logs_the_failed_rule_and_still_publishes_the_rest() {
    // SAFETY: this test binary has no other thread reading the environment
    // while it is set; the CLI test passes the variable to its child instead.
    unsafe { std::env::set_var(PANIC_IN_RULE_ENV, "date-mismatch") };
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, DRAFT).await;
    let logged = c
        .wait_for("window/logMessage", |p| p["message"].as_str().unwrap_or("").contains("rule date-mismatch failed"))
        .await;
    assert_eq!(logged["params"]["type"], 1, "an error: {logged}");
    let path = root.join("draft.md").display().to_string();
    assert_eq!(
        logged["params"]["message"],
        format!("rule date-mismatch failed on {path} and was skipped: {INJECTED_PANIC}")
    );
    let diags = c.diagnostics_for(&uri, 1).await;
    let codes: Vec<&str> =
        diags["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["name-spelling"]);
    // The server is still serving requests.
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 13}}))
        .await;
    assert!(hover["result"]["contents"]["value"].as_str().unwrap().contains("Okafor"), "{hover}");
}
