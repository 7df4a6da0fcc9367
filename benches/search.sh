#!/usr/bin/env bash
# What search costs, and what Pagefind costs on the same site.
#
#   benches/search.sh [RUNS] [ARTICLES...]      (defaults: 3 runs; 1000 10000 articles)
#
# For each size: writes the generated corpus (examples/corpus.rs: 40 topics, each article in
# Arabic and English; the theme's card template removed, so that drawing cards does not blur
# the figures), then builds it into a new, empty folder on disk, RUNS times, alternating with
# search on and off (`search: false`). Prints the median wall time of each, what indexing adds,
# and the index's size and file count per language; then runs Pagefind (npm `pagefind`,
# installed into benches/search/) once over the same output and prints its time, peak memory,
# size and file count. Finally the client's size: search.js and analyze.js, gzipped. What a
# query costs in the browser (transfer, time to the first result, p95) is measured in Debian's
# Chromium by tests/browser/search-bench.mjs on each size's output.
#
# Nothing is deleted until every build has been timed: each build has a folder of its own, and
# all are removed at the end. On ext4 without a journal (as on some virtual machines), creating
# files just after tens of thousands were deleted is several times slower than usual, because
# the kernel skips over inodes freed in the last five minutes; a build timed just after the
# previous one's output was removed would measure that, not the build.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
[ -x /usr/bin/time ] || { echo "search.sh: needs GNU time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin bayan --example corpus
npm ci --prefix benches/search --no-audit --no-fund --silent
npm ci --prefix tests/browser --no-audit --no-fund --silent
browser="$(mktemp)"
pagefind="benches/search/node_modules/.bin/pagefind"
report="$(mktemp)"
work="target/bench-search-$$"
trap 'rm -f "$report" "$browser"; rm -rf "$work"' EXIT
mkdir -p "$work"

# Seconds for one build of site $1 into $2, a new folder.
build() {
  sync
  local start end
  start=$(date +%s.%N)
  target/release/bayan build --root "$1" --output "$2" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

for n in "${sizes[@]}"; do
  on="$work/corpus-$n-search"
  off="$work/corpus-$n-nosearch"
  target/release/examples/corpus --articles "$n" --topics 40 --out "$on" >/dev/null
  rm -f "$on/themes/briefing/templates/card.svg"
  cp -r "$on" "$off"
  echo "search: false" >> "$off/site.yaml"
  with=() without=()
  for i in $(seq 1 "$runs"); do
    without+=("$(build "$off" "$work/out-$n-$i-off")")
    out="$work/out-$n-$i-on"
    with+=("$(build "$on" "$out")")
  done
  echo "$n with ${with[*]}" >> "$report"
  echo "$n without ${without[*]}" >> "$report"
  for l in ar en; do
    dir="$out/assets/search/$l"
    echo "$n index $l $(du -sb "$dir" | cut -f1) $(find "$dir" -type f | wc -l)" >> "$report"
  done
  # Pagefind over the same built site (its own index of the HTML).
  rm -rf "$out/pagefind"
  /usr/bin/time -o "$report.pf" -f "%e %M" "$pagefind" --site "$out" --quiet >/dev/null
  read -r pf_time pf_rss < "$report.pf"
  rm -f "$report.pf"
  # In Chromium: what a first query transfers and how soon it shows, and the p95 of a query.
  {
    echo "$n articles, Arabic:"
    node tests/browser/search-bench.mjs "$out" ar "الإحالات" "الاطفال التشفير" "احالات" "الشرطة"
    echo "$n articles, English:"
    node tests/browser/search-bench.mjs "$out" en "referrals" "children encryption" "police"
  } >> "$browser"
  echo "$n pagefind $pf_time $pf_rss $(du -sb "$out/pagefind" | cut -f1) $(find "$out/pagefind" -type f | wc -l)" >> "$report"
done
client=$(cat themes/briefing/static/js/search.js themes/briefing/static/js/analyze.js | gzip -9 | wc -c)

echo "machine: $(nproc) cores, $(uname -sr); $(target/release/bayan --version); pagefind $("$pagefind" --version 2>/dev/null | tail -1); $runs runs each, on disk"
python3 - "$report" "$client" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
client = int(sys.argv[2])
sizes = sorted({int(r[0]) for r in rows})
for n in sizes:
    mine = [r for r in rows if int(r[0]) == n]
    get = lambda kind: [r for r in mine if r[1] == kind]
    w = statistics.median(float(x) for x in get("with")[0][2:])
    wo = statistics.median(float(x) for x in get("without")[0][2:])
    print(f"\n{n} articles: build from empty {wo:.2f} s without search, {w:.2f} s with: +{w - wo:.2f} s (+{(w / wo - 1) * 100:.0f}%)")
    for r in get("index"):
        print(f"  index {r[2]}: {int(r[3]) / 1e6:.2f} MB in {r[4]} files")
    pf = get("pagefind")[0]
    print(f"  Pagefind on the same output: {float(pf[2]):.1f} s, {int(pf[3]) / 1000:.0f} MB peak RSS, {int(pf[4]) / 1e6:.1f} MB in {pf[5]} files")
print(f"\nclient (search.js + analyze.js, gzip -9): {client / 1000:.1f} kB   (target: <= 10 kB)")
PY
echo
cat "$browser"
echo "(targets: first query <= 150 kB at 1,000 articles and <= 400 kB at 10,000; first result <= 1 s; p95 <= 30 ms once loaded)"
