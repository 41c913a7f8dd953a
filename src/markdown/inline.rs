//! Inline Markdown for short texts kept as data (table cells, notes, answers): emphasis, code,
//! links and images, but no blocks and no raw HTML, so a value can never break the markup it is
//! printed into.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{links, plain_text, LineIndex, RenderOptions, Rendered};
use crate::diagnostic::Diagnostic;

/// A short text rendered two ways.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Inline {
    /// Safe HTML without a surrounding paragraph.
    pub html: String,
    /// What a reader reads, with single spaces (for data files, labels and attributes).
    pub text: String,
}

/// Renders `text` as inline Markdown. Raw HTML comes out as escaped text, and line starts that
/// would open a block (`# `, `- `, `1. `, `> `, fences, rules) are taken literally, because a
/// value such as `2006. The term is coined` must not become a list inside a table cell.
pub fn render(text: &str, opts: &RenderOptions<'_>) -> (Inline, Vec<Diagnostic>) {
    if let Some(plain) = plain_words(text) {
        let inline = Inline { html: plain.to_string(), text: plain.to_string() };
        debug_assert_eq!(inline, render_markdown(text, opts).0, "inline::plain_words took Markdown for plain text");
        return (inline, Vec::new());
    }
    render_markdown(text, opts)
}

/// The text itself when Markdown (with smart punctuation) would render it unchanged and it needs
/// no escaping: letters, digits, single spaces and punctuation that marks nothing up, as most
/// table cells are ("Pay per click", "2-3 days"). Parsing such a value is most of the cost
/// of a comparison table.
fn plain_words(text: &str) -> Option<&str> {
    let plain = !text.is_empty()
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.contains("--")
        && !text.contains("..")
        && text.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | ',' | ';' | ':' | '/' | '?' | '%' | '+' | '=' | '-' | '.')
        });
    plain.then_some(text)
}

fn render_markdown(text: &str, opts: &RenderOptions<'_>) -> (Inline, Vec<Diagnostic>) {
    let source = literal_line_starts(text);
    let lines = LineIndex::new(&source);
    // No tables, footnotes or task lists: they are blocks or need definitions elsewhere.
    let mut options = Options::ENABLE_STRIKETHROUGH;
    if opts.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(&source, options).into_offset_iter() {
        let event = match event {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::Start(Tag::Paragraph | Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => continue,
            // Paragraphs of a multi-paragraph value run on, separated by a space.
            Event::End(TagEnd::Paragraph) => Event::SoftBreak,
            e => e,
        };
        events.push((event, range));
    }
    while matches!(events.last(), Some((Event::SoftBreak, _))) {
        events.pop();
    }
    let mut scratch = Rendered::default();
    let mut diags = Vec::new();
    links::rewrite(&mut events, opts, &lines, &mut scratch, &mut diags);
    let plain = plain_text(events.iter().map(|(e, _)| e));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    (Inline { html: html.trim_end().to_string(), text: plain }, diags)
}

/// Escapes whatever would open a block at the start of a line, and drops indentation (which
/// would make a code block).
fn literal_line_starts(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_start();
        match block_marker_end(line) {
            Some(at) => {
                out.push_str(&line[..at]);
                out.push('\\');
                out.push_str(&line[at..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Where to put a backslash so that `line` starts no block, if it would start one.
fn block_marker_end(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let first = *bytes.first()?;
    let followed_by_space = |i: usize| bytes.get(i).is_none_or(|b| *b == b' ' || *b == b'\t');
    let only = |c: u8| line.trim_end().bytes().all(|b| b == c || b == b' ');
    match first {
        b'#' | b'>' => Some(0),
        b'-' | b'+' | b'*' if followed_by_space(1) => Some(0),
        // Thematic breaks (`***`, `- - -`) and setext underlines (`===`, `---`).
        b'-' | b'*' | b'_' | b'=' if only(first) => Some(0),
        b'~' if line.starts_with("~~~") => Some(0),
        // A run of three backticks opens a fence only when no backtick follows on the line;
        // otherwise it is inline code.
        b'`' if line.starts_with("```") && !line.trim_start_matches('`').contains('`') => Some(0),
        // A link reference definition `[x]: url` would vanish.
        b'[' if line.find("]:").is_some_and(|i| !line[..i].contains(']')) => Some(0),
        b'0'..=b'9' => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let marker = bytes.get(digits).copied();
            (digits <= 9 && matches!(marker, Some(b'.' | b')')) && followed_by_space(digits + 1)).then_some(digits)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(text: &str) -> Inline {
        let links: crate::markdown::LinkMap =
            [("smm/ads.md".to_string(), "/smm/ads/".to_string())].into_iter().collect();
        let (r, d) = render(text, &RenderOptions::defaults("smo", &links));
        assert!(d.is_empty(), "{d:?}");
        r
    }

    #[test]
    fn plain_values_skip_the_parser_with_the_same_result() {
        let links = crate::markdown::LinkMap::default();
        for smart in [false, true] {
            let opts = RenderOptions { smart_punctuation: smart, ..RenderOptions::defaults("smo", &links) };
            for text in ["Pay per click", "2-3 days", "1. Two", "+ x", "-", "Q3: 40%", "a/b, c; d?", "Ünïcode wörds"]
            {
                assert_eq!(plain_words(text), Some(text), "{text:?}");
                assert_eq!(render(text, &opts).0, render_markdown(text, &opts).0, "{text:?}");
            }
            for text in ["a  b", " a", "a--b", "a...", "it's", "*x*", "a & b", "<b>", "a\nb", ""] {
                assert_eq!(plain_words(text), None, "{text:?}");
            }
        }
    }

    #[test]
    fn renders_emphasis_code_and_article_links() {
        let r = inline("*Much* `code` and [ads](../smm/ads.md#x)");
        assert_eq!(r.html, "<em>Much</em> <code>code</code> and <a href=\"/smm/ads/#x\">ads</a>");
        assert_eq!(r.text, "Much code and ads");
    }

    #[test]
    fn raw_html_is_escaped() {
        let r = inline("<script>alert(\"x\")</script> & <b>bold</b>");
        // Quotes need no escaping in text; attributes are never built from it.
        assert_eq!(r.html, "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
        assert_eq!(r.text, "<script>alert(\"x\")</script> & <b>bold</b>");
        let block = inline("<div onclick=\"x\">hi</div>");
        assert!(block.html.starts_with("&lt;div"), "{}", block.html);
    }

    #[test]
    fn block_syntax_stays_text() {
        for (src, text) in [
            ("2006. Coined", "2006. Coined"),
            ("1) one", "1) one"),
            ("- none", "- none"),
            ("# not a heading", "# not a heading"),
            ("> quote", "> quote"),
            ("---", "---"),
            ("***", "***"),
            ("    indented", "indented"),
            ("~~~", "~~~"),
            ("[a]: b", "[a]: b"),
        ] {
            let r = inline(src);
            assert_eq!(r.text, text, "{src}");
            assert!(!r.html.contains('<'), "{src}: {}", r.html);
        }
        assert_eq!(inline("```x```").html, "<code>x</code>");
        assert_eq!(inline("**bold** start").html, "<strong>bold</strong> start");
    }

    #[test]
    fn paragraphs_run_on() {
        assert_eq!(inline("one\n\ntwo").text, "one two");
    }

    #[test]
    fn broken_links_are_reported() {
        let links = crate::markdown::LinkMap::default();
        let (_, d) = render(
            "see [x](gone.md)",
            &RenderOptions { smart_punctuation: true, ..RenderOptions::defaults("smo", &links) },
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].problem.written_link(), Some("gone.md"), "{}", d[0]);
    }
}
