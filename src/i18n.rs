//! The theme's fixed strings in the site's languages: the theme's `i18n/<code>.toml` tables
//! (the default theme ships English, French, German, Spanish, Portuguese, Japanese and Chinese),
//! under the overrides of book.toml (`[translations]`, `[languages.<code>.translations]`).
//!
//! A stage of its own just above the config, so that the site model, the metadata and the
//! templates all speak a page's language: `seo` titles a French tag page and labels its card
//! with the same table the templates print with `trans`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// One string table as read: its file name (`fr.toml`), where it came from (for messages) and
/// its text.
#[derive(Debug, Clone, Copy)]
pub struct TableFile<'a> {
    pub name: &'a str,
    pub origin: &'a Path,
    pub source: &'a str,
}

/// The strings of each of the site's languages, by language code, then key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Strings {
    by_lang: BTreeMap<String, BTreeMap<String, String>>,
    default: String,
}

/// Why [`Strings::get`] found no string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Missing {
    #[error("`{lang}` is not a language of this site (trans(key=\"{key}\", lang=\"{lang}\"))")]
    Language { key: String, lang: String },
    #[error("no string `{key}` in the language `{lang}`: add `{key} = \"...\"` to {table} in book.toml, or to the theme's i18n/{lang}.toml")]
    Key { key: String, lang: String, table: String },
}

impl Strings {
    /// The theme's tables (`theme`) for the site's languages, with book.toml's overrides. A
    /// language without a table of its own takes that of its primary subtag (`pt` for `pt-BR`).
    pub fn new<'a>(theme: impl IntoIterator<Item = TableFile<'a>>, config: &Config) -> (Strings, Diagnostics) {
        let mut diags = Diagnostics::new();
        let tables: BTreeMap<String, BTreeMap<String, String>> =
            theme.into_iter().filter_map(|f| parse(f, &mut diags)).collect();
        let mut by_lang = BTreeMap::new();
        for code in config.language_codes() {
            let own = table_of(&tables, code);
            // A language the theme does not speak gets its English strings (a site in Italian
            // builds as before), and a warning saying how to translate them.
            let over = config.translations_in(code);
            let fallback = || {
                let english = tables.get(FALLBACK)?;
                if !english.keys().all(|k| over.is_some_and(|o| o.contains_key(k))) {
                    diags.push(untranslated(code, config.book.language == code));
                }
                Some(english)
            };
            let mut strings = own.or_else(fallback).cloned().unwrap_or_default();
            if let Some(over) = over {
                strings.extend(over.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            by_lang.insert(code.to_string(), strings);
        }
        (Strings { by_lang, default: config.book.language.clone() }, diags)
    }

    /// The site's default language, which `trans` speaks when a call names none.
    pub fn default_language(&self) -> &str {
        &self.default
    }

    /// Every string of `lang`, by key.
    pub fn table(&self, lang: &str) -> Option<&BTreeMap<String, String>> {
        self.by_lang.get(lang)
    }

    /// The string `key` in `lang`, its `{name}` parts replaced by `args`.
    pub fn get(&self, key: &str, lang: &str, args: &[(&str, &str)]) -> Result<String, Missing> {
        let Some(table) = self.by_lang.get(lang) else {
            return Err(Missing::Language { key: key.into(), lang: lang.into() });
        };
        let Some(text) = table.get(key) else {
            let table =
                if lang == self.default { "[translations]".into() } else { format!("[languages.{lang}.translations]") };
            return Err(Missing::Key { key: key.into(), lang: lang.into(), table });
        };
        Ok(fill(text, args))
    }

    /// One of herald's own strings (a title, a breadcrumb, a card's label) in `lang`, else in
    /// the default language, else the built-in theme's English one: herald's own strings never
    /// fail a build.
    pub fn text(&self, key: &str, lang: &str, args: &[(&str, &str)]) -> String {
        self.get(key, lang, args).or_else(|_| self.get(key, &self.default, args)).unwrap_or_else(|_| {
            let english = BUILTIN_ENGLISH
                .get_or_init(|| toml::from_str(include_str!("../themes/default/i18n/en.toml")).unwrap_or_default());
            fill(english.get(key).map_or(key, String::as_str), args)
        })
    }

    /// [`Strings::text`] of `{key}_one` or `{key}_other` by how `count` is said in `lang`, with
    /// `{count}` filled in.
    pub fn count(&self, key: &str, lang: &str, count: usize, args: &[(&str, &str)]) -> String {
        let n = count.to_string();
        let mut all = vec![("count", n.as_str())];
        all.extend_from_slice(args);
        self.text(&format!("{key}_{}", plural_category(lang, count)), lang, &all)
    }
}

/// The built-in theme's English strings, parsed when first needed.
static BUILTIN_ENGLISH: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();

/// `text` with its `{name}` parts replaced by `args`.
fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The plural category (`one` or `other`) of `count` in the language `code`, by the CLDR rules
/// of the languages the default theme speaks: French and Portuguese say "0 article" as "1
/// article", Japanese and Chinese have no singular, the others (English, German, Spanish and
/// most) use `one` for 1 alone.
pub fn plural_category(code: &str, count: usize) -> &'static str {
    let primary = code.split('-').next().unwrap_or(code);
    let one = match primary {
        "fr" | "pt" => count <= 1,
        "ja" | "zh" | "ko" | "th" | "vi" | "id" => false,
        _ => count == 1,
    };
    if one {
        "one"
    } else {
        "other"
    }
}

/// The table of `code`, else that of its primary subtag.
fn table_of<'t>(
    tables: &'t BTreeMap<String, BTreeMap<String, String>>,
    code: &str,
) -> Option<&'t BTreeMap<String, String>> {
    let primary = code.split('-').next().unwrap_or(code);
    tables.get(code).or_else(|| tables.get(primary))
}

/// The language whose strings stand in for a language the theme has none for.
const FALLBACK: &str = "en";

/// The warning for a language of the site that the theme has no strings for.
fn untranslated(code: &str, is_default: bool) -> Diagnostic {
    let table = if is_default { "[translations]".to_string() } else { format!("[languages.{code}.translations]") };
    Diagnostic::file_warning("book.toml", format!("the theme has no strings in `{code}`: its English ones are used"))
        .with_help(format!("translate them under {table} in book.toml (the keys are those of the theme's i18n/en.toml), or add i18n/{code}.toml to the theme"))
}

/// One `i18n/<code>.toml`: (code, strings); a broken file is an error at its line.
fn parse(file: TableFile<'_>, diags: &mut Diagnostics) -> Option<(String, BTreeMap<String, String>)> {
    let code = file.name.strip_suffix(".toml")?;
    match toml::from_str::<BTreeMap<String, String>>(file.source) {
        Ok(table) => Some((code.to_string(), table)),
        Err(e) => {
            let (line, column) = e.span().map_or((1, 1), |s| crate::diagnostic::line_col(file.source, s.start));
            diags.push(
                Diagnostic::error(
                    file.origin,
                    line,
                    column,
                    format!("the theme's strings do not parse: {}", e.message()),
                )
                .with_help("write one `key = \"text\"` per line"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(toml: &str, tables: &[(&str, &str)]) -> Strings {
        let config = Config::parse(toml).unwrap();
        let files = tables.iter().map(|(name, source)| TableFile { name, origin: Path::new(name), source });
        Strings::new(files, &config).0
    }

    #[test]
    fn counts_take_the_plural_of_the_language() {
        let s = strings(
            "[book]\ntitle = \"T\"\n[languages.fr]\n[languages.ja]\n",
            &[
                ("en.toml", "n_one = \"{count} article\"\nn_other = \"{count} articles\""),
                ("fr.toml", "n_one = \"{count} article\"\nn_other = \"{count} articles\""),
                ("ja.toml", "n_one = \"{count} 件\"\nn_other = \"{count} 件の記事\""),
            ],
        );
        let say = |lang, n| s.count("n", lang, n, &[]);
        assert_eq!([say("en", 0), say("en", 1), say("en", 2)], ["0 articles", "1 article", "2 articles"]);
        assert_eq!([say("fr", 0), say("fr", 1), say("fr", 2)], ["0 article", "1 article", "2 articles"]);
        assert_eq!(say("ja", 1), "1 件の記事");
    }

    #[test]
    fn herald_s_own_strings_fall_back_to_the_default_language_then_built_in_english() {
        let s = strings(
            "[book]\ntitle = \"T\"\n[languages.fr]\n[languages.fr.translations]\ntags = \"Étiquettes\"\n",
            &[("en.toml", "only_en = \"Only {x}\"")],
        );
        assert_eq!(s.text("tags", "fr", &[]), "Étiquettes");
        assert_eq!(s.text("only_en", "fr", &[("x", "here")]), "Only here");
        assert_eq!(s.text("page_number", "fr", &[("number", "2")]), "Page 2");
        assert_eq!(s.text("no_such_key", "fr", &[]), "no_such_key");
        assert!(s.get("page_number", "fr", &[]).is_err(), "trans still names what the theme lacks");
    }
}
