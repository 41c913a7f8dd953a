//! The SEO of translations: each page's versions in the site's languages, as `hreflang`
//! alternates (with `x-default`, the default language's version), Open Graph locales, JSON-LD
//! translation links and sitemap alternates.

use serde::Serialize;

use super::{is_hidden, is_noindex};
use crate::site::{Site, Urls};

/// One version of a page: its language and absolute URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Version<'a> {
    /// An index into [`Config::language_codes`](crate::config::Config::language_codes).
    pub lang: usize,
    pub code: &'a str,
    pub permalink: &'a str,
}

/// A `<link rel="alternate" hreflang>` of a page, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternate {
    /// The language code, or `x-default`.
    pub hreflang: String,
    /// The absolute URL of that version.
    pub href: String,
}

/// The versions of a page (or section) in language `lang` at `urls` whose translations are
/// `others` (`(language, URLs)`): itself and them, in language order; empty without
/// translations.
fn versions<'a>(
    site: &'a Site,
    lang: usize,
    urls: &'a Urls,
    others: impl Iterator<Item = (usize, &'a Urls)>,
) -> Vec<Version<'a>> {
    let mut all: Vec<Version> = others
        .map(|(lang, urls)| Version { lang, code: site.config.language_code(lang), permalink: &urls.permalink })
        .collect();
    if all.is_empty() {
        return all;
    }
    all.push(Version { lang, code: site.config.language_code(lang), permalink: &urls.permalink });
    all.sort_by_key(|v| v.lang);
    all
}

/// The versions of article `page`. Only pages search engines may index take part: Google
/// ignores an `hreflang` set that names a `noindex` page or a draft, so a hidden article has no
/// versions and is no version of the others.
pub(crate) fn page_versions(site: &Site, page: usize) -> Vec<Version<'_>> {
    let p = &site.pages[page];
    if is_hidden(&site.config, p) {
        return Vec::new();
    }
    let shown = p.translations.iter().filter(|&&t| !is_hidden(&site.config, &site.pages[t]));
    versions(site, p.lang, &p.urls, shown.map(|&t| (site.pages[t].lang, &site.pages[t].urls)))
}

/// The versions of section `section`, of those not `noindex`.
pub(crate) fn section_versions(site: &Site, section: usize) -> Vec<Version<'_>> {
    let s = &site.sections[section];
    let hidden = |s: &crate::site::Section| is_noindex(&site.config, s.source.as_deref());
    if hidden(s) {
        return Vec::new();
    }
    let shown = s.translations.iter().filter(|&&t| !hidden(&site.sections[t]));
    versions(site, s.lang, &s.urls, shown.map(|&t| (site.sections[t].lang, &site.sections[t].urls)))
}

/// The versions of a page herald makes in every language (the tag index, the 404 and search
/// pages) at `urls`, by language: one per language, empty on a site with one.
pub(crate) fn every_language<'a>(site: &'a Site, urls: &'a [Urls]) -> Vec<Version<'a>> {
    if urls.len() < 2 {
        return Vec::new();
    }
    let version = |(lang, urls): (usize, &'a Urls)| Version {
        lang,
        code: site.config.language_code(lang),
        permalink: &urls.permalink,
    };
    urls.iter().enumerate().map(version).collect()
}

/// The `hreflang` links of a page with these versions: each version, then `x-default` (the
/// default language's version, when there is one).
pub(crate) fn alternates(versions: &[Version<'_>]) -> Vec<Alternate> {
    let each = versions.iter().map(|v| Alternate { hreflang: v.code.to_string(), href: v.permalink.to_string() });
    let default = versions
        .iter()
        .find(|v| v.lang == 0)
        .map(|v| Alternate { hreflang: "x-default".into(), href: v.permalink.to_string() });
    each.chain(default).collect()
}
