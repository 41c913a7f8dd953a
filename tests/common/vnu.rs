//! The Nu HTML Checker (vnu.jar), the validator the W3C runs, over built HTML files.
//!
//! Found through `$VNU_JAR`, else the npm package `vnu-jar` where `.ci/run` installs it. Without
//! it the tests that need it are skipped with a message; under CI (`CI=true`) that is a failure.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where vnu.jar is, if anywhere.
pub fn vnu_jar() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("VNU_JAR").map(PathBuf::from).into_iter().collect();
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(Path::new(&home).join(".cache/herald-ci/node_modules/vnu-jar/build/dist/vnu.jar"));
    }
    candidates.push(PathBuf::from("/opt/audit/node_modules/vnu-jar/build/dist/vnu.jar"));
    candidates.into_iter().find(|p| p.exists())
}

/// The Nu checker's errors for `files`, as `file:line: message`; `None` when it is not
/// installed (after saying why, or failing under CI).
pub fn errors_or_skip(test: &str, files: &[PathBuf]) -> Option<Vec<String>> {
    let Some(jar) = vnu_jar() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{test}: the Nu HTML Checker is required under CI (npm package vnu-jar; set VNU_JAR)");
        }
        eprintln!("SKIPPED {test}: no vnu.jar found (npm install vnu-jar, then set VNU_JAR)");
        return None;
    };
    let out = Command::new("java")
        .args(["-Xss16m", "-jar"])
        .arg(&jar)
        .args(["--format", "json", "--stdout", "--exit-zero-always"])
        .args(files)
        .output()
        .expect("run java -jar vnu.jar");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("vnu output is not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    Some(
        report["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m["type"] == "error" || m["subType"] == "fatal" || m["type"] == "non-document-error")
            .map(|m| {
                format!(
                    "{}:{}: {}",
                    m["url"].as_str().unwrap_or(""),
                    m["lastLine"],
                    m["message"].as_str().unwrap_or("")
                )
            })
            .collect(),
    )
}
