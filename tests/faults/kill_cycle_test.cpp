// The crash suite of issue 17: N cycles (MEDRISK_FAULT_CYCLES, default 10; `make test-faults` runs
// 100) of the real server under mixed write load — per-visit policies through the signed partner
// API, case events, claim payments with an Idempotency-Key — killed with SIGKILL at a random moment,
// then `medrisk audit verify` (and SQLite's integrity check) on the dead server's database, a restart,
// the client's retries of what was left in doubt, and a comparison of every acknowledged write with
// the database: 0 lost, 0 duplicated, 0 integrity errors, the ledger balanced after every cycle.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

#include "platform/db/sqlite_backup.hpp"
#include "support/api_fixture.hpp"
#include "support/write_load.hpp"

namespace medrisk::testing {
namespace {

using Clock = std::chrono::steady_clock;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

TEST(KillCycles, NoAcknowledgedWriteIsLostOrDuplicatedAndTheChainAndLedgerHold) {
  const int cycles = env_int("MEDRISK_FAULT_CYCLES", 10);
  const unsigned seed =
      static_cast<unsigned>(env_int("MEDRISK_FAULT_SEED", static_cast<int>(std::random_device{}() % 100000)));
  std::cout << "kill cycles: " << cycles << ", seed " << seed << " (MEDRISK_FAULT_SEED repeats a run)" << std::endl;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> kill_after_ms(200, 1500);

  auto dir = temp_dir("faults");
  auto keys = dir / "keys.json";
  std::string url = fresh_database_url("kill_cycles");
  ServerProcess server(url, keys, {"--demo", "--bank-dir", (dir / "bank").string()});
  server.start();
  LoadFixture fx = LoadFixture::prepare(server);

  auto t0 = Clock::now();
  std::vector<Write> acknowledged;
  long long in_doubt = 0, retried = 0, events_in_doubt = 0, integrity_errors = 0, lost = 0, duplicated = 0;
  std::map<WriteKind, long long> by_kind;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    SCOPED_TRACE("cycle " + std::to_string(cycle));
    if (!server.running()) server.start();
    MixedWriteLoad load(server.port(), fx, "k" + std::to_string(cycle));
    load.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(rng)));
    server.kill9();
    load.stop();
    for (const auto& u : load.unexpected()) ADD_FAILURE() << "unexpected answer: " << u;

    // The dead server's database, before anything else opens it for writing.
    std::string out;
    if (run_cli({"--db", url, "--keys", keys.string(), "audit", "verify"}, out) != 0) {
      ++integrity_errors;
      ADD_FAILURE() << out;
    }
    if (!on_postgresql()) {
      std::string check = db::sqlite_integrity_check(url.substr(7));
      if (check != "ok") {
        ++integrity_errors;
        ADD_FAILURE() << "SQLite integrity check: " << check;
      }
    }

    server.start();
    auto doubt = load.in_doubt();
    in_doubt += static_cast<long long>(doubt.size());
    for (const auto& w : doubt) (w.kind == WriteKind::case_event ? events_in_doubt : retried) += 1;
    EXPECT_EQ(load.retry_in_doubt(server.port()), 0) << "in-doubt visits and payments are accepted on retry";
    for (const auto& w : load.acknowledged()) {
      acknowledged.push_back(w);
      ++by_kind[w.kind];
    }

    Stored s = read_stored(url, fx);
    Tally t = compare(acknowledged, s);
    lost = t.lost;
    duplicated = t.duplicated;
    for (const auto& p : t.problems) ADD_FAILURE() << p;
    bool ledger_ok = s.ledger_debit_fen == s.ledger_credit_fen && s.ledger_debit_fen == s.confirmed_payment_fen &&
                     s.claim_paid_fen == s.confirmed_payment_fen;
    Api api(server.port());
    auto tb = api.get("/api/v1/claims/ledger/trial-balance", fx.adjuster_token);
    if (!ledger_ok || tb.status != 200 || !tb.body.value("balanced", false)) {
      ++integrity_errors;
      ADD_FAILURE() << "ledger: debit " << s.ledger_debit_fen << " credit " << s.ledger_credit_fen << " confirmed "
                    << s.confirmed_payment_fen << " claim paid " << s.claim_paid_fen << "; trial balance " << tb.raw;
    }
    if (::testing::Test::HasFailure()) break;  // the first bad cycle is the one to read
  }
  EXPECT_EQ(server.stop(), 0);
  double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  Stored s = read_stored(url, fx);
  std::printf("kill cycles on %s: %d cycles in %.1f s (%.2f s per cycle)\n", on_postgresql() ? "PostgreSQL" : "SQLite",
              cycles, seconds, seconds / cycles);
  std::printf("  acknowledged writes %zu (visit policies %lld, case events %lld, payments %lld)\n", acknowledged.size(),
              by_kind[WriteKind::visit_policy], by_kind[WriteKind::case_event], by_kind[WriteKind::payment]);
  std::printf("  in doubt at the kill %lld (retried with their key %lld, case events not retried %lld)\n", in_doubt,
              retried, events_in_doubt);
  std::printf("  lost %lld, duplicated %lld, integrity errors %lld\n", lost, duplicated, integrity_errors);
  std::printf("  payments confirmed %lld fen, ledger debit %lld = credit %lld\n", s.confirmed_payment_fen,
              s.ledger_debit_fen, s.ledger_credit_fen);
  EXPECT_GT(acknowledged.size(), static_cast<std::size_t>(cycles)) << "the load must have written something";
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(duplicated, 0);
  EXPECT_EQ(integrity_errors, 0);
}

}  // namespace
}  // namespace medrisk::testing
