//! Text width in pixels as search results draw it: Arial, whose advance widths Liberation Sans
//! (SIL Open Font License 1.1) shares glyph for glyph, being metric-compatible with it.
//!
//! Only a table of advance widths is shipped ([`widths`], generated from
//! `LiberationSans-Regular.ttf` by the test `the_width_table_matches_liberation_sans`, which
//! also checks it against the font). Kerning is left out: it only ever narrows Latin text, so a
//! cut errs on the side of showing less. Characters outside the table get a width from their
//! Unicode class: East Asian wide and full-width characters (CJK, Hangul, kana, emoji) one em,
//! combining marks none, anything else the width of a digit, Arial's typical glyph.

#[rustfmt::skip]
mod widths;

use unicode_width::UnicodeWidthChar;

/// The width of `text` in CSS pixels at `size` pixels of Arial.
pub fn width(text: &str, size: f32) -> f32 {
    let units: u32 = text.chars().map(advance).sum();
    units as f32 * size / f32::from(widths::UNITS_PER_EM)
}

/// The advance of `c` in font units.
pub fn advance(c: char) -> u32 {
    let code = c as u32;
    for &(start, table) in widths::RANGES {
        if let Some(&w) = code.checked_sub(start).and_then(|i| table.get(i as usize)) {
            if w > 0 {
                return u32::from(w);
            }
        }
    }
    match c.width() {
        Some(0) => 0,
        Some(2) => u32::from(widths::UNITS_PER_EM),
        // A control character or a glyph the table lacks: as wide as a digit.
        _ => u32::from(widths::DIGIT),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code points the table covers: Basic Latin, Latin-1, Latin Extended-A and -B, Greek,
    /// Cyrillic, and the general punctuation (dashes, quotes, ellipsis).
    const COVERED: [(u32, u32); 4] = [(0x20, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x2010, 0x205F)];

    fn font_path() -> Option<std::path::PathBuf> {
        ["/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"]
            .iter()
            .map(std::path::PathBuf::from)
            .find(|p| p.is_file())
    }

    /// The table's source text from the font file.
    fn generate(font: &[u8]) -> String {
        use skrifa::instance::{LocationRef, Size};
        use skrifa::{FontRef, MetadataProvider};
        let font = FontRef::new(font).expect("a font");
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units = font.metrics(Size::unscaled(), LocationRef::default()).units_per_em;
        let adv = |c: u32| charmap.map(c).and_then(|g| metrics.advance_width(g)).map_or(0, |w| w.round() as u16);
        let mut out = String::from(
            "// Advance widths of Liberation Sans Regular 2.x (metric-compatible with Arial), in font units.\n\
             // Generated from LiberationSans-Regular.ttf by the test `the_width_table_matches_liberation_sans`\n\
             // in src/serve/preview/metrics.rs (HERALD_WRITE_WIDTHS=1 rewrites this file); 0 = not in the font.\n\
             // Liberation Sans: Copyright (c) 2012 Red Hat, Inc., with Reserved Font Name Liberation;\n\
             // digitized data copyright (c) 2010 Google Corporation, with Reserved Font Arimo. Licensed under\n\
             // the SIL Open Font License 1.1 (OFL.txt beside this file).\n\n",
        );
        out.push_str(&format!("pub const UNITS_PER_EM: u16 = {units};\n"));
        out.push_str(&format!("pub const DIGIT: u16 = {};\n", adv('0' as u32)));
        out.push_str("pub const RANGES: &[(u32, &[u16])] = &[\n");
        for (start, end) in COVERED {
            out.push_str(&format!("    (0x{start:X}, &[\n"));
            let all: Vec<u16> = (start..=end).map(adv).collect();
            for row in all.chunks(16) {
                let row: Vec<String> = row.iter().map(u16::to_string).collect();
                out.push_str(&format!("        {},\n", row.join(", ")));
            }
            out.push_str("    ]),\n");
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn the_width_table_matches_liberation_sans() {
        let Some(path) = font_path() else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("the font is required under CI (install the Debian package fonts-liberation2)");
            }
            eprintln!("SKIPPED: LiberationSans-Regular.ttf not found (Debian package fonts-liberation2)");
            return;
        };
        let text = generate(&std::fs::read(path).unwrap());
        let committed = concat!(env!("CARGO_MANIFEST_DIR"), "/src/serve/preview/metrics/widths.rs");
        if std::env::var_os("HERALD_WRITE_WIDTHS").is_some() {
            std::fs::write(committed, &text).unwrap();
        }
        assert_eq!(std::fs::read_to_string(committed).unwrap(), text, "regenerate with HERALD_WRITE_WIDTHS=1");
    }

    #[test]
    fn widths_are_arials() {
        // Arial's published advances (2048 units an em): space 569, `a` 1139, `W` 1933, `i` 455.
        assert_eq!([advance(' '), advance('a'), advance('W'), advance('i')], [569, 1139, 1933, 455]);
        assert!((width("Arial", 20.0) - (1366 + 682 + 455 + 1139 + 455) as f32 * 20.0 / 2048.0).abs() < 1e-3);
        // Cyrillic and Greek come from the font; CJK and kana are one em each; marks take none.
        assert!(advance('Ж') > 0 && advance('Ж') != u32::from(widths::DIGIT));
        assert_eq!(width("日本語", 20.0), 60.0);
        assert_eq!(width("한국", 10.0), 20.0);
        assert_eq!(advance('\u{301}'), 0);
    }
}
