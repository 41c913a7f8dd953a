//! Comparison tables in the output: each table through the theme's `partials/comparison.html`
//! into its place in the article (tables not placed follow it), the hub page that lists every
//! table of the site, and the JSON and CSV files beside each article.

mod data;

use serde_json::{json, Value};
use tera::Context;

use super::{template_error, Renderer};
use crate::diagnostic::Diagnostic;
use crate::markdown::placement_marker;
use crate::site::{Site, Urls, COMPARISONS_PATH};
pub use data::{data_files, origin_of, page_data_files, table_csv, table_json};

/// The partial that renders one table.
pub const PARTIAL: &str = "partials/comparison.html";
/// The template of the hub page.
pub const HUB_TEMPLATE: &str = "comparisons.html";

/// Whether the site gets a hub page: it has comparisons and a template for the hub.
pub fn has_hub(renderer: &Renderer, site: &Site) -> bool {
    renderer.has_template(HUB_TEMPLATE) && site.pages.iter().any(|p| !p.comparisons.is_empty())
}

/// The hub's URLs.
pub fn hub_urls(site: &Site) -> Urls {
    Urls::new(&site.config.site.base_url, COMPARISONS_PATH)
}

/// Renders each table of page `index` through the partial, into `page.comparisons[].html`;
/// puts them in place of their markers in `page.content`; and lists those not placed as
/// `page.unplaced_comparisons`, for the page template to print after the article.
pub(super) fn complete_page(
    renderer: &Renderer,
    base: &Context,
    site: &Site,
    index: usize,
    page: &mut Value,
) -> Result<(), Diagnostic> {
    let p = &site.pages[index];
    if p.comparisons.is_empty() {
        page["unplaced_comparisons"] = json!([]);
        return Ok(());
    }
    if !renderer.has_template(PARTIAL) {
        return Err(Diagnostic::file_error(
            format!("templates/{PARTIAL}"),
            format!("the theme has no `{PARTIAL}`, which renders the comparisons of {}", p.source.file.display()),
        )
        .with_help("add it to the theme's templates/ or the site's templates/ (herald init --copy-theme has one)"));
    }
    let mut content = None;
    let mut unplaced = Vec::new();
    let mut ctx = base.clone();
    for (i, table) in p.comparisons.iter().enumerate() {
        // Moved in as a value: `Context::insert` would serialize it into a copy.
        let one = serde_json::Map::from_iter([("comparison".to_string(), page["comparisons"][i].clone())]);
        ctx.extend(Context::from_value(Value::Object(one)).expect("an object"));
        let html = renderer.tera.render(PARTIAL, &ctx).map_err(|e| {
            template_error(&renderer.files, PARTIAL, &e).with_help(format!(
                "while rendering the comparison `{}` of {}",
                table.id,
                p.source.file.display()
            ))
        })?;
        if table.placed {
            let html_so_far = content.get_or_insert_with(|| page["content"].as_str().unwrap_or_default().to_string());
            *html_so_far = html_so_far.replace(&placement_marker("comparison", &table.id), html.trim_end());
        }
        page["comparisons"][i]["html"] = Value::String(html);
        if !table.placed {
            unplaced.push(page["comparisons"][i].clone());
        }
    }
    if let Some(content) = content {
        page["content"] = Value::String(content);
    }
    page["unplaced_comparisons"] = Value::Array(unplaced);
    Ok(())
}

/// `comparisons`, for the hub template: every table of the site, grouped by article, articles
/// in the order of the site's sections. Built once per build.
pub(super) fn hub(site: &Site) -> Value {
    let mut order = Vec::with_capacity(site.pages.len());
    walk_sections(site, 0, &mut order);
    let mut count = 0;
    let pages: Vec<Value> = order
        .into_iter()
        .map(|i| &site.pages[i])
        .filter(|p| !p.comparisons.is_empty())
        .map(|p| {
            count += p.comparisons.len();
            let section = &site.sections[p.section];
            let tables: Vec<Value> = p
                .comparisons
                .iter()
                .map(|t| {
                    json!({
                        "id": t.id,
                        "title": t.title,
                        "description": t.description,
                        "columns": t.columns,
                        "row_count": t.rows.len(),
                        "url": format!("{}#{}", p.urls.url, t.anchor),
                        "json": t.json,
                        "csv": t.csv,
                    })
                })
                .collect();
            json!({
                "title": p.title(),
                "url": p.urls.url,
                "path": p.urls.path,
                "section": { "title": section.title, "url": section.urls.url, "path": section.urls.path },
                "comparisons": tables,
            })
        })
        .collect();
    let urls = hub_urls(site);
    let home = site.home();
    json!({
        "title": "Comparison tables",
        "url": urls.url,
        "permalink": urls.permalink,
        "path": urls.path,
        "count": count,
        "pages": pages,
        "breadcrumbs": [
            { "title": home.title, "url": home.urls.url, "path": home.urls.path },
            { "title": "Comparison tables", "url": urls.url },
        ],
    })
}

/// What [`hub`] is made of, as numbers that change when it does: the key of the hub page for
/// the incremental render, without building its context (every table of the site). For each
/// article with tables: a hash of the title and URLs it shows, and its tables' version.
pub(super) fn hub_key(site: &Site, tables_versions: &[u64]) -> Value {
    use std::hash::{Hash, Hasher};
    let mut order = Vec::with_capacity(site.pages.len());
    walk_sections(site, 0, &mut order);
    let pages: Vec<Value> = order
        .into_iter()
        .filter(|&i| !site.pages[i].comparisons.is_empty())
        .map(|i| {
            let p = &site.pages[i];
            let section = &site.sections[p.section];
            let mut h = rustc_hash::FxHasher::default();
            (p.title(), &p.urls.url, &p.urls.path, &section.title, &section.urls.url, &section.urls.path).hash(&mut h);
            json!([h.finish(), tables_versions[i]])
        })
        .collect();
    let home = site.home();
    json!({ "pages": pages, "home": [home.title, home.urls.url, home.urls.path], "hub": hub_urls(site) })
}

/// A section's articles in reading order, then its subsections' in turn.
fn walk_sections(site: &Site, section: usize, out: &mut Vec<usize>) {
    let s = &site.sections[section];
    out.extend(&s.pages);
    for &sub in &s.subsections {
        walk_sections(site, sub, out);
    }
}
