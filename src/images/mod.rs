//! The images stage: every image of a body gets its finished markup. A local image (a file of a
//! page bundle or of `static/`) is looked up, its width and height read from its header, so that
//! the page never shifts as it loads; a missing or unreadable one is an error at its line. The
//! first image of a body is what a reader sees first (usually the largest paint), so it is
//! fetched eagerly and first; the others load lazily. Remote images are left as they are.

mod files;
pub mod orientation;
mod printed;
pub mod resize;
pub mod social;
mod tables;
pub mod variants;

use std::path::{Path, PathBuf};
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
pub use printed::{Place, PrintedMade, PrintedVariants, Sizer};
use variants::Set;

/// What was learned about one image of a body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Found {
    /// On another site: nothing is known about it.
    Remote,
    /// A file of the site, of this size in pixels.
    Local { width: u32, height: u32 },
}

/// The bodies made by earlier builds, by source file: a body is made again only when its
/// Markdown render, what its images' files say or their variants changed, so that an unchanged
/// page keeps its render (and its template context's key) from build to build.
#[derive(Default)]
pub struct ImageCache {
    last: FxHashMap<String, Entry>,
    tables: tables::TableImages,
    variants: variants::Memory,
    /// The social images made to measure by earlier builds ([`social`]).
    social: variants::Memory,
    /// The variants of images templates printed ([`PrintedVariants`]).
    printed: variants::Memory,
    /// The cache files of the `resize_image` copies the last preview build printed the
    /// original for, and how many such copies have arrived since the session began.
    resize_awaited: Vec<PathBuf>,
    resize_arrived: u64,
    /// What bundle files were found to be, by path, with the length and modification time they
    /// had: a preview's rebuild reads and hashes only the images that changed.
    known: FxHashMap<PathBuf, Known>,
}

/// A bundle file's length, modification time, kind of raster image (if one) and hash.
#[derive(Clone)]
struct Known {
    stamp: (u64, std::time::SystemTime),
    kind: Option<variants::Kind>,
    hash: blake3::Hash,
}

struct Entry {
    /// The Markdown render it was made from (kept, so that its address stays its own).
    raw: Arc<Rendered>,
    found: Vec<Found>,
    sets: Vec<Option<Arc<Set>>>,
    done: Arc<Rendered>,
}

/// What the images stage adds to the output: the variant files, and how they were made.
#[derive(Default)]
pub struct Variants {
    pub files: Vec<(String, crate::output::Bytes)>,
    pub stats: variants::Stats,
    /// The variants a build that does not encode printed without, for the preview to encode
    /// after it.
    pub pending: Vec<variants::Pending>,
}

impl Variants {
    /// Adds more files, made as variants are (the social images).
    pub fn add(&mut self, files: Vec<(String, crate::output::Bytes)>, stats: variants::Stats) {
        self.files.extend(files);
        self.stats.encoded += stats.encoded;
        self.stats.cached += stats.cached;
    }
}

/// Gives every page's and section's body (and comparison tables) its finished images, makes
/// the variants of its raster images (with `encode`; else only those cached are printed), and
/// reports the images that are missing or unreadable. The tables' images get theirs from
/// `printed`.
pub fn resolve(
    site: &mut Site,
    statics: &StaticFiles<'_>,
    cache: &mut ImageCache,
    reuse: Reuse,
    (encode, printed): (bool, &PrintedVariants),
) -> (Diagnostics, Variants) {
    let mut diags = tables::size(site, statics, printed, &mut cache.tables, reuse);
    let has_images = site.pages.iter().any(|p| !p.rendered.images.is_empty())
        || site.sections.iter().any(|s| !s.rendered.images.is_empty());
    if !has_images {
        cache.last.clear();
        return (diags, Variants::default());
    }
    let lookup = Lookup::new(site, statics);
    let base_path = site.config.base_path().to_string();
    let root = site.root.clone();
    let settings = site.config.images.clone();
    let theme = site.config.site.theme.clone();
    let bodies = site.bodies();
    let found: Vec<Vec<Looked<'_>>> = bodies
        .par_iter()
        .map(|(source, rendered, path)| {
            rendered
                .images
                .iter()
                .map(|img| {
                    let found = find(img, source, path, (&base_path, &root), &lookup)?;
                    let raster = match found {
                        Found::Local { .. } if settings.process => raster(img, path, &base_path, &lookup, &cache.known),
                        _ => None,
                    };
                    Ok((found, raster))
                })
                .collect()
        })
        .collect();
    if reuse.is_series() {
        let known = found.iter().flatten().filter_map(|r| r.as_ref().ok()?.1.as_ref()?.known.clone());
        cache.known = known.collect();
    }
    let (sets, variants, variant_diags) =
        make_variants(&bodies, &found, &settings, (&base_path, &root, &theme), &mut cache.variants, encode);
    diags.extend(variant_diags);
    let mut next = FxHashMap::default();
    let mut done: Vec<Arc<Rendered>> = Vec::with_capacity(bodies.len());
    for ((source, raw, _), results) in bodies.into_iter().zip(found) {
        if raw.images.is_empty() {
            done.push(raw);
            continue;
        }
        let mut found = Vec::with_capacity(results.len());
        let mut body_sets = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok((f, raster)) => {
                    found.push(f);
                    body_sets.push(raster.and_then(|r| sets.get(&r.source.site_path).cloned()));
                }
                Err(d) => diags.push(d),
            }
        }
        if found.len() < raw.images.len() {
            done.push(raw);
            continue;
        }
        let entry = match cache.last.remove(&source.rel) {
            Some(e) if Arc::ptr_eq(&e.raw, &raw) && e.found == found && e.sets == body_sets => e,
            _ => Entry { done: Arc::new(finish(&raw, &found, &body_sets)), raw, found, sets: body_sets },
        };
        done.push(Arc::clone(&entry.done));
        if reuse.is_series() {
            next.insert(source.rel.clone(), entry);
        }
    }
    cache.last = next;
    site.set_bodies(done);
    (diags, variants)
}

/// What was learned about one image of a body: its size and, for a raster one, its bytes.
type Looked<'a> = Result<(Found, Option<Raster<'a>>), Diagnostic>;

/// A raster image of a body, with its file, that variants may be made of.
struct Raster<'a> {
    source: variants::Source,
    input: variants::Input<'a>,
    /// What its file (a bundle's) was found to be, for the next build.
    known: Option<(PathBuf, Known)>,
}

/// The image's file as a [`Raster`], when it is a PNG, JPEG or WebP (not animated); a bundle
/// file `known` unchanged is not read again.
fn raster<'a>(
    img: &Image,
    page_path: &str,
    base_path: &str,
    lookup: &Lookup<'a>,
    known: &FxHashMap<PathBuf, Known>,
) -> Option<Raster<'a>> {
    raster_at(files::site_path(&img.src, page_path, base_path)?, lookup, known)
}

/// The file published at `site_path` as a [`Raster`], as [`raster`] gives it.
fn raster_at<'a>(site_path: String, lookup: &Lookup<'a>, known: &FxHashMap<PathBuf, Known>) -> Option<Raster<'a>> {
    let file = lookup.get(&site_path)?;
    let (kind, hash, input, known) = match file {
        files::File::Bundle(path) => {
            let meta = std::fs::metadata(path).ok()?;
            let stamp = (meta.len(), meta.modified().ok()?);
            let k = match known.get(path).filter(|k| k.stamp == stamp) {
                Some(k) => k.clone(),
                None => {
                    let bytes = std::fs::read(path).ok()?;
                    Known { stamp, kind: variants::Kind::of(&bytes), hash: blake3::hash(&bytes) }
                }
            };
            (k.kind, k.hash, variants::Input::File(path), Some((path.to_path_buf(), k)))
        }
        files::File::Static(_, bytes) => {
            (variants::Kind::of(bytes), blake3::hash(bytes), variants::Input::Bytes(bytes), None)
        }
    };
    let (width, height) = file.size().ok()?;
    let source = variants::Source { site_path, hash, kind: kind?, width, height };
    Some(Raster { source, input, known })
}

/// The sets of variants of every raster image of `bodies`, by site path, made (or read from
/// the caches) once for every image however many pages show it.
fn make_variants(
    bodies: &[(Arc<Source>, Arc<Rendered>, String)],
    found: &[Vec<Looked<'_>>],
    settings: &crate::config::images::Images,
    (base_path, root, theme): (&str, &Path, &str),
    memory: &mut variants::Memory,
    encode: bool,
) -> (FxHashMap<String, Arc<Set>>, Variants, Diagnostics) {
    // Each with where it is first shown, for its error.
    type At = (std::path::PathBuf, usize, usize);
    let mut plans: FxHashMap<&str, (&Raster, Set, Vec<variants::Job>, At)> = FxHashMap::default();
    for ((source, raw, _), results) in bodies.iter().zip(found) {
        for (img, r) in raw.images.iter().zip(results) {
            let Ok((_, Some(raster))) = r else { continue };
            if plans.contains_key(raster.source.site_path.as_str()) {
                continue;
            }
            if let Some((set, jobs)) = variants::plan(&raster.source, settings, base_path) {
                let at = (source.file.clone(), img.line + source.body_line - 1, img.column);
                plans.insert(&raster.source.site_path, (raster, set, jobs, at));
            }
        }
    }
    let work: Vec<variants::Work<'_>> = plans
        .iter()
        .map(|(path, (raster, _, jobs, _))| variants::Work { site_path: path, jobs, input: raster.input })
        .collect();
    let made = variants::make(&work, settings.quality, memory, Some(&root.join(variants::CACHE_DIR)), encode);
    let mut diags = Diagnostics::new();
    for (path, why) in made.failed {
        let Some((_, _, _, (file, line, column))) = plans.remove(path.as_str()) else { continue };
        let d = Diagnostic::error(file, line, column, format!("cannot make the variants of the image `{path}`: {why}"));
        diags.push(d.with_help(
            "save the image again as a PNG, JPEG or WebP, or turn variants off with `[images] process = false`",
        ));
    }
    let pending = plans
        .iter()
        .filter(|(path, _)| !encode && !made.ready.contains(**path))
        .map(|(path, (raster, _, jobs, _))| {
            let file = source_file(raster.input, path, root, theme);
            variants::Pending::new(file, path.to_string(), variants::Owned::of(raster.input), jobs.clone())
        })
        .collect();
    let sets = plans
        .into_iter()
        .filter(|(path, _)| made.ready.contains(*path))
        .map(|(path, (_, set, _, _))| (path.to_string(), Arc::new(set)))
        .collect();
    (sets, Variants { files: made.files, stats: made.stats, pending }, diags)
}

/// The file on disk an image of `site_path` was read from: its bundle's, or the site's or the
/// theme's `static/` one.
fn source_file(input: variants::Input<'_>, site_path: &str, root: &Path, theme: &str) -> PathBuf {
    match input {
        variants::Input::File(p) => p.to_path_buf(),
        variants::Input::Bytes(_) => root.join(crate::config::static_origin(root, theme, site_path)),
    }
}

/// Finds one image and reads its size; `site` is the base-url's path and the site's folder.
fn find(
    img: &Image,
    source: &Source,
    page_path: &str,
    (base_path, root): (&str, &Path),
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
fn finish(raw: &Rendered, found: &[Found], sets: &[Option<Arc<Set>>]) -> Rendered {
    Rendered {
        html: with_images(&raw.html, &raw.images, (found, sets), true),
        // A listing shows many summaries: none of their images comes first.
        summary_html: with_images(&raw.summary_html, &raw.images, (found, sets), false),
        ..raw.clone()
    }
}

/// `html` with its image markers replaced; with `eager_first`, image 0 is fetched first.
fn with_images(
    html: &str,
    images: &[Image],
    (found, sets): (&[Found], &[Option<Arc<Set>>]),
    eager_first: bool,
) -> String {
    let mut out = String::with_capacity(html.len() + images.len() * 160);
    let mut rest = html;
    while let Some(at) = rest.find("<!--herald-image:") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match parse_image_marker(rest).filter(|(i, _)| *i < images.len().min(found.len())) {
            Some((i, len)) => {
                let set = sets.get(i).and_then(|s| s.as_deref());
                img_tag(&mut out, &images[i], (&found[i], set), eager_first && i == 0);
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

/// `<img>` with its size and loading hints, in a `<picture>` of its variants when it has them.
fn img_tag(out: &mut String, img: &Image, (found, set): (&Found, Option<&Set>), first: bool) {
    use std::fmt::Write;
    let mut attrs = format!("src=\"{}\" alt=\"{}\"", escape_href(&img.src), escape_html(&img.alt));
    if !img.title.is_empty() && !img.figure {
        let _ = write!(attrs, " title=\"{}\"", escape_html(&img.title));
    }
    if let Found::Local { width, height } = found {
        let _ = write!(attrs, " width=\"{width}\" height=\"{height}\"");
    }
    attrs.push_str(if first { " fetchpriority=\"high\">" } else { " loading=\"lazy\" decoding=\"async\">" });
    match set {
        Some(set) => variants::print(out, set, &attrs),
        None => {
            out.push_str("<img ");
            out.push_str(&attrs);
        }
    }
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
        let html =
            with_images("<p><!--herald-image:0--> <!--herald-image:1--><!--x--></p>", &images, (&found, &[]), true);
        assert_eq!(
            html,
            "<p><img src=\"a.png\" alt=\"A &quot;b&quot;\" width=\"40\" height=\"20\" fetchpriority=\"high\"> \
             <img src=\"https://x.org/b.png\" alt=\"A &quot;b&quot;\" title=\"T\" loading=\"lazy\" decoding=\"async\"><!--x--></p>"
        );
    }

    #[test]
    fn a_marker_of_no_image_is_left_alone() {
        assert_eq!(with_images("<!--herald-image:3-->", &[], (&[], &[]), true), "<!--herald-image:3-->");
    }

    #[test]
    fn summaries_load_every_image_lazily() {
        let images = [image("a.png", "", false)];
        let html = with_images("<!--herald-image:0-->", &images, (&[Found::Remote], &[]), false);
        assert!(html.contains("loading=\"lazy\"") && !html.contains("fetchpriority"), "{html}");
    }
}
