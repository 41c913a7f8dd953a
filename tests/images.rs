//! Images in article bodies: every local image carries the size of its file and loading hints,
//! a titled one becomes a figure, and a missing or unreadable one stops the build at its line.

mod common;

use common::html::tags;
use common::serve::Serving;
use common::{article, png, vnu, Site};

/// A GIF whose logical screen is `width` x `height` (its one frame is a single pixel).
fn gif(width: u16, height: u16) -> Vec<u8> {
    let mut g = b"GIF89a".to_vec();
    g.extend(width.to_le_bytes());
    g.extend(height.to_le_bytes());
    g.extend([0x80, 0, 0, 0xff, 0xff, 0xff, 0, 0, 0]);
    g.extend([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b]);
    g
}

const SVG: &str =
    r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40"/></svg>"#;

fn site_with_images(base_url: &str) -> Site {
    let s = Site::new();
    s.write(
        "book.toml",
        &format!(
            "[book]\ntitle = \"Images\"\ndescription = \"A site with images.\"\n\n[site]\nbase-url = \"{base_url}\"\n"
        ),
    );
    let body = "![A photo](photo.png)\n\n\
                Text before ![A chart](chart.svg \"The chart, <captioned>\") text after.\n\n\
                ![An animation](anim.gif \"Moving\")\n\n\
                Inline ![A logo](/img/logo.png) and ![Remote](https://example.com/r.png).\n";
    s.write("content/smo/shots/index.md", &article("Shots", "date: 2026-01-02\n", body));
    s.write_bytes("content/smo/shots/photo.png", &png(300, 200));
    s.write("content/smo/shots/chart.svg", SVG);
    s.write_bytes("content/smo/shots/anim.gif", &gif(33, 22));
    s.write_bytes("static/img/logo.png", &png(64, 32));
    s
}

/// An attribute's value, `""` when the tag does not have it.
fn get<'a>(attrs: &'a [(String, String)], name: &str) -> &'a str {
    attrs.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
}

/// The `<img>` tags of a built page that have an `alt` (the theme's own images have none).
fn images(html: &str) -> Vec<Vec<(String, String)>> {
    tags(html, "img").into_iter().filter(|a| !get(a, "alt").is_empty()).collect()
}

#[test]
fn every_local_image_gets_its_size_and_loading_hints() {
    let s = site_with_images("https://example.org/");
    s.build_ok(&[]);
    let html = s.public("smo/shots/index.html");
    let imgs = images(&html);
    let sizes: Vec<(&str, &str, &str)> =
        imgs.iter().map(|a| (get(a, "alt"), get(a, "width"), get(a, "height"))).collect();
    assert_eq!(
        sizes,
        [
            ("A photo", "300", "200"),
            ("A chart", "120", "40"),
            ("An animation", "33", "22"),
            ("A logo", "64", "32"),
            ("Remote", "", ""),
        ]
    );
    // The first image is fetched eagerly and first; the rest lazily.
    assert_eq!(get(&imgs[0], "fetchpriority"), "high");
    assert_eq!(get(&imgs[0], "loading"), "");
    for a in &imgs[1..] {
        assert_eq!((get(a, "loading"), get(a, "decoding"), get(a, "fetchpriority")), ("lazy", "async", ""));
    }
    assert_eq!(get(&imgs[0], "src"), "photo.png");
    assert_eq!(get(&imgs[3], "src"), "/img/logo.png");
    assert_eq!(get(&imgs[4], "src"), "https://example.com/r.png");
}

#[test]
fn a_titled_image_becomes_a_figure_outside_any_paragraph() {
    let s = site_with_images("https://example.org/");
    s.build_ok(&[]);
    let html = s.public("smo/shots/index.html");
    assert!(html.contains("<figcaption>The chart, &lt;captioned&gt;</figcaption></figure>"), "{html}");
    assert!(html.contains("<figcaption>Moving</figcaption>"), "{html}");
    assert_eq!(html.matches("<figure>").count(), 2, "{html}");
    // The paragraph around the chart is split around the figure; no paragraph is left empty.
    assert!(html.contains("<p>Text before </p>\n<figure>"), "{html}");
    assert!(html.contains("</figure>\n<p> text after.</p>"), "{html}");
    assert!(!html.contains("<p></p>"), "{html}");
    let files = [s.path("public/smo/shots/index.html")];
    let Some(errors) = vnu::errors_or_skip("a_titled_image_becomes_a_figure_outside_any_paragraph", &files) else {
        return;
    };
    assert!(errors.is_empty(), "Nu HTML Checker errors:\n{}", errors.join("\n"));
}

#[test]
fn images_keep_working_under_a_sub_path() {
    let s = site_with_images("https://example.org/guide/");
    s.build_ok(&[]);
    let imgs = images(&s.public("smo/shots/index.html"));
    assert_eq!(get(&imgs[3], "src"), "/guide/img/logo.png");
    assert_eq!((get(&imgs[3], "width"), get(&imgs[3], "height")), ("64", "32"));
    assert_eq!(get(&imgs[0], "width"), "300");
}

#[test]
fn missing_and_unreadable_images_are_errors_at_their_lines() {
    let s = Site::new();
    let body = "Intro.\n\n![Gone](gone.png)\n\nText ![Also gone](/img/nope.png)\n\n![Broken](broken.png)\n\n![Remote](https://example.com/x.png)\n";
    s.write("content/smo/a/index.md", &article("A", "image: broken.png\nimage-alt: Broken\n", body));
    s.write("content/smo/a/broken.png", "this is not a PNG");
    s.write("content/smo/b.md", &article("B", "image: /img/gone.png\n", "B.\n"));
    let r = s.build_err(&[]);
    let at = |place: &str, what: &str| {
        let line = r.stderr.lines().position(|l| l.contains(place));
        assert!(
            line.is_some_and(|i| r.stderr.lines().nth(i).unwrap().contains(what)
                || r.stderr.lines().nth(i.saturating_sub(1)).unwrap().contains(what)),
            "`{what}` at {place}:\n{}",
            r.stderr
        );
    };
    // The front matter takes six lines: the body's first line is line 7.
    at("content/smo/a/index.md:9:1", "the image `gone.png` does not exist");
    at("content/smo/a/index.md:11:6", "the image `/img/nope.png` does not exist");
    at("content/smo/a/index.md:13:1", "cannot read the size of the image `broken.png`");
    // The same for the front matter's social image.
    at("content/smo/a/index.md:4:1", "cannot read the size of the image `broken.png`");
    at("content/smo/b.md:4:1", "the image `/img/gone.png` does not exist");
    assert!(!r.stderr.contains("example.com"), "{}", r.stderr);
    assert!(!s.public_exists("smo/a/index.html"));
}

#[test]
fn the_preview_follows_image_files_as_they_change_and_appear() {
    let s = site_with_images("https://example.org/");
    let server = Serving::start(&s, &[]);
    let mut events = server.events();
    let first = |html: &str| {
        let imgs = images(html);
        (get(&imgs[0], "width").to_string(), get(&imgs[0], "height").to_string())
    };
    assert_eq!(first(&server.get("/smo/shots/").text()), ("300".to_string(), "200".to_string()));

    // The photo is replaced by one of another size: the page that shows it follows.
    s.write_bytes("content/smo/shots/photo.png", &png(500, 250));
    events.expect("reload");
    assert_eq!(first(&server.get("/smo/shots/").text()), ("500".to_string(), "250".to_string()));

    // An image written into the body before its file exists is an error until the file comes.
    let body = "![A new one](new.png)\n";
    s.write("content/smo/shots/index.md", &article("Shots", "date: 2026-01-02\n", body));
    let error = events.expect("build-error");
    assert!(error.contains("content/smo/shots/index.md:6:1") && error.contains("new.png"), "{error}");
    s.write_bytes("content/smo/shots/new.png", &png(48, 24));
    events.expect("reload");
    assert_eq!(first(&server.get("/smo/shots/").text()), ("48".to_string(), "24".to_string()));
    assert_eq!(server.get("/smo/shots/new.png").status, 200);
}
