//! `herald serve`: a preview server with live reload.
//!
//! The site is built in memory by an incremental [`Session`] with `base-url` pointing at the
//! server, and served from that output map (nothing is written to disk). A watcher turns saves
//! into batches of changed paths; each batch is one incremental build, after which open pages
//! get an event on the server-sent-events stream: reload, swap stylesheets, or show the build's
//! errors (the last good build stays served). Each connection has a thread of its own (see
//! [`conn`] for its limits), so an open page's event stream never blocks a request.

pub mod conn;
pub mod http;
pub mod preview;
pub mod reload;
mod search;
pub mod watch;

use std::collections::{BTreeSet, HashMap};
use std::io::IsTerminal;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::config::{Config, Editor, CONFIG_FILE};
use crate::diagnostic::Diagnostics;
use crate::output::Output;
use crate::pipeline::{Build, Changes, Options, Session};
use crate::report;
use conn::{Head, HeadError};
use http::Target;
use preview::Bases;
use reload::{Event, Hub};
use watch::{Batch, Watcher};

/// How long a connection may wait for its next request (and a request's head may take).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// At most this many open connections, event streams included; more wait in the listen queue
/// of the kernel until one closes.
const MAX_CONNECTIONS: usize = 2048;
/// The stack of a connection's thread: it answers from memory and recurses nowhere.
const CONNECTION_STACK: usize = 256 * 1024;
/// The longest changes that keep coming may hold back the announcement of a build.
const MAX_DEFER: Duration = Duration::from_secs(2);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// The address to listen on; `[serve] bind` when `None`.
    pub bind: Option<String>,
    /// The port; `[serve] port` when `None`; 0 takes any free port.
    pub port: Option<u16>,
    /// Publish drafts.
    pub drafts: bool,
    /// Replaces `[site] base-url`; the preview keeps its sub-path.
    pub base_url: Option<String>,
    /// Read the config from this file instead of the site's `book.toml` (and watch it).
    pub config_file: Option<PathBuf>,
    /// Print builds and errors on stderr.
    pub log: bool,
    /// How long an idle connection stays open; [`IDLE_TIMEOUT`] when `None`.
    pub idle_timeout: Option<Duration>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "{} has no {CONFIG_FILE}: run herald serve in a site's folder, pass --root DIR, or create a site with `herald init DIR`",
        .0.display()
    )]
    NotASite(PathBuf),
    #[error(
        "cannot listen on {addr}: the port is in use (is another `herald serve` running?); choose another with `--port {suggest}`, or `--port 0` for any free port"
    )]
    PortInUse { addr: String, suggest: u16 },
    #[error("cannot listen on {addr}: {message}")]
    Listen { addr: String, message: String },
    #[error("cannot watch the site's files: {0}")]
    Watch(#[from] notify::Error),
}

/// What the server answers with at a given moment.
struct Snapshot {
    /// The last good build; `None` until a build succeeds.
    last: Option<Arc<Build>>,
    /// The id of that build, which served pages carry to notice missed changes.
    build: String,
    /// The current build error, as plain text, while the site does not build.
    error: Option<String>,
    /// The base-url's path (`/` or `/guide/`).
    base_path: String,
    /// The preview's base-url and the published one.
    bases: Bases,
    /// `[serve] editor`, which the preview panel's findings link to.
    editor: Editor,
}

struct State {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: Hub,
    stop: AtomicBool,
    idle_timeout: Duration,
    /// The open connections, to shut them when the server stops.
    connections: Mutex<HashMap<u64, TcpStream>>,
    next_connection: AtomicU64,
    /// Distinguishes this server's build ids from a previous run's.
    started: u64,
    builds: AtomicU64,
    search: search::Indexer,
    /// The site's folder, and the config file read instead of its book.toml: the preview
    /// panel checks a page as `herald check` would.
    root: PathBuf,
    config_file: Option<PathBuf>,
    /// `HERALD_EDITOR`: the writer's own editor, over the site's `[serve] editor`.
    editor: Option<Editor>,
}

impl Snapshot {
    fn output(&self) -> Option<&Output> {
        self.last.as_deref().map(|b| &*b.output)
    }
}

impl State {
    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn set(&self, s: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(s);
    }

    fn next_build(&self) -> String {
        format!("{:x}-{}", self.started, self.builds.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn connections(&self) -> std::sync::MutexGuard<'_, HashMap<u64, TcpStream>> {
        self.connections.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running preview server.
pub struct Server {
    url: String,
    addr: SocketAddr,
    state: Arc<State>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Binds the address, builds the site once and starts serving and watching. A build that
    /// fails does not stop it: the errors are shown, and the site appears once they are fixed.
    pub fn start(options: ServeOptions) -> Result<Server, ServeError> {
        let root = options.root.canonicalize().unwrap_or_else(|_| options.root.clone());
        // Absolute, so that the watcher's paths compare equal to it.
        let config_file = options.config_file.as_ref().map(|f| f.canonicalize().unwrap_or_else(|_| f.clone()));
        if config_file.is_none() && !root.join(CONFIG_FILE).is_file() {
            return Err(ServeError::NotASite(options.root));
        }
        let defaults = Config::load_from(&root, config_file.as_deref()).map(|c| c.serve).unwrap_or_default();
        let bind = options.bind.clone().unwrap_or(defaults.bind);
        let port = options.port.unwrap_or(defaults.port);
        let (listener, addr) = listen(&bind, port)?;
        let host = match addr.ip() {
            ip if ip.is_unspecified() => "127.0.0.1".to_string(),
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        let origin = format!("http://{host}:{}", addr.port());

        let log = Log { root: root.clone(), enabled: options.log };
        let started = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
        let state = Arc::new(State {
            snapshot: RwLock::new(Arc::new(Snapshot {
                last: None,
                build: "none".into(),
                error: None,
                base_path: "/".into(),
                bases: Bases { preview: format!("{origin}/"), public: format!("{origin}/") },
                editor: Editor::default(),
            })),
            hub: Hub::default(),
            stop: AtomicBool::new(false),
            idle_timeout: options.idle_timeout.unwrap_or(IDLE_TIMEOUT),
            connections: Mutex::new(HashMap::new()),
            next_connection: AtomicU64::new(0),
            started,
            builds: AtomicU64::new(0),
            search: search::Indexer::start(),
            root: root.clone(),
            config_file: config_file.clone(),
            editor: editor_from_env(&log),
        });
        let build_options = Options {
            drafts: options.drafts,
            base_url: options.base_url.clone(),
            skip_cards: false,
            config_file,
            ..Options::default()
        };
        let mut session = Session::new(&root, build_options).for_preview(origin.clone());
        let start = Instant::now();
        match session.rebuild() {
            Ok(_) => {
                let b = session.last_build().expect("built");
                log.line(&format!(
                    "Built {} articles, {} sections and {} tags in {} ms",
                    b.site.pages.len(),
                    b.site.sections.len(),
                    b.site.tags.len(),
                    start.elapsed().as_millis()
                ));
                log.diagnostics(&b.warnings);
                state.search.index(b);
                state.set(Snapshot {
                    last: session.shared_build(),
                    build: state.next_build(),
                    error: None,
                    base_path: base_path(&session),
                    bases: bases(&session),
                    editor: editor(&session),
                });
            }
            Err(diags) => {
                log.diagnostics(&diags);
                log.line("The site does not build yet: fix the errors above and save; the browser shows them too.");
                state.set(Snapshot {
                    last: None,
                    build: "none".into(),
                    error: Some(report::to_plain_text(&root, &diags)),
                    base_path: base_path(&session),
                    bases: bases(&session),
                    editor: editor(&session),
                });
            }
        }
        let watcher = Watcher::new(&root, &session.inputs())?;

        let accept_state = Arc::clone(&state);
        let builder_state = Arc::clone(&state);
        let threads = vec![
            std::thread::spawn(move || accept_connections(&accept_state, &listener)),
            std::thread::spawn(move || rebuild_on_change(&builder_state, session, watcher, &log)),
        ];
        Ok(Server { url: format!("{origin}{}", state.snapshot().base_path), addr, state, threads })
    }

    /// The site's URL (`http://127.0.0.1:3000/`, with the base-url's sub-path).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving and watching, and ends the open event streams.
    pub fn stop(self) {
        self.state.stop.store(true, Ordering::Relaxed);
        self.state.hub.close();
        for c in self.state.connections().values() {
            let _ = c.shutdown(Shutdown::Both);
        }
        // Wakes the accept loop, which then sees the stop flag.
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        let _ = TcpStream::connect(wake);
        for t in self.threads {
            let _ = t.join();
        }
    }
}

fn listen(bind: &str, port: u16) -> Result<(TcpListener, SocketAddr), ServeError> {
    let addr_text = if bind.contains(':') { format!("[{bind}]:{port}") } else { format!("{bind}:{port}") };
    let addr: SocketAddr = addr_text.parse().map_err(|_| ServeError::Listen {
        addr: addr_text.clone(),
        message: "not an IP address and port (use e.g. --bind 127.0.0.1)".into(),
    })?;
    let listener = TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            ServeError::PortInUse { addr: addr_text.clone(), suggest: port.wrapping_add(1).max(1) }
        }
        _ => ServeError::Listen { addr: addr_text.clone(), message: e.to_string() },
    })?;
    let local = listener.local_addr().unwrap_or(addr);
    Ok((listener, local))
}

fn base_path(session: &Session) -> String {
    session.config().map_or_else(|| "/".to_string(), |c| c.base_path().to_string())
}

fn editor(session: &Session) -> Editor {
    session.config().map(|c| c.serve.editor.clone()).unwrap_or_default()
}

/// `HERALD_EDITOR`, when set to an editor (else a warning, and `[serve] editor` stays).
fn editor_from_env(log: &Log) -> Option<Editor> {
    let setting = std::env::var("HERALD_EDITOR").ok().filter(|s| !s.trim().is_empty())?;
    match Editor::try_from(setting) {
        Ok(e) => Some(e),
        Err(why) => {
            log.line(&format!("warning: HERALD_EDITOR: {why}; the preview panel opens files with [serve] editor"));
            None
        }
    }
}

fn bases(session: &Session) -> Bases {
    let preview = session.config().map_or_else(String::new, |c| c.site.base_url.clone());
    let public = session.public_base_url().map_or_else(|| preview.clone(), String::from);
    Bases { preview, public }
}

/// Accepts connections until the server stops, each on a thread of its own.
fn accept_connections(state: &Arc<State>, listener: &TcpListener) {
    for stream in listener.incoming() {
        if state.stop.load(Ordering::Relaxed) {
            break;
        }
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it was accepted: the
                // next accept may well succeed.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        while state.connections().len() >= MAX_CONNECTIONS && !state.stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(10));
        }
        let state = Arc::clone(state);
        let _ = std::thread::Builder::new()
            .name("herald-connection".into())
            .stack_size(CONNECTION_STACK)
            .spawn(move || serve_connection(&state, stream));
    }
}

/// Answers the requests of one connection until it closes, idles past the timeout or sends
/// something that is not a request; or streams build events on it.
fn serve_connection(state: &Arc<State>, mut stream: TcpStream) {
    // Nagle's algorithm would hold a reply's last small segment until the client's delayed ACK.
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(conn::WRITE_TIMEOUT));
    let id = state.next_connection.fetch_add(1, Ordering::Relaxed);
    match stream.try_clone() {
        Ok(clone) => state.connections().insert(id, clone),
        Err(_) => return,
    };
    let mut buf = Vec::new();
    loop {
        let head = match conn::read_head(&mut stream, &mut buf, state.idle_timeout) {
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
        match answer(state, &head) {
            Answer::Events => break stream_events(state, &mut stream),
            Answer::Reply(r) => {
                let headers: Vec<(&str, &str)> = r.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
                let head_only = head.method == "HEAD";
                if conn::write_reply(&mut stream, r.status, &headers, &r.body, head_only, close).is_err() {
                    break;
                }
                if head.has_body {
                    // The body was not read: drop it rather than take it for the next request.
                    break conn::close_after_error(stream);
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
        && conn::write_reply(&mut stream, status, &headers, message.as_bytes(), false, true).is_ok()
    {
        conn::close_after_error(stream);
    }
}

/// What a request gets.
enum Answer {
    Reply(Reply),
    /// The build events, streamed on the connection until the page goes away.
    Events,
}

struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Arc<[u8]>,
}

fn reply(status: u16, ctype: &str, body: impl Into<Arc<[u8]>>, extra: &[(&'static str, &str)]) -> Answer {
    let mut headers = vec![
        ("Content-Type", ctype.to_string()),
        ("Cache-Control", "no-cache".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
    ];
    headers.extend(extra.iter().map(|(n, v)| (*n, v.to_string())));
    Answer::Reply(Reply { status, headers, body: body.into() })
}

fn text(status: u16, body: &str) -> Answer {
    reply(status, "text/plain; charset=utf-8", body.as_bytes(), &[])
}

fn answer(state: &State, req: &Head) -> Answer {
    let url = req.target.as_str();
    let raw_path = url.split(['?', '#']).next().unwrap_or("");
    let head_or_get = matches!(req.method.as_str(), "GET" | "HEAD");
    if raw_path.starts_with(http::PREFIX) {
        return match raw_path {
            http::EVENTS_PATH if req.method == "GET" => Answer::Events,
            http::SCRIPT_PATH if head_or_get => {
                reply(200, "text/javascript; charset=utf-8", reload::CLIENT_JS.as_bytes(), &[])
            }
            preview::LAUNCHER_PATH if head_or_get => {
                reply(200, "text/javascript; charset=utf-8", preview::LAUNCHER_JS.as_bytes(), &[])
            }
            p if head_or_get && p.starts_with(preview::PANEL_PREFIX) => preview_panel(state, url),
            _ if !head_or_get => not_allowed(),
            _ => text(404, "not found\n"),
        };
    }
    if !head_or_get {
        return not_allowed();
    }
    let path = match http::decode_path(url) {
        Ok(p) => p,
        Err(why) => return text(400, &format!("bad request path ({why:?})\n")),
    };
    let snap = state.snapshot();
    let Some(output) = snap.output() else {
        let page = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The site does not build</title></head>\
             <body><h1>The site does not build yet</h1><pre>{}</pre></body></html>",
            crate::escape::escape_html(snap.error.as_deref().unwrap_or(""))
        );
        return reply(503, "text/html; charset=utf-8", http::inject_script(page.as_bytes(), &snap.build), &[]);
    };
    let query = url.split_once('?').map(|(_, q)| q.split('#').next().unwrap_or(""));
    if path.starts_with(&format!("{}{}/", snap.base_path, crate::search::DIR)) {
        let index = state.search.files();
        if let Target::File(key) = http::resolve(&index, &snap.base_path, &path, query) {
            return file(200, &snap, &index, &key);
        }
    }
    match http::resolve(output, &snap.base_path, &path, query) {
        Target::File(key) => file(200, &snap, output, &key),
        Target::Redirect(location) => {
            reply(301, "text/plain; charset=utf-8", &b"moved\n"[..], &[("Location", &location)])
        }
        Target::NotFound if output.contains("404.html") => file(404, &snap, output, "404.html"),
        Target::NotFound => text(404, "not found\n"),
    }
}

/// The share and search preview of the page at the path after [`preview::PANEL_PREFIX`].
fn preview_panel(state: &State, url: &str) -> Answer {
    let page = &url[preview::PANEL_PREFIX.len() - 1..];
    let path = match http::decode_path(page) {
        Ok(p) => p,
        Err(why) => return text(400, &format!("bad request path ({why:?})\n")),
    };
    let snap = state.snapshot();
    let Some(last) = &snap.last else { return text(503, "the site does not build yet\n") };
    let output = &last.output;
    let key = match http::resolve(output, &snap.base_path, &path, None) {
        Target::File(key) if http::content_type(&key).starts_with("text/html") => key,
        _ => return text(404, "no page at this path\n"),
    };
    let lint = preview::findings(last, &state.root, state.config_file.as_deref(), &key);
    let page_path = page.split(['?', '#']).next().unwrap_or(page);
    let lint = lint.as_ref().map(|(file, found)| (file.as_path(), found));
    let open = preview::panel::Open { root: &state.root, editor: state.editor.as_ref().unwrap_or(&snap.editor) };
    let html = preview::page_panel(output, &key, page_path, &snap.bases, lint, open, &snap.build);
    reply(200, "text/html; charset=utf-8", html.into_bytes(), &[])
}

fn file(status: u16, snap: &Snapshot, output: &Output, key: &str) -> Answer {
    let bytes = output.get(key).expect("resolved to an existing file");
    let ctype = http::content_type(key);
    if ctype.starts_with("text/html") {
        reply(status, &ctype, http::inject_script(bytes, &snap.build), &[])
    } else {
        reply(status, &ctype, Arc::clone(bytes), &[])
    }
}

fn not_allowed() -> Answer {
    reply(405, "text/plain; charset=utf-8", &b"method not allowed: use GET or HEAD\n"[..], &[("Allow", "GET, HEAD")])
}

/// Streams build events on the connection until the page goes away or the server stops.
fn stream_events(state: &State, stream: &mut TcpStream) {
    let Some(sub) = state.hub.subscribe() else {
        let headers = [("Content-Type", "text/plain; charset=utf-8")];
        let _ = conn::write_reply(stream, 503, &headers, b"too many open pages\n", false, true);
        return;
    };
    // Subscribed first: a build finishing now is then either in the hello or sent after it.
    let snap = state.snapshot();
    let first = reload::hello(&snap.build, snap.error.as_deref());
    let probe = stream.try_clone();
    let closed = || probe.as_ref().map_or(true, conn::peer_closed);
    let _ = reload::stream(stream, &sub.events, &first, &closed);
    state.hub.unsubscribe(sub.id);
}

/// The builder: one incremental build per batch of changes, then the event for open pages.
///
/// When more changes came in while a build ran (a burst such as a `git checkout`, or a file
/// still being written), its result is already out of date: it is neither announced nor its
/// errors reported; the next build takes the new changes and the announcement covers both.
fn rebuild_on_change(state: &Arc<State>, mut session: Session, mut watcher: Watcher, log: &Log) {
    let mut last_warnings = Diagnostics::new();
    // Output paths changed by builds not announced yet, and the batches behind them.
    let mut unannounced: BTreeSet<String> = BTreeSet::new();
    let mut merged = Batch::default();
    let mut deferred_since: Option<Instant> = None;
    while let Some(batch) = watcher.next_batch(&state.stop) {
        let result = if batch.rescan { session.rebuild() } else { session.apply(&batch.paths) };
        let pending = watcher.has_pending(&batch);
        merged.paths.extend(batch.paths);
        merged.first = match (merged.first, batch.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Ok(changes) = &result {
            unannounced.extend(changes.paths.iter().cloned());
        }
        let deferred = *deferred_since.get_or_insert_with(Instant::now);
        if pending && deferred.elapsed() < MAX_DEFER {
            continue;
        }
        let batch = std::mem::take(&mut merged);
        deferred_since = None;
        let snap = state.snapshot();
        match result {
            Ok(changes) if !changes.built && unannounced.is_empty() => {}
            Ok(changes) => {
                let b = session.last_build().expect("a successful build");
                if b.warnings != last_warnings {
                    log.diagnostics(&b.warnings);
                    last_warnings = b.warnings.clone();
                }
                let recovered = snap.error.is_some();
                let paths = std::mem::take(&mut unannounced);
                if paths.is_empty() && !recovered {
                    log.change(&batch, &changes, paths.len(), "no page changed");
                    continue;
                }
                let build = state.next_build();
                state.search.index(b);
                state.set(Snapshot {
                    last: session.shared_build(),
                    build: build.clone(),
                    error: None,
                    base_path: base_path(&session),
                    bases: bases(&session),
                    editor: editor(&session),
                });
                let css_only = paths.iter().all(|p| p.ends_with(".css"));
                let event = if css_only && !recovered { Event::Css { build } } else { Event::Reload { build } };
                state.hub.broadcast(&event);
                let outcome = if matches!(event, Event::Css { .. }) { "stylesheets swapped" } else { "reload sent" };
                log.change(&batch, &changes, paths.len(), outcome);
            }
            Err(diags) => {
                log.diagnostics(&diags);
                let message = report::to_plain_text(&log.root, &diags);
                state.set(Snapshot {
                    last: snap.last.clone(),
                    build: snap.build.clone(),
                    error: Some(message.clone()),
                    base_path: snap.base_path.clone(),
                    bases: snap.bases.clone(),
                    editor: snap.editor.clone(),
                });
                state.hub.broadcast(&Event::Error { build: snap.build.clone(), message });
                log.line("The last good build stays served; the browser shows the errors until they are fixed.");
            }
        }
        watcher.sync(&session.inputs());
    }
}

/// Messages on stderr, when enabled.
struct Log {
    root: PathBuf,
    enabled: bool,
}

impl Log {
    fn line(&self, text: &str) {
        if self.enabled {
            eprintln!("{text}");
        }
    }

    fn diagnostics(&self, diags: &Diagnostics) {
        if self.enabled && !diags.is_empty() {
            let choice = if std::io::stderr().is_terminal() { ColorChoice::Auto } else { ColorChoice::Never };
            let _ = report::emit(&mut StandardStream::stderr(choice), &self.root, diags);
        }
    }

    fn change(&self, batch: &Batch, changes: &Changes, files: usize, outcome: &str) {
        if !self.enabled {
            return;
        }
        let names: Vec<String> = batch.paths.iter().map(|p| relative(&self.root, p)).collect();
        let shown = match names.len() {
            0..=3 => names.join(", "),
            n => format!("{} and {} more", names[..2].join(", "), n - 2),
        };
        let since = batch.first.map(|t| format!(", {} ms after the save", t.elapsed().as_millis())).unwrap_or_default();
        eprintln!(
            "{} {shown}: {} pages rendered, {files} files changed in {} ms; {outcome}{since}",
            chrono::Local::now().format("%H:%M:%S"),
            changes.rendered,
            changes.elapsed.as_millis(),
        );
    }
}

fn relative(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

/// Opens `url` in the default browser, without waiting for it.
pub fn open_browser(url: &str) -> std::io::Result<()> {
    open::that_detached(url)
}
