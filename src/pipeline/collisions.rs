//! Two outputs on one path, or one output's path running through another's file
//! (`sitemap.xml` and `sitemap.xml/index.html`): errors that name both sources, found before
//! anything is written, instead of one file silently replacing the other or a failed write.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::output::Output;
use crate::publish::{alias_output_path, normalize_alias};
use crate::site::Site;

/// Where output files come from, for errors that name both sides. Looked up only when there is
/// an error to write, so a build without one pays nothing for it.
pub(super) struct Origins<'a> {
    site: &'a Site,
    /// Static files, by output path.
    statics: HashMap<String, PathBuf>,
}

impl<'a> Origins<'a> {
    /// The source files of the site's articles, sections and aliases.
    pub(super) fn of_site(site: &'a Site) -> Origins<'a> {
        Origins { site, statics: HashMap::new() }
    }

    /// Records that `path` comes from `file` (a static file, for one).
    pub(super) fn add(&mut self, path: &str, file: PathBuf) {
        self.statics.entry(path.to_string()).or_insert(file);
    }

    /// The file and line that made `path`, when known: a section, else an article (the last of
    /// either at that path), else the first alias there, else a static file.
    fn of(&self, path: &str) -> Option<(PathBuf, Option<usize>)> {
        let at = |s: &crate::content::Source| Some((s.file.clone(), Some(s.key_line("slug"))));
        let site = self.site;
        let section = site.sections.iter().rev().filter(|s| s.urls.output_file() == path);
        if let Some(source) = section.filter_map(|s| s.source.as_deref()).next() {
            return at(source);
        }
        if let Some(page) = site.pages.iter().rev().find(|p| p.urls.output_file() == path) {
            return at(&page.source);
        }
        for source in site.pages.iter().map(|p| &p.source) {
            for alias in &source.front.aliases {
                if normalize_alias(alias).is_some_and(|a| alias_output_path(&a) == path) {
                    let line = source.yaml.lines().position(|l| l.contains(alias.as_str())).map_or(1, |i| i + 2);
                    return Some((source.file.clone(), Some(line)));
                }
            }
        }
        self.statics.get(path).map(|f| (f.clone(), None))
    }

    /// How `path`'s maker is named in a message.
    pub(super) fn describe(&self, path: &str) -> String {
        match self.of(path) {
            Some((file, None)) => format!("`{}`", file.display()),
            Some((file, Some(line))) => format!("`{}:{line}`", file.display()),
            None => format!("herald's generated `{path}`"),
        }
    }

    /// An error about `path` at its maker's place (or at the output path itself).
    pub(super) fn error_at(&self, path: &str, message: String) -> Diagnostic {
        match self.of(path) {
            Some((file, None)) => Diagnostic::file_error(file, message),
            Some((file, Some(line))) => Diagnostic::error(file, line, 1, message),
            None => Diagnostic::file_error(path, message),
        }
    }
}

/// Every output file whose path needs another output file to be a folder: the two cannot both
/// be written.
pub(super) fn file_folder_conflicts(output: &Output, origins: &Origins) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut reported = std::collections::HashSet::new();
    // Paths come sorted, so most of a path's folders are the previous path's too, and were looked
    // up for it: only the folders past the part the two share are new.
    let mut previous = "";
    for path in output.paths() {
        let shared = path.bytes().zip(previous.bytes()).take_while(|(a, b)| a == b).count();
        previous = path;
        for (i, _) in path.match_indices('/').filter(|&(i, _)| i >= shared) {
            let folder = &path[..i];
            if output.contains(folder) && reported.insert(folder.to_string()) {
                let message = format!(
                    "the output `{path}` (from {}) needs `{folder}` to be a folder, but {} writes a file there",
                    origins.describe(path),
                    origins.describe(folder)
                );
                found.push(
                    origins
                        .error_at(path, message)
                        .with_help("rename or move one of the two, or change the alias or slug that puts it there"),
                );
            }
        }
    }
    found
}

/// The error for a file that would replace an output file already made: `what` names the
/// newcomer, which is at `file` when it has a file of its own (a static file).
pub(super) fn same_path(path: &str, what: &str, file: Option<PathBuf>, origins: &Origins) -> Diagnostic {
    let message = format!("{what} has the same output path, `{path}`, as {}", origins.describe(path));
    match file {
        Some(file) => Diagnostic::file_error(file, message),
        None => origins.error_at(path, message),
    }
    .with_help("rename or move one of the two; each output path holds one file")
}
