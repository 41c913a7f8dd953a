//! The data each template sees. Kept lean: a page's context holds what the page shows, and the
//! summaries that listings show are built once per article and shared.
//!
//! The same functions also build a listing's *key* for the incremental render: with
//! [`Shared::keyed`], every article summary stands as a version number that changes whenever it
//! does, so comparing keys is as good as comparing contexts, at a fraction of the cost.

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::names::Names;
use crate::markdown::toc;
use crate::site::{Page, Paging, Section, Site, Tag, Urls, TAGS_PATH};

/// Values built once per build and shared by every page's context.
pub struct Shared {
    /// `site`: the config values templates print.
    pub site: Value,
    /// `nav`: the top-level sections.
    pub nav: Value,
    /// One summary per article, by page index (shared with the incremental render's cache).
    pub summaries: Vec<Arc<Value>>,
    /// When set, contexts are built as keys: a version number per article summary, by page
    /// index, where equal numbers mean equal summaries.
    versions: Option<Vec<u64>>,
    /// For keys: the key of the comparisons hub.
    pub hub_key: Value,
}

impl Shared {
    /// The shared values, with every article's summary built now.
    pub fn new(site: &Site, names: &Names) -> Shared {
        let summaries =
            site.pages.par_iter().map(|p| Arc::new(page_summary(site, p, names, Fields::Listings))).collect();
        Shared::with_summaries(site, summaries)
    }

    /// The shared values, with the article summaries given (by page index).
    pub fn with_summaries(site: &Site, summaries: Vec<Arc<Value>>) -> Shared {
        let c = &site.config;
        let home = site.home();
        let site_value = json!({
            "title": c.book.title,
            "description": c.book.description,
            "authors": c.book.authors,
            "language": c.book.language,
            "base_url": c.site.base_url,
            "base_path": c.base_path(),
            "url": home.urls.url,
            "tags_url": Urls::new(&c.site.base_url, TAGS_PATH).url,
            "social": c.social,
            "highlight": c.markdown.highlight,
        });
        let nav: Vec<Value> = home.subsections.iter().map(|&s| section_link(&site.sections[s])).collect();
        Shared { site: site_value, nav: Value::Array(nav), summaries, versions: None, hub_key: Value::Null }
    }

    /// The same shared values for building keys instead of contexts, with each summary's
    /// version number (by page index).
    pub fn keyed(&self, versions: Vec<u64>, hub_key: Value) -> Shared {
        Shared {
            site: self.site.clone(),
            nav: self.nav.clone(),
            summaries: Vec::new(),
            versions: Some(versions),
            hub_key,
        }
    }

    fn summary(&self, i: usize) -> Value {
        match &self.versions {
            Some(v) => Value::from(v[i]),
            None => Value::clone(&self.summaries[i]),
        }
    }

    fn list(&self, pages: &[usize]) -> Value {
        Value::Array(pages.iter().map(|&i| self.summary(i)).collect())
    }
}

fn link(title: &str, short_title: &str, url: &str, path: &str) -> Value {
    json!({ "title": title, "short_title": short_title, "url": url, "path": path })
}

fn section_link(s: &Section) -> Value {
    link(&s.title, s.short_title(), &s.urls.url, &s.urls.path)
}

/// Which fields of an article summary to build.
#[derive(Clone, Copy)]
pub enum Fields {
    /// Those the listing templates name (see [`Names`]): the summaries listings hold by the
    /// thousand, and whose changes make a preview render the listings again.
    Listings,
    /// Those any template names: the article's own page.
    Page,
}

/// An article's summary, as listings show it, with the fields some template names.
pub fn page_summary(site: &Site, p: &Page, names: &Names, fields: Fields) -> Value {
    let f = &p.source.front;
    let section = &site.sections[p.section];
    let mut v = json!({
        "title": f.title,
        "description": f.description,
        "summary": p.rendered.summary_html,
        "url": p.urls.url,
        "permalink": p.urls.permalink,
        "path": p.urls.path,
        "date": f.date.map(|d| d.ymd()),
        "updated": f.updated.map(|d| d.ymd()),
        "reviewed": f.reviewed.map(|d| d.ymd()),
        "reading_time": p.reading_minutes,
        "word_count": p.rendered.word_count,
        "tags": tag_links(site, &p.tags),
        "section": section_link(section),
        "draft": f.draft,
    });
    if !names.keeps_all() {
        if let Value::Object(m) = &mut v {
            match fields {
                Fields::Listings => m.retain(|k, _| names.listings_use(k)),
                Fields::Page => m.retain(|k, _| names.any_uses(k)),
            }
        }
    }
    v
}

fn tag_links(site: &Site, tags: &[usize]) -> Value {
    Value::Array(
        tags.iter()
            .map(|&t| json!({ "name": site.tags[t].name, "slug": site.tags[t].slug, "url": site.tags[t].urls.url }))
            .collect(),
    )
}

/// Home, then each section down to (and including, unlinked) the current item.
fn breadcrumbs(site: &Site, section: usize, current: Option<(&str, &str)>) -> Value {
    let mut crumbs: Vec<Value> = site.ancestry(section).into_iter().map(|s| section_link(&site.sections[s])).collect();
    if let Some((title, url)) = current {
        crumbs.push(json!({ "title": title, "url": url }));
    }
    Value::Array(crumbs)
}

/// `page`, for `page.html`.
pub fn page(site: &Site, index: usize, names: &Names) -> Value {
    let p = &site.pages[index];
    let f = &p.source.front;
    let mut v = page_summary(site, p, names, Fields::Page);
    let neighbour = |i: Option<usize>| {
        i.map(|i| {
            let n = &site.pages[i];
            link(n.title(), n.short_title(), &n.urls.url, &n.urls.path)
        })
    };
    let toc_entries = toc(&p.rendered.headings, 2, 3);
    let show_toc = p.rendered.headings.iter().filter(|h| (2..=3).contains(&h.level)).count()
        >= site.config.markdown.toc_min_headings;
    let extra: Map<String, Value> = Map::from_iter([
        ("content".to_string(), json!(p.rendered.html)),
        ("toc".to_string(), json!(if show_toc { toc_entries } else { Vec::new() })),
        ("authors".to_string(), json!(f.authors)),
        ("image".to_string(), json!(f.image)),
        ("image_alt".to_string(), json!(f.image_alt)),
        ("faq".to_string(), json!(f.faq)),
        ("comparisons".to_string(), json!(p.comparisons)),
        ("extra".to_string(), f.extra.clone()),
        ("prev".to_string(), json!(neighbour(p.prev))),
        ("next".to_string(), json!(neighbour(p.next))),
        ("breadcrumbs".to_string(), breadcrumbs(site, p.section, Some((f.title.as_str(), p.urls.url.as_str())))),
        ("file".to_string(), json!(p.source.file.to_string_lossy().replace('\\', "/"))),
    ]);
    if let Value::Object(m) = &mut v {
        m.extend(extra);
    }
    v
}

/// `section`, for `section.html` and (home) `index.html`.
pub fn section(site: &Site, shared: &Shared, index: usize, lists: bool, number: usize) -> Value {
    let s: &Section = &site.sections[index];
    let subsections: Vec<Value> = s
        .subsections
        .iter()
        .map(|&i| {
            let sub = &site.sections[i];
            let mut v = json!({ "title": sub.title, "description": sub.description, "url": sub.urls.url, "path": sub.urls.path, "page_count": sub.pages.len() });
            // Moved in: `json!` would serialize a listing into a second copy of itself.
            if lists {
                v["pages"] = shared.list(&sub.pages);
            }
            v
        })
        .collect();
    let crumbs = if number > 1 {
        // Later pages of a listing: the section, then the page itself.
        let label = format!("Page {number}");
        breadcrumbs(site, index, Some((label.as_str(), s.pager_urls(number).url.as_str())))
    } else if index == 0 {
        Value::Array(Vec::new())
    } else {
        breadcrumbs(site, s.parent.unwrap_or(0), Some((s.title.as_str(), s.urls.url.as_str())))
    };
    let mut v = json!({
        "title": s.title,
        "description": s.description,
        "content": s.rendered.html,
        "url": s.urls.url,
        "permalink": s.urls.permalink,
        "path": s.urls.path,
    });
    // Listings are moved in: `json!` would serialize each into a second copy of itself. They are
    // left out for a template that never names `pages`.
    if lists {
        v["pages"] = shared.list(s.pager_pages(number));
    }
    v["subsections"] = Value::Array(subsections);
    v["breadcrumbs"] = crumbs;
    v["extra"] = s.source.as_ref().map_or(Value::Null, |src| src.front.extra.clone());
    v
}

/// `paginator`, for page `number` (from 1) of a listing of `article_count` articles whose first
/// page is at `first`; `null` when the listing is not paginated.
pub fn paginator(paging: &Paging, first: &Urls, article_count: usize, number: usize) -> Value {
    let Some(per_page) = paging.per_page else { return Value::Null };
    let total = paging.count();
    let url = |n: usize| Value::from(paging.urls(first, n).url.as_str());
    json!({
        "current": number,
        "total": total,
        "per_page": per_page,
        "article_count": article_count,
        "first": url(1),
        "last": url(total),
        "previous": if number > 1 { url(number - 1) } else { Value::Null },
        "next": if number < total { url(number + 1) } else { Value::Null },
        "pagers": (1..=total).map(|n| json!({ "number": n, "url": url(n) })).collect::<Vec<_>>(),
    })
}

/// `recent`, for the home page: the newest articles.
pub fn recent(site: &Site, shared: &Shared) -> Value {
    let newest: Vec<usize> = site.pages_by_date().iter().copied().take(site.config.site.feed_limit).collect();
    shared.list(&newest)
}

/// `tags`, for `tags.html`: every tag with its count.
pub fn tags(site: &Site) -> Value {
    Value::Array(
        site.tags
            .iter()
            .map(|t| json!({ "name": t.name, "slug": t.slug, "url": t.urls.url, "count": t.pages.len() }))
            .collect(),
    )
}

/// `tag`, for `tag.html`.
pub fn tag(site: &Site, shared: &Shared, t: &Tag, number: usize) -> Value {
    let tags_urls = Urls::new(&site.config.site.base_url, TAGS_PATH);
    let mut v = json!({
        "name": t.name,
        "slug": t.slug,
        "url": t.urls.url,
        "permalink": t.urls.permalink,
        "path": t.urls.path,
    });
    v["pages"] = shared.list(t.pager_pages(number));
    let mut crumbs = vec![
        section_link(site.home()),
        link("Tags", "Tags", &tags_urls.url, TAGS_PATH),
        json!({ "title": t.name, "url": t.urls.url }),
    ];
    if number > 1 {
        crumbs.push(json!({ "title": format!("Page {number}"), "url": t.pager_urls(number).url }));
    }
    v["breadcrumbs"] = Value::Array(crumbs);
    v
}
