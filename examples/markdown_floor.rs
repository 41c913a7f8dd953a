//! The Markdown floor of a build: pulldown-cmark alone, on one thread, over the bodies of every
//! `.md` file below a folder, then herald's own Markdown stage (heading ids, link resolution,
//! summary, word count) over the same text, also on one thread. Front matter is cut off first
//! and not timed.
//!
//! Fenced code stays plain (the markup of highlighted code, without colours) unless `--highlight`
//! is given: highlighting has its own cache and its own row in the benchmark, and uncached it
//! would be most of the time.
//!
//! `cargo run --release --example markdown_floor -- DIR [--highlight]`

use std::path::{Path, PathBuf};
use std::time::Instant;

use herald::markdown::{self, RenderOptions};
use pulldown_cmark::{Options, Parser};

// The allocator of the `herald` binary, so that figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "content".into()));
    let highlight = std::env::args().any(|a| a == "--highlight");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    // (folder below `dir` for relative links, body)
    let bodies: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("read");
            let body = match text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")) {
                Some((_, body)) => body.to_string(),
                None => text,
            };
            let rel = f.parent().unwrap_or(&dir).strip_prefix(&dir).unwrap_or(Path::new(""));
            (rel.to_string_lossy().replace('\\', "/"), body)
        })
        .collect();
    let bytes: usize = bodies.iter().map(|(_, b)| b.len()).sum();
    let mib = bytes as f64 / (1024.0 * 1024.0);
    println!("{} files, {:.1} MiB of Markdown below {}", bodies.len(), mib, dir.display());

    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let t = Instant::now();
    let mut out_bytes = 0;
    for (_, body) in &bodies {
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, options));
        out_bytes += html.len();
    }
    report("pulldown-cmark alone", t, mib, out_bytes);

    // Every file is a link target, as in a site: content path -> URL.
    let links: herald::markdown::LinkMap = files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(&dir).unwrap_or(f).to_string_lossy().replace('\\', "/");
            let url = format!("/{}/", rel.trim_end_matches(".md"));
            (rel, url)
        })
        .collect();
    let t = Instant::now();
    let mut out_bytes = 0;
    for (folder, body) in &bodies {
        let opts = RenderOptions {
            dir: folder,
            links: &links,
            smart_punctuation: true,
            base_path: "/",
            highlight: highlight.then_some(&herald::markdown::highlight::Themes::DEFAULT),
            math: false,
            slugify: herald::config::Slugify::Safe,
        };
        let (rendered, _) = markdown::render(body, &opts);
        out_bytes += rendered.html.len();
    }
    report("herald markdown stage", t, mib, out_bytes);
}

fn report(what: &str, t: Instant, mib: f64, out_bytes: usize) {
    let s = t.elapsed().as_secs_f64();
    println!(
        "{what:<22} {:>7.0} ms on one thread, {:>5.1} MiB/s, {:.1} MiB of HTML",
        s * 1000.0,
        mib / s,
        out_bytes as f64 / (1024.0 * 1024.0)
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}
