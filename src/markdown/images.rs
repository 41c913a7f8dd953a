//! Images in the body: each becomes a marker that the images stage replaces with the finished
//! `<img>` (its size read from the file, its loading hints, its variants), and an image with a
//! title becomes a `<figure>` with the title as its caption.
//!
//! A figure cannot sit inside a paragraph, so the paragraph around it is split: the text before
//! and after stays in paragraphs of its own, and a paragraph that held only the image goes.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{plain_text, Image};
use crate::escape::escape_html;

/// The marker that stands for image `index` of a body until the images stage replaces it.
pub fn image_marker(index: usize) -> String {
    format!("<!--herald-image:{index}-->")
}

/// Parses a marker at the start of `html`: the image's index and the marker's length.
pub fn parse_image_marker(html: &str) -> Option<(usize, usize)> {
    let rest = html.strip_prefix("<!--herald-image:")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let index = rest[..digits].parse().ok()?;
    rest[digits..].starts_with("-->").then_some((index, "<!--herald-image:".len() + digits + 3))
}

/// Replaces every image's events with its marker, in the order of `images` (which the link pass
/// recorded, one per image, in the same order).
pub(super) fn rewrite(events: &mut [(Event<'_>, Range<usize>)], images: &mut [Image]) {
    let mut open: Vec<usize> = Vec::new();
    let mut index = 0;
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Image { title, .. }) => {
                let title = title.trim().to_string();
                let end =
                    (i + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Image))).unwrap_or(i);
                let alt = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
                for (e, _) in &mut events[i + 1..=end] {
                    *e = Event::Text(CowStr::Borrowed(""));
                }
                let marker = image_marker(index);
                let parent = open.last().map(|&p| &events[p].0);
                let in_paragraph = matches!(parent, Some(Event::Start(Tag::Paragraph)));
                // Elsewhere only phrasing content may stand (a link, a heading): no figure there.
                let in_flow = matches!(parent, None | Some(Event::Start(Tag::Item | Tag::TableCell)));
                let is_figure = !title.is_empty() && (in_paragraph || in_flow);
                events[i].0 = if !is_figure {
                    Event::InlineHtml(CowStr::from(marker))
                } else if in_paragraph {
                    let paragraph = *open.last().expect("checked above");
                    figure_in_paragraph(events, paragraph, i, end, &figure(&marker, &title))
                } else {
                    Event::InlineHtml(CowStr::from(figure(&marker, &title)))
                };
                if let Some(image) = images.get_mut(index) {
                    image.alt = alt;
                    image.title = title;
                    image.figure = is_figure;
                }
                index += 1;
                i = end + 1;
                continue;
            }
            Event::Start(_) => open.push(i),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
}

fn figure(marker: &str, title: &str) -> String {
    format!("<figure>{marker}<figcaption>{}</figcaption></figure>", escape_html(title))
}

/// The event that stands for a figure at `at..=end` in the paragraph opened at `paragraph`: the
/// paragraph is closed before the figure and opened again after it, and where nothing but
/// white space stands on one side, that side's paragraph tag goes instead.
fn figure_in_paragraph<'a>(
    events: &mut [(Event<'a>, Range<usize>)],
    paragraph: usize,
    at: usize,
    end: usize,
    figure: &str,
) -> Event<'a> {
    let close = (end + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Paragraph)));
    let blank = |e: &Event<'_>| match e {
        Event::Text(t) => t.trim().is_empty(),
        Event::SoftBreak | Event::HardBreak => true,
        _ => false,
    };
    let before = events[paragraph + 1..at].iter().any(|(e, _)| !blank(e));
    let after = close.is_some_and(|c| events[end + 1..c].iter().any(|(e, _)| !blank(e)));
    let mut html = String::new();
    if before {
        html.push_str("</p>\n");
    } else {
        events[paragraph].0 = Event::Text(CowStr::Borrowed(""));
    }
    html.push_str(figure);
    html.push('\n');
    if after {
        html.push_str("<p>");
    } else if let Some(c) = close {
        events[c].0 = Event::Text(CowStr::Borrowed(""));
        // Line breaks between the image and the paragraph's end would stand alone otherwise.
        for (e, _) in &mut events[end + 1..c] {
            *e = Event::Text(CowStr::Borrowed(""));
        }
    }
    if !before {
        for (e, _) in &mut events[paragraph + 1..at] {
            *e = Event::Text(CowStr::Borrowed(""));
        }
    }
    Event::Html(CowStr::from(html))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{render, RenderOptions};

    fn md(text: &str) -> crate::markdown::Rendered {
        let links = crate::markdown::LinkMap::default();
        let opts = RenderOptions { highlight: None, ..RenderOptions::defaults("", &links) };
        render(text, &opts).0
    }

    #[test]
    fn images_become_markers_in_order() {
        let r = md("Text ![One *a*](a.png) and ![Two](b.png).\n");
        assert_eq!(r.html, "<p>Text <!--herald-image:0--> and <!--herald-image:1-->.</p>\n");
        assert_eq!(r.images[0].alt, "One a");
        assert_eq!(r.images[1].src, "b.png");
        assert_eq!(parse_image_marker("<!--herald-image:12-->x"), Some((12, 22)));
        assert_eq!(parse_image_marker("<!--herald-image:x-->"), None);
    }

    #[test]
    fn a_titled_image_alone_replaces_its_paragraph_with_a_figure() {
        let r = md("![Alt](a.png \"A <caption>\")\n");
        assert_eq!(r.html, "<figure><!--herald-image:0--><figcaption>A &lt;caption&gt;</figcaption></figure>\n");
        assert_eq!(r.images[0].title, "A <caption>");
    }

    #[test]
    fn a_titled_image_inside_text_splits_the_paragraph() {
        let r = md("Before\n![Alt](a.png \"Cap\")\nafter.\n");
        assert_eq!(
            r.html,
            "<p>Before\n</p>\n<figure><!--herald-image:0--><figcaption>Cap</figcaption></figure>\n<p>\nafter.</p>\n"
        );
        let r = md("Before ![Alt](a.png \"Cap\")\n");
        assert_eq!(r.html, "<p>Before </p>\n<figure><!--herald-image:0--><figcaption>Cap</figcaption></figure>\n");
    }

    #[test]
    fn a_titled_image_in_a_link_stays_inline() {
        let r = md("[![Alt](a.png \"Cap\")](https://x.org/)\n");
        assert_eq!(r.html, "<p><a href=\"https://x.org/\"><!--herald-image:0--></a></p>\n");
        assert!(!r.images[0].figure && r.images[0].title == "Cap");
    }
}
