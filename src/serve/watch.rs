//! Watching the site's files: notify's events, paths filtered to what a build reads, grouped
//! into batches so that one save, or a burst of them, gives one build.
//!
//! A batch opens with the first relevant event and stays open until none has come for
//! [`SETTLE`]: the events of one save (an editor's temporary file, its rename, the write) come
//! within a millisecond, so a save is built about 5 ms after it. A debouncer in front (notify's
//! own, 10 ms a path) delivered a save in about 12 ms and woke four hundred times a second while
//! nothing changed; the batch's quiet time does its work. Two paths (a rename, or the first
//! files of a burst) wait [`PAIR_SETTLE`], more (a `git checkout` of 200 files) [`BURST_SETTLE`],
//! and whatever arrives while a build runs makes up the next batch (see
//! [`Watcher::has_pending`]).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::config::CONFIG_FILE;
use crate::content::data::DATA_DIR;
use crate::content::{is_ignored_name, CONTENT_DIR};

/// How long a batch of one path (a save) waits for more relevant events before it is built: its
/// length is added to every reload (see DESIGN.md).
pub const SETTLE: Duration = Duration::from_millis(5);
/// The same for two paths: a rename, or the first files of a burst, whose writer may stall for
/// a moment on a busy machine.
pub const PAIR_SETTLE: Duration = Duration::from_millis(25);
/// The same, once a batch holds more paths than one save touches: a burst (a `git checkout`,
/// a tool writing many files) is taken whole even when the writer stalls between files.
pub const BURST_SETTLE: Duration = Duration::from_millis(100);
/// More paths than this in a batch make it a burst (a save touches one, a rename two).
const BURST: usize = 2;
/// The longest a batch stays open while deliveries keep coming.
const MAX_BATCH: Duration = Duration::from_millis(500);
/// How often a waiting watcher looks at the stop flag.
const POLL: Duration = Duration::from_millis(100);

/// The top-level names below the root whose changes matter.
const TOP_LEVEL: [&str; 6] = [CONFIG_FILE, CONTENT_DIR, DATA_DIR, "templates", "static", "themes"];

/// Changed paths, gathered into one build's worth.
#[derive(Debug, Default)]
pub struct Batch {
    /// Absolute paths, sorted.
    pub paths: Vec<PathBuf>,
    /// When the first of these changes happened.
    pub first: Option<Instant>,
    /// The watcher lost events (its queue overflowed): read everything again.
    pub rescan: bool,
}

impl Batch {
    /// Whether it asks for a build: a changed path, or a rescan.
    fn matters(&self) -> bool {
        !self.paths.is_empty() || self.rescan
    }
}

/// One event as notify reports it, with the time it came.
type Delivery = (Instant, notify::Result<notify::Event>);

/// Watches a site's inputs.
pub struct Watcher {
    watcher: RecommendedWatcher,
    rx: Receiver<Delivery>,
    /// The events' sender, for changes herald makes itself ([`Watcher::notifier`]).
    tx: Sender<Delivery>,
    root: PathBuf,
    /// Folders watched.
    watched: BTreeSet<PathBuf>,
    /// Input files outside the site's folders (a `-c FILE` config), watched through their folder.
    files: BTreeSet<PathBuf>,
    /// The site's `.gitignore` and `.ignore`: files they match are no change.
    ignored: ignore::gitignore::Gitignore,
    /// Deliveries that came while a build ran, for the next batch.
    stash: Vec<Batch>,
    /// Whether the first [`Watcher::sync`] is done (the folders it finds were read by the
    /// first build).
    started: bool,
}

impl Watcher {
    /// Watches `root` (for `book.toml` and new top-level folders), each existing folder of
    /// `inputs`, and each file of `inputs` outside the site's folders (through its folder).
    /// `root` must be absolute.
    pub fn new(root: &Path, inputs: &[PathBuf]) -> notify::Result<Watcher> {
        let (tx, rx) = mpsc::channel::<Delivery>();
        let sender = tx.clone();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send((Instant::now(), event));
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let files: BTreeSet<PathBuf> =
            inputs.iter().filter(|p| !p.is_dir() && !is_relevant(root, p)).cloned().collect();
        for f in &files {
            // Editors replace a file by renaming over it: the folder's watch sees that.
            if let Some(dir) = f.parent().filter(|d| *d != root) {
                watcher.watch(dir, RecursiveMode::NonRecursive)?;
            }
        }
        let mut w = Watcher {
            watcher,
            rx,
            tx,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
            files,
            ignored: site_ignores(root),
            stash: Vec::new(),
            started: false,
        };
        w.sync(inputs);
        Ok(w)
    }

    /// Watches the folders of `inputs` that exist now and are not watched yet (a folder created
    /// since, or the folder of a theme the config now names), and forgets those that went.
    ///
    /// Files written into a new folder before its watch began made no event: each newly watched
    /// folder counts as changed, so the next batch reads it whole.
    pub fn sync(&mut self, inputs: &[PathBuf]) {
        let mut wanted: Vec<(PathBuf, RecursiveMode)> =
            inputs.iter().filter(|p| p.is_dir()).map(|p| (p.clone(), RecursiveMode::Recursive)).collect();
        // `themes/` itself, so that a theme folder created later is seen.
        let themes = self.root.join("themes");
        if themes.is_dir() {
            wanted.push((themes, RecursiveMode::NonRecursive));
        }
        let gone: Vec<PathBuf> =
            self.watched.iter().filter(|p| !wanted.iter().any(|(w, _)| w == *p)).cloned().collect();
        for p in gone {
            let _ = self.watcher.unwatch(&p);
            self.watched.remove(&p);
        }
        let mut added = Batch::default();
        for (p, mode) in wanted {
            if !self.watched.contains(&p) && self.watcher.watch(&p, mode).is_ok() {
                if self.started {
                    added.paths.push(p.clone());
                }
                self.watched.insert(p);
            }
        }
        if !added.paths.is_empty() {
            added.first = Some(Instant::now());
            self.stash.push(added);
        }
        self.started = true;
    }

    /// A handle that reports files as changed, as an editor's save would: for work done beside
    /// the builder (image variants encoded after a build) whose result the next build picks up.
    pub fn notifier(&self) -> impl Fn(Vec<PathBuf>) + Send + Sync + 'static {
        let tx = self.tx.clone();
        move |paths: Vec<PathBuf>| {
            let mut event = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any));
            event.paths = paths;
            let _ = tx.send((Instant::now(), Ok(event)));
        }
    }

    /// Waits for the next batch of relevant changes; `None` once `stop` is set.
    pub fn next_batch(&mut self, stop: &AtomicBool) -> Option<Batch> {
        let mut batch = Batch::default();
        let mut paths = BTreeSet::new();
        for d in std::mem::take(&mut self.stash) {
            merge(d, &mut paths, &mut batch);
        }
        while paths.is_empty() && !batch.rescan {
            match self.rx.recv_timeout(POLL) {
                Ok(result) => merge(self.delivery(result), &mut paths, &mut batch),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            if stop.load(Ordering::Relaxed) {
                return None;
            }
        }
        // Open until no relevant event came for the settle time: reads (the build's own
        // included) and ignored files do not keep it open.
        let opened = Instant::now();
        let mut last = opened;
        loop {
            let settle = match paths.len() {
                0 | 1 => SETTLE,
                n if n <= BURST => PAIR_SETTLE,
                _ => BURST_SETTLE,
            };
            let quiet = (last + settle).min(opened + MAX_BATCH).saturating_duration_since(Instant::now());
            if quiet.is_zero() {
                break;
            }
            match self.rx.recv_timeout(quiet) {
                Ok(result) => {
                    let d = self.delivery(result);
                    if d.matters() {
                        last = Instant::now();
                    }
                    merge(d, &mut paths, &mut batch);
                }
                Err(_) => break,
            }
        }
        batch.paths = paths.into_iter().collect();
        Some(batch)
    }

    /// Whether relevant changes arrived since `batch` was taken (they wait for the next one):
    /// a build that has them pending is already out of date. After a burst, changes that come
    /// within [`BURST_SETTLE`] count too.
    pub fn has_pending(&mut self, batch: &Batch) -> bool {
        while let Ok(result) = self.rx.try_recv() {
            self.stash_delivery(result);
        }
        if self.stash.is_empty() && batch.paths.len() > BURST {
            let until = Instant::now() + BURST_SETTLE;
            while let Some(left) = until.checked_duration_since(Instant::now()) {
                match self.rx.recv_timeout(left) {
                    Ok(result) => self.stash_delivery(result),
                    Err(_) => break,
                }
                if !self.stash.is_empty() {
                    break;
                }
            }
        }
        !self.stash.is_empty()
    }

    fn stash_delivery(&mut self, result: Delivery) {
        let d = self.delivery(result);
        if d.matters() {
            self.stash.push(d);
        }
    }

    /// The relevant part of one event.
    fn delivery(&self, (time, result): Delivery) -> Batch {
        let mut d = Batch::default();
        let event = match result {
            Ok(event) => event,
            Err(e) => {
                eprintln!("warning: watching files: {e}");
                return d;
            }
        };
        d.rescan = event.need_rescan();
        // Reading files (the build's own reads included) is no change.
        if matches!(event.kind, EventKind::Access(_)) {
            return d;
        }
        for p in event.paths {
            let site_file = is_relevant(&self.root, &p) && !self.is_ignored(&p);
            if site_file || self.files.contains(&p) {
                d.paths.push(p);
            }
        }
        if !d.paths.is_empty() {
            d.first = Some(time);
        }
        d
    }
}

impl Watcher {
    fn is_ignored(&self, path: &Path) -> bool {
        self.ignored.matched_path_or_any_parents(path, path.is_dir()).is_ignore()
    }
}

/// The matcher of the site's own `.gitignore` and `.ignore` (as ripgrep reads them; `.ignore`
/// wins). Unreadable or absent files match nothing.
fn site_ignores(root: &Path) -> ignore::gitignore::Gitignore {
    let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
    for name in [".gitignore", ".ignore"] {
        let file = root.join(name);
        if file.is_file() {
            let _ = builder.add(file);
        }
    }
    builder.build().unwrap_or_else(|_| ignore::gitignore::Gitignore::empty())
}

fn merge(d: Batch, paths: &mut BTreeSet<PathBuf>, batch: &mut Batch) {
    paths.extend(d.paths);
    batch.rescan |= d.rescan;
    batch.first = match (batch.first, d.first) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
}

/// Whether a changed path is one a build reads: `book.toml`, or below `content/`,
/// `templates/`, `static/` or `themes/`, and no part of it an editor's temporary file or a
/// hidden folder such as `.git/`.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut parts = rel.components();
    match parts.next() {
        Some(Component::Normal(first)) if TOP_LEVEL.iter().any(|t| first == *t) => {}
        _ => return false,
    }
    rel.components().all(|c| match c {
        Component::Normal(name) => name.to_str().is_some_and(|n| !is_editor_temp(n)),
        _ => false,
    })
}

/// Names editors and tools give their temporary and backup files.
fn is_editor_temp(name: &str) -> bool {
    is_ignored_name(name)
        || name == "4913" // vim checks that it may write the folder with this file
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(".kate-swp")
        || name.ends_with(".crswap")
        || name.starts_with("~$")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_count_and_editor_files_do_not() {
        let root = Path::new("/site");
        for p in [
            "book.toml",
            "content/smo/a.md",
            "content/smo/new-folder",
            "data/prices.csv",
            "templates/page.html",
            "static/x.css",
            "themes/t/static/y.css",
            "content",
        ] {
            assert!(is_relevant(root, &root.join(p)), "{p}");
        }
        for p in [
            "README.md",
            "public/index.html",
            "target/debug/x",
            ".git/index",
            "content/.git/HEAD",
            "content/smo/.a.md.swp",
            "content/smo/a.md~",
            "content/smo/#a.md#",
            "content/smo/4913",
            "content/smo/a.md___jb_tmp___",
            "content/smo/a.md.tmp",
            "book.toml.bak",
        ] {
            assert!(!is_relevant(root, &root.join(p)), "{p}");
        }
        assert!(!is_relevant(root, Path::new("/elsewhere/content/a.md")));
    }
}
