//! `herald check`: inspects a build without writing it. Reports every warning of the build, then
//! links and anchors that lead nowhere ([`links`]) and the SEO lint ([`lint`]), each with a rule
//! id, file and line. Lint findings are warnings; `--strict` makes every warning an error.

pub mod links;
pub mod lint;

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::pipeline::Build;
use crate::seo::Item;
use crate::site::Site;

/// Checks a successful build and returns what it found (warnings unless `strict`).
pub fn check(build: &Build, strict: bool) -> Diagnostics {
    let mut found = build.warnings.clone();
    found.extend(links::check(build));
    found.extend(lint::check(build));
    if strict {
        for d in &mut found.0 {
            d.severity = Severity::Error;
        }
    }
    found.sort();
    found
}

/// A Markdown file whose body can hold links and headings: an article or a section's
/// `_index.md`.
pub(crate) struct Body<'a> {
    pub item: Item,
    pub source: &'a crate::content::Source,
    pub rendered: &'a crate::markdown::Rendered,
    pub urls: &'a crate::site::Urls,
}

impl Body<'_> {
    /// A warning at `line` of the body (1-based, as the Markdown stage counts).
    pub fn warning(&self, code: &str, line: usize, column: usize, message: String) -> Diagnostic {
        Diagnostic::warning(&self.source.file, line + self.source.body_line - 1, column, message).with_code(code)
    }
}

/// Every article and every section with an `_index.md`.
pub(crate) fn bodies(site: &Site) -> impl Iterator<Item = Body<'_>> {
    let pages = site.pages.iter().enumerate().map(|(i, p)| Body {
        item: Item::Page(i),
        source: &p.source,
        rendered: &p.rendered,
        urls: &p.urls,
    });
    let sections = site.sections.iter().enumerate().filter_map(|(i, s)| {
        s.source.as_ref().map(|source| Body { item: Item::Section(i), source, rendered: &s.rendered, urls: &s.urls })
    });
    pages.chain(sections)
}

/// The file an item comes from, for messages about it.
pub(crate) fn origin(site: &Site, item: Item) -> PathBuf {
    match item {
        Item::Page(i) => site.pages[i].source.file.clone(),
        Item::Section(i) | Item::Pager(i, _) => {
            let s = &site.sections[i];
            s.source.as_ref().map_or_else(|| PathBuf::from("content").join(&s.folder), |src| src.file.clone())
        }
        Item::Tags | Item::Tag(_) | Item::TagPager(..) | Item::Comparisons | Item::NotFound => PathBuf::from("content"),
    }
}
