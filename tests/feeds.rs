//! Feeds and the sitemap end to end: the real binary builds a site in a temp dir, and the files
//! it writes are parsed by real parsers (roxmltree for XML).

mod common;

use common::html::meta;
use common::Site;

const CONFIG: &str = "[book]\ntitle = \"Feed & <Site>\"\ndescription = \"A site for feed tests.\"\nauthors = [\"Ada\"]\n\n[site]\nbase-url = \"https://example.org/guide/\"\n";

/// A title with every character XML must escape and one it cannot hold at all (U+0001), written
/// as a YAML escape.
const NASTY_YAML: &str = r#""Tom & Jerry <b>bold</b> \"double\" 'single' \x01bell""#;
const NASTY: &str = "Tom & Jerry <b>bold</b> \"double\" 'single' bell";

fn site() -> Site {
    let s = Site::new();
    s.write("book.toml", CONFIG)
        .write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .write("content/smo/_index.md", "---\ntitle: SMO\n---\nIntro.\n")
        .write(
            "content/smo/nasty.md",
            &format!("---\ntitle: {NASTY_YAML}\ndescription: \"Summary with & and <tags> and \\x02 control.\"\ndate: 2026-02-01\ntags: [\"Q&A\"]\n---\nBody.\n"),
        )
        .write(
            "content/smo/reviewed.md",
            "---\ntitle: Reviewed\ndate: 2026-01-10\nupdated: 2026-03-01\nreviewed: 2026-05-20T08:00:00Z\n---\nBody.\n",
        );
    s
}

fn child_text<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    n.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or_default()
}

#[test]
fn markup_quotes_and_control_characters_give_well_formed_feed_and_sitemap() {
    let s = site();
    s.build_ok(&[]);
    let atom = s.public("atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap_or_else(|e| panic!("atom.xml: {e}\n{atom}"));
    let root = doc.root_element();
    assert_eq!(child_text(root, "title"), "Feed & <Site>");
    let entry = root
        .children()
        .find(|e| e.has_tag_name("entry") && child_text(*e, "id").ends_with("/smo/nasty/"))
        .expect("the entry");
    assert_eq!(child_text(entry, "title"), NASTY);
    assert_eq!(child_text(entry, "summary"), "Summary with & and <tags> and  control.");
    let category = entry.children().find(|c| c.has_tag_name("category")).unwrap();
    assert_eq!(category.attribute("label"), Some("Q&A"));
    let sitemap = s.public("sitemap.xml");
    roxmltree::Document::parse(&sitemap).unwrap_or_else(|e| panic!("sitemap.xml: {e}\n{sitemap}"));
}

#[test]
fn a_review_later_than_the_update_is_the_modification_date_everywhere() {
    let s = site();
    s.build_ok(&[]);
    let page = s.public("smo/reviewed/index.html");
    assert_eq!(meta(&page, "article:published_time"), "2026-01-10T00:00:00Z");
    assert_eq!(meta(&page, "article:modified_time"), "2026-05-20T08:00:00Z");
    let sitemap = s.public("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let url = doc
        .descendants()
        .find(|u| u.has_tag_name("url") && child_text(*u, "loc") == "https://example.org/guide/smo/reviewed/")
        .expect("the article in the sitemap");
    assert_eq!(child_text(url, "lastmod"), "2026-05-20T08:00:00Z");
    let atom = s.public("atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let entry = doc
        .descendants()
        .find(|e| e.has_tag_name("entry") && child_text(*e, "id").ends_with("/smo/reviewed/"))
        .unwrap();
    assert_eq!(child_text(entry, "published"), "2026-01-10T00:00:00Z");
    assert_eq!(child_text(entry, "updated"), "2026-05-20T08:00:00Z");
    assert_eq!(child_text(doc.root_element(), "updated"), "2026-05-20T08:00:00Z");
}

/// Checks what RSS 2.0 requires: `<rss version="2.0">`, a channel with title, link and
/// description, items with a title or description, RFC 822 dates and complete enclosures.
/// Returns the items' links.
fn valid_rss(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let rss = doc.root_element();
    assert_eq!((rss.tag_name().name(), rss.attribute("version")), ("rss", Some("2.0")));
    let channel = rss.children().find(|c| c.has_tag_name("channel")).expect("a channel");
    for required in ["title", "link", "description"] {
        assert!(!child_text(channel, required).is_empty(), "channel {required}: {xml}");
    }
    chrono::DateTime::parse_from_rfc2822(child_text(channel, "lastBuildDate")).expect("an RFC 822 date");
    let items: Vec<_> = channel.children().filter(|c| c.has_tag_name("item")).collect();
    for item in &items {
        assert!(!child_text(*item, "title").is_empty() || !child_text(*item, "description").is_empty());
        chrono::DateTime::parse_from_rfc2822(child_text(*item, "pubDate")).expect("an RFC 822 date");
        for e in item.children().filter(|c| c.has_tag_name("enclosure")) {
            assert!(e.attribute("url").is_some_and(|u| u.starts_with("https://")), "{xml}");
            assert!(e.attribute("length").is_some_and(|n| n.parse::<u64>().is_ok()), "{xml}");
            assert!(e.attribute("type").is_some_and(|t| t.contains('/')), "{xml}");
        }
    }
    items.iter().map(|i| child_text(*i, "link").to_string()).collect()
}

/// Checks what Atom requires of a feed and its entries (id, title, updated; an author for every
/// entry, from the feed or its own). Returns the entries' ids.
fn valid_atom(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    for required in ["id", "title", "updated"] {
        assert!(!child_text(feed, required).is_empty(), "feed {required}: {xml}");
    }
    assert!(feed.children().any(|c| c.has_tag_name("author")));
    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name("entry")).collect();
    for e in &entries {
        for required in ["id", "title", "updated"] {
            assert!(!child_text(*e, required).is_empty(), "entry {required}: {xml}");
        }
        chrono::DateTime::parse_from_rfc3339(child_text(*e, "updated")).expect("an RFC 3339 date");
    }
    entries.iter().map(|e| child_text(*e, "id").to_string()).collect()
}

/// Checks JSON Feed 1.1's required members and the types of those herald writes. Returns the
/// items.
fn valid_json_feed(text: &str) -> Vec<serde_json::Value> {
    let feed: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert!(feed["title"].is_string());
    for url in ["home_page_url", "feed_url"] {
        assert!(feed[url].as_str().is_some_and(|u| u.starts_with("https://")), "{url}: {text}");
    }
    let items = feed["items"].as_array().expect("items").clone();
    for item in &items {
        assert!(item["id"].is_string(), "{item}");
        assert!(item["content_html"].is_string() || item["content_text"].is_string(), "{item}");
        for date in ["date_published", "date_modified"] {
            chrono::DateTime::parse_from_rfc3339(item[date].as_str().unwrap()).expect("an RFC 3339 date");
        }
        assert!(item["authors"].as_array().is_some_and(|a| a.iter().all(|a| a["name"].is_string())));
    }
    items
}

fn full_site() -> Site {
    let s = site();
    s.write("book.toml", &format!("{CONFIG}\n[feeds]\nsections = true\ntags = true\n"))
        .write("content/smm/_index.md", "---\ntitle: SMM\n---\nIntro.\n")
        .write(
            "content/smm/bundle/index.md",
            "---\ntitle: Bundle\ndate: 2026-04-01\nimage: chart.png\ntags: [smo]\n---\nSee [the chart](chart.png) and [SMO](../../smo/reviewed.md).\n\nMore.\n",
        )
        .write_bytes("content/smm/bundle/chart.png", &common::png(1200, 630))
        .write("content/smm/remote.md", "---\ntitle: Remote\ndate: 2026-03-15\nimage: https://cdn.example.org/x.jpg\n---\nBody.\n")
        .write("content/smm/undated.md", "---\ntitle: Undated\n---\nBody.\n")
        .write("content/smm/draft.md", "---\ntitle: Draft\ndate: 2026-06-01\ndraft: true\n---\nBody.\n");
    s
}

#[test]
fn rss_and_json_feed_carry_the_atom_feeds_items() {
    let s = full_site();
    s.build_ok(&[]);
    let newest = [
        "https://example.org/guide/smm/bundle/",
        "https://example.org/guide/smm/remote/",
        "https://example.org/guide/smo/nasty/",
        "https://example.org/guide/smo/reviewed/",
    ];
    assert_eq!(valid_atom(&s.public("atom.xml")), newest);
    assert_eq!(valid_rss(&s.public("rss.xml")), newest);
    let items = valid_json_feed(&s.public("feed.json"));
    assert_eq!(items.iter().map(|i| i["id"].as_str().unwrap()).collect::<Vec<_>>(), newest);
    // JSON can hold the control character that XML cannot.
    assert_eq!(items[2]["title"], NASTY.replace("bell", "\u{1}bell"));
    assert_eq!(items[2]["tags"], serde_json::json!(["Q&A"]));
    // Summaries by default: the description, and the first paragraph as HTML.
    assert_eq!(items[2]["summary"], "Summary with & and <tags> and \u{2} control.");
    assert_eq!(
        items[0]["content_html"],
        "<p>See <a href=\"https://example.org/guide/smm/bundle/chart.png\">the chart</a> and <a href=\"https://example.org/guide/smo/reviewed/\">SMO</a>.</p>\n"
    );
    assert!(!s.public("rss.xml").contains("content:encoded>"));
    assert!(!s.public("atom.xml").contains("<content"));

    // The article's own image: length and type from the file when it is local.
    let rss = s.public("rss.xml");
    let doc = roxmltree::Document::parse(&rss).unwrap();
    let enclosures: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("enclosure")).collect();
    assert_eq!(enclosures.len(), 2, "{rss}");
    let png_len = std::fs::metadata(s.path("content/smm/bundle/chart.png")).unwrap().len().to_string();
    assert_eq!(enclosures[0].attribute("url"), Some("https://example.org/guide/smm/bundle/chart.png"));
    assert_eq!(enclosures[0].attribute("length"), Some(png_len.as_str()));
    assert_eq!(enclosures[0].attribute("type"), Some("image/png"));
    assert_eq!(enclosures[1].attribute("url"), Some("https://cdn.example.org/x.jpg"));
    assert_eq!(enclosures[1].attribute("length"), Some("0"));
    assert_eq!(enclosures[1].attribute("type"), Some("image/jpeg"));
    assert_eq!(items[0]["image"], "https://example.org/guide/smm/bundle/chart.png");
    assert!(items[2].get("image").is_none(), "a generated card is not the article's image");
}

#[test]
fn section_and_tag_feeds_on_request_and_their_links_in_the_head() {
    let s = full_site();
    s.build_ok(&[]);
    assert_eq!(valid_rss(&s.public("smm/rss.xml")).len(), 2);
    assert_eq!(valid_atom(&s.public("smo/atom.xml")).len(), 2);
    let tag = valid_json_feed(&s.public("tags/smo/feed.json"));
    assert_eq!(tag.len(), 1);
    assert_eq!(tag[0]["id"], "https://example.org/guide/smm/bundle/");
    assert_eq!(valid_atom(&s.public("tags/q-a/atom.xml")), ["https://example.org/guide/smo/nasty/"]);

    let alternates = |page: &str| -> Vec<(String, String)> {
        common::html::link_rel(page, "alternate")
            .iter()
            .map(|l| (common::html::get(l, "type").to_string(), common::html::get(l, "href").to_string()))
            .collect()
    };
    let site_feeds = [
        ("application/atom+xml", "/guide/atom.xml"),
        ("application/rss+xml", "/guide/rss.xml"),
        ("application/feed+json", "/guide/feed.json"),
    ];
    let owned = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    let mut smm = owned(&site_feeds);
    smm.extend(owned(&[
        ("application/atom+xml", "/guide/smm/atom.xml"),
        ("application/rss+xml", "/guide/smm/rss.xml"),
        ("application/feed+json", "/guide/smm/feed.json"),
    ]));
    assert_eq!(alternates(&s.public("smm/bundle/index.html")), smm);
    assert_eq!(alternates(&s.public("smm/index.html")), smm);
    assert_eq!(alternates(&s.public("index.html")), owned(&site_feeds));
    let tag_page = s.public("tags/smo/index.html");
    assert_eq!(alternates(&tag_page).last().unwrap().1, "/guide/tags/smo/feed.json");
    let titles: Vec<String> = common::html::link_rel(&tag_page, "alternate")
        .iter()
        .map(|l| common::html::get(l, "title").to_string())
        .collect();
    assert_eq!(titles[1], "Feed & <Site> (RSS)");
    assert_eq!(titles[5], "smo – Feed & <Site> (JSON Feed)");
}

#[test]
fn each_format_can_be_turned_off_and_full_content_is_absolute() {
    let s = full_site();
    s.write("book.toml", &format!("{CONFIG}\n[feeds]\natom = false\njson = false\ncontent = \"full\"\n"));
    s.build_ok(&[]);
    assert!(!s.public_exists("atom.xml") && !s.public_exists("feed.json") && !s.public_exists("smm/rss.xml"));
    let rss = s.public("rss.xml");
    valid_rss(&rss);
    let doc = roxmltree::Document::parse(&rss).unwrap();
    let full = doc.descendants().find(|n| n.has_tag_name("encoded")).and_then(|n| n.text()).expect("full content");
    assert!(
        full.contains("<a href=\"https://example.org/guide/smm/bundle/chart.png\">") && full.contains("<p>More.</p>"),
        "{full}"
    );
    let page = s.public("smm/bundle/index.html");
    let hrefs: Vec<String> =
        common::html::link_rel(&page, "alternate").iter().map(|l| common::html::get(l, "href").to_string()).collect();
    assert_eq!(hrefs, ["/guide/rss.xml"]);
    assert!(page.contains("Feeds: <a href=\"/guide/rss.xml\">RSS</a> ·"), "the footer links the feeds that exist");

    s.write("book.toml", &format!("{CONFIG}\n[feeds]\nrss = false\ncontent = \"full\"\n"));
    s.build_ok(&[]);
    let atom = s.public("atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let content = doc.descendants().find(|n| n.has_tag_name("content")).expect("Atom content");
    assert_eq!(content.attribute("type"), Some("html"));
    assert!(!s.public_exists("rss.xml"));
    let items = valid_json_feed(&s.public("feed.json"));
    assert!(items[0]["content_html"].as_str().unwrap().contains("<p>More.</p>"));
}

#[test]
fn advertise_chooses_the_feeds_in_the_head_and_every_feed_is_still_written() {
    let s = full_site();
    s.write("book.toml", &format!("{CONFIG}\n[feeds]\nsections = true\nadvertise = [\"atom\"]\n"));
    s.build_ok(&[]);
    valid_rss(&s.public("rss.xml"));
    valid_json_feed(&s.public("feed.json"));
    let page = s.public("smm/bundle/index.html");
    let hrefs: Vec<String> =
        common::html::link_rel(&page, "alternate").iter().map(|l| common::html::get(l, "href").to_string()).collect();
    assert_eq!(
        hrefs,
        ["/guide/atom.xml", "/guide/smm/atom.xml"],
        "only Atom is announced, site-wide and the section's"
    );
    assert!(
        page.contains("<a href=\"/guide/rss.xml\">RSS</a>")
            && page.contains("<a href=\"/guide/feed.json\">JSON Feed</a>"),
        "the footer still links every site-wide feed"
    );

    s.write("book.toml", &format!("{CONFIG}\n[feeds]\njson = false\nadvertise = [\"rss\", \"json\"]\n"));
    let run = s.build_err(&[]);
    assert!(
        run.stderr.contains("book.toml:") && run.stderr.contains("`[feeds] advertise` names `json`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("json = false"), "{}", run.stderr);
}

/// The body of an article that calls a site shortcode inline and with a body, and a theme one.
const CALLS: &str = "Intro {{ badge(text=\"new & <hot>\") }} here.\n\n{% note(kind=\"tip\") %}\nRead [the guide](/guide/smo/reviewed/).\n{% end %}\n\n{% details(summary=\"More\") %}\nHidden *text*.\n{% end %}\n";

#[test]
fn full_content_feeds_carry_what_shortcodes_print() {
    let s = site();
    s.write("book.toml", &format!("{CONFIG}\n[feeds]\ncontent = \"full\"\n"))
        .write("templates/shortcodes/badge.html", "<mark class=\"badge\">{{ text }}</mark>")
        .write(
            "templates/shortcodes/note.html",
            "<aside class=\"note-{{ kind }}\"><a href=\"/guide/smo/\">SMO</a>{{ body | safe }}</aside>",
        )
        .write("content/smo/calls.md", &format!("---\ntitle: Calls\ndate: 2026-06-01\n---\n{CALLS}"));
    s.build_ok(&[]);
    let page = s.public("smo/calls/index.html");
    let expected = [
        "<mark class=\"badge\">new &amp; &lt;hot&gt;</mark>",
        "<aside class=\"note-tip\"><a href=\"https://example.org/guide/smo/\">SMO</a>",
        "<a href=\"https://example.org/guide/smo/reviewed/\">the guide</a>",
        "<summary>More</summary>",
        "<p>Hidden <em>text</em>.</p>",
    ];
    assert!(page.contains("<aside class=\"note-tip\"><a href=\"/guide/smo/\">SMO</a>"), "{page}");

    let atom = s.public("atom.xml");
    valid_atom(&atom);
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let entry = doc.descendants().find(|n| n.has_tag_name("entry") && child_text(*n, "title") == "Calls").unwrap();
    let atom_html = child_text(entry, "content").to_string();

    let rss = s.public("rss.xml");
    valid_rss(&rss);
    let doc = roxmltree::Document::parse(&rss).unwrap();
    let item = doc.descendants().find(|n| n.has_tag_name("item") && child_text(*n, "title") == "Calls").unwrap();
    let rss_html = child_text(item, "encoded").to_string();

    let items = valid_json_feed(&s.public("feed.json"));
    let item = items.iter().find(|i| i["title"] == "Calls").unwrap();
    let json_html = item["content_html"].as_str().unwrap().to_string();

    for (feed, html) in [("Atom", &atom_html), ("RSS", &rss_html), ("JSON Feed", &json_html)] {
        for part in expected {
            assert!(html.contains(part), "{feed} lacks `{part}`: {html}");
        }
        assert!(!html.contains("herald:") && !html.contains("{{") && !html.contains("{%"), "{feed}: {html}");
    }
}

#[test]
fn full_content_feeds_carry_the_comparison_tables_placed_and_not() {
    let s = site();
    let front = "title: Versus\ndate: 2026-06-02\ncomparisons:\n  - id: tools\n    title: Tools & \"friends\"\n    columns: [Hammer, Saw]\n    rows:\n      - aspect: Use\n        values: [\"Drives *nails*\", \"Cuts <wood>\"]\n        note: Wear gloves.\n  - id: extra\n    title: Extra table\n    columns: [A, B]\n    rows:\n      - aspect: Size\n        values: [Small, Large]\n";
    s.write("book.toml", &format!("{CONFIG}\n[feeds]\ncontent = \"full\"\n")).write(
        "content/smo/versus.md",
        &format!("---\n{front}---\nBefore the table.\n\n{{{{ comparison(id=\"tools\") }}}}\n\nAfter the table.\n"),
    );
    s.build_ok(&[]);
    let atom = s.public("atom.xml");
    valid_atom(&atom);
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let entry = doc.descendants().find(|n| n.has_tag_name("entry") && child_text(*n, "title") == "Versus").unwrap();
    let atom_html = child_text(entry, "content").to_string();
    let items = valid_json_feed(&s.public("feed.json"));
    let json_html =
        items.iter().find(|i| i["title"] == "Versus").unwrap()["content_html"].as_str().unwrap().to_string();
    for (feed, html) in [("Atom", &atom_html), ("JSON Feed", &json_html)] {
        let placed =
            html.find("<caption>Tools &amp; &quot;friends&quot;</caption>").unwrap_or_else(|| panic!("{feed}: {html}"));
        // The placed table stands where the body places it; the other follows the article.
        assert!(html.find("Before the table.").unwrap() < placed && placed < html.find("After the table.").unwrap());
        assert!(html.find("<caption>Extra table</caption>").unwrap() > html.find("After the table.").unwrap());
        for part in [
            "<th scope=\"col\">Hammer</th>",
            "<td>Drives <em>nails</em></td>",
            "<td>Cuts &lt;wood&gt;</td>",
            ">Wear gloves.</li>",
        ] {
            assert!(html.contains(part), "{feed} lacks `{part}`: {html}");
        }
        assert!(!html.contains("herald:"), "{feed}: {html}");
    }
}
