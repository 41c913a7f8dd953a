//! Save-to-reload latency of `herald serve`: the time from writing an article to the `reload`
//! event arriving on the server's event stream, as a browser would receive it.
//!
//! ```sh
//! cargo run --release --example serve_latency                      # the bundled site
//! cargo run --release --example serve_latency -- --articles 10000  # a generated site
//! cargo run --release --example serve_latency -- --site DIR        # any site (copied first)
//! ```
//!
//! Options: `--edits N` (default 20), `--json` (one JSON line instead of the table),
//! `--builds-only` (the incremental builds alone, with their CPU, and no server). The site is
//! copied to (or generated in) a temporary folder, so nothing of yours is edited. The server
//! runs in this process on a free loopback port, with the same watcher, incremental build and
//! event stream as `herald serve`; the client reads the stream over TCP. It is a benchmark, not
//! a test: it prints figures and asserts nothing about them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use herald::pipeline::{Options, Session};
use herald::serve::{ServeOptions, Server};

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_ms;

// The allocator of the `herald` binary, so that figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Args {
    site: Option<PathBuf>,
    articles: Option<usize>,
    edits: usize,
    json: bool,
    /// Stop after the incremental builds (no server): for comparing builds alone.
    builds_only: bool,
}

fn main() {
    let args = parse_args();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let root = tmp.path().join("site");
    let label = match (&args.site, args.articles) {
        (_, Some(n)) => {
            generate(&root, n);
            format!("generated, {n} articles")
        }
        (Some(dir), None) => {
            copy_site(dir, &root);
            format!("{}", dir.display())
        }
        (None, None) => {
            copy_site(Path::new(env!("CARGO_MANIFEST_DIR")), &root);
            "bundled site".to_string()
        }
    };
    let target = pick_article(&root);
    let rel = target.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");

    // The incremental build alone, for the breakdown (as the server runs it).
    let mut session = Session::new(&root, Options::default()).for_preview("http://127.0.0.1:3000");
    let t = Instant::now();
    let first = session.rebuild().unwrap_or_else(|d| panic!("the site does not build:\n{d}"));
    let full_ms = ms(t.elapsed());
    let original = std::fs::read_to_string(&target).unwrap();
    let mut build_ms = Vec::new();
    let cpu_before = cpu_ms();
    for i in 0..args.edits {
        std::fs::write(&target, edited(&original, i)).unwrap();
        let t = Instant::now();
        session.apply(&[&target]).expect("the edit builds");
        build_ms.push(ms(t.elapsed()));
    }
    // CPU per build varies less than wall time on a shared machine: the figure to compare
    // changes by.
    let build_cpu_ms = (cpu_ms() - cpu_before) as f64 / args.edits as f64;
    std::fs::write(&target, &original).unwrap();
    if args.builds_only {
        println!("incremental build: {}; CPU {build_cpu_ms:.1} ms a build", table(&build_ms));
        return;
    }
    let (whole_ms, page_ms) = check_times(&session, &target, args.edits);
    let page_url = session
        .last_build()
        .and_then(|b| b.site.pages.iter().find(|p| root.join(&p.source.file) == target).map(|p| p.urls.url.clone()))
        .expect("the edited article's URL");
    drop(session);

    // Save to reload event, through the real server.
    let options = ServeOptions {
        root: root.clone(),
        bind: Some("127.0.0.1".into()),
        port: Some(0),
        drafts: false,
        base_url: None,
        config_file: None,
        log: false,
        idle_timeout: None,
    };
    let server = Server::start(options).expect("start the server");
    let mut events = Events::open(&server.addr().to_string());
    let mut latency_ms = Vec::new();
    for i in 0..args.edits {
        let text = edited(&original, i + 1000);
        let t = Instant::now();
        std::fs::write(&target, &text).unwrap();
        events.wait_for("reload", Duration::from_secs(120));
        latency_ms.push(ms(t.elapsed()));
        // Let the watcher go quiet, so that each edit is a save of its own.
        std::thread::sleep(Duration::from_millis(150));
        events.drain();
    }

    // With a share preview panel open: each reload also loads the panel, which checks its page.
    let addr = server.addr().to_string();
    let panel = format!("/__herald/preview{page_url}");
    let _ = get(&addr, &panel);
    let mut panel_latency_ms = Vec::new();
    let mut panel_ms = Vec::new();
    for i in 0..args.edits {
        let text = edited(&original, i + 2000);
        let t = Instant::now();
        std::fs::write(&target, &text).unwrap();
        events.wait_for("reload", Duration::from_secs(120));
        panel_latency_ms.push(ms(t.elapsed()));
        let t = Instant::now();
        let body = get(&addr, &panel);
        assert!(body.contains("id=\"lint\"") && !body.contains("data-pending"), "the panel has its findings");
        panel_ms.push(ms(t.elapsed()));
        std::thread::sleep(Duration::from_millis(150));
        events.drain();
    }
    server.stop();

    let load =
        std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split_whitespace().next().map(String::from));
    let pages = first.paths.len();
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "site": label, "edited": rel, "output_files": pages, "edits": args.edits,
                "full_build_ms": full_ms, "incremental_build_ms": stats(&build_ms),
                "incremental_build_cpu_ms": build_cpu_ms,
                "save_to_reload_ms": stats(&latency_ms), "load_average": load,
                "panel_open_save_to_reload_ms": stats(&panel_latency_ms), "panel_after_reload_ms": stats(&panel_ms),
                "check_site_ms": stats(&whole_ms), "check_page_ms": stats(&page_ms),
            })
        );
    } else {
        println!("site: {label} ({pages} output files), editing {rel}, {} edits", args.edits);
        println!("  full build (in memory):  {full_ms:.0} ms");
        println!("  incremental build:       {}", table(&build_ms));
        println!("  ... its CPU (all threads): {build_cpu_ms:.1} ms a build (mean)");
        println!("  save to reload event:    {}", table(&latency_ms));
        println!("  ... with a panel open:   {}", table(&panel_latency_ms));
        println!("  preview panel (reload to panel with findings): {}", table(&panel_ms));
        println!("  herald check, whole site: {}", table(&whole_ms));
        println!("  herald check, this page:  {}", table(&page_ms));
        if let Some(load) = load {
            println!(
                "  load average at the end: {load} ({} cores)",
                std::thread::available_parallelism().map_or(0, |n| n.get())
            );
        }
    }
}

/// `herald check` over the whole site (what the preview panel's findings cost after each save
/// while it checked the whole build) and over the edited page alone (what the panel runs now).
fn check_times(session: &Session, target: &Path, runs: usize) -> (Vec<f64>, Vec<f64>) {
    let build = session.last_build().expect("built");
    let root = session.root();
    let site = &build.site;
    let id = site.page_ids().find(|&id| root.join(&site.page(id).source.file) == target).expect("the edited page");
    let options = herald::check::Options::default();
    let time = |f: &dyn Fn()| {
        let t = Instant::now();
        f();
        ms(t.elapsed())
    };
    let whole = (0..runs.min(5)).map(|_| time(&|| drop(herald::check::check(build, root, &options)))).collect();
    let item = herald::site::Item::Page(id);
    let page = (0..runs).map(|_| time(&|| drop(herald::check::check_page(build, root, &options, item)))).collect();
    (whole, page)
}

fn parse_args() -> Args {
    let mut args = Args { site: None, articles: None, edits: 20, json: false, builds_only: false };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--site" => args.site = it.next().map(PathBuf::from),
            "--articles" => args.articles = it.next().and_then(|n| n.parse().ok()),
            "--edits" => args.edits = it.next().and_then(|n| n.parse().ok()).unwrap_or(20).max(1),
            "--json" => args.json = true,
            "--builds-only" => args.builds_only = true,
            _ => {
                eprintln!("usage: serve_latency [--site DIR | --articles N] [--edits N] [--json] [--builds-only]");
                std::process::exit(2);
            }
        }
    }
    args
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn stats(v: &[f64]) -> serde_json::Value {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let at = |q: f64| s[((s.len() - 1) as f64 * q).round() as usize];
    serde_json::json!({ "min": s[0], "median": at(0.5), "p90": at(0.9), "max": s[s.len() - 1] })
}

fn table(v: &[f64]) -> String {
    let s = stats(v);
    format!(
        "median {:.1} ms, min {:.1}, p90 {:.1}, max {:.1}",
        s["median"].as_f64().unwrap(),
        s["min"].as_f64().unwrap(),
        s["p90"].as_f64().unwrap(),
        s["max"].as_f64().unwrap()
    )
}

/// An edit a writer might make: a sentence added after the body's first paragraph.
fn edited(original: &str, i: usize) -> String {
    let body_start = original.find("\n---").map_or(0, |at| at + 4);
    let at = original[body_start..].find("\n\n").map_or(original.len(), |p| body_start + p);
    format!("{}\n\nAn edit, number {i}, saved by the benchmark.{}", &original[..at], &original[at..])
}

/// An article in the middle of the site's sorted list of articles.
fn pick_article(root: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    files.sort();
    files.swap_remove(files.len() / 2)
}

fn copy_site(from: &Path, to: &Path) {
    assert!(from.join("book.toml").is_file(), "{} has no book.toml", from.display());
    for part in ["book.toml", "content", "templates", "static", "themes"] {
        let src = from.join(part);
        if !src.exists() {
            continue;
        }
        for e in walkdir::WalkDir::new(&src).follow_links(true).into_iter().filter_map(Result::ok) {
            let dest = to.join(e.path().strip_prefix(from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::copy(e.path(), &dest).unwrap();
            }
        }
    }
}

/// A site of `n` articles of about 1,200 words in 10 sections, each with 3 of 50 tags, a date
/// and links to two other articles, and one social image for every page.
fn generate(root: &Path, n: usize) {
    const WORDS: [&str; 24] = [
        "social",
        "media",
        "optimization",
        "marketing",
        "search",
        "engine",
        "audience",
        "share",
        "link",
        "card",
        "title",
        "description",
        "graph",
        "content",
        "reach",
        "engagement",
        "platform",
        "campaign",
        "brand",
        "hashtag",
        "profile",
        "network",
        "preview",
        "image",
    ];
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        // One social image for all: 10,000 cards would be drawn (and cached) before the first
        // edit, which measures card drawing rather than the preview.
        "[book]\ntitle = \"Generated corpus\"\ndescription = \"A generated site for benchmarks.\"\n\n[site]\nbase-url = \"https://example.org/\"\n\n[social]\ndefault-image = \"https://example.org/share.png\"\n",
    )
    .unwrap();
    std::fs::write(root.join("content/_index.md"), "---\ntitle: Home\n---\nA generated site.\n").unwrap();
    let sections = 10;
    for s in 0..sections {
        let dir = root.join(format!("content/s{s}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("_index.md"), format!("---\ntitle: Section {s}\n---\nSection {s}.\n")).unwrap();
    }
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..n {
        let tags: Vec<String> = (0..3).map(|_| format!("t{}", next() % 50)).collect();
        let mut body = String::new();
        for p in 0..12 {
            if p == 4 || p == 8 {
                body.push_str(&format!("## Part {}\n\n", p / 4));
            }
            let words: Vec<&str> = (0..100).map(|_| WORDS[(next() % WORDS.len() as u64) as usize]).collect();
            body.push_str(&words.join(" "));
            if p == 1 {
                let (a, b) = ((next() as usize) % n, (next() as usize) % n);
                body.push_str(&format!(
                    " See [one](@/s{}/a{a}.md) and [another](@/s{}/a{b}.md).",
                    a % sections,
                    b % sections
                ));
            }
            body.push_str("\n\n");
        }
        let text = format!(
            "---\ntitle: Article {i}\ndescription: Generated article number {i}, for measuring how herald scales.\ndate: 2025-{:02}-{:02}\ntags: [{}]\n---\n{body}",
            1 + i % 12,
            1 + i % 28,
            tags.join(", ")
        );
        std::fs::write(root.join(format!("content/s{}/a{i}.md", i % sections)), text).unwrap();
    }
}

/// The body of `GET path`, over a connection of its own.
fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).expect("a reply");
    out
}

/// The server's event stream, read over TCP.
struct Events {
    reader: BufReader<TcpStream>,
    pending: String,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut s = TcpStream::connect(addr).expect("connect");
        write!(s, "GET /__herald/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut reader = BufReader::new(s);
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
        }
        let mut e = Events { reader, pending: String::new() };
        e.wait_for("hello", Duration::from_secs(60));
        e
    }

    /// Reads until an event named `name` has arrived.
    fn wait_for(&mut self, name: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let marker = format!("event: {name}\n");
        loop {
            if let Some(at) = self.pending.find(&marker) {
                if let Some(end) = self.pending[at..].find("\n\n") {
                    self.pending.drain(..at + end + 2);
                    return;
                }
            }
            if let Some(at) = self.pending.find("event: build-error") {
                panic!("the build failed: {}", &self.pending[at..]);
            }
            let left = deadline.checked_duration_since(Instant::now()).unwrap_or_else(|| panic!("no `{name}` event"));
            self.read_chunk(left);
        }
    }

    /// Forgets events that came meanwhile.
    fn drain(&mut self) {
        self.reader.get_ref().set_nonblocking(true).unwrap();
        let mut buf = [0; 4096];
        while matches!(self.reader.read(&mut buf), Ok(n) if n > 0) {}
        self.reader.get_ref().set_nonblocking(false).unwrap();
        self.pending.clear();
    }

    fn read_chunk(&mut self, timeout: Duration) {
        self.reader.get_ref().set_read_timeout(Some(timeout.max(Duration::from_millis(1)))).unwrap();
        let mut size = String::new();
        self.reader.read_line(&mut size).expect("a chunk");
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        let mut chunk = vec![0; size + 2];
        self.reader.read_exact(&mut chunk).expect("a whole chunk");
        self.pending.push_str(&String::from_utf8_lossy(&chunk[..size]));
    }
}
