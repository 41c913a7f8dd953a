//! Images in HTML that a template printed (a shortcode's output): each local `<img>` that gives
//! neither `width` nor `height` gets them from its file, as the body's own images do, so that a
//! theme's or site's shortcode never shifts the page as it loads.

use std::path::Path;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::{find, Found, Lookup};
use crate::content::Source;
use crate::diagnostic::{Diagnostic, Position};
use crate::markdown::Image;

/// What sizes printed images: the files they may be, and the site's base path and folder.
pub struct Sizer<'a> {
    pub lookup: Lookup<'a>,
    /// The base-url's path (`/` or `/guide/`).
    pub base_path: &'a str,
    pub root: &'a Path,
}

/// Where printed HTML stands: the source file, its page's path (`/smo/a/`) and the place in the
/// file (1-based line and column) of what printed it, where its errors go.
pub struct Place<'a> {
    pub source: &'a Source,
    pub page_path: &'a str,
    pub line: usize,
    pub column: usize,
}

impl Sizer<'_> {
    /// `html` with the size of each local image put in; `None` when there is none to size. A
    /// missing or unreadable image is an error at `place`.
    pub fn size(&self, html: &str, place: &Place) -> Result<Option<String>, Vec<Diagnostic>> {
        if !html.contains("<img") {
            return Ok(None);
        }
        let mut inserts: Vec<(usize, String)> = Vec::new();
        let mut errors = Vec::new();
        for (src, end) in unsized_images(html) {
            let img = Image { src, alt: String::new(), title: String::new(), figure: false, line: 1, column: 1 };
            match find(&img, place.source, place.page_path, (self.base_path, self.root), &self.lookup) {
                Ok(Found::Local { width, height }) => {
                    inserts.push((end, format!(" width=\"{width}\" height=\"{height}\"")))
                }
                Ok(Found::Remote) => {}
                Err(mut d) => {
                    d.position = Some(Position::new(place.line, place.column));
                    errors.push(d);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if inserts.is_empty() {
            return Ok(None);
        }
        let mut out = String::with_capacity(html.len() + inserts.len() * 32);
        let mut copied = 0;
        for (at, attrs) in inserts {
            out.push_str(&html[copied..at]);
            out.push_str(&attrs);
            copied = at;
        }
        out.push_str(&html[copied..]);
        Ok(Some(out))
    }
}

/// The `src` of each `<img>` that gives neither `width` nor `height`, with the offset where its
/// last attribute ends (before `>`, or ` />`). Read by an HTML tokenizer, so that comments,
/// scripts and text that merely look like a tag are left alone.
fn unsized_images(html: &str) -> Vec<(String, usize)> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut found = Vec::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        let Token::StartTag(tag) = token else { continue };
        let has = |name: &[u8]| tag.attributes.contains_key(name);
        if &tag.name[..] != b"img" || has(b"width") || has(b"height") {
            continue;
        }
        let Some(src) = tag.attributes.get(&b"src"[..]) else { continue };
        let mut end = tag.span.end.min(html.len());
        while end > tag.span.start && !html.is_char_boundary(end) {
            end -= 1;
        }
        let text = &html[tag.span.start..end];
        let attrs = &text[..text.rfind('>').unwrap_or(text.len())];
        // A `/` is the tag's own only after a space or a quote (`src=a/` ends in one).
        let attrs = match attrs.strip_suffix('/') {
            Some(a) if a.ends_with([' ', '\t', '\n', '"', '\'']) => a.trim_end(),
            _ => attrs,
        };
        found.push((String::from_utf8_lossy(&src.value).into_owned(), tag.span.start + attrs.len()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_images_without_a_size_and_where_their_attributes_end() {
        let html = "<figure><img src=\"a&amp;b.png\" alt=\"x\"><img src='c.png' width=\"3\"><img src=d.png /><!-- <img src=\"e.png\"> --><script>'<img src=\"f.png\">'</script><img alt=\"no src\"><img src=g/><img src=\"h\"/></figure>";
        let found = unsized_images(html);
        let srcs: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(srcs, ["a&b.png", "d.png", "g/", "h"]);
        let before = |i: usize| &html[..found[i].1];
        assert!(before(0).ends_with("<img src=\"a&amp;b.png\" alt=\"x\""), "{}", before(0));
        assert!(before(1).ends_with("<img src=d.png"), "{}", before(1));
        assert!(before(2).ends_with("<img src=g/"), "{}", before(2));
        assert!(before(3).ends_with("<img src=\"h\""), "{}", before(3));
    }
}
