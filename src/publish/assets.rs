//! Content hashes in the names of CSS and JS files (`style.css` -> `style.3f9a1c0d.css`), so a
//! host can cache them forever: a new version has a new name.

use crate::output::Bytes;
/// The render stage defines the map its `get_url` reads; publishing fills it.
pub use crate::render::AssetMap;

/// Whether a file gets a fingerprint: stylesheets and scripts, which pages reference by name.
fn is_fingerprinted(path: &str) -> bool {
    path.ends_with(".css") || path.ends_with(".js") || path.ends_with(".mjs")
}

/// Renames the CSS and JS files among `files` to carry a hash of their content; returns the
/// renames so that `get_url` can hand out the new names.
pub fn fingerprint(files: &mut [(String, Bytes)]) -> AssetMap {
    let mut map = AssetMap::new();
    for (path, bytes) in files.iter_mut() {
        if !is_fingerprinted(path) {
            continue;
        }
        let hash = blake3::hash(bytes);
        let short = &hash.to_hex()[..10];
        let (stem, ext) = path.rsplit_once('.').expect("checked above");
        let renamed = format!("{stem}.{short}.{ext}");
        map.insert(std::mem::replace(path, renamed.clone()), renamed);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_change_with_content_only() {
        let mut a = vec![
            ("css/style.css".to_string(), Bytes::from(&b"body{}"[..])),
            ("img/x.png".to_string(), Bytes::from(&b"png"[..])),
        ];
        let map = fingerprint(&mut a);
        let name = map["css/style.css"].clone();
        assert!(
            name.starts_with("css/style.") && name.ends_with(".css") && name.len() == "css/style.css".len() + 11,
            "{name}"
        );
        assert_eq!(a[0].0, name);
        assert_eq!(a[1].0, "img/x.png", "images keep their names");
        let mut same = vec![("css/style.css".to_string(), Bytes::from(&b"body{}"[..]))];
        assert_eq!(fingerprint(&mut same)["css/style.css"], name);
        let mut changed = vec![("css/style.css".to_string(), Bytes::from(&b"body{color:red}"[..]))];
        assert_ne!(fingerprint(&mut changed)["css/style.css"], name);
    }
}
