//! What the previous build wrote, so that a build writes only the files whose bytes changed and
//! hard-links the others from the previous output folder into its staging folder.
//!
//! A record kept in `.herald-cache/outputs/` lists, for every file the previous build put in the
//! output folder, the hash of its bytes and the size, modification time and inode the file had
//! on disk. A file is linked only when its new bytes have the recorded hash and the old file
//! still has the recorded size, time and inode: a file edited, replaced or deleted by hand since
//! then is written anew, and no old file is read to decide.
//!
//! Beside it, a second record lists for each page the key of what it was rendered from (see
//! [`crate::render`]) and the files written for it: a page whose key is the same again is not
//! rendered at all when every one of those files is still as recorded; they are linked instead.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Where the records of output folders are kept, below the site's folder (one file per folder).
pub const RECORD_DIR: &str = ".herald-cache/outputs";

const HEADER: &str = "herald-output-record 1";

const PAGES_HEADER: &str = "herald-page-record 1";

/// The key of what a page was rendered from: a hash that is the same in every process.
pub type PageKey = [u8; 16];

/// A page as the previous build rendered it: its key and the files written for it.
type PageEntry = (PageKey, Vec<String>);

/// A file as a build left it: the hash of its bytes and what `stat` said of it just after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    hash: [u8; 16],
    len: u64,
    /// Modification time, nanoseconds since the epoch.
    mtime: i128,
    inode: u64,
}

/// The previous output folder and its record, and the record of the build under way.
#[derive(Debug, Default)]
pub struct Previous {
    /// The output folder being replaced (`None`: nothing is reused, as for a first build).
    dir: Option<PathBuf>,
    /// Where the record is read from and saved to (`None`: none is kept).
    record: Option<PathBuf>,
    old: HashMap<String, Entry>,
    new: Mutex<Vec<(String, Entry)>>,
    old_pages: HashMap<String, PageEntry>,
    new_pages: Mutex<Vec<(String, PageEntry)>>,
    /// Set once a link failed (another file system, or one without hard links): from then on
    /// every file is written.
    no_links: AtomicBool,
    kept: AtomicUsize,
    written: AtomicUsize,
}

impl Previous {
    /// Reuses nothing and keeps no record: every file is written.
    pub fn none() -> Previous {
        Previous::default()
    }

    /// The record of `out_dir` kept below `root` (an empty one when there is none, or it cannot
    /// be read: then every file is written, as in a first build).
    pub fn load(root: &Path, out_dir: &Path) -> Previous {
        let out_dir = std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf());
        let name = blake3::hash(out_dir.as_os_str().as_encoded_bytes()).to_hex();
        let record = root.join(RECORD_DIR).join(&name.as_str()[..16]);
        let (old, old_pages) = match out_dir.is_dir() {
            true => (read_record(&record).unwrap_or_default(), read_pages(&pages_record(&record)).unwrap_or_default()),
            false => Default::default(),
        };
        Previous { dir: Some(out_dir), record: Some(record), old, old_pages, ..Previous::default() }
    }

    /// Links into `dir` the files the previous build wrote for the page at `path`, when it was
    /// rendered from the same `key` and every one of its files is still as recorded; returns
    /// their paths and sizes. `None` (nothing linked) when the page must be rendered.
    pub fn reuse_page(&self, dir: &Path, path: &str, key: PageKey) -> Option<Vec<(String, usize)>> {
        let (old_key, files) = self.old_pages.get(path)?;
        if *old_key != key || self.no_links.load(Ordering::Relaxed) {
            return None;
        }
        let found: Vec<(PathBuf, Entry)> = files
            .iter()
            .map(|f| self.unchanged(f, self.old.get(f)?.hash, self.old.get(f)?.len as usize))
            .collect::<Option<_>>()?;
        let mut linked = Vec::with_capacity(files.len());
        for (file, (old, _)) in files.iter().zip(&found) {
            let target = dir.join(file);
            let made = target.parent().is_none_or(|p| std::fs::create_dir_all(p).is_ok());
            if !made || !self.link(old, &target) {
                // All or nothing: a page half linked would be rendered over links to old files.
                linked.iter().for_each(|t| drop(std::fs::remove_file(t)));
                return None;
            }
            linked.push(target);
        }
        for (file, (_, entry)) in files.iter().zip(&found) {
            self.kept.fetch_add(1, Ordering::Relaxed);
            let _ = self.remember(file, *entry);
        }
        self.remember_page(path, key, files.clone());
        Some(files.iter().zip(&found).map(|(f, (_, e))| (f.clone(), e.len as usize)).collect())
    }

    /// Records that the page at `path`, rendered from `key`, was written as `files` (all of them
    /// put by this build), for the next build to reuse.
    pub fn remember_page(&self, path: &str, key: PageKey, files: Vec<String>) {
        if std::iter::once(path).chain(files.iter().map(String::as_str)).all(|p| !p.contains(['\n', '\t'])) {
            self.new_pages.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_string(), (key, files)));
        }
    }

    /// Puts `bytes` at `path` below `dir` (whose folders exist): a hard link to the previous
    /// output's file when that file is unchanged since it was recorded and holds these bytes,
    /// else a new file.
    pub fn put(&self, dir: &Path, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.put_from(dir, path, bytes, None)
    }

    /// [`Previous::put`], for bytes that the file `cached` (in a cache of the site) also holds:
    /// when the previous output has no such file, a hard link to `cached`, so that the output
    /// and the cache share one copy on disk. A link that fails (another file system, a cache
    /// file removed meanwhile) writes the bytes instead.
    pub fn put_from(&self, dir: &Path, path: &str, bytes: &[u8], cached: Option<&Path>) -> io::Result<()> {
        let hash = hash_of(bytes);
        let target = dir.join(path);
        if let Some(old) = self.unchanged(path, hash, bytes.len()) {
            if self.link(&old.0, &target) {
                self.kept.fetch_add(1, Ordering::Relaxed);
                return self.remember(path, old.1);
            }
        }
        if let Some(cached) = cached.filter(|_| !links_fail_for_tests()) {
            if std::fs::hard_link(cached, &target).is_ok() {
                return self.remember(path, entry_of(hash, &std::fs::symlink_metadata(&target)?));
            }
        }
        let mut file = std::fs::File::create(&target)?;
        file.write_all(bytes)?;
        let entry = entry_of(hash, &file.metadata()?);
        self.written.fetch_add(1, Ordering::Relaxed);
        self.remember(path, entry)
    }

    /// (files linked from the previous output, files written) so far.
    pub fn counts(&self) -> (usize, usize) {
        (self.kept.load(Ordering::Relaxed), self.written.load(Ordering::Relaxed))
    }

    /// Saves the record of what this build wrote, once its output is in place. Only a cache: a
    /// record that cannot be saved makes the next build write every file.
    pub fn save(&self) {
        let Some(record) = &self.record else { return };
        let mut new = std::mem::take(&mut *self.new.lock().unwrap_or_else(|e| e.into_inner()));
        new.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut text = String::with_capacity(new.len() * 96);
        text.push_str(HEADER);
        text.push('\n');
        for (path, e) in &new {
            text.push_str(&format!("{} {} {} {} {path}\n", hex(&e.hash), e.len, e.mtime, e.inode));
        }
        let mut pages = std::mem::take(&mut *self.new_pages.lock().unwrap_or_else(|e| e.into_inner()));
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut page_text = String::with_capacity(pages.len() * 96);
        page_text.push_str(PAGES_HEADER);
        page_text.push('\n');
        for (path, (key, files)) in &pages {
            page_text.push_str(&format!("{}\t{path}\t{}\n", hex(key), files.join("\t")));
        }
        // The pages' record first: without the files' record beside it, it reuses nothing.
        save_file(&pages_record(record), page_text);
        save_file(record, text);
    }

    /// The previous output's file at `path` and its entry, when it is recorded with this hash
    /// and size and still is the file that was recorded.
    fn unchanged(&self, path: &str, hash: [u8; 16], len: usize) -> Option<(PathBuf, Entry)> {
        let dir = self.dir.as_ref()?;
        let entry = self.old.get(path).filter(|e| e.hash == hash && e.len == len as u64)?;
        if self.no_links.load(Ordering::Relaxed) {
            return None;
        }
        let old = dir.join(path);
        let meta = std::fs::symlink_metadata(&old).ok()?;
        (meta.is_file() && entry_of(hash, &meta) == *entry).then_some((old, *entry))
    }

    fn link(&self, from: &Path, to: &Path) -> bool {
        if links_fail_for_tests() || std::fs::hard_link(from, to).is_err() {
            self.no_links.store(true, Ordering::Relaxed);
            return false;
        }
        true
    }

    fn remember(&self, path: &str, entry: Entry) -> io::Result<()> {
        if !path.contains('\n') {
            self.new.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_string(), entry));
        }
        Ok(())
    }
}

/// `HERALD_TEST_NO_HARD_LINKS=1` makes every hard link fail, as on a file system without them,
/// so that tests can check the fallback to writing on a machine where links always work.
fn links_fail_for_tests() -> bool {
    static FAIL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FAIL.get_or_init(|| std::env::var_os("HERALD_TEST_NO_HARD_LINKS").is_some_and(|v| v == "1"))
}

/// Replaces `path` with `text` whole, or leaves it as it was.
fn save_file(path: &Path, text: String) {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!("{name}.tmp-{}", std::process::id()));
    let saved = path.parent().is_some_and(|p| std::fs::create_dir_all(p).is_ok())
        && std::fs::write(&tmp, text).is_ok()
        && std::fs::rename(&tmp, path).is_ok();
    if !saved {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// The pages' record beside the files' record.
fn pages_record(record: &Path) -> PathBuf {
    record.with_extension("pages")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(hex: &str) -> Option<[u8; 16]> {
    if hex.len() != 32 {
        return None;
    }
    let mut bytes = [0; 16];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(bytes)
}

fn hash_of(bytes: &[u8]) -> [u8; 16] {
    let full = blake3::hash(bytes);
    let mut hash = [0; 16];
    hash.copy_from_slice(&full.as_bytes()[..16]);
    hash
}

fn entry_of(hash: [u8; 16], meta: &std::fs::Metadata) -> Entry {
    #[cfg(unix)]
    let (mtime, inode) = {
        use std::os::unix::fs::MetadataExt;
        (i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()), meta.ino())
    };
    #[cfg(not(unix))]
    let (mtime, inode) = {
        let since = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        (since.map_or(0, |d| d.as_nanos() as i128), 0)
    };
    Entry { hash, len: meta.len(), mtime, inode }
}

fn read_record(path: &Path) -> Option<HashMap<String, Entry>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return None;
    }
    lines.map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<(String, Entry)> {
    let mut parts = line.splitn(5, ' ');
    let hash = unhex(parts.next()?)?;
    let len = parts.next()?.parse().ok()?;
    let mtime = parts.next()?.parse().ok()?;
    let inode = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), Entry { hash, len, mtime, inode }))
}

fn read_pages(path: &Path) -> Option<HashMap<String, PageEntry>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(PAGES_HEADER) {
        return None;
    }
    lines
        .map(|line| {
            let mut parts = line.split('\t');
            let key = unhex(parts.next()?)?;
            let path = parts.next()?.to_string();
            Some((path, (key, parts.map(String::from).collect())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(root: &Path, out: &Path, files: &[(&str, &str)]) -> Previous {
        let previous = Previous::load(root, out);
        let staging = root.join("staging");
        std::fs::create_dir_all(&staging).unwrap();
        for (path, text) in files {
            previous.put(&staging, path, text.as_bytes()).unwrap();
        }
        let _ = std::fs::remove_dir_all(out);
        std::fs::rename(&staging, out).unwrap();
        previous.save();
        previous
    }

    #[test]
    fn links_what_is_unchanged_and_writes_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = build(tmp.path(), &out, &[("a", "same"), ("b", "old"), ("c", "edited by hand")]);
        assert_eq!(first.counts(), (0, 3));
        // Same size and inode; a later clock tick than the build's write (see the README).
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(out.join("c"), "EDITED BY HAND").unwrap();
        let second = build(tmp.path(), &out, &[("a", "same"), ("b", "new"), ("c", "edited by hand")]);
        assert_eq!(second.counts(), (1, 2));
        assert_eq!(std::fs::read_to_string(out.join("b")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(out.join("c")).unwrap(), "edited by hand");
        // The record follows the files: a third build keeps all three.
        let third = build(tmp.path(), &out, &[("a", "same"), ("b", "new"), ("c", "edited by hand")]);
        assert_eq!(third.counts(), (3, 0));
    }

    #[cfg(unix)]
    #[test]
    fn a_cached_file_is_linked_unless_the_previous_output_has_it() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, cache) = (tmp.path().join("public"), tmp.path().join("card.png"));
        std::fs::write(&cache, "card").unwrap();
        let first = Previous::load(tmp.path(), &out);
        let staging = tmp.path().join("staging");
        std::fs::create_dir_all(&staging).unwrap();
        first.put_from(&staging, "card.png", b"card", Some(&cache)).unwrap();
        assert_eq!(first.counts(), (0, 0), "neither linked from the previous output nor written");
        use std::os::unix::fs::MetadataExt;
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(inode(&staging.join("card.png")), inode(&cache));
        // A cache file gone since it was read: the bytes are written.
        first.put_from(&staging, "gone.png", b"gone", Some(&tmp.path().join("gone.png"))).unwrap();
        assert_eq!(first.counts(), (0, 1));
        assert_eq!(std::fs::read(staging.join("gone.png")).unwrap(), b"gone");
    }

    #[test]
    fn a_record_line_reads_back() {
        let e = Entry { hash: hash_of(b"x"), len: 1, mtime: -5, inode: 7 };
        let hex: String = e.hash.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(parse_line(&format!("{hex} 1 -5 7 a b/index.html")), Some(("a b/index.html".into(), e)));
        assert_eq!(parse_line("zz 1 2 3 a"), None);
    }
}
