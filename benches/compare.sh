#!/usr/bin/env bash
# bayan against Hugo on the same generated bilingual corpus.
#
#   benches/compare.sh [ARTICLES] [RUNS]      (defaults: 1000 articles, 5 runs each)
#
# Writes the corpus twice (target/corpus-N for bayan, target/hugo-N for Hugo, see
# examples/corpus.rs), then builds each site RUNS times, alternating bayan and Hugo. Each run
# starts from an empty output folder, removed before the clock starts. Prints the median wall
# time, CPU time (user + system) and peak RSS of each, and the ratios bayan/Hugo. Needs Debian's
# `hugo` (0.111) and GNU time (/usr/bin/time).
#
# Both tools write under $BENCH_OUT, by default a folder in /dev/shm (memory) where there is one.
# On a disk the figures also measure the file system: on ext4 without a journal, for one, creating
# files within seconds of deleting many (the previous run's output) scans past the deleted inodes,
# which costs either tool several seconds depending on when the run before it ended. Set
# BENCH_OUT=target/bench-out to measure on disk anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-1000}"
runs="${2:-5}"
corpus="target/corpus-$articles"
hugo_site="target/hugo-$articles"
if [ -z "${BENCH_OUT:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then BENCH_OUT=/dev/shm/bayan-bench; else BENCH_OUT=target/bench-out; fi
fi
command -v hugo >/dev/null || { echo "compare.sh: needs hugo (apt-get install hugo)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "compare.sh: needs GNU time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin bayan --example corpus
target/release/examples/corpus --articles "$articles" --topics 40 --out "$corpus" --hugo "$hugo_site"
mkdir -p "$BENCH_OUT"
out_bayan="$BENCH_OUT/bayan-$articles"
out_hugo="$BENCH_OUT/hugo-$articles"
times="$(mktemp)"
trap 'rm -f "$times"' EXIT
for i in $(seq 1 "$runs"); do
  rm -rf "$out_bayan"
  /usr/bin/time -o "$times" -a -f "bayan %e %U %S %M" \
    target/release/bayan build --root "$corpus" --output "$out_bayan" >/dev/null
  rm -rf "$out_hugo"
  /usr/bin/time -o "$times" -a -f "hugo %e %U %S %M" \
    hugo --quiet --source "$hugo_site" --destination "$(realpath "$out_hugo")" >/dev/null
done
pages_bayan=$(find "$out_bayan" -name '*.html' | wc -l)
pages_hugo=$(find "$out_hugo" -name '*.html' | wc -l)
echo "machine: $(nproc) cores, $(uname -sr); $(target/release/bayan --version); $(hugo version | cut -d' ' -f1-2)"
echo "corpus: $articles bilingual articles, 40 topics; HTML pages: bayan $pages_bayan, Hugo $pages_hugo; $runs runs each, alternating; output in $BENCH_OUT"
python3 - "$times" <<'PY'
import statistics, sys
rows = {"bayan": [], "hugo": []}
for line in open(sys.argv[1]):
    tool, wall, user, system, rss = line.split()
    rows[tool].append((float(wall), float(user) + float(system), int(rss) / 1024))
med = {t: [statistics.median(r[i] for r in rows[t]) for i in range(3)] for t in rows}
print(f"{'':8}{'wall s':>10}{'CPU s':>10}{'peak RSS MB':>14}")
for t in ("bayan", "hugo"):
    w, c, m = med[t]
    print(f"{t:8}{w:10.2f}{c:10.2f}{m:14.0f}")
r = [med["bayan"][i] / med["hugo"][i] for i in range(3)]
print(f"{'ratio':8}{r[0]:10.2f}{r[1]:10.2f}{r[2]:14.2f}   (bayan / Hugo, medians)")
PY
rm -rf "$out_bayan" "$out_hugo"
