//! Errors and warnings as values that carry their file, line and column.
//!
//! Every stage returns [`Diagnostic`]s instead of stopping at the first problem, so a build can
//! report all of its errors at once, compiler style.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported; the build goes on (and fails under `--strict`).
    Warning,
}

/// Where in a file a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters; `None` when only the line is known.
    pub column: Option<usize>,
}

impl Position {
    /// Line `line`, column `column`, both counted from 1.
    pub fn new(line: usize, column: usize) -> Self {
        debug_assert!(line > 0 && column > 0, "positions count from 1: {line}:{column}");
        Position { line, column: Some(column) }
    }

    /// A whole line, when the column is not known.
    pub fn line(line: usize) -> Self {
        debug_assert!(line > 0, "lines count from 1");
        Position { line, column: None }
    }
}

/// What is wrong, as data: code that reacts to a problem matches on its kind and reads its
/// fields, never the text; the text is the [`Display`](fmt::Display) of the kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
pub enum Problem {
    /// A link to a `.md` file that is no published article (`target`, below `content/`).
    #[error("the link `{written}` points at `content/{target}`, which is {}", if *draft { "a draft" } else { "not an article" })]
    BrokenLink {
        /// The link as the writer wrote it.
        written: String,
        target: String,
        /// The target is a draft, left out of this build.
        draft: bool,
    },
    /// A link whose `..` climb above `content/`.
    #[error("the link `{written}` climbs out of the content folder")]
    LinkOutsideContent { written: String },
    /// A front matter key herald does not know.
    #[error("`{key}` is not a front matter key")]
    UnknownFrontMatterKey { key: String },
    /// A required front matter key that is not there.
    #[error("`{key}` is missing from the front matter")]
    MissingFrontMatterKey { key: String },
    /// A key of the config file herald does not know; `table` is the `[table]` it sits in.
    #[error("`{key}` is not a key of {}", table.as_ref().map_or_else(|| file.clone(), |t| format!("`[{t}]`")))]
    UnknownConfigKey { key: String, table: Option<String>, file: String },
    /// A `[table]` of the config file herald does not know.
    #[error("`{table}` is not a table of {file}")]
    UnknownConfigTable { table: String, file: String },
    /// Front matter `authors` names an id that `[authors]` of the config does not declare.
    #[error("`{id}` is not an author of book.toml")]
    UnknownAuthor {
        id: String,
        /// The ids `[authors]` declares.
        known: Vec<String>,
    },
    /// A problem no code tells apart from others: its text is all there is. A problem gets a
    /// variant of its own as soon as some code needs to react to it.
    #[error("{0}")]
    Other(String),
}

impl Problem {
    /// The link as written, for problems about one.
    pub fn written_link(&self) -> Option<&str> {
        match self {
            Problem::BrokenLink { written, .. } | Problem::LinkOutsideContent { written } => Some(written),
            _ => None,
        }
    }

    /// The content path (`smo/a.md`) a broken link points at.
    pub fn link_target(&self) -> Option<&str> {
        match self {
            Problem::BrokenLink { target, .. } => Some(target),
            _ => None,
        }
    }
}

impl From<String> for Problem {
    fn from(text: String) -> Self {
        Problem::Other(text)
    }
}

impl From<&str> for Problem {
    fn from(text: &str) -> Self {
        Problem::Other(text.to_string())
    }
}

/// One problem found in the site's files: where it is, what it is, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A rule id for lints (`seo/description-length`), empty for plain errors.
    pub code: String,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// `None` when the problem concerns the whole file.
    pub position: Option<Position>,
    /// Boxed: diagnostics travel in `Result`s, which stay small on their happy path.
    pub problem: Box<Problem>,
    /// What the user can do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `file:line:column` (both from 1).
    pub fn error(file: impl Into<PathBuf>, line: usize, column: usize, problem: impl Into<Problem>) -> Self {
        Diagnostic::new(Severity::Error, file, Some(Position::new(line, column)), problem)
    }

    /// A warning at `file:line:column` (both from 1).
    pub fn warning(file: impl Into<PathBuf>, line: usize, column: usize, problem: impl Into<Problem>) -> Self {
        Diagnostic::new(Severity::Warning, file, Some(Position::new(line, column)), problem)
    }

    /// An error about a whole file (no position).
    pub fn file_error(file: impl Into<PathBuf>, problem: impl Into<Problem>) -> Self {
        Diagnostic::new(Severity::Error, file, None, problem)
    }

    /// A warning about a whole file (no position).
    pub fn file_warning(file: impl Into<PathBuf>, problem: impl Into<Problem>) -> Self {
        Diagnostic::new(Severity::Warning, file, None, problem)
    }

    /// A diagnostic at `position`, when there is one.
    pub fn new(
        severity: Severity,
        file: impl Into<PathBuf>,
        position: Option<Position>,
        problem: impl Into<Problem>,
    ) -> Self {
        Diagnostic {
            severity,
            code: String::new(),
            file: file.into(),
            position,
            problem: Box::new(problem.into()),
            help: None,
        }
    }

    /// Adds advice on what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a rule id.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = code.into();
        self
    }

    /// Shifts the position by `lines` (for text that starts part-way into a file, such as front
    /// matter or a Markdown body).
    pub fn offset_lines(mut self, lines: usize) -> Self {
        if let Some(p) = &mut self.position {
            p.line += lines;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// What is wrong, as the user reads it.
    pub fn message(&self) -> String {
        self.problem.to_string()
    }

    /// The 1-based line, when known.
    pub fn line(&self) -> Option<usize> {
        self.position.map(|p| p.line)
    }

    /// The 1-based column, when known.
    pub fn column(&self) -> Option<usize> {
        self.position.and_then(|p| p.column)
    }

    /// `file:line` (or the file alone for a whole-file problem).
    pub fn location_line(&self) -> String {
        match self.line() {
            None => self.file.display().to_string(),
            Some(l) => format!("{}:{l}", self.file.display()),
        }
    }

    /// `file:line:col` as editors and terminals understand it.
    pub fn location(&self) -> String {
        match self.position {
            None => self.file.display().to_string(),
            Some(Position { line, column: None }) => format!("{}:{line}", self.file.display()),
            Some(Position { line, column: Some(c) }) => format!("{}:{line}:{c}", self.file.display()),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.code.is_empty() {
            write!(f, "{}: {}: {}", self.location(), kind, self.problem)?;
        } else {
            write!(f, "{}: {}[{}]: {}", self.location(), kind, self.code, self.problem)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All the problems of one build, sorted by file and position for stable reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, line and column and drops exact duplicates.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.position, a.severity)
                .cmp(&(&b.file, b.position, b.severity))
                .then_with(|| a.message().cmp(&b.message()))
        });
        self.0.dedup();
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Turns a byte offset in `text` into a 1-based (line, column), counting columns in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Turns a 1-based (line, column) back into a byte offset in `text`.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..text[start..].find('\n').map_or(text.len(), |i| start + i)];
    start + line_text.char_indices().nth(column.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i)
}

/// The known name closest to a misspelt one, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(wrong, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Pulls `x` out of serde's "unknown field `x`, expected ..." message.
pub(crate) fn unknown_field(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// Pulls the list of known fields out of serde's "expected one of `a`, `b`" message.
pub(crate) fn expected_fields(message: &str) -> Vec<String> {
    let Some(rest) = message.split("expected ").nth(1) else { return Vec::new() };
    rest.split('`').skip(1).step_by(2).map(String::from).collect()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Makes `path` relative to `root` for messages, leaving it as is when it lies elsewhere.
pub fn relative_to(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_chars() {
        let text = "ab\nçd\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2)); // after the two-byte ç
        assert_eq!(offset_of(text, 2, 2), 5);
        assert_eq!(offset_of(text, 3, 1), 7);
    }

    #[test]
    fn a_whole_file_or_line_has_no_column_to_print() {
        assert_eq!(Diagnostic::file_error("book.toml", "x").location(), "book.toml");
        let d = Diagnostic::new(Severity::Error, "t.html", Some(Position::line(4)), "x");
        assert_eq!((d.location(), d.location_line(), d.column()), ("t.html:4".into(), "t.html:4".into(), None));
        assert_eq!(d.offset_lines(2).line(), Some(6));
        assert_eq!(Diagnostic::file_error("a.md", "x").offset_lines(2).position, None);
    }

    #[test]
    fn a_broken_links_text_follows_its_data() {
        let mut problem = Problem::BrokenLink { written: "../b.md".into(), target: "b.md".into(), draft: false };
        assert_eq!(problem.to_string(), "the link `../b.md` points at `content/b.md`, which is not an article");
        if let Problem::BrokenLink { draft, .. } = &mut problem {
            *draft = true;
        }
        assert_eq!(problem.to_string(), "the link `../b.md` points at `content/b.md`, which is a draft");
        assert_eq!((problem.written_link(), problem.link_target()), (Some("../b.md"), Some("b.md")));
        assert_eq!(Problem::from("plain").link_target(), None);
    }

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic::error("content/a.md", 3, 1, "`descripton` is not a key")
            .with_help("did you mean `description`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:1: error: `descripton` is not a key\n  help: did you mean `description`?"
        );
    }
}
