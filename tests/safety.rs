//! What herald refuses to do to the user's files: replace a folder it did not make, leave
//! half-written or stale folders behind, read front matter it would misread.

mod common;

use std::path::Path;

use common::{article, Site};

/// A site with a home page, a section and an article.
fn site() -> Site {
    let s = Site::new();
    s.write("content/smo/_index.md", "---\ntitle: SMO\n---\nAbout SMO.\n");
    s.write("content/smo/first.md", &article("First", "", "The first article.\n"));
    s
}

/// The names of the entries of a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    n.sort();
    n
}

#[test]
fn the_output_folder_may_not_be_a_source_folder() {
    let s = site();
    let r = s.build_err(&["--output-dir", s.path("content").to_str().unwrap()]);
    assert!(r.stderr.contains("source folder `content`"), "{}", r.stderr);
    assert!(s.path("content/smo/first.md").exists(), "the articles are still there");
    // A relative folder is taken from where herald runs.
    let r: common::Run =
        common::herald().current_dir(s.root()).args(["build", "-o", "content"]).output().unwrap().into();
    assert!(!r.ok && r.stderr.contains("source folder `content`"), "{}", r.stderr);
    assert!(s.path("content/smo/first.md").exists());
}

#[test]
fn the_output_folder_may_not_be_the_site_or_a_parent_of_it() {
    let s = site();
    for dir in [s.root().to_path_buf(), s.root().join("content/.."), s.root().parent().unwrap().to_path_buf()] {
        let r = s.build_err(&["--output-dir", dir.to_str().unwrap()]);
        assert!(r.stderr.contains("site's own folder") || r.stderr.contains("parent of the site"), "{}", r.stderr);
    }
    assert!(s.path("book.toml").exists() && s.path("content/smo/first.md").exists());
}

#[test]
fn an_output_dir_in_book_toml_that_points_at_a_foreign_folder_is_refused_by_build_and_check() {
    let s = site();
    let sibling = tempfile::tempdir().unwrap();
    std::fs::write(sibling.path().join("thesis.txt"), "years of work").unwrap();
    let config = format!("{}output-dir = {:?}\n", common::MINIMAL_CONFIG, sibling.path());
    s.write("book.toml", &config);
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("not made by herald"), "{}", r.stderr);
    // The error points at the key in book.toml.
    assert!(r.stderr.contains("book.toml:7:1"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(sibling.path().join("thesis.txt")).unwrap(), "years of work");
    let r = s.run(&["check"]);
    assert!(!r.ok && r.stderr.contains("not made by herald"), "{}", r.stderr);
    // --force replaces a folder without sources, and marks it as herald's.
    s.build_ok(&["--force"]);
    assert!(!sibling.path().join("thesis.txt").exists());
    assert!(sibling.path().join(".herald-output").is_file() && sibling.path().join("index.html").is_file());
    // From then on it is herald's folder.
    s.build_ok(&[]);
    assert!(s.run(&["check"]).ok);
}

#[test]
fn force_never_replaces_a_folder_with_sources_or_the_home_folder() {
    let s = site();
    let other = Site::new();
    let r = s.build_err(&["--force", "--output-dir", other.root().to_str().unwrap()]);
    assert!(r.stderr.contains("holds a site's sources"), "{}", r.stderr);
    assert!(other.path("book.toml").exists());
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".bashrc"), "").unwrap();
    let r: common::Run = common::herald()
        .env("HOME", home.path())
        .args(["--root", s.root().to_str().unwrap(), "build", "--force", "--output-dir"])
        .arg(home.path())
        .output()
        .unwrap()
        .into();
    assert!(!r.ok && r.stderr.contains("is the home folder"), "{}", r.stderr);
    assert!(home.path().join(".bashrc").exists());
}

#[test]
fn an_output_of_an_older_herald_without_the_marker_is_refused_with_a_way_out() {
    let s = site();
    s.build_ok(&[]);
    assert!(s.public_exists(".herald-output"));
    std::fs::remove_file(s.path("public/.herald-output")).unwrap();
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("delete this one if it is an output of an older herald"), "{}", r.stderr);
    s.build_ok(&["--force"]);
    s.build_ok(&[]);
}

#[test]
fn stale_staging_folders_are_removed_and_a_missing_site_is_recovered() {
    let s = site();
    s.build_ok(&[]);
    let before = s.snapshot("public");
    // What a build killed between its two renames leaves: the old site moved aside, a new one
    // staged, no public/.
    std::fs::rename(s.path("public"), s.path(".public.herald-old")).unwrap();
    std::fs::create_dir_all(s.path(".public.herald-new/half")).unwrap();
    s.write("content/smo/first.md", "---\ntitle: [broken\n---\n");
    s.build_err(&[]);
    assert_eq!(s.snapshot("public"), before, "the old site is back, untouched by the failed build");
    assert!(
        !names(s.root()).iter().any(|n| n.contains("herald-new") || n.contains("herald-old")),
        "{:?}",
        names(s.root())
    );
}

#[test]
fn yaml_tags_are_an_error_at_their_line() {
    let s = site();
    s.write("content/smo/tagged.md", "---\ntitle: !python/object:os.system \"ls\"\n---\nBody.\n");
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/smo/tagged.md:2:8"), "{}", r.stderr);
    assert!(r.stderr.contains("`!python/object:os.system` is a YAML tag"), "{}", r.stderr);
    // Deep inside extra too; an exclamation mark in text is no tag.
    s.write("content/smo/tagged.md", &article("Tagged!", "extra:\n  a: [1, {b: !!binary aGk=}]\n", "Wow!\n"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/smo/tagged.md:5:"), "{}", r.stderr);
    s.write("content/smo/tagged.md", &article("Tagged!", "extra:\n  a: \"!important\"\n", "Wow!\n"));
    s.build_ok(&[]);
}

#[test]
fn deeply_nested_front_matter_is_refused_at_once() {
    let s = site();
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    s.write("content/smo/deep.md", &format!("---\ntitle: T\nextra: {deep}\n---\nBody.\n"));
    let block = "- ".repeat(100_000);
    s.write("content/smo/block.md", &format!("---\ntitle: T\nextra:\n  {block}x\n---\nBody.\n"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("content/smo/deep.md:3:"), "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(r.stderr.contains("content/smo/block.md:4:"), "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(r.stderr.contains("more than 64 levels deep"));
}

/// A site of a few thousand output files (no social cards to draw, so that a build is quick);
/// `version` changes the text of every article, so two versions give two different sites.
fn big_site(articles: usize) -> Site {
    let s = Site::new();
    let config = format!("{}\n[social]\ndefault-image = \"img/share.png\"\n", common::MINIMAL_CONFIG);
    s.write("book.toml", &config);
    s.write_bytes("static/img/share.png", &common::png(1200, 630));
    for i in 0..articles {
        // Bundles: each article is two files of the output, its page and its picture.
        let dir = format!("content/s{}/a{i}", i % 20);
        s.write(&format!("{dir}/index.md"), &article(&format!("Article {i}"), "", "![A dot](dot.svg)\n"));
        s.write(&format!("{dir}/dot.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    }
    s
}

/// Rewrites one article with version `v` of its text.
fn set_version(s: &Site, v: usize) {
    s.write("content/s0/a0/index.md", &article("Article 0", "", &format!("Version {v}.\n")));
}

/// The working folders a build leaves beside `public/`, if any (the site's cache is no working
/// folder: it holds the record of the output folder).
fn staging_folders(s: &Site) -> Vec<String> {
    names(s.root()).into_iter().filter(|n| n.contains(".herald-") && n != ".herald-cache").collect()
}

/// A seeded xorshift, so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Builds version `v` to completion and returns the site it wrote and how long it took.
fn complete_build(s: &Site, v: usize) -> (std::collections::BTreeMap<String, Vec<u8>>, std::time::Duration) {
    set_version(s, v);
    let start = std::time::Instant::now();
    s.build_ok(&[]);
    (s.snapshot("public"), start.elapsed())
}

/// Kills (`signal` None: SIGKILL) or interrupts a build of the other version at random moments;
/// after each, `public/` is the old site or the complete new one, never anything else.
fn interrupt_builds_at_random(signal: Option<&str>, seed: u64) {
    let s = big_site(1000);
    let (site_a, took) = complete_build(&s, 1);
    let (site_b, _) = complete_build(&s, 2);
    assert!(site_a.len() > 2000 && site_a != site_b, "{} files", site_a.len());
    let mut rng = Rng(seed);
    let mut current = 2;
    for round in 0..5 {
        let next = if current == 1 { 2 } else { 1 };
        set_version(&s, next);
        let mut child = common::herald()
            .args(["--root", s.root().to_str().unwrap(), "build"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let delay = rng.below(took.as_millis() as u64 * 6 / 5);
        std::thread::sleep(std::time::Duration::from_millis(delay));
        match signal {
            None => child.kill().unwrap(),
            Some(sig) => {
                let _ = std::process::Command::new("kill").args([sig, &child.id().to_string()]).status();
            }
        }
        child.wait().unwrap();
        let after = s.snapshot("public");
        let expect = |v: usize| if v == 1 { &site_a } else { &site_b };
        assert!(
            after == *expect(current) || after == *expect(next),
            "round {round} (killed after {delay} ms): public/ is neither the old nor the new site"
        );
        if signal.is_some() {
            assert_eq!(staging_folders(&s), Vec::<String>::new(), "round {round}: Ctrl-C after {delay} ms left these");
        }
        // The next build cleans up whatever the kill left and writes the site.
        s.build_ok(&[]);
        assert_eq!(staging_folders(&s), Vec::<String>::new(), "round {round}: the next build left these");
        assert!(s.snapshot("public") == *expect(next), "round {round}: the next build wrote a different site");
        current = next;
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    interrupt_builds_at_random(None, 0x5eed_0001);
}

#[test]
#[cfg(unix)]
fn ctrl_c_during_a_build_removes_its_staging_folder_and_keeps_the_old_site() {
    interrupt_builds_at_random(Some("-INT"), 0x5eed_0002);
}

#[test]
fn an_alias_with_dot_segments_is_normalized_and_may_not_replace_a_page_or_itself() {
    let s = site();
    s.write("content/smo/first.md", &article("First", "aliases: [\"/./\", \"/smo/./first\"]\n", "Text.\n"));
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("the alias `/./` is the URL of a page of the site, `/`"), "{}", r.stderr);
    assert!(r.stderr.contains("is this page's own URL, `/smo/first/`"), "{}", r.stderr);
    assert!(r.stderr.contains("content/smo/first.md:4"), "{}", r.stderr);
    assert!(!s.run(&["check"]).ok);
    // Spelt with dots and double slashes, an alias still lands where it should.
    s.write("content/smo/first.md", &article("First", "aliases: [\"//old/./first\"]\n", "Text.\n"));
    s.build_ok(&[]);
    assert!(s.public("old/first/index.html").contains("Moved: First"));
    assert!(s.public("_redirects").contains("/old/first/ /smo/first/ 301"), "{}", s.public("_redirects"));
}

#[test]
fn outputs_that_collide_with_generated_files_or_static_files_are_errors_naming_both() {
    let s = site();
    s.write("content/smo/first.md", &article("First", "aliases: [/sitemap.xml/]\n", "Text.\n"));
    let r = s.build_err(&[]);
    assert!(
        r.stderr.contains("`sitemap.xml/index.html` (from `content/smo/first.md:4`) needs `sitemap.xml` to be a folder, but herald's generated `sitemap.xml`"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    let r = s.run(&["check"]);
    assert!(!r.ok && r.stderr.contains("needs `sitemap.xml` to be a folder"), "{}", r.stderr);

    s.write("content/smo/first.md", &article("First", "", "Text.\n"));
    s.write("static/smo/first/index.html", "<p>mine</p>");
    let r = s.build_err(&[]);
    assert!(
        r.stderr.contains("`static/smo/first/index.html` has the same output path, `smo/first/index.html`, as `content/smo/first.md:1`"),
        "{}",
        r.stderr
    );
    std::fs::remove_dir_all(s.path("static/smo")).unwrap();
    s.write("static/smo", "a file where the section's folder goes");
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("needs `smo` to be a folder, but `static/smo` writes a file there"), "{}", r.stderr);
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    // A site's own robots.txt replaces herald's on purpose.
    std::fs::remove_file(s.path("static/smo")).unwrap();
    s.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    s.build_ok(&[]);
    assert_eq!(s.public("robots.txt"), "User-agent: *\nDisallow: /\n");
}

#[test]
#[cfg(unix)]
fn symlinks_inside_the_site_are_followed_and_those_leaving_it_skipped_with_a_warning() {
    let s = site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    std::fs::write(outside.path().join("stolen.md"), article("Stolen", "", "Not ours.\n")).unwrap();
    s.write("drafts/shared.md", &article("Shared", "", "Kept elsewhere in the site.\n"));
    s.write("assets/logo.txt", "logo");
    let link = |target: &Path, at: &str| std::os::unix::fs::symlink(target, s.path(at)).unwrap();
    link(&s.path("drafts/shared.md"), "content/smo/shared.md");
    link(&outside.path().join("stolen.md"), "content/smo/stolen.md");
    std::fs::create_dir_all(s.path("static")).unwrap();
    link(&s.path("assets"), "static/assets");
    link(&outside.path().join("id_rsa"), "static/id_rsa");
    let r = s.build_ok(&[]);
    assert!(s.public("smo/shared/index.html").contains("Kept elsewhere in the site."));
    assert_eq!(s.public("assets/logo.txt"), "logo");
    assert!(!s.public_exists("smo/stolen/index.html") && !s.public_exists("id_rsa"));
    for warned in ["content/smo/stolen.md", "static/id_rsa"] {
        assert!(r.stderr.contains(warned), "no warning names {warned}:\n{}", r.stderr);
    }
    assert!(r.stderr.contains("leads out of the site"), "{}", r.stderr);

    // The same rule for a static folder that is itself a link.
    std::fs::remove_dir_all(s.path("static")).unwrap();
    link(outside.path(), "static");
    let r = s.build_ok(&[]);
    assert!(!s.public_exists("id_rsa"));
    assert!(r.stderr.contains("leads out of the site, so herald skips it\n = in static\n"), "{}", r.stderr);
    std::fs::remove_file(s.path("static")).unwrap();
    link(&s.path("assets"), "static");
    s.build_ok(&[]);
    assert_eq!(s.public("logo.txt"), "logo");
}
