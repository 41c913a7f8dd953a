//! The content tree: walks `content/`, reads each Markdown file and parses its front matter.
//!
//! Knows nothing of templates or URLs: it hands the site stage a list of [`Source`]s.

pub mod comparison;
pub mod data;
pub mod front_matter;
pub mod slug;
pub mod walk;
mod yaml_guard;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
pub use front_matter::{AbsoluteUrl, Date, Faq, FrontMatter};

/// The folder of articles, relative to the site root.
pub const CONTENT_DIR: &str = "content";

/// Whether a file is a section's `_index.md` or an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Section,
    Page,
}

/// One Markdown file of the content tree, read and with its front matter parsed.
#[derive(Debug, Clone)]
pub struct Source {
    pub kind: Kind,
    /// The path below `content/`, with `/` separators (`smo/what-is-smo.md`).
    pub rel: String,
    /// The path for messages, relative to the site root (`content/smo/what-is-smo.md`).
    pub file: PathBuf,
    /// The folder, below `content/`, that the file's relative links start from.
    pub dir: String,
    /// The folder of the section the file belongs to (`""` for the home section).
    pub section: String,
    /// What the last part of the URL is made from by the site's `slugify` rule: the file stem,
    /// the bundle's folder, or front matter `slug`.
    pub slug_text: String,
    pub front: FrontMatter,
    /// The front matter's YAML, kept to point errors found later at their line.
    pub yaml: String,
    pub body: String,
    /// The 1-based line of the file on which the body starts.
    pub body_line: usize,
    /// A bundle's other files: (path below the bundle folder, file on disk).
    pub assets: Vec<(String, PathBuf)>,
    // --- languages ---
    /// The code the file's name ends in, before `.md` (`fr` for `hashtags.fr.md`, `_index.fr.md`
    /// or a bundle's `index.fr.md`). Whether it names a language is the site's to decide.
    pub name_lang: Option<String>,
    /// What the slug is made from without that code (`hashtags`), or front matter `slug`.
    pub lang_slug: String,
    // --- end languages ---
}

impl Source {
    /// The line of the file on which the front matter sets `key` (`title`), else the opening
    /// `---` line, so that problems with a value point at it.
    pub fn key_line(&self, key: &str) -> usize {
        self.yaml
            .lines()
            .position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')))
            .map_or(1, |i| i + 2)
    }

    /// The section's `_index.md` for `section` (`""` is home).
    pub fn is_section_index(&self, section: &str) -> bool {
        self.kind == Kind::Section && self.section == section
    }
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Shared, so that an incremental build keeps the files it did not read again for free.
    pub sources: Vec<Arc<Source>>,
    /// Folders that hold articles, below `content/` (`""` is home), including those without an
    /// `_index.md`.
    pub folders: BTreeSet<String>,
    /// Markdown files that could not be read or parsed (their errors are reported), by path
    /// below `content/`: links to them are not errors of their own.
    pub unparsed: BTreeSet<String>,
}

/// Editors' temporary and backup files, never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Walks `root/content`, reading and parsing every Markdown file in parallel.
pub fn load(root: &Path) -> (Content, Diagnostics) {
    load_reusing(root, &mut |_| None)
}

/// [`load`], taking the parsed file from `reuse` (by path below `content/`) where it has one
/// instead of reading it again. The walk itself is always done, so new, moved and deleted
/// files, page bundles and their assets are always found afresh.
pub fn load_reusing(root: &Path, reuse: &mut dyn FnMut(&str) -> Option<Arc<Source>>) -> (Content, Diagnostics) {
    load_scanned(&scan(root), reuse)
}

/// What a walk of `content/` found: the Markdown files, the other files of page bundles, and
/// what is wrong with the rest. Reading the Markdown files is then [`load_scanned`].
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// (path below `content/`, path for messages, path on disk), in walk order.
    markdown: Vec<(String, PathBuf, PathBuf)>,
    /// (bundle folder, path below the bundle, path on disk).
    assets: Vec<(String, String, PathBuf)>,
    diags: Diagnostics,
    /// Every file above, by path below `content/`.
    files: HashSet<String>,
    missing: bool,
}

impl Scan {
    /// Whether `rel` (below `content/`) is an article or a bundle's file of this scan: a change
    /// to such a file's contents leaves the scan as it is.
    pub fn has_file(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }
}

/// Walks `root/content` and sorts what it finds (without reading any file).
pub fn scan(root: &Path) -> Scan {
    let content_dir = root.join(CONTENT_DIR);
    let mut found = Scan::default();
    let diags = &mut found.diags;
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::file_error(CONTENT_DIR, "the site has no content folder")
                .with_help("create content/_index.md (the home page) and your articles in content/<section>/"),
        );
        found.missing = true;
        return found;
    }

    let entries = walk::files(root, &content_dir, diags);

    let rel_of = |p: &Path| -> String {
        p.strip_prefix(&content_dir)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    let entries: Vec<(String, PathBuf)> = entries.into_iter().map(|p| (rel_of(&p), p)).collect();
    let bundles: HashSet<&str> = entries.iter().filter_map(|(r, _)| bundle_index(r)).collect();
    // The innermost bundle folder that holds `rel`, if any.
    let bundle_of = |rel: &str| -> Option<String> {
        rel.rmatch_indices('/').map(|(i, _)| &rel[..i]).find(|dir| bundles.contains(dir)).map(str::to_string)
    };

    for (rel, path) in &entries {
        let file = Path::new(CONTENT_DIR).join(rel);
        let is_md = rel.ends_with(".md");
        match bundle_of(rel) {
            Some(bundle) if bundle_index(rel) != Some(bundle.as_str()) => {
                if is_md && !rel[bundle.len() + 1..].contains('/') {
                    diags.push(Diagnostic::file_error(&file, format!("a page bundle holds one article, but `{bundle}/` also holds this Markdown file"))
                        .with_help(format!("move it next to `{bundle}/` to make it an article of its own, or rename it if it is not one")));
                } else {
                    found.files.insert(rel.clone());
                    found.assets.push((bundle.clone(), rel[bundle.len() + 1..].to_string(), path.clone()));
                }
            }
            _ if is_md => {
                found.files.insert(rel.clone());
                found.markdown.push((rel.clone(), file, path.clone()));
            }
            _ => diags.push(
                Diagnostic::file_warning(&file, "this file is not Markdown and is not in a page bundle, so it is not published")
                    .with_help("put images beside an article in a page bundle (content/<section>/<slug>/index.md), or site-wide files in static/"),
            ),
        }
    }
    found
}

/// Reads and parses the Markdown files of a scan, in parallel, taking the parsed file from
/// `reuse` where it has one.
pub fn load_scanned(scan: &Scan, reuse: &mut dyn FnMut(&str) -> Option<Arc<Source>>) -> (Content, Diagnostics) {
    let mut diags = scan.diags.clone();
    let mut content = Content::default();
    if scan.missing {
        return (content, diags);
    }
    let assets = scan.assets.iter().cloned();

    // Reused files keep their place in the walk's order, so the result is the same either way.
    let mut parsed: Vec<Option<Result<Arc<Source>, Diagnostic>>> = Vec::with_capacity(scan.markdown.len());
    let mut to_read = Vec::new();
    for (i, (rel, file, path)) in scan.markdown.iter().enumerate() {
        match reuse(rel) {
            Some(s) => parsed.push(Some(Ok(s))),
            None => {
                parsed.push(None);
                to_read.push((i, rel.clone(), file.clone(), path.clone()));
            }
        }
    }
    let read: Vec<(usize, String, Result<Arc<Source>, Diagnostic>)> = to_read
        .into_par_iter()
        .map(|(i, rel, file, path)| (i, rel.clone(), read_source(rel, file, &path).map(Arc::new)))
        .collect();
    for (i, rel, r) in read {
        if r.is_err() {
            content.unparsed.insert(rel);
        }
        parsed[i] = Some(r);
    }
    let parsed = parsed.into_iter().flatten();
    for r in parsed {
        match r {
            Ok(s) => content.sources.push(s),
            Err(d) => diags.push(d),
        }
    }
    let mut by_bundle: HashMap<String, Vec<(String, PathBuf)>> = HashMap::new();
    for (bundle, asset_rel, path) in assets {
        by_bundle.entry(bundle).or_default().push((asset_rel, path));
    }
    for s in &mut content.sources {
        // Every translation of a bundle (`index.md`, `index.fr.md`) has its files.
        let found = if s.kind == Kind::Page { by_bundle.get(&s.dir).cloned().unwrap_or_default() } else { Vec::new() };
        // A reused file keeps its list (and stays the same shared value) when nothing moved.
        if s.assets != found {
            Arc::make_mut(s).assets = found;
        }
    }
    let mut last_section = None;
    for s in &content.sources {
        // The walk lists a folder's files together: one look-up per folder, not per file.
        if last_section == Some(s.section.as_str()) {
            continue;
        }
        last_section = Some(s.section.as_str());
        let mut folder = s.section.as_str();
        loop {
            if !content.folders.contains(folder) {
                content.folders.insert(folder.to_string());
            }
            match folder.rfind('/') {
                Some(i) => folder = &folder[..i],
                None if !folder.is_empty() => folder = "",
                None => break,
            }
        }
    }
    content.folders.insert(String::new());
    (content, diags)
}

fn read_source(rel: String, file: PathBuf, path: &Path) -> Result<Source, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::file_error(&file, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = crate::diagnostic::line_col(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            usize::MAX,
        );
        Diagnostic::error(&file, line, column, "the file is not valid UTF-8")
            .with_help("save it as UTF-8 in your editor")
    })?;
    parse_source(rel, file, &text)
}

/// Parses one Markdown file's text; `rel` is its path below `content/`.
pub fn parse_source(rel: String, file: PathBuf, text: &str) -> Result<Source, Diagnostic> {
    let split = front_matter::split(&file, text)?;
    let front = front_matter::parse(&file, &split)?;
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel.as_str()), |(d, n)| (d, n));
    let stem = name.trim_end_matches(".md");
    let (base, name_lang) = split_lang(stem);
    let (kind, section, default_slug, lang_slug) = match base {
        "_index" => {
            let folder = dir.rsplit('/').next().unwrap_or("");
            (Kind::Section, dir.to_string(), folder, folder)
        }
        "index" if !dir.is_empty() => {
            let (parent, folder) = dir.rsplit_once('/').map_or(("", dir), |(p, f)| (p, f));
            (Kind::Page, parent.to_string(), folder, folder)
        }
        _ => (Kind::Page, dir.to_string(), stem, base),
    };
    let slug_text = front.slug.clone().unwrap_or_else(|| default_slug.to_string());
    let lang_slug = match (&front.slug, name_lang) {
        (Some(s), _) => s.clone(),
        (None, Some(_)) => lang_slug.to_string(),
        (None, None) => String::new(),
    };
    let name_lang = name_lang.map(str::to_string);
    Ok(Source {
        kind,
        dir: dir.to_string(),
        rel,
        file,
        section,
        slug_text,
        yaml: split.yaml.to_string(),
        body: split.body.to_string(),
        body_line: split.body_line,
        front,
        assets: Vec::new(),
        lang_slug: if name_lang.is_some() { lang_slug } else { String::new() },
        name_lang,
    })
}

// --- languages ---
/// `hashtags.fr` -> (`hashtags`, `fr`): the part after the last dot of a file stem, which a
/// multilingual site reads as the language of a translation.
fn split_lang(stem: &str) -> (&str, Option<&str>) {
    match stem.rsplit_once('.') {
        Some((base, lang)) if !base.is_empty() && !lang.is_empty() => (base, Some(lang)),
        _ => (stem, None),
    }
}

/// The bundle folder of `rel` when it is a bundle's article: `<folder>/index.md` or a
/// translation of it (`<folder>/index.fr.md`).
fn bundle_index(rel: &str) -> Option<&str> {
    let (dir, name) = rel.rsplit_once('/')?;
    let stem = name.strip_suffix(".md")?;
    (split_lang(stem).0 == "index").then_some(dir)
}
// --- end languages ---
