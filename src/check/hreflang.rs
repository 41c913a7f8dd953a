//! `seo/hreflang`: the translations of a page must name each other. Google ignores an
//! `hreflang` link that the page it points to does not return, so a template that leaves
//! `seo.alternates` out of one page's head breaks the set of all its translations. This reads
//! the built pages, so it sees what crawlers see.

use std::collections::HashMap;

use super::bodies;
use super::links::{output_file, page_bytes};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pipeline::Build;
use crate::site::{Item, NOT_FOUND_PATH, SEARCH_PATH, TAGS_PATH};

/// The rule over every article and section with translations (or over `only`).
pub(super) fn check_in(build: &Build, only: Option<Item>) -> Diagnostics {
    let site = &build.site;
    let mut found = Diagnostics::new();
    if site.homes.len() < 2 {
        return found;
    }
    let mut read: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let has_translations = |item: Item| match item {
        Item::Page(id) => !crate::seo::languages::page_versions(site, id.index()).is_empty(),
        Item::Section(id) => !crate::seo::languages::section_versions(site, id.index()).is_empty(),
        _ => false,
    };
    let articles = bodies(site).filter(|b| has_translations(b.item)).map(|b| Subject {
        item: b.item,
        permalink: b.urls.permalink.clone(),
        file: b.source.file.clone(),
    });
    // The pages herald makes in every language name each other too.
    let generated = site.langs().flat_map(|lang| {
        [(Item::Tags(lang), TAGS_PATH), (Item::NotFound(lang), NOT_FOUND_PATH), (Item::Search(lang), SEARCH_PATH)].map(
            |(item, path)| {
                let urls = site.urls_in(lang, path);
                Subject { item, file: urls.output_file().into(), permalink: urls.permalink }
            },
        )
    });
    for subject in articles.chain(generated).filter(|s| only.is_none_or(|i| i == s.item)) {
        let path = subject.permalink.strip_prefix(&site.config.site.base_url).unwrap_or_default();
        let Some(own_file) = output_file(build, path) else { continue };
        let own =
            read.entry(own_file.clone()).or_insert_with(|| alternates(&page_bytes(build, None, &own_file))).clone();
        if own.is_empty() {
            found.push(error(&subject, "this page has translations but no `hreflang` links".into()));
            continue;
        }
        for (lang, href) in own.iter().filter(|(l, h)| l != "x-default" && *h != subject.permalink) {
            let Some(file) = href.strip_prefix(&site.config.site.base_url).and_then(|p| output_file(build, p)) else {
                found.push(error(&subject, format!("its `hreflang=\"{lang}\"` link leads to `{href}`, which is no page of the site (links must be absolute)")));
                continue;
            };
            let theirs = read.entry(file.clone()).or_insert_with(|| alternates(&page_bytes(build, None, &file)));
            if !theirs.iter().any(|(_, h)| *h == subject.permalink) {
                found.push(error(
                    &subject,
                    format!("its translation `{href}` (`hreflang=\"{lang}\"`) does not link back to it"),
                ));
            }
        }
    }
    found
}

/// A page whose `hreflang` set is checked: the file it is made from (an output file for the
/// pages herald makes) and its absolute URL.
struct Subject {
    item: Item,
    permalink: String,
    file: std::path::PathBuf,
}

fn error(subject: &Subject, message: String) -> Diagnostic {
    Diagnostic::file_error(&subject.file, message).with_code("seo/hreflang").with_help(
        "print `seo.alternates` as `<link rel=\"alternate\" hreflang>` in the head of every template (the default theme's partials/head.html does)",
    )
}

fn alternates(html: &[u8]) -> Vec<(String, String)> {
    let mut emitter = html5gum::DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut out = Vec::new();
    for token in html5gum::Tokenizer::new_with_emitter(html, emitter).flatten() {
        let html5gum::Token::StartTag(tag) = token else { continue };
        let attr = |name: &[u8]| tag.attributes.get(name).map(|v| String::from_utf8_lossy(&v.value).into_owned());
        if &tag.name[..] == b"link" && attr(b"rel").as_deref() == Some("alternate") {
            if let (Some(lang), Some(href)) = (attr(b"hreflang"), attr(b"href")) {
                out.push((lang, href));
            }
        }
    }
    out
}
