//! `herald check`: inspects a build without writing it. Reports every warning of the build, then
//! links and anchors that lead nowhere ([`links`]) and the SEO lint ([`lint`]), each with a rule
//! id, file and line.
//!
//! Each rule has a level ([`RULES`]): what makes a page wrong for its readers (a link or image
//! that leads nowhere, a missing `#anchor`) is an error, style advice a warning. `[check.levels]`
//! in book.toml raises or lowers a rule by its id, front matter `allow: [rule]` silences one on
//! one page, and `--strict` makes every warning an error.

pub mod external;
mod hreflang;
pub mod links;
pub mod lint;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::{Level, CONFIG_FILE};
use crate::diagnostic::{did_you_mean, relative_to, Diagnostic, Diagnostics, Severity};
use crate::pipeline::Build;
use crate::site::{Item, Site};

/// Every rule id and its level unless book.toml says otherwise.
pub const RULES: [(&str, Level); 19] = [
    ("links/broken", Level::Deny),
    ("links/anchor", Level::Deny),
    ("links/external", Level::Deny),
    ("seo/description-missing", Level::Warn),
    ("seo/description-length", Level::Warn),
    ("seo/title-length", Level::Warn),
    ("seo/duplicate-title", Level::Warn),
    ("seo/duplicate-description", Level::Warn),
    ("seo/image-alt", Level::Warn),
    ("seo/image-size", Level::Warn),
    ("seo/image-format", Level::Warn),
    ("seo/heading-h1", Level::Warn),
    ("seo/heading-skip", Level::Warn),
    ("seo/orphan", Level::Warn),
    ("seo/links-only-noindex", Level::Warn),
    ("seo/noindex-in-menu", Level::Warn),
    ("markdown/unknown-language", Level::Warn),
    ("markdown/unknown-fence-option", Level::Warn),
    ("seo/hreflang", Level::Deny),
];

/// What `herald check` was asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Make every warning an error.
    pub strict: bool,
    /// Fetch external links too ([`external`]).
    pub external: bool,
    /// The config file read instead of the site's book.toml (`-c FILE`), for positions in it.
    pub config_file: Option<PathBuf>,
}

/// Checks a successful build and returns what it found, each at its rule's level.
pub fn check(build: &Build, root: &Path, options: &Options) -> Diagnostics {
    let strict = options.strict;
    let mut found = build.warnings.clone();
    found.extend(links::check(build, None));
    found.extend(lint::check(build));
    found.extend(hreflang::check_in(build, None));
    if options.external {
        found.extend(external::check(build, root));
    }
    let mut found = apply_levels(&build.site, &config_path(root, options.config_file.as_deref()), found, strict);
    found.sort();
    found
}

/// [`check`] for one article or section: the findings `check` would report in its file, without
/// checking the rest of the site. Rules that look across pages (duplicates, orphans) still read
/// the whole site, as far as they concern this page.
pub fn check_page(build: &Build, root: &Path, options: &Options, item: Item) -> Diagnostics {
    let file = relative_to(&origin(&build.site, item), root);
    let in_file = |d: &Diagnostic| relative_to(&d.file, root) == file;
    let mut found: Diagnostics = Diagnostics(build.warnings.iter().filter(|d| in_file(d)).cloned().collect());
    found.extend(links::check_in(build, None, Some(item)));
    found.extend(lint::check_in(build, Some(item)));
    found.extend(hreflang::check_in(build, Some(item)));
    if options.external {
        found.extend(external::check(build, root).into_iter().filter(in_file));
    }
    let found = apply_levels(&build.site, &config_path(root, options.config_file.as_deref()), found, options.strict);
    let mut found = Diagnostics(found.into_iter().filter(in_file).collect());
    found.sort();
    found
}

/// The config file a build read: `-c FILE`, else the site's book.toml.
fn config_path(root: &Path, config_file: Option<&Path>) -> (PathBuf, PathBuf) {
    match config_file {
        Some(f) => (f.to_path_buf(), f.to_path_buf()),
        None => (root.join(CONFIG_FILE), PathBuf::from(CONFIG_FILE)),
    }
}

/// What `herald build` reports after building: its own warnings and the links that lead
/// nowhere, at their levels (so a broken link fails the build as it fails `check`).
///
/// `staged` is the folder the build wrote its pages into, for the pages it does not hold in memory.
pub fn build_gate(build: &Build, root: &Path, config_file: Option<&Path>, staged: &Path) -> Diagnostics {
    let mut found = build.warnings.clone();
    found.extend(links::check(build, Some(staged)));
    let mut found = apply_levels(&build.site, &config_path(root, config_file), found, false);
    found.sort();
    found
}

/// Sets each finding's severity from its rule's level (dropping allowed ones) and reports rule
/// ids that book.toml or front matter name but no rule has.
///
/// `config` is the config file's (path to read, name for messages).
fn apply_levels(site: &Site, config: &(PathBuf, PathBuf), found: Diagnostics, strict: bool) -> Diagnostics {
    let levels = &site.config.check.levels;
    let mut out = Diagnostics::new();
    let mut allowed: HashMap<&Path, &[String]> = HashMap::new();
    for body in bodies(site) {
        let allow = &body.source.front.allow;
        for rule in allow {
            if let Some(d) = unknown_rule(rule, &body.source.file, body.source.key_line("allow")) {
                out.push(d);
            }
        }
        allowed.insert(&body.source.file, allow);
    }
    // The config was parsed from this file moments ago; a read error only loses the line.
    let config_text = std::fs::read_to_string(&config.0).unwrap_or_default();
    for rule in levels.keys() {
        let line = config_text.lines().position(|l| l.contains(&format!("\"{rule}\""))).map_or(0, |i| i + 1);
        if let Some(d) = unknown_rule(rule, &config.1, line) {
            out.push(d);
        }
    }
    for mut d in found {
        if !d.code.is_empty() {
            if allowed.get(d.file.as_path()).is_some_and(|a| a.contains(&d.code)) {
                continue;
            }
            let default = RULES.iter().find(|(id, _)| *id == d.code).map_or(Level::Warn, |(_, l)| *l);
            d.severity = match levels.get(&d.code).copied().unwrap_or(default) {
                Level::Allow => continue,
                Level::Warn => Severity::Warning,
                Level::Deny => Severity::Error,
            };
        }
        if strict {
            d.severity = Severity::Error;
        }
        out.push(d);
    }
    out
}

/// An error for a rule id that no rule has, with the closest one.
fn unknown_rule(rule: &str, file: &Path, line: usize) -> Option<Diagnostic> {
    if RULES.iter().any(|(id, _)| *id == rule) {
        return None;
    }
    let help = match did_you_mean(rule, RULES.iter().map(|(id, _)| *id)) {
        Some(id) => format!("did you mean `{id}`?"),
        None => format!("the rules are: {}", RULES.map(|(id, _)| id).join(", ")),
    };
    Some(
        Diagnostic::error(file, line, if line > 0 { 1 } else { 0 }, format!("`{rule}` is not a rule of herald check"))
            .with_help(help),
    )
}

/// A Markdown file whose body can hold links and headings: an article or a section's
/// `_index.md`.
pub(crate) struct Body<'a> {
    pub item: Item,
    pub source: &'a crate::content::Source,
    pub rendered: &'a crate::markdown::Rendered,
    pub urls: &'a crate::site::Urls,
}

impl Body<'_> {
    /// A warning at `line` of the body (1-based, as the Markdown stage counts).
    pub fn warning(&self, code: &str, line: usize, column: usize, message: String) -> Diagnostic {
        Diagnostic::warning(&self.source.file, line + self.source.body_line - 1, column, message).with_code(code)
    }
}

/// Every article and every section with an `_index.md`.
pub(crate) fn bodies(site: &Site) -> impl Iterator<Item = Body<'_>> {
    let pages = site.page_ids().map(|id| {
        let p = site.page(id);
        Body { item: Item::Page(id), source: &p.source, rendered: &p.rendered, urls: &p.urls }
    });
    let sections = site.section_ids().filter_map(|id| {
        let s = site.section(id);
        s.source.as_ref().map(|source| Body { item: Item::Section(id), source, rendered: &s.rendered, urls: &s.urls })
    });
    pages.chain(sections)
}

/// The file an item comes from, for messages about it.
pub(crate) fn origin(site: &Site, item: Item) -> PathBuf {
    match item {
        Item::Page(id) => site.page(id).source.file.clone(),
        Item::Section(id) | Item::Pager(id, _) => {
            let s = site.section(id);
            s.source.as_ref().map_or_else(|| PathBuf::from("content").join(&s.folder), |src| src.file.clone())
        }
        Item::Author(_) | Item::Authors => PathBuf::from(crate::config::CONFIG_FILE),
        Item::Tags(_) | Item::Tag(_) | Item::TagPager(..) | Item::Comparisons | Item::NotFound(_) | Item::Search(_) => {
            PathBuf::from("content")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{build, Options as BuildOptions};

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn png(root: &Path, rel: &str) {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, 2, 2);
        encoder.set_color(png::ColorType::Rgb);
        encoder.write_header().unwrap().write_image_data(&[200; 12]).unwrap();
        write(root, rel, "");
        std::fs::write(root.join(rel), bytes).unwrap();
    }

    /// A site with a finding of every kind: per body, across pages, allowed and unknown rules.
    fn site_with_findings(root: &Path) {
        write(root, "book.toml", "[book]\ntitle = \"T\"\n[site]\nbase-url = \"https://example.org/\"\n[check.levels]\n\"seo/heading-skip\" = \"deny\"\n");
        write(root, "content/_index.md", "---\ntitle: Home\n---\nSee [a](smo/a.md).\n");
        write(root, "content/smo/_index.md", "---\ntitle: SMO\ndescription: short\n---\n# Intro\n");
        write(
            root,
            "content/smo/a.md",
            "---\ntitle: Same\nimage: /x.png\n---\n# Big\n\n![](/chart.png)\n\n[b](b.md#nowhere) and [gone](/nope/).\n",
        );
        png(root, "static/x.png");
        png(root, "static/chart.png");
        write(root, "content/smo/b.md", "---\ntitle: Same\ndescription: short\n---\n## A\n\n#### D\n\n[a](a.md)\n");
        write(
            root,
            "content/smo/c.md",
            "---\ntitle: A title far longer than any search result shows of it, cut in the middle\nallow: [seo/heading-h1, seo/nope]\n---\n# Allowed\n",
        );
    }

    #[test]
    fn one_page_finds_what_the_whole_check_finds_in_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        site_with_findings(root);
        let built = build(root, &BuildOptions::default()).unwrap_or_else(|d| panic!("{d}"));
        for options in [Options::default(), Options { strict: true, ..Options::default() }] {
            let whole = check(&built, root, &options);
            let mut codes = std::collections::BTreeSet::new();
            for body in bodies(&built.site) {
                let file = relative_to(&body.source.file, root);
                let expected: Vec<&Diagnostic> = whole.iter().filter(|d| relative_to(&d.file, root) == file).collect();
                let page = check_page(&built, root, &options, body.item);
                assert_eq!(page.iter().collect::<Vec<_>>(), expected, "{}", file.display());
                codes.extend(page.iter().map(|d| d.code.clone()));
            }
            for code in [
                "links/broken",
                "links/anchor",
                "seo/duplicate-title",
                "seo/orphan",
                "seo/image-alt",
                "seo/heading-h1",
                "seo/heading-skip",
                "seo/title-length",
                "seo/description-length",
                "seo/description-missing",
                "",
            ] {
                assert!(codes.contains(code), "a page's findings include `{code}`: {codes:?}");
            }
        }
    }
}
