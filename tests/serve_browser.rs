//! Live reload in a real browser: headless Chromium on a page of `herald serve`, while the test
//! edits the Markdown file behind it. Nothing is clicked or reloaded by the test.

mod common;

use std::time::Duration;

use common::serve::Serving;
use common::{article, browser, Site};

const WAIT: Duration = Duration::from_secs(60);
/// The live-reload client has its event stream open.
const CONNECTED: &str = "!!(window.__herald && window.__herald.connected)";

fn long_article(marker: &str) -> String {
    let paragraphs: Vec<String> =
        (0..60).map(|i| format!("Paragraph {i} of a long article, so that the page scrolls a good way.")).collect();
    article("Long read", "date: 2026-05-01\n", &format!("{marker}\n\n{}\n", paragraphs.join("\n\n")))
}

#[test]
fn edits_appear_by_themselves_errors_overlay_and_scroll_stays() {
    let Some(mut b) = browser::browser_or_skip("edits_appear_by_themselves_errors_overlay_and_scroll_stays") else {
        return;
    };
    let s = Site::new();
    s.write("content/guide/_index.md", "---\ntitle: Guide\n---\nThe guide.\n")
        .write("content/guide/long.md", &long_article("The first version."));
    let server = Serving::start(&s, &[]);
    b.viewport(1000, 700);
    b.goto(&format!("{}guide/long/", server.url));
    b.wait_for("document.body.innerText.includes('The first version.')", WAIT);
    b.wait_for(CONNECTED, WAIT);

    // Scroll down, then edit: the new text shows at the same place, with no action.
    b.eval("window.scrollTo(0, 1500)");
    b.wait_for("Math.abs(window.scrollY - 1500) < 2", WAIT);
    s.write("content/guide/long.md", &long_article("The second version."));
    b.wait_for("document.body.innerText.includes('The second version.')", WAIT);
    b.wait_for("Math.abs(window.scrollY - 1500) < 40", WAIT);
    assert!(!b.eval("document.body.innerText.includes('The first version.')").as_bool().unwrap());

    // A broken file: an overlay names the file and line, and the last good page stays.
    s.write("content/guide/long.md", "---\ntitle: Long read\ndescripton: typo\n---\nBroken.\n");
    b.wait_for("!!document.getElementById('herald-error-overlay')", WAIT);
    let overlay = b.eval("document.getElementById('herald-error-overlay').innerText");
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains("content/guide/long.md:3"), "{overlay}");
    assert!(overlay.contains("descripton"), "{overlay}");
    assert!(b.eval("document.body.innerText.includes('The second version.')").as_bool().unwrap());

    // The fix clears the overlay and shows the new text.
    s.write("content/guide/long.md", &long_article("The fixed version."));
    b.wait_for(
        "!document.getElementById('herald-error-overlay') && document.body.innerText.includes('The fixed version.')",
        WAIT,
    );
}

#[test]
fn a_stylesheet_change_applies_without_a_reload() {
    let Some(mut b) = browser::browser_or_skip("a_stylesheet_change_applies_without_a_reload") else { return };
    let s = Site::new();
    s.write("content/guide/page.md", &article("Styled", "", "Some text.\n"));
    let server = Serving::start(&s, &[]);
    b.goto(&format!("{}guide/page/", server.url));
    b.wait_for(CONNECTED, WAIT);
    b.eval("window.heraldTestMarker = 42");
    s.write("static/css/style.css", "body { background-color: rgb(1, 2, 3); }\n");
    b.wait_for("getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'", WAIT);
    assert_eq!(b.eval("window.heraldTestMarker"), 42, "the page was not reloaded");
}

#[test]
fn the_page_reconnects_after_a_server_restart() {
    let Some(mut b) = browser::browser_or_skip("the_page_reconnects_after_a_server_restart") else { return };
    let s = Site::new();
    s.write("content/guide/page.md", &article("Restart", "", "Before the restart.\n"));
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
    let server = Serving::start(&s, &["--port", &port]);
    b.goto(&format!("{}guide/page/", server.url));
    b.wait_for(CONNECTED, WAIT);
    assert!(server.interrupt().success());
    b.wait_for("!window.__herald.connected", WAIT);
    // Changed while no server ran: the page catches up once it is back.
    s.write("content/guide/page.md", &article("Restart", "", "After the restart.\n"));
    let _server = Serving::start(&s, &["--port", &port]);
    b.wait_for("document.body.innerText.includes('After the restart.')", WAIT);
}
