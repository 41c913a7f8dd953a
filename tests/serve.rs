//! `herald serve` end to end: the real binary on a free loopback port, spoken to over raw TCP.

mod common;

use std::time::Duration;

use common::serve::Serving;
use common::{article, Site};

fn blog() -> Site {
    let s = Site::new();
    s.write(
        "content/smo/_index.md",
        "---\ntitle: SMO\ndescription: Social media optimization articles.\n---\nIntro.\n",
    )
    .write("content/smo/first.md", &article("First", "date: 2026-03-02\ntags: [smo]\n", "The first body.\n"))
    .write("content/smo/second.md", &article("Second", "date: 2026-03-03\n", "The second body.\n"));
    s
}

/// The file types the issue names, with the Content-Type each must have.
const TYPES: [(&str, &str); 12] = [
    ("static/a.css", "text/css; charset=utf-8"),
    ("static/a.js", "text/javascript; charset=utf-8"),
    ("static/a.svg", "image/svg+xml"),
    ("static/a.png", "image/png"),
    ("static/a.jpg", "image/jpeg"),
    ("static/a.webp", "image/webp"),
    ("static/a.gif", "image/gif"),
    ("static/favicon.ico", "image/x-icon"),
    ("static/fonts/a.woff2", "font/woff2"),
    ("static/a.xml", "text/xml; charset=utf-8"),
    ("static/a.json", "application/json"),
    ("static/robots.txt", "text/plain; charset=utf-8"),
];

#[test]
fn files_are_served_with_their_content_types_and_html_gets_the_script() {
    let s = blog();
    for (i, (file, _)) in TYPES.iter().enumerate() {
        s.write_bytes(file, format!("bytes of file {i}").as_bytes());
    }
    let server = Serving::start(&s, &[]);
    for (i, (file, ctype)) in TYPES.iter().enumerate() {
        let r = server.get(&format!("/{}", file.trim_start_matches("static/")));
        assert_eq!(r.status, 200, "{file}");
        assert_eq!(r.header("Content-Type"), Some(*ctype), "{file}");
        assert_eq!(r.header("Cache-Control"), Some("no-cache"), "{file}");
        assert_eq!(r.body, format!("bytes of file {i}").as_bytes(), "{file} is served as is");
    }
    let page = server.get("/smo/first/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("Content-Type"), Some("text/html; charset=utf-8"));
    let html = page.text();
    assert!(html.contains("The first body."));
    let script = html.find("<script src=\"/__herald/live-reload.js\"").expect("the live-reload script");
    assert!(script < html.rfind("</body>").unwrap(), "the script goes before </body>");
    let js = server.get("/__herald/live-reload.js");
    assert_eq!(js.header("Content-Type"), Some("text/javascript; charset=utf-8"));
    assert!(js.text().contains("EventSource"));
    assert!(!s.path("public").exists(), "serve writes nothing to disk");
}

#[test]
fn head_redirects_404_and_405() {
    let s = blog();
    let server = Serving::start(&s, &[]);
    let get = server.get("/smo/first/");
    let head = server.request("HEAD", "/smo/first/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(head.header("Content-Length"), get.header("Content-Length"));
    assert_eq!(head.header("Content-Type"), Some("text/html; charset=utf-8"));

    let moved = server.get("/smo/first?x=1");
    assert!(moved.status == 301 || moved.status == 308, "{}", moved.status);
    assert_eq!(moved.header("Location"), Some("/smo/first/?x=1"));
    assert_eq!(server.get("/smo").header("Location"), Some("/smo/"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Page not found"), "the site's own 404 page");
    assert!(missing.text().contains("/__herald/live-reload.js"));
    assert_eq!(server.get("/nope.css").status, 404);

    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = server.request(method, "/smo/first/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("Allow"), Some("GET, HEAD"), "{method}");
    }
}

#[test]
fn traversal_attempts_never_reach_a_file_outside_the_site() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.txt"), "TOP SECRET").unwrap();
    let s = Site { dir: tempfile::tempdir_in(outer.path()).unwrap() };
    s.write("book.toml", common::MINIMAL_CONFIG).write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
    s.write("static/css/x.css", "body{}");
    let server = Serving::start(&s, &[]);
    let attempts: Vec<Vec<u8>> = [
        "/../secret.txt",
        "/../../secret.txt",
        "/css/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/css/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/book.toml",
        "/content/_index.md",
        "/index.html%00.css",
        "/%00",
        "/./index.html",
        "/css/./x.css",
    ]
    .iter()
    .map(|p| format!("GET {p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").into_bytes())
    .chain([
        b"GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /index.html\0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET ../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET C:\\Windows\\win.ini HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
    ])
    .collect();
    for request in attempts {
        let r = server.raw(&request);
        let shown = String::from_utf8_lossy(&request[..request.iter().position(|&b| b == b'\r').unwrap()]).into_owned();
        assert!(r.status == 400 || r.status == 404, "{shown}: status {}", r.status);
        let body = r.text();
        assert!(
            !body.contains("TOP SECRET") && !body.contains("[book]") && !body.contains("title: Home"),
            "{shown} leaked: {body}"
        );
    }
    assert_eq!(server.get("/css/x.css").status, 200, "the server still serves");
}

#[test]
fn a_save_sends_a_reload_and_the_page_has_the_new_text() {
    let s = blog();
    let server = Serving::start(&s, &[]);
    let mut events = server.events();
    s.write("content/smo/first.md", &article("First", "date: 2026-03-02\ntags: [smo]\n", "A freshly saved body.\n"));
    events.expect("reload");
    assert!(server.get("/smo/first/").text().contains("A freshly saved body."));

    // An editor's atomic save: a temporary file renamed over the article.
    s.write("content/smo/.first.md.tmp123", &article("First", "date: 2026-03-02\n", "Saved atomically.\n"));
    std::fs::rename(s.path("content/smo/.first.md.tmp123"), s.path("content/smo/first.md")).unwrap();
    events.expect("reload");
    assert!(server.get("/smo/first/").text().contains("Saved atomically."));

    // A new folder with an article, then deleting an article.
    s.write("content/seo/new.md", &article("New", "date: 2026-03-04\n", "In a new folder.\n"));
    events.expect("reload");
    assert!(server.get("/seo/new/").text().contains("In a new folder."));
    std::fs::remove_file(s.path("content/smo/second.md")).unwrap();
    events.expect("reload");
    assert_eq!(server.get("/smo/second/").status, 404);
    assert!(!server.get("/smo/").text().contains("Second"), "gone from its section's listing");

    // Editors' swap and backup files are no change.
    s.write("content/smo/.first.md.swp", "swap");
    s.write("content/smo/first.md~", "backup");
    s.write("content/smo/#first.md#", "autosave");
    assert_eq!(events.next_within(Duration::from_secs(2)), None, "no event for editor files");
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let s = blog();
    let server = Serving::start(&s, &[]);
    let mut events = server.events();
    s.write("static/css/style.css", "body { color: rgb(1, 2, 3) }\n");
    events.expect("css");
    assert!(server.get("/css/style.css").text().contains("rgb(1, 2, 3)"));
}

#[test]
fn a_burst_of_writes_gives_one_rebuild() {
    let s = blog();
    let server = Serving::start(&s, &[]);
    let mut events = server.events();
    // As a `git checkout` does: many files written one after the other, as fast as possible.
    let texts: Vec<(String, String)> = (0..200)
        .map(|i| {
            (format!("content/burst/a{i:03}.md"), article(&format!("Burst {i:03}"), "date: 2026-01-01\n", "Body.\n"))
        })
        .collect();
    for (path, text) in &texts {
        s.write(path, text);
    }
    events.expect("reload");
    assert_eq!(events.next_within(Duration::from_secs(3)), None, "one rebuild for the whole burst");
    let section = server.get("/burst/").text();
    let listed = (0..200).filter(|i| section.contains(&format!(">Burst {i:03}<"))).count();
    assert_eq!(listed, 200, "the one rebuild saw every file");
    let log = server.wait_for_stderr("reload sent");
    assert_eq!(log.lines().filter(|l| l.contains("reload sent")).count(), 1, "{log}");
}

#[test]
fn broken_front_matter_keeps_the_last_good_page_and_reports_on_the_stream() {
    let s = blog();
    let server = Serving::start(&s, &[]);
    let mut events = server.events();
    s.write("content/smo/first.md", "---\ntitle: First\ndescripton: typo\n---\nBroken body.\n");
    let data = events.expect("build-error");
    let error: serde_json::Value = serde_json::from_str(&data).unwrap();
    let message = error["error"].as_str().unwrap();
    assert!(message.contains("content/smo/first.md:3"), "file and line: {message}");
    assert!(message.contains("descripton"), "{message}");
    let page = server.get("/smo/first/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("The first body."), "the last good page is still served");
    server.wait_for_stderr("content/smo/first.md:3"); // the terminal shows the error too

    // A page opened now learns of the error at once.
    let mut late = server.events();
    assert!(late.hello.contains("descripton"), "{}", late.hello);
    s.write("content/smo/first.md", &article("First", "date: 2026-03-02\ntags: [smo]\n", "Fixed body.\n"));
    events.expect("reload");
    late.expect("reload");
    assert!(server.get("/smo/first/").text().contains("Fixed body."));
}

#[test]
fn the_base_url_is_the_server_and_keeps_its_sub_path() {
    let s = blog();
    s.write("book.toml", &common::MINIMAL_CONFIG.replace("https://example.org/", "https://example.org/guide/"));
    let server = Serving::start(&s, &[]);
    assert!(server.url.ends_with("/guide/"), "{}", server.url);
    let page = server.get("/guide/smo/first/").text();
    let canonical = format!("<link rel=\"canonical\" href=\"{}smo/first/\">", server.url);
    assert!(page.contains(&canonical), "canonical URL points at the server: {page}");
    assert!(!page.contains("example.org"));
    assert_eq!(server.get("/").header("Location"), Some("/guide/"));
    assert_eq!(server.get("/guide").header("Location"), Some("/guide/"));
    assert_eq!(server.get("/smo/first/").status, 404, "outside the sub-path");
}

#[test]
fn base_url_flag_replaces_the_configs_and_keeps_its_sub_path() {
    let s = blog();
    let server = Serving::start(&s, &["--base-url", "https://example.net/course/"]);
    assert!(server.url.ends_with("/course/"), "{}", server.url);
    let page = server.get("/course/smo/first/").text();
    let canonical = format!("<link rel=\"canonical\" href=\"{}smo/first/\">", server.url);
    assert!(page.contains(&canonical), "canonical URL points at the server: {page}");
    assert!(!page.contains("example.net") && !page.contains("example.org"));
    assert_eq!(server.get("/").header("Location"), Some("/course/"));
    assert_eq!(server.get("/smo/first/").status, 404, "outside the sub-path");
}

#[test]
fn config_flag_is_read_and_watched() {
    let s = blog();
    // Elsewhere than the site, as a staging config usually is.
    let elsewhere = tempfile::tempdir().unwrap();
    let staging = elsewhere.path().join("staging.toml");
    let config = |title: &str| {
        common::MINIMAL_CONFIG.replace("Test Site", title).replace("https://example.org/", "https://example.org/stage/")
    };
    std::fs::write(&staging, config("Staging Site")).unwrap();
    let server = Serving::start(&s, &["-c", staging.to_str().unwrap()]);
    assert!(server.url.ends_with("/stage/"), "{}", server.url);
    let home = server.get("/stage/").text();
    assert!(home.contains("Staging Site") && !home.contains("Test Site"), "{home}");

    let mut events = server.events();
    std::fs::write(&staging, config("Renamed Staging")).unwrap();
    events.expect("reload");
    assert!(server.get("/stage/").text().contains("Renamed Staging"));
}

#[test]
fn files_the_sites_gitignore_matches_give_no_rebuild() {
    let s = blog();
    s.write(".gitignore", "content/scratch/\n*.bak\n");
    let server = Serving::start(&s, &[]);
    let mut events = server.events();
    s.write("content/scratch/notes.md", &article("Notes", "date: 2026-03-05\n", "Scratch.\n"));
    s.write("content/smo/first.bak", "old copy");
    assert_eq!(events.next_within(Duration::from_secs(2)), None, "no event for ignored files");
    s.write("content/smo/first.md", &article("First", "date: 2026-03-02\n", "Still watched.\n"));
    events.expect("reload");
}

#[test]
fn open_event_streams_do_not_block_requests() {
    let s = blog();
    let server = Serving::start(&s, &[]);
    let streams: Vec<_> = (0..8).map(|_| server.events()).collect();
    for _ in 0..4 {
        assert_eq!(server.get("/smo/first/").status, 200);
    }
    // Many requests at once, from several threads.
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8).map(|_| scope.spawn(|| server.get("/").status)).collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 200);
        }
    });
    drop(streams);
}

#[test]
fn a_port_in_use_is_a_clear_error_and_ctrl_c_stops_cleanly() {
    let s = blog();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let r = s.run(&["serve", "--port", &port]);
    assert!(!r.ok);
    assert!(r.stderr.contains("in use") && r.stderr.contains("--port"), "{}", r.stderr);

    let server = Serving::start(&s, &[]);
    let status = server.interrupt();
    assert!(status.success(), "Ctrl-C ends herald serve with success: {status:?}");
}

#[test]
fn a_site_that_does_not_build_at_first_is_served_once_fixed() {
    let s = blog();
    s.write("content/smo/first.md", "---\ntitle: [unclosed\n---\nBody.\n");
    let server = Serving::start(&s, &[]);
    let r = server.get("/");
    assert_eq!(r.status, 503);
    assert!(r.text().contains("content/smo/first.md"), "{}", r.text());
    let mut events = server.events();
    assert!(events.hello.contains("content/smo/first.md"), "{}", events.hello);
    s.write("content/smo/first.md", &article("First", "", "Now it builds.\n"));
    events.expect("reload");
    assert!(server.get("/smo/first/").text().contains("Now it builds."));
}
