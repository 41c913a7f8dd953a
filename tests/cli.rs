//! The command line as people use it: reports that stay short and counted right however many
//! problems a site has.

mod common;

use common::Site;

/// An article whose one body line holds `n` links made by `link(i)`.
fn many_links_on_one_line(n: usize, link: impl Fn(usize) -> String) -> Site {
    let s = Site::new();
    let line: Vec<String> = (0..n).map(|i| format!("[x{i}]({})", link(i))).collect();
    s.write(
        "content/a.md",
        &format!("---\ntitle: A\ndescription: An article with a great many broken links on a single line of text.\n---\n{}\n", line.join(" ")),
    );
    s
}

#[test]
fn a_thousand_broken_links_on_one_line_make_a_short_build_report() {
    let s = many_links_on_one_line(1000, |i| format!("missing{i}.md"));
    let r = s.build_err(&[]);
    assert!(r.stderr.ends_with("1000 errors\n"), "{}", &r.stderr[r.stderr.len().saturating_sub(300)..]);
    assert!(r.stderr.contains("… and 995 more problems on content/a.md:5 not shown"), "{}", r.stderr);
    // Five diagnostics with a cut line each, not a thousand copies of a 20 KB line.
    assert!(r.stderr.len() < 8_000, "{} bytes:\n{}", r.stderr.len(), r.stderr);
}

#[test]
fn a_thousand_broken_links_on_one_line_make_a_short_check_report() {
    let s = many_links_on_one_line(1000, |i| format!("/missing{i}/"));
    let r = s.run(&["check"]);
    assert!(r.stderr.contains("\n1000 errors, 1 warning\n"), "{}", &r.stderr[r.stderr.len().saturating_sub(300)..]);
    assert!(r.stderr.contains("… and 995 more problems on content/a.md:5 not shown"), "{}", r.stderr);
    assert!(r.stderr.len() < 8_000, "{} bytes:\n{}", r.stderr.len(), r.stderr);
    // The fifth link's line is cut in front, and its column is still the real one.
    assert!(r.stderr.contains("content/a.md:5:69\n"), "{}", r.stderr);
    assert!(r.stderr.contains("5 │ …ssing0/) [x1]"), "{}", r.stderr);
}

#[test]
fn one_article_is_counted_in_the_singular() {
    let s = Site::new();
    s.write("content/a.md", &common::article("A", "", "Body.\n"));
    let r = s.build_ok(&[]);
    assert!(r.stderr.contains("Built 1 article, 1 section and 0 tags"), "{}", r.stderr);
}
