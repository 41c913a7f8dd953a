//! `herald check --external` against a real HTTP server on a loopback port: success, redirect
//! chains, 404, a HEAD-refusing server, 429 then 200 with Retry-After, a slow answer that times
//! out, one request per URL however many pages use it, and the results cache.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::Site;

/// Requests seen, by "METHOD /path".
type Seen = Arc<Mutex<HashMap<String, usize>>>;

/// A server answering each path as its name says; returns its address and the requests it saw.
fn serve() -> (String, Seen) {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let addr = format!("http://{}", server.server_addr().to_ip().unwrap());
    let seen: Seen = Arc::default();
    let (server2, seen2) = (server.clone(), seen.clone());
    std::thread::spawn(move || {
        for request in server2.incoming_requests() {
            let seen = seen2.clone();
            std::thread::spawn(move || answer(request, &seen));
        }
    });
    (addr, seen)
}

fn answer(request: tiny_http::Request, seen: &Seen) {
    let path = request.url().to_string();
    let method = request.method().to_string();
    let n = {
        let mut seen = seen.lock().unwrap();
        let count = seen.entry(format!("{method} {path}")).or_default();
        *count += 1;
        *seen.entry(path.clone()).or_default() += 1;
        seen[&path]
    };
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).unwrap();
    let response = tiny_http::Response::from_string("body");
    let response = match path.as_str() {
        "/ok" => response,
        "/chain1" => response.with_status_code(301).with_header(header("Location", "/chain2")),
        "/chain2" => response.with_status_code(301).with_header(header("Location", "/ok")),
        "/gone" => response.with_status_code(404),
        "/no-head" if method == "HEAD" => response.with_status_code(405),
        "/no-head" => response,
        "/busy" if n == 1 => response.with_status_code(429).with_header(header("Retry-After", "1")),
        "/busy" => response,
        p if p.starts_with("/hold/") => {
            // Counts requests in flight at once to this host.
            let now = {
                let mut seen = seen.lock().unwrap();
                *seen.entry("in flight".into()).or_default() += 1;
                seen["in flight"]
            };
            {
                let mut seen = seen.lock().unwrap();
                let most = seen.entry("most in flight".into()).or_default();
                *most = (*most).max(now);
            }
            std::thread::sleep(Duration::from_millis(300));
            *seen.lock().unwrap().get_mut("in flight").unwrap() -= 1;
            response
        }
        "/slow" => {
            std::thread::sleep(Duration::from_secs(4));
            response
        }
        _ => response.with_status_code(500),
    };
    let _ = request.respond(response);
}

fn site(addr: &str, extra_config: &str) -> Site {
    let s = Site::new();
    s.write("book.toml", &format!("{}\n[check]\nexternal-timeout = 1\n{extra_config}", common::MINIMAL_CONFIG));
    s.write(
        "content/_index.md",
        &format!("---\ntitle: Home\ndescription: The home page of a test site, with a description of a good length.\n---\nRead [a](a.md). See [ok]({addr}/ok#part).\n"),
    );
    let body = article_lines(addr).join("\n\n");
    s.write(
        "content/a.md",
        &format!("---\ntitle: A\ndescription: An article of the test site, with a description of a good length.\n---\n{body}\n"),
    );
    s
}

/// The body lines of `content/a.md`: lines 5, 7 and 9 of the file.
fn article_lines(addr: &str) -> [String; 3] {
    [
        format!("[ok]({addr}/ok) [chain]({addr}/chain1) [gone]({addr}/gone)"),
        format!("[no head]({addr}/no-head) [busy]({addr}/busy) [slow]({addr}/slow)"),
        format!("![An image]({addr}/gone)"),
    ]
}

/// The 1-based column of `needle` in an ASCII line.
fn column(line: &str, needle: &str) -> usize {
    line.find(needle).unwrap() + 1
}

/// `file:line:col` of each diagnostic in a JSON lines report, by URL path.
fn broken(stdout: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["rule"] == "links/external")
        .map(|v| {
            let msg = v["message"].as_str().unwrap();
            let path = msg.split('`').nth(1).unwrap().rsplit('/').next().unwrap().to_string();
            (path, format!("{}:{}:{}", v["file"].as_str().unwrap(), v["line"], v["column"]))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn external_links_are_checked_once_each_with_every_case_of_the_server() {
    let (addr, seen) = serve();
    let s = site(&addr, "");
    let r = s.run(&["check", "--external", "--format", "json"]);
    assert!(!r.ok, "broken external links fail check:\n{}", r.stderr);
    let lines = article_lines(&addr);
    assert_eq!(
        broken(&r.stdout),
        [
            ("gone".to_string(), format!("content/a.md:5:{}", column(&lines[0], "[gone]"))),
            ("gone".to_string(), "content/a.md:9:1".to_string()),
            ("slow".to_string(), format!("content/a.md:7:{}", column(&lines[1], "[slow]"))),
        ],
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("answers 404"), "{}", r.stdout);
    let seen = seen.lock().unwrap().clone();
    // Used by two pages (once with a #fragment), fetched once.
    assert_eq!(seen.get("HEAD /ok"), Some(&2), "once itself, once at the end of the redirect chain: {seen:?}");
    assert_eq!(seen.get("GET /ok"), None, "{seen:?}");
    assert_eq!(seen.get("HEAD /gone"), Some(&1), "a link and an image of one URL: one request: {seen:?}");
    assert_eq!(seen.get("GET /no-head"), Some(&1), "GET after a refused HEAD: {seen:?}");
    assert_eq!(seen.get("HEAD /busy"), Some(&2), "429, then a retry after Retry-After: {seen:?}");
}

#[test]
fn results_are_cached_and_skip_patterns_are_not_fetched() {
    let (addr, seen) = serve();
    let s = site(&addr, &format!("skip-external = [\"{addr}/gone\", \"{addr}/sl*\"]\n"));
    let r = s.run(&["check", "--external"]);
    assert!(r.ok, "{}", r.stderr);
    let first = seen.lock().unwrap().clone();
    assert!(!first.contains_key("/gone") && !first.contains_key("/slow"), "{first:?}");
    assert!(s.path(".herald-cache/external-links.json").is_file());
    let r = s.run(&["check", "--external"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(*seen.lock().unwrap(), first, "the second run fetched nothing: every answer was cached");
    // With the cache off, everything is fetched again.
    s.write(
        "book.toml",
        &format!(
            "{}\n[check]\nexternal-timeout = 1\nexternal-cache-hours = 0\nskip-external = [\"{addr}/gone\", \"{addr}/sl*\"]\n",
            common::MINIMAL_CONFIG
        ),
    );
    let before = seen.lock().unwrap().get("HEAD /ok").copied();
    let r = s.run(&["check", "--external"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(seen.lock().unwrap().get("HEAD /ok").copied() > before);
}

#[test]
fn without_the_flag_nothing_is_fetched() {
    let (addr, seen) = serve();
    let s = site(&addr, "");
    let r = s.run(&["check"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn one_host_gets_at_most_two_requests_at_once() {
    let (addr, seen) = serve();
    let s = Site::new();
    let links: Vec<String> = (0..6).map(|i| format!("[hold {i}]({addr}/hold/{i})")).collect();
    s.write(
        "content/_index.md",
        &format!(
            "---\ntitle: Home\ndescription: The home page of a test site, with a description of a good length.\n---\n{}\n",
            links.join(" ")
        ),
    );
    let r = s.run(&["check", "--external"]);
    assert!(r.ok, "{}", r.stderr);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.get("most in flight"), Some(&2), "{seen:?}");
    assert_eq!((0..6).filter(|i| seen.get(&format!("HEAD /hold/{i}")) == Some(&1)).count(), 6, "{seen:?}");
}
