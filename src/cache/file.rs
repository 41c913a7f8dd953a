//! The files the caches keep between processes (`.herald-cache/`): each is written whole into a
//! temporary file beside it and renamed over it, so a build killed while writing one leaves the
//! last good file, never half of one.

use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Replaces the file at `path` (and makes its folder) with what `fill` writes.
pub fn replace(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let mut out = BufWriter::new(std::fs::File::create(&tmp)?);
    fill(&mut out)?;
    out.into_inner().map_err(|e| e.into_error())?.sync_data().ok();
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_fill_keeps_the_last_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/a.bin");
        replace(&path, |w| w.write_all(b"first")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        let failed = replace(&path, |w| {
            w.write_all(b"sec")?;
            Err(io::Error::other("no room"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        replace(&path, |w| w.write_all(b"second")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
    }
}
