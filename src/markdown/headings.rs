//! Heading ids, self-link anchors and the table of contents.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Serialize;

use super::{plain_text, LineIndex};
use crate::config::Slugify;
use crate::content::slug::slugify;
use crate::escape::escape_html;

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// The heading's text, without markup.
    pub title: String,
    pub line: usize,
}

/// One entry of a table of contents, with the headings nested under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// The id a heading gets from its text: its slug by the site's `slugify` rule, the same as
/// URLs, or `section` when nothing of it is left.
pub fn heading_id(text: &str, rule: Slugify) -> String {
    let id = slugify(text, rule);
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

/// Gives every heading a unique id (`{#custom}` wins), and an anchor linking to itself on h2-h4.
pub(super) fn assign_ids(events: &mut [(Event<'_>, Range<usize>)], lines: &LineIndex, rule: Slugify) -> Vec<Heading> {
    let mut used: HashSet<String> = HashSet::new();
    let mut found = Vec::new();
    // Explicit ids first, so that a generated id never takes a name a writer chose.
    for (e, _) in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            used.insert(id.to_string());
        }
    }
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, classes, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let level = *level as u8;
        let explicit = id.as_ref().map(|s| s.to_string());
        let classes: Vec<String> = classes.iter().map(|c| c.to_string()).collect();
        let end = (i + 1..events.len())
            .find(|&j| matches!(events[j].0, Event::End(TagEnd::Heading(_))))
            .unwrap_or(events.len() - 1);
        let title = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
        let id = match explicit {
            Some(id) => id,
            None => {
                let base = heading_id(&title, rule);
                let mut id = base.clone();
                let mut n = 1;
                while used.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                used.insert(id.clone());
                id
            }
        };
        let class_attr =
            if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", escape_html(&classes.join(" "))) };
        let id_attr = escape_html(&id);
        events[i].0 = Event::Html(CowStr::from(format!("<h{level} id=\"{id_attr}\"{class_attr}>")));
        let close = if (2..=4).contains(&level) {
            format!(
                " <a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"Link to the section {}\">#</a></h{level}>\n",
                escape_html(&title)
            )
        } else {
            format!("</h{level}>\n")
        };
        events[end].0 = Event::Html(CowStr::from(close));
        found.push(Heading { level, id, title, line: lines.line_col(events[i].1.start).0 });
        i = end + 1;
    }
    found
}

/// Nests the headings between `min` and `max` level into a table of contents.
pub fn toc(headings: &[Heading], min: u8, max: u8) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for h in headings.iter().filter(|h| (min..=max).contains(&h.level)) {
        let entry = TocEntry { level: h.level, id: h.id.clone(), title: h.title.clone(), children: Vec::new() };
        let mut list = &mut root;
        while list.last().is_some_and(|last| last.level < h.level) {
            list = &mut list.last_mut().expect("checked above").children;
        }
        list.push(entry);
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{render, RenderOptions};

    fn headings(text: &str) -> (String, Vec<Heading>) {
        let links = crate::markdown::LinkMap::default();
        let (r, _) = render(text, &RenderOptions::defaults("", &links));
        (r.html, r.headings)
    }

    #[test]
    fn ids_are_unique_and_custom_ids_win() {
        let (html, hs) =
            headings("## Crawl budget\n\n## Crawl budget\n\n## Other {#crawl-budget-1}\n\n### What's SMO?\n");
        let ids: Vec<_> = hs.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["crawl-budget", "crawl-budget-2", "crawl-budget-1", "whats-smo"]);
        assert!(
            html.contains("<h2 id=\"crawl-budget\">Crawl budget <a class=\"anchor\" href=\"#crawl-budget\""),
            "{html}"
        );
        assert_eq!(hs[3].line, 7);
    }

    #[test]
    fn toc_nests_by_level() {
        let (_, hs) = headings("## A\n### A1\n### A2\n#### A2x\n## B\n");
        let t = toc(&hs, 2, 4);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].children.len(), 2);
        assert_eq!(t[0].children[1].children[0].title, "A2x");
    }
}
