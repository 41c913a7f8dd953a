//! Authors as entities: `[authors.<id>]`, author pages with ProfilePage + Person JSON-LD, bylines,
//! the author box, `article:author`, the article's JSON-LD `author`, the sitemap, and the errors
//! of unknown ids and missing avatars. Real binary, real sites in temp dirs.

mod common;

use common::html::{self, get, jsonld, meta_all, nodes};
use common::{article, png, Site};

const CONFIG: &str = r#"[book]
title = "Test Site"
description = "A test site for herald's end-to-end tests of authors."
authors = ["The team"]

[site]
base-url = "https://example.org/guide/"

[authors.ann]
name = "Ann Lee"
job-title = "Head of SEO"
bio = "Ann has audited search & social for <ten> years."
avatar = "img/ann.png"
profiles = ["https://www.linkedin.com/in/ann-lee", "https://mastodon.social/@ann"]
url = "https://ann.example/"

[authors.bob]
name = "Bob Stone"
"#;

fn site() -> Site {
    let s = Site::new();
    s.write("book.toml", CONFIG)
        .write_bytes("static/img/ann.png", &png(96, 96))
        .write("content/smo/one.md", &article("One", "date: 2026-01-01\nauthors: [ann]\n", "One.\n"))
        .write("content/smo/two.md", &article("Two", "date: 2026-02-01\nauthors:\n  - bob\n  - ann\n", "Two.\n"))
        .write("content/smo/three.md", &article("Three", "date: 2026-03-01\n", "No author named.\n"));
    s
}

#[test]
fn author_pages_list_their_articles_with_profile_page_json_ld() {
    let s = site();
    s.build_ok(&[]);
    let page = s.public("authors/ann/index.html");
    assert_eq!(page.matches("<h1").count(), 1, "{page}");
    assert!(page.contains("<h1>Ann Lee</h1>"), "{page}");
    assert!(page.contains("Ann has audited search &amp; social for &lt;ten&gt; years."), "the bio is escaped");
    // Newest first: Two (February) then One (January); Three is not hers.
    let two = page.find("/guide/smo/two/").expect("lists Two");
    let one = page.find("/guide/smo/one/").expect("lists One");
    assert!(two < one && !page.contains("/guide/smo/three/"), "{page}");
    let img = html::tags(&page, "img")
        .into_iter()
        .find(|a| a.iter().any(|(k, v)| k == "class" && v == "avatar"))
        .expect("an avatar");
    assert_eq!(get(&img, "src"), "/guide/img/ann.png");
    assert_eq!((get(&img, "width"), get(&img, "height")), ("120", "120"));
    assert!(get(&img, "alt").contains("Ann Lee"));

    let ld = jsonld(&page);
    let profile = nodes(&ld, "ProfilePage");
    assert_eq!(profile.len(), 1, "{ld}");
    let url = "https://example.org/guide/authors/ann/";
    assert_eq!(profile[0]["url"], url);
    let person = &profile[0]["mainEntity"];
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["url"], url);
    assert_eq!(person["name"], "Ann Lee");
    assert_eq!(person["jobTitle"], "Head of SEO");
    assert_eq!(person["image"], "https://example.org/guide/img/ann.png");
    assert_eq!(
        person["sameAs"],
        serde_json::json!([
            "https://www.linkedin.com/in/ann-lee",
            "https://mastodon.social/@ann",
            "https://ann.example/"
        ])
    );
    assert_eq!(html::meta(&page, "og:type"), "profile");
    let sitemap = s.public("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/guide/authors/ann/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/guide/authors/bob/</loc>"), "{sitemap}");
}

#[test]
fn the_authors_index_lists_every_author_and_each_author_page_leads_back_to_it() {
    let s = site();
    s.build_ok(&[]);
    let index = s.public("authors/index.html");
    assert_eq!(index.matches("<h1").count(), 1, "{index}");
    // Id order: Ann (2 articles, job title, avatar), then Bob (1, neither).
    let ann = index.find("<a href=\"/guide/authors/ann/\">Ann Lee</a>").expect("Ann, linked");
    let bob = index.find("<a href=\"/guide/authors/bob/\">Bob Stone</a>").expect("Bob, linked");
    assert!(ann < bob, "{index}");
    let (ann_part, bob_part) = (&index[ann..bob], &index[bob..]);
    assert!(ann_part.contains("Head of SEO") && ann_part.contains("2 articles"), "{ann_part}");
    assert!(bob_part.contains("1 article<") && !bob_part.contains("class=\"author-job\""), "{bob_part}");
    let avatars: Vec<String> = html::tags(&index, "img").iter().map(|a| get(a, "src").to_string()).collect();
    assert!(avatars.contains(&"/guide/img/ann.png".to_string()), "{avatars:?}");

    let ld = jsonld(&index);
    let page = nodes(&ld, "CollectionPage");
    assert_eq!(page.len(), 1, "{ld}");
    assert_eq!(page[0]["url"], "https://example.org/guide/authors/");
    let crumbs = &nodes(&ld, "BreadcrumbList")[0]["itemListElement"];
    assert_eq!(crumbs[1]["item"], "https://example.org/guide/authors/", "{crumbs}");

    let sitemap = s.public("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/guide/authors/</loc>"), "{sitemap}");
    // Each author page's breadcrumbs pass through the index, in the page and in JSON-LD.
    let ann_page = s.public("authors/ann/index.html");
    assert!(ann_page.contains("<li><a href=\"/guide/authors/\">Authors</a></li>"), "{ann_page}");
    let ann_ld = jsonld(&ann_page);
    let crumbs = &nodes(&ann_ld, "BreadcrumbList")[0]["itemListElement"];
    assert_eq!(crumbs[1]["item"], "https://example.org/guide/authors/", "{crumbs}");
    assert_eq!(crumbs[2]["item"], "https://example.org/guide/authors/ann/", "{crumbs}");

    let llms = s.public("llms.txt");
    let authors = &llms[llms.find("\n## Authors\n").expect("an Authors section in llms.txt")..];
    assert!(authors.contains("- [All authors](https://example.org/guide/authors/)"), "{llms}");
    assert!(authors.contains("- [Ann Lee](https://example.org/guide/authors/ann/): Head of SEO\n"), "{llms}");
    assert!(authors.contains("- [Bob Stone](https://example.org/guide/authors/bob/)\n"), "{llms}");
}

#[test]
fn a_theme_without_authors_html_has_no_index_and_nothing_points_to_one() {
    let s = site();
    s.write("book.toml", &CONFIG.replace("[site]\n", "[site]\ntheme = \"bare\"\n"));
    for t in ["index.html", "section.html", "page.html", "tags.html", "tag.html", "404.html"] {
        s.write(&format!("themes/bare/templates/{t}"), "<!doctype html><title>x</title>");
    }
    s.write(
        "themes/bare/templates/author.html",
        "<!doctype html><title>x</title>{% for c in author.breadcrumbs %}<a href=\"{{ c.url }}\">{{ c.title }}</a>{% endfor %}",
    );
    s.build_ok(&[]);
    assert!(!s.public_exists("authors/index.html"));
    let ann = s.public("authors/ann/index.html");
    assert!(
        ann.contains("<title>x</title><a href=\"/guide/\">Home</a><a href=\"/guide/authors/ann/\">Ann Lee</a>"),
        "{ann}"
    );
    assert!(!s.public("sitemap.xml").contains("/authors/</loc>"));
    let llms = s.public("llms.txt");
    assert!(
        !llms.contains("All authors") && llms.contains("- [Ann Lee](https://example.org/guide/authors/ann/)"),
        "{llms}"
    );
}

#[test]
fn articles_carry_bylines_an_author_box_and_person_json_ld() {
    let s = site();
    s.build_ok(&[]);
    let page = s.public("smo/two/index.html");
    let authors: Vec<String> = html::tags(&page, "a")
        .into_iter()
        .filter(|a| a.iter().any(|(k, v)| k == "rel" && v == "author"))
        .map(|a| get(&a, "href").to_string())
        .collect();
    // Byline, then the author box, each in front matter order.
    assert_eq!(authors, ["/guide/authors/bob/", "/guide/authors/ann/", "/guide/authors/bob/", "/guide/authors/ann/"]);
    assert!(page.contains("class=\"author-box\""), "{page}");
    assert!(page.contains("Head of SEO"), "the job title is in the box");
    assert_eq!(
        meta_all(&page, "article:author"),
        ["https://example.org/guide/authors/bob/", "https://example.org/guide/authors/ann/"]
    );
    let ld = jsonld(&page);
    let posting = nodes(&ld, "BlogPosting")[0];
    let author = posting["author"].as_array().unwrap();
    assert_eq!(author.len(), 2);
    assert_eq!(author[1]["@type"], "Person");
    assert_eq!(author[1]["name"], "Ann Lee");
    assert_eq!(author[1]["url"], "https://example.org/guide/authors/ann/");
    assert_eq!(author[1]["@id"], "https://example.org/guide/authors/ann/#person");

    // An article that names no author falls back to `[book] authors`, without a box.
    let three = s.public("smo/three/index.html");
    assert!(!three.contains("class=\"author-box\""));
    assert_eq!(nodes(&jsonld(&three), "BlogPosting")[0]["author"][0]["name"], "The team");
}

#[test]
fn an_unknown_author_id_is_an_error_at_its_line_listing_the_known_ids() {
    let s = site();
    s.write("content/smo/bad.md", "---\ntitle: Bad\nauthors: [ann, anne]\n---\nBody.\n");
    s.write("content/smo/worse.md", "---\ntitle: Worse\nauthors:\n  - ann\n  - zed\n---\nBody.\n");
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/smo/bad.md:3:16"), "{}", r.stderr);
    assert!(r.stderr.contains("`anne` is not an author of book.toml"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `ann`?"), "{}", r.stderr);
    // Every error of the build is reported, not only the first.
    assert!(r.stderr.contains("content/smo/worse.md:5:5"), "{}", r.stderr);
    assert!(r.stderr.contains("ann, bob"), "the help lists the known ids: {}", r.stderr);
    assert!(!s.public_exists("index.html"), "a failed build writes nothing");
}

#[test]
fn a_missing_avatar_is_an_error_at_its_line_in_book_toml() {
    let s = site();
    s.write("book.toml", &CONFIG.replace("img/ann.png", "img/nobody.png"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("book.toml:13"), "{}", r.stderr);
    assert!(r.stderr.contains("`img/nobody.png`"), "{}", r.stderr);
}

#[test]
fn without_authors_table_front_matter_names_stay_names() {
    let s = Site::new();
    s.write("content/smo/a.md", &article("A", "authors: [\"Zoë Q\"]\n", "Body.\n"));
    s.build_ok(&[]);
    let page = s.public("smo/a/index.html");
    assert!(page.contains("by Zoë Q"), "{page}");
    assert_eq!(meta_all(&page, "article:author"), ["Zoë Q"]);
    assert!(!s.public_exists("authors/index.html") && !s.path("public/authors").exists());
}

#[test]
fn a_theme_without_author_html_says_what_to_add() {
    let s = site();
    s.write("book.toml", &CONFIG.replace("[site]\n", "[site]\ntheme = \"bare\"\n"));
    for t in ["index.html", "section.html", "page.html", "tags.html", "tag.html", "404.html"] {
        s.write(&format!("themes/bare/templates/{t}"), "<!doctype html><title>x</title>");
    }
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("author.html"), "{}", r.stderr);
}

#[test]
fn author_pages_and_author_boxes_pass_the_nu_html_checker() {
    let s = site();
    s.build_ok(&[]);
    let files: Vec<_> =
        ["authors/index.html", "authors/ann/index.html", "authors/bob/index.html", "smo/two/index.html"]
            .into_iter()
            .map(|f| s.path("public").join(f))
            .collect();
    let Some(errors) = common::vnu::errors_or_skip("author_pages_pass_the_nu_html_checker", &files) else { return };
    assert!(errors.is_empty(), "Nu HTML Checker errors:\n{}", errors.join("\n"));
}
