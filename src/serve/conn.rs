//! The preview server's connections: HTTP/1.1 over std's `TcpStream`, one thread per
//! connection, with the limits a server needs to stay up when a browser, a script or a mistake
//! hammers it. Replies go out as soon as they are written (`TCP_NODELAY`: with Nagle's algorithm
//! and the client's delayed ACKs a keep-alive request waited ~40 ms); a request head is read into
//! a bounded buffer (larger heads get 431); a connection with no complete request within the idle
//! timeout is closed; heads are parsed by `httparse`, which also takes bare-LF line endings.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::http::Answer;
use super::{reload, State};

/// The most bytes a request head may have (request line and headers), as in common servers.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most headers a request may have.
const MAX_HEADERS: usize = 64;
/// How long a reply may take to leave before its connection is dropped.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// A request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub method: String,
    /// The request target as sent (`/smo/?q=1`).
    pub target: String,
    /// Whether the client asked to close the connection after the reply (HTTP/1.0 by default).
    pub close: bool,
    /// Whether a body follows; the server reads none, so it closes after answering.
    pub has_body: bool,
}

/// Why no request could be read.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// The head passed [`MAX_HEAD`] bytes or [`MAX_HEADERS`] headers.
    TooLarge,
    /// Not an HTTP/1.x request head.
    Malformed,
    /// The client closed the connection between requests, or it failed.
    Closed,
    /// The idle timeout passed before a complete head arrived.
    TimedOut,
}

/// Parses the request head at the start of `buf`: the head and its length in bytes, or `None`
/// when more bytes are needed.
pub fn parse_head(buf: &[u8]) -> Result<Option<(Head, usize)>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let len = match req.parse(buf) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) if buf.len() >= MAX_HEAD => return Err(HeadError::TooLarge),
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooLarge),
        Err(_) => return Err(HeadError::Malformed),
    };
    if len > MAX_HEAD {
        return Err(HeadError::TooLarge);
    }
    let (Some(method), Some(target), Some(version)) = (req.method, req.path, req.version) else {
        return Err(HeadError::Malformed);
    };
    let header = |name: &str| req.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value);
    let has_token = |name: &str, token: &str| {
        header(name)
            .is_some_and(|v| String::from_utf8_lossy(v).split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    };
    let close = if version == 0 { !has_token("Connection", "keep-alive") } else { has_token("Connection", "close") };
    let has_body = header("Transfer-Encoding").is_some()
        || header("Content-Length").is_some_and(|v| v.iter().any(|&b| b != b'0' && !b.is_ascii_whitespace()));
    let head = Head { method: method.to_string(), target: target.to_string(), close, has_body };
    Ok(Some((head, len)))
}

/// Reads the next request head from `stream`. `buf` holds bytes already read past the previous
/// head (a pipelining client) and keeps those past this one. The whole head must arrive within
/// `idle`, so that a client trickling bytes cannot hold the connection either.
pub fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>, idle: Duration) -> Result<Head, HeadError> {
    let deadline = Instant::now() + idle;
    let mut chunk = [0u8; 4096];
    loop {
        if let Some((head, len)) = parse_head(buf)? {
            buf.drain(..len);
            return Ok(head);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::TimedOut);
        }
        stream.set_read_timeout(Some(left)).map_err(|_| HeadError::Closed)?;
        // Never more than the limit's worth: a huge header costs at most MAX_HEAD of memory.
        let room = (MAX_HEAD + 1 - buf.len().min(MAX_HEAD)).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return Err(HeadError::TimedOut)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(HeadError::Closed),
        }
    }
}

/// The reason phrase of the statuses the server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// A complete reply: status line, `headers`, `Content-Length`, and the body unless `head_only`.
/// Written in one buffer, so that it leaves in as few packets as it can.
pub fn write_reply(
    w: &mut impl Write,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    let mut out = Vec::with_capacity(256 + if head_only { 0 } else { body.len() });
    write!(out, "HTTP/1.1 {status} {}\r\n", reason(status))?;
    for (name, value) in headers {
        // Values come from the site's own paths; a line break would end the head early.
        if !value.bytes().any(|b| b == b'\r' || b == b'\n') {
            write!(out, "{name}: {value}\r\n")?;
        }
    }
    write!(out, "Content-Length: {}\r\n", body.len())?;
    // Said even when HTTP/1.1 implies it: an HTTP/1.0 client keeps the connection only if told.
    out.extend_from_slice(if close { b"Connection: close\r\n" } else { b"Connection: keep-alive\r\n" });
    out.extend_from_slice(b"\r\n");
    if !head_only {
        out.extend_from_slice(body);
    }
    w.write_all(&out)?;
    w.flush()
}

/// Ends a connection after an error reply without losing it: closing a socket that still has
/// unread bytes makes the kernel reset the connection, and a reset can discard the reply before
/// the client reads it. So the write side is shut, and what the client still sends is read and
/// dropped for a moment (in a bounded buffer) before the socket closes.
pub fn close_after_error(mut stream: TcpStream) {
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_millis(500);
    let mut sink = [0u8; 4096];
    let mut drained = 0usize;
    while drained < (16 << 20) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// Whether the peer has closed `stream` (read side at its end, or the socket failed). Only for
/// connections on which the client sends nothing more, such as an event stream.
pub fn peer_closed(stream: &TcpStream) -> bool {
    let mut probe = [0u8; 1];
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let closed = match stream.peek(&mut probe) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != io::ErrorKind::WouldBlock,
    };
    closed || stream.set_nonblocking(false).is_err()
}

/// Answers the requests of one connection until it closes, idles past the timeout or sends
/// something that is not a request; or streams build events on it.
pub(super) fn serve(state: &Arc<State>, mut stream: TcpStream) {
    // Nagle's algorithm would hold a reply's last small segment until the client's delayed ACK.
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let id = state.next_connection.fetch_add(1, Ordering::Relaxed);
    match stream.try_clone() {
        Ok(clone) => state.connections().insert(id, clone),
        Err(_) => return,
    };
    let mut buf = Vec::new();
    loop {
        let head = match read_head(&mut stream, &mut buf, state.idle_timeout) {
            Ok(head) => head,
            Err(HeadError::TooLarge) => break reject(state, stream, 431, "the request head is too large\n"),
            Err(HeadError::Malformed) => break reject(state, stream, 400, "not an HTTP/1.1 request\n"),
            Err(HeadError::TimedOut) if !buf.is_empty() => {
                break reject(state, stream, 408, "the request took too long\n")
            }
            Err(HeadError::TimedOut | HeadError::Closed) => break,
        };
        if state.stop.load(Ordering::Relaxed) {
            break;
        }
        let close = head.close || head.has_body;
        match super::answer(state, &head) {
            Answer::Events => break stream_events(state, &mut stream),
            Answer::Reply(r) => {
                let headers: Vec<(&str, &str)> = r.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
                let head_only = head.method == "HEAD";
                if write_reply(&mut stream, r.status, &headers, &r.body, head_only, close).is_err() {
                    break;
                }
                if head.has_body {
                    // The body was not read: drop it rather than take it for the next request.
                    break close_after_error(stream);
                }
                if close {
                    break;
                }
            }
        }
    }
    state.connections().remove(&id);
}

/// Answers an unreadable request and closes its connection.
fn reject(state: &State, mut stream: TcpStream, status: u16, message: &str) {
    let headers = [("Content-Type", "text/plain; charset=utf-8")];
    if !state.stop.load(Ordering::Relaxed)
        && write_reply(&mut stream, status, &headers, message.as_bytes(), false, true).is_ok()
    {
        close_after_error(stream);
    }
}

/// Streams build events on the connection until the page goes away or the server stops.
fn stream_events(state: &State, stream: &mut TcpStream) {
    let Some(sub) = state.hub.subscribe() else {
        let headers = [("Content-Type", "text/plain; charset=utf-8")];
        let _ = write_reply(stream, 503, &headers, b"too many open pages\n", false, true);
        return;
    };
    // Subscribed first: a build finishing now is then either in the hello or sent after it.
    let snap = state.snapshot();
    let first = reload::hello(&snap.build, snap.error.as_deref());
    let probe = stream.try_clone();
    let closed = || probe.as_ref().map_or(true, peer_closed);
    let _ = reload::stream(stream, &sub.events, &first, &closed);
    state.hub.unsubscribe(sub.id);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Option<(Head, usize)>, HeadError> {
        parse_head(text.as_bytes())
    }

    #[test]
    fn heads_with_crlf_or_bare_lf_parse_alike() {
        for eol in ["\r\n", "\n"] {
            let text = format!("GET /smo/?q=1 HTTP/1.1{eol}Host: x{eol}Connection: keep-alive{eol}{eol}next");
            let (head, len) = parse(&text).unwrap().unwrap();
            assert_eq!(head.target, "/smo/?q=1");
            assert_eq!(head.method, "GET");
            assert!(!head.close && !head.has_body);
            assert_eq!(&text[len..], "next");
        }
    }

    #[test]
    fn connection_and_bodies() {
        assert!(parse("GET / HTTP/1.0\r\n\r\n").unwrap().unwrap().0.close);
        assert!(!parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").unwrap().unwrap().0.close);
        assert!(parse("GET / HTTP/1.1\r\nConnection: foo, close\r\n\r\n").unwrap().unwrap().0.close);
        assert!(parse("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").unwrap().unwrap().0.has_body);
        assert!(!parse("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").unwrap().unwrap().0.has_body);
        assert!(parse("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap().unwrap().0.has_body);
    }

    #[test]
    fn partial_large_and_malformed_heads() {
        assert_eq!(parse("GET / HTTP/1.1\r\nHost: x\r\n"), Ok(None));
        let huge = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(MAX_HEAD));
        assert_eq!(parse(&huge), Err(HeadError::TooLarge));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X{i}: y\r\n")).collect();
        assert_eq!(parse(&format!("GET / HTTP/1.1\r\n{many}\r\n")), Err(HeadError::TooLarge));
        for bad in ["GET /\0 HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "\u{1}\r\n\r\n", "GET  HTTP/1.1\r\n\r\n"] {
            assert_eq!(parse(bad), Err(HeadError::Malformed), "{bad:?}");
        }
    }
}
