//! The three forms of every URL herald writes.

use serde::Serialize;

use crate::config::base_path_of;

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
    /// The URLs of `path` (which starts with `/`) on a site served from `base_url`.
    pub fn new(base_url: &str, path: &str) -> Urls {
        Urls {
            path: path.to_string(),
            url: join_url(base_path_of(base_url), path),
            permalink: join_url(base_url, path),
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
pub(super) fn folder_path(folder: &str) -> String {
    let parts: Vec<String> = folder.split('/').filter(|p| !p.is_empty()).map(slug::slugify).collect();
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
pub fn tag_slug(name: &str) -> String {
    slug::slugify(name)
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
    }

    #[test]
    fn folders_and_tags_become_slugs() {
        assert_eq!(folder_path("SMO/Nested Part"), "/smo/nested-part/");
        assert_eq!(folder_path(""), "/");
        assert_eq!(title_from_folder("smo/social-ads"), "Social ads");
        assert_eq!(tag_slug("Open Graph"), "open-graph");
    }
}
