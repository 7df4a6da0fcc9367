#!/usr/bin/env bash
# Lighthouse (mobile) on every kind of page of a built site, in both languages.
#
#   benches/lighthouse.sh [--report-only] [SITE_DIR]      (default: output/)
#
# SITE_DIR is a build for a domain root (the briefing's own base_url is one). The script serves
# it with nginx on a free port of 127.0.0.1, with deploy/nginx/root.conf (pretty URLs, the 404
# page, caching) inside an http block that compresses text as static hosts do: gzip, and brotli
# too when Debian's libnginx-mod-http-brotli-filter is installed. nginx runs in the foreground
# from a temporary folder, leaves the system's nginx alone and stops on exit.
#
# Lighthouse is npm `lighthouse`, pinned in benches/lighthouse/package.json and installed there
# once (`npm ci`), driving Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) headless
# with its default mobile emulation and simulated throttling. Pages: the landing page, and in
# each language the home, the topic index, the first topic, article and free page (by name) and
# the search page if the build has one.
#
# Prints one line per page: performance, accessibility, best practices and SEO (0-100) and the
# cumulative layout shift, then, for a page that misses a target, the audits that cost it.
# Targets: accessibility, best practices and SEO 100, performance at least 98, layout shift at
# most 0.01. Exits 1 if a page misses one, unless --report-only (or LIGHTHOUSE_REPORT_ONLY=1).
# The JSON reports stay in $LIGHTHOUSE_OUT (default target/lighthouse/). LIGHTHOUSE_RUNS=N runs
# each page N times and keeps the run with the median performance score (default 1);
# LIGHTHOUSE_PAGES="/en/ /ar/topics/" tests those paths instead.
# Needs node/npm, python3 and curl; installs nginx and chromium with apt-get if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

report_only="${LIGHTHOUSE_REPORT_ONLY:-0}"
site=""
for arg in "$@"; do
  case "$arg" in
    --report-only) report_only=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "lighthouse.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    *) site="$arg" ;;
  esac
done
site="$(realpath "${site:-output}")"
out="$(realpath -m "${LIGHTHOUSE_OUT:-target/lighthouse}")"
runs="${LIGHTHOUSE_RUNS:-1}"
chrome="${CHROME_PATH:-/usr/bin/chromium}"
[ -f "$site/ar/index.html" ] && [ -f "$site/en/index.html" ] ||
  { echo "lighthouse.sh: $site is not a built site (no ar/index.html, en/index.html); run bayan build" >&2; exit 2; }

# --- What it needs ----------------------------------------------------------------------------

export PATH="$PATH:/usr/sbin:/sbin"
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "lighthouse.sh: installing $* with apt-get" >&2
  # policy-rc.d (exit 101) keeps the nginx package from starting the system's server on port 80.
  local policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod 755 /usr/sbin/policy-rc.d
    policy=1
  fi
  # Waits for another apt run (a lock timeout) instead of failing.
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
  if [ -n "$policy" ]; then $sudo rm -f /usr/sbin/policy-rc.d; fi
}
missing=()
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
[ -x "$chrome" ] || missing+=(chromium fonts-liberation)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi

lh_dir=benches/lighthouse
if [ ! -x "$lh_dir/node_modules/.bin/lighthouse" ]; then
  if [ -f "$lh_dir/package-lock.json" ]; then
    (cd "$lh_dir" && npm ci --no-audit --no-fund --silent)
  else
    (cd "$lh_dir" && npm install --no-audit --no-fund --silent)
  fi
fi
lighthouse="$(realpath "$lh_dir/node_modules/.bin/lighthouse")"

# --- The server -------------------------------------------------------------------------------

tmp="$(mktemp -d)"
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
origin="http://127.0.0.1:$port"
# The recipe, with this address and folder.
sed -e "s|listen 80;|listen 127.0.0.1:$port;|" -e '/listen \[::\]:80;/d' \
  -e "s|root /var/www/briefing;|root $site;|" deploy/nginx/root.conf >"$tmp/site.conf"
brotli_module=/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so
text_types="text/css text/plain text/xml application/xml application/atom+xml application/json application/javascript text/javascript image/svg+xml"
if [ -f "$brotli_module" ]; then
  brotli_load="load_module $brotli_module;"
  brotli_on="brotli on; brotli_types $text_types;"
  compression="gzip and brotli"
else
  brotli_load="" brotli_on="" compression="gzip"
fi
cat >"$tmp/nginx.conf" <<EOF
$brotli_load
worker_processes 1;
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    gzip on;
    gzip_vary on;
    gzip_types $text_types;
    $brotli_on
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/site.conf;
}
EOF
nginx -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf" 2>>"$tmp/error.log" &
nginx_pid=$!
for _ in $(seq 1 50); do
  status="$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' "$origin/en/" || true)"
  [ "$status" = 200 ] && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$tmp/error.log" >&2; echo "lighthouse.sh: nginx did not start" >&2; exit 1; }
  sleep 0.1
done
[ "$status" = 200 ] || { cat "$tmp/error.log" >&2; echo "lighthouse.sh: $origin/en/ gave $status (can nginx's workers read $site?)" >&2; exit 1; }

# --- The pages --------------------------------------------------------------------------------

# first_dir DIR: the first sub-folder of DIR with an index.html, by name, skipping pagination.
first_dir() {
  find "$1" -mindepth 2 -maxdepth 2 -name index.html -not -path "$1/page/*" -printf '%h\n' 2>/dev/null |
    LC_ALL=C sort | head -n 1 | xargs -r basename
}
paths=(/)
for lang in ar en; do
  paths+=("/$lang/" "/$lang/topics/")
  topic="$(first_dir "$site/$lang/topics")"
  article="$(first_dir "$site/$lang/articles")"
  [ -n "$topic" ] && paths+=("/$lang/topics/$topic/")
  [ -n "$article" ] && paths+=("/$lang/articles/$article/")
  free="$(first_dir "$site/$lang/pages")"
  [ -n "$free" ] && paths+=("/$lang/pages/$free/")
  [ -f "$site/$lang/search/index.html" ] && paths+=("/$lang/search/")
done
if [ -n "${LIGHTHOUSE_PAGES:-}" ]; then read -r -a paths <<<"$LIGHTHOUSE_PAGES"; fi

mkdir -p "$out"
rm -f "$out"/*.report.json
reports=()
echo "lighthouse $("$lighthouse" --version), $("$chrome" --version 2>/dev/null | head -n 1), $(nginx -v 2>&1 | sed 's/.*: //') with $compression; $runs run(s) a page" >&2
for path in "${paths[@]}"; do
  name="$(printf '%s' "$path" | sed 's|^/||; s|/$||; s|/|-|g')"
  name="${name:-landing}"
  for run in $(seq 1 "$runs"); do
    echo "lighthouse.sh: $path (run $run of $runs)" >&2
    CHROME_PATH="$chrome" "$lighthouse" "$origin$path" --quiet \
      --chrome-flags="--headless=new --no-sandbox" \
      --only-categories=performance,accessibility,best-practices,seo \
      --output=json --output-path="$out/$name.$run.report.json" \
      || { echo "lighthouse.sh: lighthouse failed on $path" >&2; exit 1; }
  done
  reports+=("$path" "$out/$name")
done

python3 - "$report_only" "$runs" "${reports[@]}" <<'PY'
import json, statistics, sys

report_only, runs, args = sys.argv[1] == "1", int(sys.argv[2]), sys.argv[3:]
cats = ["performance", "accessibility", "best-practices", "seo"]
# The lowest score each category may have, and the most layout shift.
floor = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
max_cls = 0.01

def score(report, cat):
    s = report["categories"][cat]["score"]
    return -1 if s is None else round(s * 100)

print(f"{'page':44}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}{'CLS':>8}")
missed = 0
for path, stem in zip(args[::2], args[1::2]):
    reps = [json.load(open(f"{stem}.{i}.report.json")) for i in range(1, runs + 1)]
    # The run with the median performance score stands for the page.
    reps.sort(key=lambda r: score(r, "performance"))
    rep = reps[(len(reps) - 1) // 2]
    scores = {c: score(rep, c) for c in cats}
    cls = rep["audits"]["cumulative-layout-shift"]["numericValue"]
    bad = [c for c in cats if scores[c] < floor[c]]
    if cls > max_cls:
        bad.append("CLS")
    print(f"{path:44}" + "".join(f"{scores[c]:6}" for c in cats) + f"{cls:8.3f}" + ("   MISSED: " + ", ".join(bad) if bad else ""))
    if not bad:
        continue
    missed += 1
    # What cost the points: audits below full marks that carry weight in a missed category.
    for c in cats:
        if scores[c] >= floor[c] and not (c == "performance" and "CLS" in bad):
            continue
        for ref in rep["categories"][c]["auditRefs"]:
            a = rep["audits"][ref["id"]]
            if ref["weight"] > 0 and a.get("score") is not None and a["score"] < 1:
                shown = a.get("displayValue", "")
                print(f"    {c}: {ref['id']} {a['score']:.2f} {shown}".rstrip())
if missed:
    print(f"{missed} page(s) missed a target (performance >= 98, the others 100, CLS <= {max_cls})")
sys.exit(1 if missed and not report_only else 0)
PY
