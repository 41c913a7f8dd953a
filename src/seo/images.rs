//! Social images: a page's own `image`, `[social] default-image`, where they are, their size and
//! type. Social networks show nothing when an image is missing, and a blurry or cropped one when
//! it is small, so both are reported.

use std::path::Path;

use percent_encoding::utf8_percent_encode;
use serde::Serialize;

use crate::config::{find_key, CONFIG_FILE};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, Severity};
use crate::images::orientation;
use crate::images::social::{self, Fits};
pub use crate::images::StaticFiles;
use crate::site::{join_url, static_path, Page, Site, PATH_KEPT};

/// The size social networks ask for (and show without cropping).
pub const MIN_SIZE: (u32, u32) = social::SIZE;

/// The image a page is shared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SocialImage {
    /// Absolute.
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// `image/png`, ... when known from the file name.
    pub mime: Option<&'static str>,
    pub alt: String,
    /// The file's size in bytes, when it is a file of the site (for feed enclosures).
    #[serde(skip)]
    pub length: Option<u64>,
}

/// The MIME type of an image, from its file name (a query or fragment is left out).
pub fn mime_of(path: &str) -> Option<&'static str> {
    let name = path.split(['?', '#']).next()?;
    mime_guess::from_path(name).first_raw().filter(|m| m.starts_with("image/"))
}

/// Where a problem with an image is reported.
struct Place<'p> {
    file: &'p Path,
    position: Option<Position>,
}

/// A page's own `image`: a file of its bundle, a file of `static/`, or an absolute URL; the
/// copy made to 1200x630 when `fits` has one.
pub(super) fn page_image(
    site: &Site,
    page: &Page,
    statics: &StaticFiles<'_>,
    fits: &Fits,
) -> (Option<SocialImage>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let front = &page.source.front;
    let Some(src) = front.image.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        return (None, diags);
    };
    let line = page.source.key_line("image");
    let place = Place { file: &page.source.file, position: Some(Position::new(line, 1)) };
    let alt = front.image_alt.as_deref().map(str::trim).filter(|a| !a.is_empty()).unwrap_or(page.title()).to_string();
    if social::is_remote(src) {
        return (Some(remote(src, alt)), diags);
    }
    let rel = src.trim_start_matches("./");
    let asset = (!src.starts_with('/')).then(|| page.source.assets.iter().find(|(a, _)| a == rel)).flatten();
    let found = match asset {
        Some((name, path)) => Some((
            join_url(&page.urls.permalink, name),
            imagesize::size(path).ok().map(|s| orientation::turn(s, orientation::of_file(path))),
            std::fs::metadata(path).ok().map(|m| m.len()),
        )),
        None => {
            let path = static_path(src);
            statics.get(path).map(|bytes| {
                (join_url(&site.config.site.base_url, path), oriented_size(bytes), Some(bytes.len() as u64))
            })
        }
    };
    let Some((url, size, length)) = found else {
        diags.push(
            Diagnostic::new(Severity::Error, place.file, place.position, format!("the image `{src}` does not exist"))
                .with_help("put it beside the article in a page bundle (content/<section>/<slug>/index.md) or in static/ (`/img/name.png`)"),
        );
        return (None, diags);
    };
    let image = SocialImage { length, ..described(url, size, alt) };
    check_image(&image, src, &place, &mut diags);
    (Some(fitted(site, social::page_image_path(page), fits, image)), diags)
}

/// `image`, or its copy made to measure when `fits` has one for the file at `site_path`.
fn fitted(site: &Site, site_path: Option<String>, fits: &Fits, image: SocialImage) -> SocialImage {
    let Some(f) = site_path.and_then(|p| fits.get(&p)) else { return image };
    let size = imagesize::ImageSize { width: MIN_SIZE.0 as usize, height: MIN_SIZE.1 as usize };
    let url = join_url(&site.config.site.base_url, &f.site_path);
    SocialImage { length: Some(f.length), ..described(url, Some(size), image.alt) }
}

/// `[social] default-image`, for pages without their own.
pub(super) fn default_image(site: &Site, statics: &StaticFiles<'_>, fits: &Fits) -> (Option<SocialImage>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let c = &site.config;
    let src = c.social.default_image.trim();
    if src.is_empty() {
        return (None, diags);
    }
    let alt = if c.social.default_image_alt.trim().is_empty() {
        c.book.title.clone()
    } else {
        c.social.default_image_alt.clone()
    };
    if social::is_remote(src) {
        return (Some(remote(src, alt)), diags);
    }
    let text = std::fs::read_to_string(site.root.join(CONFIG_FILE)).unwrap_or_default();
    let place = Place { file: Path::new(CONFIG_FILE), position: find_key(&text, "default-image") };
    let path = static_path(src);
    let Some(bytes) = statics.get(path) else {
        diags.push(
            Diagnostic::new(Severity::Error, place.file, place.position, format!("`[social] default-image` names `{src}`, which is not in static/"))
                .with_help("put the image in static/ and name it from there (`img/share.png`), or remove the key to draw a card per page"),
        );
        return (None, diags);
    };
    let image = SocialImage {
        length: Some(bytes.len() as u64),
        ..described(join_url(&c.site.base_url, path), oriented_size(bytes), alt)
    };
    check_image(&image, src, &place, &mut diags);
    (Some(fitted(site, social::default_image_path(site), fits, image)), diags)
}

/// Checks that each author's `avatar` that is no URL is a file of `static/`, and an image.
pub(super) fn check_avatars(site: &Site, statics: &StaticFiles<'_>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut text = None;
    for (id, author) in &site.config.authors {
        let src = author.avatar.trim();
        if src.is_empty() || social::is_remote(src) {
            continue;
        }
        let path = crate::site::static_path(src);
        let problem = match statics.get(path) {
            None => format!("the avatar `{src}` of `[authors.{id}]` is not in static/"),
            Some(bytes) if imagesize::blob_size(bytes).is_err() => {
                format!("the avatar `{src}` of `[authors.{id}]` is not a PNG, JPEG, WebP, GIF or AVIF image")
            }
            Some(_) => continue,
        };
        let text: &String =
            text.get_or_insert_with(|| std::fs::read_to_string(site.root.join(CONFIG_FILE)).unwrap_or_default());
        let position = key_in_table(text, &format!("authors.{id}"), "avatar");
        diags.push(Diagnostic::new(Severity::Error, CONFIG_FILE, position, problem).with_help(
            "put the image in static/ and name it from there (`img/authors/ann.jpg`), or give its full URL",
        ));
    }
    diags
}

/// Where `key` is set below the header of `[table]`.
fn key_in_table(text: &str, table: &str, key: &str) -> Option<Position> {
    let header = crate::config::find_table(text, table)?;
    let below: String = text.lines().skip(header.line).collect::<Vec<_>>().join("\n");
    let at = find_key(&below, key)?;
    Some(Position { line: at.line + header.line, column: at.column })
}

/// The size of the image `bytes` as it is shown (turned by its EXIF orientation).
fn oriented_size(bytes: &[u8]) -> Option<imagesize::ImageSize> {
    Some(orientation::turn(imagesize::blob_size(bytes).ok()?, orientation::of_bytes(bytes)))
}

/// An image on another site: its size and length are not known.
fn remote(url: &str, alt: String) -> SocialImage {
    SocialImage { url: url.to_string(), width: None, height: None, mime: mime_of(url), alt, length: None }
}

fn described(url: String, size: Option<imagesize::ImageSize>, alt: String) -> SocialImage {
    let (width, height) = size.map_or((None, None), |s| (u32::try_from(s.width).ok(), u32::try_from(s.height).ok()));
    SocialImage {
        mime: mime_of(&url),
        url: utf8_percent_encode(&url, PATH_KEPT).to_string(),
        width,
        height,
        alt,
        length: None,
    }
}

/// Warns about images social networks show badly or not at all.
fn check_image(image: &SocialImage, src: &str, at: &Place<'_>, diags: &mut Diagnostics) {
    let warn = |code: &str, msg: String, help: &str| {
        Diagnostic::new(Severity::Warning, at.file, at.position, msg).with_code(code).with_help(help)
    };
    if image.mime == Some("image/svg+xml") {
        diags.push(warn(
            "seo/image-format",
            format!("`{src}` is an SVG, which social networks do not show in link previews"),
            "use a PNG or JPEG of 1200x630 pixels",
        ));
        return;
    }
    match (image.width, image.height) {
        (Some(w), Some(h)) if w < MIN_SIZE.0 || h < MIN_SIZE.1 => diags.push(warn(
            "seo/image-size",
            format!(
                "`{src}` is {w}x{h} pixels, smaller than the {}x{} social networks ask for",
                MIN_SIZE.0, MIN_SIZE.1
            ),
            "use an image of at least 1200x630 pixels (a 1.91:1 ratio), or remove `image` to get a generated card",
        )),
        (Some(_), Some(_)) => {}
        // Unreadable, as an image of the body is: an error, not a lint a site may turn off.
        _ => diags.push(
            Diagnostic::new(
                Severity::Error,
                at.file,
                at.position,
                format!("cannot read the size of the image `{src}`: its header is not that of a PNG, JPEG, WebP, GIF or AVIF image"),
            )
            .with_help("save the image again as a PNG or JPEG of 1200x630 pixels"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_come_from_the_extension() {
        assert_eq!(mime_of("a/b.PNG"), Some("image/png"));
        assert_eq!(mime_of("https://x.org/a.jpeg?v=2"), Some("image/jpeg"));
        assert_eq!(mime_of("noext"), None);
    }

    #[test]
    fn static_paths_accept_both_spellings() {
        assert_eq!(static_path("/img/a.png"), "img/a.png");
        assert_eq!(static_path("static/img/a.png"), "img/a.png");
        assert_eq!(static_path("img/a.png"), "img/a.png");
    }

    #[test]
    fn urls_are_percent_encoded() {
        let img = described("https://x.org/my image.png".into(), None, String::new());
        assert_eq!(img.url, "https://x.org/my%20image.png");
    }
}
