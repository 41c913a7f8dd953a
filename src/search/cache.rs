//! The last index a build made, kept between builds (`.herald-cache/search.bin`) with the key of
//! the pages it was made from: a build whose indexed pages are the same, byte for byte, in the
//! same order and language, takes it from there instead of indexing again. Pagefind spends
//! about a millisecond of CPU a page, so at 10,000 articles this is most of a build with no change.

use std::io;
use std::path::Path;

use crate::output::Bytes;

/// Where the last index is kept, below the site's root.
pub const CACHE_FILE: &str = ".herald-cache/search.bin";

/// The first line of the file: another herald (and so maybe another Pagefind) starts over.
const HEADER: &str = concat!("herald-search-cache 1 ", env!("HERALD_VERSION"), "\n");

/// What an index is made from: each page's URL, output path and the digest of its bytes.
pub struct Input<'a> {
    pub url: &'a str,
    pub output: &'a str,
    pub digest: [u8; 32],
}

/// The key of the index of `pages`, in this order, in `language` (`None`: each page's own).
pub fn key(language: Option<&str>, pages: &[Input]) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    let mut field = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(HEADER.as_bytes());
    field(language.unwrap_or("\0").as_bytes());
    for page in pages {
        field(page.url.as_bytes());
        field(page.output.as_bytes());
        field(&page.digest);
    }
    *h.finalize().as_bytes()
}

/// The files of the index kept under `key`; `None` when the file is missing, foreign, damaged
/// or holds another key.
pub fn load(path: &Path, key: &[u8; 32]) -> Option<Vec<(String, Bytes)>> {
    let data = std::fs::read(path).ok()?;
    let mut rest = data.strip_prefix(HEADER.as_bytes())?.strip_prefix(key.as_slice())?;
    let count = take_u32(&mut rest)?;
    let mut files = Vec::with_capacity(count.min(1 << 20) as usize);
    for _ in 0..count {
        let name = String::from_utf8(take(&mut rest)?.to_vec()).ok()?;
        files.push((name, Bytes::from(take(&mut rest)?)));
    }
    rest.is_empty().then_some(files)
}

fn take_u32(rest: &mut &[u8]) -> Option<u32> {
    let (n, tail) = rest.split_first_chunk::<4>()?;
    *rest = tail;
    Some(u32::from_le_bytes(*n))
}

fn take<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = take_u32(rest)? as usize;
    let (bytes, tail) = rest.split_at_checked(len)?;
    *rest = tail;
    Some(bytes)
}

/// Keeps `files` under `key`, replacing the file atomically.
pub fn save(path: &Path, key: &[u8; 32], files: &[(String, Bytes)]) -> io::Result<()> {
    let too_big = || io::Error::new(io::ErrorKind::InvalidInput, "a file of the index is over 4 GB");
    crate::cache::file::replace(path, |out| {
        out.write_all(HEADER.as_bytes())?;
        out.write_all(key)?;
        out.write_all(&u32::try_from(files.len()).map_err(|_| too_big())?.to_le_bytes())?;
        for (name, bytes) in files {
            for part in [name.as_bytes(), bytes] {
                out.write_all(&u32::try_from(part.len()).map_err(|_| too_big())?.to_le_bytes())?;
                out.write_all(part)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(url: &str, byte: u8) -> Input<'_> {
        Input { url, output: "x/index.html", digest: [byte; 32] }
    }

    #[test]
    fn kept_files_come_back_under_their_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".herald-cache/search.bin");
        let files = vec![
            ("pagefind/pagefind.js".to_string(), Bytes::from(&b"js"[..])),
            ("pagefind/fragment/en_1.pf_fragment".to_string(), Bytes::from(&b""[..])),
        ];
        let key = key(Some("en"), &[input("/a/", 1)]);
        assert_eq!(load(&path, &key), None, "no file, no index");
        save(&path, &key, &files).unwrap();
        assert_eq!(load(&path, &key), Some(files));
        assert_eq!(load(&path, &super::key(Some("en"), &[input("/a/", 2)])), None, "other bytes, other key");
        let mut data = std::fs::read(&path).unwrap();
        data.pop();
        std::fs::write(&path, &data).unwrap();
        assert_eq!(load(&path, &key), None, "a cut file is no cache");
    }

    #[test]
    fn the_key_covers_order_language_url_and_bytes() {
        let base = key(Some("en"), &[input("/a/", 1), input("/b/", 2)]);
        assert_ne!(base, key(Some("en"), &[input("/b/", 2), input("/a/", 1)]));
        assert_ne!(base, key(Some("fr"), &[input("/a/", 1), input("/b/", 2)]));
        assert_ne!(base, key(None, &[input("/a/", 1), input("/b/", 2)]));
        assert_ne!(base, key(Some("en"), &[input("/a/", 1), input("/c/", 2)]));
        assert_ne!(base, key(Some("en"), &[input("/a/", 1), input("/b/", 3)]));
        assert_eq!(base, key(Some("en"), &[input("/a/", 1), input("/b/", 2)]));
    }
}
