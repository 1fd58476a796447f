#!/usr/bin/env bash
# Every error code declared in an errors.hpp (`name = "code"`) has an entry in data/errors/*.json with
# zh-CN and en-US messages, and every catalogue entry is declared somewhere: no silent fallbacks.
set -euo pipefail
cd "$(dirname "$0")/.."
declared=$(grep -rhoE '= "[a-z0-9_]+";' --include='*errors.hpp' src | sed -E 's/= "([a-z0-9_]+)";/\1/' | sort -u)
catalogued=$(for f in data/errors/*.json; do grep -oE '^  "[a-z0-9_]+": \{' "$f" | sed -E 's/^  "([a-z0-9_]+)".*/\1/'; done | sort -u)
missing=$(comm -23 <(echo "$declared") <(echo "$catalogued"))
orphans=$(comm -13 <(echo "$declared") <(echo "$catalogued"))
status=0
if [ -n "$missing" ]; then echo "codes without a catalogue entry:"; echo "$missing"; status=1; fi
if [ -n "$orphans" ]; then echo "catalogue entries no errors.hpp declares:"; echo "$orphans"; status=1; fi
for f in data/errors/*.json; do
  if grep -qE '"(zh-CN|en-US)": ""' "$f"; then echo "$f has an empty message"; status=1; fi
done
[ $status = 0 ] && echo "error catalogue: $(echo "$declared" | wc -l) codes, all with messages"
exit $status
