//! `herald check --external`: every `http(s)` link and image of every body, fetched once
//! (`links/external`).
//!
//! Each distinct URL (its `#fragment` aside) is requested once however many pages use it: HEAD
//! first, then GET when a server refuses HEAD. Requests run on a few threads, at most
//! [`PER_HOST`] at a time to one host; a 429 or 503 is retried after the server's
//! `Retry-After` (else a growing pause), a slow server times out. URLs that answered well are
//! remembered in `.herald-cache/` for `[check] external-cache-hours`, so CI stays fast;
//! `[check] skip-external` patterns are never fetched. A broken URL is reported at every file
//! and line that uses it.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::bodies;
use crate::config::Check as CheckConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pipeline::Build;

/// The rule id of broken external links.
pub const RULE: &str = "links/external";
/// At most this many requests run at once to one host.
pub const PER_HOST: usize = 2;
/// At most this many requests run at once in all.
const THREADS: usize = 8;
/// Tries after a 429 or 503 before giving up.
const RETRIES: u32 = 3;
/// The longest `Retry-After` honoured; a server asking for more is reported as busy.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// The file of remembered results, below the site root.
pub const CACHE_FILE: &str = ".herald-cache/external-links.json";

/// Where a URL is used.
#[derive(Debug, Clone)]
struct Use {
    file: PathBuf,
    line: usize,
    column: usize,
}

/// What fetching a URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// It answered with a success, after any redirects.
    Fine,
    /// It answered with this error status.
    Status(u16),
    /// No answer: a timeout, a refused connection, a bad name.
    Failed(String),
}

/// Checks every external URL of the site and returns a diagnostic per use of a broken one.
pub fn check(build: &Build, root: &Path) -> Diagnostics {
    let config = &build.site.config.check;
    let uses = collect(build, config);
    let cache_path = root.join(CACHE_FILE);
    let mut cache = Cache::load(&cache_path);
    let max_age = Duration::from_secs(config.external_cache_hours * 3600);
    let to_fetch: Vec<&str> = uses.keys().map(String::as_str).filter(|u| !cache.is_fresh(u, max_age)).collect();
    let agent = agent(Duration::from_secs(config.external_timeout.max(1)));
    let outcomes = fetch_all(&agent, &to_fetch);
    let mut found = Diagnostics::new();
    for (url, outcome) in &outcomes {
        if *outcome == Outcome::Fine {
            cache.remember(url);
            continue;
        }
        for u in &uses[*url] {
            found.push(broken(url, outcome, u));
        }
    }
    if max_age > Duration::ZERO {
        // A cache that cannot be written only makes the next run slower.
        let _ = cache.save(&cache_path);
    }
    found
}

/// Every external URL of the site (fragment dropped) with where it is used, skipped ones aside.
fn collect(build: &Build, config: &CheckConfig) -> BTreeMap<String, Vec<Use>> {
    let mut uses: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for body in bodies(&build.site) {
        let links = body.rendered.links.iter().map(|l| (&l.href, l.line, l.column));
        let images = body.rendered.checked_images();
        let images = images.iter().map(|i| (&i.src, i.line, i.column));
        for (href, line, column) in links.chain(images) {
            if !(href.starts_with("http://") || href.starts_with("https://")) {
                continue;
            }
            let url = href.split('#').next().unwrap_or(href);
            if config.skip_external.iter().any(|p| matches_pattern(p, url)) {
                continue;
            }
            let line = line + body.source.body_line - 1;
            uses.entry(url.to_string()).or_default().push(Use { file: body.source.file.clone(), line, column });
        }
    }
    uses
}

/// Whether `url` matches `pattern`, where `*` stands for any run of characters and a pattern
/// without `*` matches URLs that start with it.
pub fn matches_pattern(pattern: &str, url: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return url.starts_with(pattern);
    }
    let Some(mut rest) = url.strip_prefix(parts[0]) else { return false };
    for (i, part) in parts.iter().enumerate().skip(1) {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

fn broken(url: &str, outcome: &Outcome, u: &Use) -> Diagnostic {
    let what = match outcome {
        Outcome::Status(code) => format!("answers {code}"),
        Outcome::Failed(e) => format!("cannot be reached ({e})"),
        Outcome::Fine => unreachable!("only broken URLs are reported"),
    };
    Diagnostic::error(&u.file, u.line, u.column, format!("the external link `{url}` {what}"))
        .with_code(RULE)
        .with_help("fix or remove the link; if the site blocks checkers, add it to `[check] skip-external`")
}

fn agent(timeout: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("herald-link-check/", env!("CARGO_PKG_VERSION")))
        .build();
    ureq::Agent::new_with_config(config)
}

/// Fetches `urls` concurrently: each host's URLs are split into at most [`PER_HOST`] lanes
/// fetched one after another, and [`THREADS`] threads take lanes from a shared queue.
fn fetch_all<'u>(agent: &ureq::Agent, urls: &[&'u str]) -> Vec<(&'u str, Outcome)> {
    let mut by_host: BTreeMap<&str, Vec<&'u str>> = BTreeMap::new();
    for &url in urls {
        by_host.entry(host(url)).or_default().push(url);
    }
    let mut lanes: VecDeque<Vec<&'u str>> = VecDeque::new();
    for list in by_host.into_values() {
        let n = list.len().min(PER_HOST);
        for lane in 0..n {
            lanes.push_back(list.iter().skip(lane).step_by(n).copied().collect());
        }
    }
    let queue = Mutex::new(lanes);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..THREADS.min(urls.len()) {
            scope.spawn(|| loop {
                let Some(lane) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front() else { break };
                for url in lane {
                    let outcome = probe(agent, url);
                    results.lock().unwrap_or_else(|e| e.into_inner()).push((url, outcome));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by(|a, b| a.0.cmp(b.0));
    results
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// Fetches one URL: HEAD, then GET when HEAD is refused; 429 and 503 are retried.
fn probe(agent: &ureq::Agent, url: &str) -> Outcome {
    let head = request(agent, url, true);
    match head {
        Outcome::Status(code) if code != 404 && code != 410 => request(agent, url, false),
        other => other,
    }
}

fn request(agent: &ureq::Agent, url: &str, head: bool) -> Outcome {
    let mut attempt = 0;
    loop {
        let answer = if head { agent.head(url).call() } else { agent.get(url).call() };
        let response = match answer {
            Ok(r) => r,
            Err(ureq::Error::Timeout(_)) => return Outcome::Failed("no answer in time".into()),
            Err(e) => return Outcome::Failed(e.to_string()),
        };
        let code = response.status().as_u16();
        if code < 400 {
            return Outcome::Fine;
        }
        if !matches!(code, 429 | 503) || attempt >= RETRIES {
            return Outcome::Status(code);
        }
        let wait = retry_after(&response).unwrap_or(Duration::from_millis(500 << attempt));
        if wait > MAX_RETRY_AFTER {
            return Outcome::Status(code);
        }
        drop(response);
        std::thread::sleep(wait);
        attempt += 1;
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare for these answers and is not read).
fn retry_after(response: &ureq::http::Response<ureq::Body>) -> Option<Duration> {
    let value = response.headers().get("retry-after")?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// URLs that answered well, with when: a JSON map from URL to seconds since the epoch.
struct Cache {
    checked: HashMap<String, u64>,
}

impl Cache {
    fn load(path: &Path) -> Cache {
        let checked = std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        Cache { checked }
    }

    fn is_fresh(&self, url: &str, max_age: Duration) -> bool {
        self.checked.get(url).is_some_and(|&at| now().saturating_sub(at) < max_age.as_secs())
    }

    fn remember(&mut self, url: &str) {
        self.checked.insert(url.to_string(), now());
    }

    fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let sorted: BTreeMap<&String, &u64> = self.checked.iter().collect();
        std::fs::write(path, serde_json::to_vec_pretty(&sorted).map_err(std::io::Error::other)?)
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_prefixes_and_stars() {
        assert!(matches_pattern("https://example.org/", "https://example.org/a"));
        assert!(!matches_pattern("https://example.org/", "https://example.com/"));
        assert!(matches_pattern("https://*.example.org/*", "https://www.example.org/a/b"));
        assert!(matches_pattern("*linkedin.com*", "https://www.linkedin.com/in/x"));
        assert!(!matches_pattern("https://*.example.org/x", "https://www.example.org/y"));
    }

    #[test]
    fn hosts_are_read_from_urls() {
        assert_eq!(host("https://example.org:8080/a?b"), "example.org:8080");
        assert_eq!(host("http://x.org"), "x.org");
    }
}
