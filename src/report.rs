//! Prints diagnostics compiler style: `file:line:col`, the offending line with a marker, and what
//! to do, in colour when the terminal takes it.
//!
//! A report stays short whatever the site holds: diagnostics that differ only in their help
//! (one template error met while rendering 16 pages) print once with a count, at most
//! [`MAX_PER_LINE`] diagnostics print per source line, and a long source line is cut around the
//! column instead of printed whole.

use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Error as FilesError, Files, SimpleFile};
use codespan_reporting::term::{self, termcolor::WriteColor};

use crate::diagnostic::{Diagnostic, Diagnostics, Position, Problem, Severity};

/// How many diagnostics print in full for one line of one file; the rest are counted.
pub const MAX_PER_LINE: usize = 5;

/// How many characters of a source line show on either side of the column.
const CONTEXT_CHARS: usize = 60;

/// Writes every diagnostic, with a source snippet where the file can be read, then a summary line.
pub fn emit(writer: &mut dyn WriteColor, root: &Path, diags: &Diagnostics) -> std::io::Result<()> {
    let config = term::Config::default();
    let mut sources = Sources { root, texts: HashMap::new() };
    let groups = group_alike(diags);
    let mut per_line: HashMap<(&Path, usize), usize> = HashMap::new();
    for g in &groups {
        if let Some(line) = g.first.line() {
            *per_line.entry((&g.first.file, line)).or_default() += 1;
        }
    }
    let mut shown: HashMap<(&Path, usize), usize> = HashMap::new();
    for g in &groups {
        let d = g.first;
        let Some(line) = d.line() else {
            emit_one(writer, &config, &mut sources, d, g.count - 1)?;
            continue;
        };
        let key = (d.file.as_path(), line);
        let total = per_line.get(&key).copied().unwrap_or(0);
        let n = shown.entry(key).or_default();
        *n += 1;
        if *n > MAX_PER_LINE {
            continue;
        }
        emit_one(writer, &config, &mut sources, d, g.count - 1)?;
        if *n == MAX_PER_LINE && total > MAX_PER_LINE {
            let rest = total - MAX_PER_LINE;
            writeln!(writer, "… and {} on {} not shown\n", count(rest, "more problem"), d.location_line())?;
        }
    }
    summary(writer, diags)
}

fn summary(writer: &mut dyn WriteColor, diags: &Diagnostics) -> std::io::Result<()> {
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e > 0 {
        let warnings = if w > 0 { format!(", {}", count(w, "warning")) } else { String::new() };
        writeln!(writer, "{}{warnings}", count(e, "error"))?;
    } else if w > 0 {
        writeln!(writer, "{}", count(w, "warning"))?;
    }
    Ok(())
}

/// `1 article`, `2 articles`: `n` and a regular English noun in the right number.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// What a build says of the articles it left out for their dates; `None` when it left none.
pub fn held_back(held: &crate::site::HeldBack) -> Option<String> {
    let mut parts = Vec::new();
    if held.scheduled > 0 {
        let next = held.next.map_or(String::new(), |d| format!(", the next due {d}"));
        parts.push(format!(
            "{} held back{next} (build with --future to publish them now)",
            count(held.scheduled, "scheduled article")
        ));
    }
    if held.expired > 0 {
        parts.push(format!("{} past its `expires` left out", count(held.expired, "expired article")));
    }
    (!parts.is_empty()).then(|| format!("{}.", parts.join("; ")))
}

/// Diagnostics that say the same thing at the same place, kept in first-seen order.
struct Group<'a> {
    first: &'a Diagnostic,
    count: usize,
}

/// Groups diagnostics equal but for their help (which names, say, the page being rendered).
fn group_alike(diags: &Diagnostics) -> Vec<Group<'_>> {
    type Key<'a> = (Severity, &'a str, &'a Path, Option<Position>, &'a Problem);
    let mut index: HashMap<Key<'_>, usize> = HashMap::new();
    let mut groups: Vec<Group<'_>> = Vec::new();
    for d in diags.iter() {
        let key = (d.severity, d.code.as_str(), d.file.as_path(), d.position, &*d.problem);
        match index.get(&key) {
            Some(&i) => groups[i].count += 1,
            None => {
                index.insert(key, groups.len());
                groups.push(Group { first: d, count: 1 });
            }
        }
    }
    groups
}

/// The site's files, each read once however many diagnostics point into it.
struct Sources<'r> {
    root: &'r Path,
    texts: HashMap<PathBuf, Option<String>>,
}

impl Sources<'_> {
    fn get(&mut self, file: &Path) -> Option<&str> {
        let root = self.root;
        self.texts.entry(file.to_path_buf()).or_insert_with(|| std::fs::read_to_string(root.join(file)).ok()).as_deref()
    }
}

fn emit_one(
    writer: &mut dyn WriteColor,
    config: &term::Config,
    sources: &mut Sources<'_>,
    d: &Diagnostic,
    alike: usize,
) -> std::io::Result<()> {
    let mut report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    }
    .with_message(d.message());
    if !d.code.is_empty() {
        report = report.with_code(&d.code);
    }
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    if alike > 0 {
        notes.push(format!("and {alike} more like this"));
    }
    let window = d.position.and_then(|at| sources.get(&d.file).and_then(|text| LineWindow::new(text, d, at)));
    match window {
        Some(window) => {
            let span = window.marker.clone();
            report = report.with_labels(vec![Label::primary((), span)]).with_notes(notes);
            term::emit(writer, config, &window, &report).map_err(std::io::Error::other)
        }
        None => {
            let name = d.location();
            let file = SimpleFile::new(name.clone(), String::new());
            report.notes = std::iter::once(format!("in {name}")).chain(notes).collect();
            term::emit(writer, config, &file, &report).map_err(std::io::Error::other)
        }
    }
}

/// One source line as codespan shows it: the part around the column (with `…` where cut), under
/// the line's real number and with the real column in `file:line:col`.
struct LineWindow {
    name: String,
    /// The shown part of the line.
    text: String,
    line: usize,
    /// The real 1-based column of the window's first character (counting a leading `…` as the
    /// character it replaced).
    first_column: usize,
    /// Bytes of `text` the marker underlines.
    marker: Range<usize>,
}

impl LineWindow {
    fn new(text: &str, d: &Diagnostic, at: Position) -> Option<LineWindow> {
        let line_text = text.split('\n').nth(at.line - 1)?.trim_end_matches('\r');
        let chars: Vec<char> = line_text.chars().collect();
        let column = at.column.unwrap_or(1).clamp(1, chars.len().max(1));
        let from = column.saturating_sub(CONTEXT_CHARS + 1);
        let to = (column + CONTEXT_CHARS).min(chars.len());
        let mut shown = String::new();
        if from > 0 {
            shown.push('…');
        }
        shown.extend(&chars[from..column - 1]);
        let start = shown.len();
        shown.extend(&chars[(column - 1).min(to)..to]);
        if to < chars.len() {
            shown.push('…');
        }
        let end = if at.column.is_none() {
            shown.len()
        } else {
            shown[start..].char_indices().nth(1).map_or(shown.len(), |(i, _)| start + i)
        };
        let (marker, first_column) = if at.column.is_none() { (0..shown.len(), 1) } else { (start..end, from + 1) };
        Some(LineWindow { name: d.file.display().to_string(), text: shown, line: at.line, first_column, marker })
    }
}

impl<'a> Files<'a> for LineWindow {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.line - 1)
    }

    fn column_number(&'a self, (): (), _line_index: usize, byte_index: usize) -> Result<usize, FilesError> {
        let shown_before = self.text[..byte_index.min(self.text.len())].chars().count();
        Ok(self.first_column + shown_before - usize::from(self.first_column > 1))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        if line_index + 1 == self.line {
            Ok(0..self.text.len())
        } else {
            Err(FilesError::LineTooLarge { given: line_index, max: self.line - 1 })
        }
    }
}

/// How diagnostics are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Compiler style, for people ([`emit`]).
    #[default]
    Human,
    /// One JSON object a line ([`json_lines`]).
    Json,
    /// GitHub Actions workflow commands ([`github`]).
    Github,
    /// One SARIF 2.1.0 log, for code scanning ([`sarif`]).
    Sarif,
}

/// Writes one JSON object a line: `file`, `line`, `column` (0 when unknown), `rule` (empty for
/// plain errors), `severity` (`error` or `warning`), `message` and `help` (null when none).
pub fn json_lines(writer: &mut dyn Write, diags: &Diagnostics) -> std::io::Result<()> {
    for d in diags.iter() {
        let value = serde_json::json!({
            "file": d.file,
            "line": d.line().unwrap_or(0),
            "column": d.column().unwrap_or(0),
            "rule": d.code,
            "severity": d.severity,
            "message": d.message(),
            "help": d.help,
        });
        serde_json::to_writer(&mut *writer, &value)?;
        writeln!(writer)?;
    }
    Ok(())
}

/// Writes GitHub Actions workflow commands (`::error file=...,line=...,col=...,title=...::...`), so
/// each problem shows as an annotation on the pull request's diff.
pub fn github(writer: &mut dyn Write, diags: &Diagnostics) -> std::io::Result<()> {
    for d in diags.iter() {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = vec![format!("file={}", github_property(&d.file.display().to_string()))];
        if let Some(line) = d.line() {
            props.push(format!("line={line}"));
        }
        if let Some(column) = d.column() {
            props.push(format!("col={column}"));
        }
        if !d.code.is_empty() {
            props.push(format!("title={}", github_property(&d.code)));
        }
        let mut message = d.message();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(writer, "::{kind} {}::{}", props.join(","), github_data(&message))?;
    }
    Ok(())
}

/// Escapes a workflow command's message as the runner expects.
fn github_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value, where `:` and `,` are separators.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The schema of SARIF 2.1.0 logs, as code scanning tools cite it.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes one SARIF 2.1.0 log: one run of the `herald` tool, a rule for each rule id met (plain
/// errors under `herald/error`), and a result for each diagnostic, located by its file (relative
/// to the site root) and, where known, line and column.
pub fn sarif(writer: &mut dyn Write, diags: &Diagnostics) -> std::io::Result<()> {
    let rule_id = |d: &Diagnostic| if d.code.is_empty() { "herald/error".to_string() } else { d.code.clone() };
    let mut rule_ids: Vec<String> = diags.iter().map(rule_id).collect();
    rule_ids.sort();
    rule_ids.dedup();
    let rules: Vec<_> = rule_ids.iter().map(|id| serde_json::json!({ "id": id })).collect();
    let results: Vec<_> = diags
        .iter()
        .map(|d| {
            let mut location = serde_json::json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": d.file.to_string_lossy().replace('\\', "/") }
                }
            });
            if let Some(line) = d.line() {
                let mut region = serde_json::json!({ "startLine": line });
                if let Some(column) = d.column() {
                    region["startColumn"] = column.into();
                }
                location["physicalLocation"]["region"] = region;
            }
            let text = match &d.help {
                Some(help) => format!("{}\nhelp: {help}", d.problem),
                None => d.message(),
            };
            serde_json::json!({
                "ruleId": rule_id(d),
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": text },
                "locations": [location],
            })
        })
        .collect();
    let log = serde_json::json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "herald",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *writer, &log)?;
    writeln!(writer)
}

/// Plain text of all diagnostics (for the browser overlay and logs).
pub fn to_plain_text(root: &Path, diags: &Diagnostics) -> String {
    let mut buf = term::termcolor::NoColor::new(Vec::new());
    let _ = emit(&mut buf, root, diags);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_column_which_stays_true() {
        let text = format!("---\n{}X{}\n", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::error("a.md", 2, 501, "here");
        let w = LineWindow::new(&text, &d, Position::new(2, 501)).unwrap();
        assert!(w.text.starts_with('…') && w.text.ends_with('…'), "{}", w.text);
        assert_eq!(w.text.chars().count(), 2 * CONTEXT_CHARS + 3, "{}", w.text);
        assert_eq!(&w.text[w.marker.clone()], "X");
        assert_eq!(w.column_number((), 1, w.marker.start).unwrap(), 501);
    }

    #[test]
    fn a_short_line_shows_whole() {
        let d = Diagnostic::error("a.md", 1, 3, "here");
        let w = LineWindow::new("abcdef\n", &d, Position::new(1, 3)).unwrap();
        assert_eq!((w.text.as_str(), &w.text[w.marker.clone()]), ("abcdef", "c"));
        assert_eq!(w.column_number((), 0, w.marker.start).unwrap(), 3);
    }

    #[test]
    fn alike_diagnostics_print_once_and_one_line_prints_a_few() {
        let mut diags = Diagnostics::new();
        for page in 0..16 {
            diags.push(Diagnostic::file_error("t.html", "typo").with_help(format!("while rendering {page}")));
        }
        for col in 1..=40 {
            diags.push(Diagnostic::error("a.md", 1, col, format!("broken {col}")));
        }
        let text = to_plain_text(Path::new("/nonexistent"), &diags);
        assert_eq!(text.matches("typo").count(), 1, "{text}");
        assert!(text.contains("and 15 more like this"), "{text}");
        assert_eq!(text.matches("broken").count(), MAX_PER_LINE, "{text}");
        assert!(text.contains("… and 35 more problems on a.md:1 not shown"), "{text}");
        assert!(text.ends_with("56 errors\n"), "{text}");
    }
}
