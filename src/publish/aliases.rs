//! Old URLs of moved articles (front matter `aliases`): a small redirect page at each, and the
//! list of them for hosts that answer with a real 301.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::escape::{escape_href, escape_html};
use crate::output::{Bytes, Output};
use crate::site::{join_url, Site};

/// One redirect: the old path (from the site root) and the new URL (root-relative, with the
/// base-url's sub-path).
pub struct Redirect {
    pub from: String,
    pub to: String,
}

/// An alias as a path from the site root, the same way whatever its spelling: `/a/./b//` and
/// `a/b/` are both `/a/b/`. `None` for what is no path of the site (a URL, `..`, a backslash).
pub fn normalize_alias(alias: &str) -> Option<String> {
    let alias = alias.trim();
    if alias.contains("://") || alias.contains('\\') || alias.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    for part in alias.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    let last_is_file = parts.last().is_some_and(|p| p.ends_with(".html") || p.ends_with(".htm"));
    let trailing = if parts.is_empty() || last_is_file { "" } else { "/" };
    Some(format!("/{}{trailing}", parts.join("/")))
}

/// The output file for an alias: `/old/` and `/old` give `old/index.html`, `/old.html` stays.
pub fn alias_output_path(alias: &str) -> String {
    let path = normalize_alias(alias).unwrap_or_else(|| alias.to_string());
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The page left at an old URL: it sends browsers on at once, tells crawlers where the page is
/// now (canonical) and keeps the old URL out of the index.
pub fn redirect_page(language: &str, title: &str, permalink: &str) -> String {
    let (lang, title, href) = (escape_html(language), escape_html(title), escape_html(&escape_href(permalink)));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Moved: {title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{href}\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{href}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}

/// Writes a redirect page for every alias; an alias that would replace a real page, or that two
/// pages claim, is an error at its line.
pub(super) fn add_redirect_pages(site: &Site, output: &mut Output, diags: &mut Diagnostics) -> Vec<Redirect> {
    let mut redirects = Vec::new();
    let mut claimed: std::collections::BTreeMap<String, &std::path::Path> = Default::default();
    for page in &site.pages {
        for alias in &page.source.front.aliases {
            let line = page.source.yaml.lines().position(|l| l.contains(alias.as_str())).map_or(1, |i| i + 2);
            let at = |msg: String| Diagnostic::error(&page.source.file, line, 1, msg);
            let Some(path) = normalize_alias(alias) else {
                diags.push(
                    at(format!("the alias `{alias}` is not a path of this site"))
                        .with_help("write old URLs as paths from the site root, e.g. `/smo/old-name/`"),
                );
                continue;
            };
            let file = alias_output_path(&path);
            if file == page.urls.output_file() {
                diags.push(
                    at(format!("the alias `{alias}` is this page's own URL, `{path}`: it would redirect to itself"))
                        .with_help("remove the alias"),
                );
                continue;
            }
            if let Some(other) = claimed.get(&file) {
                diags.push(
                    at(format!("the alias `{alias}` is also claimed by {}", other.display()))
                        .with_help("an old URL can lead to one page only"),
                );
                continue;
            }
            if output.contains(&file) {
                diags.push(
                    at(format!("the alias `{alias}` is the URL of a page of the site, `{path}`"))
                        .with_help("remove the alias, or move the page that lives there"),
                );
                continue;
            }
            claimed.insert(file.clone(), &page.source.file);
            output.insert(
                file,
                Bytes::from(redirect_page(&site.config.book.language, page.title(), &page.urls.permalink).into_bytes()),
            );
            redirects.push(Redirect { from: join_url(site.config.base_path(), &path), to: page.urls.url.clone() });
        }
    }
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
    redirects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths_become_index_files() {
        assert_eq!(alias_output_path("/old/url/"), "old/url/index.html");
        assert_eq!(alias_output_path("old/url"), "old/url/index.html");
        assert_eq!(alias_output_path("/old.html"), "old.html");
        assert_eq!(alias_output_path("/./"), "index.html");
        assert_eq!(alias_output_path("/a/./b//c"), "a/b/c/index.html");
    }

    #[test]
    fn aliases_are_normalized_and_what_leaves_the_site_is_refused() {
        assert_eq!(normalize_alias("//a/./b/").as_deref(), Some("/a/b/"));
        assert_eq!(normalize_alias(" a/b.html").as_deref(), Some("/a/b.html"));
        assert_eq!(normalize_alias("/./").as_deref(), Some("/"));
        for bad in ["/a/../../etc/", "https://x.org/a/", "a\\b", "  "] {
            assert_eq!(normalize_alias(bad), None, "{bad}");
        }
    }

    #[test]
    fn redirect_pages_escape_and_point_at_the_new_url() {
        let html = redirect_page("en", "A & \"B\"", "https://example.org/new/");
        assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/new/\">"));
        assert!(html.contains("content=\"0; url=https://example.org/new/\""));
        assert!(html.contains("Moved: A &amp; &quot;B&quot;"));
        assert!(html.contains("noindex"));
    }
}
