//! Reading built pages back: tags and attributes, without an HTML library.
#![allow(dead_code)]

/// The attributes of every `<tag ...>` in `html`, in order, unescaped.
pub fn tags(html: &str, tag: &str) -> Vec<Vec<(String, String)>> {
    let open = format!("<{tag} ");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        let end = rest.find('>').unwrap_or(rest.len());
        out.push(attributes(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

fn attributes(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start();
        let Some(eq) = s.find('=') else { break };
        let name = s[..eq].trim().to_string();
        let after = &s[eq + 1..];
        let Some(after) = after.strip_prefix('"') else { break };
        let end = after.find('"').unwrap_or(after.len());
        out.push((name, unescape(&after[..end])));
        s = &after[(end + 1).min(after.len())..];
    }
    out
}

/// Undoes HTML escaping of attribute values and text.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// Every `content` of `<meta property=key>` or `<meta name=key>`, in order.
pub fn meta_all(html: &str, key: &str) -> Vec<String> {
    tags(html, "meta")
        .iter()
        .filter(|a| attr(a, "property") == Some(key) || attr(a, "name") == Some(key))
        .filter_map(|a| attr(a, "content").map(String::from))
        .collect()
}

/// The one `content` of `<meta property|name=key>`; panics when absent or repeated.
pub fn meta(html: &str, key: &str) -> String {
    let all = meta_all(html, key);
    assert_eq!(all.len(), 1, "one <meta> {key}, found {all:?}");
    all.into_iter().next().unwrap()
}

/// The `href` of every `<link rel=rel>`.
pub fn link_rel(html: &str, rel: &str) -> Vec<Vec<(String, String)>> {
    tags(html, "link").into_iter().filter(|a| attr(a, "rel") == Some(rel)).collect()
}

/// The value of one attribute of a tag's attribute list.
pub fn get<'a>(attrs: &'a [(String, String)], name: &str) -> &'a str {
    attr(attrs, name).unwrap_or_else(|| panic!("no {name} in {attrs:?}"))
}

/// The text of `<title>`, unescaped.
pub fn title(html: &str) -> String {
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    let end = html[start..].find("</title>").expect("</title>") + start;
    unescape(&html[start..end])
}

/// The JSON-LD of a page, parsed.
pub fn jsonld(html: &str) -> serde_json::Value {
    // Minified pages drop the quotes around the type.
    let (start, open) = ["<script type=\"application/ld+json\">", "<script type=application/ld+json>"]
        .iter()
        .find_map(|o| html.find(o).map(|i| (i, *o)))
        .expect("a JSON-LD script");
    let start = start + open.len();
    let end = html[start..].find("</script>").expect("</script>") + start;
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

/// The nodes of a JSON-LD `@graph` of one `@type`.
pub fn nodes<'a>(ld: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    ld["@graph"].as_array().expect("@graph").iter().filter(|n| n["@type"] == kind).collect()
}

/// The `href` of every `<a>` with the given class.
pub fn hrefs_with_class(html: &str, class: &str) -> Vec<String> {
    tags(html, "a")
        .into_iter()
        .filter(|a| attr(a, "class").is_some_and(|c| c.split(' ').any(|x| x == class)))
        .map(|a| get(&a, "href").to_string())
        .collect()
}

/// The value of a query parameter, percent-decoded.
pub fn query_param(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| percent_encoding::percent_decode_str(v).decode_utf8().unwrap().into_owned())
    })
}
