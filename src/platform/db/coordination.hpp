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
#include <utility>
#include <vector>

#include "platform/db/database.hpp"

namespace medrisk::db {

// The 64-bit advisory-lock key of a name ("job:dispute deadline reminders"): FNV-1a, stable across
// builds and processes.
std::int64_t advisory_key(std::string_view name);

// Takes pg_try_advisory_xact_lock(advisory_key(name)) in the caller's write transaction: true when
// this transaction holds it until commit or rollback, false when another transaction (another node)
// holds it. Always true on SQLite, whose write transactions are exclusive already.
bool try_advisory_xact_lock(Tx& tx, std::string_view name);

// Takes pg_advisory_xact_lock(advisory_key(name)) in the caller's write transaction, waiting for another
// holder's commit or rollback (one writer at a time, e.g. the ledger's appends). Nothing on SQLite.
void advisory_xact_lock(Tx& tx, std::string_view name);

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

// One LISTEN connection (libpq, outside the pool) and a thread waiting on its socket, listening on
// `channels`. `on_message(channel, payload)` runs for each notification; when it returns a non-empty
// string, the listener sends it on `reply_channel` from its own connection (an acknowledgement: the
// sender can then wait until every listener has acted). `on_lost` runs when the connection drops
// (the caller must stop trusting what it cached: notifications may have been missed) and
// `on_subscribed` once LISTEN is in place again. Reconnects every `retry` until stopped. The
// connection shows in pg_stat_activity as `application_name`. PostgreSQL only.
class Listener {
 public:
  struct Handlers {
    std::function<std::string(const std::string& channel, const std::string& payload)> on_message;
    std::function<void()> on_lost;
    std::function<void()> on_subscribed;
  };
  Listener(std::string conninfo, std::vector<std::string> channels, Handlers handlers, std::string application_name,
           std::string reply_channel = {}, std::chrono::milliseconds retry = std::chrono::milliseconds(500));
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  void start();
  void stop();
  bool subscribed() const { return subscribed_; }
  // Waits until LISTEN is in place (or `timeout`).
  bool wait_subscribed(std::chrono::milliseconds timeout);
  // Waits until at least `count` notifications on `channel` whose payload starts with `prefix` have
  // been received (or `timeout`); returns how many were.
  std::size_t wait_for(const std::string& channel, const std::string& prefix, std::size_t count,
                       std::chrono::milliseconds timeout);

 private:
  void run();
  std::size_t received(const std::string& channel, const std::string& prefix) const;

  std::string conninfo_;
  std::vector<std::string> channels_;
  Handlers handlers_;
  std::string application_name_;
  std::string reply_channel_;
  std::chrono::milliseconds retry_;
  std::atomic<bool> subscribed_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, std::string>> recent_;  // the last (channel, payload)s, for wait_for
};

// How many Listeners named `application_name` are connected to the database right now.
std::size_t count_listeners(Tx& tx, const std::string& application_name);

}  // namespace medrisk::db
