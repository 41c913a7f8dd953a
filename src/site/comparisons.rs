//! Comparison tables in the site model: each article's comparisons with their inline Markdown
//! rendered (links between articles resolved), their anchors and data-file URLs, ready for
//! templates; and the checks that need the whole page (placements, ids, output paths).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{explain_draft_link, Page, Section, Urls};
use crate::cache::Kept;
use crate::content::comparison::{Comparison, Place};
use crate::content::front_matter::locate;
use crate::content::Source;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::markdown::{render_inline_with_text, Inline, RenderOptions, Rendered};

/// The URL path of the hub page that lists every comparison table of the site.
pub const COMPARISONS_PATH: &str = "/comparisons/";

/// A comparison table ready to print: `page.comparisons` in templates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub id: String,
    /// The HTML id of the table on its page (`comparison-smo-vs-smm`).
    pub anchor: String,
    /// Plain text, as written.
    pub title: String,
    pub description: Option<Inline>,
    /// The things compared, as written.
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    /// The rows' notes, numbered from 1 in row order.
    pub notes: Vec<Note>,
    /// Whether the body places the table; tables not placed follow the article.
    pub placed: bool,
    /// The table as JSON and as CSV, beside the page.
    pub json: Urls,
    pub csv: Urls,
}

/// One aspect and its values, in column order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    pub aspect: Inline,
    pub cells: Vec<Cell>,
    pub note: Option<Note>,
}

/// One value, with the column it belongs to (for labels when rows are stacked as cards).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub column: String,
    pub html: String,
    pub text: String,
}

/// A row's note, printed as a numbered footnote under the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub number: usize,
    /// The HTML id of the note, and of the reference to it in the row.
    pub id: String,
    pub ref_id: String,
    /// The plain text of the row's aspect, to label the link back.
    pub aspect: String,
    pub html: String,
    pub text: String,
}

/// The tables of the last build, by content path. An article's tables are made from its file,
/// its rendered body (where they are placed) and its URL path ([`TablePage`]), and from the
/// site-wide [`Inputs`]: `smart-punctuation` and the base URL, compared whole, and the link
/// map, by digest (a cell may link to any article). The drafts only shape error messages, and
/// tables with errors are not kept, so that their errors are reported again.
#[derive(Debug, Default)]
pub struct TableCache {
    /// `smart_punctuation` and `base_url` of the last build's [`Inputs`].
    settings: Option<(bool, String)>,
    /// A digest of the link map of the last build.
    links: u64,
    /// Whether entries may be used: the settings and link map are the last build's.
    valid: bool,
    entries: Kept<String, CachedTables>,
}

#[derive(Debug)]
struct CachedTables {
    /// The file and body they were made from, compared by address (and so kept alive).
    source: Arc<Source>,
    rendered: Arc<Rendered>,
    path: String,
    tables: Arc<Vec<Table>>,
}

/// What an article's tables are made from besides the site-wide [`Inputs`].
struct TablePage<'a> {
    source: &'a Arc<Source>,
    rendered: &'a Arc<Rendered>,
    /// The article's URL path, which the data files are beside.
    path: &'a str,
}

impl<'a> TablePage<'a> {
    fn of(page: &'a Page) -> TablePage<'a> {
        TablePage { source: &page.source, rendered: &page.rendered, path: &page.urls.path }
    }
}

/// The tables of a page without any: one value shared by all, so that it keeps its identity
/// from build to build.
pub fn none() -> Arc<Vec<Table>> {
    static NONE: std::sync::LazyLock<Arc<Vec<Table>>> = std::sync::LazyLock::new(Arc::default);
    Arc::clone(&NONE)
}

impl TableCache {
    fn start(&mut self, inputs: &Inputs<'_>) {
        let settings = (inputs.smart_punctuation, inputs.base_url.to_string());
        self.valid = self.settings.as_ref() == Some(&settings) && self.links == inputs.links_digest;
        self.settings = Some(settings);
        self.links = inputs.links_digest;
    }

    fn get(&self, page: &TablePage<'_>) -> Option<Arc<Vec<Table>>> {
        let e = self.entries.get(&page.source.rel).filter(|_| self.valid)?;
        let same =
            Arc::ptr_eq(&e.source, page.source) && Arc::ptr_eq(&e.rendered, page.rendered) && e.path == page.path;
        same.then(|| Arc::clone(&e.tables))
    }

    /// The last build's `Arc` of the page's tables when they equal `tables`, so that later
    /// stages see them unchanged; else `tables` in a new one.
    fn same(&self, page: &TablePage<'_>, tables: Vec<Table>) -> Arc<Vec<Table>> {
        match self.entries.get(&page.source.rel) {
            Some(e) if *e.tables == tables => Arc::clone(&e.tables),
            _ => Arc::new(tables),
        }
    }
}

/// A digest of the link map, the same whatever its order: equal digests mean every article
/// kept its URL.
pub(super) fn links_digest(link_map: &crate::markdown::LinkMap) -> u64 {
    link_map.iter().fold(0u64, |sum, entry| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        entry.hash(&mut h);
        sum.wrapping_add(h.finish())
    })
}

/// What rendering the tables needs from the site stage.
pub(super) struct Inputs<'a> {
    pub link_map: &'a crate::markdown::LinkMap,
    /// [`links_digest`] of `link_map`.
    pub links_digest: u64,
    pub smart_punctuation: bool,
    pub drafts: &'a [&'a str],
    pub base_url: &'a str,
}

/// Renders every article's comparisons into [`Page::comparisons`] and checks what needs the
/// whole site: placements, anchors, data-file paths and the hub's URL.
pub(super) fn build(
    pages: &mut [Page],
    sections: &[Section],
    inputs: &Inputs<'_>,
    mut cache: Option<&mut TableCache>,
    diags: &mut Diagnostics,
) {
    if let Some(cache) = cache.as_deref_mut() {
        cache.start(inputs);
    }
    let cached = cache.as_deref();
    // Each page's tables on their own (in parallel: a site may have thousands), their
    // diagnostics in page order, and the tables to keep for the next build.
    let per_page: Vec<(Diagnostics, Option<(String, CachedTables)>)> = pages
        .par_iter_mut()
        .filter(|page| !page.source.front.comparisons.is_empty())
        .map(|page| {
            let mut found = Diagnostics::new();
            let of = TablePage::of(page);
            let tables = match cached.and_then(|c| c.get(&of)) {
                Some(tables) => tables,
                None => {
                    let (tables, errors) = render_page(&of, inputs);
                    found.extend(errors);
                    match cached {
                        Some(c) => c.same(&of, tables),
                        None => Arc::new(tables),
                    }
                }
            };
            let kept = (cached.is_some() && found.is_empty()).then(|| {
                let e = CachedTables {
                    source: Arc::clone(of.source),
                    rendered: Arc::clone(of.rendered),
                    path: of.path.to_string(),
                    tables: Arc::clone(&tables),
                };
                (page.source.rel.clone(), e)
            });
            page.comparisons = tables;
            check_page(page, &mut found);
            (found, kept)
        })
        .collect();
    let mut kept = FxHashMap::default();
    for (found, entry) in per_page {
        diags.extend(found);
        kept.extend(entry);
    }
    if let Some(cache) = cache {
        cache.entries.finish(kept);
    }
    for s in sections {
        if let Some(src) = s.source.as_ref().filter(|src| !src.front.comparisons.is_empty()) {
            let (line, column) = locate(&src.yaml, Place { comparison: 0, row: None });
            diags.push(
                Diagnostic::warning(
                    &src.file,
                    line + 1,
                    column,
                    "comparisons of a section's `_index.md` are not shown",
                )
                .with_help("move them to an article of the section"),
            );
        }
    }
    if pages.iter().any(|p| !p.comparisons.is_empty()) {
        let taken = sections
            .iter()
            .map(|s| (s.urls.path.as_str(), s.source.as_ref().map(|src| src.file.clone())))
            .chain(pages.iter().map(|p| (p.urls.path.as_str(), Some(p.source.file.clone()))));
        for (path, file) in taken {
            if path == COMPARISONS_PATH {
                let file = file.unwrap_or_else(|| "content/comparisons".into());
                diags.push(
                    Diagnostic::file_error(
                        file,
                        format!("`{path}` is where herald lists the site's comparison tables"),
                    )
                    .with_help("rename the folder or set another `slug`"),
                );
            }
        }
    }
}

fn render_page(page: &TablePage<'_>, inputs: &Inputs<'_>) -> (Vec<Table>, Vec<Diagnostic>) {
    let source = page.source;
    let opts = RenderOptions {
        dir: &source.dir,
        links: inputs.link_map,
        smart_punctuation: inputs.smart_punctuation,
        base_path: crate::config::base_path_of(inputs.base_url),
        // Table cells are inline Markdown: no code blocks, and no math yet.
        highlight: None,
        math: false,
        // Cells have no headings.
        slugify: crate::config::Slugify::Safe,
    };
    let mut errors = Vec::new();
    let mut inline = |text: &str, place: Place| {
        let (r, diags) = render_inline_with_text(text, &opts);
        errors.extend(diags.into_iter().map(|d| locate_value_error(d, source, place, inputs.drafts)));
        r
    };
    let mut tables = Vec::with_capacity(source.front.comparisons.len());
    for (ci, c) in source.front.comparisons.iter().enumerate() {
        let anchor = format!("comparison-{}", c.id);
        let description = c.description.as_deref().map(|d| inline(d, Place { comparison: ci, row: None }));
        let mut notes = Vec::new();
        let mut rows = Vec::with_capacity(c.rows.len());
        for (ri, row) in c.rows.iter().enumerate() {
            let place = Place { comparison: ci, row: Some(ri) };
            let aspect = inline(&row.aspect, place);
            let cells = c
                .cells(row)
                .iter()
                .zip(&c.columns)
                .map(|(value, column)| {
                    let Inline { html, text } = inline(value, place);
                    Cell { column: column.clone(), html, text }
                })
                .collect();
            let note = row.note.as_deref().map(|n| {
                let number = notes.len() + 1;
                let Inline { html, text } = inline(n, place);
                let note = Note {
                    number,
                    id: format!("{anchor}-note-{number}"),
                    ref_id: format!("{anchor}-ref-{number}"),
                    aspect: aspect.text.clone(),
                    html,
                    text,
                };
                notes.push(note.clone());
                note
            });
            rows.push(TableRow { aspect, cells, note });
        }
        tables.push(Table {
            placed: page.rendered.placements.iter().any(|p| p.name == "comparison" && p.id == c.id),
            json: data_urls(page, c, "json", inputs.base_url),
            csv: data_urls(page, c, "csv", inputs.base_url),
            id: c.id.clone(),
            anchor,
            title: c.title.clone(),
            description,
            columns: c.columns.clone(),
            rows,
            notes,
        });
    }
    (tables, errors)
}

fn data_urls(page: &TablePage<'_>, c: &Comparison, ext: &str, base_url: &str) -> Urls {
    Urls::new(base_url, &format!("{}{}.{ext}", page.path, c.id))
}

/// Puts an error found in a value (a broken link) at the value's line in the front matter: the
/// first line of the comparison or row that holds the link as written.
fn locate_value_error(mut d: Diagnostic, source: &Source, place: Place, drafts: &[&str]) -> Diagnostic {
    let (line, column) = locate(&source.yaml, place);
    let written = d.problem.written_link().filter(|w| !w.is_empty());
    let exact = written.and_then(|w| {
        source
            .yaml
            .lines()
            .enumerate()
            .skip(line.saturating_sub(1))
            .find_map(|(i, l)| l.find(w).map(|at| (i + 1, l[..at].chars().count() + 1)))
    });
    let (line, column) = exact.unwrap_or((line, column));
    d.file = source.file.clone();
    // The YAML starts on the file's second line, after `---`.
    d.position = Some(Position::new(line + 1, column));
    explain_draft_link(&mut d, drafts);
    d
}

/// Errors that need the rendered page: a table placed twice, or an anchor that a heading has.
fn check_page(page: &Page, diags: &mut Diagnostics) {
    let source = &page.source;
    let mut seen: Vec<&str> = Vec::new();
    for p in page.rendered.placements.iter().filter(|p| p.name == "comparison") {
        if seen.contains(&p.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    &source.file,
                    p.line + source.body_line - 1,
                    p.column,
                    format!("the comparison `{}` is placed twice on this page", p.id),
                )
                .with_help("a table appears once: remove one of the lines"),
            );
        }
        seen.push(&p.id);
    }
    for (ci, table) in page.comparisons.iter().enumerate() {
        // Found only for an error: reading the YAML for the line costs more than the checks.
        let at = || locate(&source.yaml, Place { comparison: ci, row: None });
        if page.rendered.headings.iter().any(|h| h.id == table.anchor) {
            let (line, column) = at();
            diags.push(
                Diagnostic::error(
                    &source.file,
                    line + 1,
                    column,
                    format!(
                        "a heading of this page has the id `{}`, which the comparison `{}` needs",
                        table.anchor, table.id
                    ),
                )
                .with_help("give the heading another id: `## Heading {#another-id}`"),
            );
        }
        // Only a page bundle has files of its own to collide with.
        for ext in ["json", "csv"].into_iter().filter(|_| !source.assets.is_empty()) {
            let file = format!("{}.{ext}", table.id);
            if source.assets.iter().any(|(rel, _)| *rel == file) {
                let (line, column) = at();
                diags.push(
                    Diagnostic::error(
                        &source.file,
                        line + 1,
                        column,
                        format!(
                            "the comparison `{}` is published as `{file}`, a file this page bundle already has",
                            table.id
                        ),
                    )
                    .with_help("rename the file or the comparison's id"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_source;

    fn page(text: &str, links: &crate::markdown::LinkMap) -> (Page, Vec<Diagnostic>) {
        let source = parse_source("smo/a.md".into(), "content/smo/a.md".into(), text).unwrap();
        let opts =
            RenderOptions { smart_punctuation: true, highlight: None, ..RenderOptions::defaults(&source.dir, links) };
        let (rendered, _) = crate::markdown::render(&source.body, &opts);
        let mut p = Page {
            urls: Urls::new("https://example.org/", "/smo/a/"),
            source: source.into(),
            rendered: rendered.into(),
            comparisons: Arc::default(),
            section: 0,
            tags: Vec::new(),
            authors: Vec::new(),
            backlinks: Vec::new(),
            related: Vec::new(),
            prev: None,
            next: None,
            reading_minutes: 1,
            held: None,
            lang: 0,
            translations: Vec::new(),
        };
        let inputs = Inputs {
            link_map: links,
            links_digest: links_digest(links),
            smart_punctuation: true,
            drafts: &[],
            base_url: "https://example.org/",
        };
        let (tables, errors) = render_page(&TablePage::of(&p), &inputs);
        p.comparisons = Arc::new(tables);
        (p, errors)
    }

    const TEXT: &str = "---\ntitle: A\ncomparisons:\n  - id: x\n    title: X\n    columns: [A, B]\n    rows:\n      - aspect: One\n        values: [\"*a*\", \"[b](../smm/b.md)\"]\n        note: A note.\n      - aspect: Two\n        values: {B: \"gone [link](../smm/gone.md)\", A: a}\n---\n{{ comparison(id=\"x\") }}\n";

    #[test]
    fn renders_cells_notes_and_urls() {
        let links: crate::markdown::LinkMap = [("smm/b.md".to_string(), "/smm/b/".to_string())].into_iter().collect();
        let (p, errors) = page(TEXT, &links);
        let t = &p.comparisons[0];
        assert!(t.placed);
        assert_eq!(t.anchor, "comparison-x");
        assert_eq!(t.rows[0].cells[0].html, "<em>a</em>");
        assert_eq!(t.rows[0].cells[1].html, "<a href=\"/smm/b/\">b</a>");
        assert_eq!(t.rows[1].cells[0].text, "a");
        assert_eq!(t.rows[1].cells[1].column, "B");
        assert_eq!(t.notes.len(), 1);
        assert_eq!(t.rows[0].note.as_ref().map(|n| n.id.as_str()), Some("comparison-x-note-1"));
        assert_eq!(t.json.url, "/smo/a/x.json");
        assert_eq!(t.csv.permalink, "https://example.org/smo/a/x.csv");
        // The broken link is on line 12 of the file, in the map of the second row.
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].position, Some(Position::new(12, 34)), "{}", errors[0]);
    }
}
