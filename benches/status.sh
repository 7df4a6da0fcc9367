#!/usr/bin/env bash
# What `bayan status` costs on a large site.
#
#   benches/status.sh [RUNS] [ARTICLES...]      (defaults: 5 runs; 1000 10000 articles)
#
# For each size: writes the generated corpus (examples/corpus.rs: 40 topics, each article in
# Arabic and English) on disk under target/, records every English file as a current
# translation (`bayan translated`, timed once), then prints the median wall time and peak
# memory of `bayan status` over RUNS runs; edits one Arabic article and times `status` again
# (which then lists that one translation as outdated), and `status --json`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
[ -x /usr/bin/time ] || { echo "status.sh: needs GNU time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin bayan --example corpus
bayan=target/release/bayan

# "seconds peak-kB" of one run of bayan with the given arguments.
timed() {
  /usr/bin/time -f "%e %M" -o "$tmp" "$bayan" "$@" >/dev/null || true
  cat "$tmp"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
echo "machine: $(nproc) cores, $(uname -sr); $($bayan --version); $runs runs each, on disk"
printf '%-9s %-28s %10s %10s\n' articles step "median s" "peak MB"
for n in "${sizes[@]}"; do
  site="target/corpus-$n-status"
  target/release/examples/corpus --articles "$n" --topics 40 --out "$site" >/dev/null
  files=$(cd "$site" && ls content/articles/*.en.md content/topics/*.en.md content/pages/*.en.md 2>/dev/null | wc -l)
  read -r s kb < <(cd "$site" && /usr/bin/time -f "%e %M" -o "$tmp" ../../"$bayan" translated content/articles/*.en.md content/topics/*.en.md content/pages/*.en.md >/dev/null; cat "$tmp")
  printf '%-9s %-28s %10s %10.0f\n' "$n" "translated ($files files)" "$s" "$((kb / 1024))"
  for step in status edited json; do
    if [ "$step" = edited ]; then
      sed -i '0,/^## /s//## Edited: /' "$site/content/articles/article-0.ar.md"
    fi
    args=(status --root "$site")
    [ "$step" = json ] && args+=(--json)
    times=() peak=0
    for _ in $(seq 1 "$runs"); do
      read -r s kb < <(timed "${args[@]}")
      times+=("$s")
      [ "$kb" -gt "$peak" ] && peak=$kb
    done
    label="status"
    [ "$step" = edited ] && label="status, one original edited"
    [ "$step" = json ] && label="status --json"
    printf '%-9s %-28s %10s %10.0f\n' "$n" "$label" "$(printf '%s\n' "${times[@]}" | median)" "$((peak / 1024))"
  done
  outdated=$("$bayan" status --json --root "$site" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["outdated"]))')
  echo "$n articles: $outdated outdated after the edit (expected 1)"
done
