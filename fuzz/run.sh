#!/usr/bin/env bash
# `make fuzz`: builds each libFuzzer target with clang (ASan + UBSan) and runs it for FUZZ_SECONDS
# (default 30) from its seed corpus in fuzz/corpus/<target>. New crashes land in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build-fuzz
mkdir -p "$out"
seconds=${FUZZ_SECONDS:-30}
flags="-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -Wno-unused-command-line-argument"
kernel=$(ls src/kernel/*.cpp)
actuarial=$(ls src/modules/actuarial/*.cpp | grep -v -e cli.cpp -e service.cpp -e routes.cpp -e store.cpp)
declare -A extra=([money_parse]="" [date_parse]="" [json_request]="src/platform/http/router.cpp"
                  [router_match]="src/platform/http/router.cpp" [actuarial_csv]="$actuarial"
                  [partner_request]="src/modules/insurance/visit_rules.cpp src/platform/crypto/crypto.cpp -lsodium"
                  [page_cursor]="src/platform/http/params.cpp src/platform/http/router.cpp"
                  [attachment_type]="src/modules/disputes/rules.cpp")
for target in ${FUZZ_TARGETS:-money_parse date_parse json_request router_match actuarial_csv partner_request page_cursor attachment_type}; do
  echo "== $target"
  clang++ $flags "fuzz/$target.cpp" $kernel ${extra[$target]} -o "$out/$target"
  mkdir -p "$out/corpus-$target"
  (cd "$out" && "./$target" -max_total_time="$seconds" -print_final_stats=1 "corpus-$target" "../fuzz/corpus/$target" 2>&1 |
     grep -E "stat::number_of_executed_units|ERROR|SUMMARY" || true)
done
