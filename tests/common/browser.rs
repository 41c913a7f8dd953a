//! Headless Chromium driven over the DevTools protocol, for tests where a browser is the judge.
//!
//! Without Chromium the tests that need it are skipped with a message saying why; under CI
//! (`CI=true`) a missing browser is a failure, never a skip.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use tungstenite::{stream::MaybeTlsStream, Message, WebSocket};

/// A running headless Chromium with one page attached.
pub struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
    /// Events received while waiting for replies (method, params).
    pub events: Vec<(String, Value)>,
}

/// The Chromium binary: `$CHROME_PATH`, else the Debian package's.
pub fn chromium_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROME_PATH").map(PathBuf::from).filter(|p| p.exists()) {
        return Some(p);
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Starts Chromium, or explains the skip (and fails under CI).
pub fn browser_or_skip(test: &str) -> Option<Browser> {
    match chromium_path() {
        Some(path) => Some(Browser::launch(&path).unwrap_or_else(|e| panic!("{test}: cannot start Chromium: {e}"))),
        None => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{test}: Chromium is required under CI (install the Debian package `chromium`)");
            }
            eprintln!("SKIPPED {test}: no Chromium found (install the Debian package `chromium` or set CHROME_PATH)");
            None
        }
    }
}

impl Browser {
    pub fn launch(path: &Path) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut child = Command::new(path)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "about:blank",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stderr = child.stderr.take().expect("piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("DevTools listening on ").nth(1) {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(30))
            .map_err(|_| "Chromium did not print its DevTools address".to_string())?;
        let (ws, _) = tungstenite::connect(url.as_str()).map_err(|e| e.to_string())?;
        let mut b = Browser { child, ws, session: String::new(), next_id: 0, _profile: profile, events: Vec::new() };
        let targets = b.call_browser("Target.getTargets", json!({}))?;
        let page = targets["targetInfos"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["type"] == "page"))
            .map(|t| t["targetId"].as_str().unwrap_or_default().to_string());
        let target = match page {
            Some(t) => t,
            None => b.call_browser("Target.createTarget", json!({ "url": "about:blank" }))?["targetId"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        };
        let attached = b.call_browser("Target.attachToTarget", json!({ "targetId": target, "flatten": true }))?;
        b.session = attached["sessionId"].as_str().ok_or("no session id")?.to_string();
        b.call("Page.enable", json!({}))?;
        b.call("Runtime.enable", json!({}))?;
        Ok(b)
    }

    fn send(&mut self, method: &str, params: Value, session: Option<String>) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = Value::String(s);
        }
        self.ws.send(Message::text(msg.to_string())).map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if Instant::now() > deadline {
                return Err(format!("{method}: no reply in 30 s"));
            }
            let reply = self.ws.read().map_err(|e| e.to_string())?;
            let Message::Text(text) = reply else { continue };
            let v: Value = serde_json::from_str(text.as_str()).map_err(|e| e.to_string())?;
            if v["id"] == id {
                if let Some(err) = v.get("error") {
                    return Err(format!("{method}: {err}"));
                }
                return Ok(v["result"].clone());
            }
            if let Some(m) = v["method"].as_str() {
                self.events.push((m.to_string(), v["params"].clone()));
            }
        }
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.send(method, params, None)
    }

    /// Sends a DevTools command to the page.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let s = self.session.clone();
        self.send(method, params, Some(s))
    }

    /// Evaluates JavaScript in the page and returns its value (promises are awaited).
    pub fn eval(&mut self, expression: &str) -> Value {
        let r = self
            .call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }))
            .unwrap_or_else(|e| panic!("eval `{expression}`: {e}"));
        if let Some(ex) = r.get("exceptionDetails") {
            panic!("eval `{expression}` threw: {ex}");
        }
        r["result"]["value"].clone()
    }

    /// Opens `url` and waits until the document has loaded.
    pub fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url })).unwrap_or_else(|e| panic!("navigate {url}: {e}"));
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'", Duration::from_secs(15));
    }

    /// Polls `condition` (JavaScript) until it is true; panics after `timeout`.
    pub fn wait_for(&mut self, condition: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let ok = self
                .call("Runtime.evaluate", json!({ "expression": condition, "returnByValue": true }))
                .map(|r| r["result"]["value"] == Value::Bool(true))
                .unwrap_or(false);
            if ok {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out after {timeout:?} waiting for `{condition}`");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sets the viewport size in CSS pixels (mobile emulation below 600 px).
    pub fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
        )
        .expect("set viewport");
    }

    /// Saves a PNG screenshot of the viewport.
    pub fn screenshot(&mut self, path: &Path) {
        let r = self.call("Page.captureScreenshot", json!({ "format": "png" })).expect("screenshot");
        let bytes =
            base64::engine::general_purpose::STANDARD.decode(r["data"].as_str().unwrap_or_default()).expect("base64");
        std::fs::write(path, bytes).expect("write screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.ws.close(None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
