//! A second build writes only what changed: files whose bytes the previous output holds
//! unchanged are hard-linked from it into the staging folder (same inode before and after),
//! the rest is written; a file edited or deleted by hand in the output is written anew, and a
//! failed build leaves the previous output and its files as they were.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::{article, herald, Run, Site, MINIMAL_CONFIG};

fn site() -> Site {
    let s = Site::new();
    for (slug, title) in [("a", "Alpha"), ("b", "Beta"), ("c", "Gamma"), ("d", "Delta")] {
        s.write(&format!("content/guide/{slug}.md"), &article(title, "tags: [reach]\n", "Some *text* here.\n"));
    }
    s.write("content/guide/_index.md", "---\ntitle: Guide\n---\n");
    s
}

/// Every file below `dir`: path -> (inode, bytes).
fn files(dir: &Path) -> BTreeMap<String, (u64, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (path, (e.metadata().unwrap().ino(), std::fs::read(e.path()).unwrap()))
        })
        .collect()
}

fn bytes(files: &BTreeMap<String, (u64, Vec<u8>)>) -> BTreeMap<String, Vec<u8>> {
    files.iter().map(|(p, (_, b))| (p.clone(), b.clone())).collect()
}

/// The output of a fresh build of the site into a new folder.
fn fresh(s: &Site) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fresh");
    s.build_ok(&["--output-dir", out.to_str().unwrap()]);
    bytes(&files(&out))
}

#[test]
fn a_second_build_links_unchanged_files_and_rewrites_edited_deleted_and_changed_ones() {
    let s = site();
    s.build_ok(&[]);
    let public = s.path("public");
    let before = files(&public);
    assert!(before.contains_key("guide/a/social-card.png"), "the site draws cards: {:?}", before.keys());
    // Edited in place (same inode, same size) a moment after the build, and deleted.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let edited = "guide/b/index.html";
    let mut text = std::fs::read(public.join(edited)).unwrap();
    text[0] = if text[0] == b'<' { b'>' } else { b'<' };
    std::fs::OpenOptions::new()
        .write(true)
        .open(public.join(edited))
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(&text)
        })
        .unwrap();
    assert_eq!(std::fs::metadata(public.join(edited)).unwrap().ino(), before[edited].0);
    let deleted = "guide/c/index.html";
    std::fs::remove_file(public.join(deleted)).unwrap();
    s.write("content/guide/d.md", &article("Delta", "tags: [reach]\n", "Other *text* now.\n"));

    s.build_ok(&[]);
    let after = files(&public);
    assert_eq!(bytes(&after), fresh(&s), "the output equals a fresh build's");
    for (path, (inode, bytes)) in &after {
        // New files (the search index's chunks are named by their content) have no old one.
        let Some((old_inode, old_bytes)) = before.get(path) else { continue };
        let untouched = path != edited && path != deleted;
        if untouched && bytes == old_bytes {
            assert_eq!(inode, old_inode, "{path} is unchanged: linked from the previous output");
        } else {
            assert_ne!(inode, old_inode, "{path} changed or was touched by hand: written anew");
        }
    }
    assert_ne!(after["guide/d/index.html"].1, before["guide/d/index.html"].1, "the changed page is new");
    assert_eq!(after[edited].1, before[edited].1, "the edited file is rewritten");
    assert_eq!(after[deleted].1, before[deleted].1, "the deleted file is back");
    let kept = after.iter().filter(|(p, (i, _))| before.get(*p).is_some_and(|(old, _)| old == i)).count();
    assert!(kept * 2 > after.len(), "most files are kept: {kept} of {}", after.len());
}

#[test]
fn where_links_fail_every_file_is_written() {
    let s = site();
    let build = || {
        let r = herald().env("HERALD_TEST_NO_HARD_LINKS", "1").arg("--root").arg(s.root()).arg("build").output();
        assert!(r.unwrap().status.success());
    };
    build();
    let before = files(&s.path("public"));
    build();
    let after = files(&s.path("public"));
    assert_eq!(bytes(&after), bytes(&before));
    assert_eq!(bytes(&after), fresh(&s));
    for (path, (inode, _)) in &after {
        assert_ne!(*inode, before[path.as_str()].0, "{path} is written, not linked");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_files_and_the_next_build_still_links() {
    let s = site();
    s.build_ok(&[]);
    let before = files(&s.path("public"));
    s.write("content/guide/a.md", "---\ntitle: [unclosed\n---\n");
    s.build_err(&[]);
    assert_eq!(files(&s.path("public")), before, "same files, same bytes, same inodes");
    s.write("content/guide/a.md", &article("Alpha", "tags: [reach]\n", "Some *text* here.\n"));
    s.build_ok(&[]);
    let after = files(&s.path("public"));
    assert_eq!(after, before, "nothing changed: every file is the one the first build wrote");
    let leftovers: Vec<_> = std::fs::read_dir(s.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!leftovers.iter().any(|n| n.to_string_lossy().contains("herald-new")), "{leftovers:?}");
}

/// (pages rendered, pages unchanged) of a build's summary line.
fn page_counts(r: &Run) -> (usize, usize) {
    let at = r.stderr.find("pages: ").unwrap_or_else(|| panic!("no page counts in:\n{}", r.stderr));
    let words: Vec<&str> = r.stderr[at..].split([' ', ',', ';']).filter(|w| !w.is_empty()).collect();
    assert_eq!((words[2], words[4]), ("rendered", "unchanged"), "{}", r.stderr);
    (words[1].parse().unwrap(), words[3].parse().unwrap())
}

#[test]
fn a_page_is_rendered_again_only_when_what_it_is_made_from_changed() {
    let s = site();
    let (all, none) = page_counts(&s.build_ok(&[]));
    assert_eq!(none, 0, "an empty output folder has nothing to link");
    assert_eq!(page_counts(&s.build_ok(&[])), (0, all), "nothing changed: every page linked");

    // One article's text: that article and the pages that show its summary render again.
    s.write("content/guide/b.md", &article("Beta", "tags: [reach]\n", "Some *other* text.\n"));
    let (rendered, unchanged) = page_counts(&s.build_ok(&[]));
    assert!(rendered >= 1 && unchanged >= 1 && rendered + unchanged == all, "{rendered} + {unchanged}");
    let public = s.path("public");
    assert_eq!(bytes(&files(&public)), fresh(&s));

    // A page's file deleted by hand is made again, and only it.
    std::fs::remove_file(public.join("guide/c/index.html")).unwrap();
    assert_eq!(page_counts(&s.build_ok(&[])), (1, all - 1));
    assert_eq!(bytes(&files(&public)), fresh(&s));

    // The config reaches every page; precompressed copies are linked with their page.
    s.write("book.toml", &format!("{MINIMAL_CONFIG}\n[build]\nprecompress = true\n"));
    assert_eq!(page_counts(&s.build_ok(&[])), (all, 0));
    assert_eq!(page_counts(&s.build_ok(&[])), (0, all));
    let after = files(&public);
    assert!(after.contains_key("guide/a/index.html.gz"), "{:?}", after.keys());
    assert_eq!(bytes(&after), fresh(&s));

    // A template that prints the time renders every page in every build.
    let stamped = "<!DOCTYPE html><html lang=\"en\"><head><title>Not found</title></head>\
                   <body><p>Built in {{ now() | date(format=\"%Y\") }}.</p></body></html>\n";
    s.write("templates/404.html", stamped);
    assert_eq!(page_counts(&s.build_ok(&[])), (all, 0));
    assert_eq!(page_counts(&s.build_ok(&[])), (all, 0));
}

/// The cached cards below `.herald-cache/cards`, by inode.
fn cached_cards(s: &Site) -> BTreeMap<u64, Vec<u8>> {
    files(&s.path(".herald-cache/cards")).into_values().collect()
}

#[test]
fn cards_are_linked_from_the_card_cache_and_one_edited_in_place_is_drawn_again() {
    let s = site();
    s.build_ok(&[]);
    // Into an empty output folder: every card is the cache's file, not a copy of it.
    std::fs::remove_dir_all(s.path("public")).unwrap();
    let r = s.build_ok(&[]);
    assert!(r.stderr.contains(" 0 drawn"), "{}", r.stderr);
    let public = files(&s.path("public"));
    let cards: Vec<&String> = public.keys().filter(|p| p.ends_with("social-card.png")).collect();
    assert!(cards.len() >= 4, "{cards:?}");
    let cache = cached_cards(&s);
    for card in &cards {
        let (inode, bytes) = &public[card.as_str()];
        assert_eq!(cache.get(inode), Some(bytes), "{card} is linked from the cache");
    }
    assert_eq!(bytes(&public), fresh(&s));

    // A tool run over the output edits a card in place, and so the cache's file: that file is
    // not published again, the card is drawn anew.
    let card = "guide/a/social-card.png";
    let original = public[card].1.clone();
    let mut edited = original.clone();
    edited.truncate(edited.len() - 1);
    std::fs::write(s.path("public").join(card), &edited).unwrap();
    assert!(cached_cards(&s).values().any(|b| *b == edited), "the edit reached the cache");
    let r = s.build_ok(&[]);
    assert!(r.stderr.contains("social cards: 1 drawn"), "{}", r.stderr);
    let after = files(&s.path("public"));
    assert_eq!(after[card].1, original);
    assert_eq!(cached_cards(&s).get(&after[card].0), Some(&original), "linked from the card drawn again");
    assert_eq!(bytes(&after), fresh(&s));
}
