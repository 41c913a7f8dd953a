//! The Markdown stage's writing toolkit, end to end: highlighted code blocks and their fence
//! options, the stylesheet of both themes, the warning for an unknown language, callouts, math
//! and its errors, valid HTML (Nu HTML Checker) and the copy button in headless Chromium.

mod common;

use common::{article, browser, static_server, vnu, Site};

/// The `<div class="code-block">` or `<figure class="code-block">` elements of a page, in order.
fn code_blocks(html: &str) -> Vec<&str> {
    html.split("class=\"code-block\">")
        .skip(1)
        .map(|rest| &rest[..rest.find("</code></pre>").expect("a closed block")])
        .collect()
}

fn site_with(body: &str, config: &str) -> Site {
    let s = Site::new();
    s.write("book.toml", &format!("{}{config}", common::MINIMAL_CONFIG));
    s.write("content/guide/a.md", &article("Code", "", body));
    s
}

const LANGUAGES: &str = r#"Inline `<b>x</b>` stays plain.

```html
<meta property="og:title" content="A & B">
<script>alert("x")</script>
```

```toml
[book]
title = "x" # a comment
```

```ts
const n: number = 1 < 2 ? 3 : 4;
```

```json-ld
{"@type": "Article"}
```

```bash
echo "$HOME" && ls
```
"#;

/// The stylesheet of highlighted code that `html` links.
fn highlight_css(s: &Site, html: &str) -> String {
    let links = common::html::link_rel(html, "stylesheet");
    let href = links.iter().map(|l| common::html::get(l, "href")).find(|h| h.contains("highlight")).expect("linked");
    s.public(href.trim_start_matches('/'))
}

/// The colour each class gives text in `part` of a stylesheet (`.hl-code .l3 { color: #123 }`).
fn colours(part: &str) -> std::collections::HashMap<String, String> {
    part.lines()
        .filter_map(|l| {
            let rule = l.strip_prefix(".hl-code .")?;
            let (class, decl) = rule.split_once(" { color: ")?;
            Some((class.to_string(), decl.trim_end_matches(" }").to_string()))
        })
        .collect()
}

/// The classes of the span that holds `text` (and maybe spaces around it), in `block`.
fn classes_of<'a>(block: &'a str, text: &str) -> Option<&'a str> {
    block.split("<span class=\"").find_map(|s| {
        let (classes, rest) = s.split_once("\">")?;
        (rest.split_once("</span>")?.0.trim() == text).then_some(classes)
    })
}

#[test]
fn several_languages_are_highlighted_and_stay_escaped() {
    let s = site_with(LANGUAGES, "");
    s.build_ok(&[]);
    let html = s.public("guide/a/index.html");
    let css = highlight_css(&s, &html);
    let (light, dark) = css.split_once("@media (prefers-color-scheme: dark)").expect("a dark part");
    let (light, dark) = (colours(light), colours(dark));
    let blocks = code_blocks(&html);
    assert_eq!(blocks.len(), 5, "{html}");
    // A token of each language, and its colour in Coldark-Cold and Coldark-Dark (the themes'
    // own palettes: tags teal, comments slate, keywords orange, strings green, built-ins magenta).
    let expect = [
        ("html", "&lt;meta", "#006d6d", "#66cccc"),
        ("toml", "# a comment", "#3c526d", "#8da1b9"),
        ("ts", "const", "#a04900", "#e9ae7e"),
        ("json-ld", "\"Article\"", "#116b00", "#91d076"),
        ("bash", "echo", "#af00af", "#f4adf4"),
    ];
    for (block, (lang, token, light_colour, dark_colour)) in blocks.iter().zip(expect) {
        assert!(block.contains(&format!("<code class=\"language-{lang}\">")), "{block}");
        let classes = classes_of(block, token).unwrap_or_else(|| panic!("no span of `{token}` in:\n{block}"));
        let colour = |part: &std::collections::HashMap<String, String>, letter: char| {
            classes
                .split(' ')
                .find(|c| c.starts_with(letter) && c[1..].parse::<u32>().is_ok())
                .and_then(|c| part.get(c).cloned())
        };
        assert_eq!(colour(&light, 'l').as_deref(), Some(light_colour), "{lang} `{token}` ({classes}) in light");
        assert_eq!(colour(&dark, 'd').as_deref(), Some(dark_colour), "{lang} `{token}` ({classes}) in dark");
        assert_eq!(block.matches("<span").count(), block.matches("</span>").count(), "{block}");
    }
    // The script in the code is text, and the page has no script of its own that says alert.
    assert!(blocks[0].contains("&lt;script&gt;</span>"), "{}", blocks[0]);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(blocks[0].contains("A &amp; B"), "{}", blocks[0]);
    assert!(blocks[2].contains("&lt;"), "{}", blocks[2]);
    assert!(html.contains("Inline <code>&lt;b&gt;x&lt;/b&gt;</code> stays plain."), "{html}");
}

#[test]
fn the_stylesheet_holds_both_themes_and_follows_the_config() {
    let s = site_with(LANGUAGES, "");
    s.build_ok(&[]);
    let html = s.public("guide/a/index.html");
    let css = highlight_css(&s, &html);
    let (light, dark) = css.split_once("@media (prefers-color-scheme: dark)").expect("a dark part");
    // Coldark-Cold's and Coldark-Dark's backgrounds.
    assert!(light.contains(".hl-code {\n color: #111b27;\n background-color: #e3eaf2;"), "{light}");
    assert!(dark.contains("background-color: #111b27;"), "{dark}");
    // A class per colour of each theme's palette; the dark part undoes the light one's fonts.
    assert!(light.contains(".hl-code .l2 { color: #3c526d }"), "{light}");
    assert!(dark.contains(".hl-code .d2 { color: #8da1b9 }"), "{dark}");
    assert!(dark.contains(".hl-code .li { font-style: normal }"), "{dark}");

    let s = site_with(LANGUAGES, "\n[markdown]\nhighlight-theme = \"GitHub\"\nhighlight-theme-dark = \"Nord\"\n");
    s.build_ok(&[]);
    let files = s.snapshot("public/css");
    let css = files.iter().find(|(n, _)| n.contains("highlight")).map(|(_, b)| String::from_utf8_lossy(b)).unwrap();
    assert!(css.contains("theme \"GitHub\"") && css.contains("theme \"Nord\""), "{css}");

    let s = site_with(LANGUAGES, "\n[markdown]\nhighlight-theme = \"Nope\"\n");
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("book.toml") && r.stderr.contains("`Nope` is not a highlighting theme"), "{}", r.stderr);
    assert!(r.stderr.contains("Coldark-Dark"), "the help lists the themes:\n{}", r.stderr);
}

#[test]
fn highlighting_off_keeps_the_markup_without_colours() {
    let s = site_with(LANGUAGES, "\n[markdown]\nhighlight = false\n");
    s.build_ok(&[]);
    let html = s.public("guide/a/index.html");
    assert_eq!(code_blocks(&html).len(), 5);
    let coloured = html.split("<span class=\"").skip(1).any(|s| s.as_bytes().get(1).is_some_and(u8::is_ascii_digit));
    assert!(!coloured && !html.contains("highlight."), "{html}");
    assert!(!s.snapshot("public/css").keys().any(|n| n.contains("highlight")));
    assert!(html.contains("<span class=\"line\">&lt;script&gt;alert(\"x\")&lt;/script&gt;</span>"), "{html}");
}

#[test]
fn fence_options_number_mark_and_title_lines() {
    let body = "```html,linenos,hl_lines=2 4-5,title=\"head <x>.html\"\na\nb\nc\nd\ne\nf\n```\n\n\
                ```js linenos linenostart=10 hl_lines=11\nx\ny\n```\n";
    let s = site_with(body, "");
    s.build_ok(&[]);
    let html = s.public("guide/a/index.html");
    let blocks = code_blocks(&html);
    let lines = |b: &str| -> Vec<String> {
        b.split("<span class=\"line").skip(1).map(|l| l[..l.find('>').unwrap()].to_string()).collect()
    };
    let first = lines(blocks[0]);
    assert_eq!(
        first,
        [
            "\" data-ln=\"1\"",
            " hl\" data-ln=\"2\"",
            "\" data-ln=\"3\"",
            " hl\" data-ln=\"4\"",
            " hl\" data-ln=\"5\"",
            "\" data-ln=\"6\""
        ],
        "{}",
        blocks[0]
    );
    assert!(html.contains("<figure class=\"code-block\"><figcaption class=\"code-title\">head &lt;x&gt;.html</figcaption><pre tabindex=\"0\" class=\"hl-code linenos\""), "{html}");
    assert_eq!(lines(blocks[1]), ["\" data-ln=\"10\"", " hl\" data-ln=\"11\""], "{}", blocks[1]);
    // No numbers, marks or title unless asked for.
    let s = site_with("```html\na\n```\n", "");
    s.build_ok(&[]);
    let html = s.public("guide/a/index.html");
    assert!(
        html.contains("<div class=\"code-block\"><pre tabindex=\"0\" class=\"hl-code\" data-lang=\"html\">"),
        "{html}"
    );
    assert_eq!(lines(code_blocks(&html)[0]), ["\""]);
}

#[test]
fn an_unknown_language_is_plain_text_and_a_warning_at_its_line() {
    let body = "Intro.\n\n```wat\n(module <x>)\n```\n\n```text\nplain on purpose\n```\n\n```js,linenoz\n1\n```\n";
    let s = site_with(body, "");
    let r = s.run(&["check"]);
    assert!(r.ok, "warnings do not fail check:\n{}", r.stderr);
    // The body starts on line 5 of the file; the fence is its third line.
    assert!(r.stderr.contains("no syntax highlighting for `wat`"), "{}", r.stderr);
    assert!(r.stderr.contains("content/guide/a.md:7:1"), "{}", r.stderr);
    assert!(r.stderr.contains("markdown/unknown-language"), "{}", r.stderr);
    assert!(r.stderr.contains("`linenoz` is not a code block option"), "{}", r.stderr);
    assert!(r.stderr.contains("content/guide/a.md:15:1"), "{}", r.stderr);
    assert!(!r.stderr.contains("a.md:11:1"), "`text` is plain on purpose:\n{}", r.stderr);
    assert_eq!(r.stderr.matches("warning[markdown/").count(), 2, "{}", r.stderr);
    s.build_ok(&[]);
    let html = s.public("guide/a/index.html");
    assert!(html.contains("<code class=\"language-wat\"><span class=\"line\">(module &lt;x&gt;)</span>"), "{html}");
    // A rule level silences it, as for every lint.
    s.write(
        "book.toml",
        &format!("{}\n[check.levels]\n\"markdown/unknown-language\" = \"allow\"\n", common::MINIMAL_CONFIG),
    );
    let r = s.run(&["check"]);
    assert!(!r.stderr.contains("`wat`"), "{}", r.stderr);
}

#[test]
fn alerts_become_callouts_with_a_label_and_a_role() {
    let body = "> [!NOTE]\n> One.\n\n> [!TIP]\n> Two.\n\n> [!IMPORTANT]\n> Three.\n\n> [!WARNING]\n> Four *x*.\n\n\
                > [!CAUTION]\n> Five.\n\n> A plain quote.\n";
    let s = site_with(body, "");
    s.build_ok(&[]);
    let html = s.public("guide/a/index.html");
    for (kind, label, text) in [
        ("note", "Note", "One."),
        ("tip", "Tip", "Two."),
        ("important", "Important", "Three."),
        ("warning", "Warning", "Four <em>x</em>."),
        ("caution", "Caution", "Five."),
    ] {
        let open = format!("<div class=\"callout callout-{kind}\" role=\"note\">\n<p class=\"callout-label\"><svg aria-hidden=\"true\"");
        let at = html.find(&open).unwrap_or_else(|| panic!("no {kind} callout:\n{html}"));
        let rest = &html[at..];
        let end = rest.find("</div>").unwrap();
        assert!(rest[..end].contains(&format!("</svg>{label}</p>")), "{}", &rest[..end]);
        assert!(rest[..end].contains(&format!("<p>{text}</p>")), "{}", &rest[..end]);
    }
    assert!(html.contains("<blockquote>\n<p>A plain quote.</p>\n</blockquote>"), "{html}");
}

#[test]
fn math_is_mathml_when_on_and_text_when_off() {
    let body = "It costs $5 and $6 today.\n\nArea $\\pi r^2$.\n\n$$\\frac{a}{b}$$\n";
    let s = site_with(body, "");
    s.build_ok(&[]);
    let html = s.public("guide/a/index.html");
    assert!(html.contains("It costs $5 and $6 today."), "{html}");
    assert!(!html.contains("<math"), "{html}");

    let s = site_with("Area $\\pi r^2$.\n\n$$\\frac{a}{b}$$\n", "\n[markdown]\nmath = true\n");
    s.build_ok(&[]);
    let html = s.public("guide/a/index.html");
    assert!(html.contains("<math display=\"inline\">"), "{html}");
    assert!(html.contains("<msup><mi>r</mi><mn>2</mn></msup>"), "{html}");
    assert!(html.contains("<math display=\"block\">") && html.contains("<mfrac>"), "{html}");
    assert!(html.contains("<annotation encoding=\"application/x-tex\">\\frac{a}{b}</annotation>"), "{html}");
}

#[test]
fn latex_that_cannot_be_rendered_is_an_error_at_its_place() {
    let s = site_with("Fine $x$.\n\nBroken: $\\foo{x}$ here, and $x^$.\n", "\n[markdown]\nmath = true\n");
    let r = s.build_err(&[]);
    assert!(r.stderr.contains("this math is not LaTeX herald can render"), "{}", r.stderr);
    // Both errors are reported, each at its formula (body line 3 is file line 7).
    assert!(r.stderr.contains("content/guide/a.md:7:9"), "{}", r.stderr);
    assert!(r.stderr.contains("content/guide/a.md:7:29"), "{}", r.stderr);
    assert!(!s.public_exists("guide/a/index.html"));
}

#[test]
fn code_callouts_and_math_pass_the_nu_html_checker() {
    let body = format!("{LANGUAGES}\n```html,linenos,hl_lines=1,title=\"a.html\"\n<p>x</p>\n```\n\n> [!TIP]\n> A tip.\n\nArea $\\pi r^2$ and\n\n$$\\sum_{{i=1}}^n i = \\frac{{n(n+1)}}{{2}}$$\n");
    let s = site_with(&body, "\n[markdown]\nmath = true\n");
    s.build_ok(&[]);
    let files = vec![s.path("public/guide/a/index.html")];
    let Some(errors) = vnu::errors_or_skip("code_callouts_and_math_pass_the_nu_html_checker", &files) else { return };
    assert!(errors.is_empty(), "Nu HTML Checker errors:\n{}", errors.join("\n"));
}

#[test]
fn the_copy_button_copies_the_code_without_line_numbers_from_the_keyboard() {
    let s = site_with("```html,linenos\n<p>a</p>\n<p>b</p>\n```\n", "");
    s.build_ok(&[]);
    let Some(mut b) =
        browser::browser_or_skip("the_copy_button_copies_the_code_without_line_numbers_from_the_keyboard")
    else {
        return;
    };
    let page = format!("{}/guide/a/", static_server::serve(&s.path("public")));
    let timeout = std::time::Duration::from_secs(5);
    // Without the clipboard API there is no button at all.
    let hide = "Object.defineProperty(navigator, 'clipboard', { value: undefined });";
    let id = b.call("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": hide })).unwrap();
    b.goto(&page);
    b.wait_for("document.readyState === 'complete'", timeout);
    assert_eq!(b.eval("document.querySelectorAll('.code-copy').length"), 0);
    b.call("Page.removeScriptToEvaluateOnNewDocument", id).unwrap();

    // A stand-in clipboard records what the button hands it.
    let stub = "window.__copied = null;\
        Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t) => { window.__copied = t; } } });";
    b.call("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": stub })).unwrap();
    b.goto(&page);
    b.wait_for("document.querySelector('.code-copy') !== null", timeout);
    let button = "document.querySelector('.code-copy')";
    assert_eq!(
        b.eval(&format!("{button}.tagName + ' ' + {button}.type + ' ' + {button}.textContent")),
        "BUTTON button Copy"
    );
    b.eval(&format!("{button}.focus()"));
    assert_eq!(b.eval(&format!("document.activeElement === {button}")), true);
    for kind in ["keyDown", "keyUp"] {
        let key = serde_json::json!({ "type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r" });
        b.call("Input.dispatchKeyEvent", key).unwrap();
    }
    b.wait_for("window.__copied !== null", timeout);
    assert_eq!(b.eval("window.__copied"), "<p>a</p>\n<p>b</p>\n");
    b.wait_for("document.querySelector('.code-block [role=status]').textContent === 'Code copied.'", timeout);
}

#[test]
fn builds_keep_highlighted_blocks_on_disk_and_reuse_them() {
    let s = site_with("```toml\na = 1 # a note\n```\n", "");
    s.build_ok(&[]);
    let cache = s.path(".herald-cache/highlight.bin");
    let bytes = std::fs::read(&cache).expect("the build keeps its highlighted blocks");
    let text = String::from_utf8_lossy(&bytes).to_string();
    assert!(text.contains("# a note</span>"), "{text}");
    // A cache entry changed behind herald's back (same length) shows that the next build reads it.
    let at = bytes.windows(8).position(|w| w == b"# a note").unwrap();
    let mut changed = bytes.clone();
    changed[at..at + 8].copy_from_slice(b"# cached");
    std::fs::write(&cache, changed).unwrap();
    s.build_ok(&[]);
    assert!(s.public("guide/a/index.html").contains("# cached</span>"));
    // A build that highlighted nothing new and used every block leaves the file as it was: a
    // rewrite would put a new file (another inode) in its place.
    let inode = |p: &std::path::Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
    let before = inode(&cache);
    s.build_ok(&[]);
    assert_eq!(inode(&cache), before, "an unchanged cache is not written again");
    // Changed code is highlighted afresh, and the cache then holds only what the site uses.
    s.write("content/guide/a.md", &article("Code", "", "```toml\nb = 2 # another\n```\n"));
    s.build_ok(&[]);
    let html = s.public("guide/a/index.html");
    assert!(html.contains("# another</span>") && !html.contains("# cached"), "{html}");
    let text = String::from_utf8_lossy(&std::fs::read(&cache).unwrap()).to_string();
    assert!(text.contains("another") && !text.contains("# cached"), "{text}");
    // `check` writes nothing, not even the cache.
    std::fs::remove_file(&cache).unwrap();
    assert!(s.run(&["check"]).ok);
    assert!(!cache.exists());
}
