//! herald: a static site generator whose every page is a model of social media optimization.
//!
//! The pipeline runs one way, one module per stage: [`config`] reads `book.toml`; [`i18n`] holds
//! the theme's strings in each language, for every later stage; [`content`]
//! walks `content/` and parses front matter; [`markdown`] turns bodies into HTML; [`site`] builds
//! the model (sections, pages, tags, links); [`images`] sizes the bodies' images; [`seo`] computes every page's metadata, social
//! cards and the site files (sitemap, robots.txt, feeds, llms.txt); [`render`] runs the Tera
//! templates into an [`output`] map; [`search`] indexes the rendered articles; [`write`] puts that map on disk atomically. [`pipeline`]
//! runs the stages for the CLI, [`publish`] readies the output for static hosts, [`check`]
//! inspects a build, [`serve`] previews it with live reload, and [`scaffold`] creates new sites
//! and articles.

pub mod cache;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod escape;
pub mod i18n;
pub mod images;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod publish;
pub mod render;
pub mod report;
pub mod robots;
pub mod scaffold;
pub mod search;
pub mod seo;
pub mod serve;
pub mod site;
pub mod write;

#[cfg(test)]
mod test_rng;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
