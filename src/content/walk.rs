//! Walking a folder of the site (`content/`, `static/`, a theme's folders) with one rule for
//! symbolic links: a link whose target lies inside the site is followed like the file or
//! folder it points to; a link that leads out of the site is skipped with a warning, so that a
//! site from someone else cannot publish the reader's own files. The rule holds for the walked
//! folder itself too (a `static` folder that is a link).

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::is_ignored_name;
use crate::diagnostic::{relative_to, Diagnostic, Diagnostics};

/// Every file below `dir` (a folder of the site at `root`), sorted by name, without editors'
/// temporary files, following links that stay inside the site.
pub fn files(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let outside = RefCell::new(Vec::new());
    let leaves = |p: &Path| std::fs::canonicalize(p).is_ok_and(|target| !target.starts_with(&site));
    if dir.is_symlink() && leaves(dir) {
        diags.push(link_warning(relative_to(dir, root)));
        return Vec::new();
    }
    let found = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && is_ignored_name(&e.file_name().to_string_lossy()) {
                return false;
            }
            if e.path_is_symlink() && leaves(e.path()) {
                outside.borrow_mut().push(relative_to(e.path(), root));
                return false;
            }
            true
        })
        .filter_map(|e| match e {
            Ok(e) => Some(e),
            Err(err) => {
                let path = err.path().map_or_else(|| relative_to(dir, root), |p| relative_to(p, root));
                diags.push(Diagnostic::file_error(path, format!("cannot read: {err}")));
                None
            }
        })
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    diags.extend(outside.into_inner().into_iter().map(link_warning));
    found
}

fn link_warning(file: PathBuf) -> Diagnostic {
    Diagnostic::file_warning(file, "this symbolic link leads out of the site, so herald skips it")
        .with_help("copy the file into the site, or link to a file inside the site's folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn links_inside_the_site_are_followed_and_links_out_of_it_skipped() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "no").unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("static/img")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("static/img/a.png"), "a").unwrap();
        std::fs::write(root.join("shared/b.css"), "b").unwrap();
        std::os::unix::fs::symlink(root.join("shared"), root.join("static/shared")).unwrap();
        std::os::unix::fs::symlink(root.join("shared/b.css"), root.join("static/b.css")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("static/secret.txt")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("static/home")).unwrap();
        let mut diags = Diagnostics::new();
        let found: Vec<PathBuf> =
            files(root, &root.join("static"), &mut diags).into_iter().map(|p| relative_to(&p, root)).collect();
        let found: Vec<&str> = found.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(found, ["static/b.css", "static/img/a.png", "static/shared/b.css"]);
        let warned: Vec<String> = diags.iter().map(|d| d.file.display().to_string()).collect();
        assert_eq!(warned, ["static/home", "static/secret.txt"]);
        assert!(diags.iter().all(|d| !d.is_error()));
    }
}
