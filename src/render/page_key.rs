//! The key of a page's render that holds from one process to the next, so that `herald build`
//! can link a page from the previous output instead of rendering it again.
//!
//! It hashes everything a render reads: the herald binary (its functions and filters), the
//! renderer's identity (templates, config, asset names, images that `resize_image` reads), the
//! template's name and the context Tera receives, serialized (as CBOR: the same values as the
//! JSON Tera reads, without escaping every character of the page's HTML). Unlike the keys of
//! [`crate::cache::key`], which hash shared parts by address and hold within one process, it
//! hashes every value by its bytes.

use std::io::Write;
use std::sync::OnceLock;

use serde::Serialize;

use crate::output::PageKey;

/// Template functions whose result is not a function of the context: a site whose templates
/// call one renders every page in every build.
pub const IMPURE_FUNCTIONS: [&str; 3] = ["now", "get_env", "get_random"];

/// The key of rendering `template` with `context` by the renderer of identity `renderer`.
pub fn page_key<T: Serialize + ?Sized>(renderer: u64, template: &str, context: &T) -> PageKey {
    let mut hasher = blake3::Hasher::new();
    hasher.update(binary_id());
    hasher.update(&renderer.to_le_bytes());
    hasher.update(&(template.len() as u64).to_le_bytes());
    hasher.update(template.as_bytes());
    {
        // A value is written in many small pieces; the hasher is fastest fed in blocks.
        let mut buffered = std::io::BufWriter::with_capacity(16 * 1024, &mut hasher);
        // Serializing plain data into a hasher does not fail.
        let _ = ciborium::into_writer(context, &mut buffered);
        let _ = buffered.flush();
    }
    let mut key = [0; 16];
    key.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    key
}

/// What tells this herald binary from any other: its version, and the size and modification
/// time of its executable (a herald built anew from changed sources renders anew).
fn binary_id() -> &'static [u8] {
    static ID: OnceLock<Vec<u8>> = OnceLock::new();
    ID.get_or_init(|| {
        let mut id = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
        let exe = std::env::current_exe().and_then(std::fs::metadata);
        match exe.as_ref().map(|m| (m.len(), m.modified())) {
            Ok((len, Ok(time))) => {
                let since = time.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
                id.extend_from_slice(&len.to_le_bytes());
                id.extend_from_slice(&since.as_nanos().to_le_bytes());
            }
            // Unknown: a key no other process shares, so that nothing is reused.
            _ => id.extend_from_slice(&std::process::id().to_le_bytes()),
        }
        id
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_follows_every_input_and_nothing_else() {
        let context = serde_json::json!({ "page": { "title": "SMO vs SMM", "content": "<p>x</p>" } });
        let key = page_key(1, "page.html", &context);
        assert_eq!(key, page_key(1, "page.html", &context.clone()));
        assert_ne!(key, page_key(2, "page.html", &context));
        assert_ne!(key, page_key(1, "section.html", &context));
        let edited = serde_json::json!({ "page": { "title": "SMO vs SMM", "content": "<p>y</p>" } });
        assert_ne!(key, page_key(1, "page.html", &edited));
    }
}
