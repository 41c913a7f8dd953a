//! The `herald` command line: a thin layer over the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};

use herald::diagnostic::{Diagnostics, Severity};
use herald::report::Format;
use herald::{check, pipeline, report, scaffold, serve};

// A build makes and frees millions of small strings and JSON values from several threads at
// once; glibc's allocator spent about a third of a 10,000-article build in malloc and free.
// Built without transparent huge pages (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static site generator for sites about SMO, SMM and SEO: every page it emits carries complete
/// social and search metadata.
#[derive(Parser)]
#[command(name = "herald", version = env!("HERALD_VERSION"), about, propagate_version = true)]
struct Cli {
    /// The site's folder (the one with book.toml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Read the config from FILE instead of the site's book.toml (`build`, `check` and `serve`).
    #[arg(long, short = 'c', global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// How `build` and `check` write problems: `human` (compiler style, on stderr), or on stdout
    /// `json` (one object a line), `github` (GitHub Actions annotations) or `sarif` (SARIF 2.1.0
    /// for code scanning).
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Human, value_name = "FORMAT")]
    format: FormatArg,
    /// Colour in human output: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    color: ColorArg,
    /// Print errors only: no warnings, no summary.
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each step took.
    #[arg(long, short = 'v', global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Where and how the command reports, from the global flags.
struct Out {
    root: PathBuf,
    format: Format,
    color: ColorChoice,
    quiet: bool,
    verbose: bool,
}

impl Out {
    fn new(cli: &Cli) -> Out {
        let format = match cli.format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
            FormatArg::Sarif => Format::Sarif,
        };
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match cli.color {
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
            ColorArg::Auto if no_color || !std::io::stderr().is_terminal() => ColorChoice::Never,
            ColorArg::Auto => ColorChoice::Auto,
        };
        Out { root: cli.root.clone(), format, color, quiet: cli.quiet, verbose: cli.verbose }
    }

    /// A progress or summary line, on stderr unless `--quiet`.
    fn note(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// A step's duration, under `--verbose`.
    fn timing(&self, step: &str, took: Duration) {
        if self.verbose {
            eprintln!("{step}: {} ms", took.as_millis());
        }
    }

    /// Writes what a command found in the chosen format. Machine formats go to stdout and are
    /// written even when empty (a SARIF log with no results is a clean run).
    fn diagnostics(&self, diags: &Diagnostics) {
        let mut shown = diags.clone();
        if self.quiet && self.format == Format::Human {
            shown.0.retain(|d| d.severity == Severity::Error);
        }
        let written = match self.format {
            Format::Human if shown.is_empty() => Ok(()),
            Format::Human => {
                // Buffered: a thousand diagnostics written one small piece at a time to
                // unbuffered stderr took seconds.
                let mut stderr = BufferedStandardStream::stderr(self.color);
                report::emit(&mut stderr, &self.root, &shown).and_then(|()| std::io::Write::flush(&mut stderr))
            }
            machine => {
                let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
                let written = match machine {
                    Format::Json => report::json_lines(&mut stdout, &shown),
                    Format::Github => report::github(&mut stdout, &shown),
                    _ => report::sarif(&mut stdout, &shown),
                };
                written.and_then(|()| std::io::Write::flush(&mut stdout))
            }
        };
        if let Err(e) = written {
            eprintln!("error: cannot write the report: {e}");
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ unless configured).
    Build {
        /// Write the site here instead of `[site] output-dir`.
        #[arg(long, short = 'o', value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// Publish under this URL instead of `[site] base-url` (e.g. https://example.org/guide/).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Include articles whose `date` is still to come.
        #[arg(long)]
        future: bool,
        /// Replace an output folder that herald did not make (one without a `.herald-output`
        /// file), as long as it holds no site sources.
        #[arg(long)]
        force: bool,
    },
    /// Check front matter, links, templates and the SEO lint; writes nothing. Exits 1 on an
    /// error (a broken link or #anchor, or any rule set to "deny" in `[check.levels]`).
    Check {
        /// Treat warnings (the SEO lint's advice) as errors too.
        #[arg(long)]
        strict: bool,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
        /// Also fetch every http(s) link and image once (results cached in .herald-cache/ for
        /// `[check] external-cache-hours`; `[check] skip-external` patterns are left alone).
        #[arg(long)]
        external: bool,
    },
    /// Preview the site with live reload: builds it in memory, serves it and rebuilds on change.
    Serve {
        /// The address to listen on (default: `[serve] bind`, else 127.0.0.1).
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
        /// The port (default: `[serve] port`, else 3000); 0 takes any free port.
        #[arg(long, short = 'p', value_name = "PORT")]
        port: Option<u16>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Preview as if published under this URL (its sub-path is kept, e.g.
        /// https://example.org/guide/ is served at /guide/) instead of `[site] base-url`.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Close connections idle this long (default 30 s); for tests.
        #[arg(long, hide = true, value_name = "MS")]
        idle_timeout_ms: Option<u64>,
    },
    /// Create a new site in DIR.
    Init {
        /// The new site's folder (empty or absent).
        dir: PathBuf,
        /// The site's title.
        #[arg(long, default_value = "My herald site")]
        title: String,
        /// Copy the built-in theme into themes/default/ to edit it.
        #[arg(long)]
        copy_theme: bool,
    },
    /// Create a new draft article, e.g. `herald new smo/hashtags`.
    New {
        /// The article's path below content/ (`.md` is added when missing).
        path: String,
    },
    /// Print a completion script for a shell, e.g. `herald completions bash > ~/.local/share/bash-completion/completions/herald`.
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Out::new(&cli);
    match run(cli, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Diagnostics(d)) => {
            out.diagnostics(&d);
            ExitCode::FAILURE
        }
        Err(Failure::Message(m)) => {
            eprintln!("error: {m}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Diagnostics(Diagnostics),
    Message(String),
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Diagnostics(d)
    }
}

fn run(cli: Cli, out: &Out) -> Result<(), Failure> {
    let root = cli.root;
    match cli.command {
        Command::Build { output_dir, base_url, drafts, future, force } => {
            let options = pipeline::Options { drafts, future, base_url, config_file: cli.config, ..Default::default() };
            build(out, options, output_dir, force)
        }
        Command::Check { strict, drafts, external } => {
            let checks = check::Options { strict, external, config_file: cli.config.clone() };
            let options = pipeline::Options {
                drafts,
                skip_cards: true,
                skip_search: true,
                cached_variants_only: true,
                config_file: cli.config,
                ..Default::default()
            };
            check(out, options, checks)
        }
        Command::Serve { bind, port, open, drafts, base_url, idle_timeout_ms } => {
            let idle_timeout = idle_timeout_ms.map(std::time::Duration::from_millis);
            let config_file = cli.config;
            let options =
                serve::ServeOptions { root, bind, port, drafts, base_url, config_file, log: true, idle_timeout };
            serve(options, open)
        }
        Command::Init { dir, title, copy_theme } => {
            let dir = if dir.is_absolute() { dir } else { root.join(dir) };
            scaffold::init(&dir, &title, copy_theme).map_err(|e| Failure::Message(e.to_string()))?;
            out.note(&format!("Created a new site in {}. Next: cd {} && herald serve", dir.display(), dir.display()));
            Ok(())
        }
        Command::New { path } => {
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            let file = scaffold::new_article(&root, &path, &today).map_err(|e| Failure::Message(e.to_string()))?;
            out.note(&format!("Created {} (a draft: remove `draft: true` to publish it)", file.display()));
            Ok(())
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "herald", &mut std::io::stdout());
            Ok(())
        }
    }
}

fn build(out: &Out, mut options: pipeline::Options, output_dir: Option<PathBuf>, force: bool) -> Result<(), Failure> {
    let start = Instant::now();
    // Ctrl-C removes the half-written staging folder; the previous site stays.
    ctrlc::set_handler(|| {
        if herald::write::interrupt() {
            eprintln!("Interrupted; the previous site is unchanged.");
        } else {
            eprintln!("Interrupted.");
        }
        std::process::exit(130);
    })
    .map_err(|e| Failure::Message(format!("cannot handle Ctrl-C: {e}")))?;
    let root = &out.root;
    let config_file = options.config_file.clone();
    let mut warnings = Diagnostics::new();
    let mut built_at = None;
    let gate = |build: &pipeline::Build, staged: &Path| {
        built_at = Some(Instant::now());
        let found = check::build_gate(build, root, config_file.as_deref(), staged);
        if found.has_errors() {
            return Err(found);
        }
        warnings = found;
        Ok(())
    };
    let progress = Progress::start(out, "building the site", &mut options);
    let built = pipeline::build_and_write(root, &options, output_dir.as_deref(), force, gate);
    progress.finish();
    let (build, dir) = built?;
    if let Some(gate_start) = built_at {
        out.timing("build (pages written as rendered)", gate_start - start);
        out.timing("check links, then write the other files", gate_start.elapsed());
    }
    out.diagnostics(&warnings);
    out.note(&format!(
        "Built {}, {} and {}: {} ({} KiB) into {} in {} ms; pages: {} rendered, {} unchanged; social cards: {} drawn, {} cached; image variants: {} encoded, {} cached",
        report::count(build.site.pages.len(), "article"),
        report::count(build.site.sections.len(), "section"),
        report::count(build.site.tags.len(), "tag"),
        report::count(build.output.len(), "file"),
        build.output.total_bytes() / 1024,
        dir.display(),
        start.elapsed().as_millis(),
        build.pages.0,
        build.pages.1,
        build.cards.drawn,
        build.cards.cached,
        build.variants.encoded,
        build.variants.cached,
    ));
    if let Some(held) = report::held_back(&build.site.held_back) {
        out.note(&held);
    }
    // The process ends here: freeing the model one allocation at a time would only delay the
    // exit (about a tenth of a second at 10,000 articles).
    std::mem::forget(build);
    Ok(())
}

/// A progress bar on stderr for a build that runs longer than a second, with the counts of pages
/// rendered and social cards drawn that the build reports through `Options::progress`: only on a
/// terminal, never when stderr is piped, in CI (`CI` set), under `--quiet` or for machine formats.
struct Progress {
    done: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(out: &Out, what: &'static str, options: &mut pipeline::Options) -> Progress {
        let wanted = std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none()
            && !out.quiet
            && out.format == Format::Human;
        if !wanted {
            return Progress { done: None, thread: None };
        }
        let counts = Arc::new(herald::output::Progress::default());
        options.progress = Some(Arc::clone(&counts));
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let waiting = |d| finished.recv_timeout(d) == Err(std::sync::mpsc::RecvTimeoutError::Timeout);
            // Finished (or gone) within the second: nothing to show.
            if !waiting(Duration::from_secs(1)) {
                return;
            }
            let bar = indicatif::ProgressBar::new_spinner().with_message(what);
            bar.enable_steady_tick(Duration::from_millis(120));
            loop {
                show_counts(&bar, what, &counts);
                if !waiting(Duration::from_millis(100)) {
                    break;
                }
            }
            bar.finish_and_clear();
        });
        Progress { done: Some(done), thread: Some(thread) }
    }

    /// Clears the bar, if shown, before anything else is printed.
    fn finish(mut self) {
        drop(self.done.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Turns the spinner into a bar once a stage with a known count runs: cards (drawn after the
/// pages) when they have started, else pages.
fn show_counts(bar: &indicatif::ProgressBar, what: &str, counts: &herald::output::Progress) {
    let (stage, (done, total)) = match counts.cards.get() {
        (done, total) if total > 0 => ("social cards drawn", (done, total)),
        _ => ("pages rendered", counts.pages.get()),
    };
    if total == 0 {
        return;
    }
    if bar.length().is_none() {
        let style = indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
            .expect("a valid template")
            .progress_chars("=> ");
        bar.set_style(style);
    }
    bar.set_length(total as u64);
    bar.set_position(done as u64);
    bar.set_message(format!("{what}: {stage}"));
}

fn check(out: &Out, mut options: pipeline::Options, checks: check::Options) -> Result<(), Failure> {
    let start = Instant::now();
    let progress = Progress::start(out, "building the site in memory", &mut options);
    // The output folder `build` would replace is checked first, and reported with the problems.
    let output_problem = pipeline::load_config(&out.root, &options)
        .ok()
        .and_then(|config| pipeline::check_output_dir(&out.root, &config, None, false));
    let built = pipeline::build(&out.root, &options);
    progress.finish();
    let build = built.map_err(|mut errors| {
        errors.extend(output_problem.clone());
        errors.sort();
        errors
    })?;
    out.timing("build in memory", start.elapsed());
    let checked = Instant::now();
    let mut found = check::check(&build, &out.root, &checks);
    found.extend(output_problem);
    found.sort();
    out.timing("check links and lint", checked.elapsed());
    out.diagnostics(&found);
    if found.has_errors() {
        return Err(Failure::Message("check failed".into()));
    }
    out.note(&format!(
        "Checked {}: {}",
        report::count(build.site.pages.len(), "article"),
        if found.is_empty() { "no problems".to_string() } else { report::count(found.len(), "warning") }
    ));
    Ok(())
}

fn serve(options: serve::ServeOptions, open: bool) -> Result<(), Failure> {
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| Failure::Message(format!("cannot handle Ctrl-C: {e}")))?;
    let server = serve::Server::start(options).map_err(|e| Failure::Message(e.to_string()))?;
    // On stdout, alone on its line, so that scripts and tests can read the address.
    println!("Serving on {}", server.url());
    eprintln!("Watching for changes; press Ctrl-C to stop.");
    if open {
        if let Err(e) = serve::open_browser(server.url()) {
            eprintln!("warning: cannot open a browser ({e}); open {} yourself", server.url());
        }
    }
    let _ = stop_rx.recv();
    eprintln!("Stopping.");
    server.stop();
    Ok(())
}
