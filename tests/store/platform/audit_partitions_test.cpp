// The audit log in id-range partitions on PostgreSQL (migration 105, pg_partman): entries land in the
// partition of their id, `audit verify` reads the chain across partitions, and an id past a range
// boundary goes to the next premade partition. On SQLite the log stays one table.
#include <soci/soci.h>

#include "platform/db/partitions.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using Counts = std::vector<std::pair<std::string, long long>>;

class AuditPartitions : public StoreTest {
 protected:
  void append(int n) {
    for (int i = 0; i < n; ++i)
      db->write([&](db::Tx& tx) {
        audit::record_system(tx, clock.now(), "test", {"test.write", "thing", std::to_string(i), std::nullopt,
                                                        nlohmann::json{{"i", i}}});
      });
  }
  Counts partitions() {
    return db->read([](db::Tx& tx) { return db::partitions::rows_per_partition(tx, "audit_log"); });
  }
  bool pg() const { return db->dialect() == db::Dialect::postgresql; }
};

TEST_F(AuditPartitions, EntriesLandInTheirIdRangeAndTheChainVerifies) {
  append(5);
  audit::link_pending(*db);  // PostgreSQL links after commit (the sequencer); the chain head then counts all 5
  long long total = 0;
  for (const auto& [name, rows] : partitions()) total += rows;
  auto parts = partitions();
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].first, pg() ? "audit_log_p0" : "audit_log");
  EXPECT_EQ(total, db->read([](db::Tx& tx) { return audit::chain_head(tx).seq; }));
  if (pg()) {
    bool managed = db->read([](db::Tx& tx) { return db::partitions::managed(tx, "audit_log"); });
    EXPECT_TRUE(managed);
  }
  auto v = audit::verify(*db);
  EXPECT_TRUE(v.ok) << v.reason;
}

TEST_F(AuditPartitions, AnIdPastARangeBoundaryGoesToTheNextPartition) {
  if (!pg()) GTEST_SKIP() << "SQLite keeps one table";
  append(2);
  // Skip the ids forward to just below the first boundary (10,000,000): a new id is id_base + the next
  // value of audit_log_ids' sequence, so the two next entries get 9,999,999 and 10,000,000 and fall on
  // either side of it. (This test is about where rows go.)
  db->write([](db::Tx& tx) {
    tx.sql() << "UPDATE audit_head SET id_base = 9999998 - (SELECT last_value FROM audit_log_ids_id_seq) "
                "WHERE singleton = 1";
  });
  append(2);
  EXPECT_EQ(partitions(), (Counts{{"audit_log_p0", 3}, {"audit_log_p10000000", 1}}));
  // Reads through the parent see both sides, newest first.
  auto listed = db->read([](db::Tx& tx) { return audit::list(tx, audit::Filter{}); });
  ASSERT_GE(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, 10000000);
  EXPECT_EQ(listed[1].id, 9999999);
  // pg_partman's maintenance keeps premade ranges ahead of the newest id.
  db::partitions::run_maintenance(*db);
  int ahead = 0;
  db->read([&](db::Tx& tx) {
    tx.sql() << "SELECT COUNT(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'audit_log'::regclass AND c.relname > 'audit_log_p10000000' "
                "AND c.relname <> 'audit_log_default'",
        soci::into(ahead);
  });
  EXPECT_GE(ahead, 4);
}

}  // namespace
}  // namespace medrisk::testing
