//! `[images]`: the responsive variants made of the site's raster images.

use serde::{Deserialize, Serialize};

/// `[images]`: which variants of each raster image are made and how they are printed.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Images {
    /// Makes the variants; `false` prints every image as it is (sized all the same).
    pub process: bool,
    /// The widths in pixels an image wider than the smallest is resized to (never upscaled;
    /// the original's own width is always the last candidate).
    pub widths: Vec<u32>,
    /// The quality (1-100) of lossy encodings: JPEG, WebP and AVIF.
    pub quality: u8,
    /// The formats made besides the original's, in the order browsers are offered them.
    pub formats: Vec<ImageFormat>,
    /// The `sizes` attribute: how wide the image is drawn, for the browser's choice of a
    /// variant. The default is the default theme's text column (42rem, less its padding on
    /// narrow screens).
    pub sizes: String,
}

/// A format variants are made in besides the original's.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// Lossy WebP (libwebp): every browser of today shows it.
    Webp,
    /// AVIF (AV1): smaller than WebP at the same quality, but much slower to encode.
    Avif,
}

impl Default for Images {
    fn default() -> Self {
        Images {
            process: true,
            widths: vec![480, 800, 1200, 1600],
            quality: 80,
            formats: vec![ImageFormat::Webp],
            sizes: "(max-width: 44.5rem) calc(100vw - 2.5rem), 42rem".into(),
        }
    }
}

impl Images {
    /// What is wrong with the values, as the key and a message.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if self.widths.iter().any(|w| !(1..=10_000).contains(w)) {
            return Err((
                "widths",
                format!("`[images] widths` must be pixel widths from 1 to 10000, not {:?}", self.widths),
            ));
        }
        if !(1..=100).contains(&self.quality) {
            return Err(("quality", format!("`[images] quality` is from 1 to 100, not {}", self.quality)));
        }
        if self.sizes.trim().is_empty() {
            return Err((
                "sizes",
                "`[images] sizes` is empty: give the width images are drawn at, e.g. \"100vw\"".into(),
            ));
        }
        Ok(())
    }
}
