#!/usr/bin/env bash
# Cloudflare Pages build command.
#
# Copy this folder (build.sh and _headers) into the repository that holds your site, e.g. as
# cloudflare/, and replace https://github.com/OWNER/bayan below with the address of the bayan
# repository. In the Pages project's build settings, set:
#   Build command:           bash cloudflare/build.sh
#   Build output directory:  output
# Production builds use BAYAN_BASE_URL if you set it (Settings > Environment variables >
# Production, e.g. https://briefing.example.org/), so links point to your own domain; every
# other build uses the deployment's address, $CF_PAGES_URL.
#
# Cloudflare Pages serves the nearest 404.html up the path of a missing page, which for a bayan
# site is always /404.html.
#
# The site's _headers is _headers beside this script plus one rule per fingerprinted file
# (assets/css/site.3fa2c91b.css): those may be cached for a year, since a new version gets a new
# name. Files under their plain names (site.css, and the fonts the stylesheet asks for) keep
# Cloudflare's default, which revalidates, because their content changes under the same name.
# A _headers file takes at most 100 rules; past that, the rest of the files keep the default.
#
# BAYAN=/path/to/bayan uses a bayan already built instead of installing one; BAYAN_OUTPUT
# changes the output folder.
set -euo pipefail

bayan_git=https://github.com/OWNER/bayan
output=${BAYAN_OUTPUT:-output}
here=$(cd "$(dirname "$0")" && pwd)

bayan=${BAYAN:-}
if [ -z "$bayan" ]; then
  if ! command -v cargo >/dev/null 2>&1; then
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
  fi
  cargo install --locked --git "$bayan_git" bayan
  bayan=bayan
fi

base_url=${BAYAN_BASE_URL:-}
if [ -z "$base_url" ]; then
  base_url="${CF_PAGES_URL:?is not set: run this on Cloudflare Pages, or set BAYAN_BASE_URL}/"
fi
"$bayan" build --base-url "$base_url" --output "$output"

headers="$output/_headers"
if [ -f "$here/_headers" ]; then
  cp "$here/_headers" "$headers"
else
  : >"$headers"
fi
rules=$(grep -c '^/' "$headers" || true)
while IFS= read -r file; do
  # A fingerprint is eight hex digits after a dot, before the extension or at the end.
  [[ ${file##*/} =~ \.[0-9a-f]{8}(\.[^.]+)*$ ]] || continue
  if [ "$rules" -ge 100 ]; then
    echo "build.sh: _headers is full (100 rules); later fingerprinted files keep the default caching" >&2
    break
  fi
  printf '/%s\n  Cache-Control: public, max-age=31536000, immutable\n' "$file" >>"$headers"
  rules=$((rules + 1))
done < <(cd "$output" && find assets -type f | LC_ALL=C sort)
echo "build.sh: wrote $headers ($rules rules)"
