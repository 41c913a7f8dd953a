//! `herald check`: inspects a build without writing it: every error of the build, then links to
//! anchors that no heading of the target page has.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pipeline::Build;

/// Checks a successful build and returns what it found (warnings unless `strict`).
pub fn check(build: &Build, strict: bool) -> Diagnostics {
    let site = &build.site;
    let mut found = build.warnings.clone();
    let ids: HashMap<&str, HashSet<&str>> = site
        .pages
        .iter()
        .map(|p| (p.source.rel.as_str(), p.rendered.headings.iter().map(|h| h.id.as_str()).collect()))
        .collect();
    for page in &site.pages {
        for link in &page.rendered.links {
            let (Some(target), Some(fragment)) = (&link.target, link.href.split_once('#').map(|(_, f)| f)) else {
                continue;
            };
            if let Some(known) = ids.get(target.as_str()) {
                if !known.contains(fragment) {
                    found.push(
                        Diagnostic::warning(&page.source.file, link.line + page.source.body_line - 1, link.column, format!("the link `{}` points at `#{fragment}`, which no heading of content/{target} has", link.href))
                            .with_code("links/anchor")
                            .with_help("heading ids are the heading's text in lowercase with hyphens for spaces; or set one with `## Heading {#id}`"),
                    );
                }
            }
        }
    }
    if strict {
        for d in &mut found.0 {
            d.severity = crate::diagnostic::Severity::Error;
        }
    }
    found.sort();
    found
}
