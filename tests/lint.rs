//! `herald check`: each SEO lint and link rule fires on a fixture, at the right file and line, and
//! stays silent on a clean site; `--strict` turns the warnings into errors.

mod common;

use common::{png, Site};

/// A site on which every rule is satisfied: two articles that link to each other.
fn clean() -> Site {
    let s = Site::new();
    s.write(
        "content/_index.md",
        "---\ntitle: Home\ndescription: The home page of a clean test site, with a description of a good length.\n---\nWelcome. Start with [the first article](guide/first.md).\n",
    )
    .write("content/guide/_index.md", "---\ntitle: Guide\ndescription: The guide section of the clean test site, listing its two articles.\n---\nThe guide.\n")
    .write(
        "content/guide/first.md",
        "---\ntitle: First article\ndescription: The first article of the clean site, which links to the second one.\ndate: 2026-01-01\n---\nIntro.\n\n## Part one\n\n### Detail\n\nSee [the second](second/index.md#part-two) and [part one](#part-one).\n",
    )
    .write(
        "content/guide/second/index.md",
        "---\ntitle: Second article\ndescription: The second article of the clean site, a bundle with an image of its own.\ndate: 2026-01-02\nimage: wide.png\nimage-alt: A grey rectangle\n---\nBack to [the first](../first.md).\n\n## Part two\n\n![A grey rectangle](wide.png)\n",
    )
    .write_bytes("content/guide/second/wide.png", &png(1200, 630));
    s
}

/// Runs `herald check` with `args` and returns (success, stderr).
fn check(s: &Site, args: &[&str]) -> (bool, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let r = s.run(&all);
    (r.ok, r.stderr)
}

/// The `file:line` of every diagnostic with rule `code` in a report.
fn fired(report: &str, code: &str) -> Vec<String> {
    let lines: Vec<&str> = report.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with(&format!("warning[{code}]")) || l.starts_with(&format!("error[{code}]")) {
            let at =
                lines[i + 1..].iter().find_map(|l| l.split("┌─ ").nth(1).or_else(|| l.trim().strip_prefix("= in ")));
            let at = at.unwrap_or("?").trim();
            // file:line:col -> file:line
            let parts: Vec<&str> = at.split(':').collect();
            out.push(if parts.len() >= 2 { format!("{}:{}", parts[0], parts[1]) } else { at.to_string() });
        }
    }
    out
}

#[test]
fn a_clean_site_has_no_findings() {
    let s = clean();
    let (ok, report) = check(&s, &["--strict"]);
    assert!(ok, "{report}");
    assert!(report.contains("no problems"), "{report}");
}

#[test]
fn a_clean_minified_site_has_no_findings() {
    let s = clean();
    s.write("book.toml", &format!("{}\n[build]\nminify = true\n", common::MINIMAL_CONFIG));
    let (ok, report) = check(&s, &["--strict"]);
    assert!(ok && report.contains("no problems"), "anchors are found in minified pages too: {report}");
}

/// The clean site plus one file; returns the `check` report.
fn with(rel: &str, text: &str) -> String {
    let s = clean();
    s.write(rel, text);
    let (ok, report) = check(&s, &[]);
    assert!(ok, "warnings alone do not fail check: {report}");
    let (strict_ok, strict) = check(&s, &["--strict"]);
    assert!(!strict_ok && strict.contains("error["), "--strict fails: {strict}");
    report
}

/// An article linked from the first one, so that it is no orphan.
fn linked(s: &Site) {
    s.write(
        "content/_index.md",
        "---\ntitle: Home\ndescription: The home page of a clean test site, with a description of a good length.\n---\nWelcome. Start with [the first article](guide/first.md) or [the new one](guide/new.md).\n",
    );
}

fn with_linked(text: &str) -> String {
    let s = clean();
    linked(&s);
    s.write("content/guide/new.md", text);
    check(&s, &[]).1
}

#[test]
fn missing_description() {
    let r = with_linked("---\ntitle: New article\ndate: 2026-02-01\n---\nBody.\n");
    assert_eq!(fired(&r, "seo/description-missing"), ["content/guide/new.md:2"], "{r}");
}

#[test]
fn description_too_short_or_too_long() {
    let r = with_linked("---\ntitle: New article\ndescription: Too short.\n---\nBody.\n");
    assert_eq!(fired(&r, "seo/description-length"), ["content/guide/new.md:3"], "{r}");
    let long = "word ".repeat(40);
    let r = with_linked(&format!("---\ntitle: New article\ndescription: {long}\n---\nBody.\n"));
    assert_eq!(fired(&r, "seo/description-length"), ["content/guide/new.md:3"], "{r}");
}

#[test]
fn title_too_long() {
    let r = with_linked("---\ntitle: A title that goes on and on well past the sixty characters results show\ndescription: A description of the new article that is long enough for the checks.\n---\nBody.\n");
    assert_eq!(fired(&r, "seo/title-length"), ["content/guide/new.md:2"], "{r}");
}

#[test]
fn duplicate_titles_and_descriptions() {
    let r = with_linked("---\ntitle: First article\ndescription: The first article of the clean site, which links to the second one.\n---\nBody.\n");
    assert_eq!(fired(&r, "seo/duplicate-title"), ["content/guide/new.md:2"], "{r}");
    assert_eq!(fired(&r, "seo/duplicate-description"), ["content/guide/new.md:3"], "{r}");
    assert!(r.contains("also the title of content/guide/first.md"), "{r}");
}

#[test]
fn images_without_alt_text() {
    let s = clean();
    s.write(
        "content/guide/second/index.md",
        "---\ntitle: Second article\ndescription: The second article of the clean site, a bundle with an image of its own.\nimage: wide.png\n---\nBack to [the first](../first.md).\n\n## Part two\n\n![](wide.png)\n",
    );
    let r = check(&s, &[]).1;
    assert_eq!(
        fired(&r, "seo/image-alt"),
        ["content/guide/second/index.md:4", "content/guide/second/index.md:10"],
        "{r}"
    );
}

#[test]
fn small_page_image() {
    let s = clean();
    s.write_bytes("content/guide/second/wide.png", &png(600, 315));
    let r = check(&s, &[]).1;
    assert_eq!(fired(&r, "seo/image-size"), ["content/guide/second/index.md:5"], "{r}");
}

#[test]
fn second_h1_and_skipped_heading_levels() {
    let r = with_linked("---\ntitle: New article\ndescription: A description of the new article that is long enough for the checks.\n---\n# Another title\n\n## Fine\n\n#### Skipped\n");
    assert_eq!(fired(&r, "seo/heading-h1"), ["content/guide/new.md:5"], "{r}");
    assert_eq!(fired(&r, "seo/heading-skip"), ["content/guide/new.md:9"], "{r}");
}

#[test]
fn broken_links_and_anchors() {
    let r = with_linked("---\ntitle: New article\ndescription: A description of the new article that is long enough for the checks.\n---\nSee [nowhere](/nowhere/) and [a file](missing.pdf).\n\nAnd [a part](first.md#no-such-part), [here](#nope) and [fine](first.md#part-one).\n");
    assert_eq!(fired(&r, "links/broken"), ["content/guide/new.md:5", "content/guide/new.md:5"], "{r}");
    assert_eq!(fired(&r, "links/anchor"), ["content/guide/new.md:7", "content/guide/new.md:7"], "{r}");
}

#[test]
fn orphan_articles() {
    let r = with("content/guide/lonely.md", "---\ntitle: Lonely article\ndescription: An article that no other page of the site links to in its text.\n---\nBody.\n");
    assert_eq!(fired(&r, "seo/orphan"), ["content/guide/lonely.md:2"], "{r}");
}

#[test]
fn a_broken_link_fails_check_without_flags_and_style_advice_does_not() {
    let s = clean();
    s.write("content/guide/first.md", "---\ntitle: First article\ndescription: Short.\ndate: 2026-01-01\n---\nIntro.\n\n## Part one\n\nSee [the second](second/index.md#part-two) and [part one](#part-one).\n");
    let (ok, r) = check(&s, &[]);
    assert!(ok, "a style warning alone must not fail check:\n{r}");
    assert!(r.contains("warning[seo/description-length]"), "{r}");
    let (ok, r) = check(&s, &["--strict"]);
    assert!(!ok, "--strict fails on a warning:\n{r}");
    assert!(r.contains("error[seo/description-length]"), "{r}");

    s.write("content/guide/first.md", "---\ntitle: First article\ndescription: The first article of the clean site, which links to the second one.\ndate: 2026-01-01\n---\nIntro.\n\n## Part one\n\nSee [the second](second/index.md#part-three) and [part one](#part-one).\n");
    let (ok, r) = check(&s, &[]);
    assert!(!ok, "a missing #anchor fails check:\n{r}");
    assert_eq!(fired(&r, "links/anchor"), ["content/guide/first.md:10"], "{r}");
    assert!(r.contains("error[links/anchor]"), "{r}");
}

#[test]
fn book_toml_levels_raise_and_lower_rules_by_id() {
    let s = clean();
    s.write("content/guide/first.md", "---\ntitle: First article\ndescription: Short.\ndate: 2026-01-01\n---\nIntro.\n\n## Part one\n\nSee [the second](second/index.md#part-three) and [part one](#part-one).\n");
    let config = format!(
        "{}\n[check.levels]\n\"links/anchor\" = \"warn\"\n\"seo/description-length\" = \"allow\"\n",
        common::MINIMAL_CONFIG
    );
    s.write("book.toml", &config);
    let (ok, r) = check(&s, &[]);
    assert!(ok, "{r}");
    assert!(r.contains("warning[links/anchor]") && !r.contains("description-length"), "{r}");

    s.write("book.toml", &format!("{}\n[check.levels]\n\"seo/title-length\" = \"deny\"\n", common::MINIMAL_CONFIG));
    s.write("content/guide/first.md", "---\ntitle: A first article whose title goes on for far longer than any search result shows\ndescription: The first article of the clean site, which links to the second one.\ndate: 2026-01-01\n---\nIntro.\n\n## Part one\n\nSee [the second](second/index.md#part-two) and [part one](#part-one).\n");
    let (ok, r) = check(&s, &[]);
    assert!(!ok && r.contains("error[seo/title-length]"), "{r}");
}

#[test]
fn front_matter_allows_a_rule_on_one_page() {
    let s = clean();
    s.write("content/guide/first.md", "---\ntitle: A first article whose title goes on for far longer than any search result shows\ndescription: The first article of the clean site, which links to the second one.\ndate: 2026-01-01\nallow: [seo/title-length]\n---\nIntro.\n\n## Part one\n\nSee [the second](second/index.md#part-two) and [part one](#part-one).\n");
    let (ok, r) = check(&s, &["--strict"]);
    assert!(ok, "{r}");
    assert!(!r.contains("title-length"), "{r}");
}

#[test]
fn an_unknown_rule_id_is_an_error_with_a_suggestion() {
    let s = clean();
    s.write("book.toml", &format!("{}\n[check.levels]\n\"seo/title-lenght\" = \"allow\"\n", common::MINIMAL_CONFIG));
    let (ok, r) = check(&s, &[]);
    assert!(!ok, "{r}");
    assert!(r.contains("`seo/title-lenght` is not a rule of herald check"), "{r}");
    assert!(r.contains("book.toml:9:1") && r.contains("did you mean `seo/title-length`?"), "{r}");
}

#[test]
fn a_broken_link_fails_the_build_and_keeps_the_previous_output() {
    let s = clean();
    s.build_ok(&[]);
    let before = s.snapshot("public");
    s.write("content/guide/second/index.md", "---\ntitle: Second article\ndescription: The second article of the clean site, a bundle with an image of its own.\ndate: 2026-01-02\n---\nBack to [the first](../first.md) and [nowhere](/nowhere/).\n\n## Part two\n");
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("error[links/broken]"), "{}", r.stderr);
    assert_eq!(s.snapshot("public"), before, "a failed build leaves the previous output untouched");
}
