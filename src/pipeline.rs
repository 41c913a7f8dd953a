//! Runs the stages in order: config, content, site model, render, output. The build is a
//! function from the site's files to the output map; `build` writes it, `serve` serves it and
//! `check` inspects it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cache::{Kept, Reuse};
use crate::config::{with_trailing_slash, Config};
use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{Bytes, Output, Written};
use crate::publish::{self, AssetMap};
use crate::render::{self, theme, RenderCache, Renderer};
use crate::search;
use crate::seo::cards::{self, CardFile, CardJob, CardRenderer, CardSpec, CardStats, CardStyle};
use crate::seo::{self, SeoCache, SiteSeo, StaticFiles};
use crate::site::{BuildOptions, ModelCache, Site};
use crate::write::Staging;

mod collisions;
mod incremental;
pub use incremental::{Changes, Session};

/// What the command line can change for one build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publish drafts.
    pub drafts: bool,
    /// Publish articles dated in the future.
    pub future: bool,
    /// Publish the articles held back for their dates, marked and `noindex` (the preview's view).
    pub preview_held_back: bool,
    /// Replaces `[site] base-url`.
    pub base_url: Option<String>,
    /// Leave social cards undrawn (for `check`, which writes nothing).
    pub skip_cards: bool,
    /// Read the config from this file instead of the site's `book.toml` (`-c FILE`).
    pub config_file: Option<PathBuf>,
    /// Leave the search index unmade (`check`; the preview server makes it in the background).
    pub skip_search: bool,
    /// Print only the image variants already cached, encoding none (the preview, `check`).
    pub cached_variants_only: bool,
    /// Counts of pages rendered and cards drawn, for a progress bar.
    pub progress: Option<Arc<crate::output::Progress>>,
}

/// A successful build: the model, its metadata, the output and any warnings.
pub struct Build {
    pub site: Site,
    pub seo: SiteSeo,
    /// Shared, so that the preview server serves it without a copy.
    pub output: Arc<Output>,
    pub warnings: Diagnostics,
    /// How many social cards were drawn and how many read from the cache.
    pub cards: CardStats,
    /// How many image variants were encoded and how many read from a cache.
    pub variants: crate::images::variants::Stats,
    /// The image variants a build that does not encode (the preview's) printed without.
    pub pending_variants: Vec<crate::images::variants::Pending>,
    /// How many pages the templates ran for, and how many were reused unchanged (from the
    /// previous output, or from the preview's last build).
    pub pages: (usize, usize),
}

/// Reads the config, applying command-line overrides.
pub fn load_config(root: &Path, options: &Options) -> Result<Config, Diagnostics> {
    let mut config = Config::load_from(root, options.config_file.as_deref()).map_err(|d| Diagnostics(vec![d]))?;
    if let Some(url) = &options.base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Diagnostics(vec![Diagnostic::file_error(
                "--base-url",
                format!("`{url}` is not an absolute http(s) URL"),
            )
            .with_help("pass e.g. --base-url https://example.org/guide/")]));
        }
        config.site.base_url = with_trailing_slash(url);
    }
    Ok(config)
}

/// Builds the site at `root` in memory. Every error of every stage is collected; on failure
/// they come back together, sorted by file and line.
pub fn build(root: &Path, options: &Options) -> Result<Build, Diagnostics> {
    let config = load_config(root, options)?;
    build_with_config(root, config, options)
}

/// Builds the site and writes it into the output folder (`output_flag`, else `[site]
/// output-dir`), returning the build and the folder.
///
/// Pages are written into a staging folder beside the output folder as they are rendered, so
/// the build never holds the whole site in memory; the staging folder replaces the output
/// folder only when the build succeeds, and is removed when it fails, which leaves the previous
/// site as it was.
///
/// The output folder is checked first ([`check_output_dir`]): herald replaces only a folder it
/// made, or any folder without sources when `force` is set. `gate` looks at the build (and the
/// staging folder holding its pages) before the output folder is replaced: its errors fail the
/// build and leave the previous output untouched.
pub fn build_and_write(
    root: &Path,
    options: &Options,
    output_flag: Option<&Path>,
    force: bool,
    gate: impl FnOnce(&Build, &Path) -> Result<(), Diagnostics>,
) -> Result<(Build, PathBuf), Diagnostics> {
    let config = load_config(root, options)?;
    let out = output_dir(root, &config, output_flag);
    if let Some(problem) = check_output_dir(root, &config, output_flag, force) {
        return Err(Diagnostics(vec![problem]));
    }
    let cannot_write = |e: std::io::Error| {
        Diagnostics(vec![Diagnostic::file_error(&out, format!("cannot write the site: {e}"))
            .with_help("choose another folder with --output-dir, or check that this one may be written to")])
    };
    let highlight_cache = root.join(crate::markdown::highlight::CACHE_FILE);
    if config.markdown.highlight {
        crate::markdown::highlight::load_cache(&highlight_cache);
    }
    let previous = crate::output::Previous::load(root, &out);
    let staging = Staging::begin(&out, previous).map_err(cannot_write)?;
    // Pages leave memory as they are written: the search stage reads the marked ones back.
    let tap = search::Tap::new(staging.dir(), &root.join(search::CACHE_FILE));
    let tapped = tap.clone();
    let written = Written::new(
        staging.dir().to_path_buf(),
        publish::file_finisher(&config),
        std::sync::Arc::clone(staging.previous()),
    )
    // The bytes as written: the index reads them back from the staging folder.
    .with_seen(Box::new(move |path: &str, bytes: &[u8]| tapped.offer(path, bytes)));
    let build = build_inner(root, config, options, Some((&written, &tap)))?;
    gate(&build, staging.dir())?;
    staging.commit(&build.output).map_err(cannot_write)?;
    if build.site.config.markdown.highlight {
        // Only a cache: a build that cannot keep it is no slower than one without it.
        let _ = crate::markdown::highlight::save_cache(&highlight_cache);
    }
    if build.cards.drawn + build.cards.cached > 0 {
        // A published build has read every card the site uses now (and marked it as used).
        cards::prune_cache(&root.join(cards::CACHE_DIR), cards::CACHE_MAX_AGE);
    }
    if build.variants.encoded + build.variants.cached > 0 {
        use crate::images::variants;
        variants::prune_cache(&root.join(variants::CACHE_DIR), variants::CACHE_MAX_AGE);
    }
    Ok((build, out))
}

/// Builds with an already loaded config (the preview server rewrites its base-url).
pub fn build_with_config(root: &Path, config: Config, options: &Options) -> Result<Build, Diagnostics> {
    build_inner(root, config, options, None)
}

fn build_inner(
    root: &Path,
    config: Config,
    options: &Options,
    written: Option<(&Written, &search::Tap)>,
) -> Result<Build, Diagnostics> {
    let mut renderer = Renderer::new(root, &config);
    let (content, mut content_diags) = content::load(root);
    let (data, data_diags) = content::data::load(root);
    content_diags.extend(data_diags);
    let (statics, static_diags) = theme::load_static(root, &config);
    let inputs = Inputs {
        root,
        options,
        renderer: renderer.as_mut().map_err(|d| &*d),
        content,
        content_diags,
        data: std::sync::Arc::new(data),
        statics,
        static_diags: &static_diags,
        written: written.map(|(w, _)| w),
        tap: written.map(|(_, t)| t),
    };
    assemble(config, inputs, &mut Caches::new(Reuse::OneOff))
}

/// What one build reads, loaded or cached by the caller.
struct Inputs<'a> {
    root: &'a Path,
    options: &'a Options,
    renderer: Result<&'a mut Renderer, &'a Diagnostics>,
    content: content::Content,
    content_diags: Diagnostics,
    /// The data files (`data/`).
    data: std::sync::Arc<content::data::Data>,
    /// The static files to copy, the site's already in place of the theme's of the same name.
    statics: Vec<(String, Bytes)>,
    static_diags: &'a Diagnostics,
    /// Where pages go as soon as they are rendered, for a build that writes them.
    written: Option<&'a Written>,
    /// The articles' HTML of a build that writes pages as it goes, for the search index.
    tap: Option<&'a search::Tap>,
}

/// The Markdown and rendered pages of earlier builds.
#[derive(Default)]
struct Caches {
    model: ModelCache,
    render: RenderCache,
    seo: SeoCache,
    images: crate::images::ImageCache,
    shortcodes: render::shortcodes::ExpandCache,
    cards: CardCache,
    /// Whether these caches serve a series of builds.
    reuse: Reuse,
}

impl Caches {
    /// Empty caches for a one-off build or a series of builds.
    fn new(reuse: Reuse) -> Caches {
        Caches { render: RenderCache::new(reuse), reuse, ..Caches::default() }
    }
}

/// Card files, how many were drawn and read, and what went wrong.
type DrawnCards = (Vec<CardFile>, CardStats, Diagnostics);

/// Social cards drawn by earlier builds, by output path, with what they say. A card is made
/// from its spec and the renderer, itself made from the theme's fonts and the `[social]`
/// colours: a card is reused when its spec is the same and the renderer is made from the same
/// fonts and colours (else every card is drawn again; the disk cache of `cards::draw` then
/// still saves the drawing of a card seen before).
#[derive(Default)]
struct CardCache {
    renderer: Option<CardRenderer>,
    /// Drawn by `renderer`.
    drawn: Kept<String, (CardSpec, CardFile)>,
}

impl CardCache {
    fn draw(
        &mut self,
        root: &Path,
        config: &Config,
        jobs: &[CardJob],
        progress: Option<&crate::output::Counter>,
    ) -> Result<DrawnCards, String> {
        let fonts = theme::load_fonts(root, config);
        let style = CardStyle::of(&config.social);
        if !self.renderer.as_ref().is_some_and(|r| r.is_made_from(&fonts, &style)) {
            self.renderer = None;
            self.drawn.clear();
            self.renderer = Some(CardRenderer::new(&fonts, style)?);
        }
        let renderer = self.renderer.as_ref().expect("made above");
        let (known, todo): (Vec<&CardJob>, Vec<&CardJob>) =
            jobs.iter().partition(|j| self.drawn.get(&j.output).is_some_and(|(spec, _)| *spec == j.spec));
        let todo: Vec<CardJob> = todo.into_iter().cloned().collect();
        let (new, mut stats, mut diags) = cards::draw(&todo, renderer, Some(&root.join(cards::CACHE_DIR)), progress);
        // Of every card, drawn or reused, so that a preview warns as a fresh build does.
        diags.extend(renderer.missing_glyphs(jobs));
        let mut used = rustc_hash::FxHashMap::default();
        let mut files: Vec<CardFile> = Vec::with_capacity(jobs.len());
        for j in known {
            let entry = self.drawn.take(&j.output).expect("partitioned by it above");
            files.push(entry.1.clone());
            used.insert(j.output.clone(), entry);
        }
        stats.cached += files.len();
        let specs: std::collections::HashMap<&str, &CardSpec> =
            todo.iter().map(|j| (j.output.as_str(), &j.spec)).collect();
        for card in &new {
            if let Some(spec) = specs.get(card.output.as_str()) {
                used.insert(card.output.clone(), ((*spec).clone(), card.clone()));
            }
        }
        self.drawn.finish(used);
        files.extend(new);
        Ok((files, stats, diags))
    }
}

/// The stages after loading: the site model, rendering, static files, publishing. The full
/// build and the incremental [`Session`] both come through here, so they cannot drift apart.
fn assemble(config: Config, inputs: Inputs<'_>, caches: &mut Caches) -> Result<Build, Diagnostics> {
    let mut diags = inputs.content_diags;
    let build_options = BuildOptions {
        drafts: inputs.options.drafts,
        future: inputs.options.future,
        preview_held_back: inputs.options.preview_held_back,
        reuse: caches.reuse,
    };
    let (mut site, site_diags) =
        Site::build_cached(config, PathBuf::from(inputs.root), inputs.content, build_options, &mut caches.model);
    site.data = inputs.data;
    diags.extend(site_diags);
    let renderer = match inputs.renderer {
        Ok(r) => r,
        Err(template_diags) => {
            diags.extend(template_diags.iter().cloned());
            return Err(finish(diags));
        }
    };
    site.strings = std::sync::Arc::clone(renderer.strings());
    let mut statics = inputs.statics;
    diags.extend(inputs.static_diags.iter().cloned());
    add_highlight_css(&site.config, &mut statics, &mut diags);
    // Shortcodes print `get_url`s, which hand out the fingerprinted names (images keep theirs,
    // so they are looked up among the renamed files all the same).
    let assets = if site.config.build.fingerprint { publish::fingerprint(&mut statics) } else { AssetMap::new() };
    renderer.set_assets(&site.config, &assets);
    let static_files = StaticFiles::new(&statics);
    // The body and metadata stages run on a site with errors too, so that one build reports
    // every mistake: a broken link does not hide a missing image or a failing shortcode.
    // Encoding variants is slow: not for a preview (it prints those a build cached) nor for a
    // build that has already failed.
    let encode = !inputs.options.cached_variants_only && !diags.has_errors();
    let resizer =
        crate::images::resize::resizer(&site, &static_files, &mut caches.images, renderer.uses_resize_image(), encode);
    renderer.set_resizer(Arc::clone(&resizer));
    let printed = crate::images::PrintedVariants::new(&site, &mut caches.images, encode);
    let (image_diags, mut variants) =
        crate::images::resolve(&mut site, &static_files, &mut caches.images, caches.reuse, (encode, &printed));
    diags.extend(image_diags);
    let (social, social_diags) =
        crate::images::social::fit(&site, &static_files, &mut caches.images, caches.reuse, encode);
    diags.extend(social_diags);
    variants.add(social.files, social.stats);
    diags.extend(render::shortcodes::expand_site(
        renderer,
        &mut site,
        (&static_files, &printed),
        &mut caches.shortcodes,
        caches.reuse,
    ));
    let printed = printed.finish(&mut caches.images, caches.reuse);
    variants.add(printed.files, printed.stats);
    variants.pending.extend(printed.pending);
    let optional = seo::Optional {
        hub: render::comparisons::has_hub(renderer, &site),
        authors: renderer.has_authors_index(&site),
    };
    let (seo, seo_diags) = SiteSeo::build_cached(&site, &static_files, &social.fits, optional, &mut caches.seo);
    diags.extend(seo_diags);
    if diags.has_errors() {
        return Err(finish(diags));
    }
    // The sitemap, feeds and llms.txt walk every article too: made beside the render.
    let progress = inputs.options.progress.as_deref();
    let ((mut output, render_diags), site_files) = rayon::join(
        || renderer.render_site_cached(&site, &seo, &mut caches.render, inputs.written, progress.map(|p| &p.pages)),
        || seo::site_files(&site, &seo),
    );
    diags.extend(render_diags);
    let mut copies = resizer.take_files();
    copies.extend(caches.render.take_page_copies());
    copies.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    copies.dedup_by(|a, b| a.0 == b.0);
    // Every other copy published came from a cache, or was kept with a reused page.
    let encoded = resizer.encoded();
    let stats = crate::images::variants::Stats { encoded, cached: copies.len().saturating_sub(encoded) };
    variants.add(copies, stats);
    variants.pending.extend(resizer.take_pending(&mut caches.images));
    let mut origins = collisions::Origins::of_site(&site);
    // A site may replace a generated file (its own robots.txt) through static/ on purpose.
    let generated: Vec<String> = site_files.iter().map(|(p, _)| p.clone()).collect();
    for (path, _) in site_files.iter().filter(|(p, _)| output.contains(p)) {
        diags.push(collisions::same_path(path, &format!("herald's `{path}`"), None, &origins));
    }
    output.extend(site_files);
    let mut card_stats = CardStats::default();
    // Drawing is the slow part: not for a build that has already failed.
    if !inputs.options.skip_cards && !seo.cards.is_empty() && !diags.has_errors() {
        match caches.cards.draw(inputs.root, &site.config, &seo.cards, progress.map(|p| &p.cards)) {
            Ok((files, stats, card_diags)) => {
                for card in files.iter().filter(|c| output.contains(&c.output)) {
                    diags.push(collisions::same_path(&card.output, "a social card", None, &origins));
                }
                for card in files {
                    output.insert_cached(card.output, card.png, card.cached);
                }
                diags.extend(card_diags);
                card_stats = stats;
            }
            Err(e) => diags.push(
                Diagnostic::file_error(format!("themes/{}/fonts", site.config.site.theme), e)
                    .with_help("add a .ttf or .otf font (with its license) to the theme's fonts/ folder"),
            ),
        }
    }
    for (path, _) in variants.files.iter().filter(|(p, _)| output.contains(p)) {
        diags.push(collisions::same_path(path, "an image variant", None, &origins));
    }
    output.extend(std::mem::take(&mut variants.files));
    for (path, bytes) in statics {
        let file = site.config.static_origin(inputs.root, &path);
        if output.contains(&path) && !generated.contains(&path) {
            diags.push(collisions::same_path(&path, &format!("`{}`", file.display()), Some(file.clone()), &origins));
        }
        origins.add(&path, file);
        output.insert(path, bytes);
    }
    if !inputs.options.skip_search && !diags.has_errors() {
        add_search_index(&site, &mut output, inputs.tap, &mut diags);
    }
    publish::finish(&site, &assets, &mut output, &mut diags);
    diags.extend(collisions::file_folder_conflicts(&output, &origins));
    if diags.has_errors() {
        return Err(finish(diags));
    }
    Ok(Build {
        site,
        seo,
        output: Arc::new(output),
        warnings: finish(diags),
        cards: card_stats,
        variants: variants.stats,
        pending_variants: variants.pending,
        pages: caches.render.last_counts(),
    })
}

/// Where the stylesheet of highlighted code goes, made from `[markdown]`'s theme names.
pub const HIGHLIGHT_CSS: &str = "css/highlight.css";

/// Adds the stylesheet of highlighted code to the static files (unless the site or its theme
/// ships its own).
fn add_highlight_css(config: &Config, statics: &mut Vec<(String, Bytes)>, diags: &mut Diagnostics) {
    let Some(themes) = crate::markdown::highlight::Themes::of(&config.markdown) else { return };
    if statics.iter().any(|(p, _)| p == HIGHLIGHT_CSS) {
        return;
    }
    match crate::markdown::highlight::stylesheet(&themes) {
        Ok(css) => {
            let at = statics.partition_point(|(p, _)| p.as_str() < HIGHLIGHT_CSS);
            statics.insert(at, (HIGHLIGHT_CSS.to_string(), Bytes::from(css.into_bytes())));
        }
        Err(e) => diags.push(
            Diagnostic::file_error(crate::config::CONFIG_FILE, format!("[markdown] {e}"))
                .with_help(format!("pick one of: {}", crate::markdown::highlight::UnknownTheme::known().join(", "))),
        ),
    }
}

/// The search stage: the index of the articles, under `/pagefind/`.
fn add_search_index(site: &Site, output: &mut Output, tap: Option<&search::Tap>, diags: &mut Diagnostics) {
    let entries = search::entries(site);
    match search::index(&entries, output, tap, search::forced_language(&site.config)) {
        Ok(files) => output.extend(files),
        Err(e) => diags.push(
            Diagnostic::file_error(crate::config::CONFIG_FILE, e.to_string())
                .with_help("turn search off with `[search] enabled = false` while this is looked into"),
        ),
    }
}

fn finish(mut diags: Diagnostics) -> Diagnostics {
    diags.sort();
    diags
}

/// Why the output folder (`flag`, else `[site] output-dir`) may not be replaced by a build, as
/// an error at the flag or at the key's line in book.toml.
pub fn check_output_dir(root: &Path, config: &Config, flag: Option<&Path>, force: bool) -> Option<Diagnostic> {
    let problem = crate::write::check_target(root, &output_dir(root, config, flag), force).err()?;
    let d = match flag {
        Some(_) => Diagnostic::file_error("--output-dir", problem.to_string()),
        None => {
            let text = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
            let at = crate::config::find_key(&text, "output-dir");
            Diagnostic::new(crate::diagnostic::Severity::Error, crate::config::CONFIG_FILE, at, problem.to_string())
        }
    };
    Some(d.with_help(problem.help()))
}

/// The output folder for `root`, from `--output-dir` or the config.
pub fn output_dir(root: &Path, config: &Config, flag: Option<&Path>) -> PathBuf {
    match flag {
        Some(p) => p.to_path_buf(),
        None => root.join(&config.site.output_dir),
    }
}
