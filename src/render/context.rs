//! The data each template sees, as typed values: every variable of every template is a field of
//! one of these structs, documented once here (the README's template reference lists them).
//!
//! Contexts borrow from the site model instead of copying it, and derive `Hash`: the hash of a
//! template's whole context is the key by which the preview decides whether its output can be
//! reused (see [`crate::cache::key`]). They stay lean: a page's context holds what the page shows, and
//! article summaries carry only the fields some listing template names (see [`Fields`]), which
//! keeps listings of ten thousand articles cheap to build, to hash and to render.

use std::borrow::Cow;
use std::path::Path;

use rayon::prelude::*;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::names::Names;
use crate::cache::key::{ById, BySerde, Hashed};
use crate::config::Social;
use crate::content::{Date, Faq};
use crate::markdown::{toc, Heading};
use crate::seo::{FollowLink, PageSeo};
use crate::site::comparisons::Table;
use crate::site::{Page, Paging, Section, Site, Tag, Urls, TAGS_PATH};

/// `site`: the config values templates print.
#[derive(Serialize, Hash)]
pub struct SiteContext<'a> {
    /// `[book] title`.
    pub title: &'a str,
    /// `[book] description`.
    pub description: &'a str,
    /// `[book] authors`.
    pub authors: &'a [String],
    /// `[book] language`.
    pub language: &'a str,
    /// `[site] base-url`.
    pub base_url: &'a str,
    /// The base-url's path, `/` or `/guide/`.
    pub base_path: &'a str,
    /// The home page's URL.
    pub url: &'a str,
    /// The tag index's URL.
    pub tags_url: String,
    /// The `[social]` table.
    pub social: BySerde<'a, Social>,
    /// The comparisons hub's URL, when the site has one.
    pub comparisons_url: Option<String>,
}

/// What every template's context holds, made once per build.
#[derive(Serialize, Hash)]
pub struct Common<'a> {
    /// The config values.
    pub site: SiteContext<'a>,
    /// The top-level sections.
    pub nav: Vec<Link<'a>>,
    /// The site's profiles.
    pub follow: BySerde<'a, [FollowLink]>,
}

impl<'a> Common<'a> {
    /// The common values; `comparisons_url` when the site has a hub.
    pub fn new(site: &'a Site, follow: &'a [FollowLink], comparisons_url: Option<String>) -> Hashed<Common<'a>> {
        let c = &site.config;
        let home = site.home();
        let site_context = SiteContext {
            title: &c.book.title,
            description: &c.book.description,
            authors: &c.book.authors,
            language: &c.book.language,
            base_url: &c.site.base_url,
            base_path: c.base_path(),
            url: &home.urls.url,
            tags_url: Urls::new(&c.site.base_url, TAGS_PATH).url,
            social: BySerde(&c.social),
            comparisons_url,
        };
        let nav = home.subsections.iter().map(|&s| Link::section(&site.sections[s])).collect();
        Hashed::new(Common { site: site_context, nav, follow: BySerde(follow) })
    }
}

/// A link to a section or an article.
#[derive(Serialize, Hash, Clone)]
pub struct Link<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its `short-title`, or its title.
    pub short_title: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// Its path, `/smo/`.
    pub path: &'a str,
}

impl<'a> Link<'a> {
    fn section(s: &'a Section) -> Link<'a> {
        Link { title: &s.title, short_title: s.short_title(), url: &s.urls.url, path: &s.urls.path }
    }

    fn page(p: &'a Page) -> Link<'a> {
        Link { title: p.title(), short_title: p.short_title(), url: &p.urls.url, path: &p.urls.path }
    }
}

/// A tag of an article.
#[derive(Serialize, Hash)]
pub struct TagLink<'a> {
    /// The tag as written.
    pub name: &'a str,
    /// Its slug.
    pub slug: &'a str,
    /// Its page's URL.
    pub url: &'a str,
}

/// One step of a page's breadcrumbs: the sections above it, then the page itself (with title
/// and URL only).
#[derive(Serialize, Hash)]
pub struct Breadcrumb<'a> {
    /// The title.
    pub title: Cow<'a, str>,
    /// The short title, for sections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_title: Option<&'a str>,
    /// The URL.
    pub url: Cow<'a, str>,
    /// The path, for sections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
}

impl<'a> Breadcrumb<'a> {
    fn link(l: Link<'a>) -> Breadcrumb<'a> {
        Breadcrumb { title: l.title.into(), short_title: Some(l.short_title), url: l.url.into(), path: Some(l.path) }
    }

    /// The last step: the page itself.
    pub fn current(title: impl Into<Cow<'a, str>>, url: impl Into<Cow<'a, str>>) -> Breadcrumb<'a> {
        Breadcrumb { title: title.into(), short_title: None, url: url.into(), path: None }
    }
}

/// A date, printed as `YYYY-MM-DD`.
#[derive(Hash, Clone, Copy)]
pub struct Day(Date);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.ymd())
    }
}

/// The fields of [`SummaryContext`], by name, as templates write them.
pub const SUMMARY_FIELDS: [&str; 14] = [
    "title",
    "description",
    "summary",
    "url",
    "permalink",
    "path",
    "date",
    "updated",
    "reviewed",
    "reading_time",
    "word_count",
    "tags",
    "section",
    "draft",
];

/// Which fields of an article summary to build: those some template names.
#[derive(Clone, Copy)]
pub struct Fields([bool; SUMMARY_FIELDS.len()]);

impl Fields {
    /// Those the listing templates name: the summaries listings hold by the thousand, whose
    /// changes make a preview render the listings again.
    pub fn listings(names: &Names) -> Fields {
        Fields(SUMMARY_FIELDS.map(|f| names.listings_use(f)))
    }

    /// Those any template names: the article's own page.
    pub fn page(names: &Names) -> Fields {
        Fields(SUMMARY_FIELDS.map(|f| names.any_uses(f)))
    }

    fn keep<T>(&self, name: &str, value: impl FnOnce() -> T) -> Option<T> {
        let i = SUMMARY_FIELDS.iter().position(|f| *f == name).expect("a summary field");
        self.0[i].then(value)
    }
}

/// An article as listings show it. A field is `None` (and left out) when no template that
/// shows the summary names it.
#[derive(Serialize, Hash)]
pub struct SummaryContext<'a> {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    /// The description, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<&'a str>>,
    /// The summary, as HTML.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'a str>,
    /// The URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// The absolute URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permalink: Option<&'a str>,
    /// The path, `/smo/what-is-smo/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    /// The date (`YYYY-MM-DD`), or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Option<Day>>,
    /// The date of the last update, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Option<Day>>,
    /// The date of the last review, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Option<Day>>,
    /// The reading time in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading_time: Option<usize>,
    /// The number of words of the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub word_count: Option<usize>,
    /// The tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<TagLink<'a>>>,
    /// The section it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<Link<'a>>,
    /// Whether it is a draft.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<bool>,
}

impl<'a> SummaryContext<'a> {
    /// Article `p`'s summary, with the fields of `fields`.
    pub fn new(site: &'a Site, p: &'a Page, fields: Fields) -> SummaryContext<'a> {
        let f = &p.source.front;
        SummaryContext {
            title: fields.keep("title", || f.title.as_str()),
            description: fields.keep("description", || f.description.as_deref()),
            summary: fields.keep("summary", || p.rendered.summary_html.as_str()),
            url: fields.keep("url", || p.urls.url.as_str()),
            permalink: fields.keep("permalink", || p.urls.permalink.as_str()),
            path: fields.keep("path", || p.urls.path.as_str()),
            date: fields.keep("date", || f.date.map(Day)),
            updated: fields.keep("updated", || f.updated.map(Day)),
            reviewed: fields.keep("reviewed", || f.reviewed.map(Day)),
            reading_time: fields.keep("reading_time", || p.reading_minutes),
            word_count: fields.keep("word_count", || p.rendered.word_count),
            tags: fields.keep("tags", || tag_links(site, &p.tags)),
            section: fields.keep("section", || Link::section(&site.sections[p.section])),
            draft: fields.keep("draft", || f.draft),
        }
    }
}

fn tag_links<'a>(site: &'a Site, tags: &[usize]) -> Vec<TagLink<'a>> {
    tags.iter()
        .map(|&t| TagLink { name: &site.tags[t].name, slug: &site.tags[t].slug, url: &site.tags[t].urls.url })
        .collect()
}

/// Every article's summary as listings show it (by page index), each hashed once per build.
pub fn summaries<'a>(site: &'a Site, names: &Names) -> Vec<Hashed<SummaryContext<'a>>> {
    let fields = Fields::listings(names);
    site.pages.par_iter().map(|p| Hashed::new(SummaryContext::new(site, p, fields))).collect()
}

/// A list of article summaries (`section.pages`, `tag.pages`, `recent`): hashed as the hashes
/// of its summaries.
#[derive(Clone, Copy)]
pub struct Listing<'a> {
    all: &'a [Hashed<SummaryContext<'a>>],
    pages: &'a [usize],
}

impl<'a> Listing<'a> {
    /// The summaries of `pages` (page indices) out of `all`.
    pub fn new(all: &'a [Hashed<SummaryContext<'a>>], pages: &'a [usize]) -> Listing<'a> {
        Listing { all, pages }
    }
}

impl std::hash::Hash for Listing<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_usize(self.pages.len());
        self.pages.iter().for_each(|&i| self.all[i].hash(state));
    }
}

impl Serialize for Listing<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.pages.iter().map(|&i| &self.all[i]))
    }
}

/// The table of contents: headings of levels 2 and 3, nested; empty when the article has fewer
/// than `[markdown] toc-min-headings`.
#[derive(Hash)]
pub struct Toc<'a> {
    headings: ById<'a, [Heading]>,
    show: bool,
}

impl Serialize for Toc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.show {
            true => toc(self.headings.get(), 2, 3).serialize(s),
            false => s.collect_seq(std::iter::empty::<()>()),
        }
    }
}

/// A source file's path, relative to the site, with `/` separators.
#[derive(Hash)]
pub struct File<'a>(&'a Path);

impl Serialize for File<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string_lossy().replace('\\', "/"))
    }
}

/// `page`, for `page.html`: the summary's fields (those any template names) and the page's.
#[derive(Serialize, Hash)]
pub struct PageContext<'a> {
    /// The summary's fields.
    #[serde(flatten)]
    pub summary: SummaryContext<'a>,
    /// The body, as HTML.
    pub content: ById<'a, str>,
    /// The table of contents.
    pub toc: Toc<'a>,
    /// The authors.
    pub authors: &'a [String],
    /// The `image` of the front matter.
    pub image: Option<&'a str>,
    /// The `image-alt` of the front matter.
    pub image_alt: Option<&'a str>,
    /// The questions and answers.
    pub faq: ById<'a, [Faq]>,
    /// The comparison tables (each given its rendered `html` when the page renders).
    pub comparisons: ById<'a, [Table]>,
    /// The front matter's `extra`.
    pub extra: ById<'a, Value>,
    /// The previous article of the section.
    pub prev: Option<Link<'a>>,
    /// The next article of the section.
    pub next: Option<Link<'a>>,
    /// Home, the sections above, the article.
    pub breadcrumbs: Vec<Breadcrumb<'a>>,
    /// The source file, relative to the site.
    pub file: File<'a>,
}

impl<'a> PageContext<'a> {
    /// Article `index`'s page, with the summary fields any template names.
    pub fn new(site: &'a Site, index: usize, fields: Fields) -> PageContext<'a> {
        let p = &site.pages[index];
        let f = &p.source.front;
        let show = p.rendered.headings.iter().filter(|h| (2..=3).contains(&h.level)).count()
            >= site.config.markdown.toc_min_headings;
        let neighbour = |i: Option<usize>| i.map(|i| Link::page(&site.pages[i]));
        PageContext {
            summary: SummaryContext::new(site, p, fields),
            content: ById::new(&p.rendered, p.rendered.html.as_str()),
            toc: Toc { headings: ById::new(&p.rendered, p.rendered.headings.as_slice()), show },
            authors: &f.authors,
            image: f.image.as_deref(),
            image_alt: f.image_alt.as_deref(),
            faq: ById::new(&p.source, f.faq.as_slice()),
            comparisons: ById::new(&p.comparisons, p.comparisons.as_slice()),
            extra: ById::new(&p.source, &f.extra),
            prev: neighbour(p.prev),
            next: neighbour(p.next),
            breadcrumbs: breadcrumbs(site, p.section, Some(Breadcrumb::current(f.title.as_str(), p.urls.url.as_str()))),
            file: File(&p.source.file),
        }
    }
}

/// Home, then each section down to (and including, unlinked) the current item.
fn breadcrumbs<'a>(site: &'a Site, section: usize, current: Option<Breadcrumb<'a>>) -> Vec<Breadcrumb<'a>> {
    let mut crumbs: Vec<Breadcrumb> =
        site.ancestry(section).into_iter().map(|s| Breadcrumb::link(Link::section(&site.sections[s]))).collect();
    crumbs.extend(current);
    crumbs
}

/// A subsection, in its parent's `section.subsections`.
#[derive(Serialize, Hash)]
pub struct SubsectionContext<'a> {
    /// The title.
    pub title: &'a str,
    /// The description, or null.
    pub description: Option<&'a str>,
    /// The URL.
    pub url: &'a str,
    /// The path.
    pub path: &'a str,
    /// How many articles it has.
    pub page_count: usize,
    /// Its articles (left out for a template that never names `pages`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Listing<'a>>,
}

/// `section`, for `section.html` and (home) `index.html`.
#[derive(Serialize, Hash)]
pub struct SectionContext<'a> {
    /// The title.
    pub title: &'a str,
    /// The description, or null.
    pub description: Option<&'a str>,
    /// The body of its `_index.md`, as HTML.
    pub content: &'a str,
    /// The URL.
    pub url: &'a str,
    /// The absolute URL.
    pub permalink: &'a str,
    /// The path.
    pub path: &'a str,
    /// The articles of this page of the listing (left out for a template that never names
    /// `pages`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Listing<'a>>,
    /// The subsections.
    pub subsections: Vec<SubsectionContext<'a>>,
    /// Home and the sections above (none on the home page).
    pub breadcrumbs: Vec<Breadcrumb<'a>>,
    /// The front matter's `extra`, or null.
    pub extra: Option<BySerde<'a, Value>>,
}

impl<'a> SectionContext<'a> {
    /// Page `number` of section `index`; `lists` when the template names `pages`.
    pub fn new(
        site: &'a Site,
        summaries: &'a [Hashed<SummaryContext<'a>>],
        index: usize,
        lists: bool,
        number: usize,
    ) -> SectionContext<'a> {
        let s: &Section = &site.sections[index];
        let subsections = s
            .subsections
            .iter()
            .map(|&i| {
                let sub = &site.sections[i];
                SubsectionContext {
                    title: &sub.title,
                    description: sub.description.as_deref(),
                    url: &sub.urls.url,
                    path: &sub.urls.path,
                    page_count: sub.pages.len(),
                    pages: lists.then(|| Listing::new(summaries, &sub.pages)),
                }
            })
            .collect();
        let breadcrumbs = if number > 1 {
            // Later pages of a listing: the section, then the page itself.
            let current = Breadcrumb::current(format!("Page {number}"), s.pager_urls(number).url.as_str());
            breadcrumbs(site, index, Some(current))
        } else if index == 0 {
            Vec::new()
        } else {
            breadcrumbs(site, s.parent.unwrap_or(0), Some(Breadcrumb::current(s.title.as_str(), s.urls.url.as_str())))
        };
        SectionContext {
            title: &s.title,
            description: s.description.as_deref(),
            content: &s.rendered.html,
            url: &s.urls.url,
            permalink: &s.urls.permalink,
            path: &s.urls.path,
            pages: lists.then(|| Listing::new(summaries, s.pager_pages(number))),
            subsections,
            breadcrumbs,
            extra: s.source.as_ref().map(|src| BySerde(&src.front.extra)),
        }
    }
}

/// One page of a paginated listing, in `paginator.pagers`.
#[derive(Serialize, Hash)]
pub struct Pager<'a> {
    /// Its number, from 1.
    pub number: usize,
    /// Its URL.
    pub url: &'a str,
}

/// `paginator`, for a paginated listing (null when the listing fits one page).
#[derive(Serialize, Hash)]
pub struct Paginator<'a> {
    /// This page's number, from 1.
    pub current: usize,
    /// How many pages.
    pub total: usize,
    /// Articles per page.
    pub per_page: usize,
    /// Articles in the whole listing.
    pub article_count: usize,
    /// The first page's URL.
    pub first: &'a str,
    /// The last page's URL.
    pub last: &'a str,
    /// The previous page's URL, or null.
    pub previous: Option<&'a str>,
    /// The next page's URL, or null.
    pub next: Option<&'a str>,
    /// Every page.
    pub pagers: Vec<Pager<'a>>,
}

impl<'a> Paginator<'a> {
    /// Page `number` (from 1) of a listing of `article_count` articles whose first page is at
    /// `first`; `None` when the listing is not paginated.
    pub fn new(paging: &'a Paging, first: &'a Urls, article_count: usize, number: usize) -> Option<Paginator<'a>> {
        let per_page = paging.per_page?;
        let total = paging.count();
        let url = |n: usize| paging.urls(first, n).url.as_str();
        Some(Paginator {
            current: number,
            total,
            per_page,
            article_count,
            first: url(1),
            last: url(total),
            previous: (number > 1).then(|| url(number - 1)),
            next: (number < total).then(|| url(number + 1)),
            pagers: (1..=total).map(|n| Pager { number: n, url: url(n) }).collect(),
        })
    }
}

/// A tag with its article count, in `tags` of `tags.html`.
#[derive(Serialize, Hash)]
pub struct TagCount<'a> {
    /// The tag as written.
    pub name: &'a str,
    /// Its slug.
    pub slug: &'a str,
    /// Its page's URL.
    pub url: &'a str,
    /// How many articles have it.
    pub count: usize,
}

/// `tags`, for `tags.html`: every tag with its count.
pub fn tags(site: &Site) -> Vec<TagCount<'_>> {
    site.tags
        .iter()
        .map(|t| TagCount { name: &t.name, slug: &t.slug, url: &t.urls.url, count: t.pages.len() })
        .collect()
}

/// `tag`, for `tag.html`.
#[derive(Serialize, Hash)]
pub struct TagContext<'a> {
    /// The tag as written.
    pub name: &'a str,
    /// Its slug.
    pub slug: &'a str,
    /// The URL.
    pub url: &'a str,
    /// The absolute URL.
    pub permalink: &'a str,
    /// The path.
    pub path: &'a str,
    /// The articles of this page of the listing.
    pub pages: Listing<'a>,
    /// Home, the tag index, the tag (and the page number).
    pub breadcrumbs: Vec<Breadcrumb<'a>>,
}

impl<'a> TagContext<'a> {
    /// Page `number` of tag `t`'s listing.
    pub fn new(
        site: &'a Site,
        summaries: &'a [Hashed<SummaryContext<'a>>],
        t: &'a Tag,
        number: usize,
    ) -> TagContext<'a> {
        let tags_url = Urls::new(&site.config.site.base_url, TAGS_PATH).url;
        let mut breadcrumbs = vec![
            Breadcrumb::link(Link::section(site.home())),
            Breadcrumb { title: "Tags".into(), short_title: Some("Tags"), url: tags_url.into(), path: Some(TAGS_PATH) },
            Breadcrumb::current(t.name.as_str(), t.urls.url.as_str()),
        ];
        if number > 1 {
            breadcrumbs.push(Breadcrumb::current(format!("Page {number}"), t.pager_urls(number).url.as_str()));
        }
        TagContext {
            name: &t.name,
            slug: &t.slug,
            url: &t.urls.url,
            permalink: &t.urls.permalink,
            path: &t.urls.path,
            pages: Listing::new(summaries, t.pager_pages(number)),
            breadcrumbs,
        }
    }
}

/// `recent`, for the home page: the newest articles.
pub fn recent<'a>(site: &'a Site, summaries: &'a [Hashed<SummaryContext<'a>>]) -> Listing<'a> {
    let newest = site.pages_by_date();
    Listing::new(summaries, &newest[..newest.len().min(site.config.site.feed_limit)])
}

/// The context of `page.html` (or an article's own `template`).
#[derive(Serialize, Hash)]
pub struct PageTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: ById<'a, PageSeo>,
    /// The article.
    pub page: PageContext<'a>,
    /// The page's path.
    pub current_path: &'a str,
}

/// The context of `index.html` (home) and `section.html`.
#[derive(Serialize, Hash)]
pub struct SectionTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// The section.
    pub section: SectionContext<'a>,
    /// The listing's pages, or null.
    pub paginator: Option<Paginator<'a>>,
    /// The page's path.
    pub current_path: &'a str,
    /// The newest articles (home only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recent: Option<Listing<'a>>,
}

/// The context of `tags.html`.
#[derive(Serialize, Hash)]
pub struct TagsTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// Every tag.
    pub tags: Vec<TagCount<'a>>,
    /// The page's path.
    pub current_path: &'a str,
}

/// The context of `tag.html`.
#[derive(Serialize, Hash)]
pub struct TagTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// The tag.
    pub tag: TagContext<'a>,
    /// The listing's pages, or null.
    pub paginator: Option<Paginator<'a>>,
    /// The page's path.
    pub current_path: &'a str,
}

/// The context of `comparisons.html`.
#[derive(Serialize, Hash)]
pub struct HubTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// Every table of the site.
    pub comparisons: &'a super::comparisons::HubContext<'a>,
    /// The page's path.
    pub current_path: &'a str,
}

/// The context of `404.html`.
#[derive(Serialize, Hash)]
pub struct NotFoundTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// The page's path.
    pub current_path: &'a str,
}

/// What `tera::Context` receives, for any template.
// One lives per job while it renders: boxing the article's would cost an allocation per page.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, Hash)]
#[serde(untagged)]
pub enum TemplateContext<'a> {
    /// An article.
    Page(PageTemplate<'a>),
    /// Home or a section.
    Section(SectionTemplate<'a>),
    /// The tag index.
    Tags(TagsTemplate<'a>),
    /// A tag.
    Tag(TagTemplate<'a>),
    /// The comparisons hub.
    Hub(HubTemplate<'a>),
    /// The 404 page.
    NotFound(NotFoundTemplate<'a>),
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The site this repository ships.
    pub fn bundled_site() -> Site {
        bundled_site_with(|_| {})
    }

    /// The site this repository ships, with its config changed by `change`.
    pub fn bundled_site_with(change: impl FnOnce(&mut crate::config::Config)) -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut config = crate::config::Config::load(root).expect("the bundled book.toml loads");
        change(&mut config);
        let (content, _) = crate::content::load(root);
        Site::build(config, root.to_path_buf(), content, Default::default()).0
    }

    #[test]
    fn summary_fields_name_every_field_of_a_summary() {
        let site = bundled_site();
        let all = Fields([true; SUMMARY_FIELDS.len()]);
        let v = serde_json::to_value(SummaryContext::new(&site, &site.pages[0], all)).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut names = SUMMARY_FIELDS.to_vec();
        names.sort_unstable();
        assert_eq!(keys, names);
        let none = serde_json::to_value(SummaryContext::new(&site, &site.pages[0], Fields([false; 14]))).unwrap();
        assert_eq!(none, serde_json::json!({}), "fields no template names are left out");
    }
}
