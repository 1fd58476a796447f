// Transactional outbox: a module publishes a message in the same transaction as the change that
// caused it; the dispatcher delivers it afterwards with retries and exponential backoff, and parks it
// as a dead letter after kMaxAttempts. Also the per-user notification inbox, written the same way.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::outbox {

inline constexpr int kMaxAttempts = 8;
inline constexpr int kClaimBatch = 50;
inline constexpr std::chrono::seconds kLease{300};  // a claimed message is retried after this if its sender died

std::int64_t publish(db::Tx& tx, Timestamp now, const std::string& topic, const nlohmann::json& payload);

// Delivers one message; a refused Status (or an exception) schedules a retry.
using Deliverer = std::function<Status(const nlohmann::json& payload)>;

struct DispatchStats {
  int delivered = 0;
  int retried = 0;
  int dead = 0;
};

class Dispatcher {
 public:
  Dispatcher(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  ~Dispatcher() { stop(); }
  void on(const std::string& topic, Deliverer deliverer) { deliverers_[topic] = std::move(deliverer); }
  // One pass: claims due messages, delivers them, records the outcome. Used by the thread and tests.
  DispatchStats run_once();
  void start(std::chrono::milliseconds interval = std::chrono::milliseconds(1000));
  void stop();

 private:
  db::Database& db_;
  const Clock& clock_;
  std::map<std::string, Deliverer> deliverers_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

std::chrono::seconds backoff(int attempts);  // 2^attempts seconds, capped at one hour

// ---- notification inbox ----
struct Notification {
  std::int64_t user_id = 0;
  std::string kind;      // "case.accepted", …
  std::string title_zh, title_en, body_zh, body_en;
  std::string resource;  // "case:42"
};
std::int64_t notify(db::Tx& tx, Timestamp now, const Notification& n);

struct InboxItem {
  std::int64_t id = 0;
  std::string kind, title, body, resource, created_at;
  bool read = false;
};
std::vector<InboxItem> inbox(db::Tx& tx, std::int64_t user_id, const std::string& lang, bool unread_only,
                             std::int64_t before_id, int limit);
std::int64_t unread_count(db::Tx& tx, std::int64_t user_id);
bool mark_read(db::Tx& tx, std::int64_t user_id, std::int64_t notification_id, Timestamp now);

std::vector<db::Migration> migrations();

}  // namespace medrisk::outbox
