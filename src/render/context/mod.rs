//! The data each template sees, as typed values: every variable of every template is a field of
//! one of these structs, documented once here (the README's template reference lists them).
//!
//! Contexts borrow from the site model instead of copying it, and derive `Hash`: the hash of a
//! template's whole context is the key by which the preview decides whether its output can be
//! reused (see [`crate::cache::key`]). They stay lean: a page's context holds what the page shows, and
//! article summaries carry only the fields some listing template names (see [`Fields`]), which
//! keeps listings of ten thousand articles cheap to build, to hash and to render.

mod article;
mod author;
mod listing;

use std::borrow::Cow;

use serde::Serialize;

pub use article::{
    page_links, summaries, BacklinkContext, Day, Fields, File, Listing, PageContext, PageFields, SummaryContext, Toc,
    SUMMARY_FIELDS,
};
pub use author::{AuthorContext, AuthorEntry, AuthorPageContext, AuthorsContext, Profile};
pub use listing::{recent, tags, Pager, Paginator, SectionContext, SubsectionContext, TagContext, TagCount};

use crate::cache::key::{ById, BySerde, Hashed};
use crate::config::Social;
use crate::content::data::Data;
use crate::seo::{FollowLink, PageSeo};
use crate::site::{Page, Section, Site, Urls, TAGS_PATH};

/// `site`: the config values templates print.
#[derive(Serialize, Hash)]
pub struct SiteContext<'a> {
    /// `[book] title` (or the page's language's `title`).
    pub title: &'a str,
    /// `[book] description` (or the page's language's `description`).
    pub description: &'a str,
    /// `[book] authors`.
    pub authors: &'a [String],
    /// The page's language: `[book] language`, or the code of `[languages.<code>]`.
    pub language: &'a str,
    /// The direction the language is written in, `ltr` or `rtl` (Arabic, Hebrew, ...), for
    /// `<html dir>`.
    pub dir: &'static str,
    /// `[site] base-url`.
    pub base_url: &'a str,
    /// The base-url's path, `/` or `/guide/`.
    pub base_path: &'a str,
    /// The home page's URL (of the page's language).
    pub url: &'a str,
    /// The page's language as a locale (`fr_FR`), for `date(locale=site.locale)`.
    pub locale: String,
    /// The tag index's URL.
    pub tags_url: String,
    /// The `[social]` table.
    pub social: BySerde<'a, Social>,
    /// The comparisons hub's URL, when the site has one.
    pub comparisons_url: Option<String>,
    /// The search page's URL, when search is on and the theme has a search page.
    pub search_url: Option<String>,
    /// `[markdown] highlight`: whether pages link the code highlighting stylesheet.
    pub highlight: bool,
}

/// What every template's context holds, made once per build.
#[derive(Serialize, Hash)]
pub struct Common<'a> {
    /// The config values.
    pub site: SiteContext<'a>,
    /// The top-level sections.
    pub nav: Vec<Link<'a>>,
    /// The site's profiles.
    pub follow: BySerde<'a, [FollowLink]>,
    /// The data files, by stem (`data.prices`); left out unless a page template names `data`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<BySerde<'a, Data>>,
}

impl<'a> Common<'a> {
    /// The common values of the pages of language `lang`; `comparisons_url` when the site has a
    /// hub.
    pub fn new(
        site: &'a Site,
        lang: usize,
        follow: &'a [FollowLink],
        comparisons_url: Option<String>,
        search_url: Option<String>,
        data: Option<&'a Data>,
    ) -> Hashed<Common<'a>> {
        let c = &site.config;
        let home = site.home_of(lang);
        let code = c.language_codes()[lang];
        let site_context = SiteContext {
            title: c.title_in(code),
            description: c.description_in(code),
            authors: &c.book.authors,
            language: code,
            dir: crate::config::language::direction(code),
            locale: date_locale(code),
            base_url: &c.site.base_url,
            base_path: c.base_path(),
            url: &home.urls.url,
            tags_url: site.urls_in(lang, TAGS_PATH).url,
            social: BySerde(&c.social),
            comparisons_url,
            search_url,
            highlight: c.markdown.highlight,
        };
        let nav = home.subsections.iter().map(|&s| Link::section(&site.sections[s])).collect();
        Hashed::new(Common { site: site_context, nav, follow: BySerde(follow), data: data.map(BySerde) })
    }
}

// --- languages ---
/// The locale dates of language `code` are written in (`fr_FR`): its Open Graph locale when
/// the date formatter knows it, else `en_US`.
fn date_locale(code: &str) -> String {
    let locale = crate::seo::og_locale(code);
    match chrono::Locale::try_from(locale.as_str()) {
        Ok(_) => locale,
        Err(_) => "en_US".into(),
    }
}

/// A version of the page in another language, for the language switcher.
#[derive(Serialize, Hash)]
pub struct TranslationLink<'a> {
    /// Its language code, for `hreflang` and `lang`.
    pub lang: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its URL.
    pub url: &'a str,
}

/// The links to the translations `others` (`(language, title, URLs)`).
pub(super) fn translation_links<'a>(
    site: &'a Site,
    others: impl Iterator<Item = (usize, &'a str, &'a Urls)>,
) -> Vec<TranslationLink<'a>> {
    others
        .map(|(lang, title, urls)| TranslationLink { lang: site.config.language_code(lang), title, url: &urls.url })
        .collect()
}
// --- end languages ---

/// A link to a section or an article.
#[derive(Serialize, Hash, Clone)]
pub struct Link<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its `short-title`, or its title.
    pub short_title: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// Its path, `/smo/`.
    pub path: &'a str,
}

impl<'a> Link<'a> {
    fn section(s: &'a Section) -> Link<'a> {
        Link { title: &s.title, short_title: s.short_title(), url: &s.urls.url, path: &s.urls.path }
    }

    pub(super) fn page(p: &'a Page) -> Link<'a> {
        Link { title: p.title(), short_title: p.short_title(), url: &p.urls.url, path: &p.urls.path }
    }
}

/// A tag of an article.
#[derive(Serialize, Hash)]
pub struct TagLink<'a> {
    /// The tag as written.
    pub name: &'a str,
    /// Its slug.
    pub slug: &'a str,
    /// Its page's URL.
    pub url: &'a str,
}

/// One step of a page's breadcrumbs: the sections above it, then the page itself (with title
/// and URL only).
#[derive(Serialize, Hash)]
pub struct Breadcrumb<'a> {
    /// The title.
    pub title: Cow<'a, str>,
    /// The short title, for sections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_title: Option<&'a str>,
    /// The URL.
    pub url: Cow<'a, str>,
    /// The path, for sections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Cow<'a, str>>,
}

impl<'a> Breadcrumb<'a> {
    fn link(l: Link<'a>) -> Breadcrumb<'a> {
        Breadcrumb {
            title: l.title.into(),
            short_title: Some(l.short_title),
            url: l.url.into(),
            path: Some(l.path.into()),
        }
    }

    /// The last step: the page itself.
    pub fn current(title: impl Into<Cow<'a, str>>, url: impl Into<Cow<'a, str>>) -> Breadcrumb<'a> {
        Breadcrumb { title: title.into(), short_title: None, url: url.into(), path: None }
    }
}

/// Home, then each section down to (and including, unlinked) the current item.
pub(super) fn breadcrumbs<'a>(site: &'a Site, section: usize, current: Option<Breadcrumb<'a>>) -> Vec<Breadcrumb<'a>> {
    let mut crumbs: Vec<Breadcrumb> =
        site.ancestry(section).into_iter().map(|s| Breadcrumb::link(Link::section(&site.sections[s]))).collect();
    crumbs.extend(current);
    crumbs
}

/// The context of `page.html` (or an article's own `template`).
#[derive(Serialize, Hash)]
pub struct PageTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata, when the template reads it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seo: Option<ById<'a, PageSeo>>,
    /// The article.
    pub page: PageContext<'a>,
    /// The page's path.
    pub current_path: &'a str,
}

/// The context of `index.html` (home) and `section.html`.
#[derive(Serialize, Hash)]
pub struct SectionTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// The section.
    pub section: SectionContext<'a>,
    /// The listing's pages, or null.
    pub paginator: Option<Paginator<'a>>,
    /// The page's path.
    pub current_path: &'a str,
    /// The newest articles (home only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recent: Option<Listing<'a>>,
}

/// The context of `tags.html`.
#[derive(Serialize, Hash)]
pub struct TagsTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// Every tag.
    pub tags: Vec<TagCount<'a>>,
    /// The page's path.
    pub current_path: &'a str,
    /// The tag index of each other language, for the language switcher.
    pub translations: Vec<TranslationLink<'a>>,
}

/// The context of `tag.html`.
#[derive(Serialize, Hash)]
pub struct TagTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// The tag.
    pub tag: TagContext<'a>,
    /// The listing's pages, or null.
    pub paginator: Option<Paginator<'a>>,
    /// The page's path.
    pub current_path: &'a str,
}

/// The context of `comparisons.html`.
#[derive(Serialize, Hash)]
pub struct HubTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// Every table of the site.
    pub comparisons: &'a super::comparisons::HubContext<'a>,
    /// The page's path.
    pub current_path: &'a str,
}

/// The context of `404.html`.
#[derive(Serialize, Hash)]
pub struct NotFoundTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// The page's path.
    pub current_path: &'a str,
    /// The same page of each other language, for the language switcher.
    pub translations: Vec<TranslationLink<'a>>,
}

/// The context of `author.html`.
#[derive(Serialize, Hash)]
pub struct AuthorTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// The author and their articles.
    pub author: AuthorPageContext<'a>,
    /// The page's path.
    pub current_path: &'a str,
}

/// The context of `authors.html`.
#[derive(Serialize, Hash)]
pub struct AuthorsTemplate<'a> {
    /// `site`, `nav`, `follow`.
    #[serde(flatten)]
    pub common: &'a Hashed<Common<'a>>,
    /// The page's metadata.
    pub seo: BySerde<'a, PageSeo>,
    /// Every author.
    pub authors: AuthorsContext<'a>,
    /// The page's path.
    pub current_path: &'a str,
}

/// `search.html`'s context: the same values as the 404 page's.
pub type SearchTemplate<'a> = NotFoundTemplate<'a>;

/// What `tera::Context` receives, for any template.
// One lives per job while it renders: boxing the article's would cost an allocation per page.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, Hash)]
#[serde(untagged)]
pub enum TemplateContext<'a> {
    /// An article.
    Page(PageTemplate<'a>),
    /// Home or a section.
    Section(SectionTemplate<'a>),
    /// The tag index.
    Tags(TagsTemplate<'a>),
    /// A tag.
    Tag(TagTemplate<'a>),
    /// The comparisons hub.
    Hub(HubTemplate<'a>),
    /// The 404 page.
    NotFound(NotFoundTemplate<'a>),
    /// The search page.
    Search(SearchTemplate<'a>),
    /// An author's page.
    Author(AuthorTemplate<'a>),
    /// The index of authors.
    Authors(AuthorsTemplate<'a>),
}

#[cfg(test)]
pub(super) mod tests {
    use std::path::Path;

    use super::*;

    /// The site this repository ships.
    pub fn bundled_site() -> Site {
        bundled_site_with(|_| {})
    }

    /// The site this repository ships, with its config changed by `change`.
    pub fn bundled_site_with(change: impl FnOnce(&mut crate::config::Config)) -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut config = crate::config::Config::load(root).expect("the bundled book.toml loads");
        change(&mut config);
        let (content, _) = crate::content::load(root);
        Site::build(config, root.to_path_buf(), content, Default::default()).0
    }

    #[test]
    fn summary_fields_name_every_field_of_a_summary() {
        let site = bundled_site();
        let all = Fields([true; SUMMARY_FIELDS.len()]);
        let v = serde_json::to_value(SummaryContext::new(&site, &site.pages[0], all)).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut names = SUMMARY_FIELDS.to_vec();
        names.sort_unstable();
        assert_eq!(keys, names);
        let none = serde_json::to_value(SummaryContext::new(&site, &site.pages[0], Fields([false; 14]))).unwrap();
        assert_eq!(none, serde_json::json!({}), "fields no template names are left out");
    }
}
