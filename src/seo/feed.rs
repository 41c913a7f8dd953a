//! Atom feeds (RFC 4287) of dated articles, newest first: `atom.xml` for the whole site and,
//! with `[site] section-feeds`, `<section>/atom.xml` for each section (its subsections included).

use std::fmt::Write;

use super::{authors_of, is_hidden, FeedLink};
use crate::escape::escape_xml;
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
        .filter_map(|&i| {
            let f = &site.pages[i].source.front;
            f.updated.or(f.date)
        })
        .max_by_key(|d| d.utc())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let mut x = String::with_capacity(1024 + pages.len() * 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape_xml(&c.book.language));
    let _ = writeln!(x, "  <title>{}</title>", escape_xml(title));
    if !c.book.description.trim().is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", escape_xml(c.book.description.trim()));
    }
    let _ = writeln!(x, "  <link rel=\"self\" type=\"{MIME}\" href=\"{}\"/>", escape_xml(&self_url));
    let _ = writeln!(x, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape_xml(alternate));
    let _ = writeln!(x, "  <id>{}</id>", escape_xml(&self_url));
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let feed_author = c.book.authors.first().unwrap_or(&c.book.title);
    let _ = writeln!(x, "  <author><name>{}</name></author>", escape_xml(feed_author));
    let _ = writeln!(x, "  <generator>herald</generator>");
    for &i in pages {
        entry(&mut x, site, &site.pages[i]);
    }
    x.push_str("</feed>\n");
    x
}

fn entry(x: &mut String, site: &Site, p: &Page) {
    let f = &p.source.front;
    let Some(date) = f.date else { return };
    let link = escape_xml(&p.urls.permalink);
    x.push_str("  <entry>\n");
    let _ = writeln!(x, "    <title>{}</title>", escape_xml(p.title()));
    let _ = writeln!(x, "    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>");
    let _ = writeln!(x, "    <id>{link}</id>");
    let _ = writeln!(x, "    <published>{}</published>", date.rfc3339());
    let _ = writeln!(x, "    <updated>{}</updated>", f.updated.unwrap_or(date).rfc3339());
    for a in authors_of(&site.config, p) {
        let _ = writeln!(x, "    <author><name>{}</name></author>", escape_xml(a));
    }
    for &t in &p.tags {
        let tag = &site.tags[t];
        let _ = writeln!(x, "    <category term=\"{}\" label=\"{}\"/>", escape_xml(&tag.slug), escape_xml(&tag.name));
    }
    let summary = f.description.as_deref().filter(|d| !d.trim().is_empty()).unwrap_or(&p.rendered.summary_text);
    let _ = writeln!(x, "    <summary>{}</summary>", escape_xml(summary.trim()));
    x.push_str("  </entry>\n");
}
