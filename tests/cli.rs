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
