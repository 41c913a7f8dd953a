//! Social images made to measure: a page's `image` and `[social] default-image` are what link
//! previews show, at 1200x630 pixels (a 1.91:1 ratio). A larger PNG, JPEG or WebP is cropped
//! around its middle to that ratio and resized to exactly that size, so that a network neither
//! crops it its own way nor downloads a photo of several megabytes; a smaller one is left as it
//! is (`seo` warns about it). The files are made and cached as variants are.

use std::path::PathBuf;

use rustc_hash::FxHashMap;

use super::{files, raster_at, variants, ImageCache};
use crate::cache::Reuse;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::output::Bytes;
use crate::site::{Page, Site};

/// The size social networks ask for, and show without cropping.
pub const SIZE: (u32, u32) = (1200, 630);

/// A social image made to [`SIZE`]: where it is published (below the site root), and its
/// length in bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fitted {
    pub site_path: String,
    pub length: u64,
}

/// The social images made to measure, by the site path of the image each was made from.
pub type Fits = FxHashMap<String, Fitted>;

/// What fitting gave: the images by source, the files to publish and how they were made.
#[derive(Default)]
pub struct Fitting {
    pub fits: Fits,
    pub files: Vec<(String, Bytes)>,
    pub stats: variants::Stats,
}

/// Whether an image is named by an absolute URL (on another site, or given whole).
pub fn is_remote(src: &str) -> bool {
    src.starts_with("https://") || src.starts_with("http://")
}

/// The site path of `page`'s own `image` when it is a file of the site: of the page's bundle
/// when the bundle has a file of that name, else of `static/`.
pub fn page_image_path(page: &Page) -> Option<String> {
    let src = page.source.front.image.as_deref().map(str::trim).filter(|s| !s.is_empty() && !is_remote(s))?;
    let rel = src.trim_start_matches("./");
    if !src.starts_with('/') && page.source.assets.iter().any(|(a, _)| a == rel) {
        let file = page.urls.output_file();
        return Some(format!("{}{rel}", file.trim_end_matches("index.html")));
    }
    Some(crate::site::static_path(src).to_string())
}

/// The site path of `[social] default-image` when it is a file of `static/`.
pub fn default_image_path(site: &Site) -> Option<String> {
    let src = site.config.social.default_image.trim();
    (!src.is_empty() && !is_remote(src)).then(|| crate::site::static_path(src).to_string())
}

/// Where a social image is named, for an error about it.
struct Named {
    file: PathBuf,
    position: Option<Position>,
}

/// Makes the social image of every page and of the config that is larger than [`SIZE`] (with
/// `encode`; else only those cached are given, as the preview never waits on an encoder).
pub fn fit(
    site: &Site,
    statics: &files::StaticFiles<'_>,
    cache: &mut ImageCache,
    reuse: Reuse,
    encode: bool,
) -> (Fitting, Diagnostics) {
    let settings = &site.config.images;
    if !settings.process {
        return (Fitting::default(), Diagnostics::new());
    }
    let mut named: FxHashMap<String, Named> = FxHashMap::default();
    if let Some(path) = default_image_path(site) {
        let text = std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
        let position = crate::config::find_key(&text, "default-image");
        named.insert(path, Named { file: crate::config::CONFIG_FILE.into(), position });
    }
    for page in &site.pages {
        if let Some(path) = page_image_path(page) {
            let position = Some(Position::new(page.source.key_line("image"), 1));
            named.entry(path).or_insert_with(|| Named { file: page.source.file.clone(), position });
        }
    }
    if named.is_empty() {
        return (Fitting::default(), Diagnostics::new());
    }
    let lookup = files::Lookup::new(site, statics);
    let rasters: Vec<(String, super::Raster<'_>, variants::Job)> = named
        .keys()
        .filter_map(|path| {
            let raster = raster_at(path.clone(), &lookup, &cache.known)?;
            let job = variants::plan_fit(&raster.source, SIZE, settings.quality)?;
            Some((path.clone(), raster, job))
        })
        .collect();
    let work: Vec<variants::Work<'_>> = rasters
        .iter()
        .map(|(path, raster, job)| variants::Work {
            site_path: path,
            jobs: std::slice::from_ref(job),
            input: raster.input,
        })
        .collect();
    let dir = site.root.join(variants::CACHE_DIR);
    let made = variants::make(&work, settings.quality, &mut cache.social, Some(&dir), encode);
    let mut diags = Diagnostics::new();
    for (path, why) in &made.failed {
        let at = &named[path];
        diags.push(
            Diagnostic::new(
                crate::diagnostic::Severity::Error,
                &at.file,
                at.position,
                format!("cannot make the 1200x630 social image of `{path}`: {why}"),
            )
            .with_help("save the image again as a PNG, JPEG or WebP, or turn image processing off with `[images] process = false`"),
        );
    }
    let lengths: FxHashMap<&str, u64> = made.files.iter().map(|(p, b)| (p.as_str(), b.len() as u64)).collect();
    let mut fitting = Fitting::default();
    for (path, raster, job) in &rasters {
        if let Some(&length) = lengths.get(job.output.as_str()).filter(|_| made.ready.contains(path)) {
            fitting.fits.insert(path.clone(), Fitted { site_path: job.output.clone(), length });
        }
        if let Some((file, known)) = raster.known.clone().filter(|_| reuse.is_series()) {
            cache.known.insert(file, known);
        }
    }
    fitting.files = made.files;
    fitting.stats = made.stats;
    (fitting, diags)
}
