//! Multilingual sites: `[languages.<code>]`, translations as files side by side
//! (`hashtags.fr.md`, `_index.fr.md`, a bundle's `index.fr.md`), each language's pages under its
//! prefix, listings per language, and the errors of file names that name no language. Real
//! binary, a real site in English, French and Japanese in a temp dir.

mod common;

use common::html::{get, tags};
use common::{article, png, Site};

const CONFIG: &str = r#"[book]
title = "Guide"
description = "A guide to social media optimization, in three languages."
language = "en"

[site]
base-url = "https://example.org/guide/"

[languages.fr]
title = "Le guide"
description = "Un guide de l'optimisation pour les réseaux sociaux."

[languages.ja]
title = "ガイド"
"#;

/// Home, a section and two articles in English; French translations of all of them (one
/// article a bundle, one with its own slug tied by `translation-key`); Japanese home and one
/// article.
fn site() -> Site {
    let s = Site::new();
    s.write("book.toml", CONFIG)
        .write("content/_index.fr.md", "---\ntitle: Accueil\n---\nBienvenue.\n")
        .write("content/_index.ja.md", "---\ntitle: ホーム\n---\nようこそ。\n")
        .write("content/smo/_index.md", "---\ntitle: SMO\n---\nAbout SMO.\n")
        .write("content/smo/_index.fr.md", "---\ntitle: L'SMO\n---\nÀ propos.\n")
        .write("content/smo/hashtags.md", &article("Hashtags", "date: 2026-01-02\ntags: [Social]\n", "Text.\n"))
        .write(
            "content/smo/hashtags.fr.md",
            &article("Les hashtags", "date: 2026-01-02\ntags: [Réseaux]\n", "Texte.\n"),
        )
        .write("content/smo/hashtags.ja.md", &article("ハッシュタグ", "date: 2026-01-02\n", "本文。\n"))
        .write("content/smo/profiles/index.md", &article("Profiles", "date: 2026-01-03\n", "![A chart](chart.png)\n"))
        .write(
            "content/smo/profiles/index.fr.md",
            &article("Profils", "date: 2026-01-03\n", "![Un graphique](chart.png)\n"),
        )
        .write_bytes("content/smo/profiles/chart.png", &png(40, 20))
        .write("content/smo/timing.md", &article("Timing", "date: 2026-01-04\ntranslation-key: timing\n", "When.\n"))
        .write(
            "content/smo/horaires.fr.md",
            &article("Les horaires", "date: 2026-01-04\ntranslation-key: timing\n", "Quand.\n"),
        );
    s
}

fn html_lang(html: &str) -> String {
    get(&tags(html, "html")[0], "lang").to_string()
}

#[test]
fn each_language_lives_under_its_prefix_with_its_own_lang() {
    let s = site();
    s.build_ok(&[]);
    for (file, lang) in [
        ("index.html", "en"),
        ("smo/index.html", "en"),
        ("smo/hashtags/index.html", "en"),
        ("smo/profiles/index.html", "en"),
        ("smo/timing/index.html", "en"),
        ("fr/index.html", "fr"),
        ("fr/smo/index.html", "fr"),
        ("fr/smo/hashtags/index.html", "fr"),
        ("fr/smo/profiles/index.html", "fr"),
        ("fr/smo/horaires/index.html", "fr"),
        ("ja/index.html", "ja"),
        ("ja/smo/hashtags/index.html", "ja"),
    ] {
        assert_eq!(html_lang(&s.public(file)), lang, "{file}");
    }
    // A bundle's files are beside each of its translations.
    assert!(s.public_exists("smo/profiles/chart.png") && s.public_exists("fr/smo/profiles/chart.png"));
    // The language's own site title.
    assert!(s.public("fr/index.html").contains("Le guide"));
    assert!(s.public("ja/index.html").contains("ガイド"));
}

#[test]
fn listings_list_the_articles_of_their_own_language() {
    let s = site();
    s.build_ok(&[]);
    let fr_section = s.public("fr/smo/index.html");
    assert!(fr_section.contains("Les hashtags") && fr_section.contains("Profils"), "{fr_section}");
    assert!(!fr_section.contains(">Hashtags<") && !fr_section.contains("Profiles"), "{fr_section}");
    let en_home = s.public("index.html");
    assert!(en_home.contains("Hashtags") && !en_home.contains("Les hashtags") && !en_home.contains("ハッシュタグ"));
    let ja_home = s.public("ja/index.html");
    assert!(ja_home.contains("ハッシュタグ") && !ja_home.contains("Les hashtags"), "{ja_home}");
    // Tags are a language's own: the French tag page lists the French article only.
    let fr_tag = s.public("fr/tags/reseaux/index.html");
    assert!(fr_tag.contains("Les hashtags") && !fr_tag.contains("Timing"));
    assert!(s.public("tags/social/index.html").contains("Hashtags"));
    assert!(!s.public_exists("tags/reseaux/index.html"));
}

#[test]
fn a_code_that_is_no_language_of_the_site_is_an_error_naming_the_file() {
    let s = site();
    s.write("content/smo/hashtags.de.md", &article("Hashtags DE", "", "Text.\n"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/smo/hashtags.de.md"), "{}", r.stderr);
    assert!(r.stderr.contains("`de` is not a language of this site"), "{}", r.stderr);
    assert!(r.stderr.contains("[languages.de]"), "{}", r.stderr);
}

#[test]
fn on_a_site_with_one_language_a_dot_is_part_of_the_name() {
    let s = Site::new();
    s.write("content/smo/web3.0.md", &article("Web 3.0", "", "Text.\n"));
    s.build_ok(&[]);
    assert!(s.public_exists("smo/web3-0/index.html"));
    // A section's translation there names a language the site lacks.
    s.write("content/smo/_index.fr.md", "---\ntitle: SMO\n---\n");
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/smo/_index.fr.md") && r.stderr.contains("add `[languages.fr]`"), "{}", r.stderr);
}

#[test]
fn two_files_of_one_language_with_one_translation_key_are_an_error() {
    let s = site();
    s.write("content/smo/other.fr.md", &article("Autre", "translation-key: timing\n", "Autre.\n"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("translations of one page in one language"), "{}", r.stderr);
}
