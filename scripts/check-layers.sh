#!/usr/bin/env bash
# The dependency graph and table ownership of DESIGN.md §3, checked on every #include and every SQL
# string: kernel ← platform ← modules ← app.
#  - kernel includes no other layer; platform no module; RESTinio appears only in platform/http/server/,
#    Pango/Cairo/libqrencode only in platform/documents/, libxlsxwriter only in platform/exports/.
#  - A module, the app and tests/support reach a module only through its api.hpp; tests/<tier>/<m>/ may
#    also include module m's own headers (they test its insides).
#  - A table belongs to the module (or platform) whose migrations create it; a module's SQL
#    (FROM / JOIN / INTO / UPDATE / DELETE FROM / TABLE) names only its own tables. Foreign keys
#    (REFERENCES) to another module's table are allowed: they are schema integrity, not reads; so is a
#    one-time data move in a file named migration_from_<module>.cpp.
# Usage: check-layers.sh [ROOT] — ROOT defaults to the repository (tests plant violations in a copy).
set -uo pipefail
root=${1:-"$(dirname "$0")/.."}
cd "$root" || exit 2
status=0
fail() { echo "layering: $1"; status=1; }

check_module_include() {  # file, include, the module the file may see inside (or "")
  local file=$1 inc=$2 own=$3 other
  [[ $inc == modules/* ]] || return 0
  other=$(cut -d/ -f2 <<<"$inc")
  [[ -n $own && $other == "$own" ]] && return 0
  [[ $inc == "modules/$other/api.hpp" ]] || fail "$file includes $inc (use modules/$other/api.hpp)"
}

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
      check_module_include "$file" "$inc" "$mod";;
    src/app/*)
      check_module_include "$file" "$inc" "";;
    tests/unit/*|tests/store/*|tests/api/*)
      check_module_include "$file" "$inc" "$(cut -d/ -f3 <<<"$file")";;
    tests/*)
      check_module_include "$file" "$inc" "";;
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
done < <(grep -rnE --include='*.cpp' --include='*.hpp' '^\s*#include' src tests 2>/dev/null | sed -E 's/^([^:]+):[0-9]+:/\1:/')

# Table ownership: the owner of each table is the folder of the migration that creates it.
table_report=$(perl -e '
  use strict; use warnings;
  my %owner; my @files = @ARGV;
  sub owner_of { my ($f) = @_; return $f =~ m{^src/modules/([^/]+)/} ? $1 : "platform"; }
  sub literals {  # the text of every C++ string literal (raw strings too), joined
    my ($t) = @_; my @l;
    push @l, $1 while $t =~ /R"\((.*?)\)"/sg;
    $t =~ s/R"\(.*?\)"//sg;
    push @l, $1 while $t =~ /"((?:[^"\\\n]|\\.)*)"/g;
    return join(" ", @l);
  }
  my %text;
  for my $f (@files) { local $/; open(my $h, "<", $f) or next; $text{$f} = literals(<$h>); }
  for my $f (@files) {
    while ($text{$f} =~ /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/gi) {
      my ($t, $o) = (lc $1, owner_of($f));
      print "DUP $t $owner{$t} $o\n" if exists $owner{$t} && $owner{$t} ne $o;
      $owner{$t} = $o;
    }
  }
  # A one-time data move between modules (src/modules/<m>/migration_from_<other>.cpp, e.g. consent taking
  # over the disputes case_consents table) may read the tables of the other module; no other file may.
  for my $f (grep { m{^src/modules/} && !m{^src/modules/[a-z_]+/migration_from_[a-z_]+\.cpp$} } @files) {
    my $mine = owner_of($f);
    my %seen;
    while ($text{$f} =~ /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)/gi) {
      my $t = lc $1;
      next unless exists $owner{$t} && $owner{$t} ne $mine && !$seen{$t}++;
      print "USE $f $t $owner{$t}\n";
    }
  }
' $(find src -name '*.cpp' -o -name '*.hpp' 2>/dev/null | sort))
while read -r kind a b c; do
  [ -z "$kind" ] && continue
  case $kind in
    DUP) fail "table $a is created by both $b and $c";;
    USE) fail "$a names table $b, owned by $c (ask $c through modules/$c/api.hpp)";;
  esac
done <<<"$table_report"

[ $status = 0 ] && echo "layering: every include points inward and every module's SQL names only its own tables"
exit $status
