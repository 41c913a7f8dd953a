//! The assembly of one page's metadata from its facts: the head tags of [`meta`], the
//! structured data of [`jsonld`], share links and feeds.

use super::facts::{ArticleInputs, ConfigFacts, Facts, SiteFacts};
use super::{feed, jsonld, meta, FeedLink, PageSeo, ShareLink, SocialImage, Syndication};
use crate::site::Item;

/// The complete metadata of one page: its head tags, structured data, share links and feeds.
pub(crate) fn page_seo(ctx: &SiteFacts<'_>, item: Item, image: Option<SocialImage>) -> PageSeo {
    let feeds = match item {
        Item::Page(id) => return article_seo(&ctx.config, &ArticleInputs::new(ctx.site, id, &image)),
        Item::Section(id) | Item::Pager(id, _) => ctx.section_feeds[id.index()].clone(),
        Item::Tag(id) | Item::TagPager(id, _) => {
            let t = ctx.site.tag(id);
            let lang = ctx.site.config.language_code(t.lang);
            feed::links(&ctx.site.config, lang, Some(feed::Listing::Tag { name: &t.name, path: &t.urls.path }))
        }
        _ => ctx.section_feeds[ctx.site.homes[ctx.site.lang_of(item)]].clone(),
    };
    assemble(&ctx.config, ctx.facts(item), image, Vec::new(), feeds)
}

/// The metadata of an article, made from its [`ArticleInputs`] and the config alone: nothing
/// else is in reach, so equal inputs give equal metadata.
pub(crate) fn article_seo(config: &ConfigFacts<'_>, inputs: &ArticleInputs<'_>) -> PageSeo {
    let share = inputs.share_links(config);
    let feeds = inputs.feeds(config.config);
    assemble(config, inputs.facts(config), inputs.image().clone(), share, feeds)
}

fn assemble(
    config: &ConfigFacts<'_>,
    facts: Facts<'_>,
    image: Option<SocialImage>,
    share: Vec<ShareLink>,
    feeds: Vec<FeedLink>,
) -> PageSeo {
    let meta = meta::meta_tags(config, &facts, image.as_ref());
    let jsonld = jsonld::graph(config, &facts, image.as_ref());
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
        alternates: super::languages::alternates(&facts.versions),
    }
}
