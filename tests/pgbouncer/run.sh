#!/usr/bin/env bash
# Two `medrisk serve` nodes through PgBouncer in transaction mode (deploy/pgbouncer/pgbouncer.ini.in)
# in front of a throw-away PostgreSQL cluster, with --db-direct for LISTEN and the job locks. Checks:
#   - the demo seeds and both nodes serve through PgBouncer (every pooled transaction goes through it:
#     PgBouncer's own counters grow, and no node opened a pooled connection to PostgreSQL directly),
#   - writes and reads through the API on both nodes (complaints filed and read back across nodes),
#   - a logout on one node is effective on the other at the next request (pg_notify through PgBouncer,
#     LISTEN on the direct connection),
#   - no "prepared statement" error in any log (SOCI prepares statements; PgBouncer 1.18 does not
#     track protocol-level prepared statements in transaction mode),
#   - `medrisk audit verify` passes through PgBouncer afterwards.
# Usage: tests/pgbouncer/run.sh BUILD_DIR   (CTest pgbouncer_pg; MEDRISK_TEST_PG_URL_FILE names the
# cluster's URL file, else the script starts its own cluster with tests/support/pg-cluster.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
medrisk=$build/medrisk
command -v pgbouncer >/dev/null || { echo "tests/pgbouncer: pgbouncer is missing (scripts/setup.sh installs it)"; exit 1; }
work=$(mktemp -d /tmp/medrisk-pgbouncer.XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
own_cluster=0
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/pgbouncer.pid" ] && kill "$(cat "$work/pgbouncer.pid")" 2>/dev/null || true
  sleep 0.3
  [ $own_cluster = 1 ] && "$root/tests/support/pg-cluster.sh" stop "$work/pg" || true
  if [ "${MEDRISK_PGB_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "tests/pgbouncer: FAIL: $*"; for f in "$work"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 30 "$f"; }; done; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- PostgreSQL: the test tier's cluster (a database of our own on it) or a cluster of our own -------
if [ -n "${MEDRISK_TEST_PG_URL_FILE:-}" ] && [ -s "$MEDRISK_TEST_PG_URL_FILE" ]; then
  admin_url=$(cat "$MEDRISK_TEST_PG_URL_FILE")
else
  MEDRISK_PG_FAST=1 "$root/tests/support/pg-cluster.sh" start "$work/pg" >/dev/null
  own_cluster=1
  admin_url=$(cat "$work/pg/url")
fi
pg_port=$(sed -E 's#.*:([0-9]+)/.*#\1#' <<<"$admin_url")
db=t_pgbouncer_$RANDOM
psql -q "$admin_url" -c "CREATE DATABASE $db" >/dev/null
direct_url="postgresql://postgres@127.0.0.1:$pg_port/$db"

# --- PgBouncer from the deploy template ---------------------------------------------------------------
bouncer_port=$(free_port)
echo '"postgres" ""' >"$work/userlist.txt"
sed -e "s#@DB_NAME@#$db#g; s#@PG_HOST@#127.0.0.1#; s#@PG_PORT@#$pg_port#; s#@LISTEN_ADDR@#127.0.0.1#;
        s#@LISTEN_PORT@#$bouncer_port#; s#@AUTH_TYPE@#trust#; s#@AUTH_FILE@#$work/userlist.txt#;
        s#@ADMIN_USER@#postgres#g; s#@POOL_SIZE@#6#; s#@MAX_DB_CONNECTIONS@#8#;
        s#@LOG_FILE@#$work/pgbouncer.log#; s#@PID_FILE@#$work/pgbouncer.pid#" \
  "$root/deploy/pgbouncer/pgbouncer.ini.in" >"$work/pgbouncer.ini"
[ "$(id -u)" = 0 ] && chown -R postgres "$work"
as_pg pgbouncer -d "$work/pgbouncer.ini" >/dev/null 2>&1 || fail "pgbouncer did not start"
for _ in $(seq 1 50); do psql -q "postgresql://postgres@127.0.0.1:$bouncer_port/$db" -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done
pooled_url="postgresql://postgres@127.0.0.1:$bouncer_port/$db"
export MEDRISK_DB="$pooled_url" MEDRISK_DB_DIRECT="$direct_url" MEDRISK_KEYS="$work/keys.json"

# --- two nodes: 8 workers each (10 pooled connections) share PgBouncer's 6 server connections ----------
"$medrisk" serve --demo --no-jobs --port 0 >"$work/seed.log" 2>&1 &
seed=$!
for _ in $(seq 1 3000); do grep -q "listening on" "$work/seed.log" && break; sleep 0.1; done
grep -q "listening on" "$work/seed.log" || fail "the seeding node did not start"
kill $seed; wait $seed 2>/dev/null || true
ports=()
for n in 1 2; do
  port=$(free_port)
  "$medrisk" serve --demo --workers 8 --jobs-every 500 --port "$port" >"$work/node$n.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
done
for n in 1 2; do
  for _ in $(seq 1 300); do grep -q "listening on" "$work/node$n.log" && break; sleep 0.1; done
  grep -q "listening on" "$work/node$n.log" || fail "node $n did not start"
done

inst=$(psql -At "$direct_url" -c "SELECT id FROM organizations WHERE kind = 'medical_institution' ORDER BY id LIMIT 1")
python3 - "${ports[0]}" "${ports[1]}" "$inst" <<'PY' || fail "API checks"
import json, sys, urllib.request, urllib.error
a, b = (f"http://127.0.0.1:{p}" for p in sys.argv[1:3])
def call(base, method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token: req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            raw = r.read(); return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read(); return e.code, (json.loads(raw) if raw else None)
def login(base, user):
    s, body = call(base, "POST", "/api/v1/auth/login", {"username": user, "password": "medrisk-demo"})
    assert s == 200, (user, s, body); return body["token"]
def check(cond, what):
    if not cond: print("FAIL:", what); sys.exit(1)

patient = login(a, "patient")
inst = int(sys.argv[3])
filed = []
for i in range(20):
    base = a if i % 2 == 0 else b
    s, c = call(base, "POST", "/api/v1/complaints", {"institution_org_id": inst, "category": "diagnosis_treatment",
                "department": "全科", "incident_date": "2026-11-02", "narrative": f"经 PgBouncer 提交的第 {i} 条投诉。"}, patient)
    check(s == 201, f"complaint {i} on {base}: {s} {c}")
    filed.append(c["id"])
for i, cid in enumerate(filed):
    base = b if i % 2 == 0 else a   # read on the other node
    s, c = call(base, "GET", f"/api/v1/complaints/{cid}", token=patient)
    check(s == 200 and c["id"] == cid, f"complaint {cid} read back: {s}")
# a logout on node 1 ends the session on node 2 at its next request (pg_notify → LISTEN on --db-direct)
for rnd in range(5):
    t = login(a, "officer")
    check(call(b, "GET", "/api/v1/me", token=t)[0] == 200, "session works on node 2")
    check(call(a, "POST", "/api/v1/auth/logout", {}, t)[0] == 204, "logout on node 1")
    check(call(b, "GET", "/api/v1/me", token=t)[0] == 401, f"round {rnd}: logout effective on node 2")
    t = login(b, "officer")
    check(call(a, "GET", "/api/v1/me", token=t)[0] == 200, "session works on node 1")
    check(call(b, "POST", "/api/v1/auth/logout", {}, t)[0] == 204, "logout on node 2")
    check(call(a, "GET", "/api/v1/me", token=t)[0] == 401, f"round {rnd}: logout effective on node 1")
print(f"tests/pgbouncer: {len(filed)} complaints written and read back across 2 nodes, 10 logouts effective on the other node")
PY

# Every pooled transaction went through PgBouncer; only LISTEN and job-lock connections are direct.
xacts=$(psql -At "postgresql://postgres@127.0.0.1:$bouncer_port/pgbouncer" -c "SHOW STATS" | awk -F'|' -v db="$db" '$1 == db {print $2}')
[ "${xacts:-0}" -gt 100 ] || fail "PgBouncer counted ${xacts:-0} transactions"
direct=$(psql -At "$direct_url" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND client_port IS NOT NULL AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name NOT IN ('pgbouncer')")
servers=$(psql -At "$direct_url" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
echo "tests/pgbouncer: PgBouncer carried $xacts transactions; PostgreSQL sees $servers connections for 2 nodes of 10 pooled connections each"
[ "$servers" -le 14 ] || fail "$servers server connections: the pools are not going through PgBouncer (at most 8 + 2 LISTEN + 2 job locks + slack)"
if grep -qi "prepared statement" "$work"/node*.log "$work/pgbouncer.log"; then fail "a prepared-statement error"; fi

for pid in "${pids[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
pids=()
"$medrisk" audit verify >"$work/verify.log" 2>&1 || fail "audit verify"
cat "$work/verify.log"
psql -q "$admin_url" -c "DROP DATABASE $db" >/dev/null 2>&1 || true
echo "tests/pgbouncer: OK"
