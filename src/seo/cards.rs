//! Social cards: a 1200x630 PNG for every page without an image of its own, drawn from an SVG
//! with resvg (pure Rust) and the theme's fonts only, so a card is the same on every machine.
//!
//! Drawing costs 10-20 ms a card, so cards are cached by the hash of their SVG (which holds every
//! input: text, colours, layout) and of the fonts: an unchanged card is read back, never redrawn.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;
use resvg::{tiny_skia, usvg};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::{SocialImage, CARD_FILE};
use crate::cache::blobs::Blobs;
use crate::config::Social;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::escape::escape_xml;
use crate::output::Bytes;
use crate::site::{join_url, Urls};

/// The cache of drawn cards, below the site root (safe to delete at any time).
pub const CACHE_DIR: &str = ".herald-cache/cards";
/// Card size: what Facebook, LinkedIn and X show in full.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
/// Cached cards no build has used for this long are removed by [`prune_cache`].
pub const CACHE_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);
/// Changes whenever the drawing code changes, so that older cached cards are not reused.
// 3: palette cards unfiltered at high compression (a third smaller than 2's).
const VERSION: &str = "herald-card-3";
const MARGIN: f32 = 80.0;
const TEXT_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;
/// Title sizes tried from the largest down, until the title fits.
const TITLE_SIZES: [f32; 6] = [76.0, 68.0, 60.0, 54.0, 48.0, 44.0];
const LINE_HEIGHT: f32 = 1.18;
/// The band the title is centred in.
const TITLE_TOP: f32 = 170.0;
const TITLE_BOTTOM: f32 = 490.0;
const LABEL_SIZE: f32 = 30.0;
const LABEL_SPACING: f32 = 3.0;
const SITE_SIZE: f32 = 34.0;

/// What a card says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct CardSpec {
    /// The site's name, at the bottom.
    pub site: String,
    /// The page's title, large, wrapped to fit.
    pub title: String,
    /// The section (or "Tag"), small, above the title; may be empty.
    pub label: String,
}

/// A card to draw and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardJob {
    /// Output path (`smo/what-is-smo/social-card.png`).
    pub output: String,
    /// Absolute URL of the card.
    pub url: String,
    pub spec: CardSpec,
    /// The page's file (its URL path when it has none, as a tag's page), for messages.
    pub page: PathBuf,
    /// The page's URL path, for messages.
    pub page_url: String,
}

impl CardJob {
    /// The card of the page at `urls`, beside its `index.html`; `page` is the page's file.
    pub fn new(urls: &Urls, spec: CardSpec, base_url: &str, page: PathBuf) -> CardJob {
        let file = urls.output_file();
        let output = format!("{}{CARD_FILE}", file.strip_suffix("index.html").unwrap_or(&file));
        let encoded = percent_encoding::utf8_percent_encode(&output, crate::site::PATH_KEPT).to_string();
        CardJob { url: join_url(base_url, &encoded), output, spec, page, page_url: urls.path.clone() }
    }

    /// The image as pages describe it.
    pub fn image(&self, alt: String) -> SocialImage {
        // The length is known only once the card is drawn.
        SocialImage {
            url: self.url.clone(),
            width: Some(WIDTH),
            height: Some(HEIGHT),
            mime: Some("image/png"),
            alt,
            length: None,
        }
    }
}

/// How many cards a build drew and how many it read from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CardStats {
    pub drawn: usize,
    pub cached: usize,
}

/// The `[social]` colours of a card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CardStyle {
    pub background: String,
    pub foreground: String,
    pub accent: String,
}

impl CardStyle {
    /// The colours `social` asks for.
    pub fn of(social: &Social) -> CardStyle {
        CardStyle {
            background: social.card_background.clone(),
            foreground: social.card_foreground.clone(),
            accent: social.card_accent.clone(),
        }
    }
}

/// Draws cards with the theme's fonts and the `[social]` colours.
pub struct CardRenderer {
    options: usvg::Options<'static>,
    /// The font files, for measuring text, in the order fonts are tried.
    fonts: Vec<Bytes>,
    /// The CSS font-family list of the loaded fonts.
    families: String,
    /// Hash of the fonts and the drawing version: part of every cache key.
    fonts_key: blake3::Hash,
    style: CardStyle,
}

impl CardRenderer {
    /// Loads `fonts` (name, bytes; tried in this order) into a font database of their own: no
    /// system font is ever looked up.
    pub fn new(fonts: &[(String, Bytes)], style: CardStyle) -> Result<CardRenderer, String> {
        let mut db = usvg::fontdb::Database::new();
        let mut usable = Vec::new();
        for (name, bytes) in fonts {
            if FontRef::new(bytes).is_err() {
                return Err(format!("the font `{name}` cannot be read as TrueType or OpenType"));
            }
            db.load_font_data(bytes.to_vec());
            usable.push(bytes.clone());
        }
        let mut families: Vec<String> = Vec::new();
        for face in db.faces() {
            if let Some((family, _)) = face.families.first() {
                if !families.contains(family) {
                    families.push(family.clone());
                }
            }
        }
        let Some(first) = families.first().cloned() else {
            return Err("the theme has no fonts/ folder with a .ttf or .otf font to draw social cards with".into());
        };
        let mut options = usvg::Options { font_family: first, ..usvg::Options::default() };
        options.fontdb = Arc::new(db);
        Ok(CardRenderer {
            options,
            fonts: usable,
            families: families.iter().map(|f| format!("'{}'", f.replace('\'', ""))).collect::<Vec<_>>().join(", "),
            fonts_key: fonts_key(fonts),
            style,
        })
    }

    /// Whether this renderer is the one `fonts` and `style` make: then its cards are theirs.
    pub fn is_made_from(&self, fonts: &[(String, Bytes)], style: &CardStyle) -> bool {
        self.style == *style && self.fonts_key == fonts_key(fonts)
    }

    /// The SVG of a card: the text laid out to fit, every input of the picture in one string.
    pub fn svg(&self, spec: &CardSpec) -> String {
        let m = Measure::new(&self.fonts);
        let title = m.drawable(&spec.title);
        let (size, lines) = m.fit_title(&title);
        let label = m.truncate(&m.drawable(&spec.label).to_uppercase(), LABEL_SIZE, LABEL_SPACING, TEXT_WIDTH);
        let site = m.truncate(&m.drawable(&spec.site), SITE_SIZE, 0.0, TEXT_WIDTH);
        let CardStyle { background: bg, foreground: fg, accent } = &self.style;
        let font = format!("font-family=\"{}\" font-weight=\"700\"", escape_xml(&self.families));
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\n\
             <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{bg}\"/>\n\
             <rect width=\"16\" height=\"{HEIGHT}\" fill=\"{accent}\"/>\n\
             <circle cx=\"1130\" cy=\"600\" r=\"170\" fill=\"none\" stroke=\"{accent}\" stroke-width=\"24\" stroke-opacity=\"0.3\"/>\n"
        );
        if !label.is_empty() {
            svg.push_str(&format!(
                "<text x=\"{MARGIN}\" y=\"120\" {font} font-size=\"{LABEL_SIZE}\" letter-spacing=\"{LABEL_SPACING}\" fill=\"{accent}\">{}</text>\n",
                escape_xml(&label)
            ));
        }
        // Centre the title's lines in their band: cap height ~0.73 em sits above the baseline.
        let block = (lines.len().max(1) - 1) as f32 * size * LINE_HEIGHT + size * 0.73;
        let first = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - block) / 2.0 + size * 0.73;
        for (i, line) in lines.iter().enumerate() {
            let y = first + i as f32 * size * LINE_HEIGHT;
            svg.push_str(&format!(
                "<text x=\"{MARGIN}\" y=\"{y:.1}\" {font} font-size=\"{size}\" fill=\"{fg}\">{}</text>\n",
                escape_xml(line)
            ));
        }
        svg.push_str(&format!(
            "<rect x=\"{MARGIN}\" y=\"518\" width=\"64\" height=\"8\" rx=\"4\" fill=\"{accent}\"/>\n"
        ));
        if !site.is_empty() {
            svg.push_str(&format!(
                "<text x=\"{MARGIN}\" y=\"580\" {font} font-size=\"{SITE_SIZE}\" fill=\"{fg}\" fill-opacity=\"0.85\">{}</text>\n",
                escape_xml(&site)
            ));
        }
        svg.push_str("</svg>\n");
        svg
    }

    /// Renders an SVG to a PNG of the card's size: indexed colour when it has at most 256
    /// colours (exact), else RGB.
    pub fn png(&self, svg: &str) -> Result<Vec<u8>, String> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| e.to_string())?;
        let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("cannot allocate the card")?;
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        // The background is opaque, so the premultiplied pixels are the colours themselves and
        // the alpha channel can go.
        let pixels = pixmap.data().chunks_exact(4).map(|p| [p[0], p[1], p[2]]);
        let mut out = Vec::with_capacity(32 * 1024);
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        // A card is a few flat colours and their anti-aliased blends: usually under 256 colours,
        // which a palette stores losslessly in a third of the bytes (a build holds every card in
        // memory, and networks fetch them faster).
        let data = match palette(pixels.clone()) {
            Some((colours, indices)) => {
                encoder.set_color(png::ColorType::Indexed);
                encoder.set_palette(colours);
                // Row filters predict smooth gradients, not palette indices: unfiltered rows of
                // flat runs compress best. A card is drawn once and cached, so the slower
                // compression is paid once and saves bytes on every build and every fetch.
                encoder.set_compression(png::Compression::High);
                encoder.set_filter(png::Filter::NoFilter);
                indices
            }
            None => {
                encoder.set_color(png::ColorType::Rgb);
                pixels.flatten().collect()
            }
        };
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&data).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
        Ok(out)
    }

    /// A warning for each card with characters no font of the theme has (they are left out of
    /// the picture), naming the page and the characters.
    pub fn missing_glyphs(&self, jobs: &[CardJob]) -> Diagnostics {
        let m = Measure::new(&self.fonts);
        let mut diags = Diagnostics::new();
        for job in jobs {
            let mut missing = Vec::new();
            let CardSpec { site, title, label } = &job.spec;
            for text in [title, &label.to_uppercase(), site] {
                m.missing(text, &mut missing);
            }
            if missing.is_empty() {
                continue;
            }
            let shown: Vec<String> = missing.iter().take(8).map(|c| format!("`{c}` (U+{:04X})", *c as u32)).collect();
            let more = if missing.len() > 8 { format!(" and {} more", missing.len() - 8) } else { String::new() };
            diags.push(
                Diagnostic::file_warning(
                    &job.page,
                    format!(
                        "the social card of `{}` leaves out {}{more}: no font of the theme has them",
                        job.page_url,
                        shown.join(", ")
                    ),
                )
                .with_help(
                    "add a font that has them to the theme's `fonts/` folder (for Chinese, Japanese or Korean: Noto Sans CJK, OFL); each character is drawn with the first font, by file name, that has it",
                ),
            );
        }
        diags
    }

    /// The cache key of an SVG drawn with these fonts.
    fn key(&self, svg: &str) -> String {
        let mut h = blake3::Hasher::new();
        h.update(self.fonts_key.as_bytes());
        h.update(svg.as_bytes());
        h.finalize().to_hex().to_string()
    }
}

/// The hash of the fonts (the order they are tried in included) and of the drawing version.
fn fonts_key(fonts: &[(String, Bytes)]) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(VERSION.as_bytes());
    for (_, bytes) in fonts {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.finalize()
}

/// A card's PNG, with the cache file that holds the same bytes (for a build to link, not write).
#[derive(Debug, Clone)]
pub struct CardFile {
    /// Output path.
    pub output: String,
    pub png: Bytes,
    pub cached: Option<Arc<Path>>,
}

/// Draws every card in parallel, reading unchanged ones from `cache` (a folder, created when
/// missing). Returns the PNGs, and how many were drawn and read.
pub fn draw(
    jobs: &[CardJob],
    renderer: &CardRenderer,
    cache: Option<&Path>,
    progress: Option<&crate::output::Counter>,
) -> (Vec<CardFile>, CardStats, Diagnostics) {
    if let Some(p) = progress {
        p.start(jobs.len());
    }
    // Not for nothing to draw: a preview's save draws no card or few, and listing a cache of
    // thousands of cards would cost it more than the cards.
    let blobs = cache.filter(|_| !jobs.is_empty()).map(|dir| Blobs::open(dir, "png"));
    let drawn = AtomicUsize::new(0);
    let results: Vec<Result<CardFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let svg = renderer.svg(&job.spec);
            let key = renderer.key(&svg);
            let found = blobs.as_ref().and_then(|b| b.get(&key)).filter(|b| is_card_png(&b.bytes));
            if let Some(blob) = found {
                return Ok(CardFile {
                    output: job.output.clone(),
                    png: Bytes::from(blob.bytes),
                    cached: Some(blob.path),
                });
            }
            let png = renderer.png(&svg).map_err(|e| {
                Diagnostic::file_error(&job.output, format!("cannot draw the social card “{}”: {e}", job.spec.title))
            })?;
            drawn.fetch_add(1, Ordering::Relaxed);
            let cached = blobs.as_ref().and_then(|b| b.put(&key, &png));
            Ok(CardFile { output: job.output.clone(), png: Bytes::from(png), cached })
        })
        .inspect(|_| progress.map_or((), crate::output::Counter::bump))
        .collect();
    let mut files = Vec::with_capacity(jobs.len());
    let mut diags = Diagnostics::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    let drawn = drawn.into_inner();
    let stats = CardStats { drawn, cached: files.len().saturating_sub(drawn) };
    (files, stats, diags)
}

/// Removes the cards of `dir` (and any half-written file) that no build has used for
/// `max_age`: titles change, so a cache only ever grows otherwise. Returns how many went.
pub fn prune_cache(dir: &Path, max_age: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = path.extension().is_some_and(|e| e == "png")
            || path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.starts_with("tmp-"));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > max_age));
        if ours && old && entry.file_type().is_ok_and(|t| t.is_file()) && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The palette (RGB triples, in order of first use) and the index of every pixel, when the
/// image has at most 256 colours.
fn palette(pixels: impl Iterator<Item = [u8; 3]>) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut index: HashMap<[u8; 3], u8> = HashMap::new();
    let mut colours = Vec::new();
    let mut indices = Vec::with_capacity((WIDTH * HEIGHT) as usize);
    let mut last: Option<([u8; 3], u8)> = None;
    for p in pixels {
        // Runs of one colour are the rule: skip the lookup for them.
        if let Some((c, i)) = last.filter(|(c, _)| *c == p) {
            indices.push(i);
            last = Some((c, i));
            continue;
        }
        let i = match index.get(&p) {
            Some(&i) => i,
            None => {
                let i = u8::try_from(index.len()).ok()?;
                index.insert(p, i);
                colours.extend_from_slice(&p);
                i
            }
        };
        indices.push(i);
        last = Some((p, i));
    }
    Some((colours, indices))
}

/// Whether cached bytes are a PNG of the card's size (a truncated file is drawn again).
fn is_card_png(bytes: &[u8]) -> bool {
    matches!(imagesize::blob_size(bytes), Ok(s) if s.width == WIDTH as usize && s.height == HEIGHT as usize)
        && bytes.ends_with(&[0xAE, 0x42, 0x60, 0x82])
}

/// Text measurement with the card's fonts (glyph advances, without kerning, which only ever
/// makes Latin text narrower: the layout errs on the safe side).
struct Measure<'f> {
    faces: Vec<(skrifa::charmap::Charmap<'f>, skrifa::metrics::GlyphMetrics<'f>)>,
}

impl<'f> Measure<'f> {
    fn new(fonts: &'f [Bytes]) -> Measure<'f> {
        let faces = fonts
            .iter()
            .filter_map(|b| FontRef::new(b).ok())
            .map(|f| (f.charmap(), f.glyph_metrics(Size::new(1.0), LocationRef::default())))
            .collect();
        Measure { faces }
    }

    /// The advance of `c` at 1 px, from the first font that has it.
    fn advance(&self, c: char) -> Option<f32> {
        self.faces.iter().find_map(|(cmap, metrics)| cmap.map(c).and_then(|g| metrics.advance_width(g)))
    }

    /// `text` on one line, without the characters no font can draw (emoji become nothing
    /// rather than empty boxes).
    fn drawable(&self, text: &str) -> String {
        let kept: String = text.chars().filter(|&c| c.is_whitespace() || self.advance(c).is_some()).collect();
        kept.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn width(&self, text: &str, size: f32, spacing: f32) -> f32 {
        text.chars().map(|c| self.advance(c).unwrap_or(0.5) * size + spacing).sum()
    }

    /// Cuts `text` to `max` width, with `…` when it cut.
    fn truncate(&self, text: &str, size: f32, spacing: f32, max: f32) -> String {
        if self.width(text, size, spacing) <= max {
            return text.to_string();
        }
        let mut out: String = text.to_string();
        while !out.is_empty() && self.width(&format!("{out}…"), size, spacing) > max {
            out.pop();
        }
        format!("{}…", out.trim_end())
    }

    /// The largest title size whose wrapped lines fit the band, and the lines; the smallest size
    /// with the last line cut when nothing fits.
    fn fit_title(&self, title: &str) -> (f32, Vec<String>) {
        for size in TITLE_SIZES {
            let lines = self.wrap(title, size);
            if lines.len() <= max_lines(size) {
                return (size, lines);
            }
        }
        let size = TITLE_SIZES[TITLE_SIZES.len() - 1];
        let mut lines = self.wrap(title, size);
        lines.truncate(max_lines(size));
        if let Some(last) = lines.last_mut() {
            *last = self.truncate(&format!("{last} …"), size, 0.0, TEXT_WIDTH);
        }
        (size, lines)
    }

    /// Greedy wrap at the break opportunities of the Unicode line breaking algorithm (UAX #14:
    /// spaces, after hyphens, between CJK characters but not before `。` or small kana); a piece
    /// wider than a line is broken between characters.
    fn wrap(&self, text: &str, size: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut start = 0;
        for (end, _) in unicode_linebreak::linebreaks(text) {
            // A piece keeps the spaces after it, which never count at the end of a line.
            let piece = &text[start..end];
            start = end;
            if self.width(format!("{line}{piece}").trim_end(), size, 0.0) <= TEXT_WIDTH {
                line.push_str(piece);
                continue;
            }
            if !line.trim_end().is_empty() {
                lines.push(line.trim_end().to_string());
            }
            line.clear();
            for c in piece.chars() {
                if !line.trim_end().is_empty() && self.width(&format!("{line}{c}"), size, 0.0) > TEXT_WIDTH {
                    lines.push(std::mem::take(&mut line).trim_end().to_string());
                }
                line.push(c);
            }
        }
        if !line.trim_end().is_empty() {
            lines.push(line.trim_end().to_string());
        }
        lines
    }

    #[cfg(test)]
    fn missing_of(&self, text: &str) -> Vec<char> {
        let mut out = Vec::new();
        self.missing(text, &mut out);
        out
    }

    /// The characters of `text` no font has, each once, in order.
    fn missing(&self, text: &str, out: &mut Vec<char>) {
        for c in text.chars().filter(|c| !c.is_whitespace() && !c.is_control()) {
            if !out.contains(&c) && self.advance(c).is_none() {
                out.push(c);
            }
        }
    }
}

/// How many title lines of `size` fit the band.
fn max_lines(size: f32) -> usize {
    let band = TITLE_BOTTOM - TITLE_TOP;
    ((band - size) / (size * LINE_HEIGHT)).floor() as usize + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renderer() -> CardRenderer {
        let font: &[u8] = include_bytes!("../../themes/default/fonts/InterDisplay-Bold.otf");
        CardRenderer::new(&[("InterDisplay-Bold.otf".into(), Bytes::from(font))], CardStyle::of(&Social::default()))
            .unwrap()
    }

    #[test]
    fn titles_break_lines_by_unicode_rules() {
        let fonts = [
            Bytes::from(include_bytes!("../../themes/default/fonts/InterDisplay-Bold.otf").as_slice()),
            Bytes::from(include_bytes!("../../tests/fixtures/fonts/SubsetCJK-DroidSansFallback.ttf").as_slice()),
        ];
        let m = Measure::new(&fonts);
        let title = "日本語の記事：ソーシャルカードは文字ごとにフォントを選び、行を正しく折り返します。";
        for size in TITLE_SIZES {
            let lines = m.wrap(title, size);
            assert!(lines.len() > 1, "{lines:?}");
            assert_eq!(lines.concat(), title, "Japanese breaks between characters, dropping none");
            for line in &lines {
                assert!(m.width(line, size, 0.0) <= TEXT_WIDTH, "{line}");
                assert!(!line.starts_with(['、', '。', 'ー', 'ャ', 'ョ']), "no line starts with {line}");
            }
        }
        // Latin text breaks at spaces and after hyphens, never inside a word.
        let lines = m.wrap("Search-engine-optimization-and-social-media-optimization-compared-side-by-side", 76.0);
        assert!(lines.len() > 1 && lines[..lines.len() - 1].iter().all(|l| l.ends_with('-')), "{lines:?}");
        assert_eq!(m.missing_of("日本 Ω ☃"), ['☃']);
    }

    #[test]
    fn long_titles_wrap_and_shrink_to_fit() {
        let r = renderer();
        let m = Measure::new(&r.fonts);
        let (big, lines) = m.fit_title("Short title");
        assert_eq!((big, lines.len()), (TITLE_SIZES[0], 1));
        let long = "A much longer title that will certainly need several lines to fit on a social card image, even at a size smaller than the largest";
        let (size, lines) = m.fit_title(long);
        assert!(size < big && lines.len() > 1 && lines.len() <= max_lines(size), "{size} {lines:?}");
        for l in &lines {
            assert!(m.width(l, size, 0.0) <= TEXT_WIDTH, "{l}");
        }
        let (_, lines) = m.fit_title(&"Endless ".repeat(40));
        assert!(lines.last().unwrap().ends_with('…'));
    }

    #[test]
    fn a_renderer_is_made_from_its_fonts_and_colours_only() {
        let font: &[u8] = include_bytes!("../../themes/default/fonts/InterDisplay-Bold.otf");
        let fonts = vec![("InterDisplay-Bold.otf".to_string(), Bytes::from(font))];
        let style = CardStyle::of(&Social::default());
        let r = CardRenderer::new(&fonts, style.clone()).unwrap();
        assert!(r.is_made_from(&fonts, &style));
        let other = CardStyle { accent: "#000000".into(), ..style.clone() };
        assert!(!r.is_made_from(&fonts, &other), "a colour draws other cards");
        let mut trimmed = font.to_vec();
        trimmed.pop();
        let changed = vec![("InterDisplay-Bold.otf".to_string(), Bytes::from(trimmed))];
        assert!(!r.is_made_from(&changed, &style), "other font bytes draw other cards");
        assert_ne!(r.svg(&CardSpec::default()), CardRenderer::new(&fonts, other).unwrap().svg(&CardSpec::default()));
    }

    #[test]
    fn text_is_escaped_and_undrawable_characters_dropped() {
        let r = renderer();
        let svg = r.svg(&CardSpec { site: "S & co".into(), title: "</text><x> 🚀 ok".into(), label: "Tag".into() });
        assert!(svg.contains("&lt;/text&gt;&lt;x&gt; ok"), "{svg}");
        assert!(svg.contains("S &amp; co") && !svg.contains('🚀'));
        roxmltree::Document::parse(&svg).expect("the card is well-formed SVG");
    }

    #[test]
    fn cards_are_1200x630_pngs_and_drawn_the_same_twice() {
        let r = renderer();
        let svg = r.svg(&CardSpec { site: "Site".into(), title: "Hello, card".into(), label: "Section".into() });
        let a = r.png(&svg).unwrap();
        let size = imagesize::blob_size(&a).unwrap();
        assert_eq!((size.width, size.height), (1200, 630));
        assert_eq!(a, r.png(&svg).unwrap());
        assert!(is_card_png(&a));
    }

    #[test]
    fn the_png_holds_exactly_the_drawn_pixels() {
        let r = renderer();
        let svg =
            r.svg(&CardSpec { site: "Site".into(), title: "Exact colours, every one".into(), label: "Tag".into() });
        let tree = usvg::Tree::from_str(&svg, &r.options).unwrap();
        let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).unwrap();
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        let png = r.png(&svg).unwrap();
        let mut decoder = png::Decoder::new(std::io::Cursor::new(&png));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        assert_eq!(reader.info().color_type, png::ColorType::Indexed, "a card has few colours");
        let mut decoded = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut decoded).unwrap();
        assert_eq!(frame.color_type, png::ColorType::Rgb);
        let drawn: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        let max_diff = drawn.iter().zip(&decoded).map(|(a, b)| a.abs_diff(*b)).max();
        assert_eq!((decoded.len(), max_diff), (drawn.len(), Some(0)), "lossless: not one channel differs");
    }
}
