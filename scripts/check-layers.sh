#!/usr/bin/env bash
# The dependency graph of DESIGN.md §3, checked on every #include: kernel ← platform ← modules ← app.
# kernel includes no other layer; platform no module; a module reaches another module only through
# that module's service.hpp; RESTinio appears only in platform/http/server/, Pango/Cairo/libqrencode only
# in platform/documents/.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
fail() { echo "layering: $1"; status=1; }

while IFS= read -r line; do
  file=${line%%:*}
  inc=$(sed -nE 's/.*#include [<"]([^>"]+)[>"].*/\1/p' <<<"${line#*:}")
  case "$file" in
    src/kernel/*)
      [[ $inc == platform/* || $inc == modules/* || $inc == app/* ]] && fail "$file includes $inc (kernel depends on nothing)";;
    src/platform/*)
      [[ $inc == modules/* || $inc == app/* ]] && fail "$file includes $inc (platform must not know modules)";;
    src/modules/*)
      mod=$(cut -d/ -f3 <<<"$file")
      [[ $inc == app/* ]] && fail "$file includes $inc"
      [[ $inc == platform/http/server/* ]] && fail "$file includes $inc (modules see only platform/http/router.hpp)"
      if [[ $inc == modules/* ]]; then
        other=$(cut -d/ -f2 <<<"$inc")
        [[ $other != "$mod" && $inc != "modules/$other/service.hpp" ]] &&
          fail "$file includes $inc (use modules/$other/service.hpp)"
      fi;;
  esac
  if [[ ($inc == pango/* || $inc == cairo* || $inc == qrencode.h) && $file != src/platform/documents/* ]]; then
    fail "$file includes $inc (Pango, Cairo and libqrencode stay behind platform/documents/renderer.hpp)"
  fi
  if [[ $inc == xlsxwriter* && $file != src/platform/exports/* ]]; then
    fail "$file includes $inc (libxlsxwriter stays behind platform/exports/xlsx.hpp)"
  fi
  if [[ $inc == restinio/* && $file != src/platform/http/server/* ]]; then
    fail "$file includes $inc (RESTinio stays in platform/http/server)"
  fi
done < <(grep -rnE '^\s*#include' src | sed -E 's/^([^:]+):[0-9]+:/\1:/')

[ $status = 0 ] && echo "layering: every include points inward"
exit $status
