//! Shortcode calls in a body: `{{ name(arg=value) }}` and `{% name(arg=value) %}...{% end %}`.
//!
//! The Markdown stage only finds and parses calls; the render stage, which has the templates,
//! renders them. Calls are found in the source outside code (code spans and blocks are never
//! scanned), each replaced by a token that Markdown passes through as text; after parsing, each
//! token becomes an HTML comment marker (see [`marker`]) that the render stage replaces. A body is
//! Markdown of the same document, so its headings, links and nested calls work as anywhere else.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use serde::Serialize;

use super::LineIndex;
use crate::diagnostic::Diagnostic;

/// A typed argument value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Arg>),
}

/// One shortcode call, found in a body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    pub name: String,
    /// The arguments, in the order written.
    pub args: Vec<(String, Arg)>,
    /// Whether it has a body (`{% name() %}...{% end %}`).
    pub body: bool,
    /// Where the call starts, in lines of the body (1-based).
    pub line: usize,
    pub column: usize,
}

/// The images a call names: its `src` and `poster` arguments, with its `alt` (else `title`).
pub fn images(call: &Call) -> impl Iterator<Item = super::Image> + '_ {
    let text = |key: &str| {
        call.args.iter().find_map(|(k, v)| match v {
            Arg::Str(s) if k == key => Some(s.as_str()),
            _ => None,
        })
    };
    let alt = text("alt").or(text("title")).unwrap_or_default().to_string();
    ["src", "poster"].into_iter().filter_map(text).map(move |src| super::Image {
        src: src.to_string(),
        alt: alt.clone(),
        title: String::new(),
        figure: false,
        line: call.line,
        column: call.column,
    })
}

/// Which marker of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The whole of a call without a body.
    Whole,
    /// Where a body starts.
    Open,
    /// Where a body ends.
    Close,
}

/// The HTML comment that stands for part of call `index` in the rendered HTML.
pub fn marker(index: usize, part: Part) -> String {
    let suffix = match part {
        Part::Whole => "",
        Part::Open => "{",
        Part::Close => "}",
    };
    format!("<!--herald:sc:{index}{suffix}-->")
}

/// The prefix every marker starts with.
pub const MARKER_PREFIX: &str = "<!--herald:sc:";

// Private-use characters: what a writer never types, and what Markdown never splits or escapes.
const TOKEN_OPEN: char = '\u{E000}';
const TOKEN_CLOSE: char = '\u{E001}';

/// A body with its calls replaced by tokens, and the calls.
pub(crate) struct Scanned {
    pub text: String,
    pub calls: Vec<Call>,
}

/// Finds the calls in `text` outside code and replaces each by a token; `{{/* ... */}}` and
/// `{%/* ... */%}` become the literal `{{ ... }}` and `{% ... %}`. `None` when there is nothing
/// to replace, so the body is parsed once.
pub(crate) fn scan(
    text: &str,
    options: pulldown_cmark::Options,
    lines: &LineIndex,
    diags: &mut Vec<Diagnostic>,
) -> Option<Scanned> {
    let first = memchr::memmem::find(text.as_bytes(), b"{{")
        .into_iter()
        .chain(memchr::memmem::find(text.as_bytes(), b"{%"))
        .min()?;
    let code = code_ranges(text, options);
    let mut out = String::with_capacity(text.len() + 64);
    let mut calls = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let (mut copied, mut at) = (0, first);
    while let Some(i) = text[at..].find('{').map(|i| i + at) {
        if let Some(c) = code.iter().find(|r| r.contains(&i)) {
            at = c.end;
            continue;
        }
        let rest = &text[i..];
        let block = rest.starts_with("{%");
        if !block && !rest.starts_with("{{") {
            at = i + 1;
            continue;
        }
        let close = if block { "%}" } else { "}}" };
        if let Some(lit) = rest[2..].strip_prefix("/*") {
            if let Some(end) = lit.find(&format!("*/{close}")) {
                out.push_str(&text[copied..i]);
                out.push_str(&rest[..2]);
                out.push_str(&lit[..end]);
                out.push_str(close);
                copied = i + 2 + 2 + end + 4;
                at = copied;
                continue;
            }
        }
        let (line, column) = lines.line_col(i);
        let parsed = parse_call(&rest[2..], close);
        let (name, args, len) = match parsed {
            Ok(Some(call)) => call,
            Ok(None) => {
                at = i + 2;
                continue;
            }
            Err((offset, problem)) => {
                let (line, column) = lines.line_col(i + 2 + offset);
                diags.push(Diagnostic::error("", line, column, format!("this shortcode call cannot be read: {problem}")).with_help(
                    "write `{{ name(key=\"text\", n=3, on=true, list=[\"a\"]) }}`; to show the syntax literally, write `{{/* name() */}}`",
                ));
                at = i + 2;
                continue;
            }
        };
        let end = i + 2 + len;
        out.push_str(&text[copied..i]);
        copied = end;
        at = end;
        if block && name == "end" {
            match open.pop() {
                Some(index) => push_token(&mut out, index, Part::Close, &text[i..end]),
                None => diags.push(
                    Diagnostic::error("", line, column, "this `{% end %}` closes no shortcode")
                        .with_help("remove it, or open a shortcode with a body before it: `{% name() %}`"),
                ),
            }
            continue;
        }
        let index = calls.len();
        calls.push(Call { name, args, body: block, line, column });
        if block {
            open.push(index);
            push_token(&mut out, index, Part::Open, &text[i..end]);
        } else {
            push_token(&mut out, index, Part::Whole, &text[i..end]);
        }
    }
    for index in open {
        let c = &calls[index];
        diags.push(
            Diagnostic::error("", c.line, c.column, format!("the shortcode `{}` has no `{{% end %}}`", c.name))
                .with_help("close its body with `{% end %}`"),
        );
    }
    if calls.is_empty() && copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(Scanned { text: out, calls })
}

/// The token for a call's part; it keeps the newlines of what it replaces so that lines of
/// later diagnostics stay right.
fn push_token(out: &mut String, index: usize, part: Part, replaced: &str) {
    out.push(TOKEN_OPEN);
    out.push(match part {
        Part::Whole => 'w',
        Part::Open => 'o',
        Part::Close => 'c',
    });
    out.push_str(&index.to_string());
    out.push(TOKEN_CLOSE);
    for _ in replaced.matches('\n') {
        out.push('\n');
    }
}

/// The byte ranges of code spans and code blocks.
fn code_ranges(text: &str, options: pulldown_cmark::Options) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                ranges.push(range)
            }
            _ => {}
        }
    }
    ranges
}

type Parsed = (String, Vec<(String, Arg)>, usize);

/// Reads ` name(args) }}` (after the opening braces). `Ok(None)` when it is not a call at all
/// (just text with braces); `Err` with the offset of the problem when it looks like one but is
/// malformed.
fn parse_call(s: &str, close: &str) -> Result<Option<Parsed>, (usize, String)> {
    let mut r = Reader { s, at: 0 };
    r.skip_space();
    let name = r.ident();
    if name.is_empty() {
        return Ok(None);
    }
    r.skip_space();
    if name == "end" && close == "%}" && r.rest().starts_with(close) {
        return Ok(Some((name, Vec::new(), r.at + 2)));
    }
    if !r.eat('(') {
        return Ok(None);
    }
    let mut args: Vec<(String, Arg)> = Vec::new();
    loop {
        r.skip_space();
        if r.eat(')') {
            break;
        }
        let key_at = r.at;
        let key = r.ident();
        if key.is_empty() {
            return Err((r.at, "expected an argument name or `)`".into()));
        }
        if args.iter().any(|(k, _)| *k == key) {
            return Err((key_at, format!("the argument `{key}` is given twice")));
        }
        r.skip_space();
        if !r.eat('=') {
            return Err((r.at, format!("expected `=` after `{key}`")));
        }
        r.skip_space();
        let value = r.value()?;
        args.push((key, value));
        r.skip_space();
        if r.eat(',') {
            continue;
        }
        if r.eat(')') {
            break;
        }
        return Err((r.at, "expected `,` or `)`".into()));
    }
    r.skip_space();
    if !r.rest().starts_with(close) {
        return Err((r.at, format!("expected `{close}`")));
    }
    Ok(Some((name, args, r.at + 2)))
}

struct Reader<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, c: char) -> bool {
        let yes = self.rest().starts_with(c);
        if yes {
            self.at += c.len_utf8();
        }
        yes
    }

    fn ident(&mut self) -> String {
        let rest = self.rest();
        let starts = rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        let len = if starts {
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len())
        } else {
            0
        };
        self.at += len;
        rest[..len].to_string()
    }

    fn value(&mut self) -> Result<Arg, (usize, String)> {
        let start = self.at;
        let rest = self.rest();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            return self.string(q);
        }
        if self.eat('[') {
            let mut items = Vec::new();
            loop {
                self.skip_space();
                if self.eat(']') {
                    return Ok(Arg::List(items));
                }
                items.push(self.value()?);
                self.skip_space();
                if !self.eat(',') {
                    self.skip_space();
                    if self.eat(']') {
                        return Ok(Arg::List(items));
                    }
                    return Err((self.at, "expected `,` or `]` in the list".into()));
                }
            }
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_')))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        self.at += len;
        let value = match word {
            "true" => Arg::Bool(true),
            "false" => Arg::Bool(false),
            _ if word.parse::<i64>().is_ok() => Arg::Int(word.parse().expect("checked")),
            _ if !word.is_empty() && word.parse::<f64>().is_ok_and(f64::is_finite) => {
                Arg::Float(word.parse().expect("checked"))
            }
            _ => {
                return Err((
                    start,
                    format!(
                        "`{word}` is not a value: quote text (\"...\"), or write a number, `true`, `false` or a [list]"
                    ),
                ))
            }
        };
        Ok(value)
    }

    /// A quoted string on one line; a backslash escapes the quote, a backslash, `n` and `t`.
    fn string(&mut self, quote: char) -> Result<Arg, (usize, String)> {
        let start = self.at;
        self.at += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, c)) => out.push(c),
                    None => break,
                },
                // Text runs to the end of its line at most: an unclosed quote is reported where
                // it opens rather than wherever the next quote happens to be.
                '\n' => break,
                c if c == quote => {
                    self.at += i + 1;
                    return Ok(Arg::Str(out));
                }
                c => out.push(c),
            }
        }
        Err((start, "this text has no closing quote".into()))
    }
}

/// Turns the tokens in the parsed events into markers: a paragraph that holds only a call
/// becomes the call's marker (a block), a token at the start or end of a paragraph (a body's
/// first or last line) moves out of it, and one inside text stays inline.
pub(crate) fn tokens_to_markers(events: &mut Vec<(Event<'_>, Range<usize>)>) {
    let mut out: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(events.len() + 8);
    let mut i = 0;
    while i < events.len() {
        if matches!(events[i].0, Event::Start(Tag::Paragraph)) {
            if let Some(n) = paragraph(&events[i..], &mut out) {
                i += n;
                continue;
            }
        }
        let (event, range) = std::mem::replace(&mut events[i], (Event::SoftBreak, 0..0));
        split_tokens(event, range, &mut out);
        i += 1;
    }
    *events = out;
}

/// A paragraph that starts or ends with tokens: those go before or after it, and it is dropped
/// when nothing else is left. Returns how many events it took, or `None` to leave it alone.
fn paragraph<'a>(events: &[(Event<'a>, Range<usize>)], out: &mut Vec<(Event<'a>, Range<usize>)>) -> Option<usize> {
    let end = events.iter().position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))?;
    let inner = &events[1..end];
    let is_token = |e: &Event<'_>| matches!(e, Event::Text(t) if whole_token(t.trim()).is_some());
    let is_break = |e: &Event<'_>| matches!(e, Event::SoftBreak | Event::HardBreak);
    let mut lead = 0;
    while lead < inner.len() && is_token(&inner[lead].0) && inner.get(lead + 1).is_none_or(|(e, _)| is_break(e)) {
        lead = (lead + 2).min(inner.len());
    }
    let mut trail = inner.len();
    while trail > lead && is_token(&inner[trail - 1].0) && (trail - 1 == lead || is_break(&inner[trail - 2].0)) {
        trail = if trail - 1 == lead { lead } else { trail - 2 };
    }
    if lead == 0 && trail == inner.len() {
        return None;
    }
    let markers = |part: &[(Event<'a>, Range<usize>)], out: &mut Vec<(Event<'a>, Range<usize>)>| {
        for (e, r) in part {
            if let Event::Text(t) = e {
                if let Some(m) = whole_token(t.trim()) {
                    out.push((Event::Html(CowStr::from(format!("{m}\n"))), r.clone()));
                }
            }
        }
    };
    markers(&inner[..lead], out);
    let middle = &inner[lead..trail];
    if middle.iter().any(|(e, _)| !is_break(e)) {
        out.push(events[0].clone());
        for (e, r) in middle.iter().cloned() {
            split_tokens(e, r, out);
        }
        out.push(events[end].clone());
    }
    markers(&inner[trail..], out);
    Some(end + 1)
}

/// The marker of a text that is exactly one token.
fn whole_token(text: &str) -> Option<String> {
    let inner = text.strip_prefix(TOKEN_OPEN)?.strip_suffix(TOKEN_CLOSE)?;
    token_marker(inner)
}

fn token_marker(inner: &str) -> Option<String> {
    let mut chars = inner.chars();
    let part = match chars.next()? {
        'w' => Part::Whole,
        'o' => Part::Open,
        'c' => Part::Close,
        _ => return None,
    };
    Some(marker(chars.as_str().parse().ok()?, part))
}

/// An event with the tokens in its text replaced by inline markers.
fn split_tokens<'a>(event: Event<'a>, range: Range<usize>, out: &mut Vec<(Event<'a>, Range<usize>)>) {
    let (text, html) = match &event {
        Event::Text(t) if t.contains(TOKEN_OPEN) => (t.to_string(), false),
        Event::Html(t) | Event::InlineHtml(t) if t.contains(TOKEN_OPEN) => (t.to_string(), true),
        _ => return out.push((event, range)),
    };
    let mut rest = text.as_str();
    let mut html_out = String::new();
    while let Some(i) = rest.find(TOKEN_OPEN) {
        let after = &rest[i + TOKEN_OPEN.len_utf8()..];
        let Some(j) = after.find(TOKEN_CLOSE) else { break };
        let Some(m) = token_marker(&after[..j]) else { break };
        if html {
            html_out.push_str(&rest[..i]);
            html_out.push_str(&m);
        } else {
            if i > 0 {
                out.push((Event::Text(CowStr::from(rest[..i].to_string())), range.clone()));
            }
            out.push((Event::InlineHtml(CowStr::from(m)), range.clone()));
        }
        rest = &after[j + TOKEN_CLOSE.len_utf8()..];
    }
    if html {
        html_out.push_str(rest);
        let e = if matches!(event, Event::Html(_)) {
            Event::Html(html_out.into())
        } else {
            Event::InlineHtml(html_out.into())
        };
        out.push((e, range));
    } else if !rest.is_empty() {
        out.push((Event::Text(CowStr::from(rest.to_string())), range));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(s: &str) -> Parsed {
        parse_call(s, "}}").unwrap().unwrap()
    }

    #[test]
    fn parses_typed_arguments() {
        let (name, args, len) = call(r#" figure(src="a.svg", n=3, x=-1.5, ok=true, list=["a", 2], q='it\'s') }} tail"#);
        assert_eq!(name, "figure");
        assert_eq!(
            args,
            vec![
                ("src".into(), Arg::Str("a.svg".into())),
                ("n".into(), Arg::Int(3)),
                ("x".into(), Arg::Float(-1.5)),
                ("ok".into(), Arg::Bool(true)),
                ("list".into(), Arg::List(vec![Arg::Str("a".into()), Arg::Int(2)])),
                ("q".into(), Arg::Str("it's".into())),
            ]
        );
        assert_eq!(&r#" figure(src="a.svg", n=3, x=-1.5, ok=true, list=["a", 2], q='it\'s') }} tail"#[len..], " tail");
    }

    #[test]
    fn text_with_braces_is_not_a_call() {
        assert_eq!(parse_call(" not a call }}", "}}"), Ok(None));
        assert_eq!(parse_call("}}", "}}"), Ok(None));
        assert!(parse_call(" x(a=nope) }}", "}}").is_err());
        assert!(parse_call(" x(a=\"open) }}", "}}").is_err());
        assert!(parse_call(" x(a=1, a=2) }}", "}}").is_err());
    }
}
