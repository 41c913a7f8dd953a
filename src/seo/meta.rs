//! The head of each page: `<title>`, description, canonical URL, robots, Open Graph and
//! Twitter/X tags, in the order crawlers and people reading the source expect.

use serde::Serialize;

use super::facts::{ConfigFacts, Facts};
use super::{at_handle, SocialImage};
use crate::config::Config;

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

/// The `<meta>` tags of one page, in order: description, robots, Open Graph, article, Twitter/X.
pub(crate) fn meta_tags(ctx: &ConfigFacts<'_>, f: &Facts<'_>, image: Option<&SocialImage>) -> Vec<MetaTag> {
    let c = ctx.config;
    let mut m = vec![MetaTag::name("description", &f.description)];
    if !f.robots.is_empty() {
        m.push(MetaTag::name("robots", f.robots.to_string()));
    }
    let Some(urls) = f.urls else { return m };
    let og_type = match (&f.article, &f.profile) {
        (Some(_), _) => "article",
        (None, Some(_)) => "profile",
        _ => "website",
    };
    m.push(MetaTag::property("og:type", og_type));
    m.push(MetaTag::property("og:title", &f.name));
    m.push(MetaTag::property("og:description", &f.description));
    // Shares of a syndicated copy count for the original, as its canonical says.
    m.push(MetaTag::property("og:url", f.canonical.unwrap_or(&urls.permalink)));
    m.push(MetaTag::property("og:site_name", f.site_title));
    if f.lang == c.book.language {
        m.push(MetaTag::property("og:locale", &ctx.locale));
    } else {
        m.push(MetaTag::property("og:locale", super::og_locale(f.lang)));
    }
    for v in f.versions.iter().filter(|v| v.code != f.lang) {
        m.push(MetaTag::property("og:locale:alternate", super::og_locale(v.code)));
    }
    if let Some(id) = non_empty(&c.social.facebook_app_id) {
        m.push(MetaTag::property("fb:app_id", id));
    }
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
    if let Some(a) = &f.article {
        let front = a.front;
        if let Some(d) = front.date {
            m.push(MetaTag::property("article:published_time", d.rfc3339()));
        }
        if let Some(d) = front.modified() {
            m.push(MetaTag::property("article:modified_time", d.rfc3339()));
        }
        // An author of `[authors]`: their page (the Open Graph profile), else the name.
        for author in &a.authors {
            m.push(MetaTag::property("article:author", author.url.unwrap_or(author.name)));
        }
        if let Some(url) = non_empty(&c.social.facebook_page) {
            m.push(MetaTag::property("article:publisher", url));
        }
        if let Some(section) = a.section {
            m.push(MetaTag::property("article:section", section));
        }
        for &t in &a.tags {
            m.push(MetaTag::property("article:tag", t));
        }
    }
    m.push(MetaTag::name("twitter:card", twitter_card(image)));
    if let Some(h) = &ctx.twitter_site {
        m.push(MetaTag::name("twitter:site", h));
    }
    if let Some(h) = f
        .article
        .as_ref()
        .and_then(|a| a.authors.iter().find_map(|a| c.social.author_handles.get(a.name).and_then(|h| at_handle(h))))
    {
        m.push(MetaTag::name("twitter:creator", h));
    }
    m.push(MetaTag::name("twitter:title", &f.name));
    m.push(MetaTag::name("twitter:description", &f.description));
    if let Some(img) = image {
        m.push(MetaTag::name("twitter:image", &img.url));
        m.push(MetaTag::name("twitter:image:alt", &img.alt));
    }
    if let Some(h) = &ctx.fediverse_creator {
        m.push(MetaTag::name("fediverse:creator", h));
    }
    if f.home {
        m.extend(verification(c));
    }
    m
}

/// The large card from 600x314 up: twice X's minimum for it, 300x157
/// (<https://developer.x.com/en/docs/x-for-websites/cards/overview/summary-card-with-large-image>),
/// so that it stays sharp on high-density screens, and about where Facebook too falls back to a
/// small preview (600x315). A remote image, whose size herald does not read, keeps the large
/// card its writer chose it for.
fn twitter_card(image: Option<&SocialImage>) -> &'static str {
    match image.map(|i| (i.width, i.height)) {
        None => "summary",
        Some((Some(w), Some(h))) if w < 600 || h < 314 => "summary",
        Some(_) => "summary_large_image",
    }
}

/// The site-ownership tokens of `[social]`. Only on the home page: every one of these
/// services reads the home page to verify (Google, Bing, Yandex, Pinterest and Meta each say
/// so), and the rest of the site need not carry them.
fn verification(c: &Config) -> Vec<MetaTag> {
    let s = &c.social;
    [
        ("google-site-verification", &s.google_site_verification),
        ("msvalidate.01", &s.bing_site_verification),
        ("yandex-verification", &s.yandex_verification),
        ("p:domain_verify", &s.pinterest_verification),
        ("facebook-domain-verification", &s.facebook_domain_verification),
    ]
    .into_iter()
    .filter_map(|(name, token)| non_empty(token).map(|t| MetaTag::name(name, t)))
    .collect()
}

fn non_empty(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}
