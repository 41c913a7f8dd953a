//! The three-language fixture (`tests/fixtures/languages`: English, French and Japanese pages,
//! translations of a section, an article with a comparison table and a page bundle with a large
//! photo (a committed 4000x2667 JPEG),
//! on the built-in theme with a CJK font for the Japanese cards) builds, passes
//! `herald check --strict` (its `seo/hreflang` rule included) and the Nu HTML Checker on every
//! page. Real binary, real files copied into a temp dir.

mod common;

use std::path::Path;

use common::{copy_dir, vnu, Site};

/// A photo-like PNG (gradients and detail), large enough for every variant width.
fn photo(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, ((x * 7 + y * 13) % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The fixture in a temp dir, with a copy of the built-in theme that has a CJK font (a site
/// adds fonts to a theme of its own).
fn fixture() -> Site {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = Site::new();
    copy_dir(&repo.join("tests/fixtures/languages"), s.root());
    copy_dir(&repo.join("themes/default"), &s.path("themes/default"));
    let font = "SubsetCJK-DroidSansFallback.ttf";
    std::fs::copy(repo.join("tests/fixtures/fonts").join(font), s.path("themes/default/fonts").join(font)).unwrap();
    s.write_bytes("content/smo/profiles/chart.png", &photo(1600, 900));
    s
}

#[test]
fn the_three_language_fixture_passes_check_strict_and_the_html_checker() {
    let s = fixture();
    let r = s.build_ok(&[]);
    // The repository carries only a subset of a CJK font: the cards' missing glyphs are the only
    // warnings a build may give.
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(warnings.iter().all(|w| w.contains("the social card of")), "{}", r.stderr);
    for page in
        ["index.html", "fr/index.html", "ja/index.html", "ja/smo/hashtags/index.html", "fr/smo/profiles/index.html"]
    {
        assert!(s.public_exists(page), "{page}");
    }
    // The committed 4000x2667 JPEG: the article's first image, offered in narrower copies.
    let profiles = s.public("smo/profiles/index.html");
    let banner = profiles.split("<picture>").nth(1).unwrap_or_default();
    assert!(banner.contains("width=\"4000\" height=\"2667\" fetchpriority=\"high\""), "{banner}");
    assert!(banner.contains("-1600.") && banner.contains("type=\"image/webp\""), "{banner}");
    let check = s.run(&["check", "--strict"]);
    assert!(check.ok, "{}{}", check.stdout, check.stderr);
    let files: Vec<_> = s.html_files().into_iter().map(|p| s.path("public").join(p)).collect();
    assert!(files.len() > 20, "{files:?}");
    let Some(errors) = vnu::errors_or_skip("the_three_language_fixture_passes_check_strict", &files) else {
        return;
    };
    assert!(errors.is_empty(), "Nu HTML Checker errors:\n{}", errors.join("\n"));
}
