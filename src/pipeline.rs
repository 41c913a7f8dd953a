//! Runs the stages in order: config, content, site model, render, output. The build is a
//! function from the site's files to the output map; `build` writes it, `serve` serves it and
//! `check` inspects it.

use std::path::{Path, PathBuf};

use crate::config::{with_trailing_slash, Config};
use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{Bytes, Output};
use crate::render::{theme, RenderCache, Renderer};
use crate::site::{BuildOptions, MarkdownCache, Site};

mod incremental;
pub use incremental::{Changes, Session};

/// What the command line can change for one build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publish drafts.
    pub drafts: bool,
    /// Replaces `[site] base-url`.
    pub base_url: Option<String>,
}

/// A successful build: the model, the output and any warnings.
pub struct Build {
    pub site: Site,
    pub output: Output,
    pub warnings: Diagnostics,
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
    let renderer = Renderer::new(root, &config);
    let (content, content_diags) = content::load(root);
    let (theme_static, site_static, static_diags) = theme::load_static_layers(root, &config);
    let inputs = Inputs {
        root,
        options,
        renderer: renderer.as_ref(),
        content,
        content_diags,
        statics: theme_static.iter().chain(&site_static).map(|(p, b)| (p, b)),
        static_diags: &static_diags,
    };
    assemble(config, inputs, &mut Caches::default())
}

/// What one build reads, loaded or cached by the caller.
struct Inputs<'a, S> {
    root: &'a Path,
    options: &'a Options,
    renderer: Result<&'a Renderer, &'a Diagnostics>,
    content: content::Content,
    content_diags: Diagnostics,
    /// Static files in the order they are copied (a later one with the same path wins).
    statics: S,
    static_diags: &'a Diagnostics,
}

/// The Markdown and rendered pages of earlier builds.
#[derive(Default)]
struct Caches {
    markdown: MarkdownCache,
    render: RenderCache,
}

impl Caches {
    /// Caches for a series of builds (a one-off build uses `default()`, which keeps no pages).
    fn keeping() -> Caches {
        Caches { markdown: MarkdownCache::default(), render: RenderCache::new() }
    }
}

/// The stages after loading: the site model, rendering, static files. The full build and the
/// incremental [`Session`] both come through here, so they cannot drift apart.
fn assemble<'a, S>(config: Config, inputs: Inputs<'a, S>, caches: &mut Caches) -> Result<Build, Diagnostics>
where
    S: Iterator<Item = (&'a String, &'a Bytes)>,
{
    let mut diags = inputs.content_diags;
    let build_options = BuildOptions { drafts: inputs.options.drafts };
    let (site, site_diags) =
        Site::build_cached(config, PathBuf::from(inputs.root), inputs.content, build_options, &mut caches.markdown);
    diags.extend(site_diags);
    let renderer = match inputs.renderer {
        Ok(r) => r,
        Err(template_diags) => {
            diags.extend(template_diags.iter().cloned());
            return Err(finish(diags));
        }
    };
    if diags.has_errors() {
        return Err(finish(diags));
    }
    let (mut output, render_diags) = renderer.render_site_cached(&site, &mut caches.render);
    diags.extend(render_diags);
    diags.extend(inputs.static_diags.iter().cloned());
    let mut seen = std::collections::HashSet::new();
    for (path, bytes) in inputs.statics {
        // A site's static file may replace the theme's; only a clash with a page is worth a word.
        if seen.insert(path.as_str()) && output.contains(path) {
            diags.push(Diagnostic::warning(
                format!("static/{path}"),
                0,
                0,
                format!("this file has the same output path as a page, `{path}`, and replaces it"),
            ));
        }
        output.insert(path.clone(), Bytes::clone(bytes));
    }
    if diags.has_errors() {
        return Err(finish(diags));
    }
    Ok(Build { site, output, warnings: finish(diags) })
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
