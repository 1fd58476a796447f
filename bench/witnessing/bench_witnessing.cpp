// Throughput of the witnessing path on SQLite (issue 15 part 8): N records (default 10,000) recorded by a
// surgeon, acknowledged risk by risk and signed by the patient (the talk), then sealed by the surgeon's
// signature from concurrent callers as the server's workers make them — the first half by 8 threads
// (`serve --workers 8`, the default), the second half by T threads (default 64) — which the service's
// group commit writes one transaction per group (ledger batch, one audit entry per record, one signed
// tree head). Then the public view with its inclusion proof of records picked at random (p50/p99), and,
// as the same run's baseline on the same file, the raw ledger: append_batch of the N sealed canonical forms
// again in groups of the sealing's mean group size, one transaction and one signed head per group.
// Usage: bench_witnessing [N] [sqlite path] [T]. Profiling the sealing alone: PERF_SWITCH=1 perf record
// --switch-output=signal … bench_witnessing: the sealing phase is the second of the perf.data files.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

#include "modules/accounts/api.hpp"
#include "modules/witnessing/api.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrations.hpp"
#include "platform/documents/registry.hpp"
#include "platform/ledger/ledger.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/webhooks.hpp"

using namespace medrisk;
using Clock_ = std::chrono::steady_clock;

namespace {

// CPU time of the whole process (every thread), user + system.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](timeval t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

double seconds_since(Clock_::time_point t) { return std::chrono::duration<double>(Clock_::now() - t).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().code.c_str());
    std::exit(1);
  }
  return std::move(*r);
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  const int n = argc > 1 ? std::stoi(argv[1]) : 10000;
  const int threads = argc > 3 ? std::stoi(argv[3]) : 64;
  std::filesystem::path file = argc > 2 ? std::filesystem::path(argv[2])
                                        : std::filesystem::temp_directory_path() / "bench_witnessing.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  // The server's pool: its 8 workers + 2 (serve.cpp).
  auto db = db::Database::open("sqlite:" + file.string(), db::DatabaseOptions{10});
  std::vector<db::Migration> migrations;
  for (auto&& l : {audit::migrations(), outbox::migrations(), webhooks::migrations(), documents::migrations(),
                   ledger::Ledger::migrations(), accounts::AccountsService::migrations(),
                   witnessing::WitnessingService::migrations()})
    migrations.insert(migrations.end(), l.begin(), l.end());
  db::migrate(*db, migrations);
  ManualClock clock{*Timestamp::parse("2026-12-01T08:00:00Z")};
  auto keys = crypto::KeyRing::ephemeral();
  audit::use_suite(*db, keys.suite(), clock.now());
  accounts::AccountsService accounts(*db, keys, clock, nullptr, {});
  auto org = must(accounts.create_organization_as_system({"基准医院", "medical_institution", "440100", {}, {}}), "org");
  auto surgeon_user =
      must(accounts.create_user_as_system({"surgeon", "吴思齐", "Strong-pass-1", {"clinician"}, org.id, {}}), "surgeon");
  auto patient_user = must(accounts.create_user_as_system({"patient", "郑晓禾", "Strong-pass-1", {"patient"}, std::nullopt,
                                                           std::string("17012340001")}),
                           "patient");
  auto ctx_of = [&](const accounts::User& u) {
    RequestContext c;
    c.actor.user_id = u.id;
    c.actor.organization_id = u.organization_id.value_or(0);
    c.actor.roles = u.roles;
    c.actor.permissions = accounts::permissions_for(u.roles);
    c.actor.session_id = u.id;
    c.request_id = "bench";
    c.clock = &clock;
    return c;
  };
  RequestContext surgeon = ctx_of(surgeon_user), patient = ctx_of(patient_user);
  witnessing::WitnessingService service(*db, keys, clock, witnessing::load_templates("data/witnessing"),
                                        {std::filesystem::temp_directory_path() / "bench_witnessing_files"});
  ledger::Ledger platform_ledger(*db, keys, clock);
  auto ledger = witnessing::record_ledger(platform_ledger);
  service.set_ledger(ledger.get());

  const char* codes[] = {"51.23", "47.01", "74.1", "81.54", "00.66"};
  std::vector<std::int64_t> ids;
  auto t0 = Clock_::now();
  for (int i = 0; i < n; ++i) {
    witnessing::NewRecord r{codes[i % 5], *Date::parse("2026-12-20"), "郑晓禾", "17012340001", std::nullopt,
                            std::nullopt, {{"住院几天？", "两到三天。"}}, {"保守治疗"}};
    auto v = must(service.create(surgeon, r), "create");
    for (const auto& k : v.record.risks) must(service.acknowledge(patient, v.record.id, k.key), "acknowledge");
    must(service.sign(patient, v.record.id, "郑晓禾"), "patient signs");
    ids.push_back(v.record.id);
  }
  double talk = seconds_since(t0);

  // Sealing: `threads` callers at once, each its own surgeon's request, over ids[from, to).
  std::vector<std::string> public_ids(ids.size()), canonical(ids.size());
  auto seal = [&](std::size_t from, std::size_t to, int threads) {
    std::atomic<std::size_t> next{from};
    std::vector<std::thread> pool;
    auto t = Clock_::now();
    for (int k = 0; k < threads; ++k)
      pool.emplace_back([&] {
        for (std::size_t i; (i = next++) < to;) {
          auto sealed = must(service.sign(surgeon, ids[i], "吴思齐"), "seal");
          public_ids[i] = sealed.record.public_id;
          canonical[i] = sealed.record.canonical.value_or("");
        }
      });
    for (auto& th : pool) th.join();
    return seconds_since(t);
  };
  const std::size_t half = ids.size() / 2;
  std::uint64_t heads_before = db->read([&](db::Tx& tx) { return platform_ledger.heads(tx).size(); });
  if (getenv("PERF_SWITCH")) kill(getppid(), SIGUSR2);
  const double cpu_before_seal = cpu_seconds();
  double seal8 = seal(0, half, 8);
  double sealT = seal(half, ids.size(), threads);
  double seal_all = seal8 + sealT;
  const double seal_cpu = cpu_seconds() - cpu_before_seal;
  if (getenv("PERF_SWITCH")) kill(getppid(), SIGUSR2);
  std::uint64_t groups = db->read([&](db::Tx& tx) { return platform_ledger.heads(tx).size(); }) - heads_before;

  std::mt19937_64 rng(42);
  const int proofs = std::min(n, 2000);
  int with_proof = 0;
  std::vector<double> view_ms, raw_ms;
  for (int i = 0; i < proofs; ++i) {
    auto t = Clock_::now();
    auto v = must(service.public_view(public_ids[rng() % public_ids.size()]), "proof");
    view_ms.push_back(1000.0 * seconds_since(t));
    with_proof += v.proof.has_value();
  }

  // The raw proof (no record look-up): inclusion proof of a random leaf against the newest signed head.
  int raw_ok = 0;
  db->read([&](db::Tx& tx) {
    for (int i = 0; i < proofs; ++i) {
      auto t = Clock_::now();
      auto b = ledger::proof_bundle(platform_ledger, tx, rng() % static_cast<std::uint64_t>(n));
      raw_ms.push_back(1000.0 * seconds_since(t));
      raw_ok += b.ok();
    }
  });

  // Baseline of the same run, same file: the raw ledger, N leaves in groups of the sealing's mean size.
  const std::size_t group = std::max<std::size_t>(1, groups ? ids.size() / groups : 1);
  auto t4 = Clock_::now();
  for (std::size_t done = 0; done < ids.size();) {
    std::size_t k = std::min(group, ids.size() - done);
    db->write([&](db::Tx& tx) {
      std::vector<ledger::Ledger::NewLeaf> leaves;
      for (std::size_t i = 0; i < k; ++i) leaves.push_back({"bench.raw", "raw:" + std::to_string(done + i), canonical[done + i]});
      platform_ledger.append_batch(tx, leaves);
      platform_ledger.sign_head(tx);
    });
    done += k;
  }
  double raw_append = seconds_since(t4);

  std::printf("witnessing on SQLite, %d records sealed into the platform ledger\n", n);
  std::printf("  talk (create + %s acknowledgements + patient signature): %8.0f records/s (%.2f s)\n", "5-7",
              n / talk, talk);
  std::printf("  sealing, %zu records by 8 concurrent callers:  %8.0f records/s (%.2f s)\n", half,
              static_cast<double>(half) / seal8, seal8);
  std::printf("  sealing, %zu records by %d concurrent callers: %8.0f records/s (%.2f s)\n", ids.size() - half,
              threads, static_cast<double>(ids.size() - half) / sealT, sealT);
  std::printf("  sealing, all %zu: %8.0f records/s in %llu groups (mean %.1f records per transaction)\n", ids.size(),
              static_cast<double>(ids.size()) / seal_all, static_cast<unsigned long long>(groups),
              groups ? static_cast<double>(ids.size()) / static_cast<double>(groups) : 0.0);
  std::printf("  sealing CPU: %.0f µs per record (all threads, user + system), %.2f cores busy\n",
              1e6 * seal_cpu / static_cast<double>(ids.size()), seal_cpu / seal_all);
  std::printf("  public view with inclusion proof: p50 %.3f ms, p99 %.3f ms (%d of %d with a proof)\n",
              percentile(view_ms, 0.5), percentile(view_ms, 0.99), with_proof, proofs);
  std::printf("  ledger proof bundle alone (inclusion proof + signed head): p50 %.3f ms, p99 %.3f ms (%d ok)\n",
              percentile(raw_ms, 0.5), percentile(raw_ms, 0.99), raw_ok);
  std::printf("  baseline, the %zu sealed canonical forms appended again (append_batch + signed head, groups of %zu): %8.0f leaves/s (%.2f s)\n",
              ids.size(), group, static_cast<double>(ids.size()) / raw_append, raw_append);
  return 0;
}
