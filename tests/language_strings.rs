//! What herald writes itself speaks the page's language: breadcrumbs, titles and descriptions
//! of listings (pages of a section, tag pages, the tag index), follow and share labels, the
//! comparison partial, the default theme's shortcodes and the social cards' labels. Real binary,
//! a real English and French site in a temp dir, read back against the theme's string tables.

mod common;

use std::collections::BTreeMap;

use common::html::{get, jsonld, link_rel, meta, title, unescape};
use common::Site;

const CONFIG: &str = r#"[book]
title = "Guide"
description = "A guide to social media optimization, in two languages."
language = "en"

[site]
base-url = "https://example.org/"
paginate-by = 1

[social]
profiles = { mastodon = "https://mastodon.social/@guide" }

[languages.fr]
title = "Le guide"
description = "Un guide de l'optimisation pour les réseaux sociaux, en deux langues."
"#;

/// A French article of the section `smo`, tagged `Réseaux`, with `extra` front matter and `body`.
fn french(title: &str, date: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: Un article en français sur les réseaux sociaux, assez long pour les vérifications.\ndate: {date}\ntags: [Réseaux]\n{extra}---\n{body}"
    )
}

/// English home and section with one article; a French home, section (without a description,
/// so herald writes one) and two articles (so that the section and the tag have a second page),
/// one with a comparison table and the video shortcodes.
fn site() -> Site {
    let s = Site::new();
    let table = "comparisons:\n  - id: smo-smm\n    title: SMO et SMM\n    columns: [SMO, SMM]\n    rows:\n      - aspect: Coût\n        values: [Du temps, De la publicité]\n        note: Surtout du temps.\n";
    let body = "Texte.\n\n{{ comparison(id=\"smo-smm\") }}\n\n{{ youtube(id=\"dQw4w9WgXcQ\", title=\"Les réseaux\") }}\n\n{{ video(src=\"https://example.org/v.mp4\", title=\"Démonstration\") }}\n";
    s.write("book.toml", CONFIG)
        .write("content/_index.fr.md", "---\ntitle: Accueil\n---\nBienvenue.\n")
        .write("content/smo/_index.md", "---\ntitle: SMO\n---\nAbout SMO.\n")
        .write("content/smo/_index.fr.md", "---\ntitle: L'optimisation\n---\n")
        .write("content/smo/hashtags.md", &common::article("Hashtags", "date: 2026-01-02\ntags: [Social]\n", "Text.\n"))
        .write("content/smo/hashtags.fr.md", &french("Les hashtags", "2026-01-02", table, body))
        .write("content/smo/profils.fr.md", &french("Les profils", "2026-01-03", "", "Texte.\n"));
    s
}

/// The built-in theme's table of `code`.
fn table(code: &str) -> BTreeMap<String, String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/i18n/{code}.toml"));
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The fixed parts (between `{name}`s) of every English string that French says otherwise: what
/// a French page must not show. Parts shorter than four letters, or found in some French string
/// too ("Page"), prove nothing and are left out.
fn english_fragments() -> Vec<(String, String)> {
    let (en, fr) = (table("en"), table("fr"));
    let french: Vec<&String> = fr.values().collect();
    let mut out = Vec::new();
    for (key, text) in
        en.iter().filter(|(k, v)| fr.get(*k) != Some(*v) && !["language_name", "date_format"].contains(&k.as_str()))
    {
        for part in text.split('{').map(|p| p.rsplit('}').next().unwrap_or(p).trim()) {
            if part.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !french.iter().any(|f| f.contains(part)) {
                out.push((key.clone(), part.to_string()));
            }
        }
    }
    out
}

/// What a reader or a crawler reads of a page: its HTML without scripts and style sheets, then
/// the text values of its JSON-LD (not its keys and types: `articleSection` is no English word
/// on the page).
fn readable(html: &str) -> String {
    let mut text = unescape(html);
    for (open, close) in [("<script", "</script>"), ("<style", "</style>")] {
        while let Some(a) = text.find(open) {
            let b = text[a..].find(close).map_or(text.len(), |b| a + b + close.len());
            text.replace_range(a..b, "");
        }
    }
    if html.contains("application/ld+json") {
        json_strings(&jsonld(html), &mut text);
    }
    text
}

fn json_strings(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::String(s) => {
            out.push('\n');
            out.push_str(s);
        }
        serde_json::Value::Array(all) => all.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => {
            map.iter().filter(|(k, _)| !k.starts_with('@')).for_each(|(_, v)| json_strings(v, out))
        }
        _ => {}
    }
}

#[test]
fn a_french_page_shows_no_english_fixed_string() {
    let s = site();
    s.build_ok(&[]);
    let fragments = english_fragments();
    assert!(fragments.len() > 60, "{fragments:?}");
    let pages: Vec<String> = s.html_files().into_iter().filter(|p| p.starts_with("fr/")).collect();
    for page in [
        "fr/index.html",
        "fr/smo/index.html",
        "fr/smo/page/2/index.html",
        "fr/tags/index.html",
        "fr/tags/réseaux/index.html",
        "fr/tags/réseaux/page/2/index.html",
        "fr/smo/hashtags/index.html",
        "fr/404.html",
    ] {
        assert!(pages.contains(&page.to_string()), "{page} in {pages:?}");
    }
    // And the French llms.txt, which herald writes all of.
    for page in pages.iter().chain([&"fr/llms.txt".to_string()]) {
        let text = readable(&s.public(page));
        for (key, part) in &fragments {
            assert!(!text.contains(part.as_str()), "{page} shows `{part}` (of `{key}`):\n{text}");
        }
    }
    // The English site keeps its words.
    let en = readable(&s.public("smo/hashtags/index.html"));
    assert!(en.contains("Share on") && en.contains("Guide on Mastodon"), "{en}");
}

#[test]
fn french_listings_are_titled_and_described_in_french() {
    let s = site();
    s.build_ok(&[]);
    let second = s.public("fr/smo/page/2/index.html");
    assert_eq!(title(&second), "L'optimisation, page 2 | Le guide");
    assert!(second.contains(">Page 2</a>"), "the breadcrumb's last step: {second}");
    assert!(meta(&second, "description").starts_with("Page 2 sur 2 de «\u{202F}L'optimisation\u{202F}» sur Le guide"));
    let section = s.public("fr/smo/index.html");
    assert!(meta(&section, "description").starts_with("2 articles dans «\u{202F}L'optimisation\u{202F}» sur Le guide"));
    let tag = s.public("fr/tags/réseaux/index.html");
    assert_eq!(title(&tag), "Articles avec l’étiquette «\u{202F}Réseaux\u{202F}» | Le guide");
    assert!(meta(&tag, "description").starts_with("2 articles avec l’étiquette «\u{202F}Réseaux\u{202F}» sur Le guide"));
    assert!(tag.contains(">Étiquettes</a>"), "the breadcrumb to the French tag index: {tag}");
    let tag_page = s.public("fr/tags/réseaux/page/2/index.html");
    assert_eq!(title(&tag_page), "Articles avec l’étiquette «\u{202F}Réseaux\u{202F}», page 2 | Le guide");
    let index = s.public("fr/tags/index.html");
    assert_eq!(title(&index), "Étiquettes | Le guide");
    assert!(meta(&index, "description").starts_with("1 sujet de Le guide, avec ses articles"));
    let article = s.public("fr/smo/hashtags/index.html");
    for words in [
        "<th scope=\"col\">Critère</th>",
        "Télécharger en",
        "Vidéo sur YouTube",
        "Lire la vidéo «\u{202F}Les réseaux\u{202F}»",
    ] {
        assert!(article.contains(words), "{words}: {article}");
    }
    assert!(article.contains("title=\"Le guide sur Mastodon\""), "the follow link: {article}");
    // The social card's alt text names the French site.
    assert_eq!(meta(&tag, "og:image:alt"), "Réseaux – Le guide");
}

#[test]
fn french_pages_keep_their_punctuation_with_its_word_and_english_ones_say_label_colon() {
    let s = site();
    s.build_ok(&[]);
    // A label and what it labels: the footer's feeds, a listing's description (with the list's
    // own separator), in each language's typography.
    let (fr, en) = (s.public("fr/smo/hashtags/index.html"), s.public("smo/hashtags/index.html"));
    assert!(fr.contains("Flux\u{202F}: <a href=\"/fr/atom.xml\">"), "{fr}");
    assert!(en.contains("Feeds: <a href=\"/atom.xml\">"), "{en}");
    assert_eq!(
        meta(&s.public("fr/tags/réseaux/index.html"), "description"),
        "2 articles avec l’étiquette «\u{202F}Réseaux\u{202F}» sur Le guide\u{202F}: Les profils\u{202F}; Les hashtags."
    );
    let en_tag = meta(&s.public("tags/social/index.html"), "description");
    assert!(en_tag.starts_with("1 article tagged “Social” on Guide: Hashtags. "), "{en_tag}");
    // No French page has a space a line may break at before `:`, `;`, `!`, `?` or `»`, or
    // after `«`: neither in its text nor in what crawlers read.
    for page in s.html_files().iter().filter(|p| p.starts_with("fr/")) {
        let text = readable(&s.public(page));
        for bad in [" :", " ;", " !", " ?", " »", "« "] {
            assert!(!text.contains(bad), "{page} has `{bad}`:\n{text}");
        }
    }
}

#[test]
fn a_french_tables_csv_names_its_own_columns_in_french_at_the_same_url() {
    let s = site();
    let table = "comparisons:\n  - id: smo-smm\n    title: SMO and SMM\n    columns: [SMO, SMM]\n    rows:\n      - aspect: Cost\n        values: [Time, Ads]\n        note: Mostly time.\n";
    s.write("content/smo/hashtags.md", &common::article("Hashtags", &format!("date: 2026-01-02\n{table}"), "Text.\n"));
    s.build_ok(&[]);
    // herald's own words (the first column, the notes') follow the page; the writer's stay.
    let fr = "fr/smo/hashtags/smo-smm.csv";
    assert!(s
        .public("fr/smo/hashtags/index.html")
        .contains("<a href=\"/fr/smo/hashtags/smo-smm.csv\" type=\"text/csv\""));
    assert_eq!(s.public(fr), "Critère,SMO,SMM,Note\r\nCoût,Du temps,De la publicité,Surtout du temps.\r\n");
    assert_eq!(s.public("smo/hashtags/smo-smm.csv"), "Aspect,SMO,SMM,Note\r\nCost,Time,Ads,Mostly time.\r\n");
    // They are the table's strings: book.toml changes them for the page and the file alike.
    s.write("book.toml", &format!("{CONFIG}\n[languages.fr.translations]\naspect = \"Point\"\nnote = \"Remarque\"\n"));
    s.build_ok(&[]);
    assert!(s.public(fr).starts_with("Point,SMO,SMM,Remarque\r\n"), "{}", s.public(fr));
    assert!(s.public("fr/smo/hashtags/index.html").contains("<th scope=\"col\">Point</th>"));
    assert!(s.public("smo/hashtags/smo-smm.csv").starts_with("Aspect,SMO,SMM,Note\r\n"));
}

#[test]
fn a_french_card_is_labelled_from_the_french_table() {
    let s = site();
    s.build_ok(&[]);
    let card = "fr/tags/réseaux/social-card.png";
    let french = s.snapshot("public").remove(card).expect("the tag page's card");
    // The same card, its label in English: other pixels, so the label is the table's.
    s.write("book.toml", &format!("{CONFIG}\n[languages.fr.translations]\ncard_tag = \"Tag\"\n"));
    s.build_ok(&[]);
    let english = s.snapshot("public").remove(card).unwrap();
    assert_ne!(french, english);
    // And back: the French label draws the French card again.
    s.write("book.toml", &format!("{CONFIG}\n[languages.fr.translations]\ncard_tag = \"Étiquette\"\n"));
    s.build_ok(&[]);
    assert_eq!(s.snapshot("public").remove(card).unwrap(), french);
}

#[test]
fn the_tag_index_404_and_search_pages_name_each_other_and_switch_language() {
    let s = site();
    s.build_ok(&[]);
    for (en, fr) in [("tags/", "fr/tags/"), ("404.html", "fr/404.html"), ("search/", "fr/search/")] {
        let (en_url, fr_url) = (format!("https://example.org/{en}"), format!("https://example.org/{fr}"));
        let expected = vec![
            ("en".to_string(), en_url.clone()),
            ("fr".to_string(), fr_url.clone()),
            ("x-default".to_string(), en_url.clone()),
        ];
        for (file, other, other_lang) in [(en, fr, "fr"), (fr, en, "en")] {
            let file = if file.ends_with('/') { format!("{file}index.html") } else { file.to_string() };
            let html = s.public(&file);
            let set: Vec<(String, String)> = link_rel(&html, "alternate")
                .iter()
                .filter(|a| a.iter().any(|(n, _)| n == "hreflang"))
                .map(|a| (get(a, "hreflang").to_string(), get(a, "href").to_string()))
                .collect();
            assert_eq!(set, expected, "{file}");
            // The switcher links the same page in the other language.
            let switch =
                format!("<a href=\"/{other}\" hreflang=\"{other_lang}\" lang=\"{other_lang}\" rel=\"alternate\">");
            assert!(html.contains(&switch), "{file} lacks {switch}");
        }
    }
    assert!(s.public("fr/tags/index.html").contains(">English</a>"));
    assert!(s.public("tags/index.html").contains(">Français</a>"));
    let r = s.run(&["check"]);
    assert!(!r.stderr.contains("seo/hreflang"), "{}", r.stderr);
    // The rule reads them: a French 404 page without the links breaks the set of both.
    s.write(
        "templates/404.html",
        "<!DOCTYPE html><html lang=\"{{ site.language }}\"><title>404</title><p>Not here.</p></html>\n",
    );
    let r = s.run(&["check"]);
    assert!(!r.ok, "{}", r.stderr);
    assert!(r.stderr.contains("seo/hreflang") && r.stderr.contains("404.html"), "{}", r.stderr);
    assert!(r.stderr.contains("this page has translations but no `hreflang` links"), "{}", r.stderr);
}

#[test]
fn a_french_page_at_the_french_tag_index_is_an_error_naming_it() {
    let s = site();
    s.write("content/tags.fr.md", &french("Étiquettes", "2026-01-05", "", "Texte.\n"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/tags.fr.md"), "{}", r.stderr);
    assert!(r.stderr.contains("`/fr/tags/` is where herald lists the site's tags or authors"), "{}", r.stderr);
}

#[test]
fn redirects_send_a_missing_french_page_to_the_french_404_page() {
    let s = site();
    s.write("content/smo/profils.fr.md", &french("Les profils", "2026-01-03", "aliases: [/fr/vieux/]\n", "Texte.\n"));
    s.build_ok(&["--base-url", "https://example.org/guide/"]);
    let redirects = s.public("_redirects");
    let lines: Vec<&str> = redirects.lines().filter(|l| !l.starts_with('#')).collect();
    // The alias first: a host takes the first rule that matches.
    assert_eq!(
        lines,
        ["/guide/fr/vieux/ /guide/fr/smo/profils/ 301", "/guide/fr/* /guide/fr/404.html 404"],
        "{redirects}"
    );
    assert!(s.public("fr/404.html").contains("lang=\"fr\""));
    // Without aliases the file is still written for the languages, and not at all when off.
    s.write("content/smo/profils.fr.md", &french("Les profils", "2026-01-03", "", "Texte.\n"));
    s.build_ok(&[]);
    assert_eq!(
        s.public("_redirects").lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>(),
        ["/fr/* /fr/404.html 404"]
    );
    s.write("book.toml", &CONFIG.replace("[site]\n", "[site]\nredirects = false\n"));
    s.build_ok(&[]);
    assert!(!s.public_exists("_redirects"));
}

#[test]
fn a_french_sites_comparison_hub_and_author_index_speak_french() {
    let s = Site::new();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Le guide\"\ndescription = \"Un guide des réseaux sociaux, en français.\"\nlanguage = \"fr\"\n\n[site]\nbase-url = \"https://example.org/\"\n\n[authors.ann]\nname = \"Ann Martin\"\n",
    );
    let table = "authors: [ann]\ncomparisons:\n  - id: smo-smm\n    title: SMO et SMM\n    columns: [SMO, SMM]\n    rows:\n      - aspect: Coût\n        values: [Du temps, De la publicité]\n";
    s.write("content/smo/_index.md", "---\ntitle: L'optimisation\n---\n");
    s.write(
        "content/smo/hashtags.md",
        &french("Les hashtags", "2026-01-02", table, "Texte.\n\n{{ comparison(id=\"smo-smm\") }}\n"),
    );
    s.build_ok(&[]);
    let fragments = english_fragments();
    for page in ["comparisons/index.html", "authors/index.html"] {
        let text = readable(&s.public(page));
        for (key, part) in &fragments {
            assert!(!text.contains(part.as_str()), "{page} shows `{part}` (of `{key}`):\n{text}");
        }
        for english in ["Every comparison", " aspect", "Authors", "In "] {
            assert!(!text.contains(english), "{page} shows `{english}`:\n{text}");
        }
    }
    let hub = readable(&s.public("comparisons/index.html"));
    assert!(hub.contains("avec l’article de chacun\u{202F}: 1 tableau.") && hub.contains("1 critère"), "{hub}");
    assert!(s.public("comparisons/index.html").contains("Dans <a href=\"/smo/\">L&apos;optimisation</a>"), "{hub}");
    let authors = readable(&s.public("authors/index.html"));
    assert!(authors.contains("Auteurs") && authors.contains("1 article"), "{authors}");
}
