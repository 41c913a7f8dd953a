//! `.gz` and `.br` files beside each text file, for hosts that serve precompressed files
//! (nginx `gzip_static`/`brotli_static`, S3 with `Content-Encoding`).

use std::io::Write;

use rayon::prelude::*;

use crate::output::{Bytes, Output};

const TEXT: [&str; 10] = [".html", ".css", ".js", ".xml", ".json", ".txt", ".svg", ".csv", ".webmanifest", ".mjs"];

/// Files smaller than this gain nothing from compression.
const MIN_SIZE: usize = 256;

/// Adds `path.gz` (gzip, best) and `path.br` (brotli, quality 11) for every text file.
pub fn precompress(output: &mut Output) {
    let files: Vec<(&String, &Bytes)> = output.iter().collect();
    let compressed: Vec<(String, Bytes)> =
        files.par_iter().flat_map_iter(|(path, bytes)| compressed(path, bytes)).collect();
    output.extend(compressed);
}

/// The `.gz` and `.br` files for one file: none unless it is text and large enough to gain.
pub fn compressed(path: &str, bytes: &[u8]) -> Vec<(String, Bytes)> {
    if bytes.len() < MIN_SIZE || !TEXT.iter().any(|ext| path.ends_with(ext)) {
        return Vec::new();
    }
    vec![(format!("{path}.gz"), gzip(bytes)), (format!("{path}.br"), brotli(bytes))]
}

fn gzip(bytes: &[u8]) -> Bytes {
    // No file name and a zero mtime in the header, so the output is the same on every build.
    let mut enc = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    Bytes::from(enc.finish().expect("writing to memory"))
}

fn brotli(bytes: &[u8]) -> Bytes {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes).expect("writing to memory");
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn compressed_files_decode_to_the_original() {
        let text = "<p>hello</p>\n".repeat(100);
        let mut out = Output::new();
        out.insert("a/index.html", Bytes::from(text.clone().into_bytes()));
        out.insert("img.png", Bytes::from(vec![0u8; 1000]));
        precompress(&mut out);
        let mut gz = String::new();
        flate2::read::GzDecoder::new(&out.get("a/index.html.gz").unwrap()[..]).read_to_string(&mut gz).unwrap();
        assert_eq!(gz, text);
        let mut br = String::new();
        brotli::Decompressor::new(&out.get("a/index.html.br").unwrap()[..], 4096).read_to_string(&mut br).unwrap();
        assert_eq!(br, text);
        assert!(!out.contains("img.png.gz"), "binary files are left alone");
    }
}
