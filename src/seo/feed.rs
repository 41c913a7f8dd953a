//! Feeds of dated articles, newest first, in the formats `[feeds]` turns on: Atom (RFC 4287),
//! RSS 2.0 and JSON Feed 1.1. Each format has a feed for the whole site and, when asked, one
//! per section (its subsections included) and one per tag.
//!
//! Whether a section or tag has feeds depends on the config alone, never on which articles it
//! holds, so that a page's feed links change only with its own inputs (the preview reuses the
//! metadata of unchanged articles).

mod atom;
mod json;
mod rss;
mod tables;

use super::{is_hidden, FeedLink, SiteSeo, SocialImage};
use crate::config::{Config, FeedContent, FeedFormat};
use crate::content::Date;
use crate::site::{join_url, Page, Site};

/// A feed format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Atom,
    Rss,
    Json,
}

impl Format {
    /// Every format, in the order pages advertise them.
    pub const ALL: [Format; 3] = [Format::Atom, Format::Rss, Format::Json];

    /// The file name, in the feed's folder.
    pub fn file(self) -> &'static str {
        match self {
            Format::Atom => "atom.xml",
            Format::Rss => "rss.xml",
            Format::Json => "feed.json",
        }
    }

    /// The MIME type, for `<link type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Atom => "application/atom+xml",
            Format::Rss => "application/rss+xml",
            Format::Json => "application/feed+json",
        }
    }

    /// The name people know it by.
    pub fn name(self) -> &'static str {
        match self {
            Format::Atom => "Atom",
            Format::Rss => "RSS",
            Format::Json => "JSON Feed",
        }
    }

    /// How `[feeds]` names it.
    fn key(self) -> FeedFormat {
        match self {
            Format::Atom => FeedFormat::Atom,
            Format::Rss => FeedFormat::Rss,
            Format::Json => FeedFormat::Json,
        }
    }

    fn enabled(self, config: &Config) -> bool {
        config.feeds.writes(self.key())
    }
}

/// The formats a site writes.
fn formats(config: &Config) -> impl Iterator<Item = Format> + '_ {
    Format::ALL.into_iter().filter(move |f| f.enabled(config))
}

/// One feed: what it follows, in which folder, and its articles.
struct Feed<'a> {
    site: &'a Site,
    seo: Option<&'a SiteSeo>,
    /// The code of the language its articles are written in (`xml:lang`, `language`).
    lang: &'a str,
    title: String,
    /// The output folder, relative to the site (`""`, `smo/`, `tags/q-a/`).
    dir: String,
    /// The absolute URL of the listing the feed follows.
    home: &'a str,
    /// Newest first, cut to `[site] feed-limit`.
    pages: Vec<usize>,
}

impl Feed<'_> {
    /// The site's description in the feed's language.
    fn description(&self) -> &str {
        self.site.config.description_in(self.lang).trim()
    }

    fn path(&self, format: Format) -> String {
        format!("{}{}", self.dir, format.file())
    }

    fn self_url(&self, format: Format) -> String {
        join_url(&self.site.config.site.base_url, &encode_path(&self.path(format)))
    }

    /// The newest modification of its articles: the feed's own date, so that output stays
    /// deterministic.
    fn updated(&self) -> Option<Date> {
        self.pages.iter().filter_map(|&i| self.site.pages[i].source.front.modified()).max_by_key(|d| d.utc())
    }

    /// The article's own image (not a default image or generated card), with its size in bytes
    /// when it is a file of the site.
    fn image(&self, i: usize) -> Option<&SocialImage> {
        let own = self.site.pages[i].source.front.image.as_deref().is_some_and(|s| !s.trim().is_empty());
        self.seo.filter(|_| own).and_then(|seo| seo.pages[i].image.as_ref())
    }
}

/// A feed's path as it appears in links (`tags/日本/atom.xml` percent-encoded).
fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, crate::site::PATH_KEPT).to_string()
}

/// A listing with feeds of its own: a section below home, or a tag, by its title and URL path.
#[derive(Debug, Clone, Copy)]
pub enum Listing<'a> {
    Section { title: &'a str, path: &'a str },
    Tag { name: &'a str, path: &'a str },
}

/// The links a page in language `lang` (a code) advertises: the feeds of the site in that
/// language, then those of `own` when `[feeds]` asks for them. Made from the config, `lang`
/// and `own` alone, so an article's links are part of its metadata's inputs.
pub fn links(config: &Config, lang: &str, own: Option<Listing<'_>>) -> Vec<FeedLink> {
    let mut out = Vec::new();
    let mut add = |title: &str, dir: &str, site_wide: bool| {
        out.extend(formats(config).map(|f| FeedLink {
            title: format!("{title} ({})", f.name()),
            url: join_url(config.base_path(), &encode_path(&format!("{dir}{}", f.file()))),
            mime: f.mime(),
            format: f.name(),
            site_wide,
            advertised: config.feeds.advertises(f.key()),
        }));
    };
    add(config.title_in(lang), &language_dir(config, lang), true);
    match own {
        Some(Listing::Section { title, path }) if config.feeds.sections => {
            add(&listing_title(config, lang, title), path.trim_start_matches('/'), false)
        }
        Some(Listing::Tag { name, path }) if config.feeds.tags => {
            add(&listing_title(config, lang, name), path.trim_start_matches('/'), false)
        }
        _ => {}
    }
    out
}

/// The folder of the site-wide feeds of language `lang`: the root for the default language,
/// `fr/` for French, as its home page.
fn language_dir(config: &Config, lang: &str) -> String {
    if lang == config.book.language {
        String::new()
    } else {
        format!("{lang}/")
    }
}

fn listing_title(config: &Config, lang: &str, name: &str) -> String {
    format!("{name} – {}", config.title_in(lang))
}

fn section_title(site: &Site, s: usize) -> String {
    let lang = site.config.language_code(site.sections[s].lang);
    listing_title(&site.config, lang, &site.sections[s].title)
}

fn section_dir(site: &Site, s: usize) -> &str {
    site.sections[s].urls.path.trim_start_matches('/')
}

fn tag_title(site: &Site, t: usize) -> String {
    listing_title(&site.config, site.config.language_code(site.tags[t].lang), &site.tags[t].name)
}

fn tag_dir(site: &Site, t: usize) -> &str {
    site.tags[t].urls.path.trim_start_matches('/')
}

/// Every feed file: path and text. `seo` gives the articles' images (none without it).
pub fn feeds(site: &Site, seo: Option<&SiteSeo>) -> Vec<(String, String)> {
    let limit = site.config.site.feed_limit;
    let in_feeds = |&i: &usize| in_feeds(site, &site.pages[i]);
    let c = &site.config;
    // Each language has its own feeds, beside its home page: `/atom.xml`, `/fr/atom.xml`.
    let mut all: Vec<Feed> = (0..site.homes.len())
        .map(|lang| {
            let code = c.language_code(lang);
            let pages = site.pages_by_date_in(lang).iter().copied().filter(in_feeds).take(limit).collect();
            let (title, dir) = (c.title_in(code).to_string(), language_dir(c, code));
            Feed { site, seo, lang: code, title, dir, home: &site.home_of(lang).urls.permalink, pages }
        })
        .collect();
    if c.feeds.sections {
        for (i, s) in site.sections.iter().enumerate().filter(|(_, s)| s.parent.is_some()) {
            let mut pages = section_pages(site, i);
            pages.truncate(limit);
            let (title, dir) = (section_title(site, i), section_dir(site, i).to_string());
            let lang = c.language_code(s.lang);
            all.push(Feed { site, seo, lang, title, dir, home: &s.urls.permalink, pages });
        }
    }
    if c.feeds.tags {
        for (i, t) in site.tags.iter().enumerate() {
            let pages: Vec<usize> = t.pages.iter().copied().filter(in_feeds).take(limit).collect();
            let (title, dir) = (tag_title(site, i), tag_dir(site, i).to_string());
            let lang = c.language_code(t.lang);
            all.push(Feed { site, seo, lang, title, dir, home: &t.urls.permalink, pages });
        }
    }
    let mut out = Vec::with_capacity(all.len() * 3);
    for feed in &all {
        for format in formats(&site.config) {
            let text = match format {
                Format::Atom => atom::write(feed),
                Format::Rss => rss::write(feed),
                Format::Json => json::write(feed),
            };
            out.push((feed.path(format), text));
        }
    }
    out
}

fn in_feeds(site: &Site, p: &Page) -> bool {
    p.source.front.date.is_some() && !is_hidden(&site.config, p)
}

/// The dated articles of a section and its subsections, newest first.
fn section_pages(site: &Site, section: usize) -> Vec<usize> {
    let mut pages = Vec::new();
    let mut stack = vec![section];
    while let Some(s) = stack.pop() {
        pages.extend(site.sections[s].pages.iter().copied().filter(|&i| in_feeds(site, &site.pages[i])));
        stack.extend(site.sections[s].subsections.iter().copied());
    }
    pages.sort_by(|&a, &b| {
        let date = |i: usize| site.pages[i].source.front.date.map(|d| d.utc());
        date(b).cmp(&date(a)).then_with(|| site.pages[a].urls.path.cmp(&site.pages[b].urls.path))
    });
    pages
}

/// An item's summary: its description, else its first paragraph as text.
fn summary(p: &Page) -> &str {
    p.source.front.description.as_deref().filter(|d| !d.trim().is_empty()).unwrap_or(&p.rendered.summary_text).trim()
}

/// The article's HTML for `content = "full"`, with its comparison tables, every link and image
/// absolute (a feed reader shows it away from the site) and herald's other markers left out.
fn full_html(site: &Site, p: &Page) -> Option<String> {
    (site.config.feeds.content == FeedContent::Full)
        .then(|| absolute_links(&tables::with_tables(&p.rendered.html, &p.comparisons), &p.urls.permalink))
}

/// `href="..."` and `src="..."` made absolute: root-relative ones (herald's own links carry the
/// base path already) against the site's origin, `#anchors` and bundle files against the page.
/// Markdown's HTML always quotes attributes with `"`; other forms in raw HTML are kept as written.
fn absolute_links(html: &str, page_url: &str) -> String {
    let origin = page_url.find("://").and_then(|i| page_url[i + 3..].find('/').map(|j| &page_url[..i + 3 + j]));
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find(['h', 's', '<']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if let Some(marker) = from.strip_prefix("<!--herald:").and_then(|r| r.find("-->").map(|e| e + 14)) {
            rest = &from[marker..];
            continue;
        }
        let attr = ["href=\"", "src=\""].into_iter().find(|a| from.starts_with(a));
        let preceded = out.ends_with([' ', '\n', '\t']);
        let Some(attr) = attr.filter(|_| preceded) else {
            out.push_str(&from[..1]);
            rest = &from[1..];
            continue;
        };
        out.push_str(attr);
        let value = &from[attr.len()..];
        let scheme = value.split(['/', '"', '#', '?']).next().is_some_and(|s| s.contains(':'));
        if !scheme && !value.starts_with("//") {
            match (value.starts_with('/'), origin) {
                (true, Some(origin)) => out.push_str(origin),
                (true, None) => {}
                (false, _) => out.push_str(page_url),
            }
        }
        rest = value;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_in_full_content_become_absolute() {
        let page = "https://e.org/guide/smo/a/";
        let html = r##"<p><a href="/guide/smo/b/">b</a> <a href="#x">x</a> <img src="chart.png" alt="c"> <a href="https://o.org/">o</a> <a href="mailto:a@e.org">m</a><!--herald:comparison:t1--></p>"##;
        assert_eq!(
            absolute_links(html, page),
            r##"<p><a href="https://e.org/guide/smo/b/">b</a> <a href="https://e.org/guide/smo/a/#x">x</a> <img src="https://e.org/guide/smo/a/chart.png" alt="c"> <a href="https://o.org/">o</a> <a href="mailto:a@e.org">m</a></p>"##
        );
        assert_eq!(absolute_links("shref=\"/x\" <code>src=\"y\"</code>", page), "shref=\"/x\" <code>src=\"y\"</code>");
    }
}
