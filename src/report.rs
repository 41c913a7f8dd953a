//! Prints diagnostics compiler style: `file:line:col`, the offending line with a marker, and what
//! to do, in colour when the terminal takes it.

use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};

use crate::diagnostic::{offset_of, Diagnostic, Diagnostics, Severity};

/// Writes every diagnostic, with a source snippet where the file can be read, then a summary line.
pub fn emit(writer: &mut dyn WriteColor, root: &Path, diags: &Diagnostics) -> std::io::Result<()> {
    let config = term::Config::default();
    for d in diags.iter() {
        emit_one(writer, &config, root, d)?;
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e > 0 {
        writeln!(
            writer,
            "{e} error{}{}",
            plural(e),
            if w > 0 { format!(", {w} warning{}", plural(w)) } else { String::new() }
        )?;
    } else if w > 0 {
        writeln!(writer, "{w} warning{}", plural(w))?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn emit_one(writer: &mut dyn WriteColor, config: &term::Config, root: &Path, d: &Diagnostic) -> std::io::Result<()> {
    let name = d.location();
    let mut report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    }
    .with_message(&d.message);
    if !d.code.is_empty() {
        report = report.with_code(&d.code);
    }
    if let Some(help) = &d.help {
        report = report.with_notes(vec![format!("help: {help}")]);
    }
    let source = if d.line > 0 { std::fs::read_to_string(root.join(&d.file)).ok() } else { None };
    match source {
        Some(text) => {
            let start = offset_of(&text, d.line, d.column.max(1));
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let end = if d.column == 0 {
                line_end
            } else {
                text[start..line_end].char_indices().nth(1).map_or(line_end, |(i, _)| start + i)
            };
            let start = if d.column == 0 { offset_of(&text, d.line, 1) } else { start };
            let file = SimpleFile::new(d.file.display().to_string(), text);
            report = report.with_labels(vec![Label::primary((), start..end.max(start))]);
            term::emit(writer, config, &file, &report).map_err(std::io::Error::other)
        }
        None => {
            let file = SimpleFile::new(name.clone(), String::new());
            let notes = std::iter::once(format!("in {name}")).chain(report.notes.clone()).collect();
            report.notes = notes;
            term::emit(writer, config, &file, &report).map_err(std::io::Error::other)
        }
    }
}

/// Plain text of all diagnostics (for the browser overlay and logs).
pub fn to_plain_text(root: &Path, diags: &Diagnostics) -> String {
    let mut buf = term::termcolor::NoColor::new(Vec::new());
    let _ = emit(&mut buf, root, diags);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}
