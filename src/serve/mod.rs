//! `herald serve`: a preview server with live reload.
//!
//! The site is built in memory by an incremental [`Session`] with `base-url` pointing at the
//! server, and served from that output map (nothing is written to disk). A watcher turns saves
//! into batches of changed paths; each batch is one incremental build, after which open pages
//! get an event on the server-sent-events stream: reload, swap stylesheets, or show the build's
//! errors (the last good build stays served). Each connection has a thread of its own (see
//! [`conn`] for its limits), so an open page's event stream never blocks a request.
//!
//! This module wires the parts together and routes requests; the builder thread is in
//! `builder`, connections in [`conn`], the answers in [`http`], the share preview's panel and
//! its route in [`preview`].

mod builder;
pub mod conn;
pub mod http;
pub mod preview;
pub mod reload;
mod search;
pub mod watch;

use std::collections::HashMap;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::config::{Config, Editor, CONFIG_FILE};
use crate::output::Output;
use crate::pipeline::{Build, Options, Session};
use crate::report;
use builder::Log;
use conn::Head;
use http::{not_allowed, reply, text, Answer, Target};
use preview::Bases;
use reload::Hub;
use watch::Watcher;

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
#[derive(Clone)]
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
    /// The session's last good build as `build`, with `error` when the latest one failed.
    fn of(session: &Session, build: String, error: Option<String>) -> Snapshot {
        let config = session.config();
        let preview = config.map_or_else(String::new, |c| c.site.base_url.clone());
        let public = session.public_base_url().map_or_else(|| preview.clone(), String::from);
        Snapshot {
            last: session.shared_build(),
            build,
            error,
            base_path: config.map_or_else(|| "/".to_string(), |c| c.base_path().to_string()),
            bases: Bases { preview, public },
            editor: config.map(|c| c.serve.editor.clone()).unwrap_or_default(),
        }
    }

    fn output(&self) -> Option<&Output> {
        self.last.as_deref().map(|b| &*b.output)
    }
}

impl State {
    fn new(options: &ServeOptions, origin: &str, root: PathBuf, config_file: Option<PathBuf>, log: &Log) -> State {
        let started = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
        let bases = Bases { preview: format!("{origin}/"), public: format!("{origin}/") };
        let snapshot = Snapshot {
            last: None,
            build: "none".into(),
            error: None,
            base_path: "/".into(),
            bases,
            editor: Editor::default(),
        };
        State {
            snapshot: RwLock::new(Arc::new(snapshot)),
            hub: Hub::default(),
            stop: AtomicBool::new(false),
            idle_timeout: options.idle_timeout.unwrap_or(IDLE_TIMEOUT),
            connections: Mutex::new(HashMap::new()),
            next_connection: AtomicU64::new(0),
            started,
            builds: AtomicU64::new(0),
            search: search::Indexer::start(),
            root,
            config_file,
            editor: editor_from_env(log),
        }
    }

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
        let origin = origin_of(addr);
        let log = Log { root: root.clone(), enabled: options.log };
        let state = Arc::new(State::new(&options, &origin, root.clone(), config_file.clone(), &log));
        let build_options = Options {
            drafts: options.drafts,
            base_url: options.base_url.clone(),
            skip_cards: false,
            // A reload never waits on an encoder: the preview prints the variants a build cached.
            cached_variants_only: true,
            config_file,
            ..Options::default()
        };
        let mut session = Session::new(&root, build_options).for_preview(origin.clone());
        first_build(&state, &mut session, &log);
        let watcher = Watcher::new(&root, &session.inputs())?;

        let accept_state = Arc::clone(&state);
        let builder_state = Arc::clone(&state);
        let threads = vec![
            std::thread::spawn(move || accept_connections(&accept_state, &listener)),
            std::thread::spawn(move || builder::rebuild_on_change(&builder_state, session, watcher, &log)),
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

/// The origin of a server listening on `addr` (an unspecified address is reached at loopback).
fn origin_of(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    format!("http://{host}:{}", addr.port())
}

/// The first build, before the server answers: the site, or the errors to show instead.
fn first_build(state: &State, session: &mut Session, log: &Log) {
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
            state.search.index(session.shared_build().expect("the build above"));
            state.set(Snapshot::of(session, state.next_build(), None));
        }
        Err(diags) => {
            log.diagnostics(&diags);
            log.line("The site does not build yet: fix the errors above and save; the browser shows them too.");
            state.set(Snapshot::of(session, "none".into(), Some(report::to_plain_text(&log.root, &diags))));
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
            .spawn(move || conn::serve(&state, stream));
    }
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
            p if head_or_get && p.starts_with(preview::PANEL_PREFIX) => preview::route::answer(state, url),
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
            return http::file(200, &snap.build, &index, &key);
        }
    }
    match http::resolve(output, &snap.base_path, &path, query) {
        Target::File(key) => http::file(200, &snap.build, output, &key),
        Target::Redirect(location) => {
            reply(301, "text/plain; charset=utf-8", &b"moved\n"[..], &[("Location", &location)])
        }
        Target::NotFound => match http::not_found_page(output, &snap.base_path, &path) {
            Some(page) => http::file(404, &snap.build, output, &page),
            None => text(404, "not found\n"),
        },
    }
}

/// Opens `url` in the default browser, without waiting for it.
pub fn open_browser(url: &str) -> std::io::Result<()> {
    open::that_detached(url)
}
