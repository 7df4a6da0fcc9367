#!/usr/bin/env bash
# What social cards cost: drawing one, their size, and what they add to a build.
#
#   benches/cards.sh [ARTICLES] [RUNS]      (defaults: 1000 articles, 5 runs)
#
# Writes the generated corpus (examples/corpus.rs: 40 topics, each article in Arabic and
# English) twice, with the briefing theme as it is and without its card template, then builds
# each from an empty output folder on disk (target/bench-out):
#   - with cards drawn anew (no .bayan-cache), once;
#   - then RUNS times, alternating: without cards, and with cards from the site's card cache
#     (what a build into an empty folder does once the cards have been drawn, e.g. a CI job
#     that keeps .bayan-cache/);
# and then an unchanged rebuild, counting the cards it wrote. Prints the median wall times, the
# cards' share of the build, the time to draw one card on one core (a one-thread build with
# cards drawn anew, less one without, per card) and the cards' sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-1000}"
runs="${2:-5}"
out="target/bench-out/cards-$articles"
with="target/corpus-$articles"
without="target/corpus-$articles-nocards"

cargo build --release --quiet --bin bayan --example corpus
target/release/examples/corpus --articles "$articles" --topics 40 --out "$with"
rm -rf "$without" && cp -r "$with" "$without"
rm "$without/themes/briefing/templates/card.svg"
mkdir -p "$(dirname "$out")"

# Seconds for one build of site $1 into an empty folder.
build() {
  rm -rf "$out" "$out.bayan-spare" && sync
  local start end
  start=$(date +%s.%N)
  target/release/bayan build --root "$1" --output "$out" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

declare -a plain warm
rm -rf "$with/.bayan-cache"
cold="$(build "$with")"
for i in $(seq 1 "$runs"); do
  plain+=("$(build "$without")")
  warm+=("$(build "$with")")
done

# An unchanged rebuild: the cards it writes (none, if their keys hold).
marker="$(mktemp)"
trap 'rm -f "$marker"' EXIT
sleep 1 && touch "$marker"
target/release/bayan build --root "$with" --output "$out" >/dev/null
rewritten=$(find "$out/assets/cards" -name '*.png' -newer "$marker" | wc -l)
cards=$(find "$out/assets/cards" -name '*.png' | wc -l)
sizes=$(find "$out/assets/cards" -name '*.png' -printf '%s\n' | sort -n)
largest=$(echo "$sizes" | tail -1)
mean=$(echo "$sizes" | awk '{s+=$1} END {printf "%.0f", s/NR}')

# One core: cards drawn anew, less the same build without them.
rm -rf "$with/.bayan-cache"
one_with=$(RAYON_NUM_THREADS=1 taskset -c 0 bash -c "$(declare -f build); out='$out'; build '$with'")
one_without=$(RAYON_NUM_THREADS=1 taskset -c 0 bash -c "$(declare -f build); out='$out'; build '$without'")
rm -rf "$out" "$out.bayan-spare"

echo "machine: $(nproc) cores, $(uname -sr); $(target/release/bayan --version); corpus: $articles bilingual articles, 40 topics; $runs runs each, on disk"
python3 - "$articles" "$cards" "$rewritten" "$largest" "$mean" "$one_with" "$one_without" \
  "${plain[*]}" "$cold" "${warm[*]}" <<'PY'
import statistics, sys
articles, cards, rewritten, largest, mean = map(int, sys.argv[1:6])
one_with, one_without = map(float, sys.argv[6:8])
plain, cold, warm = ([float(x) for x in a.split()] for a in sys.argv[8:11])
p, c, w = (statistics.median(x) for x in (plain, cold, warm))
print(f"builds without cards: {' '.join(f'{x:.2f}' for x in plain)} s; with cached cards: {' '.join(f'{x:.2f}' for x in warm)} s")
print(f"cards: {cards} ({articles} articles and 40 topics in 2 languages, 2 homes); largest {largest / 1000:.1f} kB, mean {mean / 1000:.1f} kB   (target: <= 100 kB)")
print(f"one card on one core: {(one_with - one_without) / cards * 1000:.1f} ms   (target: <= 30 ms; one-thread builds: {one_with:.2f} s with cards drawn, {one_without:.2f} s without)")
print(f"build from empty, without cards:          {p:.2f} s")
print(f"build from empty, cards drawn anew:       {c:.2f} s   (+{(c / p - 1) * 100:.0f}%)")
print(f"build from empty, cards from the cache:   {w:.2f} s   (+{(w / p - 1) * 100:.0f}%; target: <= +25%)")
print(f"unchanged rebuild: {rewritten} cards written   (target: 0)")
PY
