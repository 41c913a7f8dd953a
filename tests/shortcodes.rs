//! Shortcodes end to end, with the real binary on temp sites: both forms, nesting, typed
//! arguments, the errors at their calls, code left alone, the escape, and the theme's shortcodes.

mod common;

use common::{article, Site};

/// A site with the shortcode templates `templates` (name, source) and one article `body`.
fn site_with(templates: &[(&str, &str)], body: &str) -> Site {
    let s = Site::new();
    for (name, source) in templates {
        s.write(&format!("templates/shortcodes/{name}.html"), source);
    }
    s.write("content/guide/a.md", &article("Shortcodes", "", body));
    s
}

/// The article's `<main>` part, where the body goes.
fn body(s: &Site) -> String {
    s.public("guide/a/index.html")
}

const ECHO: &str =
    r#"<span class="echo">{{ text }}|{{ n + 1 }}|{{ x * 2 }}|{{ ok }}|{% for i in list %}[{{ i }}]{% endfor %}</span>"#;
const BOX: &str = r#"<div class="box" data-kind="{{ kind | default(value='plain') }}">{{ body | safe }}</div>"#;

#[test]
fn inline_calls_get_typed_arguments() {
    let s = site_with(
        &[("echo", ECHO)],
        "Before {{ echo(text=\"a <b> & 'c'\", n=3, x=1.25, ok=true, list=[\"p\", 2]) }} after.\n",
    );
    s.build_ok(&[]);
    let html = body(&s);
    assert!(
        html.contains(
            r#"<p>Before <span class="echo">a &lt;b&gt; &amp; &#39;c&#39;|4|2.5|true|[p][2]</span> after.</p>"#
        ),
        "{html}"
    );
    assert!(!html.contains("herald:sc"), "markers left: {html}");
}

#[test]
fn a_call_on_its_own_line_is_a_block_and_bodies_are_markdown_and_nest() {
    let s = site_with(
        &[("echo", ECHO), ("box", BOX)],
        "{{ echo(text=\"alone\", n=0, x=0.5, ok=false, list=[]) }}\n\n\
         {% box(kind=\"outer\") %}\n## Inside\n\nSome *Markdown* and a [link](https://example.org/).\n\n\
         {% box() %}\nInner {{ echo(text=\"deep\", n=1, x=1, ok=true, list=[true]) }}\n{% end %}\n{% end %}\n",
    );
    s.build_ok(&[]);
    let html = body(&s);
    assert!(!html.contains("<p><span class=\"echo\">alone"), "a lone call is not wrapped in a paragraph: {html}");
    assert!(html.contains("<span class=\"echo\">alone|1|1|false|</span>"), "{html}");
    let outer = html.find("<div class=\"box\" data-kind=\"outer\">").expect("the outer box");
    let inner = html.find("<div class=\"box\" data-kind=\"plain\">").expect("the inner box");
    assert!(outer < inner, "{html}");
    assert!(html[outer..].contains("<h2 id=\"inside\""), "a heading of the body: {html}");
    assert!(html[outer..].contains("<em>Markdown</em>"), "{html}");
    assert!(html[inner..].contains("<p>Inner <span class=\"echo\">deep|2|2|true|[true]</span></p></div>"), "{html}");
    assert!(html[inner..].contains("</div></div>"), "the inner box closes inside the outer: {html}");
}

#[test]
fn code_is_never_scanned_and_the_escape_prints_the_syntax() {
    let s = site_with(
        &[("echo", ECHO)],
        "Inline `{{ echo(text=\"x\") }}` code.\n\n```\n{% box() %}\n{{ nope() }}\n{% end %}\n```\n\n\
         Literally: {{/* echo(text=\"shown\") */}} and {%/* box() */%}.\n",
    );
    s.build_ok(&[]);
    let html = body(&s);
    assert!(html.contains("<code>{{ echo(text=\"x\") }}</code>"), "{html}");
    assert!(html.contains("{{ nope() }}"), "{html}");
    // Smart punctuation still curls the quotes of prose; code spans keep them straight.
    assert!(html.contains("Literally: {{ echo(text=“shown”) }} and {% box() %}."), "{html}");
}

/// `file:line:col` of the errors in a build's report.
fn has_error_at(stderr: &str, at: &str, words: &str) -> bool {
    stderr.lines().any(|l| l.contains(at)) && stderr.contains(words)
}

#[test]
fn calls_that_fail_to_render_are_errors_at_each_call() {
    let s = site_with(
        &[("echo", ECHO), ("need", "<b>{{ title }}</b>"), ("bad", "{{ n | round(method=\"sideways\") }}")],
        "Intro.\n\n{{ ecko(text=\"x\") }}\n\nText {{ need() }}.\n\n  {{ bad(n=1.5) }}\n",
    );
    let r = s.build_err(&[]);
    let e = &r.stderr;
    // The front matter takes 4 lines, so the body's line 3 is the file's 7.
    assert!(has_error_at(e, "a.md:7:1", "there is no shortcode `ecko`"), "{e}");
    assert!(e.contains("did you mean `echo`?"), "{e}");
    assert!(has_error_at(e, "a.md:9:6", "the shortcode `need` needs the argument `title`"), "{e}");
    assert!(has_error_at(e, "a.md:11:3", "the shortcode `bad` failed"), "{e}");
    assert!(!s.public_exists("guide/a/index.html"), "a failed build writes nothing");
}

#[test]
fn calls_that_cannot_be_read_are_errors_at_the_problem() {
    let s = site_with(
        &[("echo", ECHO)],
        "{{ echo(text=nope) }}\n\n{{ echo(text=\"open) }}\n\n{% end %}\n\n{% echo(text=\"x\") %}\nno end\n",
    );
    let e = s.build_err(&[]).stderr;
    assert!(has_error_at(&e, "a.md:5:14", "`nope` is not a value"), "{e}");
    assert!(has_error_at(&e, "a.md:7:14", "no closing quote"), "{e}");
    assert!(has_error_at(&e, "a.md:9:1", "closes no shortcode"), "{e}");
    assert!(has_error_at(&e, "a.md:11:1", "has no `{% end %}`"), "{e}");
}
#[test]
fn the_site_overrides_a_theme_shortcode_and_edits_reach_the_page() {
    let s = site_with(&[], "{{ quote(cite=\"Ada\") }}\n");
    s.write("content/guide/a.md", &article("Shortcodes", "", "{% quote(cite=\"Ada\") %}\nWords.\n{% end %}\n"));
    s.build_ok(&[]);
    assert!(body(&s).contains("<blockquote"), "the theme's quote: {}", body(&s));
    s.write("templates/shortcodes/quote.html", "<q data-by=\"{{ cite }}\">{{ body | striptags }}</q>");
    s.build_ok(&[]);
    assert!(body(&s).contains("<q data-by=\"Ada\">Words.</q>"), "{}", body(&s));
}

/// The body of an article calling each of the theme's shortcodes.
const THEME_CALLS: &str = r#"{{ figure(src="/img/chart.svg", alt="Reach by week", caption="Organic reach", credit="Herald", width=640, height=360) }}

{{ youtube(id="dQw4w9WgXcQ", title="SMO in <5> minutes", poster="/img/chart.svg", start=30) }}

{{ video(src="/media/demo.mp4", title="A demo", poster="/img/chart.svg", width=1280, height=720) }}

{% quote(cite="Ada Lovelace", url="https://example.org/notes") %}
The engine *weaves* patterns.
{% end %}

{% details(summary="What is SMO?") %}
Social media **optimization**.
{% end %}
"#;

fn theme_site() -> Site {
    let s = site_with(&[], THEME_CALLS);
    s.write("static/img/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 3\"/>");
    // The files a call names are checked like images: the video must exist too.
    s.write_bytes("static/media/demo.mp4", b"\0\0\0\x18ftypmp42");
    s.build_ok(&[]);
    s
}

#[test]
fn the_theme_shortcodes_print_accessible_html() {
    let s = theme_site();
    let html = body(&s);
    let figure = &html[html.find("<figure class=\"figure\">").expect("a figure")..];
    assert!(
        figure.starts_with("<figure class=\"figure\">\n<img src=\"/img/chart.svg\" alt=\"Reach by week\" width=\"640\" height=\"360\" loading=\"lazy\" decoding=\"async\">\n<figcaption>Organic reach <span class=\"figure-credit\">Herald</span></figcaption>\n</figure>"),
        "{figure}"
    );

    // YouTube: a link to the video, nothing from YouTube's servers in the page until a click.
    let embed = &html[html.find("<figure class=\"embed\">").expect("an embed")..];
    let embed = &embed[..embed.find("</figure>").unwrap()];
    assert!(embed.contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=30\""), "{embed}");
    assert!(
        embed.contains("data-embed=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;start=30\""),
        "{embed}"
    );
    assert!(embed.contains("Play the video “SMO in &lt;5&gt; minutes” (loads YouTube)"), "an accessible name: {embed}");
    assert!(!embed.contains("<iframe") && !embed.contains("ytimg"), "no third-party request before a click: {embed}");
    assert!(embed.contains("<img src=\"/img/chart.svg\" alt=\"\""), "{embed}");
    assert!(s.public_exists("js/embed.js") || html.contains("/js/embed."), "the script is published");

    let video = &html[html.find("<video").expect("a video")..];
    assert!(video.starts_with("<video class=\"embed-video\" controls preload=\"none\" playsinline aria-label=\"A demo\" poster=\"/img/chart.svg\" width=\"1280\" height=\"720\">"), "{video}");
    assert!(video.contains("<source src=\"/media/demo.mp4\" type=\"video/mp4\">"), "{video}");

    assert!(html.contains("<figure class=\"quote\">\n<blockquote cite=\"https://example.org/notes\">\n<p>The engine <em>weaves</em> patterns.</p>\n</blockquote>\n<figcaption>— <a href=\"https://example.org/notes\"><cite>Ada Lovelace</cite></a></figcaption>\n</figure>"), "{html}");
    assert!(html.contains("<details class=\"details\">\n<summary>What is SMO?</summary>\n<div class=\"details-body\">\n<p>Social media <strong>optimization</strong>.</p>\n</div>\n</details>"), "{html}");
}

#[test]
fn the_theme_shortcodes_pass_the_nu_html_checker() {
    let s = theme_site();
    let files = vec![s.path("public/guide/a/index.html")];
    let Some(errors) = common::vnu::errors_or_skip("the_theme_shortcodes_pass_the_nu_html_checker", &files) else {
        return;
    };
    assert!(errors.is_empty(), "Nu HTML Checker errors:\n{}", errors.join("\n"));
}

#[test]
fn a_theme_shortcode_without_a_required_argument_names_it() {
    let s = site_with(&[], "Text.\n\n{{ figure(src=\"/a.svg\") }}\n");
    let e = s.build_err(&[]).stderr;
    assert!(has_error_at(&e, "a.md:7:1", "the shortcode `figure` needs the argument `alt`"), "{e}");
}

#[test]
fn data_files_reach_templates_and_shortcodes() {
    let s = site_with(
        &[(
            "prices",
            "<table>{% for h in data.prices.headers %}<th>{{ h }}</th>{% endfor %}{% for r in data.prices.rows %}<tr><td>{{ r.plan }}</td><td>{{ r.price }}</td></tr>{% endfor %}</table>{{ data.team.lead }}",
        )],
        "{{ prices() }}\n",
    );
    s.write("data/prices.csv", "plan,price\nFree,0\n\"Pro, yearly\",90\n");
    s.write("data/team.yaml", "lead: Ada <3\nsize: 4\n");
    s.write("data/facts.toml", "[launch]\nyear = 2026\n");
    s.write("data/links.json", "{\"home\": \"https://example.org/\", \"n\": [1, 2]}");
    s.write(
        "templates/partials/footer.html",
        "<footer>{{ data.facts.launch.year + 1 }} {{ data.links.home }} {{ data.links.n | length }}</footer>",
    );
    s.build_ok(&[]);
    let html = body(&s);
    assert!(
        html.contains("<table><th>plan</th><th>price</th><tr><td>Free</td><td>0</td></tr><tr><td>Pro, yearly</td><td>90</td></tr></table>Ada &lt;3"),
        "{html}"
    );
    assert!(html.contains("<footer>2027 https://example.org/ 2</footer>"), "{html}");
}

#[test]
fn a_data_file_that_does_not_parse_is_an_error_at_its_line() {
    let s = site_with(&[], "Text.\n");
    s.write("data/team.yaml", "lead: Ada\nsize: [4\n");
    s.write("data/facts.json", "{\n  \"a\": 1,\n  oops\n}\n");
    s.write("data/grid.csv", "a,b\n1,2\n3\n");
    s.write("data/more.toml", "a = 1\nb = = 2\n");
    let e = s.build_err(&[]).stderr;
    assert!(has_error_at(&e, "data/facts.json:3:3", "this data file does not parse"), "{e}");
    assert!(e.contains("data/team.yaml:3:"), "{e}");
    assert!(e.contains("data/grid.csv:3:"), "{e}");
    assert!(e.contains("data/more.toml:2:5"), "{e}");
}

#[test]
fn herald_check_follows_the_images_that_shortcodes_name() {
    let s = site_with(&[], "Text.\n\n{{ figure(src=\"missing.svg\", alt=\"A chart\") }}\n");
    let r = s.run(&["check"]);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(all.contains("a.md:7:1") && all.contains("the image `missing.svg`"), "{all}");
}

#[test]
fn a_broken_link_and_a_failing_call_are_reported_by_one_build() {
    let s = site_with(&[("echo", ECHO)], "Text.\n\nSee [the missing one](missing.md).\n");
    s.write("content/guide/b.md", &article("Calls", "", "Text.\n\n{{ ecko(text=\"x\") }}\n\n![A chart](nope.png)\n"));
    let r = s.build_err(&[]);
    let e = &r.stderr;
    assert!(has_error_at(e, "a.md:7:5", "missing.md"), "the Markdown stage's error: {e}");
    assert!(has_error_at(e, "b.md:7:1", "there is no shortcode `ecko`"), "the shortcode's error: {e}");
    assert!(has_error_at(e, "b.md:9:1", "the image `nope.png` does not exist"), "the images stage's error: {e}");
    assert!(!s.public_exists("guide/a/index.html"), "a failed build writes nothing");
}

#[test]
fn images_that_shortcodes_print_are_sized_from_their_files() {
    let s = Site::new();
    s.write(
        "templates/shortcodes/pic.html",
        "<p><img src=\"{{ src }}\" alt=\"\"><!-- <img src=\"not-a-file.png\"> --></p>",
    );
    s.write_bytes("content/guide/shots/chart.png", &common::png(120, 80));
    s.write("static/img/wide.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 100\"/>");
    let body = "{{ figure(src=\"chart.png\", alt=\"Chart\") }}\n\n\
                {{ figure(src=\"/img/wide.svg\", alt=\"Wide\", caption=\"A wide one\") }}\n\n\
                {{ figure(src=\"/img/wide.svg\", alt=\"Given\", width=30, height=10) }}\n\n\
                {{ figure(src=\"https://example.org/x.png\", alt=\"Remote\") }}\n\n\
                {% details(summary=\"More\") %}\n{{ pic(src=\"../shots/chart.png\") }}\n{% end %}\n";
    s.write("content/guide/shots/index.md", &article("Shots", "", body));
    s.build_ok(&[]);
    let html = s.public("guide/shots/index.html");
    let imgs = common::html::tags(&html, "img");
    let size = |src: &str, alt: &str| {
        let img = imgs
            .iter()
            .find(|a| common::html::get(a, "src") == src && common::html::get(a, "alt") == alt)
            .unwrap_or_else(|| panic!("no <img src={src} alt={alt}> in {html}"));
        let values = |name: &str| img.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
        let (w, h) = (values("width"), values("height"));
        assert!(w.len() <= 1 && h.len() <= 1, "one size: {img:?}");
        (w.concat(), h.concat())
    };
    let pair = |w: &str, h: &str| (w.to_string(), h.to_string());
    assert_eq!(size("chart.png", "Chart"), pair("120", "80"), "a bundle's image");
    assert_eq!(size("/img/wide.svg", "Wide"), pair("300", "100"), "a static SVG");
    assert_eq!(size("/img/wide.svg", "Given"), pair("30", "10"), "a size given in the call stays");
    assert_eq!(size("https://example.org/x.png", "Remote"), pair("", ""), "a remote image is left alone");
    assert_eq!(size("../shots/chart.png", ""), pair("120", "80"), "a site's shortcode inside a body");
    assert!(html.contains("<!-- <img src=\"not-a-file.png\"> -->"), "a comment is not an image: {html}");
}

#[test]
fn a_missing_image_that_a_shortcode_prints_is_an_error_at_the_call() {
    let s = site_with(
        &[("pic", "<img src=\"{{ src }}\" alt=\"\">")],
        "Text.\n\n  {{ figure(src=\"gone.png\", alt=\"Gone\") }}\n\nInline {{ pic(src=\"/img/nope.svg\") }}.\n",
    );
    s.write("content/guide/b.md", &article("B", "", "Text.\n"));
    let e = s.build_err(&[]).stderr;
    assert!(has_error_at(&e, "a.md:7:3", "the image `gone.png` does not exist"), "{e}");
    assert!(has_error_at(&e, "a.md:9:8", "the image `/img/nope.svg` does not exist"), "{e}");
    assert!(!s.public_exists("guide/b/index.html"), "a failed build writes nothing");
}
