//! Images in article bodies: every local image carries the size of its file and loading hints,
//! a titled one becomes a figure, and a missing or unreadable one stops the build at its line.

mod common;

use common::html::tags;
use common::serve::Serving;
use common::{article, browser, png, static_server, vnu, Site};

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

// --- responsive variants ---

/// A photo-like image (gradients and detail, so that encoders have work to do).
fn photo(width: u32, height: u32) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        let v = ((x * 7 + y * 13) % 256) as u8;
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, v])
    })
}

fn encoded(img: &image::RgbImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A site whose article shows a 1700x1000 PNG of its bundle and a 1000x600 JPEG of static/.
fn site_with_photos(images_table: &str) -> Site {
    let s = Site::new();
    s.write("book.toml", &format!("{}\n{images_table}", common::MINIMAL_CONFIG));
    let body = "![A large photo](big.png)\n\nText.\n\n![A JPEG](/img/shot.jpg \"A caption\")\n";
    s.write("content/smo/photos/index.md", &article("Photos", "date: 2026-01-02\n", body));
    s.write_bytes("content/smo/photos/big.png", &encoded(&photo(1700, 1000), image::ImageFormat::Png));
    s.write_bytes("static/img/shot.jpg", &encoded(&photo(1000, 600), image::ImageFormat::Jpeg));
    s
}

/// A `srcset` as (URL, width) pairs.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The file of the built site at `url`, below the base-url's `base_path`, decoded.
fn decode(s: &Site, url: &str, base_path: &str) -> (image::ImageFormat, image::DynamicImage) {
    let bytes = std::fs::read(s.path("public").join(url.strip_prefix(base_path).unwrap())).unwrap();
    let format = image::guess_format(&bytes).unwrap();
    (format, image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{url}: {e}")))
}

/// Every candidate of each `<picture>` of the page: its format and width as printed and as
/// decoded.
fn check_pictures(s: &Site, page: &str, base_path: &str) -> Vec<(String, Vec<u32>)> {
    check_pictures_in(s, &s.public(page), base_path)
}

/// [`check_pictures`] of the HTML `html`.
fn check_pictures_in(s: &Site, html: &str, base_path: &str) -> Vec<(String, Vec<u32>)> {
    let mut seen = Vec::new();
    let sources = tags(html, "source");
    for (attrs, own) in sources.iter().map(|a| (a, false)).chain(images(html).iter().map(|a| (a, true))) {
        let set = get(attrs, "srcset");
        if set.is_empty() {
            continue;
        }
        assert_eq!(get(attrs, "sizes"), "(max-width: 44.5rem) calc(100vw - 2.5rem), 42rem");
        let candidates = srcset(set);
        let (_, original) = decode(s, &candidates.last().unwrap().0, base_path);
        let mut widths = Vec::new();
        for (url, width) in &candidates {
            let (format, img) = decode(s, url, base_path);
            assert_eq!(img.width(), *width, "{url}");
            assert!(img.width() <= original.width(), "{url} is wider than its source");
            let ratio = original.height() as f64 / original.width() as f64;
            assert!((img.height() as f64 - img.width() as f64 * ratio).abs() <= 1.0, "{url} keeps the aspect ratio");
            let expected = if own { get(attrs, "src").rsplit('.').next().unwrap().to_string() } else { "webp".into() };
            let expected = if expected == "jpg" { "jpeg".to_string() } else { expected };
            assert_eq!(format!("{format:?}").to_lowercase(), expected, "{url}");
            widths.push(*width);
        }
        if own {
            assert_eq!(get(attrs, "width"), original.width().to_string());
            assert_eq!(get(attrs, "height"), original.height().to_string());
        } else {
            assert_eq!(get(attrs, "type"), "image/webp");
        }
        seen.push((if own { get(attrs, "alt").to_string() } else { "webp".into() }, widths));
    }
    seen
}

#[test]
fn large_pngs_and_jpegs_get_the_widths_and_formats_asked_in_a_valid_picture() {
    let s = site_with_photos("");
    s.build_ok(&[]);
    let seen = check_pictures(&s, "smo/photos/index.html", "/");
    assert_eq!(
        seen,
        [
            ("webp".to_string(), vec![480, 800, 1200, 1600, 1700]),
            ("webp".to_string(), vec![480, 800, 1000]),
            ("A large photo".to_string(), vec![480, 800, 1200, 1600, 1700]),
            ("A JPEG".to_string(), vec![480, 800, 1000]),
        ]
    );
    let html = s.public("smo/photos/index.html");
    assert_eq!(html.matches("<picture>").count(), 2, "{html}");
    // The original's own file is the last candidate; variants carry a content hash.
    assert!(html.contains("/smo/photos/big.png 1700w"), "{html}");
    let variant = srcset(get(&tags(&html, "source")[0], "srcset")).remove(0).0;
    assert!(variant.starts_with("/smo/photos/big-480.") && variant.ends_with(".webp"), "{variant}");
    let files = [s.path("public/smo/photos/index.html")];
    let Some(errors) = vnu::errors_or_skip("large_pngs_and_jpegs_get_the_widths_and_formats_asked", &files) else {
        return;
    };
    assert!(errors.is_empty(), "Nu HTML Checker errors:\n{}", errors.join("\n"));
}

#[test]
fn variants_follow_a_sub_path_base_url_and_the_configured_widths() {
    let s = site_with_photos("[images]\nwidths = [600, 2000]\nformats = []\nquality = 50\n");
    s.build_ok(&["--base-url", "https://example.org/guide/"]);
    let seen = check_pictures(&s, "smo/photos/index.html", "/guide/");
    assert_eq!(seen, [("A large photo".to_string(), vec![600, 1700]), ("A JPEG".to_string(), vec![600, 1000])]);
    let html = s.public("smo/photos/index.html");
    assert!(!html.contains("<picture>") && !html.contains("image/webp"), "{html}");
}

#[test]
fn process_false_prints_the_images_as_they_are() {
    let s = site_with_photos("[images]\nprocess = false\n");
    s.build_ok(&[]);
    let html = s.public("smo/photos/index.html");
    assert!(!html.contains("<picture>") && !html.contains("srcset"), "{html}");
    assert_eq!(get(&images(&html)[0], "width"), "1700");
    let files: Vec<String> = s.snapshot("public").into_keys().filter(|k| k.contains("big-")).collect();
    assert!(files.is_empty(), "{files:?}");
}

/// A site whose article prints its bundle's 1700x1000 PNG through the theme's `figure`, a
/// 1000x600 JPEG of static/ in a comparison table's cell, and that JPEG again through a
/// shortcode of the site that gives its own `srcset`.
fn site_printing_photos() -> Site {
    let s = Site::new();
    s.write("book.toml", common::MINIMAL_CONFIG);
    let front = "date: 2026-01-02\ncomparisons:\n  - id: shots\n    title: Shots\n    columns: [A, B]\n    rows:\n      - aspect: Look\n        values: [\"![A JPEG in a cell](/img/shot.jpg)\", plain]\n";
    let body = "Text.\n\n{{ figure(src=\"big.png\", alt=\"A large photo\", caption=\"Printed by a shortcode\") }}\n\n\
                {{ comparison(id=\"shots\") }}\n\n{{ own() }}\n";
    s.write("content/smo/photos/index.md", &article("Photos", front, body));
    s.write_bytes("content/smo/photos/big.png", &encoded(&photo(1700, 1000), image::ImageFormat::Png));
    s.write_bytes("static/img/shot.jpg", &encoded(&photo(1000, 600), image::ImageFormat::Jpeg));
    s.write(
        "templates/shortcodes/own.html",
        "<img src=\"/img/shot.jpg\" srcset=\"/img/shot.jpg 1000w\" sizes=\"50vw\" alt=\"Its own srcset\">",
    );
    s
}

#[test]
fn images_that_shortcodes_and_tables_print_get_their_variants_too() {
    let s = site_printing_photos();
    s.build_ok(&[]);
    let html = s.public("smo/photos/index.html");
    // Sized, but its `srcset` left as the shortcode gave it.
    let own = r#"<img src="/img/shot.jpg" srcset="/img/shot.jpg 1000w" sizes="50vw" alt="Its own srcset" width="1000" height="600">"#;
    assert!(html.contains(own) && !html.contains(&format!("<picture>{own}")), "{html}");
    let picture = |alt: &str| {
        let at = html.find(&format!("alt=\"{alt}\"")).unwrap_or_else(|| panic!("no {alt}: {html}"));
        let start = html[..at].rfind("<picture>").expect("in a picture");
        let end = start + html[start..].find("</picture>").expect("closed");
        assert!(end > at && !html[start..at].contains("</picture>"), "{alt} is not in its own picture: {html}");
        html[start..end].to_string()
    };
    let figure = picture("A large photo");
    assert!(figure.contains("loading=\"lazy\""), "the shortcode's attributes stay: {figure}");
    assert!(html.contains("<figcaption>Printed by a shortcode</figcaption>"), "{html}");
    picture("A JPEG in a cell");
    // Every candidate decodes to its width, in its format; the own srcset is not checked here.
    let shown = html.replace(own, "");
    let seen: Vec<(String, Vec<u32>)> = check_pictures_in(&s, &shown, "/");
    assert_eq!(
        seen,
        [
            ("webp".to_string(), vec![480, 800, 1200, 1600, 1700]),
            ("webp".to_string(), vec![480, 800, 1000]),
            ("A large photo".to_string(), vec![480, 800, 1200, 1600, 1700]),
            ("A JPEG in a cell".to_string(), vec![480, 800, 1000]),
        ]
    );
    let files = [s.path("public/smo/photos/index.html")];
    let Some(errors) = vnu::errors_or_skip("images_that_shortcodes_and_tables_print_get_their_variants", &files) else {
        return;
    };
    assert!(errors.is_empty(), "Nu HTML Checker errors:\n{}", errors.join("\n"));
}

/// The build's count of variants encoded and read from the cache.
fn variant_counts(r: &common::Run) -> (usize, usize) {
    let text = format!("{}{}", r.stdout, r.stderr);
    let at = text.find("image variants: ").unwrap_or_else(|| panic!("no count in:\n{text}"));
    let words: Vec<&str> = text[at..].split([' ', ',', ';', '\n']).filter(|w| !w.is_empty()).collect();
    (words[2].parse().unwrap(), words[4].parse().unwrap())
}

#[test]
fn variants_are_cached_across_builds_and_pruned_when_unused_for_30_days() {
    let s = site_with_photos("");
    // Of the PNG 4 PNGs (the 1700 one is the original) and 5 WebPs; of the JPEG 2 JPEGs and 3 WebPs.
    assert_eq!(variant_counts(&s.build_ok(&[])), (14, 0));
    let first = s.snapshot("public");
    assert_eq!(variant_counts(&s.build_ok(&[])), (0, 14), "a second build encodes nothing");
    assert_eq!(s.snapshot("public"), first, "and gives the same site");
    let cache = s.path(".herald-cache/images");
    let entries =
        || -> Vec<std::path::PathBuf> { std::fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()).collect() };
    assert_eq!(entries().len(), 14);
    // Every entry is backdated 40 days; the article then shows only the JPEG: the PNG's
    // variants go, the JPEG's (read, so marked as used) stay.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(40 * 24 * 3600);
    for path in entries() {
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(old).unwrap();
    }
    s.write("content/smo/photos/index.md", &article("Photos", "date: 2026-01-02\n", "![A JPEG](/img/shot.jpg)\n"));
    assert_eq!(variant_counts(&s.build_ok(&[])), (0, 5));
    assert_eq!(entries().len(), 5, "{:?}", entries());
}

#[test]
fn bad_images_settings_are_errors_naming_the_key() {
    let s = site_with_photos("[images]\nquality = 0\n");
    let r = s.build_err(&[]);
    assert!(
        r.stderr.contains("book.toml:9:1") && r.stderr.contains("`[images] quality` is from 1 to 100"),
        "{}",
        r.stderr
    );
    s.write("book.toml", &format!("{}\n[images]\nformats = [\"bmp\"]\n", common::MINIMAL_CONFIG));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("bmp"), "{}", r.stderr);
}

#[test]
fn a_browser_picks_a_narrow_variant_on_a_phone_and_the_page_never_shifts() {
    let s = site_with_photos("");
    // Text around the images, so that a late-sized image would push it down.
    let body = "![A large photo](big.png)\n\nText under the first image.\n\n![A JPEG](/img/shot.jpg)\n\nText under the second.\n";
    s.write("content/smo/photos/index.md", &article("Photos", "date: 2026-01-02\n", body));
    s.build_ok(&[]);
    let Some(mut b) = browser::browser_or_skip("a_browser_picks_a_narrow_variant_on_a_phone") else { return };
    let base = static_server::serve(&s.path("public"));
    let observe = "window.__cls = 0; new PerformanceObserver(l => l.getEntries().forEach(e => { \
                   if (!e.hadRecentInput) window.__cls += e.value })).observe({ type: 'layout-shift', buffered: true })";
    let loaded = "[...document.querySelectorAll('.content img')].every(i => i.complete && i.naturalWidth > 0)";
    for width in [375, 1280] {
        b.viewport(width, 800);
        // The phone comes first: no wider variant is in the browser's cache to be reused.
        b.goto(&format!("{base}/smo/photos/"));
        b.eval(observe);
        // Lazy images load once scrolled to.
        b.eval("window.scrollTo(0, document.body.scrollHeight)");
        b.wait_for(loaded, std::time::Duration::from_secs(15));
        let cls = b.eval("new Promise(r => setTimeout(() => r(window.__cls), 300))");
        assert_eq!(cls.as_f64(), Some(0.0), "cumulative layout shift at {width} px");
        let current = b.eval("document.querySelector('.content img').currentSrc");
        let current = current.as_str().unwrap().to_string();
        let natural = b.eval("document.querySelector('.content img').naturalWidth").as_u64().unwrap();
        if width == 375 {
            assert!(current.contains("/big-480.") && current.ends_with(".webp"), "{current}");
            assert!(natural < 1700, "{current} is {natural} px wide");
        } else {
            // 42rem of a 1280 px window: the 800 px variant (a wider one only on denser screens).
            assert!(current.contains("/big-800.") && current.ends_with(".webp"), "{current}");
        }
    }
    // The measure can see a shift: a box pushed in above the images moves them.
    b.eval("window.scrollTo(0, 0); document.querySelector('.content').prepend(Object.assign(document.createElement('div'), { style: 'height: 300px' }))");
    let cls = b.eval("new Promise(r => setTimeout(() => r(window.__cls), 300))");
    assert!(cls.as_f64().is_some_and(|v| v > 0.0), "a shift goes unmeasured: {cls}");
}

#[test]
fn the_preview_shows_originals_at_once_and_its_variants_once_encoded_beside_the_builder() {
    let s = site_with_photos("");
    let pictures = |html: &str| html.matches("<picture>").count();
    let server = Serving::start(&s, &[]);
    let mut events = server.events();
    // Nothing was cached: the first build printed the originals, sized, and the variants are
    // encoded beside the builder; then the page reloads with them (unless that happened already).
    let html = server.get("/smo/photos/").text();
    if pictures(&html) == 0 {
        assert_eq!(get(&images(&html)[0], "width"), "1700");
        events.expect("reload");
    }
    let html = server.get("/smo/photos/").text();
    assert_eq!(pictures(&html), 2, "{html}");
    let variant = srcset(get(&tags(&html, "source")[0], "srcset")).remove(0).0;
    assert_eq!(server.get(&variant).status, 200, "{variant}");
    assert!(s.path(".herald-cache/images").is_dir(), "kept for `herald build` too");
    // A new photo is shown at once as it is (the JPEG keeps its variants), then with its own.
    s.write_bytes("content/smo/photos/big.png", &encoded(&photo(1800, 900), image::ImageFormat::Png));
    events.expect("reload");
    let html = server.get("/smo/photos/").text();
    assert_eq!(pictures(&html), 1, "{html}");
    assert_eq!((get(&images(&html)[0], "width"), get(&images(&html)[0], "srcset")), ("1800", ""));
    events.expect("reload");
    let html = server.get("/smo/photos/").text();
    assert_eq!(pictures(&html), 2, "{html}");
    assert!(get(&images(&html)[0], "srcset").contains(" 1800w"), "{html}");
}

#[test]
fn the_preview_encodes_the_variants_of_printed_images_beside_the_builder() {
    let s = site_printing_photos();
    let pictures = |html: &str| html.matches("<picture>").count();
    let server = Serving::start(&s, &[]);
    let mut events = server.events();
    let html = server.get("/smo/photos/").text();
    if pictures(&html) < 2 {
        assert!(html.contains("alt=\"A large photo\" loading=\"lazy\" decoding=\"async\" width=\"1700\""), "{html}");
        events.expect("reload");
    }
    let html = server.get("/smo/photos/").text();
    assert_eq!(pictures(&html), 2, "{html}");
    let variant = srcset(get(&tags(&html, "source")[0], "srcset")).remove(0).0;
    assert_eq!(server.get(&variant).status, 200, "{variant}");
}

/// A site whose article shares `shared` (a file of its bundle) and whose other pages share the
/// `[social] default-image` `static/img/share.png`.
fn site_sharing(shared: (&str, &[u8]), default: &[u8], images_table: &str) -> Site {
    let s = Site::new();
    let config = format!("{}\n[social]\ndefault-image = \"img/share.png\"\n{images_table}", common::MINIMAL_CONFIG);
    s.write("book.toml", &config);
    let front = format!("date: 2026-01-02\nimage: {}\nimage-alt: A shared photo\n", shared.0);
    s.write("content/smo/shared/index.md", &article("Shared", &front, "Text.\n"));
    s.write_bytes(&format!("content/smo/shared/{}", shared.0), shared.1);
    s.write_bytes("static/img/share.png", default);
    s
}

/// The `og:image` of a built page, its declared size, and the file it names, decoded.
fn og_image(s: &Site, page: &str) -> (String, (String, String), image::ImageFormat, image::DynamicImage) {
    let html = s.public(page);
    let url = common::html::meta(&html, "og:image");
    let size = (common::html::meta(&html, "og:image:width"), common::html::meta(&html, "og:image:height"));
    assert_eq!(common::html::meta(&html, "twitter:image"), url, "X shows the same image");
    let (format, img) = decode(s, &url, "https://example.org/");
    (url, size, format, img)
}

#[test]
fn large_social_images_are_cropped_around_their_middle_to_1200x630() {
    let jpeg = encoded(&photo(2000, 1500), image::ImageFormat::Jpeg);
    let s = site_sharing(("photo.jpg", &jpeg), &png(1600, 900), "");
    s.build_ok(&[]);
    let (url, size, format, img) = og_image(&s, "smo/shared/index.html");
    assert!(url.starts_with("https://example.org/smo/shared/photo-1200x630.") && url.ends_with(".jpg"), "{url}");
    assert_eq!((size.0.as_str(), size.1.as_str(), format), ("1200", "630", image::ImageFormat::Jpeg));
    assert_eq!((img.width(), img.height()), (1200, 630));
    // Cropped, not squeezed: the 2000x1500 photo keeps its middle 1050 rows (225 to 1275), and
    // its green channel grows with the row, so the top and bottom rows show where the crop fell.
    let green = |y: u32| i32::from(img.to_rgb8().get_pixel(600, y)[1]);
    assert!((green(0) - 225 * 255 / 1500).abs() <= 12, "top row green {}", green(0));
    assert!((green(629) - 1275 * 255 / 1500).abs() <= 12, "bottom row green {}", green(629));
    let ld = common::html::jsonld(&s.public("smo/shared/index.html")).to_string();
    assert!(ld.contains(&url), "the JSON-LD names the same image: {ld}");
    // Pages without their own image share the default one, made to measure too, as a PNG.
    let (url, size, format, img) = og_image(&s, "index.html");
    assert!(url.starts_with("https://example.org/img/share-1200x630.") && url.ends_with(".png"), "{url}");
    assert_eq!((size.0.as_str(), size.1.as_str(), format), ("1200", "630", image::ImageFormat::Png));
    assert_eq!((img.width(), img.height()), (1200, 630));
    // The originals are published as they are, for whoever links them.
    assert!(s.path("public/smo/shared/photo.jpg").is_file() && s.path("public/img/share.png").is_file());
}

#[test]
fn social_images_of_the_right_size_or_smaller_or_unprocessed_are_shared_as_they_are() {
    let webp = encoded(&photo(1300, 700), image::ImageFormat::WebP);
    let s = site_sharing(("photo.webp", &webp), &png(1200, 630), "");
    s.build_ok(&[]);
    // A WebP becomes a JPEG, which every network reads.
    let (url, _, format, _) = og_image(&s, "smo/shared/index.html");
    assert!(url.contains("/photo-1200x630.") && format == image::ImageFormat::Jpeg, "{url}");
    let (url, size, _, _) = og_image(&s, "index.html");
    assert_eq!((url.as_str(), size.0.as_str()), ("https://example.org/img/share.png", "1200"));

    let s = site_sharing(("small.png", &png(800, 400)), &png(1600, 900), "[images]\nprocess = false\n");
    let r = s.build_ok(&[]);
    let (url, size, _, _) = og_image(&s, "smo/shared/index.html");
    assert_eq!((url.as_str(), size.0.as_str()), ("https://example.org/smo/shared/small.png", "800"));
    assert!(r.stderr.contains("smaller than the 1200x630"), "a small image keeps its warning:\n{}", r.stderr);
    let (url, _, _, _) = og_image(&s, "index.html");
    assert_eq!(url, "https://example.org/img/share.png", "with `process = false`");
}

/// `img` as a JPEG whose EXIF orientation is `value` (6: shown turned a quarter clockwise, as
/// a phone stores a portrait photo).
fn turned_jpeg(img: &image::RgbImage, value: u8) -> Vec<u8> {
    use image::ImageEncoder;
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01".to_vec();
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0, 0, 0, 0, 0]);
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    enc.set_exif_metadata(tiff).unwrap();
    enc.write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8).unwrap();
    out
}

#[test]
fn a_photo_turned_by_its_exif_orientation_is_sized_and_resized_as_it_is_shown() {
    let s = Site::new();
    s.write("book.toml", common::MINIMAL_CONFIG);
    s.write("content/smo/phone/index.md", &article("Phone", "date: 2026-01-02\n", "![A portrait](portrait.jpg)\n"));
    // Stored 1000 wide and 600 high, shown 600 wide and 1000 high.
    s.write_bytes("content/smo/phone/portrait.jpg", &turned_jpeg(&photo(1000, 600), 6));
    s.build_ok(&[]);
    let html = s.public("smo/phone/index.html");
    let img = &images(&html)[0];
    assert_eq!((get(img, "width"), get(img, "height")), ("600", "1000"), "{html}");
    let (url, width) = srcset(get(img, "srcset")).into_iter().next().unwrap();
    assert_eq!(width, 480);
    let (_, variant) = decode(&s, &url, "/");
    assert_eq!((variant.width(), variant.height()), (480, 800), "the variant stands upright");
    // Red grows along the stored rows' x: turned a quarter clockwise, it grows downwards.
    let red = |y: u32| variant.to_rgb8().get_pixel(240, y)[0];
    assert!(red(5) < 40 && red(795) > 215, "red at the top {} and bottom {}", red(5), red(795));
}

#[test]
fn avif_variants_come_first_when_asked_for_and_are_real_avif_files_of_each_width() {
    let config = format!("{}\n[images]\nformats = [\"avif\", \"webp\"]\nwidths = [200, 400]\n", common::MINIMAL_CONFIG);
    let s = Site::new();
    s.write("book.toml", &config);
    s.write("content/smo/photos/index.md", &article("Photos", "date: 2026-01-02\n", "![A photo](big.png)\n"));
    s.write_bytes("content/smo/photos/big.png", &encoded(&photo(500, 300), image::ImageFormat::Png));
    s.build_ok(&[]);
    let html = s.public("smo/photos/index.html");
    let sources = tags(&html, "source");
    let types: Vec<&str> = sources.iter().map(|a| get(a, "type")).collect();
    assert_eq!(types, ["image/avif", "image/webp"], "browsers take the first they read: {html}");
    let candidates = srcset(get(&sources[0], "srcset"));
    assert_eq!(candidates.iter().map(|(_, w)| *w).collect::<Vec<_>>(), [200, 400, 500]);
    for (url, width) in candidates {
        assert!(url.ends_with(".avif"), "{url}");
        let bytes = std::fs::read(s.path("public").join(url.trim_start_matches('/'))).unwrap();
        assert_eq!(&bytes[4..12], b"ftypavif", "{url} is an AVIF file");
        let size = imagesize::blob_size(&bytes).unwrap();
        assert_eq!((size.width, size.height), (width as usize, width as usize * 3 / 5), "{url}");
    }
}

/// A site whose shortcode `thumb` and footer call `resize_image` on `static/img/wide.png`.
fn site_resizing(footer_call: &str) -> Site {
    let s = Site::new();
    s.write("book.toml", &common::MINIMAL_CONFIG.replace("https://example.org/", "https://example.org/guide/"));
    s.write(
        "templates/shortcodes/thumb.html",
        "{% set r = resize_image(path=src, width=300, height=300, op=\"fill\") %}\
         <img class=\"thumb\" src=\"{{ r.url }}\" width=\"{{ r.width }}\" height=\"{{ r.height }}\" alt=\"{{ alt }}\" data-orig=\"{{ r.orig_width }}x{{ r.orig_height }}\">",
    );
    s.write("templates/partials/footer.html", &format!("<footer>{footer_call}</footer>"));
    // A call's `src` is checked as a link is: from the site root, with the base-url's path.
    let call = "{{ thumb(src=\"/guide/img/wide.png\", alt=\"Wide\") }}\n";
    s.write("content/smo/a.md", &article("A", "date: 2026-01-02\n", call));
    s.write_bytes("static/img/wide.png", &encoded(&photo(1600, 900), image::ImageFormat::Png));
    s
}

#[test]
fn resize_image_fills_fits_and_converts_for_templates_and_shortcodes() {
    let footer = "{% set r = resize_image(path=\"img/wide.png\", width=200, format=\"webp\") %}\
                  <img class=\"logo\" src=\"{{ r.url }}\" width=\"{{ r.width }}\" height=\"{{ r.height }}\" alt=\"\">";
    let s = site_resizing(footer);
    // Two copies: the shortcode's and the footer's (one for every page).
    assert_eq!(variant_counts(&s.build_ok(&[])), (2, 0));
    let html = s.public("smo/a/index.html");
    let thumb = tags(&html, "img").into_iter().find(|a| get(a, "class") == "thumb").expect("the shortcode's image");
    assert_eq!((get(&thumb, "width"), get(&thumb, "height"), get(&thumb, "data-orig")), ("300", "300", "1600x900"));
    let (format, img) = decode(&s, get(&thumb, "src"), "/guide/");
    assert_eq!((format, img.width(), img.height()), (image::ImageFormat::Png, 300, 300));
    // Filled by cropping the middle 900x900 (x from 350 to 1250): red grows with x.
    let red = |x: u32| i32::from(img.to_rgb8().get_pixel(x, 150)[0]);
    assert!(
        (red(0) - 350 * 255 / 1600).abs() <= 6 && (red(299) - 1250 * 255 / 1600).abs() <= 6,
        "{} {}",
        red(0),
        red(299)
    );
    // The theme's footer, on every page: fitted into 200 wide, as WebP.
    let logo = tags(&s.public("index.html"), "img").into_iter().find(|a| get(a, "class") == "logo").expect("footer");
    assert_eq!((get(&logo, "width"), get(&logo, "height")), ("200", "113"));
    let (format, img) = decode(&s, get(&logo, "src"), "/guide/");
    assert_eq!((format, img.width(), img.height()), (image::ImageFormat::WebP, 200, 113));
    assert!(get(&logo, "src").starts_with("/guide/img/wide-200x113."), "{}", get(&logo, "src"));
    // A second build makes the same site from the cache; a new image makes new copies.
    let first = s.snapshot("public");
    assert_eq!(variant_counts(&s.build_ok(&[])), (0, 2));
    assert_eq!(s.snapshot("public"), first);
    s.write_bytes("static/img/wide.png", &encoded(&photo(1200, 900), image::ImageFormat::Png));
    s.build_ok(&[]);
    let html = s.public("smo/a/index.html");
    assert!(html.contains("data-orig=\"1200x900\"") && !html.contains(get(&thumb, "src")), "{html}");
}

#[test]
fn the_preview_shows_the_original_until_a_copy_is_encoded_beside_the_builder() {
    let footer = "{% set r = resize_image(path=\"img/wide.png\", width=200, format=\"webp\") %}\
                  <img class=\"logo\" src=\"{{ r.url }}\" width=\"{{ r.width }}\" height=\"{{ r.height }}\" alt=\"\">";
    let s = site_resizing(footer);
    let server = Serving::start(&s, &[]);
    let mut events = server.events();
    let logo = |page: &str| {
        let html = server.get(page).text();
        let img = tags(&html, "img").into_iter().find(|a| get(a, "class") == "logo").expect("footer");
        get(&img, "src").to_string()
    };
    // Nothing was cached: the footer of every page shows the original, until the copy is
    // encoded and the pages reload with it (unless that happened already).
    if logo("/guide/smo/a/") == "/guide/img/wide.png" {
        events.expect("reload");
    }
    for page in ["/guide/smo/a/", "/guide/"] {
        let src = logo(page);
        assert!(src.starts_with("/guide/img/wide-200x113.") && src.ends_with(".webp"), "{page}: {src}");
        assert_eq!(server.get(&src).status, 200, "{src}");
    }
}

#[test]
fn resize_image_errors_name_the_call_and_what_to_give() {
    let s = site_resizing("{% set r = resize_image(path=\"img/nope.png\", width=10) %}");
    let r = s.build_err(&[]);
    assert!(
        r.stderr.contains("resize_image") && r.stderr.contains("`img/nope.png` is not a PNG, JPEG or WebP image"),
        "{}",
        r.stderr
    );
    let s = site_resizing("");
    s.write(
        "templates/shortcodes/thumb.html",
        "{% set r = resize_image(path=src, width=300, op=\"fill\") %}{{ r.url }}",
    );
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/smo/a.md:6:1"), "the error is at the call:\n{}", r.stderr);
    assert!(r.stderr.contains("`fill` and `scale` need both `width` and `height`"), "{}", r.stderr);
}
