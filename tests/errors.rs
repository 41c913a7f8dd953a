//! Bad input: each error names the file, line and column and says what to do; a build reports all
//! of its errors at once and exits 1.

mod common;

use common::{article, Site};

/// Builds, expects failure, and returns stderr.
fn errors_of(s: &Site) -> String {
    s.build_err(&[]).stderr
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let s = Site::new();
    s.write("content/a.md", "---\ntitle: A\ntags: [a, b\n---\nBody\n");
    let e = errors_of(&s);
    assert!(e.contains("content/a.md:"), "{e}");
    assert!(e.contains("error"), "{e}");
}

#[test]
fn missing_title_is_reported_at_the_front_matter() {
    let s = Site::new();
    s.write("content/a.md", "---\ndescription: no title here\n---\nBody\n");
    let e = errors_of(&s);
    assert!(e.contains("content/a.md:1:1") && e.contains("`title` is missing"), "{e}");
}

#[test]
fn unknown_key_suggests_the_close_one() {
    let s = Site::new();
    s.write("content/a.md", "---\ntitle: A\ndescripton: typo\n---\nBody\n");
    let e = errors_of(&s);
    assert!(e.contains("content/a.md:3:1"), "{e}");
    assert!(e.contains("`descripton` is not a front matter key"), "{e}");
    assert!(e.contains("did you mean `description`?"), "{e}");
}

#[test]
fn bad_date_names_its_line() {
    let s = Site::new();
    s.write("content/a.md", "---\ntitle: A\ndate: 2026-02-30\n---\nBody\n");
    let e = errors_of(&s);
    assert!(e.contains("content/a.md:3:") && e.contains("not an ISO 8601 date"), "{e}");
}

#[test]
fn wrong_type_names_its_line() {
    let s = Site::new();
    s.write("content/a.md", "---\ntitle: A\nweight: heavy\n---\nBody\n");
    let e = errors_of(&s);
    assert!(e.contains("content/a.md:3:") && e.contains("invalid type"), "{e}");
}

#[test]
fn unclosed_front_matter_is_an_error() {
    let s = Site::new();
    s.write("content/a.md", "---\ntitle: A\nBody without a closing line\n");
    let e = errors_of(&s);
    assert!(e.contains("content/a.md:1:1") && e.contains("never closed"), "{e}");
}

#[test]
fn missing_front_matter_is_an_error() {
    let s = Site::new();
    s.write("content/a.md", "# Just Markdown\n");
    let e = errors_of(&s);
    assert!(e.contains("content/a.md:1:1") && e.contains("no front matter"), "{e}");
}

#[test]
fn non_utf8_files_are_reported() {
    let s = Site::new();
    s.write_bytes("content/a.md", b"---\ntitle: A\n---\nCaf\xe9\n");
    let e = errors_of(&s);
    assert!(e.contains("content/a.md:4") && e.contains("not valid UTF-8"), "{e}");
}

#[test]
fn non_markdown_files_are_reported_not_skipped() {
    let s = Site::new();
    s.write("content/notes.txt", "stray");
    let r = s.build_ok(&[]);
    assert!(r.stderr.contains("content/notes.txt") && r.stderr.contains("not Markdown"), "{}", r.stderr);
    assert!(!s.public_exists("notes.txt"));
}

#[test]
fn two_files_with_one_url_are_an_error_naming_both() {
    let s = Site::new();
    s.write("content/smo/a.md", &article("A", "", "Body\n"));
    s.write("content/smo/b.md", &article("B", "slug: a\n", "Body\n"));
    let e = errors_of(&s);
    assert!(e.contains("content/smo/a.md") && e.contains("content/smo/b.md") && e.contains("/smo/a/"), "{e}");
}

#[test]
fn a_link_to_a_missing_article_names_line_and_column() {
    let s = Site::new();
    s.write("content/smo/a.md", &article("A", "", "Intro.\n\nSee [b](b.md) and [c](../smm/c.md).\n"));
    s.write("content/smo/b.md", &article("B", "", "Body\n"));
    let e = errors_of(&s);
    // The front matter takes lines 1-4; the body's third line is line 7 of the file.
    assert!(e.contains("content/smo/a.md:7:19") && e.contains("content/smm/c.md"), "{e}");
    assert!(!e.contains("[b](b.md)") || !e.contains("b.md`, which"), "the link to b exists: {e}");
}

#[test]
fn a_link_to_a_draft_says_so() {
    let s = Site::new();
    s.write("content/a.md", &article("A", "", "See [d](d.md).\n"));
    s.write("content/d.md", &article("D", "draft: true\n", "Body\n"));
    let e = errors_of(&s);
    assert!(e.contains("which is a draft"), "{e}");
    s.build_ok(&["--drafts"]);
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let s = Site::new();
    s.write("content/a.md", "---\ntitle: A\ndescripton: x\n---\n");
    s.write("content/b.md", "---\ntitle: B\ndate: yesterday\n---\n");
    s.write("content/c.md", &article("C", "", "[x](nope.md)\n"));
    let e = errors_of(&s);
    for f in ["content/a.md:3", "content/b.md:3", "content/c.md:5"] {
        assert!(e.contains(f), "{f} missing from:\n{e}");
    }
    assert!(e.contains("3 errors"), "{e}");
}

#[test]
fn config_unknown_key_and_wrong_type_name_the_line() {
    let s = Site::new();
    s.write("book.toml", "[book]\ntitle = \"T\"\n\n[site]\nbase-ulr = \"https://example.org/\"\n");
    let e = errors_of(&s);
    assert!(
        e.contains("book.toml:5:1")
            && e.contains("`base-ulr` is not a key of `[site]`")
            && e.contains("did you mean `base-url`?"),
        "{e}"
    );
    s.write("book.toml", "[book]\ntitle = \"T\"\n[serve]\nport = \"eighty\"\n");
    let e = errors_of(&s);
    assert!(e.contains("book.toml:4:") && e.contains("invalid type"), "{e}");
}

#[test]
fn template_errors_name_template_line_and_variable() {
    let s = Site::new();
    s.write("content/a.md", &article("A", "", "Body\n"));
    s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title }}</p>\n<p>{{ page.subtitle }}</p>\n{% endblock main %}\n");
    let e = errors_of(&s);
    assert!(e.contains("templates/page.html:4:7") && e.contains("`page.subtitle`"), "{e}");
}

#[test]
fn a_misspelt_template_variable_suggests_the_real_field() {
    let s = Site::new();
    s.write("content/a.md", &article("A", "", "Body\n"));
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.titel }}</h1>\n{% endblock main %}\n",
    );
    let e = errors_of(&s);
    assert!(e.contains("templates/page.html:3:8") && e.contains("`page.titel`"), "{e}");
    assert!(e.contains("did you mean `page.title`?"), "{e}");
}

#[test]
fn an_unknown_template_variable_unlike_any_field_gets_no_guess() {
    let s = Site::new();
    s.write("content/a.md", &article("A", "", "Body\n"));
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.zzqx }}</p>\n{% endblock main %}\n",
    );
    let e = errors_of(&s);
    assert!(e.contains("`page.zzqx`") && !e.contains("did you mean"), "{e}");
}

#[test]
fn template_syntax_errors_name_the_line() {
    let s = Site::new();
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n",
    );
    let e = errors_of(&s);
    assert!(e.contains("templates/page.html:") && e.contains("syntax error"), "{e}");
}

#[test]
fn an_unknown_template_in_front_matter_is_an_error() {
    let s = Site::new();
    s.write("content/a.md", "---\ntitle: A\ntemplate: fancy.html\n---\nBody\n");
    let e = errors_of(&s);
    assert!(e.contains("content/a.md:3:1") && e.contains("`fancy.html` does not exist"), "{e}");
}

#[test]
fn no_config_tells_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let r: common::Run = common::herald().arg("--root").arg(tmp.path()).arg("build").output().unwrap().into();
    assert!(!r.ok && r.stderr.contains("book.toml") && r.stderr.contains("herald init"), "{}", r.stderr);
}

#[test]
fn links_to_a_file_with_broken_front_matter_are_not_errors_of_their_own() {
    let s = Site::new();
    s.write("content/a.md", "---\ntitle: A\n---\nSee [b](b.md).\n");
    s.write("content/b.md", "---\ntitle: B\ndescripton: typo\n---\nBody\n");
    let e = errors_of(&s);
    assert!(e.contains("content/b.md:3"), "{e}");
    assert!(!e.contains("content/a.md"), "only the broken file is reported: {e}");
    assert!(e.contains("1 error"), "{e}");
}
