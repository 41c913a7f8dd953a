//! GitHub's alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) as
//! callouts: a `role="note"` box with an icon and a visible label that screen readers announce.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

/// The label and icon (an SVG path on a 16x16 grid) of each kind.
fn look(kind: BlockQuoteKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note", "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm-1 6h2v5H7Zm0-3h2v2H7Z"),
        BlockQuoteKind::Tip => ("tip", "Tip", "M8 1a5 5 0 0 0-3 9v2h6v-2a5 5 0 0 0-3-9Zm-2 12h4v2H6Z"),
        BlockQuoteKind::Important => ("important", "Important", "M2 2h12v9H7l-3 3v-3H2Zm5 1v4h2V3Zm0 5v2h2V8Z"),
        BlockQuoteKind::Warning => ("warning", "Warning", "M8 1 15 14H1Zm-1 4v5h2V5Zm0 6v2h2v-2Z"),
        BlockQuoteKind::Caution => ("caution", "Caution", "M5 1h6l4 4v6l-4 4H5l-4-4V5Zm2 3v5h2V4Zm0 6v2h2v-2Z"),
    }
}

/// Replaces the block quotes of alerts with callouts. The body stays as Markdown rendered it.
pub(super) fn rewrite(events: &mut [(Event<'_>, Range<usize>)]) {
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label, path) = look(*kind);
                *event = Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-label\">\
                     <svg aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 16 16\" width=\"16\" \
                     height=\"16\"><path d=\"{path}\"/></svg>{label}</p>\n"
                )));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => *event = Event::Html(CowStr::Borrowed("</div>\n")),
            _ => {}
        }
    }
}
