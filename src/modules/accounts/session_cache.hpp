// A short-lived in-process cache of the per-request session look-up (session, user, roles,
// organization), so an authenticated request does not open a database transaction for it.
// Entries live at most `ttl`; logging out drops the entry at once in this process, and a change made
// by another process (e.g. `medrisk user reset-password`) takes effect within `ttl`. The validity of
// the session itself (expiry, idle timeout, revocation flag) is still decided on every request.
#pragma once

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

  bool enabled() const { return ttl_.count() > 0; }
  // The cached look-up for a token hash, if cached less than `ttl` before `now`.
  std::optional<store::SessionActor> get(const std::string& token_hash, Timestamp now) const;
  // The cached look-up for a session id (for /me), under the same freshness rule.
  std::optional<store::SessionActor> by_session(std::int64_t session_id, Timestamp now) const;
  void put(const std::string& token_hash, const store::SessionActor& found, Timestamp now);
  void touched(const std::string& token_hash, Timestamp at);
  // Drops the session and keeps it out for `ttl`, so a look-up that read the database before the
  // revocation committed cannot put it back.
  void erase_session(std::int64_t session_id, Timestamp now);

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
};

}  // namespace medrisk::accounts
