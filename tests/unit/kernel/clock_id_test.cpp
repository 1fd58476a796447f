// Clock and Id: a test can stop and move business time, and ids of different things never mix.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/id.hpp"
#include "unit/kernel/kernel_test_support.hpp"

namespace medrisk {
namespace {

using test::D;
using test::T;
using namespace std::chrono_literals;

TEST(ManualClock, TodayIsTheChinaDate) {
  ManualClock clock(T("2026-03-02T15:59:00Z"));  // 23:59 in China
  EXPECT_EQ(clock.today(), D("2026-03-02"));
  clock.advance(1min);
  EXPECT_EQ(clock.today(), D("2026-03-03"));
  clock.set(T("2025-10-01T00:00:00+08:00"));
  EXPECT_EQ(clock.now().to_shanghai(), "2025-10-01 00:00:00");
}

TEST(ManualClock, AdvancesSafelyFromManyThreads) {
  ManualClock clock(Timestamp::from_micros(0));
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&clock] {
      for (int k = 0; k < 1000; ++k) clock.advance(1us);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(clock.now().micros(), 4000);
}

TEST(SystemClock, ReadsTheRealTime) {
  SystemClock clock;
  const Clock& as_interface = clock;
  EXPECT_GT(as_interface.now(), T("2024-01-01T00:00:00Z"));
  EXPECT_LT(as_interface.now(), T("2200-01-01T00:00:00Z"));
}

struct PolicyTag;
struct CaseTag;
using PolicyId = Id<PolicyTag>;
using CaseId = Id<CaseTag>;

TEST(Id, TypedComparableHashable) {
  static_assert(!std::is_convertible_v<PolicyId, CaseId>);
  static_assert(!std::is_convertible_v<std::int64_t, PolicyId>);
  PolicyId a{7};
  PolicyId b{9};
  EXPECT_LT(a, b);
  EXPECT_EQ(a, PolicyId{7});
  EXPECT_TRUE(a.is_set());
  EXPECT_FALSE(PolicyId{}.is_set());
  std::unordered_set<PolicyId> ids{a, b, PolicyId{7}};
  EXPECT_EQ(ids.size(), 2u);
}

}  // namespace
}  // namespace medrisk
