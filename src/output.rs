//! The rendered site as a map from output path to bytes, held in memory.
//!
//! `build` writes it to disk, `serve` answers requests from it, `check` reads it.

use std::collections::BTreeMap;
use std::sync::Arc;

/// One output file's bytes, shared cheaply between the build and the server.
pub type Bytes = Arc<[u8]>;

/// Output path (`smo/what-is-smo/index.html`, no leading slash) to bytes, sorted so that every
/// walk over it is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Bytes>,
}

impl Output {
    pub fn new() -> Self {
        Output::default()
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Bytes>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.files.get(path)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn remove(&mut self, path: &str) -> Option<Bytes> {
        self.files.remove(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Bytes)> {
        self.files.iter()
    }

    /// The paths, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    /// The total size in bytes.
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(|b| b.len()).sum()
    }

    /// Whether a folder (`smo/what-is-smo`, no slashes around it) exists in the output.
    pub fn has_dir(&self, dir: &str) -> bool {
        let prefix = format!("{}/", dir.trim_matches('/'));
        self.files.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
    }
}

impl FromIterator<(String, Bytes)> for Output {
    fn from_iter<T: IntoIterator<Item = (String, Bytes)>>(iter: T) -> Self {
        Output { files: iter.into_iter().collect() }
    }
}

impl Extend<(String, Bytes)> for Output {
    fn extend<T: IntoIterator<Item = (String, Bytes)>>(&mut self, iter: T) {
        self.files.extend(iter);
    }
}
