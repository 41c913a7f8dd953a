//! Authors as entities: the people of `[authors.<id>]`, each with a page at `/authors/<id>/`
//! listing their articles, and each article's authors resolved from the ids its front matter
//! names.
//!
//! A site without `[authors]` keeps front matter `authors` as free-form names (as before authors
//! were entities): no author pages, and the names are printed as they are.

use super::{join_url, newest_key, Page, Urls};
use crate::config::Config;
use crate::content::Source;
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Problem};

/// The folder of author pages.
pub const AUTHORS_PATH: &str = "/authors/";

/// A writer of `[authors.<id>]` and the articles they wrote.
#[derive(Debug, Clone)]
pub struct Author {
    /// The id of `[authors.<id>]`, the last part of the page's URL.
    pub id: String,
    /// `name`, else the id.
    pub name: String,
    /// The author page.
    pub urls: Urls,
    /// The avatar's URLs (root-relative, absolute), when it has one.
    pub avatar: Option<(String, String)>,
    /// Their articles, newest first (indices into [`Site::pages`](super::Site::pages)).
    pub pages: Vec<usize>,
}

/// The authors of `[authors]` in id order; each page's `authors` set to the indices of the ids
/// its front matter names. An id that is not declared is an error at its place in the file.
pub(super) fn resolve(config: &Config, pages: &mut [Page], diags: &mut Diagnostics) -> Vec<Author> {
    let base_url = &config.site.base_url;
    let mut authors: Vec<Author> = config
        .authors
        .iter()
        .map(|(id, a)| Author {
            id: id.clone(),
            name: if a.name.trim().is_empty() { id.clone() } else { a.name.trim().to_string() },
            urls: Urls::new(base_url, &format!("{AUTHORS_PATH}{id}/")),
            avatar: avatar_urls(config, &a.avatar),
            pages: Vec::new(),
        })
        .collect();
    if authors.is_empty() {
        return authors;
    }
    let known: Vec<&str> = config.authors.keys().map(String::as_str).collect();
    for (i, page) in pages.iter_mut().enumerate() {
        page.authors.clear();
        for id in &page.source.front.authors {
            match known.binary_search(&id.as_str()) {
                Ok(a) if !page.authors.contains(&a) => page.authors.push(a),
                Ok(_) => {}
                Err(_) => diags.push(unknown_author(&page.source, id, &known)),
            }
        }
        for &a in &page.authors {
            authors[a].pages.push(i);
        }
    }
    for a in &mut authors {
        a.pages.sort_by_cached_key(|&i| newest_key(&pages[i]));
    }
    authors
}

/// An avatar's root-relative and absolute URLs: a URL stays as it is, a file of `static/` is
/// served from the site root.
fn avatar_urls(config: &Config, avatar: &str) -> Option<(String, String)> {
    let avatar = avatar.trim();
    if avatar.is_empty() {
        return None;
    }
    if avatar.starts_with("https://") || avatar.starts_with("http://") {
        return Some((avatar.to_string(), avatar.to_string()));
    }
    let path = static_path(avatar);
    Some((join_url(config.base_path(), path), join_url(&config.site.base_url, path)))
}

/// A path below `static/` as written in config (`/img/a.png`, `static/img/a.png`, `img/a.png`).
pub fn static_path(src: &str) -> &str {
    let p = src.trim_start_matches("./").trim_start_matches('/');
    p.strip_prefix("static/").unwrap_or(p)
}

fn unknown_author(source: &Source, id: &str, known: &[&str]) -> Diagnostic {
    let (line, column) = locate_id(source, id);
    let help = match did_you_mean(id, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? The authors of book.toml are: {}", known.join(", ")),
        None => format!("name one of the authors of book.toml ({}), or add `[authors.{id}]` there", known.join(", ")),
    };
    Diagnostic::error(
        &source.file,
        line,
        column,
        Problem::UnknownAuthor { id: id.to_string(), known: known.iter().map(|k| k.to_string()).collect() },
    )
    .with_help(help)
}

/// The line and column of `id` in the front matter's `authors` (a flow list or a block list).
fn locate_id(source: &Source, id: &str) -> (usize, usize) {
    let line = source.key_line("authors");
    let lines = source.yaml.lines().skip(line.saturating_sub(2));
    for (n, text) in lines.enumerate() {
        if n > 0 && !text.trim_start().starts_with('-') {
            break;
        }
        let from = if n == 0 { text.find(':').map_or(0, |c| c + 1) } else { 0 };
        if let Some(at) = find_word(&text[from..], id) {
            return (line + n, from + at + 1);
        }
    }
    (line, 1)
}

/// Where `word` stands in `text` on its own (not inside a longer id).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        !text[..at].chars().next_back().is_some_and(id_char)
            && !text[at + word.len()..].chars().next().is_some_and(id_char)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_in_flow_and_block_lists() {
        assert_eq!(find_word("[ann, annie]", "annie"), Some(6));
        assert_eq!(find_word("[annie, ann]", "ann"), Some(8));
        assert_eq!(find_word("[annie]", "ann"), None);
    }

    #[test]
    fn avatars_are_files_of_static_or_urls() {
        let c = Config::parse("[book]\ntitle = \"T\"\n[site]\nbase-url = \"https://e.org/g/\"\n").unwrap();
        assert_eq!(
            avatar_urls(&c, "static/img/a.png"),
            Some(("/g/img/a.png".into(), "https://e.org/g/img/a.png".into()))
        );
        assert_eq!(avatar_urls(&c, "https://cdn.org/a.png").unwrap().0, "https://cdn.org/a.png");
        assert_eq!(avatar_urls(&c, " "), None);
    }
}
