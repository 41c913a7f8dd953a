//! The share and search preview of `herald serve`: how the page being edited would look as a
//! Google result (desktop and phone) and as a link shared on X, Facebook, LinkedIn, Slack or
//! Discord, WhatsApp and iMessage, with the page's `herald check` findings beside.
//!
//! Everything is drawn from what the served page really emits: its `<head>` is read back
//! ([`head`]), so the previews show the exact strings of its tags. The panel is a page of the
//! server (`/__herald/preview/<page path>`), which a script injected into served pages opens
//! beside the page; nothing of it reaches `herald build`'s output, and it loads nothing from
//! another host.

pub mod cards;
pub mod cut;
pub mod head;
pub mod metrics;
pub mod panel;
pub(super) mod route;

use std::path::{Path, PathBuf};

use crate::diagnostic::{relative_to, Diagnostics};
use crate::output::Output;
use crate::pipeline::Build;
use crate::site::{Item, Site};

/// Where the panel of a page lives: this prefix, then the page's path as served.
pub const PANEL_PREFIX: &str = "/__herald/preview/";
/// The script, injected into served pages, that opens the panel.
pub const LAUNCHER_PATH: &str = "/__herald/preview.js";
/// The launcher: a button in a corner, the shortcut, the panel beside the page.
pub const LAUNCHER_JS: &str = include_str!("launcher.js");

/// The article or section whose page is at output key `key`, if it has a Markdown file.
pub fn item_at(site: &Site, key: &str) -> Option<Item> {
    let is_at = |urls: &crate::site::Urls| {
        key.strip_suffix("index.html").is_some_and(|dir| dir == urls.path.trim_start_matches('/'))
    };
    let page = site.page_ids().find(|&id| is_at(&site.page(id).urls)).map(Item::Page);
    page.or_else(|| {
        site.section_ids()
            .find(|&id| site.section(id).source.is_some() && is_at(&site.section(id).urls))
            .map(Item::Section)
    })
}

/// The `herald check` findings of the page at output key `key` (at book.toml's levels), with
/// its source file relative to `root`; `None` for a page without a Markdown file.
pub fn findings(build: &Build, root: &Path, config_file: Option<&Path>, key: &str) -> Option<(PathBuf, Diagnostics)> {
    let item = item_at(&build.site, key)?;
    let options = crate::check::Options { config_file: config_file.map(Path::to_path_buf), ..Default::default() };
    let found = crate::check::check_page(build, root, &options, item);
    Some((relative_to(&crate::check::origin(&build.site, item), root), found))
}

/// Where the server is and where the site will be published, to show published URLs.
#[derive(Debug, Clone)]
pub struct Bases {
    /// The preview's own base (`http://127.0.0.1:3000/guide/`).
    pub preview: String,
    /// `[site] base-url` (or `--base-url`): `https://example.org/guide/`.
    pub public: String,
}

impl Bases {
    /// `url` as it will be once published.
    pub fn public_url(&self, url: &str) -> String {
        match url.strip_prefix(&self.preview) {
            Some(rest) => format!("{}{rest}", self.public),
            None => url.to_string(),
        }
    }

    /// The origin of the preview (`http://127.0.0.1:3000`).
    fn origin(&self) -> &str {
        let after = self.preview.find("://").map_or(0, |i| i + 3);
        self.preview[after..].find('/').map_or(&self.preview, |i| &self.preview[..after + i])
    }
}

/// The panel of the page at output key `key`, served at `page_path`.
pub fn page_panel(
    output: &Output,
    key: &str,
    page_path: &str,
    bases: &Bases,
    lint: Option<(&Path, &Diagnostics)>,
    open: panel::Open<'_>,
    build: &str,
) -> String {
    let html = output.get(key).map(|b| &b[..]).unwrap_or_default();
    let head = head::parse(html);
    let image = |url: &str| image(output, bases, page_path, url);
    let canonical = head.canonical.clone().unwrap_or_else(|| format!("{}{}", bases.origin(), page_path));
    let favicon = head.icon.as_deref().and_then(|i| local_path(bases, page_path, i));
    let page = cards::Page { head: &head, url: bases.public_url(&canonical), favicon, image: &image };
    let previews = cards::previews(&page);
    panel::render(&panel::Input { page_path, head: &head, previews: &previews, lint, open, build })
}

/// The image at `url` (of a tag of the page at `page_path`): its size read from the served
/// file, or from nothing when it is another host's.
fn image(output: &Output, bases: &Bases, page_path: &str, url: &str) -> cards::Image {
    let src = local_path(bases, page_path, url);
    let base_path = &bases.preview[bases.origin().len()..];
    let bytes = src.as_deref().and_then(|p| p.strip_prefix(base_path)).and_then(|k| output.get(k));
    let size = bytes.and_then(|b| imagesize::blob_size(b).ok());
    cards::Image {
        url: url.to_string(),
        src: src.map(|p| format!("{}{p}", bases.origin())),
        width: size.map(|s| s.width as u32),
        height: size.map(|s| s.height as u32),
        bytes: bytes.map(|b| b.len()),
    }
}

/// `href` as a path of this server, or `None` when it points at another host.
fn local_path(bases: &Bases, page_path: &str, href: &str) -> Option<String> {
    let origin = bases.origin();
    if let Some(rest) = href.strip_prefix(origin) {
        return rest.starts_with('/').then(|| rest.to_string());
    }
    if href.contains("://") || href.starts_with("//") || href.starts_with("data:") {
        return None;
    }
    if href.starts_with('/') {
        return Some(href.to_string());
    }
    let dir = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
    Some(format!("{dir}{href}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_apart_by_host() {
        let b = Bases { preview: "http://127.0.0.1:3000/guide/".into(), public: "https://example.org/guide/".into() };
        assert_eq!(b.origin(), "http://127.0.0.1:3000");
        assert_eq!(b.public_url("http://127.0.0.1:3000/guide/smo/a/"), "https://example.org/guide/smo/a/");
        assert_eq!(
            local_path(&b, "/guide/smo/a/", "http://127.0.0.1:3000/guide/x.png").as_deref(),
            Some("/guide/x.png")
        );
        assert_eq!(local_path(&b, "/guide/smo/a/", "card.png").as_deref(), Some("/guide/smo/a/card.png"));
        assert_eq!(local_path(&b, "/guide/smo/a/", "/favicon.svg").as_deref(), Some("/favicon.svg"));
        assert_eq!(local_path(&b, "/guide/smo/a/", "https://cdn.example.com/x.png"), None);
        assert_eq!(local_path(&b, "/guide/smo/a/", "//cdn.example.com/x.png"), None);
        assert_eq!(local_path(&b, "/guide/smo/a/", "http://127.0.0.1:30000/x.png"), None);
    }
}
