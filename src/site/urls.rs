//! The three forms of every URL herald writes.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::config::{base_path_of, Slugify};
use crate::content::slug::slugify;

/// Characters kept as they are in a URL path: unreserved ones, `/` and sub-delimiters.
pub const PATH_KEPT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Where a page lives, in the three forms templates and crawlers need.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Urls {
    /// Relative to the site root, for output files and matching (`/smo/what-is-smo/`).
    pub path: String,
    /// Root-relative with the base-url's sub-path, for links (`/guide/smo/what-is-smo/`).
    pub url: String,
    /// Absolute, for canonical links, feeds and sitemaps (`https://example.org/guide/smo/what-is-smo/`).
    pub permalink: String,
}

impl Urls {
    /// The URLs of `path` (which starts with `/`) on a site served from `base_url`; the links
    /// are percent-encoded (`/日本/` -> `/%E6%97%A5%E6%9C%AC/`), as sitemaps and feeds require.
    pub fn new(base_url: &str, path: &str) -> Urls {
        let encoded = utf8_percent_encode(path, PATH_KEPT).to_string();
        Urls {
            path: path.to_string(),
            url: join_url(base_path_of(base_url), &encoded),
            permalink: join_url(base_url, &encoded),
        }
    }

    /// The file this URL is written to (`smo/what-is-smo/index.html`).
    pub fn output_file(&self) -> String {
        let p = self.path.trim_start_matches('/');
        if p.is_empty() || p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p.to_string()
        }
    }
}

/// Joins a base ending in `/` and a path starting with `/`, with one slash between them.
pub fn join_url(base: &str, path: &str) -> String {
    let (base, path) = (base.trim_end_matches('/'), path.trim_start_matches('/'));
    let mut url = String::with_capacity(base.len() + 1 + path.len());
    url.push_str(base);
    url.push('/');
    url.push_str(path);
    url
}

/// The path of a section folder (`smo/nested` -> `/smo/nested/`).
pub(super) fn folder_path(folder: &str, rule: Slugify) -> String {
    let parts: Vec<String> = folder.split('/').filter(|p| !p.is_empty()).map(|p| slugify(p, rule)).collect();
    if parts.is_empty() {
        "/".into()
    } else {
        format!("/{}/", parts.join("/"))
    }
}

/// A readable title for a folder without `_index.md` (`social-ads` -> `Social ads`).
pub(super) fn title_from_folder(folder: &str) -> String {
    let last = folder.rsplit('/').next().unwrap_or(folder).replace(['-', '_'], " ");
    let mut chars = last.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The URL slug of a tag (`Open Graph` -> `open-graph`).
pub fn tag_slug(name: &str, rule: Slugify) -> String {
    slugify(name, rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_the_sub_path() {
        let u = Urls::new("https://example.org/guide/", "/smo/a/");
        assert_eq!(u.url, "/guide/smo/a/");
        assert_eq!(u.permalink, "https://example.org/guide/smo/a/");
        assert_eq!(u.output_file(), "smo/a/index.html");
        assert_eq!(Urls::new("https://example.org/", "/").output_file(), "index.html");
        let u = Urls::new("https://example.org/", "/日本/é/");
        assert_eq!(u.path, "/日本/é/");
        assert_eq!(u.url, "/%E6%97%A5%E6%9C%AC/%C3%A9/");
        assert_eq!(u.permalink, "https://example.org/%E6%97%A5%E6%9C%AC/%C3%A9/");
        assert_eq!(u.output_file(), "日本/é/index.html");
    }

    #[test]
    fn folders_and_tags_become_slugs() {
        assert_eq!(folder_path("SMO/Nested Part", Slugify::Safe), "/smo/nested-part/");
        assert_eq!(folder_path("", Slugify::Safe), "/");
        assert_eq!(folder_path("日本/記事", Slugify::Safe), "/日本/記事/");
        assert_eq!(folder_path("日本/記事", Slugify::On), "/ri-ben/ji-shi/");
        assert_eq!(title_from_folder("smo/social-ads"), "Social ads");
        assert_eq!(tag_slug("Open Graph", Slugify::Safe), "open-graph");
        assert_eq!(tag_slug("Référencement", Slugify::Safe), "référencement");
        assert_eq!(tag_slug("Référencement", Slugify::On), "referencement");
    }
}
