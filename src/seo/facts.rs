//! What the metadata of a page is made from: the facts of one item (its names, description,
//! URLs, article) and of the whole site, computed once for the head tags and the structured
//! data alike, with the rules that shape titles and descriptions for search results.

use super::{at_handle, feed, is_hidden, is_listed_tag, is_noindex, og_locale, robots_of, share, FeedLink, HUB_TITLE};
use crate::content::AbsoluteUrl;
use crate::robots::Robots;
use crate::site::{Item, Page, SectionId, Site, Urls, COMPARISONS_PATH, TAGS_PATH};

/// Longest `<title>` search results show in full; longer pattern results fall back to the page
/// title alone.
pub const TITLE_MAX: usize = 60;
/// Longest description search results show in full.
pub const DESCRIPTION_MAX: usize = 160;
/// Shortest description worth showing.
pub const DESCRIPTION_MIN: usize = 50;
/// Where a description made from the summary is cut.
const SUMMARY_CUT: usize = 155;

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
    /// The robots directives, `noindex` included when the page is left out.
    pub robots: Robots,
    /// The article, for article items.
    pub page: Option<&'a Page>,
    /// The canonical URL: front matter `canonical`, else the page's own (`None` for the 404).
    pub canonical: Option<&'a str>,
    /// Front matter `syndicated-to`.
    pub syndicated_to: &'a [AbsoluteUrl],
}

/// Site-wide values every page's metadata uses, computed once.
pub(crate) struct SiteFacts<'a> {
    pub site: &'a Site,
    pub locale: String,
    pub tags_urls: Urls,
    pub hub_urls: Urls,
    /// `twitter:site`: the site's handle on X.
    pub twitter_site: Option<String>,
    pub fediverse_creator: Option<String>,
    /// The feeds each section's pages advertise (the site's, and the section's when asked).
    pub section_feeds: Vec<Vec<FeedLink>>,
}

impl<'a> SiteFacts<'a> {
    /// The site-wide facts of `site`.
    pub fn new(site: &'a Site) -> SiteFacts<'a> {
        let c = &site.config;
        SiteFacts {
            site,
            locale: og_locale(&c.book.language),
            tags_urls: Urls::new(&c.site.base_url, TAGS_PATH),
            hub_urls: Urls::new(&c.site.base_url, COMPARISONS_PATH),
            twitter_site: at_handle(&c.social.x_handle),
            fediverse_creator: c.social.profiles.get("mastodon").and_then(|u| share::fediverse_handle(u)),
            section_feeds: (0..site.sections.len()).map(|s| feed::links(site, Some(s), None)).collect(),
        }
    }

    /// What `item` is: its names, description, URLs and article.
    pub fn facts(&self, item: Item) -> Facts<'_> {
        let site = self.site;
        let c = &site.config;
        let site_title = c.book.title.as_str();
        let pattern = |name: &str| title_from_pattern(&c.site.title_pattern, name, site_title);
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let (name, description, urls, noindex, page) = match item {
            Item::Page(id) => {
                let p = site.page(id);
                let d = own_description(p.source.front.description.as_deref(), &p.rendered.summary_text)
                    .unwrap_or_else(|| finish(format!("{}, an article of {site_title}", p.title())));
                (p.title().to_string(), d, Some(&p.urls), is_hidden(c, p), Some(p))
            }
            Item::Section(id) => {
                let s = site.section(id);
                let own = s.source.as_ref().and_then(|src| src.front.description.as_deref());
                let own = if id == SectionId::HOME {
                    own.or(Some(c.book.description.as_str())).filter(|d| !d.trim().is_empty())
                } else {
                    own
                };
                let d = own_description(own, &s.rendered.summary_text).unwrap_or_else(|| {
                    let n = s.pages.len();
                    let lead = format!("{n} article{} in {} on {site_title}", plural(n), s.title);
                    listing(&lead, s.pages.iter().map(|&p| site.pages[p].title()))
                });
                let name = if id == SectionId::HOME { site_title.to_string() } else { s.title.clone() };
                (name, d, Some(&s.urls), is_noindex(c, s.source.as_deref()), None)
            }
            Item::Pager(id, number) => {
                let s = site.section(id);
                let lead = format!("Page {number} of {} of {} on {site_title}", s.paging.count(), s.title);
                let d = listing(&lead, s.pager_pages(number).iter().map(|&p| site.pages[p].title()));
                let noindex = is_noindex(c, s.source.as_deref());
                (format!("{}, page {number}", s.title), d, Some(s.pager_urls(number)), noindex, None)
            }
            Item::Tags => {
                let n = site.tags.len();
                let lead = format!("The {n} topic{} of {site_title}, each with its articles", plural(n));
                let d = listing(&lead, site.tags.iter().map(|t| t.name.as_str()));
                let noindex = is_noindex(c, None) || !site.tags.iter().any(|t| is_listed_tag(site, t));
                ("Tags".to_string(), d, Some(&self.tags_urls), noindex, None)
            }
            Item::Tag(id) => {
                let t = site.tag(id);
                let n = t.pages.len();
                let lead = format!("{n} article{} tagged “{}” on {site_title}", plural(n), t.name);
                let d = listing(&lead, t.pages.iter().map(|&p| site.pages[p].title()));
                (format!("Articles tagged “{}”", t.name), d, Some(&t.urls), !is_listed_tag(site, t), None)
            }
            Item::TagPager(id, number) => {
                let t = site.tag(id);
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
                    site.pages.iter().filter(|p| !p.comparisons.is_empty() && !is_hidden(c, p)).collect();
                let n: usize = with.iter().map(|p| p.comparisons.len()).sum();
                let lead =
                    format!("The {n} comparison table{} of {site_title}, with their data in JSON and CSV", plural(n));
                let d = listing(&lead, with.iter().flat_map(|p| p.comparisons.iter().map(|t| t.title.as_str())));
                (HUB_TITLE.to_string(), d, Some(&self.hub_urls), is_noindex(c, None), None)
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
            Item::Search => {
                ("Search".to_string(), finish(format!("Search the articles of {site_title}")), None, true, None)
            }
        };
        let title = if item == Item::Section(SectionId::HOME) { site_title.to_string() } else { pattern(&name) };
        let source = match item {
            Item::Page(id) => Some(&*site.page(id).source),
            Item::Section(id) | Item::Pager(id, _) => site.section(id).source.as_deref(),
            _ => None,
        };
        let mut robots = robots_of(c, source);
        if noindex {
            robots.index = Some(false);
        }
        let own = source.and_then(|s| s.front.canonical.as_ref()).map(|u| u.0.as_str());
        let canonical = urls.map(|u| own.unwrap_or(&u.permalink));
        let syndicated_to = source.map_or(&[][..], |s| &s.front.syndicated_to);
        Facts { item, name, title, description, urls, noindex, robots, page, canonical, syndicated_to }
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
