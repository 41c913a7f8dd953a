//! Tera rendering: loads the theme's templates once (with the site's overrides), then renders
//! every page of the site model in parallel into the output map.

pub mod cache;
pub mod comparisons;
pub mod context;
pub mod names;
pub mod theme;

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde_json::{json, Map, Value};
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{Bytes, Counter, Output, Written};
use crate::publish::AssetMap;
use crate::seo::{Item, SiteSeo};
use crate::site::{Site, Urls, COMPARISONS_PATH, SEARCH_PATH, TAGS_PATH};
use cache::KeyedEntry;
pub use cache::RenderCache;
use context::Shared;
use theme::TemplateFile;

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: [&str; 6] =
    ["index.html", "section.html", "page.html", "tags.html", "tag.html", "404.html"];

/// The template of the search page, rendered when the theme has it and search is on.
const SEARCH_TEMPLATE: &str = "search.html";

fn search_urls(site: &Site) -> Urls {
    Urls::new(&site.config.site.base_url, SEARCH_PATH)
}

/// Loaded, parsed templates, ready to render any page.
pub struct Renderer {
    tera: Tera,
    files: Vec<TemplateFile>,
    /// What each template can print, so that contexts leave out what none does.
    names: names::Names,
}

impl Renderer {
    /// Loads and parses the theme's templates and the site's overrides.
    pub fn new(root: &Path, config: &Config) -> Result<Renderer, Diagnostics> {
        let (files, mut diags) = theme::load_templates(root, config);
        if diags.has_errors() {
            return Err(diags);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        // Tera's own escaper also turns `/` into `&#x2F;`, which is valid but makes every URL
        // unreadable in the page source.
        tera.set_escape_fn(crate::escape::escape_html);
        // Parse one by one first, so that every broken template is reported, not just the first.
        for f in &files {
            if let Err(e) = Tera::default().add_raw_template(&f.name, &f.source) {
                if !is_missing_parent(&e) {
                    diags.push(template_error(&files, &f.name, &e));
                }
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if let Err(e) = tera.add_raw_templates(files.iter().map(|f| (f.name.as_str(), f.source.as_str()))) {
            diags.push(
                Diagnostic::file_error("templates", error_chain(&e))
                    .with_help("check `{% extends %}`, `{% include %}` and macro imports name existing templates"),
            );
            return Err(diags);
        }
        for name in REQUIRED_TEMPLATES {
            if !files.iter().any(|f| f.name == name) {
                diags.push(
                    Diagnostic::file_error(format!("templates/{name}"), format!("the theme has no `{name}` template"))
                        .with_help("add it to the theme's templates/ or the site's templates/"),
                );
            }
        }
        register_functions(&mut tera, config, &AssetMap::new());
        if diags.has_errors() {
            return Err(diags);
        }
        let names = names::Names::new(&files);
        Ok(Renderer { tera, files, names })
    }

    /// Makes `get_url` hand out the fingerprinted names of renamed assets.
    pub fn set_assets(&mut self, config: &Config, assets: &AssetMap) {
        register_functions(&mut self.tera, config, assets);
    }

    /// Whether a template of this name exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.files.iter().any(|f| f.name == name)
    }

    /// Renders every page, section, tag page, the comparisons hub and the 404 page, and adds the
    /// comparison tables' data files.
    pub fn render_site(&self, site: &Site, seo: &SiteSeo) -> (Output, Diagnostics) {
        self.render_site_cached(site, seo, &mut RenderCache::one_off(), None, None)
    }

    /// [`Renderer::render_site`], reusing the output of every page whose template context is the
    /// same as when `cache` last saw it, and reading only the bundle assets it does not hold.
    ///
    /// This is the whole of the incremental render: a page depends on what its context holds
    /// (its article, its neighbours' titles, the summaries it lists, the site's values), so
    /// comparing what contexts are made of finds exactly the pages an edit reaches (see
    /// [`cache`]). It holds as long as a template's output depends only on its context, the
    /// config and the templates, which deterministic output requires anyway.
    ///
    /// With `written`, each page is written into that folder as soon as it is rendered, on the
    /// thread that rendered it, and the output keeps only its path and size: a build then never
    /// holds the whole site in memory. (A cache that keeps pages needs their bytes: not both.)
    pub fn render_site_cached(
        &self,
        site: &Site,
        seo: &SiteSeo,
        cache: &mut RenderCache,
        written: Option<&Written>,
        progress: Option<&Counter>,
    ) -> (Output, Diagnostics) {
        debug_assert!(!(cache.keep && written.is_some()), "a cache that keeps pages needs their bytes");
        let articles = cache.keep.then(|| cache.articles(site, seo, &self.names));
        let mut shared = match &articles {
            Some(a) => Shared::with_summaries(site, a.summaries.clone()),
            None => Shared::new(site, &self.names),
        };
        let has_hub = comparisons::has_hub(self, site);
        shared.site["comparisons_url"] = if has_hub { comparisons::hub_urls(site).url.into() } else { Value::Null };
        let has_search = site.config.search.enabled && self.has_template(SEARCH_TEMPLATE);
        shared.site["search_url"] = if has_search { search_urls(site).url.into() } else { Value::Null };
        let follow = serde_json::to_value(&seo.follow).expect("serializable");
        let base = Context::from_value(json!({ "site": shared.site, "nav": shared.nav, "follow": follow }))
            .expect("an object");
        let common = json!([shared.site, shared.nav, follow]);
        let common_changed = cache.common != common;
        if common_changed {
            cache.listings.clear();
            cache.common = common;
        }
        let keyed =
            articles.as_ref().map(|a| shared.keyed(a.versions.clone(), comparisons::hub_key(site, &a.tables_versions)));
        let mut jobs = jobs(site);
        if has_hub {
            jobs.insert(0, Item::Comparisons);
        }
        if has_search {
            jobs.push(Item::Search);
        }
        if let Some(p) = progress {
            p.start(jobs.len());
        }
        let results: Vec<JobResult> = jobs
            .par_iter()
            .map(|job| {
                // An article page whose inputs are all as before: its last output.
                if let (Item::Page(i), Some(a)) = (job, &articles) {
                    if a.reusable[*i] && !common_changed {
                        if let Some((path, bytes)) = a.cached_output(*i) {
                            self.verify_reuse(site, &shared, &base, seo, job, &bytes);
                            return JobResult {
                                path,
                                bytes: Ok(bytes),
                                entry: None,
                                fresh: false,
                                written: Vec::new(),
                            };
                        }
                    }
                }
                // Other pages (and articles with no reusable output) through their keys.
                let key = match &keyed {
                    Some(keyed) if !matches!(job, Item::Page(_)) => match self.prepare(site, keyed, None, seo, job) {
                        Ok(k) => Some(k),
                        Err(e) => {
                            return JobResult {
                                path: e.0,
                                bytes: Err(e.1),
                                entry: None,
                                fresh: true,
                                written: Vec::new(),
                            }
                        }
                    },
                    _ => None,
                };
                if let Some(k) = &key {
                    if let Some(e) = cache
                        .listings
                        .get(&k.path)
                        .filter(|e| e.template == k.template && e.key == k.data && e.seo == *seo.get(*job))
                    {
                        self.verify_reuse(site, &shared, &base, seo, job, &e.bytes);
                        return JobResult {
                            path: k.path.clone(),
                            bytes: Ok(Bytes::clone(&e.bytes)),
                            entry: None,
                            fresh: false,
                            written: Vec::new(),
                        };
                    }
                }
                let (path, bytes) = self.render_job(site, &shared, &base, seo, job);
                if let (Some(w), Ok(b)) = (written, &bytes) {
                    return write_through(w, path, Bytes::clone(b));
                }
                let entry = match (&bytes, key) {
                    (Ok(b), Some(k)) => Some(KeyedEntry {
                        template: k.template,
                        key: k.data,
                        seo: seo.get(*job).clone(),
                        bytes: Bytes::clone(b),
                    }),
                    _ => None,
                };
                JobResult { path, bytes, entry, fresh: true, written: Vec::new() }
            })
            .inspect(|_| progress.map_or((), Counter::bump))
            .collect();
        let mut output = Output::new();
        let mut diags = Diagnostics::new();
        match written {
            Some(w) => {
                let data: Vec<JobResult> =
                    comparisons::data_files(site).into_par_iter().map(|(path, b)| write_through(w, path, b)).collect();
                for r in data {
                    match r.bytes {
                        Ok(_) => r.written.into_iter().for_each(|(p, n)| output.insert_written(p, n)),
                        Err(d) => diags.push(d),
                    }
                }
            }
            None if cache.keep => output.extend(cache.data_files(site)),
            None => output.extend(comparisons::data_files(site)),
        }
        let (mut rendered, mut reused) = (0, 0);
        let mut listings = rustc_hash::FxHashMap::default();
        let mut page_outputs = Vec::with_capacity(site.pages.len());
        for (job, JobResult { path, bytes, entry, fresh, written }) in jobs.iter().zip(results) {
            if fresh {
                rendered += 1;
            } else {
                reused += 1;
            }
            if !written.is_empty() {
                written.into_iter().for_each(|(p, n)| output.insert_written(p, n));
                // A warning of the publishing step (a page that could not be minified).
                if let Err(d) = bytes {
                    diags.push(d);
                }
                continue;
            }
            if let Item::Page(_) = job {
                page_outputs.push(bytes.as_ref().ok().map(|b| (path.clone(), Bytes::clone(b))));
            }
            match bytes {
                Ok(bytes) => {
                    if !fresh {
                        if let Some(e) = cache.listings.remove(&path) {
                            listings.insert(path.clone(), e);
                        }
                    }
                    if let Some(e) = entry {
                        listings.insert(path.clone(), e);
                    }
                    output.insert(path, bytes);
                }
                Err(d) => diags.push(d),
            }
        }
        if let Some(a) = articles {
            cache.keep_articles(a, page_outputs);
            cache.listings = listings;
        }
        cache.rendered = rendered;
        cache.reused = reused;
        let mut next_assets = HashMap::new();
        for p in &site.pages {
            let dir = p.urls.output_file();
            let dir = dir.trim_end_matches("index.html");
            for (rel, file) in &p.source.assets {
                let bytes = match cache.assets.get(file) {
                    Some(b) => Ok(Bytes::clone(b)),
                    None => std::fs::read(file).map(Bytes::from),
                };
                match bytes {
                    Ok(bytes) => {
                        if cache.keep {
                            next_assets.insert(file.clone(), Bytes::clone(&bytes));
                        }
                        output.insert(format!("{dir}{rel}"), bytes);
                    }
                    Err(e) => diags.push(Diagnostic::file_error(
                        crate::diagnostic::relative_to(file, &site.root),
                        format!("cannot read: {e}"),
                    )),
                }
            }
        }
        cache.assets = next_assets;
        (output, diags)
    }

    /// Renders one job from its full context.
    fn render_job(
        &self,
        site: &Site,
        shared: &Shared,
        base: &Context,
        seo: &SiteSeo,
        job: &Item,
    ) -> (String, Result<Bytes, Diagnostic>) {
        let p = match self.prepare(site, shared, Some(base), seo, job) {
            Ok(p) => p,
            Err(e) => return (e.0, Err(e.1)),
        };
        let context = Context::from_value(Value::Object(p.data)).expect("an object");
        // Sized for the page up front: growing a page's buffer by doubling copies it again and again.
        let hint = match *job {
            Item::Page(i) => site.pages[i].rendered.html.len() + 32 * 1024,
            _ => 64 * 1024,
        };
        let mut buf = Vec::with_capacity(hint);
        let result = self.tera.render_to(&p.template, &context, &mut buf).map(|()| Bytes::from(buf)).map_err(|e| {
            let hint = missing_variable(&e).and_then(|var| variable_hint(&var, &context.clone().into_json()));
            let diag = template_error(&self.files, &p.template, &e);
            match hint {
                Some(h) => diag.with_help(format!("{h} (while rendering {})", p.origin)),
                None => diag.with_help(format!("while rendering {}", p.origin)),
            }
        });
        (p.path, result)
    }

    /// Debug builds render every reused page again and insist on the same bytes, so that an input
    /// the incremental render overlooks shows up in the tests rather than as a stale page.
    fn verify_reuse(&self, site: &Site, shared: &Shared, base: &Context, seo: &SiteSeo, job: &Item, reused: &Bytes) {
        if cfg!(debug_assertions) {
            let (path, fresh) = self.render_job(site, shared, base, seo, job);
            if let Ok(fresh) = fresh {
                assert!(fresh == *reused, "the incremental render reused a stale {path}: see render::cache");
            }
        }
    }

    /// The template, output path and context (or key, with keyed `shared`) of one job.
    fn prepare(
        &self,
        site: &Site,
        shared: &Shared,
        base: Option<&Context>,
        seo: &SiteSeo,
        job: &Item,
    ) -> Result<Prepared, Box<(String, Diagnostic)>> {
        let mut ctx = Map::new();
        // Keys leave out what every page shares; the cache compares that once per build.
        if let Some(base) = base {
            for key in ["site", "nav", "follow"] {
                ctx.insert(key.into(), base.get(key).cloned().unwrap_or_default());
            }
        }
        // A key leaves the metadata out: the cache compares it as it is (a listing's JSON-LD lists
        // every article, too long to copy into a key on every build).
        if base.is_some() {
            ctx.insert("seo".into(), serde_json::to_value(seo.get(*job)).expect("serializable"));
        }
        let (template, path, origin): (&str, String, String) = match *job {
            Item::Page(i) => {
                let p = &site.pages[i];
                let mut page = context::page(site, i, &self.names);
                // A key holds the tables' data, from which the partial renders them: it need
                // not (and, with the body as a version number, cannot) hold the result.
                if let Some(base) = base {
                    if let Err(d) = comparisons::complete_page(self, base, site, i, &mut page) {
                        return Err(Box::new((p.urls.output_file(), d)));
                    }
                }
                ctx.insert("page".into(), page);
                ctx.insert("current_path".into(), Value::from(p.urls.path.as_str()));
                let template = p.source.front.template.as_deref().unwrap_or("page.html");
                if !self.has_template(template) {
                    let line = p.source.yaml.lines().position(|l| l.starts_with("template:")).map_or(1, |l| l + 2);
                    let d =
                        Diagnostic::error(&p.source.file, line, 1, format!("the template `{template}` does not exist"))
                            .with_help("name a template of the theme's or the site's templates/ folder");
                    return Err(Box::new((p.urls.output_file(), d)));
                }
                (template, p.urls.output_file(), p.source.file.display().to_string())
            }
            Item::Section(i) | Item::Pager(i, _) => {
                let number = if let Item::Pager(_, n) = *job { n } else { 1 };
                let s = &site.sections[i];
                let urls = s.pager_urls(number);
                let template = if i == 0 { "index.html" } else { "section.html" };
                let lists = self.names.uses(template, "pages");
                ctx.insert("section".into(), context::section(site, shared, i, lists, number));
                ctx.insert("paginator".into(), context::paginator(&s.paging, &s.urls, s.pages.len(), number));
                ctx.insert("current_path".into(), Value::from(urls.path.as_str()));
                if i == 0 {
                    ctx.insert("recent".into(), context::recent(site, shared));
                }
                let origin = s
                    .source
                    .as_ref()
                    .map_or_else(|| format!("content/{}", s.folder), |src| src.file.display().to_string());
                (template, urls.output_file(), origin)
            }
            Item::Tags => {
                ctx.insert("tags".into(), context::tags(site));
                ctx.insert("current_path".into(), Value::from(TAGS_PATH));
                ("tags.html", Urls::new(&site.config.site.base_url, TAGS_PATH).output_file(), "the tag index".into())
            }
            Item::Tag(i) | Item::TagPager(i, _) => {
                let number = if let Item::TagPager(_, n) = *job { n } else { 1 };
                let t = &site.tags[i];
                let urls = t.pager_urls(number);
                ctx.insert("tag".into(), context::tag(site, shared, t, number));
                ctx.insert("paginator".into(), context::paginator(&t.paging, &t.urls, t.pages.len(), number));
                ctx.insert("current_path".into(), Value::from(urls.path.as_str()));
                ("tag.html", urls.output_file(), format!("the tag page of `{}`", t.name))
            }
            Item::Comparisons => {
                // A key needs only to change with the hub, not to hold it (every table of the site).
                let hub = if base.is_some() { comparisons::hub(site) } else { shared.hub_key.clone() };
                ctx.insert("comparisons".into(), hub);
                ctx.insert("current_path".into(), Value::from(COMPARISONS_PATH));
                (comparisons::HUB_TEMPLATE, comparisons::hub_urls(site).output_file(), "the comparisons hub".into())
            }
            Item::Search => {
                ctx.insert("current_path".into(), Value::from(SEARCH_PATH));
                (SEARCH_TEMPLATE, search_urls(site).output_file(), "the search page".into())
            }
            Item::NotFound => {
                ctx.insert("current_path".into(), Value::from("/404.html"));
                ("404.html", "404.html".into(), "the 404 page".into())
            }
        };
        Ok(Prepared { template: template.to_string(), path, origin, data: ctx })
    }
}

struct Prepared {
    template: String,
    path: String,
    origin: String,
    data: Map<String, Value>,
}

struct JobResult {
    path: String,
    /// The page, or what went wrong. For a page already written: `Err` only for a warning of the
    /// publishing step (the page is written all the same).
    bytes: Result<Bytes, Diagnostic>,
    /// For a listing rendered now: its key and output, for the next build.
    entry: Option<KeyedEntry>,
    /// Whether the templates ran for it now.
    fresh: bool,
    /// The files written for it (the page and what publishing adds), with their sizes.
    written: Vec<(String, usize)>,
}

/// Writes a rendered page (or data file) at once; an error to write it is an error of the build.
fn write_through(w: &Written, path: String, bytes: Bytes) -> JobResult {
    let (bytes, written) = match w.write(&path, bytes) {
        Ok((files, None)) => (Ok(Bytes::from(Vec::new())), files),
        Ok((files, Some(warning))) => (Err(warning), files),
        Err(e) => {
            let d = Diagnostic::file_error(w.dir().join(&path), format!("cannot write: {e}"))
                .with_help("check that the output folder's disk has room and that it may be written to");
            (Err(d), Vec::new())
        }
    };
    JobResult { path, bytes, entry: None, fresh: true, written }
}

/// Every output page to render but the comparisons hub, which needs its template. Listings
/// come first: they are few but large, and started last they would leave the other threads
/// idle at the end while one finishes the home page.
fn jobs(site: &Site) -> Vec<Item> {
    let mut jobs: Vec<Item> = (0..site.sections.len()).map(Item::Section).collect();
    for (i, s) in site.sections.iter().enumerate() {
        jobs.extend(s.paging.later().map(|n| Item::Pager(i, n)));
    }
    jobs.push(Item::Tags);
    jobs.extend((0..site.tags.len()).map(Item::Tag));
    for (i, t) in site.tags.iter().enumerate() {
        jobs.extend(t.paging.later().map(|n| Item::TagPager(i, n)));
    }
    jobs.push(Item::NotFound);
    jobs.extend((0..site.pages.len()).map(Item::Page));
    jobs
}

fn register_functions(tera: &mut Tera, config: &Config, assets: &AssetMap) {
    let base_path = config.base_path().to_string();
    let base_url = config.site.base_url.clone();
    let assets = assets.clone();
    tera.register_function("get_url", move |args: &HashMap<String, Value>| {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("get_url needs `path`, e.g. get_url(path=\"style.css\")"))?;
        let absolute = args.get("absolute").and_then(Value::as_bool).unwrap_or(false);
        let base = if absolute { &base_url } else { &base_path };
        let path = path.trim_start_matches('/');
        let path = assets.get(path).map_or(path, String::as_str);
        Ok(Value::String(crate::site::join_url(base, path)))
    });
}

/// Tera's message with its causes, on one line.
fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// Whether parsing a template alone failed only for want of another template (a parent or a
/// macro file), which the full load below checks.
fn is_missing_parent(e: &tera::Error) -> bool {
    let chain = error_chain(e);
    chain.contains("doesn't exist") || chain.contains("not found") || chain.contains("isn't present in Tera")
}

/// A template error at the template's file and, where it can be found, its line.
fn template_error(files: &[TemplateFile], template: &str, e: &tera::Error) -> Diagnostic {
    let chain = error_chain(e);
    let file = files.iter().find(|f| f.name == template);
    let origin = file.map_or_else(|| Path::new("templates").join(template), |f| f.origin.clone());
    // Parse errors carry ` --> line:col`.
    if let Some(pos) = chain.split("--> ").nth(1) {
        let mut nums =
            pos.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|n| n.parse::<usize>().unwrap_or(0));
        let (line, column) = (nums.next().unwrap_or(0), nums.next().unwrap_or(0));
        let detail = chain
            .lines()
            .filter(|l| l.trim_start().starts_with('='))
            .map(|l| l.trim_start_matches([' ', '=']))
            .collect::<Vec<_>>()
            .join("; ");
        let msg = if detail.is_empty() {
            format!("template syntax error in `{template}`")
        } else {
            format!("template syntax error in `{template}`: {detail}")
        };
        return Diagnostic::error(origin, line, column, msg);
    }
    let message = chain.lines().next().unwrap_or(&chain).to_string();
    // Runtime errors name the variable in backticks; find where the templates use it.
    if let Some(var) = missing_variable(e) {
        let var = var.as_str();
        let in_template =
            chain.split("while rendering '").nth(1).and_then(|r| r.split('\'').next()).unwrap_or(template);
        let candidates = files.iter().filter(|f| f.name == in_template).chain(files.iter());
        for f in candidates {
            if let Some(offset) = find_variable(&f.source, var) {
                let (line, column) = crate::diagnostic::line_col(&f.source, offset);
                return Diagnostic::error(f.origin.clone(), line, column, format!("the variable `{var}` is not defined here ({message})"))
                    .with_help("check its spelling against the template context in the README, or guard it with `{% if ... %}` / `| default(value=...)`");
            }
        }
        return Diagnostic::error(origin, 0, 0, format!("the variable `{var}` is not defined ({message})"));
    }
    Diagnostic::error(origin, 0, 0, message)
}

/// The variable a render failed on, if it failed for an undefined one.
///
/// Tera 1.x has no typed error kind for this (it is `ErrorKind::Msg`); its message has the stable
/// form "Variable `page.titel` not found in context while rendering 'page.html'", so this is the
/// one place that reads it. The name only adds help and a position, never decides severity.
fn missing_variable(e: &tera::Error) -> Option<String> {
    let chain = error_chain(e);
    let rest = chain.split("Variable `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// "did you mean `page.title`?" for a misspelt `page.titel`, from the keys the render context
/// really has at that path.
fn variable_hint(var: &str, context: &Value) -> Option<String> {
    let (parent, last) = match var.rsplit_once('.') {
        Some((parent, last)) => (Some(parent), last),
        None => (None, var),
    };
    let mut at = context;
    for segment in parent.into_iter().flat_map(|p| p.split('.')) {
        at = match at {
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => at.get(segment)?,
        };
    }
    let known = at.as_object()?;
    let best = crate::diagnostic::did_you_mean(last, known.keys().map(String::as_str))?;
    Some(match parent {
        Some(parent) => format!("did you mean `{parent}.{best}`?"),
        None => format!("did you mean `{best}`?"),
    })
}

/// The first place `var` is used inside `{{ }}` or `{% %}` as a whole name.
fn find_variable(source: &str, var: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = source[from..].find(var) {
        let at = from + i;
        let before = source[..at].chars().next_back();
        let after = source[at + var.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let inside_tag = source[..at].rfind(['{']).is_some_and(|o| source[..at].rfind('}').is_none_or(|c| c < o));
        if !word(before) && !word(after) && inside_tag {
            return Some(at);
        }
        from = at + var.len();
    }
    None
}
