//! The command line as people use it: reports that stay short and counted right however many
//! problems a site has.

mod common;

use common::Site;

/// An article whose one body line holds `n` links made by `link(i)`.
fn many_links_on_one_line(n: usize, link: impl Fn(usize) -> String) -> Site {
    let s = Site::new();
    let line: Vec<String> = (0..n).map(|i| format!("[x{i}]({})", link(i))).collect();
    s.write(
        "content/a.md",
        &format!("---\ntitle: A\ndescription: An article with a great many broken links on a single line of text.\n---\n{}\n", line.join(" ")),
    );
    s
}

#[test]
fn a_thousand_broken_links_on_one_line_make_a_short_build_report() {
    let s = many_links_on_one_line(1000, |i| format!("missing{i}.md"));
    let r = s.build_err(&[]);
    assert!(r.stderr.ends_with("1000 errors\n"), "{}", &r.stderr[r.stderr.len().saturating_sub(300)..]);
    assert!(r.stderr.contains("… and 995 more problems on content/a.md:5 not shown"), "{}", r.stderr);
    // Five diagnostics with a cut line each, not a thousand copies of a 20 KB line.
    assert!(r.stderr.len() < 8_000, "{} bytes:\n{}", r.stderr.len(), r.stderr);
}

#[test]
fn a_thousand_broken_links_on_one_line_make_a_short_check_report() {
    let s = many_links_on_one_line(1000, |i| format!("/missing{i}/"));
    let r = s.run(&["check"]);
    assert!(r.stderr.contains("\n1000 errors, 1 warning\n"), "{}", &r.stderr[r.stderr.len().saturating_sub(300)..]);
    assert!(r.stderr.contains("… and 995 more problems on content/a.md:5 not shown"), "{}", r.stderr);
    assert!(r.stderr.len() < 8_000, "{} bytes:\n{}", r.stderr.len(), r.stderr);
    // The fifth link's line is cut in front, and its column is still the real one.
    assert!(r.stderr.contains("content/a.md:5:69\n"), "{}", r.stderr);
    assert!(r.stderr.contains("5 │ …ssing0/) [x1]"), "{}", r.stderr);
}

#[test]
fn one_article_is_counted_in_the_singular() {
    let s = Site::new();
    s.write("content/a.md", &common::article("A", "", "Body.\n"));
    let r = s.build_ok(&[]);
    assert!(r.stderr.contains("Built 1 article, 1 section and 0 tags"), "{}", r.stderr);
}

/// A site with one error (a link to a page that does not exist) and one warning (a short
/// description) in `content/a.md`.
fn one_error_one_warning() -> Site {
    let s = Site::new();
    s.write(
        "content/_index.md",
        "---\ntitle: Home\ndescription: The home page of a test site, with a description of a good length.\n---\nRead [a](a.md).\n",
    );
    s.write("content/a.md", "---\ntitle: A\ndescription: Too short.\n---\nSee [nowhere](/nowhere/), with a comma.\n");
    s
}

#[test]
fn json_format_is_one_object_a_line_on_stdout() {
    let s = one_error_one_warning();
    let r = s.run(&["check", "--format", "json"]);
    assert!(!r.ok);
    let rows: Vec<serde_json::Value> =
        r.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert_eq!(rows.len(), 2, "{}", r.stdout);
    let broken = rows.iter().find(|v| v["rule"] == "links/broken").expect("links/broken");
    assert_eq!(broken["file"], "content/a.md");
    assert_eq!((broken["line"].as_u64(), broken["column"].as_u64()), (Some(5), Some(5)));
    assert_eq!(broken["severity"], "error");
    assert!(broken["message"].as_str().unwrap().contains("/nowhere/"));
    assert!(broken["help"].is_string());
    let short = rows.iter().find(|v| v["rule"] == "seo/description-length").expect("description-length");
    assert_eq!((short["severity"].as_str(), short["line"].as_u64()), (Some("warning"), Some(3)));
}

#[test]
fn github_format_is_workflow_commands_with_file_line_and_column() {
    let s = one_error_one_warning();
    let r = s.run(&["check", "--format", "github"]);
    assert!(!r.ok);
    let mut seen = Vec::new();
    for line in r.stdout.lines() {
        // ::KIND key=value,key=value::message (no raw newline: the runner reads one line)
        let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let (head, message) = rest.split_once("::").expect("two colons before the message");
        let (kind, props) = head.split_once(' ').expect("properties");
        let props: std::collections::HashMap<&str, &str> =
            props.split(',').map(|p| p.split_once('=').expect("key=value")).collect();
        seen.push((kind.to_string(), props["title"].to_string(), props["file"].to_string(), props["line"].to_string()));
        assert!(!message.is_empty() && message.contains("%0Ahelp: "), "{line}");
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            ("error".into(), "links/broken".into(), "content/a.md".into(), "5".into()),
            ("warning".into(), "seo/description-length".into(), "content/a.md".into(), "3".into())
        ],
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("line=5,col=5,"), "{}", r.stdout);
}

#[test]
fn sarif_format_has_the_structure_of_sarif_2_1_0() {
    let s = one_error_one_warning();
    let r = s.run(&["check", "--format", "sarif"]);
    assert!(!r.ok);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "herald");
    let rules: Vec<&str> =
        run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(rules, ["links/broken", "seo/description-length"]);
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for result in results {
        let rule = result["ruleId"].as_str().unwrap();
        assert!(rules.contains(&rule), "{rule}");
        assert!(matches!(result["level"].as_str(), Some("error" | "warning")), "{result}");
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "content/a.md");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    // A clean site still gets a log, with no results.
    s.write(
        "content/a.md",
        "---\ntitle: A\ndescription: An article of a test site, with a description of a good length.\n---\nBody.\n",
    );
    let r = s.run(&["check", "--format", "sarif"]);
    assert!(r.ok, "{}", r.stderr);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(0));
}

#[test]
fn quiet_prints_errors_only_and_color_follows_the_flag_and_no_color() {
    let s = one_error_one_warning();
    let r = s.run(&["check", "--quiet"]);
    assert!(r.stderr.contains("error[links/broken]") && !r.stderr.contains("warning["), "{}", r.stderr);
    let always = s.run(&["check", "--color", "always"]);
    assert!(always.stderr.contains("\u{1b}["), "--color always colours even a pipe");
    let plain = s.run(&["check"]);
    assert!(!plain.stderr.contains("\u{1b}["), "auto never colours a pipe");
    let r: common::Run = common::herald()
        .args(["--root"])
        .arg(s.root())
        .args(["check", "--color", "auto"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
        .into();
    assert!(!r.stderr.contains("\u{1b}["));
}

#[test]
fn verbose_prints_timings_per_step() {
    let s = Site::new();
    let r = s.run(&["check", "--verbose"]);
    assert!(r.ok, "{}", r.stderr);
    for step in ["build in memory: ", "check links and lint: "] {
        assert!(r.stderr.contains(step), "{step} in {}", r.stderr);
    }
}

#[test]
fn version_names_the_commit_when_built_from_git() {
    let r: common::Run = common::herald().arg("--version").output().unwrap().into();
    assert!(r.stdout.starts_with(&format!("herald {}", env!("CARGO_PKG_VERSION"))), "{}", r.stdout);
    let in_git = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success());
    if let Some(o) = in_git {
        // The binary may predate the last commit; it names a commit of the repository either way.
        let named = r.stdout.split('(').nth(1).and_then(|t| t.split(')').next()).expect("a commit in brackets");
        let known = std::process::Command::new("git")
            .args(["cat-file", "-e", &format!("{named}^{{commit}}")])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(known.success() && !o.stdout.is_empty(), "{named} is not a commit");
    }
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _herald"),
        ("zsh", "#compdef herald"),
        ("fish", "complete -c herald"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let r: common::Run = common::herald().args(["completions", shell]).output().unwrap().into();
        assert!(r.ok, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains(marker), "{shell}: {}", &r.stdout[..r.stdout.len().min(500)]);
        for word in ["check", "format", "sarif", "strict"] {
            assert!(r.stdout.contains(word), "{shell} completes {word}");
        }
    }
}

fn herald_in(dir: &std::path::Path, args: &[&str]) -> common::Run {
    common::herald().current_dir(dir).args(args).output().unwrap().into()
}

#[test]
fn init_makes_a_site_that_passes_check_strict() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    assert!(herald_in(tmp.path(), &["init", "site"]).ok);
    let r = herald_in(&dir, &["check", "--strict"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stderr.contains("no problems"), "{}", r.stderr);
    // One description: the site's, which the home page uses too.
    let home = std::fs::read_to_string(dir.join("content/_index.md")).unwrap();
    assert!(!home.contains("description:"), "{home}");
}

#[test]
fn init_accepts_a_folder_holding_only_git_and_dotfiles() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join(".git/objects")).unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "/target/").unwrap();
    let r = herald_in(tmp.path(), &["init", "."]);
    assert!(r.ok, "{}", r.stderr);
    assert!(tmp.path().join("book.toml").is_file());
    let ignore = std::fs::read_to_string(tmp.path().join(".gitignore")).unwrap();
    assert_eq!(ignore, "/target/\n/public/\n/.herald-cache/\n", "the user's lines are kept");
    let r = herald_in(tmp.path(), &["init", "."]);
    assert!(!r.ok && r.stderr.contains("is not empty"), "{}", r.stderr);
}

#[test]
fn new_refuses_paths_that_leave_content() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(herald_in(tmp.path(), &["init", "site"]).ok);
    let dir = tmp.path().join("site");
    let outside = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), dir.join("content/linked")).unwrap();
    let absolute = outside.path().join("abs").display().to_string();
    for path in ["../escape", "guide/../../escape", absolute.as_str(), "linked/escape"] {
        let r = herald_in(&dir, &["new", path]);
        assert!(!r.ok, "{path} was accepted");
        assert!(r.stderr.contains("leads outside content/"), "{path}: {}", r.stderr);
    }
    assert!(!tmp.path().join("escape.md").exists() && !dir.join("escape.md").exists());
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing written through the symlink");
    // From a folder inside the site, `new` finds the site above it.
    let r = herald_in(&dir.join("content/guide"), &["new", "guide/inner"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(dir.join("content/guide/inner.md").is_file());
}

#[test]
fn new_outside_a_site_says_to_run_init() {
    let tmp = tempfile::tempdir().unwrap();
    let r = herald_in(tmp.path(), &["new", "guide/a"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("not in a herald site") && r.stderr.contains("herald init"), "{}", r.stderr);
    assert!(!tmp.path().join("content").exists(), "nothing is created");
}

#[test]
fn config_flag_reads_another_file_and_names_it_in_errors() {
    let s = Site::new();
    s.write("content/a.md", &common::article("A", "", "Body.\n"));
    s.write("staging.toml", "[book]\ntitle = \"Staging Site\"\n[site]\nbase-url = \"https://staging.example.org/\"\n");
    let r = s.run(&["-c", &s.path("staging.toml").display().to_string(), "build"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(s.public("a/index.html").contains("https://staging.example.org/a/"), "the other file's base-url");
    s.write("broken.toml", "[book]\ntitle = \"T\"\n[output.html]\n");
    let file = s.path("broken.toml").display().to_string();
    let r = s.run(&["--config", &file, "check"]);
    assert!(!r.ok);
    assert!(r.stderr.contains(&format!("`[output.html]` is not a table of {file}")), "{}", r.stderr);
    s.write("levels.toml", "[book]\ntitle = \"T\"\n\n[check.levels]\n\"seo/orphn\" = \"allow\"\n");
    let file = s.path("levels.toml").display().to_string();
    let r = s.run(&["--config", &file, "check"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains(&format!("{file}:5:1")) && r.stderr.contains("did you mean `seo/orphan`?"),
        "{}",
        r.stderr
    );
}

/// A site whose build draws a social card for each of `n` articles.
fn site_with_cards(n: usize) -> Site {
    let s = Site::new();
    for i in 0..n {
        s.write(&format!("content/g/a{i}.md"), &common::article(&format!("Article {i}"), "", "Body.\n"));
    }
    s
}

/// How long the build took, from its summary line ("... in 1234 ms; ...").
fn build_ms(stderr: &str) -> u128 {
    let after = stderr.rsplit(" in ").next().unwrap_or("");
    after.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// Whether `text` shows a count such as `12/40` (digits, a slash, digits).
fn has_count(text: &str) -> bool {
    text.match_indices('/').any(|(i, _)| {
        text[..i].ends_with(|c: char| c.is_ascii_digit()) && text[i + 1..].starts_with(|c: char| c.is_ascii_digit())
    })
}

#[test]
fn the_progress_spinner_shows_on_a_terminal_only() {
    let s = site_with_cards(15);
    let piped: common::Run =
        common::herald().arg("--root").arg(s.root()).arg("build").env_remove("CI").output().unwrap().into();
    assert!(piped.ok, "{}", piped.stderr);
    assert!(!piped.stderr.contains("building the site"), "no spinner when piped: {}", piped.stderr);
    // On a pseudo-terminal (util-linux `script`), a build longer than a second shows it.
    let cmd = format!("{} --root {} build", env!("CARGO_BIN_EXE_herald"), s.root().display());
    let Ok(tty) = std::process::Command::new("script").args(["-qec", &cmd, "/dev/null"]).env_remove("CI").output()
    else {
        eprintln!("`script` is not installed: the terminal half of this test is skipped");
        return;
    };
    let text = String::from_utf8_lossy(&tty.stdout);
    if build_ms(&text) > 1500 {
        assert!(text.contains("building the site"), "{text}");
        // The bar counts what it knows: pages rendered or social cards drawn, as "done/total".
        assert!(text.contains("pages rendered") || text.contains("social cards drawn"), "{text}");
        assert!(has_count(&text), "no done/total count: {text}");
    }
    let ci = std::process::Command::new("script").args(["-qec", &cmd, "/dev/null"]).env("CI", "true").output().unwrap();
    assert!(!String::from_utf8_lossy(&ci.stdout).contains("building the site"), "never in CI");
}

#[cfg(target_os = "linux")]
#[test]
fn serve_open_hands_the_address_to_the_desktop_opener() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::PermissionsExt;
    let s = Site::new();
    // A stand-in for xdg-open that records the URL it was asked to open.
    let bin = tempfile::tempdir().unwrap();
    let record = bin.path().join("opened");
    let script = bin.path().join("xdg-open");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", record.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let mut child = common::herald()
        .env("PATH", path)
        .env_remove("WSL_DISTRO_NAME")
        .arg("--root")
        .arg(s.root())
        .args(["serve", "--port", "0", "--open"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("Serving on ").expect("the address").to_string();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !record.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(50));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(std::fs::read_to_string(&record).unwrap_or_default(), url);
}
