//! Comparison tables as writers give them in front matter: parsed, checked for shape, every
//! problem located in the YAML, and every value rendered as inline Markdown, as the site does.
#![no_main]

use std::collections::HashMap;
use std::path::Path;

use herald::content::comparison::{self, Place};
use herald::content::front_matter::{self, Split};
use herald::markdown::{render_inline_with_text, RenderOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = Path::new("content/smo/article.md");
    // A whole file, or the YAML alone (which the fuzzer mutates more easily).
    let split = match front_matter::split(file, text) {
        Ok(s) => s,
        Err(_) => Split { yaml: text, yaml_line: 2, body: "", body_line: 3 },
    };
    let Ok(front) = front_matter::parse(file, &split) else { return };
    let yaml_lines = split.yaml.lines().count().max(1);
    let at = |place: Place| {
        let (line, column) = front_matter::locate(split.yaml, place);
        assert!(line >= 1 && line <= yaml_lines, "{place:?} located at line {line} of {yaml_lines}");
        assert!(column >= 1, "{place:?} located at column {column}");
    };
    for problem in comparison::validate(&front.comparisons) {
        at(problem.place);
    }
    let links = HashMap::from([("smo/what-is-smo.md".to_string(), "/smo/what-is-smo/".to_string())]);
    let opts = RenderOptions { dir: "smo", links: &links, smart_punctuation: true, base_path: "/", highlight: true, math: false, slugify: herald::config::Slugify::Safe };
    for (ci, c) in front.comparisons.iter().enumerate() {
        at(Place { comparison: ci, row: None });
        for (ri, row) in c.rows.iter().enumerate() {
            at(Place { comparison: ci, row: Some(ri) });
            let _ = render_inline_with_text(&row.aspect, &opts);
            for value in c.cells(row) {
                let _ = render_inline_with_text(&value, &opts);
            }
        }
    }
});
