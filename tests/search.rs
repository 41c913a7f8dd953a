//! Site search: the Pagefind index a build writes, the search form and page that use it, and a
//! real browser that searches, filters and opens a result (on a built site, under a sub-path,
//! and in `herald serve` after an edit).

mod common;

use std::io::Read;
use std::time::Duration;

use common::serve::Serving;
use common::{article, browser, static_server, Site};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(60);

/// A guide with a word (`quokka`) in one article only, a second tag, a page left out by its
/// front matter and a section left out by the config.
fn fixture(base_url: &str) -> Site {
    let s = Site::new();
    s.write(
        "book.toml",
        &format!(
            "[book]\ntitle = \"Search guide\"\nlanguage = \"en\"\n[site]\nbase-url = \"{base_url}\"\n\
             [search]\nexclude-sections = [\"legal\"]\n"
        ),
    )
    .write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
    .write("content/smo/_index.md", "---\ntitle: Social media optimization\n---\nAll about SMO.\n")
    .write("content/legal/_index.md", "---\ntitle: Legal\n---\nTerms.\n")
    .write(
        "content/smo/animals.md",
        &article(
            "Animals in marketing",
            "date: 2026-03-01\ntags: [wildlife, smo]\n",
            "A quokka smiles in every campaign photo.\n",
        ),
    )
    .write(
        "content/smo/profiles.md",
        &article("Profiles", "date: 2026-03-02\ntags: [smo]\n", "A profile photo and a bio for every network.\n"),
    )
    .write(
        "content/smo/hidden.md",
        &article("Hidden", "date: 2026-03-03\nsearch: false\n", "The hiddenword is never indexed.\n"),
    )
    .write("content/legal/terms.md", &article("Terms", "date: 2026-03-04\n", "The legalword is never indexed.\n"));
    s
}

/// The text of every index fragment (gzip JSON), joined.
fn fragments(s: &Site, dir: &str) -> String {
    let mut all = String::new();
    for (path, bytes) in s.snapshot(dir) {
        if path.contains("pagefind/fragment/") {
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).unwrap();
            all.push_str(&text);
        }
    }
    all
}

#[test]
fn build_writes_an_index_of_the_articles_and_every_page_links_the_search() {
    let s = fixture("https://example.org/");
    s.build_ok(&[]);
    for file in
        ["pagefind/pagefind.js", "pagefind/pagefind-entry.json", "pagefind/wasm.en.pagefind", "search/index.html"]
    {
        assert!(s.public_exists(file), "{file} is missing");
    }
    let entry: serde_json::Value = serde_json::from_str(&s.public("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], json!(2), "{entry}");

    let text = fragments(&s, "public");
    assert!(text.contains("quokka") && text.contains("/smo/animals/"), "{text}");
    assert!(text.contains("Social media optimization"), "the section is metadata and a filter: {text}");
    assert!(text.contains("wildlife"), "tags are a filter: {text}");
    for absent in ["hiddenword", "legalword", "Skip to content", "Share"] {
        assert!(!text.contains(absent), "`{absent}` was indexed: {text}");
    }

    // Every page's header has the form, which works without JavaScript by opening /search/.
    let page = s.public("smo/profiles/index.html");
    assert!(page.contains("action=\"/search/\""), "{page}");
    assert!(page.contains("data-bundle=\"/pagefind/\""), "{page}");
    assert!(page.contains("/js/search."), "the search script: {page}");
    assert!(!page.contains("pagefind.js"), "Pagefind loads only when the reader searches");
    let search = s.public("search/index.html");
    assert!(search.contains("data-search-results") && search.contains("noindex"), "{search}");
    let headers = s.public("_headers");
    assert!(
        headers.contains("/pagefind/fragment/*\n  Cache-Control: public, max-age=31536000, immutable"),
        "{headers}"
    );
    assert!(headers.contains("/pagefind/pagefind.js\n  Cache-Control: no-cache"), "{headers}");
}

/// The index of a build is kept in `.herald-cache/search.bin` and taken from there while the
/// indexed pages are the same; an edit, a page dropped from the index or a template change that
/// shows on the pages makes it again.
#[test]
fn the_index_is_reused_only_while_its_pages_are_unchanged() {
    let s = fixture("https://example.org/");
    s.build_ok(&[]);
    let cache = s.path(".herald-cache/search.bin");
    let first = std::fs::read(&cache).expect("the index is kept");
    let index = |s: &Site| -> Vec<(String, Vec<u8>)> {
        s.snapshot("public").into_iter().filter(|(p, _)| p.starts_with("pagefind/")).collect()
    };
    let before = index(&s);
    s.build_ok(&[]);
    assert_eq!(index(&s), before, "the same pages, the same index");
    assert_eq!(std::fs::read(&cache).unwrap(), first);

    s.write(
        "content/smo/profiles.md",
        &article("Profiles", "date: 2026-03-02\ntags: [smo]\n", "A wombat photo and a bio for every network.\n"),
    );
    s.build_ok(&[]);
    let text = fragments(&s, "public");
    assert!(text.contains("wombat") && !text.contains("profile photo"), "{text}");

    s.write(
        "content/smo/animals.md",
        &article("Animals in marketing", "date: 2026-03-01\nsearch: false\n", "A quokka smiles.\n"),
    );
    s.build_ok(&[]);
    let entry: serde_json::Value = serde_json::from_str(&s.public("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], json!(1), "{entry}");
    assert!(!fragments(&s, "public").contains("quokka"));

    // The site's own copy of the article template, which adds a word to every article's body.
    let theme = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/page.html");
    let template = std::fs::read_to_string(theme).unwrap();
    let marker = "<article class=\"article\" data-pagefind-body>";
    assert!(template.contains(marker), "the theme marks its articles: {template}");
    s.write("templates/page.html", &template.replacen(marker, &format!("{marker}<p>templateword</p>"), 1));
    s.build_ok(&[]);
    assert!(fragments(&s, "public").contains("templateword"));
}

#[test]
fn search_off_writes_no_index_and_no_form() {
    let s = fixture("https://example.org/");
    let toml = std::fs::read_to_string(s.path("book.toml")).unwrap();
    s.write("book.toml", &toml.replace("[search]\n", "[search]\nenabled = false\n"));
    s.build_ok(&[]);
    assert!(!s.public_exists("pagefind/pagefind.js") && !s.public_exists("search/index.html"));
    assert!(!s.public("smo/profiles/index.html").contains("role=\"search\""));
}

/// Types `word` in the header's field, waits for the first result, and checks its excerpt.
fn search_for(b: &mut browser::Browser, word: &str, expected_url: &str) {
    b.eval("document.querySelector('#site-search-q').focus()");
    b.call("Input.insertText", json!({ "text": word })).unwrap();
    let first = "document.querySelector('.search-result a')";
    let found = format!("!!{first} && {first}.getAttribute('href') === '{expected_url}'");
    let deadline = std::time::Instant::now() + WAIT;
    while b.eval(&found).as_bool() != Some(true) {
        let panel = b.eval("(document.querySelector('.search-panel, [data-search-results]') || {}).outerHTML");
        assert!(std::time::Instant::now() < deadline, "`{word}` did not find {expected_url}: {panel}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mark = b.eval("document.querySelector('.search-result .search-excerpt mark').textContent");
    assert_eq!(mark.as_str().map(str::to_lowercase).as_deref(), Some(word), "the match is highlighted");
}

fn key(b: &mut browser::Browser, key: &str) {
    for kind in ["keyDown", "keyUp"] {
        let code = if key == "Enter" { 13 } else { 40 };
        b.call(
            "Input.dispatchKeyEvent",
            json!({ "type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code, "text": if key == "Enter" { "\r" } else { "" } }),
        )
        .unwrap();
    }
}

/// Finds the article, filters by tag, then opens it with the arrow key and Enter.
fn find_filter_and_open(b: &mut browser::Browser, site_url: &str, base: &str) {
    b.goto(&format!("{site_url}{base}smo/profiles/"));
    search_for(b, "quokka", &format!("{base}smo/animals/"));
    let status = b.eval("document.querySelector('.search-status').textContent");
    assert!(status.as_str().unwrap().contains("1 result"), "{status}");
    assert_eq!(b.eval("document.querySelector('.search-status').getAttribute('role')"), json!("status"));
    // Filter by the tag `wildlife`: the article stays; `smo` alone would keep it too.
    b.wait_for("!!document.querySelector('input[data-filter=tag][value=wildlife]')", WAIT);
    b.eval("document.querySelector('input[data-filter=tag][value=wildlife]').click()");
    b.wait_for(
        &format!("document.querySelector('.search-result a').getAttribute('href') === '{base}smo/animals/'"),
        WAIT,
    );
    // The results may be drawn once more as the filters finish loading, which takes the focus
    // back: the arrow key is pressed again from the field until a drawn result holds the focus.
    let focused = "document.activeElement === document.querySelector('.search-result a')";
    for _ in 0..20 {
        b.eval("document.querySelector('#site-search-q').focus()");
        key(b, "ArrowDown");
        std::thread::sleep(Duration::from_millis(250));
        if b.eval(focused) == json!(true) {
            break;
        }
    }
    b.wait_for(focused, WAIT);
    key(b, "Enter");
    b.wait_for(&format!("location.pathname === '{base}smo/animals/'"), WAIT);
}

#[test]
fn a_reader_finds_filters_and_opens_an_article_in_a_browser() {
    let Some(mut b) = browser::browser_or_skip("a_reader_finds_filters_and_opens_an_article_in_a_browser") else {
        return;
    };
    let s = fixture("https://example.org/");
    s.build_ok(&[]);
    let url = static_server::serve(&s.path("public"));
    find_filter_and_open(&mut b, &url, "/");
    // `/` focuses the field from anywhere on the page.
    b.wait_for("document.readyState === 'complete'", WAIT);
    b.eval("document.activeElement.blur()");
    for kind in ["keyDown", "keyUp"] {
        let event = json!({ "type": kind, "key": "/", "code": "Slash", "windowsVirtualKeyCode": 191, "text": "/" });
        b.call("Input.dispatchKeyEvent", event).unwrap();
    }
    b.wait_for("document.activeElement && document.activeElement.id === 'site-search-q'", WAIT);
    // The search page searches the query it was opened with (the form's no-JavaScript path).
    b.goto(&format!("{url}/search/?q=quokka"));
    b.wait_for("!!document.querySelector('.search-result a[href=\"/smo/animals/\"]')", WAIT);
}

#[test]
fn search_works_on_a_site_under_a_sub_path() {
    let s = fixture("https://example.org/guide/");
    let www = s.path("www");
    s.build_ok(&["--output-dir", www.join("guide").to_str().unwrap()]);
    let text = fragments(&s, "www/guide");
    assert!(text.contains("\"/smo/animals/\""), "URLs from the site root; the script adds /guide/: {text}");
    let page = std::fs::read_to_string(www.join("guide/smo/profiles/index.html")).unwrap();
    assert!(page.contains("action=\"/guide/search/\"") && page.contains("data-bundle=\"/guide/pagefind/\""), "{page}");
    let Some(mut b) = browser::browser_or_skip("search_works_on_a_site_under_a_sub_path") else {
        return;
    };
    let url = static_server::serve(&www);
    find_filter_and_open(&mut b, &url, "/guide/");
}

#[test]
fn the_preview_finds_a_word_added_by_an_edit() {
    let Some(mut b) = browser::browser_or_skip("the_preview_finds_a_word_added_by_an_edit") else {
        return;
    };
    let s = fixture("https://example.org/");
    let server = Serving::start(&s, &[]);
    // The first index is made in the background after the first build.
    let deadline = std::time::Instant::now() + WAIT;
    while server.get("/pagefind/pagefind-entry.json").status != 200 {
        assert!(std::time::Instant::now() < deadline, "the preview never served an index");
        std::thread::sleep(Duration::from_millis(100));
    }
    b.goto(&format!("{}smo/profiles/", server.url));
    search_for(&mut b, "quokka", "/smo/animals/");
    s.write(
        "content/smo/profiles.md",
        &article("Profiles", "date: 2026-03-02\ntags: [smo]\n", "A profile photo, a bio and a wombat.\n"),
    );
    // The index is rebuilt in the background: search again until the new word is found.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        b.goto(&format!("{}search/?q=wombat", server.url));
        let found = (0..40).any(|_| {
            std::thread::sleep(Duration::from_millis(100));
            b.eval("!!document.querySelector('.search-result a[href=\"/smo/profiles/\"]')").as_bool() == Some(true)
        });
        if found {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the new word was never found");
    }
}
