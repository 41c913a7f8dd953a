//! Listings: sections (and home), tags, the tag index, and their paginators.

use serde::Serialize;
use serde_json::Value;

use super::{breadcrumbs, Breadcrumb, Link, Listing, SummaryContext};
use crate::cache::key::{BySerde, Hashed};
use crate::site::{Paging, Section, Site, Tag, Urls, TAGS_PATH};

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
    pub content: std::borrow::Cow<'a, str>,
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
    /// The section in the site's other languages, in language order.
    pub translations: Vec<super::TranslationLink<'a>>,
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
            let page =
                site.strings.text("page_number", site.config.language_code(s.lang), &[("number", &number.to_string())]);
            let current = Breadcrumb::current(page, s.pager_urls(number).url.as_str());
            breadcrumbs(site, index, Some(current))
        } else if s.parent.is_none() {
            Vec::new()
        } else {
            breadcrumbs(site, s.parent.unwrap_or(0), Some(Breadcrumb::current(s.title.as_str(), s.urls.url.as_str())))
        };
        SectionContext {
            title: &s.title,
            description: s.description.as_deref(),
            content: s.rendered.html.as_str().into(),
            url: &s.urls.url,
            permalink: &s.urls.permalink,
            path: &s.urls.path,
            pages: lists.then(|| Listing::new(summaries, s.pager_pages(number))),
            subsections,
            breadcrumbs,
            extra: s.source.as_ref().map(|src| BySerde(&src.front.extra)),
            translations: super::translation_links(
                site,
                s.translations
                    .iter()
                    .map(|&t| (site.sections[t].lang, site.sections[t].title.as_str(), &site.sections[t].urls)),
            ),
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
pub fn tags(site: &Site, lang: usize) -> Vec<TagCount<'_>> {
    site.tags
        .iter()
        .filter(|t| t.lang == lang)
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
        let tags = site.urls_in(t.lang, TAGS_PATH);
        let code = site.config.language_code(t.lang);
        let mut breadcrumbs = vec![
            Breadcrumb::link(Link::section(site.home_of(t.lang))),
            Breadcrumb {
                title: site.strings.text("tags", code, &[]).into(),
                short_title: None,
                url: tags.url.into(),
                path: Some(tags.path.into()),
            },
            Breadcrumb::current(t.name.as_str(), t.urls.url.as_str()),
        ];
        if number > 1 {
            let page = site.strings.text("page_number", code, &[("number", &number.to_string())]);
            breadcrumbs.push(Breadcrumb::current(page, t.pager_urls(number).url.as_str()));
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
pub fn recent<'a>(site: &'a Site, summaries: &'a [Hashed<SummaryContext<'a>>], lang: usize) -> Listing<'a> {
    let newest = site.pages_by_date_in(lang);
    Listing::new(summaries, &newest[..newest.len().min(site.config.site.feed_limit)])
}
