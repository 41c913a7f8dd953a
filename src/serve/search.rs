//! The preview's search index, made on a thread of its own after each build and swapped in
//! when done, so that a reload never waits for it. Only the newest build is indexed: builds
//! that came while the indexer was busy are skipped.

use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, RwLock};

use crate::output::Output;
use crate::pipeline::Build;
use crate::search::{self, Entry};

/// The pages of one build to index.
struct Job {
    entries: Vec<Entry>,
    output: Arc<Output>,
    /// See [`search::forced_language`].
    language: Option<String>,
}

/// The last index made, and the thread that makes the next.
pub(super) struct Indexer {
    files: Arc<RwLock<Arc<Output>>>,
    jobs: Sender<Job>,
}

impl Indexer {
    pub(super) fn start() -> Indexer {
        let files: Arc<RwLock<Arc<Output>>> = Arc::default();
        let (jobs, inbox) = channel::<Job>();
        let slot = Arc::clone(&files);
        std::thread::spawn(move || {
            while let Ok(mut job) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    job = newer;
                }
                // An index that fails keeps the last one: the build itself reports nothing
                // about search in the preview, and the next edit tries again.
                if let Ok(made) = search::index(&job.entries, &job.output, None, job.language.as_deref()) {
                    *slot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(made.into_iter().collect());
                }
            }
        });
        Indexer { files, jobs }
    }

    /// Indexes `build` in the background.
    pub(super) fn index(&self, build: &Build) {
        let job = Job {
            entries: search::entries(&build.site),
            output: Arc::clone(&build.output),
            language: search::forced_language(&build.site.config).map(str::to_string),
        };
        let _ = self.jobs.send(job);
    }

    /// The index's files, by output path (`pagefind/...`).
    pub(super) fn files(&self) -> Arc<Output> {
        Arc::clone(&self.files.read().unwrap_or_else(|e| e.into_inner()))
    }
}
