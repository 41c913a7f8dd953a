//! Writes the output map to disk all at once: into a sibling folder first, swapped in place of
//! the output folder only when every file was written, so a reader never sees half a site.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::output::Output;

/// Writes `output` into `out_dir`, replacing what was there only once everything is written.
pub fn write_atomically(output: &Output, out_dir: &Path) -> io::Result<()> {
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

    let result = write_tree(output, &staging).and_then(|()| {
        if out_dir.exists() {
            std::fs::rename(&out_dir, &retired)?;
            if let Err(e) = std::fs::rename(&staging, &out_dir) {
                // Put the previous site back rather than leave none.
                let _ = std::fs::rename(&retired, &out_dir);
                return Err(e);
            }
            std::fs::remove_dir_all(&retired)
        } else {
            std::fs::rename(&staging, &out_dir)
        }
    });
    if result.is_err() && staging.exists() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Writes every file of `output` below `dir`, in parallel.
pub fn write_tree(output: &Output, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let dirs: BTreeSet<PathBuf> = output.paths().filter_map(|p| Path::new(p).parent().map(|d| dir.join(d))).collect();
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    let files: Vec<_> = output.iter().collect();
    files.par_iter().try_for_each(|(path, bytes)| std::fs::write(dir.join(path), bytes))
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
    fn refuses_a_site_folder() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("book.toml"), "").unwrap();
        assert!(write_atomically(&Output::new(), tmp.path()).is_err());
        assert!(tmp.path().join("book.toml").exists());
    }
}
