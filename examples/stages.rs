//! Times each stage of a full build of the site at `DIR` (default `.`), writing into a scratch
//! folder of the system's temporary folder (`TMPDIR`) as `herald build` does: where a build's
//! wall time and memory go.
//!
//! `cargo run --release --example stages -- DIR [RUNS] [--no-write]`

use std::path::PathBuf;
use std::time::Instant;

use herald::render::{comparisons, theme, Renderer};
use herald::seo::{self, SiteSeo, StaticFiles};
use herald::site::{BuildOptions, Site};
use herald::{content, pipeline};

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_ms;

// The allocator of the `herald` binary, so that figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let write = args.next().as_deref() != Some("--no-write");
    for run in 0..runs {
        let t0 = Instant::now();
        let mut last = t0;
        let mut last_cpu = cpu_ms();
        let mut lap = |name: &str| {
            let (now, cpu) = (Instant::now(), cpu_ms());
            eprintln!(
                "  {name:<18} {:>6.0} ms wall {:>6} ms cpu {:>5} MiB rss",
                (now - last).as_secs_f64() * 1000.0,
                cpu - last_cpu,
                rss_mib()
            );
            (last, last_cpu) = (now, cpu);
        };
        let config = pipeline::load_config(&root, &pipeline::Options::default()).expect("config");
        let mut renderer = match Renderer::new(&root, &config) {
            Ok(r) => r,
            Err(d) => panic!("templates: {d:?}"),
        };
        lap("config+templates");
        let (content, diags) = content::load(&root);
        assert!(!diags.has_errors(), "{diags:?}");
        lap("read+yaml");
        let (site, diags) = Site::build(
            config,
            root.clone(),
            content,
            BuildOptions { reuse: herald::cache::Reuse::OneOff, ..BuildOptions::default() },
        );
        assert!(!diags.has_errors(), "{diags:?}");
        lap("model+markdown");
        let (statics, _) = theme::load_static(&root, &site.config);
        let optional = herald::seo::Optional {
            hub: comparisons::has_hub(&renderer, &site),
            authors: renderer.has_authors_index(&site),
        };
        let (seo, diags) = SiteSeo::build(&site, &StaticFiles::new(&statics), optional);
        assert!(!diags.has_errors(), "{diags:?}");
        lap("static+seo");
        let assets = if site.config.build.fingerprint {
            let mut statics = statics.clone();
            herald::publish::fingerprint(&mut statics)
        } else {
            Default::default()
        };
        renderer.set_assets(&site.config, &assets);
        // Pages are written as they are rendered, as `herald build` does.
        let out = std::env::temp_dir().join(format!("herald-stages-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).expect("a scratch folder");
        let none = std::sync::Arc::new(herald::output::Previous::none());
        let written =
            herald::output::Written::new(out.clone(), herald::publish::file_finisher(&site.config), none.clone());
        let mut cache = herald::render::RenderCache::new(herald::cache::Reuse::OneOff);
        let (mut output, diags) = renderer.render_site_cached(&site, &seo, &mut cache, write.then_some(&written), None);
        assert!(!diags.has_errors(), "{diags:?}");
        lap("render+write");
        output.extend(seo::site_files(&site, &seo));
        lap("site files");
        if write {
            herald::write::write_tree(&output, &out, &none).expect("write");
            lap("write the rest");
        }
        drop(output);
        drop(site);
        lap("drop");
        std::fs::remove_dir_all(&out).expect("cleanup");
        eprintln!("  total {:.0} ms wall (run {})", (last - t0).as_secs_f64() * 1000.0, run + 1);
    }
}

/// The resident set size, from /proc (Linux only; 0 elsewhere).
fn rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l.to_string()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<u64>().ok()))
        .map_or(0, |kib| kib / 1024)
}
