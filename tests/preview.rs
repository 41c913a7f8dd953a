//! The share and search preview of `herald serve`, end to end: the real server, headless
//! Chromium opening the panel beside an article with its shortcut, the panel compared with the
//! page's own tags, edits to the Markdown file followed with no action, and built files free
//! of it.

mod common;

use std::time::Duration;

use common::serve::Serving;
use common::{article, browser, copy_dir, Site, MINIMAL_CONFIG};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(60);
const CONNECTED: &str = "!!(window.__herald && window.__herald.connected)";
/// The panel's document, once loaded (else null).
const PANEL: &str = "(() => { const h = document.getElementById('herald-preview-host'); \
    const f = h && h.shadowRoot.querySelector('iframe'); const d = f && f.contentDocument; \
    return d && d.readyState === 'complete' && d.getElementById('google') ? d : null; })()";

fn in_panel(js: &str) -> String {
    format!("(() => {{ const d = {PANEL}; return d ? ({js}) : null; }})()")
}

fn site(title: &str) -> Site {
    let s = Site::new();
    s.write("content/guide/_index.md", "---\ntitle: Guide\ndescription: The guide to sharing pages well, one article at a time.\n---\nSee [the article](sharing.md).\n")
        .write("content/guide/sharing.md", &article(title, "date: 2026-05-01\n", "How a page looks when shared.\n"));
    s
}

/// Presses Alt+Shift+P in the page, as a writer does.
fn press_shortcut(b: &mut browser::Browser) {
    for kind in ["rawKeyDown", "keyUp"] {
        b.call(
            "Input.dispatchKeyEvent",
            json!({ "type": kind, "modifiers": 9, "key": "P", "code": "KeyP", "windowsVirtualKeyCode": 80 }),
        )
        .expect("a key event");
    }
}

#[test]
fn the_panel_shows_the_pages_own_tags_and_follows_edits() {
    let Some(mut b) = browser::browser_or_skip("the_panel_shows_the_pages_own_tags_and_follows_edits") else {
        return;
    };
    let s = site("Sharing well");
    let server = Serving::start(&s, &[]);
    b.viewport(1400, 900);
    b.goto(&format!("{}guide/sharing/", server.url));
    b.wait_for(CONNECTED, WAIT);
    b.wait_for("!!document.getElementById('herald-preview-host')", WAIT);
    let closed_width = b.eval("document.documentElement.getBoundingClientRect().width");

    press_shortcut(&mut b);
    b.wait_for(&format!("{} !== null", in_panel("true")), WAIT);
    let page = b.eval(
        "({ title: document.title, \
            xImage: document.querySelector('meta[name=\"twitter:image\"]').content, \
            ogTitle: document.querySelector('meta[property=\"og:title\"]').content, \
            expanded: document.getElementById('herald-preview-host').shadowRoot.getElementById('toggle').getAttribute('aria-expanded') })",
    );
    let panel = b.eval(&in_panel(
        "({ google: d.querySelector('#google-desktop .serp-title').textContent, \
            xImage: d.querySelector('#card-x img').src, \
            facebook: d.querySelector('#card-facebook .card-title').textContent, \
            lint: d.getElementById('lint').textContent })",
    ));
    assert_eq!(panel["google"], page["title"], "Google shows the <title>");
    assert_eq!(panel["xImage"], page["xImage"], "X shows twitter:image");
    assert_eq!(panel["facebook"], page["ogTitle"], "Facebook shows og:title");
    assert_eq!(page["expanded"], "true");
    assert!(panel["lint"].as_str().unwrap().contains("content/guide/sharing.md"), "{}", panel["lint"]);
    // Beside the page: the page is narrower while the panel is open.
    let open_width = b.eval("document.documentElement.getBoundingClientRect().width");
    assert!(open_width.as_f64().unwrap() < closed_width.as_f64().unwrap(), "{open_width} vs {closed_width}");

    // Nothing came from another host, on the page or in the panel.
    let foreign = b.eval(&in_panel(
        "[...performance.getEntriesByType('resource'), ...d.defaultView.performance.getEntriesByType('resource')] \
            .map(e => e.name).filter(n => !n.startsWith(location.origin))",
    ));
    assert_eq!(foreign, json!([]), "third-party requests");

    // A save changes the panel with no action, and it stays open across the reload.
    s.write(
        "content/guide/sharing.md",
        &article("Sharing better", "date: 2026-05-01\n", "How a page looks when shared.\n"),
    );
    b.wait_for(
        &format!(
            "{} === 'Sharing better | Test Site'",
            in_panel("d.querySelector('#google-desktop .serp-title').textContent")
        ),
        WAIT,
    );

    // Esc closes it and gives the page its width back.
    b.call(
        "Input.dispatchKeyEvent",
        json!({ "type": "rawKeyDown", "key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27 }),
    )
    .unwrap();
    b.wait_for("document.getElementById('herald-preview-host').shadowRoot.getElementById('panel').hidden", WAIT);
    assert_eq!(b.eval("document.documentElement.getBoundingClientRect().width"), closed_width);
    assert_eq!(b.eval("sessionStorage.getItem('herald-preview-open')"), json!(null));
}

#[test]
fn a_too_long_title_shows_the_cut_and_the_lint_finding() {
    let Some(mut b) = browser::browser_or_skip("a_too_long_title_shows_the_cut_and_the_lint_finding") else {
        return;
    };
    let long =
        "Social media optimization explained in full, the complete guide to shares, cards, reach and everything else";
    let s = site(long);
    let server = Serving::start(&s, &[]);
    b.viewport(1400, 900);
    b.goto(&format!("{}guide/sharing/", server.url));
    b.wait_for("!!document.getElementById('herald-preview-host')", WAIT);
    b.eval("document.getElementById('herald-preview-host').shadowRoot.getElementById('toggle').click()");
    b.wait_for(&format!("{} !== null", in_panel("true")), WAIT);
    let title = b.eval(&in_panel(
        "({ text: d.querySelector('#google-desktop .serp-title').textContent, \
            cut: d.querySelector('#google-desktop .serp-title').dataset.cut, \
            note: d.querySelector('#google-desktop .cut-note').textContent })",
    ));
    let text = title["text"].as_str().unwrap();
    assert_eq!(title["cut"], "true");
    let shown = text.strip_suffix(" ...").unwrap_or_else(|| panic!("no ellipsis: {text}"));
    assert!(long.starts_with(shown) && shown.len() > 30, "{text}");
    assert!(title["note"].as_str().unwrap().contains("600 px"), "{}", title["note"]);
    // The line of the file that has the title, with the rule's id.
    let finding = b.eval(&in_panel(
        "(() => { const li = d.querySelector('#lint li[data-rule=\"seo/title-length\"]'); \
            return li && li.querySelector('.loc').textContent; })()",
    ));
    assert_eq!(finding, "content/guide/sharing.md:2:1");
}

#[test]
fn the_panel_is_served_but_never_built() {
    let s = site("Sharing well");
    // A finding, so that its markup is validated too.
    s.write("content/guide/sharing.md", &article("Sharing well", "", "Text.\n\n#### Deep\n"));
    s.build_ok(&[]);
    for (path, bytes) in s.snapshot("public") {
        assert!(!String::from_utf8_lossy(&bytes).contains("__herald"), "{path} mentions the preview");
    }
    let server = Serving::start(&s, &[]);
    let page = server.get("/guide/sharing/").text();
    assert!(page.contains("<script src=\"/__herald/preview.js\" defer></script>"), "the launcher is injected");
    let launcher = server.get("/__herald/preview.js");
    assert_eq!(launcher.header("Content-Type"), Some("text/javascript; charset=utf-8"));
    let panel = server.get("/__herald/preview/guide/sharing/");
    assert_eq!(panel.status, 200);
    let html = panel.text();
    assert!(html.contains("<p class=\"serp-title\" data-cut=\"false\">Sharing well | Test Site</p>"), "{html}");
    assert!(html.contains("Shared and found: <code>/guide/sharing/</code>"));
    // Every image and script it loads is the server's own; links to the editor load nothing.
    assert!(html.contains("<a class=\"loc\" href=\"vscode://file/"), "{html}");
    for attr in ["src=\"", "href=\""] {
        for rest in html.split(attr).skip(1) {
            let url = &rest[..rest.find('"').unwrap()];
            if url.starts_with("vscode://file/") {
                continue;
            }
            assert!(url.starts_with('/') || url.starts_with(&format!("http://{}/", server.addr)), "{url}");
        }
    }
    let file = s.path("panel.html");
    std::fs::write(&file, &html).unwrap();
    if let Some(errors) = common::vnu::errors_or_skip("the_panel_is_served_but_never_built", &[file]) {
        assert!(errors.is_empty(), "the panel is valid HTML: {errors:#?}");
    }
    assert_eq!(server.get("/__herald/preview/no/such/page/").status, 404);
    assert_eq!(server.get("/__herald/preview/css/").status, 404);
    assert_eq!(server.get("/__herald/preview/%2e%2e/etc/passwd").status, 400);
}

/// The absolute path of `rel` in `s` as the server sees it (the root canonicalized).
fn absolute(s: &Site, rel: &str) -> String {
    s.root().canonicalize().unwrap().join(rel).display().to_string()
}

#[test]
fn findings_link_to_the_editor_and_follow_saves() {
    let Some(mut b) = browser::browser_or_skip("findings_link_to_the_editor_and_follow_saves") else {
        return;
    };
    let s = site("Sharing well");
    s.write("book.toml", &format!("{MINIMAL_CONFIG}\n[serve]\neditor = \"zed\"\n"));
    let server = Serving::start(&s, &[]);
    b.viewport(1400, 900);
    b.goto(&format!("{}guide/sharing/#herald-preview", server.url));
    b.wait_for(&format!("{} !== null", in_panel("true")), WAIT);
    let skip = "d.querySelector('#lint li[data-rule=\"seo/heading-skip\"]')";
    assert_eq!(b.eval(&in_panel(&format!("{skip} === null"))), json!(true), "no finding before the save");

    // A save that skips a heading level: its finding appears in the open panel by itself.
    let body = "How a page looks when shared.\n\n## Cards\n\nText.\n\n#### Too deep\n\nMore.\n";
    s.write("content/guide/sharing.md", &article("Sharing well", "date: 2026-05-01\n", body));
    b.wait_for(&in_panel(&format!("{skip} !== null")), WAIT);
    let finding = b.eval(&in_panel(&format!(
        "({{ href: {skip}.querySelector('a.loc').getAttribute('href'), text: {skip}.querySelector('a.loc').textContent, \
            abs: {skip}.querySelector('.abs').textContent, title: {skip}.querySelector('a.loc').title }})"
    )));
    // The front matter has 4 lines and `---`: the h4 is line 12 of the file.
    let file = absolute(&s, "content/guide/sharing.md");
    assert_eq!(finding["text"], "content/guide/sharing.md:12:1");
    assert_eq!(finding["href"], format!("zed://file{file}:12:1"));
    assert_eq!(finding["abs"], format!("{file}:12:1"));
    assert_eq!(finding["title"], "Open in Zed");

    // Fixed: the finding goes, with no action in the browser.
    let body = "How a page looks when shared.\n\n## Cards\n\nText.\n\n### Deep enough\n\nMore.\n";
    s.write("content/guide/sharing.md", &article("Sharing well", "date: 2026-05-01\n", body));
    b.wait_for(&in_panel(&format!("{skip} === null && d.getElementById('lint') !== null")), WAIT);
}

#[test]
fn the_writers_editor_comes_before_the_sites() {
    let s = site("Sharing well");
    s.write("book.toml", &format!("{MINIMAL_CONFIG}\n[serve]\neditor = \"zed\"\n"));
    s.write("content/guide/sharing.md", &article("Sharing well", "", "Text.\n\n#### Deep\n"));
    let file = absolute(&s, "content/guide/sharing.md");
    let href = |server: &Serving| {
        let html = server.get("/__herald/preview/guide/sharing/").text();
        let rest = &html[html.find("class=\"loc\" href=\"").expect("a finding's link") + 18..];
        rest[..rest.find('"').unwrap()].to_string()
    };
    let server = Serving::start_with_env(&s, &[], &[("HERALD_EDITOR", "idea")]);
    assert_eq!(href(&server), format!("idea://open?file={file}&amp;line=7&amp;column=1"));
    drop(server);
    let server = Serving::start_with_env(&s, &[], &[("HERALD_EDITOR", "notepad")]);
    assert_eq!(href(&server), format!("zed://file{file}:7:1"), "book.toml's editor when HERALD_EDITOR names none");
    assert!(server.wait_for_stderr("HERALD_EDITOR").contains("`notepad`"), "{}", server.stderr());
}

/// The "done when": any page of the bundled site, the shortcut, the seven previews, and
/// the findings following saves.
#[test]
fn the_bundled_site_shows_the_seven_previews_and_follows_saves() {
    let Some(mut b) = browser::browser_or_skip("the_bundled_site_shows_the_seven_previews_and_follows_saves") else {
        return;
    };
    let s = Site::new();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "static", "themes"] {
        copy_dir(&repo.join(dir), &s.path(dir));
    }
    // One site-wide image: drawing 45 cards in a debug build can outlast the server's start-up
    // patience on a loaded machine, and the cards are not what this test looks at.
    let config = std::fs::read_to_string(repo.join("book.toml")).unwrap();
    s.write("book.toml", &format!("{config}\n[social]\ndefault-image = \"https://example.org/share.png\"\n"));
    let server = Serving::start(&s, &[]);
    b.viewport(1400, 900);
    b.goto(&format!("{}smo/share-buttons/", server.url));
    b.wait_for(CONNECTED, WAIT);
    press_shortcut(&mut b);
    b.wait_for(&format!("{} !== null", in_panel("true")), WAIT);
    let shown = b.eval(&in_panel(
        "({ google: ['#google-desktop .serp-title', '#google-mobile .serp-title'].map(q => !!d.querySelector(q)), \
            cards: [...d.querySelectorAll('section.network')].map(c => c.id), \
            lint: d.querySelector('#lint p').textContent })",
    ));
    assert_eq!(shown["google"], json!([true, true]), "{shown}");
    let cards = ["card-x", "card-facebook", "card-linkedin", "card-unfurl", "card-whatsapp", "card-imessage"];
    assert_eq!(shown["cards"], json!(cards), "{shown}");
    assert_eq!(shown["lint"], "No findings for content/smo/share-buttons.md", "{shown}");

    let file = "content/smo/share-buttons.md";
    let text = std::fs::read_to_string(s.path(file)).unwrap();
    let long = "title: Share buttons without tracking scripts, and what each network does with your links";
    s.write(file, &text.replacen("title: Share buttons without tracking scripts", long, 1));
    let finding = "d.querySelector('#lint li[data-rule=\"seo/title-length\"] a.loc')";
    b.wait_for(&in_panel(&format!("{finding} !== null")), WAIT);
    let href = b.eval(&in_panel(&format!("{finding}.getAttribute('href')")));
    assert_eq!(href, format!("vscode://file{}:2:1", absolute(&s, file)));
    s.write(file, &text);
    b.wait_for(&in_panel(&format!("{finding} === null && d.querySelector('#lint li') === null")), WAIT);
}
