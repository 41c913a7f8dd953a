//! `herald serve` under abuse: many pages opened and closed, huge or unterminated request heads,
//! bare-LF line endings, idle and keep-alive connections. The real binary on a free loopback
//! port, spoken to over raw TCP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::serve::{Serving, PATIENCE};
use common::{article, Site};

fn blog() -> Site {
    let s = Site::new();
    s.write("content/smo/_index.md", "---\ntitle: SMO\ndescription: Social media optimization articles.\n---\n")
        .write("content/smo/first.md", &article("First", "date: 2026-03-02\n", "The first body.\n"));
    s
}

fn connect(server: &Serving) -> TcpStream {
    let s = TcpStream::connect(&server.addr).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    s
}

/// Reads one reply with a `Content-Length` body from a kept-alive connection: status and body.
fn read_reply(r: &mut BufReader<TcpStream>) -> (u16, String) {
    let mut status = String::new();
    r.read_line(&mut status).expect("a status line");
    let code = status.split(' ').nth(1).unwrap_or_else(|| panic!("a status line, got {status:?}")).parse().unwrap();
    let mut len = 0;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                len = value.trim().parse().unwrap();
            }
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).unwrap();
    (code, String::from_utf8_lossy(&body).into_owned())
}

/// Waits until the server process runs at most `most` threads.
fn wait_for_threads(server: &Serving, most: u64) -> u64 {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let threads = server.proc_status("Threads");
        if threads <= most || Instant::now() > deadline {
            return threads;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_thousand_closed_event_streams_free_their_slots_and_the_next_page_still_reloads() {
    let s = blog();
    let server = Serving::start(&s, &[]);
    assert_eq!(server.get("/smo/first/").status, 200);
    let threads_before = server.proc_status("Threads");
    // Four pages at a time, as tabs opened and closed quickly; each reads its hello first.
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..250 {
                    let mut c = connect(&server);
                    c.write_all(b"GET /__herald/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
                    let mut r = BufReader::new(c);
                    let mut status = String::new();
                    r.read_line(&mut status).unwrap();
                    assert!(status.starts_with("HTTP/1.1 200"), "stream refused: {status}");
                    let mut text = String::new();
                    while !text.contains("event: hello") {
                        r.read_line(&mut text).unwrap();
                    }
                }
            });
        }
    });
    // Every closed stream's thread (its slot) is gone again, without any broadcast.
    let threads = wait_for_threads(&server, threads_before);
    assert!(threads <= threads_before, "{threads} threads after the streams closed, {threads_before} before");
    let mut events = server.events();
    s.write("content/smo/first.md", &article("First", "date: 2026-03-02\n", "A body saved after 1,000 tabs.\n"));
    events.expect("reload");
    assert!(server.get("/smo/first/").text().contains("A body saved after 1,000 tabs."));
}

#[test]
fn one_keep_alive_connection_answers_request_after_request() {
    let s = blog();
    let server = Serving::start(&s, &[]);
    let mut c = connect(&server);
    let mut r = BufReader::new(c.try_clone().unwrap());
    for path in ["/smo/first/", "/smo/", "/smo/first/", "/nope/"] {
        c.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes()).unwrap();
        let (status, body) = read_reply(&mut r);
        assert_eq!(status, if path == "/nope/" { 404 } else { 200 }, "{path}");
        assert!(body.contains("</html>"), "{path}: {body}");
    }
    // An HTTP/1.0 client that asks to keep the connection is told it is kept.
    let mut old = connect(&server);
    let mut old_reader = BufReader::new(old.try_clone().unwrap());
    for _ in 0..2 {
        old.write_all(b"GET /smo/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").unwrap();
        let mut head = String::new();
        while !head.ends_with("\r\n\r\n") {
            old_reader.read_line(&mut head).unwrap();
        }
        assert!(head.starts_with("HTTP/1.1 200") && head.contains("Connection: keep-alive\r\n"), "{head}");
        let len: usize = head.split("Content-Length: ").nth(1).unwrap().split("\r\n").next().unwrap().parse().unwrap();
        old_reader.read_exact(&mut vec![0; len]).unwrap();
    }
    // Two requests in one write (pipelined) get two replies, in order.
    c.write_all(b"HEAD /smo/ HTTP/1.1\r\nHost: x\r\n\r\nGET /smo/first/ HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut status = String::new();
    r.read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    let mut line = String::new();
    while line != "\r\n" {
        line.clear();
        r.read_line(&mut line).unwrap();
    }
    let (status, body) = read_reply(&mut r);
    assert_eq!(status, 200);
    assert!(body.contains("The first body."), "{body}");
}

#[test]
fn requests_with_bare_lf_line_endings_are_answered() {
    let s = blog();
    let server = Serving::start(&s, &[]);
    let mut c = connect(&server);
    c.write_all(b"GET /smo/first/ HTTP/1.1\nHost: x\nConnection: close\n\n").unwrap();
    let mut reply = String::new();
    c.read_to_string(&mut reply).expect("a reply, not a hang");
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(reply.contains("The first body."), "{reply}");
    // Mixed endings on a kept-alive connection, then a request that is not HTTP at all.
    let mut c = connect(&server);
    let mut r = BufReader::new(c.try_clone().unwrap());
    c.write_all(b"GET /smo/ HTTP/1.1\r\nHost: x\n\r\n").unwrap();
    assert_eq!(read_reply(&mut r).0, 200);
    c.write_all(b"GET /smo/\0 HTTP/1.1\n\n").unwrap();
    let (status, _) = read_reply(&mut r);
    assert_eq!(status, 400);
}

#[test]
fn oversized_request_heads_get_431_and_leave_no_memory_behind() {
    let s = blog();
    let server = Serving::start(&s, &[]);
    assert_eq!(server.get("/smo/first/").status, 200);
    let rss_before = server.proc_status("VmRSS");
    // Four clients each send a 64 MiB header that never ends.
    let statuses: Vec<String> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let mut c = connect(&server);
                    let mut w = c.try_clone().unwrap();
                    let writer = std::thread::spawn(move || {
                        let _ = w.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
                        let block = vec![b'a'; 1 << 20];
                        // The server stops reading and closes: writing then fails, as it should.
                        (0..64).take_while(|_| w.write_all(&block).is_ok()).count()
                    });
                    let mut status = String::new();
                    let _ = BufReader::new(&mut c).read_line(&mut status);
                    let written = writer.join().unwrap();
                    assert!(written < 64, "the server read all 64 MiB of one header");
                    status
                })
            })
            .collect();
        clients.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for status in statuses {
        assert!(status.starts_with("HTTP/1.1 431 "), "{status:?}");
    }
    let rss_after = server.proc_status("VmRSS");
    assert!(rss_after < rss_before + 32 * 1024, "memory grew from {rss_before} kB to {rss_after} kB");
    assert_eq!(server.get("/smo/first/").status, 200, "the server still serves");
}

#[test]
fn idle_and_trickling_connections_are_closed_after_the_timeout() {
    let s = blog();
    let server = Serving::start(&s, &["--idle-timeout-ms", "300"]);
    // Connected, nothing sent: closed without a reply.
    let mut silent = connect(&server);
    let mut bytes = Vec::new();
    silent.read_to_end(&mut bytes).expect("closed by the server, not a read timeout");
    assert!(bytes.is_empty(), "{}", String::from_utf8_lossy(&bytes));
    // Kept alive after a request, then idle: closed after the reply.
    let mut idle = connect(&server);
    idle.write_all(b"GET /smo/ HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut reply = String::new();
    idle.read_to_string(&mut reply).expect("closed by the server, not a read timeout");
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    // A head that trickles in, a byte at a time, still must arrive within the timeout.
    let mut slow = connect(&server);
    let started = Instant::now();
    let mut sent = 0;
    for b in b"GET /smo/ HTTP/1.1\r\nHost: x\r\nX-Slow: ".iter().cycle() {
        if slow.write_all(&[*b]).is_err() || started.elapsed() > PATIENCE || replied(&slow) {
            break;
        }
        sent += 1;
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut reply = String::new();
    let _ = slow.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 408 "), "after {sent} bytes: {reply:?}");
    assert_eq!(server.get("/smo/first/").status, 200, "the server still serves");
}

/// Whether the server has sent something on `c`, without waiting.
fn replied(c: &TcpStream) -> bool {
    c.set_nonblocking(true).unwrap();
    let got = c.peek(&mut [0u8; 1]).is_ok_and(|n| n > 0);
    c.set_nonblocking(false).unwrap();
    got
}
