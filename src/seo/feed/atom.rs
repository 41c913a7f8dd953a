//! Atom (RFC 4287).

use super::{full_html, summary, Feed, Format};
use crate::seo::authors_of;
use crate::seo::xml::Xml;
use crate::site::Page;

/// The Atom document of `feed`.
pub(super) fn write(feed: &Feed<'_>) -> String {
    let c = &feed.site.config;
    let self_url = feed.self_url(Format::Atom);
    let updated = feed.updated().map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let mut x = Xml::new("utf-8", 1024 + feed.pages.len() * 1024);
    x.start("feed", &[("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", feed.lang)]);
    x.raw("\n  ");
    x.element("title", &feed.title);
    if !feed.description().is_empty() {
        x.raw("\n  ");
        x.element("subtitle", feed.description());
    }
    x.raw("\n  ");
    x.empty("link", &[("rel", "self"), ("type", Format::Atom.mime()), ("href", &self_url)]);
    x.raw("\n  ");
    x.empty("link", &[("rel", "alternate"), ("type", "text/html"), ("href", feed.home)]);
    x.raw("\n  ");
    x.element("id", &self_url);
    x.raw("\n  ");
    x.element("updated", &updated);
    x.raw("\n  ");
    author(&mut x, c.book.authors.first().unwrap_or(&c.book.title));
    x.raw("\n  ");
    x.element("generator", "herald");
    for &i in &feed.pages {
        entry(&mut x, feed, i);
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

fn entry(x: &mut Xml, feed: &Feed<'_>, i: usize) {
    let site = feed.site;
    let p: &Page = &site.pages[i];
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
    if let Some(img) = feed.image(i) {
        let length = img.length.map(|n| n.to_string());
        let mut attrs = vec![("rel", "enclosure"), ("href", img.url.as_str())];
        attrs.extend(img.mime.map(|m| ("type", m)));
        attrs.extend(length.as_deref().map(|n| ("length", n)));
        line(x);
        x.empty("link", &attrs);
    }
    line(x);
    x.element("id", link);
    line(x);
    x.element("published", &date.rfc3339());
    line(x);
    x.element("updated", &f.modified().unwrap_or(date).rfc3339());
    for a in authors_of(site, p) {
        line(x);
        author(x, a);
    }
    for &t in &p.tags {
        let tag = &site.tags[t];
        line(x);
        x.empty("category", &[("term", &tag.slug), ("label", &tag.name)]);
    }
    line(x);
    x.element("summary", summary(p));
    if let Some(html) = full_html(site, p) {
        line(x);
        x.element_with("content", &[("type", "html")], &html);
    }
    x.raw("\n  ");
    x.end("entry");
}
