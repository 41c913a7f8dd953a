//! `herald init` and `herald new`: a new site, and a new article with its front matter filled in.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::render::theme::BUILTIN_THEME;

/// Why `herald init` or `herald new` refused.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0} is not empty; pick a new folder for the site (a folder holding only `.git/` and dotfiles will do)")]
    NotEmpty(PathBuf),
    #[error("{0} is not in a herald site: no {CONFIG_FILE} here or in a folder above; run `herald init DIR` to make one, or pass --root DIR")]
    NotASite(PathBuf),
    #[error("`{0}` leads outside {CONTENT_DIR}/; give a path below it such as `guide/my-article`")]
    Escapes(String),
    #[error("{0} already exists; pick another name")]
    Exists(PathBuf),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Whether `dir` may become a site: absent, empty, or holding only dotfiles (`.git/`,
/// `.gitignore`) as a fresh repository does.
fn is_fresh(dir: &Path) -> io::Result<bool> {
    if !dir.exists() {
        return Ok(true);
    }
    for entry in std::fs::read_dir(dir)? {
        if !entry?.file_name().to_string_lossy().starts_with('.') {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The description of a new site: in book.toml only, so the home page and the site say the same.
const NEW_SITE_DESCRIPTION: &str = "What readers learn on this site, in one sentence: replace it with your own.";

/// Creates a working site in `dir` (absent, empty or holding only dotfiles), which `herald check
/// --strict` passes. With `copy_theme`, the built-in theme is copied to `themes/default/` for
/// editing. An existing `.gitignore` is kept, with herald's lines added.
pub fn init(dir: &Path, title: &str, copy_theme: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    if !is_fresh(dir)? {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let toml_title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let yaml_title = title.replace('\'', "''");
    let today = chrono::Local::now().format("%Y-%m-%d");
    let files: Vec<(&str, String)> = vec![
        (
            CONFIG_FILE,
            format!(
                "[book]\ntitle = \"{toml_title}\"\n# The site's description, which the home page uses too: 50 to 160 characters.\ndescription = \"{NEW_SITE_DESCRIPTION}\"\nauthors = []\nlanguage = \"en\"\n\n[site]\n# The address the site is published at, with its sub-path if any.\nbase-url = \"https://example.org/\"\n"
            ),
        ),
        (".gitignore", gitignore(dir)),
        (
            "content/_index.md",
            format!("---\ntitle: '{yaml_title}'\n---\n\nWelcome. This paragraph introduces the site on its home page. Start with [your first article](guide/first-article.md).\n"),
        ),
        (
            "content/guide/_index.md",
            "---\ntitle: Guide\ndescription: The articles of the guide, in reading order, from the basics to the details.\nweight: 1\n---\n\nA section groups articles. Its `_index.md` holds its title and this introduction.\n".into(),
        ),
        (
            "content/guide/first-article.md",
            format!("---\ntitle: Your first article\ndescription: How an article is written in herald, with front matter at the top and Markdown below.\ndate: {today}\ntags: [getting started]\n---\n\nAn article is a Markdown file. Its first paragraph is its summary.\n\n## A heading\n\nHeadings get ids and anchors. Link to other articles by their file: [the guide](_index.md).\n"),
        ),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        written.push(path);
    }
    if copy_theme {
        let theme_dir = dir.join("themes/default");
        std::fs::create_dir_all(&theme_dir)?;
        BUILTIN_THEME.extract(&theme_dir)?;
        written.push(theme_dir);
    }
    Ok(written)
}

/// An existing `.gitignore` with herald's lines added, or herald's lines alone.
fn gitignore(dir: &Path) -> String {
    let mut text = std::fs::read_to_string(dir.join(".gitignore")).unwrap_or_default();
    for line in ["/public/", "/.herald-cache/"] {
        if !text.lines().any(|l| l.trim() == line) {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// The site `start` is in: the nearest folder at or above it holding book.toml.
pub fn find_site_root(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    start.ancestors().find(|dir| dir.join(CONFIG_FILE).is_file()).map(Path::to_path_buf)
}

/// Where `herald new PATH` writes: `PATH` below `content/`, with `.md` added when missing. A
/// path that leaves `content/` (`..`, an absolute path) is refused.
pub fn new_article_path(root: &Path, path: &str) -> Result<PathBuf, ScaffoldError> {
    let rel = path.trim_start_matches("./").trim_start_matches(&format!("{CONTENT_DIR}/"));
    let escapes = Path::new(rel).components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if escapes || rel.is_empty() {
        return Err(ScaffoldError::Escapes(path.to_string()));
    }
    let rel = if rel.ends_with(".md") { rel.to_string() } else { format!("{rel}.md") };
    Ok(root.join(CONTENT_DIR).join(rel))
}

/// Refuses a file whose folder, once symlinks are followed, lies outside `content/`.
fn check_inside_content(root: &Path, file: &Path, path: &str) -> Result<(), ScaffoldError> {
    let content = root.join(CONTENT_DIR);
    std::fs::create_dir_all(&content)?;
    let content = content.canonicalize()?;
    // The deepest folder of the path that exists already decides where the file really goes.
    let existing = file.ancestors().skip(1).find(|a| a.exists()).unwrap_or(root);
    if !existing.canonicalize()?.starts_with(&content) || file.is_symlink() {
        return Err(ScaffoldError::Escapes(path.to_string()));
    }
    Ok(())
}

/// Creates a draft article at `path` (below `content/` of the site `start` is in), refusing to
/// overwrite one or to write outside `content/`.
pub fn new_article(start: &Path, path: &str, date: &str) -> Result<PathBuf, ScaffoldError> {
    let root = find_site_root(start).ok_or_else(|| ScaffoldError::NotASite(start.to_path_buf()))?;
    let file = new_article_path(&root, path)?;
    check_inside_content(&root, &file, path)?;
    if file.exists() {
        return Err(ScaffoldError::Exists(file));
    }
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = if stem == "index" {
        file.parent().and_then(|p| p.file_name()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        stem
    };
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.chars();
    let title = chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect::<String>());
    let text = format!(
        "---\ntitle: '{}'\n# 50 to 160 characters: what a reader learns here (shown in search results and link previews).\ndescription: ''\ndate: {date}\ntags: []\ndraft: true\n---\n\nThe first paragraph is the summary: say what the article is about.\n\n## First section\n",
        title.replace('\'', "''")
    );
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&file, text)?;
    Ok(file)
}
