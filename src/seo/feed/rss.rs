//! RSS 2.0 (with `atom:link rel="self"`, `dc:creator` for authors and `content:encoded` for
//! full content, as the RSS Advisory Board's best practices advise).

use super::{full_html, summary, Feed, Format};
use crate::seo::authors_of;
use crate::seo::xml::Xml;
use crate::site::Page;

const EPOCH: &str = "Thu, 01 Jan 1970 00:00:00 +0000";

/// The RSS document of `feed`.
pub(super) fn write(feed: &Feed<'_>) -> String {
    let c = &feed.site.config;
    let mut x = Xml::new("utf-8", 1024 + feed.pages.len() * 1024);
    x.start(
        "rss",
        &[
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
    );
    x.raw("\n  ");
    x.start("channel", &[]);
    let line = |x: &mut Xml| x.raw("\n    ");
    line(&mut x);
    x.element("title", &feed.title);
    line(&mut x);
    x.element("link", feed.home);
    line(&mut x);
    // Required: the site's description, else its title.
    x.element("description", Some(feed.description()).filter(|d| !d.is_empty()).unwrap_or(c.title_in(feed.lang)));
    line(&mut x);
    x.element("language", &feed.lang.to_ascii_lowercase());
    line(&mut x);
    x.element("generator", "herald");
    line(&mut x);
    x.element("lastBuildDate", &feed.updated().map_or_else(|| EPOCH.to_string(), |d| d.datetime.to_rfc2822()));
    line(&mut x);
    x.empty("atom:link", &[("href", &feed.self_url(Format::Rss)), ("rel", "self"), ("type", Format::Rss.mime())]);
    for &i in &feed.pages {
        item(&mut x, feed, i);
    }
    x.raw("\n  ");
    x.end("channel");
    x.raw("\n");
    x.end("rss");
    x.raw("\n");
    x.finish()
}

fn item(x: &mut Xml, feed: &Feed<'_>, i: usize) {
    let site = feed.site;
    let p: &Page = &site.pages[i];
    let Some(date) = p.source.front.date else { return };
    let line = |x: &mut Xml| x.raw("\n      ");
    x.raw("\n    ");
    x.start("item", &[]);
    line(x);
    x.element("title", p.title());
    line(x);
    x.element("link", &p.urls.permalink);
    line(x);
    x.element_with("guid", &[("isPermaLink", "true")], &p.urls.permalink);
    line(x);
    x.element("pubDate", &date.datetime.to_rfc2822());
    for a in authors_of(site, p) {
        line(x);
        x.element("dc:creator", a);
    }
    for &t in &p.tags {
        line(x);
        x.element("category", &site.tags[t].name);
    }
    line(x);
    x.element("description", summary(p));
    if let Some(html) = full_html(site, p) {
        line(x);
        x.element("content:encoded", &html);
    }
    if let Some(img) = feed.image(i) {
        // RSS requires all three; 0 is the advised length when the size is unknown (remote).
        let length = img.length.unwrap_or(0).to_string();
        let mime = img.mime.unwrap_or("application/octet-stream");
        line(x);
        x.empty("enclosure", &[("url", &img.url), ("length", &length), ("type", mime)]);
    }
    x.raw("\n    ");
    x.end("item");
}
