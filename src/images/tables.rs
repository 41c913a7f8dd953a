//! Images in comparison tables: a table's description, aspects, cells and notes are inline
//! Markdown rendered by the site stage, apart from the body, so their local images are sized
//! here, as the body's are. An error is at the table's row in the front matter.

use std::sync::Arc;

use memchr::memmem::Finder;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Lookup, Place, PrintedVariants, Sizer, StaticFiles};
use crate::cache::Reuse;
use crate::content::comparison::Place as TablePlace;
use crate::content::front_matter::locate;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::comparisons::Table;
use crate::site::{Page, Site};

/// The sized tables of earlier builds, by source file: kept while they come out the same, so
/// that the pages showing them keep their keys.
pub(super) type TableImages = FxHashMap<String, Arc<Vec<Table>>>;

/// Sizes the images of every article's comparison tables.
pub(super) fn size(
    site: &mut Site,
    statics: &StaticFiles<'_>,
    printed: &PrintedVariants,
    cache: &mut TableImages,
    reuse: Reuse,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    // Every table of every page is searched on each build (a preview's too): with the searcher
    // made once, not once a cell, and in parallel.
    let img = Finder::new("<img");
    let with_images: Vec<usize> =
        (0..site.pages.len()).into_par_iter().filter(|&i| has_images(&site.pages[i], &img)).collect();
    if with_images.is_empty() {
        cache.clear();
        return diags;
    }
    let base_path = site.config.base_path().to_string();
    let lookup = Lookup::new(site, statics);
    let sizer = Sizer { lookup, base_path: &base_path, root: &site.root, variants: Some(printed) };
    let mut sized = Vec::with_capacity(with_images.len());
    for &i in &with_images {
        let mut errors = Vec::new();
        let tables = size_page(&site.pages[i], &sizer, &mut errors);
        diags.extend(errors);
        sized.push(tables);
    }
    let mut next = FxHashMap::default();
    for (i, tables) in with_images.into_iter().zip(sized) {
        let page = &mut site.pages[i];
        let tables = match cache.remove(&page.source.rel) {
            Some(kept) if *kept == tables => kept,
            _ => Arc::new(tables),
        };
        if reuse.is_series() {
            next.insert(page.source.rel.clone(), Arc::clone(&tables));
        }
        page.comparisons = tables;
    }
    *cache = next;
    diags
}

fn has_images(page: &Page, finder: &Finder) -> bool {
    let img = |html: &str| finder.find(html.as_bytes()).is_some();
    page.comparisons.iter().any(|t| {
        t.description.as_ref().is_some_and(|d| img(&d.html))
            || t.notes.iter().any(|n| img(&n.html))
            || t.rows.iter().any(|r| img(&r.aspect.html) || r.cells.iter().any(|c| img(&c.html)))
    })
}

/// A page's tables with their images sized.
fn size_page(page: &Page, sizer: &Sizer, errors: &mut Vec<Diagnostic>) -> Vec<Table> {
    let source = &page.source;
    let mut sized = |html: &mut String, at: TablePlace| {
        let (line, column) = locate(&source.yaml, at);
        // The YAML starts on the file's second line, after `---`.
        let place = Place { source, page_path: &page.urls.path, line: line + 1, column };
        match sizer.size(html, &place) {
            Ok(Some(done)) => *html = done,
            Ok(None) => {}
            Err(e) => errors.extend(e),
        }
    };
    let mut tables = (*page.comparisons).clone();
    for (ci, table) in tables.iter_mut().enumerate() {
        if let Some(d) = &mut table.description {
            sized(&mut d.html, TablePlace { comparison: ci, row: None });
        }
        for (ri, row) in table.rows.iter_mut().enumerate() {
            let at = TablePlace { comparison: ci, row: Some(ri) };
            sized(&mut row.aspect.html, at);
            for cell in &mut row.cells {
                sized(&mut cell.html, at);
            }
            if let Some(note) = &mut row.note {
                sized(&mut note.html, at);
                // The list under the table holds the same note.
                if let Some(listed) = table.notes.iter_mut().find(|n| n.number == note.number) {
                    listed.html = note.html.clone();
                }
            }
        }
    }
    tables
}
