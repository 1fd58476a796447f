// Throughput of the witnessing path on SQLite (issue 15 part 8): N records (default 10,000) recorded by a
// surgeon, acknowledged risk by risk and signed by the patient (the talk), then sealed by the surgeon's
// signature — canonical form, SHA-256, ledger append, one transaction each — and the public view with
// its inclusion proof of records picked at random. Usage: bench_witnessing [N] [sqlite path].
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

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

double seconds_since(Clock_::time_point t) { return std::chrono::duration<double>(Clock_::now() - t).count(); }

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
  std::filesystem::path file = argc > 2 ? std::filesystem::path(argv[2])
                                        : std::filesystem::temp_directory_path() / "bench_witnessing.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  auto db = db::Database::open("sqlite:" + file.string(), db::DatabaseOptions{2});
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

  auto t1 = Clock_::now();
  std::vector<std::string> public_ids;
  for (auto id : ids) public_ids.push_back(must(service.sign(surgeon, id, "吴思齐"), "seal").record.public_id);
  double seal = seconds_since(t1);

  std::mt19937_64 rng(42);
  const int proofs = std::min(n, 2000);
  int with_proof = 0;
  auto t2 = Clock_::now();
  for (int i = 0; i < proofs; ++i) {
    auto v = must(service.public_view(public_ids[rng() % public_ids.size()]), "proof");
    with_proof += v.proof.has_value();
  }
  double prove = seconds_since(t2);

  // The raw proof (no record look-up): inclusion proof of a random leaf against the newest signed head.
  auto t3 = Clock_::now();
  int raw_ok = 0;
  db->read([&](db::Tx& tx) {
    for (int i = 0; i < proofs; ++i) {
      auto b = ledger::proof_bundle(platform_ledger, tx, rng() % static_cast<std::uint64_t>(n));
      raw_ok += b.ok();
    }
  });
  double raw = seconds_since(t3);

  std::printf("witnessing on SQLite, %d records sealed into the platform ledger\n", n);
  std::printf("  talk (create + %s acknowledgements + patient signature): %8.0f records/s (%.2f s)\n", "5-7",
              n / talk, talk);
  std::printf("  sealing (surgeon signature: canonical form, SHA-256, ledger append, audit): %8.0f records/s (%.2f s)\n",
              n / seal, seal);
  std::printf("  public view with inclusion proof: %.3f ms per record (%d of %d with a proof)\n",
              1000.0 * prove / proofs, with_proof, proofs);
  std::printf("  ledger proof bundle alone (inclusion proof + signed head): %.3f ms per proof (%d ok)\n",
              1000.0 * raw / proofs, raw_ok);
  return 0;
}
