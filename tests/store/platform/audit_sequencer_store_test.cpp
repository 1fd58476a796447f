// The audit chain with its sequencer (issue 17): on PostgreSQL entries are written unlinked in the
// writer's transaction and audit::link_pending gives them their chain positions after commit; on
// SQLite each entry is linked as it is written. Both must give one unforked chain that verify proves.
#include <soci/soci.h>

#include <atomic>
#include <set>
#include <thread>

#include "platform/db/rows.hpp"
#include "platform/ledger/ledger.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

class AuditSequencer : public StoreTest {
 protected:
  void record(const std::string& id) {
    db->write([&](db::Tx& tx) { audit::record_system(tx, clock.now(), "test", {"thing.touch", "thing", id, {}, {}}); });
  }
  struct Row {
    long long id = 0, seq = 0;
  };
  std::vector<Row> linked_rows() {
    std::vector<Row> out;
    db->read([&](db::Tx& tx) {
      soci::rowset<soci::row> rows = tx.sql().prepare << "SELECT id, seq FROM audit_log WHERE seq IS NOT NULL ORDER BY seq";
      for (const auto& r : rows) out.push_back({db::int64_at(r, 0), db::int64_at(r, 1)});
    });
    return out;
  }
};

TEST_F(AuditSequencer, ConcurrentWritersAndALinkerMakeOneUnforkedChain) {
  constexpr int kThreads = 4, kEach = 40;
  std::atomic<bool> writing{true};
  std::thread linker([&] {
    while (writing) audit::link_pending(*db, 7);  // small batches, racing the writers
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) record(std::to_string(t) + "-" + std::to_string(i));
    });
  for (auto& w : writers) w.join();
  writing = false;
  linker.join();
  audit::link_pending(*db);

  auto v = audit::verify(*db);
  ASSERT_TRUE(v.ok) << v.reason << " at " << v.first_bad_id.value_or(0);
  EXPECT_EQ(v.entries, kThreads * kEach);
  EXPECT_EQ(v.pending, 0);
  auto rows = linked_rows();
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(kThreads * kEach));
  std::set<long long> ids;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].seq, static_cast<long long>(i + 1)) << "contiguous chain positions";
    ids.insert(rows[i].id);
  }
  EXPECT_EQ(ids.size(), rows.size()) << "every entry linked once";
  auto head = db->read([](db::Tx& tx) { return audit::chain_head(tx); });
  EXPECT_EQ(head.seq, kThreads * kEach);
  EXPECT_EQ(head.hash, v.head_hash);
}

TEST_F(AuditSequencer, UnlinkedEntriesAreCountedAndTheirContentChecked) {
  for (int i = 1; i <= 3; ++i) record(std::to_string(i));
  auto v = audit::verify(*db);
  ASSERT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.entries, 3);
  EXPECT_EQ(v.pending, on_postgresql() ? 3 : 0) << "PostgreSQL links after commit, SQLite at once";
  // An entry altered before it is linked is named, and the sequencer does not launder it into the chain.
  db->write([](db::Tx& tx) { tx.sql() << "UPDATE audit_log SET resource_id = 'x' WHERE resource_id = '2'"; });
  long long altered = 0;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT id FROM audit_log WHERE resource_id = 'x'", soci::into(altered); });
  audit::link_pending(*db);
  v = audit::verify(*db);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id.value_or(0), altered);
  if (on_postgresql()) {
    EXPECT_EQ(linked_rows().size(), 1u) << "linking stops at the altered entry";
  }
}

TEST_F(AuditSequencer, ARolledBackWritersGapDoesNotBreakTheChain) {
  record("a");
  record("b");
  EXPECT_THROW(db->write([&](db::Tx& tx) {
    audit::record_system(tx, clock.now(), "test", {"thing.touch", "thing", "rolled-back", {}, {}});
    throw std::runtime_error("refused after auditing");
  }), std::runtime_error);
  record("c");
  audit::link_pending(*db);
  record("d");
  audit::link_pending(*db);
  auto v = audit::verify(*db);
  ASSERT_TRUE(v.ok) << v.reason << " at " << v.first_bad_id.value_or(0);
  EXPECT_EQ(v.entries, 4);
  auto rows = linked_rows();
  ASSERT_EQ(rows.size(), 4u);
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].seq, static_cast<long long>(i + 1));
  if (on_postgresql()) {
    EXPECT_EQ(rows[2].id, rows[1].id + 2) << "the rolled-back entry's id is a gap in the ids, not in the chain";
  }
}

TEST_F(AuditSequencer, RemovingTheNewestLinkedEntriesIsCaught) {
  for (int i = 1; i <= 6; ++i) record(std::to_string(i));
  audit::link_pending(*db);
  record("7");  // not yet linked on PostgreSQL
  db->write([](db::Tx& tx) { tx.sql() << "DELETE FROM audit_log WHERE seq >= 5"; });
  auto v = audit::verify(*db);
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.reason.find("newest entries were removed"), std::string::npos) << v.reason;
}

TEST_F(AuditSequencer, RemovingTheNewestLinkedEntriesAndRewritingTheHeadIsCaughtByTheSignedHeads) {
  auto heads_file = temp_dir("ledgerheads") / "ledger-heads.jsonl";
  ledger::LedgerOptions options{heads_file, url};
  ledger::Ledger ledger(*db, keys, clock, options);
  for (int i = 1; i <= 8; ++i) record(std::to_string(i));
  ASSERT_TRUE(ledger.sign_if_changed().has_value()) << "signing links the pending entries first";
  auto head = db->read([](db::Tx& tx) { return audit::chain_head(tx); });
  ASSERT_EQ(head.seq, 8);
  db->write([&](db::Tx& tx) {
    long long keep = 5;
    std::string hash;
    tx.sql() << "SELECT entry_hash FROM audit_log WHERE seq = :k", soci::use(keep), soci::into(hash);
    tx.sql() << "DELETE FROM audit_log WHERE seq > :k", soci::use(keep);
    tx.sql() << "UPDATE audit_head SET last_id = :k, last_hash = :h WHERE singleton = 1", soci::use(keep), soci::use(hash);
  });
  ASSERT_TRUE(audit::verify(*db).ok) << "the unkeyed chain alone cannot tell";
  auto anchors = ledger::verify_audit_anchors(*db, keys, options);
  ASSERT_FALSE(anchors.ok);
  EXPECT_NE(anchors.findings.front().what.find("entry 8 is missing"), std::string::npos) << anchors.findings.front().what;
}

}  // namespace
}  // namespace medrisk::testing
