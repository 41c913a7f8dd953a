//! The languages of the model: which language each file is written in, where a language's
//! pages live (`/fr/...`), and which pages are translations of each other.
//!
//! As in Zola, a translation is a file beside the original whose name ends in a language code
//! (`hashtags.fr.md`, `_index.fr.md`, a bundle's `index.fr.md`). On a site with one language a
//! dot is part of an article's name; on a multilingual one, the code after the last dot must be
//! one of the site's languages.

use rustc_hash::FxHashMap;

use super::{Page, Section, Site, Urls};
use crate::content::{Kind, Source};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The language of `source` (an index into `codes`, the default language first) and the text
/// its slug is made from there.
pub(super) fn of<'s>(source: &'s Source, codes: &[&str]) -> Result<(usize, &'s str), Diagnostic> {
    let Some(code) = source.name_lang.as_deref() else {
        return Ok((0, &source.slug_text));
    };
    if let Some(i) = codes.iter().position(|c| *c == code) {
        return Ok((i, &source.lang_slug));
    }
    let is_index = source.kind == Kind::Section || source.dir != source.section;
    if codes.len() == 1 && !is_index {
        return Ok((0, &source.slug_text));
    }
    let help = if codes.len() == 1 {
        format!("add `[languages.{code}]` to book.toml to publish it as a translation, or rename the file without `.{code}`")
    } else {
        format!(
            "the site's languages are {}: add `[languages.{code}]` to book.toml, or leave dots out of file names",
            codes.join(", ")
        )
    };
    Err(Diagnostic::file_error(&source.file, format!("`{code}` is not a language of this site")).with_help(help))
}

/// Where the pages of language `lang` live: `""` for the default language, `/fr` for others.
pub(super) fn prefix(codes: &[&str], lang: usize) -> String {
    if lang == 0 {
        String::new()
    } else {
        format!("/{}", codes[lang])
    }
}

/// What ties a file to its translations: front matter `translation-key`, else its path without
/// the language code (`smo/hashtags.md` for `smo/hashtags.fr.md`).
fn key(source: &Source) -> String {
    if let Some(k) = &source.front.translation_key {
        return format!("key:{k}");
    }
    match &source.name_lang {
        Some(code) => source.rel.replacen(&format!(".{code}.md"), ".md", 1),
        None => source.rel.clone(),
    }
}

/// Fills each article's and section's `translations`: the others of its key (articles) or
/// folder (sections), in language order. Two files of one language with one key are an error.
pub(super) fn link(pages: &mut [Page], sections: &mut [Section], diags: &mut Diagnostics) {
    let mut groups: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, p) in pages.iter().enumerate() {
        groups.entry(key(&p.source)).or_default().push(i);
    }
    for (shared, mut group) in groups {
        if group.len() < 2 {
            continue;
        }
        // What the two share, as the writer wrote it.
        let why = match shared.strip_prefix("key:") {
            Some(k) => format!("both set `translation-key: {k}`"),
            None => format!("both are `{shared}` in that language"),
        };
        group.sort_by_key(|&i| (pages[i].lang, pages[i].source.rel.clone()));
        for w in group.windows(2) {
            let (a, b) = (&pages[w[0]], &pages[w[1]]);
            if a.lang == b.lang {
                diags.push(
                    Diagnostic::file_error(
                        &b.source.file,
                        format!(
                            "this file and `{}` are translations of one page in one language: {why}",
                            a.source.file.display()
                        ),
                    )
                    .with_help("give one of them another `translation-key`, or the language code its name lacks"),
                );
            }
        }
        group.dedup_by_key(|&mut i| pages[i].lang);
        for &i in &group {
            pages[i].translations = group.iter().copied().filter(|&j| j != i).collect();
        }
    }
    let mut folders: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, s) in sections.iter().enumerate() {
        folders.entry(s.folder.as_str()).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = folders.into_values().filter(|g| g.len() > 1).collect();
    for group in groups {
        for &i in &group {
            sections[i].translations = group.iter().copied().filter(|&j| j != i).collect();
        }
    }
}

/// [`Site::path_in`], before there is a site.
pub(super) fn path_in(config: &crate::config::Config, lang: usize, path: &str) -> String {
    match lang {
        0 => path.to_string(),
        _ => format!("/{}{path}", config.language_code(lang)),
    }
}

impl Site {
    /// The URL path in language `lang` of a page herald makes for each language (`/tags/`,
    /// `/search/`): itself for the default language, `/fr/tags/` for French.
    pub fn path_in(&self, lang: usize, path: &str) -> String {
        path_in(&self.config, lang, path)
    }

    /// The URLs of [`Site::path_in`].
    pub fn urls_in(&self, lang: usize, path: &str) -> Urls {
        Urls::new(&self.config.site.base_url, &self.path_in(lang, path))
    }

    /// The languages of the site, as indices into
    /// [`Config::language_codes`](crate::config::Config::language_codes).
    pub fn langs(&self) -> std::ops::Range<usize> {
        0..self.homes.len()
    }
}
