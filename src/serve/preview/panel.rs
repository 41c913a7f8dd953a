//! The panel's HTML: one self-contained page of the server, every string escaped, styled for
//! light and dark, loading nothing from another host.

use std::fmt::Write;
use std::path::Path;

use super::cards::{Card, Layout, Previews, Serp};
use super::cut::Cut;
use super::head::Head;
use crate::config::Editor;
use crate::diagnostic::{relative_to, Diagnostic, Diagnostics, Severity};
use crate::escape::{escape_href, escape_html as esc};

const CSS: &str = include_str!("panel.css");

/// What the panel shows.
pub struct Input<'a> {
    /// The page's path as served (`/smo/what-is-smo/`).
    pub page_path: &'a str,
    pub head: &'a Head,
    pub previews: &'a Previews,
    /// The page's source and its findings; `None` for a page without a Markdown file (a tag
    /// page, say).
    pub lint: Option<(&'a Path, &'a Diagnostics)>,
    /// Where findings link to: the site's folder (absolute) and the writer's editor.
    pub open: Open<'a>,
    /// The build the panel shows, for the live-reload script when the panel is opened alone.
    pub build: &'a str,
}

/// How a finding's `file:line` opens in the writer's editor.
#[derive(Clone, Copy)]
pub struct Open<'a> {
    /// The site's folder, absolute: findings name files relative to it.
    pub root: &'a Path,
    pub editor: &'a Editor,
}

/// The whole panel page.
pub fn render(input: &Input<'_>) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let title = input.head.title.as_deref().unwrap_or(input.page_path);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\" data-herald-panel><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>Share preview: {}</title><style>{CSS}</style>\
         <script src=\"{}\" defer></script>\
         <script src=\"{}\" data-build=\"{}\" defer></script></head><body>",
        esc(title),
        super::LAUNCHER_PATH,
        crate::serve::http::SCRIPT_PATH,
        esc(input.build),
    );
    let _ = write!(
        out,
        "<header><h1 id=\"panel-title\" tabindex=\"-1\">Shared and found: <code>{}</code></h1>\
         <p>Drawn from this page's tags as served; updates on every save. Close with Esc or Alt+Shift+P.</p></header><main>",
        esc(input.page_path)
    );
    google(&mut out, input.previews);
    lint(&mut out, input.lint, input.open);
    for card in &input.previews.cards {
        social(&mut out, card);
    }
    out.push_str("</main></body></html>");
    out
}

/// A text that may have been cut, with `data-cut` saying so.
fn cut_text(out: &mut String, class: &str, c: &Cut) {
    let _ = write!(out, "<p class=\"{class}\" data-cut=\"{}\">{}</p>", c.cut, esc(&c.text));
}

fn google(out: &mut String, p: &Previews) {
    out.push_str("<section id=\"google\" aria-labelledby=\"google-h\"><h2 id=\"google-h\">Google</h2>");
    serp(
        out,
        "google-desktop",
        "Desktop",
        &p.desktop,
        "title cut at 600 px of Arial 20 px",
        "description cut at 920 px or 160 characters",
    );
    serp(
        out,
        "google-mobile",
        "Phone",
        &p.mobile,
        "title cut after two lines",
        "description cut at about 120 characters",
    );
    if !p.rich.is_empty() {
        out.push_str("<h3>Rich results from the JSON-LD</h3><ul class=\"rich\">");
        for r in &p.rich {
            let mark = if r.eligible { "eligible" } else { "not yet" };
            let _ = write!(
                out,
                "<li data-rich=\"{}\" data-eligible=\"{}\"><strong>{}</strong> <span class=\"badge {mark}\">{mark}</span>: {}</li>",
                esc(r.kind),
                r.eligible,
                esc(r.kind),
                esc(&r.note)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

fn serp(out: &mut String, id: &str, label: &str, s: &Serp, title_rule: &str, desc_rule: &str) {
    let _ = write!(out, "<figure class=\"serp\" id=\"{id}\"><figcaption>{label}</figcaption><div class=\"serp-box\"><div class=\"serp-site\">");
    match &s.favicon {
        Some(f) => {
            let _ =
                write!(out, "<img class=\"favicon\" src=\"{}\" alt=\"\" width=\"26\" height=\"26\">", escape_href(f));
        }
        None => out.push_str("<span class=\"favicon none\" aria-hidden=\"true\"></span>"),
    }
    let _ = write!(
        out,
        "<span><span class=\"serp-name\">{}</span><span class=\"serp-url\">{}</span></span></div>",
        esc(&s.site_name),
        esc(&s.url)
    );
    cut_text(out, "serp-title", &s.title);
    cut_text(out, "serp-desc", &s.description);
    out.push_str("</div>");
    let mut rules = Vec::new();
    if s.title.cut {
        rules.push(title_rule);
    }
    if s.description.cut {
        rules.push(desc_rule);
    }
    if !rules.is_empty() {
        let _ = write!(out, "<p class=\"cut-note\">Cut: {}.</p>", rules.join("; "));
    }
    out.push_str("</figure>");
}

fn social(out: &mut String, c: &Card) {
    let id = c.id;
    let layout = match c.layout {
        Layout::Large => "large",
        Layout::Thumbnail => "thumb",
        Layout::Text => "text",
    };
    let _ = write!(
        out,
        "<section class=\"network\" id=\"card-{id}\" aria-labelledby=\"card-{id}-h\"><h2 id=\"card-{id}-h\">{}</h2>\
         <div class=\"card card-{id} layout-{layout}\">",
        esc(c.name)
    );
    if let (Some(img), false) = (&c.image, c.layout == Layout::Text) {
        let ratio = if c.layout == Layout::Thumbnail { (1, 1) } else { c.ratio };
        let _ = write!(out, "<div class=\"card-img\" style=\"aspect-ratio:{}/{}\">", ratio.0, ratio.1);
        match &img.src {
            Some(src) => {
                let _ = write!(out, "<img src=\"{}\" alt=\"\" data-url=\"{}\">", escape_href(src), esc(&img.url));
            }
            None => {
                let _ = write!(
                    out,
                    "<span class=\"external\" data-url=\"{}\">image on another host, not loaded: {}</span>",
                    esc(&img.url),
                    esc(&img.url)
                );
            }
        }
        out.push_str("</div>");
    }
    out.push_str("<div class=\"card-body\">");
    let _ = write!(out, "<p class=\"card-domain\">{}</p>", esc(&c.domain));
    cut_text(out, "card-title", &c.title);
    if let Some(d) = &c.description {
        cut_text(out, "card-desc", d);
    }
    out.push_str("</div></div><p class=\"from\">");
    let from: Vec<String> = c.from.iter().map(|(what, tag)| format!("{what}: <code>{}</code>", esc(tag))).collect();
    out.push_str(&from.join(" · "));
    if let Some(img) = &c.image {
        if let (Some(w), Some(h)) = (img.width, img.height) {
            let _ = write!(out, " · image {w} x {h}");
        }
    }
    out.push_str("</p>");
    if !c.notes.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for n in &c.notes {
            let _ = write!(out, "<li>{}</li>", esc(n));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

fn lint(out: &mut String, lint: Option<(&Path, &Diagnostics)>, open: Open<'_>) {
    out.push_str("<section id=\"lint\" aria-labelledby=\"lint-h\"><h2 id=\"lint-h\">herald check</h2>");
    let Some((file, found)) = lint else {
        return out.push_str("<p>This page is generated: it has no Markdown file of its own.</p></section>");
    };
    let _ = write!(out, "<p>{} for <code>{}</code></p>", count(found.len()), esc(&file.display().to_string()));
    if !found.is_empty() {
        out.push_str("<ul class=\"findings\">");
        for d in found.iter() {
            let sev = if d.severity == Severity::Error { "error" } else { "warning" };
            let _ = write!(
                out,
                "<li class=\"{sev}\" data-rule=\"{}\"><span class=\"sev\">{sev}</span> <code class=\"rule\">{}</code> ",
                esc(&d.code),
                esc(if d.code.is_empty() { "build" } else { &d.code }),
            );
            location(out, d, open);
            let _ = write!(out, "<br>{}", esc(&d.message()));
            if let Some(h) = &d.help {
                let _ = write!(out, "<br><span class=\"help\">{}</span>", esc(h));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

/// A finding's `file:line:col`, linked to that line in the editor, and its absolute form to copy
/// (what `code -g`, `zed` or `subl` take on a command line).
fn location(out: &mut String, d: &Diagnostic, open: Open<'_>) {
    let (line, column) = (d.line().unwrap_or(1), d.column().unwrap_or(1));
    let file = relative_to(&d.file, open.root);
    let absolute = open.root.join(&file);
    let shown = format!("{}:{line}:{column}", file.display());
    let _ = write!(
        out,
        "<a class=\"loc\" href=\"{}\" title=\"Open in {}\"><code>{}</code></a>\
         <br><code class=\"abs\">{}</code> <button type=\"button\" class=\"copy\" aria-label=\"Copy {} as an absolute path\">Copy</button>",
        esc(&open.editor.url(&absolute, line, column)),
        esc(open.editor.name()),
        esc(&shown),
        esc(&format!("{}:{line}:{column}", absolute.display())),
        esc(&shown),
    );
}

fn count(n: usize) -> String {
    match n {
        0 => "No findings".into(),
        1 => "1 finding".into(),
        n => format!("{n} findings"),
    }
}
