//! `trans(key="...", lang=site.language, name=value...)`: the Tera function that prints the
//! theme's strings (see [`crate::i18n`]) in a page's language.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::theme::{self, TemplateFile};
use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::i18n::{Strings, TableFile};

/// The theme's string tables for `config`'s languages.
pub fn load(root: &Path, config: &Config) -> (Strings, Diagnostics) {
    let (files, mut diags) = theme::load_i18n(root, config);
    let (strings, more) = Strings::new(files.iter().map(table), config);
    diags.extend(more);
    (strings, diags)
}

fn table(f: &TemplateFile) -> TableFile<'_> {
    TableFile { name: &f.name, origin: &f.origin, source: &f.source }
}

/// Registers `trans(key="...", lang="...", name=value...)` with Tera (`lang` defaults to the
/// site's default language). With a number `count`, a key that has plural forms gives the one
/// the language says that number with (`article_count` is `article_count_one` or `_other`).
pub fn register(strings: &Arc<Strings>, tera: &mut tera::Tera) {
    let strings = Arc::clone(strings);
    tera.register_function("trans", move |args: &HashMap<String, Value>| {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("trans needs `key`, e.g. trans(key=\"min_read\", lang=site.language)"))?;
        let lang = args.get("lang").and_then(Value::as_str).unwrap_or(strings.default_language());
        let plural = args
            .get("count")
            .and_then(Value::as_u64)
            .map(|n| format!("{key}_{}", crate::i18n::plural_category(lang, usize::try_from(n).unwrap_or(usize::MAX))));
        let key = match &plural {
            Some(k) if strings.table(lang).is_some_and(|t| t.contains_key(k)) => k.as_str(),
            _ => key,
        };
        let values: Vec<(&str, String)> = args
            .iter()
            .filter(|(n, _)| *n != "key" && *n != "lang")
            .map(|(n, v)| (n.as_str(), v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            .collect();
        let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        strings.get(key, lang, &values).map(Value::String).map_err(|e| tera::Error::msg(e.to_string()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Missing;

    #[test]
    fn every_shipped_language_has_every_key_of_english() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut config = Config::parse("[book]\ntitle = \"T\"\n").unwrap();
        for code in ["fr", "de", "es", "pt-BR", "ja", "zh"] {
            config.languages.insert(code.into(), Default::default());
        }
        let (strings, diags) = load(root, &config);
        assert!(diags.is_empty(), "{diags:?}");
        let english: Vec<&String> = strings.table("en").unwrap().keys().collect();
        assert!(english.len() > 40);
        for code in config.language_codes() {
            let table = strings.table(code).unwrap();
            assert_eq!(table.keys().collect::<Vec<_>>(), english, "{code}");
            assert!(table.values().all(|v| !v.trim().is_empty()), "{code}");
        }
        assert_eq!(strings.get("on_this_page", "pt-BR", &[]).unwrap(), "Nesta página");
        assert_eq!(strings.get("min_read", "ja", &[("minutes", "4")]).unwrap(), "4分で読めます");
    }

    #[test]
    fn book_toml_overrides_a_string_and_a_missing_one_names_key_and_language() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::parse(
            "[book]\ntitle = \"T\"\n[translations]\nmin_read = \"{minutes} minutes\"\n[languages.fr.translations]\ncustom = \"Perso\"\n",
        )
        .unwrap();
        let (strings, _) = load(root, &config);
        let args = [("minutes", "2")];
        assert_eq!(strings.get("min_read", "en", &args).unwrap(), "2 minutes");
        assert_eq!(strings.get("custom", "fr", &args).unwrap(), "Perso");
        let e = strings.get("custom", "en", &args).unwrap_err();
        assert_eq!(e, Missing::Key { key: "custom".into(), lang: "en".into(), table: "[translations]".into() });
        assert!(e.to_string().contains("`custom`") && e.to_string().contains("`en`"), "{e}");
    }
}
