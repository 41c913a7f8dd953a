//! Images in HTML that a template printed (a shortcode's output, a comparison table's cells):
//! each local `<img>` that gives neither `width` nor `height` gets them from its file, as the
//! body's own images do, so that a theme's or site's shortcode never shifts the page as it
//! loads; and a raster one that names no `srcset` of its own is printed in a `<picture>` of its
//! variants, made on demand by [`PrintedVariants`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use html5gum::{DefaultEmitter, Token, Tokenizer};
use rustc_hash::FxHashMap;

use super::variants::{self, Set};
use super::{find, raster_at, source_file, Found, ImageCache, Known, Lookup};
use crate::cache::Reuse;
use crate::config::images::Images;
use crate::content::Source;
use crate::diagnostic::{Diagnostic, Position};
use crate::markdown::Image;
use crate::output::Bytes;

/// What sizes printed images: the files they may be, the site's base path and folder, and
/// what makes their variants (none: printed as they are).
pub struct Sizer<'a> {
    pub lookup: Lookup<'a>,
    /// The base-url's path (`/` or `/guide/`).
    pub base_path: &'a str,
    pub root: &'a Path,
    pub variants: Option<&'a PrintedVariants>,
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
    /// `html` with the size of each local image put in, and each raster one in a `<picture>`
    /// of its variants; `None` when nothing changed. A missing or unreadable image is an error
    /// at `place`, unless the template gave its size (it may name a file made by the build).
    pub fn size(&self, html: &str, place: &Place) -> Result<Option<String>, Vec<Diagnostic>> {
        if !html.contains("<img") {
            return Ok(None);
        }
        let mut edits = Vec::new();
        let mut errors = Vec::new();
        for tag in printed_images(html) {
            match self.edit(html, tag, place) {
                Ok(edit) => edits.extend(edit),
                Err(mut d) => {
                    d.position = Some(Position::new(place.line, place.column));
                    errors.push(d);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((!edits.is_empty()).then(|| with_edits(html, edits)))
    }

    /// What becomes of one printed image: the byte range it replaces and the text put there.
    fn edit(&self, html: &str, tag: PrintedImage, place: &Place) -> Result<Option<Edit>, Diagnostic> {
        let img = Image { src: tag.src, alt: String::new(), title: String::new(), figure: false, line: 1, column: 1 };
        // An image that gives its size is the template's to name: it is not looked up.
        let size = if tag.sized {
            String::new()
        } else {
            match find(&img, place.source, place.page_path, (self.base_path, self.root), &self.lookup)? {
                Found::Local { width, height } => format!(" width=\"{width}\" height=\"{height}\""),
                Found::Remote => return Ok(None),
            }
        };
        let set = match self.variants.filter(|_| !tag.own_srcset) {
            Some(v) => v.set(&img.src, place.page_path, &self.lookup).map_err(|why| {
                let msg = format!("cannot make the variants of the image `{}`: {why}", img.src);
                Diagnostic::error(&place.source.file, place.line, place.column, msg).with_help(
                    "save the image again as a PNG, JPEG or WebP, or turn variants off with `[images] process = false`",
                )
            })?,
            None => None,
        };
        Ok(match set {
            Some(set) => {
                let attrs = format!("{}{size}>", html[tag.attrs].trim_start());
                let mut picture = String::with_capacity(attrs.len() + 512);
                variants::print(&mut picture, &set, &attrs);
                Some((tag.whole, picture))
            }
            None if !size.is_empty() => Some((tag.attrs.end..tag.attrs.end, size)),
            None => None,
        })
    }
}

/// A byte range of printed HTML and the text that replaces it.
type Edit = (std::ops::Range<usize>, String);

/// `html` with `edits` (in order, not overlapping) made.
fn with_edits(html: &str, edits: Vec<Edit>) -> String {
    let mut out = String::with_capacity(html.len() + edits.len() * 256);
    let mut copied = 0;
    for (range, text) in edits {
        out.push_str(&html[copied..range.start]);
        out.push_str(&text);
        copied = range.end;
    }
    out.push_str(&html[copied..]);
    out
}

/// An `<img>` a template printed.
struct PrintedImage {
    src: String,
    /// The whole tag, `<img ...>`.
    whole: std::ops::Range<usize>,
    /// Its attributes: from after `<img` to where the last one ends (before `>`, or ` />`).
    attrs: std::ops::Range<usize>,
    /// Whether it gives `width` or `height`.
    sized: bool,
    /// Whether it names its own `srcset` or `sizes`, or stands in a `<picture>` already.
    own_srcset: bool,
}

/// Every `<img>` with a `src`, read by an HTML tokenizer, so that comments, scripts and text
/// that merely look like a tag are left alone.
fn printed_images(html: &str) -> Vec<PrintedImage> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut found = Vec::new();
    let mut pictures = 0usize;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        let tag = match token {
            Token::StartTag(tag) if &tag.name[..] == b"picture" => {
                pictures += 1;
                continue;
            }
            Token::EndTag(tag) if &tag.name[..] == b"picture" => {
                pictures = pictures.saturating_sub(1);
                continue;
            }
            Token::StartTag(tag) if &tag.name[..] == b"img" => tag,
            _ => continue,
        };
        let has = |name: &[u8]| tag.attributes.contains_key(name);
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
        let start = tag.span.start;
        let named_img = html.get(start..start + 4).is_some_and(|t| t.eq_ignore_ascii_case("<img"));
        found.push(PrintedImage {
            src: String::from_utf8_lossy(&src.value).into_owned(),
            whole: start..end,
            attrs: (start + 4).min(start + attrs.len())..start + attrs.len(),
            sized: has(b"width") || has(b"height"),
            own_srcset: has(b"srcset") || has(b"sizes") || pictures > 0 || !named_img,
        });
    }
    found
}

/// Makes the variants of the raster images templates print, on demand, once per image however
/// many calls print it, from the caches as the body's are; without `encode` (the preview) only
/// cached ones are printed, and the rest are left for the preview to encode after the build.
pub struct PrintedVariants {
    settings: Images,
    base_path: String,
    root: PathBuf,
    theme: String,
    encode: bool,
    known: FxHashMap<PathBuf, Known>,
    /// The variants earlier builds printed, by key.
    kept: variants::Memory,
    /// Each image's set, by site path, made by the first call that asks.
    sets: Mutex<FxHashMap<String, Arc<OnceLock<Made>>>>,
    made: Mutex<PrintedMade>,
}

/// An image's set, `None` when it is printed as it is, or why its variants cannot be made.
type Made = Result<Option<Arc<Set>>, String>;

/// What the printed images' variants gave a build.
#[derive(Default)]
pub struct PrintedMade {
    pub files: Vec<(String, Bytes)>,
    pub stats: variants::Stats,
    pub pending: Vec<variants::Pending>,
    memory: variants::Memory,
    known: Vec<(PathBuf, Known)>,
}

impl PrintedVariants {
    /// The maker of `site`'s printed images' variants, with what `cache` kept of earlier builds.
    pub fn new(site: &crate::site::Site, cache: &mut ImageCache, encode: bool) -> PrintedVariants {
        PrintedVariants {
            settings: site.config.images.clone(),
            base_path: site.config.base_path().to_string(),
            root: site.root.clone(),
            theme: site.config.site.theme.clone(),
            encode,
            known: cache.known.clone(),
            kept: std::mem::take(&mut cache.printed),
            sets: Mutex::default(),
            made: Mutex::default(),
        }
    }

    /// The set of variants of the image `src` printed on the page at `page_path`.
    fn set(&self, src: &str, page_path: &str, lookup: &Lookup<'_>) -> Made {
        if !self.settings.process {
            return Ok(None);
        }
        let Some(site_path) = super::files::site_path(src, page_path, &self.base_path) else { return Ok(None) };
        let cell =
            Arc::clone(self.sets.lock().unwrap_or_else(|e| e.into_inner()).entry(site_path.clone()).or_default());
        cell.get_or_init(|| self.make(site_path, lookup)).clone()
    }

    fn make(&self, site_path: String, lookup: &Lookup<'_>) -> Made {
        let Some(raster) = raster_at(site_path.clone(), lookup, &self.known) else { return Ok(None) };
        let Some((set, jobs)) = variants::plan(&raster.source, &self.settings, &self.base_path) else {
            return Ok(None);
        };
        let work = [variants::Work { site_path: &site_path, jobs: &jobs, input: raster.input }];
        let mut memory = self.kept.subset(&jobs);
        let dir = self.root.join(variants::CACHE_DIR);
        let made = variants::make(&work, self.settings.quality, &mut memory, Some(&dir), self.encode);
        if let Some((_, why)) = made.failed.into_iter().next() {
            return Err(why);
        }
        let mut all = self.made.lock().unwrap_or_else(|e| e.into_inner());
        all.known.extend(raster.known);
        all.stats.encoded += made.stats.encoded;
        all.stats.cached += made.stats.cached;
        if made.ready.contains(&site_path) {
            all.files.extend(made.files);
            all.memory.merge(memory);
            return Ok(Some(Arc::new(set)));
        }
        if !self.encode {
            let file = source_file(raster.input, &site_path, &self.root, &self.theme);
            all.pending.push(variants::Pending::new(file, site_path, variants::Owned::of(raster.input), jobs));
        }
        Ok(None)
    }

    /// What this build's calls made; what the next build of a series may reuse goes back to
    /// `cache`.
    pub fn finish(self, cache: &mut ImageCache, reuse: Reuse) -> PrintedMade {
        let mut made = self.made.into_inner().unwrap_or_else(|e| e.into_inner());
        if reuse.is_series() {
            cache.printed = std::mem::take(&mut made.memory);
            cache.known.extend(made.known.drain(..));
        }
        made.files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        made.files.dedup_by(|a, b| a.0 == b.0);
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_images_without_a_size_and_where_their_attributes_end() {
        let html = "<figure><img src=\"a&amp;b.png\" alt=\"x\"><img src='c.png' width=\"3\"><img src=d.png /><!-- <img src=\"e.png\"> --><script>'<img src=\"f.png\">'</script><img alt=\"no src\"><img src=g/><img src=\"h\"/></figure>";
        let found: Vec<PrintedImage> = printed_images(html).into_iter().filter(|i| !i.sized).collect();
        let srcs: Vec<&str> = found.iter().map(|i| i.src.as_str()).collect();
        assert_eq!(srcs, ["a&b.png", "d.png", "g/", "h"]);
        let before = |i: usize| &html[..found[i].attrs.end];
        assert!(before(0).ends_with("<img src=\"a&amp;b.png\" alt=\"x\""), "{}", before(0));
        assert!(before(1).ends_with("<img src=d.png"), "{}", before(1));
        assert!(before(2).ends_with("<img src=g/"), "{}", before(2));
        assert!(before(3).ends_with("<img src=\"h\""), "{}", before(3));
    }

    #[test]
    fn images_with_their_own_sources_are_told_apart() {
        let html = "<picture><source srcset=\"a.webp\"><img src=\"a.png\"></picture><img src=\"b.png\" srcset=\"b.png 2x\"><IMG SRC=\"c.png\"><img src=\"d.png\" sizes=\"50vw\">";
        let own: Vec<(String, bool)> = printed_images(html).into_iter().map(|i| (i.src, i.own_srcset)).collect();
        let expected = [("a.png", true), ("b.png", true), ("c.png", false), ("d.png", true)];
        assert_eq!(own, expected.map(|(s, o)| (s.to_string(), o)));
    }
}
