//! Markdown to HTML with pulldown-cmark: heading ids and anchors, table of contents, summary,
//! word count, links between articles, placement markers for comparison tables, highlighted
//! code blocks, callouts and math.
//!
//! Knows no site: links to other `.md` files are resolved through a plain map from content path
//! to URL that the caller hands in.

mod callouts;
mod headings;
pub mod highlight;
mod images;
mod inline;
mod links;
pub mod math;
pub mod shortcodes;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

use crate::cache::key::Hashed;
use crate::diagnostic::Diagnostic;
pub use headings::{heading_id, toc, Heading, TocEntry};
pub use images::{image_marker, parse_image_marker};
pub use inline::Inline;
pub use links::resolve_content_path;

/// The summary marker: what stands before it is the article's summary.
pub const MORE_MARKER: &str = "<!-- more -->";

/// Content path (`smo/what-is-smo.md`) to URL (`/smo/what-is-smo/`): looked up for every link
/// of every article, so hashed with a fast hash (paths are the writer's own, not an attacker's).
pub type LinkMap = HashMap<String, String, rustc_hash::FxBuildHasher>;

/// What the Markdown stage needs from its caller.
pub struct RenderOptions<'a> {
    /// The folder (below `content/`) that relative links start from.
    pub dir: &'a str,
    /// Content path (`smo/what-is-smo.md`) to URL (`/smo/what-is-smo/`) of every article.
    pub links: &'a LinkMap,
    pub smart_punctuation: bool,
    /// The base-url's path (`/` or `/guide/`), put in front of root-relative links such as
    /// `/tags/` so that they still work when the site lives under a sub-path.
    pub base_path: &'a str,
    /// The themes fenced code is coloured with, by its language (`None`: the code stays
    /// plain, in the same markup).
    pub highlight: Option<&'a highlight::Themes>,
    /// Reads `$...$` and `$$...$$` as LaTeX and writes MathML.
    pub math: bool,
    /// How heading ids are made from heading text (the rule of URLs).
    pub slugify: crate::config::Slugify,
}

impl<'a> RenderOptions<'a> {
    /// The options of a site with every setting at its default (no smart punctuation, base
    /// path `/`, highlighting on, no math, `safe` slugs), resolving links from `dir` by `links`.
    /// Tests set others by struct update (`RenderOptions { math: true, ..defaults }`).
    pub fn defaults(dir: &'a str, links: &'a LinkMap) -> RenderOptions<'a> {
        RenderOptions {
            dir,
            links,
            smart_punctuation: false,
            base_path: "/",
            highlight: Some(&highlight::Themes::DEFAULT),
            math: false,
            slugify: crate::config::Slugify::Safe,
        }
    }
}

/// A link found in the body, after resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The URL as written in the output.
    pub href: String,
    /// For links to other articles: the target's content path.
    pub target: Option<String>,
    pub line: usize,
    pub column: usize,
    /// For links to other articles: the text around the link, for the target's backlinks.
    /// Hashed here, once a render, because every page that shows it as a backlink hashes it
    /// into its key on every preview rebuild.
    pub context: Option<Hashed<LinkContext>>,
}

/// A link in its sentence, as plain text: `before` + `text` + `after` reads as the source does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LinkContext {
    /// The sentence up to the link (at most [`CONTEXT_WORDS`] words, `…` where it was cut).
    pub before: String,
    /// The link's own text.
    pub text: String,
    /// The sentence after the link (at most [`CONTEXT_WORDS`] words).
    pub after: String,
}

/// The most words of a link's sentence kept on each side of it.
pub const CONTEXT_WORDS: usize = 25;

/// An image in the body; the body holds [`image_marker`] where its markup goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    /// The URL as written in the output (a root-relative one with the base-url's path).
    pub src: String,
    pub alt: String,
    /// The title, trimmed (empty when none).
    pub title: String,
    /// Whether the body shows it as a `<figure>` with the title as caption (else a title is
    /// the image's `title` attribute).
    pub figure: bool,
    pub line: usize,
    pub column: usize,
}

/// A `{{ name(id="...") }}` line in the body, replaced by a marker for the render stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placement {
    pub name: String,
    pub id: String,
    pub line: usize,
    pub column: usize,
    /// The HTML comment that stands in the output where the item goes.
    pub marker: String,
}

/// Something in a code fence the highlighter did not understand, for `herald check` to warn about.
/// Kept with the render (not as a diagnostic) so that a cached render still warns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeWarning {
    /// A language without a grammar, or a fence option that is not one.
    pub unknown: Unknown,
    pub line: usize,
    pub column: usize,
}

/// What a [`CodeWarning`] is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Unknown {
    Language(String),
    Option(String),
}

/// The HTML of a body and what was learned while making it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rendered {
    pub html: String,
    /// The part before `<!-- more -->`, else the first paragraph, as HTML.
    pub summary_html: String,
    /// The same as plain text, for descriptions.
    pub summary_text: String,
    /// Every heading, in order, with unique ids.
    pub headings: Vec<Heading>,
    pub word_count: usize,
    /// The Chinese and Japanese characters among [`Rendered::word_count`], which are read at
    /// another pace than words.
    pub cjk_characters: usize,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    pub placements: Vec<Placement>,
    pub code_warnings: Vec<CodeWarning>,
    /// The shortcode calls, in order; the HTML has a marker for each that the render stage
    /// replaces (see [`shortcodes::marker`]). A `comparison` call is a placement instead.
    pub shortcodes: Vec<shortcodes::Call>,
}

impl Rendered {
    /// The images of the body, then the files that shortcode calls name (`src`, `poster`), which
    /// `herald check` follows like images. Only the body's go through the images stage: a call's
    /// files are the shortcode template's to show, and may be videos.
    pub fn checked_images(&self) -> Vec<Image> {
        self.images.iter().cloned().chain(self.shortcodes.iter().flat_map(shortcodes::images)).collect()
    }
}

/// The marker that stands where a placed item goes.
pub fn placement_marker(name: &str, id: &str) -> String {
    format!("<!--herald:{name}:{id}-->")
}

fn options(smart: bool, math: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if smart {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if math {
        o |= Options::ENABLE_MATH;
    }
    o
}

/// Renders a Markdown body. Positions in diagnostics are lines of `text` (1-based); the caller
/// shifts them to lines of the file.
pub fn render(text: &str, opts: &RenderOptions<'_>) -> (Rendered, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let parse_options = options(opts.smart_punctuation, opts.math);
    let mut lines = LineIndex::new(text);
    let (scanned, calls) = match shortcodes::scan(text, parse_options, &lines, &mut diags) {
        Some(s) => (Some(s.text), Some(s.calls)),
        None => (None, None),
    };
    // Calls keep the lines of what they replace, so positions stay those of the body's lines.
    let text = scanned.as_deref().unwrap_or(text);
    if scanned.is_some() {
        lines = LineIndex::new(text);
    }
    // About one event per four bytes of prose: sized once rather than grown by doubling.
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(text.len() / 4 + 16);
    events.extend(Parser::new_ext(text, parse_options).into_offset_iter());
    let mut out = Rendered::default();

    if let Some(calls) = calls {
        shortcodes::tokens_to_markers(&mut events);
        out.shortcodes = calls;
        out.placements = place_comparisons(&mut events, &out.shortcodes, &mut diags);
    }
    out.headings = headings::assign_ids(&mut events, &lines, opts.slugify);
    links::rewrite(&mut events, opts, &lines, &mut out, &mut diags);
    out.word_count = count_body_words(events.iter().map(|(e, _)| e));
    out.cjk_characters = count_cjk(events.iter().map(|(e, _)| e));
    // After the word count, which counts the words of code as well.
    out.code_warnings = code_blocks(&mut events, opts.highlight, &lines);
    images::rewrite(&mut events, &mut out.images);
    callouts::rewrite(&mut events);
    if opts.math {
        math_to_mathml(&mut events, &lines, &mut diags);
    }

    let summary_end = summary_end(&events);
    let summary = &events[..summary_end];
    // A summary leaves shortcodes out: listings show it without rendering calls.
    let not_marker = |e: &&(Event<'_>, Range<usize>)| !matches!(&e.0, Event::Html(h) | Event::InlineHtml(h) if h.starts_with(shortcodes::MARKER_PREFIX));
    pulldown_cmark::html::push_html(&mut out.summary_html, summary.iter().filter(not_marker).map(|(e, _)| e.clone()));
    out.summary_text = plain_text(summary.iter().map(|(e, _)| e));
    // HTML runs about 1.3 times the Markdown's size: one allocation up front instead of a chain
    // of doublings, and no spare capacity kept for the rest of the build.
    out.html.reserve(text.len() + text.len() / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(|(e, _)| e));
    out.html.shrink_to_fit();
    (out, diags)
}

/// Renders one line of inline Markdown (a table cell, an answer) without the paragraph around it.
/// Raw HTML is escaped and block syntax taken literally; see [`render_inline_with_text`].
pub fn render_inline(text: &str, opts: &RenderOptions<'_>) -> (String, Vec<Diagnostic>) {
    let (inline, diags) = inline::render(text, opts);
    (inline.html, diags)
}

/// Like [`render_inline`], with the plain text as well.
pub fn render_inline_with_text(text: &str, opts: &RenderOptions<'_>) -> (Inline, Vec<Diagnostic>) {
    inline::render(text, opts)
}

/// The words of a body's text and code. The parser splits a run of text at smart quotes,
/// entities and escapes (`Don` `’` `t`), so neighbouring text events are counted as one.
fn count_body_words<'a>(events: impl Iterator<Item = &'a Event<'a>>) -> usize {
    let (mut total, mut run, mut first) = (0, String::new(), None::<&str>);
    let flush = |run: &mut String, first: &mut Option<&str>| {
        let n = if run.is_empty() { first.map_or(0, count_words) } else { count_words(run) };
        run.clear();
        *first = None;
        n
    };
    for e in events {
        match e {
            Event::Text(t) if first.is_none() => first = Some(t),
            Event::Text(t) => {
                if run.is_empty() {
                    run.push_str(first.unwrap_or_default());
                }
                run.push_str(t);
            }
            Event::Code(t) => total += flush(&mut run, &mut first) + count_words(t),
            _ => total += flush(&mut run, &mut first),
        }
    }
    total + flush(&mut run, &mut first)
}

/// The number of words of `text` by Unicode word boundaries (UAX #29, `unicode_words`), with
/// Chinese and Japanese (Han, Hiragana, Katakana) counted a character a word, since they are
/// written without spaces; Korean separates its words and is counted by them.
fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        return count_ascii_words(text.as_bytes());
    }
    if let Some(ascii) = typographic_as_ascii(text) {
        return count_ascii_words(&ascii);
    }
    text.unicode_words()
        .map(|w| match w.chars().filter(|c| is_cjk(*c)).count() {
            0 => 1,
            n => n,
        })
        .sum()
}

/// Text whose only other characters are the typographic punctuation smart punctuation writes,
/// as ASCII with the same word boundaries (UAX #29): `’` and `‘` join letters and digits as `'`
/// does; quotes, dashes, the ellipsis and the no-break space join nothing, as a space does. With
/// smart punctuation on (the default), almost every paragraph of English holds a `’`, which
/// would otherwise send it to `unicode_words`, many times slower.
fn typographic_as_ascii(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => Some(c as u8),
            '\u{2018}' | '\u{2019}' => Some(b'\''),
            '\u{201C}' | '\u{201D}' | '\u{2013}' | '\u{2014}' | '\u{2026}' | '\u{A0}' => Some(b' '),
            _ => None,
        })
        .collect()
}

/// The Chinese and Japanese characters of a body's text and code: the part of its word count
/// [`count_words`] counts a character a word.
fn count_cjk<'a>(events: impl Iterator<Item = &'a Event<'a>>) -> usize {
    events
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) if !t.is_ascii() => Some(t.chars().filter(|c| is_cjk(*c)).count()),
            _ => None,
        })
        .sum()
}

fn is_cjk(c: char) -> bool {
    // Below U+2E80 (CJK Radicals) no character is of these scripts: most text never reaches the
    // script table's search.
    c >= FIRST_CJK && is_cjk_script(c)
}

fn is_cjk_script(c: char) -> bool {
    matches!(c.script(), Script::Han | Script::Hiragana | Script::Katakana)
}

/// The first character of the Han, Hiragana and Katakana scripts.
const FIRST_CJK: char = '\u{2E80}';

/// [`UnicodeSegmentation::unicode_words`]'s count for ASCII text (almost all of it): a word
/// starts at a letter or digit that follows neither one nor a joiner, `.`, `:` or `'` between
/// letters and `.`, `,`, `;` or `'` between digits (rules WB6-WB12). Counted without branches,
/// so that the loop vectorizes; `_`, which joins anything, takes the slower loop.
fn count_ascii_words(bytes: &[u8]) -> usize {
    if bytes.contains(&b'_') {
        return count_ascii_words_with_underscores(bytes);
    }
    let letter = |b: u8| ((b | 0x20).wrapping_sub(b'a') < 26) as u8;
    let digit = |b: u8| (b.wrapping_sub(b'0') < 10) as u8;
    let alnum = |b: u8| letter(b) | digit(b);
    let head = match bytes {
        [a, b, ..] => alnum(*a) + (alnum(*b) & (alnum(*a) ^ 1)),
        [a] => alnum(*a),
        [] => 0,
    };
    if bytes.len() < 3 {
        return head as usize;
    }
    // Each byte from the third on, with the two before it: three shifted slices zipped, which
    // vectorizes where `windows(3)` did not. Summed in bytes, 255 at most at a time, so that a
    // vector holds sixteen of them rather than four.
    let (before, mid, after) = (&bytes[..bytes.len() - 2], &bytes[1..bytes.len() - 1], &bytes[2..]);
    let starts = |((&a, &m), &c): ((&u8, &u8), &u8)| {
        let mid_letter = ((m == b'.') | (m == b':') | (m == b'\'')) as u8;
        let mid_num = ((m == b'.') | (m == b',') | (m == b';') | (m == b'\'')) as u8;
        let joined = (letter(a) & letter(c) & mid_letter) | (digit(a) & digit(c) & mid_num);
        alnum(c) & (alnum(m) ^ 1) & (joined ^ 1)
    };
    let rest: usize = before
        .chunks(255)
        .zip(mid.chunks(255))
        .zip(after.chunks(255))
        .map(|((a, m), c)| usize::from(a.iter().zip(m).zip(c).map(starts).fold(0u8, u8::wrapping_add)))
        .sum();
    usize::from(head) + rest
}

/// [`count_ascii_words`] where `_` may join letters and digits into one word, and a run of
/// nothing but `_` is no word.
fn count_ascii_words_with_underscores(bytes: &[u8]) -> usize {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let (mut count, mut in_word, mut counted) = (0, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if word(b) {
            if !in_word {
                (in_word, counted) = (true, false);
            }
            if !counted && b != b'_' {
                (count, counted) = (count + 1, true);
            }
        } else if in_word {
            let (prev, next) = (bytes[i - 1], bytes.get(i + 1).copied().unwrap_or(b' '));
            let letters = prev.is_ascii_alphabetic() && next.is_ascii_alphabetic() && matches!(b, b'.' | b':' | b'\'');
            let digits = prev.is_ascii_digit() && next.is_ascii_digit() && matches!(b, b'.' | b',' | b';' | b'\'');
            in_word = letters || digits;
        }
    }
    count
}

/// Plain text of some events: what a reader would read, with single spaces.
pub fn plain_text<'a>(events: impl Iterator<Item = &'a Event<'a>>) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            // Block HTML includes the heading tags that stand in for heading events.
            Event::SoftBreak
            | Event::HardBreak
            | Event::Html(_)
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => s.push(' '),
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where the summary ends: at the `<!-- more -->` marker, else after the first paragraph.
fn summary_end(events: &[(Event<'_>, Range<usize>)]) -> usize {
    if let Some(i) =
        events.iter().position(|(e, _)| matches!(e, Event::Html(h) | Event::InlineHtml(h) if h.trim() == MORE_MARKER))
    {
        // A marker inside a paragraph: close at the paragraph's end so the HTML stays balanced.
        let mut depth = 0i32;
        for (e, _) in &events[..i] {
            match e {
                Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
        if depth == 0 {
            // Stop before the HTML block that holds the marker.
            return if i > 0 && matches!(events[i - 1].0, Event::Start(Tag::HtmlBlock)) { i - 1 } else { i };
        }
    }
    let mut depth = 0i32;
    for (i, (e, _)) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Paragraph) if depth == 0 => depth = 1,
            Event::Start(_) if depth > 0 => depth += 1,
            Event::End(_) if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    0
}

/// Replaces each code block's events with its rendered HTML, and returns what its fence asked
/// for that the highlighter could not give.
fn code_blocks(
    events: &mut [(Event<'_>, Range<usize>)],
    highlight: Option<&highlight::Themes>,
    lines: &LineIndex,
) -> Vec<CodeWarning> {
    let mut warnings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::CodeBlock(kind)) = &events[i].0 else {
            i += 1;
            continue;
        };
        let fence = match kind {
            CodeBlockKind::Fenced(info) => highlight::Fence::parse(info),
            CodeBlockKind::Indented => highlight::Fence::parse(""),
        };
        let end = (i + 1..events.len())
            .find(|&j| matches!(events[j].0, Event::End(TagEnd::CodeBlock)))
            .unwrap_or(events.len() - 1);
        let mut code = String::new();
        for (e, _) in &mut events[i + 1..end] {
            if let Event::Text(t) = e {
                code.push_str(t);
            }
            *e = Event::Text(CowStr::Borrowed(""));
        }
        let block = highlight::render_block(&code, &fence, highlight);
        let (line, column) = lines.line_col(events[i].1.start);
        let found = block.unknown_language.map(Unknown::Language).into_iter();
        warnings.extend(found.chain(fence.unknown.into_iter().map(Unknown::Option)).map(|u| CodeWarning {
            unknown: u,
            line,
            column,
        }));
        events[i].0 = Event::Text(CowStr::Borrowed(""));
        events[end].0 = Event::Html(CowStr::from(block.html));
        i = end + 1;
    }
    warnings
}

/// Replaces math with MathML; LaTeX it cannot read is an error at the formula.
fn math_to_mathml(events: &mut [(Event<'_>, Range<usize>)], lines: &LineIndex, diags: &mut Vec<Diagnostic>) {
    for (event, range) in events.iter_mut() {
        let (latex, display) = match event {
            Event::InlineMath(l) => (l.clone(), false),
            Event::DisplayMath(l) => (l.clone(), true),
            _ => continue,
        };
        match math::to_mathml(&latex, display) {
            Ok(mathml) => *event = Event::InlineHtml(CowStr::from(mathml)),
            Err(e) => {
                let (line, column) = lines.line_col(range.start);
                diags.push(
                    Diagnostic::error("", line, column, format!("this math is not LaTeX herald can render: {e}"))
                        .with_help("fix the formula, or escape a literal dollar sign as `\\$`"),
                );
            }
        }
    }
}

/// Turns each `{{ comparison(id="x") }}` on a line of its own into the marker of a placement:
/// the table comes from the front matter, renders through the comparison partial and, when not
/// placed, follows the article, so it is a built-in shortcode rather than a template's.
fn place_comparisons(
    events: &mut [(Event<'_>, Range<usize>)],
    calls: &[shortcodes::Call],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Placement> {
    let mut found = Vec::new();
    for (index, call) in calls.iter().enumerate().filter(|(_, c)| c.name == "comparison") {
        let block = format!("{}\n", shortcodes::marker(index, shortcodes::Part::Whole));
        let id = match call.args.as_slice() {
            [(key, shortcodes::Arg::Str(id))] if key == "id" && !call.body => Some(id.clone()),
            _ => None,
        };
        let at = events.iter().position(|(e, _)| matches!(e, Event::Html(h) if **h == *block));
        match (id, at) {
            (Some(id), Some(at)) => {
                let marker = placement_marker("comparison", &id);
                events[at].0 = Event::Html(CowStr::from(format!("{marker}\n")));
                found.push(Placement { name: call.name.clone(), id, line: call.line, column: call.column, marker });
            }
            _ => diags.push(
                Diagnostic::error(
                    "",
                    call.line,
                    call.column,
                    "`comparison` places a table of the front matter by its id",
                )
                .with_help("write `{{ comparison(id=\"...\") }}` on a line of its own"),
            ),
        }
    }
    found
}

/// Byte offset to line and column, by binary search over line starts.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    text_len: usize,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 48 + 2);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts, text_len: text.len() }
    }

    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len);
        let line = self.starts.partition_point(|&s| s <= offset);
        (line, offset - self.starts[line - 1] + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    fn md(text: &str) -> Rendered {
        let links: crate::markdown::LinkMap =
            [("smm/ads.md".to_string(), "/smm/ads/".to_string())].into_iter().collect();
        let (r, d) = render(
            text,
            &RenderOptions { smart_punctuation: true, math: true, ..RenderOptions::defaults("smo", &links) },
        );
        assert!(d.is_empty(), "{d:?}");
        r
    }

    #[test]
    fn summary_is_first_paragraph_or_up_to_marker() {
        assert_eq!(md("First *para*.\n\nSecond.\n").summary_html, "<p>First <em>para</em>.</p>\n");
        assert_eq!(md("# H\n\nOne.\n\nTwo.\n\n<!-- more -->\n\nThree.\n").summary_text, "H One. Two.");
    }

    #[test]
    fn counts_words() {
        assert_eq!(md("One two three.\n\n- four\n- five `six`\n").word_count, 6);
        // Smart quotes and entities split the parser's text events, not words.
        assert_eq!(md("Don't say \"rock&amp;roll\" \\*twice\\*.\n").word_count, 5);
        // Contractions and decimals are one word each; a hyphen or slash separates two.
        assert_eq!(count_words("Don't panic: it's 3.14 e-mail, SMO/SMM - __ ok."), 9);
        assert_eq!(count_words("déjà vu\u{a0}x\u{2003}y"), 4);
    }

    #[test]
    fn counts_chinese_and_japanese_by_characters() {
        // 日 本 語 の 記 事 で す; the full stop is no word.
        assert_eq!(count_words("日本語の記事です。"), 8);
        // テ ス ト (one katakana word, three characters) で す.
        assert_eq!(count_words("テストです"), 5);
        // 我 们 喜 欢, SEO, 和, SMO.
        assert_eq!(count_words("我们喜欢SEO和SMO。"), 7);
        // Korean puts spaces between words: two.
        assert_eq!(count_words("한국어 문장입니다"), 2);
        assert_eq!(md("## 見出し\n\n本文です。\n").word_count, 7);
        let mixed = md("SEO は大事です。`検索` and more\n");
        assert_eq!((mixed.word_count, mixed.cjk_characters), (10, 7));
    }

    /// Typographic punctuation counts as `unicode_words` counts it, wherever it stands.
    #[test]
    fn typographic_punctuation_counts_as_unicode_words_count() {
        let pieces = [
            "a", "Z", "1", "_", ".", ",", "'", " ", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2013}",
            "\u{2014}", "\u{2026}", "\u{A0}", "don’t",
        ];
        let mut rng = Rng::new(11);
        for _ in 0..20_000 {
            let text: String = (0..1 + rng.below(12)).map(|_| *rng.pick(&pieces)).collect();
            assert_eq!(count_words(&text), text.unicode_words().count(), "{text:?}");
        }
        assert_eq!(typographic_as_ascii("don’t “stop” — go…"), Some(b"don't  stop    go ".to_vec()));
        assert_eq!(typographic_as_ascii("café"), None);
    }

    #[test]
    fn no_character_before_the_first_cjk_one_is_cjk() {
        assert!(('\0'..FIRST_CJK).all(|c| !is_cjk_script(c)));
        assert!(is_cjk_script(FIRST_CJK) && is_cjk(FIRST_CJK) && is_cjk('日') && is_cjk('カ') && !is_cjk('é'));
    }

    #[test]
    fn the_ascii_count_is_unicode_words_count() {
        let mut samples: Vec<String> = [
            "", " ", "a", "_", "__a", "a_b", "a.b", "a..b", "1,000.5", "a1.2", "x'y", "'a'", "a:b", "1:2", ".5", "5.",
            "a,b", "e-mail",
        ]
        .map(String::from)
        .to_vec();
        // Every string of up to four bytes from a set that exercises each rule.
        let alphabet = b"aZ1_.,;:' -";
        for len in 1..=5u32 {
            for n in 0..alphabet.len().pow(len) {
                let (mut n, mut s) = (n, String::new());
                for _ in 0..len {
                    s.push(alphabet[n % alphabet.len()] as char);
                    n /= alphabet.len();
                }
                samples.push(s);
            }
        }
        // Long ones, whose words straddle the 255-byte blocks the count is summed in.
        // Without `_`, which takes the other loop.
        let parts: Vec<String> = samples.iter().filter(|s| !s.contains('_')).cloned().collect();
        let mut rng = Rng::new(7);
        for _ in 0..300 {
            let mut long = String::new();
            while long.len() < 1200 {
                long.push_str(rng.pick::<String>(&parts));
            }
            samples.push(long);
        }
        for text in &samples {
            assert_eq!(count_ascii_words(text.as_bytes()), text.unicode_words().count(), "{text:?}");
        }
    }

    #[test]
    fn placement_lines_become_markers() {
        let r = md("Intro.\n\n{{ comparison(id=\"smo-vs-smm\") }}\n\nAfter.\n");
        assert_eq!(r.placements.len(), 1);
        assert_eq!(r.placements[0].id, "smo-vs-smm");
        assert_eq!(r.placements[0].line, 3);
        assert!(r.html.contains("<!--herald:comparison:smo-vs-smm-->"), "{}", r.html);
        assert!(!r.html.contains("{{"), "{}", r.html);
    }

    #[test]
    fn shortcodes_become_markers_outside_code() {
        let r = md("# T\n\n{{ a(x=1) }}\n\nText {{ b() }} more.\n\n{% c() %}\nBody *em*.\n{% end %}\n\n`{{ d() }}`\n\n{{/* e() */}}\n");
        let names: Vec<&str> = r.shortcodes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!((r.shortcodes[2].line, r.shortcodes[2].column), (7, 1));
        assert!(r.html.contains("<!--herald:sc:0-->\n<p>Text <!--herald:sc:1--> more.</p>"), "{}", r.html);
        assert!(r.html.contains("<!--herald:sc:2{-->\n<p>Body <em>em</em>.</p>\n<!--herald:sc:2}-->"), "{}", r.html);
        assert!(r.html.contains("<code>{{ d() }}</code>"), "{}", r.html);
        assert!(r.html.contains("<p>{{ e() }}</p>"), "{}", r.html);
    }

    #[test]
    fn placement_in_code_is_left_alone() {
        let r = md("```\n{{ comparison(id=\"x\") }}\n```\n");
        assert!(r.placements.is_empty());
        assert!(r.html.contains("{{ comparison"));
    }

    #[test]
    fn inline_render_drops_paragraph() {
        let links = crate::markdown::LinkMap::default();
        let (html, _) = render_inline("a *b* `c`", &RenderOptions::defaults("", &links));
        assert_eq!(html, "a <em>b</em> <code>c</code>");
    }
}
