#include "modules/accounts/session_cache.hpp"

#include <unordered_map>

namespace medrisk::accounts {

bool SessionCache::fresh(const Entry& e, Timestamp now) const {
  auto age = now - e.cached_at;
  return age >= Timestamp::Duration::zero() && age < std::chrono::duration_cast<Timestamp::Duration>(ttl_);
}

std::optional<store::SessionActor> SessionCache::get(const std::string& token_hash, Timestamp now) const {
  if (!enabled()) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = by_hash_.find(token_hash);
  if (it == by_hash_.end() || !fresh(it->second, now)) return std::nullopt;
  return it->second.found;
}

std::optional<store::SessionActor> SessionCache::by_session(std::int64_t session_id, Timestamp now) const {
  if (!enabled()) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto h = hash_of_session_.find(session_id);
  if (h == hash_of_session_.end()) return std::nullopt;
  auto it = by_hash_.find(h->second);
  if (it == by_hash_.end() || !fresh(it->second, now)) return std::nullopt;
  return it->second.found;
}

void SessionCache::put(const std::string& token_hash, const store::SessionActor& found, Timestamp now,
                       std::uint64_t read_in) {
  if (!enabled()) return;
  std::lock_guard lock(mutex_);
  if (suspended_ || (read_in != kAnyGeneration && read_in != generation_)) return;
  if (by_hash_.size() >= capacity_) evict_stale(now);
  if (by_hash_.size() >= capacity_) {  // every entry fresh: start over rather than grow without bound
    by_hash_.clear();
    hash_of_session_.clear();
  }
  if (auto r = revoked_at_.find(found.session.id); r != revoked_at_.end()) {
    if (now - r->second < std::chrono::duration_cast<Timestamp::Duration>(ttl_)) return;
    revoked_at_.erase(r);
  }
  if (auto r = user_revoked_at_.find(found.user.id); r != user_revoked_at_.end()) {
    if (now - r->second < std::chrono::duration_cast<Timestamp::Duration>(ttl_)) return;
    user_revoked_at_.erase(r);
  }
  by_hash_.insert_or_assign(token_hash, Entry{found, now});
  hash_of_session_.insert_or_assign(found.session.id, token_hash);
}

void SessionCache::touched(const std::string& token_hash, Timestamp at) {
  std::lock_guard lock(mutex_);
  if (auto it = by_hash_.find(token_hash); it != by_hash_.end()) it->second.found.session.last_seen_at = at;
}

void SessionCache::erase_session(std::int64_t session_id, Timestamp now) {
  if (!enabled()) return;
  std::lock_guard lock(mutex_);
  if (revoked_at_.size() >= capacity_) revoked_at_.clear();
  revoked_at_.insert_or_assign(session_id, now);
  auto h = hash_of_session_.find(session_id);
  if (h == hash_of_session_.end()) return;
  by_hash_.erase(h->second);
  hash_of_session_.erase(h);
}

void SessionCache::erase_user(std::int64_t user_id, Timestamp now) {
  if (ttl_.count() <= 0) return;
  std::lock_guard lock(mutex_);
  if (user_revoked_at_.size() >= capacity_) user_revoked_at_.clear();
  user_revoked_at_.insert_or_assign(user_id, now);
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    if (it->second.found.user.id != user_id) {
      ++it;
      continue;
    }
    hash_of_session_.erase(it->second.found.session.id);
    it = by_hash_.erase(it);
  }
}

void SessionCache::suspend() {
  std::lock_guard lock(mutex_);
  suspended_ = true;
  ++generation_;
  by_hash_.clear();
  hash_of_session_.clear();
}

void SessionCache::resume() {
  std::lock_guard lock(mutex_);
  suspended_ = false;
  ++generation_;
}

void SessionCache::evict_stale(Timestamp now) {
  std::erase_if(revoked_at_, [&](const auto& r) {
    return now - r.second >= std::chrono::duration_cast<Timestamp::Duration>(ttl_);
  });
  std::erase_if(user_revoked_at_,
                [&](const auto& r) { return now - r.second >= std::chrono::duration_cast<Timestamp::Duration>(ttl_); });
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    if (fresh(it->second, now)) {
      ++it;
      continue;
    }
    hash_of_session_.erase(it->second.found.session.id);
    it = by_hash_.erase(it);
  }
}

}  // namespace medrisk::accounts
