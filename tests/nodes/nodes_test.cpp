// Three `medrisk serve` nodes on one PostgreSQL, as behind nginx: a revocation on one node holds on
// the others at the very next request, lock-outs count failures from every node, and with every
// background job running every 200 ms on all three nodes, no work is done twice (no duplicate
// reminder, outbox delivery, bank instruction or confirmation). PostgreSQL only.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "platform/db/database.hpp"
#include "support/api_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace medrisk::testing {
namespace {

namespace fs = std::filesystem;

class Nodes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!on_postgresql()) return;
    keys() = temp_dir("nodekeys") / "keys.json";
    bank() = temp_dir("nodebank");
    url() = fresh_database_url("nodes");
    // Seed the demo with one node that runs no jobs, so that all the pending work (outbox messages,
    // overdue deadlines) is left for the three nodes to share.
    {
      ServerProcess seed(url(), keys(), {"--demo", "--no-jobs", "--no-demo-bank", "--bank-dir", bank().string()});
      seed.start();
      ASSERT_EQ(seed.stop(), 0);
    }
    prepare_unsent_payment();
    for (int i = 0; i < 3; ++i)
      nodes().push_back(std::make_unique<ServerProcess>(
          url(), keys(),
          std::vector<std::string>{"--demo", "--demo-bank", "--bank-dir", bank().string(), "--jobs-every", "200",
                                   "--workers", "2"}));
    // All three at once, so their first job runs (reminders, resends, the outbox) overlap.
    std::vector<std::thread> starting;
    std::vector<std::string> failures(nodes().size());
    for (std::size_t i = 0; i < nodes().size(); ++i)
      starting.emplace_back([i, &failures] {
        try {
          nodes()[i]->start();
        } catch (const std::exception& e) {
          failures[i] = e.what();
        }
      });
    for (auto& t : starting) t.join();
    for (const auto& f : failures) ASSERT_TRUE(f.empty()) << f;
  }
  static void TearDownTestSuite() {
    for (auto& n : nodes()) EXPECT_EQ(n->stop(), 0);
    nodes().clear();
  }
  void SetUp() override {
    if (!on_postgresql()) GTEST_SKIP() << "several nodes need PostgreSQL";
  }

  // The demo's instructed payment as if its instruction had never been written: the nodes must
  // send it (once), the demo bank confirm it and the bank channel apply the confirmation (once).
  static void prepare_unsent_payment() {
    auto db = database();
    std::string reference;
    db->write([&](db::Tx& tx) {
      tx.sql() << "SELECT reference FROM claim_payments WHERE state = 'instructed' ORDER BY id LIMIT 1",
          soci::into(reference);
      tx.sql() << "UPDATE claim_payments SET sent_at = NULL WHERE reference = :r", soci::use(reference);
    });
    ASSERT_FALSE(reference.empty()) << "the demo has an instructed payment";
    fs::remove(bank() / "outbox" / (reference + ".json"));
    fs::remove(bank() / "outbox" / "done" / (reference + ".json"));
    payment_reference() = reference;
  }

  static std::unique_ptr<db::Database> database() { return db::Database::open(url(), {.pool_size = 1}); }
  static long long count(const std::string& sql) {
    long long n = -1;
    database()->read([&](db::Tx& tx) { tx.sql() << sql, soci::into(n); });
    return n;
  }
  static int files(const fs::path& dir, const std::string& name) { return fs::exists(dir / name) ? 1 : 0; }

  static std::vector<std::unique_ptr<ServerProcess>>& nodes() {
    static std::vector<std::unique_ptr<ServerProcess>> n;
    return n;
  }
  static std::string& url() {
    static std::string u;
    return u;
  }
  static fs::path& keys() {
    static fs::path p;
    return p;
  }
  static fs::path& bank() {
    static fs::path p;
    return p;
  }
  static std::string& payment_reference() {
    static std::string r;
    return r;
  }
  static Api node(int i) { return Api(nodes().at(i)->port()); }
};

TEST_F(Nodes, LogoutOnOneNodeHoldsOnTheOthersAtTheNextRequest) {
  for (int round = 0; round < 5; ++round) {
    std::string token = node(0).login("officer");
    // Nodes 1 and 2 cache the session look-up.
    for (int i : {1, 2}) {
      ASSERT_EQ(node(i).get("/api/v1/me", token).status, 200);
      ASSERT_EQ(node(i).get("/api/v1/me", token).status, 200);
    }
    ASSERT_EQ(node(0).post("/api/v1/auth/logout", nlohmann::json::object(), token).status, 204);
    for (int i : {1, 2, 0})
      EXPECT_EQ(node(i).get("/api/v1/me", token).status, 401) << "node " << i << " round " << round;
  }
}

TEST_F(Nodes, PasswordResetByTheOperatorEndsSessionsOnEveryNode) {
  std::string token = node(1).login("lawyer");
  for (int i : {0, 1, 2}) ASSERT_EQ(node(i).get("/api/v1/me", token).status, 200);
  std::string out;
  ASSERT_EQ(run_cli({"--db", url(), "--keys", keys().string(), "user", "reset-password", "--username", "lawyer",
                     "--password", "Another-secret-42"},
                    out),
            0)
      << out;
  for (int i : {2, 0, 1}) EXPECT_EQ(node(i).get("/api/v1/me", token).status, 401) << "node " << i;
  EXPECT_FALSE(node(2).login("lawyer", "Another-secret-42").empty());
}

TEST_F(Nodes, LockOutCountsFailuresFromEveryNode) {
  // Five failures in all (the account limit), spread over the three nodes, two of them at once.
  std::vector<std::thread> at_once;
  for (int i : {0, 1})
    at_once.emplace_back([i] {
      EXPECT_EQ(node(i).post("/api/v1/auth/login", {{"username", "mediator"}, {"password", "guess-a"}}).status, 401);
    });
  for (auto& t : at_once) t.join();
  for (int i : {2, 0, 1})
    EXPECT_EQ(node(i).post("/api/v1/auth/login", {{"username", "mediator"}, {"password", "guess-b"}}).status, 401);
  for (int i : {0, 1, 2}) {
    auto r = node(i).post("/api/v1/auth/login", {{"username", "mediator"}, {"password", "medrisk-demo"}});
    EXPECT_EQ(r.status, 429) << "node " << i << ": " << r.raw;
    EXPECT_EQ(r.body.value("code", ""), "account_locked");
  }
}

TEST_F(Nodes, FailuresCountedAtOnceOnSeveralNodesAllAddUp) {
  // Four wrong passwords at the same moment, on three nodes: the account's counter must read 4 (no
  // update lost between nodes), and a fifth failure locks the account.
  std::vector<std::thread> at_once;
  for (int i = 0; i < 4; ++i)
    at_once.emplace_back([i] {
      EXPECT_EQ(node(i % 3).post("/api/v1/auth/login", {{"username", "expert3"}, {"password", "guess-x"}}).status, 401);
    });
  for (auto& t : at_once) t.join();
  EXPECT_EQ(count("SELECT f.failures FROM login_failures f JOIN users u ON f.counter_key = 'user:' || u.id "
                  "WHERE u.username = 'expert3'"),
            4);
  EXPECT_EQ(node(2).post("/api/v1/auth/login", {{"username", "expert3"}, {"password", "guess-y"}}).status, 401);
  EXPECT_EQ(node(0).post("/api/v1/auth/login", {{"username", "expert3"}, {"password", "medrisk-demo"}}).status, 429);
}

TEST_F(Nodes, ListenerDropLeavesNoStaleSessionBehind) {
  std::string token = node(0).login("underwriter");
  ASSERT_EQ(node(2).get("/api/v1/me", token).status, 200);
  // Cut every node's LISTEN connection; each notices, empties its cache and subscribes again.
  std::string old_pids;
  database()->read([&](db::Tx& tx) {
    tx.sql() << "SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE datname = current_database() AND "
                "application_name = 'medrisk-listen'",
        soci::into(old_pids);
  });
  long long cut = count(
      "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND "
      "application_name = 'medrisk-listen'");
  EXPECT_EQ(cut, 3);
  const std::string fresh =
      "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = "
      "'medrisk-listen' AND pid NOT IN (" +
      old_pids + ")";
  for (int i = 0; i < 100 && count(fresh) < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(count(fresh), 3) << "every node listens again";
  ASSERT_EQ(node(2).get("/api/v1/me", token).status, 200);
  ASSERT_EQ(node(0).post("/api/v1/auth/logout", nlohmann::json::object(), token).status, 204);
  EXPECT_EQ(node(2).get("/api/v1/me", token).status, 401);
}

TEST_F(Nodes, EveryJobsWorkIsDoneOnceAcrossThreeNodes) {
  const std::string& ref = payment_reference();
  auto settled = [&] {
    return count("SELECT COUNT(*) FROM claim_payments WHERE reference = '" + ref + "' AND state = 'confirmed'") == 1 &&
           count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0;
  };
  for (int i = 0; i < 150 && !settled(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(settled()) << "payment confirmed and outbox drained within 15 s";
  std::this_thread::sleep_for(std::chrono::seconds(1));  // a few more rounds of every job on every node

  // Reminders: one deadline_overdue event per case (or claim) and due date.
  EXPECT_GT(count("SELECT COUNT(*) FROM case_events WHERE kind = 'deadline_overdue'") +
                count("SELECT COUNT(*) FROM claim_events WHERE kind = 'deadline_overdue'"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT case_id, details FROM case_events WHERE kind = 'deadline_overdue' "
                  "GROUP BY case_id, details HAVING COUNT(*) > 1) d"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT claim_id, details FROM claim_events WHERE kind = 'deadline_overdue' "
                  "GROUP BY claim_id, details HAVING COUNT(*) > 1) d"),
            0);
  // Outbox: every message delivered exactly once (a second delivery would count a second attempt).
  EXPECT_GT(count("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE attempts <> 1"), 0);
  // The bank: one instruction file, one confirmation, applied once (one event, one set of ledger lines).
  std::string name = ref + ".json";
  EXPECT_EQ(files(bank() / "outbox", name) + files(bank() / "outbox" / "done", name), 1);
  EXPECT_EQ(files(bank() / "inbox", name) + files(bank() / "inbox" / "done", name), 1);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM claim_events WHERE kind = 'payment_confirmed' AND details LIKE '%" + ref + "%'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT payment_id, account, insurer_org_id FROM ledger_entries "
                  "GROUP BY payment_id, account, insurer_org_id HAVING COUNT(*) > 1) d"),
            0);
  // Compliance: one warning notification per subject and kind.
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT user_id, kind, resource FROM notifications WHERE kind LIKE "
                  "'compliance.%' GROUP BY user_id, kind, resource HAVING COUNT(*) > 1) d"),
            0);
}

}  // namespace
}  // namespace medrisk::testing
