//! Shared helpers for end-to-end tests: real sites in temp dirs, built by the real binary.
#![allow(dead_code)]

pub mod browser;
pub mod html;
pub mod serve;
pub mod static_server;
pub mod vnu;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site folder in a temp dir.
pub struct Site {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary did.
pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            ok: o.status.success(),
            stdout: String::from_utf8_lossy(&o.stdout).into(),
            stderr: String::from_utf8_lossy(&o.stderr).into(),
        }
    }
}

/// The herald binary under test.
pub fn herald() -> Command {
    Command::new(env!("CARGO_BIN_EXE_herald"))
}

pub const MINIMAL_CONFIG: &str = "[book]\ntitle = \"Test Site\"\ndescription = \"A test site for herald's end-to-end tests.\"\n\n[site]\nbase-url = \"https://example.org/\"\n";

impl Site {
    /// A site with a minimal book.toml and a home page.
    pub fn new() -> Site {
        let site = Site { dir: tempfile::tempdir().expect("temp dir") };
        site.write("book.toml", MINIMAL_CONFIG);
        site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome home.\n");
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file, creating its folders.
    pub fn write(&self, rel: &str, text: &str) -> &Site {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    /// Runs `herald --root <site> ARGS`.
    pub fn run(&self, args: &[&str]) -> Run {
        herald().arg("--root").arg(self.root()).args(args).output().expect("run herald").into()
    }

    /// Builds and asserts success.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        assert!(r.ok, "build failed:\n{}", r.stderr);
        r
    }

    /// Builds and asserts failure.
    pub fn build_err(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        assert!(!r.ok, "build should have failed:\n{}", r.stderr);
        r
    }

    /// Reads a file of the built site (`public/...`).
    pub fn public(&self, rel: &str) -> String {
        let p = self.path("public").join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
    }

    pub fn public_exists(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    /// Every file of the built site: path -> bytes.
    pub fn snapshot(&self, dir: &str) -> BTreeMap<String, Vec<u8>> {
        let root = self.path(dir);
        walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (e.path().strip_prefix(&root).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    /// The HTML pages of the built site, as their paths.
    pub fn html_files(&self) -> Vec<String> {
        self.snapshot("public").into_keys().filter(|k| k.ends_with(".html")).collect()
    }
}

/// Copies the folder `from` into `to`, creating its folders.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().map(Result::unwrap) {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// An article with front matter.
pub fn article(title: &str, extra_front: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndescription: A description of {title} that is long enough for the checks.\n{extra_front}---\n{body}")
}

/// A PNG of `width` x `height` grey pixels.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, width, height);
    enc.set_color(png::ColorType::Grayscale);
    let mut w = enc.write_header().unwrap();
    w.write_image_data(&vec![128u8; (width * height) as usize]).unwrap();
    w.finish().unwrap();
    out
}
