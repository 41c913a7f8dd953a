//! Live reload: the server-sent-events stream that tells open pages about each build, and the
//! client script injected into served HTML that listens to it.
//!
//! Each stream runs on a thread of its own and writes the HTTP response itself on the socket
//! that `tiny_http` hands over: headers, then one chunk per event, flushed at once. (A
//! `Response` fed through a channel sits in `tiny_http`'s buffers until kilobytes have queued.)

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The client: reloads on `reload` (keeping the scroll position), swaps stylesheets on `css`,
/// shows an overlay on `build-error`, and reconnects after the server restarts.
pub const CLIENT_JS: &str = include_str!("client.js");

/// How often an idle stream sends a comment, so that a closed tab is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(10);
/// At most this many open streams (each holds a thread).
pub const MAX_STREAMS: usize = 128;

/// One build event, as the client script knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The site changed: reload.
    Reload { build: String },
    /// Only stylesheets changed: swap them.
    Css { build: String },
    /// The build failed; the last good site is still served.
    Error { build: String, message: String },
}

impl Event {
    /// The event in the wire format of server-sent events.
    pub fn to_sse(&self) -> String {
        let (name, data) = match self {
            Event::Reload { build } => ("reload", serde_json::json!({ "build": build })),
            Event::Css { build } => ("css", serde_json::json!({ "build": build })),
            Event::Error { build, message } => ("build-error", serde_json::json!({ "build": build, "error": message })),
        };
        format!("event: {name}\ndata: {data}\n\n")
    }
}

/// The first event of every stream: the current build, and its error if it failed. A client
/// whose page comes from another build reloads (it missed a change, or the server restarted).
pub fn hello(build: &str, error: Option<&str>) -> String {
    format!("retry: 500\nevent: hello\ndata: {}\n\n", serde_json::json!({ "build": build, "error": error }))
}

/// The open streams.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<Arc<str>>>>,
}

impl Hub {
    /// A new subscriber, or `None` when too many streams are open.
    pub fn subscribe(&self) -> Option<Receiver<Arc<str>>> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= MAX_STREAMS {
            return None;
        }
        let (tx, rx) = mpsc::channel();
        clients.push(tx);
        Some(rx)
    }

    /// Sends an event to every open stream, forgetting closed ones.
    pub fn broadcast(&self, event: &Event) {
        let msg: Arc<str> = Arc::from(event.to_sse());
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|tx| tx.send(Arc::clone(&msg)).is_ok());
    }

    /// Ends every stream.
    pub fn close(&self) {
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// How many streams are open.
    pub fn len(&self) -> usize {
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Writes the event stream on `w` until the client goes away or the hub closes: the response
/// head, `first` (the hello), then each event as it comes.
pub fn stream(mut w: Box<dyn Write + Send>, rx: Receiver<Arc<str>>, first: &str) -> io::Result<()> {
    w.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n\
          Connection: keep-alive\r\nTransfer-Encoding: chunked\r\nX-Accel-Buffering: no\r\n\r\n",
    )?;
    write_chunk(&mut w, first)?;
    loop {
        match rx.recv_timeout(KEEP_ALIVE) {
            Ok(msg) => write_chunk(&mut w, &msg)?,
            Err(RecvTimeoutError::Timeout) => write_chunk(&mut w, ": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => {
                // The server is stopping: end the response properly.
                w.write_all(b"0\r\n\r\n")?;
                return w.flush();
            }
        }
    }
}

fn write_chunk(w: &mut dyn Write, data: &str) -> io::Result<()> {
    write!(w, "{:x}\r\n{data}\r\n", data.len())?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_sse_with_json_data() {
        let e = Event::Error { build: "3".into(), message: "line one\nline \"two\"".into() };
        assert_eq!(
            e.to_sse(),
            "event: build-error\ndata: {\"build\":\"3\",\"error\":\"line one\\nline \\\"two\\\"\"}\n\n"
        );
        assert!(hello("1", None).contains("data: {\"build\":\"1\",\"error\":null}"));
    }

    #[test]
    fn the_stream_is_chunked_and_ends_when_the_hub_closes() {
        let hub = Hub::default();
        let rx = hub.subscribe().unwrap();
        let buf = Arc::new(Mutex::new(Vec::new()));
        struct W(Arc<Mutex<Vec<u8>>>);
        impl Write for W {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        hub.broadcast(&Event::Reload { build: "2".into() });
        hub.close();
        stream(Box::new(W(buf.clone())), rx, "hi\n\n").unwrap();
        let text = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
        assert!(text.contains("\r\n\r\n4\r\nhi\n\n\r\n"), "{text}");
        assert!(text.contains("event: reload\ndata: {\"build\":\"2\"}\n\n\r\n0\r\n\r\n"), "{text}");
    }
}
