//! Responsive variants: a raster image wider than the smallest of `[images] widths` is resized
//! to each narrower width and encoded in its own format and in the extra formats (WebP), so that
//! a phone downloads a fraction of a desktop's bytes. Encoding is the slow part: every variant is
//! kept in `.herald-cache/images/`, keyed by the hash of its source's bytes and its settings, and
//! read from there by later builds; entries no build used for 30 days are pruned.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::cache::file::{touch_if_stale, write_beside_then_rename};
use crate::config::images::{ImageFormat, Images};
use crate::output::Bytes;

/// Where variants are cached, below the site's folder.
pub const CACHE_DIR: &str = ".herald-cache/images";
/// Cached variants no build has used for this long are removed by [`prune_cache`].
pub const CACHE_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);
/// Changes every variant's key when the way variants are made changes.
const VERSION: &[u8] = b"herald image variants 2";

/// An encoding a variant is made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Png,
    Jpeg,
    Webp,
    Avif,
}

impl Kind {
    /// The kind of a PNG, JPEG or WebP file that is not animated; `None` for any other file
    /// (SVG, GIF, animated PNG or WebP), which is printed as it is.
    pub fn of(bytes: &[u8]) -> Option<Kind> {
        match image::guess_format(bytes).ok()? {
            image::ImageFormat::Png if !is_animated_png(bytes) => Some(Kind::Png),
            image::ImageFormat::Jpeg => Some(Kind::Jpeg),
            image::ImageFormat::WebP if !is_animated_webp(bytes) => Some(Kind::Webp),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
            Kind::Webp => "webp",
            Kind::Avif => "avif",
        }
    }

    /// Its MIME type, for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Webp => "image/webp",
            Kind::Avif => "image/avif",
        }
    }

    fn of_format(format: ImageFormat) -> Kind {
        match format {
            ImageFormat::Webp => Kind::Webp,
            ImageFormat::Avif => Kind::Avif,
        }
    }
}

/// An APNG has an `acTL` chunk before its image data.
fn is_animated_png(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let idat = memchr::memmem::find(head, b"IDAT").unwrap_or(head.len());
    memchr::memmem::find(&head[..idat], b"acTL").is_some()
}

/// An animated WebP is an extended one (`VP8X`) with the animation flag.
fn is_animated_webp(bytes: &[u8]) -> bool {
    bytes.len() > 20 && &bytes[12..16] == b"VP8X" && bytes[20] & 0x02 != 0
}

/// A raster image of the site that variants may be made of.
#[derive(Debug, Clone)]
pub struct Source {
    /// Where it is published, below the site root (`smo/a/chart.png`).
    pub site_path: String,
    pub hash: blake3::Hash,
    pub kind: Kind,
    pub width: u32,
    pub height: u32,
}

/// One file of an image's set of variants.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// Its URL from the site's root, with the base-url's path.
    pub url: String,
    pub width: u32,
}

/// What an image is printed with: a `srcset` per extra format (`<source>`) and one of its own
/// format (the `<img>`'s, whose last candidate is the original file).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Set {
    pub sources: Vec<(Kind, Vec<Variant>)>,
    pub own: Vec<Variant>,
    pub sizes: String,
}

/// A variant to make (or read from the cache).
#[derive(Debug, Clone)]
pub struct Job {
    /// Its output path, below the site root.
    pub output: String,
    /// Its cache key: the hash of its source's bytes and its settings.
    key: String,
    kind: Kind,
    width: u32,
    height: u32,
    /// Whether the source is cropped to the job's ratio (around its middle) before it is
    /// resized; else the ratio is the source's.
    fill: bool,
}

impl Job {
    /// Where the cache folder `dir` keeps it.
    pub fn cache_path(&self, dir: &Path) -> std::path::PathBuf {
        dir.join(format!("{}.{}", self.key, self.kind.extension()))
    }
}

/// The job that fits `source` to exactly `size`, cropping its middle to that ratio, in a
/// format every social network reads (its own, or JPEG for a WebP); `None` when the source is
/// that size already, or smaller in either side (never upscaled).
pub fn plan_fit(source: &Source, (width, height): (u32, u32), quality: u8) -> Option<Job> {
    if source.width < width || source.height < height || (source.width, source.height) == (width, height) {
        return None;
    }
    let kind = if source.kind == Kind::Webp { Kind::Jpeg } else { source.kind };
    Some(plan_resize(source, kind, (width, height), true, quality))
}

/// The job that makes `source` `size` pixels in `kind`: cropped around the middle to that
/// ratio first (`fill`), or stretched to it.
pub fn plan_resize(source: &Source, kind: Kind, (width, height): (u32, u32), fill: bool, quality: u8) -> Job {
    let mut h = blake3::Hasher::new();
    h.update(VERSION);
    h.update(if fill { b"fill" } else { b"size" });
    h.update(source.hash.as_bytes());
    h.update(&[kind as u8, quality]);
    h.update(&width.to_le_bytes());
    h.update(&height.to_le_bytes());
    let key = h.finalize().to_hex().to_string();
    let output = sibling(&source.site_path, &format!("{width}x{height}.{}.{}", &key[..10], kind.extension()));
    Job { output, key, kind, width, height, fill }
}

/// `dir/stem-suffix` for the file at `site_path` (`dir/stem.ext`).
fn sibling(site_path: &str, suffix: &str) -> String {
    let (dir, name) = site_path.rsplit_once('/').map_or(("", site_path), |(d, n)| (d, n));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if dir.is_empty() {
        format!("{stem}-{suffix}")
    } else {
        format!("{dir}/{stem}-{suffix}")
    }
}

/// The set of `source` under `settings`, and the files it needs; `None` when the image is no
/// wider than the smallest width (it is printed as it is).
pub fn plan(source: &Source, settings: &Images, base_path: &str) -> Option<(Set, Vec<Job>)> {
    let mut widths: Vec<u32> = settings.widths.iter().copied().filter(|w| *w < source.width).collect();
    if widths.is_empty() {
        return None;
    }
    widths.sort_unstable();
    widths.dedup();
    let mut jobs = Vec::new();
    let mut variant = |kind: Kind, width: u32| {
        let height = ((u64::from(source.height) * u64::from(width) + u64::from(source.width) / 2)
            / u64::from(source.width))
        .max(1) as u32;
        let mut h = blake3::Hasher::new();
        h.update(VERSION);
        h.update(source.hash.as_bytes());
        h.update(&[kind as u8, settings.quality]);
        h.update(&width.to_le_bytes());
        let key = h.finalize().to_hex().to_string();
        let output = sibling(&source.site_path, &format!("{width}.{}.{}", &key[..10], kind.extension()));
        let url = format!("{base_path}{output}");
        jobs.push(Job { output, key, kind, width, height, fill: false });
        Variant { url, width }
    };
    let mut own: Vec<Variant> = widths.iter().map(|w| variant(source.kind, *w)).collect();
    own.push(Variant { url: format!("{base_path}{}", source.site_path), width: source.width });
    let mut sources = Vec::new();
    for format in &settings.formats {
        let kind = Kind::of_format(*format);
        if kind == source.kind || sources.iter().any(|(k, _)| *k == kind) {
            continue;
        }
        let all = widths.iter().chain([&source.width]).map(|w| variant(kind, *w)).collect();
        sources.push((kind, all));
    }
    Some((Set { sources, own, sizes: settings.sizes.clone() }, jobs))
}

/// The variants of one source to make, and where the source's bytes are.
pub struct Work<'a> {
    pub site_path: &'a str,
    pub jobs: &'a [Job],
    pub input: Input<'a>,
}

/// A source's bytes: in memory, or in a file read only when a variant must be encoded.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
}

/// A source's bytes, owned: for work done after the build that read them.
#[derive(Debug, Clone)]
pub enum Owned {
    Bytes(Bytes),
    File(std::path::PathBuf),
}

impl Owned {
    /// Owns what `input` lends.
    pub fn of(input: Input<'_>) -> Owned {
        match input {
            Input::Bytes(b) => Owned::Bytes(Bytes::from(b)),
            Input::File(p) => Owned::File(p.to_path_buf()),
        }
    }

    /// Lends it again.
    pub fn input(&self) -> Input<'_> {
        match self {
            Owned::Bytes(b) => Input::Bytes(b),
            Owned::File(p) => Input::File(p),
        }
    }
}

/// The variants of one image a preview's build printed without (it never waits on an encoder):
/// the file they are made from, to encode after the build.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The source's file on disk: a change of it is what makes the preview build again.
    pub file: std::path::PathBuf,
    site_path: String,
    input: Owned,
    jobs: Vec<Job>,
}

impl Pending {
    pub(super) fn new(file: std::path::PathBuf, site_path: String, input: Owned, jobs: Vec<Job>) -> Pending {
        Pending { file, site_path, input, jobs }
    }

    /// Where the cache folder `dir` will keep its variants.
    pub fn cache_paths<'a>(&'a self, dir: &'a Path) -> impl Iterator<Item = std::path::PathBuf> + 'a {
        self.jobs.iter().map(move |j| j.cache_path(dir))
    }

    /// The cache keys of its variants, so that a preview starts each encoding once.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.jobs.iter().map(|j| j.key.as_str())
    }
}

/// Encodes the `pending` variants into the cache `dir` (in parallel), for the next build to
/// print; returns the files of the images whose variants are all there now.
pub fn encode_pending(pending: &[Pending], quality: u8, dir: &Path) -> Vec<std::path::PathBuf> {
    let work: Vec<Work<'_>> =
        pending.iter().map(|p| Work { site_path: &p.site_path, jobs: &p.jobs, input: p.input.input() }).collect();
    let made = make(&work, quality, &mut Memory::default(), Some(dir), true);
    pending.iter().filter(|p| made.ready.contains(&p.site_path)).map(|p| p.file.clone()).collect()
}

/// How many variants were encoded and how many read from a cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub encoded: usize,
    pub cached: usize,
}

/// Variants made by earlier builds, by key, so that a preview's rebuild reads no file.
#[derive(Default)]
pub struct Memory {
    made: FxHashMap<String, Bytes>,
}

impl Memory {
    /// The entries of `jobs` it holds, as a memory of their own.
    pub fn subset(&self, jobs: &[Job]) -> Memory {
        let made = jobs.iter().filter_map(|j| Some((j.key.clone(), self.made.get(&j.key)?.clone()))).collect();
        Memory { made }
    }

    /// Takes in what `other` holds.
    pub fn merge(&mut self, other: Memory) {
        self.made.extend(other.made);
    }
}

/// What [`make`] gave: the files, the site paths whose variants are all there, the sources that
/// could not be decoded (with why), and the counts.
pub struct Made {
    pub files: Vec<(String, Bytes)>,
    pub ready: FxHashSet<String>,
    pub failed: Vec<(String, String)>,
    pub stats: Stats,
}

/// Makes the variants of every source in parallel, from `memory`, the disk cache `dir`, or (with
/// `encode`) by encoding them; without `encode`, a source is ready only when every variant of it
/// is cached (the preview never waits on an encoder).
pub fn make(work: &[Work<'_>], quality: u8, memory: &mut Memory, dir: Option<&Path>, encode: bool) -> Made {
    if let Some(dir) = dir.filter(|_| encode) {
        // A cache that cannot be written only costs time: variants are encoded every build then.
        let _ = std::fs::create_dir_all(dir);
    }
    let encoded = AtomicUsize::new(0);
    let known = &memory.made;
    // Per source: (key, output path, bytes) of each variant, or why it cannot be decoded.
    type Files = Vec<(String, String, Bytes)>;
    let results: Vec<Result<Files, String>> = work
        .par_iter()
        .map(|w| {
            let mut files = Vec::with_capacity(w.jobs.len());
            let mut decoded: Option<image::DynamicImage> = None;
            for job in w.jobs {
                let cached = dir.map(|d| job.cache_path(d));
                if let Some(b) = known.get(&job.key).cloned().or_else(|| cached.as_deref().and_then(read_cached)) {
                    files.push((job.key.clone(), job.output.clone(), b));
                    continue;
                }
                if !encode {
                    return Ok(Vec::new());
                }
                if decoded.is_none() {
                    let bytes = match w.input {
                        Input::Bytes(b) => std::borrow::Cow::Borrowed(b),
                        Input::File(p) => std::borrow::Cow::Owned(std::fs::read(p).map_err(|e| e.to_string())?),
                    };
                    let mut image = image::load_from_memory(&bytes).map_err(|e| e.to_string())?;
                    image.apply_orientation(super::orientation::of_bytes(&bytes));
                    decoded = Some(image);
                }
                let bytes = encode_variant(decoded.as_ref().expect("decoded above"), job, quality)?;
                encoded.fetch_add(1, Ordering::Relaxed);
                if let Some(path) = cached {
                    write_beside_then_rename(&path, &bytes);
                }
                files.push((job.key.clone(), job.output.clone(), Bytes::from(bytes)));
            }
            Ok(files)
        })
        .collect();
    let mut made = Made { files: Vec::new(), ready: FxHashSet::default(), failed: Vec::new(), stats: Stats::default() };
    let mut next = FxHashMap::default();
    for (w, r) in work.iter().zip(results) {
        match r {
            Ok(files) if files.len() == w.jobs.len() => {
                made.ready.insert(w.site_path.to_string());
                for (key, output, bytes) in files {
                    made.files.push((output, Bytes::clone(&bytes)));
                    next.insert(key, bytes);
                }
            }
            Ok(_) => {}
            Err(e) => made.failed.push((w.site_path.to_string(), e)),
        }
    }
    made.stats.encoded = encoded.into_inner();
    made.stats.cached = made.files.len().saturating_sub(made.stats.encoded);
    memory.made = next;
    made
}

/// `image` resized to the job's size and encoded in its kind.
fn encode_variant(image: &image::DynamicImage, job: &Job, quality: u8) -> Result<Vec<u8>, String> {
    use fast_image_resize as fr;
    let alpha = image.color().has_alpha() && job.kind != Kind::Jpeg;
    let (src, pixel) = if alpha {
        (image.to_rgba8().into_raw(), fr::PixelType::U8x4)
    } else {
        (image.to_rgb8().into_raw(), fr::PixelType::U8x3)
    };
    let src = fr::images::Image::from_vec_u8(image.width(), image.height(), src, pixel).map_err(|e| e.to_string())?;
    let mut dst = fr::images::Image::new(job.width, job.height, pixel);
    let fill = fr::ResizeOptions::new().fit_into_destination(Some((0.5, 0.5)));
    let options = job.fill.then_some(&fill);
    fr::Resizer::new().resize(&src, &mut dst, options).map_err(|e| e.to_string())?;
    encode_pixels(dst.buffer(), (job.width, job.height), alpha, job.kind, quality)
}

/// RGB or RGBA pixels encoded as `kind`.
pub(super) fn encode_pixels(
    pixels: &[u8],
    (width, height): (u32, u32),
    alpha: bool,
    kind: Kind,
    quality: u8,
) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let color = if alpha { image::ExtendedColorType::Rgba8 } else { image::ExtendedColorType::Rgb8 };
    let mut out = Vec::new();
    match kind {
        Kind::Png => image::codecs::png::PngEncoder::new(&mut out)
            .write_image(pixels, width, height, color)
            .map_err(|e| e.to_string())?,
        Kind::Jpeg => image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
            .write_image(pixels, width, height, color)
            .map_err(|e| e.to_string())?,
        Kind::Webp => {
            let encoder = if alpha {
                webp::Encoder::from_rgba(pixels, width, height)
            } else {
                webp::Encoder::from_rgb(pixels, width, height)
            };
            out = encoder.encode_simple(false, f32::from(quality)).map_err(|e| format!("{e:?}"))?.to_vec();
        }
        Kind::Avif => out = encode_avif(pixels, (width, height), alpha, quality)?,
    }
    Ok(out)
}

/// RGB or RGBA pixels as AVIF. Speed 7 of rav1e's 1-10: about as small as the default speed
/// for photos, in about half the time.
fn encode_avif(pixels: &[u8], (width, height): (u32, u32), alpha: bool, quality: u8) -> Result<Vec<u8>, String> {
    let encoder = ravif::Encoder::new().with_quality(f32::from(quality)).with_speed(7);
    let (w, h) = (width as usize, height as usize);
    let encoded = if alpha {
        let px: Vec<ravif::RGBA8> = pixels.chunks_exact(4).map(|p| ravif::RGBA8::new(p[0], p[1], p[2], p[3])).collect();
        encoder.encode_rgba(ravif::Img::new(&px[..], w, h))
    } else {
        let px: Vec<ravif::RGB8> = pixels.chunks_exact(3).map(|p| ravif::RGB8::new(p[0], p[1], p[2])).collect();
        encoder.encode_rgb(ravif::Img::new(&px[..], w, h))
    };
    encoded.map(|e| e.avif_file).map_err(|e| e.to_string())
}

/// A cached variant (marked as used, see [`touch_if_stale`]).
fn read_cached(path: &Path) -> Option<Bytes> {
    let bytes = std::fs::read(path).ok().filter(|b| !b.is_empty())?;
    touch_if_stale(path);
    Some(Bytes::from(bytes))
}

/// Removes the variants of `dir` (and any half-written file) that no build has used for
/// `max_age`. Returns how many went.
pub fn prune_cache(dir: &Path, max_age: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > max_age));
        if old && entry.file_type().is_ok_and(|t| t.is_file()) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// `set` printed around the `<img>` attributes `img_attrs` (everything after `<img `).
pub fn print(out: &mut String, set: &Set, img_attrs: &str) {
    use std::fmt::Write;
    let srcset = |variants: &[Variant]| {
        variants
            .iter()
            .map(|v| format!("{} {}w", crate::escape::escape_href(&v.url), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sizes = crate::escape::escape_html(&set.sizes);
    if !set.sources.is_empty() {
        out.push_str("<picture>");
        for (kind, variants) in &set.sources {
            let _ = write!(out, "<source type=\"{}\" srcset=\"{}\" sizes=\"{sizes}\">", kind.mime(), srcset(variants));
        }
    }
    let _ = write!(out, "<img srcset=\"{}\" sizes=\"{sizes}\" {img_attrs}", srcset(&set.own));
    if !set.sources.is_empty() {
        out.push_str("</picture>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(width: u32, kind: Kind) -> Source {
        Source { site_path: "smo/a/chart.png".into(), hash: blake3::hash(b"x"), kind, width, height: width / 2 }
    }

    #[test]
    fn narrower_widths_and_the_original_are_offered_never_wider() {
        let (set, jobs) = plan(&source(1000, Kind::Png), &Images::default(), "/guide/").unwrap();
        let own: Vec<u32> = set.own.iter().map(|v| v.width).collect();
        assert_eq!(own, [480, 800, 1000]);
        assert_eq!(set.own[2].url, "/guide/smo/a/chart.png");
        assert!(set.own[0].url.starts_with("/guide/smo/a/chart-480.") && set.own[0].url.ends_with(".png"));
        assert_eq!(set.sources.len(), 1);
        let webp: Vec<u32> = set.sources[0].1.iter().map(|v| v.width).collect();
        assert_eq!(webp, [480, 800, 1000]);
        assert_eq!(jobs.len(), 5);
        assert!(jobs.iter().all(|j| j.height * 2 == j.width));
    }

    #[test]
    fn images_no_wider_than_the_smallest_width_are_left_alone() {
        assert!(plan(&source(480, Kind::Jpeg), &Images::default(), "/").is_none());
    }

    #[test]
    fn a_webp_gets_no_second_webp_source() {
        let (set, _) = plan(&source(900, Kind::Webp), &Images::default(), "/").unwrap();
        assert!(set.sources.is_empty());
        let mut out = String::new();
        print(&mut out, &set, "src=\"a.webp\">");
        assert!(out.starts_with("<img srcset=\"/smo/a/chart-480.") && !out.contains("<picture>"), "{out}");
    }

    #[test]
    fn animated_images_are_not_resized() {
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\x02\0\0\0".to_vec();
        webp.resize(40, 0);
        assert!(is_animated_webp(&webp));
        assert!(is_animated_png(b"\x89PNG\r\n\x1a\n....IHDR....acTL....IDAT"));
        assert!(!is_animated_png(b"\x89PNG\r\n\x1a\n....IHDR....IDAT....acTL"));
    }
}
