//! The incremental build behind `herald serve`: a [`Session`] keeps what one build read and
//! made, and after a change to some files redoes only the work those files touch.
//!
//! It is the full build with memory, not a second pipeline: every build runs the same
//! [`assemble`](super::assemble) as `herald build`, with caches in front of the costly steps.
//! A changed Markdown file is parsed again and its Markdown rendered again; every other file's
//! parse and render is reused (a render only while the links in it still resolve to the same
//! URLs). The site model is rebuilt from those in full, since ordering, neighbours and tags are
//! cheap; a page runs through the templates again only when its template context differs from
//! the last build's, which is exactly the set of pages an edit reaches: the article, its
//! neighbours, the sections and tag pages that list it, the home page. A template or `book.toml`
//! change renders every page; a static file change reads that file alone.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

use super::{assemble, load_config, Build, Caches, Inputs, Options};
use crate::cache::Reuse;
use crate::config::{base_path_of, Config, CONFIG_FILE};
use crate::content::data::{Data, DATA_DIR};
use crate::content::{self, is_ignored_name, Source, CONTENT_DIR};
use crate::diagnostic::Diagnostics;
use crate::output::{Bytes, Output};
use crate::render::{theme, Renderer};

/// What one build changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Whether anything was built (false when no changed path was one a build reads).
    pub built: bool,
    /// Whether the config or the templates were loaded again (which renders every page again,
    /// unless what was loaded is the same as before).
    pub full: bool,
    /// Output paths added, changed or removed, sorted.
    pub paths: Vec<String>,
    /// Markdown files read and parsed again.
    pub parsed: usize,
    /// Pages the templates ran for.
    pub rendered: usize,
    /// Pages whose earlier output was reused.
    pub reused: usize,
    /// How long the build took.
    pub elapsed: Duration,
}

impl Changes {
    /// Whether the change was to stylesheets alone (a browser can swap them without reloading).
    pub fn css_only(&self) -> bool {
        !self.paths.is_empty() && self.paths.iter().all(|p| p.ends_with(".css"))
    }
}

/// The static files of one layer (theme or site), by output path.
type StaticLayer = BTreeMap<String, Bytes>;

/// An incremental build of one site: build once with [`Session::rebuild`], then hand each batch
/// of changed paths to [`Session::apply`]. The last successful build stays available.
pub struct Session {
    root: PathBuf,
    /// The root as the file system spells it, to recognise the watcher's absolute paths.
    canonical_root: PathBuf,
    options: Options,
    /// `http://host:port`: replaces the scheme, host and port of `base-url`, keeping its path.
    origin: Option<String>,
    /// Skip what only a published site needs (see [`Session::for_preview`]).
    preview: bool,
    config: Option<Config>,
    /// `base-url` as published, before the preview's origin replaced it.
    public_base_url: Option<String>,
    renderer: Option<Result<Renderer, Diagnostics>>,
    /// Every Markdown file that parsed, by path below `content/`.
    sources: FxHashMap<String, Arc<Source>>,
    /// The last walk of `content/`, kept while only the contents of files it found change.
    scan: Option<content::Scan>,
    statics: Option<(StaticLayer, StaticLayer, Diagnostics)>,
    /// The data files and their errors, read again when one changes.
    data: Option<(Arc<Data>, Diagnostics)>,
    caches: Caches,
    last: Option<Arc<Build>>,
    /// What a build that stopped before reading the content (its `book.toml` did not load)
    /// left to do: the next build does it too.
    pending: Plan,
}

/// What a batch of changed paths asks for.
#[derive(Debug, Default)]
struct Plan {
    config: bool,
    templates: bool,
    all_statics: bool,
    statics: Vec<(Layer, String)>,
    /// Something below `data/` changed.
    data: bool,
    /// Paths below `content/` (`""` is the whole folder).
    content: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Theme,
    Site,
}

impl Plan {
    fn merge(&mut self, other: Plan) {
        self.config |= other.config;
        self.templates |= other.templates;
        self.all_statics |= other.all_statics;
        self.data |= other.data;
        self.statics.extend(other.statics);
        self.content.extend(other.content);
    }
}

impl Session {
    /// A session for the site at `root`; nothing is read until the first build.
    pub fn new(root: impl Into<PathBuf>, options: Options) -> Session {
        let root = root.into();
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        Session {
            root,
            canonical_root,
            options,
            origin: None,
            preview: false,
            config: None,
            public_base_url: None,
            renderer: None,
            sources: FxHashMap::default(),
            scan: None,
            statics: None,
            data: None,
            caches: Caches::new(Reuse::Series),
            last: None,
            pending: Plan::default(),
        }
    }

    /// Serves the site from `origin` (`http://127.0.0.1:3000`): every build's `base-url` gets
    /// this scheme, host and port, and keeps the sub-path `book.toml` gives it.
    pub fn with_origin(mut self, origin: impl Into<String>) -> Session {
        self.origin = Some(origin.into().trim_end_matches('/').to_string());
        self
    }

    /// A session for the preview server at `origin`: as [`Session::with_origin`], and without
    /// asset fingerprints, minifying or precompressing, whatever `[build]` says. A preview keeps
    /// the files' own names (so that a changed stylesheet can be swapped in place) and does not
    /// spend each save's time on what only a host needs. Nor does it make the search index,
    /// which the server makes in the background so that it never delays a reload. Articles held
    /// back for their dates are shown, marked and `noindex` (see [`Options::preview_held_back`]).
    pub fn for_preview(self, origin: impl Into<String>) -> Session {
        let mut session = self.with_origin(origin);
        session.options.skip_search = true;
        session.options.preview_held_back = true;
        Session { preview: true, ..session }
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The last successful build, if any.
    pub fn last_build(&self) -> Option<&Build> {
        self.last.as_deref()
    }

    /// The last successful build, shared: for readers on other threads, which keep it while
    /// later builds replace it here.
    pub fn shared_build(&self) -> Option<Arc<Build>> {
        self.last.clone()
    }

    /// The output of the last successful build, if any.
    pub fn output(&self) -> Option<&Output> {
        self.last.as_ref().map(|b| &*b.output)
    }

    /// The config of the latest build that could read it.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// `base-url` as the site will be published (the config's, or `--base-url`), which a
    /// preview session replaces with its own origin in what it builds.
    pub fn public_base_url(&self) -> Option<&str> {
        self.public_base_url.as_deref()
    }

    /// The folders and files a build reads, to watch: `book.toml` (or the `-c FILE` given
    /// instead), `content/`, the site's `templates/` and `static/`, and the theme's folder.
    /// They need not exist.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let theme = self.config.as_ref().map_or("default", |c| c.site.theme.as_str());
        vec![
            self.options.config_file.clone().unwrap_or_else(|| self.root.join(CONFIG_FILE)),
            self.root.join(CONTENT_DIR),
            self.root.join("templates"),
            self.root.join("static"),
            self.root.join(DATA_DIR),
            self.root.join("themes").join(theme),
        ]
    }

    /// Reads everything again and builds the whole site (caches of parsed files are dropped).
    pub fn rebuild(&mut self) -> Result<Changes, Diagnostics> {
        self.sources.clear();
        self.pending = Plan::default();
        self.scan = None;
        self.caches = Caches::new(Reuse::Series);
        self.statics = None;
        self.data = None;
        self.renderer = None;
        self.config = None;
        self.run(Plan {
            config: true,
            templates: true,
            all_statics: true,
            content: vec![String::new()],
            ..Plan::default()
        })
    }

    /// Builds again after `changed` paths (absolute, or relative to the root) were written,
    /// created, renamed or deleted. Paths the build does not read are ignored; when all are,
    /// nothing is built and the result lists no changes. On error the last successful build
    /// stays as it was.
    pub fn apply<P: AsRef<Path>>(&mut self, changed: &[P]) -> Result<Changes, Diagnostics> {
        let mut plan = Plan::default();
        for p in changed {
            self.classify(p.as_ref(), &mut plan);
        }
        let nothing = !plan.config && !plan.templates && !plan.all_statics && !plan.data;
        if nothing && plan.statics.is_empty() && plan.content.is_empty() && self.last.is_some() {
            return Ok(Changes::default());
        }
        self.run(plan)
    }

    fn run(&mut self, mut plan: Plan) -> Result<Changes, Diagnostics> {
        let start = Instant::now();
        let mut full = false;
        plan.merge(std::mem::take(&mut self.pending));
        if plan.config || self.config.is_none() {
            let mut config = match load_config(&self.root, &self.options) {
                Ok(c) => c,
                Err(d) => {
                    self.config = None;
                    self.pending = plan;
                    return Err(d);
                }
            };
            self.public_base_url = Some(config.site.base_url.clone());
            if let Some(origin) = &self.origin {
                config.site.base_url = format!("{origin}{}", base_path_of(&config.site.base_url));
            }
            if self.preview {
                config.build.fingerprint = false;
                config.build.minify = false;
                config.build.precompress = false;
            }
            if self.config.as_ref() != Some(&config) {
                // The theme may differ: its templates and static files are read again.
                plan.templates = true;
                plan.all_statics = true;
                full = true;
            }
            self.config = Some(config);
        }
        let config = self.config.clone().expect("loaded above");
        if plan.templates || self.renderer.is_none() {
            self.renderer = Some(Renderer::new(&self.root, &config));
            full = true;
        }
        self.update_statics(&config, &plan);
        if plan.data || self.data.is_none() {
            let (data, diags) = content::data::load(&self.root);
            self.data = Some((Arc::new(data), diags));
        }
        let (data, data_diags) = self.data.as_ref().expect("loaded above");

        for rel in &plan.content {
            let dir = format!("{rel}/");
            self.sources.retain(|k, _| !(rel.is_empty() || k == rel || k.starts_with(&dir)));
            self.caches.render.invalidate_assets_under(&self.root.join(CONTENT_DIR).join(rel));
        }
        // Walk again unless every change is to the contents of a file the last walk found.
        let content_dir = self.root.join(CONTENT_DIR);
        let same_files = self
            .scan
            .as_ref()
            .is_some_and(|scan| plan.content.iter().all(|rel| scan.has_file(rel) && content_dir.join(rel).is_file()));
        if !same_files {
            self.scan = Some(content::scan(&self.root));
        }
        let scan = self.scan.as_ref().expect("scanned above");
        let sources = &mut self.sources;
        let mut fresh: Vec<String> = Vec::new();
        let (content, mut content_diags) = content::load_scanned(scan, &mut |rel| {
            let hit = sources.get(rel).cloned();
            if hit.is_none() {
                fresh.push(rel.to_string());
            }
            hit
        });
        let parsed = fresh.len();
        content_diags.extend(data_diags.iter().cloned());
        // Keep the files parsed now, and forget those that went.
        if !same_files {
            let live: std::collections::HashSet<&str> = content.sources.iter().map(|s| s.rel.as_str()).collect();
            sources.retain(|rel, _| live.contains(rel.as_str()));
        }
        if !fresh.is_empty() {
            // A save parses a file or two: compare with those rather than hash every path.
            let many: std::collections::HashSet<&str> =
                if fresh.len() > 16 { fresh.iter().map(String::as_str).collect() } else { Default::default() };
            let is_fresh =
                |rel: &str| if many.is_empty() { fresh.iter().any(|f| f == rel) } else { many.contains(rel) };
            for s in content.sources.iter().filter(|s| is_fresh(&s.rel)) {
                sources.insert(s.rel.clone(), Arc::clone(s));
            }
        }

        let (theme_static, site_static, static_diags) = self.statics.as_ref().expect("loaded above");
        let statics: Vec<(String, Bytes)> = theme_static
            .iter()
            .filter(|(path, _)| !site_static.contains_key(*path))
            .chain(site_static)
            .map(|(path, bytes)| (path.clone(), Bytes::clone(bytes)))
            .collect();
        let renderer = self.renderer.as_mut().expect("loaded above");
        let inputs = Inputs {
            root: &self.root,
            options: &self.options,
            renderer: renderer.as_mut().map_err(|d| &*d),
            content,
            content_diags,
            data: Arc::clone(data),
            statics,
            static_diags,
            written: None,
            tap: None,
        };
        let build = assemble(config, inputs, &mut self.caches)?;
        let paths = match &self.last {
            Some(last) => diff(&last.output, &build.output),
            None => build.output.paths().cloned().collect(),
        };
        let (rendered, reused) = self.caches.render.last_counts();
        if let Some(old) = self.last.replace(Arc::new(build)) {
            // Freeing a large site's model and output takes a while: not on the way to the reload.
            std::thread::spawn(move || drop(old));
        }
        Ok(Changes { built: true, full, paths, parsed, rendered, reused, elapsed: start.elapsed() })
    }

    /// Sorts one changed path into the plan.
    fn classify(&self, path: &Path, plan: &mut Plan) {
        if let Some(file) = &self.options.config_file {
            if path == file {
                plan.config = true;
                return;
            }
        }
        let rel = if path.is_absolute() {
            match path.strip_prefix(&self.root).or_else(|_| path.strip_prefix(&self.canonical_root)) {
                Ok(r) => r,
                Err(_) => return,
            }
        } else {
            path
        };
        let mut parts = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(p) => match p.to_str() {
                    Some(p) if !is_ignored_name(p) => parts.push(p),
                    _ => return,
                },
                Component::CurDir => {}
                _ => return,
            }
        }
        let theme = self.config.as_ref().map(|c| c.site.theme.as_str());
        let rest = |from: usize| parts[from.min(parts.len())..].join("/");
        match parts.as_slice() {
            [CONFIG_FILE] => plan.config = true,
            [CONTENT_DIR, ..] => plan.content.push(rest(1)),
            [DATA_DIR, ..] => plan.data = true,
            ["templates", ..] => plan.templates = true,
            ["static"] => plan.all_statics = true,
            ["static", ..] => plan.statics.push((Layer::Site, rest(1))),
            ["themes"] => {
                plan.templates = true;
                plan.all_statics = true;
            }
            ["themes", name, tail @ ..] if theme.is_none_or(|t| t == *name) => match tail {
                [] => {
                    plan.templates = true;
                    plan.all_statics = true;
                }
                // Fonts draw the social cards: a build compares them with the renderer's.
                ["templates", ..] | ["fonts", ..] | ["i18n", ..] => plan.templates = true,
                ["static"] => plan.all_statics = true,
                ["static", ..] => plan.statics.push((Layer::Theme, rest(3))),
                _ => {}
            },
            _ => {}
        }
    }

    /// Loads the static files, all of them or only the ones that changed.
    fn update_statics(&mut self, config: &Config, plan: &Plan) {
        let per_file = !plan.all_statics
            && self.statics.as_ref().is_some_and(|(_, _, d)| d.is_empty())
            && plan.statics.iter().all(|(layer, rel)| self.update_static_file(config, *layer, rel));
        if !per_file && (plan.all_statics || !plan.statics.is_empty() || self.statics.is_none()) {
            let (theme, site, diags) = theme::load_static_layers(&self.root, config);
            self.statics = Some((theme.into_iter().collect(), site.into_iter().collect(), diags));
        }
    }

    /// Reads, or forgets, one static file; false when only reading them all will do (a folder
    /// changed, a read failed, or the theme is the built-in one).
    fn update_static_file(&mut self, config: &Config, layer: Layer, rel: &str) -> bool {
        let dir = match layer {
            Layer::Theme if !config.theme_dir(&self.root).is_dir() => return false,
            Layer::Theme => config.theme_dir(&self.root).join("static"),
            Layer::Site => self.root.join("static"),
        };
        let Some((theme, site, _)) = self.statics.as_mut() else { return false };
        let map = if layer == Layer::Theme { theme } else { site };
        let path = dir.join(rel);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => match std::fs::read(&path) {
                Ok(bytes) => {
                    map.insert(rel.to_string(), Bytes::from(bytes));
                    true
                }
                Err(_) => false,
            },
            Ok(_) => false,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let dir = format!("{rel}/");
                map.retain(|k, _| k != rel && !k.starts_with(&dir));
                true
            }
            Err(_) => false,
        }
    }
}

/// The paths that differ between two outputs: added, removed or with other bytes.
fn diff(old: &Output, new: &Output) -> Vec<String> {
    let mut changed = Vec::new();
    let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
    loop {
        match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some((pa, _)), None) => {
                changed.push(pa.to_string());
                a.next();
            }
            (None, Some((pb, _))) => {
                changed.push(pb.to_string());
                b.next();
            }
            (Some((pa, ba)), Some((pb, bb))) => match pa.cmp(pb) {
                std::cmp::Ordering::Less => {
                    changed.push(pa.to_string());
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    changed.push(pb.to_string());
                    b.next();
                }
                std::cmp::Ordering::Equal => {
                    if !std::sync::Arc::ptr_eq(ba, bb) && ba != bb {
                        changed.push(pa.to_string());
                    }
                    a.next();
                    b.next();
                }
            },
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lists_added_removed_and_changed() {
        let mut a = Output::new();
        a.insert("a", Bytes::from(&b"1"[..]));
        a.insert("b", Bytes::from(&b"2"[..]));
        a.insert("c", Bytes::from(&b"3"[..]));
        let mut b = Output::new();
        b.insert("b", Bytes::from(&b"2"[..]));
        b.insert("c", Bytes::from(&b"4"[..]));
        b.insert("d", Bytes::from(&b"5"[..]));
        assert_eq!(diff(&a, &b), ["a", "c", "d"]);
    }

    #[test]
    fn paths_are_sorted_into_what_they_change() {
        let s = Session::new("/site", Options::default());
        let mut plan = Plan::default();
        for p in [
            "/site/content/smo/a.md",
            "content/.a.md.swp",
            "/site/content/smo/#a.md#",
            "/site/public/index.html",
            "/elsewhere/content/x.md",
            "book.toml",
            "static/css/x.css",
            "themes/default/static/js/a.js",
            "themes/other/templates/page.html",
            "content/.git/HEAD",
        ] {
            s.classify(Path::new(p), &mut plan);
        }
        assert_eq!(plan.content, ["smo/a.md"]);
        // Before the first build the theme is unknown, so any theme's templates count.
        assert!(plan.config && plan.templates && !plan.all_statics);
        assert_eq!(plan.statics, [(Layer::Site, "css/x.css".to_string()), (Layer::Theme, "js/a.js".to_string())]);
    }
}
