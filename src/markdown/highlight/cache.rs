//! The blocks highlighted by earlier builds: in memory for the process (the preview), and on
//! disk between builds (`.herald-cache/highlight.bin`).

use std::fs::File;
use std::io::{self, Read as _};
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};

/// Where the blocks highlighted by earlier builds are kept, below the site's root.
pub const CACHE_FILE: &str = ".herald-cache/highlight.bin";

/// The first line of the cache file: another herald (and so maybe other grammars) starts over.
const CACHE_HEADER: &str = concat!("herald-highlight-cache 4 ", env!("CARGO_PKG_VERSION"), "\n");

/// The size of one block's entry in the file's index: its key, offset and length.
const INDEX_ENTRY: usize = 32 + 8 + 4;

/// A block's HTML, and whether this process used it (only those go back to disk).
struct Memo {
    html: Html,
    used: bool,
}

/// A block's HTML: highlighted by this process, or where the cache file holds it. A site with
/// code on every page has a cache of hundreds of megabytes: a build reads only the index, and
/// each block when a page asks for it.
#[derive(Clone)]
enum Html {
    Made(Arc<str>),
    InFile { file: Arc<File>, at: u64, len: u32 },
}

impl Html {
    /// The HTML, or `None` when the file no longer gives it (then the block is made again).
    fn read(&self) -> Option<String> {
        match self {
            Html::Made(html) => Some(String::from(&**html)),
            Html::InFile { file, at, len } => {
                let mut buf = vec![0; *len as usize];
                read_at(file, &mut buf, *at).ok()?;
                String::from_utf8(buf).ok()
            }
        }
    }
}

/// Fills `buf` from `file` at offset `at`, without moving a cursor other threads share.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => (buf, at) = (&mut buf[n..], at + n as u64),
        }
    }
    Ok(())
}

/// The blocks highlighted or found in the cache file by this process, and whether their set
/// differs from the file's (a block made anew): when it does not, and every block was used, the
/// file stays as it is.
#[derive(Default)]
struct Memos {
    blocks: rustc_hash::FxHashMap<[u8; 32], Memo>,
    made: bool,
    /// The cache file read, when it was the only source of blocks besides highlighting.
    read: Option<std::path::PathBuf>,
}

static MEMO: LazyLock<Mutex<Memos>> = LazyLock::new(Mutex::default);

fn memo() -> std::sync::MutexGuard<'static, Memos> {
    MEMO.lock().unwrap_or_else(|e| e.into_inner())
}

/// A hash of everything a block's HTML is made from (the code, the whole fence by its derived
/// `Hash`, so a new option is part of the key without anybody listing it, and the themes).
pub(super) fn key(made_from: &impl std::hash::Hash) -> [u8; 32] {
    /// Feeds what `Hash` writes into blake3, whose 32 bytes the cache file keys blocks by.
    struct Feed(blake3::Hasher);
    impl std::hash::Hasher for Feed {
        fn write(&mut self, bytes: &[u8]) {
            self.0.update(bytes);
        }
        fn finish(&self) -> u64 {
            unreachable!("only the blake3 digest is read")
        }
    }
    let mut feed = Feed(blake3::Hasher::new());
    made_from.hash(&mut feed);
    *feed.0.finalize().as_bytes()
}

/// The block kept under `key`, marked used by this build.
pub(super) fn get(key: &[u8; 32]) -> Option<String> {
    // The lock is not held while a block is read from the file: pages are rendered in parallel.
    let kept = memo().blocks.get(key).map(|m| m.html.clone());
    let html = kept?.read()?;
    if let Some(m) = memo().blocks.get_mut(key) {
        m.used = true;
    }
    Some(html)
}

/// Drops the block kept under `key`; whether there was one.
#[cfg(test)]
pub(super) fn forget(key: &[u8; 32]) -> bool {
    memo().blocks.remove(key).is_some()
}

/// Keeps a block this build made.
pub(super) fn put(key: [u8; 32], html: &str) {
    let mut memo = memo();
    memo.blocks.insert(key, Memo { html: Html::Made(Arc::from(html)), used: true });
    memo.made = true;
}

/// Reads the index of the blocks an earlier build kept (each block is read when used); a
/// missing, foreign or damaged file is no cache.
pub fn load_cache(path: &Path) {
    let Ok(found) = read_index(path) else { return };
    let mut memo = memo();
    memo.read = memo.blocks.is_empty().then(|| path.to_path_buf());
    for (key, html) in found {
        memo.blocks.entry(key).or_insert(Memo { html, used: false });
    }
}

/// The file's blocks: after the header, their count, then each one's key, offset and length.
fn read_index(path: &Path) -> io::Result<Vec<([u8; 32], Html)>> {
    let damaged = || io::Error::new(io::ErrorKind::InvalidData, "not a cache file");
    let mut file = File::open(path)?;
    let size = file.metadata()?.len();
    let mut head = vec![0; CACHE_HEADER.len() + 4];
    file.read_exact(&mut head)?;
    let count = head.strip_prefix(CACHE_HEADER.as_bytes()).ok_or_else(damaged)?;
    let count = u32::from_le_bytes(count.try_into().map_err(|_| damaged())?) as usize;
    let mut index = vec![0; count.checked_mul(INDEX_ENTRY).filter(|&n| n as u64 <= size).ok_or_else(damaged)?];
    file.read_exact(&mut index)?;
    let file = Arc::new(file);
    let mut found = Vec::with_capacity(count);
    for e in index.chunks_exact(INDEX_ENTRY) {
        let key = <[u8; 32]>::try_from(&e[..32]).expect("32 bytes");
        let at = u64::from_le_bytes(e[32..40].try_into().expect("8 bytes"));
        let len = u32::from_le_bytes(e[40..44].try_into().expect("4 bytes"));
        if at.checked_add(u64::from(len)).is_none_or(|end| end > size) {
            return Err(damaged());
        }
        found.push((key, Html::InFile { file: Arc::clone(&file), at, len }));
    }
    Ok(found)
}

/// Writes the blocks this process used (so a block no page has any more goes), atomically;
/// when those are the blocks the file already holds, nothing is written.
pub fn save_cache(path: &Path) -> io::Result<()> {
    let memo = memo();
    let mut used: Vec<(&[u8; 32], &Memo)> = memo.blocks.iter().filter(|(_, m)| m.used).collect();
    if used.is_empty() || (!memo.made && used.len() == memo.blocks.len() && memo.read.as_deref() == Some(path)) {
        return Ok(());
    }
    used.sort_unstable_by_key(|(k, _)| *k);
    let blocks: Vec<(&[u8; 32], String)> = used.into_iter().filter_map(|(k, m)| Some((k, m.html.read()?))).collect();
    crate::cache::file::replace(path, |out| {
        out.write_all(CACHE_HEADER.as_bytes())?;
        out.write_all(&(blocks.len() as u32).to_le_bytes())?;
        let mut at = (CACHE_HEADER.len() + 4 + blocks.len() * INDEX_ENTRY) as u64;
        for (key, html) in &blocks {
            out.write_all(*key)?;
            out.write_all(&at.to_le_bytes())?;
            out.write_all(&(html.len() as u32).to_le_bytes())?;
            at += html.len() as u64;
        }
        for (_, html) in &blocks {
            out.write_all(html.as_bytes())?;
        }
        Ok(())
    })
}
