//! The SEO lint: rules with ids, each a warning (unless book.toml says otherwise) at the file and
//! line to fix.
//!
//! | rule | fires when |
//! | --- | --- |
//! | `seo/description-missing` | an article or section has no `description` |
//! | `seo/description-length` | a description is under 50 or over 160 characters |
//! | `seo/title-length` | a title is over 60 characters |
//! | `seo/duplicate-title` | two pages have the same `<title>` |
//! | `seo/duplicate-description` | two pages have the same description |
//! | `seo/image-alt` | an image has no alt text (body images, front matter `image`) |
//! | `seo/heading-h1` | the body has a `#` heading: the title is already the page's h1 |
//! | `seo/heading-skip` | a heading skips a level (an h4 right after an h2) |
//! | `seo/orphan` | no other page links to an article in its text |
//! | `seo/links-only-noindex` | an indexable page links only to `noindex` articles |
//! | `seo/noindex-in-menu` | a section in the site's menu says `noindex` |
//!
//! `seo/image-size` and `seo/image-format` come from the build itself, `links/*` from
//! [`super::links`].

use std::collections::{HashMap, HashSet};

use super::{bodies, links, origin, Body};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pipeline::Build;
use crate::seo::facts::{DESCRIPTION_MAX, DESCRIPTION_MIN, TITLE_MAX};
use crate::seo::{is_hidden, is_noindex};
use crate::site::{Item, PageId, SectionId, Site};

/// Runs every rule.
pub fn check(build: &Build) -> Diagnostics {
    check_in(build, None)
}

/// Runs every rule, reporting on `only` when given (an article or section): its own rules on
/// that one body, and the site-wide ones as far as they concern it.
pub(super) fn check_in(build: &Build, only: Option<Item>) -> Diagnostics {
    let site = &build.site;
    let mut found = Diagnostics::new();
    for body in bodies(site).filter(|b| only.is_none_or(|i| i == b.item)) {
        front_matter(site, &body, &mut found);
        images(&body, &mut found);
        headings(&body, &mut found);
    }
    duplicates(build, only, &mut found);
    let links = links_of(site);
    let ids: Vec<PageId> = match only {
        None => site.page_ids().collect(),
        Some(Item::Page(id)) => vec![id],
        Some(_) => Vec::new(),
    };
    orphans(site, &links, ids, &mut found);
    noindex_links(site, &links, only, &mut found);
    found
}

fn at_key(body: &Body<'_>, code: &str, key: &str, message: String) -> Diagnostic {
    Diagnostic::warning(&body.source.file, body.source.key_line(key), 1, message).with_code(code)
}

/// Descriptions and titles, as written in the front matter.
fn front_matter(site: &Site, body: &Body<'_>, found: &mut Diagnostics) {
    let front = &body.source.front;
    let own = front.description.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let is_home = body.item == Item::Section(SectionId::HOME);
    match own {
        None if !is_home || site.config.book.description.trim().is_empty() => found.push(
            at_key(body, "seo/description-missing", "title", "this page has no `description`: search results and link previews fall back to its first paragraph, cut".into())
                .with_help("add `description:` with one sentence of 50 to 160 characters saying what a reader learns here"),
        ),
        Some(d) => {
            let n = d.split_whitespace().collect::<Vec<_>>().join(" ").chars().count();
            if !(DESCRIPTION_MIN..=DESCRIPTION_MAX).contains(&n) {
                let (what, help) = if n < DESCRIPTION_MIN {
                    ("short", "say in a full sentence what a reader learns here")
                } else {
                    ("long", "search results cut descriptions past about 160 characters; keep the point in front")
                };
                found.push(
                    at_key(body, "seo/description-length", "description", format!("the description is {n} characters, too {what} (aim for {DESCRIPTION_MIN} to {DESCRIPTION_MAX})"))
                        .with_help(help),
                );
            }
        }
        None => {}
    }
    let n = front.title.chars().count();
    if n > TITLE_MAX && !is_home {
        found.push(
            at_key(
                body,
                "seo/title-length",
                "title",
                format!("the title is {n} characters; search results show about {TITLE_MAX}"),
            )
            .with_help("shorten it, keeping the words people search for first"),
        );
    }
}

fn images(body: &Body<'_>, found: &mut Diagnostics) {
    for img in body.rendered.checked_images().iter().filter(|i| i.alt.trim().is_empty()) {
        found.push(
            body.warning("seo/image-alt", img.line, img.column, format!("the image `{}` has no alt text", img.src))
                .with_help(
                    "describe what the image shows between the brackets: `![A chart of reach over time](chart.svg)`",
                ),
        );
    }
    let front = &body.source.front;
    let has_image = front.image.as_deref().is_some_and(|i| !i.trim().is_empty());
    if has_image && front.image_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
        found.push(
            at_key(body, "seo/image-alt", "image", "the page's `image` has no `image-alt`".into())
                .with_help("add `image-alt:` describing the image, for people who cannot see it in link previews"),
        );
    }
}

/// The title is the page's one h1; body headings start at h2 and go down one level at a time.
fn headings(body: &Body<'_>, found: &mut Diagnostics) {
    let mut previous = 1u8;
    for h in &body.rendered.headings {
        if h.level == 1 {
            found.push(
                body.warning(
                    "seo/heading-h1",
                    h.line,
                    1,
                    format!("`# {}` makes a second h1: the page's title is its h1", h.title),
                )
                .with_help("start the body's headings at `##`"),
            );
        } else if h.level > previous + 1 {
            found.push(
                body.warning(
                    "seo/heading-skip",
                    h.line,
                    1,
                    format!("this h{} follows an h{previous}, skipping a level", h.level),
                )
                .with_help(format!(
                    "make it an h{} (`{} `), or add the heading in between",
                    previous + 1,
                    "#".repeat(previous as usize + 1)
                )),
            );
        }
        previous = h.level;
    }
}

/// Pages that share a `<title>` or a description with an earlier page (drafts and other
/// unindexed pages aside): search engines show one of them and not the other. With `only`,
/// just that page's findings, which need no page after it.
fn duplicates(build: &Build, only: Option<Item>, found: &mut Diagnostics) {
    let site = &build.site;
    let indexed: Vec<(Item, &crate::seo::PageSeo)> = build.seo.items().filter(|(_, s)| !s.noindex).collect();
    for (code, what, key, value) in [
        ("seo/duplicate-title", "title", "title", (|s: &crate::seo::PageSeo| s.title.clone()) as fn(&_) -> String),
        ("seo/duplicate-description", "description", "description", |s| s.description.clone()),
    ] {
        let mut first: HashMap<String, Item> = HashMap::new();
        for &(item, seo) in &indexed {
            let v = value(seo);
            match first.get(&v) {
                None => {
                    first.insert(v, item);
                }
                Some(_) if only.is_some_and(|i| i != item) => {}
                Some(&earlier) => {
                    let file = origin(site, item);
                    let line = source_of(site, item).map_or(0, |s| s.key_line(key));
                    let message = format!("the {what} “{v}” is also the {what} of {}", origin(site, earlier).display());
                    // A section without `_index.md` has no line to point at.
                    let d = match line {
                        0 => Diagnostic::file_warning(file, message),
                        _ => Diagnostic::warning(file, line, 1, message),
                    };
                    found.push(d.with_code(code).with_help(format!("give each page a {what} of its own")));
                }
            }
            if only == Some(item) {
                break;
            }
        }
    }
}

fn source_of(site: &Site, item: Item) -> Option<&crate::content::Source> {
    match item {
        Item::Page(id) => Some(&site.page(id).source),
        Item::Section(id) => site.section(id).source.as_deref(),
        _ => None,
    }
}

/// Those of the articles `ids` that no other page links to in its text: listings aside, readers
/// and crawlers only reach them through their section.
fn orphans(site: &Site, links_of: &[(Body<'_>, Vec<PageId>)], ids: Vec<PageId>, found: &mut Diagnostics) {
    let linked: HashSet<PageId> =
        links_of.iter().flat_map(|(body, to)| to.iter().copied().filter(|&i| body.item != Item::Page(i))).collect();
    for id in ids {
        let p = site.page(id);
        if linked.contains(&id) || is_hidden(&site.config, p) {
            continue;
        }
        found.push(
            Diagnostic::warning(
                &p.source.file,
                p.source.key_line("title"),
                1,
                "no other page links to this article in its text",
            )
            .with_code("seo/orphan")
            .with_help("link to it from related articles or its section's introduction (`[text](path/to/article.md)`)"),
        );
    }
}

/// Each page's and section's body with the articles its text links to.
fn links_of(site: &Site) -> Vec<(Body<'_>, Vec<PageId>)> {
    let by_path: HashMap<&str, PageId> =
        site.page_ids().map(|id| (site.page(id).urls.path.trim_start_matches('/'), id)).collect();
    let base_path = site.config.base_path();
    bodies(site)
        .map(|body| {
            let to = body
                .rendered
                .links
                .iter()
                .filter_map(|link| links::resolve(&link.href, &body.urls.path, base_path).and_then(|t| t.path))
                .filter_map(|path| by_path.get(path.as_str()).copied())
                .collect();
            (body, to)
        })
        .collect()
}

/// An indexable page whose links to articles all lead to `noindex` ones passes crawlers on to
/// nothing they may index; a `noindex` section in the site's navigation is a menu entry
/// search engines are told to drop. With `only`, just that page's findings.
fn noindex_links(site: &Site, links_of: &[(Body<'_>, Vec<PageId>)], only: Option<Item>, found: &mut Diagnostics) {
    let c = &site.config;
    for (body, to) in links_of.iter().filter(|(b, _)| only.is_none_or(|i| i == b.item)) {
        if is_noindex(c, Some(body.source)) || body.source.front.draft || to.is_empty() {
            continue;
        }
        if to.iter().all(|&i| is_hidden(c, site.page(i))) {
            found.push(
                at_key(body, "seo/links-only-noindex", "title", format!("every article this page links to ({}) is `noindex`", to.len()))
                    .with_help("link to at least one indexable article, so crawlers can go on from here; or drop `noindex` from the linked pages' `robots`"),
            );
        }
    }
    let in_scope = |s: usize| only.is_none_or(|i| i == Item::Section(SectionId::new(s)));
    for &s in site.home().subsections.iter().filter(|&&s| in_scope(s)) {
        let section = &site.sections[s];
        if let Some(source) =
            section.source.as_deref().filter(|src| src.front.robots.as_ref().is_some_and(|r| r.noindex()))
        {
            found.push(
                Diagnostic::warning(&source.file, source.key_line("robots"), 1, format!("the section “{}” is in the site's menu but says `noindex`", section.title))
                    .with_code("seo/noindex-in-menu")
                    .with_help("menus should lead readers and crawlers to pages worth indexing: drop `noindex`, or move the section below another one"),
            );
        }
    }
}
