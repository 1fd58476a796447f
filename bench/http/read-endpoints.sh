#!/usr/bin/env bash
# Read endpoints against nginx in the same run (DESIGN.md §7: within 2× of nginx serving a static file
# of the same size). Starts `medrisk serve --demo` on a throw-away SQLite database and an nginx serving
# the same /api/v1/me body as a file; wrk -t2 -c64 on each; prints req/s, p99 and the ratio.
# Needs wrk and nginx (Debian packages); both share the machine's cores with the server, as in
# STACK.md — compare the figures of one run only.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${MEDRISK_BINARY:-build/medrisk}
dur=${BENCH_SECONDS:-10}
tmp=$(mktemp -d)
port=$((20000 + RANDOM % 20000)); nport=$((port + 1))
"$bin" --db "sqlite:$tmp/b.db" --keys "$tmp/k.json" serve --demo --port "$port" --workers 4 >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; [ -f $tmp/nginx.pid ] && kill $(cat $tmp/nginx.pid) 2>/dev/null; rm -rf $tmp' EXIT
for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST -H 'content-type: application/json' -d '{"username":"officer","password":"medrisk-demo"}' \
  "http://127.0.0.1:$port/api/v1/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/')
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" >"$tmp/me.json"
mkdir -p "$tmp/www"; cp "$tmp/me.json" "$tmp/www/me.json"
cat >"$tmp/nginx.conf" <<CONF
worker_processes 2; pid $tmp/nginx.pid; error_log $tmp/nginx-error.log; daemon on;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$nport; root $tmp/www; location / { default_type application/json; } } }
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp"
sleep 0.3
run() {  # name url [header]
  local out
  if [ $# -ge 3 ]; then out=$(wrk -t2 -c64 -d"${dur}s" --latency -H "$3" "$2"); else out=$(wrk -t2 -c64 -d"${dur}s" --latency "$2"); fi
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-34s %10s req/s   p99 %s\n' "$1" "$rps" "$p99" >&2
  echo "$rps"
}
echo "body: $(wc -c <"$tmp/me.json") bytes; $dur s per run; wrk -t2 -c64" >&2
n=$(run "nginx static file (same body)" "http://127.0.0.1:$nport/me.json")
h=$(run "medrisk /healthz (no database)" "http://127.0.0.1:$port/healthz")
m=$(run "medrisk /api/v1/me (session + db)" "http://127.0.0.1:$port/api/v1/me" "Authorization: Bearer $token")
awk -v n="$n" -v h="$h" -v m="$m" 'BEGIN { printf "ratio nginx / medrisk: healthz %.2f×, /api/v1/me %.2f×\n", n/h, n/m }'
