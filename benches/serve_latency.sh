#!/usr/bin/env bash
# Save-to-reload latency of `herald serve` (issue 4): from writing an article to the `reload`
# event on the server's event stream. With no arguments: the bundled site, then a generated site
# of 10,000 articles. Any arguments go to the benchmark itself, e.g.
#   benches/serve_latency.sh --site path/to/corpus --edits 30 --json
# Standalone: it builds what it needs and touches no site of yours (it edits copies).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --example serve_latency
bin=target/release/examples/serve_latency
if [ $# -gt 0 ]; then
  exec "$bin" "$@"
fi
"$bin" --edits 20
"$bin" --articles 10000 --edits 20
