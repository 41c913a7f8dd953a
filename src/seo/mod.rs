//! Social and search metadata, computed in Rust and handed to templates ready to print, so no
//! theme can forget a tag or escape one wrong.
//!
//! Per page ([`PageSeo`], put together by `page` from the facts of [`facts`]): the `<title>`,
//! description, canonical URL, robots, Open Graph and Twitter/X tags ([`meta`]), JSON-LD
//! ([`jsonld`]), share links ([`share`]), feed links and the social image, a generated card
//! ([`cards`]) when the page has none. Per site: the follow links,
//! `sitemap.xml` and `robots.txt` ([`sitemap`]), Atom, RSS and JSON feeds ([`feed`]) and `llms.txt` ([`llms`]).

pub mod cache;
pub mod cards;
pub mod facts;
pub mod feed;
mod images;
pub mod jsonld;
pub mod languages;
pub mod llms;
pub mod meta;
mod page;
pub mod share;
pub mod sitemap;
mod xml;

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::Source;
use crate::diagnostic::Diagnostics;
use crate::images::social::Fits;
use crate::output::Bytes;
use crate::robots::Robots;
use crate::site::{
    AuthorId, Item, Page, PageId, Paging, SectionId, Site, Tag, TagId, Urls, AUTHORS_PATH, COMPARISONS_PATH, TAGS_PATH,
};
pub use cache::SeoCache;
pub use cards::{CardJob, CardSpec};
pub use images::{SocialImage, StaticFiles};
pub use languages::Alternate;
pub use meta::MetaTag;
pub use share::{FollowLink, ShareLink};

/// The pages of a site that exist only when its theme has their template.
#[derive(Debug, Clone, Copy, Default)]
pub struct Optional {
    /// The comparisons hub (`comparisons.html`, and some article has a table).
    pub hub: bool,
    /// The index of authors (`authors.html`, and `[authors]` names someone).
    pub authors: bool,
}

/// The file name of a generated social card, beside the page's `index.html`.
pub const CARD_FILE: &str = "social-card.png";

/// What the head of one page prints: the `seo` variable of its template context.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageSeo {
    /// The `<title>`.
    pub title: String,
    /// The meta description (also in `meta`).
    pub description: String,
    /// The absolute canonical URL: front matter `canonical` when the page was first published
    /// elsewhere, else its own (none for the 404 page, which answers at any URL).
    pub canonical: Option<String>,
    /// Where the page was cross-posted (front matter `syndicated-to`), for
    /// `<link rel="syndication">` and a visible link.
    pub syndication: Vec<Syndication>,
    /// The robots directives (`noindex, max-image-preview:large`), also in `meta`; none when
    /// they say nothing.
    pub robots: Option<String>,
    /// Whether search engines are asked to leave the page out (drafts, `noindex`, 404, search).
    pub noindex: bool,
    /// Every `<meta>` tag, in order: description, robots, Open Graph, article, Twitter/X.
    pub meta: Vec<MetaTag>,
    /// The JSON-LD graph, escaped for a `<script>` element; empty when the page has none.
    pub jsonld: String,
    /// Share links (articles only), in `[social] share` order.
    pub share: Vec<ShareLink>,
    /// Feeds to advertise with `<link rel="alternate">`.
    pub feeds: Vec<FeedLink>,
    /// The social image (own, default or generated card).
    pub image: Option<SocialImage>,
    /// The page in each language it is written in, itself included, then `x-default`, for
    /// `<link rel="alternate" hreflang>`; empty for a page without translations.
    pub alternates: Vec<Alternate>,
}

/// A copy of the page on another site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Syndication {
    /// The absolute URL of the copy.
    pub url: String,
    /// Its host without `www.` (`medium.com`), to name it.
    pub site: String,
}

/// A feed a page advertises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedLink {
    /// What it follows and its format: `My guide (RSS)`.
    pub title: String,
    /// Root-relative, with the base-url's sub-path.
    pub url: String,
    /// The MIME type, for `<link type>`.
    #[serde(rename = "type")]
    pub mime: &'static str,
    /// `Atom`, `RSS` or `JSON Feed`.
    pub format: &'static str,
    /// The whole site's feed, not a section's or tag's.
    pub site_wide: bool,
    /// Announced in the page's head (`[feeds] advertise`).
    pub advertised: bool,
}

/// The metadata of every page of the site, and what is shared between pages.
#[derive(Debug, Clone, Default)]
pub struct SiteSeo {
    /// Shared, so that the preview server's incremental render keeps them cheaply to compare.
    pub pages: Vec<Arc<PageSeo>>,
    pub sections: Vec<PageSeo>,
    /// By section, its pages 2, 3, ... (empty for a listing of one page).
    pub pagers: Vec<Vec<PageSeo>>,
    pub tags: Vec<PageSeo>,
    /// By tag, its pages 2, 3, ...
    pub tag_pagers: Vec<Vec<PageSeo>>,
    /// The tag index of each language, by language.
    pub tags_index: Vec<PageSeo>,
    /// The comparisons hub, when the site has one.
    pub comparisons: Option<PageSeo>,
    /// The 404 page of each language, by language.
    pub not_found: Vec<PageSeo>,
    /// The search page of each language, by language.
    pub search: Vec<PageSeo>,
    /// The author pages, by author.
    pub authors: Vec<PageSeo>,
    /// The index of authors, when the site has one.
    pub authors_index: Option<PageSeo>,
    /// The site's profiles, for follow links (`follow` in every template), labelled in each
    /// language, by language.
    pub follow: Vec<Vec<FollowLink>>,
    /// The social cards to draw, one per page without an image of its own.
    pub cards: Vec<CardJob>,
}

impl SiteSeo {
    /// Computes the metadata of every page. `statics` are the site's and theme's static files,
    /// where page images and `[social] default-image` are looked up; `optional` says which of
    /// the pages a theme may leave out the site gets.
    pub fn build(site: &Site, statics: &StaticFiles<'_>, optional: Optional) -> (SiteSeo, Diagnostics) {
        SiteSeo::build_cached(site, statics, &Fits::default(), optional, &mut SeoCache::default())
    }

    /// [`SiteSeo::build`], with the social images made to measure (`fits`), reusing the
    /// metadata of articles whose inputs are those of the build `cache` last saw (see [`cache`]).
    pub fn build_cached(
        site: &Site,
        statics: &StaticFiles<'_>,
        fits: &Fits,
        optional: Optional,
        cache: &mut SeoCache,
    ) -> (SiteSeo, Diagnostics) {
        let has_hub = optional.hub;
        let mut diags = Diagnostics::new();
        cache.start(&site.config, &site.strings);
        let ctx = facts::SiteFacts::new(site, optional.authors);
        let (default_image, d) = images::default_image(site, statics, fits);
        diags.extend(d);
        let mut cards = Vec::new();
        let mut image_for = |item: Item, urls: &Urls, spec: CardSpec, own: Option<SocialImage>| match own
            .or_else(|| default_image.clone())
        {
            Some(img) => Some(img),
            None => {
                let job = CardJob::new(urls, spec, &site.config.site.base_url, item_file(site, item, urls));
                let img = job.image(item_card_alt(site, item));
                cards.push(job);
                Some(img)
            }
        };

        // Own images are read (and checked) in parallel: a bundle's image is a file on disk.
        let own: Vec<(Option<SocialImage>, Diagnostics)> =
            site.pages.par_iter().map(|p| images::page_image(site, p, statics, fits)).collect();
        let mut page_images = Vec::with_capacity(site.pages.len());
        for (id, (img, d)) in site.page_ids().zip(own) {
            diags.extend(d);
            let item = Item::Page(id);
            page_images.push(image_for(item, &site.page(id).urls, card_spec(site, item), img));
        }
        let section_images: Vec<_> = site
            .section_ids()
            .map(|id| image_for(Item::Section(id), &site.section(id).urls, card_spec(site, Item::Section(id)), None))
            .collect();
        let tags_images: Vec<_> = site
            .langs()
            .map(|lang| {
                let item = Item::Tags(lang);
                image_for(item, &site.urls_in(lang, TAGS_PATH), card_spec(site, item), None)
            })
            .collect();
        let tag_images: Vec<_> = site
            .tag_ids()
            .map(|id| image_for(Item::Tag(id), &site.tag(id).urls, card_spec(site, Item::Tag(id)), None))
            .collect();
        let author_images: Vec<_> = site
            .author_ids()
            .map(|id| image_for(Item::Author(id), &site.author(id).urls, card_spec(site, Item::Author(id)), None))
            .collect();
        diags.extend(images::check_avatars(site, statics));
        let authors_image = optional.authors.then(|| {
            let urls = Urls::new(&site.config.site.base_url, AUTHORS_PATH);
            image_for(Item::Authors, &urls, card_spec(site, Item::Authors), None)
        });
        let hub_urls = Urls::new(&site.config.site.base_url, COMPARISONS_PATH);
        let hub_image =
            has_hub.then(|| image_for(Item::Comparisons, &hub_urls, card_spec(site, Item::Comparisons), None));

        // Each article's metadata, with the hash of its inputs when it was made anew.
        let results: Vec<(Arc<PageSeo>, Option<u64>)> = page_images
            .par_iter()
            .enumerate()
            .map(|(i, img)| {
                let inputs = facts::ArticleInputs::new(site, PageId::new(i), img);
                let key = cache::inputs_key(&inputs);
                match cache.get(&site.pages[i].urls.path, key) {
                    Some(seo) => {
                        debug_assert_eq!(*seo, page::article_seo(&ctx.config, &inputs), "a reused page's metadata");
                        (seo, None)
                    }
                    None => (Arc::new(page::article_seo(&ctx.config, &inputs)), Some(key)),
                }
            })
            .collect();
        let made =
            results.iter().enumerate().filter_map(|(i, (seo, key))| key.map(|k| (i, k, Arc::clone(seo)))).collect();
        cache.finish(site, made);
        let pages: Vec<Arc<PageSeo>> = results.into_iter().map(|(seo, _)| seo).collect();
        // A listing's later pages share its first page's image.
        let later = |paging: &Paging, item: &dyn Fn(usize) -> Item, image: &Option<SocialImage>| -> Vec<PageSeo> {
            paging.later().map(|n| page::page_seo(&ctx, item(n), image.clone())).collect()
        };
        let pagers = (site.section_ids().zip(&section_images))
            .map(|(id, img)| later(&site.section(id).paging, &|n| Item::Pager(id, n), img))
            .collect();
        let tag_pagers = (site.tag_ids().zip(&tag_images))
            .map(|(id, img)| later(&site.tag(id).paging, &|n| Item::TagPager(id, n), img))
            .collect();
        let sections = site
            .section_ids()
            .zip(section_images)
            .map(|(id, img)| page::page_seo(&ctx, Item::Section(id), img))
            .collect();
        let tags = tag_images
            .into_par_iter()
            .enumerate()
            .map(|(i, img)| page::page_seo(&ctx, Item::Tag(TagId::new(i)), img))
            .collect();
        let seo = SiteSeo {
            pages,
            sections,
            pagers,
            tags,
            tag_pagers,
            tags_index: (tags_images.into_iter().enumerate())
                .map(|(lang, img)| page::page_seo(&ctx, Item::Tags(lang), img))
                .collect(),
            comparisons: hub_image.map(|img| page::page_seo(&ctx, Item::Comparisons, img)),
            not_found: site.langs().map(|lang| page::page_seo(&ctx, Item::NotFound(lang), None)).collect(),
            search: site.langs().map(|lang| page::page_seo(&ctx, Item::Search(lang), None)).collect(),
            authors: (site.author_ids().zip(author_images))
                .map(|(id, img)| page::page_seo(&ctx, Item::Author(id), img))
                .collect(),
            authors_index: authors_image.map(|img| page::page_seo(&ctx, Item::Authors, img)),
            follow: site
                .langs()
                .map(|lang| {
                    let code = site.config.language_code(lang);
                    let site_title = site.config.title_in(code);
                    let label = |network: &str| {
                        site.strings.text("follow_on", code, &[("site", site_title), ("network", network)])
                    };
                    share::follow_links(&site.config, label)
                })
                .collect(),
            cards,
        };
        (seo, diags)
    }

    /// The metadata of one page.
    pub fn get(&self, item: Item) -> &PageSeo {
        match item {
            Item::Page(id) => &self.pages[id.index()],
            Item::Section(id) => &self.sections[id.index()],
            Item::Pager(id, n) => &self.pagers[id.index()][n - 2],
            Item::Tags(lang) => &self.tags_index[lang],
            Item::Tag(id) => &self.tags[id.index()],
            Item::TagPager(id, n) => &self.tag_pagers[id.index()][n - 2],
            Item::Comparisons => self.comparisons.as_ref().unwrap_or(&self.not_found[0]),
            Item::NotFound(lang) => &self.not_found[lang],
            Item::Search(lang) => &self.search[lang],
            Item::Author(id) => &self.authors[id.index()],
            Item::Authors => self.authors_index.as_ref().unwrap_or(&self.not_found[0]),
        }
    }

    /// Every page's metadata with its item, for checks.
    pub fn items(&self) -> impl Iterator<Item = (Item, &PageSeo)> {
        let pages = self.pages.iter().enumerate().map(|(i, s)| (Item::Page(PageId::new(i)), &**s));
        let sections = self.sections.iter().enumerate().map(|(i, s)| (Item::Section(SectionId::new(i)), s));
        let pagers = self
            .pagers
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.iter().enumerate().map(move |(k, s)| (Item::Pager(SectionId::new(i), k + 2), s)));
        let tags = self.tags.iter().enumerate().map(|(i, s)| (Item::Tag(TagId::new(i)), s));
        let tag_pagers = self
            .tag_pagers
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.iter().enumerate().map(move |(k, s)| (Item::TagPager(TagId::new(i), k + 2), s)));
        let hub = self.comparisons.iter().map(|s| (Item::Comparisons, s));
        let authors = self.authors.iter().enumerate().map(|(i, s)| (Item::Author(AuthorId::new(i)), s));
        let authors_index = self.authors_index.iter().map(|s| (Item::Authors, s));
        pages
            .chain(sections)
            .chain(pagers)
            .chain(self.tags_index.iter().enumerate().map(|(lang, s)| (Item::Tags(lang), s)))
            .chain(tags)
            .chain(tag_pagers)
            .chain(hub)
            .chain(authors)
            .chain(authors_index)
    }
}

/// The site-wide files: `sitemap.xml` (or an index and its parts), `robots.txt`, the feeds and
/// `llms.txt`, as output path and bytes.
pub fn site_files(site: &Site, seo: &SiteSeo) -> Vec<(String, Bytes)> {
    // Each walks every article: side by side.
    let (sitemaps, (feeds, llms)) = rayon::join(
        || {
            let entries = sitemap::entries(site, seo);
            sitemap::sitemaps(&entries, &site.config.site.base_url, sitemap::MAX_URLS)
        },
        || rayon::join(|| feed::feeds(site, Some(seo)), || llms::files(site, seo)),
    );
    let mut files: Vec<(String, String)> = sitemaps;
    files.push(("robots.txt".into(), sitemap::robots_txt(&site.config)));
    files.extend(feeds);
    files.extend(llms);
    files.into_iter().map(|(path, text)| (path, Bytes::from(text.into_bytes()))).collect()
}

/// Whether a page is left out of search engines, sitemaps, feeds, `llms.txt` and the search
/// index: drafts built with `--drafts`, articles a preview shows although they are held back for
/// their dates, and pages whose robots directives say `noindex`.
pub fn is_hidden(config: &Config, page: &Page) -> bool {
    page.source.front.draft || page.held.is_some() || is_noindex(config, Some(&page.source))
}

/// Whether a page or section (by its file; `None` for a section without `_index.md`) says
/// `noindex`, itself or through `[seo] robots`.
pub fn is_noindex(config: &Config, source: Option<&Source>) -> bool {
    source.and_then(|s| s.front.robots.as_ref()).and_then(|r| r.index).or(config.seo.robots.index) == Some(false)
}

/// A page's or section's robots directives: its front matter's over `[seo] robots`.
pub fn robots_of(config: &Config, source: Option<&Source>) -> Robots {
    match source.and_then(|s| s.front.robots.as_ref()) {
        Some(own) => own.over(&config.seo.robots),
        None => config.seo.robots.clone(),
    }
}

/// Whether a tag has a published article, and so a page worth indexing.
pub fn is_listed_tag(site: &Site, tag: &Tag) -> bool {
    tag.pages.iter().any(|&i| !is_hidden(&site.config, &site.pages[i]))
}

/// What a generated card shows for an item.
fn card_spec(site: &Site, item: Item) -> CardSpec {
    let c = &site.config;
    let code = c.language_code(site.lang_of(item));
    let t = |key: &str| site.strings.text(key, code, &[]);
    let (title, label) = match item {
        Item::Page(id) => {
            let p = site.page(id);
            let label = if p.section == 0 { String::new() } else { site.sections[p.section].title.clone() };
            (p.title().to_string(), label)
        }
        Item::Section(SectionId::HOME) => (site.home().title.clone(), String::new()),
        Item::Section(id) | Item::Pager(id, _) => (site.section(id).title.clone(), t("card_section")),
        Item::Tags(_) => (t("all_topics"), t("tags")),
        Item::Tag(id) | Item::TagPager(id, _) => (site.tag(id).name.clone(), t("card_tag")),
        Item::Comparisons => (t("comparison_tables"), t("comparisons")),
        Item::Author(id) => (site.author(id).name.clone(), t("card_author")),
        Item::Authors => (t("our_authors"), t("authors")),
        Item::NotFound(_) | Item::Search(_) => (String::new(), String::new()),
    };
    CardSpec { site: c.title_in(code).to_string(), title, label }
}

/// The alt text of a generated card: what it says.
/// The file a page is made from, for messages about it; its URL path when there is none.
fn item_file(site: &Site, item: Item, urls: &Urls) -> std::path::PathBuf {
    match item {
        Item::Page(id) => site.page(id).source.file.clone(),
        Item::Section(id) => {
            site.section(id).source.as_ref().map_or_else(|| urls.path.clone().into(), |s| s.file.clone())
        }
        _ => urls.path.clone().into(),
    }
}

fn item_card_alt(site: &Site, item: Item) -> String {
    let spec = card_spec(site, item);
    if spec.title == spec.site {
        spec.title
    } else {
        format!("{} – {}", spec.title, spec.site)
    }
}

/// The `og:locale` of a BCP 47 language tag: `en` → `en_US`, `en-GB` → `en_GB`, `fr` → `fr_FR`.
pub fn og_locale(language: &str) -> String {
    let mut parts = language.split(['-', '_']);
    let lang = parts.next().unwrap_or("en").to_ascii_lowercase();
    // A script subtag (`zh-Hant-TW`) is skipped: Open Graph locales are language_TERRITORY.
    if let Some(region) = parts.find(|p| p.len() == 2 || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))) {
        return format!("{lang}_{}", region.to_ascii_uppercase());
    }
    let region = match lang.as_str() {
        "en" => "US",
        "ar" => "AR",
        "cs" => "CZ",
        "da" => "DK",
        "el" => "GR",
        "et" => "EE",
        "fa" => "IR",
        "he" => "IL",
        "hi" => "IN",
        "ja" => "JP",
        "ko" => "KR",
        "nb" | "nn" | "no" => "NO",
        "pt" => "BR",
        "sl" => "SI",
        "sq" => "AL",
        "sr" => "RS",
        "sv" => "SE",
        "uk" => "UA",
        "vi" => "VN",
        "zh" => "CN",
        other => return format!("{other}_{}", other.to_ascii_uppercase()),
    };
    format!("{lang}_{region}")
}

/// Adds the `@` a handle needs (`herald` → `@herald`).
fn at_handle(handle: &str) -> Option<String> {
    let h = handle.trim();
    match h {
        "" => None,
        h if h.starts_with('@') => Some(h.to_string()),
        h => Some(format!("@{h}")),
    }
}

/// The names of an article's authors (see [`facts::article_authors`]), for feeds.
fn authors_of<'a>(site: &'a Site, page: &'a Page) -> Vec<&'a str> {
    facts::article_authors(site, page).into_iter().map(|a| a.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_follow_the_language() {
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("en-GB"), "en_GB");
        assert_eq!(og_locale("fr"), "fr_FR");
        assert_eq!(og_locale("pt-br"), "pt_BR");
        assert_eq!(og_locale("zh-Hant-TW"), "zh_TW");
        assert_eq!(og_locale("ja"), "ja_JP");
    }

    #[test]
    fn handles_get_an_at() {
        assert_eq!(at_handle("herald").as_deref(), Some("@herald"));
        assert_eq!(at_handle("@herald").as_deref(), Some("@herald"));
        assert_eq!(at_handle(" "), None);
    }
}
