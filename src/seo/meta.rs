//! The head of each page: `<title>`, description, canonical URL, robots, Open Graph and
//! Twitter/X tags, in the order crawlers and people reading the source expect.

use serde::Serialize;

use super::facts::{Facts, SiteFacts};
use super::{at_handle, authors_of, SocialImage};

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
pub(crate) fn meta_tags(ctx: &SiteFacts<'_>, f: &Facts<'_>, image: Option<&SocialImage>) -> Vec<MetaTag> {
    let c = &ctx.site.config;
    let mut m = vec![MetaTag::name("description", &f.description)];
    if !f.robots.is_empty() {
        m.push(MetaTag::name("robots", f.robots.to_string()));
    }
    let Some(urls) = f.urls else { return m };
    let og_type = if f.page.is_some() { "article" } else { "website" };
    m.push(MetaTag::property("og:type", og_type));
    m.push(MetaTag::property("og:title", &f.name));
    m.push(MetaTag::property("og:description", &f.description));
    // Shares of a syndicated copy count for the original, as its canonical says.
    m.push(MetaTag::property("og:url", f.canonical.unwrap_or(&urls.permalink)));
    m.push(MetaTag::property("og:site_name", &c.book.title));
    m.push(MetaTag::property("og:locale", &ctx.locale));
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
        if let Some(d) = front.modified() {
            m.push(MetaTag::property("article:modified_time", d.rfc3339()));
        }
        for a in authors_of(c, p) {
            m.push(MetaTag::property("article:author", a));
        }
        if p.section != 0 {
            m.push(MetaTag::property("article:section", &ctx.site.sections[p.section].title));
        }
        for &t in &p.tags {
            m.push(MetaTag::property("article:tag", &ctx.site.tags[t].name));
        }
    }
    m.push(MetaTag::name("twitter:card", "summary_large_image"));
    if let Some(h) = &ctx.twitter_site {
        m.push(MetaTag::name("twitter:site", h));
    }
    if let Some(h) = f
        .page
        .and_then(|p| authors_of(c, p).iter().find_map(|a| c.social.author_handles.get(a).and_then(|h| at_handle(h))))
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
    m
}
