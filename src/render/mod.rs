//! Tera rendering: loads the theme's templates once (with the site's overrides), then renders
//! every page of the site model in parallel into the output map.

pub mod cache;
pub mod comparisons;
pub mod context;
pub mod i18n;
pub mod names;
pub mod page_key;
pub mod shortcodes;
pub mod theme;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;
use tera::{Context, Tera};

use crate::cache::key::{key, ById, BySerde, Hashed};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Position, Severity};
use crate::output::{Bytes, Counter, Output, PageKey, Written};
use crate::seo::SiteSeo;
use crate::site::{Item, Site, Urls, AUTHORS_PATH, COMPARISONS_PATH, NOT_FOUND_PATH, SEARCH_PATH, TAGS_PATH};
pub use cache::RenderCache;
use context::{
    AuthorPageContext, AuthorTemplate, AuthorsContext, AuthorsTemplate, Common, HubTemplate, NotFoundTemplate,
    PageContext, PageFields, PageTemplate, Paginator, SearchTemplate, SectionContext, SectionTemplate, SummaryContext,
    TagContext, TagTemplate, TagsTemplate, TemplateContext,
};
use theme::TemplateFile;

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: [&str; 6] =
    ["index.html", "section.html", "page.html", "tags.html", "tag.html", "404.html"];

/// The template of author pages, which a site with `[authors]` needs.
pub const AUTHOR_TEMPLATE: &str = "author.html";

/// The template of the index of authors, rendered when the theme has it and `[authors]` names
/// someone.
pub const AUTHORS_TEMPLATE: &str = "authors.html";

/// The template of an article without a `template` of its own.
const PAGE_TEMPLATE: &str = "page.html";

/// The template of the search page, rendered when the theme has it and search is on.
const SEARCH_TEMPLATE: &str = "search.html";

fn search_urls(site: &Site, lang: usize) -> Urls {
    site.urls_in(lang, SEARCH_PATH)
}

/// The pages herald makes in each language, so that their contexts can borrow their paths and
/// the language switcher can link them.
struct LangPaths {
    tags: LangPage,
    search: LangPage,
    /// `/404.html`, `/fr/404.html`.
    not_found: LangPage,
}

/// One page of [`LangPaths`]: its path, URL and title in its language.
struct LangPage {
    path: String,
    url: String,
    title: String,
}

impl LangPaths {
    fn new(site: &Site, lang: usize) -> LangPaths {
        let page = |path: &str, key: &str| {
            let urls = site.urls_in(lang, path);
            let title = site.strings.text(key, site.config.language_code(lang), &[]);
            LangPage { path: urls.path, url: urls.url, title }
        };
        LangPaths {
            tags: page(TAGS_PATH, "tags"),
            search: page(SEARCH_PATH, "search"),
            not_found: page(NOT_FOUND_PATH, "page_not_found"),
        }
    }
}

/// The language switcher's links of a page herald makes in every language: `page` of each
/// other language.
fn lang_links<'a>(
    site: &'a Site,
    paths: &'a [LangPaths],
    lang: usize,
    page: impl Fn(&'a LangPaths) -> &'a LangPage,
) -> Vec<context::TranslationLink<'a>> {
    site.langs()
        .filter(|&l| l != lang)
        .map(|l| context::TranslationLink {
            lang: site.config.language_code(l),
            title: &page(&paths[l]).title,
            url: &page(&paths[l]).url,
        })
        .collect()
}

/// Asset path to its fingerprinted name (`css/style.css` → `css/style.3f2a9c1b.css`), which
/// `get_url` hands out.
pub type AssetMap = std::collections::BTreeMap<String, String>;

/// Loaded, parsed templates, ready to render any page.
pub struct Renderer {
    tera: Tera,
    files: Vec<TemplateFile>,
    /// What each template can print, so that contexts leave out what none does.
    names: names::Names,
    /// The hash of the template files.
    templates: u64,
    /// The theme's strings in the site's languages, for `trans`.
    strings: std::sync::Arc<crate::i18n::Strings>,
    /// The hash of all a page's output is made from besides its context: the templates, and
    /// the config and asset names the template functions read. A [`RenderCache`] holds the
    /// pages of one identity only.
    identity: u64,
    /// What loading the theme found but did not stop on (a language the theme has no strings
    /// for), reported by every render of the site.
    warnings: Diagnostics,
}

impl Renderer {
    /// Loads and parses the theme's templates and the site's overrides.
    pub fn new(root: &Path, config: &Config) -> Result<Renderer, Diagnostics> {
        let (files, mut diags) = theme::load_templates(root, config);
        let (strings, string_diags) = i18n::load(root, config);
        let strings = std::sync::Arc::new(strings);
        diags.extend(string_diags);
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
        if !config.authors.is_empty() && !files.iter().any(|f| f.name == AUTHOR_TEMPLATE) {
            diags.push(
                Diagnostic::file_error(
                    format!("templates/{AUTHOR_TEMPLATE}"),
                    format!("the theme has no `{AUTHOR_TEMPLATE}`, which the author pages of `[authors]` need"),
                )
                .with_help("add it to the site's templates/ (the default theme's is a start)"),
            );
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let names = names::Names::new(&files);
        let templates = key("templates", &files.iter().map(|f| (&f.name, &f.origin, &f.source)).collect::<Vec<_>>());
        let mut renderer = Renderer { tera, files, names, templates, strings, identity: 0, warnings: diags };
        renderer.set_assets(config, &AssetMap::new());
        Ok(renderer)
    }

    /// Gives the template functions `config` and makes `get_url` hand out the fingerprinted
    /// names of renamed assets.
    pub fn set_assets(&mut self, config: &Config, assets: &AssetMap) {
        register_functions(&mut self.tera, config, assets);
        i18n::register(&self.strings, &mut self.tera);
        self.identity = key("renderer", &(self.templates, &self.strings, BySerde(config), assets));
    }

    /// Whether a template (or shortcode) calls `resize_image`: only then are the site's images
    /// gathered for it.
    pub fn uses_resize_image(&self) -> bool {
        self.files.iter().any(|f| f.source.contains("resize_image"))
    }

    /// Gives `resize_image` the site's images; pages are rendered again when one of them
    /// changes. Called after [`Renderer::set_assets`], whose identity it extends.
    pub fn set_resizer(&mut self, resizer: Arc<crate::images::resize::Resizer>) {
        self.identity = key("renderer with images", &(self.identity, resizer.digest()));
        self.tera.register_function("resize_image", move |args: &HashMap<String, Value>| {
            let text = |k: &str| args.get(k).and_then(Value::as_str);
            let path = text("path").ok_or_else(|| {
                tera::Error::msg("resize_image needs `path`, e.g. resize_image(path=\"img/photo.jpg\", width=600)")
            })?;
            let number = |k: &str| args.get(k).and_then(Value::as_u64);
            let ask = crate::images::resize::Ask::parse(number("width"), number("height"), text("op"), text("format"))
                .map_err(|e| tera::Error::msg(format!("resize_image: {e}")))?;
            let resized = resizer.resize(path, &ask).map_err(|e| tera::Error::msg(format!("resize_image: {e}")))?;
            serde_json::to_value(resized).map_err(tera::Error::json)
        });
    }

    /// The theme's strings in the site's languages, which the site model carries to the
    /// metadata (titles, breadcrumbs, card labels) as well.
    pub fn strings(&self) -> &std::sync::Arc<crate::i18n::Strings> {
        &self.strings
    }

    /// Whether a template of this name exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.files.iter().any(|f| f.name == name)
    }

    /// Whether `site` gets an index of authors: it has some, and the theme `authors.html`.
    pub fn has_authors_index(&self, site: &Site) -> bool {
        !site.authors.is_empty() && self.has_template(AUTHORS_TEMPLATE)
    }

    /// Whether a template other than a shortcode names `data`.
    fn pages_use_data(&self) -> bool {
        self.template_names()
            .filter(|t| !t.starts_with(shortcodes::FOLDER))
            .any(|t| self.names.uses_variable(t, "data"))
    }

    /// What every shortcode call sees besides its arguments: `data`, when a shortcode names it
    /// (copied into each call's context, so not for those that do not).
    fn shortcode_base(&self, site: &Site) -> serde_json::Map<String, Value> {
        let mut base = serde_json::Map::new();
        if self.template_names().any(|t| t.starts_with(shortcodes::FOLDER) && self.names.uses_variable(t, "data")) {
            let data = site.data.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            base.insert("data".into(), Value::Object(data));
        }
        base
    }

    /// The names of all templates, sorted.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|f| f.name.as_str())
    }

    /// Renders every page, section, tag page, the comparisons hub and the 404 page, and adds the
    /// comparison tables' data files.
    pub fn render_site(&self, site: &Site, seo: &SiteSeo) -> (Output, Diagnostics) {
        self.render_site_cached(site, seo, &mut RenderCache::default(), None, None)
    }

    /// [`Renderer::render_site`], reusing the output of every page whose template context is the
    /// same as when `cache` last saw it, and reading only the bundle assets it does not hold.
    ///
    /// This is the whole of the incremental render: a page depends on its template and on what
    /// its context holds, so the hash of the typed context (see [`key`]) finds exactly the pages
    /// an edit reaches. It holds as long as a template's output depends only on its context, the
    /// config and the templates, which deterministic output requires anyway. Debug builds
    /// render every reused page again and insist on the same bytes.
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
        let series = cache.reuse.is_series();
        debug_assert!(!(series && written.is_some()), "a cache that keeps pages needs their bytes");
        cache.start(self.identity);
        let (summaries, links) = rayon::join(|| context::summaries(site, &self.names), || context::page_links(site));
        let has_hub = comparisons::has_hub(self, site);
        let has_search = site.config.search.enabled && self.has_template(SEARCH_TEMPLATE);
        let commons: Vec<Hashed<Common>> = (0..site.homes.len())
            .map(|lang| {
                Common::new(
                    site,
                    lang,
                    &seo.follow[lang],
                    has_hub.then(|| comparisons::hub_urls(site).url),
                    has_search.then(|| search_urls(site, lang).url),
                    self.pages_use_data().then_some(&*site.data),
                )
            })
            .collect();
        let hub = has_hub.then(|| comparisons::HubContext::new(site));
        let authors_urls = seo.authors_index.is_some().then(|| Urls::new(&site.config.site.base_url, AUTHORS_PATH));
        let paths: Vec<LangPaths> = site.langs().map(|lang| LangPaths::new(site, lang)).collect();
        let shared = Shared {
            paths: &paths,
            authors_urls: authors_urls.as_ref(),
            site,
            seo,
            commons: &commons,
            bases: commons.iter().map(|c| Context::from_serialize(c).expect("an object")).collect(),
            summaries: &summaries,
            links: &links,
            hub: hub.as_ref(),
            page_fields: PageFields::of(&self.names, PAGE_TEMPLATE),
        };
        let mut jobs = jobs(site);
        if has_hub {
            jobs.insert(0, Item::Comparisons);
        }
        if has_search {
            jobs.extend(site.langs().map(Item::Search));
        }
        if authors_urls.is_some() {
            jobs.push(Item::Authors);
        }
        if let Some(p) = progress {
            p.start(jobs.len());
        }
        let last = &cache.outputs;
        // A build that writes its pages keys each by value, for the next build to link it from
        // this one's output instead of rendering it again.
        let persist = written.is_some() && self.names.pure();
        let results: Vec<JobResult> = jobs
            .par_iter()
            .map(|job| {
                let job = match self.prepare(&shared, job) {
                    Ok(job) => job,
                    Err(e) => return JobResult::failed(e.0, e.1),
                };
                let key = series.then(|| crate::cache::key::key(&job.template, &job.context));
                if let Some(e) = last.get(&job.path).filter(|e| Some(e.key) == key) {
                    // What the check's calls make is not this build's: the entry's copies are.
                    crate::images::resize::capturing(|| self.verify_reuse(&shared, &job, &e.bytes));
                    return JobResult {
                        key,
                        bytes: Ok(Bytes::clone(&e.bytes)),
                        fresh: false,
                        copies: e.copies.clone(),
                        ..JobResult::new(job.path)
                    };
                }
                let page_key = persist.then(|| page_key::page_key(self.identity, &job.template, &job.context));
                if let Some((w, k)) = written.zip(page_key) {
                    if let Some(files) = w.reuse_page(&job.path, k) {
                        self.verify_linked(&shared, &job, w);
                        return JobResult { written: files, fresh: false, ..JobResult::new(job.path) };
                    }
                }
                let (bytes, copies) = crate::images::resize::capturing(|| self.render_job(&shared, &job));
                if let (Some(w), Ok(b)) = (written, &bytes) {
                    // Its `resize_image` copies are made by the render: a page with some is not linked.
                    let page_key = page_key.filter(|_| copies.is_empty());
                    return JobResult { copies, ..write_through(w, job.path, Bytes::clone(b), page_key) };
                }
                JobResult { key, bytes, copies, ..JobResult::new(job.path) }
            })
            .inspect(|_| progress.map_or((), Counter::bump))
            .collect();
        let mut output = Output::new();
        let mut diags = self.warnings.clone();
        match written {
            Some(w) => {
                let data: Vec<JobResult> = comparisons::data_files(site)
                    .into_par_iter()
                    .map(|(path, b)| write_through(w, path, b, None))
                    .collect();
                for r in data {
                    match r.bytes {
                        Ok(_) => r.written.into_iter().for_each(|(p, n)| output.insert_written(p, n)),
                        Err(d) => diags.push(d),
                    }
                }
            }
            None if series => output.extend(cache.data_files(site)),
            None => output.extend(comparisons::data_files(site)),
        }
        let (mut rendered, mut reused) = (0, 0);
        let mut next = cache.outputs.next_map();
        let mut page_copies = Vec::new();
        for JobResult { path, bytes, key, fresh, written, more, copies } in results {
            diags.extend(more);
            if fresh {
                rendered += 1;
            } else {
                reused += 1;
            }
            page_copies.extend(copies.iter().cloned());
            if !written.is_empty() {
                written.into_iter().for_each(|(p, n)| output.insert_written(p, n));
                // A warning of the publishing step (a page that could not be minified).
                if let Err(d) = bytes {
                    diags.push(d);
                }
                continue;
            }
            match bytes {
                Ok(bytes) => {
                    if let Some(key) = key {
                        next.insert(path.clone(), cache::Entry { key, bytes: Bytes::clone(&bytes), copies });
                    }
                    output.insert(path, bytes);
                }
                Err(d) => diags.push(d),
            }
        }
        if series {
            cache.finish(site, seo, next);
        }
        cache.rendered = rendered;
        cache.reused = reused;
        cache.page_copies = page_copies;
        diags.extend(self.bundle_assets(site, cache, &mut output));
        (output, diags)
    }

    /// The files of article bundles, read again only when the cache does not hold them.
    fn bundle_assets(&self, site: &Site, cache: &mut RenderCache, output: &mut Output) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let mut next_assets = rustc_hash::FxHashMap::default();
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
                        if cache.reuse.is_series() {
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
        cache.assets.finish(next_assets);
        diags
    }

    /// Renders one job from its context.
    fn render_job(&self, shared: &Shared, job: &Job) -> Result<Bytes, Diagnostic> {
        let mut value = serde_json::to_value(&job.context).expect("contexts serialize");
        if let Item::Page(id) = job.item {
            let base = &shared.bases[shared.site.page(id).lang];
            comparisons::complete_page(self, base, shared.site, id.index(), &mut value["page"])?;
        }
        let context = Context::from_value(value).expect("an object");
        // Sized for the page up front: growing a page's buffer by doubling copies it again and again.
        let hint = match job.item {
            Item::Page(id) => shared.site.page(id).rendered.html.len() + 32 * 1024,
            _ => 64 * 1024,
        };
        let mut buf = Vec::with_capacity(hint);
        self.tera.render_to(&job.template, &context, &mut buf).map(|()| Bytes::from(buf)).map_err(|e| {
            let hint = missing_variable(&e).and_then(|var| variable_hint(&var, &context.clone().into_json()));
            let diag = template_error(&self.files, &job.template, &e);
            match hint {
                Some(h) => diag.with_help(format!("{h} (while rendering {})", job.origin)),
                None => diag.with_help(format!("while rendering {}", job.origin)),
            }
        })
    }

    /// Debug builds render every reused page again and insist on the same bytes, so that an input
    /// the incremental render overlooks shows up in the tests rather than as a stale page.
    fn verify_reuse(&self, shared: &Shared, job: &Job, reused: &Bytes) {
        if cfg!(debug_assertions) {
            if let Ok(fresh) = self.render_job(shared, job) {
                assert!(fresh == *reused, "the incremental render reused a stale {}: see cache::key", job.path);
            }
        }
    }

    /// Debug builds render every page linked from the previous output again and insist that
    /// publishing it gives the files linked, as [`Renderer::verify_reuse`] does within a process.
    fn verify_linked(&self, shared: &Shared, job: &Job, written: &Written) {
        if cfg!(debug_assertions) {
            if let Ok(fresh) = self.render_job(shared, job) {
                assert!(written.holds(&job.path, fresh), "a build linked a stale {}: see render::page_key", job.path);
            }
        }
    }

    /// The template, output path and context of one job.
    fn prepare<'a>(&self, shared: &Shared<'a>, item: &Item) -> Result<Job<'a>, Box<(String, Vec<Diagnostic>)>> {
        let (site, summaries) = (shared.site, shared.summaries);
        let common = &shared.commons[site.lang_of(*item)];
        let seo = BySerde(shared.seo.get(*item));
        let (template, path, origin, context): (&str, String, String, TemplateContext) = match *item {
            Item::Page(id) => {
                let (i, p) = (id.index(), site.page(id));
                let template = p.source.front.template.as_deref().unwrap_or(PAGE_TEMPLATE);
                if !self.has_template(template) {
                    let line = p.source.yaml.lines().position(|l| l.starts_with("template:")).map_or(1, |l| l + 2);
                    let d =
                        Diagnostic::error(&p.source.file, line, 1, format!("the template `{template}` does not exist"))
                            .with_help("name a template of the theme's or the site's templates/ folder");
                    return Err(Box::new((p.urls.output_file(), vec![d])));
                }
                let fields = match template {
                    PAGE_TEMPLATE => shared.page_fields,
                    own => PageFields::of(&self.names, own),
                };
                let page = PageContext::new(site, shared.links, i, fields);
                let context = TemplateContext::Page(PageTemplate {
                    common,
                    seo: fields.seo.then(|| ById::new(&shared.seo.pages[i], &*shared.seo.pages[i])),
                    page,
                    current_path: &p.urls.path,
                });
                (template, p.urls.output_file(), p.source.file.display().to_string(), context)
            }
            Item::Section(id) | Item::Pager(id, _) => {
                let number = if let Item::Pager(_, n) = *item { n } else { 1 };
                let (i, s) = (id.index(), site.section(id));
                let urls = s.pager_urls(number);
                let template = if s.parent.is_none() { "index.html" } else { "section.html" };
                let lists = self.names.uses(template, "pages");
                let section = SectionContext::new(site, summaries, i, lists, number);
                let context = TemplateContext::Section(SectionTemplate {
                    common,
                    seo,
                    section,
                    paginator: Paginator::new(&s.paging, &s.urls, s.pages.len(), number),
                    current_path: &urls.path,
                    recent: s.parent.is_none().then(|| context::recent(site, summaries, s.lang)),
                });
                let origin = s
                    .source
                    .as_ref()
                    .map_or_else(|| format!("content/{}", s.folder), |src| src.file.display().to_string());
                (template, urls.output_file(), origin, context)
            }
            Item::Tags(lang) => {
                let current_path = &shared.paths[lang].tags.path;
                let tags = context::tags(site, lang);
                let translations = lang_links(site, shared.paths, lang, |p| &p.tags);
                let context = TemplateContext::Tags(TagsTemplate { common, seo, tags, current_path, translations });
                ("tags.html", site.urls_in(lang, TAGS_PATH).output_file(), "the tag index".into(), context)
            }
            Item::Tag(id) | Item::TagPager(id, _) => {
                let number = if let Item::TagPager(_, n) = *item { n } else { 1 };
                let t = site.tag(id);
                let urls = t.pager_urls(number);
                let context = TemplateContext::Tag(TagTemplate {
                    common,
                    seo,
                    tag: TagContext::new(site, summaries, t, number),
                    paginator: Paginator::new(&t.paging, &t.urls, t.pages.len(), number),
                    current_path: &urls.path,
                });
                ("tag.html", urls.output_file(), format!("the tag page of `{}`", t.name), context)
            }
            Item::Comparisons => {
                let hub = shared.hub.expect("jobs have the hub only when the site has one");
                let context =
                    TemplateContext::Hub(HubTemplate { common, seo, comparisons: hub, current_path: COMPARISONS_PATH });
                let path = comparisons::hub_urls(site).output_file();
                (comparisons::HUB_TEMPLATE, path, "the comparisons hub".into(), context)
            }
            Item::Search(lang) => {
                let current_path = &shared.paths[lang].search.path;
                let translations = lang_links(site, shared.paths, lang, |p| &p.search);
                let context = TemplateContext::Search(SearchTemplate { common, seo, current_path, translations });
                (SEARCH_TEMPLATE, search_urls(site, lang).output_file(), "the search page".into(), context)
            }
            Item::Author(id) => {
                let a = site.author(id);
                let context = TemplateContext::Author(AuthorTemplate {
                    common,
                    seo,
                    author: AuthorPageContext::new(
                        site,
                        summaries,
                        id.index(),
                        shared.authors_urls.map(|u| u.url.as_str()),
                    ),
                    current_path: &a.urls.path,
                });
                (AUTHOR_TEMPLATE, a.urls.output_file(), format!("the author page of `{}`", a.id), context)
            }
            Item::Authors => {
                let urls = shared.authors_urls.expect("jobs have the index of authors only when the site has one");
                let context = TemplateContext::Authors(AuthorsTemplate {
                    common,
                    seo,
                    authors: AuthorsContext::new(site, urls),
                    current_path: AUTHORS_PATH,
                });
                (AUTHORS_TEMPLATE, urls.output_file(), "the index of authors".into(), context)
            }
            Item::NotFound(lang) => {
                let current_path = &shared.paths[lang].not_found.path;
                let translations = lang_links(site, shared.paths, lang, |p| &p.not_found);
                let context = TemplateContext::NotFound(NotFoundTemplate { common, seo, current_path, translations });
                ("404.html", current_path[1..].to_string(), "the 404 page".into(), context)
            }
        };
        Ok(Job { item: *item, template: template.to_string(), path, origin, context })
    }
}

/// What every job of one build shares.
struct Shared<'a> {
    site: &'a Site,
    seo: &'a SiteSeo,
    /// `site`, `nav`, `follow`, by language.
    commons: &'a [Hashed<Common<'a>>],
    /// The paths of the tag index, search and 404 pages, by language.
    paths: &'a [LangPaths],
    /// `commons` as Tera contexts, by language, for the comparison partial.
    bases: Vec<Context>,
    /// Every article's summary, by page index.
    summaries: &'a [Hashed<SummaryContext<'a>>],
    /// Every article as a link, by page index.
    links: &'a [Hashed<context::Link<'a>>],
    hub: Option<&'a comparisons::HubContext<'a>>,
    /// The index of authors' URLs, when the site has one.
    authors_urls: Option<&'a Urls>,
    /// What the context of an article's page holds when its template is `page.html`.
    page_fields: PageFields,
}

/// One page to render.
struct Job<'a> {
    item: Item,
    template: String,
    path: String,
    /// What the page is made from, for messages.
    origin: String,
    context: TemplateContext<'a>,
}

struct JobResult {
    path: String,
    /// The page, or what went wrong. For a page already written: `Err` only for a warning of the
    /// publishing step (the page is written all the same).
    bytes: Result<Bytes, Diagnostic>,
    /// The key of its context, when the cache keeps pages.
    key: Option<u64>,
    /// Whether the templates ran for it now.
    fresh: bool,
    /// The files written for it (the page and what publishing adds), with their sizes.
    written: Vec<(String, usize)>,
    /// Errors besides the one in `bytes` (every failing shortcode call of a page).
    more: Vec<Diagnostic>,
    /// The `resize_image` copies its render made.
    copies: Vec<(String, Bytes)>,
}

impl JobResult {
    fn new(path: String) -> JobResult {
        JobResult {
            path,
            bytes: Ok(Bytes::from(Vec::new())),
            key: None,
            fresh: true,
            written: Vec::new(),
            more: Vec::new(),
            copies: Vec::new(),
        }
    }

    fn failed(path: String, mut errors: Vec<Diagnostic>) -> JobResult {
        let first = errors.remove(0);
        JobResult { bytes: Err(first), more: errors, ..JobResult::new(path) }
    }
}

/// Writes a rendered page (or data file) at once; an error to write it is an error of the build.
fn write_through(w: &Written, path: String, bytes: Bytes, key: Option<PageKey>) -> JobResult {
    let (bytes, written) = match w.write_page(&path, bytes, key) {
        Ok((files, None)) => (Ok(Bytes::from(Vec::new())), files),
        Ok((files, Some(warning))) => (Err(warning), files),
        Err(e) => {
            let d = Diagnostic::file_error(w.dir().join(&path), format!("cannot write: {e}"))
                .with_help("check that the output folder's disk has room and that it may be written to");
            (Err(d), Vec::new())
        }
    };
    JobResult { path, bytes, key: None, fresh: true, written, more: Vec::new(), copies: Vec::new() }
}

/// Every output page to render but the comparisons hub, which needs its template. Listings
/// come first: they are few but large, and started last they would leave the other threads
/// idle at the end while one finishes the home page.
fn jobs(site: &Site) -> Vec<Item> {
    let mut jobs: Vec<Item> = site.section_ids().map(Item::Section).collect();
    for id in site.section_ids() {
        jobs.extend(site.section(id).paging.later().map(|n| Item::Pager(id, n)));
    }
    jobs.extend(site.langs().map(Item::Tags));
    jobs.extend(site.tag_ids().map(Item::Tag));
    for id in site.tag_ids() {
        jobs.extend(site.tag(id).paging.later().map(|n| Item::TagPager(id, n)));
    }
    jobs.extend(site.author_ids().map(Item::Author));
    jobs.extend(site.langs().map(Item::NotFound));
    jobs.extend(site.page_ids().map(Item::Page));
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
        let position = match (nums.next().filter(|&l| l > 0), nums.next().filter(|&c| c > 0)) {
            (Some(line), column) => Some(Position { line, column }),
            (None, _) => None,
        };
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
        return Diagnostic::new(Severity::Error, origin, position, msg);
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
        return Diagnostic::file_error(origin, format!("the variable `{var}` is not defined ({message})"));
    }
    Diagnostic::file_error(origin, message)
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

#[cfg(test)]
mod tests;
