#!/usr/bin/env bash
# PostgreSQL high availability under load (issue 17): starts etcd and three Patroni members on 127.0.0.1
# from deploy/patroni/patroni.yml.in (synchronous replication), two `medrisk serve` nodes on a multi-host
# URL (target_session_attrs=read-write), runs a signed visit-policy write load against both nodes
# (tests/ha/ha_load), kills the primary member (Patroni and PostgreSQL) with SIGKILL, and checks:
#   - a new primary within 30 s,
#   - writes resume through the same two nodes (acknowledgements in the last 10 s of the load),
#   - every acknowledged write (visit policies; complaints with their timeline) is on the new primary,
#   - /readyz of a node answers 503 while there is no primary, and both nodes are ready again after,
#   - `medrisk audit verify` passes on the new primary.
# Usage: tests/ha/run.sh [BUILD_DIR] [LOAD_SECONDS]   (`make test-ha`; CTest runs a shorter load)
# Runs the PostgreSQL members as user postgres when root, like tests/support/pg-cluster.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
seconds=${2:-45}
kill_after=12
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
for tool in etcd patroni psql python3; do
  command -v "$tool" >/dev/null || { echo "tests/ha: $tool is missing (scripts/setup.sh installs it)"; exit 1; }
done
work=$(mktemp -d /tmp/medrisk-ha.XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
node_pids=()
cleanup() {
  for pid in "${node_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pkill -9 -f "$work/" 2>/dev/null || true  # Patroni members, their PostgreSQL, etcd
  sleep 0.5
  wait 2>/dev/null || true
  if [ "${MEDRISK_HA_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "tests/ha: FAIL: $*"; for f in "$work"/*.log "$work"/m*/patroni.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
http_code() { python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=2).status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print(0)
PY
}
# The member that Patroni reports as the leader, from any member's REST API ("" when none).
leader_of() { python3 - "$@" <<'PY'
import json, sys, urllib.request
for port in sys.argv[1:]:
    try:
        cluster = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/cluster", timeout=1))
    except Exception:
        continue
    for m in cluster.get("members", []):
        if m.get("role") == "leader" and m.get("state") == "running":
            print(m["name"]); sys.exit(0)
PY
}
members_streaming() { python3 - "$1" <<'PY'
import json, sys, urllib.request
try:
    cluster = json.load(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/cluster", timeout=1))
except Exception:
    print(0); sys.exit(0)
print(sum(1 for m in cluster.get("members", []) if m.get("state") in ("running", "streaming")))
PY
}

# --- etcd -----------------------------------------------------------------------------------------
etcd_client=$(free_port); etcd_peer=$(free_port)
etcd --name ha --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$etcd_client" \
  --advertise-client-urls "http://127.0.0.1:$etcd_client" --listen-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" --initial-cluster "ha=http://127.0.0.1:$etcd_peer" \
  >"$work/etcd.log" 2>&1 &
for _ in $(seq 1 50); do [ "$(http_code "http://127.0.0.1:$etcd_client/health")" = 200 ] && break; sleep 0.2; done
[ "$(http_code "http://127.0.0.1:$etcd_client/health")" = 200 ] || fail "etcd did not start"

# --- three Patroni members ------------------------------------------------------------------------
superuser_password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
replication_password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
declare -A pg_port rest_port
for m in 1 2 3; do
  pg_port[$m]=$(free_port); rest_port[$m]=$(free_port)
  dir="$work/m$m"; mkdir -p "$dir"
  sed -e "s|@MEMBER@|m$m|; s|@LISTEN_HOST@|127.0.0.1|g; s|@CONNECT_HOST@|127.0.0.1|g" \
      -e "s|@REST_PORT@|${rest_port[$m]}|g; s|@PG_PORT@|${pg_port[$m]}|g; s|@ETCD_HOSTS@|127.0.0.1:$etcd_client|" \
      -e "s|@TTL@|10|; s|@LOOP_WAIT@|1|; s|@RETRY_TIMEOUT@|4|; s|@CLIENT_CIDR@|127.0.0.1/32|g" \
      -e "s|@DATA_DIR@|$dir/data|; s|@BIN_DIR@|$bin|; s|@PGPASS@|$dir/pgpass|; s|@SOCKET_DIR@|$dir|" \
      -e "s|@SUPERUSER_PASSWORD@|$superuser_password|g; s|@REPLICATION_PASSWORD@|$replication_password|g" \
      "$root/deploy/patroni/patroni.yml.in" >"$dir/patroni.yml"
  [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
done
start_member() { as_pg patroni "$work/m$1/patroni.yml" >"$work/m$1/patroni.log" 2>&1 & }
start_member 1
for _ in $(seq 1 120); do [ "$(leader_of "${rest_port[1]}")" = m1 ] && break; sleep 0.5; done
[ "$(leader_of "${rest_port[1]}")" = m1 ] || fail "the first member did not bootstrap"
start_member 2; start_member 3
for _ in $(seq 1 240); do [ "$(members_streaming "${rest_port[1]}")" = 3 ] && break; sleep 0.5; done
[ "$(members_streaming "${rest_port[1]}")" = 3 ] || fail "the replicas did not start streaming"
echo "Patroni: 3 members on ports ${pg_port[1]}, ${pg_port[2]}, ${pg_port[3]} (leader m1), etcd on $etcd_client"

# --- two MedRisk nodes on the multi-host URL ------------------------------------------------------
url="postgresql://postgres:$superuser_password@127.0.0.1:${pg_port[1]},127.0.0.1:${pg_port[2]},127.0.0.1:${pg_port[3]}/postgres?target_session_attrs=read-write&connect_timeout=2"
start_node() {  # start_node N [--demo]
  local n=$1; shift
  local port; port=$(free_port)
  "$build/medrisk" --db "$url" --keys "$work/keys.json" serve --port "$port" --workers 8 "$@" >"$work/node$n.log" 2>&1 &
  node_pids+=($!)
  for _ in $(seq 1 120); do [ "$(http_code "http://127.0.0.1:$port/readyz")" = 200 ] && break; sleep 0.5; done
  [ "$(http_code "http://127.0.0.1:$port/readyz")" = 200 ] || fail "medrisk node $n did not become ready"
  eval "node${n}_port=$port"
}
start_node 1 --demo
start_node 2
key_line=$(grep -m1 -o 'Demo partner key of [^:]*: [^ ]* secret [^ ]*' "$work/node1.log") || fail "no demo partner key"
key_id=$(awk '{print $(NF-2)}' <<<"$key_line"); secret=$(awk '{print $NF}' <<<"$key_line")
echo "MedRisk: nodes on ports $node1_port and $node2_port"

# --- load, kill the primary, watch the failover -------------------------------------------------------
"$build/tests/ha_load" --ports "$node1_port,$node2_port" --key "$key_id" --secret "$secret" --seconds "$seconds" \
  --threads 8 --acked "$work/acked.txt" >"$work/load.out" 2>"$work/load.err" &
load_pid=$!
sleep "$kill_after"
old=$(leader_of "${rest_port[1]}" "${rest_port[2]}" "${rest_port[3]}")
[ -n "$old" ] || fail "no leader before the kill"
old_n=${old#m}
killed_at=$(date +%s.%N)
pkill -9 -f "$work/m$old_n/" || fail "could not kill $old"
echo "killed the primary $old (Patroni and PostgreSQL, SIGKILL) after ${kill_after} s of load"
survivors=()
for m in 1 2 3; do [ "$m" != "$old_n" ] && survivors+=("${rest_port[$m]}"); done
new=""
not_ready_seen=0
while [ -z "$new" ]; do
  [ "$(http_code "http://127.0.0.1:$node1_port/readyz")" = 503 ] && not_ready_seen=1
  new=$(leader_of "${survivors[@]}")
  [ "$new" = "$old" ] && new=""  # the survivors report the dead leader until its key expires
  elapsed=$(python3 -c "import time; print(round(time.time() - $killed_at, 1))")
  [ -n "$new" ] && break
  python3 -c "import sys; sys.exit(0 if $elapsed < 60 else 1)" || fail "no new primary 60 s after the kill"
  sleep 0.25
done
echo "new primary $new after ${elapsed} s"
wait "$load_pid" || fail "the load generator failed: $(cat "$work/load.err")"
cat "$work/load.out"

# --- checks ---------------------------------------------------------------------------------------------
python3 -c "import sys; sys.exit(0 if $elapsed < 30 else 1)" || fail "failover took ${elapsed} s (limit 30 s)"
[ "$not_ready_seen" = 1 ] || fail "/readyz never reported not-ready while there was no primary"
resumed=$(awk '/^last 10 s/ {print $4}' "$work/load.out")
[ "${resumed:-0}" -gt 0 ] || fail "writes did not resume after the failover"
new_port=${pg_port[${new#m}]}
acked=$(wc -l <"$work/acked.txt")
missing=$(PGPASSWORD=$superuser_password psql -X -q -v ON_ERROR_STOP=1 -At -h 127.0.0.1 -p "$new_port" -U postgres postgres <<SQL
CREATE TEMP TABLE acked (visit_id TEXT);
\copy acked FROM '$work/acked.txt'
SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM visit_policies v WHERE v.visit_id = a.visit_id);
CREATE TEMP TABLE acked_complaints (id BIGINT);
\copy acked_complaints FROM '$work/acked.txt.complaints'
SELECT count(*) FROM acked_complaints a WHERE NOT EXISTS (SELECT 1 FROM complaints c WHERE c.id = a.id);
SQL
)
missing=$(tr '\n' ' ' <<<"$missing")
complaints=$(wc -l <"$work/acked.txt.complaints")
echo "acknowledged writes: $acked visit policies and $complaints complaints; missing on the new primary: $missing"
[ "$missing" = "0 0 " ] || fail "acknowledged writes are missing after the failover (visit policies, complaints): $missing"
missing=0
[ "$missing" = 0 ] || fail "$missing acknowledged writes are missing after the failover"
for n in 1 2; do
  port_var="node${n}_port"
  [ "$(http_code "http://127.0.0.1:${!port_var}/readyz")" = 200 ] || fail "node $n is not ready after the failover"
done
"$build/medrisk" --db "$url" --keys "$work/keys.json" audit verify >"$work/verify.out" 2>&1 ||
  fail "audit verify after the failover: $(cat "$work/verify.out")"
echo "audit verify: $(tail -n 1 "$work/verify.out")"
echo "tests/ha: PASS (failover ${elapsed} s, ${acked} acknowledged writes, 0 lost)"
