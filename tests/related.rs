//! Backlinks (with the sentence of each link) and related articles (shared tags, then section,
//! ties by date then path) on a fixture with a known link graph. Real binary, temp sites.

mod common;

use common::{article, Site};

/// a → b (twice), c → b, d → a; tags: a [x, y], b [x], c [x, y], d [z]; e is alone in smm.
fn site(config_extra: &str) -> Site {
    let s = Site::new();
    s.write("book.toml", &format!("{}{config_extra}", common::MINIMAL_CONFIG))
        .write(
            "content/smo/a.md",
            &article(
                "Alpha",
                "date: 2026-01-01\ntags: [x, y]\n",
                "Intro. Before the link we read [the \\<Beta> page](b.md) & then stop. Later.\n\nAgain [b](b.md).\n",
            ),
        )
        .write("content/smo/b.md", &article("Beta", "date: 2026-01-02\ntags: [x]\n", "No links here.\n"))
        .write("content/smo/c.md", &article("Gamma", "date: 2026-01-03\ntags: [x, y]\n", "- See [Beta](b.md)\n"))
        .write("content/smo/d.md", &article("Delta", "date: 2026-01-04\ntags: [z]\n", "Back to [alpha](a.md).\n"))
        .write("content/smm/e.md", &article("Epsilon", "date: 2026-01-05\n", "Alone.\n"));
    s
}

/// The (href, text) of the links in the `<section>`/`<nav>` of `class` of a page.
fn listed(page: &str, class: &str) -> Vec<String> {
    let Some(start) = page.find(&format!("class=\"{class}\"")) else { return Vec::new() };
    let block = &page[start..];
    let block = &block[..block.find("</ul>").unwrap()];
    block.split("<li><a href=\"").skip(1).map(|l| l[..l.find('"').unwrap()].to_string()).collect()
}

#[test]
fn backlinks_list_each_linking_article_once_with_its_sentence_escaped() {
    let s = site("");
    s.build_ok(&[]);
    let b = s.public("smo/b/index.html");
    // Newest first: Gamma (January 3), then Alpha (January 1), Alpha once for its two links.
    assert_eq!(listed(&b, "backlinks"), ["/smo/c/", "/smo/a/"]);
    assert!(
        b.contains("<p>Before the link we read <mark>the &lt;Beta&gt; page</mark> &amp; then stop.</p>"),
        "the sentence around the first link, escaped: {b}"
    );
    assert!(b.contains("<p>See <mark>Beta</mark></p>"), "a list item's text: {b}");
    assert_eq!(listed(&s.public("smo/a/index.html"), "backlinks"), ["/smo/d/"]);
    assert!(!s.public("smo/d/index.html").contains("class=\"backlinks\""), "nothing links to Delta");
}

#[test]
fn related_articles_rank_shared_tags_then_section_then_date() {
    let s = site("");
    s.build_ok(&[]);
    // Alpha shares x and y with Gamma, x with Beta; Delta shares no tag but the section.
    assert_eq!(listed(&s.public("smo/a/index.html"), "related"), ["/smo/c/", "/smo/b/", "/smo/d/"]);
    // Beta shares x with Alpha and Gamma (a tie: Gamma is newer), then Delta by section.
    assert_eq!(listed(&s.public("smo/b/index.html"), "related"), ["/smo/c/", "/smo/a/", "/smo/d/"]);
    // Delta: no shared tag, so the newest of its section.
    assert_eq!(listed(&s.public("smo/d/index.html"), "related"), ["/smo/c/", "/smo/b/", "/smo/a/"]);
    assert!(!s.public("smm/e/index.html").contains("class=\"related\""), "Epsilon has nothing related");
}

#[test]
fn the_related_count_is_configurable_and_zero_turns_it_off() {
    let s = site("related = 1\n");
    s.build_ok(&[]);
    assert_eq!(listed(&s.public("smo/a/index.html"), "related"), ["/smo/c/"]);
    s.write("book.toml", &format!("{}related = 0\n", common::MINIMAL_CONFIG));
    s.build_ok(&[]);
    assert!(!s.public("smo/a/index.html").contains("class=\"related\""));
}

#[test]
fn a_tag_written_twice_is_listed_and_counted_once() {
    let s = site("");
    // `Y` is `y`: Zeta shares one tag with Alpha, Gamma (y) and Delta (z), so the newest leads.
    s.write("content/smm/z.md", &article("Zeta", "date: 2026-01-06\ntags: [y, z, Y]\n", "Text.\n"));
    s.build_ok(&[]);
    let z = s.public("smm/z/index.html");
    assert_eq!(listed(&z, "related"), ["/smo/d/", "/smo/c/", "/smo/a/"]);
    assert_eq!(z.matches("rel=\"tag\"").count(), 2, "the article lists y and z once each: {z}");
}
