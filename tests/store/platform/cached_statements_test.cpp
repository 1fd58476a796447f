// Statements compiled once per pooled connection (platform/db/cached.hpp) on SQLite, and their one-shot
// form on PostgreSQL: rebound with each run's values, reset after a half-read SELECT (no stale snapshot
// in the connection's next transaction), usable again after a run that failed.
#include <soci/soci.h>

#include "platform/db/cached.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

class CachedStatements : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db->write([](db::Tx& tx) { tx.sql() << "CREATE TABLE cache_probe (k INTEGER PRIMARY KEY, v TEXT NOT NULL)"; });
  }
  static long long insert(db::Tx& tx, long long k, const std::string& v) {
    return db::execute_cached(tx, "INSERT INTO cache_probe (k, v) VALUES (:k, :v)", soci::use(k), soci::use(v));
  }
  static std::optional<std::string> value_of(db::Tx& tx, long long k) {
    std::string v;
    if (!db::run_cached(tx, "SELECT v FROM cache_probe WHERE k = :k", soci::into(v), soci::use(k))) return std::nullopt;
    return v;
  }
};

TEST_F(CachedStatements, RunAgainWithEachRunsValues) {
  db->write([](db::Tx& tx) {
    EXPECT_EQ(insert(tx, 1, "一"), 1);
    EXPECT_EQ(insert(tx, 2, "二"), 1);
    EXPECT_EQ(insert(tx, 3, "三"), 1);
  });
  db->read([](db::Tx& tx) {
    EXPECT_EQ(value_of(tx, 2), "二");
    EXPECT_EQ(value_of(tx, 1), "一");
    EXPECT_EQ(value_of(tx, 9), std::nullopt);
    std::vector<std::string> all;
    for (long long above : {0LL, 1LL})
      db::for_each_cached(
          tx, "SELECT v FROM cache_probe WHERE k > :k ORDER BY k",
          [&](const soci::row& r) { all.push_back(r.get<std::string>(0)); }, soci::use(above));
    EXPECT_EQ(all, (std::vector<std::string>{"一", "二", "三", "二", "三"}));
  });
  long long changed = db->write([](db::Tx& tx) {
    std::string v = "贰";
    long long k = 2;
    return db::execute_cached(tx, "UPDATE cache_probe SET v = :v WHERE k >= :k", soci::use(v), soci::use(k));
  });
  EXPECT_EQ(changed, 2);
}

TEST_F(CachedStatements, AHalfReadSelectLeavesNoOldSnapshotForTheConnectionsNextTransaction) {
  db->write([](db::Tx& tx) {
    for (long long k = 1; k <= 3; ++k) insert(tx, k, "old");
  });
  // One connection, so that every transaction of `reader` runs on the connection that read half a result.
  auto reader = db::Database::open(url, db::DatabaseOptions{1});
  auto first = [](db::Tx& tx) {
    std::string v;
    db::run_cached(tx, "SELECT v FROM cache_probe ORDER BY k", soci::into(v));  // reads 1 row of 3
    return v;
  };
  EXPECT_EQ(reader->read(first), "old");
  db->write([](db::Tx& tx) { tx.sql() << "UPDATE cache_probe SET v = 'new'"; });
  EXPECT_EQ(reader->read(first), "new");
  // And the connection can still write (a stale snapshot would make SQLite refuse it as busy).
  EXPECT_EQ(reader->write([](db::Tx& tx) { return insert(tx, 4, "by reader"); }), 1);
  EXPECT_EQ(db->read([](db::Tx& tx) { return value_of(tx, 4); }), "by reader");
}

TEST_F(CachedStatements, ARunThatFailedLeavesTheStatementUsable) {
  db->write([](db::Tx& tx) { insert(tx, 1, "一"); });
  EXPECT_ANY_THROW(db->write([](db::Tx& tx) { insert(tx, 1, "again"); }));  // primary key taken
  db->write([](db::Tx& tx) { EXPECT_EQ(insert(tx, 2, "二"), 1); });
  db->read([](db::Tx& tx) {
    EXPECT_EQ(value_of(tx, 1), "一");
    EXPECT_EQ(value_of(tx, 2), "二");
  });
}

}  // namespace
}  // namespace medrisk::testing
