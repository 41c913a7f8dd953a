//! What the incremental render keeps from one build to the next: each page's output with the
//! key of the context it was rendered from (see [`crate::cache::key`]), the comparison tables' data
//! files with the key of what they were made from, and the files of article bundles.
//!
//! A page is reused when its template and context hash as before and the renderer is the same
//! (its templates, and the config and asset names its functions read); nothing else decides. Keys
//! hash parts shared by `Arc` (an article's file, Markdown, tables and metadata) by address, so
//! the cache pins the `Arc`s of the build its keys were made in: while they live, no other value
//! can take their address. Debug builds check every reuse against a fresh render.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::comparisons::{headers, origin_of, page_data_files, DataSource};
use crate::cache::{Kept, Reuse};
use crate::content::Source;
use crate::markdown::Rendered;
use crate::output::Bytes;
use crate::seo::{PageSeo, SiteSeo};
use crate::site::comparisons::Table;
use crate::site::Site;

/// What [`Renderer::render_site_cached`](super::Renderer::render_site_cached) keeps between
/// builds.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// Whether its builds are a series, each keeping what it makes for the next.
    pub(super) reuse: Reuse,
    /// The identity of the renderer its pages were rendered by (its templates, config and
    /// asset names): another renderer's pages are never reused.
    renderer: Option<u64>,
    /// By output path: the last build's pages.
    pub(super) outputs: Kept<String, Entry>,
    /// By page path: the comparison data files made from that page's tables.
    data: Kept<String, Entry<DataFiles>>,
    /// The last build's shared parts, whose addresses its keys hold.
    pins: Vec<Pin>,
    /// By file: the files of article bundles.
    pub(super) assets: Kept<PathBuf, Bytes>,
    pub(super) rendered: usize,
    pub(super) reused: usize,
    /// The copies the pages of the last render show, made by their calls or, for a reused
    /// page, kept with it ([`Entry::copies`]).
    pub(super) page_copies: Vec<(String, Bytes)>,
}

/// A page's comparison data files: (output path, bytes).
type DataFiles = Vec<(String, Bytes)>;

/// An output with the key of what it was made from.
#[derive(Debug)]
pub(super) struct Entry<T = Bytes> {
    pub key: u64,
    pub bytes: T,
    /// The copies its render's `resize_image` calls made, published with it when it is reused.
    pub copies: Vec<(String, Bytes)>,
}

/// An article's shared parts, kept alive (never read) so that their addresses stay theirs.
#[derive(Debug)]
#[allow(dead_code)]
struct Pin(Arc<Source>, Arc<Rendered>, Arc<Vec<Table>>, Arc<PageSeo>);

impl RenderCache {
    /// An empty cache; with [`Reuse::Series`], each render keeps what it makes for the next.
    pub fn new(reuse: Reuse) -> RenderCache {
        RenderCache { reuse, ..RenderCache::default() }
    }

    /// Forgets the assets at or below `path` (a file or folder that changed on disk).
    pub fn invalidate_assets_under(&mut self, path: &Path) {
        self.assets.retain(|p, _| !p.starts_with(path));
    }

    /// Starts a render by the renderer of identity `renderer`: the pages of another are dropped.
    pub(super) fn start(&mut self, renderer: u64) {
        if self.renderer != Some(renderer) {
            self.outputs.clear();
            self.renderer = Some(renderer);
        }
    }

    /// The `resize_image` copies the pages of the last render show (a reused page's calls did
    /// not run again: its copies are the ones kept with it).
    pub fn take_page_copies(&mut self) -> Vec<(String, Bytes)> {
        std::mem::take(&mut self.page_copies)
    }

    /// How many pages the last render ran the templates for, and how many it reused.
    pub fn last_counts(&self) -> (usize, usize) {
        (self.rendered, self.reused)
    }

    /// Keeps this build's pages (by output path) for the next, and pins this build's shared
    /// parts in place of the last one's.
    pub(super) fn finish(&mut self, site: &Site, seo: &SiteSeo, outputs: FxHashMap<String, Entry>) {
        self.outputs.finish(outputs);
        self.pins = site
            .pages
            .iter()
            .zip(&seo.pages)
            .map(|(p, s)| {
                Pin(Arc::clone(&p.source), Arc::clone(&p.rendered), Arc::clone(&p.comparisons), Arc::clone(s))
            })
            .collect();
    }

    /// The comparison tables' data files, made again only for pages whose [`DataSource`]
    /// changed.
    pub(super) fn data_files(&mut self, site: &Site) -> DataFiles {
        let origin = origin_of(&site.config.site.base_url);
        let last = &self.data;
        let headers = headers(site);
        // The keys in parallel; the files of those that changed, made in parallel too.
        let keyed: Vec<(&str, u64, Option<DataFiles>)> = site
            .pages
            .par_iter()
            .filter(|p| !p.comparisons.is_empty())
            .map(|p| {
                let source = DataSource::new(p, origin, &headers);
                let key = crate::cache::key::key("data", &source);
                let kept = last.get(&p.urls.path).is_some_and(|e| e.key == key);
                debug_assert!(
                    !kept || last.get(&p.urls.path).is_some_and(|e| e.bytes == page_data_files(&source)),
                    "the incremental render reused stale data files of {}",
                    p.urls.path
                );
                (p.urls.path.as_str(), key, (!kept).then(|| page_data_files(&source)))
            })
            .collect();
        // The kept entries move over rather than being copied.
        let mut next = self.data.next_map();
        let mut files = Vec::with_capacity(keyed.len() * 2);
        for (path, key, made) in keyed {
            let bytes = match made {
                Some(made) => made,
                None => self.data.take(path).map(|e| e.bytes).unwrap_or_default(),
            };
            files.extend(bytes.iter().cloned());
            next.insert(path.to_string(), Entry { key, bytes, copies: Vec::new() });
        }
        self.data.finish(next);
        files
    }
}
