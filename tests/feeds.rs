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
