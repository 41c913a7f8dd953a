//! The metadata of articles kept from one build to the next, for the preview server's
//! incremental builds: share links, Open Graph tags and JSON-LD of ten thousand articles take a
//! good part of a second to make, and an edit changes one article's.
//!
//! An article's metadata is made by [`article_seo`](super::page::article_seo) from the config
//! and the theme's strings (compared whole) and its [`ArticleInputs`], which it is the only other input of: the key of
//! an entry is the hash of those inputs, so nothing the metadata reads can be missing from it.
//! Debug builds check every reuse against a fresh computation.

use std::sync::Arc;

use super::facts::ArticleInputs;
use super::PageSeo;
use crate::cache::key::key;
use crate::cache::Kept;
use crate::config::Config;
use crate::content::Source;
use crate::i18n::Strings;
use crate::markdown::Rendered;
use crate::site::Site;

/// What [`SiteSeo::build_cached`](super::SiteSeo::build_cached) keeps between builds.
#[derive(Debug, Default)]
pub struct SeoCache {
    /// What every entry was made with: the config and the theme's strings.
    config: Option<(Config, Arc<Strings>)>,
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

/// The key of an article's metadata.
pub(super) fn inputs_key(inputs: &ArticleInputs<'_>) -> u64 {
    key("seo", inputs)
}

impl SeoCache {
    /// Forgets everything when the config or the theme's strings changed.
    pub(super) fn start(&mut self, config: &Config, strings: &Arc<Strings>) {
        if !self.config.as_ref().is_some_and(|(c, s)| c == config && s == strings) {
            self.pages.clear();
            self.config = Some((config.clone(), Arc::clone(strings)));
        }
    }

    /// The last build's metadata of the article at `path`, when it was made from inputs of the
    /// hash `inputs`.
    pub(super) fn get(&self, path: &str, inputs: u64) -> Option<Arc<PageSeo>> {
        self.pages.get(path).filter(|e| e.inputs == inputs).map(|e| Arc::clone(&e.seo))
    }

    /// Ends a build: its metadata (that made anew, by page index with the hash of its inputs,
    /// and the last build's of the other articles) is what the next build finds.
    pub(super) fn finish(&mut self, site: &Site, made: Vec<(usize, u64, Arc<PageSeo>)>) {
        let mut made = made.into_iter().peekable();
        let mut used = self.pages.next_map();
        for (i, p) in site.pages.iter().enumerate() {
            let entry = match made.next_if(|m| m.0 == i) {
                Some((_, inputs, seo)) => {
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
