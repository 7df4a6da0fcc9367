#!/usr/bin/env bash
# Edit-to-reload latency of `bayan serve` on a generated bilingual site.
#
#   benches/serve-latency.sh [ARTICLES[,ARTICLES...]] [EDITS] [body|title]
#                                                    (defaults: 1000, 30, body)
#   benches/serve-latency.sh 1000,10000,50000 20     (the three sizes, one after the other)
#
# Builds the release binary; for each size, writes the corpus to target/corpus-ARTICLES (40
# topics, each article in Arabic and English), serves it and edits one article's body (or title)
# EDITS times, timing each write to the server's reload message. Prints each figure, the median
# and the 95th percentile, start-up and the server's memory; then a table of the sizes.
#
# The corpus's social cards are kept between runs (in its .bayan-cache), since drawing them
# takes minutes at 10,000 articles and is not what is measured. NO_CARDS=1 removes the theme's
# card template instead, for sizes where drawing them the first time would take too long.
set -euo pipefail
cd "$(dirname "$0")/.."
IFS=, read -r -a sizes <<< "${1:-1000}"
edits="${2:-30}"
edit="${3:-body}"
cargo build --release --quiet --bin bayan --example corpus --example serve_latency
echo "machine: $(nproc) cores, $(uname -sr); $(target/release/bayan --version)"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
for articles in "${sizes[@]}"; do
  corpus="target/corpus-$articles"
  kept="target/cards-cache-$articles"
  [ -d "$corpus/.bayan-cache" ] && rm -rf "$kept" && mv "$corpus/.bayan-cache" "$kept"
  target/release/examples/corpus --articles "$articles" --topics 40 --out "$corpus"
  [ -d "$kept" ] && mv "$kept" "$corpus/.bayan-cache"
  [ "${NO_CARDS:-0}" = 1 ] && rm -f "$corpus/themes/briefing/templates/card.svg"
  # The corpus just written goes to disk now, not while the edits are timed.
  sync
  echo
  echo "$articles articles, $edit edits:"
  target/release/examples/serve_latency --root "$corpus" --edits "$edits" \
    --article "article-$((articles / 2))" --edit "$edit" | tee -a "$report.$articles"
  {
    printf '%6s articles: ' "$articles"
    grep -oE "median [0-9.]+ ms, p95 [0-9.]+ ms" "$report.$articles" | tr '\n' ';'
    grep -oE "served [0-9.]+ s after" "$report.$articles" | sed 's/served/ first page/' | tr '\n' ';'
    grep -oE "[0-9]+ MB resident" "$report.$articles" | sed 's/^/ /'
  } >> "$report"
  rm -f "$report.$articles"
done
if [ ${#sizes[@]} -gt 1 ]; then
  echo
  echo "summary ($edit edits):"
  cat "$report"
fi
