//! Live reload: the server-sent-events stream that tells open pages about each build, and the
//! client script injected into served HTML that listens to it.
//!
//! Each stream runs on its connection's own thread, which writes the response itself: headers,
//! then one chunk per event, flushed at once. A stream ends as soon as its page goes away: it
//! looks at the socket several times a second, so a closed tab frees its slot at once rather
//! than at the next write that fails.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The client: reloads on `reload` (keeping the scroll position), swaps stylesheets on `css`,
/// shows an overlay on `build-error`, and reconnects after the server restarts.
pub const CLIENT_JS: &str = include_str!("client.js");

/// How often an idle stream sends a comment, so that proxies and browsers keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(10);
/// How often a stream checks whether its page went away.
const CHECK_CLOSED: Duration = Duration::from_millis(200);
/// At most this many open streams. Each holds a thread with a small stack and frees it within
/// [`CHECK_CLOSED`] of its page closing, so the limit only guards against runaway clients.
pub const MAX_STREAMS: usize = 1024;

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
    clients: Mutex<Clients>,
}

#[derive(Default)]
struct Clients {
    next_id: u64,
    senders: Vec<(u64, Sender<Arc<str>>)>,
}

/// One open stream's place in the [`Hub`].
pub struct Subscription {
    /// What [`Hub::unsubscribe`] takes.
    pub id: u64,
    pub events: Receiver<Arc<str>>,
}

impl Hub {
    fn clients(&self) -> std::sync::MutexGuard<'_, Clients> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new subscriber, or `None` when too many streams are open.
    pub fn subscribe(&self) -> Option<Subscription> {
        let mut clients = self.clients();
        if clients.senders.len() >= MAX_STREAMS {
            return None;
        }
        let (tx, events) = mpsc::channel();
        let id = clients.next_id;
        clients.next_id += 1;
        clients.senders.push((id, tx));
        Some(Subscription { id, events })
    }

    /// Frees a stream's slot once it has ended.
    pub fn unsubscribe(&self, id: u64) {
        self.clients().senders.retain(|(i, _)| *i != id);
    }

    /// Sends an event to every open stream, forgetting closed ones.
    pub fn broadcast(&self, event: &Event) {
        let msg: Arc<str> = Arc::from(event.to_sse());
        self.clients().senders.retain(|(_, tx)| tx.send(Arc::clone(&msg)).is_ok());
    }

    /// Ends every stream.
    pub fn close(&self) {
        self.clients().senders.clear();
    }

    /// How many streams are open.
    pub fn len(&self) -> usize {
        self.clients().senders.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Writes the event stream on `w` until the client goes away (`closed` says so, or a write
/// fails) or the hub closes: the response head, `first` (the hello), then each event as it
/// comes.
pub fn stream(
    w: &mut dyn Write,
    events: &Receiver<Arc<str>>,
    first: &str,
    closed: &dyn Fn() -> bool,
) -> io::Result<()> {
    w.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n\
          Connection: keep-alive\r\nTransfer-Encoding: chunked\r\nX-Accel-Buffering: no\r\n\r\n",
    )?;
    write_chunk(w, first)?;
    let mut last_write = Instant::now();
    loop {
        match events.recv_timeout(CHECK_CLOSED) {
            Ok(msg) => write_chunk(w, &msg)?,
            Err(RecvTimeoutError::Timeout) if closed() => return Ok(()),
            Err(RecvTimeoutError::Timeout) if last_write.elapsed() >= KEEP_ALIVE => write_chunk(w, ": keep-alive\n\n")?,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => {
                // The server is stopping: end the response properly.
                w.write_all(b"0\r\n\r\n")?;
                return w.flush();
            }
        }
        last_write = Instant::now();
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
        let sub = hub.subscribe().unwrap();
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
        stream(&mut W(buf.clone()), &sub.events, "hi\n\n", &|| false).unwrap();
        let text = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
        assert!(text.contains("\r\n\r\n4\r\nhi\n\n\r\n"), "{text}");
        assert!(text.contains("event: reload\ndata: {\"build\":\"2\"}\n\n\r\n0\r\n\r\n"), "{text}");
    }

    #[test]
    fn a_stream_whose_page_went_away_ends_and_frees_its_slot() {
        let hub = Hub::default();
        let sub = hub.subscribe().unwrap();
        let mut out = Vec::new();
        stream(&mut out, &sub.events, "hi\n\n", &|| true).unwrap();
        hub.unsubscribe(sub.id);
        assert!(hub.is_empty());
        let subs: Vec<Subscription> = (0..MAX_STREAMS).map(|_| hub.subscribe().unwrap()).collect();
        assert!(hub.subscribe().is_none(), "the limit holds");
        hub.unsubscribe(subs[7].id);
        assert!(hub.subscribe().is_some(), "a freed slot is taken again");
    }
}
