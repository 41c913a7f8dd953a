//! The facts of a page as it really emits them: its `<head>` read by an HTML5 tokenizer, so
//! that every preview shows the exact strings of the page's tags (character references
//! decoded, attributes quoted or not).

use std::collections::BTreeSet;

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// What a page's `<head>` says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Head {
    /// The text of `<title>`, whitespace as written.
    pub title: Option<String>,
    /// `<meta>` tags in order: (`property` or `name`, `content`).
    pub meta: Vec<(String, String)>,
    /// `<link rel=canonical>`'s `href`.
    pub canonical: Option<String>,
    /// The first `<link rel=icon>` (or `shortcut icon`) `href`.
    pub icon: Option<String>,
    /// `<link rel=apple-touch-icon>`'s `href`, which iMessage prefers.
    pub touch_icon: Option<String>,
    /// The text of each `<script type="application/ld+json">`.
    pub jsonld: Vec<String>,
}

impl Head {
    /// The first `<meta>` whose `property` or `name` is `key` (ASCII case aside), if not empty.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    }

    /// The first of `keys` that the page has.
    pub fn first(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| self.meta(k))
    }

    /// The schema.org types in the JSON-LD (`@type` at the top, in `@graph`, and as a list).
    pub fn jsonld_types(&self) -> BTreeSet<String> {
        let mut types = BTreeSet::new();
        for text in &self.jsonld {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
                for node in nodes(&value) {
                    match &node["@type"] {
                        serde_json::Value::String(t) => {
                            types.insert(t.clone());
                        }
                        serde_json::Value::Array(ts) => {
                            types.extend(ts.iter().filter_map(|t| t.as_str().map(String::from)))
                        }
                        _ => {}
                    }
                }
            }
        }
        types
    }

    /// Every JSON-LD node (the top objects and those of their `@graph`).
    pub fn jsonld_nodes(&self) -> Vec<serde_json::Value> {
        let values = self.jsonld.iter().filter_map(|t| serde_json::from_str::<serde_json::Value>(t).ok());
        values.flat_map(|v| nodes(&v).into_iter().cloned().collect::<Vec<_>>()).collect()
    }
}

fn nodes(value: &serde_json::Value) -> Vec<&serde_json::Value> {
    match value {
        serde_json::Value::Array(items) => items.iter().flat_map(nodes).collect(),
        serde_json::Value::Object(map) => match map.get("@graph") {
            Some(graph) => nodes(graph),
            None => vec![value],
        },
        _ => Vec::new(),
    }
}

/// Reads the `<head>` of `html` (up to `</head>` or `<body>`).
pub fn parse(html: &[u8]) -> Head {
    let mut head = Head::default();
    let mut emitter = DefaultEmitter::default();
    // Keeps the text of `<title>` and `<script>` from being read as tags.
    emitter.naively_switch_states(true);
    let mut open: Option<&'static str> = None;
    let mut text = String::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let attr = |name: &str| {
                    tag.attributes.get(name.as_bytes()).map(|v| String::from_utf8_lossy(&v.value).into_owned())
                };
                match &tag.name[..] {
                    b"title" => open = Some("title"),
                    b"meta" => {
                        if let (Some(key), Some(content)) = (attr("property").or_else(|| attr("name")), attr("content"))
                        {
                            head.meta.push((key, content));
                        }
                    }
                    b"link" => link(&mut head, attr("rel"), attr("href")),
                    b"script" if attr("type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) => {
                        open = Some("jsonld");
                    }
                    b"body" => break,
                    _ => {}
                }
                text.clear();
            }
            Token::String(s) if open.is_some() => text.push_str(&String::from_utf8_lossy(&s)),
            Token::EndTag(tag) => {
                match (open.take(), &tag.name[..]) {
                    (Some("title"), b"title") if head.title.is_none() => head.title = Some(std::mem::take(&mut text)),
                    (Some("jsonld"), b"script") => head.jsonld.push(std::mem::take(&mut text)),
                    _ => {}
                }
                if &tag.name[..] == b"head" {
                    break;
                }
            }
            _ => {}
        }
    }
    head
}

fn link(head: &mut Head, rel: Option<String>, href: Option<String>) {
    let (Some(rel), Some(href)) = (rel, href) else { return };
    let rels: Vec<String> = rel.split_ascii_whitespace().map(str::to_ascii_lowercase).collect();
    let has = |r: &str| rels.iter().any(|x| x == r);
    if has("canonical") && head.canonical.is_none() {
        head.canonical = Some(href);
    } else if has("icon") && head.icon.is_none() {
        head.icon = Some(href);
    } else if has("apple-touch-icon") && head.touch_icon.is_none() {
        head.touch_icon = Some(href);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_is_read_as_the_page_emits_it() {
        let html = br#"<!DOCTYPE html><html><head><meta charset=utf-8>
<title>Bhargava&#39;s rules &amp; <today></title>
<link rel="canonical" href="https://example.org/smo/a/">
<meta name=description content="Rules &lt;b&gt; for &quot;sharing&quot;">
<meta property="og:title" content="OG title"><meta name="twitter:card" content="summary_large_image">
<meta property="og:image" content="">
<link rel="shortcut icon" href="/favicon.ico"><link rel="icon" href="/second.png">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"BlogPosting","headline":"</x>"},{"@type":["FAQPage","WebPage"]}]}</script>
<script>var t = '<meta name="description" content="not this">';</script>
</head><body><title>Not the title</title><meta name="robots" content="noindex"></body></html>"#;
        let head = parse(html);
        assert_eq!(head.title.as_deref(), Some("Bhargava's rules & <today>"));
        assert_eq!(head.meta("description"), Some("Rules <b> for \"sharing\""));
        assert_eq!(head.meta("OG:TITLE"), Some("OG title"));
        assert_eq!(head.meta("og:image"), None, "an empty tag is no value");
        assert_eq!(head.first(&["twitter:title", "og:title"]), Some("OG title"));
        assert_eq!(head.meta("robots"), None, "the body is not read");
        assert_eq!(head.canonical.as_deref(), Some("https://example.org/smo/a/"));
        assert_eq!(head.icon.as_deref(), Some("/favicon.ico"));
        let types: Vec<String> = head.jsonld_types().into_iter().collect();
        assert_eq!(types, ["BlogPosting", "FAQPage", "WebPage"]);
        assert_eq!(head.jsonld_nodes()[0]["headline"], "</x>");
    }
}
