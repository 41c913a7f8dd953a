//! Where an image's file is: the site path an image URL leads to, and the bundle file or static
//! file published at that path.

use std::collections::HashMap;
use std::path::Path;

use crate::output::Bytes;
use crate::site::Site;

/// The site's and theme's static files by output path (the site's win), to find images in.
#[derive(Debug, Default)]
pub struct StaticFiles<'a> {
    files: HashMap<&'a str, &'a [u8]>,
}

impl<'a> StaticFiles<'a> {
    /// Indexes `files`, later ones replacing earlier ones of the same path.
    pub fn new(files: &'a [(String, Bytes)]) -> StaticFiles<'a> {
        StaticFiles { files: files.iter().map(|(p, b)| (p.as_str(), &b[..])).collect() }
    }

    /// A file by its path below `static/`.
    pub fn get(&self, path: &str) -> Option<&'a [u8]> {
        self.files.get(path).copied()
    }
}

/// The files an image may be: every bundle's files by the path they are published at, and the
/// static files.
pub struct Lookup<'a> {
    bundles: HashMap<String, &'a Path>,
    statics: &'a StaticFiles<'a>,
}

/// An image's file.
pub enum File<'a> {
    /// A bundle's file, on disk.
    Bundle(&'a Path),
    /// A static file, already read, with its path below `static/`.
    Static(&'a str, &'a [u8]),
}

impl<'a> Lookup<'a> {
    /// Indexes the bundle files of `site`'s articles.
    pub fn new(site: &'a Site, statics: &'a StaticFiles<'a>) -> Lookup<'a> {
        let mut bundles = HashMap::new();
        for p in &site.pages {
            let file = p.urls.output_file();
            let dir = file.trim_end_matches("index.html");
            for (rel, path) in &p.source.assets {
                bundles.insert(format!("{dir}{rel}"), path.as_path());
            }
        }
        Lookup { bundles, statics }
    }

    /// Every file's path below the site root (a bundle's file and a static file of one path
    /// are one).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        let statics = self.statics.files.keys().copied().filter(|p| !self.bundles.contains_key(*p));
        self.bundles.keys().map(String::as_str).chain(statics)
    }

    /// The file published at `path` (below the site root, no leading `/`): a bundle's file
    /// first, as the output has it.
    pub fn get(&self, path: &str) -> Option<File<'a>> {
        if let Some(p) = self.bundles.get(path) {
            return Some(File::Bundle(p));
        }
        self.statics.files.get_key_value(path).map(|(k, b)| File::Static(k, b))
    }
}

impl File<'_> {
    /// The file's name for messages, relative to the site's `root`.
    pub fn name(&self, root: &Path) -> String {
        match self {
            File::Bundle(p) => crate::diagnostic::relative_to(p, root).display().to_string(),
            File::Static(p, _) => format!("static/{p}"),
        }
    }

    fn is_svg(&self) -> bool {
        let name = match self {
            File::Bundle(p) => p.to_string_lossy(),
            File::Static(p, _) => (*p).into(),
        };
        name.rsplit_once('.').is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("svg"))
    }

    /// Its width and height in pixels, from its header (an SVG's from its root element).
    pub fn size(&self) -> Result<(u32, u32), String> {
        if self.is_svg() {
            let bytes = match self {
                File::Bundle(p) => std::borrow::Cow::Owned(std::fs::read(p).map_err(|e| e.to_string())?),
                File::Static(_, b) => std::borrow::Cow::Borrowed(*b),
            };
            return svg_size(&bytes);
        }
        let (size, turned) = match self {
            File::Bundle(p) => (imagesize::size(p), super::orientation::of_file(p)),
            File::Static(_, b) => (imagesize::blob_size(b), super::orientation::of_bytes(b)),
        };
        let size = size.map_err(|e| match e {
            imagesize::ImageError::IoError(e) if e.kind() != std::io::ErrorKind::UnexpectedEof => e.to_string(),
            _ => "its header is not that of an image".to_string(),
        })?;
        match (u32::try_from(size.width), u32::try_from(size.height)) {
            (Ok(w), Ok(h)) if w > 0 && h > 0 => Ok(super::orientation::shown((w, h), turned)),
            _ => Err(format!("it claims a size of {}x{} pixels", size.width, size.height)),
        }
    }
}

/// An SVG's size: its `width` and `height`, else its `viewBox`'s.
fn svg_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let tree = resvg::usvg::Tree::from_data(bytes, &resvg::usvg::Options::default()).map_err(|e| e.to_string())?;
    let size = tree.size();
    Ok((size.width().round().max(1.0) as u32, size.height().round().max(1.0) as u32))
}

/// The path below the site root that an image URL written in the page at `page_path`
/// (`/smo/a/`) leads to; `None` for an image on another site (or a `data:` URL).
pub fn site_path(src: &str, page_path: &str, base_path: &str) -> Option<String> {
    if src.starts_with("//") || src.split_once(':').is_some_and(|(s, _)| !s.is_empty() && !s.contains('/')) {
        return None;
    }
    let path = src.split(['?', '#']).next().unwrap_or_default();
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let (start, rest) = match path.strip_prefix('/') {
        Some(abs) => {
            let abs = format!("/{abs}");
            ("", abs.strip_prefix(base_path).unwrap_or(&abs[1..]).to_string())
        }
        None => (page_path, path.into_owned()),
    };
    let mut parts: Vec<&str> = start.split('/').filter(|p| !p.is_empty()).collect();
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_urls_lead_to_site_paths() {
        assert_eq!(site_path("chart.png", "/smo/a/", "/").as_deref(), Some("smo/a/chart.png"));
        assert_eq!(site_path("./img/c%20d.png?v=1", "/smo/a/", "/").as_deref(), Some("smo/a/img/c d.png"));
        assert_eq!(site_path("../b/x.png", "/smo/a/", "/").as_deref(), Some("smo/b/x.png"));
        assert_eq!(site_path("/guide/img/x.png", "/guide/smo/a/", "/guide/").as_deref(), Some("img/x.png"));
        assert_eq!(site_path("/img/x.png", "/smo/a/", "/").as_deref(), Some("img/x.png"));
        assert_eq!(site_path("https://x.org/a.png", "/", "/"), None);
        assert_eq!(site_path("//x.org/a.png", "/", "/"), None);
        assert_eq!(site_path("data:image/png;base64,AAAA", "/", "/"), None);
    }

    #[test]
    fn svg_sizes_come_from_the_root_element() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"></svg>"#;
        assert_eq!(svg_size(svg), Ok((120, 40)));
        assert!(svg_size(b"not svg").is_err());
    }
}
