#!/usr/bin/env bash
# `make fuzz`: builds each libFuzzer target with clang (ASan + UBSan, every finding fatal) and runs it for
# FUZZ_SECONDS (default 30) from its seed corpus in fuzz/corpus/<target>, FUZZ_JOBS (default 1) targets
# at a time; the fuzzers run under `nice -n 19` (builds go first). The corpus each run grows is kept in build-fuzz/corpus-<target>, so runs
# add up. Crashes land in build-fuzz/crash-<target>-*; one summary line per target is appended to
# build-fuzz/summary.tsv (target, seconds, executions, corpus entries, findings). Exit status 1 if any
# target found something. FUZZ_TARGETS picks targets; FUZZ_BUILD_ONLY=1 only builds.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build-fuzz
mkdir -p "$out/obj"
seconds=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-1}
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cxx="clang++ -std=c++20 -g -O1 -Isrc -DMEDRISK_DATA_DIR=\"$PWD/data\" -Wno-unused-command-line-argument"
kernel=$(ls src/kernel/*.cpp)
actuarial=$(ls src/modules/actuarial/*.cpp | grep -v -e cli.cpp -e service.cpp -e routes.cpp -e store.cpp -e module.cpp)
declare -A extra=([money_parse]="" [date_parse]="" [json_request]="src/platform/http/router.cpp"
                  [router_match]="src/platform/http/router.cpp" [actuarial_csv]="$actuarial"
                  [partner_request]="src/modules/insurance/visit_rules.cpp src/platform/crypto/crypto.cpp -lsodium"
                  [page_cursor]="src/platform/http/params.cpp src/platform/http/router.cpp"
                  [attachment_type]="src/modules/disputes/rules.cpp"
                  [exposure_csv]="src/modules/risk/rules.cpp"
                  [bank_reply]="src/modules/claims/channel.cpp src/platform/files.cpp -lspdlog -lfmt"
                  [check_digits]="src/modules/accounts/rules.cpp src/modules/insurance/visit_rules.cpp src/modules/reviews/rules.cpp src/platform/crypto/crypto.cpp -lsodium"
                  [query_string]="src/platform/http/params.cpp src/platform/http/router.cpp src/modules/risk/rules.cpp -lcpp-httplib"
                  [review_moderation]="src/modules/reviews/rules.cpp src/modules/reviews/parameters.cpp"
                  [ledger_proof]="src/platform/ledger/merkle.cpp -lsodium")
all_targets=$(ls fuzz/*.cpp | xargs -n1 basename | sed 's/\.cpp$//' | tr '\n' ' ')

# One object per source (coverage-instrumented, sanitized), rebuilt only when the source is newer.
object() {
  local src=$1 obj="$out/obj/$(echo "$1" | tr / _).o"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src -name '*.hpp' -newer "$obj" -print -quit)" ]; then
    $cxx $san -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
  fi
  echo "$obj"
}
build() {
  local target=$1 objs="" libs=""
  for f in $kernel ${extra[$target]:-}; do
    case $f in -l*) libs="$libs $f" ;; *) objs="$objs $(object "$f")" ;; esac
  done
  local bin="$out/$target" stale=0
  for f in "fuzz/$target.cpp" $objs; do [ -f "$bin" ] && [ ! "$f" -nt "$bin" ] || stale=1; done
  [ "$stale" = 0 ] || $cxx $san -fsanitize=fuzzer "fuzz/$target.cpp" $objs $libs -o "$bin"
}
run() {
  local target=$1 log="$out/log-$1.txt"
  mkdir -p "$out/corpus-$target"
  local start=$SECONDS status=0
  (cd "$out" && nice -n 19 "./$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
     -rss_limit_mb=1024 -artifact_prefix="crash-$target-" "corpus-$target" "../fuzz/corpus/$target" >"log-$target.txt" 2>&1) || status=$?
  local execs corpus findings
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  corpus=$(ls "$out/corpus-$target" | wc -l)
  findings=$(grep -c -E '^==[0-9]+==ERROR|runtime error|deadly signal|Timeout|out-of-memory' "$log" || true)
  [ "$status" = 0 ] || [ "$findings" != 0 ] || findings=1
  printf '%s\t%d\t%s\t%d\t%d\n' "$target" $((SECONDS - start)) "${execs:-0}" "$corpus" "$findings" | tee -a "$out/summary.tsv"
  [ "$findings" = 0 ] || { grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -5; return 1; }
}

targets=${FUZZ_TARGETS:-$all_targets}
for target in $targets; do echo "== build $target"; build "$target"; done
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0
echo "target	seconds	executions	corpus	findings"
failed=0
running=0
for target in $targets; do
  run "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n || failed=1; running=$((running - 1)); fi
done
while [ "$running" -gt 0 ]; do wait -n || failed=1; running=$((running - 1)); done
exit $failed
