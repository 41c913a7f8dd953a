//! Comparison tables in full-content feeds. The page gets its tables from the theme's partial
//! when it renders, after the feeds are made; a feed reader shows none of the theme's CSS
//! anyway, so a feed entry gets each table as plain, semantic HTML: a caption, a header row of
//! the things compared, a header cell per aspect, and the notes as a numbered list.

use crate::escape::escape_html;
use crate::markdown::placement_marker;
use crate::site::comparisons::Table;

/// `html` (an article's body) with each table the body places in place of its marker, and the
/// tables it does not place after it, as the page shows them.
pub(super) fn with_tables(html: &str, tables: &[Table]) -> String {
    let mut out = html.to_string();
    for t in tables.iter().filter(|t| t.placed) {
        out = out.replace(&placement_marker("comparison", &t.id), &table_html(t));
    }
    for t in tables.iter().filter(|t| !t.placed) {
        out.push_str(&table_html(t));
    }
    out
}

/// One table as plain HTML.
fn table_html(t: &Table) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(&format!(
        "\n<table id=\"{}\">\n<caption>{}</caption>\n",
        escape_html(&t.anchor),
        escape_html(&t.title)
    ));
    out.push_str("<thead><tr><td></td>");
    for c in &t.columns {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape_html(c)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        // Cell and aspect HTML is the inline Markdown's, escaped when it was rendered.
        out.push_str(&format!("<tr><th scope=\"row\">{}", row.aspect.html));
        if let Some(n) = &row.note {
            out.push_str(&format!("<sup><a href=\"#{}\">{}</a></sup>", escape_html(&n.id), n.number));
        }
        out.push_str("</th>");
        for cell in &row.cells {
            out.push_str(&format!("<td>{}</td>", cell.html));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if let Some(d) = &t.description {
        out.push_str(&format!("<p>{}</p>\n", d.html));
    }
    if !t.notes.is_empty() {
        out.push_str("<ol>\n");
        for n in &t.notes {
            out.push_str(&format!("<li id=\"{}\">{}</li>\n", escape_html(&n.id), n.html));
        }
        out.push_str("</ol>\n");
    }
    out
}
