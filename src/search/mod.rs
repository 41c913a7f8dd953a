//! The search stage: a Pagefind index of the site's articles, made from their rendered pages.
//!
//! Runs after render, on the HTML the build made: held in memory (`serve`, `check`), or read back
//! from the staging folder where `herald build` wrote it (see [`written`]). Pagefind reads
//! only the element a theme marks with `data-pagefind-body` (the article, not the header, nav
//! or footer) and the metadata and filters marked with `data-pagefind-meta` and
//! `data-pagefind-filter`. Its index is chunked: a reader's browser loads only the fragments a
//! query needs, so a site of 10,000 articles costs a first query about as much as one of 40.
//!
//! Pagefind is async; the stage runs it on a small current-thread runtime of its own.

use std::path::PathBuf;

use crate::output::{Bytes, Output};
use crate::site::Site;

mod cache;
mod written;

pub use cache::CACHE_FILE;
pub use written::Tap;

/// The folder of the index and Pagefind's scripts, below the site root.
pub const DIR: &str = "pagefind";

/// The marker of an indexable page's main content in the theme's templates.
const BODY_MARKER: &[u8] = b"data-pagefind-body";

/// Why the index could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("cannot start the search indexer: {0}")]
    Runtime(std::io::Error),
    /// The folder of links to the pages to index could not be made in the staging folder.
    #[error("cannot gather the pages to index in {0}: {1}")]
    Pages(PathBuf, std::io::Error),
    /// Pagefind's own error, as its text (it reports them as `anyhow` values).
    #[error("Pagefind could not index the site: {0}")]
    Index(String),
}

/// A page to index: its output path (`smo/what-is-smo/index.html`) and its URL from the site
/// root (`/smo/what-is-smo/`); Pagefind's script puts the site's sub-path before it, as it
/// finds it in the address of its own files (`/guide/pagefind/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub output: String,
    pub url: String,
}

/// The articles the index holds, sorted by output path (so the index is the same on every
/// build): all but drafts left out of the build, articles a preview shows although held back for
/// their dates, pages with front matter `search: false` or robots `noindex`, and the sections of `[search] exclude-sections`. Empty when search is off.
pub fn entries(site: &Site) -> Vec<Entry> {
    let cfg = &site.config.search;
    if !cfg.enabled {
        return Vec::new();
    }
    let excluded = |section: &str| {
        cfg.exclude_sections
            .iter()
            .map(|s| s.trim_matches('/'))
            .any(|s| section == s || section.strip_prefix(s).is_some_and(|rest| rest.starts_with('/')))
    };
    let mut entries: Vec<Entry> = site
        .pages
        .iter()
        .filter(|p| p.source.front.search != Some(false) && !excluded(&p.source.section))
        .filter(|p| p.held.is_none() && !crate::seo::is_noindex(&site.config, Some(&p.source)))
        .map(|p| Entry { output: p.urls.output_file(), url: p.urls.path.clone() })
        .collect();
    entries.sort_by(|a, b| a.output.cmp(&b.output));
    entries
}

/// Whether a page carries the theme's marker of indexable content.
fn marked(html: &[u8]) -> bool {
    memchr::memmem::find(html, BODY_MARKER).is_some()
}

/// Indexes `entries` and returns Pagefind's files by output path (`pagefind/...`): each page's
/// HTML from `output`, or else, in a build that wrote its pages as it went, from the file `tap`
/// saw written. `language` is the site's (`[book] language`, e.g. `en`) on a site of one
/// language; `None` on a multilingual site, where Pagefind reads each page's `<html lang>` and
/// makes one index per language, and its script searches the index of the page it runs on
/// (`/fr/search/` finds French pages).
pub fn index(
    entries: &[Entry],
    output: &Output,
    tap: Option<&Tap>,
    language: Option<&str>,
) -> Result<Vec<(String, Bytes)>, SearchError> {
    match tap {
        Some(tap) => written::index(entries, output, tap, language),
        None => Ok(index_unless(entries, output, language, &|| false)?.unwrap_or_default()),
    }
}

/// Like [`index`] on pages held in memory, one at a time, but gives up (`Ok(None)`) as soon as
/// `cancelled` says so, checked between pages: the preview's index, which a newer build makes
/// stale, must not hold a core while the builder needs it. Pages are indexed in the order given,
/// which fixes the index's bytes.
pub fn index_unless(
    entries: &[Entry],
    output: &Output,
    language: Option<&str>,
    cancelled: &dyn Fn() -> bool,
) -> Result<Option<Vec<(String, Bytes)>>, SearchError> {
    let pages = entries.iter().filter_map(|e| {
        let html = output.get(&e.output)?.clone();
        // A theme opts in by marking its pages' main content; Pagefind would take a whole
        // unmarked page, header and footer included.
        marked(&html).then(|| (e.url.clone(), html))
    });
    index_pages(pages, language, cancelled)
}

/// An empty index for `language` (see [`index`]), and the runtime its async calls run on.
fn pagefind(language: Option<&str>) -> Result<(tokio::runtime::Runtime, pagefind::api::PagefindIndex), SearchError> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(SearchError::Runtime)?;
    let builder = pagefind::options::PagefindServiceConfig::builder();
    let options = match language {
        Some(language) => builder.force_language(primary_subtag(language)).build(),
        None => builder.build(),
    };
    let index = pagefind::api::PagefindIndex::new(Some(options)).map_err(index_error)?;
    Ok((runtime, index))
}

/// Pagefind's files by output path, without the ones themes do not use.
fn collect(files: Vec<pagefind::api::SyntheticFile>) -> Vec<(String, Bytes)> {
    files
        .into_iter()
        .filter(|f| !is_unused(&f.filename))
        .map(|f| {
            let rel = f.filename.to_string_lossy().replace('\\', "/");
            (format!("{DIR}/{rel}"), Bytes::from(f.contents))
        })
        .collect()
}

fn index_pages(
    pages: impl Iterator<Item = (String, Bytes)>,
    language: Option<&str>,
    cancelled: &dyn Fn() -> bool,
) -> Result<Option<Vec<(String, Bytes)>>, SearchError> {
    let (runtime, mut index) = pagefind(language)?;
    runtime.block_on(async {
        let mut any = false;
        for (url, html) in pages {
            if cancelled() {
                return Ok(None);
            }
            let html = String::from_utf8_lossy(&html).into_owned();
            index.add_html_file(None, Some(url), html).await.map_err(index_error)?;
            any = true;
        }
        if !any {
            return Ok(Some(Vec::new()));
        }
        Ok(Some(collect(index.get_files().await.map_err(index_error)?)))
    })
}

/// Pagefind ships three UIs and a highlighter; themes search through its small JS API
/// (`pagefind.js`) with their own few lines of UI, so those are left out.
fn is_unused(file: &std::path::Path) -> bool {
    let name = file.to_string_lossy();
    ["pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight"]
        .iter()
        .any(|ui| name.starts_with(ui))
}

/// `en` of `en-US`: Pagefind's stemmers are per language.
fn primary_subtag(language: &str) -> String {
    let lang = language.split(['-', '_']).next().unwrap_or("").trim().to_ascii_lowercase();
    if lang.is_empty() {
        "en".to_string()
    } else {
        lang
    }
}

fn index_error(e: impl std::fmt::Display) -> SearchError {
    SearchError::Index(e.to_string())
}

/// The language to index every page in: the site's on a site of one language, none (each
/// page's own) on a multilingual one.
pub fn forced_language(config: &crate::config::Config) -> Option<&str> {
    config.languages.is_empty().then_some(config.book.language.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn page(body: &str) -> Bytes {
        Bytes::from(
            format!(
                "<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head><body>\
                 <header><nav>Navigation headerword</nav></header>\
                 <main>{body}</main><footer>footerword</footer></body></html>"
            )
            .into_bytes(),
        )
    }

    #[test]
    fn indexes_only_marked_content_with_its_metadata() {
        let mut out = Output::new();
        out.insert(
            "a/one/index.html",
            page(
                "<article data-pagefind-body><h1 data-pagefind-meta=\"title\">Zebra facts</h1>\
                 <p>The quokkaword lives here.</p>\
                 <span data-pagefind-filter=\"tag\">wildlife</span>\
                 <div data-pagefind-ignore>sharebuttonword</div></article>",
            ),
        );
        let entries = vec![Entry { output: "a/one/index.html".into(), url: "/a/one/".into() }];
        let files = index(&entries, &out, None, Some("en-US")).unwrap();
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-worker.js"), "{names:?}");
        assert!(names.contains(&"pagefind/wasm.en.pagefind"), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("pagefind/fragment/")), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("pagefind/filter/")), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("-ui")), "{names:?}");
        // The fragment (gzip) holds the page's text, title and URL, and not the header's or
        // footer's words, nor the ignored block's.
        let fragment = files.iter().find(|(p, _)| p.starts_with("pagefind/fragment/")).unwrap();
        let text = gunzip(&fragment.1);
        assert!(text.contains("quokkaword") && text.contains("Zebra facts") && text.contains("/a/one/"), "{text}");
        for absent in ["headerword", "footerword", "sharebuttonword"] {
            assert!(!text.contains(absent), "{absent} was indexed: {text}");
        }
    }

    #[test]
    fn a_page_out_of_the_list_is_not_indexed_and_the_index_is_stable() {
        let mut out = Output::new();
        out.insert("a/index.html", page("<article data-pagefind-body><p>alphaword</p></article>"));
        out.insert("b/index.html", page("<article data-pagefind-body><p>betaword</p></article>"));
        out.insert("c/index.html", page("<article><p>unmarkedword</p></article>"));
        let entries = vec![
            Entry { output: "a/index.html".into(), url: "/a/".into() },
            Entry { output: "c/index.html".into(), url: "/c/".into() },
        ];
        let files = index(&entries, &out, None, Some("en")).unwrap();
        let all: String = files.iter().filter(|(p, _)| p.contains("fragment")).map(|(_, b)| gunzip(b)).collect();
        assert!(all.contains("alphaword") && !all.contains("betaword"), "{all}");
        assert!(!all.contains("unmarkedword"), "a page the theme did not mark is left out: {all}");
        assert_eq!(files, index(&entries, &out, None, Some("en")).unwrap(), "the same pages give the same files");
        assert!(index(&entries[1..], &out, None, Some("en")).unwrap().is_empty(), "no pages, no index");
    }

    #[test]
    fn language_is_the_primary_subtag() {
        assert_eq!(primary_subtag("en-US"), "en");
        assert_eq!(primary_subtag("pt_BR"), "pt");
        assert_eq!(primary_subtag(""), "en");
    }

    pub(super) fn gunzip(bytes: &[u8]) -> String {
        use std::io::Read;
        let mut s = String::new();
        let mut d = flate2::read::GzDecoder::new(bytes);
        d.read_to_string(&mut s).unwrap();
        s
    }
}
