//! Text that is not Latin: slugs and heading ids under each `[site] slugify` rule, percent-encoded
//! links to them, and the preview server serving them. Real sites, built by the real binary.

mod common;

use std::path::Path;

use common::html::{get, jsonld, link_rel, meta};
use common::serve::Serving;
use common::{article, Site, MINIMAL_CONFIG};

/// `日本語の記事` percent-encoded, as links must carry it.
const JA_ENCODED: &str = "%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%AE%E8%A8%98%E4%BA%8B";

/// A site with a Japanese article (its slug from the file name), a French one (its slug from
/// front matter), a Japanese tag and heading, under `[site] slugify = rule` (none: the default);
/// each article links to a heading of the other by the id (`anchors`) the rule gives it.
fn site(rule: Option<&str>, anchors: [&str; 2]) -> Site {
    let [ja_anchor, fr_anchor] = anchors;
    let s = Site::new();
    let config = match rule {
        Some(r) => format!("{MINIMAL_CONFIG}slugify = \"{r}\"\n"),
        None => MINIMAL_CONFIG.to_string(),
    };
    s.write("book.toml", &config)
        .write("content/smo/_index.md", "---\ntitle: SMO\ndescription: Social media optimization articles.\n---\n")
        .write(
            "content/smo/日本語の記事.md",
            &article(
                "日本語の記事",
                "date: 2026-03-02\ntags: [日本語, Référencement]\n",
                &format!("本文です。\n\n## 日本語の見出し\n\nテキスト。\n\nSee [the French one](ete.md#{fr_anchor}).\n"),
            ),
        )
        .write(
            "content/smo/ete.md",
            &article(
                "Été à Paris",
                "date: 2026-03-03\nslug: \"Été à Paris : un café\"\n",
                &format!("## Été à Paris\n\nText.\n\n## Été à Paris\n\nSee [the Japanese one](日本語の記事.md#{ja_anchor}).\n"),
            ),
        );
    s
}

#[test]
fn safe_is_the_default_and_keeps_every_script() {
    let s = site(None, ["日本語の見出し", "été-à-paris-1"]);
    s.build_ok(&[]);
    let ja = s.public("smo/日本語の記事/index.html");
    assert!(ja.contains("<h2 id=\"日本語の見出し\">"), "a Japanese heading keeps its text as id");
    assert!(s.public_exists("smo/été-à-paris-un-café/index.html"), "French accents stay, lowercased");
    assert!(s.public_exists("tags/日本語/index.html") && s.public_exists("tags/référencement/index.html"));
    let fr = s.public("smo/été-à-paris-un-café/index.html");
    assert!(fr.contains("<h2 id=\"été-à-paris\">") && fr.contains("<h2 id=\"été-à-paris-1\">"), "{fr}");

    // Every link to them is percent-encoded: HTML attributes, JSON-LD, sitemap, feed.
    let permalink = format!("https://example.org/smo/{JA_ENCODED}/");
    assert_eq!(get(&link_rel(&ja, "canonical")[0], "href"), permalink);
    assert_eq!(meta(&ja, "og:url"), permalink);
    assert!(meta(&ja, "og:image").starts_with(&permalink), "the card beside the page");
    assert!(jsonld(&ja).to_string().contains(&permalink), "JSON-LD names the encoded URL");
    assert!(fr.contains(&format!(
        "href=\"/smo/{JA_ENCODED}/#%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%AE%E8%A6%8B%E5%87%BA%E3%81%97\""
    )));
    assert!(ja.contains("href=\"/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/\""), "tag links are encoded");
    let sitemap = s.public("sitemap.xml");
    roxmltree::Document::parse(&sitemap).expect("the sitemap is XML");
    assert!(sitemap.contains(&format!("<loc>{permalink}</loc>")), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/smo/%C3%A9t%C3%A9-%C3%A0-paris-un-caf%C3%A9/</loc>"));
    assert!(!sitemap.contains("日本") && !sitemap.contains("été"), "no raw Unicode in the sitemap");
    let feed = s.public("atom.xml");
    assert!(feed.contains(&permalink) && !feed.contains("/smo/日本"), "{feed}");

    // The link checker follows encoded links to the Unicode folders and their anchors.
    let check = s.run(&["check"]);
    assert!(check.ok, "{}", check.stderr);
}

#[test]
fn on_transliterates_to_ascii() {
    let s = site(Some("on"), ["ri-ben-yu-nojian-chu-si", "ete-a-paris-1"]);
    s.build_ok(&[]);
    let ja = s.public("smo/ri-ben-yu-noji-shi/index.html");
    assert!(ja.contains("<h2 id=\"ri-ben-yu-nojian-chu-si\">"), "headings follow the same rule");
    assert!(s.public_exists("smo/ete-a-paris-un-cafe/index.html"));
    assert!(s.public_exists("tags/ri-ben-yu/index.html") && s.public_exists("tags/referencement/index.html"));
    assert!(!s.snapshot("public").keys().any(|k| !k.is_ascii()), "every file name is ASCII");
}

#[test]
fn off_keeps_the_text_as_written() {
    let s = site(Some("off"), ["日本語の見出し", "Été-à-Paris-1"]);
    s.build_ok(&[]);
    assert!(s.public("smo/日本語の記事/index.html").contains("<h2 id=\"日本語の見出し\">"));
    let fr = s.public("smo/Été-à-Paris-un-café/index.html");
    assert!(fr.contains("<h2 id=\"Été-à-Paris\">"), "case is kept; `:` is dropped");
    assert!(s.public_exists("tags/Référencement/index.html"));
}

#[test]
fn an_empty_slug_is_an_error_naming_the_file() {
    let s = Site::new();
    s.write("content/a.md", &article("A", "slug: \"?!\"\n", "Body.\n"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/a.md:4") && r.stderr.contains("empty URL slug"), "{}", r.stderr);
}

#[test]
fn the_preview_serves_percent_encoded_paths() {
    let s = site(None, ["日本語の見出し", "été-à-paris-1"]);
    let server = Serving::start(&s, &[]);
    let page = server.get(&format!("/smo/{JA_ENCODED}/"));
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<h1>日本語の記事</h1>") || page.text().contains("日本語の記事</h1>"));
    let tag = server.get("/tags/r%C3%A9f%C3%A9rencement/");
    assert_eq!(tag.status, 200);
    assert!(tag.text().contains("Référencement"));
    assert_eq!(server.get(&format!("/smo/{JA_ENCODED}/social-card.png")).status, 200);
}

#[test]
fn words_are_counted_by_unicode_rules() {
    let s = Site::new();
    // 日 本 語 の 記 事 で す (8); 我 们 喜 欢, SEO, 和, SMO (7); Don't, panic (2).
    s.write(
        "content/a.md",
        &article("A", "date: 2026-03-02\n", "日本語の記事です。\n\n我们喜欢SEO和SMO。\n\nDon't panic.\n"),
    );
    s.build_ok(&[]);
    let ld = jsonld(&s.public("a/index.html"));
    let article = common::html::nodes(&ld, "BlogPosting")
        .into_iter()
        .next()
        .or_else(|| common::html::nodes(&ld, "Article").into_iter().next());
    assert_eq!(article.expect("an article node")["wordCount"], 17, "{ld}");
}

/// A Japanese title that needs two lines on a card.
const JA_TITLE: &str = "日本語の記事：ソーシャルカードは文字ごとにフォントを選び、行を正しく折り返します。";

/// The card's pixels as RGB rows.
fn card_pixels(png_bytes: &[u8]) -> (usize, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let pixels = buf[..info.buffer_size()].chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect();
    (info.width as usize, pixels)
}

/// The rows of the title band (y 170-490, x 80-940: left of the accent circle) with any pixel
/// unlike the background, and how many such pixels there are.
fn title_ink(png_bytes: &[u8]) -> (Vec<usize>, usize) {
    let (width, px) = card_pixels(png_bytes);
    let background = px[20 * width + 600];
    let (mut rows, mut count) = (Vec::new(), 0);
    for y in 170..490 {
        let n = (80..940).filter(|&x| px[y * width + x] != background).count();
        if n > 0 {
            rows.push(y);
        }
        count += n;
    }
    (rows, count)
}

#[test]
fn cards_draw_japanese_titles_with_the_themes_cjk_font() {
    let s = Site::new();
    s.write("content/ja.md", &article(JA_TITLE, "date: 2026-03-02\n", "本文です。\n"));
    // The default theme, as a site that adds a font to it has it.
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for e in walkdir::WalkDir::new(&theme).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let rel = e.path().strip_prefix(&theme).unwrap().to_string_lossy().into_owned();
        s.write_bytes(&format!("themes/default/{rel}"), &std::fs::read(e.path()).unwrap());
    }
    s.write_bytes(
        "themes/default/fonts/SubsetCJK-DroidSansFallback.ttf",
        include_bytes!("fixtures/fonts/SubsetCJK-DroidSansFallback.ttf"),
    );
    let r = s.build_ok(&[]);
    assert!(!r.stderr.contains("leaves out"), "every character has a font:\n{}", r.stderr);
    let card = std::fs::read(s.path("public/ja/social-card.png")).unwrap();
    let (rows, ink) = title_ink(&card);
    assert!(ink > 20_000, "the title is drawn: {ink} pixels of ink");
    // Three lines of text: three bands of inked rows with gaps between them.
    let bands = 1 + rows.windows(2).filter(|w| w[1] > w[0] + 1).count();
    assert_eq!(bands, 3, "{rows:?}");
}

#[test]
fn a_character_no_font_has_is_a_warning_naming_the_page() {
    let s = Site::new();
    s.write("content/ja.md", &article("日本語の記事", "date: 2026-03-02\n", "本文です。\n"));
    let r = s.build_ok(&[]);
    assert!(r.stderr.contains("warning"), "{}", r.stderr);
    assert!(r.stderr.contains("content/ja.md"), "names the file:\n{}", r.stderr);
    assert!(
        r.stderr.contains("`/ja/`") && r.stderr.contains("`日` (U+65E5)"),
        "names the page and the character:\n{}",
        r.stderr
    );
    assert!(r.stderr.contains("Noto Sans CJK"), "says what to do:\n{}", r.stderr);
}

#[test]
fn right_to_left_languages_get_dir_rtl() {
    let s = Site::new();
    s.write("book.toml", &MINIMAL_CONFIG.replace("[book]\n", "[book]\nlanguage = \"ar\"\n"));
    s.write("content/a.md", &article("مقالة", "date: 2026-03-02\n", "نص المقالة.\n"));
    s.build_ok(&[]);
    for page in ["index.html", "a/index.html", "404.html"] {
        assert!(s.public(page).contains("<html lang=\"ar\" dir=\"rtl\">"), "{page}");
    }
    s.write("book.toml", &MINIMAL_CONFIG.replace("[book]\n", "[book]\nlanguage = \"en-GB\"\n"));
    s.build_ok(&[]);
    assert!(s.public("a/index.html").contains("<html lang=\"en-GB\">"), "left to right needs no attribute");
}
