//! `[languages.<code>]`: the languages a site is written in besides its default one
//! (`[book] language`), and what each overrides.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{find_table, Config};
use crate::diagnostic::{Diagnostic, Severity};

/// `[languages.<code>]`: one more language of the site. Its pages live under `/<code>/`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Hash)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Language {
    /// The site's title in this language (`[book] title` when empty).
    pub title: String,
    /// The site's description in this language (`[book] description` when empty).
    pub description: String,
    /// The theme's strings in this language, by key, over the theme's own.
    pub translations: BTreeMap<String, String>,
}

impl Config {
    /// The site's language codes: `[book] language` first, then those of `[languages]` in
    /// alphabetical order. A page's language is an index into this list.
    pub fn language_codes(&self) -> Vec<&str> {
        std::iter::once(self.book.language.as_str()).chain(self.languages.keys().map(String::as_str)).collect()
    }

    /// The code of language `lang` (an index into [`Config::language_codes`]).
    pub fn language_code(&self, lang: usize) -> &str {
        match lang {
            0 => &self.book.language,
            n => self.languages.keys().nth(n - 1).map_or(&self.book.language, String::as_str),
        }
    }

    /// The overrides of the theme's strings in the language `code`.
    pub fn translations_in(&self, code: &str) -> Option<&BTreeMap<String, String>> {
        match self.languages.get(code) {
            Some(l) => Some(&l.translations),
            None if code == self.book.language => Some(&self.translations),
            None => None,
        }
    }

    /// The site's title in the language `code`.
    pub fn title_in(&self, code: &str) -> &str {
        self.languages.get(code).map(|l| l.title.as_str()).filter(|t| !t.is_empty()).unwrap_or(&self.book.title)
    }

    /// The site's description in the language `code`.
    pub fn description_in(&self, code: &str) -> &str {
        self.languages
            .get(code)
            .map(|l| l.description.as_str())
            .filter(|t| !t.is_empty())
            .unwrap_or(&self.book.description)
    }

    /// Checks each `[languages.<code>]`: a language tag, not the default language again.
    pub(super) fn check_languages(&self, text: &str, name: &Path) -> Result<(), Diagnostic> {
        for code in self.languages.keys() {
            let at = find_table(text, &format!("languages.{code}"));
            let error = |msg: String, help: String| Diagnostic::new(Severity::Error, name, at, msg).with_help(help);
            if !is_language_tag(code) {
                return Err(error(
                    format!("`{code}` is not a language tag"),
                    "name the table after a BCP 47 language tag: `[languages.fr]`, `[languages.pt-BR]`".into(),
                ));
            }
            if code.eq_ignore_ascii_case(&self.book.language) {
                return Err(error(
                    format!("`[languages.{code}]` is the site's default language (`[book] language`)"),
                    format!("`[languages]` lists the other languages; set the default one's title in `[book]` and remove `[languages.{code}]`"),
                ));
            }
        }
        Ok(())
    }
}

/// `fr`, `pt-BR`, `zh-Hans`: a letter subtag, then alphanumeric subtags, separated by `-`.
fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_read_and_listed_after_the_default() {
        let c = Config::parse(
            "[book]\ntitle = \"Guide\"\ndescription = \"D\"\nlanguage = \"en\"\n[languages.ja]\n[languages.fr]\ntitle = \"Guide FR\"\n",
        )
        .unwrap();
        assert_eq!(c.language_codes(), ["en", "fr", "ja"]);
        assert_eq!((c.title_in("fr"), c.title_in("ja"), c.title_in("en")), ("Guide FR", "Guide", "Guide"));
        assert_eq!(c.description_in("fr"), "D");
    }

    #[test]
    fn a_bad_code_or_the_default_again_is_an_error_at_its_table() {
        for (toml, message) in [
            ("[book]\ntitle = \"T\"\n\n[languages.French]\n", "`French` is not a language tag"),
            (
                "[book]\ntitle = \"T\"\n\n[languages.en]\n",
                "`[languages.en]` is the site's default language (`[book] language`)",
            ),
        ] {
            let e = Config::parse(toml).unwrap_err();
            assert_eq!(e.message(), message);
            assert_eq!(e.position.map(|p| p.line), Some(4), "{toml}");
        }
    }

    #[test]
    fn a_language_tag_has_a_short_primary_subtag() {
        assert!(is_language_tag("fr") && is_language_tag("pt-BR") && is_language_tag("zh-Hans"));
        assert!(!is_language_tag("French") && !is_language_tag("f") && !is_language_tag("fr_FR"));
    }
}
