//! Awkward draft text over LSP: line endings, BOM, tabs, non-BMP characters,
//! right-to-left text, combining marks, a 1 MB line, and a document over the
//! size limit. Diagnostic ranges are asserted exactly (UTF-16 columns).

mod common;

use common::{file_uri, workspace, TestClient};
use serde_json::{json, Value};
use std::time::Instant;

/// (line, start character, end line, end character).
type LspRange = (u64, u64, u64, u64);

/// The range of each name-spelling diagnostic.
fn name_ranges(diags: &Value) -> Vec<LspRange> {
    diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "name-spelling")
        .map(|d| {
            let r = &d["range"];
            let n = |v: &Value| v.as_u64().unwrap();
            (n(&r["start"]["line"]), n(&r["start"]["character"]), n(&r["end"]["line"]), n(&r["end"]["character"]))
        })
        .collect()
}

async fn check(c: &mut TestClient, uri: &str, text: &str) -> Vec<LspRange> {
    c.open(uri, text).await;
    name_ranges(&c.diagnostics_for(uri, 1).await)
}

#[tokio::test]
async fn positions_stay_right_in_awkward_text() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let cases: &[(&str, &str, LspRange)] = &[
        ("crlf", "# Night\r\n\r\nChief Dana Okafro praised the crews.\r\n", (2, 11, 2, 17)),
        ("lone-cr", "# Night\r\rChief Dana Okafro praised the crews.\r", (2, 11, 2, 17)),
        ("bom", "\u{feff}Chief Dana Okafro praised the crews.\n", (0, 12, 0, 18)),
        ("tabs", "Tonight\tChief Dana Okafro\tpraised the crews.\n", (0, 19, 0, 25)),
        // Each fire engine is two UTF-16 units.
        ("emoji", "🚒🚒 Chief Dana Okafro praised the crews.\n", (0, 16, 0, 22)),
        ("rtl", "شكرا. Chief Dana Okafro praised the crews.\n", (0, 17, 0, 23)),
        // "e" + U+0301 is two units.
        ("combining", "The cafe\u{301} crowd cheered. Chief Dana Okafro praised the crews.\n", (0, 36, 0, 42)),
    ];
    for (name, text, expected) in cases {
        let uri = file_uri(&root.join(format!("{name}.md")));
        assert_eq!(check(&mut c, &uri, text).await, [*expected], "{name}: {text:?}");
    }
}

#[tokio::test]
async fn a_one_megabyte_line_without_a_newline_is_checked_with_right_positions() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let filler = "The crews worked on. ".repeat((1 << 20) / 21 + 1);
    let text = format!("{filler}Chief Dana Okafro praised the crews.");
    assert!(text.len() > 1 << 20 && !text.contains('\n'));
    let at = filler.len() as u64 + "Chief Dana ".len() as u64;
    let uri = file_uri(&root.join("long.md"));
    let started = Instant::now();
    assert_eq!(check(&mut c, &uri, &text).await, [(0, at, 0, at + 6)]);
    eprintln!("1 MB line checked in {:?}", started.elapsed());
}

#[tokio::test]
async fn a_document_over_the_limit_gets_one_diagnostic_and_the_server_stays_responsive() {
    let (_dir, root) = workspace();
    let mut c = TestClient::start();
    c.initialize(&root, json!({"copydesk": {"debounceMs": 0}})).await;
    let big = "Chief Dana Okafro praised the crews.\n".repeat((20 << 20) / 37 + 1);
    let uri = file_uri(&root.join("big.md"));
    let started = Instant::now();
    c.open(&uri, &big).await;
    let diags = c.diagnostics_for(&uri, 1).await;
    let elapsed = started.elapsed();
    assert_eq!(
        diags["diagnostics"],
        json!([{
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "severity": 2,
            "source": "copydesk",
            "message": format!(
                "copydesk did not check this document: it is {} bytes, over the 8388608 byte limit \
                 (setting copydesk.maxDocumentBytes, or max_document_bytes in .copydesk.toml)",
                big.len()
            ),
        }])
    );
    eprintln!("20 MB document answered in {elapsed:?}");
    // Requests on it answer at once, and a small draft is still checked.
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 12}}))
        .await;
    assert_eq!(hover["result"], Value::Null, "{hover}");
    let small = file_uri(&root.join("small.md"));
    assert_eq!(check(&mut c, &small, "Chief Dana Okafro praised the crews.\n").await, [(0, 11, 0, 17)]);
    // Raising the limit checks it.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"copydesk": {"maxDocumentBytes": 10}}})).await;
    let small_again = c
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == small.as_str() && p["diagnostics"][0]["code"].is_null()
        })
        .await;
    assert!(small_again["params"]["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("it is 37 bytes, over the 10 byte limit"));
}
