//! The builder thread of `herald serve`: one incremental build per batch of saves, then the
//! event for open pages, and the messages on stderr.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use super::reload::Event;
use super::watch::{Batch, Watcher};
use super::{Snapshot, State, MAX_DEFER};
use crate::diagnostic::Diagnostics;
use crate::pipeline::{Changes, Session};
use crate::report;

/// The builder: one incremental build per batch of changes, then the event for open pages.
///
/// When more changes came in while a build ran (a burst such as a `git checkout`, or a file
/// still being written), its result is already out of date: it is neither announced nor its
/// errors reported; the next build takes the new changes and the announcement covers both.
pub(super) fn rebuild_on_change(state: &Arc<State>, mut session: Session, mut watcher: Watcher, log: &Log) {
    let mut last_warnings = Diagnostics::new();
    // Output paths changed by builds not announced yet, and the batches behind them.
    let mut unannounced: BTreeSet<String> = BTreeSet::new();
    let mut merged = Batch::default();
    let mut deferred_since: Option<Instant> = None;
    let mut encoder = Encoder::new(&watcher);
    encoder.start(&session);
    while let Some(batch) = watcher.next_batch(&state.stop) {
        state.search.building();
        let result = if batch.rescan { session.rebuild() } else { session.apply(&batch.paths) };
        state.search.built();
        let pending = watcher.has_pending(&batch);
        merged.paths.extend(batch.paths);
        merged.first = match (merged.first, batch.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Ok(changes) = &result {
            unannounced.extend(changes.paths.iter().cloned());
        }
        let deferred = *deferred_since.get_or_insert_with(Instant::now);
        if pending && deferred.elapsed() < MAX_DEFER {
            continue;
        }
        let batch = std::mem::take(&mut merged);
        deferred_since = None;
        let snap = state.snapshot();
        match result {
            Ok(changes) if !changes.built && unannounced.is_empty() => {}
            Ok(changes) => {
                let b = session.last_build().expect("a successful build");
                if b.warnings != last_warnings {
                    log.diagnostics(&b.warnings);
                    last_warnings = b.warnings.clone();
                }
                let paths = std::mem::take(&mut unannounced);
                let outcome = announce(state, &session, &paths, snap.error.is_some());
                log.change(&batch, &changes, paths.len(), outcome);
                encoder.start(&session);
            }
            Err(diags) => {
                log.diagnostics(&diags);
                let message = report::to_plain_text(&log.root, &diags);
                state.set(Snapshot { error: Some(message.clone()), ..(*snap).clone() });
                state.hub.broadcast(&Event::Error { build: snap.build.clone(), message });
                log.line("The last good build stays served; the browser shows the errors until they are fixed.");
            }
        }
        watcher.sync(&session.inputs());
    }
}

/// Encodes, beside the builder, the image variants the last build printed without (the
/// preview never waits on an encoder), then reports their images as changed: the next build
/// prints the variants from the cache, and open pages reload. Each variant is tried once a
/// session, so an image that cannot be encoded does not loop.
struct Encoder {
    notify: Arc<dyn Fn(Vec<PathBuf>) + Send + Sync>,
    tried: std::collections::HashSet<String>,
}

impl Encoder {
    fn new(watcher: &Watcher) -> Encoder {
        Encoder { notify: Arc::new(watcher.notifier()), tried: Default::default() }
    }

    fn start(&mut self, session: &Session) {
        let Some(build) = session.last_build() else { return };
        let pending: Vec<_> =
            build.pending_variants.iter().filter(|p| p.keys().any(|k| !self.tried.contains(k))).cloned().collect();
        if pending.is_empty() {
            return;
        }
        self.tried.extend(pending.iter().flat_map(|p| p.keys().map(String::from)));
        let quality = build.site.config.images.quality;
        let dir = build.site.root.join(crate::images::variants::CACHE_DIR);
        let notify = Arc::clone(&self.notify);
        std::thread::spawn(move || {
            let _ = std::fs::create_dir_all(&dir);
            let files = crate::images::variants::encode_pending(&pending, quality, &dir);
            if !files.is_empty() {
                notify(files);
            }
        });
    }
}

/// Serves the session's last build and tells open pages (a reload, or new stylesheets when
/// only they changed), unless no output `paths` changed and the site was not broken before.
/// Returns what was done, for the log.
fn announce(state: &State, session: &Session, paths: &BTreeSet<String>, recovered: bool) -> &'static str {
    if paths.is_empty() && !recovered {
        return "no page changed";
    }
    let build = state.next_build();
    state.set(Snapshot::of(session, build.clone(), None));
    let outcome = if paths.iter().all(|p| p.ends_with(".css")) && !recovered {
        state.hub.broadcast(&Event::Css { build });
        "stylesheets swapped"
    } else {
        state.hub.broadcast(&Event::Reload { build });
        "reload sent"
    };
    // After the reload: the index is made in the background and never delays one.
    state.search.index(session.shared_build().expect("a successful build"));
    outcome
}

/// Messages on stderr, when enabled.
pub(super) struct Log {
    pub root: PathBuf,
    pub enabled: bool,
}

impl Log {
    pub fn line(&self, text: &str) {
        if self.enabled {
            eprintln!("{text}");
        }
    }

    pub fn diagnostics(&self, diags: &Diagnostics) {
        if self.enabled && !diags.is_empty() {
            let choice = if std::io::stderr().is_terminal() { ColorChoice::Auto } else { ColorChoice::Never };
            let _ = report::emit(&mut StandardStream::stderr(choice), &self.root, diags);
        }
    }

    fn change(&self, batch: &Batch, changes: &Changes, files: usize, outcome: &str) {
        if !self.enabled {
            return;
        }
        let names: Vec<String> = batch.paths.iter().map(|p| relative(&self.root, p)).collect();
        let shown = match names.len() {
            0..=3 => names.join(", "),
            n => format!("{} and {} more", names[..2].join(", "), n - 2),
        };
        let since = batch.first.map(|t| format!(", {} ms after the save", t.elapsed().as_millis())).unwrap_or_default();
        eprintln!(
            "{} {shown}: {} pages rendered, {files} files changed in {} ms; {outcome}{since}",
            chrono::Local::now().format("%H:%M:%S"),
            changes.rendered,
            changes.elapsed.as_millis(),
        );
    }
}

fn relative(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/")
}
