//! The preview server's request handling: a request head parsed (within its size limit), its
//! target checked and decoded, then resolved against an output map. A decoded path never
//! climbs, never carries a control character or backslash, and only names files the map has.
#![no_main]

use herald::output::Output;
use herald::serve::conn::{parse_head, MAX_HEAD};
use herald::serve::http::{decode_path, resolve, Target};
use libfuzzer_sys::fuzz_target;

fn site() -> Output {
    let mut out = Output::new();
    for p in ["index.html", "404.html", "smo/index.html", "smo/what-is-smo/index.html", "css/style.css", "a b/x.png"] {
        out.insert(p, &b"x"[..]);
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(Some((head, len))) = parse_head(data) else { return };
    assert!(len <= data.len() && len <= MAX_HEAD, "head of {len} bytes");
    let target = head.target.as_str();
    let Ok(path) = decode_path(target) else { return };
    assert!(path.starts_with('/'), "{target:?} decoded to {path:?}");
    assert!(!path.contains('\\') && !path.chars().any(|c| c.is_control()), "{target:?} decoded to {path:?}");
    assert!(!path.split('/').any(|s| s == ".." || s == "."), "{target:?} decoded to {path:?}");
    let query = target.split_once('?').map(|(_, q)| q.split('#').next().unwrap_or(""));
    let out = site();
    for base in ["/", "/guide/"] {
        match resolve(&out, base, &path, query) {
            Target::File(key) => assert!(out.contains(&key), "{target:?} resolved to {key:?}"),
            Target::Redirect(location) => {
                assert!(location.starts_with('/'), "{target:?} redirects to {location:?}");
                // The Location header: no byte a header may not carry, nothing that ends it.
                assert!(!location.bytes().any(|b| b < 0x20 || b == 0x7f), "{target:?} redirects to {location:?}");
            }
            Target::NotFound => {}
        }
    }
});
