//! The panel's route: `/__herald/preview/<page path>`, answered from the build being served.

use super::{findings, page_panel, panel, PANEL_PREFIX};
use crate::serve::http::{self, reply, text, Answer, Target};
use crate::serve::State;

/// The share and search preview of the page at the path after [`PANEL_PREFIX`] in `url`.
pub(in crate::serve) fn answer(state: &State, url: &str) -> Answer {
    let page = &url[PANEL_PREFIX.len() - 1..];
    let path = match http::decode_path(page) {
        Ok(p) => p,
        Err(why) => return text(400, &format!("bad request path ({why:?})\n")),
    };
    let snap = state.snapshot();
    let Some(last) = &snap.last else { return text(503, "the site does not build yet\n") };
    let output = &last.output;
    let key = match http::resolve(output, &snap.base_path, &path, None) {
        Target::File(key) if http::content_type(&key).starts_with("text/html") => key,
        _ => return text(404, "no page at this path\n"),
    };
    let lint = findings(last, &state.root, state.config_file.as_deref(), &key);
    let page_path = page.split(['?', '#']).next().unwrap_or(page);
    let lint = lint.as_ref().map(|(file, found)| (file.as_path(), found));
    let open = panel::Open { root: &state.root, editor: state.editor.as_ref().unwrap_or(&snap.editor) };
    let html = page_panel(output, &key, page_path, &snap.bases, lint, open, &snap.build);
    reply(200, "text/html; charset=utf-8", html.into_bytes(), &[])
}
