//! Data files: `data/*.yaml|yml|json|toml|csv`, read once per build into values that templates
//! and shortcodes see as `data.<stem>`. A CSV file becomes `{headers, rows}`, each row a map
//! from header to text, so a template can print both a table's head and its cells.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::{line_col, relative_to, Diagnostic, Diagnostics};

/// The folder of data files, relative to the site root.
pub const DATA_DIR: &str = "data";

/// Every data file's value, by its stem.
pub type Data = BTreeMap<String, Value>;

/// Reads every data file of `root/data/` (not its subfolders). A file that does not parse is an
/// error at its line and column; two files with the same stem are an error too.
pub fn load(root: &Path) -> (Data, Diagnostics) {
    let mut data = Data::new();
    let mut diags = Diagnostics::new();
    let Ok(entries) = std::fs::read_dir(root.join(DATA_DIR)) else {
        return (data, diags);
    };
    let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in files {
        let shown = relative_to(&path, root);
        let (Some(stem), Some(ext)) =
            (path.file_stem().and_then(|s| s.to_str()), path.extension().and_then(|s| s.to_str()))
        else {
            continue;
        };
        if crate::content::is_ignored_name(&shown.to_string_lossy()) || stem.starts_with('.') {
            continue;
        }
        let format = match ext.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Format::Yaml,
            "json" => Format::Json,
            "toml" => Format::Toml,
            "csv" => Format::Csv,
            _ => continue,
        };
        if let Some(first) = seen.get(stem) {
            diags.push(
                Diagnostic::file_error(&shown, format!("`{}` already defines `data.{stem}`", first.display()))
                    .with_help("rename one of the two files"),
            );
            continue;
        }
        seen.insert(stem.to_string(), shown.clone());
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::file_error(&shown, format!("cannot read this data file: {e}")));
                continue;
            }
        };
        match parse(&text, format) {
            Ok(value) => {
                data.insert(stem.to_string(), value);
            }
            Err(e) => diags.push(
                Diagnostic::error(&shown, e.line, e.column, format!("this data file does not parse: {}", e.message))
                    .with_help(format!("fix the {} at this place; templates read it as `data.{stem}`", format.name())),
            ),
        }
    }
    (data, diags)
}

#[derive(Clone, Copy)]
enum Format {
    Yaml,
    Json,
    Toml,
    Csv,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Json => "JSON",
            Format::Toml => "TOML",
            Format::Csv => "CSV",
        }
    }
}

/// A parse error and where it is (1-based).
struct ParseError {
    message: String,
    line: usize,
    column: usize,
}

fn parse(text: &str, format: Format) -> Result<Value, ParseError> {
    match format {
        Format::Json => serde_json::from_str(text).map_err(|e| ParseError {
            message: e.to_string(),
            line: e.line().max(1),
            column: e.column().max(1),
        }),
        Format::Yaml => serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            ParseError { message: e.to_string(), line, column }
        }),
        Format::Toml => toml::from_str::<toml::Value>(text)
            .map_err(|e| {
                let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
                ParseError { message: e.message().to_string(), line, column }
            })
            .and_then(|v| {
                serde_json::to_value(v).map_err(|e| ParseError { message: e.to_string(), line: 1, column: 1 })
            }),
        Format::Csv => csv_table(text),
    }
}

/// `{headers: [...], rows: [{header: text}, ...]}`.
fn csv_table(text: &str) -> Result<Value, ParseError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let error = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line() as usize);
        ParseError { message: e.to_string(), line, column: 1 }
    };
    let headers: Vec<String> = reader.headers().map_err(error)?.iter().map(str::to_string).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(error)?;
        let row: Map<String, Value> =
            headers.iter().cloned().zip(record.iter().map(|v| Value::String(v.to_string()))).collect();
        rows.push(Value::Object(row));
    }
    let headers = headers.into_iter().map(Value::String).collect();
    Ok(Value::Object(Map::from_iter([
        ("headers".to_string(), Value::Array(headers)),
        ("rows".into(), Value::Array(rows)),
    ])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str, format: Format) -> (usize, usize) {
        let e = parse(text, format).expect_err("an error");
        (e.line, e.column)
    }

    #[test]
    fn every_format_parses_and_errors_have_places() {
        assert_eq!(parse("a: 1\nb: [x]\n", Format::Yaml).ok(), Some(serde_json::json!({"a": 1, "b": ["x"]})));
        assert_eq!(parse("[t]\nn = 2\n", Format::Toml).ok(), Some(serde_json::json!({"t": {"n": 2}})));
        assert_eq!(
            parse("plan,price\nFree,0\n\"Pro, yearly\",9\n", Format::Csv).ok(),
            Some(
                serde_json::json!({"headers": ["plan", "price"], "rows": [{"plan": "Free", "price": "0"}, {"plan": "Pro, yearly", "price": "9"}]})
            )
        );
        assert_eq!(err("{\n  \"a\": 1,\n  oops\n}", Format::Json), (3, 3));
        assert_eq!(err("a: 1\nb: [x\n", Format::Yaml).0, 3);
        assert_eq!(err("a = 1\nb = = 2\n", Format::Toml), (2, 5));
        assert_eq!(err("a,b\n1,2\n3\n", Format::Csv).0, 3);
    }
}
