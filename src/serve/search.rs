//! The preview's search index, made on a thread of its own after each build and swapped in
//! when done, so that a reload never waits for it. Only the newest build is indexed: builds
//! that came while the indexer was busy are skipped.
//!
//! Pagefind indexes on one core (3 ms a page), so a site of 1,000 articles keeps a core busy
//! for seconds after every save. The indexer waits for the builder to be quiet for [`QUIET`]
//! and gives up an index as soon as a build starts ([`Indexer::building`]), starting again once
//! that build is done: made beside a build, it had doubled the build's time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::output::Output;
use crate::pipeline::Build;
use crate::search::{self, Entry};

/// How long the builder must have been idle before an index is begun.
const QUIET: Duration = Duration::from_millis(300);

/// One build to index. Its pages are listed on the indexer's thread: at 10,000 articles that
/// takes milliseconds the reload does not wait for.
struct Job {
    build: Arc<Build>,
}

/// The last index made, and the thread that makes the next.
pub(super) struct Indexer {
    files: Arc<RwLock<Arc<Output>>>,
    jobs: Sender<Job>,
    /// Counts each build's beginning and end (so it is odd while one runs): an index waits
    /// for an even count that stays, and gives way when it changes.
    builds: Arc<AtomicU64>,
}

impl Indexer {
    pub(super) fn start() -> Indexer {
        let files: Arc<RwLock<Arc<Output>>> = Arc::default();
        let builds = Arc::new(AtomicU64::new(0));
        let (jobs, inbox) = channel::<Job>();
        let (slot, count) = (Arc::clone(&files), Arc::clone(&builds));
        std::thread::spawn(move || run(&inbox, &slot, &count));
        Indexer { files, jobs, builds }
    }

    /// Says that a build begins: an index being made gives way to it, and none begins until
    /// [`Indexer::built`].
    pub(super) fn building(&self) {
        self.builds.fetch_add(1, Ordering::Relaxed);
    }

    /// Says that the build [`Indexer::building`] announced is done.
    pub(super) fn built(&self) {
        self.builds.fetch_add(1, Ordering::Relaxed);
    }

    /// Indexes `build` in the background.
    pub(super) fn index(&self, build: Arc<Build>) {
        let _ = self.jobs.send(Job { build });
    }

    /// The index's files, by output path (`pagefind/...`).
    pub(super) fn files(&self) -> Arc<Output> {
        Arc::clone(&self.files.read().unwrap_or_else(|e| e.into_inner()))
    }
}

/// The indexer's thread: takes the newest job once the builder has been idle for [`QUIET`]
/// (no build running or begun), and makes its index unless a build begins meanwhile (then the
/// same job waits for the next quiet moment, or a newer one replaces it).
fn run(inbox: &Receiver<Job>, slot: &RwLock<Arc<Output>>, builds: &AtomicU64) {
    let Ok(mut job) = inbox.recv() else { return };
    loop {
        let begun = builds.load(Ordering::Relaxed);
        match inbox.recv_timeout(QUIET) {
            Ok(newer) => {
                job = newer;
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) if begun % 2 == 1 || builds.load(Ordering::Relaxed) != begun => continue,
            Err(RecvTimeoutError::Timeout) => {}
        }
        let cancelled = || builds.load(Ordering::Relaxed) != begun;
        let (site, output) = (&job.build.site, &job.build.output);
        let entries: Vec<Entry> = search::entries(site);
        match search::index_unless(&entries, output, search::forced_language(&site.config), &cancelled) {
            Ok(None) => continue,
            Ok(Some(made)) => *slot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(made.into_iter().collect()),
            // A failed index keeps the last one: the build itself reports nothing about search
            // in the preview, and the next edit tries again.
            Err(_) => {}
        }
        match inbox.recv() {
            Ok(newer) => job = newer,
            Err(_) => return,
        }
    }
}
