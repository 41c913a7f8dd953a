//! What the site stage keeps from one build to the next (the preview server's): each file's
//! rendered Markdown, the comparison tables made from front matter
//! ([`TableCache`](super::comparisons::TableCache)), on the protocol of [`crate::cache`], the
//! related articles and the backlinks.

use std::sync::Arc;

use super::comparisons::TableCache;
use super::graph::{self, Backlink, RelatedInputs};
use super::Page;
use crate::cache::Kept;
use crate::config::Config;
use crate::content::Source;
use crate::markdown::{LinkMap, RenderOptions, Rendered};

/// The config's part in rendering a file's Markdown: with the file and the link map, all that
/// [`RenderOptions`] are made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MarkdownSettings {
    smart_punctuation: bool,
    base_path: String,
    highlight: Option<crate::markdown::highlight::Themes>,
    math: bool,
    slugify: crate::config::Slugify,
}

impl MarkdownSettings {
    /// The settings `config` gives.
    pub fn of(config: &Config) -> MarkdownSettings {
        MarkdownSettings {
            smart_punctuation: config.markdown.smart_punctuation,
            base_path: config.base_path().to_string(),
            highlight: crate::markdown::highlight::Themes::of(&config.markdown),
            math: config.markdown.math,
            slugify: config.site.slugify,
        }
    }

    /// The options of a render of `source` that resolves links by `links`.
    pub fn options<'a>(&'a self, source: &'a Source, links: &'a LinkMap) -> RenderOptions<'a> {
        RenderOptions {
            dir: &source.dir,
            links,
            smart_punctuation: self.smart_punctuation,
            base_path: &self.base_path,
            highlight: self.highlight.as_ref(),
            math: self.math,
            slugify: self.slugify,
        }
    }
}

/// The rendered Markdown of the last build, by content path (`smo/a.md`), and its comparison
/// tables.
///
/// A render is made from its file, the [`MarkdownSettings`] and the URLs of the articles it
/// links to, and is reused while all three are the same: the file is the very `Arc<Source>`
/// it was made from (a file read again is a new one), the settings are equal, and each link
/// resolves to the URL it did. Renders with diagnostics are never kept, so that their errors
/// are reported again.
#[derive(Debug, Default)]
pub struct ModelCache {
    settings: Option<MarkdownSettings>,
    /// The digest of the last build's link map.
    links_digest: u64,
    /// Whether this build's link map is the last build's: then every kept link still resolves.
    same_links: bool,
    renders: Kept<String, CachedRender>,
    pub(super) tables: TableCache,
    /// The last related lists, with the digest of their [`RelatedInputs`].
    related: Option<(u64, Vec<Vec<usize>>)>,
    /// The last backlinks, with what they were made from.
    backlinks: Option<LastBacklinks>,
}

/// The backlinks of a build, with the pages they were made from: each page's file and render,
/// kept alive so that an address compared equal is the same value.
#[derive(Debug)]
struct LastBacklinks {
    sources: Vec<Arc<Source>>,
    renders: Vec<Arc<Rendered>>,
    by_date: Vec<usize>,
    lists: Vec<Vec<Backlink>>,
}

#[derive(Debug)]
struct CachedRender {
    /// The file it was made from, compared by address (and so kept alive).
    source: Arc<Source>,
    rendered: Arc<Rendered>,
    /// Each article the body links to, with the URL it resolved to.
    links: Vec<(String, String)>,
}

impl ModelCache {
    /// Starts a build with `settings` and a link map of digest `links_digest`.
    pub(super) fn start(&mut self, settings: &MarkdownSettings, links_digest: u64) {
        if self.settings.as_ref() != Some(settings) {
            self.renders.clear();
            self.settings = Some(settings.clone());
        }
        self.same_links = self.links_digest == links_digest;
        self.links_digest = links_digest;
    }

    /// The last build's render of `source`, when made from this very file with links that
    /// still resolve as they did.
    pub(super) fn get(&self, source: &Arc<Source>, links: &LinkMap) -> Option<Arc<Rendered>> {
        let e = self.renders.get(&source.rel).filter(|e| Arc::ptr_eq(&e.source, source))?;
        let resolves = self.same_links || e.links.iter().all(|(target, url)| links.get(target) == Some(url));
        resolves.then(|| Arc::clone(&e.rendered))
    }

    /// Ends a build: the renders of `kept` (each file's, without diagnostics) are what the next
    /// build finds; every other is dropped.
    pub(super) fn finish<'a>(
        &mut self,
        kept: impl Iterator<Item = (&'a Arc<Source>, &'a Arc<Rendered>)>,
        links: &LinkMap,
    ) {
        let mut used = self.renders.next_map();
        for (source, rendered) in kept {
            let entry = match self.renders.take(&source.rel) {
                Some(e) if Arc::ptr_eq(&e.rendered, rendered) => e,
                _ => CachedRender::new(source, rendered, links),
            };
            used.insert(source.rel.clone(), entry);
        }
        self.renders.finish(used);
    }
}

impl ModelCache {
    /// The related articles `inputs` give: the last build's lists when their inputs were equal
    /// (an edit of an article's text changes no tag, section or date), else computed anew.
    pub(super) fn related(&mut self, inputs: &RelatedInputs) -> Vec<Vec<usize>> {
        let digest = inputs.digest();
        match &self.related {
            Some((d, lists)) if *d == digest => {
                debug_assert_eq!(lists, &graph::related(inputs), "equal inputs gave other related lists");
                lists.clone()
            }
            _ => {
                let lists = graph::related(inputs);
                self.related = Some((digest, lists.clone()));
                lists
            }
        }
    }
}

impl ModelCache {
    /// The backlinks of `pages`: the last build's lists patched for the pages rendered anew when
    /// the pages and their order are the same (an edit of text), else computed anew.
    pub(super) fn backlinks(&mut self, pages: &[Page], by_date: &[usize]) -> Vec<Vec<Backlink>> {
        let lists = match self.backlinks.take() {
            Some(last) if last.by_date == by_date && same_files(&last.sources, pages) => {
                let changed: Vec<(usize, &Rendered)> = (0..pages.len())
                    .filter(|&i| !Arc::ptr_eq(&last.renders[i], &pages[i].rendered))
                    .map(|i| (i, &*last.renders[i]))
                    .collect();
                let lists = graph::patch_backlinks(last.lists, pages, by_date, &changed);
                debug_assert_eq!(lists, graph::backlinks(pages, by_date), "patched backlinks differ");
                lists
            }
            _ => graph::backlinks(pages, by_date),
        };
        self.backlinks = Some(LastBacklinks {
            sources: pages.iter().map(|p| Arc::clone(&p.source)).collect(),
            renders: pages.iter().map(|p| Arc::clone(&p.rendered)).collect(),
            by_date: by_date.to_vec(),
            lists: lists.clone(),
        });
        lists
    }
}

/// Whether `pages` are the files of `sources`, in order: the same file, or one read again at the
/// same path (links find pages by path).
fn same_files(sources: &[Arc<Source>], pages: &[Page]) -> bool {
    sources.len() == pages.len()
        && sources.iter().zip(pages).all(|(s, p)| Arc::ptr_eq(s, &p.source) || s.rel == p.source.rel)
}

impl CachedRender {
    fn new(source: &Arc<Source>, rendered: &Arc<Rendered>, links: &LinkMap) -> CachedRender {
        // A render without diagnostics resolved every link to an article, so each target is in
        // the map.
        let links = rendered
            .links
            .iter()
            .filter_map(|l| l.target.as_ref())
            .filter_map(|t| links.get(t).map(|u| (t.clone(), u.clone())))
            .collect();
        CachedRender { source: Arc::clone(source), rendered: Arc::clone(rendered), links }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_source;

    fn source(body: &str) -> Arc<Source> {
        let text = format!("---\ntitle: A\n---\n{body}");
        Arc::new(parse_source("smo/a.md".into(), "content/smo/a.md".into(), &text).unwrap())
    }

    #[test]
    fn a_render_is_reused_for_its_own_file_settings_and_links_only() {
        let config = Config::default();
        let settings = MarkdownSettings::of(&config);
        let links: LinkMap = [("smo/b.md".to_string(), "/smo/b/".to_string())].into_iter().collect();
        let src = source("See [b](b.md).\n");
        let (rendered, errors) = crate::markdown::render(&src.body, &settings.options(&src, &links));
        assert!(errors.is_empty(), "{errors:?}");
        let rendered = Arc::new(rendered);
        let mut cache = ModelCache::default();
        cache.start(&settings, 1);
        assert!(cache.get(&src, &links).is_none());
        cache.finish([(&src, &rendered)].into_iter(), &links);

        cache.start(&settings, 1);
        assert!(cache.get(&src, &links).is_some_and(|r| Arc::ptr_eq(&r, &rendered)));
        assert!(cache.get(&source("See [b](b.md).\n"), &links).is_none(), "a file read again is another file");
        let moved: LinkMap = [("smo/b.md".to_string(), "/smo/c/".to_string())].into_iter().collect();
        cache.start(&settings, 2);
        assert!(cache.get(&src, &moved).is_none(), "a link that resolves elsewhere");
        assert!(cache.get(&src, &links).is_some(), "links that resolve as they did");

        let mut sub = config.clone();
        sub.site.base_url = "https://example.org/guide/".into();
        cache.start(&MarkdownSettings::of(&sub), 1);
        assert!(cache.get(&src, &links).is_none(), "another base path");
        cache.start(&settings, 1);
        cache.finish(std::iter::empty(), &links);
        cache.start(&settings, 1);
        assert!(cache.get(&src, &links).is_none(), "a build that did not use it dropped it");
    }
}
