//! What an article contributes: its summary, as listings show it, and its own page.

use std::path::Path;

use rayon::prelude::*;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::{breadcrumbs, Breadcrumb, Link, TagLink};
use crate::cache::key::{ById, Hashed};
use crate::content::{Date, Faq};
use crate::markdown::{toc, Heading, LinkContext};
use crate::render::names::Names;
use crate::site::comparisons::Table;
use crate::site::{Backlink, Held, Page, Site};

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

/// The fields of [`PageContext`] beyond the summary's that are lists or objects, by name: each
/// is built only when the page's template names it, as a listing's summaries are. (`content`
/// and `comparisons` are always there: the comparison tables are rendered into them.)
pub const PAGE_FIELDS: [&str; 10] =
    ["toc", "byline", "faq", "extra", "prev", "next", "breadcrumbs", "backlinks", "related", "translations"];

/// What the context of an article's own page holds: the summary's fields, the page's lists and
/// objects ([`PAGE_FIELDS`]) and `seo`, each when the page's template (or what it extends,
/// includes or imports) names it. A template that reads fields by computed names keeps all.
#[derive(Clone, Copy)]
pub struct PageFields {
    summary: Fields,
    own: [bool; PAGE_FIELDS.len()],
    /// Whether the template reads the top-level `seo`.
    pub seo: bool,
}

impl PageFields {
    /// Those `template` names.
    pub fn of(names: &Names, template: &str) -> PageFields {
        let uses = |f: &str| names.uses(template, f);
        PageFields {
            summary: Fields(SUMMARY_FIELDS.map(uses)),
            own: PAGE_FIELDS.map(uses),
            seo: names.uses_variable(template, "seo"),
        }
    }

    fn keep<T>(&self, name: &str, value: impl FnOnce() -> T) -> Option<T> {
        let i = PAGE_FIELDS.iter().position(|f| *f == name).expect("a page field");
        self.own[i].then(value)
    }
}

/// Which fields of an article summary to build: those some template names.
#[derive(Clone, Copy)]
pub struct Fields(pub(super) [bool; SUMMARY_FIELDS.len()]);

impl Fields {
    /// Those the listing templates name: the summaries listings hold by the thousand, whose
    /// changes make a preview render the listings again.
    pub fn listings(names: &Names) -> Fields {
        Fields(SUMMARY_FIELDS.map(|f| names.listings_use(f)))
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

/// Every article as a link (by page index), each hashed once per build: the neighbours, related
/// articles and backlinks of every page point into it rather than hash the same titles again.
pub fn page_links(site: &Site) -> Vec<Hashed<Link<'_>>> {
    site.pages.par_iter().map(|p| Hashed::new(Link::page(p))).collect()
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

/// `page`, for `page.html`: the summary's fields and the page's, those of [`PageFields`] left
/// out (`None`) when the template does not name them.
#[derive(Serialize, Hash)]
pub struct PageContext<'a> {
    /// The summary's fields.
    #[serde(flatten)]
    pub summary: SummaryContext<'a>,
    /// The body, as HTML (its shortcodes rendered). Hashed by the body's identity: the images
    /// and shortcode stages keep a body's `Arc` while it stays the same.
    pub content: ById<'a, str>,
    /// The table of contents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toc: Option<Toc<'a>>,
    /// The authors' names.
    pub authors: Vec<&'a str>,
    /// The authors of `[authors]`, with their pages (empty without `[authors]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<Vec<super::AuthorContext<'a>>>,
    /// The `image` of the front matter.
    pub image: Option<&'a str>,
    /// The `image-alt` of the front matter.
    pub image_alt: Option<&'a str>,
    /// The questions and answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faq: Option<ById<'a, [Faq]>>,
    /// The comparison tables (each given its rendered `html` when the page renders).
    pub comparisons: ById<'a, [Table]>,
    /// The front matter's `extra`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<ById<'a, Value>>,
    /// The previous article of the section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<Option<&'a Hashed<Link<'a>>>>,
    /// The next article of the section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Option<&'a Hashed<Link<'a>>>>,
    /// Home, the sections above, the article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breadcrumbs: Option<Vec<Breadcrumb<'a>>>,
    /// The source file, relative to the site.
    pub file: File<'a>,
    /// The articles that link to this one, newest first, each with the sentence of its link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backlinks: Option<Vec<BacklinkContext<'a>>>,
    /// Related articles: those sharing the most tags, then of the same section
    /// (`[site] related` of them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Vec<&'a Hashed<Link<'a>>>>,
    /// The day it is due (`YYYY-MM-DD`) when a preview shows it before its `date`, else null.
    pub scheduled: Option<Day>,
    /// The day it expired (`YYYY-MM-DD`) when a preview shows it past its `expires`, else null.
    pub expired: Option<Day>,
    /// The article in the site's other languages, in language order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translations: Option<Vec<super::TranslationLink<'a>>>,
}

/// An article that links to the page, in `page.backlinks`.
#[derive(Serialize)]
pub struct BacklinkContext<'a> {
    /// The linking article's title.
    pub title: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// The linking article as a link, which hashes its title and URL once per build for all
    /// the backlinks that name it (a page has as many as the articles linking to it).
    #[serde(skip)]
    link: &'a Hashed<Link<'a>>,
    /// The sentence of its link, as plain text: `before` (cut to 25 words, with `…`), the
    /// link's `text`, and `after`. Keyed by its hash, made once by the Markdown stage: keyed by
    /// the linking article's render instead, every edit of an article rendered again every page
    /// it links to.
    #[serde(flatten)]
    pub sentence: Sentence<'a>,
}

/// The sentence of a backlink's link, read from the linking article's render only when a page
/// is printed: a page's key uses the digest its [`Backlink`] carries.
pub struct Sentence<'a> {
    site: &'a Site,
    backlink: Backlink,
}

impl Serialize for Sentence<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = self.backlink;
        let context = self.site.pages[b.page].rendered.links[b.link].context.as_ref();
        context.unwrap_or(&NO_SENTENCE).serialize(s)
    }
}

/// The sentence of a link that has none (empty parts).
static NO_SENTENCE: std::sync::LazyLock<Hashed<LinkContext>> = std::sync::LazyLock::new(|| {
    Hashed::new(LinkContext { before: String::new(), text: String::new(), after: String::new() })
});

impl<'a> BacklinkContext<'a> {
    fn new(site: &'a Site, links: &'a [Hashed<Link<'a>>], b: Backlink) -> BacklinkContext<'a> {
        let link = &links[b.page];
        let sentence = Sentence { site, backlink: b };
        BacklinkContext { title: link.get().title, url: link.get().url, link, sentence }
    }
}

/// By the hash of the linking article's [`Link`], which covers the title and URL printed, and
/// the digest of the sentence that its [`Backlink`] carries.
impl std::hash::Hash for BacklinkContext<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.link.hash(state);
        self.sentence.backlink.sentence.hash(state);
    }
}

impl<'a> PageContext<'a> {
    /// Article `index`'s page, with the fields its template names.
    pub fn new(site: &'a Site, links: &'a [Hashed<Link<'a>>], index: usize, fields: PageFields) -> PageContext<'a> {
        let p = &site.pages[index];
        let f = &p.source.front;
        let show = p.rendered.headings.iter().filter(|h| (2..=3).contains(&h.level)).count()
            >= site.config.markdown.toc_min_headings;
        let neighbour = |i: Option<usize>| i.map(|i| &links[i]);
        PageContext {
            summary: SummaryContext::new(site, p, fields.summary),
            content: ById::new(&p.rendered, p.rendered.html.as_str()),
            toc: fields.keep("toc", || Toc { headings: ById::new(&p.rendered, p.rendered.headings.as_slice()), show }),
            authors: match p.authors.is_empty() {
                true => f.authors.iter().map(String::as_str).collect(),
                false => p.authors.iter().map(|&a| site.authors[a].name.as_str()).collect(),
            },
            byline: fields.keep("byline", || {
                p.authors.iter().map(|&a| super::AuthorContext::new(site, &site.authors[a])).collect()
            }),
            image: f.image.as_deref(),
            image_alt: f.image_alt.as_deref(),
            faq: fields.keep("faq", || ById::new(&p.source, f.faq.as_slice())),
            comparisons: ById::new(&p.comparisons, p.comparisons.as_slice()),
            extra: fields.keep("extra", || ById::new(&p.source, &f.extra)),
            prev: fields.keep("prev", || neighbour(p.prev)),
            next: fields.keep("next", || neighbour(p.next)),
            breadcrumbs: fields.keep("breadcrumbs", || {
                breadcrumbs(site, p.section, Some(Breadcrumb::current(f.title.as_str(), p.urls.url.as_str())))
            }),
            file: File(&p.source.file),
            backlinks: fields
                .keep("backlinks", || p.backlinks.iter().map(|&b| BacklinkContext::new(site, links, b)).collect()),
            related: fields.keep("related", || p.related.iter().map(|&i| &links[i]).collect()),
            scheduled: match p.held {
                Some(Held::Scheduled(d)) => Some(Day(d)),
                _ => None,
            },
            expired: match p.held {
                Some(Held::Expired(d)) => Some(Day(d)),
                _ => None,
            },
            translations: fields.keep("translations", || {
                super::translation_links(
                    site,
                    p.translations.iter().map(|&t| (site.pages[t].lang, site.pages[t].title(), &site.pages[t].urls)),
                )
            }),
        }
    }
}
