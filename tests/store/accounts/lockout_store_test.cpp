// Lock-out counters on several servers: failures counted by two transactions at once (two nodes, two
// Database handles on one database) add up, on SQLite and PostgreSQL.
#include <atomic>
#include <chrono>
#include <thread>

#include "modules/accounts/store.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace std::chrono_literals;

class Lockout : public StoreTest {};

TEST_F(Lockout, FailuresCountedByTwoTransactionsAtOnceAddUp) {
  auto other = db::Database::open(url, db::DatabaseOptions{2});
  const std::string key = "user:42";
  std::atomic<bool> read{false};
  auto count_one = [&](db::Database& d, bool slow) {
    d.write([&](db::Tx& tx) {
      accounts::store::lock_counter(tx, key);
      accounts::FailureCounter c = accounts::store::get_counter(tx, key);
      if (slow) {
        read = true;
        std::this_thread::sleep_for(300ms);  // the other node counts meanwhile
      }
      c.failures += 1;
      accounts::store::put_counter(tx, key, c);
    });
  };
  std::thread first([&] { count_one(*db, true); });
  while (!read) std::this_thread::sleep_for(5ms);
  count_one(*other, false);
  first.join();
  int failures = db->read([&](db::Tx& tx) { return accounts::store::get_counter(tx, key).failures; });
  EXPECT_EQ(failures, 2) << "no failure lost between nodes";
}

}  // namespace
}  // namespace medrisk::testing
