//! The metadata of articles kept from one build to the next, for the preview server's
//! incremental builds: share links, Open Graph tags and JSON-LD of ten thousand articles take a
//! good part of a second to make, and an edit changes one article's.
//!
//! An article's metadata is made from the config (compared whole) and the [`ArticleInputs`] of
//! the site model: its file and rendered Markdown (shared `Arc`s, hashed by address while the
//! entry keeps them), its URLs, the sections above it, its tags and its social image. Equal
//! inputs give equal metadata; debug builds check every reuse against a fresh computation.

use rustc_hash::FxHashMap;
use std::sync::Arc;

use super::{PageSeo, SocialImage};
use crate::cache::key::{key, ById, BySerde};
use crate::cache::Kept;
use crate::config::Config;
use crate::content::Source;
use crate::markdown::Rendered;
use crate::site::{Site, Urls};

/// What an article's metadata takes from the site model, typed and hashed as a whole.
#[derive(Hash)]
struct ArticleInputs<'a> {
    source: ById<'a, Source>,
    rendered: ById<'a, Rendered>,
    urls: &'a Urls,
    /// Title and URLs of each section from home down to the article's.
    sections: Vec<(&'a str, &'a Urls)>,
    /// Name and URLs of each tag.
    tags: Vec<(&'a str, &'a Urls)>,
    image: BySerde<'a, Option<SocialImage>>,
}

impl<'a> ArticleInputs<'a> {
    fn new(site: &'a Site, i: usize, image: &'a Option<SocialImage>) -> ArticleInputs<'a> {
        let p = &site.pages[i];
        ArticleInputs {
            source: ById::new(&p.source, &*p.source),
            rendered: ById::new(&p.rendered, &*p.rendered),
            urls: &p.urls,
            sections: site
                .ancestry(p.section)
                .into_iter()
                .map(|s| (site.sections[s].title.as_str(), &site.sections[s].urls))
                .collect(),
            tags: p.tags.iter().map(|&t| (site.tags[t].name.as_str(), &site.tags[t].urls)).collect(),
            image: BySerde(image),
        }
    }
}

/// What [`SiteSeo::build_cached`](super::SiteSeo::build_cached) keeps between builds.
#[derive(Debug, Default)]
pub struct SeoCache {
    config: Option<Config>,
    /// By page path.
    pages: Kept<String, Entry>,
}

#[derive(Debug)]
struct Entry {
    /// The file and Markdown it was made from, kept (never read) so that the addresses its key
    /// holds stay theirs.
    _pins: (Arc<Source>, Arc<Rendered>),
    /// The hash of its [`ArticleInputs`].
    inputs: u64,
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
        let inputs = key("seo", &ArticleInputs::new(site, i, image));
        match self.pages.get(&site.pages[i].urls.path) {
            Some(e) if e.inputs == inputs => Ok(Arc::clone(&e.seo)),
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
                Some((_, inputs, _, seo)) => {
                    Entry { _pins: (Arc::clone(&p.source), Arc::clone(&p.rendered)), inputs, seo }
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
