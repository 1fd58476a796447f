// Several servers on one database (platform/db/coordination.hpp), with two Database handles standing
// in for two nodes: an advisory lock is held by one transaction or job at a time, and NOTIFY reaches a
// listener only when its transaction commits. On SQLite (one process) the locks are always granted.
#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "platform/db/coordination.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace std::chrono_literals;

class Coordination : public StoreTest {
 protected:
  std::unique_ptr<db::Database> second_node() { return db::Database::open(url, db::DatabaseOptions{2}); }
};

TEST_F(Coordination, AnAdvisoryTransactionLockIsHeldByOneTransactionAtATime) {
  if (db->dialect() == db::Dialect::sqlite) {  // one process, write transactions exclusive: always granted
    EXPECT_TRUE(db->write([&](db::Tx& tx) { return db::try_advisory_xact_lock(tx, "reminders"); }));
    return;
  }
  auto other = second_node();
  std::atomic<bool> held{false}, checked{false};
  std::thread first([&] {
    db->write([&](db::Tx& tx) {
      EXPECT_TRUE(db::try_advisory_xact_lock(tx, "reminders"));
      held = true;
      while (!checked) std::this_thread::sleep_for(5ms);
    });
  });
  while (!held) std::this_thread::sleep_for(5ms);
  bool second = other->write([&](db::Tx& tx) { return db::try_advisory_xact_lock(tx, "reminders"); });
  bool unrelated = other->write([&](db::Tx& tx) { return db::try_advisory_xact_lock(tx, "another job"); });
  checked = true;
  first.join();
  bool after = other->write([&](db::Tx& tx) { return db::try_advisory_xact_lock(tx, "reminders"); });
  EXPECT_FALSE(second) << "held by the other node's transaction";
  EXPECT_TRUE(unrelated);
  EXPECT_TRUE(after) << "released at commit";
}

TEST_F(Coordination, AJobLockIsHeldByOneNodeUntilReleased) {
  auto other = second_node();
  db::JobLocks here(*db), there(*other);
  {
    auto held = here.try_lock("bank channel");
    ASSERT_TRUE(held.has_value());
    auto contended = there.try_lock("bank channel");
    if (db->dialect() == db::Dialect::postgresql) EXPECT_FALSE(contended.has_value());
    EXPECT_TRUE(there.try_lock("compliance check").has_value()) << "another job's lock is free";
  }
  EXPECT_TRUE(there.try_lock("bank channel").has_value()) << "released when the run ends";
}

TEST_F(Coordination, ANotificationReachesListenersWhenItsTransactionCommits) {
  if (db->dialect() != db::Dialect::postgresql) GTEST_SKIP() << "LISTEN/NOTIFY is PostgreSQL's";
  db::Listener::Handlers h;
  std::atomic<int> heard{0};
  h.on_message = [&](const std::string&, const std::string&) {
    ++heard;
    return std::string();
  };
  db::Listener listener(db->connection_info(), {"medrisk_test"}, h, "medrisk-test");
  listener.start();
  ASSERT_TRUE(listener.wait_subscribed(5s));
  EXPECT_THROW(db->write([&](db::Tx& tx) {
    db::notify(tx, "medrisk_test", "rolled-back");
    throw std::runtime_error("abort");
  }),
               std::runtime_error);
  db->write([&](db::Tx& tx) { db::notify(tx, "medrisk_test", "committed"); });
  EXPECT_EQ(listener.wait_for("medrisk_test", "committed", 1, 5s), 1u);
  EXPECT_EQ(listener.wait_for("medrisk_test", "rolled-back", 1, 100ms), 0u);
  EXPECT_EQ(heard.load(), 1);
  listener.stop();
}

}  // namespace
}  // namespace medrisk::testing
