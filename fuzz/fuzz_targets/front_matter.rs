//! A whole content file: front matter split at its `---` lines, its YAML parsed into typed
//! fields; errors must be diagnostics with a position inside the file.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = PathBuf::from("content/smo/article.md");
    let lines = text.lines().count().max(1);
    match herald::content::parse_source("smo/article.md".into(), file.clone(), text) {
        Ok(source) => {
            assert!(source.body_line >= 2, "the body starts after the opening `---`");
            assert!(source.body_line <= lines + 2, "body line {} past the file's {lines} lines", source.body_line);
        }
        Err(d) => {
            assert_eq!(d.file, file);
            // Line 0 names the whole file; any other line is one of the file's (or just past it).
            assert!(d.line <= lines + 1, "diagnostic at line {} of a {lines}-line file", d.line);
        }
    }
});
