//! A framing guard in front of tower-lsp-server's transport.
//!
//! tower-lsp-server answers a message it cannot decode and then stops
//! reading, which ends the session. Here the client's `Content-Length`
//! frames are read first: a body that is not JSON is answered with
//! `-32700 Parse error`, JSON that is not a JSON-RPC message with
//! `-32600 Invalid Request`, garbage between frames and wrong lengths are
//! skipped up to the next header and logged, and only well-formed messages
//! reach the server, re-framed, over an in-memory pipe.

use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};
use tower_lsp_server::jsonrpc::{Request, Response};

const HEADER: &[u8] = b"content-length:";
const HEADER_END: &[u8] = b"\r\n\r\n";
/// A header block longer than this is not one.
const MAX_HEADER_BYTES: usize = 4096;
const PIPE_BYTES: usize = 1 << 20;

/// Limits of the guard.
#[derive(Clone, Copy, Debug)]
pub struct GuardOptions {
    /// A frame announcing a larger body is skipped (without buffering it).
    pub max_message_bytes: usize,
    /// A body still incomplete after this long without new bytes is taken as
    /// it is: the `Content-Length` was too large and the client is waiting.
    pub stall: Duration,
}

impl Default for GuardOptions {
    fn default() -> Self {
        GuardOptions { max_message_bytes: 256 << 20, stall: Duration::from_secs(1) }
    }
}

/// What the guard made of one frame.
#[derive(Debug, PartialEq)]
enum Verdict {
    Forward(Vec<u8>),
    /// An error response to send back, with the reason to log.
    Reject(Value, String),
}

/// Classify a frame body.
fn judge(body: &[u8]) -> (Verdict, Option<String>) {
    let trimmed = body.trim_ascii();
    // serde_json skips unknown fields without checking their UTF-8, but
    // tower-lsp-server's decoder rejects the whole body (and stops): check here.
    if let Err(e) = std::str::from_utf8(trimmed) {
        let reason = format!("invalid UTF-8 at byte {}", e.valid_up_to());
        return (Verdict::Reject(error_response(Value::Null, -32700, "Parse error"), reason), None);
    }
    if let Ok(request) = serde_json::from_slice::<Request>(trimmed) {
        return (Verdict::Forward(trimmed.to_vec()), notification_problem(&request));
    }
    if serde_json::from_slice::<Response>(trimmed).is_ok() {
        return (Verdict::Forward(trimmed.to_vec()), None);
    }
    (judge_invalid(trimmed), None)
}

fn judge_invalid(trimmed: &[u8]) -> Verdict {
    match serde_json::from_slice::<Value>(trimmed) {
        Ok(value) => {
            let id = value.get("id").filter(|id| id.is_string() || id.is_i64()).cloned().unwrap_or(Value::Null);
            let reason = "a JSON value that is not a JSON-RPC 2.0 message".to_string();
            Verdict::Reject(error_response(id, -32600, "Invalid request"), reason)
        }
        Err(e) => Verdict::Reject(error_response(Value::Null, -32700, "Parse error"), format!("invalid JSON ({e})")),
    }
}

/// Why a notification's params do not fit its method, for the LSP
/// notifications copydesk handles. tower-lsp-server drops such a
/// notification without a word (it has no id to answer), so we say it.
fn notification_problem(request: &Request) -> Option<String> {
    use tower_lsp_server::ls_types::notification::*;
    fn fits<N: Notification>(params: &Value) -> Option<String> {
        N::Params::deserialize(params).err().map(|e| format!("{} ignored: invalid params ({e})", N::METHOD))
    }
    use serde::Deserialize;
    if request.id().is_some() {
        return None;
    }
    let params = request.params().unwrap_or(&Value::Null);
    match request.method() {
        DidOpenTextDocument::METHOD => fits::<DidOpenTextDocument>(params),
        DidChangeTextDocument::METHOD => fits::<DidChangeTextDocument>(params),
        DidCloseTextDocument::METHOD => fits::<DidCloseTextDocument>(params),
        DidSaveTextDocument::METHOD => fits::<DidSaveTextDocument>(params),
        DidChangeConfiguration::METHOD => fits::<DidChangeConfiguration>(params),
        DidChangeWatchedFiles::METHOD => fits::<DidChangeWatchedFiles>(params),
        _ => None,
    }
}

fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn frame(body: &[u8]) -> Vec<u8> {
    [format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// Bytes before a `Content-Length` header that are other headers, not garbage.
fn is_header_prefix(bytes: &[u8]) -> bool {
    bytes.is_empty()
        || bytes.strip_suffix(b"\r\n").is_some_and(|b| {
            b.split(|&c| c == b'\n').all(|line| {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                line.len() >= 13 && line[..13].eq_ignore_ascii_case(b"content-type:")
            })
        })
}

/// The reading half: client bytes in, frames for the server or error
/// responses out. Separate from I/O so it can be tested and fuzzed directly.
#[derive(Default)]
pub struct Deframer {
    buf: Vec<u8>,
    /// Body bytes still to discard from an oversized frame.
    discard: usize,
    /// Garbage skipped since the last frame, logged once when a header
    /// turns up or the input ends (not once per read).
    skipped: usize,
}

/// Whether to wait for the rest of an incomplete frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flush {
    No,
    /// The client sent nothing for a while: take an incomplete body as it is.
    Stalled,
    /// No more input: take or drop whatever is left.
    EndOfInput,
}

/// One thing the deframer found.
#[derive(Debug, PartialEq)]
pub enum Event {
    /// A well-formed message body for the server.
    Message(Vec<u8>),
    /// An error response for the client.
    Reply(Value),
    /// Something to log.
    Log(String),
}

impl Deframer {
    pub fn push(&mut self, bytes: &[u8]) {
        let skip = self.discard.min(bytes.len());
        self.discard -= skip;
        self.buf.extend_from_slice(&bytes[skip..]);
    }

    /// Whether a frame's headers are complete and it awaits its body.
    pub fn awaiting_body(&self) -> bool {
        find(&self.buf, HEADER).is_some_and(|start| find(&self.buf[start..], HEADER_END).is_some())
    }

    /// The next event(s) decodable from the buffered bytes; `false` when more
    /// input is needed.
    pub fn next(&mut self, flush: Flush, opts: &GuardOptions, out: &mut Vec<Event>) -> bool {
        let Some(start) = find(&self.buf, HEADER) else {
            let flush = flush == Flush::EndOfInput;
            // Keep a tail that may be the start of a header.
            let keep = if flush { 0 } else { HEADER.len() - 1 };
            let cut = self.buf.len().saturating_sub(keep);
            self.garbage(cut);
            if flush {
                self.report_garbage(out);
            }
            return false;
        };
        if !is_header_prefix(&self.buf[..start]) {
            self.garbage(start);
            return true;
        }
        self.report_garbage(out);
        let Some(end) = find(&self.buf[start..], HEADER_END).map(|e| start + e) else {
            if self.buf.len() - start > MAX_HEADER_BYTES || flush == Flush::EndOfInput {
                self.garbage(start + HEADER.len());
                return true;
            }
            return false;
        };
        let value = &self.buf[start + HEADER.len()..end];
        let value = value.split(|&c| c == b'\n').next().unwrap_or(value);
        let length = std::str::from_utf8(value).ok().and_then(|v| v.trim().parse::<usize>().ok());
        let body_start = end + HEADER_END.len();
        let Some(length) = length else {
            let shown = String::from_utf8_lossy(value).trim().to_string();
            out.push(Event::Log(format!("invalid Content-Length header {shown:?}; skipped to the next header")));
            self.buf.drain(..body_start);
            return true;
        };
        if length > opts.max_message_bytes {
            out.push(Event::Log(format!(
                "a message of {length} bytes is over the {} byte limit; skipped",
                opts.max_message_bytes
            )));
            out.push(Event::Reply(error_response(Value::Null, -32600, "Invalid request: message too large")));
            let have = self.buf.len() - body_start;
            self.discard = length - have.min(length);
            self.buf.drain(..(body_start + have.min(length)));
            return true;
        }
        if self.buf.len() - body_start < length {
            match flush {
                Flush::No => return false,
                // A slow client is still sending: only a body that is already
                // a whole message means the length was too large.
                Flush::Stalled if !matches!(judge(&self.buf[body_start..]).0, Verdict::Forward(_)) => return false,
                _ => {}
            }
        }
        let available = (self.buf.len() - body_start).min(length);
        let mut body: Vec<u8> = self.buf.drain(..body_start + available).skip(body_start).collect();
        if available < length {
            out.push(Event::Log(format!(
                "Content-Length was {length} but only {available} bytes came; took the message as it is"
            )));
        }
        let (mut verdict, mut problem) = judge(&body);
        if matches!(verdict, Verdict::Reject(..)) {
            // A length too large swallows the next frame: give it back.
            // The header may straddle the end of the body.
            let probe = [&body[..], &self.buf[..self.buf.len().min(HEADER.len())]].concat();
            if let Some(next) = find(&probe, HEADER).filter(|&k| k > 0 && k < body.len()) {
                let rest = body.split_off(next);
                self.buf.splice(..0, rest);
                out.push(Event::Log(format!(
                    "Content-Length {length} ran into the next message; resynchronised at its header"
                )));
                (verdict, problem) = judge(&body);
            }
        }
        match verdict {
            Verdict::Forward(b) => {
                out.extend(problem.map(Event::Log));
                out.push(Event::Message(b));
            }
            Verdict::Reject(reply, reason) => {
                out.push(Event::Log(format!("rejected a message: {reason}")));
                out.push(Event::Reply(reply));
            }
        }
        true
    }

    fn garbage(&mut self, upto: usize) {
        if upto == 0 {
            return;
        }
        let skipped: Vec<u8> = self.buf.drain(..upto).collect();
        let content_type = skipped.len() >= 13 && skipped[..13].eq_ignore_ascii_case(b"content-type:");
        if !content_type && !skipped.iter().all(u8::is_ascii_whitespace) {
            self.skipped += skipped.len();
        }
    }

    fn report_garbage(&mut self, out: &mut Vec<Event>) {
        if self.skipped > 0 {
            out.push(Event::Log(format!("skipped {} bytes that were not a message header", self.skipped)));
            self.skipped = 0;
        }
    }
}

fn log_message(text: &str) -> Value {
    json!({"jsonrpc": "2.0", "method": "window/logMessage", "params": {"type": 2, "message": text}})
}

/// Serve LSP over `input`/`output` behind the framing guard.
pub async fn serve_guarded<I, O>(input: I, output: O, opts: GuardOptions)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let (to_server, server_in) = tokio::io::duplex(PIPE_BYTES);
    let (server_out, from_server) = tokio::io::duplex(PIPE_BYTES);
    let (tx, mut rx) = unbounded_channel::<Vec<u8>>();

    // One writer, whole frames only, so ours never split the server's.
    let writer = async move {
        let mut output = output;
        while let Some(bytes) = rx.recv().await {
            if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
                break;
            }
        }
    };
    let server_tx = tx.clone();
    let server = async move {
        let pump = pump_frames(from_server, server_tx);
        tokio::join!(super::serve(server_in, server_out), pump);
    };
    let guard = guard_input(input, to_server, tx, opts);
    let session = async move {
        tokio::pin!(server);
        tokio::select! {
            _ = &mut server => {}
            _ = guard => server.await,
        }
    };
    tokio::join!(writer, session);
}

/// Read the client's bytes and pass on what is fit for the server.
async fn guard_input<I, W>(mut input: I, mut to_server: W, tx: UnboundedSender<Vec<u8>>, opts: GuardOptions)
where
    I: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut deframer = Deframer::default();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut events = Vec::new();
    loop {
        let read = if deframer.awaiting_body() {
            tokio::time::timeout(opts.stall, input.read(&mut chunk)).await.ok()
        } else {
            Some(input.read(&mut chunk).await)
        };
        let (n, flush) = match read {
            Some(Ok(0)) | Some(Err(_)) => (0, Flush::EndOfInput),
            Some(Ok(n)) => (n, Flush::No),
            None => (0, Flush::Stalled),
        };
        deframer.push(&chunk[..n]);
        while deframer.next(flush, &opts, &mut events) {}
        for event in events.drain(..) {
            match event {
                Event::Message(body) => {
                    if to_server.write_all(&frame(&body)).await.is_err() {
                        return; // the server has stopped
                    }
                }
                Event::Reply(reply) => {
                    let _ = tx.send(frame(reply.to_string().as_bytes()));
                }
                Event::Log(text) => {
                    eprintln!("copydesk: {text}");
                    let _ = tx.send(frame(log_message(&format!("copydesk: {text}")).to_string().as_bytes()));
                }
            }
        }
        if flush == Flush::EndOfInput {
            return;
        }
    }
}

/// Copy the server's well-formed frames to the writer, whole.
async fn pump_frames<R: AsyncRead + Unpin>(mut from_server: R, tx: UnboundedSender<Vec<u8>>) {
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        while let Some(len) = complete_frame(&buf) {
            let rest = buf.split_off(len);
            let _ = tx.send(std::mem::replace(&mut buf, rest));
        }
        match from_server.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The length of the first complete frame in `buf`, if it is all there.
fn complete_frame(buf: &[u8]) -> Option<usize> {
    let end = find(buf, HEADER_END)?;
    let start = find(&buf[..end], HEADER)?;
    let length: usize =
        std::str::from_utf8(&buf[start + HEADER.len()..end]).ok()?.lines().next()?.trim().parse().ok()?;
    let total = end + HEADER_END.len() + length;
    (buf.len() >= total).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> Vec<Event> {
        let mut d = Deframer::default();
        let mut out = Vec::new();
        d.push(input);
        while d.next(Flush::EndOfInput, &GuardOptions::default(), &mut out) {}
        out
    }

    const PING: &[u8] = br#"{"jsonrpc":"2.0","method":"ping"}"#;

    #[test]
    fn well_formed_frames_pass() {
        let input = [frame(PING), frame(PING)].concat();
        assert_eq!(run(&input), [Event::Message(PING.to_vec()), Event::Message(PING.to_vec())]);
        let typed = [b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n".as_slice(), &frame(PING)].concat();
        assert_eq!(run(&typed), [Event::Message(PING.to_vec())]);
    }

    #[test]
    fn malformed_json_is_answered_and_the_next_frame_still_passes() {
        let input = [frame(b"{not json"), frame(PING)].concat();
        let out = run(&input);
        assert!(matches!(&out[0], Event::Log(m) if m.starts_with("rejected a message: invalid JSON")), "{out:?}");
        assert_eq!(out[1], Event::Reply(error_response(Value::Null, -32700, "Parse error")));
        assert_eq!(out[2], Event::Message(PING.to_vec()));
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn invalid_utf8_in_an_ignored_field_is_a_parse_error() {
        // Found by the `framing` fuzz target.
        let out = run(&frame(b"{\"jsonrpc\":\"2.0\",\"met(od\":\"pin\xbc\"}"));
        assert_eq!(
            out,
            [
                Event::Log("rejected a message: invalid UTF-8 at byte 30".into()),
                Event::Reply(error_response(Value::Null, -32700, "Parse error"))
            ]
        );
    }

    #[test]
    fn json_that_is_not_json_rpc_is_an_invalid_request() {
        let out = run(&frame(br#"{"id":7,"hello":1}"#));
        assert_eq!(out[1], Event::Reply(error_response(json!(7), -32600, "Invalid request")));
    }

    #[test]
    fn a_notification_with_invalid_params_is_logged() {
        let body =
            br#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///d.md"}}}"#;
        let out = run(&frame(body));
        assert_eq!(
            out[0],
            Event::Log("textDocument/didChange ignored: invalid params (missing field `version`)".into())
        );
        assert_eq!(out[1], Event::Message(body.to_vec()));
    }

    #[test]
    fn garbage_between_frames_is_skipped_and_logged() {
        let input = [frame(PING), b"xyzzy\r\n".to_vec(), frame(PING)].concat();
        let out = run(&input);
        assert_eq!(
            out,
            [
                Event::Message(PING.to_vec()),
                Event::Log("skipped 7 bytes that were not a message header".into()),
                Event::Message(PING.to_vec())
            ]
        );
    }

    #[test]
    fn a_flood_of_garbage_is_logged_once() {
        let mut d = Deframer::default();
        let mut out = Vec::new();
        for _ in 0..1000 {
            d.push(&[b'x'; 1000]);
            while d.next(Flush::No, &GuardOptions::default(), &mut out) {}
        }
        assert!(out.is_empty(), "{out:?}");
        d.push(&frame(PING));
        while d.next(Flush::No, &GuardOptions::default(), &mut out) {}
        assert_eq!(
            out,
            [Event::Log("skipped 1000000 bytes that were not a message header".into()), Event::Message(PING.to_vec())]
        );
    }

    #[test]
    fn a_length_too_large_is_resynchronised_at_the_next_header() {
        let long = [format!("Content-Length: {}\r\n\r\n", PING.len() + 10).into_bytes(), PING.to_vec()].concat();
        let out = run(&[long, frame(PING)].concat());
        assert_eq!(
            out,
            [
                Event::Log(format!(
                    "Content-Length {} ran into the next message; resynchronised at its header",
                    PING.len() + 10
                )),
                Event::Message(PING.to_vec()),
                Event::Message(PING.to_vec()),
            ]
        );
    }

    #[test]
    fn a_length_too_small_answers_a_parse_error_and_skips_the_rest() {
        let short = [format!("Content-Length: {}\r\n\r\n", PING.len() - 5).into_bytes(), PING.to_vec()].concat();
        let out = run(&[short, frame(PING)].concat());
        assert_eq!(out[1], Event::Reply(error_response(Value::Null, -32700, "Parse error")));
        assert_eq!(out[2], Event::Log("skipped 5 bytes that were not a message header".into()));
        assert_eq!(out[3], Event::Message(PING.to_vec()));
    }

    #[test]
    fn invalid_and_oversized_lengths() {
        let out = run(&[b"Content-Length: lots\r\n\r\n".to_vec(), frame(PING)].concat());
        assert_eq!(out[0], Event::Log("invalid Content-Length header \"lots\"; skipped to the next header".into()));
        assert_eq!(out[1], Event::Message(PING.to_vec()));
        let mut d = Deframer::default();
        let opts = GuardOptions { max_message_bytes: 10, ..Default::default() };
        let mut out = Vec::new();
        d.push(b"Content-Length: 20\r\n\r\n0123456789");
        while d.next(Flush::No, &opts, &mut out) {}
        d.push(b"0123456789");
        d.push(&frame(b"{}"));
        while d.next(Flush::No, &opts, &mut out) {}
        assert_eq!(out[0], Event::Log("a message of 20 bytes is over the 10 byte limit; skipped".into()));
        assert!(matches!(&out[3], Event::Reply(r) if r["error"]["code"] == -32600), "{out:?}");
        assert_eq!(out.len(), 4, "{out:?}");
    }

    #[test]
    fn a_stalled_body_is_taken_only_when_it_is_a_whole_message() {
        let opts = GuardOptions::default();
        let mut d = Deframer::default();
        let mut out = Vec::new();
        let long = format!("Content-Length: {}\r\n\r\n", PING.len() + 10);
        d.push(&[long.as_bytes(), &PING[..10]].concat());
        while d.next(Flush::Stalled, &opts, &mut out) {}
        assert!(out.is_empty(), "a partial body waits: {out:?}");
        d.push(&PING[10..]);
        while d.next(Flush::Stalled, &opts, &mut out) {}
        assert_eq!(
            out,
            [
                Event::Log(format!(
                    "Content-Length was {} but only {} bytes came; took the message as it is",
                    PING.len() + 10,
                    PING.len()
                )),
                Event::Message(PING.to_vec())
            ]
        );
    }

    #[test]
    fn a_frame_split_across_reads_waits_for_its_body() {
        let whole = frame(PING);
        let mut d = Deframer::default();
        let mut out = Vec::new();
        for byte in &whole {
            d.push(std::slice::from_ref(byte));
            while d.next(Flush::No, &GuardOptions::default(), &mut out) {}
        }
        assert_eq!(out, [Event::Message(PING.to_vec())]);
    }
}
