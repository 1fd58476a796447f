// Outbox dispatcher and notification inbox (see outbox.hpp). Claiming sets next_attempt_at to a lease
// in the future inside a short write transaction, so a crash between delivery and bookkeeping leads
// to a retry (at-least-once), never to a lost message; receivers de-duplicate by message id.
#include "platform/outbox/outbox.hpp"

#include <soci/soci.h>
#include "platform/db/rows.hpp"
#include "platform/errors.hpp"
#include <spdlog/spdlog.h>

#include <algorithm>

namespace medrisk::outbox {
namespace {

struct Claimed {
  long long id;
  std::string topic;
  std::string payload;
  int attempts;
};

std::vector<Claimed> claim(db::Database& db, Timestamp now) {
  return db.write([&](db::Tx& tx) {
    std::string now_s = now.to_iso_utc();
    std::string lease = (now + kLease).to_iso_utc();
    std::string skip = tx.dialect() == db::Dialect::postgresql ? " FOR UPDATE SKIP LOCKED" : "";
    soci::rowset<soci::row> rows =
        (tx.sql().prepare << "SELECT id, topic, payload, attempts FROM outbox WHERE status = 'pending' AND "
                             "next_attempt_at <= :now ORDER BY id LIMIT " + std::to_string(kClaimBatch) + skip,
         soci::use(now_s));
    std::vector<Claimed> out;
    for (const auto& r : rows)
      out.push_back({db::int64_at(r, 0), r.get<std::string>(1), r.get<std::string>(2), static_cast<int>(db::int64_at(r, 3))});
    for (auto& c : out)
      tx.sql() << "UPDATE outbox SET next_attempt_at = :lease WHERE id = :id", soci::use(lease), soci::use(c.id);
    return out;
  });
}

}  // namespace

std::chrono::seconds backoff(int attempts) {
  return std::min(std::chrono::seconds(1LL << std::clamp(attempts, 0, 12)), std::chrono::seconds(3600));
}

std::int64_t publish(db::Tx& tx, Timestamp now, const std::string& topic, const nlohmann::json& payload) {
  long long id = 0;
  std::string body = payload.dump(), at = now.to_iso_utc();
  tx.sql() << "INSERT INTO outbox (topic, payload, status, attempts, next_attempt_at, created_at) VALUES "
              "(:topic, :payload, 'pending', 0, :next, :created) RETURNING id",
      soci::use(topic), soci::use(body), soci::use(at), soci::use(at), soci::into(id);
  return id;
}

DispatchStats Dispatcher::run_once() {
  DispatchStats stats;
  for (const auto& msg : claim(db_, clock_.now())) {
    Status outcome = Error::of(std::string(platform_errors::outbox_no_deliverer), "no deliverer for topic " + msg.topic);
    auto it = deliverers_.find(msg.topic);
    if (it != deliverers_.end()) {
      try {
        outcome = it->second(nlohmann::json::parse(msg.payload));
      } catch (const std::exception& e) {
        outcome = Error::of(std::string(platform_errors::outbox_delivery_failed), e.what());
      }
    }
    Timestamp now = clock_.now();
    db_.write([&](db::Tx& tx) {
      std::string at = now.to_iso_utc();
      if (outcome.ok()) {
        tx.sql() << "UPDATE outbox SET status = 'delivered', delivered_at = :at, attempts = attempts + 1 WHERE id = :id",
            soci::use(at), soci::use(msg.id);
        ++stats.delivered;
        return;
      }
      int attempts = msg.attempts + 1;
      std::string status = attempts >= kMaxAttempts ? "dead" : "pending";
      std::string next = (now + backoff(attempts)).to_iso_utc();
      std::string err = outcome.error().code + ": " + outcome.error().detail.substr(0, 500);
      tx.sql() << "UPDATE outbox SET status = :status, attempts = :attempts, next_attempt_at = :next, "
                  "last_error = :err WHERE id = :id",
          soci::use(status), soci::use(attempts), soci::use(next), soci::use(err), soci::use(msg.id);
      if (status == "dead") {
        ++stats.dead;
        spdlog::warn("outbox message {} ({}) moved to dead letters after {} attempts", msg.id, msg.topic, attempts);
      } else {
        ++stats.retried;
      }
    });
  }
  return stats;
}

void Dispatcher::start(std::chrono::milliseconds interval) {
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        run_once();
      } catch (const std::exception& e) {
        spdlog::error("outbox dispatcher: {}", e.what());
      }
      lock.lock();
      cv_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

void Dispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::int64_t notify(db::Tx& tx, Timestamp now, const Notification& n) {
  long long id = 0;
  long long uid = n.user_id;
  std::string at = now.to_iso_utc();
  tx.sql() << "INSERT INTO notifications (user_id, kind, title_zh, title_en, body_zh, body_en, resource, created_at) "
              "VALUES (:u, :k, :tz, :te, :bz, :be, :r, :at) RETURNING id",
      soci::use(uid), soci::use(n.kind), soci::use(n.title_zh), soci::use(n.title_en), soci::use(n.body_zh),
      soci::use(n.body_en), soci::use(n.resource), soci::use(at), soci::into(id);
  return id;
}

std::vector<InboxItem> inbox(db::Tx& tx, std::int64_t user_id, const std::string& lang, bool unread_only,
                             std::int64_t before_id, int limit) {
  bool en = lang.rfind("en", 0) == 0;
  long long uid = user_id;
  long long before = before_id > 0 ? before_id : std::numeric_limits<long long>::max();
  int unread = unread_only ? 1 : 0;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT id, kind, ") + (en ? "title_en, body_en" : "title_zh, body_zh") +
                               ", resource, created_at, read_at FROM notifications WHERE user_id = :u AND id < :b "
                               "AND (:unread = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT :lim",
       soci::use(uid), soci::use(before), soci::use(unread), soci::use(limit));
  std::vector<InboxItem> out;
  for (const auto& r : rows) {
    InboxItem it;
    it.id = db::int64_at(r, 0);
    it.kind = r.get<std::string>(1);
    it.title = r.get<std::string>(2);
    it.body = r.get<std::string>(3);
    it.resource = r.get<std::string>(4);
    it.created_at = r.get<std::string>(5);
    it.read = r.get_indicator(6) == soci::i_ok;
    out.push_back(std::move(it));
  }
  return out;
}

std::int64_t unread_count(db::Tx& tx, std::int64_t user_id) {
  long long uid = user_id, n = 0;
  tx.sql() << "SELECT COUNT(*) FROM notifications WHERE user_id = :u AND read_at IS NULL", soci::use(uid), soci::into(n);
  return n;
}

bool mark_read(db::Tx& tx, std::int64_t user_id, std::int64_t notification_id, Timestamp now) {
  long long uid = user_id, id = notification_id, found = 0;
  tx.sql() << "SELECT COUNT(*) FROM notifications WHERE id = :id AND user_id = :u", soci::use(id), soci::use(uid),
      soci::into(found);
  if (!found) return false;
  std::string at = now.to_iso_utc();
  tx.sql() << "UPDATE notifications SET read_at = :at WHERE id = :id AND read_at IS NULL", soci::use(at), soci::use(id);
  return true;
}

std::vector<db::Migration> migrations() {
  return {{110, "outbox_and_notifications", R"(
CREATE TABLE outbox (
  id {{pk}},
  topic TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE TABLE notifications (
  id {{pk}},
  user_id {{bigint}} NOT NULL,
  kind TEXT NOT NULL,
  title_zh TEXT NOT NULL,
  title_en TEXT NOT NULL,
  body_zh TEXT NOT NULL,
  body_en TEXT NOT NULL,
  resource TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, id)
)"}};
}

}  // namespace medrisk::outbox
