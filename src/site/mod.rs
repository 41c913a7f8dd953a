//! The site model: sections, pages and tags with their URLs, order and neighbours, built from the
//! content sources and their rendered Markdown.

mod authors;
mod cache;
pub mod comparisons;
pub mod graph;
mod item;
mod languages;
mod paging;
mod urls;

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::{Config, Slugify};
use crate::content::slug::slugify;
use crate::content::{comparison, Content, Kind, Source};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem};
use crate::markdown::{self, Rendered};
pub use authors::{static_path, Author, AUTHORS_PATH};
pub use cache::ModelCache;
pub use comparisons::COMPARISONS_PATH;
pub use graph::Backlink;
pub use item::{AuthorId, Item, PageId, SectionId, TagId};
pub use paging::Paging;
pub use urls::{join_url, tag_slug, Urls, PATH_KEPT};

/// Options that change which pages a build publishes.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Publish pages marked `draft: true`.
    pub drafts: bool,
    /// Publish articles whose `date` is still to come.
    pub future: bool,
    /// Publish the articles held back for their dates too, each marked ([`Page::held`]) and
    /// kept out of search engines: the preview server's view.
    pub preview_held_back: bool,
    /// A one-off build frees each file's Markdown once rendered and keeps nothing in the model
    /// cache; one of a series keeps what it made.
    pub reuse: crate::cache::Reuse,
}

/// An article.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: Arc<Source>,
    pub urls: Urls,
    /// Shared with the preview server's model cache, so an unchanged article is not copied.
    pub rendered: Arc<Rendered>,
    /// The front matter's comparison tables, rendered.
    /// Shared with the next build's page while its file and URL stay the same.
    pub comparisons: Arc<Vec<comparisons::Table>>,
    /// Index into [`Site::sections`].
    pub section: usize,
    /// Indices into [`Site::tags`], in front matter order.
    pub tags: Vec<usize>,
    /// Indices into [`Site::authors`], in front matter order (empty without `[authors]`).
    pub authors: Vec<usize>,
    /// The articles that link to this one, newest first.
    pub backlinks: Vec<Backlink>,
    /// Related articles by shared tags, then section (indices into [`Site::pages`]).
    pub related: Vec<usize>,
    /// Neighbours in the section's reading order (indices into [`Site::pages`]).
    pub prev: Option<usize>,
    pub next: Option<usize>,
    pub reading_minutes: usize,
    /// Why a build would leave the article out for its dates; only a build with
    /// [`BuildOptions::preview_held_back`] publishes such an article.
    pub held: Option<Held>,
    // --- languages ---
    /// Its language: an index into [`Config::language_codes`] (0, the default language).
    pub lang: usize,
    /// Its translations into the site's other languages (indices into [`Site::pages`]), in
    /// language order.
    pub translations: Vec<usize>,
    // --- end languages ---
}

impl Page {
    pub fn title(&self) -> &str {
        &self.source.front.title
    }

    /// `short-title` from the front matter, else the title.
    pub fn short_title(&self) -> &str {
        self.source.front.short_title.as_deref().unwrap_or(self.title())
    }
}

/// A folder of articles; index 0 of [`Site::sections`] is the home page.
#[derive(Debug, Clone)]
pub struct Section {
    /// The folder below `content/` (`""` for home).
    pub folder: String,
    /// The `_index.md`, when there is one.
    pub source: Option<Arc<Source>>,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub urls: Urls,
    pub rendered: Arc<Rendered>,
    /// Its articles, in reading order.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub parent: Option<usize>,
    /// Its listing's pages (`paginate-by`).
    pub paging: Paging,
    // --- languages ---
    /// Its language: an index into [`Config::language_codes`]. Each language has its own
    /// sections, which list its own articles.
    pub lang: usize,
    /// The same folder in the site's other languages (indices into [`Site::sections`]).
    pub translations: Vec<usize>,
    // --- end languages ---
}

impl Section {
    /// `short-title` from `_index.md`, else the title.
    pub fn short_title(&self) -> &str {
        self.source.as_ref().and_then(|s| s.front.short_title.as_deref()).unwrap_or(&self.title)
    }

    /// The articles listed on page `number` (from 1).
    pub fn pager_pages(&self, number: usize) -> &[usize] {
        self.paging.slice(&self.pages, number)
    }

    /// The URLs of page `number` (from 1) of the listing.
    pub fn pager_urls(&self, number: usize) -> &Urls {
        self.paging.urls(&self.urls, number)
    }
}

/// A tag and the articles that carry it.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub urls: Urls,
    /// Newest first.
    pub pages: Vec<usize>,
    /// Its listing's pages (`[site] paginate-by`).
    pub paging: Paging,
    /// Its language: each language has its own tags (an index into [`Config::language_codes`]).
    pub lang: usize,
}

impl Tag {
    /// The articles listed on page `number` (from 1).
    pub fn pager_pages(&self, number: usize) -> &[usize] {
        self.paging.slice(&self.pages, number)
    }

    /// The URLs of page `number` (from 1) of the listing.
    pub fn pager_urls(&self, number: usize) -> &Urls {
        self.paging.urls(&self.urls, number)
    }
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub root: PathBuf,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub tags: Vec<Tag>,
    /// The writers of `[authors]`, in id order.
    pub authors: Vec<Author>,
    /// Content path (`smo/a.md`) to URL, for every published article and section.
    pub link_map: crate::markdown::LinkMap,
    /// The data files' values, by stem (`data.<stem>` in templates).
    pub data: Arc<crate::content::data::Data>,
    /// The theme's strings in the site's languages: what herald itself writes (titles of
    /// listings, breadcrumbs, card labels) speaks each page's language.
    pub strings: Arc<crate::i18n::Strings>,
    /// Articles left out because their `date` is to come or their `expires` has passed.
    pub held_back: HeldBack,
    /// [`Site::pages_by_date`], sorted once: tags, backlinks, related articles, the home page
    /// and the feeds all ask.
    by_date: Vec<usize>,
    /// The home section of each language, by language (index 0 is [`Site::home`]).
    pub homes: Vec<usize>,
    /// [`Site::pages_by_date_in`], sorted once.
    by_date_in: std::sync::OnceLock<Vec<Vec<usize>>>,
}

/// The articles a build left out for their dates, for its report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeldBack {
    /// Articles dated in the future (without `--future`).
    pub scheduled: usize,
    /// The earliest of their dates.
    pub next: Option<crate::content::Date>,
    /// Articles past their `expires`.
    pub expired: usize,
}

/// Why an article is out of a build for its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Held {
    /// Dated later than the build (its `date`).
    Scheduled(crate::content::Date),
    /// Past its `expires`.
    Expired(crate::content::Date),
}

/// Whether an article is out of a build made at `now` for its dates: expired, or scheduled
/// (dated later, unless `future`). Sections are never held back: their articles would be orphans.
fn held_for(source: &Source, now: chrono::DateTime<chrono::Utc>, future: bool) -> Option<Held> {
    let f = &source.front;
    if source.kind == Kind::Section {
        return None;
    }
    match (f.expires, f.date) {
        (Some(e), _) if e.utc() <= now => Some(Held::Expired(e)),
        (_, Some(d)) if !future && d.utc() > now => Some(Held::Scheduled(d)),
        _ => None,
    }
}

impl HeldBack {
    fn count(held: impl Iterator<Item = Held>) -> HeldBack {
        let mut counts = HeldBack::default();
        for h in held {
            match h {
                Held::Scheduled(d) => {
                    counts.scheduled += 1;
                    counts.next = Some(counts.next.map_or(d, |n| if d.utc() < n.utc() { d } else { n }));
                }
                Held::Expired(_) => counts.expired += 1,
            }
        }
        counts
    }
}

/// The URL of the tag index.
pub const TAGS_PATH: &str = "/tags/";

/// The URL of the search page.
pub const SEARCH_PATH: &str = "/search/";

/// The 404 page (of the default language; a language's under its prefix).
pub const NOT_FOUND_PATH: &str = "/404.html";

impl Site {
    /// Builds the model: assigns URLs, renders Markdown in parallel, orders and links pages.
    pub fn build(config: Config, root: PathBuf, content: Content, options: BuildOptions) -> (Site, Diagnostics) {
        Site::build_cached(config, root, content, options, &mut ModelCache::default())
    }

    /// [`Site::build`], reusing the Markdown of files rendered by an earlier build whose entry in
    /// `cache` is still valid (see [`ModelCache`]), and storing the new renders there.
    pub fn build_cached(
        config: Config,
        root: PathBuf,
        mut content: Content,
        options: BuildOptions,
        cache: &mut ModelCache,
    ) -> (Site, Diagnostics) {
        let mut diags = Diagnostics::new();
        let codes: Vec<String> = config.language_codes().into_iter().map(String::from).collect();
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        content.sources.retain(|s| languages::of(s, &codes).map_err(|d| diags.push(d)).is_ok());
        let lang_of = |s: &Source| languages::of(s, &codes).map_or(0, |(lang, _)| lang);
        let folders_by_lang = folders_by_language(&content, &codes, lang_of);
        let (sources, drafts): (Vec<Arc<Source>>, Vec<Arc<Source>>) =
            std::mem::take(&mut content.sources).into_iter().partition(|s| options.drafts || !s.front.draft);
        let now = chrono::Utc::now();
        let held_back = HeldBack::count(sources.iter().filter_map(|s| held_for(s, now, options.future)));
        let (sources, held): (Vec<Arc<Source>>, Vec<Arc<Source>>) =
            sources.into_iter().partition(|s| options.preview_held_back || held_for(s, now, options.future).is_none());

        let base_url = config.site.base_url.clone();
        let rule = config.site.slugify;
        let (section_sources, page_sources): (Vec<Arc<Source>>, Vec<Arc<Source>>) =
            sources.into_iter().partition(|s| s.kind == Kind::Section);
        let mut section_sources: BTreeMap<(usize, String), Arc<Source>> =
            section_sources.into_iter().map(|s| ((lang_of(&s), s.section.clone()), s)).collect();

        // Sections: every folder that holds articles or an _index.md; parents before children;
        // each language's after the one before.
        let mut folders: Vec<(usize, String)> =
            folders_by_lang.into_iter().chain(section_sources.keys().cloned()).collect();
        folders.sort();
        folders.dedup();
        let mut sections: Vec<Section> = Vec::with_capacity(folders.len());
        let mut section_of: HashMap<(usize, String), usize> = HashMap::new();
        let mut homes = Vec::with_capacity(codes.len());
        for (lang, folder) in folders {
            let source = section_sources.remove(&(lang, folder.clone()));
            let prefix = languages::prefix(&codes, lang);
            let path = match &source {
                Some(s) if s.front.slug.is_some() && !folder.is_empty() => {
                    let parent = folder.rsplit_once('/').map_or("", |(p, _)| p);
                    urls::folder_path(&format!("{prefix}/{parent}/{}", s.slug_text), rule)
                }
                _ => urls::folder_path(&format!("{prefix}/{folder}"), rule),
            };
            let title = match &source {
                Some(s) => s.front.title.clone(),
                None if folder.is_empty() => config.title_in(codes[lang]).to_string(),
                None => urls::title_from_folder(&folder),
            };
            let parent = if folder.is_empty() {
                homes.push(sections.len());
                None
            } else {
                section_of.get(&(lang, folder.rsplit_once('/').map_or("", |(p, _)| p).to_string())).copied()
            };
            section_of.insert((lang, folder.clone()), sections.len());
            sections.push(Section {
                lang,
                translations: Vec::new(),
                description: source.as_ref().and_then(|s| s.front.description.clone()),
                weight: source.as_ref().and_then(|s| s.front.weight),
                folder,
                source,
                title,
                urls: Urls::new(&base_url, &path),
                rendered: Arc::default(),
                pages: Vec::new(),
                subsections: Vec::new(),
                parent,
                paging: Paging::default(),
            });
        }
        for i in 1..sections.len() {
            if let Some(p) = sections[i].parent {
                sections[p].subsections.push(i);
            }
        }

        // URLs of articles, and the map that resolves links between them.
        let mut link_map = crate::markdown::LinkMap::default();
        for s in &sections {
            if let Some(src) = &s.source {
                link_map.insert(src.rel.clone(), s.urls.url.clone());
            }
        }
        // Looked up by borrowed folder names: one per article, and a folder's name is long.
        let section_at: HashMap<(usize, &str), usize> =
            sections.iter().enumerate().map(|(i, s)| ((s.lang, s.folder.as_str()), i)).collect();
        // With whether the page's slug came out empty, checked below.
        let (pages, empty_slugs): (Vec<Page>, Vec<bool>) = page_sources
            .into_par_iter()
            .map(|source| {
                let (lang, slug_text) = languages::of(&source, &codes).unwrap_or((0, &source.slug_text));
                let section = section_at[&(lang, source.section.as_str())];
                let slug = slugify(slug_text, rule);
                let empty_slug = slug.is_empty();
                let urls = Urls::new(&base_url, &format!("{}{slug}/", sections[section].urls.path));
                let held = held_for(&source, now, options.future);
                let page = Page {
                    lang,
                    translations: Vec::new(),
                    urls,
                    source,
                    rendered: Arc::default(),
                    comparisons: comparisons::none(),
                    section,
                    tags: Vec::new(),
                    authors: Vec::new(),
                    backlinks: Vec::new(),
                    related: Vec::new(),
                    prev: None,
                    next: None,
                    reading_minutes: 1,
                    held,
                };
                (page, empty_slug)
            })
            .unzip();
        let mut pages = pages;
        link_map.reserve(pages.len());
        for p in &pages {
            link_map.insert(p.source.rel.clone(), p.urls.url.clone());
        }
        check_slugs(pages.iter().zip(empty_slugs).filter(|(_, empty)| *empty).map(|(p, _)| p), &mut diags);
        let tag_indexes: Vec<String> =
            (0..config.language_codes().len()).map(|lang| languages::path_in(&config, lang, TAGS_PATH)).collect();
        check_unique_urls(&sections, &pages, &tag_indexes, !config.authors.is_empty(), &mut diags);
        let draft_rels: Vec<&str> = drafts.iter().map(|d| d.rel.as_str()).collect();
        let held_rels: Vec<&str> = held.iter().map(|d| d.rel.as_str()).collect();

        // Markdown, in parallel, for the files the cache cannot answer.
        let settings = cache::MarkdownSettings::of(&config);
        let links_digest = comparisons::links_digest(&link_map);
        cache.start(&settings, links_digest);
        let render_one = |source: &Arc<Source>| -> (Arc<Rendered>, Vec<Diagnostic>) {
            if let Some(hit) = cache.get(source, &link_map) {
                return (hit, Vec::new());
            }
            let (rendered, errors) = markdown::render(&source.body, &settings.options(source, &link_map));
            let errors: Vec<Diagnostic> =
                errors.into_iter().map(|d| locate_body_error(d, source, &draft_rels, &held_rels)).collect();
            (Arc::new(rendered), errors)
        };
        let page_results: Vec<_> = pages.par_iter().map(|p| render_one(&p.source)).collect();
        let section_results: Vec<_> = sections.iter().map(|s| s.source.as_ref().map(&render_one)).collect();
        // The renders without diagnostics, for the cache.
        let mut clean = vec![true; pages.len()];
        for ((page, (rendered, errors)), clean) in pages.iter_mut().zip(page_results).zip(&mut clean) {
            page.rendered = rendered;
            page.reading_minutes = reading_minutes(&page.rendered, config.markdown.words_per_minute);
            *clean = errors.is_empty();
            diags.extend(errors);
        }
        let mut clean_sections = vec![false; sections.len()];
        for ((section, result), clean) in sections.iter_mut().zip(section_results).zip(&mut clean_sections) {
            if let Some((rendered, errors)) = result {
                section.rendered = rendered;
                *clean = errors.is_empty();
                diags.extend(errors);
            }
        }
        if options.reuse.is_series() {
            let pages = pages.iter().zip(&clean).filter(|(_, c)| **c).map(|(p, _)| (&p.source, &p.rendered));
            let sections = sections
                .iter()
                .zip(&clean_sections)
                .filter(|(_, c)| **c)
                .filter_map(|(s, _)| s.source.as_ref().map(|src| (src, &s.rendered)));
            cache.finish(pages.chain(sections), &link_map);
        }
        for section in &sections {
            if let Some(source) = &section.source {
                warn_code(source, &section.rendered, &mut diags);
            }
        }
        // In parallel, each page's in a list of its own, so that they keep the pages' order.
        let found: Vec<Diagnostics> = pages
            .par_iter_mut()
            .map(|page| {
                let mut found = Diagnostics::new();
                check_comparisons(&page.source, &page.rendered, &mut found);
                warn_code(&page.source, &page.rendered, &mut found);
                if !options.reuse.is_series() {
                    // Sources held elsewhere (by a preview's cache) are left as they are.
                    if let Some(source) = Arc::get_mut(&mut page.source) {
                        source.body = String::new();
                    }
                }
                found
            })
            .collect();
        found.into_iter().for_each(|found| diags.extend(found));
        let inputs = comparisons::Inputs {
            link_map: &link_map,
            links_digest,
            smart_punctuation: config.markdown.smart_punctuation,
            drafts: &draft_rels,
            base_url: &base_url,
        };
        let tables = (options.reuse.is_series()).then_some(&mut cache.tables);
        comparisons::build(&mut pages, &sections, &inputs, tables, &mut diags);

        // Reading order inside each section, and neighbours.
        let order = sorted_by_key(&pages, reading_key);
        for &i in &order {
            sections[pages[i].section].pages.push(i);
        }
        for s in &sections {
            for w in s.pages.windows(2) {
                pages[w[0]].next = Some(w[1]);
                pages[w[1]].prev = Some(w[0]);
            }
        }
        for s in &mut sections {
            paginate(s, &base_url, config.site.paginate_by, &mut diags);
        }
        let mut subsections_sorted: Vec<Vec<usize>> = sections.iter().map(|s| s.subsections.clone()).collect();
        for subs in &mut subsections_sorted {
            subs.sort_by(|&a, &b| {
                let (x, y) = (&sections[a], &sections[b]);
                (x.weight.unwrap_or(i64::MAX), &x.title).cmp(&(y.weight.unwrap_or(i64::MAX), &y.title))
            });
        }
        for (s, subs) in sections.iter_mut().zip(subsections_sorted) {
            s.subsections = subs;
        }

        let authors = authors::resolve(&config, &mut pages, &mut diags);
        let by_date = newest_first(&pages);
        let mut tags = collect_tags(&mut pages, &by_date, &base_url, rule, &codes, &mut diags);
        if codes.len() > 1 {
            languages::link(&mut pages, &mut sections, &mut diags);
        }
        for t in &mut tags {
            t.paging = Paging::new(config.site.paginate_by, t.pages.len(), &base_url, &t.urls.path);
        }
        let backlinks = match options.reuse.is_series() {
            true => cache.backlinks(&pages, &by_date),
            false => graph::backlinks(&pages, &by_date),
        };
        for (p, list) in pages.iter_mut().zip(backlinks) {
            p.backlinks = list;
        }
        let related = graph::RelatedInputs::new(&pages, &by_date, config.site.related);
        let related = match options.reuse.is_series() {
            true => cache.related(&related),
            false => graph::related(&related),
        };
        for (p, list) in pages.iter_mut().zip(related) {
            p.related = list;
        }
        // A link to a file whose front matter is broken is no mistake of the linking file: the
        // broken file's own error says what to fix.
        if !content.unparsed.is_empty() {
            diags.0.retain(|d| d.problem.link_target().is_none_or(|t| !content.unparsed.contains(t)));
        }
        (
            Site {
                config,
                root,
                pages,
                sections,
                tags,
                authors,
                held_back,
                link_map,
                data: Arc::default(),
                strings: Arc::default(),
                by_date,
                homes,
                by_date_in: Default::default(),
            },
            diags,
        )
    }

    /// Every body of the site with its file and URL path: the articles', then those of the
    /// sections with a file. The order [`Site::set_bodies`] takes them back in.
    pub fn bodies(&self) -> Vec<(Arc<Source>, Arc<Rendered>, String)> {
        let pages = self.pages.iter().map(|p| (Arc::clone(&p.source), Arc::clone(&p.rendered), p.urls.path.clone()));
        let sections = self.sections.iter().filter_map(|s| {
            s.source.as_ref().map(|src| (Arc::clone(src), Arc::clone(&s.rendered), s.urls.path.clone()))
        });
        pages.chain(sections).collect()
    }

    /// The language of each body of [`Site::bodies`], in its order.
    pub fn body_langs(&self) -> Vec<usize> {
        let sections = self.sections.iter().filter(|s| s.source.is_some()).map(|s| s.lang);
        self.pages.iter().map(|p| p.lang).chain(sections).collect()
    }

    /// Puts back bodies made from [`Site::bodies`], in its order.
    pub fn set_bodies(&mut self, bodies: Vec<Arc<Rendered>>) {
        let mut done = bodies.into_iter();
        for p in &mut self.pages {
            p.rendered = done.next().expect("one per page");
        }
        for s in self.sections.iter_mut().filter(|s| s.source.is_some()) {
            s.rendered = done.next().expect("one per section with a file");
        }
    }

    /// The home section.
    pub fn home(&self) -> &Section {
        &self.sections[0]
    }

    /// Articles of the whole site, newest first (the order of feeds and the home page).
    pub fn pages_by_date(&self) -> &[usize] {
        &self.by_date
    }

    /// The articles of language `lang`, newest first (the order of its home page).
    pub fn pages_by_date_in(&self, lang: usize) -> &[usize] {
        if self.homes.len() == 1 {
            return self.pages_by_date();
        }
        &self.by_date_in.get_or_init(|| {
            let mut by_lang = vec![Vec::new(); self.homes.len()];
            for &i in self.pages_by_date() {
                by_lang[self.pages[i].lang].push(i);
            }
            by_lang
        })[lang]
    }

    /// The home section of language `lang`.
    pub fn home_of(&self, lang: usize) -> &Section {
        &self.sections[self.homes[lang]]
    }

    /// The language of the output page `item` (tag index, 404 and the like: the default one).
    pub fn lang_of(&self, item: Item) -> usize {
        match item {
            Item::Page(id) => self.page(id).lang,
            Item::Section(id) | Item::Pager(id, _) => self.section(id).lang,
            Item::Tag(id) | Item::TagPager(id, _) => self.tag(id).lang,
            Item::Tags(lang) | Item::NotFound(lang) | Item::Search(lang) => lang,
            _ => 0,
        }
    }

    /// The chain of sections from home down to `section`, home first.
    pub fn ancestry(&self, section: usize) -> Vec<usize> {
        let mut chain = vec![section];
        let mut s = section;
        while let Some(p) = self.sections[s].parent {
            chain.push(p);
            s = p;
        }
        chain.reverse();
        chain
    }
}

/// Splits a section's listing into pages: `paginate-by` of its `_index.md` (0 turns it off),
/// else `[site] paginate-by`.
fn paginate(section: &mut Section, base_url: &str, site_default: usize, diags: &mut Diagnostics) {
    let own = section.source.as_ref().and_then(|src| src.front.paginate_by);
    if section.folder.is_empty() {
        // The home page lists sections and the latest articles, not pages of its own.
        if let (Some(src), Some(_)) = (&section.source, own) {
            diags.push(
                Diagnostic::warning(
                    &src.file,
                    src.key_line("paginate-by"),
                    1,
                    "`paginate-by` has no effect on the home page",
                )
                .with_help("set it in the `_index.md` of a section, or for every listing with `[site] paginate-by`"),
            );
        }
        return;
    }
    section.paging = Paging::new(own.unwrap_or(site_default), section.pages.len(), base_url, &section.urls.path);
}

/// Reading order: weight first (pages without one last), then newest date, then title. (Keys
/// rather than a comparison, so that a large site's sort reads each page once.)
fn reading_key(p: &Page) -> (i64, Reverse<Option<DateTime<Utc>>>, &str, &str) {
    let f = &p.source.front;
    (f.weight.unwrap_or(i64::MAX), Reverse(f.date.map(|d| d.utc())), f.title.as_str(), p.urls.path.as_str())
}

/// The pages' indices, newest first (then by title and path).
fn newest_first(pages: &[Page]) -> Vec<usize> {
    sorted_by_key(pages, newest_key)
}

/// The pages' indices in the order of `key`, which is unique (it ends with the page's path),
/// so that an unstable sort gives the one order. Keys made and sorted in parallel: a preview
/// sorts every article on each save.
fn sorted_by_key<'a, K: Ord + Send>(pages: &'a [Page], key: impl Fn(&'a Page) -> K + Sync) -> Vec<usize> {
    let mut keyed: Vec<(K, usize)> = pages.par_iter().enumerate().map(|(i, p)| (key(p), i)).collect();
    keyed.par_sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

fn newest_key(p: &Page) -> (Reverse<Option<DateTime<Utc>>>, &str, &str) {
    let f = &p.source.front;
    (Reverse(f.date.map(|d| d.utc())), f.title.as_str(), p.urls.path.as_str())
}

/// An error for each of the articles whose slug came out empty (`empty`): each would take its
/// section's URL.
fn check_slugs<'a>(empty: impl Iterator<Item = &'a Page>, diags: &mut Diagnostics) {
    for p in empty {
        let (what, line) = match p.source.front.slug {
            Some(_) => ("the front matter's `slug`", p.source.key_line("slug")),
            None => ("the file name", 1),
        };
        diags.push(
            Diagnostic::error(&p.source.file, line, 1, format!("{what} gives an empty URL slug"))
                .with_help("set `slug: my-article` in the front matter, with letters or digits"),
        );
    }
}

/// The minutes an article takes to read, rounded up: its words at `words_per_minute`, its
/// Chinese and Japanese characters at twice that pace (440 a minute by default). Read aloud,
/// Japanese runs at 357 characters a minute and Chinese at 255, against 228 words for English
/// (IReST: Trauzettel-Klosinski and Dietz, IOVS 53(9), 2012); silent reading is about 1.3
/// times faster (238 against 183 words a minute in Brysbaert's meta-analysis, Journal of
/// Memory and Language 109, 2019), which gives about 460 and 330 characters a minute, and
/// Japanese sources quote 400-600 for adults. Counting each character as a word read
/// Japanese at half its pace.
fn reading_minutes(rendered: &Rendered, words_per_minute: usize) -> usize {
    let cjk = rendered.cjk_characters.min(rendered.word_count);
    let half_words = 2 * (rendered.word_count - cjk) + cjk;
    half_words.div_ceil(2 * words_per_minute.max(1)).max(1)
}

/// Two files at one URL, or a file at a URL herald lists tags or authors at (each language's
/// tag index, `tag_indexes`), are errors naming the files.
fn check_unique_urls(
    sections: &[Section],
    pages: &[Page],
    tag_indexes: &[String],
    has_authors: bool,
    diags: &mut Diagnostics,
) {
    use std::borrow::Cow;
    use std::path::Path;
    let mut seen: FxHashMap<&str, Cow<'_, Path>> = FxHashMap::default();
    let section_files = sections.iter().map(|s| {
        let file = s.source.as_ref().map_or_else(
            || Cow::Owned(PathBuf::from("content").join(&s.folder)),
            |src| Cow::Borrowed(src.file.as_path()),
        );
        (s.urls.path.as_str(), file)
    });
    let page_files = pages.iter().map(|p| (p.urls.path.as_str(), Cow::Borrowed(p.source.file.as_path())));
    for (path, file) in section_files.chain(page_files) {
        if tag_indexes.iter().any(|t| t == path) || (has_authors && path == AUTHORS_PATH) {
            diags.push(
                Diagnostic::file_error(&*file, format!("`{path}` is where herald lists the site's tags or authors"))
                    .with_help("rename the folder or set another `slug`"),
            );
        }
        if let Some(first) = seen.get(path) {
            diags.push(
                Diagnostic::file_error(
                    &*file,
                    format!("this file and `{}` both map to the URL `{path}`", first.display()),
                )
                .with_help("rename one of them or give it another `slug` in its front matter"),
            );
        } else {
            seen.insert(path, file);
        }
    }
}

/// Puts a Markdown diagnostic at its place in the file.
fn locate_body_error(mut d: Diagnostic, source: &Source, drafts: &[&str], held: &[&str]) -> Diagnostic {
    d.file = source.file.clone();
    explain_draft_link(&mut d, drafts);
    explain_held_link(&mut d, held);
    d.offset_lines(source.body_line - 1)
}

/// Says so when a broken link points at an article held back for its dates.
fn explain_held_link(d: &mut Diagnostic, held: &[&str]) {
    if let Problem::BrokenLink { target, .. } = &*d.problem {
        if held.contains(&target.as_str()) {
            d.help = Some(format!(
                "content/{target} is scheduled for later (its `date`) or has expired (`expires`): build with --future to publish a scheduled one now, or remove the link until it is out"
            ));
        }
    }
}

/// Says so when a broken link points at a draft.
fn explain_draft_link(d: &mut Diagnostic, drafts: &[&str]) {
    if let Problem::BrokenLink { target, draft, .. } = &mut *d.problem {
        if drafts.contains(&target.as_str()) {
            *draft = true;
            d.help = Some(format!(
                "publish content/{target} (remove `draft: true`), build with --drafts, or remove the link"
            ));
        }
    }
}

/// Warns about code fences whose language or options the highlighter does not know.
fn warn_code(source: &Source, rendered: &Rendered, diags: &mut Diagnostics) {
    for w in &rendered.code_warnings {
        let line = w.line + source.body_line - 1;
        let d = match &w.unknown {
            markdown::Unknown::Language(lang) => {
                Diagnostic::warning(&source.file, line, w.column, format!("no syntax highlighting for `{lang}`"))
                    .with_code("markdown/unknown-language")
                    .with_help(
                        "the block is shown as plain text; name a known language (`html`, `json`, `toml`...) or `text`",
                    )
            }
            markdown::Unknown::Option(opt) => {
                Diagnostic::warning(&source.file, line, w.column, format!("`{opt}` is not a code block option"))
                    .with_code("markdown/unknown-fence-option")
                    .with_help("use `linenos`, `linenostart=N`, `hl_lines=1 3-5` or `title=\"name\"`")
            }
        };
        diags.push(d);
    }
}

/// Checks the shape of a page's comparisons and that every placement names one of them.
fn check_comparisons(source: &Source, rendered: &Rendered, diags: &mut Diagnostics) {
    let comparisons = &source.front.comparisons;
    for p in comparison::validate(comparisons) {
        let (line, column) = crate::content::front_matter::locate(&source.yaml, p.place);
        diags.push(Diagnostic::error(&source.file, line + 1, column, p.message).with_help(p.help));
    }
    for placement in &rendered.placements {
        let line = placement.line + source.body_line - 1;
        if placement.name != "comparison" {
            diags.push(
                Diagnostic::error(
                    &source.file,
                    line,
                    placement.column,
                    format!("`{}` is not something herald can place", placement.name),
                )
                .with_help("write `{{ comparison(id=\"...\") }}` on a line of its own"),
            );
        } else if !comparisons.iter().any(|c| c.id == placement.id) {
            let known: Vec<&str> = comparisons.iter().map(|c| c.id.as_str()).collect();
            let help = match crate::diagnostic::did_you_mean(&placement.id, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if known.is_empty() => "define it under `comparisons:` in the front matter".to_string(),
                None => format!("the comparisons of this page are: {}", known.join(", ")),
            };
            diags.push(
                Diagnostic::error(
                    &source.file,
                    line,
                    placement.column,
                    format!("no comparison with the id `{}` on this page", placement.id),
                )
                .with_help(help),
            );
        }
    }
}

/// The folders that hold each language's files, with the folders above them and each
/// language's home, as (language, folder).
fn folders_by_language(content: &Content, codes: &[&str], lang_of: impl Fn(&Source) -> usize) -> Vec<(usize, String)> {
    if codes.len() == 1 {
        return content.folders.iter().map(|f| (0, f.clone())).collect();
    }
    let mut found: std::collections::BTreeSet<(usize, String)> = (0..codes.len()).map(|l| (l, String::new())).collect();
    for s in &content.sources {
        let lang = lang_of(s);
        let mut folder = s.section.as_str();
        // Once a folder is in, so are those above it.
        while !folder.is_empty() && found.insert((lang, folder.to_string())) {
            folder = folder.rsplit_once('/').map_or("", |(p, _)| p);
        }
    }
    found.into_iter().collect()
}

fn collect_tags(
    pages: &mut [Page],
    by_date: &[usize],
    base_url: &str,
    rule: Slugify,
    codes: &[&str],
    diags: &mut Diagnostics,
) -> Vec<Tag> {
    // A site has few distinct tags on many pages: each name is slugified once, and pages refer
    // to slugs by number. Each language has tags of its own.
    let mut slugs: Vec<(usize, String)> = Vec::new();
    let mut slug_by_name: FxHashMap<(usize, &str), Option<usize>> = FxHashMap::default();
    let mut slug_index: FxHashMap<(usize, String), usize> = FxHashMap::default();
    let page_slugs: Vec<Vec<Option<usize>>> = pages
        .iter()
        .map(|p| {
            p.source
                .front
                .tags
                .iter()
                .map(|name| {
                    *slug_by_name.entry((p.lang, name.as_str())).or_insert_with(|| {
                        let slug = tag_slug(name, rule);
                        (!slug.is_empty()).then(|| {
                            *slug_index.entry((p.lang, slug.clone())).or_insert_with(|| {
                                slugs.push((p.lang, slug));
                                slugs.len() - 1
                            })
                        })
                    })
                })
                .collect()
        })
        .collect();
    // Each tag takes the name it has on its newest page, and lists pages newest first.
    let mut found: Vec<Option<Tag>> = (0..slugs.len()).map(|_| None).collect();
    for &i in by_date {
        for (name, slug) in pages[i].source.front.tags.iter().zip(&page_slugs[i]) {
            let Some(s) = *slug else {
                diags.push(
                    Diagnostic::file_error(&pages[i].source.file, format!("the tag `{name}` has no letters or digits"))
                        .with_help("use words for tags"),
                );
                continue;
            };
            let tag = found[s].get_or_insert_with(|| Tag {
                name: name.trim().to_string(),
                urls: Urls::new(
                    base_url,
                    &format!("{}{TAGS_PATH}{}/", languages::prefix(codes, slugs[s].0), slugs[s].1),
                ),
                slug: slugs[s].1.clone(),
                pages: Vec::new(),
                paging: Paging::default(),
                lang: slugs[s].0,
            });
            // A page's tags are added one after the other: a repeat (`SEO`, `seo`) is the last.
            if tag.pages.last() != Some(&i) {
                tag.pages.push(i);
            }
        }
    }
    // Tags in the order of their slugs; pages refer to them by that position.
    let mut by_slug: Vec<usize> = (0..slugs.len()).collect();
    by_slug.sort_by(|&a, &b| slugs[a].cmp(&slugs[b]));
    let mut position = vec![0; slugs.len()];
    for (at, &s) in by_slug.iter().enumerate() {
        position[s] = at;
    }
    for (page, page_slugs) in pages.iter_mut().zip(&page_slugs) {
        // Each tag once (`SEO`, `smm`, `seo` is two tags), in the order written.
        let mut ids: Vec<usize> = Vec::new();
        for id in page_slugs.iter().flatten().map(|&s| position[s]) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        page.tags = ids;
    }
    by_slug.into_iter().map(|s| found[s].take().expect("every slug has a page")).collect()
}
