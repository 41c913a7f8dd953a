//! The fields each template can read: every name written after a dot (`p.title`) or as a string
//! (`p["title"]`) inside its `{{ }}` and `{% %}` tags and those of the templates it extends,
//! includes or imports.
//!
//! Tera reads fields by the names written in the templates, so a field that no template names
//! is never printed. Leaving such fields out of the contexts (the article list of every section
//! on the home page, say, or the word count of every listed article) saves building and copying
//! them, and spares a preview from rendering again the listings that would only have shown them.
//! The test errs on the side of keeping: a template that walks an object's keys
//! (`{% for key, value in page %}`) or prints one as JSON (`json_encode`) reads every field.

use std::collections::{HashMap, HashSet};

use super::theme::TemplateFile;

/// The fields each template can read; `None` for one that may read any.
#[derive(Debug, Default)]
pub struct Names {
    by_template: HashMap<String, Option<HashSet<String>>>,
    all: Option<HashSet<String>>,
    /// The names of the templates that list articles (home, sections, tags).
    listings: Option<HashSet<String>>,
    /// False for [`Names::everything`].
    known: bool,
}

/// The templates whose contexts hold article summaries in lists.
const LISTING_TEMPLATES: [&str; 3] = ["index.html", "section.html", "tag.html"];

impl Names {
    /// The names of every template of `files`.
    pub fn new(files: &[TemplateFile]) -> Names {
        let own: HashMap<&str, Scan> = files.iter().map(|f| (f.name.as_str(), scan(&f.source, files))).collect();
        let mut by_template = HashMap::new();
        for f in files {
            // Everything reachable from this template through extends, include and import.
            let mut names = Some(HashSet::new());
            let mut seen = HashSet::from([f.name.as_str()]);
            let mut todo = vec![f.name.as_str()];
            while let Some(t) = todo.pop() {
                if let Some(own) = own.get(t) {
                    match (&mut names, &own.fields) {
                        (Some(names), Some(fields)) => names.extend(fields.iter().cloned()),
                        _ => names = None,
                    }
                    for l in &own.links {
                        if seen.insert(l.as_str()) {
                            todo.push(l.as_str());
                        }
                    }
                }
            }
            by_template.insert(f.name.clone(), names);
        }
        let union = |names: &mut dyn Iterator<Item = &Option<HashSet<String>>>| {
            let mut all = Some(HashSet::new());
            for n in names {
                match (&mut all, n) {
                    (Some(all), Some(n)) => all.extend(n.iter().cloned()),
                    _ => all = None,
                }
            }
            all
        };
        let all = union(&mut own.values().map(|o| &o.fields));
        let listings = union(&mut LISTING_TEMPLATES.iter().filter_map(|t| by_template.get(*t)));
        Names { by_template, all, listings, known: true }
    }

    /// Whether `template` (or what it reaches) names `name`; true for a template it does not know.
    pub fn uses(&self, template: &str, name: &str) -> bool {
        match self.by_template.get(template) {
            Some(Some(names)) => names.contains(name),
            _ => true,
        }
    }

    /// Whether any template names `name`.
    pub fn any_uses(&self, name: &str) -> bool {
        self.keeps_all() || self.all.as_ref().is_none_or(|all| all.contains(name))
    }

    /// Whether a template that lists articles names `name` (a field of the listed summaries).
    pub fn listings_use(&self, name: &str) -> bool {
        self.keeps_all() || self.listings.as_ref().is_none_or(|l| l.contains(name))
    }

    /// Names that every template uses: for contexts built without templates (tests, tools).
    pub fn everything() -> Names {
        Names::default()
    }

    /// Whether this is [`Names::everything`], which keeps every field.
    pub fn keeps_all(&self) -> bool {
        !self.known
    }
}

/// What one template's source reads.
struct Scan {
    /// The fields it names; `None` when it may read any.
    fields: Option<HashSet<String>>,
    /// The templates of the set it names in string literals (those it extends, includes or
    /// imports, and perhaps more: a superset is safe).
    links: Vec<String>,
}

/// The fields named inside the tags of `source`: a name after a dot, or a string literal (a
/// subscript, or a name used some other way: keeping too many is safe).
fn scan(source: &str, files: &[TemplateFile]) -> Scan {
    let mut fields = HashSet::new();
    let mut links = Vec::new();
    let mut any = false;
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
        // Walking an object's keys or printing it whole reads every field.
        let words: Vec<&str> = inside.split_whitespace().collect();
        if inside.contains("json_encode") || (words.contains(&"for") && words.iter().any(|w| w.ends_with(','))) {
            any = true;
        }
        for (i, part) in inside.split(['"', '\'', '`']).enumerate() {
            if i % 2 == 1 {
                fields.insert(part.to_string());
                if files.iter().any(|f| f.name == part) {
                    links.push(part.to_string());
                }
                continue;
            }
            for (at, _) in part.match_indices('.') {
                let name: String = part[at + 1..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    fields.insert(name);
                }
            }
        }
    }
    Scan { fields: (!any).then_some(fields), links }
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
            file("tag.html", "{% for p in tag.pages %}{{ p.title }}{% endfor %}"),
            file("page.html", "{% for key, value in page %}{{ key }}{% endfor %}"),
        ];
        let names = Names::new(&files);
        assert!(names.uses("index.html", "reading_time") && names.uses("index.html", "title"));
        assert!(!names.uses("index.html", "pages"), "prose and comments are not tags");
        assert!(!names.uses("index.html", "word_count"));
        assert!(!names.uses("index.html", "section"), "a variable is not a field");
        assert!(names.uses("section.html", "pages"), "subscripts with literals count");
        assert!(names.listings_use("reading_time") && !names.listings_use("word_count"));
        assert!(names.uses("page.html", "word_count"), "walking keys reads every field");
        assert!(names.any_uses("word_count"), "so some template may read it");
        assert!(names.uses("unknown.html", "anything"));
        assert!(Names::everything().uses("index.html", "pages") && Names::everything().keeps_all());
    }
}
