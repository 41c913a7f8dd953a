//! Two outputs on one path, or one output's path running through another's file
//! (`sitemap.xml` and `sitemap.xml/index.html`): errors that name both sources, found before
//! anything is written, instead of one file silently replacing the other or a failed write.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::output::Output;
use crate::publish::{alias_output_path, normalize_alias};
use crate::site::Site;

/// Where output files come from, by output path, for errors that name both sides.
#[derive(Default)]
pub(super) struct Origins {
    /// Each output path's source file, and the line that made it when one did.
    known: HashMap<String, (PathBuf, Option<usize>)>,
}

impl Origins {
    /// The source files of the site's articles, sections and aliases.
    pub(super) fn of_site(site: &Site) -> Origins {
        let mut o = Origins::default();
        for page in &site.pages {
            let source = &page.source;
            o.known.insert(page.urls.output_file(), (source.file.clone(), Some(source.key_line("slug"))));
            for alias in &source.front.aliases {
                if let Some(path) = normalize_alias(alias) {
                    let line = source.yaml.lines().position(|l| l.contains(alias.as_str())).map_or(1, |i| i + 2);
                    o.known.entry(alias_output_path(&path)).or_insert((source.file.clone(), Some(line)));
                }
            }
        }
        for section in &site.sections {
            if let Some(source) = &section.source {
                o.known.insert(section.urls.output_file(), (source.file.clone(), Some(source.key_line("slug"))));
            }
        }
        o
    }

    /// Records that `path` comes from `file` (a static file, for one).
    pub(super) fn add(&mut self, path: &str, file: PathBuf) {
        self.known.entry(path.to_string()).or_insert((file, None));
    }

    /// The file and line that made `path`, when known.
    fn of(&self, path: &str) -> Option<&(PathBuf, Option<usize>)> {
        self.known.get(path)
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
            Some((file, Some(line))) => Diagnostic::error(file, *line, 1, message),
            None => Diagnostic::file_error(path, message),
        }
    }
}

/// Every output file whose path needs another output file to be a folder: the two cannot both
/// be written.
pub(super) fn file_folder_conflicts(output: &Output, origins: &Origins) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut reported = std::collections::HashSet::new();
    for path in output.paths() {
        for (i, _) in path.match_indices('/') {
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
