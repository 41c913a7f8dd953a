//! The files the caches keep between processes (`.herald-cache/`): each is written whole into a
//! temporary file beside it and renamed over it, so a build killed while writing one leaves the
//! last good file, never half of one.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

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

/// Writes `bytes` at `path` through a temporary file beside it (named for this process and
/// write, so that builds running at once never share one) renamed over it: a reader never sees
/// half a file. Returns whether `path` now holds the bytes.
pub fn write_beside_then_rename(path: &Path, bytes: &[u8]) -> bool {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp-{}-{n}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_ok() {
        return true;
    }
    let _ = std::fs::remove_file(&tmp);
    false
}

/// Marks a cache file as used now, at most once a day (to spare the writes), so that a pruning
/// of its folder by age keeps the files builds still read.
pub fn touch_if_stale(path: &Path) {
    let now = SystemTime::now();
    let day = Duration::from_secs(24 * 3600);
    let stale = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > day));
    if stale {
        let _ = std::fs::File::options().write(true).open(path).and_then(|f| f.set_modified(now));
    }
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
