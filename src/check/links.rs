//! Links and images of every body that lead nowhere in the built site (`links/broken`), and
//! `#anchors` that the target page does not have (`links/anchor`). Links to other Markdown
//! files were resolved (or refused) by the build; this follows every link to the output itself,
//! so it also catches links written as URLs, to static files and within the page.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{bodies, Body};
use crate::diagnostic::Diagnostics;
use crate::pipeline::Build;
use crate::site::Item;

/// Runs both rules over every article and section body. Pages that the build wrote to disk
/// instead of keeping in memory are read from `written` (the folder it wrote them to).
pub fn check(build: &Build, written: Option<&Path>) -> Diagnostics {
    check_in(build, written, None)
}

/// [`check`], over the body of `only` when given.
pub(super) fn check_in(build: &Build, written: Option<&Path>, only: Option<Item>) -> Diagnostics {
    let site = &build.site;
    let base_path = site.config.base_path();
    let mut found = Diagnostics::new();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    for body in bodies(site).filter(|b| only.is_none_or(|i| i == b.item)) {
        let refs = body.rendered.links.iter().map(|l| (l.href.as_str(), l.line, l.column, true));
        let images = body.rendered.checked_images();
        let images = images.iter().map(|i| (i.src.as_str(), i.line, i.column, false));
        for (href, line, column, is_link) in refs.chain(images) {
            let Some(target) = resolve(href, &body.urls.path, base_path) else { continue };
            let Some(file) = target.path.as_deref().and_then(|p| output_file(build, p)) else {
                let what = if is_link { "link" } else { "image" };
                let msg = match &target.path {
                    Some(p) => format!("the {what} `{href}` leads to `/{p}`, which the site does not have"),
                    None => format!("the {what} `{href}` leads outside the site's base-url `{base_path}`"),
                };
                found.push(body.warning("links/broken", line, column, msg).with_help(
                    "link to articles by their Markdown file (`../smo/hashtags.md`), to bundle files by name, and to static/ files from the site root",
                ));
                continue;
            };
            let Some(fragment) = target.fragment.filter(|f| !f.is_empty() && is_link) else { continue };
            if !file.ends_with(".html") {
                continue;
            }
            let known = ids.entry(file.clone()).or_insert_with(|| html_ids(&page_bytes(build, written, &file)));
            let fragment = percent_decode(fragment);
            if !known.contains(&fragment) {
                found.push(anchor_warning(&body, href, &fragment, &file, line, column));
            }
        }
    }
    found
}

fn anchor_warning(
    body: &Body<'_>,
    href: &str,
    fragment: &str,
    file: &str,
    line: usize,
    column: usize,
) -> crate::Diagnostic {
    let page = file.strip_suffix("index.html").unwrap_or(file);
    body.warning(
        "links/anchor",
        line,
        column,
        format!("the link `{href}` points at `#{fragment}`, which `/{page}` does not have"),
    )
    .with_help(
        "heading ids are the heading's text made a slug by `[site] slugify` (lowercase, hyphens between words); or set one with `## Heading {#id}`",
    )
}

/// Where a reference leads: an output path below the site (`None` when it leaves the base-url)
/// and a fragment.
pub(super) struct Target<'h> {
    pub path: Option<String>,
    pub fragment: Option<&'h str>,
}

/// Resolves `href` as written in the page at `page_path` (`/smo/a/`); `None` for external
/// links (with a scheme or `//`), which are not followed.
pub(super) fn resolve<'h>(href: &'h str, page_path: &str, base_path: &str) -> Option<Target<'h>> {
    if href.starts_with("//") || href.split_once(':').is_some_and(|(s, _)| !s.is_empty() && !s.contains('/')) {
        return None;
    }
    let (rest, fragment) = href.split_once('#').map_or((href, None), |(p, f)| (p, Some(f)));
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    let site_path = if path.is_empty() {
        page_path.trim_start_matches('/').to_string()
    } else if let Some(abs) = path.strip_prefix('/') {
        match format!("/{abs}").strip_prefix(base_path) {
            Some(p) => p.to_string(),
            None if format!("/{abs}/") == base_path => String::new(),
            None => return Some(Target { path: None, fragment }),
        }
    } else {
        let mut parts: Vec<&str> = page_path.split('/').filter(|p| !p.is_empty()).collect();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        let joined = parts.join("/");
        if path.ends_with('/') && !joined.is_empty() {
            format!("{joined}/")
        } else {
            joined
        }
    };
    Some(Target { path: Some(percent_decode(&site_path)), fragment })
}

/// The output file a site path is served from: the file itself, or a folder's `index.html`.
pub(super) fn output_file(build: &Build, path: &str) -> Option<String> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates.into_iter().find(|c| build.output.contains(c))
}

pub(super) fn page_bytes<'b>(build: &'b Build, written: Option<&Path>, file: &str) -> Cow<'b, [u8]> {
    match build.output.get(file) {
        Some(bytes) => Cow::Borrowed(&bytes[..]),
        None => Cow::Owned(written.and_then(|dir| std::fs::read(dir.join(file)).ok()).unwrap_or_default()),
    }
}

/// Every `id` (and `name`) attribute of an HTML page, read by an HTML5 tokenizer: attributes
/// quoted or not (minified pages drop the quotes), character references decoded, and nothing
/// taken from comments, scripts or text that merely looks like an attribute.
fn html_ids(html: &[u8]) -> HashSet<String> {
    let mut ids = HashSet::new();
    // Switching states on `<script>`, `<style>` and the like (a tree builder's job, which a page
    // as simple as ours does not otherwise need) keeps their text from being read as tags.
    let mut emitter = html5gum::DefaultEmitter::default();
    emitter.naively_switch_states(true);
    for token in html5gum::Tokenizer::new_with_emitter(html, emitter).flatten() {
        if let html5gum::Token::StartTag(tag) = token {
            for attr in [&b"id"[..], &b"name"[..]] {
                if let Some(value) = tag.attributes.get(attr) {
                    ids.insert(String::from_utf8_lossy(&value.value).into_owned());
                }
            }
        }
    }
    ids
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_against_the_page_and_base_path() {
        let t = resolve("../b/#x", "/smo/a/", "/").unwrap();
        assert_eq!((t.path.as_deref(), t.fragment), (Some("smo/b/"), Some("x")));
        assert_eq!(resolve("chart.svg", "/smo/a/", "/").unwrap().path.as_deref(), Some("smo/a/chart.svg"));
        assert_eq!(resolve("/guide/smm/", "/smo/a/", "/guide/").unwrap().path.as_deref(), Some("smm/"));
        assert_eq!(resolve("/other/", "/smo/a/", "/guide/").unwrap().path, None);
        assert_eq!(resolve("#top", "/smo/a/", "/").unwrap().path.as_deref(), Some("smo/a/"));
        assert!(resolve("https://x.org/", "/", "/").is_none());
        assert!(resolve("mailto:a@b.c", "/", "/").is_none());
    }

    #[test]
    fn ids_are_read_from_html() {
        let ids = html_ids(
            b"<h2 id=\"a-b\">x</h2><a name=\"old\"></a><p id=\"q&amp;a\"><h3 id=bare>y</h3><b id='s q'><i\nid=\"nl\"><p data-x=1 ID=\"Upper\">",
        );
        for id in ["a-b", "old", "q&a", "bare", "s q", "nl", "Upper"] {
            assert!(ids.contains(id), "{id} in {ids:?}");
        }
    }

    #[test]
    fn text_that_looks_like_an_id_is_not_one() {
        let ids = html_ids(
            b"<!-- <h2 id=\"commented\"> --><p>write id=\"prose\" in text</p><script>let s = '<b id=\"in-script\">';</script><p data-id=\"data\">",
        );
        assert!(ids.is_empty(), "{ids:?}");
    }
}
