//! `book.toml`: the site's configuration.
//!
//! Keys are kebab-case as in mdBook. `[book]` holds what mdBook's does; `[site]`, `[social]`,
//! `[markdown]`, `[feeds]`, `[seo]`, `[authors.<id>]` and `[serve]` are herald's. Every key but `[book] title` has a default, and an
//! unknown key is an error that names it, with its line and a close suggestion.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub mod editor;
pub mod images;
pub mod language;
pub mod languages;
use crate::robots::{ImagePreview, Robots};
pub use editor::Editor;

use crate::diagnostic::{
    did_you_mean, expected_fields, line_col, unknown_field, Diagnostic, Position, Problem, Severity,
};

/// The name of the config file at the site root.
pub const CONFIG_FILE: &str = "book.toml";

/// The whole of `book.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Config {
    pub book: Book,
    pub site: Site,
    pub social: Social,
    pub markdown: Markdown,
    pub serve: Serve,
    pub build: Build,
    pub check: Check,
    pub feeds: Feeds,
    pub search: Search,
    /// `[authors.<id>]`: the people who write the site, by the id front matter `authors` names.
    pub authors: BTreeMap<String, Author>,
    pub seo: Seo,
    /// `[images]`: the responsive variants of raster images.
    pub images: images::Images,
    // --- languages ---
    /// `[languages.<code>]`: the site's languages besides `[book] language`.
    pub languages: BTreeMap<String, languages::Language>,
    /// `[translations]`: the theme's strings in the default language, by key, over the theme's.
    pub translations: BTreeMap<String, String>,
    // --- end languages ---
}

/// `[book]`: what the site is, as in mdBook.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Book {
    pub title: String,
    pub description: String,
    pub authors: Vec<String>,
    /// A BCP 47 language tag (`en`, `en-GB`, `fr`).
    pub language: String,
}

/// `[site]`: where and how the site is published.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Site {
    /// The absolute URL the site is served from, with any sub-path (`https://example.org/guide/`).
    pub base_url: String,
    /// The theme's folder name under `themes/`; `default` falls back to the built-in theme.
    pub theme: String,
    /// Where `herald build` writes, relative to the site root.
    pub output_dir: PathBuf,
    /// The `<title>` of pages below home; `{page}` and `{site}` are replaced.
    pub title_pattern: String,
    /// How many articles the home page and feeds list.
    pub feed_limit: usize,
    /// Articles a page for sections and tag pages (0: every listing on one page); a section's
    /// own `paginate-by` wins.
    pub paginate_by: usize,
    /// Paths (below the site, e.g. `/drafts/`) that `robots.txt` asks crawlers not to fetch.
    pub robots_disallow: Vec<String>,
    /// A custom domain for GitHub Pages, written to a `CNAME` file (`guide.example.org`).
    pub cname: String,
    /// Writes `.nojekyll`, so GitHub Pages publishes the output as it is.
    pub nojekyll: bool,
    /// Writes `_headers` (Netlify, Cloudflare Pages): long cache lifetimes for fingerprinted
    /// assets, revalidation for pages.
    pub headers: bool,
    /// Writes `_redirects` (Netlify, Cloudflare Pages) with a 301 for each alias.
    pub redirects: bool,
    /// How many related articles each article lists (0: none).
    pub related: usize,
    /// How titles, file names, folders, tags and headings become URL parts and ids.
    pub slugify: Slugify,
}

/// `[site] slugify`: the rule of [`crate::content::slug::slugify`].
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Slugify {
    /// ASCII by transliteration (`日本語` -> `ri-ben-yu`).
    On,
    /// Letters of every script, lowercased; other characters become `-`.
    #[default]
    Safe,
    /// The text as written, without what no path can hold.
    Off,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            base_url: "http://localhost:3000/".into(),
            theme: "default".into(),
            output_dir: PathBuf::from("public"),
            title_pattern: "{page} | {site}".into(),
            feed_limit: 20,
            paginate_by: 0,
            robots_disallow: Vec::new(),
            cname: String::new(),
            nojekyll: true,
            headers: true,
            redirects: true,
            related: 3,
            slugify: Slugify::Safe,
        }
    }
}

/// The share networks herald knows, in their default order (`[social] share`).
pub const SHARE_NETWORKS: [&str; 10] =
    ["x", "facebook", "linkedin", "reddit", "hackernews", "bluesky", "mastodon", "telegram", "whatsapp", "email"];

/// `[social]`: accounts, share buttons and the look of social cards.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Social {
    /// The site's own X/Twitter handle, for `twitter:site` (`@herald`).
    pub x_handle: String,
    /// Default authors' X handles by author name, for `twitter:creator`.
    pub author_handles: BTreeMap<String, String>,
    /// An image for pages that have none: a file of `static/` (`img/share.png` or
    /// `static/img/share.png`); when empty, herald draws a social card for each page.
    pub default_image: String,
    /// The alt text of `default-image` (the site's title when empty).
    pub default_image_alt: String,
    /// The share buttons, in order.
    pub share: Vec<String>,
    /// Hashtags added to every share where the network takes them.
    pub hashtags: Vec<String>,
    /// The Mastodon instance for the share button; empty lets the reader pick one.
    pub mastodon_instance: String,
    /// Profiles to follow, by network name (`x`, `linkedin`, `mastodon`, ... or any label) to URL.
    pub profiles: BTreeMap<String, String>,
    /// Who publishes the site in structured data: `organization` (named after the site) or
    /// `person` (the first of `[book] authors`).
    pub publisher: String,
    /// Campaign parameters on shared URLs.
    pub utm: bool,
    pub utm_medium: String,
    pub utm_campaign: String,
    /// Social card colours (CSS hex).
    pub card_background: String,
    pub card_foreground: String,
    pub card_accent: String,
    // --- verification and platform tags (SEO controls) ---
    /// Google Search Console's token, `<meta name="google-site-verification">` on the home page.
    pub google_site_verification: String,
    /// Bing Webmaster Tools' token, `<meta name="msvalidate.01">` on the home page.
    pub bing_site_verification: String,
    /// Yandex Webmaster's token, `<meta name="yandex-verification">` on the home page.
    pub yandex_verification: String,
    /// Pinterest's token, `<meta name="p:domain_verify">` on the home page.
    pub pinterest_verification: String,
    /// Meta Business Manager's token, `<meta name="facebook-domain-verification">` on the home
    /// page.
    pub facebook_domain_verification: String,
    /// The Facebook app id, `fb:app_id` on every page (for Facebook's insights).
    pub facebook_app_id: String,
    /// The site's Facebook page URL, `article:publisher` on articles.
    pub facebook_page: String,
    // --- end verification and platform tags ---
}

impl Default for Social {
    fn default() -> Self {
        Social {
            x_handle: String::new(),
            author_handles: BTreeMap::new(),
            default_image: String::new(),
            default_image_alt: String::new(),
            share: SHARE_NETWORKS.map(String::from).to_vec(),
            hashtags: Vec::new(),
            mastodon_instance: String::new(),
            profiles: BTreeMap::new(),
            publisher: "organization".into(),
            utm: false,
            utm_medium: "social".into(),
            utm_campaign: "share".into(),
            card_background: "#12263a".into(),
            card_foreground: "#ffffff".into(),
            card_accent: "#f4b942".into(),
            google_site_verification: String::new(),
            bing_site_verification: String::new(),
            yandex_verification: String::new(),
            pinterest_verification: String::new(),
            facebook_domain_verification: String::new(),
            facebook_app_id: String::new(),
            facebook_page: String::new(),
        }
    }
}

/// `[markdown]`: how articles are turned into HTML.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Markdown {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// Words read per minute, for reading time.
    pub words_per_minute: usize,
    /// Articles with at least this many headings show a table of contents.
    pub toc_min_headings: usize,
    /// Colours fenced code blocks at build time (CSS classes; no JavaScript).
    pub highlight: bool,
    /// The highlighting theme for light colour schemes (a syntect theme name). The Coldark
    /// pair is the default because every colour in it meets WCAG AA contrast.
    pub highlight_theme: String,
    /// The highlighting theme for readers who prefer a dark colour scheme.
    pub highlight_theme_dark: String,
    /// Renders `$...$` and `$$...$$` as MathML.
    pub math: bool,
}

impl Default for Markdown {
    fn default() -> Self {
        Markdown {
            smart_punctuation: true,
            words_per_minute: 220,
            toc_min_headings: 3,
            highlight: true,
            highlight_theme: "Coldark-Cold".into(),
            highlight_theme_dark: "Coldark-Dark".into(),
            math: false,
        }
    }
}

/// `[build]`: what is done to the output before it is written.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Build {
    /// Puts a hash of their content in the names of CSS and JS files, so hosts can cache them
    /// forever.
    pub fingerprint: bool,
    /// Minifies HTML, CSS and JS.
    pub minify: bool,
    /// Writes `.gz` and `.br` files beside each text file, for hosts that serve them.
    pub precompress: bool,
}

impl Default for Build {
    fn default() -> Self {
        Build { fingerprint: true, minify: false, precompress: false }
    }
}

/// `[search]`: the site's search index (Pagefind) and the search page.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Search {
    /// Builds the index under `/pagefind/` and the search page at `/search/`.
    pub enabled: bool,
    /// Sections (folders below `content/`, with their subsections) left out of the index.
    pub exclude_sections: Vec<String>,
}

impl Default for Search {
    fn default() -> Self {
        Search { enabled: true, exclude_sections: Vec::new() }
    }
}

/// `[seo]`: site-wide controls of what search engines do with the pages.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Seo {
    /// The robots directives of every page; a page's front matter `robots` overrides them kind by
    /// kind. `max-image-preview:large` lets Google Discover and results show large images.
    pub robots: Robots,
}

impl Default for Seo {
    fn default() -> Self {
        Seo { robots: Robots { max_image_preview: Some(ImagePreview::Large), ..Robots::default() } }
    }
}

/// `[check]`: how loudly `herald check` (and `build`, for the rules that fail it) reports each
/// rule.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Check {
    /// A level per rule id, as clippy's lint levels: `"seo/title-length" = "allow"`.
    pub levels: BTreeMap<String, Level>,
    /// URLs `check --external` never fetches: a prefix, or a pattern where `*` is any text.
    pub skip_external: Vec<String>,
    /// How long an external URL that answered well is not fetched again (0: always fetch).
    pub external_cache_hours: u64,
    /// Seconds an external URL has to answer.
    pub external_timeout: u64,
}

impl Default for Check {
    fn default() -> Self {
        Check { levels: BTreeMap::new(), skip_external: Vec::new(), external_cache_hours: 24, external_timeout: 10 }
    }
}

/// How a rule's findings are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// A warning: reported, fails only under `--strict`.
    Warn,
    /// An error: fails `check` and `build`.
    Deny,
}

/// `[feeds]`: which feeds of the newest dated articles are written, and what their items carry.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Feeds {
    /// `atom.xml`: Atom (RFC 4287).
    pub atom: bool,
    /// `rss.xml`: RSS 2.0.
    pub rss: bool,
    /// `feed.json`: JSON Feed 1.1.
    pub json: bool,
    /// What an item carries besides its summary.
    pub content: FeedContent,
    /// Also the feeds of each section (its subsections included), in `<section>/`.
    pub sections: bool,
    /// Also the feeds of each tag, in `tags/<tag>/`.
    pub tags: bool,
    /// The formats pages announce with `<link rel="alternate">` in their head; `None`: every
    /// format written. Feed readers offer each announced format as a feed of its own, so a site
    /// that writes three formats may announce one or two.
    pub advertise: Option<Vec<FeedFormat>>,
}

/// A feed format, as `[feeds] advertise` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedFormat {
    /// `atom.xml`.
    Atom,
    /// `rss.xml`.
    Rss,
    /// `feed.json`.
    Json,
}

impl FeedFormat {
    /// Its name in `[feeds]`: `atom`, `rss` or `json`.
    pub fn key(self) -> &'static str {
        match self {
            FeedFormat::Atom => "atom",
            FeedFormat::Rss => "rss",
            FeedFormat::Json => "json",
        }
    }
}

impl Feeds {
    /// Whether the format's files are written.
    pub fn writes(&self, format: FeedFormat) -> bool {
        match format {
            FeedFormat::Atom => self.atom,
            FeedFormat::Rss => self.rss,
            FeedFormat::Json => self.json,
        }
    }

    /// Whether pages announce the format in their head.
    pub fn advertises(&self, format: FeedFormat) -> bool {
        self.writes(format) && self.advertise.as_ref().is_none_or(|a| a.contains(&format))
    }
}

impl Default for Feeds {
    fn default() -> Self {
        Feeds {
            atom: true,
            rss: true,
            json: true,
            content: FeedContent::Summary,
            sections: false,
            tags: false,
            advertise: None,
        }
    }
}

/// How much of an article a feed item holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    /// The description (or first paragraph): readers follow the link for the rest.
    Summary,
    /// The whole article as HTML, with the summary beside it.
    Full,
}

/// `[authors.<id>]`: one writer, shown on an author page at `/authors/<id>/`, in bylines and as
/// a schema.org `Person`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Author {
    /// The name readers see (the id when empty).
    pub name: String,
    /// A sentence or two about what the author knows and does.
    pub bio: String,
    /// A portrait: a file of `static/` (`img/ann.jpg`) or an absolute URL.
    pub avatar: String,
    /// The role (`jobTitle`): `Head of SEO`.
    pub job_title: String,
    /// Profile URLs elsewhere (`sameAs`): LinkedIn, Mastodon, GitHub...
    pub profiles: Vec<String>,
    /// The author's own site.
    pub url: String,
}

/// `[serve]`: the preview server.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Serve {
    pub bind: String,
    pub port: u16,
    /// Opens the preview panel's findings at their line ([`Editor`]); `HERALD_EDITOR` wins.
    pub editor: Editor,
}

impl Default for Serve {
    fn default() -> Self {
        Serve { bind: "127.0.0.1".into(), port: 3000, editor: Editor::default() }
    }
}

impl Config {
    /// Reads `book.toml` from `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        Config::load_from(root, None)
    }

    /// Reads the config from `file` (`-c FILE`; relative to the current folder) if given, else
    /// `book.toml` from `root`. Diagnostics name the file read.
    pub fn load_from(root: &Path, file: Option<&Path>) -> Result<Config, Diagnostic> {
        let (path, name) = match file {
            Some(f) => (f.to_path_buf(), f.to_path_buf()),
            None => (root.join(CONFIG_FILE), PathBuf::from(CONFIG_FILE)),
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::file_error(&name, format!("cannot read the site config: {e}"))
                .with_help(format!("run herald in a site folder (one with {CONFIG_FILE}), pass --root DIR, or create one with `herald init DIR`"))
        })?;
        Config::parse_named(&text, &name)
    }

    /// Parses the text of `book.toml`.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::parse_named(text, Path::new(CONFIG_FILE))
    }

    /// Parses config text read from the file `name` (for diagnostics).
    fn parse_named(text: &str, name: &Path) -> Result<Config, Diagnostic> {
        let mut config: Config = toml::from_str(text).map_err(|e| toml_error(text, &e, name))?;
        config.normalize().map_err(|(key, msg)| Diagnostic::new(Severity::Error, name, find_key(text, key), msg))?;
        config.check_authors(text, name)?;
        config.check_languages(text, name)?;
        Ok(config)
    }

    fn normalize(&mut self) -> Result<(), (&'static str, String)> {
        if self.book.title.trim().is_empty() {
            return Err((
                "title",
                "`[book] title` is missing: every site needs a title, e.g. `title = \"My guide\"`".into(),
            ));
        }
        self.images.check()?;
        if self.book.language.is_empty() {
            self.book.language = "en".into();
        }
        let url = self.site.base_url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() <= "https://".len() {
            return Err((
                "base-url",
                format!(
                    "`[site] base-url` must be an absolute http(s) URL such as \"https://example.org/\", not {url:?}"
                ),
            ));
        }
        self.site.base_url = with_trailing_slash(url);
        for name in &self.social.share {
            if !SHARE_NETWORKS.contains(&name.as_str()) {
                let hint = match did_you_mean(name, SHARE_NETWORKS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the networks are: {}", SHARE_NETWORKS.join(", ")),
                };
                return Err((
                    "share",
                    format!("`[social] share` names `{name}`, which is not a share network: {hint}"),
                ));
            }
        }
        if !matches!(self.social.publisher.as_str(), "organization" | "person") {
            return Err((
                "publisher",
                format!("`[social] publisher` is {:?}: write \"organization\" or \"person\"", self.social.publisher),
            ));
        }
        for (key, value) in [
            ("card-background", &self.social.card_background),
            ("card-foreground", &self.social.card_foreground),
            ("card-accent", &self.social.card_accent),
        ] {
            if !is_hex_colour(value) {
                return Err((
                    key,
                    format!("`[social] {key}` is {value:?}: write a CSS hex colour such as \"#12263a\""),
                ));
            }
        }
        for &format in self.feeds.advertise.iter().flatten() {
            if !self.feeds.writes(format) {
                let name = format.key();
                return Err((
                    "advertise",
                    format!(
                        "`[feeds] advertise` names `{name}`, but `[feeds] {name} = false`: announce only feeds that are written, or write it"
                    ),
                ));
            }
        }
        let app_id = self.social.facebook_app_id.trim();
        if !app_id.chars().all(|c| c.is_ascii_digit()) {
            return Err((
                "facebook-app-id",
                format!("`[social] facebook-app-id` is {app_id:?}: write the app's number, such as \"1234567890\""),
            ));
        }
        let page = self.social.facebook_page.trim();
        if !(page.is_empty() || page.starts_with("https://") || page.starts_with("http://")) {
            return Err((
                "facebook-page",
                format!("`[social] facebook-page` is {page:?}: write the page's whole URL, such as \"https://www.facebook.com/herald\""),
            ));
        }
        let cname = self.site.cname.trim();
        if cname.contains('/') || cname.contains(':') || cname.contains(char::is_whitespace) {
            return Err((
                "cname",
                format!("`[site] cname` is a bare domain such as \"guide.example.org\", not {cname:?}"),
            ));
        }
        Ok(())
    }

    /// Checks each `[authors.<id>]`: an id fit for a URL, absolute profile and site URLs.
    fn check_authors(&self, text: &str, name: &Path) -> Result<(), Diagnostic> {
        for (id, author) in &self.authors {
            let at = find_table(text, &format!("authors.{id}"));
            let error = |msg: String, help: &str| Diagnostic::new(Severity::Error, name, at, msg).with_help(help);
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return Err(error(
                    format!("the author id `{id}` is not fit for a URL"),
                    "write ids in lowercase letters, digits and dashes: `[authors.ann-lee]`",
                ));
            }
            let urls = author.profiles.iter().chain((!author.url.is_empty()).then_some(&author.url));
            if let Some(bad) = urls.into_iter().find(|u| !(u.starts_with("https://") || u.starts_with("http://"))) {
                return Err(error(
                    format!("`[authors.{id}]` has {bad:?}, which is not an absolute http(s) URL"),
                    "write profiles and `url` in full: \"https://www.linkedin.com/in/ann\"",
                ));
            }
        }
        Ok(())
    }

    /// The path part of `base-url`, always starting and ending with `/` (`/guide/`).
    pub fn base_path(&self) -> &str {
        base_path_of(&self.site.base_url)
    }

    /// The folder of the theme in use, if the site has one on disk.
    pub fn theme_dir(&self, root: &Path) -> PathBuf {
        root.join("themes").join(&self.site.theme)
    }

    /// Where the static file published at `path` comes from, relative to the site's root: the
    /// site's `static/` when it has the file (the site's win), else the theme's.
    pub fn static_origin(&self, root: &Path, path: &str) -> PathBuf {
        static_origin(root, &self.site.theme, path)
    }
}

/// [`Config::static_origin`] for the theme named `theme`.
pub fn static_origin(root: &Path, theme: &str, path: &str) -> PathBuf {
    let site = Path::new("static").join(path);
    if root.join(&site).is_file() {
        site
    } else {
        Path::new("themes").join(theme).join("static").join(path)
    }
}

/// The path part of an absolute URL, starting and ending with `/`.
pub fn base_path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// Whether `s` is an opaque CSS hex colour (`#abc`, `#aabbcc`): cards have no transparency.
fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|h| matches!(h.len(), 3 | 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Adds a trailing slash to a URL that lacks one.
pub fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

fn toml_error(text: &str, e: &toml::de::Error, name: &Path) -> Diagnostic {
    let position = e.span().map(|s| {
        let (line, column) = line_col(text, s.start);
        Position::new(line, column)
    });
    let message = e.message().trim().to_string();
    // toml's errors have no kind to match on: an unknown key is told by serde's wording.
    let Some(key) = unknown_field(&message) else {
        return Diagnostic::new(Severity::Error, name, position, message);
    };
    let expected = expected_fields(&message);
    let help = match did_you_mean(&key, expected.iter().map(String::as_str)) {
        _ if key == "section-feeds" => "section feeds moved: write `sections = true` under `[feeds]`".into(),
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("the known keys here are: {}", expected.join(", ")),
    };
    let file = name.display().to_string();
    let problem = match e.span().and_then(|s| table_header_at(text, s.start)) {
        Some(table) => Problem::UnknownConfigTable { table, file },
        None => Problem::UnknownConfigKey { table: e.span().and_then(|s| enclosing_table(text, s.start)), key, file },
    };
    Diagnostic::new(Severity::Error, name, position, problem).with_help(help)
}

/// The table header (`[output.html]`) on the line at `offset`, if that line is one: an unknown
/// table is named as such, not as a key of the table above it.
fn table_header_at(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?.trim();
    let header = line.split('#').next()?.trim();
    (header.starts_with('[') && header.ends_with(']')).then(|| header.to_string())
}

fn enclosing_table(text: &str, offset: usize) -> Option<String> {
    text[..offset.min(text.len())]
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix('[').and_then(|l| l.strip_suffix(']')).map(|t| t.trim().to_string()))
}

/// Finds the header of `[table]` in the text of `book.toml`.
pub fn find_table(text: &str, table: &str) -> Option<Position> {
    text.lines().enumerate().find_map(|(i, line)| {
        let header = line.trim().strip_prefix('[')?.split(']').next()?;
        (header.replace(' ', "") == table).then(|| Position::new(i + 1, line.len() - line.trim_start().len() + 1))
    })
}

/// Finds where `key` is set in the text of `book.toml`, for errors found after parsing.
pub fn find_key(text: &str, key: &str) -> Option<Position> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        (trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('='))
            .then(|| Position::new(i + 1, line.len() - trimmed.len() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_title_is_needed() {
        let c = Config::parse("[book]\ntitle = \"T\"\n").unwrap();
        assert_eq!(c.book.title, "T");
        assert_eq!(c.book.language, "en");
        assert_eq!(c.site.output_dir, PathBuf::from("public"));
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn base_url_gets_a_trailing_slash_and_keeps_its_path() {
        let c = Config::parse("[book]\ntitle = \"T\"\n[site]\nbase-url = \"https://example.org/guide\"\n").unwrap();
        assert_eq!(c.site.base_url, "https://example.org/guide/");
        assert_eq!(c.base_path(), "/guide/");
    }

    #[test]
    fn unknown_key_names_key_line_and_suggestion() {
        let e = Config::parse("[book]\ntitle = \"T\"\ndescripton = \"x\"\n").unwrap_err();
        assert_eq!(e.position, Some(Position::new(3, 1)));
        let file = "book.toml".to_string();
        let problem = Problem::UnknownConfigKey { key: "descripton".into(), table: Some("book".into()), file };
        assert_eq!(*e.problem, problem);
        assert_eq!(e.message(), "`descripton` is not a key of `[book]`");
        assert_eq!(e.help.as_deref(), Some("did you mean `description`?"));
    }

    #[test]
    fn unknown_table_is_named_as_a_table() {
        for (toml, table) in [
            ("[book]\ntitle = \"T\"\n[site]\nbase-url = \"https://e.org/\"\n\n[output.html]\nx = 1\n", "[output.html]"),
            ("[book]\ntitle = \"T\"\n\n[plugins.fr] # French\ntitle = \"T\"\n", "[plugins.fr]"),
        ] {
            let e = Config::parse(toml).unwrap_err();
            assert_eq!(*e.problem, Problem::UnknownConfigTable { table: table.into(), file: "book.toml".into() });
            assert_eq!(e.message(), format!("`{table}` is not a table of book.toml"));
            assert!(e.help.as_deref().unwrap_or("").contains("book"), "{:?}", e.help);
        }
    }

    #[test]
    fn check_levels_are_read_by_rule_id() {
        let c = Config::parse("[book]\ntitle = \"T\"\n[check.levels]\n\"seo/title-length\" = \"allow\"\n").unwrap();
        assert_eq!(c.check.levels.get("seo/title-length"), Some(&Level::Allow));
        let e = Config::parse("[book]\ntitle = \"T\"\n[check.levels]\n\"seo/title-length\" = \"loud\"\n").unwrap_err();
        assert_eq!(e.line(), Some(4), "{e}");
    }

    #[test]
    fn wrong_type_names_line() {
        let e = Config::parse("[book]\ntitle = \"T\"\n[serve]\nport = \"eighty\"\n").unwrap_err();
        assert_eq!(e.line(), Some(4));
        assert!(e.message().contains("invalid type"), "{}", e.message());
    }

    #[test]
    fn the_editor_is_a_preset_or_a_template() {
        let c = Config::parse("[book]\ntitle = \"T\"\n[serve]\neditor = \"zed\"\n").unwrap();
        assert_eq!(c.serve.editor, Editor::parse("zed").unwrap());
        assert_eq!(Config::parse("[book]\ntitle = \"T\"\n").unwrap().serve.editor, Editor::parse("vscode").unwrap());
        let e = Config::parse("[book]\ntitle = \"T\"\n[serve]\neditor = \"notepad\"\n").unwrap_err();
        assert_eq!(e.line(), Some(4), "{e}");
        assert!(e.message().contains("`notepad`") && e.message().contains("vscode, "), "{}", e.message());
    }

    #[test]
    fn unknown_share_network_is_named() {
        let e = Config::parse("[book]\ntitle = \"T\"\n[social]\nshare = [\"x\", \"linkdin\"]\n").unwrap_err();
        assert_eq!(e.line(), Some(4));
        assert!(
            e.message().contains("`linkdin`") && e.message().contains("did you mean `linkedin`?"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn card_colours_and_publisher_are_checked() {
        assert!(Config::parse("[book]\ntitle = \"T\"\n[social]\ncard-accent = \"orange\"\n").is_err());
        assert!(Config::parse("[book]\ntitle = \"T\"\n[social]\npublisher = \"company\"\n").is_err());
        assert!(Config::parse("[book]\ntitle = \"T\"\n[social]\ncard-accent = \"#fa0\"\n").is_ok());
    }

    #[test]
    fn feeds_are_all_on_by_default_and_each_can_be_turned_off() {
        let c = Config::parse("[book]\ntitle = \"T\"\n").unwrap();
        assert!(c.feeds.atom && c.feeds.rss && c.feeds.json && !c.feeds.sections && !c.feeds.tags);
        assert_eq!(c.feeds.content, FeedContent::Summary);
        let c =
            Config::parse("[book]\ntitle = \"T\"\n[feeds]\nrss = false\ncontent = \"full\"\ntags = true\n").unwrap();
        assert!(c.feeds.atom && !c.feeds.rss && c.feeds.tags);
        assert_eq!(c.feeds.content, FeedContent::Full);
        let e = Config::parse("[book]\ntitle = \"T\"\n[feeds]\ncontent = \"ful\"\n").unwrap_err();
        assert_eq!(e.line(), Some(4), "{e}");
        let e = Config::parse("[book]\ntitle = \"T\"\n[site]\nsection-feeds = true\n").unwrap_err();
        assert_eq!(e.line(), Some(4), "{e}");
        assert!(e.help.as_deref().unwrap_or("").contains("`[feeds]`"), "{:?}", e.help);
    }

    #[test]
    fn authors_are_read_by_id_and_checked() {
        let c =
            Config::parse("[book]\ntitle = \"T\"\n[authors.ann]\nname = \"Ann\"\nprofiles = [\"https://x.org/ann\"]\n")
                .unwrap();
        assert_eq!(c.authors["ann"].name, "Ann");
        let e = Config::parse("[book]\ntitle = \"T\"\n\n[authors.Ann]\nname = \"Ann\"\n").unwrap_err();
        assert_eq!(e.line(), Some(4), "{e}");
        let e = Config::parse("[book]\ntitle = \"T\"\n[authors.ann]\nurl = \"ann.example\"\n").unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
        let e = Config::parse("[book]\ntitle = \"T\"\n[authors.ann]\nbio = \"x\"\njob = \"y\"\n").unwrap_err();
        assert_eq!(e.line(), Some(5), "{e}");
    }

    #[test]
    fn robots_default_to_large_image_previews_and_are_checked() {
        let c = Config::parse("[book]\ntitle = \"T\"\n").unwrap();
        assert_eq!(c.seo.robots.to_string(), "max-image-preview:large");
        let c = Config::parse("[book]\ntitle = \"T\"\n[seo]\nrobots = \"noarchive\"\n").unwrap();
        assert_eq!(c.seo.robots.to_string(), "noarchive");
        let e = Config::parse("[book]\ntitle = \"T\"\n[seo]\nrobots = \"noarchiv\"\n").unwrap_err();
        assert_eq!(e.line(), Some(4), "{e}");
        assert!(e.message().contains("did you mean `noarchive`?"), "{e}");
    }

    #[test]
    fn platform_ids_are_checked() {
        let e = Config::parse("[book]\ntitle = \"T\"\n[social]\nfacebook-app-id = \"my app\"\n").unwrap_err();
        assert_eq!(e.line(), Some(4), "{e}");
        let e = Config::parse("[book]\ntitle = \"T\"\n[social]\nfacebook-page = \"herald\"\n").unwrap_err();
        assert_eq!(e.line(), Some(4), "{e}");
        assert!(e.message().contains("whole URL"), "{e}");
        let ok = "[book]\ntitle = \"T\"\n[social]\nfacebook-app-id = \"12345\"\nfacebook-page = \"https://www.facebook.com/h\"\n";
        assert!(Config::parse(ok).is_ok());
    }

    #[test]
    fn missing_title_is_an_error() {
        let e = Config::parse("[book]\ndescription = \"x\"\n").unwrap_err();
        assert!(e.message().contains("title"));
    }
}
