#!/usr/bin/env bash
# Edit-to-reload latency of `bayan serve` on a generated bilingual site.
#
#   benches/serve-latency.sh [ARTICLES] [EDITS] [body|title]   (defaults: 1000, 30, body)
#
# Builds the release binary, writes the corpus to target/corpus-ARTICLES (40 topics, each article
# in Arabic and English), serves it and edits one article's body (or title) EDITS times, timing
# each write to the server's reload message. Prints each figure, the median and the 95th percentile.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-1000}"
edits="${2:-30}"
edit="${3:-body}"
corpus="target/corpus-$articles"
cargo build --release --quiet --bin bayan --example corpus --example serve_latency
target/release/examples/corpus --articles "$articles" --topics 40 --out "$corpus"
echo "machine: $(nproc) cores, $(uname -sr); $(target/release/bayan --version)"
target/release/examples/serve_latency --root "$corpus" --edits "$edits" --article "article-$((articles / 2))" --edit "$edit"
