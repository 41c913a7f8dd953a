//! The names each template can use: every identifier inside its `{{ }}` and `{% %}` tags and
//! those of the templates it extends, includes or imports.
//!
//! Tera reads fields by the names written in the templates, so a field that no template names
//! is never printed. Leaving such fields out of the contexts (the article list of every section
//! on the home page, say, or the word count of every listed article) saves building and copying
//! them, and spares a preview from rendering again the listings that would only have shown them.
//! The test is deliberately coarse: any appearance of the name, in an expression, a string
//! literal or a macro of a template reached, counts as a use.

use std::collections::{HashMap, HashSet};

use super::theme::TemplateFile;

/// The names each template can use.
#[derive(Debug, Default)]
pub struct Names {
    by_template: HashMap<String, HashSet<String>>,
    all: HashSet<String>,
    /// The names of the templates that list articles (home, sections, tags).
    listings: HashSet<String>,
}

/// The templates whose contexts hold article summaries in lists.
const LISTING_TEMPLATES: [&str; 3] = ["index.html", "section.html", "tag.html"];

impl Names {
    /// The names of every template of `files`.
    pub fn new(files: &[TemplateFile]) -> Names {
        let own: HashMap<&str, (HashSet<String>, Vec<String>)> =
            files.iter().map(|f| (f.name.as_str(), scan(&f.source, files))).collect();
        let mut by_template = HashMap::new();
        for f in files {
            // Everything reachable from this template through extends, include and import.
            let mut names = HashSet::new();
            let mut seen = HashSet::from([f.name.as_str()]);
            let mut todo = vec![f.name.as_str()];
            while let Some(t) = todo.pop() {
                if let Some((words, links)) = own.get(t) {
                    names.extend(words.iter().cloned());
                    for l in links {
                        if seen.insert(l.as_str()) {
                            todo.push(l.as_str());
                        }
                    }
                }
            }
            by_template.insert(f.name.clone(), names);
        }
        let all = own.values().flat_map(|(words, _)| words.iter().cloned()).collect();
        let listings =
            LISTING_TEMPLATES.iter().filter_map(|t| by_template.get(*t)).flat_map(|n| n.iter().cloned()).collect();
        Names { by_template, all, listings }
    }

    /// Whether `template` (or what it reaches) names `name`; true for a template it does not know.
    pub fn uses(&self, template: &str, name: &str) -> bool {
        self.by_template.get(template).is_none_or(|names| names.contains(name))
    }

    /// Whether any template names `name`.
    pub fn any_uses(&self, name: &str) -> bool {
        self.keeps_all() || self.all.contains(name)
    }

    /// Whether a template that lists articles names `name` (a field of the listed summaries).
    pub fn listings_use(&self, name: &str) -> bool {
        self.keeps_all() || self.listings.contains(name)
    }

    /// Names that every template uses: for contexts built without templates (tests, tools).
    pub fn everything() -> Names {
        Names::default()
    }

    /// Whether this is [`Names::everything`], which keeps every field.
    pub fn keeps_all(&self) -> bool {
        self.by_template.is_empty()
    }
}

/// The identifiers inside the tags of `source`, and the templates of `files` it names in string
/// literals there (those it extends, includes or imports, and perhaps more: a superset is safe).
fn scan(source: &str, files: &[TemplateFile]) -> (HashSet<String>, Vec<String>) {
    let mut words = HashSet::new();
    let mut links = Vec::new();
    let mut rest = source;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after[1..].find(close).map_or(after.len(), |e| e + 1);
        let inside = &after[1..end];
        rest = &after[(end + close.len()).min(after.len())..];
        if close == "#}" {
            continue;
        }
        for word in inside.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()) {
            words.insert(word.to_string());
        }
        for (i, literal) in inside.split(['"', '\'', '`']).enumerate() {
            if i % 2 == 1 && files.iter().any(|f| f.name == literal) {
                links.push(literal.to_string());
            }
        }
    }
    (words, links)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(name: &str, source: &str) -> TemplateFile {
        TemplateFile { name: name.into(), origin: PathBuf::from(name), source: source.into() }
    }

    #[test]
    fn names_come_from_tags_and_the_templates_they_reach() {
        let files = [
            file("base.html", "<title>{{ site.title }}</title>{% block main %}{% endblock %} pages in prose"),
            file("index.html", "{% extends \"base.html\" %}{% block main %}{% include 'list.html' %}{% endblock %}"),
            file("list.html", "{% for p in list %}{{ p.reading_time }}{% endfor %}{# p.word_count #}"),
            file("section.html", "{% extends \"base.html\" %}{{ section['pages'] | length }}"),
        ];
        let names = Names::new(&files);
        assert!(names.uses("index.html", "reading_time") && names.uses("index.html", "title"));
        assert!(!names.uses("index.html", "pages"), "prose and comments are not tags");
        assert!(!names.uses("index.html", "word_count"));
        assert!(names.uses("section.html", "pages"), "subscripts with literals count");
        assert!(names.any_uses("pages") && !names.any_uses("word_count"));
        assert!(names.listings_use("reading_time") && !names.listings_use("word_count"));
        assert!(names.uses("unknown.html", "anything"));
        assert!(Names::everything().uses("index.html", "pages") && Names::everything().keeps_all());
    }
}
