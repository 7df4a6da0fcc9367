#!/usr/bin/env bash
# How bayan's full build grows with the site: the same generated corpus at several sizes.
#
#   benches/scale.sh [RUNS] [ARTICLES...]      (defaults: 3 runs; 1000 10000 50000 articles)
#
# Writes each corpus (40 topics, each article in Arabic and English, see
# examples/corpus.rs) and builds it RUNS times, each into a new, empty output folder (under
# $BENCH_OUT, by default target/bench-out on disk, where users build; BENCH_OUT=/dev/shm/x for
# memory). Prints the median wall time, CPU time and peak RSS for each size, and each per 1,000
# articles: flat figures mean linear growth.
#
# The outputs are removed only after every build has been timed: on ext4 without a journal (as
# on some virtual machines), files made just after tens of thousands were deleted are several
# times slower to create, because the kernel skips over inodes freed in the last five minutes.
#
# NO_CARDS=1 builds the corpus without its card template: drawing 20,000 cards takes minutes
# at 10,000 articles (they come from the cache after the first build). BASELINE=/path/to/bayan
# builds each corpus with that binary too, alternating run by run with this one, and prints
# its rows beside this build's: a before and after measured in one run on the same disk.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
BENCH_OUT="${BENCH_OUT:-target/bench-out}"
[ -x /usr/bin/time ] || { echo "scale.sh: needs GNU time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin bayan --example corpus
mkdir -p "$BENCH_OUT"
times="$(mktemp)"
work="$BENCH_OUT/scale-$$"
trap 'rm -f "$times"; rm -rf "$work"' EXIT
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  target/release/examples/corpus --articles "$n" --topics 40 --out "$corpus" >/dev/null
  [ -z "${NO_CARDS:-}" ] || rm -f "$corpus/themes/briefing/templates/card.svg"
  for i in $(seq 1 "$runs"); do
    for bin in ${BASELINE:+"$BASELINE"} target/release/bayan; do
      label=this; [ "$bin" = target/release/bayan ] || label=baseline
      out="$work/$n-$i-$label"
      sync
      /usr/bin/time -o "$times" -a -f "$n $label %e %U %S %M" \
        "$bin" build --root "$corpus" --output "$out" >/dev/null
    done
  done
  echo "$n pages $(find "$out" -name '*.html' | wc -l)" >> "$times"
done
echo "machine: $(nproc) cores, $(uname -sr); $(target/release/bayan --version)${BASELINE:+ against $BASELINE}; $runs runs each; output in $BENCH_OUT${NO_CARDS:+; without cards}"
python3 - "$times" <<'PY'
import statistics, sys
runs, pages = {}, {}
for line in open(sys.argv[1]):
    f = line.split()
    if f[1] == "pages":
        pages[int(f[0])] = int(f[2])
        continue
    key = (int(f[0]), f[1])
    runs.setdefault(key, []).append((float(f[2]), float(f[3]) + float(f[4]), int(f[5]) / 1024))
labelled = any(label == "baseline" for _, label in runs)
print(f"{'articles':>9}{'build':>10}{'pages':>9}{'wall s':>9}{'CPU s':>9}{'RSS MB':>9}   per 1,000 articles: {'wall s':>7}{'CPU s':>7}{'RSS MB':>8}   (RSS of each run)")
for (n, label) in sorted(runs, key=lambda k: (k[0], k[1] != "baseline")):
    r = runs[(n, label)]
    w, c, m = (statistics.median(x[i] for x in r) for i in range(3))
    k = n / 1000
    each = ", ".join(f"{x[2]:.0f}" for x in r)
    print(f"{n:>9}{label if labelled else '':>10}{pages[n]:>9}{w:>9.2f}{c:>9.2f}{m:>9.0f}   {'':20}{w / k:>7.2f}{c / k:>7.2f}{m / k:>8.0f}   ({each})")
PY
