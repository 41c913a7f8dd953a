//! `herald serve` under test: the real binary on a free loopback port, raw HTTP requests over TCP
//! (so that no client tidies a path before sending it) and a reader for its event stream.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Site;

/// How long anything may take before a test gives up (generous: the machine may be busy).
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running `herald serve`.
pub struct Serving {
    child: Child,
    /// `http://127.0.0.1:PORT/` (with the site's sub-path).
    pub url: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    stderr: Arc<Mutex<String>>,
}

/// An HTTP response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Serving {
    /// Starts `herald --root SITE serve --port 0 ARGS` (or the port ARGS give) and waits for its
    /// address.
    pub fn start(site: &Site, args: &[&str]) -> Serving {
        Serving::start_with_env(site, args, &[])
    }

    /// [`Serving::start`] with these environment variables (and no `HERALD_EDITOR` of the
    /// developer's own unless given).
    pub fn start_with_env(site: &Site, args: &[&str], env: &[(&str, &str)]) -> Serving {
        let port: &[&str] = if args.contains(&"--port") { &[] } else { &["--port", "0"] };
        let mut child = super::herald()
            .env_remove("HERALD_EDITOR")
            .envs(env.iter().copied())
            .arg("--root")
            .arg(site.root())
            .arg("serve")
            .args(port)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start herald serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let out = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("Serving on ") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let url = match rx.recv_timeout(PATIENCE) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("herald serve printed no address; stderr:\n{}", stderr.lock().unwrap());
            }
        };
        let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
        Serving { child, url, addr, stderr }
    }

    /// A field of the server process's `/proc/PID/status` in its unit (kB for memory), such as
    /// `VmRSS` or `Threads` (Linux only).
    pub fn proc_status(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("/proc status");
        let line = status.lines().find_map(|l| l.strip_prefix(&format!("{field}:"))).expect("the field");
        line.split_whitespace().next().unwrap().parse().unwrap()
    }

    /// What the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the server has printed `needle` on stderr (it is read on another thread).
    pub fn wait_for_stderr(&self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let text = self.stderr();
            if text.contains(needle) {
                return text;
            }
            assert!(Instant::now() < deadline, "herald serve never printed {needle:?}; stderr:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `GET path` (sent exactly as given).
    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path)
    }

    pub fn request(&self, method: &str, path: &str) -> Reply {
        self.raw(format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).as_bytes())
    }

    /// Sends raw bytes and reads the whole reply (the request should ask to close).
    pub fn raw(&self, request: &[u8]) -> Reply {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        s.write_all(request).unwrap();
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        parse_reply(&bytes, request.starts_with(b"HEAD"))
    }

    /// Opens the event stream and reads its first event (`hello`).
    pub fn events(&self) -> Events {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        write!(s, "GET /__herald/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", self.addr).unwrap();
        let mut reader = BufReader::new(s);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "event stream: {status}");
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
        }
        let mut events = Events { reader, pending: String::new(), hello: String::new() };
        let hello = events.next_within(PATIENCE).expect("a hello event");
        assert_eq!(hello.0, "hello");
        events.hello = hello.1;
        events
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serving {
    /// Sends SIGINT, as Ctrl-C does, and waits for the exit.
    pub fn interrupt(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-INT", &pid]).status().expect("kill -INT");
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "herald serve did not stop after SIGINT");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn parse_reply(bytes: &[u8], head: bool) -> Reply {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| {
        panic!("no complete HTTP head in {:?}", String::from_utf8_lossy(bytes));
    });
    let head_text = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head_text.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    let mut body = bytes[end + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked && !head {
        body = dechunk(&body);
    }
    Reply { status, headers, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&data[..i]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[i + 2..i + 2 + size]);
        data = &data[i + 2 + size + 2..];
    }
    out
}

/// The server's event stream, read chunk by chunk.
pub struct Events {
    reader: BufReader<TcpStream>,
    pending: String,
    /// The data of the stream's first event: the current build and error.
    pub hello: String,
}

impl Events {
    /// The next event (name, data), or `None` when none comes within `timeout`.
    pub fn next_within(&mut self, timeout: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                let mut name = "message".to_string();
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event: ") {
                        name = v.to_string();
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        data.push_str(v);
                    }
                }
                if block.lines().all(|l| l.starts_with(':') || l.starts_with("retry:") || l.is_empty()) {
                    continue; // a keep-alive comment
                }
                return Some((name, data));
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            self.reader.get_ref().set_read_timeout(Some(left.max(Duration::from_millis(1)))).unwrap();
            let mut size_line = String::new();
            match self.reader.read_line(&mut size_line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(_) => return None,
            }
            let size = usize::from_str_radix(size_line.trim(), 16).expect("a chunk size");
            let mut chunk = vec![0; size + 2];
            self.reader.get_ref().set_read_timeout(Some(PATIENCE)).unwrap();
            self.reader.read_exact(&mut chunk).expect("a whole chunk");
            self.pending.push_str(std::str::from_utf8(&chunk[..size]).unwrap());
        }
    }

    /// Waits for an event named `name`, failing on any other event.
    pub fn expect(&mut self, name: &str) -> String {
        match self.next_within(PATIENCE) {
            Some((n, data)) if n == name => data,
            Some((n, data)) => panic!("expected a `{name}` event, got `{n}`: {data}"),
            None => panic!("no `{name}` event within {PATIENCE:?}"),
        }
    }
}
