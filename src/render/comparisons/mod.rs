//! Comparison tables in the output: each table through the theme's `partials/comparison.html`
//! into its place in the article (tables not placed follow it), the hub page that lists every
//! table of the site, and the JSON and CSV files beside each article.

mod data;

use serde::Serialize;
use serde_json::{json, Value};
use tera::Context;

use super::context::Breadcrumb;
use super::{template_error, Renderer};
use crate::cache::key::ById;
use crate::diagnostic::Diagnostic;
use crate::markdown::{placement_marker, Inline};
use crate::site::comparisons::Table;
use crate::site::{Site, Urls, COMPARISONS_PATH};
pub use data::{data_files, headers, origin_of, page_data_files, table_csv, table_json, DataSource};

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

/// `comparisons`, for the hub template: every table of the site, grouped by article.
#[derive(Serialize, Hash)]
pub struct HubContext<'a> {
    /// "Comparison tables", in the site's default language.
    pub title: String,
    /// Its `url`, `permalink` and `path`.
    #[serde(flatten)]
    pub urls: Urls,
    /// How many tables.
    pub count: usize,
    /// The articles with tables, in the order of the site's sections.
    pub pages: Vec<HubPage<'a>>,
    /// Home, then the hub.
    pub breadcrumbs: Vec<Breadcrumb<'a>>,
}

/// An article with tables, on the hub.
#[derive(Serialize, Hash)]
pub struct HubPage<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// Its path.
    pub path: &'a str,
    /// Its section.
    pub section: HubSection<'a>,
    /// Its tables.
    pub comparisons: HubTables<'a>,
}

/// The section of an article on the hub.
#[derive(Serialize, Hash)]
pub struct HubSection<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// Its path.
    pub path: &'a str,
}

/// An article's tables on the hub, each as a [`HubTable`].
#[derive(Hash)]
pub struct HubTables<'a> {
    tables: ById<'a, [Table]>,
    page_url: &'a str,
}

/// A table on the hub.
#[derive(Serialize)]
pub struct HubTable<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its description (`text`, `html`), or null.
    pub description: &'a Option<Inline>,
    /// The columns compared.
    pub columns: &'a [String],
    /// How many rows.
    pub row_count: usize,
    /// Where it is shown: the article's URL and the table's anchor.
    pub url: String,
    /// Its JSON file's URLs.
    pub json: &'a Urls,
    /// Its CSV file's URLs.
    pub csv: &'a Urls,
}

impl Serialize for HubTables<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.tables.get().iter().map(|t| HubTable {
            id: &t.id,
            title: &t.title,
            description: &t.description,
            columns: &t.columns,
            row_count: t.rows.len(),
            url: format!("{}#{}", self.page_url, t.anchor),
            json: &t.json,
            csv: &t.csv,
        }))
    }
}

impl<'a> HubContext<'a> {
    /// The hub of `site`. Built once per build.
    pub fn new(site: &'a Site) -> HubContext<'a> {
        let mut order = Vec::with_capacity(site.pages.len());
        walk_sections(site, 0, &mut order);
        let mut count = 0;
        let pages: Vec<HubPage> = order
            .into_iter()
            .map(|i| &site.pages[i])
            .filter(|p| !p.comparisons.is_empty())
            .map(|p| {
                count += p.comparisons.len();
                let section = &site.sections[p.section];
                HubPage {
                    title: p.title(),
                    url: &p.urls.url,
                    path: &p.urls.path,
                    section: HubSection { title: &section.title, url: &section.urls.url, path: &section.urls.path },
                    comparisons: HubTables {
                        tables: ById::new(&p.comparisons, p.comparisons.as_slice()),
                        page_url: &p.urls.url,
                    },
                }
            })
            .collect();
        let urls = hub_urls(site);
        let title = site.strings.text("comparison_tables", site.config.language_code(0), &[]);
        let home = site.home();
        let breadcrumbs = vec![
            Breadcrumb {
                title: home.title.as_str().into(),
                short_title: None,
                url: home.urls.url.as_str().into(),
                path: Some(home.urls.path.as_str().into()),
            },
            Breadcrumb::current(title.clone(), urls.url.clone()),
        ];
        HubContext { title, urls, count, pages, breadcrumbs }
    }
}

/// A section's articles in reading order, then its subsections' in turn.
fn walk_sections(site: &Site, section: usize, out: &mut Vec<usize>) {
    let s = &site.sections[section];
    out.extend(&s.pages);
    for &sub in &s.subsections {
        walk_sections(site, sub, out);
    }
}
