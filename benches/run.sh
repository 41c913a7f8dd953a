#!/usr/bin/env bash
# herald's benchmark: full builds of the same synthetic articles by herald and its peers.
#
#   benches/run.sh              1,000 and 10,000 articles (about 10-15 minutes on 2 cores)
#   QUICK=1 benches/run.sh      1,000 articles only (a few minutes)
#
# For each size it generates the sites (benches/gen_corpus.py), then times full builds with
# hyperfine (median of several runs, output folder removed before each run, as in CI) and
# measures each run's peak memory with GNU time. It prints, per tool and size: median wall time,
# peak memory, articles per second and herald's ratio to the tool; the floor (reading the
# Markdown, copying it, pulldown-cmark alone on one thread); the growth from 1,000 to 10,000
# articles; and, when this build of herald has them, the serve latency, the cost of the sitemap
# and feeds, of backlinks and related articles, of social cards, and of images (1,000 bundle
# photos, cold and warm), and what a build writes to disk: into an empty output folder and again
# with no change, with the bytes of the social cards.
#
# Settings (environment):
#   QUICK=1           1,000 articles only
#   SIZES="1000 10000"  article counts
#   RUNS=5 RUNS_LARGE=3  timed runs per tool for sizes below / from 10,000
#   SIZES="10000 100000"  the scale run (issue 23): from 100,000 articles only herald with
#                     minimal templates and the floor are timed (RUNS_HUGE=1 run each, after an
#                     untimed one), and the sections after the table (serve latency, cards,
#                     search, ...) are left out
#   HUGO_HUGE=1 THEME_HUGE=1  also run Hugo / herald with the bundled theme from 100,000 articles
#   BENCH_DIR=...     where corpora and outputs go (default /dev/shm/herald-bench when that
#                     tmpfs has 8 GB free, else target/bench; set it to a disk folder to
#                     include the disk in the figures)
#   SKIP="jekyll ..." tools to leave out: herald-theme plain-code hugo zola mdbook jekyll floor serve
#                     site-files links-graph search shortcodes languages cards writing images
#   HUGO= ZOLA= MDBOOK= JEKYLL=   peer binaries (default: from PATH, mdbook also from
#                     target/bench-tools/bin)
#   INSTALL_MDBOOK=1  install mdBook into target/bench-tools with `cargo install` when absent
#   HERALD_BASELINE=path/to/herald  also time another herald binary (e.g. an older commit's)
#   JEKYLL_LARGE=1    also run Jekyll at 10,000 articles (several minutes per run)
#   MDBOOK_LARGE=1    also run mdBook at 10,000 articles (over 10 minutes per run)
#
# Tools: python3 (required); hyperfine (Debian/Ubuntu: `sudo apt-get install hyperfine`; without
# it, plain repeated runs are timed); GNU time for peak memory (`sudo apt-get install time`);
# peers where installed: Hugo (`sudo apt-get install hugo`), Zola (https://www.getzola.org),
# mdBook (`cargo install mdbook --locked`), Jekyll (`sudo apt-get install jekyll`).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# By default in memory (/dev/shm) when it has room: the figures are then the generators' own, not
# those of the disk's journal, which on some virtual machines costs more than the build itself.
if [ -z "${BENCH_DIR:-}" ]; then
    if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt 8000000 ]; then
        BENCH_DIR=/dev/shm/herald-bench
    else
        BENCH_DIR=$ROOT/target/bench
    fi
fi
if [ -n "${QUICK:-}" ]; then SIZES=${SIZES:-1000}; else SIZES=${SIZES:-1000 10000}; fi
RUNS=${RUNS:-5}
RUNS_LARGE=${RUNS_LARGE:-3}
RUNS_HUGE=${RUNS_HUGE:-1}
HUGE=100000
# The sections after the table run on the sizes below $HUGE only.
SMALL_SIZES=$(for N in $SIZES; do [ "$N" -lt "$HUGE" ] && echo "$N"; done; true)
SKIP=" ${SKIP:-} "
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
RESULTS=$BENCH_DIR/results.tsv
LOG=$BENCH_DIR/log
mkdir -p "$LOG"
: >"$RESULTS"

say() { printf '%s\n' "$*" >&2; }
skipped() { case $SKIP in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

command -v python3 >/dev/null || { say "error: python3 is required"; exit 1; }
if command -v hyperfine >/dev/null; then HYPERFINE=$(command -v hyperfine); else
    HYPERFINE=
    say "note: hyperfine not found (Debian/Ubuntu: sudo apt-get install hyperfine); timing plain repeated runs"
fi
if /usr/bin/time -f %M true >/dev/null 2>&1; then GNU_TIME=/usr/bin/time; else
    GNU_TIME=
    say "note: GNU time not found at /usr/bin/time (Debian/Ubuntu: sudo apt-get install time); no peak memory figures"
fi

# --- peers ------------------------------------------------------------------------------------
TOOLS_DIR=$ROOT/target/bench-tools
find_tool() { # find_tool VAR NAME: $VAR, else PATH, else target/bench-tools/bin
    local given=${!1:-}
    if [ -n "$given" ]; then echo "$given"; return; fi
    if command -v "$2" >/dev/null; then command -v "$2"; return; fi
    if [ -x "$TOOLS_DIR/bin/$2" ]; then echo "$TOOLS_DIR/bin/$2"; return; fi
}
HUGO=$(find_tool HUGO hugo)
ZOLA=$(find_tool ZOLA zola)
MDBOOK=$(find_tool MDBOOK mdbook)
JEKYLL=$(find_tool JEKYLL jekyll)
if [ -z "$MDBOOK" ] && [ -n "${INSTALL_MDBOOK:-}" ] && ! skipped mdbook; then
    say "== installing mdBook into $TOOLS_DIR (cargo install mdbook --locked; a few minutes)"
    cargo install mdbook --locked --root "$TOOLS_DIR" >"$LOG/mdbook-install.log" 2>&1 \
        && MDBOOK=$TOOLS_DIR/bin/mdbook || say "   failed, see $LOG/mdbook-install.log"
fi
[ -n "$HUGO" ] || say "note: Hugo not found (Debian/Ubuntu: sudo apt-get install hugo): skipped"
[ -n "$ZOLA" ] || say "note: Zola not found (https://www.getzola.org/documentation/getting-started/installation/): skipped"
[ -n "$MDBOOK" ] || say "note: mdBook not found (cargo install mdbook --locked, or rerun with INSTALL_MDBOOK=1): skipped"
[ -n "$JEKYLL" ] || say "note: Jekyll not found (Debian/Ubuntu: sudo apt-get install jekyll): skipped"

# --- herald -----------------------------------------------------------------------------------
say "== building herald (cargo build --release)"
cargo build --release --quiet
cargo build --release --quiet --example markdown_floor
HERALD=$ROOT/target/release/herald
FLOOR_MD=$ROOT/target/release/examples/markdown_floor

# --- measuring --------------------------------------------------------------------------------
# measure TOOL SIZE RUNS OUT_DIR CMD...: times CMD (OUT_DIR removed before each run, and
# $EXTRA_PREPARE run), appends "tool size median_s stddev_s peak_kib cpu_s" to $RESULTS (peak
# memory and user+system CPU time: medians over the runs, from GNU time).
measure() {
    local tool=$1 size=$2 runs=$3 out=$4; shift 4
    local cmd mem=$LOG/$tool-$size.mem json=$LOG/$tool-$size.json
    cmd=$(printf '%q ' "$@")
    : >"$mem"
    say "-- $tool, $size articles: $cmd"
    local wrapped=$cmd
    [ -n "$GNU_TIME" ] && wrapped="$GNU_TIME -a -o $mem -f '%M %U %S' $cmd"
    local prepare
    prepare="rm -rf $(printf '%q' "$out")${EXTRA_PREPARE:+; $EXTRA_PREPARE}"
    if [ -n "$HYPERFINE" ]; then
        local warmup=1
        [ "$size" -ge 10000 ] && warmup=0
        # A single timed run must not be the one that fills the highlighting cache.
        [ "$size" -ge "$HUGE" ] && warmup=1
        if ! "$HYPERFINE" --style none --runs "$runs" --warmup "$warmup" --prepare "$prepare" \
            --export-json "$json" --output "$LOG/$tool-$size.out" "$wrapped" >"$LOG/$tool-$size.hyperfine" 2>&1; then
            say "   FAILED, see $LOG/$tool-$size.hyperfine and $LOG/$tool-$size.out"
            return 0
        fi
        python3 - "$json" "$mem" "$tool" "$size" >>"$RESULTS" <<'EOF'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
runs = [l.split() for l in open(sys.argv[2]) if len(l.split()) == 3 and l.split()[0].isdigit()]
mem = int(statistics.median(int(x[0]) for x in runs)) if runs else 0
cpu = statistics.median(float(x[1]) + float(x[2]) for x in runs) if runs else 0
print(sys.argv[3], sys.argv[4], r["median"], r.get("stddev") or 0, mem, cpu, sep="\t")
EOF
        verify "$tool" "$size" "$out"
        rm -rf "$out"
    else
        local times=() i t0 t1
        for ((i = 0; i < runs; i++)); do
            bash -c "$prepare"
            t0=$(date +%s.%N)
            if ! bash -c "$wrapped" >"$LOG/$tool-$size.out" 2>&1; then
                say "   FAILED, see $LOG/$tool-$size.out"
                return 0
            fi
            t1=$(date +%s.%N)
            times+=("$(python3 -c "print($t1 - $t0)")")
        done
        python3 - "$mem" "$tool" "$size" "${times[@]}" >>"$RESULTS" <<'EOF'
import statistics, sys
runs = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 3 and l.split()[0].isdigit()]
mem = int(statistics.median(int(x[0]) for x in runs)) if runs else 0
cpu = statistics.median(float(x[1]) + float(x[2]) for x in runs) if runs else 0
t = [float(x) for x in sys.argv[4:]]
print(sys.argv[2], sys.argv[3], statistics.median(t), statistics.pstdev(t), mem, cpu, sep="\t")
EOF
        verify "$tool" "$size" "$out"
        rm -rf "$out"
    fi
}

# verify TOOL SIZE OUT: warns unless the tool wrote one page per article into OUT.
verify() {
    local n
    case $1 in
        herald* | hugo | zola | jekyll | cards-*)
            n=$(find "$3" -mindepth 3 -maxdepth 3 -name index.html -not -path "*/tags/*" 2>/dev/null | wc -l) ;;
        mdbook) n=$(find "$3" -mindepth 2 -maxdepth 2 -name '*.html' -not -name index.html 2>/dev/null | wc -l) ;;
        *) return 0 ;;
    esac
    [ "$n" -eq "$2" ] || say "   WARNING: $1 wrote $n article pages for $2 articles"
}

{
    echo "# machine: $(uname -srm); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //')"
    echo "# herald: $("$HERALD" --version)"
    [ -n "$HUGO" ] && echo "# hugo: $("$HUGO" version | head -n1)"
    [ -n "$ZOLA" ] && echo "# zola: $("$ZOLA" --version | head -n1)"
    [ -n "$MDBOOK" ] && echo "# mdbook: $("$MDBOOK" --version | head -n1)"
    [ -n "$JEKYLL" ] && echo "# jekyll: $("$JEKYLL" --version 2>/dev/null | head -n1)"
    [ -n "$HYPERFINE" ] && echo "# $("$HYPERFINE" --version)"
    true
} >"$BENCH_DIR/versions.txt"

measure_all() { # measure_all N: every tool on the corpus of N articles
    local N=$1 W=$BENCH_DIR/n$1 R=$RUNS
    [ "$N" -ge 10000 ] && R=$RUNS_LARGE
    [ "$N" -ge "$HUGE" ] && R=$RUNS_HUGE
    local huge=; [ "$N" -ge "$HUGE" ] && huge=1
    local stamp
    stamp="$W/.generated-$(python3 -c "import hashlib,sys; print(hashlib.sha1(open(sys.argv[1],'rb').read()).hexdigest()[:12])" benches/gen_corpus.py)"
    if [ ! -e "$stamp" ]; then
        say "== generating $N articles in $W"
        rm -rf "$W"
        python3 benches/gen_corpus.py -n "$N" "$W" >&2
        touch "$stamp"
    fi
    say "== $N articles ($(du -sh "$W/herald/content" | cut -f1) of Markdown), $R runs each"

    measure herald "$N" "$R" "$W/herald/public" "$HERALD" --root "$W/herald" build
    # Every run above but the first reused the blocks highlighted before (.herald-cache); this
    # one highlights them all again, as a first build does.
    if [ -n "$huge" ]; then
        say "-- herald-cold-code, herald-plain-code, $N articles: skipped (the scale run times the build itself)"
    elif ! skipped plain-code; then
        EXTRA_PREPARE="rm -f $(printf '%q' "$W/herald/.herald-cache/highlight.bin")" \
            measure herald-cold-code "$N" "$R" "$W/herald/public" "$HERALD" --root "$W/herald" build
    fi
    # The same site with code blocks left plain: the difference is what highlighting costs.
    if [ -z "$huge" ] && ! skipped plain-code; then
        printf '%s\n' "$(cat "$W/herald/book.toml")" "" "[markdown]" "highlight = false" >"$W/book-plain-code.toml"
        measure herald-plain-code "$N" "$R" "$W/herald/public" "$HERALD" --root "$W/herald" -c "$W/book-plain-code.toml" build
    fi
    if [ -n "${HERALD_BASELINE:-}" ]; then
        measure herald-baseline "$N" "$R" "$W/herald/public" "$HERALD_BASELINE" --root "$W/herald" build
    fi
    if [ -n "$huge" ] && [ -z "${THEME_HUGE:-}" ]; then
        say "-- herald-theme, $N articles: skipped (its search index alone takes minutes and gigabytes at this size; THEME_HUGE=1 includes it)"
    elif ! skipped herald-theme; then
        measure herald-theme "$N" "$R" "$W/herald-theme/public" "$HERALD" --root "$W/herald-theme" build
    fi
    if [ -n "$HUGO" ] && [ -n "$huge" ] && [ -z "${HUGO_HUGE:-}" ]; then
        say "-- hugo, $N articles: skipped (its memory grows with the site, 2.8 GB at 10,000 articles: about 28 GB here, more than most machines have; HUGO_HUGE=1 includes it)"
    elif [ -n "$HUGO" ] && ! skipped hugo; then
        measure hugo "$N" "$R" "$W/hugo/public" "$HUGO" --quiet -s "$W/hugo" -d "$W/hugo/public"
    fi
    if [ -n "$ZOLA" ] && [ -n "$huge" ] && [ -z "${HUGO_HUGE:-}" ]; then
        say "-- zola, $N articles: skipped with Hugo (HUGO_HUGE=1 includes both)"
    elif [ -n "$ZOLA" ] && ! skipped zola; then
        measure zola "$N" "$R" "$W/zola/public" "$ZOLA" --root "$W/zola" build --output-dir "$W/zola/public" --force
    fi
    if [ -n "$MDBOOK" ] && ! skipped mdbook; then
        if [ "$N" -lt 10000 ] || [ -n "${MDBOOK_LARGE:-}" ]; then
            measure mdbook "$N" "$((R < 3 ? R : 3))" "$W/mdbook/book" "$MDBOOK" build "$W/mdbook" -d "$W/mdbook/book"
        else
            say "-- mdbook, $N articles: skipped (its time grows with the square of the chapters: over 10 minutes per run; MDBOOK_LARGE=1 includes it)"
        fi
    fi
    if [ -n "$JEKYLL" ] && ! skipped jekyll; then
        if [ "$N" -lt 10000 ] || [ -n "${JEKYLL_LARGE:-}" ]; then
            measure jekyll "$N" "$((R < 3 ? R : 3))" "$W/jekyll/public" "$JEKYLL" build -q -s "$W/jekyll" -d "$W/jekyll/public"
        else
            say "-- jekyll, $N articles: skipped (minutes per run; JEKYLL_LARGE=1 includes it)"
        fi
    fi
    if ! skipped floor; then
        measure floor-read "$N" "$R" "$W/.none" bash -c "find '$W/herald/content' -name '*.md' -exec cat {} + >/dev/null"
        measure floor-copy "$N" "$R" "$W/floor-copy" cp -r "$W/herald/content" "$W/floor-copy"
        rm -rf "$W/floor-copy"
        say "-- floor-markdown, $N articles: $FLOOR_MD $W/herald/content (3 runs)"
        local i
        for ((i = 0; i < 3; i++)); do "$FLOOR_MD" "$W/herald/content"; done >"$LOG/floor-markdown-$N.out"
        python3 - "$LOG/floor-markdown-$N.out" "$N" >>"$RESULTS" <<'EOF'
import re, statistics, sys
text = open(sys.argv[1]).read()
for name, tool in (("pulldown-cmark alone", "floor-pulldown"), ("herald markdown stage", "floor-markdown")):
    ms = [float(m) for m in re.findall(re.escape(name) + r"\s+(\d+) ms", text)]
    if ms:
        print(tool, sys.argv[2], statistics.median(ms) / 1000, statistics.pstdev(ms) / 1000, 0, 0, sep="\t")
EOF
    fi
}

for N in $SIZES; do measure_all "$N"; done
# shellcheck disable=SC2086 # word splitting joins the sizes on one line
if [ "$(echo $SMALL_SIZES)" != "$(echo $SIZES)" ]; then
    say "== the sections below run on $(echo $SMALL_SIZES) articles only, not on the scale run"
fi

python3 benches/report.py "$RESULTS" "$BENCH_DIR/versions.txt" | tee "$BENCH_DIR/report.md"

# --- serve latency ----------------------------------------------------------------------------
# Save to reload event through the real server (examples/serve_latency.rs), on a copy of each
# corpus with the bundled theme, as a writer previews it.
if ! skipped serve; then
    cargo build --release --quiet --example serve_latency
    for N in $SMALL_SIZES; do
        say "== serve latency, $N articles: save an article, wait for the reload event"
        echo "serve latency, $N articles, bundled theme (save to reload event):" >>"$BENCH_DIR/report.md"
        "$ROOT/target/release/examples/serve_latency" --site "$BENCH_DIR/n$N/herald-theme" --edits 10 \
            | tee -a "$BENCH_DIR/report.md" || say "   FAILED"
    done
fi

# --- site files: sitemap and feeds --------------------------------------------------------------
# Made anew by every build and every edit in the preview: examples/site_files.rs times each
# (median of 20 runs) on the corpus with the bundled theme, whose [feeds] are the defaults.
if ! skipped site-files; then
    cargo build --release --quiet --example site_files
    for N in $SMALL_SIZES; do
        say "== site files, $N articles: sitemap and feeds"
        "$ROOT/target/release/examples/site_files" "$BENCH_DIR/n$N/herald-theme" 20 \
            | tee -a "$BENCH_DIR/report.md" || say "   FAILED"
    done
fi

# --- links between articles: backlinks and related articles ----------------------------------
# Made anew by every build and every edit in the preview: examples/links_graph.rs times each
# (median of 20 runs) on the corpus with the bundled theme.
if ! skipped links-graph; then
    cargo build --release --quiet --example links_graph
    for N in $SMALL_SIZES; do
        say "== links graph, $N articles: backlinks and related articles"
        "$ROOT/target/release/examples/links_graph" "$BENCH_DIR/n$N/herald-theme" 20 \
            | tee -a "$BENCH_DIR/report.md" || say "   FAILED"
    done
fi

# --- search index (issue 16) ------------------------------------------------------------------
# The bundled theme's site built with and without `[search]`: the difference is the index's
# build time, with the last index removed before each run (`search-cold`: every page indexed)
# and kept (`search-on`: the pages are the same, so the index is taken from
# .herald-cache/search.bin, as in a build with no change). Then the index's size, and what a
# reader downloads for a first one-word query:
# Pagefind's script, WASM, entry and metadata, the largest index chunk (a word's worst case),
# the filters (the theme lists them) and the fragments of the 20 results shown.
if ! skipped search; then
    for N in $SMALL_SIZES; do
        site=$BENCH_DIR/n$N/herald-theme
        off=$BENCH_DIR/n$N/herald-nosearch
        rm -rf "$off" && mkdir -p "$off"
        # Hard links: herald skips symbolic links that lead out of a site.
        for f in content static; do cp -al "$site/$f" "$off/$f"; done
        sed '/^\[search\]/,$d' "$site/book.toml" >"$off/book.toml"
        printf '\n[search]\nenabled = false\n' >>"$off/book.toml"
        R=$RUNS; [ "$N" -ge 10000 ] && R=$RUNS_LARGE
        EXTRA_PREPARE="rm -f $(printf '%q' "$site/.herald-cache/search.bin")" \
            measure search-cold "$N" "$R" "$site/public" "$HERALD" --root "$site" build
        "$HERALD" --root "$site" build >/dev/null 2>&1
        measure search-on "$N" "$R" "$site/public" "$HERALD" --root "$site" build
        measure search-off "$N" "$R" "$off/public" "$HERALD" --root "$off" build
        "$HERALD" --root "$site" build >"$LOG/search-$N.out" 2>&1
        python3 - "$site/public/pagefind" "$RESULTS" "$N" <<'EOF' | tee -a "$BENCH_DIR/report.md"
import os, sys
root, results, n = sys.argv[1], sys.argv[2], sys.argv[3]
size = lambda p: os.path.getsize(os.path.join(root, p))
files = [os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs]
total = sum(size(f) for f in files)
of = lambda sub: [f for f in files if f.startswith(sub + "/")]
frags = sorted(size(f) for f in of("fragment"))
first = sum(size(f) for f in files if "/" not in f and not f.startswith("wasm.unknown") and f != "pagefind-worker.js")
first += max((size(f) for f in of("index")), default=0) + sum(size(f) for f in of("filter"))
first += sum(frags[len(frags) // 2:][:20]) if frags else 0
t = {r.split()[0]: float(r.split()[2]) for r in open(results) if r.split()[1:2] == [n]}
cold, warm, off = (t.get(k, 0) for k in ("search-cold", "search-on", "search-off"))
print(f"search index, {n} articles: {len(files)} files, {total / 1024:.0f} KiB in all; "
      f"a first query downloads about {first / 1024:.0f} KiB; "
      f"build {cold:.2f} s indexing every page ({cold - off:+.2f} s), {warm:.2f} s with the last index "
      f"kept ({warm - off:+.2f} s), {off:.2f} s without search")
EOF
    done
fi

# copy_of_theme_site N NAME: a fresh copy of the bundled theme's corpus of N articles (content and
# book.toml copied, static/ hard-linked) in $BENCH_DIR/nN/NAME, for a row that changes it; prints
# its path.
copy_of_theme_site() {
    local site=$BENCH_DIR/n$1/herald-theme dest=$BENCH_DIR/n$1/$2
    rm -rf "$dest" && mkdir -p "$dest"
    if [ -d "$site/static" ]; then cp -al "$site/static" "$dest/static"; fi
    cp -r "$site/content" "$dest/content"
    cp "$site/book.toml" "$dest/book.toml"
    printf '%s\n' "$dest"
}

# median_of TOOL N: the median wall time $RESULTS holds for TOOL at N articles (empty when none).
median_of() {
    awk -F'\t' -v t="$1" -v n="$2" '$1 == t && $2 == n && NF >= 6 { m = $3 } END { if (m != "") print m }' "$RESULTS"
}

# --- shortcodes (issue 15) -------------------------------------------------------------------
# The bundled theme's site again, each article ending in two calls of the theme's shortcodes (an
# inline `figure` and a `details` with a Markdown body): the difference to herald-theme is what
# finding, parsing and rendering calls costs.
if ! skipped shortcodes; then
    for N in $SMALL_SIZES; do
        sc=$(copy_of_theme_site "$N" herald-shortcodes)
        # The figure's image, from the site root: shortcode images are checked like the body's.
        mkdir -p "$sc/static"
        printf '%s\n' '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="640" height="360" fill="#eee"/></svg>' >"$sc/static/chart.svg"
        python3 - "$sc/content" <<'EOF'
import os, sys
calls = ('\n{{ figure(src="/chart.svg", alt="A chart of weekly reach", caption="Reach by week", width=640, height=360) }}\n\n'
         '{% details(summary="How this was measured") %}\nWeekly *reach* from the platform\'s own statistics.\n{% end %}\n')
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith('.md') and f != '_index.md':
            with open(os.path.join(d, f), 'a') as out:
                out.write(calls)
EOF
        R=$RUNS; [ "$N" -ge 10000 ] && R=$RUNS_LARGE
        measure herald-shortcodes "$N" "$R" "$sc/public" "$HERALD" --root "$sc" build
        on=$(median_of herald-shortcodes "$N") off=$(median_of herald-theme "$N")
        if [ -n "$on" ] && [ -n "$off" ]; then
            awk -v n="$N" -v on="$on" -v off="$off" 'BEGIN { printf "shortcodes, %s articles with 2 calls each: %.2f s against %.2f s without (%+.1f%%)\n", n, on, off, (on / off - 1) * 100 }' |
                tee -a "$BENCH_DIR/report.md"
        fi
    done
fi

# --- languages (issue 18) --------------------------------------------------------------------
# The bundled theme's site again with a French translation of every article and section
# (`x.fr.md` beside `x.md`, `[languages.fr]`): twice the pages, feeds, tags and search index of
# herald-theme, plus hreflang sets; the ratio to herald-theme is what a second language costs.
if ! skipped languages; then
    for N in $SMALL_SIZES; do
        ml=$(copy_of_theme_site "$N" herald-languages)
        printf '\n[languages.fr]\ntitle = "Le guide"\n' >>"$ml/book.toml"
        python3 - "$ml/content" <<'EOF'
import os, sys
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith('.md'):
            with open(os.path.join(d, f)) as src, open(os.path.join(d, f[:-3] + '.fr.md'), 'w') as out:
                out.write(src.read())
EOF
        R=$RUNS; [ "$N" -ge 10000 ] && R=$RUNS_LARGE
        measure herald-languages "$N" "$R" "$ml/public" "$HERALD" --root "$ml" build
        two=$(median_of herald-languages "$N") one=$(median_of herald-theme "$N")
        if [ -n "$two" ] && [ -n "$one" ]; then
            awk -v n="$N" -v two="$two" -v one="$one" 'BEGIN { printf "languages, %s articles each with a French translation: %.2f s against %.2f s in one language (x%.2f)\n", n, two, one, two / one }' |
                tee -a "$BENCH_DIR/report.md"
        fi
    done
fi

# --- social cards (issue 8) -------------------------------------------------------------------
if ! skipped cards; then
    N=${SIZES%% *}
    site=$BENCH_DIR/n$N/herald-cards
    rm -rf "$site/public" "$site/.herald-cache"
    "$HERALD" --root "$site" build >"$LOG/cards-probe.out" 2>&1 || true
    cards=$(find "$site/public" -name '*.png' -not -name card.png 2>/dev/null | wc -l)
    if [ "$cards" -eq 0 ]; then
        echo "social cards: skipped: this herald draws no social cards" | tee -a "$BENCH_DIR/report.md" >&2
    else
        # herald keeps drawn cards in .herald-cache/ beside the site: removed before each cold run.
        say "== social cards, $N articles: $cards images"
        EXTRA_PREPARE="rm -rf $site/.herald-cache" measure cards-cold "$N" 3 "$site/public" "$HERALD" --root "$site" build
        measure cards-warm "$N" "$RUNS" "$site/public" "$HERALD" --root "$site" build
        python3 benches/report.py --cards "$RESULTS" | tee -a "$BENCH_DIR/report.md"
    fi
fi
# --- writing (issue 23) -----------------------------------------------------------------------
# What users get: the bundled theme with a social card per page, the card cache warm, the site and
# its output on disk (target/bench-write, never /dev/shm, so that the disk is in the figures).
# Each round times a build into an empty output folder, then a second build with no change over
# it: the two alternate, so that a load on the machine weighs on both alike. Then how many files
# the second build kept (same inode as before) and the bytes of the cards.
if ! skipped writing; then
    N=${SIZES%% *}
    D=$ROOT/target/bench-write
    rm -rf "$D" && mkdir -p "$D"
    cp -r "$BENCH_DIR/n$N/herald-cards" "$D/site"
    rm -rf "$D/site/public" "$D/site/.herald-cache"
    say "== writing, $N articles with a card each, on disk ($D): empty output folder, then no change"
    "$HERALD" --root "$D/site" build >"$LOG/writing-warm.out" 2>&1 || say "   FAILED, see $LOG/writing-warm.out"
    : >"$LOG/writing.times"
    for ((i = 0; i < RUNS; i++)); do
        rm -rf "$D/site/public"
        for row in write-empty write-again; do
            t0=$(date +%s.%N)
            ${GNU_TIME:+$GNU_TIME -a -o "$LOG/writing-$row.mem" -f '%M %U %S'} "$HERALD" --root "$D/site" build \
                >>"$LOG/writing.out" 2>&1 || say "   FAILED, see $LOG/writing.out"
            t1=$(date +%s.%N)
            echo "$row $t0 $t1" >>"$LOG/writing.times"
        done
    done
    find "$D/site/public" -type f -printf '%i %P\n' | sort -k2 >"$LOG/writing.before"
    "$HERALD" --root "$D/site" build >>"$LOG/writing.out" 2>&1
    find "$D/site/public" -type f -printf '%i %P\n' | sort -k2 >"$LOG/writing.after"
    python3 - "$LOG" "$N" "$RESULTS" "$D/site/public" <<'EOF' | tee -a "$BENCH_DIR/report.md"
import os, statistics, sys
log, n, results, public = sys.argv[1:]
t = {}
for line in open(os.path.join(log, "writing.times")):
    row, t0, t1 = line.split()
    t.setdefault(row, []).append(float(t1) - float(t0))
with open(results, "a") as out:
    for row, times in t.items():
        path = os.path.join(log, "writing-%s.mem" % row)
        runs = [l.split() for l in open(path)] if os.path.exists(path) else []
        runs = [r for r in runs if len(r) == 3 and r[0].isdigit()]
        mem = int(statistics.median(int(r[0]) for r in runs)) if runs else 0
        cpu = statistics.median(float(r[1]) + float(r[2]) for r in runs) if runs else 0
        print(row, n, statistics.median(times), statistics.pstdev(times), mem, cpu, sep="\t", file=out)
read = lambda name: dict(l.rstrip("\n").split(" ", 1)[::-1] for l in open(os.path.join(log, name)))
before, after = read("writing.before"), read("writing.after")
kept = sum(1 for p, i in after.items() if before.get(p) == i)
empty, again = statistics.median(t["write-empty"]), statistics.median(t["write-again"])
cards = [os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(public) for f in fs
         if f.endswith(".png") and f != "card.png"]
total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(public) for f in fs)
print(f"writing, {n} articles with a card each, on disk (medians of {len(t['write-empty'])} alternating rounds): "
      f"into an empty folder {empty:.2f} s, again with no change {again:.2f} s ({again / empty:.2f} of it; "
      f"target <= 0.30); the second build kept {kept} of {len(after)} files (same inode); "
      f"output {total / 1e6:.1f} MB" + (f", {len(cards)} cards of {statistics.median(cards) / 1024:.1f} KiB "
                                         f"median ({sum(cards) / 1e6:.1f} MB)" if cards else ""))
EOF
    rm -rf "$D"
fi
# --- images (issue 17) ------------------------------------------------------------------------
if ! skipped images; then
    N=${SIZES%% *}
    W=$BENCH_DIR/images-n$N
    [ -d "$W/images-on" ] || python3 benches/gen_images.py "$W" "$N"
    say "== images, $N articles with a 1600x1000 PNG each"
    # The cache of image variants lives in .herald-cache/ beside the site: removed for cold runs.
    EXTRA_PREPARE="rm -rf $W/images-on/.herald-cache" measure images-cold "$N" 3 "$W/images-on/public" \
        "$HERALD" --root "$W/images-on" build
    measure images-warm "$N" "$RUNS" "$W/images-on/public" "$HERALD" --root "$W/images-on" build
    measure images-off "$N" "$RUNS" "$W/images-off/public" "$HERALD" --root "$W/images-off" build
    # The responsive variants (resized copies, WebP) the build made of the photos.
    variants=$(find "$W/images-on/.herald-cache/images" -type f | wc -l)
    python3 - "$RESULTS" "$N" "$variants" <<'EOF' | tee -a "$BENCH_DIR/report.md"
import sys
results, n, variants = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = {r.split()[0]: float(r.split()[2]) for r in open(results) if r.split()[1:2] == [n]}
off = t.get("images-off", 0)
print(f"images, {n} articles with a 1600x1000 PNG each: first build {t.get('images-cold', 0):.2f} s, "
      f"again {t.get('images-warm', 0):.2f} s, against {off:.2f} s for the same site not showing them "
      f"(image stage {t.get('images-cold', 0) - off:+.2f} s cold, {t.get('images-warm', 0) - off:+.2f} s warm); "
      f"{variants} variants made ({variants / int(n):.0f} a photo), "
      f"{(t.get('images-cold', 0) - off) * 1000 / max(variants, 1):.1f} ms a variant cold")
EOF
fi
say "== report: $BENCH_DIR/report.md (raw figures: $RESULTS, logs: $LOG)"
