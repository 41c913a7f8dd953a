//! The colours of highlighted code: each token gets the short classes of the style its light
//! and its dark theme give it (`l3 d7`: colour 3 of the light theme's palette, colour 7 of the
//! dark one's), and the stylesheet defines those classes from the same palettes.
//!
//! Classes named after the grammar's scopes (`hl-meta hl-type hl-annotation`) made a block's
//! HTML about seven times its code; a style is what the reader sees, and a theme has a few dozen.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock, Mutex};

use rustc_hash::FxHashMap;
use syntect::highlighting::{Color, FontStyle, Highlighter, Style, Theme};
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

static THEMES: LazyLock<EmbeddedLazyThemeSet> = LazyLock::new(two_face::theme::extra);

/// The light and the dark theme a site's code is coloured with, by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Themes {
    pub light: Cow<'static, str>,
    pub dark: Cow<'static, str>,
}

impl Themes {
    /// `[markdown]`'s defaults, the Coldark pair: every colour in it meets WCAG AA contrast.
    pub const DEFAULT: Themes = Themes { light: Cow::Borrowed("Coldark-Cold"), dark: Cow::Borrowed("Coldark-Dark") };

    /// The themes `[markdown]` names, or `None` when highlighting is off.
    pub fn of(markdown: &crate::config::Markdown) -> Option<Themes> {
        let name = |n: &str| Cow::Owned(n.to_string());
        markdown
            .highlight
            .then(|| Themes { light: name(&markdown.highlight_theme), dark: name(&markdown.highlight_theme_dark) })
    }
}

/// A theme name the highlighter does not ship.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` is not a highlighting theme herald knows")]
pub struct UnknownTheme {
    pub name: String,
}

impl UnknownTheme {
    /// The names it does know, for the help text.
    pub fn known() -> Vec<&'static str> {
        EmbeddedLazyThemeSet::theme_names().iter().map(|n| n.as_name()).collect()
    }
}

fn theme(name: &str) -> Result<&'static Theme, UnknownTheme> {
    let found: Option<&EmbeddedThemeName> =
        EmbeddedLazyThemeSet::theme_names().iter().find(|n| n.as_name().eq_ignore_ascii_case(name));
    found.map(|n| THEMES.get(*n)).ok_or_else(|| UnknownTheme { name: name.to_string() })
}

/// One theme: its highlighter, its plain style, and every colour its rules name, in the order
/// the theme names them (so a class means the same colour in every build).
pub(super) struct Palette {
    pub highlighter: Highlighter<'static>,
    plain: Style,
    colors: Vec<Color>,
    name: String,
}

impl Palette {
    fn of(name: &str) -> Result<Palette, UnknownTheme> {
        let theme = theme(name)?;
        let highlighter = Highlighter::new(theme);
        let plain = highlighter.get_default();
        let mut colors = vec![plain.foreground, plain.background];
        let named = theme.scopes.iter().flat_map(|item| [item.style.foreground, item.style.background]);
        for c in named.flatten() {
            if !colors.contains(&c) {
                colors.push(c);
            }
        }
        let name = theme.name.clone().unwrap_or_else(|| name.to_string());
        Ok(Palette { highlighter, plain, colors, name })
    }

    fn index(&self, color: Color) -> Option<usize> {
        self.colors.iter().position(|&c| c == color)
    }
}

/// The two palettes of a pair of themes.
pub(super) struct Scheme {
    pub light: Palette,
    pub dark: Palette,
}

/// The scheme of `themes`, made once per process.
pub(super) fn scheme(themes: &Themes) -> Result<Arc<Scheme>, UnknownTheme> {
    static MADE: LazyLock<Mutex<FxHashMap<Themes, Arc<Scheme>>>> = LazyLock::new(Mutex::default);
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = made.get(themes) {
        return Ok(Arc::clone(s));
    }
    let s = Arc::new(Scheme { light: Palette::of(&themes.light)?, dark: Palette::of(&themes.dark)? });
    made.insert(themes.clone(), Arc::clone(&s));
    Ok(s)
}

/// The letter that starts a palette's classes: `l` for the light theme, `d` for the dark.
const LIGHT: char = 'l';
const DARK: char = 'd';

impl Scheme {
    /// Writes the classes of a token styled `light` and `dark` into `out` (empty for plain
    /// text), space-separated. A colour is named in both themes when either is not the plain
    /// one: the light class's rule would otherwise colour the token under the dark scheme.
    pub fn classes(&self, out: &mut String, light: Style, dark: Style) {
        let (l, d) = (&self.light, &self.dark);
        if light.foreground != l.plain.foreground || dark.foreground != d.plain.foreground {
            color_class(out, LIGHT, "", l.index(light.foreground));
            color_class(out, DARK, "", d.index(dark.foreground));
        }
        if light.background != l.plain.background || dark.background != d.plain.background {
            color_class(out, LIGHT, "g", l.index(light.background));
            color_class(out, DARK, "g", d.index(dark.background));
        }
        font_classes(out, LIGHT, light.font_style);
        font_classes(out, DARK, dark.font_style);
    }

    /// Whether spaces styled `light` and `dark` look as plain ones do (no background, no
    /// underline): then they may join their neighbour's span.
    pub fn blank(&self, light: Style, dark: Style) -> bool {
        let bare =
            |s: Style, p: &Palette| s.background == p.plain.background && !s.font_style.contains(FontStyle::UNDERLINE);
        bare(light, &self.light) && bare(dark, &self.dark)
    }
}

fn color_class(out: &mut String, theme: char, kind: &str, index: Option<usize>) {
    if let Some(i) = index {
        if !out.is_empty() {
            out.push(' ');
        }
        let _ = write!(out, "{theme}{kind}{i}");
    }
}

/// `li`, `lb`, `lu` for italic, bold, underlined text in the light theme (`d…` in the dark).
const FONT: [(FontStyle, char, &str); 3] = [
    (FontStyle::ITALIC, 'i', "font-style: italic"),
    (FontStyle::BOLD, 'b', "font-weight: bold"),
    (FontStyle::UNDERLINE, 'u', "text-decoration: underline"),
];

/// How the dark scheme undoes a light font class the dark theme does not share.
const FONT_RESET: [&str; 3] = ["font-style: normal", "font-weight: normal", "text-decoration: none"];

fn font_classes(out: &mut String, theme: char, style: FontStyle) {
    for (flag, letter, _) in FONT {
        if style.contains(flag) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(theme);
            out.push(letter);
        }
    }
}

/// The stylesheet for highlighted code: the light theme, and the dark one for readers whose
/// system prefers a dark colour scheme.
pub fn stylesheet(themes: &Themes) -> Result<String, UnknownTheme> {
    let scheme = scheme(themes)?;
    let mut css = String::new();
    palette_rules(&mut css, &scheme.light, LIGHT);
    css.push_str("\n@media (prefers-color-scheme: dark) {\n");
    for ((_, letter, _), reset) in FONT.iter().zip(FONT_RESET) {
        let _ = writeln!(css, ".hl-code .{LIGHT}{letter} {{ {reset} }}");
    }
    palette_rules(&mut css, &scheme.dark, DARK);
    css.push_str("}\n");
    Ok(css)
}

fn palette_rules(css: &mut String, p: &Palette, theme: char) {
    let _ = writeln!(css, "/* theme \"{}\" */", p.name.replace("*/", "* /"));
    let _ = writeln!(
        css,
        ".hl-code {{\n color: {};\n background-color: {};\n}}",
        hex(p.plain.foreground),
        hex(p.plain.background)
    );
    for (i, &c) in p.colors.iter().enumerate() {
        let _ = writeln!(css, ".hl-code .{theme}{i} {{ color: {} }}", hex(c));
    }
    for (i, &c) in p.colors.iter().enumerate() {
        let _ = writeln!(css, ".hl-code .{theme}g{i} {{ background-color: {} }}", hex(c));
    }
    for (_, letter, rule) in FONT {
        let _ = writeln!(css, ".hl-code .{theme}{letter} {{ {rule} }}");
    }
}

/// `#rrggbb`, or `#rrggbbaa` for a colour that is not opaque.
fn hex(c: Color) -> String {
    match c.a {
        0xFF => format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b),
        a => format!("#{:02x}{:02x}{:02x}{a:02x}", c.r, c.g, c.b),
    }
}
