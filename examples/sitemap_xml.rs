//! Times the sitemap of 10,000 URLs, as the preview rebuilds it on every edit:
//! `cargo run --release --example sitemap_xml`.

use std::time::Instant;

use herald::seo::sitemap::{sitemaps, Entry, MAX_URLS};

fn main() {
    let entries: Vec<Entry> = (0..10_000)
        .map(|i| Entry {
            loc: format!("https://example.org/guide/section-{}/article-{i}/", i % 40),
            lastmod: Some(format!("2026-{:02}-{:02}", i % 12 + 1, i % 28 + 1)),
        })
        .collect();
    let runs = 200;
    let mut bytes = 0;
    let start = Instant::now();
    for _ in 0..runs {
        bytes += sitemaps(&entries, "https://example.org/guide/", MAX_URLS)[0].1.len();
    }
    let each = start.elapsed() / runs;
    println!("sitemap of {} URLs: {each:?} per build ({} bytes)", entries.len(), bytes / runs as usize);
}
