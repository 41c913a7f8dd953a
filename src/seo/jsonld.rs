//! Structured data: one JSON-LD `@graph` per page, built from ordered structs with serde_json so
//! the output is byte-identical between runs, and escaped so that no front matter can end the
//! `<script>` element it is printed in.
//!
//! Home: WebSite and the publisher (Organization or Person, with `sameAs` from `[social]
//! profiles`); articles: BlogPosting (with `lastReviewed` on its WebPage); sections and tag pages: CollectionPage; every page below
//! home: BreadcrumbList; pages with `faq`: FAQPage; author pages: ProfilePage of a Person (whose
//! `@id` the articles' `author` refers to).

use serde::Serialize;

use super::facts::{ConfigFacts, Facts};
use super::SocialImage;
use crate::config::Config;

const CONTEXT: &str = "https://schema.org";

#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    WebSite(WebSite<'a>),
    Publisher(Publisher<'a>),
    Posting(Box<BlogPosting<'a>>),
    Collection(CollectionPage<'a>),
    Breadcrumbs(BreadcrumbList),
    Faq(FaqPage<'a>),
    Profile(ProfilePage<'a>),
}

#[derive(Serialize)]
struct IdRef {
    #[serde(rename = "@id")]
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebSite<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    url: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    in_language: &'a str,
    publisher: IdRef,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BlogPosting<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    headline: &'a str,
    description: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<ImageObject<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    author: Vec<Author<'a>>,
    publisher: IdRef,
    main_entity_of_page: WebPage<'a>,
    /// The copies of the article elsewhere (front matter `syndicated-to`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    article_section: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
    word_count: usize,
    in_language: &'a str,
    /// On the default language's version: its translations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    work_translation: Vec<IdRef>,
    /// On a translation: the default language's version.
    #[serde(skip_serializing_if = "Option::is_none")]
    translation_of_work: Option<IdRef>,
}

#[derive(Serialize)]
struct ImageObject<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Author<'a> {
    Person {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
    },
    /// An author of `[authors]`: the Person of their author page.
    Entity {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "@id")]
        id: String,
        name: &'a str,
        url: &'a str,
    },
    Publisher(IdRef),
}

/// An author page: the profile of one Person.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfilePage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: &'a str,
    url: &'a str,
    name: &'a str,
    in_language: &'a str,
    main_entity: Person<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    job_title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<&'a str>,
}

/// The `@id` of an author's Person: their page's URL with `#person`.
fn person_id(page: &str) -> String {
    format!("{page}#person")
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebPage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: &'a str,
    /// schema.org defines `lastReviewed` on WebPage, not on Article, so it goes here.
    #[serde(skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CollectionPage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: &'a str,
    url: &'a str,
    name: &'a str,
    description: &'a str,
    in_language: &'a str,
    publisher: IdRef,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BreadcrumbList {
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: Vec<ListItem>,
}

#[derive(Serialize)]
struct ListItem {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: usize,
    name: String,
    item: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FaqPage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    main_entity: Vec<Question<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Question<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    accepted_answer: Answer<'a>,
}

#[derive(Serialize)]
struct Answer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
}

/// The JSON-LD of one page, escaped for a `<script>` element; empty for the 404 page.
pub(crate) fn graph(ctx: &ConfigFacts<'_>, f: &Facts<'_>, image: Option<&SocialImage>) -> String {
    let c = ctx.config;
    let Some(urls) = f.urls else { return String::new() };
    let base = c.site.base_url.as_str();
    let publisher_id = || IdRef { id: format!("{base}#publisher") };
    let lang = f.lang;
    let mut graph = Vec::new();
    match &f.article {
        _ if f.home => {
            graph.push(Node::WebSite(WebSite {
                kind: "WebSite",
                id: format!("{}#website", urls.permalink),
                url: &urls.permalink,
                name: f.site_title,
                description: &f.description,
                in_language: lang,
                publisher: publisher_id(),
            }));
        }
        Some(a) => {
            let front = a.front;
            let mut authors: Vec<Author<'_>> = a
                .authors
                .iter()
                .map(|au| match au.url {
                    Some(url) => Author::Entity { kind: "Person", id: person_id(url), name: au.name, url },
                    None => Author::Person { kind: "Person", name: au.name },
                })
                .collect();
            // A copy of an article first published elsewhere points its `url` and page at the
            // original, as its canonical link does; `@id` stays this page's node.
            let canonical = f.canonical.unwrap_or(&urls.permalink);
            if authors.is_empty() {
                authors.push(Author::Publisher(publisher_id()));
            }
            graph.push(Node::Posting(Box::new(BlogPosting {
                kind: "BlogPosting",
                id: format!("{}#article", urls.permalink),
                headline: &f.name,
                description: &f.description,
                url: canonical,
                image: image.map(|i| ImageObject {
                    kind: "ImageObject",
                    url: &i.url,
                    width: i.width,
                    height: i.height,
                }),
                date_published: front.date.map(|d| d.rfc3339()),
                date_modified: front.modified().map(|d| d.rfc3339()),
                author: authors,
                publisher: publisher_id(),
                main_entity_of_page: WebPage {
                    kind: "WebPage",
                    id: canonical,
                    last_reviewed: front.reviewed.map(|d| d.rfc3339()),
                },
                same_as: f.syndicated_to.iter().map(|u| u.0.as_str()).collect(),
                article_section: a.section,
                keywords: a.tags.clone(),
                word_count: a.word_count,
                in_language: lang,
                work_translation: translations_of(f),
                translation_of_work: original_of(f),
            })));
            if !front.faq.is_empty() {
                graph.push(Node::Faq(FaqPage {
                    kind: "FAQPage",
                    id: format!("{}#faq", urls.permalink),
                    main_entity: front
                        .faq
                        .iter()
                        .map(|q| Question {
                            kind: "Question",
                            name: &q.question,
                            accepted_answer: Answer { kind: "Answer", text: &q.answer },
                        })
                        .collect(),
                }));
            }
        }
        None if f.profile.is_some() => {
            let pf = f.profile.as_ref().expect("checked");
            graph.push(Node::Profile(ProfilePage {
                kind: "ProfilePage",
                id: &urls.permalink,
                url: &urls.permalink,
                name: &f.name,
                in_language: lang,
                main_entity: Person {
                    kind: "Person",
                    id: person_id(&urls.permalink),
                    name: &f.name,
                    url: &urls.permalink,
                    job_title: pf.job_title,
                    description: pf.bio,
                    image: pf.image,
                    same_as: pf.same_as.clone(),
                },
            }));
        }
        None => graph.push(Node::Collection(CollectionPage {
            kind: "CollectionPage",
            id: &urls.permalink,
            url: &urls.permalink,
            name: &f.name,
            description: &f.description,
            in_language: lang,
            publisher: publisher_id(),
        })),
    }
    if !f.home {
        graph.push(Node::Breadcrumbs(breadcrumbs(f)));
    }
    graph.push(Node::Publisher(publisher(c)));
    let json = serde_json::to_string(&Graph { context: CONTEXT, graph }).expect("JSON-LD structs serialize");
    script_safe(&json)
}

// --- languages ---
/// The `#article` nodes of an article's translations, on its default language's version.
fn translations_of(f: &Facts<'_>) -> Vec<IdRef> {
    let own = f.versions.iter().find(|v| v.code == f.lang).filter(|v| v.lang == 0);
    match own {
        Some(_) => f
            .versions
            .iter()
            .filter(|v| v.lang != 0)
            .map(|v| IdRef { id: format!("{}#article", v.permalink) })
            .collect(),
        None => Vec::new(),
    }
}

/// The `#article` node of the default language's version, on a translation.
fn original_of(f: &Facts<'_>) -> Option<IdRef> {
    let original = f.versions.iter().find(|v| v.lang == 0)?;
    (original.code != f.lang).then(|| IdRef { id: format!("{}#article", original.permalink) })
}
// --- end languages ---

/// The Organization (named after the site) or Person (the first author) that publishes it.
fn publisher(c: &Config) -> Publisher<'_> {
    let person = c.social.publisher == "person";
    let name = match c.book.authors.first() {
        Some(a) if person => a.as_str(),
        _ => c.book.title.as_str(),
    };
    Publisher {
        kind: if person { "Person" } else { "Organization" },
        id: format!("{}#publisher", c.site.base_url),
        name,
        url: &c.site.base_url,
        same_as: c.social.profiles.values().map(String::as_str).filter(|u| !u.trim().is_empty()).collect(),
    }
}

/// Home, the sections down to the page, and the page itself.
fn breadcrumbs(f: &Facts<'_>) -> BreadcrumbList {
    let mut trail = f.trail.clone();
    if let Some(urls) = f.urls {
        trail.push((f.name.clone(), urls.permalink.clone()));
    }
    BreadcrumbList {
        kind: "BreadcrumbList",
        item_list_element: trail
            .into_iter()
            .enumerate()
            .map(|(i, (name, item))| ListItem { kind: "ListItem", position: i + 1, name, item })
            .collect(),
    }
}

/// Escapes JSON for a `<script>` element: `<`, `>` and `&` (so neither `</script>` nor `<!--` can
/// appear) and the line separators, as `\uXXXX`. They only ever occur inside JSON strings, where
/// the escape means the same character, so the JSON stays valid and equal.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut copied = 0;
    for (at, c) in json.match_indices(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        out.push_str(&json[copied..at]);
        out.push_str(match c {
            "<" => "\\u003c",
            ">" => "\\u003e",
            "&" => "\\u0026",
            "\u{2028}" => "\\u2028",
            _ => "\\u2029",
        });
        copied = at + c.len();
    }
    out.push_str(&json[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_breakouts_are_escaped_and_json_stays_equal() {
        let value = serde_json::json!({ "headline": "</script><!-- & \u{2028} \"x\"" });
        let safe = script_safe(&serde_json::to_string(&value).unwrap());
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
