// Webhooks end to end on a real database and a real HTTP receiver: an event emitted in a transaction
// reaches the subscribed URL signed with the subscription's secret; a failing receiver gets retries.
#include <httplib.h>

#include <atomic>
#include <thread>

#include "support/server_process.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

class Webhooks : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    port = free_port();
    receiver.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      bodies.push_back(req.body);
      timestamps.push_back(req.get_header_value("X-MedRisk-Timestamp"));
      signatures.push_back(req.get_header_value("X-MedRisk-Signature"));
      res.status = fail ? 500 : 204;
    });
    thread = std::thread([this] { receiver.listen("127.0.0.1", port); });
    for (int i = 0; i < 200 && !receiver.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  void TearDown() override {
    receiver.stop();
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/hook"; }

  httplib::Server receiver;
  std::thread thread;
  int port = 0;
  std::mutex mutex;
  std::vector<std::string> bodies, timestamps, signatures;
  std::atomic<bool> fail{false};
};

TEST_F(Webhooks, AnEmittedEventArrivesSigned) {
  auto created = db->write([&](db::Tx& tx) { return webhooks::subscribe(tx, keys, clock.now(), 7, url(), {"case.accepted"}); });
  ASSERT_TRUE(created.ok()) << created.error().code;
  int queued = db->write([&](db::Tx& tx) {
    return webhooks::emit(tx, clock.now(), {7, 8}, "case.accepted", {{"case_id", 12}}) +
           webhooks::emit(tx, clock.now(), {7}, "case.closed", {{"case_id", 12}});
  });
  EXPECT_EQ(queued, 1) << "only the subscribed organization and event type";
  outbox::Dispatcher d(*db, clock);
  d.on(std::string(webhooks::kTopic), webhooks::deliverer(*db, keys, clock));
  EXPECT_EQ(d.run_once().delivered, 1);
  std::lock_guard lock(mutex);
  ASSERT_EQ(bodies.size(), 1u);
  auto body = nlohmann::json::parse(bodies[0]);
  EXPECT_EQ(body["event"], "case.accepted");
  EXPECT_EQ(body["data"]["case_id"], 12);
  EXPECT_EQ(signatures[0], webhooks::signature(created->secret, timestamps[0], bodies[0]));
}

TEST_F(Webhooks, AFailingReceiverIsRetriedLater) {
  fail = true;
  ASSERT_TRUE(db->write([&](db::Tx& tx) { return webhooks::subscribe(tx, keys, clock.now(), 7, url(), {"*"}); }).ok());
  db->write([&](db::Tx& tx) { webhooks::emit(tx, clock.now(), {7}, "policy.issued", {{"policy_id", 3}}); });
  outbox::Dispatcher d(*db, clock);
  d.on(std::string(webhooks::kTopic), webhooks::deliverer(*db, keys, clock));
  EXPECT_EQ(d.run_once().retried, 1);
  fail = false;
  clock.advance(std::chrono::seconds(3));
  EXPECT_EQ(d.run_once().delivered, 1);
  std::lock_guard lock(mutex);
  EXPECT_EQ(bodies.size(), 2u);
  EXPECT_EQ(bodies[0], bodies[1]) << "a retry delivers the same message (same delivery id)";
}

TEST_F(Webhooks, OnlyHttpUrlsAndAtMostTwentyPerOrganization) {
  auto bad = db->write([&](db::Tx& tx) { return webhooks::subscribe(tx, keys, clock.now(), 7, "file:///etc/passwd", {"*"}); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "webhook_url_invalid");
  for (std::size_t i = 0; i < webhooks::kMaxSubscriptionsPerOrganization; ++i)
    ASSERT_TRUE(db->write([&](db::Tx& tx) { return webhooks::subscribe(tx, keys, clock.now(), 7, url(), {"*"}); }).ok());
  auto over = db->write([&](db::Tx& tx) { return webhooks::subscribe(tx, keys, clock.now(), 7, url(), {"*"}); });
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "webhook_limit_reached");
}

}  // namespace
}  // namespace medrisk::testing
