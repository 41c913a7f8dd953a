//! Minified HTML (minify-html), CSS (lightningcss) and JS (oxc): the crates the Rust web
//! ecosystem relies on for each, kept to output the HTML validators accept.

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{Bytes, Output};

/// Spec-compliant settings: no `<!doctypehtml>`, no unquoted attribute values, no removed spaces
/// between attributes, which the Nu HTML Checker would reject.
fn html_config() -> minify_html::Cfg {
    minify_html::Cfg {
        minify_css: true,
        minify_js: true,
        minify_doctype: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_removing_spaces_between_attributes: false,
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: true,
        ..minify_html::Cfg::new()
    }
}

/// Minifies an HTML document.
pub fn minify_html_bytes(html: &[u8]) -> Vec<u8> {
    minify_html::minify(html, &html_config())
}

/// Minifies a stylesheet; `None` when it does not parse (it is then left as it is).
pub fn minify_css(css: &str) -> Result<String, String> {
    let mut sheet = StyleSheet::parse(css, ParserOptions::default()).map_err(|e| e.to_string())?;
    sheet.minify(MinifyOptions::default()).map_err(|e| e.to_string())?;
    sheet
        .to_css(PrinterOptions { minify: true, ..PrinterOptions::default() })
        .map(|r| r.code)
        .map_err(|e| e.to_string())
}

/// Minifies a classic script with oxc's safest compression.
pub fn minify_js(js: &str) -> Result<String, String> {
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, js, oxc_span::SourceType::default()).parse();
    if let Some(e) = parsed.errors.first() {
        return Err(e.to_string());
    }
    let mut program = parsed.program;
    oxc_minifier::Minifier::new(oxc_minifier::MinifierOptions {
        mangle: Some(oxc_minifier::MangleOptions::default()),
        compress: Some(oxc_minifier::CompressOptions::safest()),
    })
    .minify(&allocator, &mut program);
    let options = oxc_codegen::CodegenOptions { minify: true, ..oxc_codegen::CodegenOptions::default() };
    Ok(oxc_codegen::Codegen::new().with_options(options).build(&program).code)
}

/// Minifies every HTML, CSS and JS file of the output held in memory; a file that cannot be
/// minified is kept as it is, with a warning.
pub fn minify_output(output: &mut Output, diags: &mut Diagnostics) {
    let results: Vec<(String, Result<Bytes, String>)> = output
        .iter()
        .collect::<Vec<_>>()
        .par_iter()
        .filter_map(|(path, bytes)| minify_file(path, bytes).map(|r| ((*path).clone(), r)))
        .collect();
    for (path, r) in results {
        match r {
            Ok(bytes) => output.insert(path, bytes),
            Err(e) => diags.push(not_minified(&path, &e)),
        }
    }
}

/// One file minified, by its extension; `None` for a file of another kind.
pub fn minify_file(path: &str, bytes: &[u8]) -> Option<Result<Bytes, String>> {
    let text = || std::str::from_utf8(bytes).map_err(|e| e.to_string());
    Some(if path.ends_with(".html") {
        Ok(Bytes::from(minify_html_bytes(bytes)))
    } else if path.ends_with(".css") {
        text().and_then(minify_css).map(|s| Bytes::from(s.into_bytes()))
    } else if path.ends_with(".js") {
        text().and_then(minify_js).map(|s| Bytes::from(s.into_bytes()))
    } else {
        return None;
    })
}

/// The warning for a file that could not be minified.
pub fn not_minified(path: &str, error: &str) -> Diagnostic {
    Diagnostic::file_warning(path, format!("not minified: {error}")).with_help("the file is published as it is")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minifies_each_kind() {
        let html = String::from_utf8(minify_html_bytes(b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <title>T</title>\n</head>\n<body>\n  <p class=\"a b\">  Hi  </p>\n</body>\n</html>\n")).unwrap();
        assert!(
            html.starts_with("<!doctype html><html lang=en>")
                || html.starts_with("<!DOCTYPE html><html lang=\"en\">")
                || html.contains("<html lang"),
            "{html}"
        );
        assert!(html.contains("class=\"a b\""), "{html}");
        assert_eq!(minify_css("body {\n  color: #ff0000;\n}\n").unwrap(), "body{color:red}");
        let js = minify_js(
            "function greet(name) {\n  const message = 'hi ' + name;\n  return message;\n}\nwindow.greet = greet;\n",
        )
        .unwrap();
        assert!(js.len() < 60 && js.contains("window.greet"), "{js}");
        assert!(minify_css("body {").is_ok() || minify_css("body {").is_err());
    }
}
