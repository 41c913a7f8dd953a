//! Times the site-wide XML and JSON files of the site at `DIR` (sitemap and feeds), which a full
//! build and every edit in the preview make anew: `cargo run --release --example site_files --
//! DIR [RUNS] [OUT]`. Prints the median of `RUNS` (default 20) per file kind; with `OUT`, also
//! writes the files there, to compare two versions' output.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use herald::render::theme;
use herald::seo::{feed, sitemap, SiteSeo, StaticFiles};
use herald::site::{BuildOptions, Site};
use herald::{content, pipeline};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20).max(1);
    let out = args.next().map(PathBuf::from);
    let config = pipeline::load_config(&root, &pipeline::Options::default()).expect("config");
    let (content, diags) = content::load(&root);
    assert!(!diags.has_errors(), "{diags:?}");
    let (mut site, diags) = Site::build(
        config,
        root.clone(),
        content,
        BuildOptions { reuse: herald::cache::Reuse::OneOff, ..BuildOptions::default() },
    );
    assert!(!diags.has_errors(), "{diags:?}");
    site.pages_by_date();
    let (statics, _) = theme::load_static(&root, &site.config);
    let (seo, _) = SiteSeo::build(&site, &StaticFiles::new(&statics), Default::default());

    let sitemaps = || {
        let entries = sitemap::entries(&site, &seo);
        sitemap::sitemaps(&entries, &site.config.site.base_url, sitemap::MAX_URLS)
    };
    let (time, bytes) = median(runs, sitemaps);
    report("sitemap", site.pages.len(), time, bytes);
    let (time, bytes) = median(runs, || feed::feeds(&site, Some(&seo)));
    report("feeds", site.pages.len(), time, bytes);
    if let Some(out) = &out {
        for (path, text) in sitemaps().into_iter().chain(feed::feeds(&site, Some(&seo))) {
            let file = out.join(path);
            std::fs::create_dir_all(file.parent().expect("a folder")).expect("the output folder");
            std::fs::write(file, text).expect("a written file");
        }
    }
    // Each format alone, with the site's other `[feeds]` settings.
    for (name, on) in [("atom", [true, false, false]), ("rss", [false, true, false]), ("json", [false, false, true])] {
        [site.config.feeds.atom, site.config.feeds.rss, site.config.feeds.json] = on;
        let (time, bytes) = median(runs, || feed::feeds(&site, Some(&seo)));
        report(name, site.pages.len(), time, bytes);
    }
}

/// The median time of `runs` calls of `f`, and the bytes of the files it makes.
fn median(runs: usize, f: impl Fn() -> Vec<(String, String)>) -> (Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let files = std::hint::black_box(f());
        times.push(t.elapsed());
        bytes = files.iter().map(|(_, text)| text.len()).sum();
    }
    times.sort();
    (times[runs / 2], bytes)
}

fn report(what: &str, pages: usize, time: Duration, bytes: usize) {
    println!("site files, {pages} articles: {what:<8} {:>8.2} ms {bytes:>10} bytes", time.as_secs_f64() * 1000.0);
}
