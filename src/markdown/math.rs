//! `$...$` and `$$...$$` to MathML at build time with pulldown-latex: no script in the page.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// LaTeX the renderer could not read, with its first line of explanation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MathError(pub String);

/// The MathML of one formula; `display` for a block (`$$`), else inline. The LaTeX source goes
/// along as an annotation, for copying and for assistive technology that reads it.
pub fn to_mathml(latex: &str, display: bool) -> Result<String, MathError> {
    let storage = Storage::new();
    let events: Vec<_> =
        Parser::new(latex, &storage).collect::<Result<_, _>>().map_err(|e| MathError(first_line(&e.to_string())))?;
    let config = RenderConfig {
        display_mode: if display { DisplayMode::Block } else { DisplayMode::Inline },
        annotation: Some(latex),
        ..RenderConfig::default()
    };
    let mut out = String::with_capacity(latex.len() * 8);
    push_mathml(&mut out, events.into_iter().map(Ok::<_, std::convert::Infallible>), config)
        .map_err(|e| MathError(e.to_string()))?;
    Ok(out)
}

fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message);
    line.strip_prefix("parsing error: ").unwrap_or(line).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_refuses() {
        let m = to_mathml(r"\frac{a}{b}", true).unwrap();
        assert!(m.starts_with("<math") && m.contains("<mfrac>"), "{m}");
        assert!(m.contains("display=\"block\""), "{m}");
        assert!(to_mathml(r"\frac{a}{b", false).is_err());
    }
}
