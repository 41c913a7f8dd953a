//! `resize_image()` for templates and shortcodes: a copy of an image of the site at another
//! size (fitted into a box, filling it by cropping the middle, or scaled to it), in its own
//! format or another, made and cached as variants are. The function runs while pages render,
//! so it works on owned data: the site's raster images by site path, and a list of the files
//! it made, which the build publishes.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use super::variants::{self, Input, Kind, Owned};
use crate::output::Bytes;

/// How an image is brought to the asked size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Inside the box, keeping the ratio: the result may be narrower or lower than asked.
    Fit,
    /// The box exactly, keeping the ratio by cropping around the middle.
    Fill,
    /// The box exactly, stretched.
    Scale,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        match s {
            "fit" => Some(Op::Fit),
            "fill" => Some(Op::Fill),
            "scale" => Some(Op::Scale),
            _ => None,
        }
    }
}

/// What was asked: a box (a side left out is not bounded), how, and in which format (`None`:
/// the image's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub op: Op,
    pub kind: Option<Kind>,
}

impl Ask {
    /// Reads the function's arguments (`width`, `height`, `op`, `format`).
    pub fn parse(
        width: Option<u64>,
        height: Option<u64>,
        op: Option<&str>,
        format: Option<&str>,
    ) -> Result<Ask, String> {
        let side = |v: Option<u64>, name: &str| -> Result<Option<u32>, String> {
            match v {
                None => Ok(None),
                Some(n @ 1..=10_000) => Ok(Some(n as u32)),
                Some(n) => Err(format!("`{name}` is a size in pixels from 1 to 10000, not {n}")),
            }
        };
        let (width, height) = (side(width, "width")?, side(height, "height")?);
        let op = match op {
            None => Op::Fit,
            Some(s) => Op::parse(s).ok_or_else(|| format!("`op` is \"fit\", \"fill\" or \"scale\", not \"{s}\""))?,
        };
        if op != Op::Fit && (width.is_none() || height.is_none()) {
            return Err("`fill` and `scale` need both `width` and `height`".into());
        }
        if width.is_none() && height.is_none() {
            return Err("give `width`, `height` or both".into());
        }
        let kind = match format {
            None | Some("auto") => None,
            Some("jpg" | "jpeg") => Some(Kind::Jpeg),
            Some("png") => Some(Kind::Png),
            Some("webp") => Some(Kind::Webp),
            Some("avif") => Some(Kind::Avif),
            Some(f) => {
                return Err(format!("`format` is \"auto\", \"jpg\", \"png\", \"webp\" or \"avif\", not \"{f}\""))
            }
        };
        Ok(Ask { width, height, op, kind })
    }

    /// The size the result has, for a source of `(w, h)`: never larger than the source (a box
    /// larger than it shrinks, keeping its own ratio, until it fits).
    pub fn size(&self, (w, h): (u32, u32)) -> (u32, u32) {
        let round = |v: f64| (v.round() as u32).max(1);
        match (self.op, self.width, self.height) {
            (Op::Fit, bw, bh) => {
                let sx = bw.map_or(f64::INFINITY, |b| f64::from(b) / f64::from(w));
                let sy = bh.map_or(f64::INFINITY, |b| f64::from(b) / f64::from(h));
                let s = sx.min(sy).min(1.0);
                (round(f64::from(w) * s), round(f64::from(h) * s))
            }
            (_, Some(bw), Some(bh)) => {
                let s = (f64::from(w) / f64::from(bw)).min(f64::from(h) / f64::from(bh)).min(1.0);
                (round(f64::from(bw) * s), round(f64::from(bh) * s))
            }
            _ => (w, h),
        }
    }
}

/// A raster image of the site that may be resized.
#[derive(Clone)]
struct Image {
    source: variants::Source,
    input: Owned,
}

/// A copy's output path and bytes, `None` while it waits to be encoded, or why it cannot be
/// made.
type Copy = Result<Option<(String, Bytes)>, String>;

/// The copies made by the calls of one render, when [`capturing`] it (a page's render).
type Copies = Vec<(String, Bytes)>;

thread_local! {
    static CAPTURED: std::cell::RefCell<Option<Copies>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (a page's render, on this thread), and returns with its result the copies its
/// calls made: a page reused by a later build no longer calls, but still shows them.
pub fn capturing<T>(f: impl FnOnce() -> T) -> (T, Copies) {
    let outer = CAPTURED.with(|c| c.replace(Some(Vec::new())));
    let out = f();
    let copies = CAPTURED.with(|c| c.replace(outer)).unwrap_or_default();
    (out, copies)
}

/// What a call gives a template.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Resized {
    /// From the site root, with the base-url's path.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub orig_width: u32,
    pub orig_height: u32,
}

/// The site's raster images and the files made from them by this build's calls.
#[derive(Default)]
pub struct Resizer {
    images: FxHashMap<String, Image>,
    quality: u8,
    base_path: String,
    cache_dir: Option<PathBuf>,
    encode: bool,
    /// How many copies a preview printed the original for have been cached since: pages that
    /// call the function render again when one arrives.
    arrived: u64,
    /// The site's folder and theme, where the images' files are.
    origin: (PathBuf, String),
    made: Mutex<FxHashMap<String, Bytes>>,
    /// The copies not cached, which a preview (that does not encode) encodes after its build.
    pending: Mutex<Vec<variants::Pending>>,
    /// How many copies this build's calls encoded.
    encoded: AtomicUsize,
    /// Each copy asked for, by output path, made by the first call that asks.
    copies: Mutex<FxHashMap<String, Arc<std::sync::OnceLock<Copy>>>>,
}

/// Where the files of the site's images come from, for the copies a preview encodes later.
pub(super) struct Origin {
    pub root: PathBuf,
    pub theme: String,
    pub arrived: u64,
}

impl Resizer {
    /// A resizer of `images` (site path, source, bytes or file), under `[images] quality`,
    /// caching in `cache_dir`; without `encode` only cached copies are given (the preview).
    pub(super) fn new(
        images: Vec<(String, variants::Source, Input<'_>)>,
        quality: u8,
        base_path: &str,
        cache_dir: Option<PathBuf>,
        (encode, origin): (bool, Origin),
    ) -> Resizer {
        let images =
            images.into_iter().map(|(path, source, input)| (path, Image { source, input: Owned::of(input) })).collect();
        Resizer {
            images,
            quality,
            base_path: base_path.to_string(),
            cache_dir,
            encode,
            arrived: origin.arrived,
            origin: (origin.root, origin.theme),
            made: Mutex::default(),
            pending: Mutex::default(),
            encoded: AtomicUsize::new(0),
            copies: Mutex::default(),
        }
    }

    /// A digest of every image the function can read: pages that call it are rendered again
    /// when one changes.
    pub fn digest(&self) -> [u8; 32] {
        let mut paths: Vec<(&String, &Image)> = self.images.iter().collect();
        paths.sort_unstable_by_key(|(p, _)| *p);
        let mut h = blake3::Hasher::new();
        for (path, image) in paths {
            h.update(path.as_bytes());
            h.update(image.source.hash.as_bytes());
        }
        h.update(&[self.quality, u8::from(self.encode)]);
        h.update(&self.arrived.to_le_bytes());
        *h.finalize().as_bytes()
    }

    /// The copy of the image at `path` that `ask` describes: `path` is below the site root
    /// (`img/a.png`, `/img/a.png`, `static/img/a.png`, or with the base-url's path,
    /// `/guide/img/a.png`, all name one file).
    pub fn resize(&self, path: &str, ask: &Ask) -> Result<Resized, String> {
        let rooted = path.strip_prefix(self.base_path.as_str()).filter(|_| path.starts_with('/'));
        let key = rooted.unwrap_or(path.trim_start_matches('/'));
        let key = match key.strip_prefix("static/") {
            Some(k) if !self.images.contains_key(key) => k,
            _ => key,
        };
        let image = self.images.get(key).ok_or_else(|| {
            format!("`{path}` is not a PNG, JPEG or WebP image of the site (a file of static/ or of a page bundle, by its path below the site root)")
        })?;
        let src = &image.source;
        let size = ask.size((src.width, src.height));
        let kind = ask.kind.unwrap_or(src.kind);
        let orig = |url: String| Resized {
            url,
            width: src.width,
            height: src.height,
            orig_width: src.width,
            orig_height: src.height,
        };
        if size == (src.width, src.height) && kind == src.kind {
            return Ok(orig(format!("{}{}", self.base_path, src.site_path)));
        }
        let job = variants::plan_resize(src, kind, size, ask.op == Op::Fill, self.quality);
        // Many pages call for one copy (a footer's): the first call makes it, the others wait.
        let cell =
            Arc::clone(self.copies.lock().unwrap_or_else(|e| e.into_inner()).entry(job.output.clone()).or_default());
        let Some((output, bytes)) = cell
            .get_or_init(|| self.copy(image, job))
            .clone()
            .map_err(|why| format!("cannot resize `{path}`: {why}"))?
        else {
            // The preview never encodes: the original stands in until the copy is encoded
            // after the build.
            return Ok(orig(format!("{}{}", self.base_path, src.site_path)));
        };
        let url = format!("{}{output}", self.base_path);
        // A page's render keeps its copies with it; other calls (shortcodes) are gathered here.
        let captured =
            CAPTURED.with(|c| c.borrow_mut().as_mut().map(|copies| copies.push((output.clone(), bytes.clone()))));
        if captured.is_none() {
            self.made.lock().unwrap_or_else(|e| e.into_inner()).insert(output, bytes);
        }
        Ok(Resized { url, width: size.0, height: size.1, orig_width: src.width, orig_height: src.height })
    }

    /// The copy `job` makes of `image`, from a cache or encoded; `None` when it is not cached
    /// and this build does not encode (it is left pending for the preview).
    fn copy(&self, image: &Image, job: variants::Job) -> Copy {
        let src = &image.source;
        let input = image.input.input();
        let work = [variants::Work { site_path: &src.site_path, jobs: std::slice::from_ref(&job), input }];
        let mut memory = variants::Memory::default();
        let made = variants::make(&work, self.quality, &mut memory, self.cache_dir.as_deref(), self.encode);
        if let Some((_, why)) = made.failed.into_iter().next() {
            return Err(why);
        }
        self.encoded.fetch_add(made.stats.encoded, Ordering::Relaxed);
        let copy = made.files.into_iter().next();
        if copy.is_none() {
            let file = super::source_file(input, &src.site_path, &self.origin.0, &self.origin.1);
            let pending = variants::Pending::new(file, src.site_path.clone(), image.input.clone(), vec![job]);
            self.pending.lock().unwrap_or_else(|e| e.into_inner()).push(pending);
        }
        Ok(copy)
    }

    /// The copies this build's calls printed the original for, for the preview to encode; the
    /// cache files they will be are awaited by `cache`, so that the pages that call the
    /// function render again when one arrives.
    pub fn take_pending(&self, cache: &mut super::ImageCache) -> Vec<variants::Pending> {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if let Some(dir) = &self.cache_dir {
            cache.resize_awaited = pending.iter().flat_map(|p| p.cache_paths(dir)).collect();
        }
        pending
    }

    /// How many copies this build's calls encoded.
    pub fn encoded(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// The files the calls of this build made outside a page's render (shortcodes), by output
    /// path.
    pub fn take_files(&self) -> Vec<(String, Bytes)> {
        let mut files: Vec<(String, Bytes)> =
            std::mem::take(&mut *self.made.lock().unwrap_or_else(|e| e.into_inner())).into_iter().collect();
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

/// The resizer of `site`'s raster images, when a template calls `resize_image` (`used`); an
/// empty one otherwise, so that a site that does not pays nothing.
pub fn resizer(
    site: &crate::site::Site,
    statics: &super::StaticFiles<'_>,
    cache: &mut super::ImageCache,
    used: bool,
    encode: bool,
) -> Arc<Resizer> {
    if !used {
        return Arc::default();
    }
    let awaited = cache.resize_awaited.len();
    cache.resize_awaited.retain(|p| !p.exists());
    cache.resize_arrived += (awaited - cache.resize_awaited.len()) as u64;
    let lookup = super::Lookup::new(site, statics);
    let raster_name = |p: &&str| {
        let ext = p.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        matches!(ext.as_deref(), Some("png" | "jpg" | "jpeg" | "webp"))
    };
    let images = lookup
        .paths()
        .filter(raster_name)
        .filter_map(|path| {
            let raster = super::raster_at(path.to_string(), &lookup, &cache.known)?;
            Some((path.to_string(), raster.source, raster.input))
        })
        .collect();
    let dir = site.root.join(variants::CACHE_DIR);
    let origin =
        Origin { root: site.root.clone(), theme: site.config.site.theme.clone(), arrived: cache.resize_arrived };
    Arc::new(Resizer::new(images, site.config.images.quality, site.config.base_path(), Some(dir), (encode, origin)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(width: Option<u32>, height: Option<u32>, op: Op) -> Ask {
        Ask { width, height, op, kind: None }
    }

    #[test]
    fn sizes_follow_the_op_and_never_grow() {
        assert_eq!(ask(Some(400), Some(400), Op::Fit).size((1600, 900)), (400, 225));
        assert_eq!(ask(None, Some(300), Op::Fit).size((1600, 900)), (533, 300));
        assert_eq!(ask(Some(4000), None, Op::Fit).size((1600, 900)), (1600, 900));
        assert_eq!(ask(Some(400), Some(400), Op::Fill).size((1600, 900)), (400, 400));
        assert_eq!(ask(Some(300), Some(100), Op::Scale).size((1600, 900)), (300, 100));
        // A box larger than the image shrinks to fit it, keeping its ratio.
        assert_eq!(ask(Some(2000), Some(1000), Op::Fill).size((1600, 900)), (1600, 800));
    }

    #[test]
    fn arguments_are_checked() {
        assert!(Ask::parse(Some(10), None, Some("fill"), None).unwrap_err().contains("both"));
        assert!(Ask::parse(None, None, None, None).is_err());
        assert!(Ask::parse(Some(0), None, None, None).unwrap_err().contains("from 1 to 10000"));
        assert!(Ask::parse(Some(10), None, Some("crop"), None).unwrap_err().contains("\"crop\""));
        assert!(Ask::parse(Some(10), None, None, Some("gif")).unwrap_err().contains("\"gif\""));
        assert_eq!(Ask::parse(Some(10), None, None, Some("jpeg")).unwrap().kind, Some(Kind::Jpeg));
    }
}
