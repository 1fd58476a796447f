// The pure step from claims to triangle cells (history.hpp triangle_records): origin years, lags up to
// the valuation day, zero cells that keep a row contiguous, what is not yet known at the valuation day,
// and the reserve in force at a year end. Figures worked out by hand.
#include <gtest/gtest.h>

#include <map>

#include "modules/claims/history.hpp"

namespace medrisk::claims {
namespace {

namespace act = medrisk::actuarial;

Date D(const char* s) { return *Date::parse(s); }
Money Y(std::int64_t yuan) { return Money::from_fen(yuan * 100); }

std::map<std::pair<std::string, int>, double> cells(const std::vector<act::CellRecord>& records) {
  std::map<std::pair<std::string, int>, double> out;
  for (const auto& r : records) {
    EXPECT_FALSE(out.count({r.origin, r.lag})) << "one record per cell: " << r.origin << " lag " << r.lag;
    out[{r.origin, r.lag}] = r.value;
  }
  return out;
}

// Accident 2024-12-30, reported 2025-01-03: reserve 10,000 on notice, raised to 16,000 on 2025-12-31,
// an advance of 4,000 confirmed on 2026-01-02 (the reserve falls to 12,000 that day), another of 2,000
// on 2026-08-01 — after the valuation day 2026-06-30.
ClaimHistoryFacts straddling() {
  return {D("2024-12-30"), D("2025-01-03"),
          {{D("2026-01-02"), Y(4'000)}, {D("2026-08-01"), Y(2'000)}},
          {{D("2025-01-03"), Y(10'000)}, {D("2025-12-31"), Y(16'000)}, {D("2026-01-02"), Y(12'000)}}};
}

TEST(TriangleRecords, PaidByAccidentYearHasZeroCellsUpToTheValuationYear) {
  auto c = cells(triangle_records({straddling()}, act::TriangleBasis::paid, act::TriangleOrigin::accident, D("2026-06-30")));
  EXPECT_EQ(c, (std::map<std::pair<std::string, int>, double>{
                   {{"2024", 1}, 0}, {{"2024", 2}, 0}, {{"2024", 3}, 4'000}}))
      << "the August payment is after the valuation day";
}

TEST(TriangleRecords, IncurredByReportYearTakesTheReserveInForceAtEachYearEnd) {
  auto c = cells(
      triangle_records({straddling()}, act::TriangleBasis::incurred, act::TriangleOrigin::report, D("2026-06-30")));
  // 2025-12-31: the 16,000 set that day counts; 2026-06-30: 4,000 paid + 12,000 outstanding.
  EXPECT_EQ(c, (std::map<std::pair<std::string, int>, double>{{{"2025", 1}, 16'000}, {{"2025", 2}, 16'000}}));
}

TEST(TriangleRecords, IncurredByAccidentYearBeforeTheNoticeIsZero) {
  auto c = cells(
      triangle_records({straddling()}, act::TriangleBasis::incurred, act::TriangleOrigin::accident, D("2026-06-30")));
  EXPECT_EQ(c, (std::map<std::pair<std::string, int>, double>{
                   {{"2024", 1}, 0}, {{"2024", 2}, 16'000}, {{"2024", 3}, 16'000}}));
}

TEST(TriangleRecords, ClaimsAfterTheValuationDayAreLeftOutAndFenBecomeYuan) {
  ClaimHistoryFacts later{D("2026-07-01"), D("2026-07-02"), {}, {{D("2026-07-02"), Y(1)}}};
  ClaimHistoryFacts cents{D("2026-01-05"), D("2026-01-06"), {{D("2026-02-01"), Money::from_fen(12'345)}}, {}};
  auto c = cells(triangle_records({later, cents}, act::TriangleBasis::paid, act::TriangleOrigin::accident, D("2026-06-30")));
  EXPECT_EQ(c, (std::map<std::pair<std::string, int>, double>{{{"2026", 1}, 123.45}}));
  EXPECT_TRUE(triangle_records({later}, act::TriangleBasis::incurred, act::TriangleOrigin::report, D("2026-06-30")).empty());
}

}  // namespace
}  // namespace medrisk::claims
