//! The assembly of one page's metadata from its facts: the head tags of [`meta`], the
//! structured data of [`jsonld`], share links and feeds.

use super::facts::SiteFacts;
use super::{feed, jsonld, meta, share, PageSeo, SocialImage, Syndication};
use crate::site::Item;

/// The complete metadata of one page: its head tags, structured data, share links and feeds.
pub(crate) fn page_seo(ctx: &SiteFacts<'_>, item: Item, image: Option<SocialImage>) -> PageSeo {
    let facts = ctx.facts(item);
    let meta = meta::meta_tags(ctx, &facts, image.as_ref());
    let jsonld = jsonld::graph(ctx, &facts, image.as_ref());
    let share = match (facts.page, facts.urls) {
        (Some(p), Some(urls)) => share::share_links(&ctx.site.config, ctx.site, p, &urls.permalink),
        _ => Vec::new(),
    };
    let feeds = match item {
        Item::Page(id) => ctx.section_feeds[ctx.site.page(id).section].clone(),
        Item::Section(id) | Item::Pager(id, _) => ctx.section_feeds[id.index()].clone(),
        Item::Tag(id) | Item::TagPager(id, _) => feed::links(ctx.site, None, Some(id.index())),
        _ => ctx.section_feeds[0].clone(),
    };
    PageSeo {
        canonical: facts.canonical.map(str::to_string),
        syndication: facts
            .syndicated_to
            .iter()
            .map(|u| Syndication { url: u.0.clone(), site: u.host().to_string() })
            .collect(),
        robots: Some(facts.robots.to_string()).filter(|r| !r.is_empty()),
        noindex: facts.noindex,
        title: facts.title,
        description: facts.description,
        meta,
        jsonld,
        share,
        feeds,
        image,
    }
}
