//! Times the links between articles of the site at `DIR`, which every build and every edit in the
//! preview make anew: backlinks (from the links the Markdown stage recorded) and related
//! articles (`[site] related`, or 3 when it is 0), and what the preview pays instead when an
//! edit leaves the related lists' inputs as they were. `cargo run --release --example
//! links_graph -- DIR [RUNS]`. Prints the median of `RUNS` (default 20) of each.
//!
//! The model is built with `[markdown] highlight = false`: neither graph reads the code blocks,
//! and highlighting them was nearly all of the setup's time (in a debug build, minutes at
//! 10,000 articles before the first figure).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use herald::site::{graph, BuildOptions, Site};
use herald::{content, pipeline};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20).max(1);
    let start = Instant::now();
    let mut config = pipeline::load_config(&root, &pipeline::Options::default()).expect("config");
    config.markdown.highlight = false;
    let (content, diags) = content::load(&root);
    assert!(!diags.has_errors(), "{diags:?}");
    let (site, diags) = Site::build(
        config,
        root.clone(),
        content,
        BuildOptions { reuse: herald::cache::Reuse::OneOff, ..BuildOptions::default() },
    );
    assert!(!diags.has_errors(), "{diags:?}");
    let n = site.pages.len();
    eprintln!(
        "links graph: the model of {n} articles built in {:.2} s; timing {runs} runs",
        start.elapsed().as_secs_f64()
    );
    let links: usize = site.pages.iter().map(|p| p.backlinks.len()).sum();
    let by_date = site.pages_by_date().to_vec();
    let time = median(runs, || {
        std::hint::black_box(graph::backlinks(&site.pages, &by_date));
    });
    println!("links graph, {n} articles: backlinks {:>8.2} ms ({links} linking articles)", ms(time));
    // What the preview pays when one article's text changed: the last lists, copied, with that
    // article's links taken out and put back (the one with the most links, the worst case).
    let lists = graph::backlinks(&site.pages, &by_date);
    let edited = (0..n).max_by_key(|&i| site.pages[i].rendered.links.len()).unwrap_or(0);
    let time = median(runs, || {
        let changed = [(edited, &*site.pages[edited].rendered)];
        std::hint::black_box(graph::patch_backlinks(lists.clone(), &site.pages, &by_date, &changed));
    });
    println!("links graph, {n} articles: backlinks, one article edited {:>8.2} ms", ms(time));
    let count = site.config.site.related.max(3);
    let inputs = graph::RelatedInputs::new(&site.pages, &by_date, count);
    let time = median(runs, || {
        std::hint::black_box(graph::related(&inputs));
    });
    println!("links graph, {n} articles: related  {:>8.2} ms ({count} a page)", ms(time));
    // What an edit that changes no tag, section or date costs: the inputs and their digest, to
    // find the last lists still good.
    let time = median(runs, || {
        std::hint::black_box(graph::RelatedInputs::new(&site.pages, &by_date, count).digest());
    });
    println!("links graph, {n} articles: related, reused {:>8.2} ms (inputs and digest)", ms(time));
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
