//! Fenced code blocks: syntax highlighting at build time with syntect (CSS classes, no
//! JavaScript), fence options (`linenos`, `hl_lines=3-5`, `linenostart=N`, `title="x"`), and the
//! stylesheet of a light and a dark theme.
//!
//! The grammars and themes are bat's, through two-face (TOML, TypeScript and Dockerfile
//! besides syntect's own); they are loaded once per process, on first use.
//!
//! Highlighting is slow next to the rest of the Markdown stage (syntect tries many regexes per
//! token), so each block's HTML is kept by a hash of what it is made from: in memory for the
//! process (the preview), and on disk between builds ([`load_cache`], [`save_cache`]).

mod cache;
mod palette;

use std::fmt::Write as _;
use std::sync::{Arc, LazyLock};

use pulldown_cmark_escape::{escape_html, escape_html_body_text};
use syntect::highlighting::{HighlightState, RangedHighlightIterator};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

pub use cache::{load_cache, save_cache, CACHE_FILE};
pub use palette::{stylesheet, Themes, UnknownTheme};

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// What a fence's info string asks for: ```` ```html,linenos,hl_lines=2 4-5,title="a.html" ````
/// (commas or spaces between options).
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct Fence {
    pub language: Option<String>,
    pub line_numbers: bool,
    pub first_line: usize,
    /// Inclusive ranges of line numbers (as shown, so counted from `first_line`).
    pub highlighted: Vec<(usize, usize)>,
    pub title: Option<String>,
    /// Options it did not understand, as written.
    pub unknown: Vec<String>,
}

impl Fence {
    /// Reads an info string.
    pub fn parse(info: &str) -> Fence {
        let mut fence = Fence { first_line: 1, ..Fence::default() };
        let mut in_hl_lines = false;
        for (i, token) in tokens(info).into_iter().enumerate() {
            let (key, value) = match token.split_once('=') {
                Some((k, v)) => (k.trim(), Some(unquote(v.trim()))),
                None => (token.as_str(), None),
            };
            if value.is_none() && in_hl_lines && parse_range(key).is_some() {
                fence.highlighted.extend(parse_range(key));
                continue;
            }
            in_hl_lines = false;
            match (key, value) {
                ("linenos", None) => fence.line_numbers = true,
                ("hl_lines", Some(v)) => {
                    in_hl_lines = true;
                    fence.highlighted.extend(v.split_whitespace().filter_map(parse_range));
                }
                ("linenostart", Some(v)) if v.parse::<usize>().is_ok() => {
                    fence.first_line = v.parse().expect("checked");
                }
                ("title", Some(v)) => fence.title = Some(v.to_string()),
                (lang, None) if i == 0 => fence.language = Some(lang.to_string()),
                _ => fence.unknown.push(token.clone()),
            }
        }
        fence
    }

    fn is_highlighted(&self, number: usize) -> bool {
        self.highlighted.iter().any(|&(a, b)| (a..=b).contains(&number))
    }
}

/// Splits at commas and spaces outside double quotes.
fn tokens(info: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in info.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ',' | ' ' | '\t' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn unquote(v: &str) -> &str {
    v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v)
}

/// `3` or `3-5`.
fn parse_range(s: &str) -> Option<(usize, usize)> {
    match s.split_once('-') {
        Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
        None => s.parse().ok().map(|n| (n, n)),
    }
}

/// Languages that mean "no highlighting", without a warning.
fn is_plain(language: &str) -> bool {
    matches!(language.to_ascii_lowercase().as_str(), "text" | "txt" | "plain" | "plaintext" | "none")
}

/// The grammar for a fence's language, by name or file extension (`rs`, `Rust`).
fn syntax_for(language: &str) -> Option<&'static SyntaxReference> {
    let lower = language.to_ascii_lowercase();
    let token = match lower.as_str() {
        "jsonld" | "json-ld" => "json",
        "shell" | "console" => "bash",
        "ts" | "typescript" => "ts",
        _ => language,
    };
    SYNTAXES.find_syntax_by_token(token)
}

/// A rendered code block, and whether its language was one the highlighter does not know.
pub struct Block {
    pub html: String,
    pub unknown_language: Option<String>,
}

/// Renders a code block's text as `<div class="code-block">` (or a `<figure>` with its title as
/// caption), coloured by `themes`. Text in a language it does not know (or with no themes:
/// highlighting off) is escaped as is.
pub fn render_block(code: &str, fence: &Fence, themes: Option<&Themes>) -> Block {
    let language = fence.language.as_deref().filter(|l| !is_plain(l));
    let syntax = themes.and(language).and_then(syntax_for);
    let unknown_language = match (themes, language, syntax) {
        (Some(_), Some(l), None) => Some(l.to_string()),
        _ => None,
    };
    let key = cache::key(&(themes, fence, code));
    if let Some(html) = cache::get(&key) {
        return Block { html, unknown_language };
    }
    // A theme name that is wrong is the config's error (the stylesheet reports it): the code
    // stays plain meanwhile.
    let painter = syntax.zip(themes.and_then(|t| palette::scheme(t).ok())).map(|(s, p)| Painter::new(s, p));
    let html = render_html(code, fence, language, painter);
    cache::put(key, &html);
    Block { html, unknown_language }
}

fn render_html(code: &str, fence: &Fence, language: Option<&str>, painter: Option<Painter>) -> String {
    let mut html = String::with_capacity(code.len() * 3 + 200);
    let (open, close) = if fence.title.is_some() { ("figure", "figure") } else { ("div", "div") };
    html.push('<');
    html.push_str(open);
    html.push_str(" class=\"code-block\">");
    if let Some(title) = &fence.title {
        html.push_str("<figcaption class=\"code-title\">");
        escape_html_body_text(&mut html, title).expect("writing to a String");
        html.push_str("</figcaption>");
    }
    // Focusable, so that a reader on a keyboard can scroll a long line into view.
    html.push_str("<pre tabindex=\"0\" class=\"hl-code");
    if fence.line_numbers {
        html.push_str(" linenos");
    }
    html.push('"');
    if let Some(l) = language {
        html.push_str(" data-lang=\"");
        escape_html(&mut html, l).expect("writing to a String");
        html.push('"');
    }
    html.push_str("><code");
    if let Some(l) = language {
        html.push_str(" class=\"language-");
        escape_html(&mut html, l).expect("writing to a String");
        html.push('"');
    }
    html.push('>');
    write_lines(&mut html, code, fence, painter);
    html.push_str("</code></pre></");
    html.push_str(close);
    html.push_str(">\n");
    html
}

/// Each line as `<span class="line">`, with its number and highlight mark when asked for.
/// Every line is balanced HTML on its own: a token's span never crosses a line's end.
fn write_lines(html: &mut String, code: &str, fence: &Fence, mut painter: Option<Painter>) {
    for (i, line) in code.split_inclusive('\n').enumerate() {
        let number = fence.first_line + i;
        html.push_str("<span class=\"line");
        if fence.is_highlighted(number) {
            html.push_str(" hl");
        }
        html.push('"');
        if fence.line_numbers {
            let _ = write!(html, " data-ln=\"{number}\"");
        }
        html.push('>');
        let text = line.strip_suffix('\n').unwrap_or(line);
        match &mut painter {
            Some(p) => p.write_line(html, line, text.len()),
            None => escape_html_body_text(&mut *html, text).expect("writing to a String"),
        }
        html.push_str("</span>\n");
    }
}

/// A block's grammar and its two themes' states, carried from line to line.
struct Painter {
    parse: ParseState,
    light: HighlightState,
    dark: HighlightState,
    scheme: Arc<palette::Scheme>,
}

impl Painter {
    fn new(syntax: &SyntaxReference, scheme: Arc<palette::Scheme>) -> Painter {
        Painter {
            parse: ParseState::new(syntax),
            light: HighlightState::new(&scheme.light.highlighter, ScopeStack::new()),
            dark: HighlightState::new(&scheme.dark.highlighter, ScopeStack::new()),
            scheme,
        }
    }

    /// One line through the grammar, each run of text of one look in one span; `len` is the
    /// line's length without the newline, which stays out of the line's span.
    fn write_line(&mut self, html: &mut String, line: &str, len: usize) {
        let text = &line[..len];
        let Ok(ops) = self.parse.parse_line(line, &SYNTAXES) else {
            // A grammar that fails on a line (rare, a regex that fancy-regex gives up on): the
            // line stays plain rather than the build failing.
            escape_html_body_text(&mut *html, text).expect("writing to a String");
            return;
        };
        let ops: Vec<_> = ops.into_iter().map(|(i, op)| (i.min(len), op)).collect();
        let scheme = &self.scheme;
        let light = RangedHighlightIterator::new(&mut self.light, &ops, text, &scheme.light.highlighter);
        let dark = RangedHighlightIterator::new(&mut self.dark, &ops, text, &scheme.dark.highlighter);
        let mut run = Run::default();
        let mut classes = String::new();
        for ((l, piece, range), (d, _, _)) in light.zip(dark) {
            if piece.is_empty() {
                continue;
            }
            classes.clear();
            if !(piece.trim().is_empty() && scheme.blank(l, d)) {
                scheme.classes(&mut classes, l, d);
            } else if run.end > run.start {
                run.end = range.end;
                continue;
            }
            if classes != run.classes {
                run.write(html, text);
                run = Run { classes: classes.clone(), start: range.start, end: range.start };
            }
            run.end = range.end;
        }
        run.write(html, text);
        // A stack the ops could not apply to ends the iterators early: the rest stays plain.
        escape_html_body_text(&mut *html, &text[run.end..]).expect("writing to a String");
    }
}

/// Adjacent text of one look: its classes and where it lies in the line.
#[derive(Default)]
struct Run {
    classes: String,
    start: usize,
    end: usize,
}

impl Run {
    fn write(&self, html: &mut String, text: &str) {
        let piece = &text[self.start..self.end];
        if self.classes.is_empty() {
            escape_html_body_text(&mut *html, piece).expect("writing to a String");
        } else if !piece.is_empty() {
            html.push_str("<span class=\"");
            html.push_str(&self.classes);
            html.push_str("\">");
            escape_html_body_text(&mut *html, piece).expect("writing to a String");
            html.push_str("</span>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fence_options() {
        let f = Fence::parse(r#"html,linenos,hl_lines=2 4-5,linenostart=10,title="a b.html""#);
        assert_eq!(f.language.as_deref(), Some("html"));
        assert!(f.line_numbers);
        assert_eq!(f.first_line, 10);
        assert_eq!(f.highlighted, vec![(2, 2), (4, 5)]);
        assert_eq!(f.title.as_deref(), Some("a b.html"));
        assert!(f.unknown.is_empty());
        let f = Fence::parse("rust hl_lines=3-5 linenos");
        assert_eq!((f.highlighted.clone(), f.line_numbers), (vec![(3, 5)], true));
        assert_eq!(Fence::parse("linenos").language, None);
        assert_eq!(Fence::parse("js,wat").unknown, vec!["wat".to_string()]);
    }

    fn themes() -> Themes {
        Themes::DEFAULT
    }

    #[test]
    fn every_line_is_balanced() {
        // A block comment spans lines: its span closes at each line's end and opens again.
        let b = render_block("/* a\n<b> */\nlet x = 1;\n", &Fence::parse("js"), Some(&themes()));
        let lines: Vec<&str> = b.html.lines().filter(|l| l.contains("class=\"line")).collect();
        for line in &lines {
            assert_eq!(line.matches("<span").count(), line.matches("</span>").count(), "{line}");
        }
        assert!(b.html.contains("&lt;b&gt;"), "{}", b.html);
        // Both comment lines have the comment's look; the code line has others.
        let look = |line: &str| line.split("<span class=\"").nth(2).map(|s| s[..s.find('"').unwrap()].to_string());
        assert_eq!(look(lines[0]), look(lines[1]), "{}", b.html);
        assert!(look(lines[0]).is_some_and(|c| c.contains('l') && c.contains('d')), "{}", b.html);
        assert_ne!(look(lines[2]), look(lines[0]), "{}", b.html);
    }

    #[test]
    fn blocks_survive_a_round_trip_through_the_disk_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c/highlight.bin");
        let code = "let cached_block_test = 1;\n";
        let t = themes();
        let first = render_block(code, &Fence::parse("rust,linenos"), Some(&t)).html;
        save_cache(&path).unwrap();
        let key = cache::key(&(Some(&t), &Fence::parse("rust,linenos"), code));
        assert!(cache::forget(&key));
        load_cache(&path);
        assert_eq!(cache::get(&key).as_deref(), Some(first.as_str()));
        // Other options, or other themes, are another block.
        assert_ne!(key, cache::key(&(Some(&t), &Fence::parse("rust"), code)));
        assert_ne!(key, cache::key(&(None::<&Themes>, &Fence::parse("rust,linenos"), code)));
        let other = Themes { light: "GitHub".into(), ..themes() };
        assert_ne!(key, cache::key(&(Some(&other), &Fence::parse("rust,linenos"), code)));
    }

    #[test]
    fn knows_both_default_themes() {
        let css = stylesheet(&themes()).unwrap();
        assert!(css.contains(".hl-code"));
        assert!(css.contains("prefers-color-scheme: dark"));
        let wrong = Themes { light: "Nope".into(), ..themes() };
        assert_eq!(stylesheet(&wrong).unwrap_err().name, "Nope");
    }
}
