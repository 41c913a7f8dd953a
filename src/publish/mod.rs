//! Prepares the output for static hosts: fingerprinted asset names, redirect pages for moved
//! articles, host files (`CNAME`, `.nojekyll`, `_headers`, `_redirects`), and optional
//! minification and precompression.
//!
//! Runs between render and write: it reads the site model and changes only the output map.

mod aliases;
mod assets;
mod compress;
mod hosting;
mod minify;

pub use aliases::{alias_output_path, normalize_alias, redirect_page};
pub use assets::{fingerprint, AssetMap};
pub use compress::precompress;
pub use minify::minify_output;

use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::output::{Bytes, FinishFile, Output};
use crate::site::Site;

/// Adds redirect pages and host files to a rendered site, then minifies and precompresses it as
/// configured. `assets` is what [`fingerprint`] renamed.
pub fn finish(site: &Site, assets: &AssetMap, output: &mut Output, diags: &mut Diagnostics) {
    let redirects = aliases::add_redirect_pages(site, output, diags);
    hosting::add_host_files(site, assets, &redirects, output);
    if site.config.build.minify {
        minify_output(output, diags);
    }
    if site.config.build.precompress {
        precompress(output);
    }
}

/// What [`finish`] does to each file on its own (minifying, then precompressing, as
/// configured), for files written as soon as they are made: the files to write in its place and
/// a warning when it could not be minified.
pub fn file_finisher(config: &Config) -> Box<FinishFile> {
    let (minify, precompress) = (config.build.minify, config.build.precompress);
    Box::new(move |path: &str, bytes: Bytes| {
        let mut warning = None;
        let bytes = match minify.then(|| minify::minify_file(path, &bytes)).flatten() {
            Some(Ok(minified)) => minified,
            Some(Err(e)) => {
                warning = Some(minify::not_minified(path, &e));
                bytes
            }
            None => bytes,
        };
        let mut files = if precompress { compress::compressed(path, &bytes) } else { Vec::new() };
        files.insert(0, (path.to_string(), bytes));
        (files, warning)
    })
}
