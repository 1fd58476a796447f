// Migrations, transactions, the audit chain and the outbox on a real database (SQLite, or PostgreSQL
// in the pg tier).
#include <soci/soci.h>

#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

class PlatformStore : public StoreTest {};

TEST_F(PlatformStore, MigratingTwiceChangesNothing) {
  EXPECT_NO_THROW(db::migrate(*db, store_migrations()));
  EXPECT_TRUE(db::migrations_applied(*db, store_migrations()));
}

TEST_F(PlatformStore, ADatabaseMigratedByANewerBinaryIsRefused) {
  auto newer = store_migrations();
  newer.push_back({9999, "from_the_future", "CREATE TABLE future_table (x INTEGER)"});
  db::migrate(*db, newer);
  EXPECT_THROW(db::migrate(*db, store_migrations()), std::runtime_error);
}

TEST_F(PlatformStore, ARefusedResultRollsTheWholeTransactionBack) {
  Result<int> r = db->write([&](db::Tx& tx) -> Result<int> {
    outbox::publish(tx, clock.now(), "test", {{"n", 1}});
    return Error::of("rule_refused");
  });
  EXPECT_FALSE(r.ok());
  EXPECT_THROW(db->write([&](db::Tx& tx) {
    outbox::publish(tx, clock.now(), "test", {{"n", 2}});
    throw std::runtime_error("disk full");
  }), std::runtime_error);
  int n = -1;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT COUNT(*) FROM outbox", soci::into(n); });
  EXPECT_EQ(n, 0);
}

void record_n(db::Database& d, const Clock& clock, int n) {
  RequestContext ctx;
  ctx.actor.user_id = 7;
  ctx.actor.organization_id = 3;
  ctx.request_id = "req-1";
  ctx.clock = &clock;
  for (int i = 1; i <= n; ++i)
    d.write([&](db::Tx& tx) {
      audit::record(tx, ctx, {"case.accept", "case", std::to_string(i), nlohmann::json{{"state", "filed"}},
                              nlohmann::json{{"state", "accepted"}}});
    });
  audit::link_pending(d);  // PostgreSQL: what the server's sequencer does after commit
}

TEST_F(PlatformStore, AnIntactAuditChainVerifies) {
  record_n(*db, clock, 5);
  auto v = audit::verify(*db);
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.entries, 5);
}

TEST_F(PlatformStore, AnAlteredAuditEntryIsNamed) {
  record_n(*db, clock, 5);
  db->write([](db::Tx& tx) { tx.sql() << "UPDATE audit_log SET resource_id = '99' WHERE id = 3"; });
  auto v = audit::verify(*db);
  EXPECT_FALSE(v.ok);
  ASSERT_TRUE(v.first_bad_id.has_value());
  EXPECT_EQ(*v.first_bad_id, 3);
}

TEST_F(PlatformStore, ARemovedAuditEntryIsNoticed) {
  record_n(*db, clock, 5);
  db->write([](db::Tx& tx) { tx.sql() << "DELETE FROM audit_log WHERE id = 2"; });
  auto v = audit::verify(*db);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id.value_or(0), 3);
  db->write([](db::Tx& tx) { tx.sql() << "DELETE FROM audit_log WHERE id >= 2"; });
  v = audit::verify(*db);
  EXPECT_FALSE(v.ok) << "removing the newest entries must be noticed through the chain head";
}

TEST_F(PlatformStore, AuditStoresDigestsNotData) {
  record_n(*db, clock, 1);
  std::string after;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT after_digest FROM audit_log WHERE id = 1", soci::into(after); });
  EXPECT_EQ(after.size(), 64u);
  EXPECT_EQ(after.find("accepted"), std::string::npos);
}

TEST_F(PlatformStore, OutboxDeliversAndRetriesWithBackoffThenDeadLetters) {
  db->write([&](db::Tx& tx) {
    outbox::publish(tx, clock.now(), "ok", {{"n", 1}});
    outbox::publish(tx, clock.now(), "flaky", {{"n", 2}});
  });
  outbox::Dispatcher d(*db, clock);
  std::vector<int> delivered;
  d.on("ok", [&](const nlohmann::json& p) -> Status { delivered.push_back(p["n"]); return {}; });
  int flaky_calls = 0;
  d.on("flaky", [&](const nlohmann::json&) -> Status { ++flaky_calls; return Error::of("receiver_down"); });
  auto s = d.run_once();
  EXPECT_EQ(s.delivered, 1);
  EXPECT_EQ(s.retried, 1);
  EXPECT_EQ(delivered, std::vector<int>{1});
  EXPECT_EQ(d.run_once().retried, 0) << "a failed message waits for its backoff";
  for (int i = 1; i < outbox::kMaxAttempts; ++i) {
    clock.advance(std::chrono::hours(2));
    d.run_once();
  }
  EXPECT_EQ(flaky_calls, outbox::kMaxAttempts);
  std::string status;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT status FROM outbox WHERE topic = 'flaky'", soci::into(status); });
  EXPECT_EQ(status, "dead");
  clock.advance(std::chrono::hours(2));
  EXPECT_EQ(d.run_once().retried + d.run_once().dead, 0) << "dead letters are not retried";
}

TEST_F(PlatformStore, NotificationInboxIsPerUserAndLocalized) {
  db->write([&](db::Tx& tx) {
    outbox::notify(tx, clock.now(), {7, "case.accepted", "案件已受理", "Case accepted", "", "", "case:1"});
    outbox::notify(tx, clock.now(), {8, "case.accepted", "案件已受理", "Case accepted", "", "", "case:2"});
  });
  auto items = db->read([&](db::Tx& tx) { return outbox::inbox(tx, 7, "en-US", false, 0, 50); });
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].title, "Case accepted");
  EXPECT_FALSE(db->write([&](db::Tx& tx) { return outbox::mark_read(tx, 8, items[0].id, clock.now()); }))
      << "another user's notification cannot be marked";
  EXPECT_TRUE(db->write([&](db::Tx& tx) { return outbox::mark_read(tx, 7, items[0].id, clock.now()); }));
  EXPECT_EQ(db->read([&](db::Tx& tx) { return outbox::unread_count(tx, 7); }), 0);
}

}  // namespace
}  // namespace medrisk::testing
