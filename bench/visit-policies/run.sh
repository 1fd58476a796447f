#!/usr/bin/env bash
# Runs bench_visit_policies on SQLite, on a throw-away PostgreSQL cluster (tests/support/pg-cluster.sh),
# and through nginx to two `medrisk serve` nodes on a second fresh cluster, and prints every set of
# figures (each beside the raw durable insert rate measured in the same run).
# Usage: bench/visit-policies/run.sh [BUILD_DIR] [SECONDS] [THREADS] [WORKERS]
# MEDRISK_BINARY (default BUILD_DIR/medrisk) names the server under test: an older build's binary can
# be measured with this bench. BENCH_LEGS picks legs (default "sqlite pg nginx").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
seconds=${2:-10}
threads=${3:-16}
workers=${4:-8}
legs=${BENCH_LEGS:-sqlite pg nginx}
export MEDRISK_BINARY=${MEDRISK_BINARY:-$build/medrisk} MEDRISK_HOME=$root
bench=$build/bench/visit-policies/bench_visit_policies
work=$(mktemp -d)
chmod 755 "$work"  # the PostgreSQL cluster runs as user postgres when we are root
trap '"$root/tests/support/pg-cluster.sh" stop "$work/pg" || true; "$root/tests/support/pg-cluster.sh" stop "$work/pg2" || true; rm -rf "$work"' EXIT
echo "server binary: $MEDRISK_BINARY"
if [[ " $legs " == *" sqlite "* ]]; then
  echo "== SQLite"
  "$bench" --db "sqlite:$work/bench.db" --seconds "$seconds" --threads "$threads" --workers "$workers"
fi
if [[ " $legs " == *" pg "* ]]; then
  echo "== PostgreSQL, one node"
  "$root/tests/support/pg-cluster.sh" start "$work/pg" >/dev/null
  "$bench" --db "$(cat "$work/pg/url")" --seconds "$seconds" --threads "$threads" --workers "$workers"
  "$root/tests/support/pg-cluster.sh" stop "$work/pg"
fi
if [[ " $legs " == *" nginx "* ]]; then
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "== nginx leg skipped: install Debian's nginx (MEDRISK_SETUP_BENCH=1 scripts/setup.sh)"
  else
    echo "== PostgreSQL, two nodes behind nginx"
    "$root/tests/support/pg-cluster.sh" start "$work/pg2" >/dev/null
    "$bench" --db "$(cat "$work/pg2/url")" --seconds "$seconds" --threads "$threads" --workers "$workers" --nginx 1
  fi
fi
