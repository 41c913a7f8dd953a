//! Each comparison table as data beside its article: JSON (built with serde_json from ordered
//! structs, so the bytes are the same on every build) and CSV (RFC 4180, plain text), for
//! readers who reuse the table elsewhere.

use rayon::prelude::*;
use serde::Serialize;

use crate::cache::key::ById;
use crate::output::Bytes;
use crate::site::comparisons::Table;
use crate::site::{Page, Site};

/// All one article's data files are made from: hashed, it is their key in the preview.
#[derive(Hash, Clone)]
pub struct DataSource<'a> {
    /// The article's title.
    pub title: &'a str,
    /// The article's absolute URL.
    pub permalink: &'a str,
    /// The base-url's scheme and host.
    pub origin: &'a str,
    /// The article's tables.
    pub tables: ById<'a, [Table]>,
    /// The CSV header's own words in the article's language: the strings `aspect` and `note`.
    pub header: &'a [String; 2],
}

/// The CSV headers' words ([`DataSource::header`]) of each language, by language: looked up once
/// a build rather than once an article.
pub fn headers(site: &Site) -> Vec<[String; 2]> {
    (0..site.config.language_codes().len())
        .map(|lang| ["aspect", "note"].map(|key| site.strings.text(key, site.config.language_code(lang), &[])))
        .collect()
}

impl<'a> DataSource<'a> {
    /// What `page`'s data files are made from; `origin` is the base-url's scheme and host, and
    /// `headers` the site's [`headers`].
    pub fn new(page: &'a Page, origin: &'a str, headers: &'a [[String; 2]]) -> DataSource<'a> {
        DataSource {
            title: page.title(),
            permalink: &page.urls.permalink,
            origin,
            tables: ById::new(&page.comparisons, page.comparisons.as_slice()),
            header: &headers[page.lang],
        }
    }
}

#[derive(Serialize)]
struct TableData<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    description_html: Option<String>,
    /// Where the table is shown: the article's permalink and the table's anchor.
    url: String,
    page: PageData<'a>,
    columns: &'a [String],
    rows: Vec<RowData<'a>>,
}

#[derive(Serialize)]
struct PageData<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct RowData<'a> {
    aspect: &'a str,
    values: Vec<&'a str>,
    note: Option<&'a str>,
    aspect_html: String,
    values_html: Vec<String>,
    note_html: Option<String>,
}

/// The JSON and CSV files of every table: output path -> bytes.
pub fn data_files(site: &Site) -> Vec<(String, Bytes)> {
    let origin = origin_of(&site.config.site.base_url);
    let headers = headers(site);
    site.pages.par_iter().flat_map_iter(|page| page_data_files(&DataSource::new(page, origin, &headers))).collect()
}

/// The JSON and CSV files of one article's tables.
pub fn page_data_files(source: &DataSource) -> Vec<(String, Bytes)> {
    source
        .tables
        .get()
        .iter()
        .flat_map(|table| {
            let json = table_json(source, table);
            let csv = table_csv(table, source.header);
            [
                (table.json.path.trim_start_matches('/').to_string(), Bytes::from(json.into_bytes())),
                (table.csv.path.trim_start_matches('/').to_string(), Bytes::from(csv.into_bytes())),
            ]
        })
        .collect()
}

/// The table as pretty-printed JSON; links in the HTML fields are absolute, so that they work
/// wherever the data goes.
pub fn table_json(page: &DataSource, table: &Table) -> String {
    let abs = |html: &str| absolutize(html, page.permalink, page.origin);
    let data = TableData {
        id: &table.id,
        title: &table.title,
        description: table.description.as_ref().map(|d| d.text.as_str()),
        description_html: table.description.as_ref().map(|d| abs(&d.html)),
        url: format!("{}#{}", page.permalink, table.anchor),
        page: PageData { title: page.title, url: page.permalink },
        columns: &table.columns,
        rows: table
            .rows
            .iter()
            .map(|r| RowData {
                aspect: &r.aspect.text,
                values: r.cells.iter().map(|c| c.text.as_str()).collect(),
                note: r.note.as_ref().map(|n| n.text.as_str()),
                aspect_html: abs(&r.aspect.html),
                values_html: r.cells.iter().map(|c| abs(&c.html)).collect(),
                note_html: r.note.as_ref().map(|n| abs(&n.html)),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&data).expect("plain structs of strings always serialize");
    s.push('\n');
    s
}

/// The table as CSV: a header row (`aspect`'s word, the columns, and `note`'s when a row has
/// one: `[aspect, note]`, in the page's language as the table on the page), then one record
/// per row, in plain text.
pub fn table_csv(table: &Table, [aspect, note]: &[String; 2]) -> String {
    let with_notes = !table.notes.is_empty();
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut header: Vec<&str> = vec![aspect];
    header.extend(table.columns.iter().map(String::as_str));
    if with_notes {
        header.push(note);
    }
    // Writing to a Vec cannot fail, and every record has the header's length.
    w.write_record(&header).expect("write to memory");
    for row in &table.rows {
        let mut record: Vec<&str> = vec![&row.aspect.text];
        record.extend(row.cells.iter().map(|c| c.text.as_str()));
        if with_notes {
            record.push(row.note.as_ref().map_or("", |n| n.text.as_str()));
        }
        w.write_record(&record).expect("write to memory");
    }
    let bytes = w.into_inner().expect("flush to memory");
    String::from_utf8(bytes).expect("records of UTF-8 text")
}

/// `https://example.org` of `https://example.org/guide/`.
pub fn origin_of(base_url: &str) -> &str {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    base_url[after_scheme..].find('/').map_or(base_url, |i| &base_url[..after_scheme + i])
}

/// Makes the `href` and `src` attributes of `html` absolute: root-relative ones against
/// `origin`, the rest (fragments, files beside the page) against the page's permalink.
fn absolutize(html: &str, page: &str, origin: &str) -> String {
    let mut out = String::with_capacity(html.len() + 32);
    let mut rest = html;
    // Text never holds a raw `<` (the Markdown stage escapes it), so each `<` opens a tag and
    // quotes outside tags are left alone.
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        let mut tag = &rest[open..close];
        while let Some(at) = [" href=\"", " src=\""].iter().filter_map(|a| tag.find(a).map(|i| i + a.len())).min() {
            out.push_str(&tag[..at]);
            let end = tag[at..].find('"').map_or(tag.len(), |i| at + i);
            out.push_str(&absolute(&tag[at..end], page, origin));
            tag = &tag[end..];
        }
        out.push_str(tag);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

fn absolute(url: &str, page: &str, origin: &str) -> String {
    let has_scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && !s.contains('/')
    });
    if has_scheme || url.starts_with("//") {
        url.to_string()
    } else if url.starts_with('/') {
        format!("{origin}{url}")
    } else {
        format!("{page}{url}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_drops_the_path() {
        assert_eq!(origin_of("https://example.org/guide/"), "https://example.org");
        assert_eq!(origin_of("http://127.0.0.1:3000/"), "http://127.0.0.1:3000");
    }

    #[test]
    fn links_become_absolute_inside_tags_only() {
        let page = "https://e.org/g/smo/a/";
        let html = r##"<a href="/g/smm/b/#x">b</a> say href="/q" <img src="c.png" alt="c"> <a href="https://x.org/">x</a> <a href="#n">n</a>"##;
        assert_eq!(
            absolutize(html, page, "https://e.org"),
            r##"<a href="https://e.org/g/smm/b/#x">b</a> say href="/q" <img src="https://e.org/g/smo/a/c.png" alt="c"> <a href="https://x.org/">x</a> <a href="https://e.org/g/smo/a/#n">n</a>"##
        );
    }
}
