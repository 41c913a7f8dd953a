//! What each language of a multilingual site gets of its own besides its pages: feeds, the
//! tag index, its part of `llms.txt`, a 404 page and a search page over its own index. Real
//! binary, a real site in English, French and Japanese in a temp dir.

mod common;

use common::html::{get, link_rel, tags};
use std::time::Duration;

use common::{article, Site};

const CONFIG: &str = r#"[book]
title = "Guide"
description = "A guide to social media optimization."
language = "en"

[site]
base-url = "https://example.org/guide/"

[feeds]
sections = true
tags = true

[languages.fr]
title = "Le guide"
description = "Un guide de l'optimisation pour les réseaux sociaux."

[languages.ja]
title = "ガイド"
"#;

/// A section and two articles in English, their French translations, one Japanese article.
fn site() -> Site {
    let s = Site::new();
    s.write("book.toml", CONFIG)
        .write("content/smo/_index.md", "---\ntitle: SMO\n---\nAbout SMO.\n")
        .write("content/smo/_index.fr.md", "---\ntitle: L'SMO\n---\nÀ propos.\n")
        .write("content/smo/hashtags.md", &article("Hashtags", "date: 2026-01-02\ntags: [Social]\n", "Text.\n"))
        .write(
            "content/smo/hashtags.fr.md",
            &article("Les hashtags", "date: 2026-01-02\ntags: [Réseaux]\n", "Texte en français.\n"),
        )
        .write("content/smo/hashtags.ja.md", &article("ハッシュタグ", "date: 2026-01-02\n", "本文。\n"))
        .write("content/smo/timing.md", &article("Timing", "date: 2026-01-04\n", "When.\n"))
        .write("content/smo/timing.fr.md", &article("Les horaires", "date: 2026-01-04\n", "Quand.\n"));
    s
}

fn child_text<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    n.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or("")
}

/// The feed's language and its entries' titles, for each format.
fn atom(s: &Site, file: &str) -> (String, String, Vec<String>) {
    let xml = s.public(file);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{file}: {e}"));
    let feed = doc.root_element();
    let lang = feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")).unwrap_or("").to_string();
    let entries = feed.children().filter(|c| c.has_tag_name("entry")).map(|e| child_text(e, "title").to_string());
    (lang, child_text(feed, "title").to_string(), entries.collect())
}

fn rss_language(s: &Site, file: &str) -> String {
    let xml = s.public(file);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{file}: {e}"));
    let channel = doc.root_element().children().find(|c| c.has_tag_name("channel")).expect("a channel");
    child_text(channel, "language").to_string()
}

fn json_language(s: &Site, file: &str) -> String {
    let feed: serde_json::Value = serde_json::from_str(&s.public(file)).expect("JSON");
    feed["language"].as_str().unwrap_or("").to_string()
}

/// The feeds a page's head announces, by URL.
fn feed_links(html: &str) -> Vec<String> {
    link_rel(html, "alternate")
        .into_iter()
        .filter(|a| a.iter().any(|(k, v)| k == "type" && (v.contains("xml") || v.contains("json"))))
        .map(|a| get(&a, "href").to_string())
        .collect()
}

#[test]
fn each_language_has_its_own_feeds_in_its_language() {
    let s = site();
    s.build_ok(&[]);
    let (lang, title, entries) = atom(&s, "fr/atom.xml");
    assert_eq!((lang.as_str(), title.as_str()), ("fr", "Le guide"));
    assert_eq!(entries, ["Les horaires", "Les hashtags"]);
    assert!(s.public("fr/atom.xml").contains("optimisation pour les réseaux sociaux"), "the French description");
    let (lang, title, entries) = atom(&s, "atom.xml");
    assert_eq!((lang.as_str(), title.as_str()), ("en", "Guide"));
    assert_eq!(entries, ["Timing", "Hashtags"]);
    assert_eq!(atom(&s, "ja/atom.xml").2, ["ハッシュタグ"]);
    assert_eq!((rss_language(&s, "fr/rss.xml"), json_language(&s, "fr/feed.json")), ("fr".into(), "fr".into()));
    assert_eq!((rss_language(&s, "ja/rss.xml"), json_language(&s, "ja/feed.json")), ("ja".into(), "ja".into()));
    assert_eq!(rss_language(&s, "rss.xml"), "en");
    // A language's sections and tags have feeds in that language, named with its site title.
    let (lang, title, entries) = atom(&s, "fr/smo/atom.xml");
    assert_eq!((lang.as_str(), title.as_str(), entries.len()), ("fr", "L'SMO – Le guide", 2));
    let (lang, _, entries) = atom(&s, "fr/tags/réseaux/atom.xml");
    assert_eq!((lang.as_str(), entries.as_slice()), ("fr", ["Les hashtags".to_string()].as_slice()));
}

#[test]
fn pages_link_the_feeds_of_their_own_language() {
    let s = site();
    s.build_ok(&[]);
    for (file, site_feed) in [
        ("fr/index.html", "/guide/fr/atom.xml"),
        ("fr/smo/hashtags/index.html", "/guide/fr/atom.xml"),
        ("fr/tags/réseaux/index.html", "/guide/fr/atom.xml"),
        ("ja/smo/hashtags/index.html", "/guide/ja/atom.xml"),
        ("smo/hashtags/index.html", "/guide/atom.xml"),
    ] {
        let html = s.public(file);
        let links = feed_links(&html);
        assert_eq!(links.first().map(String::as_str), Some(site_feed), "{file}: {links:?}");
        // The footer links the same feeds.
        assert!(html.contains(&format!("<a href=\"{}\">Atom</a>", site_feed)), "{file}");
    }
    let section = feed_links(&s.public("fr/smo/hashtags/index.html"));
    assert!(section.contains(&"/guide/fr/smo/atom.xml".to_string()), "{section:?}");
    let title = tags(&s.public("fr/index.html"), "link")
        .into_iter()
        .find(|a| get(a, "href") == "/guide/fr/atom.xml")
        .map(|a| get(&a, "title").to_string());
    assert_eq!(title.as_deref(), Some("Le guide (Atom)"));
}

fn html_lang(html: &str) -> String {
    get(&tags(html, "html")[0], "lang").to_string()
}

#[test]
fn each_language_has_its_own_tag_index() {
    let s = site();
    s.build_ok(&[]);
    let fr = s.public("fr/tags/index.html");
    assert_eq!(html_lang(&fr), "fr");
    assert!(fr.contains("href=\"/guide/fr/tags/r%C3%A9seaux/\"") || fr.contains("/guide/fr/tags/réseaux/"), "{fr}");
    assert!(!fr.contains("/guide/tags/social/"), "the French index lists French tags only: {fr}");
    let en = s.public("tags/index.html");
    assert!(en.contains("/guide/tags/social/") && !en.contains("réseaux"), "{en}");
    // A French page links the French index (the header's and tag pages' breadcrumbs).
    let tag = s.public("fr/tags/réseaux/index.html");
    assert!(tag.contains("href=\"/guide/fr/tags/\""), "{tag}");
    assert!(!tag.contains("href=\"/guide/tags/\""), "{tag}");
    let sitemap = s.public("sitemap.xml");
    for index in ["https://example.org/guide/tags/", "https://example.org/guide/fr/tags/"] {
        assert!(sitemap.contains(&format!("<loc>{index}</loc>")), "{index} in the sitemap");
    }
}

#[test]
fn each_language_has_its_own_404_page_and_the_preview_serves_it() {
    let s = site();
    s.build_ok(&[]);
    let fr = s.public("fr/404.html");
    assert_eq!(html_lang(&fr), "fr");
    assert!(fr.contains("href=\"/guide/fr/\""), "the French page leads to the French home: {fr}");
    assert_eq!(html_lang(&s.public("404.html")), "en");
    assert_eq!(html_lang(&s.public("ja/404.html")), "ja");
    let server = common::serve::Serving::start(&s, &[]);
    let r = server.get("/guide/fr/smo/gone/");
    assert_eq!((r.status, html_lang(&r.text())), (404, "fr".to_string()), "{}", r.text());
    let r = server.get("/guide/smo/gone/");
    assert_eq!((r.status, html_lang(&r.text())), (404, "en".to_string()));
}

#[test]
fn each_language_has_its_own_search_index_and_page() {
    let s = site();
    s.write("book.toml", &CONFIG.replace("https://example.org/guide/", "https://example.org/"));
    s.build_ok(&[]);
    let entry: serde_json::Value = serde_json::from_str(&s.public("pagefind/pagefind-entry.json")).unwrap();
    for (lang, count) in [("en", 2), ("fr", 2), ("ja", 1)] {
        assert_eq!(entry["languages"][lang]["page_count"], serde_json::json!(count), "{lang}: {entry}");
    }
    let fr = s.public("fr/search/index.html");
    assert_eq!(html_lang(&fr), "fr");
    assert!(fr.contains("action=\"/fr/search/\""), "{fr}");
    assert!(s.public("fr/smo/hashtags/index.html").contains("action=\"/fr/search/\""));
    let Some(mut b) = common::browser::browser_or_skip("each_language_has_its_own_search_index_and_page") else {
        return;
    };
    let url = common::static_server::serve(&s.path("public"));
    // Pagefind's script searches the index of the page's `<html lang>`: the same word finds
    // the French article from the French search page and the English one from the English.
    for (page, found) in [("/fr/search/?q=hashtags", "/fr/smo/hashtags/"), ("/search/?q=hashtags", "/smo/hashtags/")] {
        b.goto(&format!("{url}{page}"));
        let first = "document.querySelector('.search-result a')";
        b.wait_for(&format!("!!{first} && {first}.getAttribute('href') === '{found}'"), Duration::from_secs(20));
        let count = b.eval("document.querySelectorAll('.search-result a').length");
        assert_eq!(count, serde_json::json!(1), "{page} finds one article of its language");
    }
}

#[test]
fn each_language_has_its_own_llms_txt_linked_from_the_default_one() {
    let s = site();
    s.build_ok(&[]);
    let fr = s.public("fr/llms.txt");
    assert!(fr.starts_with("# Le guide\n\n> Un guide de l'optimisation"), "{fr}");
    assert!(fr.contains("\n## L'SMO\n"), "{fr}");
    assert!(fr.contains("- [Les hashtags](https://example.org/guide/fr/smo/hashtags/)"), "{fr}");
    assert!(!fr.contains("/guide/smo/hashtags/") && !fr.contains("## Languages"), "{fr}");
    let en = s.public("llms.txt");
    assert!(en.starts_with("# Guide\n") && en.contains("- [Hashtags](https://example.org/guide/smo/hashtags/)"));
    assert!(!en.contains("Les hashtags") && !en.contains("ハッシュタグ"), "{en}");
    assert!(
        en.contains("## Languages\n\n- [Le guide](https://example.org/guide/fr/llms.txt): the site in `fr`\n"),
        "{en}"
    );
    assert!(s.public("ja/llms.txt").contains("- [ハッシュタグ](https://example.org/guide/ja/smo/hashtags/)"));
}

#[test]
fn a_japanese_article_takes_a_plausible_time_to_read() {
    let s = site();
    // 2,000 characters of Japanese: about four and a half minutes at 440 characters a minute
    // (ten, were each character read as a word).
    let body = "日本語の文章を読む速さは一分間に約四百から六百文字です。".repeat(75);
    let chars: usize = body.chars().filter(|c| *c != '。').count();
    assert!((2000..2100).contains(&chars), "{chars}");
    s.write("content/smo/hashtags.ja.md", &article("ハッシュタグ", "date: 2026-01-02\n", &format!("{body}\n")));
    // 1,100 English words: five minutes at 220 words a minute, as before.
    s.write("content/smo/timing.md", &article("Timing", "date: 2026-01-04\n", &"word ".repeat(1100)));
    s.build_ok(&[]);
    let ja = s.public("ja/smo/hashtags/index.html");
    assert!(ja.contains("5分で読めます"), "{ja}");
    assert!(s.public("smo/timing/index.html").contains("5 min read"));
}

#[test]
fn the_multilingual_site_passes_check_strict_and_the_nu_html_checker_on_every_page() {
    let s = site();
    // Content that check asks of any site: descriptions of its own for each listing and
    // language, and every article linked from another page's text.
    let description =
        |what: &str| format!("description: A description of {what} that is long enough for the checks.\n");
    s.write(
        "book.toml",
        &CONFIG.replace(
            "title = \"ガイド\"",
            "title = \"ガイド\"\ndescription = \"ソーシャルメディア最適化のガイドです。\"",
        ),
    )
    .write(
        "content/smo/_index.md",
        &format!("---\ntitle: SMO\n{}---\nSee [Hashtags](hashtags.md).\n", description("SMO")),
    )
    .write(
        "content/smo/_index.fr.md",
        &format!("---\ntitle: L'SMO\n{}---\nVoir [les hashtags](hashtags.fr.md).\n", description("L'SMO")),
    )
    .write(
        "content/_index.ja.md",
        &format!("---\ntitle: ホーム\n{}---\n[ハッシュタグ](smo/hashtags.ja.md)。\n", description("ホーム")),
    )
    .write("content/smo/timing.md", &article("Timing", "date: 2026-01-04\n", "See [Hashtags](hashtags.md).\n"))
    .write(
        "content/smo/hashtags.md",
        &article("Hashtags", "date: 2026-01-02\ntags: [Social]\n", "See [Timing](timing.md).\n"),
    )
    .write(
        "content/smo/hashtags.fr.md",
        &article("Les hashtags", "date: 2026-01-02\ntags: [Réseaux]\n", "Voir [les horaires](timing.fr.md).\n"),
    );
    let r = s.run(&["check", "--strict"]);
    assert!(r.ok, "{}\n{}", r.stdout, r.stderr);
    s.build_ok(&[]);
    let files: Vec<std::path::PathBuf> = s.html_files().iter().map(|f| s.path("public").join(f)).collect();
    for page in ["fr/tags/index.html", "fr/404.html", "fr/search/index.html", "ja/index.html"] {
        assert!(files.contains(&s.path("public").join(page)), "{page}");
    }
    let test = "the_multilingual_site_passes_check_strict_and_the_nu_html_checker_on_every_page";
    let Some(errors) = common::vnu::errors_or_skip(test, &files) else {
        return;
    };
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn right_to_left_pages_mirror_the_theme() {
    let Some(mut b) = common::browser::browser_or_skip("right_to_left_pages_mirror_the_theme") else {
        return;
    };
    let s = site();
    s.write(
        "book.toml",
        &format!(
            "{}\n[languages.ar]\ntitle = \"الدليل\"\n",
            CONFIG.replace("https://example.org/guide/", "https://example.org/")
        ),
    )
    .write("content/smo/hashtags.md", &article("Hashtags", "date: 2026-01-02\n", "> A quote.\n\nText.\n"))
    .write("content/smo/hashtags.ar.md", &article("الوسوم", "date: 2026-01-02\n", "> اقتباس.\n\nنص.\n"));
    s.build_ok(&[]);
    let url = common::static_server::serve(&s.path("public"));
    let style = "getComputedStyle(document.querySelector('article blockquote, main blockquote'))";
    for (page, start, end) in [("/smo/hashtags/", "Left", "Right"), ("/ar/smo/hashtags/", "Right", "Left")] {
        b.goto(&format!("{url}{page}"));
        b.wait_for("document.readyState === 'complete'", Duration::from_secs(20));
        // The quote's rule and indent are on the side its lines start from.
        for (property, value) in [(format!("border{start}Width"), "4px"), (format!("border{end}Width"), "0px")] {
            let got = b.eval(&format!("{style}.{property}"));
            assert_eq!(got, serde_json::json!(value), "{page}: {property}");
        }
        assert_eq!(b.eval(&format!("{style}.padding{start}")), serde_json::json!("16px"), "{page}");
    }
    // Code reads left to right on every page.
    b.eval("document.body.insertAdjacentHTML('beforeend', '<pre id=\"c\">x</pre>')");
    assert_eq!(b.eval("getComputedStyle(document.getElementById('c')).direction"), serde_json::json!("ltr"));
}
