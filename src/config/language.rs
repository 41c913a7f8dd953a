//! What herald needs to know of a language tag (BCP 47) to print a page in it.

/// Scripts written right to left (ISO 15924 codes): Arabic, Hebrew, Syriac, Thaana, N'Ko,
/// Adlam, Hanifi Rohingya, Mandaic, Samaritan.
const RTL_SCRIPTS: [&str; 9] = ["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand", "samr"];

/// Languages whose usual script is written right to left: Arabic, Aramaic, Sorani Kurdish,
/// Dhivehi, Persian, Hebrew (and its old code `iw`), Kashmiri, Pashto, Sindhi, Syriac, Uyghur,
/// Urdu, Yiddish.
const RTL_LANGUAGES: [&str; 14] =
    ["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"];

/// Whether text in `language` (`ar`, `he-IL`, `az-Arab`) runs right to left: by its script
/// subtag when it has one (`ar-Latn` does not), else by the language's usual script.
pub fn is_rtl(language: &str) -> bool {
    let mut subtags = language.split(['-', '_']);
    let primary = subtags.next().unwrap_or("").to_ascii_lowercase();
    match subtags.find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic())) {
        Some(script) => RTL_SCRIPTS.contains(&script.to_ascii_lowercase().as_str()),
        None => RTL_LANGUAGES.contains(&primary.as_str()),
    }
}

/// The `dir` attribute of text in `language`: `rtl` or `ltr`.
pub fn direction(language: &str) -> &'static str {
    if is_rtl(language) {
        "rtl"
    } else {
        "ltr"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_and_hebrew_run_right_to_left() {
        for tag in ["ar", "AR-eg", "he", "he-IL", "fa", "ur-PK", "az-Arab", "pa-Arab-PK", "yi"] {
            assert!(is_rtl(tag), "{tag}");
        }
        for tag in ["en", "en-US", "fr", "ja", "zh-Hant", "ar-Latn", "", "x"] {
            assert!(!is_rtl(tag), "{tag}");
        }
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("de"), "ltr");
    }
}
