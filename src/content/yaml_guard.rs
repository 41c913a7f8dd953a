//! Checks on front matter made before serde_yaml reads it: how deeply it nests (the YAML parser
//! takes time that grows with the square of the depth before it refuses too deep a document)
//! and whether it carries tags (`!python/object ...`), which serde would drop in silence.

use std::path::Path;

use super::front_matter::Split;
use crate::diagnostic::Diagnostic;

/// The deepest nesting of lists and maps front matter may have; real front matter stays below 10.
pub const MAX_DEPTH: usize = 64;

/// Refuses front matter nested deeper than [`MAX_DEPTH`] or carrying a YAML tag.
pub fn check(file: &Path, split: &Split<'_>) -> Result<(), Diagnostic> {
    let Some(found) = scan(split.yaml) else { return Ok(()) };
    let at = |line: usize, column: usize, message: String| {
        Diagnostic::error(file, line + split.yaml_line - 1, column, message)
    };
    Err(match found {
        Found::TooDeep { line, column } => {
            at(line, column, format!("the front matter nests lists and maps more than {MAX_DEPTH} levels deep"))
                .with_help("front matter holds a page's metadata; flatten the data or move it into a data file")
        }
        Found::Tag { line, column, tag } => {
            at(line, column, format!("`{tag}` is a YAML tag, which herald does not read"))
                .with_help("remove the tag and keep the plain value; quote a text that starts with `!`")
        }
    })
}

/// A problem [`scan`] found, at its 1-based line and column in the YAML.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    TooDeep { line: usize, column: usize },
    Tag { line: usize, column: usize, tag: String },
}

/// Reads the YAML's structure without parsing it: where it first nests deeper than
/// [`MAX_DEPTH`], counting block levels (indentation, `- ` items, `key: `) and flow levels (`[`,
/// `{`), and where a tag (`!name`, `!!name`) starts a value. Quoted text, comments and block
/// scalars (`|`, `>`) are skipped. It may count a level too many for odd layouts, never one too
/// few, so that no nesting the parser would see escapes it.
fn scan(yaml: &str) -> Option<Found> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut block_scalar: Option<usize> = None;
    for (i, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(parent) = block_scalar {
            if rest.is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if flow == 0 {
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        if let Some(found) = scan_line(i + 1, indent, rest, indents.len(), &mut flow) {
            return Some(found);
        }
        let value_end = rest.split(" #").next().unwrap_or(rest).trim_end();
        if flow == 0 && value_end.rsplit(' ').next().is_some_and(|w| w.starts_with(['|', '>'])) {
            block_scalar = Some(indent);
        }
    }
    None
}

/// Scans one line (`rest`, after its `indent` spaces) that starts at block depth `depth`,
/// carrying the flow depth from line to line.
fn scan_line(line: usize, indent: usize, rest: &str, mut depth: usize, flow: &mut usize) -> Option<Found> {
    let column = |j: usize| indent + rest[..j].chars().count() + 1;
    let bytes = rest.as_bytes();
    // Whether a new value (and so a quote or a tag) may start here.
    let mut at_value = true;
    let mut quote: Option<u8> = None;
    let mut j = 0;
    while j < bytes.len() {
        let b = bytes[j];
        let spaced = bytes.get(j + 1).is_none_or(|n| *n == b' ');
        match quote {
            Some(b'"') if b == b'\\' => j += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' if at_value => quote = Some(b),
                b'!' if at_value => {
                    let end = rest[j..].find([' ', ',', ']', '}']).map_or(rest.len(), |e| j + e);
                    return Some(Found::Tag { line, column: column(j), tag: rest[j..end].to_string() });
                }
                b'&' if at_value => {
                    // An anchor: the value, and perhaps a tag, follows it.
                    j = rest[j..].find(' ').map_or(rest.len(), |e| j + e);
                    continue;
                }
                b'#' if j == 0 || bytes[j - 1] == b' ' => break,
                b'[' | b'{' => *flow += 1,
                b']' | b'}' => *flow = flow.saturating_sub(1),
                b'-' | b'?' | b':' if *flow == 0 && spaced => depth += 1,
                _ => {}
            },
        }
        if *flow + depth > MAX_DEPTH {
            return Some(Found::TooDeep { line, column: column(j) });
        }
        let indicator = matches!(b, b'[' | b'{' | b',') || (matches!(b, b'-' | b'?' | b':') && spaced);
        at_value = quote.is_none() && (indicator || (b == b' ' && at_value));
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn too_deep(yaml: &str) -> Option<(usize, usize)> {
        match scan(yaml) {
            Some(Found::TooDeep { line, column }) => Some((line, column)),
            _ => None,
        }
    }

    fn tag(yaml: &str) -> Option<(usize, usize, String)> {
        match scan(yaml) {
            Some(Found::Tag { line, column, tag }) => Some((line, column, tag)),
            _ => None,
        }
    }

    #[test]
    fn ordinary_front_matter_passes() {
        let yaml = "title: \"Don't [panic!\"\ndescription: Wow! It's [great] !\ntags: [a, b]\nextra:\n  a:\n    b: [{c: 1}]\n  text: |\n    [[[[[[[[[[ !x\ncomparisons:\n  - id: x\n    rows:\n      - aspect: y\n        values: [1, 2] # !no\n";
        assert_eq!(scan(yaml), None);
        assert_eq!(scan(&"[".repeat(40)), None);
    }

    #[test]
    fn deep_flow_and_block_nesting_are_found() {
        assert_eq!(too_deep(&format!("title: T\nextra: {}", "[".repeat(100_000))), Some((2, 7 + MAX_DEPTH - 1)));
        assert!(too_deep(&format!("extra:\n{}x\n", "- ".repeat(100))).is_some());
        let indented: String = (0..100).map(|d| format!("{}k{d}:\n", " ".repeat(d))).collect();
        assert!(too_deep(&indented).is_some());
    }

    #[test]
    fn tags_are_found_where_a_value_starts() {
        assert_eq!(
            tag("title: T\nextra: !python/object:os.system ls\n"),
            Some((2, 8, "!python/object:os.system".into()))
        );
        assert_eq!(tag("a: [1, {b: !!binary aGk=}]"), Some((1, 12, "!!binary".into())));
        assert_eq!(tag("a:\n  - &x !t 1"), Some((2, 8, "!t".into())));
        assert_eq!(tag("title: !!str 3"), Some((1, 8, "!!str".into())));
    }
}
