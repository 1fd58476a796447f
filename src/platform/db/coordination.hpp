// Several server processes on one PostgreSQL: advisory locks so a background job runs on one node at
// a time, and LISTEN/NOTIFY so a change that in-process caches depend on (a revoked session) reaches
// every node when its transaction commits. On SQLite there is one process: the locks are always
// granted and notifications go nowhere.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "platform/db/database.hpp"

namespace medrisk::db {

// The 64-bit advisory-lock key of a name ("job:dispute deadline reminders"): FNV-1a, stable across
// builds and processes.
std::int64_t advisory_key(std::string_view name);

// Takes pg_try_advisory_xact_lock(advisory_key(name)) in the caller's write transaction: true when
// this transaction holds it until commit or rollback, false when another transaction (another node)
// holds it. Always true on SQLite, whose write transactions are exclusive already.
bool try_advisory_xact_lock(Tx& tx, std::string_view name);

// Session-level advisory locks for jobs that span several transactions, held on one connection of
// their own (outside the pool, so a job holding a lock never takes a pooled connection twice). On
// SQLite every try_lock succeeds.
class JobLocks {
 public:
  explicit JobLocks(Database& db);
  ~JobLocks();
  JobLocks(const JobLocks&) = delete;
  JobLocks& operator=(const JobLocks&) = delete;

  class Held {
   public:
    Held(JobLocks* owner, std::int64_t key) : owner_(owner), key_(key) {}
    Held(Held&& o) noexcept : owner_(std::exchange(o.owner_, nullptr)), key_(o.key_) {}
    Held& operator=(Held&&) = delete;
    ~Held();

   private:
    JobLocks* owner_;
    std::int64_t key_;
  };
  // The lock named `name` if no other node holds it; nothing when another does or the database is
  // unreachable (the job is skipped this round).
  std::optional<Held> try_lock(std::string_view name);

 private:
  void unlock(std::int64_t key);
  Database& db_;
  std::mutex mutex_;
  std::unique_ptr<soci::session> session_;  // PostgreSQL only, opened on first use and after a failure
};

// pg_notify(channel, payload) in the caller's transaction: delivered to every listener when it
// commits, dropped if it rolls back. Nothing on SQLite.
void notify(Tx& tx, const std::string& channel, const std::string& payload);

// One LISTEN connection (libpq, outside the pool) and a thread waiting on its socket. `on_message`
// runs for each payload; `on_lost` runs when the connection drops (the caller must stop trusting
// what it cached, since notifications may have been missed) and `on_subscribed` once LISTEN is in
// place again. Reconnects every `retry` until stopped. PostgreSQL only.
class Listener {
 public:
  struct Handlers {
    std::function<void(const std::string& payload)> on_message;
    std::function<void()> on_lost;
    std::function<void()> on_subscribed;
  };
  Listener(std::string conninfo, std::string channel, Handlers handlers,
           std::chrono::milliseconds retry = std::chrono::milliseconds(500));
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  void start();
  void stop();
  bool subscribed() const { return subscribed_; }
  // Waits until a notification with exactly this payload has been received by this listener (or
  // `timeout`): a sender uses it so that, when its request answers, the notification is out.
  bool wait_for(const std::string& payload, std::chrono::milliseconds timeout);

 private:
  void run();
  void seen(const std::string& payload);

  std::string conninfo_;
  std::string channel_;
  Handlers handlers_;
  std::chrono::milliseconds retry_;
  std::atomic<bool> subscribed_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> recent_;  // the last payloads received, for wait_for
};

}  // namespace medrisk::db
