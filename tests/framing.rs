//! The framing guard: malformed frames are answered or skipped and the server
//! keeps serving, both in-process and through the real `copydesk serve`.

mod common;

use common::read_frame;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

fn frame(body: &[u8]) -> Vec<u8> {
    [format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat()
}

fn request(id: i64, method: &str, params: Value) -> Vec<u8> {
    frame(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string().as_bytes())
}

fn initialize(id: i64) -> Vec<u8> {
    request(id, "initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}))
}

/// Messages up to and including the response with `id`.
async fn until_response<R: AsyncBufRead + Unpin>(reader: &mut R, id: Value) -> Vec<Value> {
    let mut seen = Vec::new();
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(20), read_frame(reader)).await.expect("timed out");
        let done = msg.get("method").is_none() && msg["id"] == id;
        seen.push(msg);
        if done {
            return seen;
        }
    }
}

fn logs(messages: &[Value]) -> Vec<String> {
    messages
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .map(|m| m["params"]["message"].as_str().unwrap().to_string())
        .collect()
}

/// The same hostile session against any transport: each bad frame is
/// answered or logged, and a well-formed request after it is still served.
async fn hostile_session<R: AsyncBufRead + Unpin, W: AsyncWrite + Unpin>(reader: &mut R, writer: &mut W) {
    writer.write_all(&initialize(1)).await.unwrap();
    let init = until_response(reader, json!(1)).await;
    assert_eq!(init.last().unwrap()["result"]["serverInfo"]["name"], "copydesk");

    // Malformed JSON inside a correct frame.
    writer.write_all(&frame(b"{\"jsonrpc\":\"2.0\",\"id\":2,")).await.unwrap();
    let parse_error = until_response(reader, Value::Null).await;
    let reply = parse_error.last().unwrap();
    assert_eq!(reply["error"]["code"], -32700, "{reply}");
    assert_eq!(reply["error"]["message"], "Parse error");
    assert!(logs(&parse_error)[0].starts_with("copydesk: rejected a message: invalid JSON"), "{parse_error:?}");

    // Invalid UTF-8 where serde_json does not look (an unknown field) would
    // stop tower-lsp-server's own decoder; the guard answers it instead.
    writer.write_all(&frame(b"{\"jsonrpc\":\"2.0\",\"junk\":\"\xbc\"}")).await.unwrap();
    let bad_utf8 = until_response(reader, Value::Null).await;
    assert_eq!(bad_utf8.last().unwrap()["error"]["code"], -32700, "{bad_utf8:?}");
    assert_eq!(logs(&bad_utf8), ["copydesk: rejected a message: invalid UTF-8 at byte 25"]);

    // The server is still there.
    writer.write_all(&request(3, "shutdown", Value::Null)).await.unwrap();
    let _ = writer.flush().await;
    let after = until_response(reader, json!(3)).await;
    assert_eq!(after.last().unwrap()["result"], Value::Null, "{after:?}");
}

async fn resync_session<R: AsyncBufRead + Unpin, W: AsyncWrite + Unpin>(reader: &mut R, writer: &mut W) {
    writer.write_all(&initialize(1)).await.unwrap();
    until_response(reader, json!(1)).await;
    // Garbage between frames, then a request: skipped, logged, served.
    let unknown = request(2, "copydesk/nonsense", json!({}));
    writer.write_all(&[b"garbage!\r\n".to_vec(), unknown].concat()).await.unwrap();
    let seen = until_response(reader, json!(2)).await;
    assert_eq!(logs(&seen), ["copydesk: skipped 10 bytes that were not a message header"]);
    assert_eq!(seen.last().unwrap()["error"]["code"], -32601);
    // A Content-Length too large by 5 bytes: the next frame is recovered.
    let body = json!({"jsonrpc": "2.0", "id": 3, "method": "copydesk/nonsense"}).to_string();
    let long = [format!("Content-Length: {}\r\n\r\n", body.len() + 5).into_bytes(), body.into_bytes()].concat();
    writer.write_all(&[long, request(4, "copydesk/other", json!({}))].concat()).await.unwrap();
    let seen = until_response(reader, json!(4)).await;
    assert!(logs(&seen).iter().any(|l| l.contains("ran into the next message; resynchronised")), "{seen:?}");
    assert!(seen.iter().any(|m| m["id"] == 3 && m["error"]["code"] == -32601), "{seen:?}");
    // A Content-Length too large with nothing after it: once the client has
    // gone quiet, the whole message it did send is served.
    let body = json!({"jsonrpc": "2.0", "id": 5, "method": "copydesk/nonsense"}).to_string();
    let long =
        [format!("Content-Length: {}\r\n\r\n", body.len() + 20).into_bytes(), body.clone().into_bytes()].concat();
    writer.write_all(&long).await.unwrap();
    let seen = until_response(reader, json!(5)).await;
    assert_eq!(
        logs(&seen),
        [format!(
            "copydesk: Content-Length was {} but only {} bytes came; took the message as it is",
            body.len() + 20,
            body.len()
        )]
    );
    assert_eq!(seen.last().unwrap()["error"]["code"], -32601);
}

#[tokio::test]
async fn in_process_guard_answers_parse_errors_and_keeps_serving() {
    let (client, server) = tokio::io::duplex(1 << 20);
    let (server_read, server_write) = tokio::io::split(server);
    let opts = copydesk::lsp::transport::GuardOptions::default();
    tokio::spawn(copydesk::lsp::transport::serve_guarded(server_read, server_write, opts));
    let (read, mut write) = tokio::io::split(client);
    let mut reader = BufReader::new(read);
    hostile_session(&mut reader, &mut write).await;
}

#[tokio::test]
async fn in_process_guard_resynchronises_after_garbage_and_wrong_lengths() {
    let (client, server) = tokio::io::duplex(1 << 20);
    let (server_read, server_write) = tokio::io::split(server);
    let opts = copydesk::lsp::transport::GuardOptions::default();
    tokio::spawn(copydesk::lsp::transport::serve_guarded(server_read, server_write, opts));
    let (read, mut write) = tokio::io::split(client);
    let mut reader = BufReader::new(read);
    resync_session(&mut reader, &mut write).await;
}

fn spawn_server() -> tokio::process::Child {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("serve")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start copydesk serve")
}

#[tokio::test]
async fn copydesk_serve_process_survives_malformed_and_misframed_input() {
    let mut child = spawn_server();
    let mut stdin = child.stdin.take().unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    hostile_session(&mut reader, &mut stdin).await;
    // exit ends the process cleanly.
    stdin.write_all(&frame(br#"{"jsonrpc":"2.0","method":"exit"}"#)).await.unwrap();
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait()).await.expect("exit").unwrap();
    assert!(status.success(), "{status}");
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).await.unwrap();
    assert!(stderr.contains("copydesk: rejected a message: invalid JSON"), "{stderr}");

    let mut child = spawn_server();
    let mut stdin = child.stdin.take().unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    resync_session(&mut reader, &mut stdin).await;
    // End of input also ends the server.
    drop(stdin);
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait()).await.expect("exit").unwrap();
    assert!(status.success(), "{status}");
}
