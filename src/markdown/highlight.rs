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

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};

use pulldown_cmark_escape::{escape_html, escape_html_body_text};
use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

/// The prefix of every class the highlighter writes, so that no theme rule meets them.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);
static THEMES: LazyLock<EmbeddedLazyThemeSet> = LazyLock::new(two_face::theme::extra);

/// Where the blocks highlighted by earlier builds are kept, below the site's root.
pub const CACHE_FILE: &str = ".herald-cache/highlight.bin";

/// The first line of the cache file: another herald (and so maybe other grammars) starts over.
const CACHE_HEADER: &str = concat!("herald-highlight-cache 3 ", env!("CARGO_PKG_VERSION"), "\n");

/// The size of one block's entry in the file's index: its key, offset and length.
const INDEX_ENTRY: usize = 32 + 8 + 4;

/// A block's HTML, and whether this process used it (only those go back to disk).
struct Memo {
    html: Html,
    used: bool,
}

/// A block's HTML: highlighted by this process, or where the cache file holds it. A site with
/// code on every page has a cache of hundreds of megabytes: a build reads only the index, and
/// each block when a page asks for it.
#[derive(Clone)]
enum Html {
    Made(Arc<str>),
    InFile { file: Arc<File>, at: u64, len: u32 },
}

impl Html {
    /// The HTML, or `None` when the file no longer gives it (then the block is made again).
    fn read(&self) -> Option<String> {
        match self {
            Html::Made(html) => Some(String::from(&**html)),
            Html::InFile { file, at, len } => {
                let mut buf = vec![0; *len as usize];
                read_at(file, &mut buf, *at).ok()?;
                String::from_utf8(buf).ok()
            }
        }
    }
}

/// Fills `buf` from `file` at offset `at`, without moving a cursor other threads share.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => (buf, at) = (&mut buf[n..], at + n as u64),
        }
    }
    Ok(())
}

/// The blocks highlighted or found in the cache file by this process, and whether their set
/// differs from the file's (a block made anew): when it does not, and every block was used, the
/// file stays as it is.
#[derive(Default)]
struct Memos {
    blocks: rustc_hash::FxHashMap<[u8; 32], Memo>,
    made: bool,
    /// The cache file read, when it was the only source of blocks besides highlighting.
    read: Option<std::path::PathBuf>,
}

static MEMO: LazyLock<Mutex<Memos>> = LazyLock::new(Mutex::default);

fn memo() -> std::sync::MutexGuard<'static, Memos> {
    MEMO.lock().unwrap_or_else(|e| e.into_inner())
}

/// A hash of everything a block's HTML is made from: the code, the whole fence (derived
/// `Hash`, so a new option is part of the key without anybody listing it) and the setting.
fn memo_key(code: &str, fence: &Fence, highlight: bool) -> [u8; 32] {
    /// Feeds what `Hash` writes into blake3, whose 32 bytes the cache file keys blocks by.
    struct Feed(blake3::Hasher);
    impl std::hash::Hasher for Feed {
        fn write(&mut self, bytes: &[u8]) {
            self.0.update(bytes);
        }
        fn finish(&self) -> u64 {
            unreachable!("only the blake3 digest is read")
        }
    }
    let mut feed = Feed(blake3::Hasher::new());
    std::hash::Hash::hash(&(highlight, fence, code), &mut feed);
    *feed.0.finalize().as_bytes()
}

/// Reads the index of the blocks an earlier build kept (each block is read when used); a
/// missing, foreign or damaged file is no cache.
pub fn load_cache(path: &Path) {
    let Ok(found) = read_index(path) else { return };
    let mut memo = memo();
    memo.read = memo.blocks.is_empty().then(|| path.to_path_buf());
    for (key, html) in found {
        memo.blocks.entry(key).or_insert(Memo { html, used: false });
    }
}

/// The file's blocks: after the header, their count, then each one's key, offset and length.
fn read_index(path: &Path) -> io::Result<Vec<([u8; 32], Html)>> {
    let damaged = || io::Error::new(io::ErrorKind::InvalidData, "not a cache file");
    let mut file = File::open(path)?;
    let size = file.metadata()?.len();
    let mut head = vec![0; CACHE_HEADER.len() + 4];
    file.read_exact(&mut head)?;
    let count = head.strip_prefix(CACHE_HEADER.as_bytes()).ok_or_else(damaged)?;
    let count = u32::from_le_bytes(count.try_into().map_err(|_| damaged())?) as usize;
    let mut index = vec![0; count.checked_mul(INDEX_ENTRY).filter(|&n| n as u64 <= size).ok_or_else(damaged)?];
    file.read_exact(&mut index)?;
    let file = Arc::new(file);
    let mut found = Vec::with_capacity(count);
    for e in index.chunks_exact(INDEX_ENTRY) {
        let key = <[u8; 32]>::try_from(&e[..32]).expect("32 bytes");
        let at = u64::from_le_bytes(e[32..40].try_into().expect("8 bytes"));
        let len = u32::from_le_bytes(e[40..44].try_into().expect("4 bytes"));
        if at.checked_add(u64::from(len)).is_none_or(|end| end > size) {
            return Err(damaged());
        }
        found.push((key, Html::InFile { file: Arc::clone(&file), at, len }));
    }
    Ok(found)
}

/// Writes the blocks this process used (so a block no page has any more goes), atomically;
/// when those are the blocks the file already holds, nothing is written.
pub fn save_cache(path: &Path) -> io::Result<()> {
    let memo = memo();
    let mut used: Vec<(&[u8; 32], &Memo)> = memo.blocks.iter().filter(|(_, m)| m.used).collect();
    if used.is_empty() || (!memo.made && used.len() == memo.blocks.len() && memo.read.as_deref() == Some(path)) {
        return Ok(());
    }
    used.sort_unstable_by_key(|(k, _)| *k);
    let blocks: Vec<(&[u8; 32], String)> = used.into_iter().filter_map(|(k, m)| Some((k, m.html.read()?))).collect();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let mut out = io::BufWriter::new(File::create(&tmp)?);
    out.write_all(CACHE_HEADER.as_bytes())?;
    out.write_all(&(blocks.len() as u32).to_le_bytes())?;
    let mut at = (CACHE_HEADER.len() + 4 + blocks.len() * INDEX_ENTRY) as u64;
    for (key, html) in &blocks {
        out.write_all(*key)?;
        out.write_all(&at.to_le_bytes())?;
        out.write_all(&(html.len() as u32).to_le_bytes())?;
        at += html.len() as u64;
    }
    for (_, html) in &blocks {
        out.write_all(html.as_bytes())?;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_data().ok();
    std::fs::rename(&tmp, path)
}

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
/// caption). Text in a language it does not know (or with `highlight` off) is escaped as is.
pub fn render_block(code: &str, fence: &Fence, highlight: bool) -> Block {
    let language = fence.language.as_deref().filter(|l| !is_plain(l));
    let syntax = if highlight { language.and_then(syntax_for) } else { None };
    let unknown_language = match (highlight, language, syntax) {
        (true, Some(l), None) => Some(l.to_string()),
        _ => None,
    };
    let key = memo_key(code, fence, highlight);
    // The lock is not held while a block is read from the file: pages are rendered in parallel.
    let kept = memo().blocks.get(&key).map(|m| m.html.clone());
    if let Some(html) = kept.and_then(|h| h.read()) {
        if let Some(m) = memo().blocks.get_mut(&key) {
            m.used = true;
        }
        return Block { html, unknown_language };
    }
    let html = render_html(code, fence, language, syntax);
    let mut memo = memo();
    memo.blocks.insert(key, Memo { html: Html::Made(Arc::from(html.as_str())), used: true });
    memo.made = true;
    Block { html, unknown_language }
}

fn render_html(code: &str, fence: &Fence, language: Option<&str>, syntax: Option<&SyntaxReference>) -> String {
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
    write_lines(&mut html, code, fence, syntax);
    html.push_str("</code></pre></");
    html.push_str(close);
    html.push_str(">\n");
    html
}

/// Each line as `<span class="line">`, with its number and highlight mark when asked for; the
/// syntax spans open at a line's end are closed there and opened again on the next line, so
/// every line is balanced HTML on its own.
fn write_lines(html: &mut String, code: &str, fence: &Fence, syntax: Option<&SyntaxReference>) {
    let mut state = syntax.map(|s| (ParseState::new(s), ScopeStack::new()));
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
        match &mut state {
            Some((parse, stack)) => write_highlighted(html, line, text.len(), parse, stack),
            None => escape_html_body_text(&mut *html, text).expect("writing to a String"),
        }
        html.push_str("</span>\n");
    }
}

/// One line through the grammar; `len` is its length without the newline, which stays out of
/// the line's span.
fn write_highlighted(html: &mut String, line: &str, len: usize, parse: &mut ParseState, stack: &mut ScopeStack) {
    let Ok(ops) = parse.parse_line(line, &SYNTAXES) else {
        // A grammar that fails on a line (rare, a regex that fancy-regex gives up on): the
        // line stays plain rather than the build failing.
        escape_html_body_text(&mut *html, &line[..len]).expect("writing to a String");
        return;
    };
    let ops: Vec<_> = ops.into_iter().map(|(i, op)| (i.min(len), op)).collect();
    let open_before = stack.len();
    for scope in stack.as_slice() {
        html.push_str("<span class=\"");
        for (j, atom) in scope.build_string().split('.').enumerate() {
            if j > 0 {
                html.push(' ');
            }
            html.push_str("hl-");
            html.push_str(atom);
        }
        html.push_str("\">");
    }
    match line_tokens_to_classed_spans(&line[..len], &ops, CLASS_STYLE, stack) {
        Ok((spans, delta)) => {
            html.push_str(&spans);
            let open = (open_before as isize + delta).max(0) as usize;
            html.push_str(&"</span>".repeat(open));
        }
        Err(_) => {
            html.push_str(&"</span>".repeat(open_before));
            escape_html_body_text(&mut *html, &line[..len]).expect("writing to a String");
        }
    }
}

/// A theme name the highlighter does not ship.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` is not a highlighting theme herald knows")]
pub struct UnknownTheme {
    pub name: String,
}

impl UnknownTheme {
    /// The names it does know, for the help text.
    pub fn known() -> Vec<&'static str> {
        EmbeddedLazyThemeSet::theme_names().iter().map(|n| n.as_name()).collect()
    }
}

fn theme(name: &str) -> Result<&'static syntect::highlighting::Theme, UnknownTheme> {
    let found: Option<&EmbeddedThemeName> =
        EmbeddedLazyThemeSet::theme_names().iter().find(|n| n.as_name().eq_ignore_ascii_case(name));
    found.map(|n| THEMES.get(*n)).ok_or_else(|| UnknownTheme { name: name.to_string() })
}

/// The stylesheet for highlighted code: the light theme, and the dark one for readers whose
/// system prefers a dark colour scheme.
pub fn stylesheet(light: &str, dark: &str) -> Result<String, UnknownTheme> {
    let css = |name: &str| -> Result<String, UnknownTheme> {
        syntect::html::css_for_theme_with_class_style(theme(name)?, CLASS_STYLE)
            .map_err(|_| UnknownTheme { name: name.to_string() })
    };
    let (light, dark) = (css(light)?, css(dark)?);
    Ok(format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}}}\n"))
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

    #[test]
    fn every_line_is_balanced() {
        // A block comment spans lines: its span closes at each line's end and opens again.
        let b = render_block("/* a\n<b> */\nlet x = 1;\n", &Fence::parse("js"), true);
        for line in b.html.lines().filter(|l| l.contains("class=\"line")) {
            assert_eq!(line.matches("<span").count(), line.matches("</span>").count(), "{line}");
        }
        assert!(b.html.contains("&lt;b&gt;"), "{}", b.html);
        assert!(b.html.contains("hl-comment"), "{}", b.html);
    }

    #[test]
    fn blocks_survive_a_round_trip_through_the_disk_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c/highlight.bin");
        let code = "let cached_block_test = 1;\n";
        let first = render_block(code, &Fence::parse("rust,linenos"), true).html;
        save_cache(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(CACHE_HEADER.as_bytes()));
        let key = memo_key(code, &Fence::parse("rust,linenos"), true);
        assert!(memo().blocks.remove(&key).is_some());
        load_cache(&path);
        assert_eq!(memo().blocks[&key].html.read().as_deref(), Some(first.as_str()));
        // Other options are another block.
        assert_ne!(key, memo_key(code, &Fence::parse("rust"), true));
        assert_ne!(key, memo_key(code, &Fence::parse("rust,linenos"), false));
    }

    #[test]
    fn knows_both_default_themes() {
        let css = stylesheet("Coldark-Cold", "Coldark-Dark").unwrap();
        assert!(css.contains(".hl-code"));
        assert!(css.contains("prefers-color-scheme: dark"));
        assert_eq!(stylesheet("Nope", "Coldark-Dark").unwrap_err().name, "Nope");
    }
}
