//! A cache folder of files a build makes at some cost (social cards), kept between processes.
//! Each is named by the key of what it is made from and by the hash of its own bytes:
//! `<key>-<hash>.<ext>`.
//!
//! `herald build` hard-links a cached file into its output instead of writing its bytes again,
//! so the published file and the cached one can be one file on disk. A tool run over the output
//! that edits that file in place would then edit the cache too: every read checks the bytes
//! against the hash in the name, and a file that fails is made again, never published.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::file::{touch_if_stale, write_beside_then_rename};

/// Hex digits of the bytes' hash in a file's name.
const HASH_HEX: usize = 16;

/// A cache folder and the names of the files in it, by key.
pub struct Blobs {
    dir: PathBuf,
    /// The files' extension, without its dot.
    ext: &'static str,
    names: FxHashMap<String, String>,
}

/// A file read from the cache: its bytes, and where they lie on disk.
pub struct Blob {
    pub bytes: Vec<u8>,
    pub path: Arc<Path>,
}

impl Blobs {
    /// The cache in `dir` (made when missing: a cache that cannot be written only costs time).
    pub fn open(dir: &Path, ext: &'static str) -> Blobs {
        let _ = std::fs::create_dir_all(dir);
        let names = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let (key, _) = split_name(&name, ext)?;
                Some((key.to_string(), name))
            })
            .collect();
        Blobs { dir: dir.to_path_buf(), ext, names }
    }

    /// The file of `key`, when its bytes are those it was written with (marked as used, see
    /// [`touch_if_stale`]).
    pub fn get(&self, key: &str) -> Option<Blob> {
        let (path, bytes) = match self.names.get(key) {
            Some(name) => {
                let path = self.dir.join(name);
                let bytes = std::fs::read(&path).ok()?;
                let (_, hash) = split_name(name, self.ext)?;
                (hash == hash_hex(&bytes)).then_some((path, bytes))?
            }
            None => self.migrate(key)?,
        };
        touch_if_stale(&path);
        Some(Blob { bytes, path: Arc::from(path) })
    }

    /// Stores `bytes` as the file of `key`; returns where, `None` when it could not be written.
    pub fn put(&self, key: &str, bytes: &[u8]) -> Option<Arc<Path>> {
        let path = self.dir.join(format!("{key}-{}.{}", hash_hex(bytes), self.ext));
        write_beside_then_rename(&path, bytes).then(|| Arc::from(path))
    }

    /// A file an earlier herald kept as `<key>.<ext>`, renamed with its hash, so that an
    /// upgrade does not make every file again.
    fn migrate(&self, key: &str) -> Option<(PathBuf, Vec<u8>)> {
        let old = self.dir.join(format!("{key}.{}", self.ext));
        let bytes = std::fs::read(&old).ok()?;
        let path = self.dir.join(format!("{key}-{}.{}", hash_hex(&bytes), self.ext));
        std::fs::rename(&old, &path).ok()?;
        Some((path, bytes))
    }
}

/// The key and the hash of a cache file's name, if it is one.
fn split_name<'a>(name: &'a str, ext: &str) -> Option<(&'a str, &'a str)> {
    let stem = name.strip_suffix(ext)?.strip_suffix('.')?;
    let (key, hash) = stem.rsplit_once('-')?;
    (hash.len() == HASH_HEX && !key.is_empty()).then_some((key, hash))
}

fn hash_hex(bytes: &[u8]) -> String {
    let hex = blake3::hash(bytes).to_hex();
    hex.as_str()[..HASH_HEX].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reads_back_until_it_is_edited_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        let blobs = Blobs::open(tmp.path(), "png");
        assert!(blobs.get("abc").is_none());
        let path = blobs.put("abc", b"card bytes").unwrap();
        // A later build finds it by its key.
        let blobs = Blobs::open(tmp.path(), "png");
        let blob = blobs.get("abc").unwrap();
        assert_eq!((blob.bytes.as_slice(), &*blob.path), (&b"card bytes"[..], &*path));
        assert!(blobs.get("abd").is_none());
        // Edited in place (as through a hard link from an output folder): not read any more.
        std::fs::write(&path, b"card bytez").unwrap();
        assert!(Blobs::open(tmp.path(), "png").get("abc").is_none());
        // Made again, it takes the same name: the edited file is replaced, not written into.
        let again = blobs.put("abc", b"card bytes").unwrap();
        assert_eq!(again, path);
        assert_eq!(Blobs::open(tmp.path(), "png").get("abc").unwrap().bytes, b"card bytes");
    }

    #[test]
    fn a_file_of_an_earlier_herald_is_renamed_with_its_hash() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("abc.png"), b"old card").unwrap();
        std::fs::write(tmp.path().join("notes.txt"), b"not a card").unwrap();
        let blob = Blobs::open(tmp.path(), "png").get("abc").unwrap();
        assert_eq!(blob.bytes, b"old card");
        assert!(!tmp.path().join("abc.png").exists());
        assert_eq!(Blobs::open(tmp.path(), "png").get("abc").unwrap().path, blob.path);
        assert_eq!(split_name("notes.txt", "png"), None);
        assert_eq!(split_name("-0123456789abcdef.png", "png"), None);
        assert_eq!(split_name("k-0123456789abcdef.png", "png"), Some(("k", "0123456789abcdef")));
    }
}
