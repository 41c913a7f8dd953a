//! `llms.txt` (llmstxt.org): the site's title, what it is about, and a linked list of its
//! articles by section with their descriptions, then its authors, so AI assistants summarise
//! the site well.

use std::fmt::Write;

use super::{is_hidden, SiteSeo};
use crate::site::{Item, Site, Urls, AUTHORS_PATH};

/// The file's path at the site root.
pub const FILE: &str = "llms.txt";

/// Every `llms.txt` of the site, by path: one per language, beside its home page (`llms.txt`,
/// `fr/llms.txt`). The convention (llmstxt.org) puts the file at the root and allows others in
/// sub-paths; one file per language keeps each a concise context in one language, where one
/// file would repeat every article once per translation. The default language's file lists
/// the others under `## Languages`. `seo` says which of the pages besides articles may be
/// indexed.
pub fn files(site: &Site, seo: &SiteSeo) -> Vec<(String, String)> {
    site.langs()
        .map(|lang| {
            let path = site.path_in(lang, &format!("/{FILE}"));
            (path[1..].to_string(), llms_txt(site, seo, lang))
        })
        .collect()
}

/// The text of the `llms.txt` of language `lang`.
fn llms_txt(site: &Site, seo: &SiteSeo, lang: usize) -> String {
    let c = &site.config;
    let code = c.language_code(lang);
    let home = site.home_of(lang);
    // A line of about 200 bytes per article: sized once, not grown by copies.
    let mut s = String::with_capacity(1024 + site.pages.len() * 200);
    let _ = writeln!(s, "# {}", one_line(c.title_in(code)));
    let about = home.description.as_deref().filter(|d| !d.trim().is_empty()).unwrap_or(c.description_in(code));
    if !about.trim().is_empty() {
        let _ = write!(s, "\n> {}\n", one_line(about));
    }
    if !home.rendered.summary_text.is_empty() {
        let _ = write!(s, "\n{}\n", one_line(&home.rendered.summary_text));
    }
    // Sections depth-first in the order of the site's navigation, then the home section's own
    // articles.
    let mut order = Vec::new();
    let mut stack: Vec<usize> = home.subsections.iter().rev().copied().collect();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(site.sections[i].subsections.iter().rev().copied());
    }
    order.push(site.homes[lang]);
    for i in order {
        let section = &site.sections[i];
        let pages: Vec<usize> = section.pages.iter().copied().filter(|&p| !is_hidden(c, &site.pages[p])).collect();
        if pages.is_empty() {
            continue;
        }
        let pages_heading;
        let heading = if section.parent.is_none() {
            pages_heading = site.strings.text("pages", code, &[]);
            pages_heading.as_str()
        } else {
            section.title.as_str()
        };
        let _ = write!(s, "\n## {}\n\n", one_line(heading));
        if section.parent.is_some() {
            if let Some(d) = section.description.as_deref().filter(|d| !d.trim().is_empty()) {
                let _ = write!(s, "{}\n\n", one_line(d));
            }
        }
        for p in pages {
            let page = &site.pages[p];
            s.push_str("- [");
            push_link_text(&mut s, page.title());
            s.push_str("](");
            s.push_str(&page.urls.permalink);
            s.push(')');
            let d = page.source.front.description.as_deref().unwrap_or(&page.rendered.summary_text);
            if !d.trim().is_empty() {
                s.push_str(": ");
                push_one_line(&mut s, d);
            }
            s.push('\n');
        }
    }
    if lang == 0 {
        authors(site, seo, &mut s);
        languages(site, &mut s);
    }
    s
}

/// The `llms.txt` of the site's other languages.
fn languages(site: &Site, s: &mut String) {
    if site.homes.len() < 2 {
        return;
    }
    let default = site.config.language_code(0);
    let _ = write!(s, "\n## {}\n\n", one_line(&site.strings.text("languages", default, &[])));
    for lang in site.langs().skip(1) {
        let code = site.config.language_code(lang);
        let url = site.urls_in(lang, &format!("/{FILE}")).permalink;
        s.push_str("- [");
        push_link_text(s, site.config.title_in(code));
        let _ = writeln!(s, "]({url}): {}", site.strings.text("site_in_language", default, &[("code", code)]));
    }
}

/// The author pages and their index, in a section of their own (those that may be indexed).
fn authors(site: &Site, seo: &SiteSeo, s: &mut String) {
    let index = Urls::new(&site.config.site.base_url, AUTHORS_PATH);
    let index = seo.authors_index.as_ref().filter(|i| !i.noindex).map(|_| index.permalink);
    let people: Vec<_> = site.author_ids().filter(|&id| !seo.get(Item::Author(id)).noindex).collect();
    if index.is_none() && people.is_empty() {
        return;
    }
    let default = site.config.language_code(0);
    let _ = write!(s, "\n## {}\n\n", one_line(&site.strings.text("authors", default, &[])));
    if let Some(url) = index {
        let _ = writeln!(s, "- [{}]({url})", site.strings.text("all_authors", default, &[]));
    }
    for id in people {
        let a = site.author(id);
        s.push_str("- [");
        push_link_text(s, &a.name);
        let _ = write!(s, "]({})", a.urls.permalink);
        let job = site.config.authors[&a.id].job_title.trim();
        if !job.is_empty() {
            s.push_str(": ");
            push_one_line(s, job);
        }
        s.push('\n');
    }
}

fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_one_line(&mut out, s);
    out
}

/// `s` on one line, its runs of white space as single spaces (each article's line is written
/// straight into the file: a site has thousands).
fn push_one_line(out: &mut String, s: &str) {
    if is_one_line(s) {
        out.push_str(s);
        return;
    }
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Whether `s` is already on one line: ASCII words separated by single spaces (almost every
/// title and description), which go into the file as they are.
fn is_one_line(s: &str) -> bool {
    let b = s.as_bytes();
    // One branch-free pass over the bytes (control characters and non-ASCII both fail it).
    let plain = b.iter().fold(true, |ok, &c| ok & (c.wrapping_sub(b' ') < 0x60));
    plain
        && b.first().is_none_or(|&c| c != b' ')
        && b.last().is_none_or(|&c| c != b' ')
        && memchr::memmem::find(b, b"  ").is_none()
}

/// Link text on one line, with the brackets that would end it escaped.
fn push_link_text(out: &mut String, s: &str) {
    if is_one_line(s) && !s.contains(['\\', '[', ']']) {
        out.push_str(s);
        return;
    }
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            if matches!(c, '\\' | '[' | ']') {
                out.push('\\');
            }
            out.push(c);
        }
    }
}

#[cfg(test)]
fn link_text(s: &str) -> String {
    let mut out = String::new();
    push_link_text(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_text_escapes_brackets() {
        assert_eq!(link_text("A [draft]\n title"), "A \\[draft\\] title");
        assert_eq!(link_text("Plain title"), "Plain title");
    }

    #[test]
    fn text_goes_on_one_line() {
        for s in ["One line", " lead", "trail ", "two  spaces", "tab\there", "new\nline", "nbsp\u{a0}x", "", "x"] {
            assert_eq!(one_line(s), s.split_whitespace().collect::<Vec<_>>().join(" "), "{s:?}");
        }
    }
}
