//! The head of each page: `<title>`, description, canonical URL, robots, Open Graph and
//! Twitter/X tags, in the order crawlers and people reading the source expect.

use serde::Serialize;

use super::{
    at_handle, authors_of, feed, is_hidden, is_listed_tag, jsonld, og_locale, share, FeedLink, Item, PageSeo,
    SocialImage, HUB_TITLE,
};
use crate::site::{Page, Site, Urls, COMPARISONS_PATH, TAGS_PATH};

/// Longest `<title>` search results show in full; longer pattern results fall back to the page
/// title alone.
pub const TITLE_MAX: usize = 60;
/// Longest description search results show in full.
pub const DESCRIPTION_MAX: usize = 160;
/// Shortest description worth showing.
pub const DESCRIPTION_MIN: usize = 50;
/// Where a description made from the summary is cut.
const SUMMARY_CUT: usize = 155;

/// One `<meta>` tag: `property` (Open Graph, article) or `name` (description, Twitter/X), and its
/// content, unescaped (the template escapes it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaTag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
    pub content: String,
}

impl MetaTag {
    fn property(property: &'static str, content: impl Into<String>) -> MetaTag {
        MetaTag { property: Some(property), name: None, content: content.into() }
    }

    fn name(name: &'static str, content: impl Into<String>) -> MetaTag {
        MetaTag { property: None, name: Some(name), content: content.into() }
    }

    /// The `property` or `name` of the tag.
    pub fn key(&self) -> &'static str {
        self.property.or(self.name).unwrap_or_default()
    }
}

/// What one item is, in the terms its metadata needs.
pub(crate) struct Facts<'a> {
    pub item: Item,
    /// The page's own title (`og:title`, `headline`, last breadcrumb).
    pub name: String,
    /// The `<title>`.
    pub title: String,
    pub description: String,
    /// `None` for the 404 page.
    pub urls: Option<&'a Urls>,
    pub noindex: bool,
    /// The article, for article items.
    pub page: Option<&'a Page>,
}

/// Site-wide values every page's metadata uses, computed once.
pub(crate) struct SiteFacts<'a> {
    pub site: &'a Site,
    pub locale: String,
    pub tags_urls: Urls,
    pub hub_urls: Urls,
    twitter_site: Option<String>,
    fediverse_creator: Option<String>,
    /// The feed of each section, when `[site] section-feeds` is on.
    section_feeds: Vec<Option<FeedLink>>,
    site_feed: FeedLink,
}

impl<'a> SiteFacts<'a> {
    pub fn new(site: &'a Site) -> SiteFacts<'a> {
        let c = &site.config;
        SiteFacts {
            site,
            locale: og_locale(&c.book.language),
            tags_urls: Urls::new(&c.site.base_url, TAGS_PATH),
            hub_urls: Urls::new(&c.site.base_url, COMPARISONS_PATH),
            twitter_site: at_handle(&c.social.x_handle),
            fediverse_creator: c.social.profiles.get("mastodon").and_then(|u| share::fediverse_handle(u)),
            section_feeds: (0..site.sections.len()).map(|s| feed::section_feed_link(site, s)).collect(),
            site_feed: feed::site_feed_link(site),
        }
    }

    /// The complete metadata of one page.
    pub fn page_seo(&self, item: Item, image: Option<SocialImage>) -> PageSeo {
        let facts = self.facts(item);
        let meta = self.meta_tags(&facts, image.as_ref());
        let jsonld = jsonld::graph(self, &facts, image.as_ref());
        let share = match (facts.page, facts.urls) {
            (Some(p), Some(urls)) => share::share_links(&self.site.config, self.site, p, &urls.permalink),
            _ => Vec::new(),
        };
        let mut feeds = vec![self.site_feed.clone()];
        let section = match item {
            Item::Page(i) => Some(self.site.pages[i].section),
            Item::Section(i) | Item::Pager(i, _) => Some(i),
            _ => None,
        };
        if let Some(f) = section.and_then(|s| self.section_feeds[s].clone()) {
            feeds.push(f);
        }
        PageSeo {
            canonical: facts.urls.map(|u| u.permalink.clone()),
            robots: facts.noindex.then(|| "noindex".to_string()),
            title: facts.title,
            description: facts.description,
            meta,
            jsonld,
            share,
            feeds,
            image,
        }
    }

    fn facts(&self, item: Item) -> Facts<'_> {
        let site = self.site;
        let c = &site.config;
        let site_title = c.book.title.as_str();
        let pattern = |name: &str| title_from_pattern(&c.site.title_pattern, name, site_title);
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let (name, description, urls, noindex, page) = match item {
            Item::Page(i) => {
                let p = &site.pages[i];
                let d = own_description(p.source.front.description.as_deref(), &p.rendered.summary_text)
                    .unwrap_or_else(|| finish(format!("{}, an article of {site_title}", p.title())));
                (p.title().to_string(), d, Some(&p.urls), is_hidden(p), Some(p))
            }
            Item::Section(i) => {
                let s = &site.sections[i];
                let own = s.source.as_ref().and_then(|src| src.front.description.as_deref());
                let own = if i == 0 {
                    own.or(Some(c.book.description.as_str())).filter(|d| !d.trim().is_empty())
                } else {
                    own
                };
                let d = own_description(own, &s.rendered.summary_text).unwrap_or_else(|| {
                    let n = s.pages.len();
                    let lead = format!("{n} article{} in {} on {site_title}", plural(n), s.title);
                    listing(&lead, s.pages.iter().map(|&p| site.pages[p].title()))
                });
                let name = if i == 0 { site_title.to_string() } else { s.title.clone() };
                (name, d, Some(&s.urls), false, None)
            }
            Item::Pager(i, number) => {
                let s = &site.sections[i];
                let lead = format!("Page {number} of {} of {} on {site_title}", s.paging.count(), s.title);
                let d = listing(&lead, s.pager_pages(number).iter().map(|&p| site.pages[p].title()));
                (format!("{}, page {number}", s.title), d, Some(s.pager_urls(number)), false, None)
            }
            Item::Tags => {
                let n = site.tags.len();
                let lead = format!("The {n} topic{} of {site_title}, each with its articles", plural(n));
                let d = listing(&lead, site.tags.iter().map(|t| t.name.as_str()));
                let noindex = !site.tags.iter().any(|t| is_listed_tag(site, t));
                ("Tags".to_string(), d, Some(&self.tags_urls), noindex, None)
            }
            Item::Tag(i) => {
                let t = &site.tags[i];
                let n = t.pages.len();
                let lead = format!("{n} article{} tagged “{}” on {site_title}", plural(n), t.name);
                let d = listing(&lead, t.pages.iter().map(|&p| site.pages[p].title()));
                (format!("Articles tagged “{}”", t.name), d, Some(&t.urls), !is_listed_tag(site, t), None)
            }
            Item::TagPager(i, number) => {
                let t = &site.tags[i];
                let lead = format!(
                    "Page {number} of {} of the articles tagged “{}” on {site_title}",
                    t.paging.count(),
                    t.name
                );
                let d = listing(&lead, t.pager_pages(number).iter().map(|&p| site.pages[p].title()));
                let name = format!("Articles tagged “{}”, page {number}", t.name);
                (name, d, Some(t.pager_urls(number)), !is_listed_tag(site, t), None)
            }
            Item::Comparisons => {
                let with: Vec<&Page> =
                    site.pages.iter().filter(|p| !p.comparisons.is_empty() && !is_hidden(p)).collect();
                let n: usize = with.iter().map(|p| p.comparisons.len()).sum();
                let lead =
                    format!("The {n} comparison table{} of {site_title}, with their data in JSON and CSV", plural(n));
                let d = listing(&lead, with.iter().flat_map(|p| p.comparisons.iter().map(|t| t.title.as_str())));
                (HUB_TITLE.to_string(), d, Some(&self.hub_urls), false, None)
            }
            Item::Search => {
                ("Search".to_string(), finish(format!("Search the articles of {site_title}")), None, true, None)
            }
            Item::NotFound => (
                "Page not found".to_string(),
                finish(format!(
                    "The page you asked for is not on {site_title}; it may have moved, or the link may have a typo"
                )),
                None,
                true,
                None,
            ),
        };
        let title = if item == Item::Section(0) { site_title.to_string() } else { pattern(&name) };
        Facts { item, name, title, description, urls, noindex, page }
    }

    fn meta_tags(&self, f: &Facts<'_>, image: Option<&SocialImage>) -> Vec<MetaTag> {
        let c = &self.site.config;
        let mut m = vec![MetaTag::name("description", &f.description)];
        if f.noindex {
            m.push(MetaTag::name("robots", "noindex"));
        }
        let Some(urls) = f.urls else { return m };
        let og_type = if f.page.is_some() { "article" } else { "website" };
        m.push(MetaTag::property("og:type", og_type));
        m.push(MetaTag::property("og:title", &f.name));
        m.push(MetaTag::property("og:description", &f.description));
        m.push(MetaTag::property("og:url", &urls.permalink));
        m.push(MetaTag::property("og:site_name", &c.book.title));
        m.push(MetaTag::property("og:locale", &self.locale));
        if let Some(img) = image {
            m.push(MetaTag::property("og:image", &img.url));
            if let Some(mime) = img.mime {
                m.push(MetaTag::property("og:image:type", mime));
            }
            if let (Some(w), Some(h)) = (img.width, img.height) {
                m.push(MetaTag::property("og:image:width", w.to_string()));
                m.push(MetaTag::property("og:image:height", h.to_string()));
            }
            m.push(MetaTag::property("og:image:alt", &img.alt));
        }
        if let Some(p) = f.page {
            let front = &p.source.front;
            if let Some(d) = front.date {
                m.push(MetaTag::property("article:published_time", d.rfc3339()));
            }
            if let Some(d) = front.updated.or(front.date) {
                m.push(MetaTag::property("article:modified_time", d.rfc3339()));
            }
            for a in authors_of(c, p) {
                m.push(MetaTag::property("article:author", a));
            }
            if p.section != 0 {
                m.push(MetaTag::property("article:section", &self.site.sections[p.section].title));
            }
            for &t in &p.tags {
                m.push(MetaTag::property("article:tag", &self.site.tags[t].name));
            }
        }
        m.push(MetaTag::name("twitter:card", "summary_large_image"));
        if let Some(h) = &self.twitter_site {
            m.push(MetaTag::name("twitter:site", h));
        }
        if let Some(h) = f.page.and_then(|p| {
            authors_of(c, p).iter().find_map(|a| c.social.author_handles.get(a).and_then(|h| at_handle(h)))
        }) {
            m.push(MetaTag::name("twitter:creator", h));
        }
        m.push(MetaTag::name("twitter:title", &f.name));
        m.push(MetaTag::name("twitter:description", &f.description));
        if let Some(img) = image {
            m.push(MetaTag::name("twitter:image", &img.url));
            m.push(MetaTag::name("twitter:image:alt", &img.alt));
        }
        if let Some(h) = &self.fediverse_creator {
            m.push(MetaTag::name("fediverse:creator", h));
        }
        m
    }
}

/// `{page} | {site}` filled in; the page title alone when that would be too long for search
/// results, which cut titles past about 60 characters (the site's name is the part to lose).
pub fn title_from_pattern(pattern: &str, page: &str, site: &str) -> String {
    let full = pattern.replace("{site}", site).replace("{page}", page);
    if full.chars().count() > TITLE_MAX && pattern.contains("{page}") {
        page.to_string()
    } else {
        full
    }
}

/// The front matter's description, else the summary cut to about 155 characters.
fn own_description(own: Option<&str>, summary: &str) -> Option<String> {
    let own = own.map(collapse_whitespace).filter(|d| !d.is_empty());
    own.or_else(|| Some(cut_on_word(summary, SUMMARY_CUT)).filter(|d| !d.is_empty()))
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `text` to at most `max` characters at a word boundary, adding `…` when it cut.
pub fn cut_on_word(text: &str, max: usize) -> String {
    let text = collapse_whitespace(text);
    if text.chars().count() <= max {
        return text;
    }
    // Room for the ellipsis; keep the last word only when the cut falls right after it.
    let (end, next) = text.char_indices().nth(max - 1).unwrap_or((text.len(), ' '));
    let head = &text[..end];
    let head = if next == ' ' { head } else { head.rfind(' ').map_or(head, |i| &head[..i]) };
    format!("{}…", head.trim_end_matches([',', ';', ':', '-', '–', '—', ' ']))
}

/// A description that names the items of a listing: `lead: a; b; c.`, kept within the length
/// search results show, and padded when too short to say anything.
fn listing<'t>(lead: &str, items: impl Iterator<Item = &'t str>) -> String {
    let mut s = lead.to_string();
    let mut count = s.chars().count();
    for (n, item) in items.enumerate() {
        let sep = if n == 0 { ": " } else { "; " };
        let add = sep.len() + item.chars().count();
        if count + add + 1 > SUMMARY_CUT {
            break;
        }
        s.push_str(sep);
        s.push_str(item);
        count += add;
    }
    let s = finish(s);
    if s.chars().count() < DESCRIPTION_MIN {
        format!("{s} Each one is listed here with its summary.")
    } else {
        s
    }
}

/// Ends a sentence with a full stop unless it has its own.
fn finish(mut s: String) -> String {
    if !s.ends_with(['.', '?', '!', '…']) {
        s.push('.');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_pattern_falls_back_to_the_page_title_when_too_long() {
        assert_eq!(title_from_pattern("{page} | {site}", "Hashtags", "Guide"), "Hashtags | Guide");
        let long = "A title that is long enough on its own to fill a result";
        assert_eq!(title_from_pattern("{page} | {site}", long, "Herald Guide to SMO"), long);
    }

    #[test]
    fn descriptions_are_cut_on_a_word() {
        let text = "word ".repeat(60);
        let cut = cut_on_word(&text, 155);
        assert!(cut.chars().count() <= 155, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
        assert_eq!(cut_on_word("Short  text.", 155), "Short text.");
        assert_eq!(cut_on_word("héllo wörld again", 12), "héllo wörld…");
    }

    #[test]
    fn listings_stay_within_bounds() {
        let d = listing("2 articles tagged “x” on Site", ["One", "Two"].into_iter());
        assert!(d.chars().count() >= DESCRIPTION_MIN, "{d}");
        assert!(d.starts_with("2 articles tagged “x” on Site: One; Two."), "{d}");
        let many: Vec<String> = (0..50).map(|i| format!("Article number {i}")).collect();
        let d = listing("50 articles", many.iter().map(String::as_str));
        assert!(d.chars().count() <= DESCRIPTION_MAX, "{d}");
    }
}
