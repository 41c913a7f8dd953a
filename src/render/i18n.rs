//! The theme's fixed strings in the site's languages: the theme's `i18n/<code>.toml` tables
//! (the default theme ships English, French, German, Spanish, Portuguese, Japanese and Chinese),
//! under the overrides of book.toml (`[translations]`, `[languages.<code>.translations]`),
//! printed by the Tera function `trans(key="...", lang=site.language)`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

use super::theme::{self, TemplateFile};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The strings of each of the site's languages, by language code, then key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Strings {
    by_lang: BTreeMap<String, BTreeMap<String, String>>,
    default: String,
}

impl Strings {
    /// The theme's tables for the site's languages, with book.toml's overrides. A language
    /// without a table of its own takes that of its primary subtag (`pt` for `pt-BR`).
    pub fn load(root: &Path, config: &Config) -> (Strings, Diagnostics) {
        let (files, mut diags) = theme::load_i18n(root, config);
        let tables: BTreeMap<String, BTreeMap<String, String>> =
            files.iter().filter_map(|f| parse(f, &mut diags)).collect();
        let mut by_lang = BTreeMap::new();
        for code in config.language_codes() {
            let primary = code.split('-').next().unwrap_or(code);
            let own = tables.get(code).or_else(|| tables.get(primary));
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

    /// The string `key` in `lang`, its `{name}` parts replaced by `args`.
    pub fn get(&self, key: &str, lang: &str, args: &HashMap<String, Value>) -> Result<String, String> {
        let Some(table) = self.by_lang.get(lang) else {
            return Err(format!("`{lang}` is not a language of this site (trans(key=\"{key}\", lang=\"{lang}\"))"));
        };
        let Some(text) = table.get(key) else {
            return Err(format!(
                "no string `{key}` in the language `{lang}`: add `{key} = \"...\"` to {} in book.toml, or to the theme's i18n/{lang}.toml",
                if lang == self.default { "[translations]".to_string() } else { format!("[languages.{lang}.translations]") }
            ));
        };
        let mut out = text.clone();
        for (name, value) in args.iter().filter(|(n, _)| *n != "key" && *n != "lang") {
            let value = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out = out.replace(&format!("{{{name}}}"), &value);
        }
        Ok(out)
    }

    /// Registers `trans(key="...", lang="...", name=value...)` with Tera (`lang` defaults to the
    /// site's default language).
    pub fn register(&self, tera: &mut tera::Tera) {
        let strings = self.clone();
        tera.register_function("trans", move |args: &HashMap<String, Value>| {
            let key = args.get("key").and_then(Value::as_str).ok_or_else(|| {
                tera::Error::msg("trans needs `key`, e.g. trans(key=\"min_read\", lang=site.language)")
            })?;
            let lang = args.get("lang").and_then(Value::as_str).unwrap_or(&strings.default);
            strings.get(key, lang, args).map(Value::String).map_err(tera::Error::msg)
        });
    }
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
fn parse(file: &TemplateFile, diags: &mut Diagnostics) -> Option<(String, BTreeMap<String, String>)> {
    let code = file.name.strip_suffix(".toml")?;
    match toml::from_str::<BTreeMap<String, String>>(&file.source) {
        Ok(table) => Some((code.to_string(), table)),
        Err(e) => {
            let (line, column) = e.span().map_or((1, 1), |s| crate::diagnostic::line_col(&file.source, s.start));
            diags.push(
                Diagnostic::error(
                    &file.origin,
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

    #[test]
    fn every_shipped_language_has_every_key_of_english() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut config = Config::parse("[book]\ntitle = \"T\"\n").unwrap();
        for code in ["fr", "de", "es", "pt-BR", "ja", "zh"] {
            config.languages.insert(code.into(), Default::default());
        }
        let (strings, diags) = Strings::load(root, &config);
        assert!(diags.is_empty(), "{diags:?}");
        let english: Vec<&String> = strings.by_lang["en"].keys().collect();
        assert!(english.len() > 40);
        for (code, table) in &strings.by_lang {
            assert_eq!(table.keys().collect::<Vec<_>>(), english, "{code}");
            assert!(table.values().all(|v| !v.trim().is_empty()), "{code}");
        }
        let none = HashMap::new();
        assert_eq!(strings.get("on_this_page", "pt-BR", &none).unwrap(), "Nesta página");
        let args = HashMap::from([("minutes".to_string(), Value::from(4))]);
        assert_eq!(strings.get("min_read", "ja", &args).unwrap(), "4分で読めます");
    }

    #[test]
    fn book_toml_overrides_a_string_and_a_missing_one_names_key_and_language() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::parse(
            "[book]\ntitle = \"T\"\n[translations]\nmin_read = \"{minutes} minutes\"\n[languages.fr.translations]\ncustom = \"Perso\"\n",
        )
        .unwrap();
        let (strings, _) = Strings::load(root, &config);
        let args = HashMap::from([("minutes".to_string(), Value::from(2))]);
        assert_eq!(strings.get("min_read", "en", &args).unwrap(), "2 minutes");
        assert_eq!(strings.get("custom", "fr", &args).unwrap(), "Perso");
        let e = strings.get("custom", "en", &args).unwrap_err();
        assert!(e.contains("`custom`") && e.contains("`en`") && e.contains("[translations]"), "{e}");
    }
}
