//! The built HTML judged by independent tools: the Nu HTML Checker, and headless Chromium for
//! layout at phone and desktop widths.

mod common;

use common::{article, browser, static_server, vnu, Site};

fn rich_site() -> Site {
    let s = Site::new();
    s.write("content/guide/_index.md", "---\ntitle: Guide\ndescription: The guide's articles, in reading order from the basics up.\n---\nIntro.\n")
        .write(
            "content/guide/rich.md",
            &article(
                "Rich & <varied> \"article\"",
                "date: 2026-05-01\ntags: [smo, seo]\nauthors: [Ann]\n",
                "Summary with *emphasis*.\n\n## Tables\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Footnotes\n\nText[^1].\n\n[^1]: A note.\n\n### Code\n\n```rust\nfn main() {}\n```\n\n- [x] done\n- [ ] open\n\n~~gone~~ and a [link](other.md#top).\n",
            ),
        )
        .write("content/guide/other.md", &article("Other", "date: 2026-05-02\n", "## Top\n\nBody.\n"));
    s
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    let s = rich_site();
    s.build_ok(&[]);
    let files: Vec<_> = s.html_files().into_iter().map(|f| s.path("public").join(f)).collect();
    assert!(files.len() >= 8);
    let Some(errors) = vnu::errors_or_skip("every_page_passes_the_nu_html_checker", &files) else { return };
    assert!(errors.is_empty(), "Nu HTML Checker errors:\n{}", errors.join("\n"));
}

#[test]
fn pages_do_not_overflow_at_phone_or_desktop_width() {
    let s = rich_site();
    s.build_ok(&[]);
    let Some(mut b) = browser::browser_or_skip("pages_do_not_overflow_at_phone_or_desktop_width") else { return };
    let base = static_server::serve(&s.path("public"));
    for width in [375, 1280] {
        b.viewport(width, 800);
        for path in ["/", "/guide/", "/guide/rich/", "/tags/"] {
            b.goto(&format!("{base}{path}"));
            let overflow = b.eval("document.documentElement.scrollWidth - window.innerWidth");
            assert!(overflow.as_i64().unwrap_or(1) <= 0, "{path} overflows by {overflow} px at {width} px");
        }
    }
    let title = b.eval("document.querySelector('h1').textContent");
    assert_eq!(title, "Tags");
}
