//! The one slug function: page, section, tag and heading names become URL parts and ids by the
//! site's `[site] slugify` rule.

use crate::config::Slugify;

/// The slug of `text` under `rule`; empty when nothing of `text` can stand in a URL.
///
/// - `on`: ASCII by transliteration (`日本語` -> `ri-ben-yu`), as the `slug` crate does.
/// - `safe`: letters and digits of every script kept, lowercased; every run of other characters
///   becomes one `-`, except apostrophes, which are dropped (`Don't` -> `dont`).
/// - `off`: the text as written, without the characters no path, URL or Windows file name can
///   hold (`<>:"/\|?*#%`, controls); whitespace becomes `-`, since no id or URL may hold it.
pub fn slugify(text: &str, rule: Slugify) -> String {
    match rule {
        Slugify::On => slug::slugify(text),
        Slugify::Safe => safe(text),
        Slugify::Off => off(text),
    }
}

fn safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        // Most slugs are ASCII: their characters skip the Unicode tables.
        let keep = match c.is_ascii() {
            true => c.is_ascii_alphanumeric() || c == '_',
            false => c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c),
        };
        if keep {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            match c.is_ascii() {
                true => out.push(c.to_ascii_lowercase()),
                false => out.extend(c.to_lowercase()),
            }
        } else if !matches!(c, '\'' | '’' | 'ʼ') {
            gap = true;
        }
    }
    out
}

fn off(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else if !c.is_control() && !matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' | '#' | '%') {
            out.push(c);
        }
    }
    // Windows drops a trailing dot from a file name, so the folder would not match its URL.
    let kept = out.trim_end_matches(['.', '-']).len();
    out.truncate(kept);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_keeps_its_script_unless_on() {
        assert_eq!(slugify("日本語の記事", Slugify::Safe), "日本語の記事");
        assert_eq!(slugify("日本語の記事", Slugify::Off), "日本語の記事");
        assert_eq!(slugify("日本語の記事", Slugify::On), "ri-ben-yu-noji-shi");
        assert_eq!(slugify("「検索」とは？", Slugify::Safe), "検索-とは");
    }

    #[test]
    fn french_accents_stay_under_safe_and_off() {
        assert_eq!(slugify("Été à Paris : un café", Slugify::Safe), "été-à-paris-un-café");
        assert_eq!(slugify("Été à Paris : un café", Slugify::Off), "Été-à-Paris-un-café");
        assert_eq!(slugify("Été à Paris : un café", Slugify::On), "ete-a-paris-un-cafe");
    }

    #[test]
    fn ascii_titles_slug_alike_under_on_and_safe() {
        for title in ["What is SMO?", "SMO vs. SMM: the difference", "Open Graph", "Step 1 -- setup", "  Lead  "] {
            assert_eq!(slugify(title, Slugify::Safe), slugify(title, Slugify::On), "{title}");
        }
        assert_eq!(slugify("Don't panic", Slugify::Safe), "dont-panic");
        assert_eq!(slugify("snake_case", Slugify::Safe), "snake_case");
    }

    #[test]
    fn combining_marks_are_part_of_words() {
        // Devanagari vowel signs and the virama are marks, not separators.
        assert_eq!(slugify("हिन्दी भाषा", Slugify::Safe), "हिन्दी-भाषा");
        assert_eq!(slugify("e\u{301}te\u{301}", Slugify::Safe), "e\u{301}te\u{301}");
    }

    #[test]
    fn off_removes_only_what_no_path_can_hold() {
        assert_eq!(slugify("What is SMO? A/B <test>.", Slugify::Off), "What-is-SMO-AB-test");
        assert_eq!(slugify("?#%", Slugify::Off), "");
        assert_eq!(slugify("?#%", Slugify::Safe), "");
    }
}
