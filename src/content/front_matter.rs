//! Front matter: the YAML between `---` lines at the top of a Markdown file.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::comparison::{Comparison, Place};
use crate::diagnostic::{did_you_mean, expected_fields, unknown_field, Diagnostic, Problem};
use crate::robots::{self, Robots};
use std::path::Path;

/// The keys a writer may set at the top of an article or section.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrontMatter {
    pub title: String,
    /// A shorter title for menus and breadcrumbs (`SMO` for "Social media optimization").
    #[serde(default)]
    pub short_title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    /// When an editor last checked the page against its sources (`lastReviewed` in JSON-LD).
    #[serde(default)]
    pub reviewed: Option<Date>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The page's own social image, relative to the page (bundles) or the site root.
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub image_alt: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub slug: Option<String>,
    /// Old URLs of this page, which redirect to it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// In a section's `_index.md`: list this many articles a page, on `page/2/`, `page/3/`, ...
    #[serde(default)]
    pub paginate_by: Option<usize>,
    /// A template to render this page with instead of `page.html`.
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub comparisons: Vec<Comparison>,
    #[serde(default)]
    pub faq: Vec<Faq>,
    /// Rule ids of `herald check` not reported for this page (`allow: [seo/title-length]`).
    #[serde(default)]
    pub allow: Vec<String>,
    /// `false` leaves the page out of the site's search index.
    #[serde(default)]
    pub search: Option<bool>,
    // --- robots (SEO controls) ---
    /// Directives for search engines (`noindex, max-snippet:50`), over `[seo] robots`.
    #[serde(default)]
    pub robots: Option<Robots>,
    // --- end robots ---
    // --- canonical and syndication (SEO controls) ---
    /// Where the page was first published, for `<link rel="canonical">` (an absolute URL).
    #[serde(default)]
    pub canonical: Option<AbsoluteUrl>,
    /// Where the page was cross-posted (`rel="syndication"`, JSON-LD `sameAs`).
    #[serde(default)]
    pub syndicated_to: Vec<AbsoluteUrl>,
    // --- end canonical and syndication ---
    // --- scheduling (SEO controls) ---
    /// When the article is taken down: from this instant on, builds leave it out.
    #[serde(default)]
    pub expires: Option<Date>,
    // --- end scheduling ---
    // --- languages ---
    /// What ties the translations of a page together when their file names differ: pages of
    /// different languages with the same key are translations of each other.
    #[serde(default)]
    pub translation_key: Option<String>,
    // --- end languages ---
    /// Free-form data for themes.
    #[serde(default)]
    pub extra: serde_json::Value,
}

impl FrontMatter {
    /// When the page last changed for a reader: the later of `updated` and `reviewed`, else
    /// `date`.
    pub fn modified(&self) -> Option<Date> {
        match (self.updated, self.reviewed) {
            (Some(u), Some(r)) => Some(if r.utc() > u.utc() { r } else { u }),
            (u, r) => u.or(r).or(self.date),
        }
    }
}

// --- canonical and syndication (SEO controls) ---
/// An absolute `http(s)` URL, as front matter `canonical` and `syndicated-to` take.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AbsoluteUrl(pub String);

impl AbsoluteUrl {
    /// `https://host/...` or `http://host/...`, with a host and no spaces.
    pub fn parse(s: &str) -> Option<AbsoluteUrl> {
        let s = s.trim();
        let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"))?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        (!host.is_empty() && !s.contains(char::is_whitespace)).then(|| AbsoluteUrl(s.to_string()))
    }

    /// The host without `www.` (`medium.com`), to name the site in links.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or(self.0.as_str(), |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        host.strip_prefix("www.").unwrap_or(host)
    }
}

impl<'de> Deserialize<'de> for AbsoluteUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        AbsoluteUrl::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not an absolute URL: write it whole, with https:// and the host, e.g. https://medium.com/@me/my-article"
            ))
        })
    }
}
// --- end canonical and syndication ---

/// One question and its answer (rendered as a FAQ and as FAQPage structured data).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub question: String,
    pub answer: String,
}

/// An ISO 8601 date, with or without a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub datetime: DateTime<FixedOffset>,
    /// `false` for a plain `2026-03-02`.
    pub has_time: bool,
}

impl Date {
    /// Parses `2026-03-02`, `2026-03-02T10:00:00Z`, `2026-03-02T10:00:00+02:00` or
    /// `2026-03-02 10:00:00` (taken as UTC).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        if let Ok(d) = DateTime::parse_from_rfc3339(s) {
            return Some(Date { datetime: d, has_time: true });
        }
        let utc = FixedOffset::east_opt(0)?;
        for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
            if let Ok(d) = NaiveDateTime::parse_from_str(s, fmt) {
                return Some(Date { datetime: utc.from_utc_datetime(&d), has_time: true });
            }
        }
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        Some(Date { datetime: utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?), has_time: false })
    }

    /// RFC 3339, as feeds and structured data want it.
    pub fn rfc3339(&self) -> String {
        self.datetime.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    /// `2026-03-02`.
    pub fn ymd(&self) -> String {
        let d = self.datetime.date_naive();
        if (0..=9999).contains(&d.year()) {
            // What `%Y-%m-%d` gives, without a formatter for each of the many dates that
            // listings and sitemaps print.
            let (y, m, day) = (d.year() as u32, d.month(), d.day());
            let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
            [
                digit(y / 1000),
                digit(y / 100),
                digit(y / 10),
                digit(y),
                '-',
                digit(m / 10),
                digit(m),
                '-',
                digit(day / 10),
                digit(day),
            ]
            .into_iter()
            .collect()
        } else {
            self.datetime.format("%Y-%m-%d").to_string()
        }
    }

    /// The instant in UTC, for sorting.
    pub fn utc(&self) -> DateTime<Utc> {
        self.datetime.with_timezone(&Utc)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_time {
            f.write_str(&self.rfc3339())
        } else {
            f.write_str(&self.ymd())
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not an ISO 8601 date: write it as 2026-03-02 or 2026-03-02T10:30:00Z"
            ))
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A Markdown file cut in two: its front matter and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The 1-based line of the file on which the body starts.
    pub body_line: usize,
}

const EXAMPLE: &str = "start the file with front matter, e.g.\n      ---\n      title: My article\n      description: What readers learn here.\n      ---";

/// Cuts `text` at its `---` lines.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(file, 1, 1, "the file has no front matter (it must start with a `---` line)")
            .with_help(EXAMPLE));
    }
    let mut offset = first_line_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        let current = text[offset..end].trim_end();
        if current == "---" || current == "..." {
            return Ok(Split {
                yaml: &text[first_line_end..offset],
                yaml_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(Diagnostic::error(file, 1, 1, "the front matter that starts here is never closed")
        .with_help("end the front matter with a line holding only `---`"))
}

/// Parses the YAML of a front matter, turning serde's errors into positioned diagnostics.
pub fn parse(file: &Path, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Err(Diagnostic::error(file, 1, 1, "the front matter is empty: `title` is required")
            .with_help("add a line `title: My article` between the `---` lines"));
    }
    super::yaml_guard::check(file, split)?;
    serde_yaml::from_str::<FrontMatter>(split.yaml).map_err(|e| yaml_error(file, split, &e))
}

fn yaml_error(file: &Path, split: &Split<'_>, e: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = e.location().map_or((split.yaml_line, 1), |l| {
        // YAML also breaks lines at a lone `\r`; the file's lines are counted at `\n`.
        let before = split.yaml.get(..l.index()).unwrap_or(split.yaml);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (before.matches('\n').count() + split.yaml_line, before[line_start..].chars().count() + 1)
    });
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; the diagnostic carries the position itself.
    let message = raw.split(" at line ").next().unwrap_or(&raw).trim().to_string();
    // serde_yaml places errors raised by a value's own parser (a bad date) at the document's
    // start; the value, quoted in the message, tells the line.
    // In a list, serde_yaml puts the key's path first: "syndicated-to: `dev.to/x` is ...".
    let unprefixed = match message.split_once(": `") {
        Some((path, _)) if !path.contains(' ') => &message[path.len() + 2..],
        _ => message.as_str(),
    };
    let quoted = unprefixed.strip_prefix('`').and_then(|m| m.split('`').next()).filter(|v| !v.is_empty());
    let (line, column) = quoted
        .and_then(|value| {
            let (i, l) = split.yaml.lines().enumerate().find(|(_, l)| l.contains(value))?;
            Some((i + split.yaml_line, l.find(value).map_or(1, |c| l[..c].chars().count() + 1)))
        })
        .unwrap_or((line, column));
    // serde_yaml's errors have no kind to match on: what went wrong is told by its wording.
    if let Some(key) = unknown_field(&message) {
        let expected = expected_fields(&message);
        let help = match did_you_mean(&key, expected.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the known keys are: {}; put free-form data under `extra`", expected.join(", ")),
        };
        return Diagnostic::error(file, line, column, Problem::UnknownFrontMatterKey { key }).with_help(help);
    }
    if let Some(key) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
        let help = format!("add a line `{key}: ...` between the `---` lines");
        let problem = Problem::MissingFrontMatterKey { key: key.to_string() };
        return Diagnostic::error(file, split.yaml_line - 1, 1, problem).with_help(help);
    }
    let help = if message.contains("is not a robots directive") {
        Some(robots::HELP)
    } else if message.contains("mapping values are not allowed") {
        Some("a value that holds `: ` must be quoted: `answer: \"Yes: ...\"`")
    } else if message.contains("invalid type") {
        Some("check the value's type: text in quotes, lists as `[a, b]`, numbers without quotes")
    } else {
        None
    };
    let d = Diagnostic::error(file, line, column, message);
    match help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// Finds the line and column, in the YAML, of a comparison or one of its rows, so that problems
/// found after parsing point at the right place. Reads block-style YAML as writers write it; for
/// other styles it falls back to the `comparisons:` line.
pub fn locate(yaml: &str, place: Place) -> (usize, usize) {
    let lines: Vec<&str> = yaml.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(start) = lines.iter().position(|l| indent(l) == 0 && l.trim_end().starts_with("comparisons:")) else {
        return (1, 1);
    };
    let fallback = (start + 1, 1);
    let block_end = (start + 1..lines.len())
        .find(|&i| indent(lines[i]) == 0 && !lines[i].trim().is_empty() && !lines[i].starts_with('-'))
        .unwrap_or(lines.len());
    let Some((item, item_col)) = nth_item(&lines, start + 1, block_end, place.comparison) else { return fallback };
    let Some(row) = place.row else { return (item + 1, item_col + 1) };
    let item_end = (item + 1..block_end)
        .find(|&i| indent(lines[i]) <= item_col && !lines[i].trim().is_empty())
        .unwrap_or(block_end);
    let Some(rows) = (item..item_end).find(|&i| {
        let t = lines[i].trim_start().trim_start_matches("- ").trim_start();
        t.starts_with("rows:")
    }) else {
        return (item + 1, item_col + 1);
    };
    match nth_item(&lines, rows + 1, item_end, row) {
        Some((l, c)) => (l + 1, c + 1),
        None => (rows + 1, 1),
    }
}

/// The (line index, column) of the `n`-th `- ` item at the shallowest indentation in a range.
fn nth_item(lines: &[&str], from: usize, to: usize, n: usize) -> Option<(usize, usize)> {
    let items: Vec<(usize, usize)> = (from..to)
        .filter_map(|i| {
            let t = lines[i].trim_start();
            (t.starts_with("- ") || t == "-").then(|| (i, lines[i].len() - t.len()))
        })
        .collect();
    let depth = items.iter().map(|&(_, c)| c).min()?;
    items.into_iter().filter(|&(_, c)| c == depth).nth(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;

    fn parse_str(text: &str) -> Result<FrontMatter, Diagnostic> {
        let s = split(Path::new("a.md"), text)?;
        parse(Path::new("a.md"), &s)
    }

    #[test]
    fn yaml_errors_point_at_lines_of_the_file_even_with_lone_carriage_returns() {
        // Found by fuzzing: YAML counted each `\r` as a line, giving line 9 of a 5-line file.
        let text = "---\ntitle: Guide\ndescription: listing \r\r\r\r\rits two articles.\n---\nThe guide.\n";
        let d = parse_str(text).unwrap_err();
        // Where YAML gave up: the end of the front matter, the file's fourth line.
        assert_eq!(d.position, Some(Position::new(4, 1)), "{d:?}");
    }

    #[test]
    fn splits_front_matter_and_body_with_lines() {
        let s = split(Path::new("a.md"), "---\ntitle: T\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: T\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split(Path::new("a.md"), "---\ntitle: T\nBody\n").unwrap_err();
        assert!(e.message().contains("never closed"));
        assert_eq!(e.line(), Some(1));
    }

    #[test]
    fn unknown_key_has_line_and_suggestion() {
        let e = parse_str("---\ntitle: T\ndescripton: x\n---\n").unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
        assert_eq!(*e.problem, Problem::UnknownFrontMatterKey { key: "descripton".into() });
        assert_eq!(e.message(), "`descripton` is not a front matter key");
        assert_eq!(e.help.as_deref(), Some("did you mean `description`?"));
    }

    #[test]
    fn bad_robots_directive_has_line_column_and_help() {
        let e = parse_str("---\ntitle: T\nrobots: noindex, max-snippet:many\n---\n").unwrap_err();
        assert_eq!(e.position, Some(Position::new(3, 18)), "{e}");
        assert!(e.message().starts_with("`max-snippet:many` is not a robots directive"), "{e}");
        assert_eq!(e.help.as_deref(), Some(robots::HELP));
        let fm = parse_str("---\ntitle: T\nrobots: [noindex, nofollow]\n---\n").unwrap();
        assert_eq!(fm.robots.unwrap().to_string(), "noindex, nofollow");
    }

    #[test]
    fn canonical_and_syndication_must_be_absolute_urls() {
        let fm = parse_str(
            "---\ntitle: T\ncanonical: https://medium.com/@me/post\nsyndicated-to: [https://www.dev.to/me/post]\n---\n",
        )
        .unwrap();
        assert_eq!(fm.canonical.unwrap().host(), "medium.com");
        assert_eq!(fm.syndicated_to[0].host(), "dev.to");
        let e = parse_str("---\ntitle: T\ncanonical: /smo/post/\n---\n").unwrap_err();
        assert_eq!(e.position, Some(Position::new(3, 12)), "{e}");
        assert!(e.message().contains("is not an absolute URL"), "{e}");
        let e = parse_str("---\ntitle: T\nsyndicated-to:\n  - https://dev.to/x\n  - dev.to/y\n---\n").unwrap_err();
        assert_eq!(e.line(), Some(5), "{e}");
    }

    #[test]
    fn bad_date_has_line() {
        let e = parse_str("---\ntitle: T\ndate: 2026-13-45\n---\n").unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
        assert!(e.message().contains("not an ISO 8601 date"), "{e}");
    }

    #[test]
    fn missing_title_points_at_front_matter() {
        let e = parse_str("---\ndescription: x\n---\n").unwrap_err();
        assert_eq!(*e.problem, Problem::MissingFrontMatterKey { key: "title".into() });
        assert_eq!(e.message(), "`title` is missing from the front matter");
        assert_eq!(e.line(), Some(1));
    }

    #[test]
    fn wrong_type_has_line() {
        let e = parse_str("---\ntitle: T\ntags: 3\nweight: heavy\n---\n").unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
    }

    #[test]
    fn malformed_yaml_has_line_and_column() {
        let e = parse_str("---\ntitle: T\ntags: [a, b\n---\n").unwrap_err();
        assert!(e.line() >= Some(3), "{e}");
    }

    #[test]
    fn locates_comparisons_and_rows() {
        let yaml = "title: T\ncomparisons:\n  - id: a\n    rows:\n      - aspect: x\n        values: [1, 2]\n      - aspect: y\n  - id: b\n    rows:\n    - aspect: z\ntags: [a]\n";
        assert_eq!(locate(yaml, Place { comparison: 0, row: None }), (3, 3));
        assert_eq!(locate(yaml, Place { comparison: 0, row: Some(1) }), (7, 7));
        assert_eq!(locate(yaml, Place { comparison: 1, row: Some(0) }), (10, 5));
    }

    #[test]
    fn modified_is_the_later_of_updated_and_reviewed() {
        let fm =
            parse_str("---\ntitle: T\ndate: 2026-01-01\nupdated: 2026-05-01\nreviewed: 2026-03-01\n---\n").unwrap();
        assert_eq!(fm.reviewed.unwrap().ymd(), "2026-03-01");
        assert_eq!(fm.modified().unwrap().ymd(), "2026-05-01");
        let fm = parse_str("---\ntitle: T\ndate: 2026-01-01\nreviewed: 2026-11-29\n---\n").unwrap();
        assert_eq!(fm.modified().unwrap().ymd(), "2026-11-29");
        let fm = parse_str("---\ntitle: T\ndate: 2026-01-01\n---\n").unwrap();
        assert_eq!(fm.modified().unwrap().ymd(), "2026-01-01");
        let e = parse_str("---\ntitle: T\nreviewed: last week\n---\n").unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
    }

    #[test]
    fn dates_parse_in_iso_forms() {
        assert_eq!(Date::parse("2026-03-02").unwrap().rfc3339(), "2026-03-02T00:00:00Z");
        assert_eq!(Date::parse("0987-03-02T23:30:00-02:00").unwrap().ymd(), "0987-03-02");
        assert_eq!(Date::parse("2026-03-02T10:00:00+02:00").unwrap().rfc3339(), "2026-03-02T10:00:00+02:00");
        assert!(Date::parse("March 2").is_none());
    }
}
