//! Writes the output map to disk all at once: into a sibling folder first, swapped in place of
//! the output folder only when every file was written, so a reader never sees half a site.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::output::Output;

/// Writes `output` into `out_dir`, replacing what was there only once everything is written.
pub fn write_atomically(output: &Output, out_dir: &Path) -> io::Result<()> {
    Staging::begin(out_dir)?.commit(output)
}

/// A build's output folder while it is being written: a sibling folder that takes the place of
/// the output folder only when every file is in it ([`Staging::commit`]), and is removed if the
/// build fails (when dropped uncommitted), so a failed build leaves the previous site untouched.
pub struct Staging {
    out_dir: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares an empty staging folder beside `out_dir`, refusing a folder that holds a site's
    /// sources.
    pub fn begin(out_dir: &Path) -> io::Result<Staging> {
        let out_dir = absolute(out_dir)?;
        refuse_dangerous(&out_dir)?;
        let parent = out_dir.parent().ok_or_else(|| io::Error::other("the output folder has no parent folder"))?;
        std::fs::create_dir_all(parent)?;
        let name = out_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.herald-new-{}", std::process::id()));
        let retired = parent.join(format!(".{name}.herald-old-{}", std::process::id()));
        for stale in [&staging, &retired] {
            if stale.exists() {
                std::fs::remove_dir_all(stale)?;
            }
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Staging { out_dir, staging, retired, committed: false })
    }

    /// The folder files are written into until the commit.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Writes the files of `output` still held in memory (those already written are in place),
    /// then swaps the staging folder in for the output folder.
    pub fn commit(mut self, output: &Output) -> io::Result<()> {
        write_tree(output, &self.staging)?;
        if self.out_dir.exists() {
            std::fs::rename(&self.out_dir, &self.retired)?;
            if let Err(e) = std::fs::rename(&self.staging, &self.out_dir) {
                // Put the previous site back rather than leave none.
                let _ = std::fs::rename(&self.retired, &self.out_dir);
                return Err(e);
            }
            self.committed = true;
            remove_tree(&self.retired)
        } else {
            std::fs::rename(&self.staging, &self.out_dir)?;
            self.committed = true;
            Ok(())
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && self.staging.exists() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Writes every file of `output` held in memory below `dir`, in parallel.
pub fn write_tree(output: &Output, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let files: Vec<_> = output.iter().collect();
    // Each file's folder is made by the worker that writes the file (pretty URLs give most pages
    // a folder of their own), not all folders first on one thread; `create_dir_all` tolerates
    // another worker making the same folder.
    files.par_iter().try_for_each(|(path, bytes)| {
        let file = dir.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(file, bytes)
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
            let staging = Staging::begin(&out).unwrap();
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
        let staging = Staging::begin(&out).unwrap();
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
}
