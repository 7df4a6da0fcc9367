#!/usr/bin/env bash
# Checks the deploy recipes. Run from anywhere in the repository, as root (or with sudo) on a
# Debian machine: `deploy/test.sh`.
#
# - installs nginx, apache2, caddy, curl and Python's YAML module from Debian if they are
#   missing (without starting their system services);
# - parses the GitHub, GitLab and Netlify recipes and checks what they build and publish, and
#   runs the Cloudflare build script against a local build;
# - validates every nginx, Apache and Caddy recipe;
# - builds the briefing for http://127.0.0.1:PORT/briefing/, serves it with nginx and
#   deploy/nginx/subfolder.conf, fetches every address of its sitemap (status 200 and the right
#   Content-Type) and a missing page (status 404, the site's 404 page, whose stylesheet loads);
# - serves the briefing with each other recipe (nginx at the root, Apache and Caddy at the root
#   and in the sub-folder) and checks its home, its 404 page and that page's stylesheet.
#
# Servers run in the foreground from a temporary folder, with their own pid, log and temp files,
# on free ports of 127.0.0.1; they leave the system's servers and configuration alone and stop on
# exit. BAYAN=path/to/bayan uses that binary instead of `cargo build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "deploy/test.sh: $*" >&2
  exit 1
}

# --- What the checks need -------------------------------------------------------------------

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
policy_made=""
tmp=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$policy_made" ]; then $sudo rm -f /usr/sbin/policy-rc.d; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# The servers' workers run as nobody and must read the builds.
chmod 755 "$tmp"

export PATH="$PATH:/usr/sbin:/sbin"
export DEBIAN_FRONTEND=noninteractive
apt_updated=""
apt_update() {
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
}
apt_install() {
  apt_update
  # Installing a web server must not start it on port 80: policy-rc.d (exit 101) tells the
  # packages' scripts not to start services. One already present is left as it is.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod 755 /usr/sbin/policy-rc.d
    policy_made=1
  fi
  $sudo apt-get install -y -qq "$@" >/dev/null
  if [ -n "$policy_made" ]; then
    $sudo rm -f /usr/sbin/policy-rc.d
    policy_made=""
  fi
}

missing=()
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v apache2 >/dev/null 2>&1 || missing+=(apache2)
have_caddy=1
if ! command -v caddy >/dev/null 2>&1; then
  apt_update
  policy=$(apt-cache policy caddy 2>/dev/null || true)
  if [[ $policy == *"Candidate: "[0-9]* ]]; then
    missing+=(caddy)
  else
    have_caddy=""
    echo "deploy: NOTE: this Debian has no caddy package; the Caddy recipes are not checked"
  fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "deploy: installing ${missing[*]} from Debian"
  apt_install "${missing[@]}"
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  fail "python3 is older than 3.11, which has tomllib"
if ! python3 -c 'import yaml' 2>/dev/null; then
  if [ "$(command -v python3)" = /usr/bin/python3 ]; then
    apt_install python3-yaml
  else
    python3 -m pip install --quiet pyyaml
  fi
fi

# A free port on 127.0.0.1, from $1 up.
free_port() {
  python3 - "$1" <<'EOF'
import socket, sys
start = int(sys.argv[1])
for port in [*range(start, start + 100), 0]:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    print(s.getsockname()[1])
    break
EOF
}

# curl against 127.0.0.1 only, with bounded time; prints "status content-type" (000 when
# nothing answered).
get() { # URL BODY-FILE
  curl --noproxy '*' --silent --show-error --connect-timeout 2 --max-time 10 \
    --output "$2" --write-out '%{http_code} %{content_type}' "$1" || true
}

wait_for() { # NAME URL PID LOG...
  local name=$1 url=$2 pid=$3 _
  shift 3
  for _ in $(seq 100); do
    if curl --noproxy '*' --silent --output /dev/null --max-time 1 "$url"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { cat "$@" >&2 2>/dev/null || true; fail "$name exited before serving"; }
    sleep 0.1
  done
  cat "$@" >&2 2>/dev/null || true
  fail "$name did not answer at $url"
}

# Replaces placeholders in a recipe's copy and checks each was there.
substitute() { # FILE FROM TO [FROM TO]...
  local file=$1
  shift
  while [ "$#" -ge 2 ]; do
    grep -qF -- "$1" "$file" || fail "$file no longer contains '$1'"
    FROM=$1 TO=$2 python3 -c '
import os, sys
p = sys.argv[1]
s = open(p).read().replace(os.environ["FROM"], os.environ["TO"])
open(p, "w").write(s)' "$file"
    shift 2
  done
}

# --- bayan and the two builds ---------------------------------------------------------------

if [ -n "${BAYAN:-}" ]; then
  bayan=$(cd "$(dirname "$BAYAN")" && pwd)/$(basename "$BAYAN")
else
  cargo build --release --quiet
  bayan="${CARGO_TARGET_DIR:-$PWD/target}/release/bayan"
fi
[ -x "$bayan" ] || fail "no bayan binary at $bayan"

port=$(free_port 18080)
base="http://127.0.0.1:$port/briefing/"
"$bayan" build --base-url "$base" --output "$tmp/briefing" >/dev/null
site="$tmp/briefing"
"$bayan" build --base-url "http://127.0.0.1:$port/" --output "$tmp/root" >/dev/null
chmod -R a+rX "$tmp"

# --- GitHub Pages, GitLab Pages, Netlify --------------------------------------------------------

python3 - deploy/github-pages.yml deploy/gitlab-ci.yml deploy/netlify.toml <<'EOF'
import sys, tomllib, yaml

def need(cond, what):
    if not cond:
        sys.exit(f"deploy/test.sh: {what}")

gh_path, gl_path, nl_path = sys.argv[1:]
gh = yaml.safe_load(open(gh_path))
on = gh.get("on", gh.get(True))  # YAML 1.1 reads a bare `on` as true
need(isinstance(on, dict) and "push" in on, f"{gh_path}: no push trigger")
perms = gh.get("permissions", {})
need(perms.get("pages") == "write" and perms.get("id-token") == "write",
     f"{gh_path}: needs permissions pages: write and id-token: write")
need(gh.get("concurrency", {}).get("group"), f"{gh_path}: no concurrency group")
steps = [s for job in gh["jobs"].values() for s in job.get("steps", [])]
uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
for action in ("actions/checkout", "actions/configure-pages",
               "actions/upload-pages-artifact", "actions/deploy-pages"):
    need(action in uses, f"{gh_path}: does not use {action}")
runs = "\n".join(s.get("run", "") for s in steps)
need("cargo install --locked --git" in runs, f"{gh_path}: does not install bayan")
pages_id = uses["actions/configure-pages"].get("id")
need(f'--base-url "${{{{ steps.{pages_id}.outputs.base_url }}}}/"' in runs,
     f"{gh_path}: does not build with configure-pages' base_url")
out = uses["actions/upload-pages-artifact"].get("with", {}).get("path")
need(out and f"--output {out}" in runs, f"{gh_path}: uploads {out!r}, not the build's output")
deploy = [j for j in gh["jobs"].values()
          if any(s.get("uses", "").startswith("actions/deploy-pages") for s in j.get("steps", []))]
need(deploy and deploy[0].get("environment", {}).get("name") == "github-pages",
     f"{gh_path}: the deploy job needs the github-pages environment")

gl = yaml.safe_load(open(gl_path))
need("pages" in gl, f"{gl_path}: no pages job")
script = "\n".join(gl["pages"].get("script", []))
need("cargo install --locked --git" in script, f"{gl_path}: does not install bayan")
need('--base-url "$CI_PAGES_URL/"' in script and "--output public" in script,
     f"{gl_path}: must build with $CI_PAGES_URL into public")
need(gl["pages"].get("artifacts", {}).get("paths") == ["public"], f"{gl_path}: artifacts must be public")

nl = tomllib.load(open(nl_path, "rb"))
need(nl.get("build", {}).get("publish") == "output", f"{nl_path}: publish must be output")
ctx = nl.get("context", {})
need('--base-url "$URL/"' in ctx.get("production", {}).get("command", ""),
     f"{nl_path}: production must build with $URL")
need('--base-url "$DEPLOY_PRIME_URL/"' in ctx.get("deploy-preview", {}).get("command", ""),
     f"{nl_path}: deploy previews must build with $DEPLOY_PRIME_URL")
rules = {(r.get("from"), r.get("to"), r.get("status")) for r in nl.get("redirects", [])}
for lang in ("ar", "en"):
    need((f"/{lang}/*", "/404.html", 404) in rules, f"{nl_path}: no 404 rule for /{lang}/*")
EOF

# --- Cloudflare Pages: the build script and the _headers it writes ------------------------------

bash -n deploy/cloudflare/build.sh
env -u BAYAN_BASE_URL BAYAN="$bayan" BAYAN_OUTPUT="$tmp/cloudflare" CF_PAGES_URL="http://127.0.0.1:$port" \
  bash deploy/cloudflare/build.sh >"$tmp/cloudflare.log" 2>&1 ||
  { cat "$tmp/cloudflare.log" >&2; fail "deploy/cloudflare/build.sh failed"; }
[ -f "$tmp/cloudflare/404.html" ] || fail "deploy/cloudflare/build.sh wrote no site"
immutable=0
while IFS= read -r rule; do
  case $rule in
    /assets/*)
      [ -f "$tmp/cloudflare$rule" ] || fail "_headers names $rule, which the build does not have"
      [[ ${rule##*/} =~ \.[0-9a-f]{8}(\.[^.]+)*$ ]] || fail "_headers caches $rule, which is not fingerprinted"
      immutable=$((immutable + 1))
      ;;
  esac
done <"$tmp/cloudflare/_headers"
expected=$(cd "$tmp/cloudflare" && find assets -type f | grep -cE '\.[0-9a-f]{8}(\.[^/.]+)*$')
[ "$immutable" -eq "$expected" ] ||
  fail "_headers caches $immutable fingerprinted files of $expected"

# --- nginx ------------------------------------------------------------------------------------

nginx_conf() { # DIR RECIPE-COPY
  cat >"$1/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $1/nginx.pid;
error_log $1/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $1/access.log;
    client_body_temp_path $1/body;
    proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
    include $2;
}
EOF
  nginx -t -q -p "$1" -e "$1/error.log" -c "$1/nginx.conf" 2>"$1/test.log" ||
    { cat "$1/test.log" >&2; fail "nginx -t rejects $2"; }
}

start_nginx() { # DIR NAME URL
  nginx -p "$1" -e "$1/error.log" -c "$1/nginx.conf" 2>>"$1/stderr.log" &
  pids+=("$!")
  wait_for "$2" "$3" "$!" "$1/error.log" "$1/stderr.log"
}

stop_last() {
  local pid=${pids[-1]}
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset 'pids[-1]'
}

# The home, a missing page (the site's 404 page, status 404) and the 404 page's stylesheet.
check_404() { # NAME ORIGIN PREFIX SITE-DIR
  local name=$1 origin=$2 prefix=$3 dir=$4 got css
  got=$(get "$origin$prefix" "$tmp/body")
  [[ $got == "200 text/html"* ]] || fail "$name: $origin$prefix gave $got"
  got=$(get "$origin${prefix}en/no-such-page/" "$tmp/body")
  [[ $got == "404 text/html"* ]] || fail "$name: a missing page gave $got, not 404 text/html"
  cmp -s "$tmp/body" "$dir/404.html" || fail "$name: a missing page is not the site's 404.html"
  css=$(grep -m 1 -o '<link rel="stylesheet" href="[^"]*"' "$tmp/body" | sed 's/.*href="//; s/"$//' || true)
  [ -n "$css" ] || fail "$name: the 404 page links no stylesheet"
  got=$(get "$origin$css" "$tmp/css")
  [[ $got == "200 text/css"* ]] || fail "$name: the 404 page's stylesheet $css gave $got"
}

# nginx, sub-folder: every address of the sitemap, the 404 page and caching.
mkdir -p "$tmp/nginx-sub"
cp deploy/nginx/subfolder.conf "$tmp/nginx-sub/site.conf"
substitute "$tmp/nginx-sub/site.conf" \
  "listen 80;" "listen 127.0.0.1:$port;" \
  "listen [::]:80;" "" \
  "alias /var/www/briefing/;" "alias $site/;"
nginx_conf "$tmp/nginx-sub" "$tmp/nginx-sub/site.conf"
origin="http://127.0.0.1:$port"
start_nginx "$tmp/nginx-sub" "nginx (sub-folder)" "$origin/briefing/"

got=$(get "$base/sitemap.xml" "$tmp/sitemap.xml")
[[ $got == 200* ]] || fail "nginx: sitemap.xml gave $got"
urls=$(grep -o '<loc>[^<]*</loc>' "$tmp/sitemap.xml" | sed 's/<loc>//; s/<\/loc>//; s/&amp;/\&/g')
[ -n "$urls" ] || fail "the sitemap lists no address"
for extra in sitemap.xml robots.txt ar/atom.xml en/atom.xml; do
  [ -f "$site/$extra" ] && urls+=$'\n'"$base$extra"
done
ok=0
while IFS= read -r url; do
  [[ $url == "$base"* ]] || fail "the sitemap lists $url, outside $base"
  case $url in
    */ | *.html) want='^text/html; charset=utf-8$' ;;
    *.xml) want='^(application/xml|text/xml|application/atom\+xml)(;|$)' ;;
    */robots.txt) want='^text/plain(;|$)' ;;
    *) fail "no Content-Type expected for $url" ;;
  esac
  got=$(get "$url" "$tmp/body")
  [ "${got%% *}" = 200 ] || fail "nginx: $url gave status ${got%% *}"
  [[ ${got#* } =~ $want ]] || fail "nginx: $url has Content-Type '${got#* }'"
  ok=$((ok + 1))
done < <(printf '%s\n' "$urls" | sort -u)

check_404 "nginx (sub-folder)" "$origin" /briefing/ "$site"
redirect=$(curl --noproxy '*' -s -o /dev/null --max-time 10 -w '%{http_code} %{redirect_url}' "$origin/briefing")
[[ $redirect == 301\ */briefing/ ]] || fail "nginx: /briefing gave '$redirect', not a redirect to /briefing/"
hashed=$(grep -m 1 -o '<link rel="stylesheet" href="[^"]*"' "$site/404.html" | sed 's/.*href="//; s/"$//')
plain=$(printf '%s' "$hashed" | sed 's/\.[0-9a-f]\{8\}\././')
[ "$hashed" != "$plain" ] || fail "the 404 page's stylesheet $hashed has no fingerprint"
cache_control() { # URL: the response's Cache-Control header, if any
  curl --noproxy '*' -s -D - -o /dev/null --max-time 10 "$1" | tr -d '\r' | sed -n 's/^[Cc]ache-[Cc]ontrol: *//p'
}
[[ $(cache_control "$origin$hashed") == *immutable* ]] || fail "nginx: $hashed is not cached as immutable"
[[ $(cache_control "$origin$plain") != *immutable* ]] || fail "nginx: $plain, a plain name, is cached as immutable"
stop_last

# nginx at the root.
rport=$(free_port $((port + 1)))
mkdir -p "$tmp/nginx-root"
cp deploy/nginx/root.conf "$tmp/nginx-root/site.conf"
substitute "$tmp/nginx-root/site.conf" \
  "listen 80;" "listen 127.0.0.1:$rport;" \
  "listen [::]:80;" "" \
  "root /var/www/briefing;" "root $tmp/root;"
nginx_conf "$tmp/nginx-root" "$tmp/nginx-root/site.conf"
start_nginx "$tmp/nginx-root" "nginx (root)" "http://127.0.0.1:$rport/"
check_404 "nginx (root)" "http://127.0.0.1:$rport" / "$tmp/root"
stop_last
served="nginx at the root"

# --- Apache -----------------------------------------------------------------------------------

apache() { # NAME RECIPE SITE-DIR PREFIX
  local name=$1 dir="$tmp/apache-$2" aport
  aport=$(free_port $((port + 2)))
  mkdir -p "$dir"
  cp "deploy/apache/$2.conf" "$dir/site.conf"
  substitute "$dir/site.conf" "/var/www/briefing" "$3"
  if grep -q '<VirtualHost \*:80>' "$dir/site.conf"; then
    substitute "$dir/site.conf" "<VirtualHost *:80>" "<VirtualHost *:$aport>"
  fi
  local m=/usr/lib/apache2/modules user=""
  [ "$(id -u)" -ne 0 ] || user=$'User nobody\nGroup nogroup'
  cat >"$dir/httpd.conf" <<EOF
ServerRoot $dir
ServerName 127.0.0.1
DefaultRuntimeDir $dir
PidFile $dir/httpd.pid
ErrorLog $dir/error.log
Mutex file:$dir default
Listen 127.0.0.1:$aport
$user
LoadModule mpm_event_module $m/mod_mpm_event.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule dir_module $m/mod_dir.so
LoadModule mime_module $m/mod_mime.so
LoadModule alias_module $m/mod_alias.so
LoadModule headers_module $m/mod_headers.so
TypesConfig /etc/mime.types
Include $dir/site.conf
EOF
  apache2 -t -f "$dir/httpd.conf" >"$dir/test.log" 2>&1 || { cat "$dir/test.log" >&2; fail "apache2 -t rejects deploy/apache/$2.conf"; }
  apache2 -f "$dir/httpd.conf" -D FOREGROUND 2>>"$dir/error.log" &
  pids+=("$!")
  wait_for "$name" "http://127.0.0.1:$aport$4" "$!" "$dir/error.log"
  check_404 "$name" "http://127.0.0.1:$aport" "$4" "$3"
  stop_last
}
apache "Apache (root)" root "$tmp/root" /
apache "Apache (sub-folder)" subfolder "$site" /briefing/
served+=", Apache at the root and in the sub-folder"

# --- Caddy ------------------------------------------------------------------------------------

valid="nginx, apache"
if [ -n "$have_caddy" ]; then
  export HOME="$tmp/caddy-home" XDG_DATA_HOME="$tmp/caddy-home/data" XDG_CONFIG_HOME="$tmp/caddy-home/config"
  mkdir -p "$HOME"
  caddy_run() { # NAME RECIPE SITE-DIR PREFIX
    local name=$1 dir="$tmp/caddy-$2" cport
    caddy validate --adapter caddyfile --config "deploy/caddy/Caddyfile.$2" >"$tmp/caddy-validate.log" 2>&1 ||
      { cat "$tmp/caddy-validate.log" >&2; fail "caddy validate rejects deploy/caddy/Caddyfile.$2"; }
    cport=$(free_port $((port + 3)))
    mkdir -p "$dir"
    { printf '{\n\tadmin off\n}\n'; cat "deploy/caddy/Caddyfile.$2"; } >"$dir/Caddyfile"
    substitute "$dir/Caddyfile" "/var/www/briefing" "$3" $'\nexample.org {' $'\nhttp://127.0.0.1:'"$cport"' {'
    caddy run --adapter caddyfile --config "$dir/Caddyfile" >"$dir/log" 2>&1 &
    pids+=("$!")
    wait_for "$name" "http://127.0.0.1:$cport$4" "$!" "$dir/log"
    check_404 "$name" "http://127.0.0.1:$cport" "$4" "$3"
    stop_last
  }
  caddy_run "Caddy (root)" root "$tmp/root" /
  caddy_run "Caddy (sub-folder)" subfolder "$site" /briefing/
  valid+=", caddy"
  served+=", Caddy at the root and in the sub-folder"
else
  valid+=", caddy skipped (no Debian package)"
fi

echo "deploy: $ok URLs 200, 404 page served with its stylesheet; recipes valid: $valid, yaml, toml, cloudflare build.sh; also served: $served"
