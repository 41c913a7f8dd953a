//! A minimal static file server on a free loopback port, so a browser can load a built site with
//! its root-relative links.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

/// Serves `root` until the process ends; returns the base URL (`http://127.0.0.1:PORT`).
pub fn serve(root: &Path) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().unwrap();
    let root: PathBuf = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    return;
                }
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path =
                    request_line.split_whitespace().nth(1).unwrap_or("/").split('?').next().unwrap_or("/").to_string();
                let rel = path.trim_start_matches('/');
                let mut file = root.join(rel);
                if path.ends_with('/') {
                    file = file.join("index.html");
                }
                let (status, body) = match (rel.contains(".."), std::fs::read(&file)) {
                    (false, Ok(b)) => ("200 OK", b),
                    _ => ("404 Not Found", b"not found".to_vec()),
                };
                let ctype = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("svg") => "image/svg+xml",
                    Some("png") => "image/png",
                    Some("webp") => "image/webp",
                    Some("jpg") => "image/jpeg",
                    Some("json") => "application/json",
                    _ => "application/octet-stream",
                };
                let mut s = &stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = s.write_all(&body);
            });
        }
    });
    format!("http://{addr}")
}
