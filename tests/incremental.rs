//! The incremental build (`pipeline::Session`) against the full build: after every kind of
//! change, the session's output map must be byte for byte what a fresh `herald build` makes,
//! and its errors the same errors.

mod common;

use std::path::Path;

use common::{article, copy_dir, Site};
use herald::pipeline::{self, Changes, Options, Session};

fn blog() -> Site {
    let s = Site::new();
    s.write("content/smo/_index.md", "---\ntitle: SMO\ndescription: Social media optimization articles.\nweight: 1\n---\nIntro to SMO.\n")
        .write("content/smo/what-is-smo.md", &article("What is SMO", "date: 2026-03-02\ntags: [smo, Open Graph]\nweight: 1\n", "First paragraph.\n\n## Crawl budget\n\nText.\n\nSee [ads](../smm/ads.md#targeting) and [bundle](bundle/index.md).\n"))
        .write("content/smo/second.md", &article("Second", "date: 2026-04-01\ntags: [smo]\nweight: 2\n", "Second body.\n\nMore text in the middle.\n"))
        .write("content/smo/third.md", &article("Third", "date: 2026-04-03\nweight: 3\n", "Third body.\n"))
        .write("content/smo/bundle/index.md", &article("Bundle", "date: 2026-01-01\nweight: 4\n", "![A chart](chart.svg)\n"))
        .write("content/smo/bundle/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .write("content/smm/_index.md", "---\ntitle: SMM\n---\n")
        .write("content/smm/ads.md", &article("Ads", "date: 2026-02-01\ntags: [smm, open graph]\n", "## Targeting\n\nBody.\n"))
        .write("content/smm/draft.md", &article("Draft", "draft: true\n", "Not yet.\n"));
    s
}

/// Applies `changed` to the session and checks the result against a full build.
fn step(site: &Site, session: &mut Session, changed: &[&str]) -> Option<Changes> {
    let incremental = session.apply(changed);
    let full = pipeline::build(site.root(), &Options::default());
    match (incremental, full) {
        (Ok(changes), Ok(full)) => {
            let out = session.output().expect("a successful build");
            if *out != *full.output {
                let differing: Vec<_> = full
                    .output
                    .paths()
                    .chain(out.paths())
                    .filter(|p| out.get(p) != full.output.get(p))
                    .cloned()
                    .collect();
                panic!("after changing {changed:?} the incremental output differs from a full build at {differing:?}");
            }
            assert_eq!(session.last_build().unwrap().warnings, full.warnings, "warnings after {changed:?}");
            Some(changes)
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "errors after {changed:?}");
            None
        }
        (Ok(_), Err(e)) => panic!("after {changed:?} the full build fails but the incremental one succeeds:\n{e}"),
        (Err(e), Ok(_)) => panic!("after {changed:?} the incremental build fails but the full one succeeds:\n{e}"),
    }
}

fn session(site: &Site) -> Session {
    let mut s = Session::new(site.root(), Options::default());
    s.rebuild().expect("first build");
    s
}

#[test]
fn edits_adds_and_deletes_give_the_full_builds_output() {
    let s = blog();
    let mut session = session(&s);
    let total = session.output().unwrap().len();

    // A body edit that leaves the summary alone: the page and its listings (word count).
    s.write(
        "content/smo/second.md",
        &article(
            "Second",
            "date: 2026-04-01\ntags: [smo]\nweight: 2\n",
            "Second body.\n\nChanged text in the middle, longer.\n",
        ),
    );
    let c = step(&s, &mut session, &["content/smo/second.md"]).unwrap();
    assert_eq!(c.parsed, 1, "only the edited file is parsed again");
    assert!(c.rendered < total / 2, "{} of {total} pages rendered again for one article", c.rendered);
    assert!(c.paths.contains(&"smo/second/index.html".to_string()), "{:?}", c.paths);
    assert!(!c.full);

    // A new title reaches neighbours, the section, tag pages and home.
    s.write(
        "content/smo/second.md",
        &article("Second, renamed", "date: 2026-04-01\ntags: [smo]\nweight: 2\n", "Second body.\n"),
    );
    let c = step(&s, &mut session, &["content/smo/second.md"]).unwrap();
    for p in ["smo/what-is-smo/index.html", "smo/third/index.html", "smo/index.html", "tags/smo/index.html"] {
        assert!(c.paths.contains(&p.to_string()), "{p} not in {:?}", c.paths);
    }

    // A review date: printed on the page and in its structured data, as a fresh build has it.
    s.write(
        "content/smo/second.md",
        &article(
            "Second, renamed",
            "date: 2026-04-01\nreviewed: 2026-11-29\ntags: [smo]\nweight: 2\n",
            "Second body.\n",
        ),
    );
    let c = step(&s, &mut session, &["content/smo/second.md"]).unwrap();
    assert!(c.paths.contains(&"smo/second/index.html".to_string()), "{:?}", c.paths);
    let page = String::from_utf8_lossy(session.output().unwrap().get("smo/second/index.html").unwrap()).into_owned();
    assert!(page.contains("\"lastReviewed\":\"2026-11-29T00:00:00Z\""), "{page}");
    s.write(
        "content/smo/second.md",
        &article(
            "Second, renamed",
            "date: 2026-04-01\nreviewed: 2026-12-03\ntags: [smo]\nweight: 2\n",
            "Second body.\n",
        ),
    );
    step(&s, &mut session, &["content/smo/second.md"]).unwrap();

    // New tags, then a new article that links to an old one.
    s.write(
        "content/smo/third.md",
        &article("Third", "date: 2026-04-03\nweight: 3\ntags: [fresh, smo]\n", "Third body.\n"),
    );
    step(&s, &mut session, &["content/smo/third.md"]).unwrap();
    s.write(
        "content/smm/new.md",
        &article("New", "date: 2026-06-01\ntags: [smm]\n", "Links to [third](../smo/third.md).\n"),
    );
    let c = step(&s, &mut session, &["content/smm/new.md"]).unwrap();
    assert!(c.paths.contains(&"smm/new/index.html".to_string()));

    // A slug change moves the article: the links to it in other files follow.
    s.write(
        "content/smo/third.md",
        &article("Third", "date: 2026-04-03\nweight: 3\nslug: the-third\ntags: [fresh, smo]\n", "Third body.\n"),
    );
    let c = step(&s, &mut session, &["content/smo/third.md"]).unwrap();
    assert!(c.paths.contains(&"smm/new/index.html".to_string()), "the linking page is rendered again");
    assert!(c.paths.contains(&"smo/third/index.html".to_string()), "the old URL is gone");
    assert!(!session.output().unwrap().contains("smo/third/index.html"));

    // Deleting an article others link to is an error in both builds; removing the link fixes it.
    std::fs::remove_file(s.path("content/smo/third.md")).unwrap();
    assert!(step(&s, &mut session, &["content/smo/third.md"]).is_none());
    assert!(session.output().unwrap().contains("smo/the-third/index.html"), "the last good build stays");
    s.write("content/smm/new.md", &article("New", "date: 2026-06-01\ntags: [smm]\n", "No links now.\n"));
    let c = step(&s, &mut session, &["content/smm/new.md"]).unwrap();
    assert!(c.paths.contains(&"smo/the-third/index.html".to_string()));
    assert!(c.paths.contains(&"tags/fresh/index.html".to_string()), "its only tag's page goes too");
    let home = String::from_utf8_lossy(session.output().unwrap().get("smo/index.html").unwrap()).into_owned();
    assert!(!home.contains("Third"), "a deleted article leaves every listing");

    // A rename (an editor's or `git mv`): both paths change.
    std::fs::rename(s.path("content/smm/ads.md"), s.path("content/smm/advertising.md")).unwrap();
    s.write(
        "content/smo/what-is-smo.md",
        &article(
            "What is SMO",
            "date: 2026-03-02\ntags: [smo, Open Graph]\nweight: 1\n",
            "First paragraph.\n\nSee [ads](../smm/advertising.md#targeting).\n",
        ),
    );
    step(&s, &mut session, &["content/smm/ads.md", "content/smm/advertising.md", "content/smo/what-is-smo.md"])
        .unwrap();

    // Publishing a draft.
    s.write("content/smm/draft.md", &article("Draft", "", "Now published.\n"));
    step(&s, &mut session, &["content/smm/draft.md"]).unwrap();

    // A section's own page.
    s.write("content/smm/_index.md", "---\ntitle: Social media marketing\nweight: 0\n---\nNew intro.\n");
    step(&s, &mut session, &["content/smm/_index.md"]).unwrap();
}

#[test]
fn folders_bundles_and_assets_follow_the_disk() {
    let s = blog();
    let mut session = session(&s);

    // A new folder moved in whole, as a `git checkout` or a file manager does.
    let staging = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(staging.path().join("seo")).unwrap();
    std::fs::write(staging.path().join("seo/_index.md"), "---\ntitle: SEO\n---\n").unwrap();
    std::fs::write(staging.path().join("seo/a.md"), article("A", "date: 2026-01-05\n", "A.\n")).unwrap();
    std::fs::write(staging.path().join("seo/b.md"), article("B", "date: 2026-01-06\n", "B.\n")).unwrap();
    copy_dir(&staging.path().join("seo"), &s.path("content/seo"));
    let c = step(&s, &mut session, &["content/seo"]).unwrap();
    assert_eq!(c.parsed, 3);

    // A bundle's asset changes (and with its size, the page that shows it), and a new one appears.
    s.write("content/smo/bundle/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\"/>");
    let c = step(&s, &mut session, &["content/smo/bundle/chart.svg"]).unwrap();
    assert!(c.paths.iter().any(|p| p == "smo/bundle/chart.svg"), "{:?}", c.paths);
    assert!(c.paths.iter().any(|p| p == "smo/bundle/index.html"), "{:?}", c.paths);
    s.write("content/smo/bundle/photo.png", "png");
    step(&s, &mut session, &["content/smo/bundle/photo.png"]).unwrap();

    // The folder goes away again.
    std::fs::remove_dir_all(s.path("content/seo")).unwrap();
    step(&s, &mut session, &["content/seo"]).unwrap();

    // A stray non-Markdown file is a warning in both.
    s.write("content/smo/notes.txt", "x");
    step(&s, &mut session, &["content/smo/notes.txt"]).unwrap();
}

#[test]
fn static_files_templates_and_config() {
    let s = blog();
    // Without fingerprints, a stylesheet keeps its name and is the only file that changes.
    let config = format!("{}\n[build]\nfingerprint = false\n", common::MINIMAL_CONFIG);
    s.write("book.toml", &config);
    let mut session = session(&s);

    // A site static file overrides the theme's, alone; removing it brings the theme's back.
    s.write("static/css/style.css", "body { color: red }\n");
    let c = step(&s, &mut session, &["static/css/style.css"]).unwrap();
    assert_eq!(c.paths, ["css/style.css"]);
    assert!(c.css_only() && c.rendered == 0 && c.parsed == 0);
    s.write("static/robots.txt", "User-agent: *\n");
    step(&s, &mut session, &["static/robots.txt"]).unwrap();
    std::fs::remove_file(s.path("static/css/style.css")).unwrap();
    let c = step(&s, &mut session, &["static/css/style.css"]).unwrap();
    assert_eq!(c.paths, ["css/style.css"]);
    std::fs::remove_dir_all(s.path("static")).unwrap();
    step(&s, &mut session, &["static"]).unwrap();

    // A template override renders everything again.
    s.write("templates/404.html", "{% extends \"base.html\" %}{% block main %}<h1>Lost</h1>{% endblock main %}");
    let c = step(&s, &mut session, &["templates/404.html"]).unwrap();
    assert!(c.full);
    assert_eq!(c.paths, ["404.html"]);
    assert!(c.rendered > 10 && c.reused == 0, "a new template renders every page: {c:?}");
    // Saved again unchanged, the templates are the same renderer's: every page is reused.
    let c = step(&s, &mut session, &["templates/404.html"]).unwrap();
    assert!(c.paths.is_empty() && c.rendered == 0 && c.reused > 10, "{c:?}");
    // A broken one is an error in both; fixing it recovers.
    s.write("templates/404.html", "{% extends \"base.html\" %}{% block main %}<h1>{{ oops </h1>{% endblock main %}");
    assert!(step(&s, &mut session, &["templates/404.html"]).is_none());
    std::fs::remove_file(s.path("templates/404.html")).unwrap();
    step(&s, &mut session, &["templates/404.html"]).unwrap();

    // book.toml: a new title changes every page; a broken one is an error.
    s.write("book.toml", &config.replace("Test Site", "Renamed Site"));
    let c = step(&s, &mut session, &["book.toml"]).unwrap();
    assert!(c.full && c.paths.len() > 10);
    s.write("book.toml", "[book]\ntitel = \"x\"\n");
    assert!(step(&s, &mut session, &["book.toml"]).is_none());
    s.write("book.toml", &config);
    step(&s, &mut session, &["book.toml"]).unwrap();

    // Paths the build does not read change nothing.
    s.write("README.md", "notes");
    s.write("content/.draft.md.swp", "swap");
    let c = session.apply(&["README.md", "content/.draft.md.swp", "public/index.html"]).unwrap();
    assert_eq!(c, Changes::default());
}

#[test]
fn a_fingerprinted_stylesheet_renders_the_pages_that_link_it_again() {
    let s = blog();
    let mut session = session(&s);
    s.write("static/css/style.css", "body { color: red }\n");
    let c = step(&s, &mut session, &["static/css/style.css"]).unwrap();
    assert!(c.paths.contains(&"smo/second/index.html".to_string()), "pages link the new name: {:?}", c.paths);
    assert!(!c.css_only());
    // A preview session keeps the names, so the stylesheet alone changes.
    let mut preview = Session::new(s.root(), Options::default()).for_preview("http://127.0.0.1:9");
    preview.rebuild().unwrap();
    s.write("static/css/style.css", "body { color: blue }\n");
    let c = preview.apply(&["static/css/style.css"]).unwrap();
    assert_eq!(c.paths, ["css/style.css"]);
}

#[test]
fn broken_front_matter_is_reported_and_the_fix_recovers() {
    let s = blog();
    let mut session = session(&s);
    s.write("content/smo/second.md", "---\ntitle: Second\ndescripton: typo\n---\nBody.\n");
    assert!(step(&s, &mut session, &["content/smo/second.md"]).is_none());
    s.write("content/smo/second.md", &article("Second", "date: 2026-04-01\ntags: [smo]\nweight: 2\n", "Fixed.\n"));
    step(&s, &mut session, &["content/smo/second.md"]).unwrap();
}

#[test]
fn the_bundled_site_stays_identical_after_edits() {
    let s = Site::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &s.path("content"));
    copy_dir(&repo.join("static"), &s.path("static"));
    std::fs::copy(repo.join("book.toml"), s.path("book.toml")).unwrap();
    let mut session = session(&s);
    let total = session.output().unwrap().len();
    let file = "content/smo/share-buttons.md";
    let text = std::fs::read_to_string(s.path(file)).unwrap();
    s.write(file, &text.replacen("\n\n", "\n\nAn added sentence for the test.\n\n", 2));
    let c = step(&s, &mut session, &[file]).unwrap();
    assert_eq!(c.parsed, 1);
    assert!(c.rendered * 3 < total, "{} of {total} pages rendered again", c.rendered);
    s.write(file, &text.replacen("title: ", "title: Renamed ", 1));
    step(&s, &mut session, &[file]).unwrap();

    // A comparison table's cell: the article, its data files and the comparisons hub.
    let file = "content/compare/seo-vs-smo.md";
    let text = std::fs::read_to_string(s.path(file)).unwrap();
    s.write(file, &text.replace("Weeks to months", "Weeks to many months"));
    let c = step(&s, &mut session, &[file]).unwrap();
    assert!(c.paths.iter().any(|p| p.ends_with(".csv")), "{:?}", c.paths);
    s.write(file, &text.replace("{{ comparison(id=\"seo-vs-smo\") }}", ""));
    step(&s, &mut session, &[file]).unwrap();
}

#[test]
fn the_origin_replaces_the_base_url_and_keeps_its_path() {
    let s = blog();
    s.write("book.toml", &common::MINIMAL_CONFIG.replace("https://example.org/", "https://example.org/guide/"));
    let mut session = Session::new(s.root(), Options::default()).with_origin("http://127.0.0.1:4321");
    session.rebuild().unwrap();
    let full = pipeline::build(
        s.root(),
        &Options { base_url: Some("http://127.0.0.1:4321/guide/".into()), ..Options::default() },
    )
    .unwrap();
    assert_eq!(session.output().unwrap(), &*full.output);
    assert_eq!(session.config().unwrap().site.base_url, "http://127.0.0.1:4321/guide/");
}

#[test]
fn a_theme_on_disk_is_followed_file_by_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    herald::scaffold::init(&root, "Theme test", true).unwrap();
    let s = Site { dir: tmp };
    let rel = |p: &str| format!("site/{p}");
    let mut session = Session::new(s.path("site"), Options::default());
    session.rebuild().unwrap();
    let check = |session: &mut Session, changed: &str| {
        let c = session.apply(&[changed]).unwrap();
        assert_eq!(session.output().unwrap(), &*pipeline::build(&s.path("site"), &Options::default()).unwrap().output);
        c
    };
    let css = s.path(&rel("themes/default/static/css/style.css"));
    std::fs::write(&css, std::fs::read_to_string(&css).unwrap() + "\n.x { color: red }\n").unwrap();
    let c = check(&mut session, "themes/default/static/css/style.css");
    assert!(c.paths.iter().any(|p| p.starts_with("css/style.")), "{:?}", c.paths);
    let page = s.path(&rel("themes/default/templates/page.html"));
    std::fs::write(&page, std::fs::read_to_string(&page).unwrap().replace("</article>", "<p>theme edit</p></article>"))
        .unwrap();
    let c = check(&mut session, "themes/default/templates/page.html");
    assert!(c.full);
    // Another theme's files are not read.
    let c = session.apply(&["themes/other/templates/page.html"]).unwrap();
    assert_eq!(c, Changes::default());
}

/// Listings hold the summary fields their templates name: a body edit that changes only the
/// word count renders the article alone with the default theme (which prints reading time, not
/// word counts), and also its listings once a section template prints `word_count`.
#[test]
fn listings_render_again_only_for_fields_their_templates_name() {
    let s = blog();
    let mut session = session(&s);
    let longer = |n: usize| {
        article(
            "Second",
            "date: 2026-04-01\ntags: [smo]\nweight: 2\n",
            &format!("Second body.\n\n{}\n", "word ".repeat(n)),
        )
    };
    s.write("content/smo/second.md", &longer(3));
    let c = step(&s, &mut session, &["content/smo/second.md"]).unwrap();
    assert!(c.paths.contains(&"smo/second/index.html".to_string()), "{:?}", c.paths);
    assert!(!c.paths.contains(&"smo/index.html".to_string()), "the section lists no word count: {:?}", c.paths);

    let section = "{% extends \"base.html\" %}{% block main %}{% for p in section.pages %}<p>{{ p.title }}: {{ p.word_count }} words</p>{% endfor %}{% endblock main %}";
    s.write("templates/section.html", section);
    step(&s, &mut session, &["templates/section.html"]).unwrap();
    s.write("content/smo/second.md", &longer(5));
    let c = step(&s, &mut session, &["content/smo/second.md"]).unwrap();
    assert!(c.paths.contains(&"smo/index.html".to_string()), "the section prints word counts: {:?}", c.paths);
    let listing = String::from_utf8_lossy(session.output().unwrap().get("smo/index.html").unwrap()).into_owned();
    assert!(listing.contains("Second: 7 words"), "{listing}");
}

/// A page shows the sentence of each link to it: an edit elsewhere in the linking article (or a
/// save that changes nothing) renders that article alone, an edit of the sentence the target too.
#[test]
fn a_backlink_renders_its_target_again_only_when_its_sentence_changes() {
    let s = blog();
    let mut session = session(&s);
    let front = "date: 2026-03-02\ntags: [smo, Open Graph]\nweight: 1\n";
    let body = |middle: &str, see: &str| {
        format!("First paragraph.\n\n## Crawl budget\n\n{middle}\n\n{see} [ads](../smm/ads.md#targeting) and [bundle](bundle/index.md).\n")
    };
    s.write("content/smo/what-is-smo.md", &article("What is SMO", front, &body("Prose.", "See")));
    let c = step(&s, &mut session, &["content/smo/what-is-smo.md"]).unwrap();
    assert_eq!(c.rendered, 1, "the linking article alone: {c:?}");
    let pages: Vec<&String> = c.paths.iter().filter(|p| p.ends_with(".html")).collect();
    assert_eq!(pages, ["smo/what-is-smo/index.html"], "{c:?}");

    let c = step(&s, &mut session, &["content/smo/what-is-smo.md"]).unwrap();
    assert_eq!(c.rendered, 1, "a save that changes nothing: {c:?}");
    assert!(c.paths.is_empty(), "{c:?}");

    s.write("content/smo/what-is-smo.md", &article("What is SMO", front, &body("Prose.", "Compare")));
    let c = step(&s, &mut session, &["content/smo/what-is-smo.md"]).unwrap();
    for p in ["smo/what-is-smo/index.html", "smm/ads/index.html", "smo/bundle/index.html"] {
        assert!(c.paths.contains(&p.to_string()), "{p} not in {:?}", c.paths);
    }
    let ads = String::from_utf8_lossy(session.output().unwrap().get("smm/ads/index.html").unwrap()).into_owned();
    assert!(ads.contains("Compare "), "the new sentence: {ads}");
}

#[test]
fn paginated_listings_gain_and_lose_pages_as_articles_come_and_go() {
    let s = blog();
    s.write("content/smo/_index.md", "---\ntitle: SMO\ndescription: Social media optimization articles.\nweight: 1\npaginate-by: 2\n---\nIntro to SMO.\n");
    let mut session = session(&s);
    let has = |session: &Session, p: &str| session.output().unwrap().contains(p);
    assert!(has(&session, "smo/page/2/index.html") && !has(&session, "smo/page/3/index.html"));
    // A fifth article opens a third page.
    s.write("content/smo/fifth.md", &article("Fifth", "date: 2026-05-05\nweight: 5\n", "Fifth body.\n"));
    let c = step(&s, &mut session, &["content/smo/fifth.md"]).unwrap();
    assert!(c.paths.contains(&"smo/page/3/index.html".to_string()), "{:?}", c.paths);
    // An edit to the last article's title renders its page of the listing, not the first.
    s.write("content/smo/fifth.md", &article("Fifth, renamed", "date: 2026-05-05\nweight: 5\n", "Fifth body.\n"));
    let c = step(&s, &mut session, &["content/smo/fifth.md"]).unwrap();
    assert!(c.paths.contains(&"smo/page/3/index.html".to_string()), "{:?}", c.paths);
    assert!(!c.paths.contains(&"smo/page/2/index.html".to_string()), "{:?}", c.paths);
    // Deleted, and the third page goes; so do the pages when pagination is turned off.
    std::fs::remove_file(s.path("content/smo/fifth.md")).unwrap();
    step(&s, &mut session, &["content/smo/fifth.md"]).unwrap();
    assert!(!has(&session, "smo/page/3/index.html"));
    s.write(
        "content/smo/_index.md",
        "---\ntitle: SMO\ndescription: Social media optimization articles.\nweight: 1\n---\nIntro to SMO.\n",
    );
    step(&s, &mut session, &["content/smo/_index.md"]).unwrap();
    assert!(!has(&session, "smo/page/2/index.html"));
    // One article a page for every listing, from book.toml: the tag pages split too.
    s.write("book.toml", &format!("{}paginate-by = 1\n", common::MINIMAL_CONFIG));
    step(&s, &mut session, &["book.toml"]).unwrap();
    assert!(has(&session, "tags/smo/page/2/index.html") && has(&session, "smo/page/4/index.html"));
    s.write("content/smo/third.md", &article("Third", "date: 2026-04-03\nweight: 3\ntags: [smo]\n", "Third body.\n"));
    step(&s, &mut session, &["content/smo/third.md"]).unwrap();
    assert!(has(&session, "tags/smo/page/3/index.html"));
}

#[test]
fn a_short_title_on_the_home_page_reaches_every_breadcrumb() {
    let s = blog();
    let mut session = session(&s);
    s.write("content/_index.md", "---\ntitle: Home\nshort-title: Start\n---\nWelcome home.\n");
    step(&s, &mut session, &["content/_index.md"]).unwrap();
    let page = String::from_utf8_lossy(session.output().unwrap().get("smo/second/index.html").unwrap()).into_owned();
    assert!(page.contains(">Start</span>"), "the breadcrumb shows the new short title:\n{page}");
}

#[test]
fn edits_made_while_book_toml_is_broken_are_built_once_it_is_fixed() {
    let s = blog();
    let mut session = session(&s);
    let config = std::fs::read_to_string(s.path("book.toml")).unwrap();
    s.write("book.toml", "[book]\ntitel = \"x\"\n");
    assert!(step(&s, &mut session, &["book.toml"]).is_none());
    s.write("content/smo/third.md", &article("Third", "date: 2026-04-03\nweight: 3\ntags: [fresh]\n", "Third body.\n"));
    assert!(step(&s, &mut session, &["content/smo/third.md"]).is_none());
    s.write("book.toml", &config);
    step(&s, &mut session, &["book.toml"]).unwrap();
    assert!(session.output().unwrap().contains("tags/fresh/index.html"));
}

#[test]
fn shortcode_templates_and_data_files_render_again_exactly_the_pages_that_use_them() {
    let s = blog();
    s.write("templates/shortcodes/lead.html", "<b>{{ data.team.lead }}</b>");
    s.write("templates/shortcodes/note.html", "<i>{{ text }}</i>");
    s.write("data/team.yaml", "lead: Ann\n");
    s.write("content/smo/second.md", &article("Second", "date: 2026-04-01\n", "Led by {{ lead() }}.\n"));
    s.write(
        "content/smo/third.md",
        &article("Third", "date: 2026-04-03\n", "{% note(text=\"x\") %}\nBody.\n{% end %}\n"),
    );
    let mut session = session(&s);
    let page =
        |session: &Session, p: &str| String::from_utf8_lossy(session.output().unwrap().get(p).unwrap()).into_owned();
    // The search index follows the articles' text; the pages are what matter here.
    let pages = |c: &Changes| c.paths.iter().filter(|p| p.ends_with(".html")).cloned().collect::<Vec<_>>();
    assert!(page(&session, "smo/second/index.html").contains("Led by <b>Ann</b>."));

    s.write("data/team.yaml", "lead: Bob\n");
    let c = step(&s, &mut session, &["data/team.yaml"]).unwrap();
    assert_eq!(pages(&c), ["smo/second/index.html"], "only the page whose call prints the data");
    assert!(page(&session, "smo/second/index.html").contains("Led by <b>Bob</b>."));

    s.write("templates/shortcodes/note.html", "<em>{{ text }}</em>");
    let c = step(&s, &mut session, &["templates/shortcodes/note.html"]).unwrap();
    assert_eq!(pages(&c), ["smo/third/index.html"], "only the page that calls it");

    s.write("data/team.yaml", "lead: [oops\n");
    let e = session.apply(&["data/team.yaml"]).unwrap_err();
    assert!(e.to_string().contains("data/team.yaml:2:1"), "{e}");
    s.write("data/team.yaml", "lead: Cy\n");
    step(&s, &mut session, &["data/team.yaml"]).unwrap();
    assert!(page(&session, "smo/second/index.html").contains("Led by <b>Cy</b>."));
}

#[test]
fn a_copy_that_resize_image_made_stays_published_while_the_pages_calling_it_are_reused() {
    let s = blog();
    s.write("templates/partials/footer.html", "<footer>{% set r = resize_image(path=\"img/wide.png\", width=40) %}<img src=\"{{ r.url }}\" width=\"{{ r.width }}\" height=\"{{ r.height }}\" alt=\"\"></footer>");
    s.write_bytes("static/img/wide.png", &common::png(400, 100));
    let mut session = session(&s);
    let copy =
        |out: &herald::output::Output| out.paths().filter(|p| p.starts_with("img/wide-")).cloned().collect::<Vec<_>>();
    let first = copy(session.output().unwrap());
    assert_eq!(first.len(), 1, "{first:?}");
    // A file no page shows: every page's render is reused.
    s.write("static/robots-extra.txt", "x");
    let changes = step(&s, &mut session, &["static/robots-extra.txt"]).unwrap();
    assert_eq!(changes.rendered, 0, "{changes:?}");
    assert_eq!(copy(session.output().unwrap()), first);
}
