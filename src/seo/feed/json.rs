//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>), built with serde_json from ordered
//! structs so that output is byte-identical between runs.

use serde::Serialize;

use super::{absolute_links, full_html, summary, Feed, Format};
use crate::seo::authors_of;

#[derive(Serialize)]
struct Document<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    language: &'a str,
    authors: Vec<Author<'a>>,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    /// The full article with `content = "full"`, else its summary.
    content_html: String,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    date_modified: String,
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
}

/// The JSON Feed document of `feed`.
pub(super) fn write(feed: &Feed<'_>) -> String {
    let site = feed.site;
    let c = &site.config;
    let items = feed
        .pages
        .iter()
        .filter_map(|&i| {
            let p = &site.pages[i];
            let date = p.source.front.date?;
            Some(Item {
                id: &p.urls.permalink,
                url: &p.urls.permalink,
                title: p.title(),
                content_html: full_html(site, p)
                    .unwrap_or_else(|| absolute_links(&p.rendered.summary_html, &p.urls.permalink)),
                summary: summary(p),
                image: feed.image(i).map(|img| img.url.as_str()),
                date_published: date.rfc3339(),
                date_modified: p.source.front.modified().unwrap_or(date).rfc3339(),
                authors: authors_of(site, p).into_iter().map(|a| Author { name: a }).collect(),
                tags: p.tags.iter().map(|&t| site.tags[t].name.as_str()).collect(),
            })
        })
        .collect();
    let doc = Document {
        version: "https://jsonfeed.org/version/1.1",
        title: &feed.title,
        home_page_url: feed.home,
        feed_url: feed.self_url(Format::Json),
        description: Some(feed.description()).filter(|d| !d.is_empty()),
        language: feed.lang,
        authors: c.book.authors.first().map(|a| Author { name: a }).into_iter().collect(),
        items,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
