//! An LSP client for tests: talks to the server in-process over a duplex pipe
//! with real `Content-Length` framing, answers the server's requests, and
//! keeps the notifications it receives.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf,
};

pub struct TestClient {
    reader: BufReader<ReadHalf<DuplexStream>>,
    writer: WriteHalf<DuplexStream>,
    next_id: i64,
    pub notifications: VecDeque<Value>,
    /// What the client answers to `workspace/configuration`.
    pub settings: Value,
    /// The "corpus indexed" log message [`initialize`](Self::initialize) waited for.
    pub indexed: Option<String>,
}

const TIMEOUT: Duration = Duration::from_secs(20);

impl TestClient {
    pub fn start() -> TestClient {
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_end);
        let guard = copydesk::lsp::transport::GuardOptions::default();
        tokio::spawn(copydesk::lsp::transport::serve_guarded(server_read, server_write, guard));
        let (read, writer) = tokio::io::split(client_end);
        TestClient {
            reader: BufReader::new(read),
            writer,
            next_id: 0,
            notifications: VecDeque::new(),
            settings: json!({}),
            indexed: None,
        }
    }

    pub async fn send(&mut self, msg: Value) {
        let body = serde_json::to_vec(&msg).unwrap();
        let frame = [format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes(), body].concat();
        self.writer.write_all(&frame).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    async fn read_frame(&mut self) -> Value {
        read_frame(&mut self.reader).await
    }

    /// Read one message; answer it if it is a request from the server.
    async fn pump(&mut self) -> Value {
        let msg = tokio::time::timeout(TIMEOUT, self.read_frame()).await.expect("timed out waiting for the server");
        if msg.get("method").is_some() && msg.get("id").is_some() {
            let result = match msg["method"].as_str().unwrap() {
                "workspace/configuration" => json!([self.settings.clone()]),
                _ => Value::Null,
            };
            self.send(json!({"jsonrpc": "2.0", "id": msg["id"].clone(), "result": result})).await;
            self.notifications.push_back(msg.clone());
        }
        msg
    }

    /// Send a request and return its whole response (`result` or `error`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        loop {
            let msg = self.pump().await;
            if msg.get("method").is_none() && msg["id"] == json!(id) {
                return msg;
            }
            if msg.get("id").is_none() {
                self.notifications.push_back(msg);
            }
        }
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// The first notification (already received or coming) that matches.
    pub async fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.notifications.iter().position(|n| n["method"] == method && pred(&n["params"])) {
            return self.notifications.remove(i).unwrap();
        }
        loop {
            let msg = self.pump().await;
            if msg["method"] == method && msg.get("id").is_none() && pred(&msg["params"]) {
                return msg;
            }
            if msg.get("id").is_none() {
                self.notifications.push_back(msg);
            }
        }
    }

    pub async fn diagnostics_for(&mut self, uri: &str, version: i64) -> Value {
        let uri = uri.to_string();
        self.wait_for("textDocument/publishDiagnostics", move |p| p["uri"] == uri.as_str() && p["version"] == version)
            .await["params"]
            .clone()
    }

    /// initialize + initialized, then wait until the corpus is indexed.
    pub async fn initialize(&mut self, root: &Path, options: Value) -> Value {
        let capabilities = json!({
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": true},
            "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}},
        });
        self.initialize_with(root, options, capabilities).await
    }

    /// [`initialize`](Self::initialize) with the client's own capabilities.
    pub async fn initialize_with(&mut self, root: &Path, options: Value, capabilities: Value) -> Value {
        let root_uri = file_uri(root);
        let init = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root_uri,
                    "workspaceFolders": [{"uri": root_uri, "name": "ws"}],
                    "initializationOptions": options,
                    "capabilities": capabilities,
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        let log = self
            .wait_for("window/logMessage", |p| p["message"].as_str().unwrap_or("").starts_with("corpus indexed"))
            .await;
        self.indexed = log["params"]["message"].as_str().map(String::from);
        init
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        let doc = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": doc})).await;
    }
}

/// One message with `Content-Length` framing from any reader.
pub async fn read_frame<R: AsyncBufRead + Unpin>(reader: &mut R) -> Value {
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.unwrap();
        assert!(!line.is_empty(), "server closed the stream");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = Some(n.parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; length.expect("Content-Length header")];
    reader.read_exact(&mut body).await.unwrap();
    serde_json::from_slice(&body).unwrap()
}

/// An LSP position.
pub fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

/// Run the `copydesk` binary in `cwd`.
pub fn copydesk(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk")).args(args).current_dir(cwd).output().expect("run copydesk")
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A copy of the fixture workspace in a temporary folder, so tests may edit it.
pub fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp");
    copy_dir(&fixtures, &root);
    (dir, root)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Apply LSP text edits (UTF-16 positions) to a text.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let idx = copydesk::text::LineIndex::new(text);
    let enc = copydesk::text::PositionEncoding::Utf16;
    let offset = |p: &Value| {
        let lc = copydesk::text::line_index::LineCol {
            line: p["line"].as_u64().unwrap() as u32,
            col: p["character"].as_u64().unwrap() as u32,
        };
        idx.offset_clamped(text, lc, enc)
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, t);
    }
    out
}

/// Replace a file as copydesk writes its caches (a new file renamed over
/// it), so that a server mapping the old one is not pulled from under.
pub fn replace_file(path: &std::path::Path, bytes: &[u8]) {
    let fresh = path.with_extension("replacing");
    std::fs::write(&fresh, bytes).unwrap();
    std::fs::rename(&fresh, path).unwrap();
}

/// The workspace cache file, once the server's background write has renamed it into place.
pub async fn cache_file(root: &std::path::Path) -> std::path::PathBuf {
    let cache = root.join(".copydesk/cache");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let done = std::fs::read_dir(&cache).into_iter().flatten().map(|e| e.unwrap().path()).find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("index-") && name.ends_with(".bin")
        });
        if let Some(f) = done {
            return f;
        }
        assert!(std::time::Instant::now() < deadline, "no cache written under {}", cache.display());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
