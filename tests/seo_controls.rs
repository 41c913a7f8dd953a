//! The controls an SEO professional reaches for, end to end on real sites built by the real
//! binary: per-page robots directives and their effect on the site files and the search index.

mod common;

use std::io::Read;

use common::html::{get, hrefs_with_class, jsonld, link_rel, meta, meta_all, nodes};
use common::{article, Site};

const CONFIG: &str = "[book]\ntitle = \"Test Site\"\ndescription = \"A test site for the SEO controls.\"\n\n[site]\nbase-url = \"https://example.org/\"\n";

/// A site of three dated articles in `smo/`; `hidden` carries `robots` of its own.
fn site(config_extra: &str, hidden_robots: &str) -> Site {
    let s = Site::new();
    s.write("book.toml", &format!("{CONFIG}{config_extra}"))
        .write(
            "content/smo/_index.md",
            "---\ntitle: SMO\ndescription: Articles about social media optimization.\n---\nIntro.\n",
        )
        .write(
            "content/smo/open.md",
            &article("Open", "date: 2026-03-01\n", "The openword article, see [hidden](hidden.md).\n"),
        )
        .write("content/smo/other.md", &article("Other", "date: 2026-03-02\n", "The otherword article.\n"))
        .write(
            "content/smo/hidden.md",
            &article("Hidden", &format!("date: 2026-03-03\nrobots: {hidden_robots}\n"), "The hiddenword article.\n"),
        );
    s
}

/// The text of every search index fragment (gzip JSON), joined.
fn search_text(s: &Site) -> String {
    let mut all = String::new();
    for (path, bytes) in s.snapshot("public") {
        if path.contains("pagefind/fragment/") {
            flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut all).unwrap();
        }
    }
    all
}

#[test]
fn each_robots_directive_is_printed_over_the_site_default() {
    let cases = [
        ("noindex", "noindex, max-snippet:100, max-image-preview:large"),
        ("nofollow", "nofollow, max-snippet:100, max-image-preview:large"),
        ("noarchive", "noarchive, max-snippet:100, max-image-preview:large"),
        ("nosnippet", "nosnippet, max-snippet:100, max-image-preview:large"),
        ("\"max-snippet:20\"", "max-snippet:20, max-image-preview:large"),
        ("\"max-image-preview:none\"", "max-snippet:100, max-image-preview:none"),
        ("\"max-image-preview:standard\"", "max-snippet:100, max-image-preview:standard"),
        ("\"max-video-preview:-1\"", "max-snippet:100, max-image-preview:large, max-video-preview:-1"),
        ("\"unavailable_after:2099-12-31\"", "max-snippet:100, max-image-preview:large, unavailable_after:2099-12-31"),
        ("[noindex, nofollow]", "noindex, nofollow, max-snippet:100, max-image-preview:large"),
    ];
    let s = site("\n[seo]\nrobots = \"max-image-preview:large, max-snippet:100\"\n", "noindex");
    for (robots, printed) in cases {
        s.write(
            "content/smo/hidden.md",
            &article("Hidden", &format!("date: 2026-03-03\nrobots: {robots}\n"), "The hiddenword article.\n"),
        );
        s.build_ok(&[]);
        assert_eq!(meta_all(&s.public("smo/hidden/index.html"), "robots"), [printed], "robots: {robots}");
        assert_eq!(meta(&s.public("smo/open/index.html"), "robots"), "max-snippet:100, max-image-preview:large");
    }
}

#[test]
fn the_default_is_large_image_previews_and_an_empty_default_prints_nothing() {
    let s = site("", "noarchive");
    s.build_ok(&[]);
    assert_eq!(meta(&s.public("smo/open/index.html"), "robots"), "max-image-preview:large");
    assert_eq!(meta(&s.public("index.html"), "robots"), "max-image-preview:large");
    s.write("book.toml", &format!("{CONFIG}[seo]\nrobots = \"\"\n"));
    s.build_ok(&[]);
    assert!(meta_all(&s.public("smo/open/index.html"), "robots").is_empty());
    assert_eq!(meta(&s.public("smo/hidden/index.html"), "robots"), "noarchive");
}

#[test]
fn a_noindex_page_leaves_the_sitemap_feeds_llms_txt_and_search() {
    for (robots, left_out) in [("noarchive", false), ("noindex", true), ("none", true)] {
        let s = site("", robots);
        s.build_ok(&[]);
        assert!(s.public_exists("smo/hidden/index.html"), "a noindex page is still built");
        let files = [
            ("sitemap.xml", "<loc>https://example.org/smo/hidden/</loc>", "<loc>https://example.org/smo/other/</loc>"),
            ("atom.xml", "<title>Hidden</title>", "<title>Other</title>"),
            ("rss.xml", "<title>Hidden</title>", "<title>Other</title>"),
            ("feed.json", "\"title\": \"Hidden\"", "\"title\": \"Other\""),
            ("llms.txt", "[Hidden](https://example.org/smo/hidden/)", "[Other](https://example.org/smo/other/)"),
        ];
        for (file, hidden, other) in files {
            let text = s.public(file);
            assert_eq!(!text.contains(hidden), left_out, "{file} with robots: {robots}:\n{text}");
            assert!(text.contains(other), "{file}:\n{text}");
        }
        let index = search_text(&s);
        assert!(index.contains("otherword"), "{index}");
        assert_eq!(!index.contains("hiddenword"), left_out, "search with robots: {robots}");
    }
}

#[test]
fn a_site_wide_noindex_empties_the_sitemap_but_a_page_may_say_index() {
    let s = site("[seo]\nrobots = \"noindex\"\n", "index");
    s.build_ok(&[]);
    let sitemap = s.public("sitemap.xml");
    assert_eq!(sitemap.matches("<loc>").count(), 1, "only the page that says `index`:\n{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/smo/hidden/</loc>"), "{sitemap}");
    assert_eq!(meta(&s.public("index.html"), "robots"), "noindex");
    assert!(meta_all(&s.public("smo/hidden/index.html"), "robots").is_empty());
}

/// Each HTML page the build wrote against the sitemap: listed exactly when the robots it prints
/// allow indexing and its canonical URL is its own.
fn assert_sitemap_follows_the_robots_printed(s: &Site) {
    let sitemap = s.public("sitemap.xml");
    for file in s.html_files().into_iter().filter(|f| f.ends_with("/index.html") || f == "index.html") {
        let url = format!("https://example.org/{}", file.trim_end_matches("index.html"));
        let html = s.public(&file);
        let canonical = link_rel(&html, "canonical").first().map(|l| get(l, "href").to_string());
        let robots = meta_all(&html, "robots").join(", ");
        let indexable = !robots.contains("noindex") && canonical.as_deref() == Some(url.as_str());
        let listed = sitemap.contains(&format!("<loc>{url}</loc>"));
        assert_eq!(listed, indexable, "{file}: robots `{robots}`, canonical {canonical:?}\n{sitemap}");
    }
}

#[test]
fn every_page_is_in_the_sitemap_exactly_when_its_robots_allow_indexing() {
    let authors = "\n[authors.ann]\nname = \"Ann Lee\"\n";
    // The whole site `noindex` but one article: its tag and author pages print the site's
    // `noindex`, so they are out of the sitemap with everything else.
    let s = site(&format!("{authors}\n[seo]\nrobots = \"noindex\"\n"), "index");
    s.write(
        "content/smo/hidden.md",
        &article(
            "Hidden",
            "date: 2026-03-03\nrobots: index\ntags: [smo]\nauthors: [ann]\n",
            "The hiddenword article.\n",
        ),
    );
    s.build_ok(&[]);
    assert!(meta(&s.public("tags/smo/index.html"), "robots").starts_with("noindex"));
    assert!(meta(&s.public("authors/ann/index.html"), "robots").starts_with("noindex"));
    let sitemap = s.public("sitemap.xml");
    assert_eq!(sitemap.matches("<loc>").count(), 1, "only the article that says `index`:\n{sitemap}");
    assert_sitemap_follows_the_robots_printed(&s);

    // An indexed site with a `noindex` article, one first published elsewhere and tags of each.
    let s = site(authors, "noindex\ntags: [gone]\nauthors: [ann]");
    s.write(
        "content/smo/other.md",
        &article("Other", "date: 2026-03-02\ntags: [smo]\ncanonical: https://medium.com/@ann/other\n", "Other.\n"),
    )
    .write("content/smo/open.md", &article("Open", "date: 2026-03-01\ntags: [smo]\nauthors: [ann]\n", "Open.\n"));
    s.build_ok(&[]);
    let sitemap = s.public("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/tags/smo/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("/tags/gone/") && !sitemap.contains("/smo/other/"), "{sitemap}");
    assert_sitemap_follows_the_robots_printed(&s);
}

#[test]
fn a_noindex_section_leaves_the_sitemap_with_its_listing() {
    let s = site("", "noarchive");
    s.write(
        "content/smo/_index.md",
        "---\ntitle: SMO\ndescription: Articles about social media optimization.\nrobots: noindex\n---\nIntro.\n",
    );
    s.build_ok(&[]);
    assert_eq!(meta(&s.public("smo/index.html"), "robots"), "noindex, max-image-preview:large");
    let sitemap = s.public("sitemap.xml");
    assert!(!sitemap.contains("<loc>https://example.org/smo/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/smo/open/</loc>"), "its articles stay: {sitemap}");
}

#[test]
fn a_bad_directive_is_an_error_at_its_line_and_column_with_help() {
    let s = site("", "\"noindex, max-snipet:5\"");
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("`max-snipet:5` is not a robots directive: did you mean `max-snippet`?"), "{}", r.stderr);
    assert!(r.stderr.contains("content/smo/hidden.md:5:19"), "{}", r.stderr);
    assert!(r.stderr.contains("write directives separated by commas"), "{}", r.stderr);
    for bad in ["\"max-snippet:many\"", "\"max-image-preview:huge\"", "\"unavailable_after:soon\"", "[noindx]"] {
        s.write("content/smo/hidden.md", &article("Hidden", &format!("robots: {bad}\n"), "Body.\n"));
        let r = s.build_err(&[]);
        assert!(r.stderr.contains("content/smo/hidden.md:4:"), "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("is not a robots directive"), "{bad}: {}", r.stderr);
    }
    s.write("content/smo/hidden.md", &article("Hidden", "", "Body.\n"));
    s.write("book.toml", &format!("{CONFIG}\n[seo]\nrobots = \"max-image-preview:huge\"\n"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("book.toml:9:"), "{}", r.stderr);
    assert!(r.stderr.contains("`max-image-preview` is `none`, `standard` or `large`"), "{}", r.stderr);
}

/// The `file:line` of each report of rule `code` in `herald check`'s output.
fn fired(report: &str, code: &str) -> Vec<String> {
    let lines: Vec<&str> = report.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with(&format!("warning[{code}]")) {
            let at = lines[i + 1..].iter().find_map(|l| l.split("┌─ ").nth(1)).unwrap_or("?").trim();
            out.push(at.rsplit_once(':').map_or(at, |(file_line, _)| file_line).to_string());
        }
    }
    out
}

#[test]
fn the_lint_warns_of_links_only_to_noindex_pages_and_noindex_menu_entries() {
    let s = site("", "noindex");
    s.write(
        "content/legal/_index.md",
        "---\ntitle: Legal\ndescription: The legal pages of the site, terms and privacy.\nrobots: noindex\n---\nTerms.\n",
    );
    let r = s.run(&["check"]);
    let report = format!("{}{}", r.stdout, r.stderr);
    // `open` links only to `hidden`, which is noindex; `hidden` itself is not indexable.
    assert_eq!(fired(&report, "seo/links-only-noindex"), ["content/smo/open.md:2"], "{report}");
    assert_eq!(fired(&report, "seo/noindex-in-menu"), ["content/legal/_index.md:4"], "{report}");
    s.write(
        "content/smo/open.md",
        &article("Open", "date: 2026-03-01\n", "See [hidden](hidden.md) and [other](other.md).\n"),
    );
    let r = s.run(&["check"]);
    let report = format!("{}{}", r.stdout, r.stderr);
    assert!(fired(&report, "seo/links-only-noindex").is_empty(), "{report}");
}

#[test]
fn a_canonical_elsewhere_points_every_url_there_and_leaves_the_sitemap() {
    let s = site("", "noarchive");
    let original = "https://medium.com/@ada/open-article-1234";
    s.write(
        "content/smo/open.md",
        &article("Open", &format!("date: 2026-03-01\ncanonical: {original}\n"), "The openword article.\n"),
    );
    s.build_ok(&[]);
    let page = s.public("smo/open/index.html");
    let canonical = link_rel(&page, "canonical");
    assert_eq!(canonical.len(), 1);
    assert_eq!(get(&canonical[0], "href"), original);
    assert_eq!(meta(&page, "og:url"), original);
    let ld = jsonld(&page);
    let posting = nodes(&ld, "BlogPosting")[0];
    assert_eq!(posting["url"], original, "{ld}");
    assert_eq!(posting["mainEntityOfPage"]["@id"], original, "{ld}");
    assert_eq!(posting["@id"], "https://example.org/smo/open/#article", "the node stays this page's");
    let sitemap = s.public("sitemap.xml");
    assert!(!sitemap.contains("<loc>https://example.org/smo/open/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/smo/other/</loc>"), "{sitemap}");
    assert!(s.public("atom.xml").contains("<title>Open</title>"), "a copy stays in the feeds");

    // Its own URL as canonical changes nothing.
    s.write(
        "content/smo/open.md",
        &article("Open", "date: 2026-03-01\ncanonical: https://example.org/smo/open/\n", "The openword article.\n"),
    );
    s.build_ok(&[]);
    assert!(s.public("sitemap.xml").contains("<loc>https://example.org/smo/open/</loc>"));
    assert_eq!(meta(&s.public("smo/other/index.html"), "og:url"), "https://example.org/smo/other/");
}

#[test]
fn a_relative_canonical_is_an_error_at_its_line() {
    let s = site("", "noarchive");
    s.write("content/smo/open.md", &article("Open", "date: 2026-03-01\ncanonical: /smo/other/\n", "Body.\n"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/smo/open.md:5:12"), "{}", r.stderr);
    assert!(r.stderr.contains("`/smo/other/` is not an absolute URL"), "{}", r.stderr);
    s.write(
        "content/smo/open.md",
        &article("Open", "syndicated-to:\n  - https://dev.to/ada/open\n  - medium.com/@ada/open\n", "Body.\n"),
    );
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/smo/open.md:6:5"), "{}", r.stderr);
}

#[test]
fn syndication_links_are_in_the_head_the_page_and_same_as() {
    let s = site("", "noarchive");
    let copies = ["https://dev.to/ada/open", "https://www.linkedin.com/pulse/open-ada?x=1&y=2"];
    s.write(
        "content/smo/open.md",
        &article(
            "Open",
            &format!("date: 2026-03-01\nsyndicated-to: [\"{}\", \"{}\"]\n", copies[0], copies[1]),
            "The openword article.\n",
        ),
    );
    s.build_ok(&[]);
    let page = s.public("smo/open/index.html");
    let head = &page[..page.find("</head>").unwrap()];
    let in_head: Vec<String> = link_rel(head, "syndication").iter().map(|l| get(l, "href").to_string()).collect();
    assert_eq!(in_head, copies);
    let shown: Vec<String> = hrefs_with_class(&page, "u-syndication");
    assert_eq!(shown, copies);
    assert!(page.contains(">dev.to</a>, <a") && page.contains(">linkedin.com</a>."), "{page}");
    assert!(page.contains("href=\"https://www.linkedin.com/pulse/open-ada?x=1&amp;y=2\""), "escaped: {page}");
    let ld = jsonld(&page);
    assert_eq!(nodes(&ld, "BlogPosting")[0]["sameAs"], serde_json::json!(copies), "{ld}");
    assert_eq!(get(&link_rel(&page, "canonical")[0], "href"), "https://example.org/smo/open/");
    let other = s.public("smo/other/index.html");
    assert!(link_rel(&other, "syndication").is_empty());
    assert!(nodes(&jsonld(&other), "BlogPosting")[0].get("sameAs").is_none());
}

#[test]
fn verification_tags_are_on_the_home_page_only_and_escaped() {
    let s = site(
        "\n[social]\ngoogle-site-verification = \"g-token<&\\\"\"\nbing-site-verification = \"B1N6\"\nyandex-verification = \"y4nd3x\"\npinterest-verification = \"p1n\"\nfacebook-domain-verification = \"fbdv\"\nfacebook-app-id = \"1234567890\"\nfacebook-page = \"https://www.facebook.com/testsite\"\n",
        "noarchive",
    );
    s.build_ok(&[]);
    let home = s.public("index.html");
    for (name, token) in [
        ("google-site-verification", "g-token<&\""),
        ("msvalidate.01", "B1N6"),
        ("yandex-verification", "y4nd3x"),
        ("p:domain_verify", "p1n"),
        ("facebook-domain-verification", "fbdv"),
    ] {
        assert_eq!(meta_all(&home, name), [token], "{name}");
        assert!(meta_all(&s.public("smo/open/index.html"), name).is_empty(), "{name} is on the home page only");
        assert!(meta_all(&s.public("smo/index.html"), name).is_empty(), "{name} is on the home page only");
    }
    assert!(home.contains("content=\"g-token&lt;&amp;&quot;\""), "escaped: {home}");
    let article = s.public("smo/open/index.html");
    assert_eq!(meta(&article, "fb:app_id"), "1234567890");
    assert_eq!(meta(&home, "fb:app_id"), "1234567890");
    assert_eq!(meta_all(&article, "article:publisher"), ["https://www.facebook.com/testsite"]);
    assert!(meta_all(&home, "article:publisher").is_empty(), "article tags are for articles");

    s.write("book.toml", CONFIG);
    s.build_ok(&[]);
    for name in ["google-site-verification", "msvalidate.01", "fb:app_id", "article:publisher"] {
        assert!(meta_all(&s.public("index.html"), name).is_empty(), "{name} unset");
        assert!(meta_all(&s.public("smo/open/index.html"), name).is_empty(), "{name} unset");
    }
}

#[test]
fn the_twitter_card_follows_the_image_size() {
    let s = site("", "noarchive");
    for (w, h, card) in [
        (1200, 630, "summary_large_image"),
        (600, 314, "summary_large_image"),
        (599, 400, "summary"),
        (800, 313, "summary"),
        (300, 300, "summary"),
    ] {
        s.write_bytes(
            "content/smo/pic/index.md",
            article("Pic", "image: pic.png\nimage-alt: A grey square\n", "A picture.\n").as_bytes(),
        );
        s.write_bytes("content/smo/pic/pic.png", &common::png(w, h));
        s.build_ok(&[]);
        let page = s.public("smo/pic/index.html");
        assert_eq!(meta(&page, "twitter:card"), card, "{w}x{h}");
        assert_eq!(meta(&page, "og:image:width"), w.to_string());
    }
    // Generated cards are 1200x630.
    assert_eq!(meta(&s.public("smo/open/index.html"), "twitter:card"), "summary_large_image");
}

/// `open` and `other` as in [`site`], plus an article dated far in the future and one that
/// expired long ago (far from today either way, so the test never depends on the date).
fn dated_site() -> Site {
    let s = site("", "noarchive");
    s.write("content/smo/open.md", &article("Open", "date: 2026-03-01\ntags: [smo]\n", "The openword article.\n"))
        .write(
            "content/smo/later.md",
            &article("Later", "date: 2099-05-01T09:00:00Z\ntags: [laterword]\n", "The laterword article.\n"),
        )
        .write(
            "content/smo/gone.md",
            &article("Gone", "date: 2001-01-01\nexpires: 2002-01-01\ntags: [goneword]\n", "The goneword article.\n"),
        )
        .write(
            "content/smo/kept.md",
            &article("Kept", "date: 2026-01-01\nexpires: 2099-01-01\n", "The keptword article.\n"),
        );
    s
}

/// Whether anything the build wrote names `word`.
fn anywhere(s: &Site, word: &str) -> Vec<String> {
    let mut found: Vec<String> = s
        .snapshot("public")
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(word))
        .map(|(path, _)| path)
        .collect();
    if search_text(s).contains(word) {
        found.push("the search index".into());
    }
    found
}

#[test]
fn scheduled_and_expired_articles_are_out_of_every_output_and_the_build_says_so() {
    let s = dated_site();
    let r = s.build_ok(&[]);
    assert!(!s.public_exists("smo/later/index.html") && !s.public_exists("smo/gone/index.html"));
    for word in ["laterword", "goneword", "Later", "Gone"] {
        assert!(anywhere(&s, word).is_empty(), "{word} is in {:?}", anywhere(&s, word));
    }
    assert!(s.public_exists("smo/kept/index.html"), "an article not yet expired is published");
    assert!(s.public("sitemap.xml").contains("<loc>https://example.org/smo/kept/</loc>"));
    assert!(
        r.stderr.contains(
            "1 scheduled article held back, the next due 2099-05-01T09:00:00Z (build with --future to publish them now); 1 expired article past its `expires` left out."
        ),
        "{}",
        r.stderr
    );

    let r = s.build_ok(&["--future"]);
    assert!(s.public_exists("smo/later/index.html"));
    for file in ["sitemap.xml", "atom.xml", "llms.txt", "smo/index.html", "tags/laterword/index.html"] {
        assert!(
            s.public(file).contains("https://example.org/smo/later/") || s.public(file).contains("/smo/later/"),
            "{file}"
        );
    }
    assert!(search_text(&s).contains("laterword"));
    assert!(anywhere(&s, "goneword").is_empty(), "--future does not bring back an expired article");
    assert!(!r.stderr.contains("scheduled article"), "{}", r.stderr);
}

#[test]
fn the_preview_shows_held_back_articles_marked_and_noindex_and_build_still_leaves_them_out() {
    let s = dated_site();
    let server = common::serve::Serving::start(&s, &[]);
    let later = server.get("/smo/later/");
    assert_eq!(later.status, 200, "the preview serves a scheduled article");
    let html = later.text();
    assert!(html.contains("<strong>Scheduled</strong> for <time datetime=\"2099-05-01\">May 1, 2099</time>"), "{html}");
    assert!(meta(&html, "robots").starts_with("noindex"), "{}", meta(&html, "robots"));
    let gone = server.get("/smo/gone/").text();
    assert!(
        gone.contains("<strong>Expired</strong> on <time datetime=\"2002-01-01\">January 1, 2002</time>"),
        "{gone}"
    );
    assert!(meta(&gone, "robots").starts_with("noindex"));
    let kept = server.get("/smo/kept/").text();
    assert!(!kept.contains("Scheduled") && !kept.contains("Expired"), "a published article carries no marker");
    assert!(!meta(&kept, "robots").contains("noindex"));
    // Readable in the listing, yet out of everything made for crawlers and feed readers.
    assert!(server.get("/smo/").text().contains("/smo/later/"));
    for file in ["/sitemap.xml", "/atom.xml", "/llms.txt"] {
        let text = server.get(file).text();
        assert!(text.contains("/smo/kept/"), "{file}: {text}");
        for held in ["/smo/later/", "/smo/gone/"] {
            assert!(!text.contains(held), "{file} lists {held}: {text}");
        }
    }
    assert!(
        meta(&server.get("/tags/laterword/").text(), "robots").starts_with("noindex"),
        "a tag of held articles only"
    );
    drop(server);

    s.build_ok(&[]);
    assert!(!s.public_exists("smo/later/index.html") && !s.public_exists("smo/gone/index.html"));
    assert!(anywhere(&s, "laterword").is_empty() && anywhere(&s, "Scheduled").is_empty());
}

#[test]
fn a_link_to_a_held_back_article_says_why_and_what_to_do() {
    let s = dated_site();
    s.write("content/smo/open.md", &article("Open", "date: 2026-03-01\n", "Soon: [later](later.md).\n"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/smo/open.md:6:7"), "{}", r.stderr);
    assert!(r.stderr.contains("content/smo/later.md is scheduled for later"), "{}", r.stderr);
    assert!(r.stderr.contains("build with --future"), "{}", r.stderr);
    s.build_ok(&["--future"]);
    assert!(s.public("smo/open/index.html").contains("href=\"/smo/later/\""));
}
