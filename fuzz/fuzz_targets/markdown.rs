//! The Markdown stage: pulldown-cmark with heading ids, the table of contents, the summary,
//! links between articles, images and placement lines (`{{ comparison(id="...") }}`).
#![no_main]

use std::collections::{HashMap, HashSet};

use herald::config::Slugify;
use herald::markdown::{render, render_inline_with_text, resolve_content_path, toc, RenderOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let links = HashMap::from([
        ("smo/what-is-smo.md".to_string(), "/smo/what-is-smo/".to_string()),
        ("smm/index.md".to_string(), "/smm/".to_string()),
    ]);
    let opts = RenderOptions {
        dir: if flags & 1 == 0 { "smo" } else { "" },
        links: &links,
        smart_punctuation: flags & 2 != 0,
        base_path: if flags & 4 == 0 { "/" } else { "/guide/" },
        highlight: flags & 8 != 0,
        math: flags & 16 != 0,
        slugify: match flags >> 5 & 3 {
            0 => Slugify::Safe,
            1 => Slugify::On,
            _ => Slugify::Off,
        },
    };
    let (out, diags) = render(text, &opts);
    let lines = text.lines().count().max(1);
    // Ids a writer gives (`{#id}`) may repeat; generated ones never collide with any.
    if !text.contains("{#") {
        let mut ids = HashSet::new();
        for h in &out.headings {
            assert!(ids.insert(h.id.as_str()), "heading id {:?} given twice", h.id);
        }
    }
    for h in &out.headings {
        assert!(h.line >= 1 && h.line <= lines + 1, "heading at line {} of {lines}", h.line);
    }
    for l in &out.links {
        assert!(l.line >= 1 && l.line <= lines + 1, "link at line {} of {lines}", l.line);
    }
    for d in &diags {
        assert!(d.line <= lines + 1, "diagnostic at line {} of {lines}", d.line);
    }
    let _ = toc(&out.headings, 2, 3);
    let _ = render_inline_with_text(text, &opts);
    if let Some(path) = resolve_content_path(opts.dir, text) {
        assert!(!path.starts_with('/'), "{path:?} leaves content/");
        assert!(!path.split('/').any(|s| s == ".." || s == "."), "{path:?} keeps a dot segment");
    }
});
