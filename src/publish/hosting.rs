//! Files that static hosts read: `CNAME` (GitHub Pages custom domain), `.nojekyll` (GitHub Pages
//! publishes folders whose names start with `_`), `_headers` and `_redirects` (Netlify and
//! Cloudflare Pages).

use std::collections::BTreeSet;
use std::fmt::Write;

use super::aliases::Redirect;
use super::assets::AssetMap;
use crate::output::{Bytes, Output};
use crate::site::{join_url, Site, NOT_FOUND_PATH};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

pub(super) fn add_host_files(site: &Site, assets: &AssetMap, redirects: &[Redirect], output: &mut Output) {
    let cfg = &site.config.site;
    if !cfg.cname.trim().is_empty() {
        output.insert("CNAME", Bytes::from(format!("{}\n", cfg.cname.trim()).into_bytes()));
    }
    if cfg.nojekyll {
        output.insert(".nojekyll", Bytes::from(Vec::new()));
    }
    if cfg.redirects && (!redirects.is_empty() || site.homes.len() > 1) {
        let mut text = String::new();
        if !redirects.is_empty() {
            text.push_str("# Old URLs of moved articles (front matter `aliases`), answered with a 301.\n");
        }
        for r in redirects {
            let _ = writeln!(text, "{} {} 301", r.from, r.to);
        }
        language_404s(site, &mut text);
        output.insert("_redirects", Bytes::from(text.into_bytes()));
    }
    if cfg.headers {
        let text = headers_file(site.config.base_path(), assets, output);
        output.insert("_headers", Bytes::from(text.into_bytes()));
    }
}

/// A missing page under a language's prefix gets that language's 404 page (Netlify: a rule
/// without `!` applies only where no file is, and the first rule that matches wins, so these
/// come after the aliases). The default language's is the host's own `/404.html`.
fn language_404s(site: &Site, text: &mut String) {
    if site.homes.len() < 2 {
        return;
    }
    text.push_str("# A missing page of a language: its own 404 page, with status 404.\n");
    for lang in site.langs().skip(1) {
        let home = site.urls_in(lang, "/");
        let _ = writeln!(text, "{}* {} 404", home.url, site.urls_in(lang, NOT_FOUND_PATH).url);
    }
}

/// Long lifetimes for fingerprinted files, revalidation for pages. Hosts combine the headers of
/// every rule that matches a path (and a `*` may only end a rule), so the page rules are written
/// per top-level folder and never match a fingerprinted file.
fn headers_file(base: &str, assets: &AssetMap, output: &Output) -> String {
    let fingerprinted: BTreeSet<&str> = assets.values().map(String::as_str).collect();
    fn top(p: &str) -> Option<&str> {
        p.split_once('/').map(|(dir, _)| dir)
    }
    let asset_dirs: BTreeSet<&str> = fingerprinted.iter().filter_map(|p| top(p)).collect();
    // A site has thousands of pages in a few folders: one rule per folder.
    let mut page_dirs: BTreeSet<&str> = BTreeSet::new();
    let mut page_rules: BTreeSet<String> = BTreeSet::new();
    for path in output.paths().filter(|p| p.ends_with(".html")) {
        match top(path) {
            Some(dir) if !asset_dirs.contains(dir) => {
                if page_dirs.insert(dir) {
                    page_rules.insert(format!("{dir}/*"));
                }
            }
            _ => {
                page_rules.insert(path.strip_suffix("index.html").unwrap_or(path).to_string());
            }
        }
    }
    let mut text = String::from("# Written by herald. Every response:\n");
    let _ = writeln!(
        text,
        "{}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin",
        base
    );
    text.push_str("\n# Pages: revalidate, so readers see an edit at once.\n");
    for rule in &page_rules {
        let _ = writeln!(text, "{}\n  Cache-Control: {REVALIDATE}", join_url(base, rule));
    }
    if !fingerprinted.is_empty() {
        text.push_str("\n# Fingerprinted assets: a new version has a new name, so cache them forever.\n");
        for path in &fingerprinted {
            let _ = writeln!(text, "{}\n  Cache-Control: {IMMUTABLE}", join_url(base, path));
        }
    }
    search_rules(&mut text, base, output);
    text
}

/// The search index's fragments, index chunks, filters and metadata are named by their
/// content: cached forever. The files that name them (`pagefind.js`, the entry and the WASM)
/// revalidate, so a reader's next search sees a rebuilt index.
fn search_rules(text: &mut String, base: &str, output: &Output) {
    let dir = crate::search::DIR;
    let top: Vec<&str> = output
        .paths()
        .filter_map(|p| p.strip_prefix(dir)?.strip_prefix('/'))
        .filter(|rest| !rest.contains('/'))
        .collect();
    if top.is_empty() {
        return;
    }
    text.push_str("\n# Search index: chunks named by their content are cached forever; the rest revalidates.\n");
    for sub in ["index", "fragment", "filter"] {
        let _ = writeln!(text, "{}\n  Cache-Control: {IMMUTABLE}", join_url(base, &format!("{dir}/{sub}/*")));
    }
    for name in top {
        let rule = if name.ends_with(".pf_meta") { IMMUTABLE } else { REVALIDATE };
        let _ = writeln!(text, "{}\n  Cache-Control: {rule}", join_url(base, &format!("{dir}/{name}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_rules_never_cover_fingerprinted_files() {
        let mut out = Output::new();
        for p in ["index.html", "404.html", "smo/a/index.html", "css/style.abc.css", "css/print/index.html"] {
            out.insert(p, Bytes::from(Vec::new()));
        }
        let assets = AssetMap::from([("css/style.css".to_string(), "css/style.abc.css".to_string())]);
        let text = headers_file("/guide/", &assets, &out);
        assert!(text.contains("/guide/smo/*\n  Cache-Control: no-cache"), "{text}");
        assert!(text.contains("/guide/\n  Cache-Control: no-cache"), "{text}");
        assert!(text.contains("/guide/css/print/\n  Cache-Control: no-cache"), "{text}");
        assert!(!text.contains("/guide/css/*"), "{text}");
        assert!(!text.contains("pagefind"), "no search index, no rules for it: {text}");
        out.insert("pagefind/pagefind.js", Bytes::from(Vec::new()));
        out.insert("pagefind/pagefind.en_1a2b.pf_meta", Bytes::from(Vec::new()));
        out.insert("pagefind/fragment/en_3c4d.pf_fragment", Bytes::from(Vec::new()));
        let text = headers_file("/guide/", &assets, &out);
        assert!(
            text.contains("/guide/pagefind/fragment/*\n  Cache-Control: public, max-age=31536000, immutable"),
            "{text}"
        );
        assert!(
            text.contains(
                "/guide/pagefind/pagefind.en_1a2b.pf_meta\n  Cache-Control: public, max-age=31536000, immutable"
            ),
            "{text}"
        );
        assert!(text.contains("/guide/pagefind/pagefind.js\n  Cache-Control: no-cache"), "{text}");
        assert!(
            text.contains("/guide/css/style.abc.css\n  Cache-Control: public, max-age=31536000, immutable"),
            "{text}"
        );
    }
}
