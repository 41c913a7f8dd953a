//! Runs the stages in order: config, content, site model, render, output. The build is a
//! function from the site's files to the output map; `build` writes it, `serve` serves it and
//! `check` inspects it.

use std::path::{Path, PathBuf};

use crate::config::{with_trailing_slash, Config};
use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::publish;
use crate::render::{self, theme, Renderer};
use crate::seo::cards::{self, CardRenderer, CardStats};
use crate::seo::{self, SiteSeo, StaticFiles};
use crate::site::{BuildOptions, Site};

/// What the command line can change for one build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publish drafts.
    pub drafts: bool,
    /// Replaces `[site] base-url`.
    pub base_url: Option<String>,
    /// Leave social cards undrawn (for `check`, which writes nothing).
    pub skip_cards: bool,
}

/// A successful build: the model, its metadata, the output and any warnings.
pub struct Build {
    pub site: Site,
    pub seo: SiteSeo,
    pub output: Output,
    pub warnings: Diagnostics,
    /// How many social cards were drawn and how many read from the cache.
    pub cards: CardStats,
}

/// Reads the config, applying command-line overrides.
pub fn load_config(root: &Path, options: &Options) -> Result<Config, Diagnostics> {
    let mut config = Config::load(root).map_err(|d| Diagnostics(vec![d]))?;
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

/// Builds with an already loaded config (the preview server rewrites its base-url).
pub fn build_with_config(root: &Path, config: Config, options: &Options) -> Result<Build, Diagnostics> {
    let mut diags = Diagnostics::new();
    let renderer = Renderer::new(root, &config);
    let (content, content_diags) = content::load(root);
    diags.extend(content_diags);
    let (site, site_diags) = Site::build(config, PathBuf::from(root), content, BuildOptions { drafts: options.drafts });
    diags.extend(site_diags);
    let mut renderer = match renderer {
        Ok(r) => r,
        Err(template_diags) => {
            diags.extend(template_diags);
            return Err(finish(diags));
        }
    };
    if diags.has_errors() {
        return Err(finish(diags));
    }
    let (mut statics, static_diags) = theme::load_static(root, &site.config);
    diags.extend(static_diags);
    // Images are looked up among the static files before CSS and JS get their fingerprints
    // (images keep their names).
    let has_hub = render::comparisons::has_hub(&renderer, &site);
    let (seo, seo_diags) = SiteSeo::build(&site, &StaticFiles::new(&statics), has_hub);
    diags.extend(seo_diags);
    if diags.has_errors() {
        return Err(finish(diags));
    }
    let assets =
        if site.config.build.fingerprint { publish::fingerprint(&mut statics) } else { publish::AssetMap::new() };
    renderer.set_assets(&site.config, &assets);
    let (mut output, render_diags) = renderer.render_site(&site, &seo);
    diags.extend(render_diags);
    let site_files = seo::site_files(&site, &seo);
    // A site may replace a generated file (its own robots.txt) through static/ on purpose.
    let generated: Vec<String> = site_files.iter().map(|(p, _)| p.clone()).collect();
    output.extend(site_files);
    let mut card_stats = CardStats::default();
    // Drawing is the slow part: not for a build that has already failed.
    if !options.skip_cards && !seo.cards.is_empty() && !diags.has_errors() {
        match CardRenderer::new(&theme::load_fonts(root, &site.config), &site.config.social) {
            Ok(r) => {
                let (files, stats, card_diags) = cards::draw(&seo.cards, &r, Some(&root.join(cards::CACHE_DIR)));
                output.extend(files);
                diags.extend(card_diags);
                card_stats = stats;
            }
            Err(e) => diags.push(
                Diagnostic::file_error(format!("themes/{}/fonts", site.config.site.theme), e)
                    .with_help("add a .ttf or .otf font (with its license) to the theme's fonts/ folder"),
            ),
        }
    }
    for (path, bytes) in statics {
        if output.contains(&path) && !generated.contains(&path) {
            diags.push(Diagnostic::warning(
                format!("static/{path}"),
                0,
                0,
                format!("this file has the same output path as a page, `{path}`, and replaces it"),
            ));
        }
        output.insert(path, bytes);
    }
    publish::finish(&site, &assets, &mut output, &mut diags);
    if diags.has_errors() {
        return Err(finish(diags));
    }
    Ok(Build { site, seo, output, warnings: finish(diags), cards: card_stats })
}

fn finish(mut diags: Diagnostics) -> Diagnostics {
    diags.sort();
    diags
}

/// The output folder for `root`, from `--output-dir` or the config.
pub fn output_dir(root: &Path, config: &Config, flag: Option<&Path>) -> PathBuf {
    match flag {
        Some(p) => p.to_path_buf(),
        None => root.join(&config.site.output_dir),
    }
}
