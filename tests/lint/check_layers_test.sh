#!/usr/bin/env bash
# Proves scripts/check-layers.sh catches what it promises: builds a tiny tree with two modules, checks
# that it passes clean, then plants one violation at a time (a cross-module SQL read, a cross-module
# include of a private header, the app including a service header) and expects a failure naming it.
set -uo pipefail
check=$(cd "$(dirname "$0")/../.." && pwd)/scripts/check-layers.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

make_tree() {
  rm -rf "$work/tree"; mkdir -p "$work/tree/src/modules/alpha" "$work/tree/src/modules/beta" "$work/tree/src/app"
  cat >"$work/tree/src/modules/alpha/store.cpp" <<'CPP'
#include "modules/alpha/store.hpp"
const char* kMigration = R"(CREATE TABLE alpha_items (id INTEGER PRIMARY KEY, name TEXT))";
const char* kRead = "SELECT name FROM alpha_items WHERE id = :id";
CPP
  cat >"$work/tree/src/modules/beta/store.cpp" <<'CPP'
#include "modules/beta/store.hpp"
#include "modules/alpha/api.hpp"
const char* kMigration = "CREATE TABLE beta_items (id INTEGER PRIMARY KEY, alpha_id INTEGER REFERENCES alpha_items(id))";
const char* kRead = "SELECT alpha_id FROM beta_items WHERE id = :id";
CPP
  cat >"$work/tree/src/app/main.cpp" <<'CPP'
#include "modules/alpha/api.hpp"
CPP
}

expect() {  # expect pass|fail "what" [pattern]
  local want=$1 what=$2 pattern=${3:-}
  out=$("$check" "$work/tree" 2>&1); rc=$?
  if [ "$want" = pass ] && [ $rc -ne 0 ]; then echo "FAIL ($what): expected a pass, got: $out"; failures=$((failures+1)); return; fi
  if [ "$want" = fail ]; then
    if [ $rc -eq 0 ]; then echo "FAIL ($what): the check passed"; failures=$((failures+1)); return; fi
    if ! grep -q -- "$pattern" <<<"$out"; then echo "FAIL ($what): output lacks '$pattern': $out"; failures=$((failures+1)); return; fi
  fi
  echo "ok: $what"
}

make_tree
expect pass "a clean tree (a foreign key to another module's table is allowed)"

make_tree
echo 'const char* kJoin = "SELECT b.id, a.name FROM beta_items b JOIN alpha_items a ON a.id = b.alpha_id";' >>"$work/tree/src/modules/beta/store.cpp"
expect fail "beta's SQL joins alpha's table" "src/modules/beta/store.cpp names table alpha_items, owned by alpha"

make_tree
printf 'const char* kWrite =\n    "UPDATE alpha_items SET name = :n";\n' >>"$work/tree/src/modules/beta/store.cpp"
expect fail "beta's SQL updates alpha's table" "names table alpha_items, owned by alpha"

make_tree
echo '#include "modules/alpha/store.hpp"' >>"$work/tree/src/modules/beta/store.cpp"
expect fail "beta includes alpha's store" "src/modules/beta/store.cpp includes modules/alpha/store.hpp"

make_tree
echo '#include "modules/beta/service.hpp"' >>"$work/tree/src/app/main.cpp"
expect fail "the app includes a service header" "src/app/main.cpp includes modules/beta/service.hpp"

make_tree
echo 'const char* kMigration2 = "CREATE TABLE alpha_items (id INTEGER)";' >>"$work/tree/src/modules/beta/store.cpp"
expect fail "two modules create the same table" "table alpha_items is created by both"

[ $failures = 0 ] && echo "check-layers: every planted violation was caught"
exit $failures
