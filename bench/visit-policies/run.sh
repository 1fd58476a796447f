#!/usr/bin/env bash
# Runs bench_visit_policies on SQLite and on a throw-away PostgreSQL cluster (tests/support/pg-cluster.sh)
# and prints both sets of figures. Usage: bench/visit-policies/run.sh [BUILD_DIR] [SECONDS] [THREADS] [WORKERS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
seconds=${2:-10}
threads=${3:-16}
workers=${4:-8}
export MEDRISK_BINARY=$build/medrisk MEDRISK_HOME=$root
bench=$build/bench/visit-policies/bench_visit_policies
work=$(mktemp -d)
chmod 755 "$work"  # the PostgreSQL cluster runs as user postgres when we are root
trap '"$root/tests/support/pg-cluster.sh" stop "$work/pg" || true; rm -rf "$work"' EXIT
echo "== SQLite"
"$bench" --db "sqlite:$work/bench.db" --seconds "$seconds" --threads "$threads" --workers "$workers"
echo "== PostgreSQL"
"$root/tests/support/pg-cluster.sh" start "$work/pg" >/dev/null
"$bench" --db "$(cat "$work/pg/url")" --seconds "$seconds" --threads "$threads" --workers "$workers"
