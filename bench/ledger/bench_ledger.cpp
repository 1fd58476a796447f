// The verifiable ledger's cost (issue 15): 10,000 records appended to a fresh SQLite file (WAL,
// synchronous=FULL) in batches of 100, each batch one durable transaction with its signed tree head, as the
// witnessing module appends; then inclusion proofs of random leaves against the newest head and consistency
// proofs between random heads, each in its own read transaction, verified. Targets: ≥ 5,000 records/s,
// a proof < 1 ms. Usage: bench_ledger [records] [batch].
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/migrations.hpp"
#include "platform/ledger/ledger.hpp"

using namespace medrisk;
using Clock_ = std::chrono::steady_clock;

namespace {
double seconds_since(Clock_::time_point t) { return std::chrono::duration<double>(Clock_::now() - t).count(); }
std::vector<ledger::Hash> raw(const std::vector<std::string>& hex) {
  std::vector<ledger::Hash> out;
  for (const auto& h : hex) out.push_back(*ledger::from_hex(h));
  return out;
}
}  // namespace

int main(int argc, char** argv) {
  std::uint64_t records = argc > 1 ? std::stoull(argv[1]) : 10'000;
  std::uint64_t batch = argc > 2 ? std::stoull(argv[2]) : 100;
  crypto::init();
  auto dir = std::filesystem::temp_directory_path() / ("medrisk-bench-ledger-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto db = db::Database::open("sqlite:" + (dir / "ledger.db").string());
  auto migrations = audit::migrations();
  for (auto& m : ledger::Ledger::migrations()) migrations.push_back(m);
  db::migrate(*db, migrations);
  auto keys = crypto::KeyRing::ephemeral();
  SystemClock clock;
  ledger::Ledger l(*db, keys, clock, {dir / "ledger-heads.jsonl", "bench"});

  std::vector<ledger::SignedTreeHead> heads;
  auto start = Clock_::now();
  for (std::uint64_t n = 0; n < records; n += batch) {
    std::vector<ledger::Ledger::NewLeaf> leaves;
    for (std::uint64_t i = n; i < std::min(records, n + batch); ++i)
      leaves.push_back({"witnessing.record", "witness-record:" + std::to_string(i),
                        R"({"kind":"witnessing.record","record_id":)" + std::to_string(i) +
                            R"(,"content_sha256":")" + crypto::sha256_hex(std::to_string(i)) + "\"}"});
    heads.push_back(db->write([&](db::Tx& tx) {
      l.append_batch(tx, leaves);
      return l.sign_head(tx);
    }));
  }
  double append_s = seconds_since(start);
  std::printf("appended %llu records in batches of %llu: %.3f s, %.0f records/s (target >= 5000), %zu signed heads\n",
              static_cast<unsigned long long>(records), static_cast<unsigned long long>(batch), append_s,
              records / append_s, heads.size());

  std::mt19937_64 rng(15);
  const auto& newest = heads.back();
  std::vector<double> inclusion_us, consistency_us;
  for (int k = 0; k < 2000; ++k) {
    std::uint64_t leaf = rng() % records;
    auto t = Clock_::now();
    auto p = db->read([&](db::Tx& tx) { return l.prove_inclusion(tx, leaf, newest.tree_size); });
    inclusion_us.push_back(seconds_since(t) * 1e6);
    if (!p.ok() || !ledger::verify_inclusion(leaf, newest.tree_size, *ledger::from_hex(p->leaf_hash), raw(p->audit_path),
                                             *ledger::from_hex(newest.root_hash))) {
      std::printf("inclusion proof of leaf %llu does not verify\n", static_cast<unsigned long long>(leaf));
      return 1;
    }
    const auto& a = heads[rng() % heads.size()];
    const auto& b = heads[rng() % heads.size()];
    const auto& older = a.tree_size <= b.tree_size ? a : b;
    const auto& newer = a.tree_size <= b.tree_size ? b : a;
    t = Clock_::now();
    auto c = db->read([&](db::Tx& tx) { return l.prove_consistency(tx, older.tree_size, newer.tree_size); });
    consistency_us.push_back(seconds_since(t) * 1e6);
    if (!c.ok() || !ledger::verify_consistency(older.tree_size, newer.tree_size, *ledger::from_hex(older.root_hash),
                                               *ledger::from_hex(newer.root_hash), raw(c->proof))) {
      std::printf("consistency proof %llu -> %llu does not verify\n", static_cast<unsigned long long>(older.tree_size),
                  static_cast<unsigned long long>(newer.tree_size));
      return 1;
    }
  }
  auto report = [](const char* what, std::vector<double>& us) {
    std::sort(us.begin(), us.end());
    std::printf("%s (read transaction + proof, 2000 random): median %.1f us, p99 %.1f us, max %.1f us (target < 1000 us)\n",
                what, us[us.size() / 2], us[us.size() * 99 / 100], us.back());
  };
  report("inclusion proof", inclusion_us);
  report("consistency proof", consistency_us);
  auto t = Clock_::now();
  auto v = ledger::verify_ledger(*db, keys, l.options());
  std::printf("ledger verify (every leaf, subtree, head, signature, consistency): %s in %.3f s\n", v.ok ? "intact" : "BROKEN",
              seconds_since(t));
  db.reset();
  std::filesystem::remove_all(dir);
  return v.ok ? 0 : 1;
}
