//! The preview server's answers, as plain functions over the output map: what a request path
//! means, which file answers it, its content type, and the live-reload script in HTML.
//!
//! The server only ever looks up keys of the in-memory output, so no request can reach a file
//! on disk; request paths are still checked strictly, so that a traversal attempt is refused
//! rather than merely not found.

use std::sync::Arc;

use crate::output::Output;

/// Where the server's own endpoints live, outside any site's paths.
pub const PREFIX: &str = "/__herald/";
/// The server-sent-events stream of build events.
pub const EVENTS_PATH: &str = "/__herald/events";
/// The live-reload client script.
pub const SCRIPT_PATH: &str = "/__herald/live-reload.js";

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadPath {
    /// Not an origin-form path (`http://host/x`, `*`, `x`).
    NotAbsolute,
    /// A backslash, raw or percent-encoded.
    Backslash,
    /// A percent sign not followed by two hex digits, or bytes that are not UTF-8.
    BadEncoding,
    /// A NUL or other control character, raw or percent-encoded.
    Control,
    /// A `.` or `..` segment, or an empty one (`//`), after decoding.
    DotSegment,
}

/// What answers a request for a path of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The file of the output map at this key.
    File(String),
    /// A folder asked for without its slash, or the site's root without its sub-path: go here.
    Redirect(String),
    /// Nothing: the site's 404 page.
    NotFound,
}

/// Checks a request target and returns its decoded path (starting with `/`, without query).
pub fn decode_path(raw: &str) -> Result<String, BadPath> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(BadPath::NotAbsolute);
    }
    // percent_decode passes a stray `%` through as it is: such a path is refused instead.
    let bytes = path.as_bytes();
    let stray = bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'%' && !bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)));
    if stray {
        return Err(BadPath::BadEncoding);
    }
    let decoded: Vec<u8> = percent_encoding::percent_decode(bytes).collect();
    // Checked after decoding, so that the raw and the encoded forms are both refused.
    if let Some(&b) = decoded.iter().find(|&&b| b == b'\\' || b < 0x20 || b == 0x7f) {
        return Err(if b == b'\\' { BadPath::Backslash } else { BadPath::Control });
    }
    let decoded = String::from_utf8(decoded).map_err(|_| BadPath::BadEncoding)?;
    // The C1 controls (U+0080 to U+009F, such as NEL) too, which only show after decoding.
    if decoded.chars().any(char::is_control) {
        return Err(BadPath::Control);
    }
    let inner = decoded[1..].strip_suffix('/').unwrap_or(&decoded[1..]);
    if !inner.is_empty() && inner.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return Err(BadPath::DotSegment);
    }
    if decoded == "//" {
        return Err(BadPath::DotSegment);
    }
    Ok(decoded)
}

/// Which file of `output` answers the decoded `path`, for a site published under `base_path`
/// (`/` or `/guide/`). `query` is kept on redirects.
pub fn resolve(output: &Output, base_path: &str, path: &str, query: Option<&str>) -> Target {
    let with_query = |p: String| match query {
        Some(q) => format!("{p}?{q}"),
        None => p,
    };
    let Some(rel) = path.strip_prefix(base_path) else {
        // The sub-path's root without its slash, or the server's root: the site's home.
        if path == "/" || format!("{path}/") == base_path {
            return Target::Redirect(with_query(base_path.to_string()));
        }
        return Target::NotFound;
    };
    if rel.is_empty() || rel.ends_with('/') {
        let key = format!("{rel}index.html");
        return if output.contains(&key) { Target::File(key) } else { Target::NotFound };
    }
    if output.contains(rel) {
        return Target::File(rel.to_string());
    }
    if output.has_dir(rel) {
        return Target::Redirect(with_query(encode_path(&format!("{path}/"))));
    }
    Target::NotFound
}

/// The 404 page that answers a missing `path`: the nearest `404.html` up its folders
/// (`fr/404.html` for `/fr/smo/gone/`, as Cloudflare Pages does), else the site's.
pub fn not_found_page(output: &Output, base_path: &str, path: &str) -> Option<String> {
    let mut dir = path.strip_prefix(base_path).unwrap_or("");
    loop {
        dir = dir.rfind('/').map_or("", |i| &dir[..i]);
        let page = if dir.is_empty() { "404.html".to_string() } else { format!("{dir}/404.html") };
        if output.contains(&page) {
            return Some(page);
        }
        if dir.is_empty() {
            return None;
        }
    }
}

/// Percent-encodes what a `Location` header must not carry raw.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `Content-Type` of an output file, from its extension; text (XML and feeds included) is
/// UTF-8, as herald writes it.
pub fn content_type(path: &str) -> String {
    let Some(mime) = mime_guess::from_path(path).first() else {
        return "application/octet-stream".into();
    };
    let xml = mime.subtype() == mime_guess::mime::XML || mime.suffix() == Some(mime_guess::mime::XML);
    if mime.type_() == mime_guess::mime::TEXT || (mime.type_() == mime_guess::mime::APPLICATION && xml) {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

/// `html` with the live-reload client (tagged with the build it comes from) and the share
/// preview's launcher before its last `</body>` (or at the end).
pub fn inject_script(html: &[u8], build: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-build=\"{build}\" defer></script><script src=\"{}\" defer></script>",
        super::preview::LAUNCHER_PATH
    );
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// What a request gets.
pub enum Answer {
    Reply(Reply),
    /// The build events, streamed on the connection until the page goes away.
    Events,
}

/// A reply to send whole.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Arc<[u8]>,
}

/// A reply that no cache keeps and no browser sniffs, with `extra` headers.
pub fn reply(status: u16, ctype: &str, body: impl Into<Arc<[u8]>>, extra: &[(&'static str, &str)]) -> Answer {
    let mut headers = vec![
        ("Content-Type", ctype.to_string()),
        ("Cache-Control", "no-cache".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
    ];
    headers.extend(extra.iter().map(|(n, v)| (*n, v.to_string())));
    Answer::Reply(Reply { status, headers, body: body.into() })
}

/// A plain-text reply.
pub fn text(status: u16, body: &str) -> Answer {
    reply(status, "text/plain; charset=utf-8", body.as_bytes(), &[])
}

/// The file of `output` at `key` (which exists); HTML gets the live-reload script of `build`.
pub fn file(status: u16, build: &str, output: &Output, key: &str) -> Answer {
    let bytes = output.get(key).expect("resolved to an existing file");
    let ctype = content_type(key);
    if ctype.starts_with("text/html") {
        reply(status, &ctype, inject_script(bytes, build), &[])
    } else {
        reply(status, &ctype, Arc::clone(bytes), &[])
    }
}

/// 405 for a method other than GET or HEAD.
pub fn not_allowed() -> Answer {
    reply(405, "text/plain; charset=utf-8", &b"method not allowed: use GET or HEAD\n"[..], &[("Allow", "GET, HEAD")])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Bytes;

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for (raw, why) in [
            ("/../etc/passwd", BadPath::DotSegment),
            ("/a/../../etc/passwd", BadPath::DotSegment),
            ("/%2e%2e/etc/passwd", BadPath::DotSegment),
            ("/%2E%2E/%2e%2e/etc/passwd", BadPath::DotSegment),
            ("/./index.html", BadPath::DotSegment),
            ("//etc/passwd", BadPath::DotSegment),
            ("/a//b", BadPath::DotSegment),
            ("/..%5c..%5cetc/passwd", BadPath::Backslash),
            ("/a\\..\\b", BadPath::Backslash),
            ("/index.html%00.css", BadPath::Control),
            ("/a%0d%0aSet-Cookie:x", BadPath::Control),
            // Found by fuzzing: a raw or encoded NEL (U+0085) passed as a plain character.
            ("/n:\u{85}", BadPath::Control),
            ("/n%C2%85", BadPath::Control),
            ("/%zz", BadPath::BadEncoding),
            ("/%", BadPath::BadEncoding),
            ("/%ff", BadPath::BadEncoding),
            ("http://example.org/", BadPath::NotAbsolute),
            ("etc/passwd", BadPath::NotAbsolute),
            ("*", BadPath::NotAbsolute),
        ] {
            assert_eq!(decode_path(raw), Err(why), "{raw}");
        }
        // Double encoding decodes once: a harmless name that is not in the site.
        assert_eq!(decode_path("/%252e%252e/x").as_deref(), Ok("/%2e%2e/x"));
        assert_eq!(decode_path("/").as_deref(), Ok("/"));
        assert_eq!(decode_path("/smo/a%20b/?q=1#x").as_deref(), Ok("/smo/a b/"));
    }

    #[test]
    fn paths_resolve_to_files_redirects_and_misses() {
        let mut out = Output::new();
        for p in ["index.html", "smo/index.html", "smo/a/index.html", "css/style.css"] {
            out.insert(p, Bytes::from(&b"x"[..]));
        }
        assert_eq!(resolve(&out, "/", "/", None), Target::File("index.html".into()));
        assert_eq!(resolve(&out, "/", "/smo/a/", None), Target::File("smo/a/index.html".into()));
        assert_eq!(resolve(&out, "/", "/smo/a", Some("x=1")), Target::Redirect("/smo/a/?x=1".into()));
        assert_eq!(resolve(&out, "/", "/css", None), Target::Redirect("/css/".into()));
        assert_eq!(resolve(&out, "/", "/css/", None), Target::NotFound);
        assert_eq!(resolve(&out, "/", "/css/style.css", None), Target::File("css/style.css".into()));
        assert_eq!(resolve(&out, "/", "/nope", None), Target::NotFound);
        assert_eq!(resolve(&out, "/guide/", "/", None), Target::Redirect("/guide/".into()));
        assert_eq!(resolve(&out, "/guide/", "/guide", None), Target::Redirect("/guide/".into()));
        assert_eq!(resolve(&out, "/guide/", "/guide/smo/a/", None), Target::File("smo/a/index.html".into()));
        assert_eq!(resolve(&out, "/guide/", "/smo/a/", None), Target::NotFound);
    }

    #[test]
    fn a_miss_gets_the_nearest_404_page_up_its_folders() {
        let mut out = Output::new();
        assert_eq!(not_found_page(&out, "/", "/fr/smo/gone/"), None);
        for p in ["404.html", "fr/404.html"] {
            out.insert(p, Bytes::from(&b"x"[..]));
        }
        assert_eq!(not_found_page(&out, "/guide/", "/guide/fr/smo/gone/").as_deref(), Some("fr/404.html"));
        assert_eq!(not_found_page(&out, "/", "/fr/x").as_deref(), Some("fr/404.html"));
        assert_eq!(not_found_page(&out, "/", "/free/x").as_deref(), Some("404.html"));
        assert_eq!(not_found_page(&out, "/", "/x").as_deref(), Some("404.html"));
        assert_eq!(not_found_page(&out, "/guide/", "/elsewhere/").as_deref(), Some("404.html"));
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject_script(html, "7")).unwrap();
        assert!(
            out.ends_with(
                "data-build=\"7\" defer></script><script src=\"/__herald/preview.js\" defer></script></BODY></html>"
            ),
            "{out}"
        );
        let out = String::from_utf8(inject_script(b"<p>no body", "7")).unwrap();
        assert!(out.starts_with("<p>no body<script"));
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.WOFF2"), "font/woff2");
        assert_eq!(content_type("feed.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("rss.rss"), "application/rss+xml; charset=utf-8");
        assert_eq!(content_type("a.svg"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
