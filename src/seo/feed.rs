//! Atom feeds (RFC 4287) of dated articles, newest first: `atom.xml` for the whole site and,
//! with `[site] section-feeds`, `<section>/atom.xml` for each section (its subsections included).

use super::xml::Xml;
use super::{authors_of, is_hidden, FeedLink};
use crate::site::{join_url, Page, Site};

/// The site-wide feed's file.
pub const FILE: &str = "atom.xml";
/// The feeds' MIME type.
pub const MIME: &str = "application/atom+xml";

/// The site-wide feed, as pages advertise it.
pub fn site_feed_link(site: &Site) -> FeedLink {
    FeedLink { title: site.config.book.title.clone(), url: join_url(site.config.base_path(), FILE), mime: MIME }
}

/// A section's feed, when section feeds are on and it has dated articles.
pub fn section_feed_link(site: &Site, section: usize) -> Option<FeedLink> {
    if section == 0 || !site.config.site.section_feeds || section_pages(site, section).is_empty() {
        return None;
    }
    let s = &site.sections[section];
    Some(FeedLink {
        title: format!("{} – {}", s.title, site.config.book.title),
        url: format!("{}{FILE}", s.urls.url),
        mime: MIME,
    })
}

/// Every feed file: path and XML.
pub fn feeds(site: &Site) -> Vec<(String, String)> {
    let limit = site.config.site.feed_limit;
    let newest: Vec<usize> =
        site.pages_by_date().iter().copied().filter(|&i| in_feeds(&site.pages[i])).take(limit).collect();
    let home = site.home();
    let mut out = vec![(FILE.to_string(), atom(site, &newest, &site.config.book.title, FILE, &home.urls.permalink))];
    if site.config.site.section_feeds {
        for (i, s) in site.sections.iter().enumerate().skip(1) {
            let mut pages = section_pages(site, i);
            if pages.is_empty() {
                continue;
            }
            pages.truncate(limit);
            let path = format!("{}{FILE}", s.urls.path.trim_start_matches('/'));
            let title = format!("{} – {}", s.title, site.config.book.title);
            out.push((path.clone(), atom(site, &pages, &title, &path, &s.urls.permalink)));
        }
    }
    out
}

fn in_feeds(p: &Page) -> bool {
    p.source.front.date.is_some() && !is_hidden(p)
}

/// The dated articles of a section and its subsections, newest first.
fn section_pages(site: &Site, section: usize) -> Vec<usize> {
    let mut pages = Vec::new();
    let mut stack = vec![section];
    while let Some(s) = stack.pop() {
        pages.extend(site.sections[s].pages.iter().copied().filter(|&i| in_feeds(&site.pages[i])));
        stack.extend(site.sections[s].subsections.iter().copied());
    }
    pages.sort_by(|&a, &b| {
        let date = |i: usize| site.pages[i].source.front.date.map(|d| d.utc());
        date(b).cmp(&date(a)).then_with(|| site.pages[a].urls.path.cmp(&site.pages[b].urls.path))
    });
    pages
}

/// One Atom document listing `pages` (already ordered and cut to the limit).
fn atom(site: &Site, pages: &[usize], title: &str, path: &str, alternate: &str) -> String {
    let c = &site.config;
    let self_url = join_url(&c.site.base_url, path);
    // The feed changes when its newest entry does: taking the time from the entries keeps the
    // output deterministic.
    let updated = pages
        .iter()
        .filter_map(|&i| site.pages[i].source.front.modified())
        .max_by_key(|d| d.utc())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let mut x = Xml::new("utf-8", 1024 + pages.len() * 1024);
    x.start("feed", &[("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", &c.book.language)]);
    x.raw("\n  ");
    x.element("title", title);
    if !c.book.description.trim().is_empty() {
        x.raw("\n  ");
        x.element("subtitle", c.book.description.trim());
    }
    x.raw("\n  ");
    x.empty("link", &[("rel", "self"), ("type", MIME), ("href", &self_url)]);
    x.raw("\n  ");
    x.empty("link", &[("rel", "alternate"), ("type", "text/html"), ("href", alternate)]);
    x.raw("\n  ");
    x.element("id", &self_url);
    x.raw("\n  ");
    x.element("updated", &updated);
    x.raw("\n  ");
    author(&mut x, c.book.authors.first().unwrap_or(&c.book.title));
    x.raw("\n  ");
    x.element("generator", "herald");
    for &i in pages {
        entry(&mut x, site, &site.pages[i]);
    }
    x.raw("\n");
    x.end("feed");
    x.raw("\n");
    x.finish()
}

fn author(x: &mut Xml, name: &str) {
    x.start("author", &[]);
    x.element("name", name);
    x.end("author");
}

fn entry(x: &mut Xml, site: &Site, p: &Page) {
    let f = &p.source.front;
    let Some(date) = f.date else { return };
    let link = p.urls.permalink.as_str();
    let line = |x: &mut Xml| x.raw("\n    ");
    x.raw("\n  ");
    x.start("entry", &[]);
    line(x);
    x.element("title", p.title());
    line(x);
    x.empty("link", &[("rel", "alternate"), ("type", "text/html"), ("href", link)]);
    line(x);
    x.element("id", link);
    line(x);
    x.element("published", &date.rfc3339());
    line(x);
    x.element("updated", &f.modified().unwrap_or(date).rfc3339());
    for a in authors_of(&site.config, p) {
        line(x);
        author(x, a);
    }
    for &t in &p.tags {
        let tag = &site.tags[t];
        line(x);
        x.empty("category", &[("term", &tag.slug), ("label", &tag.name)]);
    }
    let summary = f.description.as_deref().filter(|d| !d.trim().is_empty()).unwrap_or(&p.rendered.summary_text);
    line(x);
    x.element("summary", summary.trim());
    x.raw("\n  ");
    x.end("entry");
}
