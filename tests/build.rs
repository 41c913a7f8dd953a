//! `herald build` end to end: real sites in temp dirs, built by the real binary.

mod common;

use common::{article, Site};

fn blog() -> Site {
    let s = Site::new();
    s.write("content/smo/_index.md", "---\ntitle: SMO\ndescription: Social media optimization articles.\nweight: 1\n---\nIntro to SMO.\n")
        .write("content/smo/what-is-smo.md", &article("What is SMO", "date: 2026-03-02\ntags: [smo, Open Graph]\nweight: 1\n", "First paragraph.\n\n## Crawl budget\n\nText.\n\n### Deeper\n\n## Crawl budget\n\nSee [ads](../smm/ads.md#targeting) and [bundle](bundle/index.md).\n"))
        .write("content/smo/second.md", &article("Second", "date: 2026-04-01\ntags: [smo]\nweight: 2\n", "Second body.\n"))
        .write("content/smo/bundle/index.md", &article("Bundle", "date: 2026-01-01\nweight: 3\n", "![A chart](chart.svg)\n"))
        .write("content/smo/bundle/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .write("content/smm/_index.md", "---\ntitle: SMM\n---\n")
        .write("content/smm/ads.md", &article("Ads", "date: 2026-02-01\ntags: [smm, open graph]\n", "## Targeting\n\nBody.\n"))
        .write("content/smm/nested/_index.md", "---\ntitle: Nested\n---\n")
        .write("content/smm/nested/deep.md", &article("Deep", "slug: custom-slug\n", "Deep body.\n"))
        .write("content/smm/draft.md", &article("Draft", "draft: true\n", "Not yet.\n"));
    s
}

#[test]
fn builds_one_page_per_article_section_and_tag() {
    let s = blog();
    s.build_ok(&[]);
    let mut html = s.html_files();
    html.sort();
    assert_eq!(
        html,
        [
            "404.html",
            "index.html",
            "search/index.html",
            "smm/ads/index.html",
            "smm/index.html",
            "smm/nested/custom-slug/index.html",
            "smm/nested/index.html",
            "smo/bundle/index.html",
            "smo/index.html",
            "smo/second/index.html",
            "smo/what-is-smo/index.html",
            "tags/index.html",
            "tags/open-graph/index.html",
            "tags/smm/index.html",
            "tags/smo/index.html",
        ]
    );
    let files = s.snapshot("public");
    assert!(files.keys().any(|k| k.starts_with("css/style.") && k.ends_with(".css")), "theme static files are copied");
    // The home page lists the newest articles with their dates and reading times.
    let home = s.public("index.html");
    let latest = home.split("Latest articles").nth(1).expect("a list of the latest articles");
    assert!(latest.contains("href=\"/smo/second/\"") && latest.contains("April 1, 2026"), "{latest}");
    assert!(latest.contains("min read"), "{latest}");
    // A section lists its articles with their descriptions.
    let smo = s.public("smo/index.html");
    assert!(smo.contains("href=\"/smo/what-is-smo/\"") && smo.contains("A description of What is SMO"), "{smo}");
}

#[test]
fn sections_list_their_articles_in_weight_order_and_nest() {
    let s = blog();
    s.build_ok(&[]);
    let smo = s.public("smo/index.html");
    let (a, b, c) = (smo.find("What is SMO").unwrap(), smo.find(">Second<").unwrap(), smo.find(">Bundle<").unwrap());
    assert!(a < b && b < c, "weight order");
    let smm = s.public("smm/index.html");
    assert!(smm.contains("href=\"/smm/nested/\""), "a section links its subsections");
    assert!(s.public("smm/nested/index.html").contains("href=\"/smm/nested/custom-slug/\""));
    let page = s.public("smo/what-is-smo/index.html");
    assert!(page.contains("rel=\"next\"") && page.contains("href=\"/smo/second/\""), "prev/next inside the section");
}

#[test]
fn bundles_copy_their_assets_beside_the_page() {
    let s = blog();
    s.build_ok(&[]);
    assert!(s.public_exists("smo/bundle/chart.svg"));
    assert!(s.public("smo/bundle/index.html").contains("src=\"chart.svg\""));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let s = blog();
    s.build_ok(&[]);
    assert!(!s.public_exists("smm/draft/index.html"));
    assert!(!s.public("smm/index.html").contains("Draft"));
    s.build_ok(&["--drafts"]);
    assert!(s.public_exists("smm/draft/index.html"));
}

#[test]
fn tags_get_pages_and_an_index() {
    let s = blog();
    s.build_ok(&[]);
    let og = s.public("tags/open-graph/index.html");
    assert!(
        og.contains("href=\"/smo/what-is-smo/\"") && og.contains("href=\"/smm/ads/\""),
        "both spellings of a tag meet"
    );
    let index = s.public("tags/index.html");
    for t in ["/tags/smo/", "/tags/smm/", "/tags/open-graph/"] {
        assert!(index.contains(t), "{t} in tag index");
    }
    assert!(s.public("smo/what-is-smo/index.html").contains("href=\"/tags/open-graph/\""));
}

#[test]
fn links_to_markdown_files_become_urls() {
    let s = blog();
    s.build_ok(&[]);
    let page = s.public("smo/what-is-smo/index.html");
    assert!(page.contains("href=\"/smm/ads/#targeting\""), "{page}");
    assert!(page.contains("href=\"/smo/bundle/\""));
}

#[test]
fn headings_get_unique_ids_anchors_and_a_toc() {
    let s = blog();
    s.build_ok(&[]);
    let page = s.public("smo/what-is-smo/index.html");
    assert!(page.contains("<h2 id=\"crawl-budget\">"));
    assert!(page.contains("<h2 id=\"crawl-budget-1\">"), "duplicate headings get a suffix");
    assert!(
        page.contains("href=\"#crawl-budget\" aria-label=\"Link to the section Crawl budget\""),
        "self-link anchor"
    );
    assert!(page.contains("class=\"toc toc-inline\""), "three headings make a table of contents");
    assert!(page.contains("<a href=\"#deeper\">Deeper</a>"));
}

#[test]
fn sub_path_base_url_prefixes_links() {
    let s = blog();
    s.build_ok(&["--base-url", "https://example.org/guide/"]);
    let page = s.public("smo/what-is-smo/index.html");
    assert!(page.contains("href=\"/guide/smm/ads/#targeting\""));
    assert!(page.contains("href=\"/guide/css/style."), "assets carry the sub-path");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/guide/smo/what-is-smo/\">"));
}

#[test]
fn two_builds_are_byte_identical() {
    let s = blog();
    s.build_ok(&[]);
    let first = s.snapshot("public");
    s.build_ok(&[]);
    assert_eq!(first, s.snapshot("public"));
}

/// `herald build` writes pages while it renders them; `check` and `serve` keep them in memory.
/// Both must give the same files, minified and precompressed ones included.
#[test]
fn pages_written_while_rendering_equal_the_in_memory_build() {
    let s = blog();
    let config = std::fs::read_to_string(s.path("book.toml")).unwrap();
    s.write("book.toml", &format!("{config}\n[build]\nminify = true\nprecompress = true\n"));
    s.build_ok(&[]);
    let mut written = s.snapshot("public");
    // The folder's marker is the write stage's own file, not part of the site's output.
    assert!(written.remove(herald::write::MARKER).is_some());
    let build = herald::pipeline::build(s.root(), &herald::pipeline::Options::default()).expect("builds in memory");
    let in_memory: std::collections::BTreeMap<String, Vec<u8>> =
        build.output.iter().map(|(p, b)| (p.clone(), b.to_vec())).collect();
    // The search index's page numbers follow the order its pages are read in: the file system's
    // listing for a written build (which reads them back in parallel), the sorted order in memory.
    // So its index, filter and meta files differ, and with them the names `pagefind-entry.json`
    // and `_headers` give the meta file; its fragments (a page each) and every other file do not.
    let numbered = |p: &str| {
        ["pagefind/index/", "pagefind/filter/", ".pf_meta", "pagefind/pagefind-entry.json", "_headers"]
            .iter()
            .any(|kind| p.contains(kind))
    };
    let kinds = |files: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files
            .keys()
            .map(|p| if numbered(p) { p.split(['_', '.']).next().unwrap().to_string() } else { p.clone() })
            .collect()
    };
    assert_eq!(kinds(&written), kinds(&in_memory));
    assert!(written.keys().filter(|p| p.starts_with("pagefind/fragment/")).count() > 1);
    for (path, bytes) in in_memory.iter().filter(|(p, _)| !numbered(p)) {
        assert!(written[path] == *bytes, "{path} differs between the written and the in-memory build");
    }
    assert!(
        written.contains_key("smo/what-is-smo/index.html.br") && written.contains_key("smo/what-is-smo/index.html.gz")
    );
    let page = String::from_utf8(written["smo/what-is-smo/index.html"].clone()).unwrap();
    assert!(!page.contains("\n    "), "pages are minified");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let s = blog();
    s.build_ok(&[]);
    let before = s.snapshot("public");
    s.write("content/smo/second.md", "---\ntitle: [broken\n---\n");
    s.write("content/smo/new.md", &article("New", "", "New page.\n"));
    s.build_err(&[]);
    assert_eq!(before, s.snapshot("public"));
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".herald-new") || n.contains(".herald-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn output_dir_flag_writes_elsewhere() {
    let s = blog();
    let out = s.path("elsewhere/site");
    s.build_ok(&["--output-dir", out.to_str().unwrap()]);
    assert!(out.join("index.html").exists());
    assert!(!s.public_exists("index.html"));
}

#[test]
fn a_site_with_only_a_title_builds() {
    let s = Site::new();
    s.write("book.toml", "[book]\ntitle = \"Only a title\"\n");
    std::fs::remove_file(s.path("content/_index.md")).unwrap();
    s.write("content/a.md", &article("A", "", "Body.\n"));
    s.build_ok(&[]);
    assert!(s.public("index.html").contains("Only a title"));
    assert!(s.public_exists("a/index.html"));
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let s = blog();
    s.write(
        "templates/page.html",
        // The body stays: a page without it would lose the `#anchor` another page links to, which
        // fails the build.
        "{% extends \"base.html\" %}{% block main %}<p class=\"mine\">{{ page.title }}</p>{{ page.content | safe }}{% endblock main %}",
    );
    s.build_ok(&[]);
    assert!(s.public("smm/ads/index.html").contains("<p class=\"mine\">Ads</p>"));
    assert!(s.public("smm/index.html").contains("class=\"article-list\""), "other templates stay the theme's");
}

#[test]
fn init_makes_a_site_that_builds_and_new_adds_a_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let r: common::Run = common::herald().arg("init").arg(&dir).output().unwrap().into();
    assert!(r.ok, "{}", r.stderr);
    let r: common::Run = common::herald().arg("--root").arg(&dir).arg("build").output().unwrap().into();
    assert!(r.ok, "{}", r.stderr);
    assert!(dir.join("public/guide/first-article/index.html").exists());
    let r: common::Run =
        common::herald().arg("--root").arg(&dir).args(["new", "guide/social-cards"]).output().unwrap().into();
    assert!(r.ok, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.join("content/guide/social-cards.md")).unwrap();
    assert!(text.contains("title: 'Social cards'") && text.contains("draft: true"), "{text}");
    let r: common::Run =
        common::herald().arg("--root").arg(&dir).args(["new", "guide/social-cards"]).output().unwrap().into();
    assert!(!r.ok && r.stderr.contains("already exists"), "never overwrites");
    let r: common::Run = common::herald().arg("--root").arg(&dir).args(["build", "--drafts"]).output().unwrap().into();
    assert!(r.ok, "the new article builds as a draft: {}", r.stderr);
}

#[test]
fn paginated_sections_list_their_articles_a_page_at_a_time() {
    let s = Site::new();
    s.write("content/smo/_index.md", "---\ntitle: SMO\ndescription: Social media optimization articles, in reading order.\npaginate-by: 2\n---\nIntro to SMO.\n");
    for n in 1..=5 {
        s.write(
            &format!("content/smo/a{n}.md"),
            &article(&format!("Article {n}"), &format!("date: 2026-03-0{n}\nweight: {n}\n"), "Body.\n"),
        );
    }
    s.build_ok(&[]);
    let listed =
        |html: &str| -> Vec<usize> { (1..=5).filter(|n| html.contains(&format!("href=\"/smo/a{n}/\""))).collect() };
    let one = s.public("smo/index.html");
    let two = s.public("smo/page/2/index.html");
    let three = s.public("smo/page/3/index.html");
    assert!(!s.path("public/smo/page/4").exists() && !s.path("public/smo/page/1").exists());
    assert_eq!((listed(&one), listed(&two), listed(&three)), (vec![1, 2], vec![3, 4], vec![5]));
    // Each page is its own canonical URL, with its own title and description, and links to its
    // neighbours.
    assert!(two.contains("<link rel=\"canonical\" href=\"https://example.org/smo/page/2/\">"), "{two}");
    assert!(two.contains("<title>SMO, page 2 | "), "{two}");
    assert!(one.contains("<link rel=\"next\" href=\"/smo/page/2/\">") && !one.contains("rel=\"prev\""));
    assert!(
        two.contains("<link rel=\"prev\" href=\"/smo/\">") && two.contains("<link rel=\"next\" href=\"/smo/page/3/\">")
    );
    assert!(two.contains("<a href=\"/smo/page/2/\" aria-current=\"page\" aria-label=\"Page 2\">2</a>"), "{two}");
    assert!(three.contains("<a href=\"/smo/page/2/\" rel=\"prev\">Previous</a>") && !three.contains("rel=\"next\""));
    assert!(
        one.contains("Intro to SMO.") && !two.contains("Intro to SMO."),
        "the introduction is on the first page only"
    );
    let description = |html: &str| common::html::meta(html, "description");
    assert_ne!(description(&one), description(&two));
    assert!(description(&two).contains("Article 3; Article 4"), "{}", description(&two));
    let ld = common::html::jsonld(&two);
    let crumbs = common::html::nodes(&ld, "BreadcrumbList")[0]["itemListElement"].as_array().unwrap().clone();
    assert_eq!(crumbs.last().unwrap()["item"], "https://example.org/smo/page/2/");
    let sitemap = s.public("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/smo/page/3/</loc>"), "{sitemap}");

    // On the home page it does nothing, and says so.
    s.write("content/_index.md", "---\ntitle: Home\npaginate-by: 2\n---\n");
    let r = s.build_ok(&[]);
    assert!(
        r.stderr.contains("`paginate-by` has no effect on the home page") && r.stderr.contains("content/_index.md:3:1"),
        "{}",
        r.stderr
    );
    assert!(!s.path("public/page/2").exists());
}

#[test]
fn a_site_wide_paginate_by_splits_sections_and_tag_pages_and_a_section_may_opt_out() {
    let s = Site::new();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test Site\"\n[site]\nbase-url = \"https://example.org/\"\npaginate-by = 2\n",
    )
    .write("content/smo/_index.md", "---\ntitle: SMO\n---\n")
    .write("content/smm/_index.md", "---\ntitle: SMM\npaginate-by: 0\n---\n");
    for n in 1..=3 {
        s.write(
            &format!("content/smo/a{n}.md"),
            &article(&format!("Article {n}"), &format!("date: 2026-03-0{n}\ntags: [shared]\n"), "Body.\n"),
        )
        .write(
            &format!("content/smm/b{n}.md"),
            &article(&format!("Post {n}"), &format!("date: 2026-04-0{n}\ntags: [shared]\n"), "Body.\n"),
        );
    }
    s.build_ok(&[]);
    assert!(s.path("public/smo/page/2/index.html").exists());
    assert!(!s.path("public/smm/page/2").exists(), "`paginate-by: 0` keeps a section on one page");
    // The tag lists six articles, newest first: three pages of two.
    let two = s.public("tags/shared/page/2/index.html");
    assert!(
        two.contains("href=\"/smm/b1/\"") && two.contains("href=\"/smo/a3/\"") && !two.contains("href=\"/smm/b2/\""),
        "{two}"
    );
    assert!(two.contains("<title>Articles tagged “shared”, page 2 | Test Site</title>"), "{two}");
    assert!(two.contains("<link rel=\"canonical\" href=\"https://example.org/tags/shared/page/2/\">"), "{two}");
    assert!(two.contains("<a href=\"/tags/shared/page/3/\" rel=\"next\">Next</a>"), "{two}");
    assert!(s.path("public/tags/shared/page/3/index.html").exists() && !s.path("public/tags/shared/page/4").exists());
    let ld = common::html::jsonld(&two);
    let crumbs = common::html::nodes(&ld, "BreadcrumbList")[0]["itemListElement"].as_array().unwrap().clone();
    let names: Vec<&str> = crumbs.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names[1..], ["Tags", "shared", "Articles tagged “shared”, page 2"]);
    assert!(s.public("sitemap.xml").contains("<loc>https://example.org/tags/shared/page/3/</loc>"));
}
