//! The index of a build that writes its pages as it goes: made from the pages on disk with
//! Pagefind's folder walk, which parses them in parallel (its one-page call parses under a
//! lock, on one core), or taken from the last build's when the pages are the same.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::cache::{self, Input};
use super::{collect, index_error, marked, pagefind, Entry, SearchError};
use crate::output::{Bytes, Output};

/// The pages a build wrote to disk as it went (see [`crate::output::Written`]) that carry the
/// theme's marker, by path below the staging folder, with the digest of their bytes. The index
/// reads them back from there, so a build keeps none of its pages in memory for it.
#[derive(Clone)]
pub struct Tap {
    dir: PathBuf,
    cache: PathBuf,
    marked: Arc<Mutex<HashMap<String, [u8; 32]>>>,
}

impl Tap {
    /// A tap of pages written below `dir`, keeping the last index at `cache`.
    pub fn new(dir: &Path, cache: &Path) -> Tap {
        Tap { dir: dir.to_path_buf(), cache: cache.to_path_buf(), marked: Arc::default() }
    }

    /// Notes the page at `path` (its bytes as written) if it has indexable content.
    pub fn offer(&self, path: &str, bytes: &[u8]) {
        if path.ends_with(".html") && marked(bytes) {
            let digest = *blake3::hash(bytes).as_bytes();
            self.marked.lock().expect("no panics while held").insert(path.to_string(), digest);
        }
    }

    fn digest(&self, path: &str) -> Option<[u8; 32]> {
        self.marked.lock().expect("no panics while held").get(path).copied()
    }
}

/// An entry's page: held in memory, or written to disk.
struct Page<'a> {
    entry: &'a Entry,
    memory: Option<&'a Bytes>,
    digest: [u8; 32],
}

/// Indexes `entries`: each page's HTML from `output`, or else the file `tap` saw written.
pub fn index(
    entries: &[Entry],
    output: &Output,
    tap: &Tap,
    language: Option<&str>,
) -> Result<Vec<(String, Bytes)>, SearchError> {
    let pages: Vec<Page> = entries.iter().filter_map(|e| page(e, output, tap)).collect();
    if pages.is_empty() {
        return Ok(Vec::new());
    }
    let inputs: Vec<Input> =
        pages.iter().map(|p| Input { url: &p.entry.url, output: &p.entry.output, digest: p.digest }).collect();
    let key = cache::key(language, &inputs);
    if let Some(files) = cache::load(&tap.cache, &key) {
        return Ok(files);
    }
    let files = index_linked(&pages, tap, language)?;
    // Only a cache: a build that cannot keep it is no slower than one without it.
    let _ = cache::save(&tap.cache, &key, &files);
    Ok(files)
}

fn page<'a>(entry: &'a Entry, output: &'a Output, tap: &Tap) -> Option<Page<'a>> {
    match output.get(&entry.output) {
        Some(html) => marked(html).then(|| Page { entry, memory: Some(html), digest: *blake3::hash(html).as_bytes() }),
        None => Some(Page { entry, memory: None, digest: tap.digest(&entry.output)? }),
    }
}

/// The folder, inside the staging folder, that holds links to the pages to index while they are
/// indexed; removed before the staging folder is published.
const PAGES_DIR: &str = ".herald-search-pages";

/// Pagefind's walk takes every page of a folder, so the pages are linked into a folder of their
/// own first, one by one in their order: a fresh folder filled in the same order lists its
/// files in the same order on every build, which fixes the index's bytes.
fn index_linked(pages: &[Page], tap: &Tap, language: Option<&str>) -> Result<Vec<(String, Bytes)>, SearchError> {
    let folder = tap.dir.join(PAGES_DIR);
    let failed = |e| SearchError::Pages(folder.clone(), e);
    remove_folder(&folder).map_err(failed)?;
    for page in pages {
        link_page(page, tap, &folder).map_err(failed)?;
    }
    let files = index_folder(&folder, language);
    remove_folder(&folder).map_err(failed)?;
    files
}

fn remove_folder(folder: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(folder) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Puts `page` into `folder`: a hard link to the written file (a copy where the file system has
/// no links), or its bytes where it is held in memory.
fn link_page(page: &Page, tap: &Tap, folder: &Path) -> std::io::Result<()> {
    let to = folder.join(&page.entry.output);
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match page.memory {
        Some(html) => std::fs::write(&to, html),
        None => {
            let from = tap.dir.join(&page.entry.output);
            std::fs::hard_link(&from, &to).or_else(|_| std::fs::copy(&from, &to).map(drop))
        }
    }
}

fn index_folder(folder: &Path, language: Option<&str>) -> Result<Vec<(String, Bytes)>, SearchError> {
    let (runtime, mut index) = pagefind(language)?;
    runtime.block_on(async {
        let folder = folder.to_string_lossy().into_owned();
        index.add_directory(folder, Some("**/*.html".to_string())).await.map_err(index_error)?;
        Ok(collect(index.get_files().await.map_err(index_error)?))
    })
}

#[cfg(test)]
mod tests {
    use super::super::index as index_of;
    use super::super::tests::{gunzip, page};
    use super::*;

    #[test]
    fn a_tap_keeps_only_marked_pages() {
        let tap = Tap::new(Path::new("staging"), Path::new("cache"));
        tap.offer("a/index.html", &page("<article data-pagefind-body>x</article>"));
        tap.offer("b/index.html", &page("<article>x</article>"));
        tap.offer("c.css", b"data-pagefind-body");
        assert!(tap.digest("a/index.html").is_some());
        assert!(tap.digest("b/index.html").is_none() && tap.digest("c.css").is_none());
    }

    /// Writes `html` at `path` below `dir`, as a writing build does, and offers it to `tap`.
    fn write_page(tap: &Tap, dir: &Path, path: &str, html: &Bytes) {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, html).unwrap();
        tap.offer(path, html);
    }

    #[test]
    fn written_pages_are_indexed_from_disk_like_pages_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let tap = Tap::new(dir.path(), &dir.path().join("cache.bin"));
        let mut memory = Output::new();
        let mut entries = Vec::new();
        for (i, word) in ["alphaword", "betaword", "gammaword", "deltaword"].iter().enumerate() {
            let path = format!("s/p{i}/index.html");
            let html = page(&format!("<article data-pagefind-body><h1>P{i}</h1><p>The {word} here.</p></article>"));
            write_page(&tap, dir.path(), &path, &html);
            memory.insert(path.clone(), html);
            entries.push(Entry { output: path, url: format!("/s/p{i}/") });
        }
        write_page(&tap, dir.path(), "s/off/index.html", &page("<article data-pagefind-body><p>offword</p></article>"));
        write_page(&tap, dir.path(), "s/bare/index.html", &page("<article><p>bareword</p></article>"));
        entries.push(Entry { output: "s/bare/index.html".into(), url: "/s/bare/".into() });

        let from_disk = index_of(&entries, &Output::new(), Some(&tap), Some("en")).unwrap();
        let text = fragments(&from_disk);
        for word in ["alphaword", "betaword", "gammaword", "deltaword", "/s/p3/"] {
            assert!(text.contains(word), "{word} is not in the index: {text}");
        }
        assert!(!text.contains("offword"), "a page that is no entry is left out: {text}");
        assert!(!text.contains("bareword"), "an unmarked page is left out: {text}");
        // The same fragments as the one-page-at-a-time index of the same pages held in memory.
        assert_eq!(fragment_set(&from_disk), fragment_set(&index_of(&entries, &memory, None, Some("en")).unwrap()));
        std::fs::remove_file(dir.path().join("cache.bin")).unwrap();
        assert_eq!(from_disk, index_of(&entries, &Output::new(), Some(&tap), Some("en")).unwrap(), "same bytes again");
        assert!(!dir.path().join(PAGES_DIR).exists(), "the folder of links is gone");
        assert!(dir.path().join("s/p0/index.html").is_file(), "the written pages stay");
    }

    #[test]
    fn a_page_held_in_memory_is_indexed_beside_written_ones() {
        let dir = tempfile::tempdir().unwrap();
        let tap = Tap::new(dir.path(), &dir.path().join("cache.bin"));
        write_page(&tap, dir.path(), "a/index.html", &page("<article data-pagefind-body><p>diskword</p></article>"));
        let mut output = Output::new();
        output.insert("b/index.html", page("<article data-pagefind-body><p>memoryword</p></article>"));
        let entries = vec![
            Entry { output: "a/index.html".into(), url: "/a/".into() },
            Entry { output: "b/index.html".into(), url: "/b/".into() },
        ];
        let text = fragments(&index_of(&entries, &output, Some(&tap), Some("en")).unwrap());
        assert!(text.contains("diskword") && text.contains("memoryword"), "{text}");
        assert!(index_of(&entries[..0], &output, Some(&tap), Some("en")).unwrap().is_empty(), "no pages, no index");
    }

    fn fragments(files: &[(String, Bytes)]) -> String {
        files.iter().filter(|(p, _)| p.starts_with("pagefind/fragment/")).map(|(_, b)| gunzip(b)).collect()
    }

    fn fragment_set(files: &[(String, Bytes)]) -> std::collections::BTreeSet<String> {
        files.iter().filter(|(p, _)| p.starts_with("pagefind/fragment/")).map(|(_, b)| gunzip(b)).collect()
    }

    #[test]
    fn the_same_pages_take_the_last_index_and_a_changed_one_is_indexed_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join(".herald-cache/search.bin");
        let staging = dir.path().join("staging");
        let tap = Tap::new(&staging, &cache);
        let entries = vec![
            Entry { output: "a/index.html".into(), url: "/a/".into() },
            Entry { output: "b/index.html".into(), url: "/b/".into() },
        ];
        write_page(&tap, &staging, "a/index.html", &page("<article data-pagefind-body><p>firstword</p></article>"));
        write_page(&tap, &staging, "b/index.html", &page("<article data-pagefind-body><p>otherword</p></article>"));
        let first = index_of(&entries, &Output::new(), Some(&tap), Some("en")).unwrap();
        assert!(cache.is_file());

        // The next build writes the same pages: the index comes from the cache, without its pages.
        let next = Tap::new(&dir.path().join("next"), &cache);
        next.offer("a/index.html", &page("<article data-pagefind-body><p>firstword</p></article>"));
        next.offer("b/index.html", &page("<article data-pagefind-body><p>otherword</p></article>"));
        assert_eq!(index_of(&entries, &Output::new(), Some(&next), Some("en")).unwrap(), first);
        assert!(!dir.path().join("next").exists(), "no page was read or linked");

        // One page changed: indexed again, from the pages.
        write_page(&tap, &staging, "a/index.html", &page("<article data-pagefind-body><p>secondword</p></article>"));
        let text = fragments(&index_of(&entries, &Output::new(), Some(&tap), Some("en")).unwrap());
        assert!(text.contains("secondword") && !text.contains("firstword") && text.contains("otherword"), "{text}");
        // So is the same page in another language, or with an entry left out.
        let text = fragments(&index_of(&entries[1..], &Output::new(), Some(&tap), Some("en")).unwrap());
        assert!(!text.contains("secondword") && text.contains("otherword"), "{text}");
    }
}
