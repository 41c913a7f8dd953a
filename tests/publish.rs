//! Publishing to static hosts: sub-path hosting, moved articles, host files, fingerprinted
//! assets, minified and precompressed output.

mod common;

use std::collections::BTreeSet;
use std::io::Read;

use common::{article, vnu, Site};

fn site() -> Site {
    let s = Site::new();
    s.write("content/smo/_index.md", "---\ntitle: SMO\ndescription: Social media optimization, from share buttons to social cards.\n---\nSee [all tags](/tags/).\n")
        .write("content/smo/cards/index.md", &article("Cards", "date: 2026-02-01\ntags: [smo]\naliases: [/old/cards/, /2025/cards.html]\n", "![A card](card.svg)\n\nSee [hashtags](../hashtags.md#why) and [home](/).\n"))
        .write("content/smo/cards/card.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>")
        .write("content/smo/hashtags.md", &article("Hashtags", "date: 2026-03-01\ntags: [smo, tags]\n", "## Why\n\nBecause.\n"))
        .write("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    s
}

/// Every `href="..."` and `src="..."` value of an HTML text.
fn refs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn a_sub_path_site_links_only_inside_its_prefix_and_every_link_resolves() {
    let s = site();
    s.build_ok(&["--base-url", "https://example.org/guide/"]);
    let files: BTreeSet<String> = s.snapshot("public").into_keys().collect();
    let mut checked = 0;
    for page in s.html_files() {
        let html = s.public(&page);
        for r in refs(&html) {
            if r.starts_with("https://") && !r.starts_with("https://example.org/")
                || r.starts_with("mailto:")
                || r.starts_with('#')
                || r.starts_with("http://")
            {
                continue;
            }
            let local = r.strip_prefix("https://example.org").unwrap_or(&r);
            let path = if local.starts_with('/') {
                assert!(local.starts_with("/guide/"), "{page}: `{r}` is outside /guide/");
                local["/guide/".len()..].to_string()
            } else {
                // Relative to the page's folder.
                let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
                if dir.is_empty() {
                    local.to_string()
                } else {
                    format!("{dir}/{local}")
                }
            };
            let path = path.split('#').next().unwrap().split('?').next().unwrap();
            let file =
                if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
            assert!(files.contains(&file), "{page}: `{r}` does not resolve (looked for {file})");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
    let page = s.public("smo/cards/index.html");
    assert!(
        page.contains("href=\"/guide/tags/\"") || s.public("smo/index.html").contains("href=\"/guide/tags/\""),
        "root-relative Markdown links get the prefix"
    );
    assert!(s.public("404.html").contains("href=\"/guide/\""), "the 404 page links carry the prefix");

    // Every URL of the site files is under the prefix and names a file of the output.
    let absolute_urls = |text: &str| -> Vec<String> {
        text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '(' | ')'))
            .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
            .map(String::from)
            .collect()
    };
    let mut site_urls = 0;
    for file in ["sitemap.xml", "atom.xml", "llms.txt", "robots.txt"] {
        let text = s.public(file);
        for url in absolute_urls(&text) {
            if !url.starts_with("https://example.org") {
                continue; // namespaces and other sites
            }
            let path = url
                .strip_prefix("https://example.org/guide/")
                .unwrap_or_else(|| panic!("{file}: `{url}` is outside /guide/"));
            let path = path.split('#').next().unwrap();
            let target =
                if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
            assert!(files.contains(&target), "{file}: `{url}` does not resolve (looked for {target})");
            site_urls += 1;
        }
    }
    assert!(site_urls >= 10, "only {site_urls} URLs in the site files");
}

#[test]
fn aliases_leave_redirect_pages_and_redirect_rules() {
    let s = site();
    s.build_ok(&["--base-url", "https://example.org/guide/"]);
    for old in ["old/cards/index.html", "2025/cards.html"] {
        let html = s.public(old);
        assert!(
            html.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/guide/smo/cards/\">"),
            "{html}"
        );
        assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/guide/smo/cards/\">"));
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    }
    let redirects = s.public("_redirects");
    assert!(redirects.contains("/guide/old/cards/ /guide/smo/cards/ 301"), "{redirects}");
    assert!(redirects.contains("/guide/2025/cards.html /guide/smo/cards/ 301"), "{redirects}");
}

#[test]
fn an_alias_that_collides_with_a_page_is_an_error() {
    let s = site();
    s.write("content/smo/other.md", &article("Other", "aliases: [/smo/hashtags/]\n", "Body.\n"));
    let e = s.build_err(&[]).stderr;
    assert!(e.contains("content/smo/other.md:4:1") && e.contains("the URL of a page"), "{e}");
}

#[test]
fn host_files_follow_the_config() {
    let s = site();
    s.build_ok(&[]);
    assert!(s.public_exists(".nojekyll"));
    assert!(!s.public_exists("CNAME"));
    let headers = s.public("_headers");
    let css = s
        .snapshot("public")
        .into_keys()
        .find(|k| k.starts_with("css/style.") && k.ends_with(".css"))
        .expect("fingerprinted css");
    assert!(headers.contains(&format!("/{css}\n  Cache-Control: public, max-age=31536000, immutable")), "{headers}");
    assert!(headers.contains("/smo/*\n  Cache-Control: no-cache"), "{headers}");
    s.write(
        "book.toml",
        &format!("{}cname = \"guide.example.org\"\nnojekyll = false\nheaders = false\n", common::MINIMAL_CONFIG),
    );
    s.build_ok(&[]);
    assert_eq!(s.public("CNAME"), "guide.example.org\n");
    assert!(!s.public_exists(".nojekyll") && !s.public_exists("_headers"));
}

#[test]
fn css_names_change_with_their_content_only() {
    let s = site();
    s.build_ok(&[]);
    let css_name = |s: &Site| {
        s.snapshot("public").into_keys().find(|k| k.starts_with("css/style.") && k.ends_with(".css")).unwrap()
    };
    let first = css_name(&s);
    assert!(s.public("index.html").contains(&format!("href=\"/{first}\"")), "pages reference the fingerprinted name");
    assert!(!s.public_exists("css/style.css"));
    s.build_ok(&[]);
    assert_eq!(css_name(&s), first, "same CSS, same name");
    s.write("static/css/style.css", "body { color: #123; }\n");
    s.build_ok(&[]);
    let second = css_name(&s);
    assert_ne!(second, first, "a changed stylesheet gets a new name");
    assert!(s.public("index.html").contains(&format!("href=\"/{second}\"")));
}

#[test]
fn minified_output_is_smaller_and_still_valid_html() {
    let s = site();
    s.build_ok(&[]);
    let plain = s.public("smo/hashtags/index.html");
    s.write("book.toml", &format!("{}\n[build]\nminify = true\nprecompress = true\n", common::MINIMAL_CONFIG));
    s.build_ok(&[]);
    let minified = s.public("smo/hashtags/index.html");
    // Much of a page is metadata that minifying cannot shrink (JSON-LD, share URLs, icons): judge
    // by the size and by the layout whitespace that goes.
    assert!(minified.len() < plain.len(), "{} vs {} bytes", minified.len(), plain.len());
    let lines = |s: &str| s.matches('\n').count();
    assert!(lines(&minified) * 4 < lines(&plain), "{} vs {} lines", lines(&minified), lines(&plain));
    let css =
        s.snapshot("public").into_iter().find(|(k, _)| k.starts_with("css/style.") && k.ends_with(".css")).unwrap();
    assert!(!String::from_utf8_lossy(&css.1).contains("\n  "), "CSS is minified");
    let mut gz = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(s.path("public/smo/hashtags/index.html.gz")).unwrap())
        .read_to_string(&mut gz)
        .unwrap();
    assert_eq!(gz, minified, "the .gz holds the same page");
    assert!(s.public_exists("smo/hashtags/index.html.br"));
    let files: Vec<_> = s.html_files().into_iter().map(|f| s.path("public").join(f)).collect();
    let Some(errors) = vnu::errors_or_skip("minified_output_is_smaller_and_still_valid_html", &files) else { return };
    assert!(errors.is_empty(), "Nu HTML Checker errors in minified output:\n{}", errors.join("\n"));
}

#[test]
fn the_pages_workflow_is_valid_yaml_using_the_official_actions() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.github/workflows/pages.yml")).unwrap();
    let wf: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let uses: Vec<&str> = ["build", "deploy"]
        .iter()
        .flat_map(|job| wf["jobs"][job]["steps"].as_sequence().unwrap().iter())
        .filter_map(|step| step["uses"].as_str())
        .collect();
    for action in
        ["actions/checkout@", "actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"]
    {
        assert!(uses.iter().any(|u| u.starts_with(action)), "{action} missing from {uses:?}");
    }
    assert_eq!(wf["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(wf["permissions"]["id-token"].as_str(), Some("write"));
    let run = wf["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<String>();
    assert!(run.contains("-- build --base-url"), "the build passes the Pages URL: {run}");
    assert_eq!(wf["jobs"]["build"]["steps"][3]["with"]["path"].as_str(), Some("public"));
}
