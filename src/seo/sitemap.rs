//! `sitemap.xml` (per sitemaps.org: every indexable page, `lastmod` from
//! [`FrontMatter::modified`](crate::content::FrontMatter::modified), the date the page and its
//! JSON-LD `dateModified` show; an index of numbered parts past 50,000 URLs) and `robots.txt`
//! pointing at it.

use std::fmt::Write;

use super::languages::{alternates, page_versions, section_versions};
use super::xml::Xml;
use super::{is_hidden, Alternate, PageSeo, SiteSeo};
use crate::config::Config;
use crate::content::Date;
use crate::site::{join_url, Item, Site, Urls, AUTHORS_PATH, COMPARISONS_PATH, TAGS_PATH};

/// The most URLs one sitemap file may list.
pub const MAX_URLS: usize = 50_000;
/// The sitemap (or sitemap index) crawlers are pointed at.
pub const FILE: &str = "sitemap.xml";
const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// The namespace of `xhtml:link` alternates, as Google documents them for sitemaps.
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// One URL of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Absolute.
    pub loc: String,
    /// W3C datetime (`2026-03-02` or RFC 3339).
    pub lastmod: Option<String>,
    /// The page in each of its languages and `x-default`, as `xhtml:link` alternates (empty
    /// without translations).
    pub alternates: Vec<Alternate>,
}

/// Every page [`listed`] by its metadata: home, sections and their later pages, articles, the tag
/// index and tag pages, author pages, and the comparisons hub when there is one. A listing's
/// `lastmod` is that of its newest article.
pub fn entries(site: &Site, seo: &SiteSeo) -> Vec<Entry> {
    let newer = |a: Option<Date>, b: Option<Date>| match (a, b) {
        (Some(x), Some(y)) => Some(if y.utc() > x.utc() { y } else { x }),
        (x, y) => x.or(y),
    };
    let modified = |i: usize| site.pages[i].source.front.modified();
    // Each article dates its section and every section above it: O(pages × depth).
    let mut section_mod: Vec<Option<Date>> = vec![None; site.sections.len()];
    for (i, p) in site.pages.iter().enumerate() {
        if is_hidden(&site.config, p) {
            continue;
        }
        let mut s = Some(p.section);
        while let Some(idx) = s {
            section_mod[idx] = newer(section_mod[idx], modified(i));
            s = site.sections[idx].parent;
        }
    }
    let mut out = Vec::with_capacity(site.pages.len() + site.sections.len() + site.tags.len() + 1);
    let mut add = |item: Item, urls: &Urls, lastmod: Option<Date>, alternates: Vec<Alternate>| {
        if listed(seo.get(item), urls) {
            out.push(Entry { loc: urls.permalink.clone(), lastmod: lastmod.map(|d| d.to_string()), alternates });
        }
    };
    for (id, m) in site.section_ids().zip(&section_mod) {
        let versions = alternates(&section_versions(site, id.index()));
        add(Item::Section(id), &site.section(id).urls, *m, versions);
    }
    // The later pages of paginated listings, dated as their section.
    for (id, m) in site.section_ids().zip(&section_mod) {
        let paging = &site.section(id).paging;
        for (n, urls) in paging.later().zip(&paging.pagers) {
            add(Item::Pager(id, n), urls, *m, Vec::new());
        }
    }
    for (id, p) in site.page_ids().zip(&site.pages) {
        add(Item::Page(id), &p.urls, modified(id.index()), alternates(&page_versions(site, id.index())));
    }
    let newest = |pages: &[usize]| {
        pages.iter().filter(|&&i| !is_hidden(&site.config, &site.pages[i])).fold(None, |m, &i| newer(m, modified(i)))
    };
    for lang in site.langs() {
        add(Item::Tags(lang), &site.urls_in(lang, TAGS_PATH), section_mod[site.homes[lang]], Vec::new());
    }
    for id in site.tag_ids() {
        let t = site.tag(id);
        let m = newest(&t.pages);
        add(Item::Tag(id), &t.urls, m, Vec::new());
        for (n, urls) in t.paging.later().zip(&t.paging.pagers) {
            add(Item::TagPager(id, n), urls, m, Vec::new());
        }
    }
    // Author pages, dated by their newest published article.
    for id in site.author_ids() {
        add(Item::Author(id), &site.author(id).urls, newest(&site.author(id).pages), Vec::new());
    }
    if seo.authors_index.is_some() {
        let all: Vec<usize> = site.authors.iter().flat_map(|a| a.pages.iter().copied()).collect();
        add(Item::Authors, &Urls::new(&site.config.site.base_url, AUTHORS_PATH), newest(&all), Vec::new());
    }
    if seo.comparisons.is_some() {
        let with: Vec<usize> = (0..site.pages.len()).filter(|&i| !site.pages[i].comparisons.is_empty()).collect();
        add(Item::Comparisons, &Urls::new(&site.config.site.base_url, COMPARISONS_PATH), newest(&with), Vec::new());
    }
    out
}

/// Whether a page belongs in the sitemap: exactly when the robots directives it prints let
/// search engines index it, and its canonical URL is its own (a sitemap lists canonical URLs
/// only; a copy of an article first published elsewhere is not one).
pub fn listed(seo: &PageSeo, urls: &Urls) -> bool {
    !seo.noindex && seo.canonical.as_deref() == Some(urls.permalink.as_str())
}

/// The sitemap files for `entries`: one `sitemap.xml`, or, past `max` URLs, a sitemap index at
/// `sitemap.xml` and its parts at `sitemap-1.xml`, `sitemap-2.xml`, ...
pub fn sitemaps(entries: &[Entry], base_url: &str, max: usize) -> Vec<(String, String)> {
    let max = max.max(1);
    if entries.len() <= max {
        return vec![(FILE.to_string(), urlset(entries))];
    }
    let mut files = Vec::new();
    let mut index = Xml::new("UTF-8", 200 * entries.len().div_ceil(max));
    index.start("sitemapindex", &[("xmlns", NS)]);
    for (n, chunk) in entries.chunks(max).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.raw("\n  ");
        index.start("sitemap", &[]);
        index.raw("\n    ");
        index.element("loc", &join_url(base_url, &name));
        if let Some(m) = newest(chunk) {
            index.raw("\n    ");
            index.element("lastmod", m);
        }
        index.raw("\n  ");
        index.end("sitemap");
        files.push((name, urlset(chunk)));
    }
    index.raw("\n");
    index.end("sitemapindex");
    index.raw("\n");
    let index = index.finish();
    files.insert(0, (FILE.to_string(), index));
    files
}

/// The newest `lastmod` of some entries (they compare as text only within one form, so compare
/// their parsed instants).
fn newest(entries: &[Entry]) -> Option<&str> {
    entries
        .iter()
        .filter_map(|e| e.lastmod.as_deref())
        .filter_map(|m| Date::parse(m).map(|d| (d.utc(), m)))
        .max_by_key(|(d, _)| *d)
        .map(|(_, m)| m)
}

fn urlset(entries: &[Entry]) -> String {
    let mut x = Xml::new("UTF-8", 100 + entries.len() * 110);
    if entries.iter().any(|e| !e.alternates.is_empty()) {
        x.start("urlset", &[("xmlns", NS), ("xmlns:xhtml", XHTML_NS)]);
    } else {
        x.start("urlset", &[("xmlns", NS)]);
    }
    for e in entries {
        x.raw("\n  ");
        x.start("url", &[]);
        x.raw("\n    ");
        x.element("loc", &e.loc);
        if let Some(m) = &e.lastmod {
            x.raw("\n    ");
            x.element("lastmod", m);
        }
        for a in &e.alternates {
            x.raw("\n    ");
            x.empty("xhtml:link", &[("rel", "alternate"), ("hreflang", &a.hreflang), ("href", &a.href)]);
        }
        x.raw("\n  ");
        x.end("url");
    }
    x.raw("\n");
    x.end("urlset");
    x.raw("\n");
    x.finish()
}

/// `robots.txt`: the `[site] robots-disallow` rules for every crawler and the sitemap's absolute
/// URL. (Crawlers read it at the host's root only: on a sub-path site, copy its lines there.)
pub fn robots_txt(config: &Config) -> String {
    let mut s = String::from("User-agent: *\n");
    let rules: Vec<&String> = config.site.robots_disallow.iter().filter(|r| !r.trim().is_empty()).collect();
    if rules.is_empty() {
        // An empty Disallow allows everything: the form every crawler has understood since 1994.
        s.push_str("Disallow:\n");
    }
    for r in rules {
        let _ = writeln!(s, "Disallow: {}", join_url(config.base_path(), r.trim()));
    }
    let _ = writeln!(s, "\nSitemap: {}", join_url(&config.site.base_url, FILE));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| Entry {
                loc: format!("https://e.org/p{i}/?a=1&b=2"),
                lastmod: Some(format!("2026-01-{:02}", i % 28 + 1)),
                alternates: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn small_sites_get_one_urlset() {
        let files = sitemaps(&entries(3), "https://e.org/", MAX_URLS);
        assert_eq!(files.len(), 1);
        let doc = roxmltree::Document::parse(&files[0].1).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "urlset");
        assert!(files[0].1.contains("<loc>https://e.org/p0/?a=1&amp;b=2</loc>"));
    }

    #[test]
    fn large_sites_get_an_index() {
        let files = sitemaps(&entries(5), "https://e.org/guide/", 2);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]);
        let index = roxmltree::Document::parse(&files[0].1).unwrap();
        let locs: Vec<&str> = index.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
        assert_eq!(locs[2], "https://e.org/guide/sitemap-3.xml");
        assert_eq!(
            roxmltree::Document::parse(&files[3].1).unwrap().descendants().filter(|n| n.has_tag_name("url")).count(),
            1
        );
    }

    #[test]
    fn markup_quotes_and_control_characters_give_well_formed_xml() {
        let e = Entry { loc: "https://e.org/a/?q=\"x\"&r='<y>'\u{1}z".into(), lastmod: None, alternates: Vec::new() };
        for (_, xml) in sitemaps(&[e.clone(), e], "https://e.org/", 1) {
            roxmltree::Document::parse(&xml).unwrap_or_else(|err| panic!("{err}: {xml}"));
        }
        let one =
            &sitemaps(&[Entry { loc: "a&<\"'\u{1}b".into(), lastmod: None, alternates: Vec::new() }], "/", 9)[0].1;
        let doc = roxmltree::Document::parse(one).unwrap();
        assert_eq!(doc.descendants().find(|n| n.has_tag_name("loc")).and_then(|n| n.text()), Some("a&<\"'b"));
    }

    #[test]
    fn robots_points_at_the_sitemap_and_keeps_the_sub_path() {
        let mut c = Config::parse("[book]\ntitle = \"T\"\n[site]\nbase-url = \"https://e.org/guide/\"\n").unwrap();
        assert_eq!(robots_txt(&c), "User-agent: *\nDisallow:\n\nSitemap: https://e.org/guide/sitemap.xml\n");
        c.site.robots_disallow = vec!["/private/".into()];
        assert!(robots_txt(&c).contains("Disallow: /guide/private/\n"));
    }
}
