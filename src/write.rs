//! Writes the output map to disk all at once: into a sibling folder first, swapped in place of
//! the output folder only when every file was written, so a reader never sees half a site.
//!
//! herald replaces only a folder it made itself: every output holds a [`MARKER`] file, and
//! [`check_target`] refuses any other folder that is not empty, as well as the site's own
//! folders, its parents and the home folder, before anything is written.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::output::{Output, Previous};

/// The file herald writes into every output folder, by which it knows a folder it may replace.
pub const MARKER: &str = ".herald-output";

const MARKER_TEXT: &str = "This folder was made by `herald build`, which replaces it on each build.\n\
    Without this file herald refuses to replace the folder.\n";

/// The folders of a site that hold its sources: no output may be one of them or lie inside one.
const SOURCE_FOLDERS: [&str; 5] = ["content", "static", "templates", "themes", ".git"];

/// Why a folder may not be used as the output folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeTarget {
    #[error("the output folder {0} is the site's own folder")]
    SiteRoot(PathBuf),
    #[error("the output folder {0} holds the site (it is a parent of the site's folder)")]
    ParentOfSite(PathBuf),
    #[error("the output folder {0} is the home folder")]
    Home(PathBuf),
    #[error("the output folder {dir} is the site's source folder `{source_folder}` or lies inside it")]
    SourceFolder { dir: PathBuf, source_folder: String },
    #[error("the output folder {0} is a symbolic link")]
    Symlink(PathBuf),
    #[error("the output folder {0} is a file, not a folder")]
    NotAFolder(PathBuf),
    #[error("the output folder {0} holds a site's sources (book.toml, content/ or .git/)")]
    HoldsSources(PathBuf),
    #[error("the output folder {0} is not empty and was not made by herald (it has no `{MARKER}` file)")]
    NotMadeByHerald(PathBuf),
}

impl UnsafeTarget {
    /// What the user can do about it.
    pub fn help(&self) -> String {
        match self {
            UnsafeTarget::NotMadeByHerald(_) => format!(
                "herald replaces only folders it made; choose an empty or new folder, delete this one if it is an \
                 output of an older herald (the next build makes it again, with its `{MARKER}` file), or pass \
                 --force to replace it"
            ),
            UnsafeTarget::Symlink(_) => "point the output folder at the real folder, not at a link to it".into(),
            _ => "choose an output folder of its own beside the sources, e.g. `public` (`[site] output-dir` in \
                  book.toml or --output-dir)"
                .into(),
        }
    }
}

/// Checks that `out_dir` may be replaced by a build of the site at `root`: an empty or missing
/// folder, or one herald made (it holds [`MARKER`]); with `force`, also any other folder that
/// holds no site sources. Never the site's folder, one of its source folders, a parent of the
/// site, or the home folder.
pub fn check_target(root: &Path, out_dir: &Path, force: bool) -> Result<(), UnsafeTarget> {
    let out = resolve(out_dir);
    let root = resolve(root);
    if out == root {
        return Err(UnsafeTarget::SiteRoot(out));
    }
    if root.starts_with(&out) {
        return Err(UnsafeTarget::ParentOfSite(out));
    }
    if std::env::var_os("HOME").is_some_and(|home| resolve(Path::new(&home)) == out) {
        return Err(UnsafeTarget::Home(out));
    }
    if let Some(name) = SOURCE_FOLDERS.iter().find(|name| out.starts_with(root.join(name))) {
        return Err(UnsafeTarget::SourceFolder { dir: out, source_folder: name.to_string() });
    }
    let Ok(meta) = std::fs::symlink_metadata(out_dir) else { return Ok(()) };
    if meta.file_type().is_symlink() {
        return Err(UnsafeTarget::Symlink(out_dir.to_path_buf()));
    }
    if !meta.is_dir() {
        return Err(UnsafeTarget::NotAFolder(out));
    }
    if out_dir.join(MARKER).is_file() || is_empty_dir(out_dir) {
        return Ok(());
    }
    if holds_sources(out_dir) {
        return Err(UnsafeTarget::HoldsSources(out));
    }
    if force {
        return Ok(());
    }
    Err(UnsafeTarget::NotMadeByHerald(out))
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

fn holds_sources(dir: &Path) -> bool {
    let has = |name: &str| dir.join(name).exists();
    has(crate::config::CONFIG_FILE) || has("content") || has(".git")
}

/// The absolute form of `p` with links resolved in the part that exists and `.`/`..` taken
/// away in the rest, so that two spellings of one folder compare equal.
fn resolve(p: &Path) -> PathBuf {
    let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.iter().rev() {
        for c in Path::new(part).components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                c => out.push(c),
            }
        }
    }
    out
}

/// Writes `output` into `out_dir`, replacing what was there only once everything is written.
pub fn write_atomically(output: &Output, out_dir: &Path) -> io::Result<()> {
    Staging::begin(out_dir, Previous::none())?.commit(output)
}

/// The staging folder of the build under way, for [`interrupt`].
static ACTIVE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Stops the build under way from writing and removes its staging folder (on Ctrl-C), leaving
/// the previous site as it was. Returns false when there was none: the build had not begun
/// writing, or had already put the new site in place.
pub fn interrupt() -> bool {
    crate::output::stop_writing();
    let active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner()).take();
    let Some(dir) = active else { return false };
    // A writer busy with one file when writing stopped may make its folder again while the
    // staging folder is removed: remove until it stays gone.
    for _ in 0..50 {
        if !dir.exists() {
            std::thread::sleep(std::time::Duration::from_millis(10));
            if !dir.exists() {
                break;
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    true
}

/// A build's output folder while it is being written: a sibling folder that takes the place of
/// the output folder only when every file is in it ([`Staging::commit`]), and is removed if the
/// build fails (when dropped uncommitted), so a failed build leaves the previous site untouched.
///
/// The sibling folders have fixed names (`.public.herald-new`, `.public.herald-old`), so a build
/// that was killed leaves nothing the next one does not find: [`Staging::begin`] removes them,
/// and puts the previous site back first if the kill came between the two renames of a commit.
///
/// Files whose bytes the output folder already holds unchanged are hard-linked from it (see
/// [`Previous`]) rather than written: the old folder stays whole until the swap, so the swap
/// stays atomic and a failed build still leaves it untouched.
pub struct Staging {
    out_dir: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    previous: Arc<Previous>,
    committed: bool,
}

impl Staging {
    /// Prepares an empty staging folder beside `out_dir`, refusing a folder that holds a site's
    /// sources, and cleans up after an interrupted build. `previous` is the record of what is
    /// in `out_dir` now ([`Previous::none`] to write every file).
    pub fn begin(out_dir: &Path, previous: Previous) -> io::Result<Staging> {
        let out_dir = absolute(out_dir)?;
        refuse_dangerous(&out_dir)?;
        let parent = out_dir.parent().ok_or_else(|| io::Error::other("the output folder has no parent folder"))?;
        std::fs::create_dir_all(parent)?;
        let name = out_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.herald-new"));
        let retired = parent.join(format!(".{name}.herald-old"));
        if !out_dir.exists() && is_real_dir(&retired) && retired.join(MARKER).is_file() {
            // Killed after the old site was moved aside and before the new one took its place.
            std::fs::rename(&retired, &out_dir)?;
        }
        for stale in [&staging, &retired] {
            if is_real_dir(stale) {
                remove_tree(stale)?;
            }
        }
        std::fs::create_dir_all(&staging)?;
        previous.put(&staging, MARKER, MARKER_TEXT.as_bytes())?;
        *ACTIVE.lock().unwrap_or_else(|e| e.into_inner()) = Some(staging.clone());
        Ok(Staging { out_dir, staging, retired, previous: Arc::new(previous), committed: false })
    }

    /// The folder files are written into until the commit.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// What the output folder holds now, for the files written before the commit.
    pub fn previous(&self) -> &Arc<Previous> {
        &self.previous
    }

    /// Writes the files of `output` still held in memory (those already written are in place),
    /// then swaps the staging folder in for the output folder.
    pub fn commit(mut self, output: &Output) -> io::Result<()> {
        write_tree(output, &self.staging, &self.previous)?;
        // Held through the renames, so that Ctrl-C waits for the swap instead of cutting it in two.
        let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
        let had_old = self.out_dir.exists();
        if had_old {
            std::fs::rename(&self.out_dir, &self.retired)?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.out_dir) {
            if had_old {
                // Put the previous site back rather than leave none.
                let _ = std::fs::rename(&self.retired, &self.out_dir);
            }
            return Err(e);
        }
        *active = None;
        self.committed = true;
        if had_old {
            // Still under the lock: Ctrl-C waits for this too, so that no half-removed old site
            // is left beside the new one.
            remove_tree(&self.retired)?;
        }
        drop(active);
        self.previous.save();
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
            if active.as_deref() == Some(self.staging.as_path()) {
                *active = None;
            }
            drop(active);
            if is_real_dir(&self.staging) {
                let _ = std::fs::remove_dir_all(&self.staging);
            }
        }
    }
}

/// Writes every file of `output` held in memory below `dir`, in parallel, linking those
/// `previous` holds unchanged and those a cache holds.
pub fn write_tree(output: &Output, dir: &Path, previous: &Previous) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let files: Vec<_> = output.iter_cached().collect();
    // Each file's folder is made by the worker that writes the file (pretty URLs give most pages
    // a folder of their own), not all folders first on one thread; `create_dir_all` tolerates
    // another worker making the same folder.
    files.par_iter().try_for_each(|(path, bytes, cached)| {
        crate::output::check_writing()?;
        let file = dir.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        previous.put_from(dir, path, bytes, *cached)
    })
}

/// Removes a folder and everything in it, its entries in parallel.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|p| {
        if std::fs::symlink_metadata(p)?.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Whether `p` is a folder and not a link to one (a link is never followed to delete).
fn is_real_dir(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}

/// Refuses to replace a folder that holds a site's sources: a mistyped `--output-dir .` must
/// not delete the writer's articles.
fn refuse_dangerous(out_dir: &Path) -> io::Result<()> {
    let has = |name: &str| out_dir.join(name).exists();
    if out_dir.parent().is_none() || has(crate::config::CONFIG_FILE) || has("content") || has(".git") {
        return Err(io::Error::other(format!(
            "refusing to replace {}: it holds a site's sources; choose an output folder of its own (e.g. `public`)",
            out_dir.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Bytes;

    #[test]
    fn replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut a = Output::new();
        a.insert("old.html", Bytes::from(&b"old"[..]));
        write_atomically(&a, &out).unwrap();
        let mut b = Output::new();
        b.insert("x/index.html", Bytes::from(&b"new"[..]));
        write_atomically(&b, &out).unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read(out.join("x/index.html")).unwrap(), b"new");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn an_uncommitted_staging_folder_leaves_the_old_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut a = Output::new();
        a.insert("index.html", Bytes::from(&b"old"[..]));
        write_atomically(&a, &out).unwrap();
        {
            let staging = Staging::begin(&out, Previous::none()).unwrap();
            std::fs::write(staging.dir().join("index.html"), "half").unwrap();
            // Dropped without a commit, as when the build fails.
        }
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn files_written_ahead_are_kept_at_the_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::begin(&out, Previous::none()).unwrap();
        std::fs::create_dir_all(staging.dir().join("a")).unwrap();
        std::fs::write(staging.dir().join("a/index.html"), "ahead").unwrap();
        let mut output = Output::new();
        output.insert_written("a/index.html", 5);
        output.insert("b.txt", Bytes::from(&b"late"[..]));
        staging.commit(&output).unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"ahead");
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"late");
    }

    #[test]
    fn refuses_a_site_folder() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("book.toml"), "").unwrap();
        assert!(write_atomically(&Output::new(), tmp.path()).is_err());
        assert!(tmp.path().join("book.toml").exists());
    }

    #[test]
    fn replaces_only_folders_herald_made_and_never_the_sites_own() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content/smo")).unwrap();
        std::fs::write(root.join("book.toml"), "").unwrap();
        let check = |out: &Path, force| check_target(&root, out, force);
        assert!(matches!(check(&root, true), Err(UnsafeTarget::SiteRoot(_))));
        assert!(matches!(check(&root.join("content/../."), true), Err(UnsafeTarget::SiteRoot(_))));
        assert!(matches!(check(tmp.path(), true), Err(UnsafeTarget::ParentOfSite(_))));
        assert!(matches!(check(&root.join("content/smo"), true), Err(UnsafeTarget::SourceFolder { .. })));
        assert!(matches!(check(&root.join("static/new"), true), Err(UnsafeTarget::SourceFolder { .. })));
        // Missing or empty: fine; holding files herald did not write: only with force.
        assert_eq!(check(&root.join("public"), false), Ok(()));
        let other = tmp.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        assert_eq!(check(&other, false), Ok(()));
        std::fs::write(other.join("notes.txt"), "mine").unwrap();
        assert!(matches!(check(&other, false), Err(UnsafeTarget::NotMadeByHerald(_))));
        assert_eq!(check(&other, true), Ok(()));
        std::fs::create_dir(other.join(".git")).unwrap();
        assert!(matches!(check(&other, true), Err(UnsafeTarget::HoldsSources(_))));
        // A folder herald wrote carries its marker.
        let public = root.join("public");
        write_atomically(&Output::new(), &public).unwrap();
        assert!(public.join(MARKER).is_file());
        assert_eq!(check(&public, false), Ok(()));
    }

    #[test]
    fn a_build_killed_between_the_renames_gets_its_old_site_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut a = Output::new();
        a.insert("index.html", Bytes::from(&b"old"[..]));
        write_atomically(&a, &out).unwrap();
        // What a kill after the first rename of a commit leaves: no output, the old one aside,
        // a complete new one staged.
        std::fs::rename(&out, tmp.path().join(".public.herald-old")).unwrap();
        std::fs::create_dir(tmp.path().join(".public.herald-new")).unwrap();
        let staging = Staging::begin(&out, Previous::none()).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
        drop(staging);
        let mut left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        left.sort();
        assert_eq!(left, ["public"]);
    }
}
