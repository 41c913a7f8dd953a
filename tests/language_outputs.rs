//! What each language of a multilingual site gets of its own besides its pages: feeds, the
//! tag index, its part of `llms.txt`, a 404 page and a search page over its own index. Real
//! binary, a real site in English, French and Japanese in a temp dir.

mod common;

use common::html::{get, link_rel, tags};
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
