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

pub use aliases::{alias_output_path, redirect_page};
pub use assets::{fingerprint, AssetMap};
pub use compress::precompress;
pub use minify::minify_output;

use crate::diagnostic::Diagnostics;
use crate::output::Output;
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
