//! Comparison tables kept in front matter: rendering, placement, the hub page, the JSON and CSV
//! files, every error with its line, valid HTML, and layout at phone and desktop widths.

mod common;

use common::{browser, static_server, vnu, Site};

/// An article with two tables: `tools` (list and map rows, inline Markdown, hostile text, a
/// note) placed in the body, and `extra` left for after the article.
const TOOLS: &str = r#"---
title: Tools compared
description: Hammers and saws compared aspect by aspect, for the comparison tests of herald.
comparisons:
  - id: tools
    title: Tools & "friends"
    description: What *each* tool does; see [the other article](../smm/b.md).
    columns: [Hammer, Saw]
    rows:
      - aspect: Use
        values: ["Drives *nails*", "Cuts `wood`"]
      - aspect: Danger
        values: {Saw: "Sharp <script>alert(1)</script> & <b>bold</b>", Hammer: "Thumbs, see [B](../smm/b.md#top)"}
        note: Wear gloves; read [the guide](../smm/b.md).
      - aspect: Price
        values: [12, 2006. A year]
  - id: extra
    title: Extra table
    columns: [X, Y]
    rows:
      - aspect: Only
        values: [x1, y1]
---
Before the table.

{{ comparison(id="tools") }}

After the table.
"#;

const WIDE: &str = r#"---
title: A wide comparison
description: Four things compared with long texts, to check the layout at phone and desktop widths.
comparisons:
  - id: wide
    title: Four channels compared on long, wordy aspects
    description: Long cells on purpose, including an unbroken https://example.org/a/very/long/path/that/does/not/break.
    columns: [Search engine optimization, Social media optimization, Social media marketing, Email newsletters]
    rows:
      - aspect: Who arrives and in what state of mind
        values: ["People actively searching for an answer, comparing several results before choosing one", "People who see a link shared by someone they follow or trust, while browsing", "People reached by posts, short video and paid ads in their feeds, often not looking", "Subscribers who asked to hear from you and open when the subject line earns it"]
      - aspect: Time to effect
        values: ["Weeks to months", "Immediate, from the next share", "Immediate for ads; slower for organic reach", "The next send"]
        note: Typical for a small business; your mileage varies with competition and budget.
      - aspect: What it costs
        values: ["Time and expertise, mostly up front, and no payment per click", "A few hours of setup, then minutes per page", "Time continuously, plus ad spend when advertising", "A mailing service subscription and writing time"]
---
Intro paragraph.

{{ comparison(id="wide") }}

Closing paragraph.
"#;

fn fixture() -> Site {
    let s = Site::new();
    s.write("content/tools/_index.md", "---\ntitle: Tools\n---\nTools.\n")
        .write("content/tools/a.md", TOOLS)
        .write("content/tools/wide.md", WIDE)
        .write("content/smm/b.md", "---\ntitle: B article\ndescription: The article the cells link to, for herald's tests.\n---\n## Top\n\nBody.\n");
    s
}

/// The HTML between two markers of a page.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no `{start}` in:\n{html}"));
    let to = html[from..].find(end).map_or(html.len(), |i| from + i);
    &html[from..to]
}

#[test]
fn tables_render_with_caption_headers_cells_and_notes() {
    let s = fixture();
    s.build_ok(&[]);
    let html = s.public("tools/a/index.html");
    let table = between(&html, "<div class=\"comparison\" id=\"comparison-tools\"", "</table>");
    assert!(
        table.contains(
            "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"comparison-tools-title\" tabindex=\"0\">"
        ),
        "{table}"
    );
    assert!(
        table.contains(
            "<span class=\"comparison-title\" id=\"comparison-tools-title\">Tools &amp; &quot;friends&quot;</span>"
        ),
        "{table}"
    );
    assert!(table.contains("What <em>each</em> tool does; see <a href=\"/smm/b/\">the other article</a>."), "{table}");
    assert!(table.contains("<th scope=\"col\">Aspect</th>"), "{table}");
    assert!(table.contains("<th scope=\"col\">Hammer</th>\n          <th scope=\"col\">Saw</th>"), "{table}");
    assert!(table.contains("<th scope=\"row\">Use</th>"), "{table}");
    // List row, map row (given in another order than the columns), numbers and block-like text.
    assert!(table.contains("<td data-label=\"Hammer\">Drives <em>nails</em></td>"), "{table}");
    assert!(table.contains("<td data-label=\"Saw\">Cuts <code>wood</code></td>"), "{table}");
    assert!(table.contains("<td data-label=\"Hammer\">Thumbs, see <a href=\"/smm/b/#top\">B</a></td>"), "{table}");
    assert!(
        table.contains(
            "<td data-label=\"Saw\">Sharp &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</td>"
        ),
        "{table}"
    );
    assert!(!html.contains("<script>") && !html.contains("<b>"), "raw HTML from a cell reached the page");
    assert!(
        table.contains("<td data-label=\"Hammer\">12</td>\n          <td data-label=\"Saw\">2006. A year</td>"),
        "{table}"
    );
    // The note: a numbered reference in the row, the note under the table, linked both ways.
    assert!(
        table
            .contains("<a href=\"#comparison-tools-note-1\" id=\"comparison-tools-ref-1\" aria-label=\"Note 1\">1</a>"),
        "{table}"
    );
    let notes = between(&html, "<ol class=\"comparison-notes\"", "</ol>");
    assert!(
        notes.contains("<li id=\"comparison-tools-note-1\">Wear gloves; read <a href=\"/smm/b/\">the guide</a>."),
        "{notes}"
    );
    assert!(notes.contains("href=\"#comparison-tools-ref-1\""), "{notes}");
    assert!(notes.contains("aria-label=\"Back to the row “Danger”\""), "{notes}");
    // Data links under the table.
    assert!(html.contains("Download as <a href=\"/tools/a/tools.json\" type=\"application/json\" download>JSON</a> · <a href=\"/tools/a/tools.csv\" type=\"text/csv\" download>CSV</a>"), "{html}");
}

#[test]
fn placed_tables_stand_in_place_and_the_others_follow_the_article() {
    let s = fixture();
    s.build_ok(&[]);
    let html = s.public("tools/a/index.html");
    let (before, table, after, extra) = (
        html.find("<p>Before the table.</p>").unwrap(),
        html.find("id=\"comparison-tools\"").unwrap(),
        html.find("<p>After the table.</p>").unwrap(),
        html.find("id=\"comparison-extra\"").expect("the unplaced table is printed"),
    );
    assert!(before < table && table < after && after < extra, "order: {before} {table} {after} {extra}");
    assert!(!html.contains("herald:comparison") && !html.contains("{{"), "a marker is left:\n{html}");
    let following = between(&html, "<section class=\"comparisons-after\"", "</section>");
    assert!(following.contains("<h2 id=\"comparisons-heading\">Comparison</h2>"), "{following}");
    assert!(following.contains("id=\"comparison-extra\"") && !following.contains("id=\"comparison-tools\""));
    assert_eq!(html.matches("<table").count(), 2);
    // A page without comparisons has no trace of them.
    let b = s.public("smm/b/index.html");
    assert!(!b.contains("comparison-table") && !b.contains("comparisons-after"), "{b}");
}

#[test]
fn json_and_csv_match_the_front_matter() {
    let s = fixture();
    s.build_ok(&[]);
    let json: serde_json::Value = serde_json::from_str(&s.public("tools/a/tools.json")).expect("valid JSON");
    assert_eq!(json["id"], "tools");
    assert_eq!(json["title"], "Tools & \"friends\"");
    assert_eq!(json["description"], "What each tool does; see the other article.");
    assert_eq!(json["url"], "https://example.org/tools/a/#comparison-tools");
    assert_eq!(json["page"]["title"], "Tools compared");
    assert_eq!(json["page"]["url"], "https://example.org/tools/a/");
    assert_eq!(json["columns"], serde_json::json!(["Hammer", "Saw"]));
    let rows = json["rows"].as_array().unwrap();
    let texts: Vec<(String, Vec<String>)> = rows
        .iter()
        .map(|r| {
            let values = r["values"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
            (r["aspect"].as_str().unwrap().to_string(), values)
        })
        .collect();
    let expected = [
        ("Use", vec!["Drives nails", "Cuts wood"]),
        ("Danger", vec!["Thumbs, see B", "Sharp <script>alert(1)</script> & <b>bold</b>"]),
        ("Price", vec!["12", "2006. A year"]),
    ];
    assert_eq!(texts.len(), expected.len());
    for ((aspect, values), (want_aspect, want_values)) in texts.iter().zip(&expected) {
        assert_eq!(aspect, want_aspect);
        assert_eq!(values, want_values);
    }
    assert_eq!(rows[1]["note"], "Wear gloves; read the guide.");
    assert!(rows[0]["note"].is_null());
    // HTML values carry absolute links, so they work wherever the data goes.
    assert_eq!(rows[1]["values_html"][0], "Thumbs, see <a href=\"https://example.org/smm/b/#top\">B</a>");
    assert_eq!(rows[0]["values_html"][0], "Drives <em>nails</em>");

    let csv_text = s.public("tools/a/tools.csv");
    assert!(csv_text.ends_with("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["Aspect", "Hammer", "Saw", "Note"]);
    let records: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    assert_eq!(records.len(), 3);
    for (record, (aspect, values)) in records.iter().zip(&expected) {
        assert_eq!(record[0], *aspect);
        assert_eq!(record[1..3], values[..]);
    }
    assert_eq!(records[1][3], "Wear gloves; read the guide.");
    assert_eq!(records[0][3], "");
    // A table without notes has no Note column.
    let extra = s.public("tools/a/extra.csv");
    assert_eq!(extra, "Aspect,X,Y\r\nOnly,x1,y1\r\n");

    // Deterministic: a second build writes the same bytes.
    let first = s.snapshot("public");
    s.build_ok(&[]);
    assert!(first == s.snapshot("public"), "two builds differ");
}

#[test]
fn the_hub_lists_every_table_with_its_page() {
    let s = fixture();
    s.build_ok(&["--base-url", "https://example.org/guide/"]);
    let hub = s.public("comparisons/index.html");
    assert!(hub.contains("<h1>Comparison tables</h1>"), "{hub}");
    assert!(hub.contains("3 tables"), "{hub}");
    for (page, anchor, title) in [
        ("/guide/tools/a/", "comparison-tools", "Tools &amp; &quot;friends&quot;"),
        ("/guide/tools/a/", "comparison-extra", "Extra table"),
        ("/guide/tools/wide/", "comparison-wide", "Four channels compared on long, wordy aspects"),
    ] {
        let link = format!("<a href=\"{page}#{anchor}\">{title}</a>");
        assert!(hub.contains(&link), "no `{link}` in:\n{hub}");
    }
    assert!(hub.contains("<a href=\"/guide/tools/a/\">Tools compared</a>"), "{hub}");
    assert!(hub.contains("href=\"/guide/tools/a/tools.json\""), "{hub}");
    // Every page links to the hub from its footer.
    for page in ["index.html", "smm/b/index.html", "tags/index.html"] {
        assert!(s.public(page).contains("<a href=\"/guide/comparisons/\">All comparison tables</a>"), "{page}");
    }
    // A site without comparisons has neither the hub nor the link.
    let plain = Site::new();
    plain.write("content/a.md", "---\ntitle: A\n---\nBody.\n");
    plain.build_ok(&[]);
    assert!(!plain.public_exists("comparisons/index.html"));
    assert!(!plain.public("index.html").contains("All comparison tables"));
}

/// Every malformed comparison, one per file, all reported by one build and by `herald check`,
/// each at its file, line and column.
#[test]
fn every_error_names_its_line() {
    let s = Site::new();
    let table = |rows: &str| {
        format!(
            "---\ntitle: T\ncomparisons:\n  - id: t\n    title: T\n    columns: [A, B]\n    rows:\n{rows}---\nBody.\n"
        )
    };
    s.write("content/bad/few.md", &table("      - aspect: One\n        values: [only]\n"))
        .write("content/bad/many.md", &table("      - aspect: One\n        values: [a, b]\n      - aspect: Two\n        values: [a, b, c]\n"))
        .write("content/bad/mapkey.md", &table("      - aspect: One\n        values: {A: a, C: c}\n"))
        .write("content/bad/empty.md", &table("      []\n"))
        .write("content/bad/nocols.md", "---\ntitle: T\ncomparisons:\n  - id: t\n    title: T\n    rows:\n      - aspect: One\n        values: [a]\n---\n")
        .write("content/bad/dup.md", "---\ntitle: T\ncomparisons:\n  - id: t\n    title: T\n    columns: [A, B]\n    rows:\n      - aspect: One\n        values: [a, b]\n  - id: t\n    title: U\n    columns: [A, B]\n    rows:\n      - aspect: One\n        values: [a, b]\n---\n")
        .write("content/bad/unknown.md", &format!("{}\n{{{{ comparison(id=\"nope\") }}}}\n", table("      - aspect: One\n        values: [a, b]\n")))
        .write("content/bad/link.md", &table("      - aspect: One\n        values: [a, \"see [x](gone.md)\"]\n"))
        .write("content/bad/twice.md", &format!("{}\n{{{{ comparison(id=\"t\") }}}}\n\n{{{{ comparison(id=\"t\") }}}}\n", table("      - aspect: One\n        values: [a, b]\n")));
    let cases = [
        ("content/bad/few.md:8:7", "the row `One` has 1 value(s) for 2 columns (A, B)"),
        ("content/bad/many.md:10:7", "the row `Two` has 3 value(s) for 2 columns (A, B)"),
        ("content/bad/mapkey.md:8:7", "the row `One` has a value for `C`, which is not a column"),
        ("content/bad/mapkey.md:8:7", "the row `One` has no value for the column `B`"),
        ("content/bad/empty.md:4:3", "the comparison `t` has no rows"),
        ("content/bad/nocols.md:4:3", "the comparison `t` has 0 column(s); a comparison needs at least two"),
        ("content/bad/dup.md:10:3", "the comparison id `t` is used twice on this page"),
        ("content/bad/unknown.md:13:1", "no comparison with the id `nope` on this page"),
        ("content/bad/link.md:9:30", "the link `gone.md` points at `content/bad/gone.md`, which is not an article"),
        ("content/bad/twice.md:15:1", "the comparison `t` is placed twice on this page"),
    ];
    let build = s.build_err(&[]).stderr;
    let check = s.run(&["check"]);
    assert!(!check.ok, "check should fail");
    for output in [&build, &check.stderr] {
        for (at, message) in cases {
            // codespan prints the message, then `┌─ file:line:col` on the next line.
            let shown = output.lines().zip(output.lines().skip(1)).any(|(m, l)| m.contains(message) && l.ends_with(at));
            assert!(shown, "`{message}` is not reported at {at}:\n{output}");
        }
    }
}

#[test]
fn comparison_pages_pass_the_nu_html_checker() {
    let s = fixture();
    s.build_ok(&[]);
    let files: Vec<_> = ["tools/a/index.html", "tools/wide/index.html", "comparisons/index.html", "smm/b/index.html"]
        .iter()
        .map(|f| s.path("public").join(f))
        .collect();
    let Some(errors) = vnu::errors_or_skip("comparison_pages_pass_the_nu_html_checker", &files) else { return };
    assert!(errors.is_empty(), "Nu HTML Checker errors:\n{}", errors.join("\n"));
}

#[test]
fn a_wide_table_never_widens_the_page() {
    let s = fixture();
    s.build_ok(&[]);
    let Some(mut b) = browser::browser_or_skip("a_wide_table_never_widens_the_page") else { return };
    let base = static_server::serve(&s.path("public"));
    for (width, layout) in [(375, "block"), (1280, "table")] {
        b.viewport(width, 1400);
        for path in ["/tools/wide/", "/tools/a/", "/comparisons/"] {
            b.goto(&format!("{base}{path}"));
            let overflow = b.eval("document.documentElement.scrollWidth - window.innerWidth");
            assert!(overflow.as_i64().unwrap_or(1) <= 0, "{path} overflows by {overflow} px at {width} px");
        }
        b.goto(&format!("{base}/tools/wide/"));
        // Phones get cards (rows stacked, values labelled); wider screens the table itself.
        let display = b.eval("getComputedStyle(document.querySelector('.comparison-table')).display");
        assert_eq!(display, layout, "at {width} px");
        let label = b.eval("getComputedStyle(document.querySelector('.comparison-table td'), '::before').content");
        assert_eq!(label.as_str() == Some("\"Search engine optimization\""), width == 375, "label at {width}: {label}");
        // Nothing inside the table sticks out of its container.
        let inner = b.eval(
            "(() => { const r = document.querySelector('.table-scroll'); return r.scrollWidth - r.clientWidth; })()",
        );
        if width == 375 {
            assert!(inner.as_i64().unwrap_or(1) <= 0, "the cards overflow their container by {inner} px");
        }
        b.eval("document.getElementById('comparison-wide').scrollIntoView()");
        let shot = std::env::temp_dir().join(format!("herald-comparison-{width}.png"));
        b.screenshot(&shot);
        eprintln!("screenshot: {}", shot.display());
    }
}

/// The bundled site's comparison articles render their tables, with no marker left behind.
#[test]
fn the_bundled_site_renders_its_comparisons() {
    let out = tempfile::tempdir().unwrap();
    let r: common::Run = common::herald()
        .args(["--root", env!("CARGO_MANIFEST_DIR"), "build", "--output-dir"])
        .arg(out.path())
        .output()
        .unwrap()
        .into();
    assert!(r.ok, "{}", r.stderr);
    let mut tables = 0;
    for entry in walkdir::WalkDir::new(out.path()).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!html.contains("herald:comparison"), "a marker is left in {}", entry.path().display());
            tables += html.matches("class=\"comparison-table\"").count();
        }
    }
    let hub = std::fs::read_to_string(out.path().join("comparisons/index.html")).unwrap();
    let listed = hub.matches("<h3>").count();
    assert!(tables >= 5, "only {tables} tables rendered");
    assert_eq!(listed, tables, "the hub lists {listed} tables, the pages show {tables}");
    assert!(out.path().join("compare/smo-vs-smm/smo-vs-smm.json").exists());
    assert!(out.path().join("compare/smo-vs-smm/smo-smm-rhythm.csv").exists());
}

#[test]
fn images_in_table_cells_and_notes_are_sized_and_a_missing_one_is_an_error_at_its_row() {
    let s = Site::new();
    let page = |cell: &str| {
        format!(
            "---\ntitle: Logos\ndescription: Two logos compared, for the image tests of the comparison tables.\ncomparisons:\n  - id: logos\n    title: Logos\n    columns: [A, B]\n    rows:\n      - aspect: Plain\n        values: [x, y]\n      - aspect: Logo\n        values: [\"{cell}\", \"![Remote](https://example.org/b.png)\"]\n        note: \"The wide one: ![Wide](/img/wide.svg)\"\n---\nText.\n\n{{{{ comparison(id=\"logos\") }}}}\n"
        )
    };
    s.write_bytes("content/smo/logos/a.png", &common::png(24, 12));
    s.write("static/img/wide.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 90 30\"/>");
    s.write("content/smo/logos/index.md", &page("![Logo A](a.png)"));
    s.build_ok(&[]);
    let html = s.public("smo/logos/index.html");
    let imgs = common::html::tags(&html, "img");
    let find = |src: &str| {
        imgs.iter()
            .find(|a| common::html::get(a, "src") == src)
            .unwrap_or_else(|| panic!("no <img src={src}> in {html}"))
    };
    let size = |src: &str| {
        let img = find(src);
        let value = |n: &str| img.iter().find(|(k, _)| k == n).map_or(String::new(), |(_, v)| v.clone());
        (value("width"), value("height"))
    };
    assert_eq!(size("a.png"), ("24".to_string(), "12".to_string()), "a bundle's image in a cell");
    assert_eq!(size("/img/wide.svg"), ("90".to_string(), "30".to_string()), "a static image in a note");
    assert_eq!(size("https://example.org/b.png"), (String::new(), String::new()), "a remote one is left alone");

    s.write("content/smo/logos/index.md", &page("![Gone](gone.png)"));
    let e = s.build_err(&[]).stderr;
    // At the row: `- aspect: Logo` is the file's line 11.
    assert!(
        e.lines().any(|l| l.contains("content/smo/logos/index.md:11:7"))
            && e.contains("the image `gone.png` does not exist"),
        "{e}"
    );
}
