//! `herald init` and `herald new`: a new site, and a new article with its front matter filled in.

use std::io;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::render::theme::BUILTIN_THEME;

/// Creates a working site in `dir` (which must be empty or absent). With `copy_theme`, the
/// built-in theme is copied to `themes/default/` for editing.
pub fn init(dir: &Path, title: &str, copy_theme: bool) -> io::Result<Vec<PathBuf>> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::other(format!("{} is not empty; pick a new folder for the site", dir.display())));
    }
    let toml_title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let yaml_title = title.replace('\'', "''");
    let today = chrono::Local::now().format("%Y-%m-%d");
    let files: Vec<(&str, String)> = vec![
        (
            CONFIG_FILE,
            format!(
                "[book]\ntitle = \"{toml_title}\"\ndescription = \"What this site teaches, in one sentence of 50 to 160 characters.\"\nauthors = []\nlanguage = \"en\"\n\n[site]\n# The address the site is published at, with its sub-path if any.\nbase-url = \"https://example.org/\"\n"
            ),
        ),
        (".gitignore", "/public/\n/.herald-cache/\n".into()),
        (
            "content/_index.md",
            format!("---\ntitle: '{yaml_title}'\ndescription: The home page of the site; write one sentence of 50 to 160 characters.\n---\n\nWelcome. This paragraph introduces the site on its home page.\n"),
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

/// Where `herald new PATH` writes: `PATH` below `content/`, with `.md` added when missing.
pub fn new_article_path(root: &Path, path: &str) -> PathBuf {
    let rel = path.trim_start_matches("./").trim_start_matches(&format!("{CONTENT_DIR}/")).trim_start_matches('/');
    let rel = if rel.ends_with(".md") { rel.to_string() } else { format!("{rel}.md") };
    root.join(CONTENT_DIR).join(rel)
}

/// Creates a draft article at `path` (below `content/`), refusing to overwrite one.
pub fn new_article(root: &Path, path: &str, date: &str) -> io::Result<PathBuf> {
    let file = new_article_path(root, path);
    if file.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already exists; pick another name", file.display()),
        ));
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
