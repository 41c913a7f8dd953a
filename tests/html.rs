//! The built HTML judged by independent tools: the Nu HTML Checker, and headless Chromium for
//! layout at phone and desktop widths.

mod common;

use common::{article, browser, static_server, vnu, Site};

fn rich_site() -> Site {
    let s = Site::new();
    // One article a page, so that the listing's pages are checked too.
    s.write("content/guide/_index.md", "---\ntitle: Guide\ndescription: The guide's articles, in reading order from the basics up.\npaginate-by: 1\n---\nIntro.\n")
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
        for path in ["/", "/guide/", "/guide/page/2/", "/guide/rich/", "/tags/"] {
            b.goto(&format!("{base}{path}"));
            let overflow = b.eval("document.documentElement.scrollWidth - window.innerWidth");
            assert!(overflow.as_i64().unwrap_or(1) <= 0, "{path} overflows by {overflow} px at {width} px");
        }
    }
    let title = b.eval("document.querySelector('h1').textContent");
    assert_eq!(title, "Tags");
}

#[test]
fn phones_show_the_short_titles_in_a_one_line_menu() {
    let s = Site::new();
    s.write("content/_index.md", "---\ntitle: Learn social media\nshort-title: Home\n---\n")
        .write("content/smo/_index.md", "---\ntitle: Social media optimization\nshort-title: SMO\nweight: 1\n---\n")
        .write("content/smm/_index.md", "---\ntitle: Social media marketing\nshort-title: SMM\nweight: 2\n---\n")
        .write("content/seo/_index.md", "---\ntitle: Search engine optimization\nshort-title: SEO\nweight: 3\n---\n")
        .write("content/smo/a.md", &article("An article", "date: 2026-05-01\n", "Body.\n"))
        .write("content/smm/b.md", &article("Another", "date: 2026-05-02\n", "Body.\n"))
        .write("content/seo/c.md", &article("A third", "date: 2026-05-03\n", "Body.\n"))
        .write("content/compare/_index.md", "---\ntitle: Comparisons\nweight: 4\n---\n")
        .write("content/compare/d.md", &article("A fourth", "date: 2026-05-04\n", "Body.\n"));
    s.build_ok(&[]);
    let page = s.public("smo/a/index.html");
    assert!(
        page.contains(
            ">Social media optimization</span><span class=\"nav-short\" title=\"Social media optimization\">SMO</span>"
        ),
        "{page}"
    );
    assert!(page.contains("<a href=\"/compare/\">Comparisons</a>"), "no short title, one label: {page}");
    let Some(mut b) = browser::browser_or_skip("phones_show_the_short_titles_in_a_one_line_menu") else { return };
    let base = static_server::serve(&s.path("public"));
    let menu = "[...document.querySelectorAll('.site-nav li')].map(li => li.innerText.trim()).join('|')";
    let lines = "new Set([...document.querySelectorAll('.site-nav li')].map(li => li.offsetTop)).size";
    let crumbs = "[...document.querySelectorAll('.breadcrumbs li')].map(li => li.innerText.trim()).join('|')";
    b.viewport(375, 800);
    b.goto(&format!("{base}/smo/a/"));
    assert_eq!(b.eval(menu), "SMO|SMM|SEO|Comparisons|Tags");
    assert_eq!(b.eval(lines), 1, "the menu fits one line at 375 px");
    assert_eq!(b.eval(crumbs), "Home|SMO|An article");
    b.viewport(1280, 800);
    b.goto(&format!("{base}/smo/a/"));
    assert_eq!(
        b.eval(menu),
        "Social media optimization|Social media marketing|Search engine optimization|Comparisons|Tags"
    );
    assert_eq!(b.eval(crumbs), "Learn social media|Social media optimization|An article");
}

#[test]
fn the_table_of_contents_is_a_sidebar_on_wide_screens_and_collapsed_on_phones() {
    let s = Site::new();
    let body: String = (1..=8)
        .map(|i| format!("## Part {i}\n\n{}\n\n", "A paragraph of text that fills the page. ".repeat(40)))
        .collect();
    s.write("content/guide/long.md", &article("A long article", "date: 2026-05-01\n", &body));
    s.build_ok(&[]);
    let page = s.public("guide/long/index.html");
    assert!(page.contains("<details class=\"toc toc-inline\" data-pagefind-ignore>"), "{page}");
    assert!(page.contains("aria-labelledby=\"toc-side-heading\" data-toc>"), "{page}");
    let Some(mut b) =
        browser::browser_or_skip("the_table_of_contents_is_a_sidebar_on_wide_screens_and_collapsed_on_phones")
    else {
        return;
    };
    let base = static_server::serve(&s.path("public"));
    let shown = |sel: &str| format!("getComputedStyle(document.querySelector('{sel}')).display !== 'none'");
    let current = "[...document.querySelectorAll('.toc-side a[aria-current]')].map(a => a.textContent).join('|')";

    b.viewport(1440, 900);
    b.goto(&format!("{base}/guide/long/"));
    assert_eq!(b.eval(&shown(".toc-side")), true, "the sidebar shows at 1440 px");
    assert_eq!(b.eval(&shown(".toc-inline")), false, "the block above the text is hidden at 1440 px");
    let side = "document.querySelector('.toc-side').getBoundingClientRect()";
    let article = "document.querySelector('.article').getBoundingClientRect()";
    assert_eq!(b.eval(&format!("{side}.left >= {article}.right")), true, "the sidebar is beside the article");
    assert_eq!(b.eval(current), "", "nothing is marked before the first section");

    // Reading part 5: its link, and only its link, is marked; the sidebar stays in view.
    b.eval("document.getElementById('part-5').scrollIntoView(); true");
    b.wait_for(&format!("{current} === 'Part 5'"), std::time::Duration::from_secs(5));
    assert_eq!(b.eval("document.querySelector('.toc-side a[aria-current]').getAttribute('aria-current')"), "location");
    assert_eq!(
        b.eval("document.querySelector('.toc-side-nav').getBoundingClientRect().top >= 0"),
        true,
        "the sidebar is sticky"
    );
    b.eval("document.getElementById('part-2').scrollIntoView(); true");
    b.wait_for(&format!("{current} === 'Part 2'"), std::time::Duration::from_secs(5));

    b.viewport(375, 800);
    b.goto(&format!("{base}/guide/long/"));
    assert_eq!(b.eval(&shown(".toc-side")), false, "no sidebar on phones");
    assert_eq!(b.eval(&shown(".toc-inline")), true);
    assert_eq!(b.eval("document.querySelector('.toc-inline').open"), false, "phones get it collapsed");
    let overflow = b.eval("document.documentElement.scrollWidth - window.innerWidth");
    assert!(overflow.as_i64().unwrap_or(1) <= 0, "overflows by {overflow} px at 375 px");
}
