//! Multilingual sites: `[languages.<code>]`, translations as files side by side
//! (`hashtags.fr.md`, `_index.fr.md`, a bundle's `index.fr.md`), each language's pages under its
//! prefix, listings per language, and the errors of file names that name no language. Real
//! binary, a real site in English, French and Japanese in a temp dir.

mod common;

use std::collections::BTreeMap;

use common::html::{get, jsonld, link_rel, meta, meta_all, nodes, tags};
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
    let fr_tag = s.public("fr/tags/réseaux/index.html");
    assert!(fr_tag.contains("Les hashtags") && !fr_tag.contains("Timing"));
    assert!(s.public("tags/social/index.html").contains("Hashtags"));
    assert!(!s.public_exists("tags/réseaux/index.html"));
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
    assert!(
        r.stderr.contains("translations of one page in one language: both set `translation-key: timing`"),
        "{}",
        r.stderr
    );
}

const BASE: &str = "https://example.org/guide/";

/// The `hreflang` links of a page: hreflang -> href.
fn alternates(html: &str) -> BTreeMap<String, String> {
    link_rel(html, "alternate")
        .into_iter()
        .filter(|a| a.iter().any(|(k, _)| k == "hreflang"))
        .map(|a| (get(&a, "hreflang").to_string(), get(&a, "href").to_string()))
        .collect()
}

/// The output file of an absolute URL of the site.
fn file_of(url: &str) -> String {
    let path = url.strip_prefix(BASE).unwrap_or_else(|| panic!("{url} is not absolute on the site"));
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

#[test]
fn hreflang_sets_are_absolute_reciprocal_and_name_x_default() {
    let s = site();
    s.build_ok(&[]);
    let mut with_alternates = 0;
    for file in s.html_files() {
        let html = s.public(&file);
        let own = alternates(&html);
        if own.is_empty() {
            continue;
        }
        with_alternates += 1;
        let me = own.values().find(|h| file_of(h) == file).unwrap_or_else(|| panic!("{file} does not name itself"));
        // x-default is the default language's version, and every language's version names the
        // same set.
        assert_eq!(own.get("x-default"), own.get("en"), "{file}");
        for (lang, href) in own.iter().filter(|(l, _)| *l != "x-default") {
            let theirs = alternates(&s.public(&file_of(href)));
            assert_eq!(theirs, own, "{file} and its {lang} version {href} list different sets");
            assert!(theirs.values().any(|h| h == me));
            assert_eq!(html_lang(&s.public(&file_of(href))), *lang, "{href}");
        }
    }
    // Home and the section in three languages (the Japanese section made for its one
    // article), three articles in three, two and two, and the tag index, 404 and search
    // pages of each language: 3 + 3 + 3 + 2 + 2 + 3 * 3.
    assert_eq!(with_alternates, 22);
    let en = alternates(&s.public("smo/hashtags/index.html"));
    assert_eq!(
        en.into_iter().collect::<Vec<_>>(),
        [
            ("en", "https://example.org/guide/smo/hashtags/"),
            ("fr", "https://example.org/guide/fr/smo/hashtags/"),
            ("ja", "https://example.org/guide/ja/smo/hashtags/"),
            ("x-default", "https://example.org/guide/smo/hashtags/"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // Tied by translation-key across different slugs.
    let timing = alternates(&s.public("smo/timing/index.html"));
    assert_eq!(timing.get("fr").map(String::as_str), Some("https://example.org/guide/fr/smo/horaires/"));
}

#[test]
fn a_noindex_or_draft_translation_leaves_every_hreflang_set() {
    let s = site();
    s.write("content/smo/hashtags.ja.md", &article("ハッシュタグ", "date: 2026-01-02\nrobots: noindex\n", "本文。\n"))
        .write("content/smo/profiles/index.fr.md", &article("Profils", "date: 2026-01-03\ndraft: true\n", "Texte.\n"));
    s.build_ok(&["--drafts"]);
    let en = alternates(&s.public("smo/hashtags/index.html"));
    assert_eq!(en.keys().collect::<Vec<_>>(), ["en", "fr", "x-default"], "{en:?}");
    assert_eq!(alternates(&s.public("fr/smo/hashtags/index.html")), en);
    assert!(alternates(&s.public("ja/smo/hashtags/index.html")).is_empty(), "a noindex page names no versions");
    // A draft published by --drafts is no version either; its original is left with none.
    assert!(alternates(&s.public("fr/smo/profiles/index.html")).is_empty());
    assert!(alternates(&s.public("smo/profiles/index.html")).is_empty());
    let r = s.run(&["check", "--drafts"]);
    assert!(!r.stderr.contains("seo/hreflang"), "{}", r.stderr);
}

#[test]
fn open_graph_locales_and_json_ld_follow_the_language() {
    let s = site();
    s.build_ok(&[]);
    let fr = s.public("fr/smo/hashtags/index.html");
    assert_eq!(meta(&fr, "og:locale"), "fr_FR");
    assert_eq!(meta_all(&fr, "og:locale:alternate"), ["en_US", "ja_JP"]);
    assert_eq!(meta(&fr, "og:site_name"), "Le guide");
    let en = s.public("smo/hashtags/index.html");
    assert_eq!(meta(&en, "og:locale"), "en_US");
    let ld = jsonld(&en);
    let post = nodes(&ld, "BlogPosting")[0];
    assert_eq!(post["inLanguage"], "en");
    assert_eq!(post["workTranslation"][0]["@id"], "https://example.org/guide/fr/smo/hashtags/#article");
    assert_eq!(post["workTranslation"][1]["@id"], "https://example.org/guide/ja/smo/hashtags/#article");
    let ld = jsonld(&fr);
    let post = nodes(&ld, "BlogPosting")[0];
    assert_eq!(post["inLanguage"], "fr");
    assert_eq!(post["translationOfWork"]["@id"], "https://example.org/guide/smo/hashtags/#article");
    assert_eq!(post["@id"], "https://example.org/guide/fr/smo/hashtags/#article");
    let ld = jsonld(&s.public("ja/index.html"));
    let website = nodes(&ld, "WebSite")[0];
    assert_eq!((website["inLanguage"].as_str(), website["name"].as_str()), (Some("ja"), Some("ガイド")));
    // A page without translations names none.
    let only_en = Site::new();
    only_en.write("content/smo/a.md", &article("A", "", "Text.\n"));
    only_en.build_ok(&[]);
    let html = only_en.public("smo/a/index.html");
    assert!(alternates(&html).is_empty() && meta_all(&html, "og:locale:alternate").is_empty());
}

#[test]
fn the_sitemap_lists_each_version_as_an_xhtml_alternate() {
    let s = site();
    s.build_ok(&[]);
    let xml = s.public("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the sitemap parses");
    const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    let root = doc.root_element();
    assert_eq!((root.tag_name().namespace(), root.tag_name().name()), (Some(SITEMAP), "urlset"));
    let mut sets: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for url in root.children().filter(|n| n.has_tag_name((SITEMAP, "url"))) {
        let loc = url.children().find(|n| n.has_tag_name((SITEMAP, "loc"))).and_then(|n| n.text()).unwrap();
        let links: BTreeMap<String, String> = url
            .children()
            .filter(|n| n.has_tag_name((XHTML, "link")))
            .inspect(|n| assert_eq!(n.attribute("rel"), Some("alternate")))
            .map(|n| (n.attribute("hreflang").unwrap().to_string(), n.attribute("href").unwrap().to_string()))
            .collect();
        sets.insert(loc.to_string(), links);
    }
    let hashtags = &sets["https://example.org/guide/fr/smo/hashtags/"];
    assert_eq!(hashtags.len(), 4, "{hashtags:?}");
    assert_eq!(hashtags["x-default"], "https://example.org/guide/smo/hashtags/");
    // The same set on each version's entry, which lists itself.
    for (loc, links) in sets.iter().filter(|(_, l)| !l.is_empty()) {
        assert!(links.values().any(|h| h == loc), "{loc}");
        for href in links.values() {
            assert_eq!(&sets[href], links, "{href}");
        }
    }
    // A page's set in the sitemap is the one its head prints.
    assert_eq!(alternates(&s.public("fr/smo/hashtags/index.html")), *hashtags);
}

#[test]
fn a_translation_whose_template_drops_its_hreflang_links_fails_check() {
    let s = site();
    s.write(
        "templates/bare.html",
        "<!DOCTYPE html>\n<html lang=\"{{ site.language }}\"><head><title>{{ seo.title }}</title></head><body>{{ page.content | safe }}</body></html>\n",
    )
    .write("content/smo/hashtags.ja.md", &article("ハッシュタグ", "date: 2026-01-02\ntemplate: bare.html\n", "本文。\n"));
    s.build_ok(&[]);
    let r = s.run(&["check"]);
    assert!(!r.ok, "{}", r.stderr);
    assert!(r.stderr.contains("seo/hreflang"), "{}", r.stderr);
    assert!(r.stderr.contains("this page has translations but no `hreflang` links"), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "its translation `https://example.org/guide/ja/smo/hashtags/` (`hreflang=\"ja\"`) does not link back to it"
        ),
        "{}",
        r.stderr
    );
    // The default theme's pages pass.
    let fine = site();
    fine.build_ok(&[]);
    let r = fine.run(&["check"]);
    assert!(!r.stderr.contains("seo/hreflang"), "{}", r.stderr);
}

/// The theme's strings of a shipped language, as the built-in theme has them.
fn strings(code: &str) -> BTreeMap<String, String> {
    let path = format!("{}/themes/default/i18n/{code}.toml", env!("CARGO_MANIFEST_DIR"));
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `{name}` parts of a string filled in.
fn fill(text: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(text.to_string(), |t, (k, v)| t.replace(&format!("{{{k}}}"), v))
}

#[test]
fn the_theme_speaks_each_shipped_language() {
    let codes = ["en", "fr", "de", "es", "pt", "ja", "zh"];
    let s = Site::new();
    let mut config =
        "[book]\ntitle = \"Guide\"\nlanguage = \"en\"\n[site]\nbase-url = \"https://example.org/\"\n".to_string();
    let body = "## One\n\nText.\n\n## Two\n\nText.\n\n## Three\n\nText.\n";
    for code in codes {
        if code != "en" {
            config.push_str(&format!("[languages.{code}]\n"));
        }
        let suffix = if code == "en" { String::new() } else { format!(".{code}") };
        s.write(&format!("content/_index{suffix}.md"), "---\ntitle: Home\n---\n");
        s.write(
            &format!("content/smo/a{suffix}.md"),
            &article(&format!("A in {code}"), "date: 2026-01-02\ntags: [x]\n", body),
        );
        s.write(&format!("content/smo/b{suffix}.md"), &article(&format!("B in {code}"), "date: 2026-01-01\n", "B.\n"));
    }
    s.write("book.toml", &config);
    s.build_ok(&[]);
    for code in codes {
        let prefix = if code == "en" { String::new() } else { format!("{code}/") };
        let t = strings(code);
        let page = s.public(&format!("{prefix}smo/a/index.html"));
        assert_eq!(html_lang(&page), code);
        for key in
            ["skip_to_content", "on_this_page", "share_this_article", "breadcrumb", "tags", "next", "search_the_site"]
        {
            assert!(page.contains(&t[key]), "{code}: `{key}` ({}) is not on the article", t[key]);
        }
        assert!(page.contains(&fill(&t["min_read"], &[("minutes", "1")])), "{code}: min_read");
        assert!(page.contains(&fill(&t["share_on"], &[("network", "LinkedIn")])), "{code}: share_on");
        let feeds = format!("{}{}<a href=\"/{prefix}atom.xml\">", t["feeds"], t["label_separator"]);
        assert!(page.contains(&feeds), "{code}: {feeds}");
        let home = s.public(&format!("{prefix}index.html"));
        assert!(home.contains(&t["latest_articles"]) && home.contains(&t["sections"]), "{code}: home");
        assert!(home.contains(&fill(&t["article_count_other"], &[("count", "2")])), "{code}: article count");
        let tag = s.public(&format!("{prefix}tags/x/index.html"));
        assert!(tag.contains(&fill(&t["articles_tagged"], &[("tag", "x")])), "{code}: tag page");
        // The switcher links the article's six translations, each named in its own language.
        let switcher = &page[page.find("language-switcher").expect("a language switcher")..];
        let switcher = &switcher[..switcher.find("</nav>").unwrap()];
        let links = tags(switcher, "a");
        assert_eq!(links.len(), 6, "{code}");
        for l in &links {
            let other = get(l, "lang");
            assert_eq!(get(l, "hreflang"), other);
            let other_prefix = if other == "en" { String::new() } else { format!("{other}/") };
            assert_eq!(get(l, "href"), format!("/{other_prefix}smo/a/"));
            assert!(switcher.contains(&strings(other)["language_name"]));
        }
        assert!(switcher.contains(&format!("aria-current=\"page\" lang=\"{code}\">{}", t["language_name"])));
    }
    // Dates in each language's words and order.
    assert!(s.public("smo/a/index.html").contains(">January 2, 2026</time>"));
    assert!(s.public("fr/smo/a/index.html").contains(">2 janvier 2026</time>"));
    assert!(s.public("de/smo/a/index.html").contains(">2. Januar 2026</time>"));
    assert!(s.public("ja/smo/a/index.html").contains(">2026年1月2日</time>"));
    // A label's colon as each language writes it.
    assert!(s.public("ja/smo/a/index.html").contains("フィード：<a href"));
    assert!(s.public("de/smo/a/index.html").contains("Feeds: <a href"));
}

#[test]
fn book_toml_overrides_strings_and_a_missing_one_is_an_error_naming_key_and_language() {
    let s = site();
    s.write(
        "book.toml",
        &format!("{CONFIG}\n[languages.fr.translations]\nmin_read = \"{{minutes}} minute(s) de lecture\"\n[translations]\nlatest_articles = \"Newest\"\n"),
    );
    s.build_ok(&[]);
    assert!(s.public("fr/smo/hashtags/index.html").contains("1 minute(s) de lecture"));
    assert!(s.public("index.html").contains(">Newest<"));
    // A theme whose French table lacks a key the templates use: every page of it fails,
    // naming the key.
    s.write("book.toml", &CONFIG.replace("[site]\n", "[site]\ntheme = \"mine\"\n"));
    let builtin = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&builtin).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let rel = entry.path().strip_prefix(&builtin).unwrap().to_string_lossy().replace('\\', "/");
        s.write_bytes(&format!("themes/mine/{rel}"), &std::fs::read(entry.path()).unwrap());
    }
    let fr = std::fs::read_to_string(builtin.join("i18n/fr.toml")).unwrap();
    let without: String = fr.lines().filter(|l| !l.starts_with("min_read ")).map(|l| format!("{l}\n")).collect();
    s.write("themes/mine/i18n/fr.toml", &without);
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("no string `min_read` in the language `fr`"), "{}", r.stderr);
    assert!(r.stderr.contains("[languages.fr.translations]"), "{}", r.stderr);
}

#[test]
fn a_language_the_theme_does_not_speak_gets_its_english_strings_and_a_warning() {
    let s = Site::new();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Guida\"\nlanguage = \"it\"\n\n[site]\nbase-url = \"https://example.org/\"\n",
    )
    .write("content/smo/a.md", &article("Un articolo", "date: 2026-01-02\n", "Testo.\n"));
    let r = s.build_ok(&[]);
    assert!(r.stderr.contains("the theme has no strings in `it`: its English ones are used"), "{}", r.stderr);
    assert!(r.stderr.contains("[translations]"), "{}", r.stderr);
    let page = s.public("smo/a/index.html");
    assert_eq!(html_lang(&page), "it");
    assert!(page.contains(&strings("en")["skip_to_content"]), "English strings stand in");
    // Strings for every key in book.toml silence it.
    let mut config = String::from(
        "[book]\ntitle = \"Guida\"\nlanguage = \"it\"\n\n[site]\nbase-url = \"https://example.org/\"\n\n[translations]\n",
    );
    for (k, v) in strings("en") {
        config.push_str(&format!(
            "{k} = {}\n",
            toml_string(&if k == "skip_to_content" { "Vai al contenuto".into() } else { v })
        ));
    }
    s.write("book.toml", &config);
    let r = s.build_ok(&[]);
    assert!(!r.stderr.contains("no strings in `it`"), "{}", r.stderr);
    assert!(s.public("smo/a/index.html").contains("Vai al contenuto"));
}

fn toml_string(v: &str) -> String {
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn pages_of_every_language_pass_the_nu_html_checker() {
    let s = site();
    s.build_ok(&[]);
    let files: Vec<std::path::PathBuf> = [
        "index.html",
        "fr/index.html",
        "ja/index.html",
        "fr/smo/index.html",
        "fr/smo/hashtags/index.html",
        "ja/smo/hashtags/index.html",
        "fr/tags/réseaux/index.html",
    ]
    .iter()
    .map(|f| s.path("public").join(f))
    .collect();
    let Some(errors) = common::vnu::errors_or_skip("pages_of_every_language_pass_the_nu_html_checker", &files) else {
        return;
    };
    assert!(errors.is_empty(), "{errors:#?}");
}
