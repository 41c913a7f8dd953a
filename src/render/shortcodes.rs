//! Shortcodes in the output: each call the Markdown stage left as a marker is rendered through
//! `shortcodes/NAME.html` (the site's or the theme's) with its arguments and, for a call with a
//! body, the body's HTML as `body`, and put in the marker's place.
//!
//! This runs once per build over the whole site ([`expand_site`]), before the pages, feeds and
//! summaries are made: every later stage reads the same finished body. A body whose calls print
//! what they printed before keeps its `Arc` (and so the keys of the pages that show it), so
//! editing a shortcode template or its data re-renders exactly the pages whose calls print
//! differently.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use serde_json::{Map, Value};
use tera::Context;

use super::{error_chain, missing_variable, Renderer};
use crate::cache::Reuse;
use crate::content::Source;
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::images::{Lookup, Place, PrintedVariants, Sizer, StaticFiles};
use crate::markdown::shortcodes::{Call, MARKER_PREFIX};
use crate::markdown::Rendered;
use crate::site::Site;

/// The folder of shortcode templates, below `templates/`.
pub const FOLDER: &str = "shortcodes/";

/// A body's HTML with its shortcodes rendered, and a hash of what they printed.
struct Expanded {
    pub html: String,
    pub key: u64,
}

/// Where a body comes from: its source (for messages), its page's path (`/smo/a/`, which
/// relative image URLs start from) and its language's code (`lang` in every call).
struct Origin<'a> {
    source: &'a Source,
    page_path: &'a str,
    lang: &'a str,
}

/// The bodies expanded by earlier builds, by source file: a body is made again only when the
/// body it comes from or what its calls print changed.
#[derive(Default)]
pub struct ExpandCache {
    last: FxHashMap<String, Entry>,
}

struct Entry {
    /// The body it was made from (kept, so that its address stays its own).
    raw: Arc<Rendered>,
    /// The hash of what its calls printed.
    printed: u64,
    done: Arc<Rendered>,
}

/// Renders the shortcode calls of every page's and section's body into it, the local images
/// they print sized from their files (among the bundles and `statics`) and shown with their
/// variants (`printed`). Every failing call of
/// every body is an error at the call.
pub fn expand_site(
    renderer: &Renderer,
    site: &mut Site,
    (statics, printed): (&StaticFiles<'_>, &PrintedVariants),
    cache: &mut ExpandCache,
    reuse: Reuse,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let has_calls = site.pages.iter().any(|p| !p.rendered.shortcodes.is_empty())
        || site.sections.iter().any(|s| !s.rendered.shortcodes.is_empty());
    if !has_calls {
        cache.last.clear();
        return diags;
    }
    let base = renderer.shortcode_base(site);
    let bodies = site.bodies();
    let langs = site.body_langs();
    let base_path = site.config.base_path().to_string();
    let lookup = Lookup::new(site, statics);
    let sizer = Sizer { lookup, base_path: &base_path, root: &site.root, variants: Some(printed) };
    let expanded: Vec<Result<Option<Expanded>, Vec<Diagnostic>>> = bodies
        .par_iter()
        .zip(&langs)
        .map(|((source, rendered, page_path), &lang)| {
            let lang = site.config.language_code(lang);
            expand(renderer, &base, &sizer, rendered, &Origin { source, page_path, lang })
        })
        .collect();
    let mut next = FxHashMap::default();
    let mut done: Vec<Arc<Rendered>> = Vec::with_capacity(bodies.len());
    for ((source, raw, _), result) in bodies.into_iter().zip(expanded) {
        let expanded = match result {
            Ok(Some(e)) => e,
            Ok(None) => {
                done.push(raw);
                continue;
            }
            Err(errors) => {
                diags.extend(errors);
                done.push(raw);
                continue;
            }
        };
        let entry = match cache.last.remove(&source.rel) {
            Some(e) if Arc::ptr_eq(&e.raw, &raw) && e.printed == expanded.key => e,
            _ => {
                Entry { done: Arc::new(Rendered { html: expanded.html, ..(*raw).clone() }), raw, printed: expanded.key }
            }
        };
        done.push(Arc::clone(&entry.done));
        if reuse.is_series() {
            next.insert(source.rel.clone(), entry);
        }
    }
    cache.last = next;
    site.set_bodies(done);
    diags
}

/// `rendered.html` with every shortcode marker replaced by its call's output; `None` when it has
/// no markers. Every failing call is an error at the call.
fn expand(
    renderer: &Renderer,
    base: &Map<String, Value>,
    sizer: &Sizer,
    rendered: &Rendered,
    origin: &Origin,
) -> Result<Option<Expanded>, Vec<Diagnostic>> {
    let html = rendered.html.as_str();
    if rendered.shortcodes.is_empty() || !html.contains(MARKER_PREFIX) {
        return Ok(None);
    }
    let mut out = String::with_capacity(html.len() + 4096);
    let mut hasher = FxHasher::default();
    let mut errors = Vec::new();
    // Opened bodies: the call and where its body starts in `out`.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(MARKER_PREFIX) {
        out.push_str(&rest[..i]);
        let after = &rest[i + MARKER_PREFIX.len()..];
        let Some((index, part, len)) = read_marker(after).filter(|(n, ..)| *n < rendered.shortcodes.len()) else {
            out.push_str(MARKER_PREFIX);
            rest = after;
            continue;
        };
        rest = &after[len..];
        let body = match part {
            '{' => {
                open.push((index, out.len()));
                continue;
            }
            '}' => match open.pop() {
                Some((_, start)) => Some(out.split_off(start)),
                None => continue,
            },
            _ => None,
        };
        let call = &rendered.shortcodes[index];
        let printed = match render_call(renderer, base, origin.lang, call, body.as_deref().map(str::trim)) {
            Ok(printed) => printed,
            Err(e) => {
                errors.push(e.at(origin, call));
                continue;
            }
        };
        let line = call.line + origin.source.body_line - 1;
        let place = Place { source: origin.source, page_path: origin.page_path, line, column: call.column };
        match sizer.size(&printed, &place) {
            Ok(sized) => {
                let printed = sized.unwrap_or(printed);
                printed.hash(&mut hasher);
                out.push_str(printed.trim_end());
            }
            Err(image_errors) => errors.extend(image_errors),
        }
    }
    out.push_str(rest);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Some(Expanded { html: out, key: hasher.finish() }))
}

/// The call's number, its part (`{`, `}` or ` ` for a whole call) and the marker's length after
/// the prefix.
fn read_marker(after: &str) -> Option<(usize, char, usize)> {
    let end = after.find("-->")?;
    let tag = &after[..end];
    let (digits, part) = match tag.strip_suffix(['{', '}']) {
        Some(d) => (d, tag.chars().last().expect("a suffix")),
        None => (tag, ' '),
    };
    Some((digits.parse().ok()?, part, end + 3))
}

/// What went wrong with a call, before it is put at the call's place.
enum CallError {
    Unknown { known: Vec<String> },
    MissingArgument(String),
    Template(String),
}

impl CallError {
    fn at(self, origin: &Origin, call: &Call) -> Diagnostic {
        let line = call.line + origin.source.body_line - 1;
        let name = &call.name;
        let (problem, help) = match self {
            CallError::Unknown { known } => {
                let help = match did_you_mean(name, known.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("add `templates/{FOLDER}{name}.html`; the shortcodes are: {}", known.join(", ")),
                };
                (format!("there is no shortcode `{name}`"), format!("{help} (to show the call literally, write `{{{{/* {name}(...) */}}}}`)"))
            }
            CallError::MissingArgument(arg) => (
                format!("the shortcode `{name}` needs the argument `{arg}`"),
                format!("add `{arg}=...` to the call, or give it a default in `{FOLDER}{name}.html` with `| default(value=...)`"),
            ),
            CallError::Template(message) => (
                format!("the shortcode `{name}` failed: {message}"),
                format!("check the call's arguments against `{FOLDER}{name}.html`"),
            ),
        };
        Diagnostic::error(&origin.source.file, line, call.column, problem).with_help(help)
    }
}

/// Renders one call: its arguments and `body` over `base` (what every shortcode sees) and
/// `lang`, its page's language code (for `trans`).
fn render_call(
    renderer: &Renderer,
    base: &Map<String, Value>,
    lang: &str,
    call: &Call,
    body: Option<&str>,
) -> Result<String, CallError> {
    let template = format!("{FOLDER}{}.html", call.name);
    if !renderer.has_template(&template) {
        let known = renderer
            .template_names()
            .filter_map(|n| n.strip_prefix(FOLDER)?.strip_suffix(".html"))
            .map(str::to_string)
            .collect();
        return Err(CallError::Unknown { known });
    }
    let mut map = base.clone();
    map.insert("lang".into(), Value::String(lang.to_string()));
    for (key, value) in &call.args {
        map.insert(key.clone(), serde_json::to_value(value).expect("arguments serialize"));
    }
    if let Some(body) = body {
        map.insert("body".into(), Value::String(body.to_string()));
    }
    let context = Context::from_value(Value::Object(map)).expect("an object");
    renderer.tera.render(&template, &context).map_err(|e| match missing_variable(&e) {
        Some(var) => CallError::MissingArgument(var.split(['.', '[']).next().unwrap_or(&var).to_string()),
        None => CallError::Template(error_chain(&e)),
    })
}
