//! The truncation rules of search results and link previews: cuts by pixel width (with the
//! [`metrics`](super::metrics) of Arial), by characters, by lines of a box, and the
//! breadcrumb-style URL of a search result.
//!
//! Cuts fall between words when a word boundary is near (as Google's and the networks' do),
//! else between characters, and end in an ellipsis that counts against the limit.

use super::metrics::width;

/// What ends a cut text.
pub const ELLIPSIS: &str = " ...";

/// A text as shown, and whether it was cut.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cut {
    pub text: String,
    pub cut: bool,
}

impl Cut {
    fn whole(text: &str) -> Cut {
        Cut { text: text.to_string(), cut: false }
    }
}

/// Whitespace runs as one space, trimmed: how a browser shows a title.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to `max_px` pixels of Arial at `size` px.
pub fn pixels(text: &str, size: f32, max_px: f32) -> Cut {
    let text = collapse(text);
    if width(&text, size) <= max_px {
        return Cut::whole(&text);
    }
    let fits = |prefix: &str| width(&format!("{prefix}{ELLIPSIS}"), size) <= max_px;
    Cut { text: format!("{}{ELLIPSIS}", longest(&text, fits)), cut: true }
}

/// `text` cut to `max` characters (the ellipsis included).
pub fn chars(text: &str, max: usize) -> Cut {
    let text = collapse(text);
    if text.chars().count() <= max {
        return Cut::whole(&text);
    }
    let room = max.saturating_sub(ELLIPSIS.chars().count());
    let fits = |prefix: &str| prefix.chars().count() <= room;
    Cut { text: format!("{}{ELLIPSIS}", longest(&text, fits)), cut: true }
}

/// `text` cut to both `max_px` pixels (at `size` px) and `max_chars` characters, whichever is
/// shorter: Google's description rule.
pub fn pixels_and_chars(text: &str, size: f32, max_px: f32, max_chars: usize) -> Cut {
    let by_px = pixels(text, size, max_px);
    let by_chars = chars(text, max_chars);
    if by_chars.text.chars().count() < by_px.text.chars().count() {
        by_chars
    } else {
        by_px
    }
}

/// `text` wrapped into lines `line_px` wide (at `size` px), cut after `lines` lines: a box
/// with a line clamp, as phones show titles.
pub fn lines(text: &str, size: f32, line_px: f32, lines: usize) -> Cut {
    let text = collapse(text);
    let mut rest = text.as_str();
    let mut shown = Vec::new();
    while !rest.is_empty() && shown.len() + 1 < lines {
        let line = longest(rest, |p| width(p, size) <= line_px);
        let line = if line.is_empty() { first_char(rest) } else { line };
        shown.push(line.trim_end());
        rest = rest[line.len()..].trim_start();
    }
    if rest.is_empty() {
        return Cut::whole(&text);
    }
    let last = pixels(rest, size, line_px);
    let cut = last.cut;
    shown.push(&last.text);
    Cut { text: shown.join(" "), cut }
}

/// The longest prefix of `text` that `fits`: up to a word's end when one is in the last fifth
/// of it (a word boundary near the limit), else up to a character.
fn longest(text: &str, fits: impl Fn(&str) -> bool) -> &str {
    let mut best = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if !fits(&text[..end]) {
            break;
        }
        best = end;
    }
    if best == text.len() {
        return text;
    }
    let prefix = &text[..best];
    // Only a space after the prefix keeps its last word whole.
    if text[best..].starts_with(' ') {
        return prefix.trim_end();
    }
    match prefix.rfind(' ') {
        Some(space) if prefix[..space].chars().count() * 5 >= prefix.chars().count() * 4 => prefix[..space].trim_end(),
        _ => prefix,
    }
}

fn first_char(text: &str) -> &str {
    text.char_indices().nth(1).map_or(text, |(i, _)| &text[..i])
}

/// The URL as Google's desktop results show it: `https://example.org › smo › what-is-smo`,
/// the host without `www.`, each path segment decoded, the query and fragment dropped.
pub fn breadcrumb(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.strip_prefix("www.").unwrap_or(host);
    let mut out = format!("{scheme}://{host}");
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        out.push_str(" › ");
        out.push_str(&percent_encoding::percent_decode_str(segment).decode_utf8_lossy());
    }
    out
}

/// The host of `url`, without `www.`: what link previews show as the site.
pub fn domain(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_that_fits_600_px_is_whole() {
        // 52 characters of Arial 20 px: about 470 px.
        let title = "Bhargava's five SMO rules, applied today | Herald";
        let c = pixels(title, 20.0, 600.0);
        assert_eq!(c, Cut { text: title.into(), cut: false });
    }

    #[test]
    fn a_long_title_is_cut_on_a_word_within_600_px() {
        let title = "Social media optimization explained: the complete beginner's guide to shares, cards and reach";
        let c = pixels(title, 20.0, 600.0);
        assert!(c.cut);
        assert_eq!(c.text, "Social media optimization explained: the complete beginner's ...");
        assert!(width(&c.text, 20.0) <= 600.0);
        // One more word would not fit.
        assert!(width("Social media optimization explained: the complete beginner's guide ...", 20.0) > 600.0);
    }

    #[test]
    fn narrow_letters_fit_more_characters_than_wide_ones() {
        // The pixel rule, not a character count: 70 `i` fit in 600 px, 70 `W` do not.
        let narrow = "i".repeat(70);
        assert!(!pixels(&narrow, 20.0, 600.0).cut);
        let wide = pixels(&"W".repeat(70), 20.0, 600.0);
        assert!(wide.cut);
        // `W` is 1933/2048 em: 18.88 px at 20 px; 30 of them and " ..." fit in 600 px.
        assert_eq!(wide.text, format!("{} ...", "W".repeat(30)));
    }

    #[test]
    fn cjk_counts_one_em_a_character() {
        // 30 characters of 20 px fill 600 px exactly; a 31st does not fit.
        let title = "日本語のタイトルは一文字ずつ全角の幅で数えられるので三十文字で六百ピクセルになり後は切れる";
        let c = pixels(title, 20.0, 600.0);
        assert!(c.cut);
        let shown = c.text.strip_suffix(ELLIPSIS).unwrap();
        assert!(width(&c.text, 20.0) <= 600.0, "{}", c.text);
        // No spaces to cut at: it is cut between characters, 28 of them beside " ...".
        assert_eq!(shown.chars().count(), 28);
        assert!(title.starts_with(shown));
    }

    #[test]
    fn cyrillic_is_measured_from_the_font() {
        let title = "Оптимизация для социальных сетей: полное руководство для начинающих авторов";
        let c = pixels(title, 20.0, 600.0);
        assert!(c.cut);
        assert_eq!(c.text, "Оптимизация для социальных сетей: полное руководство ...");
    }

    #[test]
    fn a_description_is_cut_at_160_characters_or_920_px() {
        let d = "Each of Rohit Bhargava's five 2006 rules of social media optimization, what it meant at the time, and what it asks of a website owner today, with examples and a checklist.";
        assert_eq!(d.chars().count(), 171);
        let c = pixels_and_chars(d, 14.0, 920.0, 160);
        assert!(c.cut);
        // 160 characters would end at "with examples", but 920 px of Arial 14 px come first.
        let by_chars = chars(d, 160).text;
        assert!(by_chars.ends_with("today, with examples ..."), "{by_chars}");
        assert_eq!(
            c.text,
            "Each of Rohit Bhargava's five 2006 rules of social media optimization, what it meant at the time, and what it asks of a website owner today, with ..."
        );
        assert!(width(&c.text, 14.0) <= 920.0);
        assert!(width(&c.text.replace("with ...", "with examples ..."), 14.0) > 920.0);
        // Wide capitals reach 920 px long before 160 characters.
        let caps = "WWWW ".repeat(40);
        let c = pixels_and_chars(&caps, 14.0, 920.0, 160);
        assert!(width(&c.text, 14.0) <= 920.0 && c.text.chars().count() < 100, "{}", c.text);
        let short = "A short description that fits.";
        assert_eq!(pixels_and_chars(short, 14.0, 920.0, 160), Cut { text: short.into(), cut: false });
    }

    #[test]
    fn characters_cut_counts_the_ellipsis() {
        assert_eq!(chars("one two three four", 12).text, "one two ...");
        assert_eq!(chars("  spaced   out  ", 40).text, "spaced out");
    }

    #[test]
    fn lines_wrap_then_clamp() {
        let title = "Social media optimization explained: the complete beginner's guide to shares, cards and reach on every network";
        let c = lines(title, 20.0, 330.0, 2);
        assert!(c.cut);
        assert!(c.text.starts_with("Social media optimization"));
        assert!(c.text.ends_with(ELLIPSIS));
        assert!(!lines("Short title", 20.0, 330.0, 2).cut);
    }

    #[test]
    fn breadcrumbs_and_domains() {
        assert_eq!(breadcrumb("https://www.example.org/smo/what-is-smo/"), "https://example.org › smo › what-is-smo");
        assert_eq!(breadcrumb("https://example.org/"), "https://example.org");
        assert_eq!(breadcrumb("https://example.org/guide/caf%C3%A9/?a=1#x"), "https://example.org › guide › café");
        assert_eq!(breadcrumb("https://例え.jp/記事/"), "https://例え.jp › 記事");
        assert_eq!(domain("https://www.example.org/smo/"), "example.org");
        assert_eq!(domain("http://127.0.0.1:3000/x"), "127.0.0.1:3000");
    }
}
