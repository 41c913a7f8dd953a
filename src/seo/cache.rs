//! The metadata of articles kept from one build to the next, for the preview server's
//! incremental builds: share links, Open Graph tags and JSON-LD of ten thousand articles take a
//! good part of a second to make, and an edit changes one article's.
//!
//! An article's metadata is made from the config, its file and rendered Markdown (shared `Arc`s,
//! compared by identity), its URL, section chain and tags (hashed) and its social image. Equal
//! inputs give equal metadata; debug builds check every reuse against a fresh computation.

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::{PageSeo, SocialImage};
use crate::cache::Kept;
use crate::config::Config;
use crate::content::Source;
use crate::markdown::Rendered;
use crate::site::Site;

/// What [`SiteSeo::build_cached`](super::SiteSeo::build_cached) keeps between builds.
#[derive(Debug, Default)]
pub struct SeoCache {
    config: Option<Config>,
    /// By page path.
    pages: Kept<String, Entry>,
}

#[derive(Debug)]
struct Entry {
    source: Arc<Source>,
    rendered: Arc<Rendered>,
    inputs: u64,
    image: Option<SocialImage>,
    seo: Arc<PageSeo>,
}

impl SeoCache {
    /// Forgets everything when the config changed; returns whether entries may be used.
    pub(super) fn start(&mut self, config: &Config) {
        if self.config.as_ref() != Some(config) {
            self.pages.clear();
            self.config = Some(config.clone());
        }
    }

    /// Article `i`'s metadata from the last build, when all it is made from is the same; else
    /// the hash of its inputs, for [`SeoCache::keep`].
    pub(super) fn get(&self, site: &Site, i: usize, image: &Option<SocialImage>) -> Result<Arc<PageSeo>, u64> {
        let p = &site.pages[i];
        let inputs = inputs(site, i);
        match self.pages.get(&p.urls.path) {
            Some(e)
                if Arc::ptr_eq(&e.source, &p.source)
                    && Arc::ptr_eq(&e.rendered, &p.rendered)
                    && e.inputs == inputs
                    && e.image == *image =>
            {
                Ok(Arc::clone(&e.seo))
            }
            _ => Err(inputs),
        }
    }

    /// Keeps this build's metadata: that made anew (page index, inputs, image, metadata), and
    /// the last build's of the other articles.
    pub(super) fn keep(&mut self, site: &Site, made: Vec<(usize, u64, Option<SocialImage>, Arc<PageSeo>)>) {
        let mut made = made.into_iter().peekable();
        let mut used = FxHashMap::default();
        for (i, p) in site.pages.iter().enumerate() {
            let entry = match made.next_if(|m| m.0 == i) {
                Some((_, inputs, image, seo)) => {
                    Entry { source: Arc::clone(&p.source), rendered: Arc::clone(&p.rendered), inputs, image, seo }
                }
                None => match self.pages.take(&p.urls.path) {
                    Some(e) => e,
                    None => continue,
                },
            };
            used.insert(p.urls.path.clone(), entry);
        }
        self.pages.finish(used);
    }
}

/// A hash of what an article's metadata takes from the site model besides its file and
/// Markdown: its URL, the chain of sections above it and its tags.
fn inputs(site: &Site, i: usize) -> u64 {
    let p = &site.pages[i];
    let mut h = FxHasher::default();
    p.urls.path.hash(&mut h);
    for s in site.ancestry(p.section) {
        (&site.sections[s].title, &site.sections[s].urls.path).hash(&mut h);
    }
    for &t in &p.tags {
        (&site.tags[t].name, &site.tags[t].slug).hash(&mut h);
    }
    h.finish()
}
