# The two commands of the README — `make run` and `make test` — plus the pieces they are made of.
# Both start with scripts/setup.sh, which installs only what is missing.
.PHONY: run test setup build web test-cpp test-browser test-asan test-ha test-faults test-nodes lint bench fuzz clean

JOBS ?= $(shell nproc)
BUILD := build
PORT ?= 8080

run: setup build web
	./$(BUILD)/medrisk --db sqlite:var/medrisk.db --keys var/keys.json serve --demo --port $(PORT) --static web/dist

test: setup build web
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 900
	$(MAKE) --no-print-directory lint-web test-browser

setup:
	@scripts/setup.sh

build:
	@cmake --preset release >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

web:
	@if [ -f web/package.json ]; then npm --prefix web run build --silent; fi

test-browser:
	@if [ -f web/package.json ]; then MEDRISK_BINARY=$(CURDIR)/$(BUILD)/medrisk npm --prefix web run test:browser; fi

lint-web:
	@if [ -f web/package.json ]; then npm --prefix web run lint --silent; fi

lint: setup build lint-web
	scripts/lint.sh

# The long crash suite (issue 17): 100 SIGKILL cycles under mixed write load per database (`make test`
# runs 10); prints cycles, acknowledged writes, lost, duplicated, integrity errors and the time.
FAULT_CYCLES ?= 100
test-faults: setup build
	cd $(BUILD) && MEDRISK_FAULT_CYCLES=$(FAULT_CYCLES) ctest -R 'pg_cluster|faults_kill_cycles' -V

# Three nodes on one PostgreSQL (tests/nodes) with the mixed write load running NODES_SECONDS (`make test`
# runs 20 s): prints acknowledged writes, lost/duplicated, jobs done twice, bank files and logouts checked.
NODES_SECONDS ?= 600
test-nodes: setup build
	cd $(BUILD) && MEDRISK_NODES_LOAD_SECONDS=$(NODES_SECONDS) ctest -R 'pg_cluster|nodes_pg' -V

# The unit and store (SQLite) tiers under ASan + UBSan (every UBSan finding fatal; third-party leak
# suppressions in cmake/sanitizers/lsan.supp).
test-asan: setup
	cmake --preset asan >/dev/null
	cmake --build build-asan -j$(JOBS) --target unit_and_store_tests
	cd build-asan && LSAN_OPTIONS=suppressions=$(CURDIR)/cmake/sanitizers/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -L 'fast|store' -j$(JOBS) --timeout 900

# PostgreSQL high availability: etcd + three Patroni members, two nodes, SIGKILL of the primary under a
# 90-second write load (make test runs the same script with a 30-second load as the CTest ha_failover).
test-ha: setup build
	@cmake --build $(BUILD) --target ha_load -j$(JOBS)
	tests/ha/run.sh $(CURDIR)/$(BUILD) 90

fuzz:
	@MEDRISK_SETUP_FUZZ=1 scripts/setup.sh
	fuzz/run.sh

bench: setup build
	@MEDRISK_SETUP_BENCH=1 scripts/setup.sh
	@cmake --build $(BUILD) --target benchmarks -j$(JOBS)
	@echo "== actuarial engine"; $(BUILD)/bench/actuarial/bench_actuarial
	@echo "== field encryption per crypto suite (default, gm)"; $(BUILD)/bench/crypto/bench_crypto
	@echo "== HTTP layer"; $(BUILD)/bench/http/bench_http
	@echo "== read endpoints vs nginx"; bench/http/read-endpoints.sh
	@echo "== per-visit micro-policy issuance"; bench/visit-policies/run.sh $(CURDIR)/$(BUILD)
	@echo "== risk database exposure import"; $(BUILD)/bench/risk/bench_risk_import
	@echo "== verifiable ledger (appends, proofs)"; $(BUILD)/bench/ledger/bench_ledger

clean:
	rm -rf $(BUILD) build-debug build-asan web/dist
