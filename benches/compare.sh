#!/usr/bin/env bash
# bayan against Hugo on the same generated bilingual corpus.
#
#   benches/compare.sh [ARTICLES] [RUNS]      (defaults: 1000 articles, 5 runs each)
#
# Writes the corpus twice (target/corpus-N for bayan, target/hugo-N for Hugo, see
# examples/corpus.rs), then times each tool RUNS times, alternating bayan and Hugo, two ways:
# - "rebuild": into the output of the previous run, as an author rebuilds after an edit (here
#   with no edit: bayan keeps every unchanged file as it was; Hugo rewrites what it renders);
# - "empty": into an empty output folder, removed before the clock starts.
# Prints the median wall time, CPU time (user + system) and peak RSS of each, and the ratios
# bayan/Hugo. Needs Debian's `hugo` (0.111) and GNU time (/usr/bin/time).
#
# The first rows are on disk ($BENCH_OUT, by default target/bench-out), where users build. A
# second set of rows writes to memory (/dev/shm), where there is one; BENCH_SHM=0 leaves it out.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-1000}"
runs="${2:-5}"
corpus="target/corpus-$articles"
hugo_site="target/hugo-$articles"
disk="${BENCH_OUT:-target/bench-out}"
command -v hugo >/dev/null || { echo "compare.sh: needs hugo (apt-get install hugo)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "compare.sh: needs GNU time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin bayan --example corpus
target/release/examples/corpus --articles "$articles" --topics 40 --out "$corpus" --hugo "$hugo_site"
times="$(mktemp)"
trap 'rm -f "$times"' EXIT

# measure WHERE MODE: appends "WHERE MODE TOOL wall user system rss" lines to $times.
measure() {
  local where="$1" mode="$2" base
  case "$where" in disk) base="$disk" ;; memory) base=/dev/shm/bayan-bench ;; esac
  mkdir -p "$base"
  local out_bayan="$base/bayan-$articles" out_hugo
  out_hugo="$(realpath -m "$base/hugo-$articles")"
  rm -rf "$out_bayan" "$out_hugo"
  if [ "$mode" = rebuild ]; then
    target/release/bayan build --root "$corpus" --output "$out_bayan" >/dev/null
    hugo --quiet --source "$hugo_site" --destination "$out_hugo" >/dev/null
  fi
  for _ in $(seq 1 "$runs"); do
    [ "$mode" = empty ] && rm -rf "$out_bayan" && sync
    /usr/bin/time -o "$times" -a -f "$where $mode bayan %e %U %S %M" \
      target/release/bayan build --root "$corpus" --output "$out_bayan" >/dev/null
    [ "$mode" = empty ] && rm -rf "$out_hugo" && sync
    /usr/bin/time -o "$times" -a -f "$where $mode hugo %e %U %S %M" \
      hugo --quiet --source "$hugo_site" --destination "$out_hugo" >/dev/null
  done
  pages_bayan=$(find "$out_bayan" -name '*.html' | wc -l)
  pages_hugo=$(find "$out_hugo" -name '*.html' | wc -l)
  rm -rf "$out_bayan" "$out_hugo"
}

wheres=(disk)
if [ "${BENCH_SHM:-1}" != 0 ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then wheres+=(memory); fi
for where in "${wheres[@]}"; do
  for mode in rebuild empty; do measure "$where" "$mode"; done
done

echo "machine: $(nproc) cores, $(uname -sr); $(target/release/bayan --version); $(hugo version | cut -d' ' -f1-2)"
echo "corpus: $articles bilingual articles, 40 topics; HTML pages: bayan $pages_bayan, Hugo $pages_hugo; $runs runs each, alternating"
echo "disk: $(df -T "$disk" | awk 'NR==2 {print $2}') at $disk; memory: /dev/shm"
python3 - "$times" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    where, mode, tool, wall, user, system, rss = line.split()
    rows.setdefault((where, mode), {}).setdefault(tool, []).append(
        (float(wall), float(user) + float(system), int(rss) / 1024))
print(f"{'output':8}{'build':9}{'tool':8}{'wall s':>9}{'CPU s':>9}{'peak RSS MB':>13}")
for (where, mode), tools in rows.items():
    med = {t: [statistics.median(r[i] for r in tools[t]) for i in range(3)] for t in tools}
    for t in ("bayan", "hugo"):
        w, c, m = med[t]
        print(f"{where:8}{mode:9}{t:8}{w:9.2f}{c:9.2f}{m:13.0f}")
    r = [med["bayan"][i] / med["hugo"][i] for i in range(3)]
    print(f"{where:8}{mode:9}{'ratio':8}{r[0]:9.2f}{r[1]:9.2f}{r[2]:13.2f}   (bayan / Hugo, medians)")
PY
