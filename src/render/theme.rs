//! Theme files: the theme's templates and static files, from `themes/<name>/` on disk or from the
//! default theme built into the binary, then the site's own `templates/` and `static/` on top.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::config::Config;
use crate::diagnostic::{relative_to, Diagnostic, Diagnostics};
use crate::output::Bytes;

/// The default theme, built in so that a site without a `themes/` folder still builds.
pub static BUILTIN_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// One template: its name for Tera (`page.html`, `partials/head.html`) and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    /// For messages: the file relative to the site root, or `(built-in theme)/templates/...`.
    pub origin: PathBuf,
    pub source: String,
}

/// The templates of the theme with the site's overrides applied, sorted by name.
pub fn load_templates(root: &Path, config: &Config) -> (Vec<TemplateFile>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut files = match theme_location(root, config) {
        Ok(ThemeLocation::Disk(dir)) => read_text_tree(root, &dir.join("templates"), &mut diags),
        Ok(ThemeLocation::Builtin) => builtin_files("templates")
            .filter_map(|(name, bytes)| {
                Some(TemplateFile {
                    origin: Path::new("(built-in theme)/templates").join(&name),
                    name,
                    source: String::from_utf8(bytes.to_vec()).ok()?,
                })
            })
            .collect(),
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    };
    for over in read_text_tree(root, &root.join("templates"), &mut diags) {
        match files.iter_mut().find(|f| f.name == over.name) {
            Some(f) => *f = over,
            None => files.push(over),
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    (files, diags)
}

/// Static files as (output path, bytes).
pub type StaticFiles = Vec<(String, Bytes)>;

/// The theme's `static/` files, then the site's `static/`, as output path -> bytes. The site's
/// file replaces the theme's file of the same name.
pub fn load_static(root: &Path, config: &Config) -> (Vec<(String, Bytes)>, Diagnostics) {
    let (mut files, site, diags) = load_static_layers(root, config);
    files.retain(|(path, _)| !site.iter().any(|(p, _)| p == path));
    files.extend(site);
    (files, diags)
}

/// The theme's `static/` files and the site's, apart, each sorted by path.
pub fn load_static_layers(root: &Path, config: &Config) -> (StaticFiles, StaticFiles, Diagnostics) {
    let mut diags = Diagnostics::new();
    let theme: Vec<(String, Bytes)> = match theme_location(root, config) {
        Ok(ThemeLocation::Disk(dir)) => read_tree(root, &dir.join("static"), &mut diags),
        Ok(ThemeLocation::Builtin) => builtin_files("static").map(|(n, b)| (n, Bytes::from(b))).collect(),
        Err(_) => Vec::new(), // reported by load_templates
    };
    let site = read_tree(root, &root.join("static"), &mut diags);
    (theme, site, diags)
}

/// The folders on disk that templates are read from: the theme's (unless built in), then the
/// site's. They need not exist.
pub fn template_dirs(root: &Path, config: &Config) -> Vec<PathBuf> {
    vec![config.theme_dir(root).join("templates"), root.join("templates")]
}

/// The folders on disk that static files are read from: the theme's, then the site's.
pub fn static_dirs(root: &Path, config: &Config) -> Vec<PathBuf> {
    vec![config.theme_dir(root).join("static"), root.join("static")]
}

/// The theme's string tables, `i18n/<code>.toml`, as (file name, origin for messages, text):
/// from the theme on disk when it has an `i18n/` folder, else the built-in theme's.
pub fn load_i18n(root: &Path, config: &Config) -> (Vec<TemplateFile>, Diagnostics) {
    let mut diags = Diagnostics::new();
    if let Ok(ThemeLocation::Disk(dir)) = theme_location(root, config) {
        let dir = dir.join("i18n");
        if dir.is_dir() {
            return (read_text_tree(root, &dir, &mut diags), diags);
        }
    }
    let files = builtin_files("i18n")
        .filter_map(|(name, bytes)| {
            Some(TemplateFile {
                origin: Path::new("(built-in theme)/i18n").join(&name),
                name,
                source: String::from_utf8(bytes.to_vec()).ok()?,
            })
        })
        .collect();
    (files, diags)
}

/// The fonts social cards are drawn with: the theme's `fonts/*.ttf|otf`, else the built-in
/// theme's, sorted by name (the order fonts are tried in).
pub fn load_fonts(root: &Path, config: &Config) -> Vec<(String, Bytes)> {
    let is_font = |name: &str| {
        let lower = name.to_ascii_lowercase();
        !name.contains('/') && (lower.ends_with(".ttf") || lower.ends_with(".otf"))
    };
    let mut ignored = Diagnostics::new();
    let on_disk: Vec<(String, Bytes)> = match theme_location(root, config) {
        Ok(ThemeLocation::Disk(dir)) => {
            read_tree(root, &dir.join("fonts"), &mut ignored).into_iter().filter(|(n, _)| is_font(n)).collect()
        }
        _ => Vec::new(),
    };
    if !on_disk.is_empty() {
        return on_disk;
    }
    builtin_files("fonts").filter(|(n, _)| is_font(n)).map(|(n, b)| (n, Bytes::from(b))).collect()
}

enum ThemeLocation {
    Disk(PathBuf),
    Builtin,
}

fn theme_location(root: &Path, config: &Config) -> Result<ThemeLocation, Diagnostic> {
    let dir = config.theme_dir(root);
    if dir.is_dir() {
        Ok(ThemeLocation::Disk(dir))
    } else if config.site.theme == "default" {
        Ok(ThemeLocation::Builtin)
    } else {
        Err(Diagnostic::file_error(
            crate::config::CONFIG_FILE,
            format!("the theme `{}` is not in themes/{}/", config.site.theme, config.site.theme),
        )
        .with_help("set `[site] theme` to a folder of themes/, or remove it to use the built-in default theme"))
    }
}

fn builtin_files(sub: &str) -> impl Iterator<Item = (String, &'static [u8])> {
    let prefix = format!("{sub}/");
    let mut out = Vec::new();
    let mut stack: Vec<&Dir<'static>> = vec![&BUILTIN_THEME];
    while let Some(dir) = stack.pop() {
        stack.extend(dir.dirs());
        for f in dir.files() {
            let path = f.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = path.strip_prefix(&prefix) {
                out.push((name.to_string(), f.contents()));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter()
}

/// Every file below `dir` as (path below `dir`, bytes), skipping editors' temporary files.
fn read_tree(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(String, Bytes)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for path in crate::content::walk::files(root, dir, diags) {
        let rel = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        match std::fs::read(&path) {
            Ok(bytes) => out.push((rel, Bytes::from(bytes))),
            Err(e) => diags.push(Diagnostic::file_error(relative_to(&path, root), format!("cannot read: {e}"))),
        }
    }
    out
}

fn read_text_tree(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<TemplateFile> {
    read_tree(root, dir, diags)
        .into_iter()
        .filter_map(|(name, bytes)| {
            let origin = relative_to(&dir.join(&name), root);
            match String::from_utf8(bytes.to_vec()) {
                Ok(source) => Some(TemplateFile { name, origin, source }),
                Err(_) => {
                    diags.push(
                        Diagnostic::file_error(origin, "this template is not valid UTF-8")
                            .with_help("save it as UTF-8"),
                    );
                    None
                }
            }
        })
        .collect()
}
