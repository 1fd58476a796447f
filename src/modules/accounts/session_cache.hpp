// A short-lived in-process cache of the per-request session look-up (session, user, roles,
// organization), so an authenticated request does not open a database transaction for it.
// Entries live at most `ttl`; logging out drops the entry at once in this process. On PostgreSQL every
// revocation is also announced with NOTIFY and each server's listener drops the session (or all of a
// user's sessions) at once; while that listener is down the cache is suspended (empty, bypassed), so
// no node serves a look-up that a missed notification would have dropped. Without a listener (SQLite,
// one process) a change made by another process (e.g. `medrisk user reset-password`) takes effect
// within `ttl`. The validity of the session itself (expiry, idle timeout, revocation flag) is still
// decided on every request.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "kernel/date.hpp"
#include "modules/accounts/store.hpp"

namespace medrisk::accounts {

class SessionCache {
 public:
  SessionCache(std::chrono::milliseconds ttl, std::size_t capacity) : ttl_(ttl), capacity_(capacity) {}

  bool enabled() const { return ttl_.count() > 0 && !suspended_; }
  // The cached look-up for a token hash, if cached less than `ttl` before `now`.
  std::optional<store::SessionActor> get(const std::string& token_hash, Timestamp now) const;
  // The cached look-up for a session id (for /me), under the same freshness rule.
  std::optional<store::SessionActor> by_session(std::int64_t session_id, Timestamp now) const;
  // Keeps a look-up. `read_in` is generation() taken before the database read: if the cache was
  // suspended or resumed since, the look-up may predate a missed revocation and is not kept.
  void put(const std::string& token_hash, const store::SessionActor& found, Timestamp now,
           std::uint64_t read_in = kAnyGeneration);
  static constexpr std::uint64_t kAnyGeneration = ~std::uint64_t{0};
  std::uint64_t generation() const { return generation_; }
  void touched(const std::string& token_hash, Timestamp at);
  // Drops the session and keeps it out for `ttl`, so a look-up that read the database before the
  // revocation committed cannot put it back.
  void erase_session(std::int64_t session_id, Timestamp now);
  // Drops every session of the user (password reset, role change, deactivation) and keeps the
  // user's look-ups out for `ttl`, like erase_session.
  void erase_user(std::int64_t user_id, Timestamp now);
  // Suspended: empty and bypassed (get finds nothing, put keeps nothing) until resumed.
  void suspend();
  void resume();

 private:
  struct Entry {
    store::SessionActor found;
    Timestamp cached_at;
  };
  bool fresh(const Entry& e, Timestamp now) const;
  void evict_stale(Timestamp now);

  std::chrono::milliseconds ttl_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> by_hash_;
  std::unordered_map<std::int64_t, std::string> hash_of_session_;
  std::unordered_map<std::int64_t, Timestamp> revoked_at_;
  std::unordered_map<std::int64_t, Timestamp> user_revoked_at_;
  std::atomic<bool> suspended_{false};
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace medrisk::accounts
