//! The `herald` command line: a thin layer over the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use herald::diagnostic::Diagnostics;
use herald::{check, pipeline, report, scaffold, serve};

// A build makes and frees millions of small strings and JSON values from several threads at
// once; glibc's allocator spent about a third of a 10,000-article build in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static site generator for sites about SMO, SMM and SEO: every page it emits carries complete
/// social and search metadata.
#[derive(Parser)]
#[command(name = "herald", version, about, propagate_version = true)]
struct Cli {
    /// The site's folder (the one with book.toml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
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
    },
    /// Check front matter, links and templates; writes nothing.
    Check {
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.clone();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Diagnostics(d)) => {
            print_diagnostics(&root, &d);
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

fn print_diagnostics(root: &Path, diags: &Diagnostics) {
    let choice = if std::io::stderr().is_terminal() { ColorChoice::Auto } else { ColorChoice::Never };
    let mut stderr = StandardStream::stderr(choice);
    let _ = report::emit(&mut stderr, root, diags);
}

fn run(cli: Cli) -> Result<(), Failure> {
    let root = cli.root;
    match cli.command {
        Command::Build { output_dir, base_url, drafts } => {
            let start = Instant::now();
            let options = pipeline::Options { drafts, base_url, skip_cards: false };
            let (build, out) = pipeline::build_and_write(&root, &options, output_dir.as_deref())?;
            if !build.warnings.is_empty() {
                print_diagnostics(&root, &build.warnings);
            }
            eprintln!(
                "Built {} articles, {} sections and {} tags: {} files ({} KiB) into {} in {} ms; social cards: {} drawn, {} cached",
                build.site.pages.len(),
                build.site.sections.len(),
                build.site.tags.len(),
                build.output.len(),
                build.output.total_bytes() / 1024,
                out.display(),
                start.elapsed().as_millis(),
                build.cards.drawn,
                build.cards.cached,
            );
            // The process ends here: freeing the model one allocation at a time would only delay
            // the exit (about a tenth of a second at 10,000 articles).
            std::mem::forget(build);
            Ok(())
        }
        Command::Check { strict, drafts } => {
            let build = pipeline::build(&root, &pipeline::Options { drafts, base_url: None, skip_cards: true })?;
            let found = check::check(&build, strict);
            if !found.is_empty() {
                print_diagnostics(&root, &found);
            }
            if found.has_errors() {
                return Err(Failure::Message("check failed".into()));
            }
            eprintln!(
                "Checked {} articles: {}",
                build.site.pages.len(),
                if found.is_empty() { "no problems".to_string() } else { format!("{} warnings", found.len()) }
            );
            Ok(())
        }
        Command::Serve { bind, port, open, drafts, idle_timeout_ms } => {
            let idle_timeout = idle_timeout_ms.map(std::time::Duration::from_millis);
            let options = serve::ServeOptions { root, bind, port, drafts, log: true, idle_timeout };
            serve(options, open)
        }
        Command::Init { dir, title, copy_theme } => {
            let dir = if dir.is_absolute() { dir } else { root.join(dir) };
            scaffold::init(&dir, &title, copy_theme).map_err(|e| Failure::Message(e.to_string()))?;
            eprintln!("Created a new site in {}. Next: cd {} && herald serve", dir.display(), dir.display());
            Ok(())
        }
        Command::New { path } => {
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            let file = scaffold::new_article(&root, &path, &today).map_err(|e| Failure::Message(e.to_string()))?;
            eprintln!("Created {} (a draft: remove `draft: true` to publish it)", file.display());
            Ok(())
        }
    }
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
