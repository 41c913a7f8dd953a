//! `[serve] editor`: how `herald serve`'s preview panel links a finding to its line in the
//! writer's editor, as a URL the editor registered a handler for.
//!
//! A setting is a preset's name or a URL template with `{path}` (the file's absolute path,
//! always starting with `/`, percent-encoded), `{line}` and `{column}`. The presets follow each
//! editor's documented URL form:
//! - VS Code and its forks: `vscode://file/{full path to file}:line:column`
//!   (<https://code.visualstudio.com/docs/editor/command-line#_opening-vs-code-with-urls>);
//!   Zed takes the same form (`zed://file/...`).
//! - JetBrains IDEs: `idea://open?file=...&line=...`, one scheme per IDE
//!   (<https://www.jetbrains.com/help/idea/opening-files-from-command-line.html>).
//! - TextMate: `txmt://open?url=file://...&line=...&column=...`
//!   (<https://macromates.com/manual/en/using_textmate_from_terminal#url_scheme_html>); Sublime
//!   Text's and MacVim's handlers take the same query.

use std::fmt;
use std::path::Path;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The presets: a name, the editor's name for people, and its URL template.
pub const PRESETS: [(&str, &str, &str); 14] = [
    ("vscode", "VS Code", "vscode://file{path}:{line}:{column}"),
    ("vscode-insiders", "VS Code Insiders", "vscode-insiders://file{path}:{line}:{column}"),
    ("vscodium", "VSCodium", "vscodium://file{path}:{line}:{column}"),
    ("cursor", "Cursor", "cursor://file{path}:{line}:{column}"),
    ("windsurf", "Windsurf", "windsurf://file{path}:{line}:{column}"),
    ("zed", "Zed", "zed://file{path}:{line}:{column}"),
    ("idea", "IntelliJ IDEA", "idea://open?file={path}&line={line}&column={column}"),
    ("jetbrains", "IntelliJ IDEA", "idea://open?file={path}&line={line}&column={column}"),
    ("webstorm", "WebStorm", "webstorm://open?file={path}&line={line}&column={column}"),
    ("phpstorm", "PhpStorm", "phpstorm://open?file={path}&line={line}&column={column}"),
    ("pycharm", "PyCharm", "pycharm://open?file={path}&line={line}&column={column}"),
    ("sublime", "Sublime Text", "subl://open?url=file://{path}&line={line}&column={column}"),
    ("txmt", "TextMate", "txmt://open?url=file://{path}&line={line}&column={column}"),
    ("macvim", "MacVim", "mvim://open?url=file://{path}&line={line}&column={column}"),
];

/// Characters of a path kept as they are: `/` between folders, `:` after a Windows drive, and
/// RFC 3986's unreserved ones. Everything else (spaces, `&`, `#`, `?`, `%`, non-ASCII) is
/// percent-encoded, so a path stays one value in a URL's path or query alike.
const PATH_KEPT: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'/').remove(b':').remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// An editor to open files in, from `[serve] editor` or `HERALD_EDITOR`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct Editor {
    /// As written: a preset's name or a template.
    setting: String,
    template: String,
}

/// Why a setting names no editor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditorError {
    #[error("`{0}` is neither an editor herald knows nor a URL template with `{{path}}`")]
    Unknown(String),
    #[error("`{0}` cannot open a file: an editor's URL starts with its own scheme (`vscode://`), not `{1}`")]
    Scheme(String, String),
}

impl Editor {
    /// A preset by name (any case), or a template with a scheme and `{path}`.
    pub fn parse(setting: &str) -> Result<Editor, EditorError> {
        let setting = setting.trim();
        if let Some((_, _, template)) = PRESETS.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(setting)) {
            return Ok(Editor { setting: setting.to_ascii_lowercase(), template: template.to_string() });
        }
        let scheme = setting.split_once(':').map(|(s, _)| s).filter(|s| is_scheme(s));
        match scheme {
            None => Err(EditorError::Unknown(setting.to_string())),
            _ if !setting.contains("{path}") => Err(EditorError::Unknown(setting.to_string())),
            Some(s) if ["javascript", "data", "vbscript", "http", "https"].contains(&&*s.to_ascii_lowercase()) => {
                Err(EditorError::Scheme(setting.to_string(), format!("{s}:")))
            }
            Some(_) => Ok(Editor { setting: setting.to_string(), template: setting.to_string() }),
        }
    }

    /// The editor's name for people: a preset's, else the template's scheme.
    pub fn name(&self) -> &str {
        match PRESETS.iter().find(|(n, _, _)| *n == self.setting) {
            Some((_, name, _)) => name,
            None => self.template.split(':').next().unwrap_or_default(),
        }
    }

    /// The URL that opens `file` (absolute) at `line` and `column` (1-based).
    pub fn url(&self, file: &Path, line: usize, column: usize) -> String {
        let path = file.to_string_lossy().replace('\\', "/");
        let path = if path.starts_with('/') { path } else { format!("/{path}") };
        let path = utf8_percent_encode(&path, PATH_KEPT).to_string();
        self.template
            .replace("{line}", &line.max(1).to_string())
            .replace("{column}", &column.max(1).to_string())
            .replace("{path}", &path)
    }
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

impl Default for Editor {
    fn default() -> Self {
        Editor::parse(PRESETS[0].0).expect("a preset")
    }
}

impl TryFrom<String> for Editor {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        Editor::parse(&s).map_err(|e| {
            let names: Vec<&str> = PRESETS.iter().map(|(n, _, _)| *n).collect();
            format!(
                "{e}; write one of {}, or a template such as \"vscode://file{{path}}:{{line}}:{{column}}\"",
                names.join(", ")
            )
        })
    }
}

impl From<Editor> for String {
    fn from(e: Editor) -> String {
        e.setting
    }
}

impl fmt::Display for Editor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.setting)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_follow_each_editors_documented_form() {
        let file = Path::new("/home/ann/site/content/smo/a b&c#d.md");
        let url = |name: &str| Editor::parse(name).unwrap().url(file, 12, 3);
        assert_eq!(url("vscode"), "vscode://file/home/ann/site/content/smo/a%20b%26c%23d.md:12:3");
        assert_eq!(url("VSCode"), url("vscode"));
        assert_eq!(url("zed"), "zed://file/home/ann/site/content/smo/a%20b%26c%23d.md:12:3");
        assert_eq!(url("idea"), "idea://open?file=/home/ann/site/content/smo/a%20b%26c%23d.md&line=12&column=3");
        assert_eq!(url("txmt"), "txmt://open?url=file:///home/ann/site/content/smo/a%20b%26c%23d.md&line=12&column=3");
        assert_eq!(Editor::default().name(), "VS Code");
    }

    #[test]
    fn paths_are_encoded_whatever_their_script_or_platform() {
        let e = Editor::default();
        assert_eq!(
            e.url(Path::new("/s/статья.md"), 1, 1),
            "vscode://file/s/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F.md:1:1"
        );
        assert_eq!(e.url(Path::new("C:\\site\\a.md"), 0, 0), "vscode://file/C:/site/a.md:1:1");
    }

    #[test]
    fn templates_need_a_scheme_and_a_path_and_may_not_run_script() {
        let own = Editor::parse("myed://open/{path}?l={line}").unwrap();
        assert_eq!(own.url(Path::new("/a.md"), 4, 2), "myed://open//a.md?l=4");
        assert_eq!(own.name(), "myed");
        assert!(matches!(Editor::parse("notepad"), Err(EditorError::Unknown(_))));
        assert!(matches!(Editor::parse("myed://open"), Err(EditorError::Unknown(_))));
        assert!(matches!(Editor::parse("javascript:alert('{path}')"), Err(EditorError::Scheme(..))));
        assert!(matches!(Editor::parse("JavaScript:x{path}"), Err(EditorError::Scheme(..))));
    }
}
