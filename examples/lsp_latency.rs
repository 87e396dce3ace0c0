//! Edit → publishDiagnostics latency of a real `copydesk serve` process over
//! stdio (debounce off), with percentiles; also the server's resident memory.
//!
//! cargo run --release --example lsp_latency -- --bin target/release/copydesk
//!     --corpus DIR --draft FILE [--edits N] [--settle-ms MS]
//!
//! Prints one line of `key=value` pairs: index time, p50/p90/p99/max latency
//! in milliseconds, and the server's current and peak resident memory (MB).

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Server {
    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn read(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            let n = self.stdout.read_line(&mut line).unwrap();
            assert!(n > 0, "server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = Some(v.parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.expect("Content-Length header")];
        self.stdout.read_exact(&mut body).unwrap();
        let msg: Value = serde_json::from_slice(&body).unwrap();
        // Answer the server's own requests (progress tokens, registrations).
        if msg.get("method").is_some() && msg.get("id").is_some() {
            self.send(&json!({"jsonrpc": "2.0", "id": msg["id"].clone(), "result": null}));
        }
        msg
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.read();
            if msg.get("method").is_none() && msg["id"] == json!(id) {
                return msg;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let msg = self.read();
            if pred(&msg) {
                return msg;
            }
        }
    }

    fn wait_diagnostics(&mut self, uri: &str, version: i64) -> Value {
        self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
    }

    /// Current and peak resident memory of the server, and the current
    /// split between anonymous memory (the heap) and mapped file pages, in MB.
    fn memory_mb(&self) -> [f64; 4] {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .map_or(f64::NAN, |kb| kb / 1024.0)
        };
        [field("VmRSS:"), field("VmHWM:"), field("RssAnon:"), field("RssFile:")]
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bin = PathBuf::from(arg(&args, "--bin").unwrap_or_else(|| "target/release/copydesk".into()));
    let corpus = std::fs::canonicalize(arg(&args, "--corpus").expect("--corpus DIR")).unwrap();
    let draft_path = std::fs::canonicalize(arg(&args, "--draft").expect("--draft FILE")).unwrap();
    let edits: usize = arg(&args, "--edits").and_then(|v| v.parse().ok()).unwrap_or(200);
    let settle_ms: u64 = arg(&args, "--settle-ms").and_then(|v| v.parse().ok()).unwrap_or(0);
    let text = std::fs::read_to_string(&draft_path).unwrap();
    let root = draft_path.parent().unwrap().to_path_buf();

    let mut child = Command::new(&bin)
        .args(["serve", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start copydesk serve");
    let stdin = child.stdin.take().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut server = Server { child, stdin, stdout, next_id: 0 };
    eprintln!("lsp_latency: server pid {}", server.child.id());

    let started = Instant::now();
    server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri_of(&root),
            "initializationOptions": {"copydesk": {"corpus": [corpus], "debounceMs": 0}},
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        }),
    );
    server.notify("initialized", json!({}));
    server.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"].as_str().unwrap_or("").starts_with("corpus indexed")
    });
    let index_ms = started.elapsed().as_secs_f64() * 1000.0;
    let [_, _, loaded_anon, loaded_file] = server.memory_mb();

    let uri = uri_of(&draft_path);
    let doc = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
    let opened = Instant::now();
    server.notify("textDocument/didOpen", json!({"textDocument": doc}));
    server.wait_diagnostics(&uri, 1);
    let open_ms = opened.elapsed().as_secs_f64() * 1000.0;

    // One-character edits spread over the draft: replace a letter of a line
    // in the middle of a paragraph, then put it back, alternating.
    let lines: Vec<&str> = text.lines().collect();
    let editable: Vec<(u32, u32, char)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let (col, c) = l.char_indices().find(|(_, c)| c.is_ascii_lowercase())?;
            Some((i as u32, l[..col].encode_utf16().count() as u32, c))
        })
        .collect();
    assert!(!editable.is_empty(), "the draft has no editable line");
    let mut samples = Vec::with_capacity(edits);
    let mut version = 1i64;
    for k in 0..edits {
        let (line, col, original) = editable[(k / 2 * 7919) % editable.len()];
        let replacement = if k % 2 == 0 { original.to_ascii_uppercase() } else { original };
        version += 1;
        let change = json!({"range": {"start": {"line": line, "character": col},
            "end": {"line": line, "character": col + 1}}, "text": replacement.to_string()});
        let t = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        server.wait_diagnostics(&uri, version);
        samples.push(t.elapsed());
    }
    // Which edits were slowest (early ones pay for first uses).
    let mut slowest: Vec<(usize, Duration)> = samples.iter().copied().enumerate().collect();
    slowest.sort_by_key(|&(_, d)| std::cmp::Reverse(d));
    let slowest: Vec<String> =
        slowest.iter().take(3).map(|(i, d)| format!("{i}:{:.1}", d.as_secs_f64() * 1000.0)).collect();
    samples.sort();
    // Memory once background work (the index's hash check) has settled.
    std::thread::sleep(Duration::from_millis(settle_ms));
    let [rss, hwm, anon, file] = server.memory_mb();
    println!(
        "index_ms={index_ms:.0} open_ms={open_ms:.1} edits={edits} p50_ms={:.2} p90_ms={:.2} p99_ms={:.2} max_ms={:.2} rss_mb={rss:.0} peak_rss_mb={hwm:.0} loaded_anon_mb={loaded_anon:.0} loaded_file_mb={loaded_file:.0} anon_mb={anon:.0} file_mb={file:.0} slowest={}",
        percentile(&samples, 0.5),
        percentile(&samples, 0.9),
        percentile(&samples, 0.99),
        percentile(&samples, 1.0),
        slowest.join(","),
    );
    let _ = server.request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
    let _ = server.child.wait();
}
