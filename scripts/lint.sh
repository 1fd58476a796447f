#!/usr/bin/env bash
# `make lint`: formatting of changed C++ files (clang-format --dry-run) and clang-tidy over the sources
# (needs build/compile_commands.json from `make build`), plus the layering and error-catalogue checks.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
scripts/check-layers.sh || status=1
scripts/check-error-catalogue.sh || status=1
if command -v clang-format >/dev/null; then
  files=$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp')
  if ! clang-format --dry-run $files 2>/tmp/medrisk-format.log; then status=1; fi
  n=$(grep -c "warning:" /tmp/medrisk-format.log || true)
  echo "clang-format: $n lines differ from .clang-format (report: /tmp/medrisk-format.log)"
fi
if command -v clang-tidy >/dev/null && [ -f build/compile_commands.json ]; then
  git ls-files 'src/*.cpp' | grep -v 'platform/http/server/' |
    xargs -P "$(nproc)" -n 8 clang-tidy -p build --quiet 2>/dev/null | tee /tmp/medrisk-tidy.log | grep -E "warning:|error:" | head -50
  grep -qE "error:" /tmp/medrisk-tidy.log && status=1
fi
exit $status
