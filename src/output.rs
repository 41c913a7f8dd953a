//! The rendered site as a map from output path to bytes.
//!
//! `serve` answers requests from it and `check` reads it, so for them every file stays in memory.
//! `build` only writes it: there, the bulk of the site (the pages) is written into the staging
//! folder by the render stage as each page is made, and the map keeps just its path and size
//! (see [`Written`]), so a build's memory does not grow with the size of the whole site.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

mod previous;
pub use previous::{PageKey, Previous, RECORD_DIR};

/// One output file's bytes, shared cheaply between the build and the server.
pub type Bytes = Arc<[u8]>;

/// A file of the output: its bytes, or the size of what was already written to disk.
#[derive(Debug, Clone)]
enum Stored {
    /// The bytes, and a cache file that holds the same bytes, to link instead of writing them.
    Memory(Bytes, Option<Arc<Path>>),
    Written(usize),
}

/// Two outputs are the same when their files hold the same bytes, wherever a cache keeps them.
impl PartialEq for Stored {
    fn eq(&self, other: &Stored) -> bool {
        match (self, other) {
            (Stored::Memory(a, _), Stored::Memory(b, _)) => a == b,
            (Stored::Written(a), Stored::Written(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Stored {}

/// Output path (`smo/what-is-smo/index.html`, no leading slash) to bytes, sorted so that every
/// walk over it is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Stored>,
}

impl Output {
    pub fn new() -> Self {
        Output::default()
    }

    /// Adds or replaces a file (also one already written: the final write puts these bytes over it).
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Bytes>) {
        self.files.insert(path.into(), Stored::Memory(bytes.into(), None));
    }

    /// Adds or replaces a file whose bytes `cached` also holds, when it is given: a build links
    /// that file into its output rather than write the bytes again.
    pub fn insert_cached(&mut self, path: impl Into<String>, bytes: Bytes, cached: Option<Arc<Path>>) {
        self.files.insert(path.into(), Stored::Memory(bytes, cached));
    }

    /// Records a file that a [`Written`] folder already holds.
    pub fn insert_written(&mut self, path: impl Into<String>, len: usize) {
        self.files.insert(path.into(), Stored::Written(len));
    }

    /// The bytes of a file held in memory (`None` for a file already written to disk).
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        match self.files.get(path) {
            Some(Stored::Memory(b, _)) => Some(b),
            _ => None,
        }
    }

    /// Whether the output has this file, in memory or written.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Takes a file held in memory out of the map.
    pub fn remove(&mut self, path: &str) -> Option<Bytes> {
        match self.files.get(path) {
            Some(Stored::Memory(..)) => match self.files.remove(path) {
                Some(Stored::Memory(b, _)) => Some(b),
                _ => None,
            },
            _ => None,
        }
    }

    /// The number of files, in memory or written.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file held in memory, sorted by path (files already written are not in it).
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Bytes)> {
        self.iter_cached().map(|(p, b, _)| (p, b))
    }

    /// Every file held in memory, sorted by path, with the cache file that holds its bytes.
    pub fn iter_cached(&self) -> impl Iterator<Item = (&String, &Bytes, Option<&Path>)> {
        self.files.iter().filter_map(|(p, s)| match s {
            Stored::Memory(b, cached) => Some((p, b, cached.as_deref())),
            Stored::Written(_) => None,
        })
    }

    /// The paths of every file, in memory or written, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    /// The total size in bytes, in memory or written.
    pub fn total_bytes(&self) -> usize {
        self.files
            .values()
            .map(|s| match s {
                Stored::Memory(b, _) => b.len(),
                Stored::Written(n) => *n,
            })
            .sum()
    }

    /// Whether a folder (`smo/what-is-smo`, no slashes around it) exists in the output.
    pub fn has_dir(&self, dir: &str) -> bool {
        let prefix = format!("{}/", dir.trim_matches('/'));
        self.files.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
    }
}

impl FromIterator<(String, Bytes)> for Output {
    fn from_iter<T: IntoIterator<Item = (String, Bytes)>>(iter: T) -> Self {
        Output { files: iter.into_iter().map(|(p, b)| (p, Stored::Memory(b, None))).collect() }
    }
}

impl Extend<(String, Bytes)> for Output {
    fn extend<T: IntoIterator<Item = (String, Bytes)>>(&mut self, iter: T) {
        self.files.extend(iter.into_iter().map(|(p, b)| (p, Stored::Memory(b, None))));
    }
}

/// How far one long stage of a build has got, shared with a progress bar on another thread.
#[derive(Debug, Default)]
pub struct Counter {
    /// Items finished so far.
    pub done: AtomicUsize,
    /// Items the stage has to do (0 before it starts).
    pub total: AtomicUsize,
}

impl Counter {
    /// Starts a stage of `total` items.
    pub fn start(&self, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// One more item done.
    pub fn bump(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// (done, total) as last seen.
    pub fn get(&self) -> (usize, usize) {
        (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }
}

/// The counts of a build's long stages: pages rendered and social cards drawn.
#[derive(Debug, Default)]
pub struct Progress {
    pub pages: Counter,
    pub cards: Counter,
}

/// A folder that output files are written into as soon as they are made, from any thread (the
/// staging folder of a build, see [`crate::write`]). Before writing, each file goes through the
/// publishing step for single files (minifying, precompressing) that the build asks for.
pub struct Written {
    dir: PathBuf,
    finish: Box<FinishFile>,
    previous: Arc<Previous>,
    /// Shown each HTML file as written or linked (the search index's tap).
    seen: Option<Box<SeenFile>>,
}

/// What is shown each HTML file put in the folder: its path and bytes.
pub type SeenFile = dyn Fn(&str, &[u8]) + Send + Sync;

/// What publishing does to one file before it is written: the files to write in its place (the
/// file itself, perhaps changed, and any precompressed copies), and a warning if something
/// could not be done.
pub type FinishFile = dyn Fn(&str, Bytes) -> (Vec<(String, Bytes)>, Option<Diagnostic>) + Send + Sync;

/// The paths and sizes of the files written for one file, and publishing's warning.
pub type WrittenFiles = (Vec<(String, usize)>, Option<Diagnostic>);

impl Written {
    /// Writes into `dir` (which must exist), each file through `finish`; a file whose bytes
    /// `previous` holds unchanged is linked from there instead.
    pub fn new(dir: PathBuf, finish: Box<FinishFile>, previous: Arc<Previous>) -> Written {
        Written { dir, finish, previous, seen: None }
    }

    /// Shows `seen` each HTML file put in the folder, written or linked.
    pub fn with_seen(mut self, seen: Box<SeenFile>) -> Written {
        self.seen = Some(seen);
        self
    }

    /// The folder written into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (and what publishing adds beside it); returns the paths and sizes written,
    /// for [`Output::insert_written`], and publishing's warning.
    pub fn write(&self, path: &str, bytes: Bytes) -> io::Result<WrittenFiles> {
        check_writing()?;
        let (files, warning) = (self.finish)(path, bytes);
        let mut written = Vec::with_capacity(files.len());
        for (path, bytes) in files {
            let file = self.dir.join(&path);
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent)?;
            }
            self.previous.put(&self.dir, &path, &bytes)?;
            if let Some(seen) = self.seen.as_ref().filter(|_| path.ends_with(".html")) {
                seen(&path, &bytes);
            }
            written.push((path, bytes.len()));
        }
        Ok((written, warning))
    }

    /// [`Written::write`] for a page rendered from `key` (`None`: from what cannot be keyed),
    /// which the next build may link instead of rendering when its key is the same.
    pub fn write_page(&self, path: &str, bytes: Bytes, key: Option<PageKey>) -> io::Result<WrittenFiles> {
        let (files, warning) = self.write(path, bytes)?;
        // A page whose publishing warned is made again, so that the next build warns too.
        if let Some(key) = key.filter(|_| warning.is_none()) {
            self.previous.remember_page(path, key, files.iter().map(|(p, _)| p.clone()).collect());
        }
        Ok((files, warning))
    }

    /// Links the files the previous build wrote for the page at `path` when it was rendered
    /// from the same `key` and they are unchanged since; `None` when it must be rendered.
    pub fn reuse_page(&self, path: &str, key: PageKey) -> Option<Vec<(String, usize)>> {
        check_writing().ok()?;
        let files = self.previous.reuse_page(&self.dir, path, key)?;
        if let Some(seen) = &self.seen {
            for (file, _) in files.iter().filter(|(f, _)| f.ends_with(".html")) {
                // Just linked: a file that cannot be read now is not indexed, as a page that
                // could not be written would not be.
                if let Ok(bytes) = std::fs::read(self.dir.join(file)) {
                    seen(file, &bytes);
                }
            }
        }
        Some(files)
    }

    /// Whether the files publishing makes of `bytes` for `path` are those in the folder: debug
    /// builds check every page linked by [`Written::reuse_page`] against a fresh render.
    pub fn holds(&self, path: &str, bytes: Bytes) -> bool {
        let (files, _) = (self.finish)(path, bytes);
        files.iter().all(|(p, b)| std::fs::read(self.dir.join(p)).is_ok_and(|on_disk| on_disk == **b))
    }
}

/// Set once the process is interrupted: from then on no output file is written.
static STOPPED: AtomicBool = AtomicBool::new(false);

/// Makes every later write fail (Ctrl-C during a build: its staging folder is being removed).
pub fn stop_writing() {
    STOPPED.store(true, Ordering::SeqCst);
}

/// An error once [`stop_writing`] was called.
pub fn check_writing() -> io::Result<()> {
    if STOPPED.load(Ordering::SeqCst) {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "the build was interrupted"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_count_but_are_not_held() {
        let mut out = Output::new();
        out.insert("a/index.html", Bytes::from(&b"abc"[..]));
        out.insert_written("b/index.html", 10);
        assert_eq!(out.len(), 2);
        assert_eq!(out.total_bytes(), 13);
        assert!(out.contains("b/index.html") && out.has_dir("b"));
        assert!(out.get("b/index.html").is_none());
        assert_eq!(out.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["a/index.html"]);
        assert_eq!(out.paths().count(), 2);
        // A file put in memory over a written one replaces it.
        out.insert("b/index.html", Bytes::from(&b"x"[..]));
        assert_eq!(out.get("b/index.html").map(|b| b.len()), Some(1));
    }

    #[test]
    fn writes_through_the_finishing_step() {
        let tmp = tempfile::tempdir().unwrap();
        let w = Written::new(
            tmp.path().to_path_buf(),
            Box::new(|path, bytes| {
                let upper = Bytes::from(bytes.to_ascii_uppercase());
                (vec![(path.to_string(), upper.clone()), (format!("{path}.gz"), upper)], None)
            }),
            Arc::new(Previous::none()),
        );
        let (files, warning) = w.write("a/b/index.html", Bytes::from(&b"hi"[..])).unwrap();
        assert_eq!(files, [("a/b/index.html".to_string(), 2), ("a/b/index.html.gz".to_string(), 2)]);
        assert!(warning.is_none());
        assert_eq!(std::fs::read(tmp.path().join("a/b/index.html")).unwrap(), b"HI");
        assert!(tmp.path().join("a/b/index.html.gz").exists());
    }
}
