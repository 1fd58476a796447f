// The per-request session cache: a look-up is reused only while fresh, a logout drops it at once and
// keeps a look-up that raced with it from putting it back, and the cache never grows without bound.
#include <gtest/gtest.h>

#include <chrono>

#include "modules/accounts/session_cache.hpp"

namespace medrisk::accounts {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Timestamp at(int second) { return Timestamp::parse("2026-11-25T08:00:00Z").value() + seconds(second); }

store::SessionActor session(std::int64_t id, std::int64_t user = 7) {
  store::SessionActor s;
  s.session.id = id;
  s.session.user_id = user;
  s.user.id = user;
  s.user.username = "user" + std::to_string(user);
  return s;
}

TEST(SessionCache, ReusesALookUpOnlyWhileFresh) {
  SessionCache cache(milliseconds(5000), 100);
  cache.put("h1", session(1), at(0));
  ASSERT_TRUE(cache.get("h1", at(4)).has_value());
  EXPECT_EQ(cache.get("h1", at(4))->user.username, "user7");
  EXPECT_TRUE(cache.by_session(1, at(4)).has_value());
  EXPECT_FALSE(cache.get("h1", at(5)).has_value()) << "five seconds old is stale";
  EXPECT_FALSE(cache.get("h2", at(1)).has_value());
  EXPECT_FALSE(cache.get("h1", at(-1)).has_value()) << "a clock that went back does not trust the entry";
}

TEST(SessionCache, LogoutDropsTheSessionAndKeepsARacingLookUpOut) {
  SessionCache cache(milliseconds(5000), 100);
  cache.put("h1", session(1), at(0));
  cache.erase_session(1, at(1));
  EXPECT_FALSE(cache.get("h1", at(1)).has_value());
  EXPECT_FALSE(cache.by_session(1, at(1)).has_value());
  cache.put("h1", session(1), at(2));  // a request that read the row before the revocation committed
  EXPECT_FALSE(cache.get("h1", at(2)).has_value());
  cache.put("h1", session(1), at(7));  // after ttl the database is again the judge (it says revoked)
  EXPECT_TRUE(cache.get("h1", at(7)).has_value());
}

TEST(SessionCache, TouchMovesLastSeenSoTheIdleClockIsRight) {
  SessionCache cache(milliseconds(5000), 100);
  cache.put("h1", session(1), at(0));
  cache.touched("h1", at(3));
  EXPECT_EQ(cache.get("h1", at(3))->session.last_seen_at, at(3));
}

TEST(SessionCache, StaysWithinItsCapacity) {
  SessionCache cache(milliseconds(5000), 3);
  for (int i = 1; i <= 3; ++i) cache.put("h" + std::to_string(i), session(i, i), at(0));
  cache.put("h4", session(4, 4), at(10));  // the three others are stale: evicted
  EXPECT_TRUE(cache.get("h4", at(10)).has_value());
  EXPECT_FALSE(cache.by_session(1, at(10)).has_value());
  for (int i = 5; i <= 7; ++i) cache.put("h" + std::to_string(i), session(i, i), at(11));
  int kept = 0;
  for (int i = 4; i <= 7; ++i) kept += cache.get("h" + std::to_string(i), at(11)).has_value() ? 1 : 0;
  EXPECT_LE(kept, 3);
  EXPECT_TRUE(cache.get("h7", at(11)).has_value()) << "the newest look-up is always kept";
}

TEST(SessionCache, ZeroTtlDisablesIt) {
  SessionCache cache(milliseconds(0), 100);
  cache.put("h1", session(1), at(0));
  EXPECT_FALSE(cache.get("h1", at(0)).has_value());
}

}  // namespace
}  // namespace medrisk::accounts

namespace medrisk::accounts {
namespace {

TEST(SessionCache, PasswordResetOrRoleChangeDropsEverySessionOfTheUser) {
  SessionCache cache(milliseconds(5000), 100);
  cache.put("h1", session(1, 7), at(0));
  cache.put("h2", session(2, 7), at(0));
  cache.put("h3", session(3, 8), at(0));
  cache.erase_user(7, at(1));
  EXPECT_FALSE(cache.get("h1", at(1)).has_value());
  EXPECT_FALSE(cache.get("h2", at(1)).has_value());
  EXPECT_TRUE(cache.get("h3", at(1)).has_value()) << "another user's session stays";
  cache.put("h1", session(1, 7), at(2));  // a look-up that raced with the reset
  EXPECT_FALSE(cache.get("h1", at(2)).has_value());
}

TEST(SessionCache, SuspendedWhileNotificationsMayBeMissedAndNoLookUpFromBeforeComesBack) {
  SessionCache cache(milliseconds(5000), 100);
  cache.put("h1", session(1), at(0));
  std::uint64_t before = cache.generation();  // a request starts its database read
  cache.suspend();                              // the LISTEN connection dropped
  EXPECT_FALSE(cache.get("h1", at(1)).has_value()) << "emptied";
  cache.put("h2", session(2), at(1));
  EXPECT_FALSE(cache.get("h2", at(1)).has_value()) << "bypassed while suspended";
  cache.resume();  // listening again
  cache.put("h3", session(3), at(2), before);
  EXPECT_FALSE(cache.get("h3", at(2)).has_value()) << "read before the drop: may predate a missed revocation";
  cache.put("h4", session(4), at(2), cache.generation());
  EXPECT_TRUE(cache.get("h4", at(2)).has_value());
}

}  // namespace
}  // namespace medrisk::accounts
