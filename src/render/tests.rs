//! The template context reference: the typed contexts of the bundled site against the README
//! and against what the bundled theme prints.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::seo::StaticFiles;

/// The field paths of a serialized context (`page.tags.name`: arrays are looked through),
/// without the insides of free-form values: front matter `extra`, the `[social]` table.
fn paths(value: &Value, at: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                out.insert(path.clone());
                if !matches!(k.as_str(), "extra" | "social") {
                    paths(v, &path, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| paths(v, at, out)),
        _ => {}
    }
}

/// Every job of the bundled site (paginated, so that listings have a paginator), as the
/// field paths its template's context has.
fn bundled_contexts() -> BTreeMap<String, BTreeSet<String>> {
    let site = context::tests::bundled_site_with(|c| c.site.paginate_by = 2);
    let root = site.root.clone();
    let renderer = Renderer::new(&root, &site.config).expect("the bundled theme loads");
    let (statics, _) = theme::load_static(&root, &site.config);
    let has_hub = comparisons::has_hub(&renderer, &site);
    let optional = crate::seo::Optional { hub: has_hub, authors: renderer.has_authors_index(&site) };
    let (seo, _) = SiteSeo::build(&site, &StaticFiles::new(&statics), optional);
    let authors_urls = optional.authors.then(|| Urls::new(&site.config.site.base_url, AUTHORS_PATH));
    let summaries = context::summaries(&site, &renderer.names);
    let links = context::page_links(&site);
    let has_search = site.config.search.enabled && renderer.has_template(SEARCH_TEMPLATE);
    let common = Common::new(
        &site,
        0,
        &seo.follow[0],
        has_hub.then(|| comparisons::hub_urls(&site).url),
        has_search.then(|| search_urls(&site, 0).url),
        None,
    );
    let hub = has_hub.then(|| comparisons::HubContext::new(&site));
    let lang_paths = [LangPaths::new(&site, 0)];
    let shared = Shared {
        paths: &lang_paths,
        site: &site,
        seo: &seo,
        commons: std::slice::from_ref(&common),
        bases: vec![Context::from_serialize(&common).unwrap()],
        summaries: &summaries,
        links: &links,
        hub: hub.as_ref(),
        authors_urls: authors_urls.as_ref(),
        // Every field, as a template could name it: the reference covers what the theme leaves out.
        page_fields: PageFields::of(&names::Names::everything(), PAGE_TEMPLATE),
    };
    let mut jobs = jobs(&site);
    jobs.extend(has_hub.then_some(Item::Comparisons));
    jobs.extend(has_search.then_some(Item::Search(0)));
    jobs.extend(optional.authors.then_some(Item::Authors));
    let mut by_template: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for job in &jobs {
        let job = renderer.prepare(&shared, job).unwrap_or_else(|e| panic!("{}", e.1[0].message()));
        let mut value = serde_json::to_value(&job.context).unwrap();
        // What the render adds: each table's `html`, `page.unplaced_comparisons`.
        if let Item::Page(i) = job.item {
            comparisons::complete_page(&renderer, &shared.bases[0], &site, i.index(), &mut value["page"]).unwrap();
        }
        paths(&value, "", by_template.entry(job.template.clone()).or_default());
    }
    by_template
}

#[test]
fn every_variable_the_bundled_theme_prints_is_in_its_context() {
    let contexts = bundled_contexts();
    // A field may be null in one page's context and present in another's (the home page has
    // no paginator in the bundled site, its sections do): paths are looked up in all.
    let all: BTreeSet<String> = contexts.values().flatten().cloned().collect();
    for (template, fields) in &contexts {
        let file = renderer_file(template);
        // `{{ page.title }}`, `{% for p in section.pages %}`: each path the template spells out
        // from a top-level variable must be a field of its context.
        for used in spelt_paths(&file, fields) {
            assert!(all.contains(&used), "{template} uses `{used}`, which no context has");
        }
    }
}

/// The source of a bundled template, with those it extends or includes.
fn renderer_file(template: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut source = std::fs::read_to_string(dir.join(template)).unwrap_or_default();
    for inner in ["base.html", "partials/head.html"] {
        if source.contains(inner) {
            source.push_str(&std::fs::read_to_string(dir.join(inner)).unwrap_or_default());
        }
    }
    source
}

/// The dotted paths of `source` that start with a top-level variable of `fields`.
fn spelt_paths(source: &str, fields: &BTreeSet<String>) -> BTreeSet<String> {
    let tops: BTreeSet<&str> = fields.iter().filter(|f| !f.contains('.')).map(String::as_str).collect();
    let mut out = BTreeSet::new();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    for token in source.split(|c: char| !word(c)) {
        let token = token.trim_end_matches('.');
        let Some((top, _)) = token.split_once('.') else { continue };
        if tops.contains(top) && !token.starts_with("seo.") {
            out.insert(token.to_string());
        }
    }
    out
}

#[test]
fn the_readme_names_every_field_of_every_context() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("### Template context").expect("the README has a template context reference");
    let end = readme[start..].find("\n## ").map_or(readme.len(), |e| start + e);
    let reference = &readme[start..end];
    let mut missing = BTreeSet::new();
    for fields in bundled_contexts().values() {
        for path in fields {
            let name = path.rsplit('.').next().unwrap_or(path);
            if !reference.contains(&format!("`{name}`")) && !reference.contains(&format!("`{path}`")) {
                missing.insert(path.clone());
            }
        }
    }
    assert!(missing.is_empty(), "the README's template context reference lacks {missing:?}");
}
