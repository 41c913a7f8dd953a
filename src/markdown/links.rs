//! Links in the body: `.md` targets become the target article's URL; every link and image is
//! recorded for the checks.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{plain_text, Image, LineIndex, Link, RenderOptions, Rendered};
use crate::diagnostic::{did_you_mean, Diagnostic, Problem};

/// Resolves a link target written in `dir` (below `content/`) to a content path, or `None` when it
/// climbs out of `content/`. `@/x.md` and `/x.md` start at `content/`.
pub fn resolve_content_path(dir: &str, target: &str) -> Option<String> {
    let target = percent_decode(target);
    let (base, rest) = match target.strip_prefix("@/").or_else(|| target.strip_prefix('/')) {
        Some(rest) => ("", rest.to_string()),
        None => (dir, target),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Whether a link leaves the site (a scheme such as `https:` or `mailto:`) or stays in the page.
fn is_external_or_fragment(dest: &str) -> bool {
    dest.starts_with('#')
        || dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

pub(super) fn rewrite(
    events: &mut [(Event<'_>, Range<usize>)],
    opts: &RenderOptions<'_>,
    lines: &LineIndex,
    out: &mut Rendered,
    diags: &mut Vec<Diagnostic>,
) {
    for i in 0..events.len() {
        // Positions only for the events that need one: a search per event adds up on long pages.
        let at = |start: usize| lines.line_col(start);
        let start = events[i].1.start;
        if let Event::Start(Tag::Image { dest_url, .. }) = &mut events[i].0 {
            if dest_url.starts_with('/')
                && !dest_url.starts_with("//")
                && opts.base_path != "/"
                && !dest_url.starts_with(opts.base_path)
            {
                *dest_url = CowStr::from(format!("{}{dest_url}", opts.base_path.trim_end_matches('/')));
            }
        }
        match &mut events[i].0 {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let (line, column) = at(start);
                let (href, target) = resolve(dest_url, opts, line, column, diags);
                if let Some(href) = &href {
                    *dest_url = CowStr::from(href.clone());
                }
                out.links.push(Link { href: href.unwrap_or_else(|| dest_url.to_string()), target, line, column });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, column) = at(start);
                let src = dest_url.to_string();
                let end =
                    (i + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Image))).unwrap_or(i);
                let alt = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
                out.images.push(Image { src, alt, title: String::new(), figure: false, line, column });
            }
            _ => {}
        }
    }
}

/// The URL a link should carry, when it differs from what was written, and its target article.
fn resolve(
    dest: &str,
    opts: &RenderOptions<'_>,
    line: usize,
    column: usize,
    diags: &mut Vec<Diagnostic>,
) -> (Option<String>, Option<String>) {
    if is_external_or_fragment(dest) {
        return (None, None);
    }
    let (path, fragment) = dest.split_once('#').map_or((dest, None), |(p, f)| (p, Some(f)));
    let (path, query) = path.split_once('?').map_or((path, None), |(p, q)| (p, Some(q)));
    if !path.ends_with(".md") {
        // A root-relative link (`/tags/`) means the site's root, which may sit under a sub-path.
        if dest.starts_with('/') && opts.base_path != "/" && !dest.starts_with(opts.base_path) {
            return (Some(format!("{}{dest}", opts.base_path.trim_end_matches('/'))), None);
        }
        return (None, None);
    }
    let Some(target) = resolve_content_path(opts.dir, path) else {
        diags.push(
            Diagnostic::error("", line, column, Problem::LinkOutsideContent { written: dest.to_string() })
                .with_help("link to articles by their path inside content/"),
        );
        return (None, None);
    };
    match opts.links.get(&target) {
        Some(url) => {
            let mut href = url.clone();
            if let Some(q) = query {
                href.push('?');
                href.push_str(q);
            }
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            (Some(href), Some(target))
        }
        None => {
            // In order: among equally close paths the suggestion must not depend on the map's.
            let mut known: Vec<&str> = opts.links.keys().map(String::as_str).collect();
            known.sort_unstable();
            let help = match did_you_mean(&target, known) {
                Some(s) => {
                    format!("did you mean `{s}`? (paths are relative to this file, or start at content/ with `@/`)")
                }
                None => {
                    "link to an existing article's file, relative to this file or from content/ with `@/`".to_string()
                }
            };
            diags.push(
                Diagnostic::error(
                    "",
                    line,
                    column,
                    Problem::BrokenLink { written: dest.to_string(), target: target.clone(), draft: false },
                )
                .with_help(help),
            );
            (None, Some(target))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;
    use crate::markdown::render;
    use std::collections::HashMap;

    #[test]
    fn content_paths_resolve_relative_and_from_root() {
        assert_eq!(resolve_content_path("smo", "../smm/a.md").as_deref(), Some("smm/a.md"));
        assert_eq!(resolve_content_path("smo/bundle", "./b.md").as_deref(), Some("smo/bundle/b.md"));
        assert_eq!(resolve_content_path("smo", "@/seo/c.md").as_deref(), Some("seo/c.md"));
        assert_eq!(resolve_content_path("smo", "/seo/c.md").as_deref(), Some("seo/c.md"));
        assert_eq!(resolve_content_path("", "../x.md"), None);
    }

    #[test]
    fn the_suggestion_for_a_missing_link_does_not_depend_on_the_maps_order() {
        // Two paths equally close to the missing one; each new HashMap iterates in its own order.
        let suggestions: std::collections::BTreeSet<String> = (0..16)
            .map(|_| {
                let links = HashMap::from([
                    ("smo/r79.md".to_string(), "/smo/r79/".to_string()),
                    ("smo/r83.md".to_string(), "/smo/r83/".to_string()),
                ]);
                let opts = RenderOptions {
                    dir: "smo",
                    links: &links,
                    smart_punctuation: false,
                    base_path: "/",
                    highlight: true,
                    math: false,
                };
                let (_, d) = render("[a](r.md)\n", &opts);
                d[0].help.clone().unwrap_or_default()
            })
            .collect();
        assert_eq!(suggestions.len(), 1, "{suggestions:?}");
    }

    #[test]
    fn root_relative_links_get_the_sub_path() {
        let links = HashMap::new();
        let opts = RenderOptions {
            dir: "",
            links: &links,
            smart_punctuation: false,
            base_path: "/guide/",
            highlight: true,
            math: false,
        };
        let (r, _) = render("[tags](/tags/) ![x](/img/x.png) [ext](https://x.org/) [in](#a)\n", &opts);
        assert!(r.html.contains("href=\"/guide/tags/\""), "{}", r.html);
        assert_eq!(r.images[0].src, "/guide/img/x.png");
        assert!(r.html.contains("href=\"https://x.org/\"") && r.html.contains("href=\"#a\""));
    }

    #[test]
    fn md_links_become_urls_and_missing_ones_are_errors() {
        let links = HashMap::from([("smm/ads.md".to_string(), "/guide/smm/ads/".to_string())]);
        let opts = RenderOptions {
            dir: "smo",
            links: &links,
            smart_punctuation: false,
            base_path: "/",
            highlight: true,
            math: false,
        };
        let (r, d) = render("[ads](../smm/ads.md#targeting) [x](https://x.com/a.md)\n\n[gone](nope.md)\n", &opts);
        assert!(r.html.contains("href=\"/guide/smm/ads/#targeting\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://x.com/a.md\""));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].position, Some(Position::new(3, 1)));
        assert_eq!(d[0].problem.link_target(), Some("smo/nope.md"), "{}", d[0]);
    }
}
