//! Robots directives: the value of front matter `robots` and of `[seo] robots`, printed as
//! `<meta name="robots">`.
//!
//! A leaf value type shared by [`crate::config`] (the site's default) and [`crate::content`] (a
//! page's own): both parse the same text, so a directive is checked the same way in either.
//! The directives are Google's (<https://developers.google.com/search/docs/crawling-indexing/robots-meta-tag>).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The directives a page gives search engines. Each field is one kind of directive; a page's
/// own value of a kind wins over the site's default ([`Robots::over`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Robots {
    /// `index` (`Some(true)`) or `noindex` (`Some(false)`); `None` when not said.
    pub index: Option<bool>,
    /// `follow` or `nofollow`.
    pub follow: Option<bool>,
    pub noarchive: bool,
    pub nosnippet: bool,
    /// `max-snippet:N`, characters of text in results (`-1`: no limit).
    pub max_snippet: Option<i64>,
    pub max_image_preview: Option<ImagePreview>,
    /// `max-video-preview:N`, seconds (`-1`: no limit).
    pub max_video_preview: Option<i64>,
    /// `unavailable_after:DATE`, an ISO 8601 date as written.
    pub unavailable_after: Option<String>,
}

/// The largest image preview search results may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImagePreview {
    None,
    Standard,
    Large,
}

impl ImagePreview {
    fn as_str(self) -> &'static str {
        match self {
            ImagePreview::None => "none",
            ImagePreview::Standard => "standard",
            ImagePreview::Large => "large",
        }
    }
}

/// What the help of an error about a directive says.
pub const HELP: &str = "write directives separated by commas, from: noindex, nofollow, noarchive, nosnippet, \
     max-snippet:N, max-image-preview:none|standard|large, max-video-preview:N, unavailable_after:2026-12-31 \
     (and index, follow, all, none to override the site's `[seo] robots`)";

/// Why a directive was refused: the directive as written and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{directive}` is not a robots directive: {reason}")]
pub struct RobotsError {
    pub directive: String,
    pub reason: String,
}

const NAMES: [&str; 12] = [
    "index",
    "noindex",
    "follow",
    "nofollow",
    "all",
    "none",
    "noarchive",
    "nosnippet",
    "max-snippet",
    "max-image-preview",
    "max-video-preview",
    "unavailable_after",
];

impl Robots {
    /// Parses directives separated by commas (`noindex, max-snippet:50`); case does not matter.
    pub fn parse(text: &str) -> Result<Robots, RobotsError> {
        Robots::parse_all(text.split(','))
    }

    fn parse_all<'a>(directives: impl Iterator<Item = &'a str>) -> Result<Robots, RobotsError> {
        let mut r = Robots::default();
        for d in directives.map(str::trim).filter(|d| !d.is_empty()) {
            r.add(d)?;
        }
        Ok(r)
    }

    fn add(&mut self, directive: &str) -> Result<(), RobotsError> {
        let refuse = |reason: String| Err(RobotsError { directive: directive.to_string(), reason });
        let (name, value) = match directive.split_once(':') {
            Some((n, v)) => (n.trim().to_ascii_lowercase(), Some(v.trim())),
            None => (directive.to_ascii_lowercase(), None),
        };
        let number = |unit: &str| match value.map(str::parse::<i64>) {
            Some(Ok(n)) if n >= -1 => Ok(n),
            _ => Err(RobotsError {
                directive: directive.to_string(),
                reason: format!("`{name}` takes a number of {unit} (-1 for no limit), e.g. `{name}:160`"),
            }),
        };
        match (name.as_str(), value) {
            ("index", None) => self.index = Some(true),
            ("noindex", None) => self.index = Some(false),
            ("follow", None) => self.follow = Some(true),
            ("nofollow", None) => self.follow = Some(false),
            ("all", None) => (self.index, self.follow) = (Some(true), Some(true)),
            ("none", None) => (self.index, self.follow) = (Some(false), Some(false)),
            ("noarchive", None) => self.noarchive = true,
            ("nosnippet", None) => self.nosnippet = true,
            ("max-snippet", _) => self.max_snippet = Some(number("characters")?),
            ("max-video-preview", _) => self.max_video_preview = Some(number("seconds")?),
            ("max-image-preview", v) => {
                self.max_image_preview = Some(match v.map(str::to_ascii_lowercase).as_deref() {
                    Some("none") => ImagePreview::None,
                    Some("standard") => ImagePreview::Standard,
                    Some("large") => ImagePreview::Large,
                    _ => return refuse("`max-image-preview` is `none`, `standard` or `large`".into()),
                })
            }
            ("unavailable_after", Some(v)) if is_iso_date(v) => self.unavailable_after = Some(v.to_string()),
            ("unavailable_after", _) => {
                return refuse("`unavailable_after` takes an ISO 8601 date, e.g. `unavailable_after:2026-12-31`".into())
            }
            (n, Some(_)) if NAMES[..8].contains(&n) => return refuse(format!("`{n}` takes no value")),
            (n, _) => {
                let reason = match crate::diagnostic::did_you_mean(n, NAMES) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "herald knows noindex, nofollow, noarchive, nosnippet, max-snippet, \
                             max-image-preview, max-video-preview and unavailable_after"
                        .into(),
                };
                return refuse(reason);
            }
        }
        Ok(())
    }

    /// This page's directives, with the site's `default` for every kind the page does not set.
    pub fn over(&self, default: &Robots) -> Robots {
        Robots {
            index: self.index.or(default.index),
            follow: self.follow.or(default.follow),
            noarchive: self.noarchive || default.noarchive,
            nosnippet: self.nosnippet || default.nosnippet,
            max_snippet: self.max_snippet.or(default.max_snippet),
            max_image_preview: self.max_image_preview.or(default.max_image_preview),
            max_video_preview: self.max_video_preview.or(default.max_video_preview),
            unavailable_after: self.unavailable_after.clone().or_else(|| default.unavailable_after.clone()),
        }
    }

    /// Whether search engines are asked to leave the page out of their index.
    pub fn noindex(&self) -> bool {
        self.index == Some(false)
    }

    /// Whether the directives say nothing a crawler would not assume (`index`, `follow` are
    /// the defaults and are not printed).
    pub fn is_empty(&self) -> bool {
        self.to_string().is_empty()
    }
}

/// `2026-12-31`, or a date and time as RFC 3339 or without an offset.
fn is_iso_date(s: &str) -> bool {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    DateTime::parse_from_rfc3339(s).is_ok()
        || NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
        || NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok()
}

/// The `content` of `<meta name="robots">`, in a fixed order.
impl fmt::Display for Robots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if self.index == Some(false) {
            parts.push("noindex".into());
        }
        if self.follow == Some(false) {
            parts.push("nofollow".into());
        }
        if self.noarchive {
            parts.push("noarchive".into());
        }
        if self.nosnippet {
            parts.push("nosnippet".into());
        }
        if let Some(n) = self.max_snippet {
            parts.push(format!("max-snippet:{n}"));
        }
        if let Some(p) = self.max_image_preview {
            parts.push(format!("max-image-preview:{}", p.as_str()));
        }
        if let Some(n) = self.max_video_preview {
            parts.push(format!("max-video-preview:{n}"));
        }
        if let Some(d) = &self.unavailable_after {
            parts.push(format!("unavailable_after:{d}"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// Written as text (`noindex, max-snippet:50`) or as a list (`[noindex, "max-snippet:50"]`).
impl<'de> Deserialize<'de> for Robots {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        let parsed = match Raw::deserialize(deserializer)? {
            Raw::One(s) => Robots::parse(&s),
            Raw::Many(v) => Robots::parse_all(v.iter().map(String::as_str)),
        };
        parsed.map_err(serde::de::Error::custom)
    }
}

impl Serialize for Robots {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // `index` and `follow` are kept, so that a config read back is the one written.
        let mut text = self.to_string();
        for (set, word) in [(self.index == Some(true), "index"), (self.follow == Some(true), "follow")] {
            if set {
                text = if text.is_empty() { word.to_string() } else { format!("{word}, {text}") };
            }
        }
        serializer.serialize_str(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_directive_parses_and_prints_in_order() {
        let r = Robots::parse(
            "unavailable_after:2030-01-01, max-video-preview:-1, MAX-IMAGE-PREVIEW:standard, max-snippet:50, \
             nosnippet, noarchive, nofollow, noindex",
        )
        .unwrap();
        assert_eq!(
            r.to_string(),
            "noindex, nofollow, noarchive, nosnippet, max-snippet:50, max-image-preview:standard, \
             max-video-preview:-1, unavailable_after:2030-01-01"
        );
        assert!(r.noindex());
        assert_eq!(Robots::parse("none").unwrap().to_string(), "noindex, nofollow");
        assert!(Robots::parse(" , all").unwrap().is_empty());
    }

    #[test]
    fn bad_directives_say_what_is_wrong() {
        let e = Robots::parse("noindex, max-snipet:5").unwrap_err();
        assert_eq!(e.directive, "max-snipet:5");
        assert!(e.reason.contains("did you mean `max-snippet`?"), "{e}");
        for bad in
            ["max-snippet:lots", "max-snippet:-2", "max-image-preview:huge", "unavailable_after:soon", "noindex:1"]
        {
            let e = Robots::parse(bad).unwrap_err();
            assert_eq!(e.directive, bad);
        }
    }

    #[test]
    fn a_page_overrides_the_default_kind_by_kind() {
        let default = Robots::parse("noindex, max-image-preview:large, max-snippet:100").unwrap();
        let page = Robots::parse("index, max-snippet:20, noarchive").unwrap();
        assert_eq!(page.over(&default).to_string(), "noarchive, max-snippet:20, max-image-preview:large");
        assert!(Robots::default().over(&default).noindex());
    }

    #[test]
    fn reads_text_or_a_list_and_writes_text() {
        let r: Robots = serde_yaml::from_str("[noindex, \"max-snippet:5\"]").unwrap();
        assert_eq!(r.to_string(), "noindex, max-snippet:5");
        let e = serde_yaml::from_str::<Robots>("\"noindx\"").unwrap_err();
        assert!(e.to_string().starts_with("`noindx` is not a robots directive"), "{e}");
        let r = Robots::parse("index, nofollow").unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"index, nofollow\"");
    }
}
