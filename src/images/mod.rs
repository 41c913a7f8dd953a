//! The images stage: every image of a body gets its finished markup. A local image (a file of a
//! page bundle or of `static/`) is looked up, its width and height read from its header, so that
//! the page never shifts as it loads; a missing or unreadable one is an error at its line. The
//! first image of a body is what a reader sees first (usually the largest paint), so it is
//! fetched eagerly and first; the others load lazily. Remote images are left as they are.

mod files;
mod printed;
mod tables;

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::cache::Reuse;
use crate::content::Source;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::escape::{escape_href, escape_html};
use crate::markdown::{parse_image_marker, Image, Rendered};
use crate::site::Site;
pub use files::{Lookup, StaticFiles};
pub use printed::{Place, Sizer};

/// What was learned about one image of a body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Found {
    /// On another site: nothing is known about it.
    Remote,
    /// A file of the site, of this size in pixels.
    Local { width: u32, height: u32 },
}

/// The bodies made by earlier builds, by source file: a body is made again only when its
/// Markdown render or what its images' files say changed, so that an unchanged page keeps its
/// render (and its template context's key) from build to build.
#[derive(Default)]
pub struct ImageCache {
    last: FxHashMap<String, Entry>,
    tables: tables::TableImages,
}

struct Entry {
    /// The Markdown render it was made from (kept, so that its address stays its own).
    raw: Arc<Rendered>,
    found: Vec<Found>,
    done: Arc<Rendered>,
}

/// Gives every page's and section's body (and comparison tables) its finished images, and
/// reports the images that are missing or unreadable.
pub fn resolve(site: &mut Site, statics: &StaticFiles<'_>, cache: &mut ImageCache, reuse: Reuse) -> Diagnostics {
    let mut diags = tables::size(site, statics, &mut cache.tables, reuse);
    let has_images = site.pages.iter().any(|p| !p.rendered.images.is_empty())
        || site.sections.iter().any(|s| !s.rendered.images.is_empty());
    if !has_images {
        cache.last.clear();
        return diags;
    }
    let lookup = Lookup::new(site, statics);
    let base_path = site.config.base_path().to_string();
    let root = site.root.clone();
    let bodies = site.bodies();
    let found: Vec<Vec<Result<Found, Diagnostic>>> = bodies
        .par_iter()
        .map(|(source, rendered, path)| {
            rendered.images.iter().map(|img| find(img, source, path, (&base_path, &root), &lookup)).collect()
        })
        .collect();
    let mut next = FxHashMap::default();
    let mut done: Vec<Arc<Rendered>> = Vec::with_capacity(bodies.len());
    for ((source, raw, _), results) in bodies.into_iter().zip(found) {
        if raw.images.is_empty() {
            done.push(raw);
            continue;
        }
        let mut found = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(f) => found.push(f),
                Err(d) => diags.push(d),
            }
        }
        if found.len() < raw.images.len() {
            done.push(raw);
            continue;
        }
        let entry = match cache.last.remove(&source.rel) {
            Some(e) if Arc::ptr_eq(&e.raw, &raw) && e.found == found => e,
            _ => Entry { done: Arc::new(finish(&raw, &found)), raw, found },
        };
        done.push(Arc::clone(&entry.done));
        if reuse.is_series() {
            next.insert(source.rel.clone(), entry);
        }
    }
    cache.last = next;
    site.set_bodies(done);
    diags
}

/// Finds one image and reads its size; `site` is the base-url's path and the site's folder.
fn find(
    img: &Image,
    source: &Source,
    page_path: &str,
    (base_path, root): (&str, &std::path::Path),
    lookup: &Lookup<'_>,
) -> Result<Found, Diagnostic> {
    let Some(path) = files::site_path(&img.src, page_path, base_path) else {
        return Ok(Found::Remote);
    };
    let at = |msg: String| Diagnostic::error(&source.file, img.line + source.body_line - 1, img.column, msg);
    let Some(file) = lookup.get(&path) else {
        let help = if img.src.starts_with('/') {
            "a root-relative image is a file of static/ (`/img/a.png` is static/img/a.png); check the name"
        } else {
            "put the image beside the article in a page bundle (content/<section>/<slug>/index.md), or in static/ and write it from the site root (`/img/a.png`)"
        };
        return Err(at(format!("the image `{}` does not exist", img.src)).with_help(help));
    };
    let (width, height) = file.size().map_err(|e| {
        at(format!("cannot read the size of the image `{}` ({}): {e}", img.src, file.name(root)))
            .with_help("herald reads PNG, JPEG, WebP, GIF, AVIF and SVG files; save the image again in one of them")
    })?;
    Ok(Found::Local { width, height })
}

/// The body with each image marker replaced by its markup.
fn finish(raw: &Rendered, found: &[Found]) -> Rendered {
    Rendered {
        html: with_images(&raw.html, &raw.images, found, true),
        // A listing shows many summaries: none of their images comes first.
        summary_html: with_images(&raw.summary_html, &raw.images, found, false),
        ..raw.clone()
    }
}

/// `html` with its image markers replaced; with `eager_first`, image 0 is fetched first.
fn with_images(html: &str, images: &[Image], found: &[Found], eager_first: bool) -> String {
    let mut out = String::with_capacity(html.len() + images.len() * 160);
    let mut rest = html;
    while let Some(at) = rest.find("<!--herald-image:") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match parse_image_marker(rest).filter(|(i, _)| *i < images.len().min(found.len())) {
            Some((i, len)) => {
                img_tag(&mut out, &images[i], &found[i], eager_first && i == 0);
                rest = &rest[len..];
            }
            None => {
                out.push_str("<!--");
                rest = &rest[4..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `<img>` with its size and loading hints.
fn img_tag(out: &mut String, img: &Image, found: &Found, first: bool) {
    use std::fmt::Write;
    let _ = write!(out, "<img src=\"{}\" alt=\"{}\"", escape_href(&img.src), escape_html(&img.alt));
    if !img.title.is_empty() && !img.figure {
        let _ = write!(out, " title=\"{}\"", escape_html(&img.title));
    }
    if let Found::Local { width, height } = found {
        let _ = write!(out, " width=\"{width}\" height=\"{height}\"");
    }
    out.push_str(if first { " fetchpriority=\"high\">" } else { " loading=\"lazy\" decoding=\"async\">" });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(src: &str, title: &str, figure: bool) -> Image {
        Image { src: src.into(), alt: "A \"b\"".into(), title: title.into(), figure, line: 1, column: 1 }
    }

    #[test]
    fn markers_become_sized_images_the_first_eager() {
        let images = [image("a.png", "", false), image("https://x.org/b.png", "T", false)];
        let found = [Found::Local { width: 40, height: 20 }, Found::Remote];
        let html = with_images("<p><!--herald-image:0--> <!--herald-image:1--><!--x--></p>", &images, &found, true);
        assert_eq!(
            html,
            "<p><img src=\"a.png\" alt=\"A &quot;b&quot;\" width=\"40\" height=\"20\" fetchpriority=\"high\"> \
             <img src=\"https://x.org/b.png\" alt=\"A &quot;b&quot;\" title=\"T\" loading=\"lazy\" decoding=\"async\"><!--x--></p>"
        );
    }

    #[test]
    fn a_marker_of_no_image_is_left_alone() {
        assert_eq!(with_images("<!--herald-image:3-->", &[], &[], true), "<!--herald-image:3-->");
    }

    #[test]
    fn summaries_load_every_image_lazily() {
        let images = [image("a.png", "", false)];
        let html = with_images("<!--herald-image:0-->", &images, &[Found::Remote], false);
        assert!(html.contains("loading=\"lazy\"") && !html.contains("fetchpriority"), "{html}");
    }
}
