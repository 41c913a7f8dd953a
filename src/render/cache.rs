//! What the incremental render keeps from one build to the next, and how it decides that a
//! page's output can be reused.
//!
//! An article's page and its summary are made from its file (front matter and body), its
//! rendered Markdown, comparison tables and `seo` metadata, and a few values of the site model:
//! its URL, reading time, tags, section, neighbours and breadcrumbs. The file and the Markdown are shared (`Arc`)
//! with the previous build when they did not change, so they compare by identity; the rest is
//! hashed. Equal inputs give an equal context, hence the same output, without building the
//! context at all. Listing pages (sections, tags, home) are compared through keys instead (see
//! [`super::context`]). Debug builds check every reuse against a fresh render.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::context::{page_summary, Fields};
use super::names::Names;
use crate::content::Source;
use crate::markdown::Rendered;
use crate::output::Bytes;
use crate::seo::{PageSeo, SiteSeo};
use crate::site::comparisons::Table;
use crate::site::Site;

/// What [`Renderer::render_site_cached`](super::Renderer::render_site_cached) keeps between
/// builds. A cache belongs to the renderer (templates and config) that filled it.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// False for a one-off build, which keeps nothing.
    pub(super) keep: bool,
    /// What every context holds (`site`, `nav`): when it changes, nothing is reused.
    pub(super) common: Value,
    /// By page path (`/smo/a/`): the last build's article page.
    pub(super) pages: FxHashMap<String, PageEntry>,
    /// By output path: the last build's other pages.
    pub(super) listings: FxHashMap<String, KeyedEntry>,
    pub(super) next_version: u64,
    pub(super) assets: HashMap<PathBuf, Bytes>,
    /// By page path: the comparison data files made from that page's tables.
    data: FxHashMap<String, DataFiles>,
    pub(super) rendered: usize,
    pub(super) reused: usize,
}

/// An article page as the last build made it.
#[derive(Debug)]
pub(super) struct PageEntry {
    source: Arc<Source>,
    rendered: Arc<Rendered>,
    summary_inputs: u64,
    page_inputs: u64,
    comparisons: Arc<Vec<Table>>,
    /// Its `seo` metadata.
    seo: Arc<PageSeo>,
    pub(super) summary: Arc<Value>,
    pub(super) version: u64,
    /// Changes when its comparison tables do.
    tables_version: u64,
    /// Its output file and bytes, when it rendered without error.
    pub(super) output: Option<(String, Bytes)>,
}

/// The JSON and CSV files of one page's tables, with what they were made from.
#[derive(Debug)]
struct DataFiles {
    tables: Arc<Vec<Table>>,
    title: String,
    permalink: String,
    files: Vec<(String, Bytes)>,
}

/// A listing page as the last build made it, with the key of its context.
#[derive(Debug)]
pub(super) struct KeyedEntry {
    pub(super) template: String,
    pub(super) key: Map<String, Value>,
    /// The page's `seo` metadata, which the key leaves out.
    pub(super) seo: PageSeo,
    pub(super) bytes: Bytes,
}

/// For each article (by page index): its summary, the summary's version, and whether its page's
/// output can be reused (when the last build has one).
pub(super) struct Articles {
    pub summaries: Vec<Arc<Value>>,
    pub versions: Vec<u64>,
    /// By page index: a number that changes when the page's comparison tables do.
    pub tables_versions: Vec<u64>,
    pub reusable: Vec<bool>,
    /// By page index: the page path (the cache's key) and the entry.
    entries: Vec<Option<(String, PageEntry)>>,
}

impl Articles {
    /// The output file and bytes the last build rendered article `i` to.
    pub(super) fn cached_output(&self, i: usize) -> Option<(String, Bytes)> {
        self.entries[i].as_ref().and_then(|(_, e)| e.output.as_ref()).map(|(p, b)| (p.clone(), Bytes::clone(b)))
    }
}

impl RenderCache {
    /// An empty cache that keeps what each render makes, for the next.
    pub fn new() -> RenderCache {
        RenderCache { keep: true, ..RenderCache::default() }
    }

    /// A cache that keeps nothing, for a single build.
    pub fn one_off() -> RenderCache {
        RenderCache::default()
    }

    /// Forgets the assets at or below `path` (a file or folder that changed on disk).
    pub fn invalidate_assets_under(&mut self, path: &Path) {
        self.assets.retain(|p, _| !p.starts_with(path));
    }

    /// Forgets every page it holds (for when something outside the contexts changed, such as
    /// the asset names `get_url` hands out).
    pub fn forget_pages(&mut self) {
        self.pages.clear();
        self.listings.clear();
        self.common = Value::Null;
    }

    /// How many pages the last render ran the templates for, and how many it reused.
    pub fn last_counts(&self) -> (usize, usize) {
        (self.rendered, self.reused)
    }

    /// The comparison tables' data files, made again only for pages whose tables, title or URL
    /// changed.
    pub(super) fn data_files(&mut self, site: &Site) -> Vec<(String, Bytes)> {
        let origin = super::comparisons::origin_of(&site.config.site.base_url);
        let data = &self.data;
        let changed: Vec<(String, DataFiles)> = site
            .pages
            .par_iter()
            .filter(|p| !p.comparisons.is_empty())
            .filter(|p| {
                !data.get(&p.urls.path).is_some_and(|d| {
                    Arc::ptr_eq(&d.tables, &p.comparisons) && d.title == p.title() && d.permalink == p.urls.permalink
                })
            })
            .map(|p| {
                let d = DataFiles {
                    tables: Arc::clone(&p.comparisons),
                    title: p.title().to_string(),
                    permalink: p.urls.permalink.clone(),
                    files: super::comparisons::page_data_files(p, origin),
                };
                (p.urls.path.clone(), d)
            })
            .collect();
        self.data.extend(changed);
        let live = site.pages.iter().filter(|p| !p.comparisons.is_empty()).count();
        if self.data.len() != live {
            let paths: rustc_hash::FxHashSet<&str> =
                site.pages.iter().filter(|p| !p.comparisons.is_empty()).map(|p| p.urls.path.as_str()).collect();
            self.data.retain(|path, _| paths.contains(path.as_str()));
        }
        self.data.values().flat_map(|d| d.files.iter().cloned()).collect()
    }

    /// Compares every article with the last build: summaries are reused or made, and versioned.
    pub(super) fn articles(&mut self, site: &Site, seo: &SiteSeo, names: &Names) -> Articles {
        let mut old = std::mem::take(&mut self.pages);
        let previous: Vec<Option<(String, PageEntry)>> =
            site.pages.iter().map(|p| old.remove_entry(&p.urls.path)).collect();
        let results: Vec<(String, PageEntry, bool, bool, bool)> = previous
            .into_par_iter()
            .enumerate()
            .map(|(i, prev)| {
                let p = &site.pages[i];
                let (key, prev) = match prev {
                    Some((key, e)) => (key, Some(e)),
                    None => (p.urls.path.clone(), None),
                };
                let (summary_inputs, page_inputs) = fingerprint(site, i);
                let tables_version = prev
                    .as_ref()
                    .filter(|e| Arc::ptr_eq(&e.comparisons, &p.comparisons) || e.comparisons == p.comparisons)
                    .map_or(0, |e| e.tables_version);
                let same_article = prev.as_ref().is_some_and(|e| {
                    Arc::ptr_eq(&e.source, &p.source)
                        && Arc::ptr_eq(&e.rendered, &p.rendered)
                        && e.summary_inputs == summary_inputs
                });
                let (summary, version, output) = match prev {
                    Some(e) if same_article => {
                        debug_assert_eq!(
                            *e.summary,
                            page_summary(site, p, names, Fields::Listings),
                            "render::cache::fingerprint misses an input of context::page_summary"
                        );
                        let page_seo = &seo.pages[i];
                        let reusable = e.page_inputs == page_inputs
                            && (Arc::ptr_eq(&e.comparisons, &p.comparisons) || e.comparisons == p.comparisons)
                            && (Arc::ptr_eq(&e.seo, page_seo) || *e.seo == **page_seo);
                        (e.summary, e.version, if reusable { e.output } else { None })
                    }
                    prev => {
                        let summary = page_summary(site, p, names, Fields::Listings);
                        match prev {
                            Some(e) if *e.summary == summary => (e.summary, e.version, None),
                            _ => (Arc::new(summary), 0, None),
                        }
                    }
                };
                let reusable = output.is_some();
                let entry = PageEntry {
                    source: Arc::clone(&p.source),
                    rendered: Arc::clone(&p.rendered),
                    summary_inputs,
                    page_inputs,
                    comparisons: Arc::clone(&p.comparisons),
                    seo: Arc::clone(&seo.pages[i]),
                    summary,
                    version,
                    tables_version,
                    output,
                };
                (key, entry, reusable, version == 0, tables_version == 0)
            })
            .collect();
        let mut articles = Articles {
            summaries: Vec::with_capacity(results.len()),
            versions: Vec::with_capacity(results.len()),
            tables_versions: Vec::with_capacity(results.len()),
            reusable: Vec::with_capacity(results.len()),
            entries: Vec::with_capacity(results.len()),
        };
        for (key, mut entry, reusable, new, new_tables) in results {
            if new {
                self.next_version += 1;
                entry.version = self.next_version;
            }
            if new_tables {
                self.next_version += 1;
                entry.tables_version = self.next_version;
            }
            articles.tables_versions.push(entry.tables_version);
            articles.summaries.push(Arc::clone(&entry.summary));
            articles.versions.push(entry.version);
            articles.reusable.push(reusable);
            articles.entries.push(Some((key, entry)));
        }
        articles
    }

    /// Keeps this build's articles for the next, each with the output it rendered to.
    pub(super) fn keep_articles(&mut self, articles: Articles, outputs: Vec<Option<(String, Bytes)>>) {
        self.pages.reserve(articles.entries.len());
        for (entry, output) in articles.entries.into_iter().zip(outputs) {
            if let Some((key, mut e)) = entry {
                e.output = output;
                self.pages.insert(key, e);
            }
        }
    }
}

/// Hashes of what an article's summary, and then its page, take from the site model besides its
/// file and Markdown: URL, reading time, tags, section; neighbours and breadcrumbs.
fn fingerprint(site: &Site, i: usize) -> (u64, u64) {
    let p = &site.pages[i];
    let mut h = rustc_hash::FxHasher::default();
    p.urls.path.hash(&mut h);
    p.reading_minutes.hash(&mut h);
    for &t in &p.tags {
        (&site.tags[t].name, &site.tags[t].slug).hash(&mut h);
    }
    let section = &site.sections[p.section];
    (&section.title, section.short_title(), &section.urls.path).hash(&mut h);
    let summary = h.finish();
    for n in [p.prev, p.next] {
        n.map(|n| (site.pages[n].title(), site.pages[n].short_title(), &site.pages[n].urls.path)).hash(&mut h);
    }
    for s in site.ancestry(p.section) {
        (&site.sections[s].title, site.sections[s].short_title(), &site.sections[s].urls.path).hash(&mut h);
    }
    (summary, h.finish())
}
