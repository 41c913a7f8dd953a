//! The seven previews, as each platform builds them from a page's tags: which tag it reads
//! (with its fallbacks), where it cuts the text, and how it crops and places the image.
//!
//! Sources, for the rules below (where a platform publishes no figure, the value is the one
//! commonly measured, and says so):
//! - Google: title links are cut to the device's width and may fall back to other text
//!   (<https://developers.google.com/search/docs/appearance/title-link>); snippets come from the
//!   meta description (<https://developers.google.com/search/docs/appearance/snippet>); the site
//!   name from `WebSite` JSON-LD or `og:site_name`
//!   (<https://developers.google.com/search/docs/appearance/site-names>); the favicon from
//!   `<link rel="icon">` (<https://developers.google.com/search/docs/appearance/favicon-in-search>);
//!   phones show the domain without the breadcrumb trail since January 2025
//!   (<https://developers.google.com/search/blog/2025/01/simplifying-breadcrumbs>). The widths
//!   (600 px of Arial 20 px for a desktop title, 920 px of Arial 14 px or 160 characters for a
//!   description, two lines of about 330 px on a phone) are measured, not published.
//! - X: <https://developer.x.com/en/docs/x-for-websites/cards/overview/markup> (each
//!   `twitter:` tag falls back to its `og:` one; title 70, description 200 characters),
//!   `summary_large_image` (2:1, at least 300 x 157) and `summary` (1:1, at least 144 x 144).
//! - Facebook: <https://developers.facebook.com/docs/sharing/webmasters/> and
//!   <https://developers.facebook.com/docs/sharing/webmasters/images/> (1.91:1; under
//!   600 x 315 a small thumbnail; under 200 x 200 no image).
//! - LinkedIn: <https://www.linkedin.com/help/linkedin/answer/a521928> (`og:` tags; 1.91:1, at
//!   least 1200 x 627; the feed shows the title and domain, not the description).
//! - Slack and Discord: <https://api.slack.com/robots> (oEmbed, then Twitter card and Open
//!   Graph tags) and <https://discord.com/developers/docs/resources/message#embed-object-embed-limits>
//!   (title 256 characters; `theme-color` colours the bar).
//! - WhatsApp reads Open Graph (<https://ogp.me>); it drops images over about 600 KB and shows
//!   images under 300 px wide as a square thumbnail (measured).
//! - iMessage: <https://developer.apple.com/documentation/technotes/tn3156-create-rich-previews-for-messages>
//!   (`og:title`, `og:image`, the icon; no description).

use super::cut::{self, Cut};
use super::head::Head;

/// An image a preview shows, as the server found it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Image {
    /// The URL in the tag.
    pub url: String,
    /// Where the panel loads it from: a path of this server, or `None` for another host's image,
    /// which the panel never requests.
    pub src: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Its size in bytes, when it is the server's own file.
    pub bytes: Option<usize>,
}

impl Image {
    fn at_least(&self, w: u32, h: u32) -> Option<bool> {
        Some(self.width? >= w && self.height? >= h)
    }
}

/// How a card places its image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Above (or behind) the text, cropped to `ratio`.
    Large,
    /// A small square beside the text.
    Thumbnail,
    /// No image.
    Text,
}

/// A link preview on one network.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// `x`, `facebook`, ... (ids in the panel's markup).
    pub id: &'static str,
    pub name: &'static str,
    pub site: Option<String>,
    pub domain: String,
    pub title: Cut,
    /// `None` where the network shows no description.
    pub description: Option<Cut>,
    pub image: Option<Image>,
    pub layout: Layout,
    /// The crop of a large image, width:height.
    pub ratio: (u32, u32),
    /// Which tag gave the title, the description and the image.
    pub from: Vec<(&'static str, String)>,
    /// What the writer should know (a missing tag, an image too small).
    pub notes: Vec<String>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Serp {
    pub title: Cut,
    pub description: Cut,
    /// `https://example.org › smo › what-is-smo` (or only the domain, on phones).
    pub url: String,
    pub site_name: String,
    pub favicon: Option<String>,
}

/// A rich result the JSON-LD makes the page eligible for, or nearly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rich {
    pub kind: &'static str,
    pub eligible: bool,
    pub note: String,
}

/// Every preview of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Previews {
    pub desktop: Serp,
    pub mobile: Serp,
    pub rich: Vec<Rich>,
    pub cards: Vec<Card>,
}

/// What the previews are drawn from.
pub struct Page<'a> {
    pub head: &'a Head,
    /// The page's published URL (the canonical, with the published base-url).
    pub url: String,
    /// The icon, as a path of this server.
    pub favicon: Option<String>,
    /// Looks up an image URL of a tag.
    pub image: &'a dyn Fn(&str) -> Image,
}

/// Draws all seven previews.
pub fn previews(page: &Page<'_>) -> Previews {
    let (desktop, mobile) = google(page);
    let cards = vec![x(page), facebook(page), linkedin(page), unfurl(page), whatsapp(page), imessage(page)];
    Previews { desktop, mobile, rich: rich(page.head), cards }
}

fn google(page: &Page<'_>) -> (Serp, Serp) {
    let h = page.head;
    let title = h.title.clone().unwrap_or_default();
    let description = h.meta("description").unwrap_or_default();
    let site_name = website_name(h).or_else(|| h.meta("og:site_name").map(String::from));
    let site_name = site_name.unwrap_or_else(|| cut::domain(&page.url));
    let desktop = Serp {
        title: cut::pixels(&title, 20.0, 600.0),
        description: cut::pixels_and_chars(description, 14.0, 920.0, 160),
        url: breadcrumb_trail(h, &page.url).unwrap_or_else(|| cut::breadcrumb(&page.url)),
        site_name: site_name.clone(),
        favicon: page.favicon.clone(),
    };
    let mobile = Serp {
        title: cut::lines(&title, 20.0, 330.0, 2),
        description: cut::pixels_and_chars(description, 14.0, 3.0 * 330.0, 120),
        url: format!("https://{}", cut::domain(&page.url)),
        site_name,
        favicon: page.favicon.clone(),
    };
    (desktop, mobile)
}

/// The `name` of the page's `WebSite` node, which Google prefers as the site name.
fn website_name(h: &Head) -> Option<String> {
    h.jsonld_nodes().iter().find(|n| n["@type"] == "WebSite").and_then(|n| n["name"].as_str().map(String::from))
}

/// Google's desktop trail from `BreadcrumbList` JSON-LD: the domain, then each crumb's name
/// after the home page's.
fn breadcrumb_trail(h: &Head, url: &str) -> Option<String> {
    let nodes = h.jsonld_nodes();
    let list = nodes.iter().find(|n| n["@type"] == "BreadcrumbList")?;
    let names: Vec<&str> = list["itemListElement"].as_array()?.iter().filter_map(|i| i["name"].as_str()).collect();
    let mut out = cut::breadcrumb(url).split(" › ").next()?.to_string();
    for name in names.iter().skip(1) {
        out.push_str(" › ");
        out.push_str(name);
    }
    Some(out)
}

fn rich(h: &Head) -> Vec<Rich> {
    let nodes = h.jsonld_nodes();
    let of = |t: &str| {
        nodes.iter().find(|n| n["@type"] == t || n["@type"].as_array().is_some_and(|a| a.iter().any(|x| x == t)))
    };
    let mut out = Vec::new();
    if let Some(n) = ["Article", "BlogPosting", "NewsArticle"].iter().find_map(|t| of(t)) {
        let missing: Vec<&str> =
            ["headline", "image", "datePublished", "author"].into_iter().filter(|k| n[*k].is_null()).collect();
        out.push(Rich {
            kind: "Article",
            eligible: missing.is_empty(),
            note: if missing.is_empty() {
                "headline, image, date and author: eligible for the article appearance (Top stories, a larger image)"
                    .into()
            } else {
                format!("add {} for the article appearance", missing.join(", "))
            },
        });
    }
    if let Some(n) = of("BreadcrumbList") {
        let ok =
            n["itemListElement"].as_array().is_some_and(|a| !a.is_empty() && a.iter().all(|i| i["name"].is_string()));
        out.push(Rich {
            kind: "Breadcrumb",
            eligible: ok,
            note: if ok { "the trail replaces the URL on desktop".into() } else { "each crumb needs a name".into() },
        });
    }
    if let Some(n) = of("FAQPage") {
        let ok = n["mainEntity"].as_array().is_some_and(|a| {
            !a.is_empty() && a.iter().all(|q| q["name"].is_string() && q["acceptedAnswer"]["text"].is_string())
        });
        out.push(Rich {
            kind: "FAQ",
            eligible: ok,
            note: "valid FAQPage markup; since August 2023 Google shows FAQ results only for well-known government and health sites".into(),
        });
    }
    out
}

/// The first of `keys` the page has, and which one it was.
fn pick<'h>(h: &'h Head, keys: &[&'static str]) -> Option<(&'static str, &'h str)> {
    keys.iter().find_map(|k| h.meta(k).map(|v| (*k, v)))
}

/// A card's texts and image from the tags `keys` name for each, with what is missing noted.
struct Texts {
    title: String,
    description: Option<String>,
    image: Option<Image>,
    from: Vec<(&'static str, String)>,
    notes: Vec<String>,
}

fn texts(page: &Page<'_>, title: &[&'static str], description: &[&'static str], image: &[&'static str]) -> Texts {
    let h = page.head;
    let mut from = Vec::new();
    let mut notes = Vec::new();
    let mut take = |what: &'static str, keys: &[&'static str], notes: &mut Vec<String>| match pick(h, keys) {
        Some((k, v)) => {
            from.push((what, k.to_string()));
            Some(v.to_string())
        }
        None => {
            notes.push(format!("no {} tag for the {what}", keys.join(" or ")));
            None
        }
    };
    let t = take("title", title, &mut notes).or_else(|| h.title.clone()).unwrap_or_default();
    let d = if description.is_empty() { None } else { take("description", description, &mut notes) };
    let i = take("image", image, &mut notes).map(|u| (page.image)(&u));
    Texts { title: t, description: d, image: i, from, notes }
}

fn card(id: &'static str, name: &'static str, page: &Page<'_>, t: Texts, layout: Layout, ratio: (u32, u32)) -> Card {
    let layout = if t.image.is_none() { Layout::Text } else { layout };
    Card {
        id,
        name,
        site: page.head.meta("og:site_name").map(String::from),
        domain: cut::domain(&page.url),
        title: Cut { text: cut::collapse(&t.title), cut: false },
        description: t.description.map(|d| Cut { text: cut::collapse(&d), cut: false }),
        image: t.image,
        layout,
        ratio,
        from: t.from,
        notes: t.notes,
    }
}

fn x(page: &Page<'_>) -> Card {
    let t = texts(
        page,
        &["twitter:title", "og:title"],
        &["twitter:description", "og:description"],
        &["twitter:image", "og:image"],
    );
    let kind = page.head.meta("twitter:card").unwrap_or("summary");
    let mut notes = Vec::new();
    let large_ok = t.image.as_ref().and_then(|i| i.at_least(300, 157));
    let layout = match (kind, large_ok) {
        ("summary_large_image", Some(false)) => {
            notes.push("the image is under 300 x 157: X shows a summary card instead".to_string());
            Layout::Thumbnail
        }
        ("summary_large_image", _) => Layout::Large,
        _ => Layout::Thumbnail,
    };
    let mut c = card("x", "X", page, t, layout, (2, 1));
    c.title = cut::chars(&c.title.text, 70);
    c.description = c.description.map(|d| cut::chars(&d.text, 200));
    c.from.push(("card", format!("twitter:card = {kind}")));
    c.notes.extend(notes);
    c
}

/// Facebook's and LinkedIn's image rule: 1.91:1 when large enough, else a thumbnail.
fn og_layout(image: Option<&Image>, large: (u32, u32), notes: &mut Vec<String>, network: &str) -> Layout {
    match image.and_then(|i| Some((i.at_least(large.0, large.1)?, i.at_least(200, 200)?))) {
        Some((true, _)) | None => Layout::Large,
        Some((false, true)) => {
            notes
                .push(format!("the image is under {} x {}: {network} shows it as a small thumbnail", large.0, large.1));
            Layout::Thumbnail
        }
        Some((false, false)) => {
            notes.push(format!("the image is under 200 x 200: {network} shows no image"));
            Layout::Text
        }
    }
}

fn facebook(page: &Page<'_>) -> Card {
    let t = texts(page, &["og:title"], &["og:description"], &["og:image"]);
    let mut notes = Vec::new();
    let layout = og_layout(t.image.as_ref(), (600, 315), &mut notes, "Facebook");
    let mut c = card("facebook", "Facebook", page, t, layout, (191, 100));
    // Facebook sets link titles in Helvetica (Arial's metrics) 16 px bold, about 17 px of
    // regular Arial, in two lines of a 500 px card; the description in one line (measured).
    c.title = cut::lines(&c.title.text, 17.0, 470.0, 2);
    c.description = c.description.map(|d| cut::lines(&d.text, 14.0, 470.0, 1));
    c.notes.extend(notes);
    if layout == Layout::Text {
        c.image = None;
    }
    c
}

fn linkedin(page: &Page<'_>) -> Card {
    let t = texts(page, &["og:title"], &[], &["og:image"]);
    let mut notes = Vec::new();
    let layout = og_layout(t.image.as_ref(), (1200, 627), &mut notes, "LinkedIn");
    let mut c = card("linkedin", "LinkedIn", page, t, layout, (191, 100));
    // Two lines of 14 px semibold in a 550 px feed card (measured).
    c.title = cut::lines(&c.title.text, 15.0, 520.0, 2);
    c.notes.extend(notes);
    if layout == Layout::Text {
        c.image = None;
    }
    c
}

fn unfurl(page: &Page<'_>) -> Card {
    let t = texts(
        page,
        &["og:title", "twitter:title"],
        &["og:description", "twitter:description", "description"],
        &["og:image", "twitter:image"],
    );
    let mut c = card("unfurl", "Slack / Discord", page, t, Layout::Large, (191, 100));
    c.title = cut::chars(&c.title.text, 256);
    c.description = c.description.map(|d| cut::chars(&d.text, 350));
    c
}

fn whatsapp(page: &Page<'_>) -> Card {
    let t = texts(page, &["og:title"], &["og:description"], &["og:image"]);
    let mut notes = Vec::new();
    let layout = match &t.image {
        Some(i) if i.bytes.is_some_and(|b| b > 600 * 1024) => {
            notes.push("the image is over 600 KB: WhatsApp may show none".to_string());
            Layout::Large
        }
        Some(i) if i.width.is_some_and(|w| w < 300) => Layout::Thumbnail,
        _ => Layout::Large,
    };
    let mut c = card("whatsapp", "WhatsApp", page, t, layout, (191, 100));
    c.title = cut::lines(&c.title.text, 15.0, 300.0, 2);
    c.description = c.description.map(|d| cut::lines(&d.text, 13.0, 300.0, 1));
    c.notes.extend(notes);
    c
}

fn imessage(page: &Page<'_>) -> Card {
    let t = texts(page, &["og:title"], &[], &["og:image"]);
    let mut c = card("imessage", "iMessage", page, t, Layout::Large, (191, 100));
    c.title = cut::lines(&c.title.text, 15.0, 250.0, 2);
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::preview::head::parse;

    fn page_with<'a>(head: &'a Head, image: &'a dyn Fn(&str) -> Image) -> Page<'a> {
        Page { head, url: "https://example.org/smo/a/".into(), favicon: Some("/favicon.svg".into()), image }
    }

    fn sized(w: u32, h: u32) -> impl Fn(&str) -> Image {
        move |url: &str| Image {
            url: url.into(),
            src: Some("/a.png".into()),
            width: Some(w),
            height: Some(h),
            bytes: Some(1000),
        }
    }

    #[test]
    fn x_falls_back_to_open_graph_and_picks_the_card_by_image_size() {
        let head = parse(br#"<head><title>T</title><meta property="og:title" content="OG title">
<meta property="og:description" content="OG description"><meta property="og:image" content="https://example.org/a.png">
<meta name="twitter:card" content="summary_large_image"><meta name="twitter:image" content="https://example.org/x.png"></head>"#);
        let big = sized(1200, 630);
        let p = previews(&page_with(&head, &big));
        let x = &p.cards[0];
        assert_eq!(x.title.text, "OG title");
        assert_eq!(x.description.as_ref().unwrap().text, "OG description");
        assert_eq!(x.image.as_ref().unwrap().url, "https://example.org/x.png", "twitter:image wins over og:image");
        assert_eq!(x.layout, Layout::Large);
        assert!(x.from.contains(&("title", "og:title".into())));
        let small = sized(200, 100);
        let x = &previews(&page_with(&head, &small)).cards[0];
        assert_eq!(x.layout, Layout::Thumbnail);
        assert!(x.notes.iter().any(|n| n.contains("300 x 157")), "{:?}", x.notes);
        let fb = &previews(&page_with(&head, &small)).cards[1];
        assert_eq!((fb.id, fb.layout, fb.image.is_none()), ("facebook", Layout::Text, true));
    }

    #[test]
    fn google_reads_the_title_tag_and_the_json_ld() {
        let head = parse(
            br#"<head><title>A title that is long enough to be cut by Google on a desktop screen, surely</title>
<meta name="description" content="Short."><meta property="og:site_name" content="Guide">
<script type="application/ld+json">{"@graph":[{"@type":"BlogPosting","headline":"h","datePublished":"2026-01-01"},
{"@type":"BreadcrumbList","itemListElement":[{"name":"Home"},{"name":"SMO"},{"name":"A"}]},
{"@type":"FAQPage","mainEntity":[{"name":"Q?","acceptedAnswer":{"text":"A."}}]}]}</script></head>"#,
        );
        let none = sized(1, 1);
        let p = previews(&page_with(&head, &none));
        assert!(p.desktop.title.cut);
        assert_eq!(p.desktop.url, "https://example.org › SMO › A");
        assert_eq!(p.mobile.url, "https://example.org");
        assert_eq!(p.desktop.site_name, "Guide");
        let kinds: Vec<(&str, bool)> = p.rich.iter().map(|r| (r.kind, r.eligible)).collect();
        assert_eq!(kinds, [("Article", false), ("Breadcrumb", true), ("FAQ", true)]);
        assert!(p.rich[0].note.contains("image, author"), "{}", p.rich[0].note);
    }
}
