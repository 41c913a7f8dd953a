//! The fields each template can read, from Tera's own parse of it: every name after a dot
//! (`p.title`) or in a literal subscript (`p["title"]`), in every expression of the template, of
//! its macros and of the templates it extends, includes or imports.
//!
//! Tera reads fields by the names written in the templates, so a field that no template names
//! is never printed. Leaving such fields out of the contexts (the article list of every section
//! on the home page, say, or the word count of every listed article) saves building and copying
//! them, and spares a preview from rendering again the listings that would only have shown them.
//! Whatever could read a field without naming it makes the template keep every field: the whole
//! context (`__tera_context`), a computed subscript (`page[name]`), walking an object's keys
//! (`{% for key, value in page %}`), printing one as JSON (`json_encode`), a computed key or
//! attribute of a filter or test (`get(key=k)`, `map(attribute=a)`, `containing(pat=p)`), a
//! computed key tested with `in`, and a template Tera cannot parse.

use std::collections::{HashMap, HashSet};

use tera::ast::{Expr, ExprVal, FunctionCall, Node};

use super::page_key::IMPURE_FUNCTIONS;
use super::theme::TemplateFile;
use super::AUTHOR_TEMPLATE;

/// The fields each template can read; `None` for one that may read any.
#[derive(Debug, Default)]
pub struct Names {
    by_template: HashMap<String, Option<HashSet<String>>>,
    all: Option<HashSet<String>>,
    /// The names of the templates that list articles (home, sections, tags).
    listings: Option<HashSet<String>>,
    /// False for [`Names::everything`].
    known: bool,
    /// Whether a template calls a function whose result is not a function of the context
    /// ([`super::page_key::IMPURE_FUNCTIONS`]), or may (one Tera cannot parse).
    impure: bool,
}

/// The templates whose contexts hold article summaries in lists.
const LISTING_TEMPLATES: [&str; 4] = ["index.html", "section.html", "tag.html", AUTHOR_TEMPLATE];

impl Names {
    /// The names of every template of `files`.
    pub fn new(files: &[TemplateFile]) -> Names {
        let own: HashMap<&str, Scan> = files.iter().map(|f| (f.name.as_str(), scan(&f.name, &f.source))).collect();
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
        let impure =
            own.values().any(|o| o.calls.as_ref().is_none_or(|c| IMPURE_FUNCTIONS.iter().any(|f| c.contains(*f))));
        Names { by_template, all, listings, known: true, impure }
    }

    /// Whether every template's output is a function of its context alone (and of the
    /// renderer's identity): then a page rendered from the same context may be reused by a later
    /// process. False for [`Names::everything`].
    pub fn pure(&self) -> bool {
        self.known && !self.impure
    }

    /// Whether `template` (or what it reaches) names `name`; true for a template it does not know.
    pub fn uses(&self, template: &str, name: &str) -> bool {
        match self.by_template.get(template) {
            Some(Some(names)) => names.contains(name),
            _ => true,
        }
    }

    /// Whether `template` (or what it reaches) reads the top-level variable `name`.
    pub fn uses_variable(&self, template: &str, name: &str) -> bool {
        self.uses(template, &format!("{VARIABLE}{name}"))
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
    /// The templates it extends, includes or imports.
    links: Vec<String>,
    /// The functions it calls; `None` when it cannot be parsed.
    calls: Option<HashSet<String>>,
}

/// The fields and links of one template, from Tera's parse of it.
fn scan(name: &str, source: &str) -> Scan {
    let Ok(template) = tera::Template::new(name, None, source) else {
        // The build reports the error; until it is fixed, nothing is left out.
        return Scan { fields: None, links: Vec::new(), calls: None };
    };
    let mut walk = Walk::default();
    walk.nodes(&template.ast);
    for m in template.macros.values() {
        walk.nodes(&m.body);
    }
    Scan { fields: (!walk.any).then_some(walk.fields), links: walk.links, calls: Some(walk.calls) }
}

/// A walk over every node and expression of a template's AST.
#[derive(Default)]
struct Walk {
    fields: HashSet<String>,
    links: Vec<String>,
    /// The functions it calls.
    calls: HashSet<String>,
    /// Something may read a field without naming it.
    any: bool,
}

impl Walk {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::VariableBlock(_, e) => self.expr(e),
            Node::MacroDefinition(_, m, _) => {
                m.args.values().flatten().for_each(|e| self.expr(e));
                self.nodes(&m.body);
            }
            Node::Extends(_, name) | Node::ImportMacro(_, name, _) => self.links.push(name.clone()),
            Node::Include(_, names, _) => self.links.extend(names.iter().cloned()),
            Node::Set(_, set) => self.expr(&set.value),
            Node::FilterSection(_, section, _) => {
                self.filter(&section.filter);
                self.nodes(&section.body);
            }
            Node::Block(_, block, _) => self.nodes(&block.body),
            Node::Forloop(_, f, _) => {
                // `for key, value in x`: the keys of an object, whichever they are.
                self.any |= f.key.is_some();
                self.expr(&f.container);
                self.nodes(&f.body);
                self.nodes(f.empty_body.as_deref().unwrap_or_default());
            }
            Node::If(i, _) => {
                for (_, condition, body) in &i.conditions {
                    self.expr(condition);
                    self.nodes(body);
                }
                self.nodes(i.otherwise.as_ref().map_or(&[][..], |(_, body)| body));
            }
            Node::Super | Node::Text(_) | Node::Raw(..) | Node::Break(_) | Node::Continue(_) | Node::Comment(..) => {}
        }
    }

    fn expr(&mut self, e: &Expr) {
        self.value(&e.val);
        for f in &e.filters {
            self.filter(f);
        }
    }

    fn value(&mut self, value: &ExprVal) {
        match value {
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
            ExprVal::Ident(path) => self.path(path),
            ExprVal::Math(m) => {
                self.expr(&m.lhs);
                self.expr(&m.rhs);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs);
                self.expr(&l.rhs);
            }
            ExprVal::Test(t) => {
                self.path(&t.ident);
                // `containing` looks an object's key up.
                for arg in &t.args {
                    if t.name == "containing" {
                        self.key(arg);
                    } else {
                        self.expr(arg);
                    }
                }
            }
            ExprVal::MacroCall(m) => m.args.values().for_each(|e| self.expr(e)),
            ExprVal::FunctionCall(f) => {
                self.calls.insert(f.name.clone());
                f.args.values().for_each(|e| self.expr(e));
            }
            ExprVal::Array(items) => items.iter().for_each(|e| self.expr(e)),
            ExprVal::StringConcat(c) => c.values.iter().for_each(|v| self.value(v)),
            ExprVal::In(i) => {
                // `"image" in page` looks an object's key up; a list on the right reads none.
                if matches!(i.rhs.val, ExprVal::Ident(_)) {
                    self.key(&i.lhs);
                } else {
                    self.expr(&i.lhs);
                }
                self.expr(&i.rhs);
            }
        }
    }

    /// A filter: its `key` and `attribute` arguments name fields (`get`, `map`, `sort`,
    /// `group_by`, `filter`, `unique`).
    fn filter(&mut self, f: &FunctionCall) {
        self.any |= f.name == "json_encode";
        for (name, arg) in &f.args {
            if name == "key" || name == "attribute" {
                self.key(arg);
            } else {
                self.expr(arg);
            }
        }
    }

    /// An expression used as a field's name: a literal names it (a dotted path names each
    /// part), anything else may name any.
    fn key(&mut self, e: &Expr) {
        match &e.val {
            ExprVal::String(s) if e.filters.is_empty() => {
                self.fields.extend(s.split('.').map(String::from));
                self.fields.insert(s.clone());
            }
            _ => {
                self.any = true;
                self.expr(e);
            }
        }
    }

    /// A variable and the fields read from it: `page.extra["x"][i].y`.
    fn path(&mut self, path: &str) {
        let segments = segments(path);
        if segments.first().is_some_and(|s| matches!(s, Segment::Name(n) if *n == MAGICAL_DUMP_VAR)) {
            self.any = true;
        }
        if let Some(Segment::Name(n)) = segments.first() {
            self.fields.insert(format!("{VARIABLE}{n}"));
        }
        for segment in segments.into_iter().skip(1) {
            match segment {
                Segment::Name(n) => {
                    self.fields.insert(n.to_string());
                }
                Segment::Literal(s) => {
                    self.fields.insert(s.to_string());
                }
                Segment::Index => {}
                Segment::Computed(inner) => {
                    self.any = true;
                    self.path(inner);
                }
            }
        }
    }
}

/// Marks a top-level variable among the fields (`$data`): no field name starts with it.
const VARIABLE: char = '$';

/// The variable Tera fills with the whole context.
const MAGICAL_DUMP_VAR: &str = "__tera_context";

/// A part of a variable's path as Tera writes it (`a.b`, `a["b"]`, `a[0]`, `a[b.c]`).
#[derive(Debug, PartialEq)]
enum Segment<'a> {
    Name(&'a str),
    Literal(&'a str),
    Index,
    Computed(&'a str),
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut found = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let close = closing_bracket(r).unwrap_or(r.len());
            let inner = r[..close].trim();
            let quoted = ['"', '\'', '`']
                .iter()
                .find_map(|&q| inner.strip_prefix(q).and_then(|i| i.strip_suffix(q)).filter(|_| inner.len() >= 2));
            found.push(match quoted {
                Some(s) => Segment::Literal(s),
                None if inner.parse::<i64>().is_ok() => Segment::Index,
                None => Segment::Computed(inner),
            });
            rest = r.get(close + 1..).unwrap_or("");
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            found.push(Segment::Name(&r[..end]));
            rest = &r[end..];
        }
    }
    found
}

/// Where the `]` that closes a subscript is in `text` (which follows its `[`), minding nested
/// subscripts and quoted strings.
fn closing_bracket(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') if depth == 0 => return Some(i),
            (None, ']') => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(name: &str, source: &str) -> TemplateFile {
        TemplateFile { name: name.into(), origin: PathBuf::from(name), source: source.into() }
    }

    #[test]
    fn a_template_calling_now_or_get_env_is_not_pure() {
        let pure = |source: &str| Names::new(&[file("page.html", source)]).pure();
        assert!(pure("{{ page.title }} {{ get_url(path=\"a\") }}"));
        assert!(!pure("{{ now() | date(format=\"%Y\") }}"));
        assert!(!pure("{% macro m() %}{{ get_env(name=\"HOME\") }}{% endmacro %}"));
        assert!(!pure("{{ page.title | replace(from=\"a\", to=get_random(end=9)) }}"));
        assert!(!pure("{{ unclosed"));
        assert!(!Names::everything().pure());
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

    /// The fields `page.html` can read, when `source` is all it holds; `None` for all of them.
    fn fields_of(source: &str) -> Option<HashSet<String>> {
        let names = Names::new(&[file("page.html", source)]);
        names.by_template["page.html"].clone()
    }

    #[test]
    fn what_cannot_be_resolved_keeps_every_field() {
        for source in [
            "{{ __tera_context }}",
            "{% macro dump(all) %}{{ all | length }}{% endmacro %}{{ self::dump(all=__tera_context) }}",
            "{{ page[name] }}",
            "{{ page.extra[key].label }}",
            "{% for key, value in page.extra %}{{ value }}{% endfor %}",
            "<script>{{ page | json_encode() | safe }}</script>",
            "{{ page | get(key=wanted) }}",
            "{{ pages | map(attribute=field) | join(sep=', ') }}",
            "{% if page is containing(pat=wanted) %}x{% endif %}",
            "{% if wanted in page %}x{% endif %}",
            "{% filter upper %}{{ page | json_encode }}{% endfilter %}",
            "{{ broken",
        ] {
            assert_eq!(fields_of(source), None, "{source}");
        }
    }

    #[test]
    fn fields_are_found_in_every_kind_of_expression() {
        let source = r#"{% import "macros.html" as m %}
{% set t = page.title | default(value=section.short_title) %}
{% for p in pages | sort(attribute="meta.date") %}{{ p.summary }}{% else %}{{ site.empty }}{% endfor %}
{% if page.draft and not page.hidden or page.weight > 2 %}{{ page["quoted"] ~ page.joined }}{% endif %}
{{ get_url(path=page.path) }} {{ m::card(item=page.card, size=page.sizes[0]) }}
{% if page.tags is defined and "image" in page %}{{ [page.first, page.second] | length }}{% endif %}
{% filter replace(from=page.from, to="x") %}{{ page.inside }}{% endfilter %}
{{ page | get(key="by_key") }} {% if "x" in page.tag_list %}{% endif %}
{% macro local(a=1) %}{{ a.in_macro }}{% endmacro %}"#;
        let fields = fields_of(source).expect("every field is named");
        for name in [
            "title",
            "short_title",
            "meta",
            "date",
            "meta.date",
            "summary",
            "empty",
            "draft",
            "hidden",
            "weight",
            "quoted",
            "joined",
            "path",
            "card",
            "sizes",
            "tags",
            "image",
            "first",
            "second",
            "from",
            "inside",
            "by_key",
            "tag_list",
            "in_macro",
        ] {
            assert!(fields.contains(name), "{name} in {fields:?}");
        }
        for variable in ["page", "pages", "section", "site", "p", "t", "m", "a"] {
            assert!(!fields.contains(variable), "{variable} is a variable, not a field");
        }
    }

    #[test]
    fn fields_of_parents_includes_and_macro_files_are_found() {
        let files = [
            file("base.html", "{% block main %}{{ page.in_parent }}{% endblock %}"),
            file("page.html", "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block main %}{% include \"inc.html\" %}{{ m::f(p=page) }}{{ super() }}{% endblock %}"),
            file("inc.html", "{{ page.in_include }}"),
            file("m.html", "{% macro f(p) %}{{ p.in_macro_file }}{% endmacro %}"),
            file("other.html", "{{ page.elsewhere }}"),
        ];
        let names = Names::new(&files);
        for name in ["in_parent", "in_include", "in_macro_file"] {
            assert!(names.uses("page.html", name), "{name}");
        }
        assert!(!names.uses("page.html", "elsewhere"), "a template it does not reach");
        assert!(names.any_uses("elsewhere"));
    }

    #[test]
    fn a_parent_that_keeps_everything_makes_its_children_keep_everything() {
        let files = [file("base.html", "{{ __tera_context }}"), file("page.html", "{% extends \"base.html\" %}")];
        let names = Names::new(&files);
        assert!(names.uses("page.html", "anything") && names.any_uses("anything"));
    }

    #[test]
    fn every_template_of_the_bundled_theme_is_resolved() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::config::Config::load(root).expect("the bundled site's config");
        let (files, _) = super::super::theme::load_templates(root, &config);
        let names = Names::new(&files);
        assert!(files.len() > 10);
        for f in &files {
            assert!(names.by_template[&f.name].is_some(), "{} keeps every field", f.name);
        }
        assert!(names.uses("page.html", "title") && names.listings_use("title"));
    }

    #[test]
    fn paths_split_into_names_literals_indices_and_computed_parts() {
        use Segment::*;
        assert_eq!(segments("a.b"), [Name("a"), Name("b")]);
        assert_eq!(
            segments("a['b.c'][0][x[\"]\"]].d"),
            [Name("a"), Literal("b.c"), Index, Computed("x[\"]\"]"), Name("d")]
        );
    }
}
