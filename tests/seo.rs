//! Social and search metadata end to end: head tags tag by tag, JSON-LD, share links, hostile
//! text, sitemap, feed, robots.txt, llms.txt, social cards and images.

mod common;

use common::html::{self, get, hrefs_with_class, jsonld, link_rel, meta, meta_all, nodes, query_param};
use common::{article, browser, png, static_server, Site};

const CONFIG: &str = r##"[book]
title = "Test Site"
description = "A test site for herald's end-to-end tests of social metadata."
authors = ["Ada Writer"]
language = "en-GB"

[site]
base-url = "https://example.org/guide/"

[social]
x-handle = "testsite"
author-handles = { "Ada Writer" = "@ada" }
hashtags = ["herald"]
profiles = { mastodon = "https://mastodon.social/@testsite", github = "https://github.com/testsite" }
"##;

/// The hostile title: quotes, markup, `&`, a script end, a comment opener, `#`, `?` and emoji.
const HOSTILE: &str = r#"Q&A: "</script><!-- SMO" <b>bold</b> & more? #1 🚀"#;

fn site() -> Site {
    let s = Site::new();
    s.write("book.toml", CONFIG)
        .write("content/_index.md", "---\ntitle: Welcome home\ndescription: The home page of the test site, with a description long enough.\n---\nWelcome home. Read [what SMO is](smo/what-is-smo.md).\n")
        .write("content/smo/_index.md", "---\ntitle: SMO\ndescription: Social media optimization articles, from the basics to the details.\n---\nIntro to SMO.\n")
        .write(
            "content/smo/what-is-smo.md",
            "---\ntitle: What is SMO\ndescription: Social media optimization explained in one page, with examples and a short FAQ.\ndate: 2026-01-12\nupdated: 2026-03-04T10:30:00Z\ntags: [smo, open graph]\nfaq:\n  - question: Is SMO the same as SMM?\n    answer: No, SMO prepares pages <for> sharing & SMM reaches people.\n---\nFirst paragraph about SMO.\n\n## Basics\n\nSee [the hostile one](hostile.md).\n",
        )
        .write(
            "content/smo/hostile.md",
            &format!(
                "---\ntitle: '{}'\ndescription: 'A \"quoted\" </script> description & <i>markup</i> that is long enough 🚀'\ndate: 2026-02-01\nauthors: [\"Bo <Coder>\"]\ntags: [\"Q&A\"]\n---\nBody of the hostile article, linking [back](what-is-smo.md).\n",
                HOSTILE.replace('\'', "''")
            ),
        )
        .write("content/smm/ads.md", &article("Ads", "date: 2026-03-01\n", "Ads body, see [SMO](../smo/what-is-smo.md).\n"))
        .write("content/smm/draft.md", &article("Draft", "date: 2026-04-01\ndraft: true\n", "Not yet.\n"));
    s
}

#[test]
fn article_head_tags_one_by_one() {
    let s = site();
    s.build_ok(&[]);
    let page = s.public("smo/what-is-smo/index.html");
    let url = "https://example.org/guide/smo/what-is-smo/";
    assert_eq!(html::title(&page), "What is SMO | Test Site");
    assert_eq!(get(&link_rel(&page, "canonical")[0], "href"), url);
    assert_eq!(
        meta(&page, "description"),
        "Social media optimization explained in one page, with examples and a short FAQ."
    );
    assert_eq!(meta_all(&page, "robots"), ["max-image-preview:large"], "the default of `[seo] robots`");
    assert_eq!(meta(&page, "og:type"), "article");
    assert_eq!(meta(&page, "og:title"), "What is SMO");
    assert_eq!(meta(&page, "og:url"), url);
    assert_eq!(meta(&page, "og:site_name"), "Test Site");
    assert_eq!(meta(&page, "og:locale"), "en_GB");
    assert_eq!(meta(&page, "og:image"), format!("{url}social-card.png"));
    assert_eq!(meta(&page, "og:image:type"), "image/png");
    assert_eq!(meta(&page, "og:image:width"), "1200");
    assert_eq!(meta(&page, "og:image:height"), "630");
    assert_eq!(meta(&page, "og:image:alt"), "What is SMO – Test Site");
    assert_eq!(meta(&page, "article:published_time"), "2026-01-12T00:00:00Z");
    assert_eq!(meta(&page, "article:modified_time"), "2026-03-04T10:30:00Z");
    assert_eq!(meta(&page, "article:author"), "Ada Writer");
    assert_eq!(meta(&page, "article:section"), "SMO");
    assert_eq!(meta_all(&page, "article:tag"), ["smo", "open graph"]);
    assert_eq!(meta(&page, "twitter:card"), "summary_large_image");
    assert_eq!(meta(&page, "twitter:site"), "@testsite");
    assert_eq!(meta(&page, "twitter:creator"), "@ada");
    assert_eq!(meta(&page, "twitter:title"), "What is SMO");
    assert_eq!(meta(&page, "twitter:image"), format!("{url}social-card.png"));
    assert_eq!(meta(&page, "fediverse:creator"), "@testsite@mastodon.social");
    let feeds = link_rel(&page, "alternate");
    assert_eq!(get(&feeds[0], "type"), "application/atom+xml");
    assert_eq!(get(&feeds[0], "href"), "/guide/atom.xml");
    assert!(s.public_exists("smo/what-is-smo/social-card.png"));
}

#[test]
fn article_json_ld_has_posting_breadcrumbs_faq_and_publisher() {
    let s = site();
    s.build_ok(&[]);
    let ld = jsonld(&s.public("smo/what-is-smo/index.html"));
    assert_eq!(ld["@context"], "https://schema.org");
    let post = nodes(&ld, "BlogPosting")[0];
    let url = "https://example.org/guide/smo/what-is-smo/";
    assert_eq!(post["headline"], "What is SMO");
    assert_eq!(post["datePublished"], "2026-01-12T00:00:00Z");
    assert_eq!(post["dateModified"], "2026-03-04T10:30:00Z");
    assert_eq!(post["author"][0]["name"], "Ada Writer");
    assert_eq!(post["publisher"]["@id"], "https://example.org/guide/#publisher");
    assert_eq!(post["mainEntityOfPage"]["@id"], url);
    assert_eq!(post["image"]["url"], format!("{url}social-card.png"));
    assert_eq!(post["keywords"], serde_json::json!(["smo", "open graph"]));
    assert_eq!(post["inLanguage"], "en-GB");
    assert!(post["wordCount"].as_u64().unwrap() > 5);
    let crumbs = nodes(&ld, "BreadcrumbList")[0]["itemListElement"].as_array().unwrap().clone();
    let names: Vec<&str> = crumbs.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Welcome home", "SMO", "What is SMO"]);
    assert_eq!(crumbs[2]["item"], url);
    let faq = nodes(&ld, "FAQPage")[0];
    assert_eq!(
        faq["mainEntity"][0]["acceptedAnswer"]["text"],
        "No, SMO prepares pages <for> sharing & SMM reaches people."
    );
    let org = nodes(&ld, "Organization")[0];
    assert_eq!(org["sameAs"], serde_json::json!(["https://github.com/testsite", "https://mastodon.social/@testsite"]));
    let page = s.public("smo/what-is-smo/index.html");
    assert!(page.contains("<h2 id=\"faq-heading\">"), "the FAQ is on the page, not only in the data");
}

#[test]
fn reviewed_is_printed_and_reaches_json_ld() {
    let s = Site::new();
    s.write(
        "content/smo/checked.md",
        &article("Checked", "date: 2026-01-12\nupdated: 2026-03-04\nreviewed: 2026-11-29\n", "Body.\n"),
    )
    .write(
        "content/smo/older.md",
        &article("Older", "date: 2026-01-12\nupdated: 2026-12-01\nreviewed: 2026-11-29\n", "Body.\n"),
    )
    .write("content/smo/plain.md", &article("Plain", "date: 2026-01-12\n", "Body.\n"));
    s.build_ok(&[]);
    let page = s.public("smo/checked/index.html");
    assert!(page.contains("last reviewed <time datetime=\"2026-11-29\">November 29, 2026</time>"), "{page}");
    let post = nodes(&jsonld(&page), "BlogPosting")[0].clone();
    assert_eq!(post["dateModified"], "2026-11-29T00:00:00Z", "a review after the update is the last change");
    assert_eq!(post["mainEntityOfPage"]["@type"], "WebPage");
    assert_eq!(post["mainEntityOfPage"]["lastReviewed"], "2026-11-29T00:00:00Z");
    assert!(post.get("lastReviewed").is_none(), "schema.org has lastReviewed on WebPage, not on BlogPosting");

    let post = nodes(&jsonld(&s.public("smo/older/index.html")), "BlogPosting")[0].clone();
    assert_eq!(post["dateModified"], "2026-12-01T00:00:00Z", "an update after the review wins");

    let plain = s.public("smo/plain/index.html");
    assert!(!plain.contains("last reviewed"));
    let post = nodes(&jsonld(&plain), "BlogPosting")[0].clone();
    assert!(post["mainEntityOfPage"].get("lastReviewed").is_none());
    assert_eq!(post["dateModified"], "2026-01-12T00:00:00Z");
}

#[test]
fn home_section_tag_and_404_heads() {
    let s = site();
    s.build_ok(&[]);
    let home = s.public("index.html");
    assert_eq!(html::title(&home), "Test Site");
    assert_eq!(meta(&home, "og:type"), "website");
    assert_eq!(meta(&home, "og:url"), "https://example.org/guide/");
    let ld = jsonld(&home);
    assert_eq!(nodes(&ld, "WebSite")[0]["url"], "https://example.org/guide/");
    assert!(nodes(&ld, "BreadcrumbList").is_empty(), "no breadcrumbs on the home page");

    let section = s.public("smo/index.html");
    assert_eq!(html::title(&section), "SMO | Test Site");
    assert_eq!(meta(&section, "og:type"), "website");
    assert_eq!(nodes(&jsonld(&section), "CollectionPage").len(), 1);

    let tag = s.public("tags/open-graph/index.html");
    assert_eq!(html::title(&tag), "Articles tagged “open graph” | Test Site");
    let d = meta(&tag, "description");
    assert!(
        d.starts_with("1 article tagged “open graph” on Test Site: What is SMO.") && d.chars().count() >= 50,
        "{d}"
    );
    assert_ne!(meta(&s.public("tags/smo/index.html"), "description"), d, "tag descriptions are unique");
    assert_eq!(html::title(&s.public("tags/index.html")), "Tags | Test Site");

    let nf = s.public("404.html");
    assert_eq!(meta(&nf, "robots"), "noindex, max-image-preview:large");
    assert!(link_rel(&nf, "canonical").is_empty(), "a 404 answers at any URL: no canonical");
    assert!(meta_all(&nf, "og:url").is_empty());
}

#[test]
fn drafts_built_with_drafts_are_noindex_and_left_out_of_site_files() {
    let s = site();
    s.build_ok(&["--drafts"]);
    assert_eq!(meta(&s.public("smm/draft/index.html"), "robots"), "noindex, max-image-preview:large");
    assert!(!s.public("sitemap.xml").contains("/smm/draft/"));
    assert!(!s.public("atom.xml").contains("/smm/draft/"));
    assert!(!s.public("llms.txt").contains("/smm/draft/"));
}

#[test]
fn hostile_text_stays_escaped_everywhere_and_json_ld_parses() {
    let s = site();
    s.build_ok(&[]);
    let page = s.public("smo/hostile/index.html");
    assert_eq!(page.matches("</script>").count(), page.matches("<script").count(), "no extra </script>");
    assert!(!page.contains("<b>bold</b>") && !page.contains("<i>markup</i>") && !page.contains("<Coder>"));
    assert!(!page.contains("<!-- SMO"), "no comment opener outside escaping");
    // Past 60 characters with the site's name, the title is the page's alone.
    assert_eq!(html::title(&page), HOSTILE);
    assert_eq!(meta(&page, "og:title"), HOSTILE);
    assert_eq!(meta(&page, "twitter:title"), HOSTILE);
    let ld = jsonld(&page);
    let post = nodes(&ld, "BlogPosting")[0];
    assert_eq!(post["headline"], HOSTILE);
    assert_eq!(post["author"][0]["name"], "Bo <Coder>");
    assert!(post["description"].as_str().unwrap().contains("</script>"));

    let feed = s.public("atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let titles: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    assert!(titles.contains(&HOSTILE), "{titles:?}");
    roxmltree::Document::parse(&s.public("sitemap.xml")).expect("the sitemap is XML");
    assert!(s.public("llms.txt").contains(&format!("- [{HOSTILE}](https://example.org/guide/smo/hostile/)")));
    // Tag pages and listings show the title escaped too.
    let tag = s.public("tags/q-a/index.html");
    assert!(!tag.contains("<b>bold</b>") && tag.contains("&lt;b&gt;bold&lt;/b&gt;"), "{tag}");
}

#[test]
fn minified_pages_keep_their_json_ld_and_escaping() {
    let s = site();
    s.write("book.toml", &format!("{CONFIG}\n[build]\nminify = true\n"));
    s.build_ok(&[]);
    let page = s.public("smo/hostile/index.html");
    // The minifier writes characters literally where HTML allows it (in a quoted attribute, in
    // the title's raw text); what a parser reads back must be unchanged, and the script intact.
    assert_eq!(html::title(&page), HOSTILE);
    assert_eq!(page.matches("<script").count(), 3, "JSON-LD, search.js and share.js, nothing else");
    assert_eq!(nodes(&jsonld(&page), "BlogPosting")[0]["headline"], HOSTILE);
}

#[test]
fn share_links_decode_back_to_the_canonical_url() {
    let s = site();
    s.build_ok(&[]);
    let page = s.public("smo/hostile/index.html");
    let canonical = "https://example.org/guide/smo/hostile/";
    let links: Vec<String> = hrefs_with_class(&page, "share-link");
    assert_eq!(links.len(), 10, "{links:?}");
    let of =
        |prefix: &str| links.iter().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("{prefix}: {links:?}"));
    let x = of("https://x.com/intent/tweet?");
    assert_eq!(query_param(x, "url").unwrap(), canonical);
    assert_eq!(query_param(x, "text").unwrap(), HOSTILE);
    assert_eq!(query_param(x, "hashtags").unwrap(), "herald,QA");
    assert_eq!(query_param(of("https://www.facebook.com/sharer/sharer.php?"), "u").unwrap(), canonical);
    assert_eq!(query_param(of("https://www.linkedin.com/sharing/share-offsite/?"), "url").unwrap(), canonical);
    let reddit = of("https://www.reddit.com/submit?");
    assert_eq!(
        (query_param(reddit, "url").unwrap(), query_param(reddit, "title").unwrap()),
        (canonical.into(), HOSTILE.into())
    );
    let hn = of("https://news.ycombinator.com/submitlink?");
    assert_eq!((query_param(hn, "u").unwrap(), query_param(hn, "t").unwrap()), (canonical.into(), HOSTILE.into()));
    let bsky = query_param(of("https://bsky.app/intent/compose?"), "text").unwrap();
    assert_eq!(bsky, format!("{HOSTILE} {canonical} #herald #QA"));
    let masto = query_param(of("https://s2f.kytta.org/?"), "text").unwrap();
    assert!(masto.contains(canonical), "{masto}");
    let tg = of("https://telegram.me/share/url?");
    assert_eq!(query_param(tg, "url").unwrap(), canonical);
    assert_eq!(query_param(of("https://wa.me/?"), "text").unwrap(), format!("{HOSTILE} {canonical}"));
    let mail = of("mailto:?");
    assert_eq!(
        (query_param(mail, "subject").unwrap(), query_param(mail, "body").unwrap()),
        (HOSTILE.into(), canonical.into())
    );
    for l in &links {
        assert!(!l.contains(' ') && !l.contains('"') && !l.contains('<'), "{l}");
    }
    assert!(page.contains("data-copy-url=\"https://example.org/guide/smo/hostile/\""));
    let script = html::tags(&page, "script")
        .into_iter()
        .find_map(|a| a.iter().find(|(k, v)| k == "src" && v.contains("/js/share.")).map(|(_, v)| v.clone()));
    let script = script.expect("copy and Web Share buttons come with their script");
    assert!(script.starts_with("/guide/js/share.") && script.ends_with(".js"), "{script}");
    assert!(s.public_exists(script.trim_start_matches("/guide/")), "{script}");
    assert!(!page.contains("<iframe"));
    assert!(hrefs_with_class(&s.public("smo/index.html"), "share-link").is_empty(), "share buttons are for articles");
}

#[test]
fn utm_parameters_go_on_shared_urls_only_and_order_follows_the_config() {
    let s = site();
    s.write(
        "book.toml",
        &CONFIG.replace("hashtags = [\"herald\"]", "hashtags = []\nshare = [\"linkedin\", \"x\", \"mastodon\"]\nmastodon-instance = \"fosstodon.org\"\nutm = true\nutm-campaign = \"spring sale\""),
    );
    s.build_ok(&[]);
    let page = s.public("smo/what-is-smo/index.html");
    let links = hrefs_with_class(&page, "share-link");
    assert_eq!(links.len(), 3);
    assert!(links[0].starts_with("https://www.linkedin.com/") && links[1].starts_with("https://x.com/"));
    assert!(links[2].starts_with("https://fosstodon.org/share?text="), "{}", links[2]);
    let shared = query_param(&links[0], "url").unwrap();
    assert_eq!(
        shared,
        "https://example.org/guide/smo/what-is-smo/?utm_source=linkedin&utm_medium=social&utm_campaign=spring%20sale"
    );
    assert_eq!(meta(&page, "og:url"), "https://example.org/guide/smo/what-is-smo/");
    assert!(!page.contains("rel=\"canonical\" href=\"https://example.org/guide/smo/what-is-smo/?"));
}

#[test]
fn unknown_share_network_is_a_config_error() {
    let s = site();
    s.write("book.toml", &CONFIG.replace("hashtags = [\"herald\"]", "share = [\"x\", \"myspace\"]"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("book.toml:") && r.stderr.contains("`myspace`"), "{}", r.stderr);
}

#[test]
fn follow_links_carry_rel_me() {
    let s = site();
    s.build_ok(&[]);
    let home = s.public("index.html");
    let follow = html::tags(&home, "a")
        .into_iter()
        .filter(|a| a.iter().any(|(k, v)| k == "class" && v.contains("follow-link")))
        .collect::<Vec<_>>();
    assert_eq!(follow.len(), 2);
    let masto = follow.iter().find(|a| get(a, "href") == "https://mastodon.social/@testsite").unwrap();
    assert_eq!(get(masto, "rel"), "me");
    assert!(home.contains("Test Site on Mastodon"));
}

#[test]
fn sitemap_lists_every_indexable_page_with_lastmod() {
    let s = site();
    s.build_ok(&[]);
    let xml = s.public("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().tag_name().namespace(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    let mut locs: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let child =
                |name: &str| u.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).map(String::from);
            (child("loc").unwrap(), child("lastmod"))
        })
        .collect();
    locs.sort();
    let base = "https://example.org/guide/";
    let expected = [
        "",
        "smm/",
        "smm/ads/",
        "smo/",
        "smo/hostile/",
        "smo/what-is-smo/",
        "tags/",
        "tags/open-graph/",
        "tags/q-a/",
        "tags/smo/",
    ];
    assert_eq!(locs.iter().map(|(l, _)| l.strip_prefix(base).unwrap()).collect::<Vec<_>>(), expected);
    let lastmod = |path: &str| locs.iter().find(|(l, _)| l == &format!("{base}{path}")).unwrap().1.clone();
    assert_eq!(lastmod("smo/what-is-smo/").as_deref(), Some("2026-03-04T10:30:00Z"), "updated wins over date");
    assert_eq!(lastmod("smm/ads/").as_deref(), Some("2026-03-01"));
    assert_eq!(lastmod("smo/").as_deref(), Some("2026-03-04T10:30:00Z"), "a section is as new as its newest article");
    assert!(!xml.contains("404"));
    assert_eq!(s.public("robots.txt"), "User-agent: *\nDisallow:\n\nSitemap: https://example.org/guide/sitemap.xml\n");
}

#[test]
fn robots_rules_are_configurable() {
    let s = site();
    s.write(
        "book.toml",
        &CONFIG.replace(
            "base-url = \"https://example.org/guide/\"",
            "base-url = \"https://example.org/guide/\"\nrobots-disallow = [\"/search/\"]",
        ),
    );
    s.build_ok(&[]);
    assert!(s.public("robots.txt").contains("Disallow: /guide/search/\n"));
}

#[test]
fn atom_feed_lists_dated_articles_newest_first_and_section_feeds_on_request() {
    let s = site();
    s.write("book.toml", &format!("{CONFIG}\n[feeds]\nsections = true\n"));
    s.build_ok(&[]);
    let xml = s.public("atom.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    let child_text = |n: roxmltree::Node, name: &str| {
        n.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or_default().to_string()
    };
    assert_eq!(child_text(root, "updated"), "2026-03-04T10:30:00Z");
    assert_eq!(child_text(root, "id"), "https://example.org/guide/atom.xml");
    let ids: Vec<String> = root.children().filter(|n| n.has_tag_name("entry")).map(|e| child_text(e, "id")).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/guide/smm/ads/",
            "https://example.org/guide/smo/hostile/",
            "https://example.org/guide/smo/what-is-smo/"
        ]
    );
    let smo = roxmltree::Document::parse(&s.public("smo/atom.xml"))
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    assert_eq!(smo, 2);
    let page = s.public("smo/what-is-smo/index.html");
    let hrefs: Vec<String> = link_rel(&page, "alternate").iter().map(|a| get(a, "href").to_string()).collect();
    assert_eq!(
        hrefs,
        [
            "/guide/atom.xml",
            "/guide/rss.xml",
            "/guide/feed.json",
            "/guide/smo/atom.xml",
            "/guide/smo/rss.xml",
            "/guide/smo/feed.json"
        ]
    );
}

#[test]
fn llms_txt_lists_articles_by_section() {
    let s = site();
    s.build_ok(&[]);
    let t = s.public("llms.txt");
    assert!(t.starts_with("# Test Site\n\n> The home page of the test site"), "{t}");
    let smo = t.find("\n## SMO\n").expect("a section heading");
    let entry = t
        .find("- [What is SMO](https://example.org/guide/smo/what-is-smo/): Social media optimization explained")
        .unwrap();
    assert!(smo < entry);
}

#[test]
fn cards_are_1200x630_identical_across_builds_and_cached() {
    let s = site();
    let first = s.build_ok(&[]);
    assert!(first.stderr.contains("social cards: 10 drawn, 0 cached"), "{}", first.stderr);
    let card = std::fs::read(s.path("public/smo/what-is-smo/social-card.png")).unwrap();
    assert_eq!(&card[..8], b"\x89PNG\r\n\x1a\n");
    let size = imagesize::blob_size(&card).unwrap();
    assert_eq!((size.width, size.height), (1200, 630));
    let second = s.build_ok(&[]);
    assert!(
        second.stderr.contains("social cards: 0 drawn, 10 cached"),
        "an unchanged card is never redrawn: {}",
        second.stderr
    );
    assert_eq!(std::fs::read(s.path("public/smo/what-is-smo/social-card.png")).unwrap(), card);
    // Drawn again from nothing, the card is the same to the byte.
    std::fs::remove_dir_all(s.path(".herald-cache")).unwrap();
    let third = s.build_ok(&[]);
    assert!(third.stderr.contains("10 drawn"), "{}", third.stderr);
    assert_eq!(std::fs::read(s.path("public/smo/what-is-smo/social-card.png")).unwrap(), card);
    // A changed title redraws that card only.
    s.write("content/smm/ads.md", &article("Ads and more", "date: 2026-03-01\n", "Ads body.\n"));
    let fourth = s.build_ok(&[]);
    assert!(fourth.stderr.contains("social cards: 1 drawn, 9 cached"), "{}", fourth.stderr);

    // The cache keeps what builds use: a month and more later, the card of the old title goes,
    // with a half-written leftover, while the ten cards read again stay.
    let dir = s.path(".herald-cache/cards");
    let pngs = || {
        let mut v: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".png"))
            .collect();
        v.sort();
        v
    };
    assert_eq!(pngs().len(), 11, "the card of the old title is still cached");
    std::fs::write(dir.join("abc.tmp-1-0"), b"half a card").unwrap();
    std::fs::write(dir.join("notes.txt"), b"not herald's").unwrap();
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(40 * 24 * 3600);
    for e in std::fs::read_dir(&dir).unwrap() {
        let f = std::fs::File::options().write(true).open(e.unwrap().path()).unwrap();
        f.set_modified(long_ago).unwrap();
    }
    let fifth = s.build_ok(&[]);
    assert!(fifth.stderr.contains("social cards: 0 drawn, 10 cached"), "{}", fifth.stderr);
    assert_eq!(pngs().len(), 10, "{:?}", pngs());
    assert!(!dir.join("abc.tmp-1-0").exists());
    assert!(dir.join("notes.txt").exists(), "files herald did not write are left alone");
    // The kept cards are marked as used, so the next build keeps them too.
    let sixth = s.build_ok(&[]);
    assert!(sixth.stderr.contains("social cards: 0 drawn, 10 cached"), "{}", sixth.stderr);
    assert_eq!(pngs().len(), 10);
}

#[test]
fn own_and_default_images_replace_cards_and_small_ones_warn() {
    let s = site();
    s.write_bytes("content/smm/bundle/photo.png", &png(800, 400))
        .write(
            "content/smm/bundle/index.md",
            &article("Bundle", "date: 2026-01-01\nimage: photo.png\nimage-alt: A grey square\n", "Body.\n"),
        )
        .write_bytes("static/img/share.png", &png(1200, 630))
        .write("book.toml", &CONFIG.replace("hashtags = [\"herald\"]", "default-image = \"img/share.png\""));
    let r = s.build_ok(&[]);
    assert!(r.stderr.contains("seo/image-size") && r.stderr.contains("800x400"), "{}", r.stderr);
    assert!(r.stderr.contains("content/smm/bundle/index.md:5"), "{}", r.stderr);
    let page = s.public("smm/bundle/index.html");
    assert_eq!(meta(&page, "og:image"), "https://example.org/guide/smm/bundle/photo.png");
    assert_eq!((meta(&page, "og:image:width"), meta(&page, "og:image:height")), ("800".into(), "400".into()));
    assert_eq!(meta(&page, "og:image:alt"), "A grey square");
    let other = s.public("smm/ads/index.html");
    assert_eq!(meta(&other, "og:image"), "https://example.org/guide/img/share.png");
    assert_eq!(meta(&other, "og:image:width"), "1200");
    assert!(!s.public_exists("smm/ads/social-card.png"), "no card where an image exists");
    assert!(r.stderr.contains("social cards: 0 drawn"), "{}", r.stderr);
}

#[test]
fn a_missing_image_is_an_error_at_its_line() {
    let s = site();
    s.write("content/smm/pic.md", &article("Pic", "image: /img/nope.png\n", "Body.\n"));
    let r = s.build_err(&[]);
    assert!(
        r.stderr.contains("content/smm/pic.md:4") && r.stderr.contains("`/img/nope.png` does not exist"),
        "{}",
        r.stderr
    );
}

#[test]
fn copy_and_web_share_buttons_appear_only_where_the_browser_has_them() {
    let s = Site::new();
    s.write("content/guide/a.md", &article("A & B", "date: 2026-01-01\n", "Body.\n"));
    s.build_ok(&[]);
    let Some(mut b) = browser::browser_or_skip("copy_and_web_share_buttons_appear_only_where_the_browser_has_them")
    else {
        return;
    };
    let page = format!("{}/guide/a/", static_server::serve(&s.path("public")));
    b.goto(&page);
    b.wait_for("document.readyState === 'complete'", std::time::Duration::from_secs(5));
    let has_share = b.eval("typeof navigator.share === 'function'");
    let native_hidden = b.eval("document.querySelector('.share-native').parentElement.hidden");
    assert_eq!(
        native_hidden.as_bool(),
        has_share.as_bool().map(|h| !h),
        "the system share button follows navigator.share"
    );

    // A browser with both APIs: stand-ins record what the buttons hand them.
    let stubs = "window.__shared = null; window.__copied = null;\
        navigator.share = async (d) => { window.__shared = d; };\
        Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t) => { window.__copied = t; } } });";
    b.call("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": stubs })).unwrap();
    b.goto(&page);
    let timeout = std::time::Duration::from_secs(5);
    b.wait_for("!document.querySelector('.share-copy').parentElement.hidden", timeout);
    b.wait_for("!document.querySelector('.share-native').parentElement.hidden", timeout);
    b.eval("document.querySelector('.share-copy').click()");
    b.wait_for("window.__copied !== null", timeout);
    assert_eq!(b.eval("window.__copied"), "https://example.org/guide/a/");
    b.wait_for("document.querySelector('.share-status').textContent === 'Link copied.'", timeout);
    b.eval("document.querySelector('.share-native').click()");
    b.wait_for("window.__shared !== null", timeout);
    assert_eq!(b.eval("window.__shared.url"), "https://example.org/guide/a/");
    assert_eq!(b.eval("window.__shared.title"), "A & B");
}
