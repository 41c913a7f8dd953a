//! The XML writer the sitemap and the feeds share. quick-xml escapes markup; characters XML 1.0
//! cannot hold at all (control characters, U+FFFE, U+FFFF) are dropped first, so any title gives
//! a well-formed document. Layout (two-space indent, one element a line) is written as text so
//! that the output stays what it was before the writer took over.

use std::borrow::Cow;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// A document being written into memory.
pub(super) struct Xml(Writer<Vec<u8>>);

impl Xml {
    /// A document with its declaration (`encoding` as the file has always spelled it).
    pub fn new(encoding: &str, capacity: usize) -> Self {
        let mut x = Xml(Writer::new(Vec::with_capacity(capacity)));
        x.event(Event::Decl(BytesDecl::new("1.0", Some(encoding), None)));
        x.raw("\n");
        x
    }

    /// Layout only: whitespace between elements.
    pub fn raw(&mut self, layout: &str) {
        self.event(Event::Text(BytesText::from_escaped(layout)));
    }

    pub fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(tag(name, attrs)));
    }

    /// `<name attrs/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(tag(name, attrs)));
    }

    pub fn end(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<name>text</name>`.
    pub fn element(&mut self, name: &str, text: &str) {
        self.element_with(name, &[], text);
    }

    /// `<name attrs>text</name>`.
    pub fn element_with(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        self.event(Event::Text(BytesText::new(&allowed(text))));
        self.end(name);
    }

    pub fn finish(self) -> String {
        // Every event wrote valid UTF-8 (`&str` in, ASCII markup around it).
        String::from_utf8(self.0.into_inner()).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    fn event(&mut self, e: Event<'_>) {
        // Writing into a `Vec` cannot fail.
        let _ = self.0.write_event(e);
    }
}

fn tag<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut t = BytesStart::new(name);
    for (k, v) in attrs {
        t.push_attribute((*k, allowed(v).as_ref()));
    }
    t
}

/// `s` without the characters XML 1.0 forbids (tab, newline and carriage return stay).
fn allowed(s: &str) -> Cow<'_, str> {
    let forbidden = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}');
    if s.contains(forbidden) {
        Cow::Owned(s.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}
