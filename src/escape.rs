//! Escaping for HTML text and attributes, shared by every stage that writes markup.

/// Escapes `&`, `<`, `>`, `"` and `'` so `s` is safe in HTML text and quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String cannot fail");
    out
}

/// Escapes a URL for an `href` or `src` attribute, percent-encoding what a URL may not hold.
pub fn escape_href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_href(&mut out, s).expect("writing to a String cannot fail");
    out
}

/// Escapes text for XML content and quoted attributes, and drops the control characters that
/// XML 1.0 forbids (a stray one in front matter would make a whole sitemap or feed unreadable).
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped_xml(&mut out, s);
    out
}

/// [`escape_xml`] onto the end of `out`. Text with nothing to escape (most URLs and titles) is
/// copied whole: a sitemap escapes every URL of the site.
pub fn push_escaped_xml(out: &mut String, s: &str) {
    // 0xEF leads U+FFFE and U+FFFF in UTF-8 (and other characters, which the slow path keeps).
    let plain = s.bytes().fold(true, |ok, b| ok & !(b < 0x20 || matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF)));
    if plain {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_and_drops_forbidden_characters() {
        assert_eq!(escape_xml("a<b>&\"c'\u{1}\td"), "a&lt;b&gt;&amp;&quot;c&apos;\td");
        assert_eq!(escape_xml("https://e.org/a/?b=1"), "https://e.org/a/?b=1");
        assert_eq!(escape_xml("x\u{fffe}y\u{ffff}z\u{feff}"), "xyz\u{feff}");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape_html(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
