// A pooled PostgreSQL connection that dies (server restart, Patroni failover) is reopened at the next
// BEGIN, so the request goes through; one that dies inside a transaction rolls it back with the
// connection and raises db::ConnectionLost (the server's 503), and the pool stays usable. The backends
// are terminated with pg_terminate_backend from another session, as a failover would close them.
// On SQLite there is no connection to lose: the tests are skipped there.
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

class Reconnect : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (db->dialect() != db::Dialect::postgresql) GTEST_SKIP() << "PostgreSQL only";
    db->write([](db::Tx& tx) { tx.sql() << "CREATE TABLE reconnect_probe (n INTEGER NOT NULL)"; });
  }
  // Terminates every backend of this database but the caller's own, from a separate connection.
  void terminate_pool_backends() {
    soci::session admin(*soci::factory_postgresql(), db::postgres_conninfo(url));
    int terminated = 0;
    admin << "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
             "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
        soci::into(terminated);
    ASSERT_GE(terminated, 4) << "the pool's four connections";
  }
  int probes() {
    int n = -1;
    db->read([&](db::Tx& tx) { tx.sql() << "SELECT COUNT(*) FROM reconnect_probe", soci::into(n); });
    return n;
  }
};

TEST_F(Reconnect, EveryDeadPooledConnectionIsReopenedAtBegin) {
  terminate_pool_backends();
  for (int i = 0; i < 8; ++i)  // twice round the pool of four: each dead connection is met once
    EXPECT_NO_THROW(db->write([&](db::Tx& tx) { tx.sql() << "INSERT INTO reconnect_probe (n) VALUES (:n)", soci::use(i); }));
  EXPECT_EQ(probes(), 8);
  EXPECT_TRUE(db->ping().ok());
}

TEST_F(Reconnect, AConnectionLostInsideATransactionRaisesConnectionLostAndCommitsNothing) {
  EXPECT_THROW(db->write([&](db::Tx& tx) {
                 tx.sql() << "INSERT INTO reconnect_probe (n) VALUES (1)";
                 terminate_pool_backends();  // this transaction's own connection among them
                 tx.sql() << "INSERT INTO reconnect_probe (n) VALUES (2)";
               }),
               db::ConnectionLost);
  EXPECT_EQ(probes(), 0);  // the first insert died with its connection
  EXPECT_NO_THROW(db->write([](db::Tx& tx) { tx.sql() << "INSERT INTO reconnect_probe (n) VALUES (3)"; }));
  EXPECT_EQ(probes(), 1);
}

}  // namespace
}  // namespace medrisk::testing
