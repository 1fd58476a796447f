// Money: parsing and formatting CNY amounts, overflow at the int64 edges, rounding of ratios and the
// largest-remainder split that premium funding and co-insurance shares rely on.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "kernel/errors.hpp"
#include "kernel/money.hpp"
#include "unit/kernel/kernel_test_support.hpp"

namespace medrisk {
namespace {

using test::fen;
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

struct ParseCase {
  const char* text;
  std::int64_t fen;
};

TEST(MoneyParse, AcceptsTheWaysPeopleWriteAmounts) {
  const ParseCase cases[] = {
      {"1,500,000.00", 150'000'000},  // a policy limit as printed on the schedule
      {"1500000", 150'000'000},
      {"0.5", 50},
      {"-12.30", -1'230},
      {"0", 0},
      {"-0", 0},
      {"0.05", 5},
      {"999", 99'900},
      {"1,000", 100'000},
      {"12,345.6", 1'234'560},
      {"007", 700},
      {"92,233,720,368,547,758.07", kMax},
      {"-92233720368547758.08", kMin},
  };
  for (const auto& c : cases) {
    auto m = Money::parse(c.text);
    ASSERT_TRUE(m.ok()) << c.text;
    EXPECT_EQ(m->fen(), c.fen) << c.text;
  }
}

TEST(MoneyParse, RejectsMalformedText) {
  const char* cases[] = {"",       "-",         "--1",     "+5",       "1,5000",   "15,00,000", ",100",
                         "100,",   "1,000,00",  "1.",      ".5",       "0.005",    "1.234",     "1.500",
                         "1 000",  " 1",        "1 ",      "1e3",      "12a",      "1,000.0.0", "0x10",
                         "1,000,", "1,,000",    "1.0,0",   "\xef\xbc\x91\xef\xbc\x92" /* fullwidth １２ */};
  for (const char* text : cases) {
    auto m = Money::parse(text);
    ASSERT_FALSE(m.ok()) << "accepted '" << text << "'";
    EXPECT_EQ(m.error().code, kernel_errors::invalid_money_format) << text;
  }
}

TEST(MoneyParse, RejectsAmountsBeyondInt64Fen) {
  const char* cases[] = {"92233720368547758.08", "-92233720368547758.09", "92,233,720,368,547,759",
                         "99999999999999999999999999999999999999999999"};
  for (const char* text : cases) {
    auto m = Money::parse(text);
    ASSERT_FALSE(m.ok()) << text;
    EXPECT_EQ(m.error().code, kernel_errors::money_out_of_range) << text;
  }
}

struct FormatCase {
  std::int64_t fen;
  const char* grouped;
  const char* plain;
};

TEST(MoneyFormat, GroupsThousandsAndAlwaysShowsTwoDecimals) {
  const FormatCase cases[] = {
      {150'000'000, "1,500,000.00", "1500000.00"},
      {0, "0.00", "0.00"},
      {5, "0.05", "0.05"},
      {-5, "-0.05", "-0.05"},
      {99'999, "999.99", "999.99"},
      {100'000, "1,000.00", "1000.00"},
      {-123'456'789, "-1,234,567.89", "-1234567.89"},
      {kMax, "92,233,720,368,547,758.07", "92233720368547758.07"},
      {kMin, "-92,233,720,368,547,758.08", "-92233720368547758.08"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(fen(c.fen).to_string(), c.grouped);
    EXPECT_EQ(fen(c.fen).to_plain_string(), c.plain);
    EXPECT_EQ(Money::parse(c.grouped)->fen(), c.fen) << "round trip " << c.grouped;
    EXPECT_EQ(Money::parse(c.plain)->fen(), c.fen) << "round trip " << c.plain;
  }
}

TEST(MoneyArithmetic, CheckedFormsRefuseOverflow) {
  EXPECT_EQ(fen(kMax - 1).checked_add(fen(1))->fen(), kMax);
  EXPECT_EQ(fen(kMax).checked_add(fen(1)).error().code, kernel_errors::money_out_of_range);
  EXPECT_EQ(fen(kMin).checked_sub(fen(1)).error().code, kernel_errors::money_out_of_range);
  EXPECT_EQ(fen(kMin + 1).checked_sub(fen(1))->fen(), kMin);
  EXPECT_EQ(fen(kMax / 2 + 1).checked_mul(2).error().code, kernel_errors::money_out_of_range);
  EXPECT_EQ(fen(kMin).checked_mul(-1).error().code, kernel_errors::money_out_of_range);
  EXPECT_EQ(fen(-150).checked_mul(3)->fen(), -450);
}

TEST(MoneyArithmetic, OperatorsThrowOnOverflow) {
  EXPECT_EQ((fen(150) + fen(-200)).fen(), -50);
  EXPECT_EQ((fen(150) - fen(200)).fen(), -50);
  EXPECT_THROW(fen(kMax) + fen(1), std::overflow_error);
  EXPECT_THROW(fen(kMin) - fen(1), std::overflow_error);
  EXPECT_THROW(-fen(kMin), std::overflow_error);
  Money total;
  total += fen(100);
  total -= fen(30);
  EXPECT_EQ(total, fen(70));
  EXPECT_LT(fen(-1), fen(0));
  EXPECT_GT(fen(kMax), fen(kMin));
}

struct RatioCase {
  std::int64_t fen, numerator, denominator;
  Rounding rounding;
  std::int64_t expected;
};

TEST(MoneyRatio, RoundsExactlyAsNamed) {
  using R = Rounding;
  const RatioCase cases[] = {
      // 2.5 fen: the tie that separates the half modes
      {5, 1, 2, R::half_up, 3},     {5, 1, 2, R::half_even, 2}, {5, 1, 2, R::down, 2},
      {5, 1, 2, R::up, 3},          {5, 1, 2, R::floor, 2},     {5, 1, 2, R::ceiling, 3},
      // -2.5 fen: half_up goes away from zero, floor and ceiling keep their direction
      {-5, 1, 2, R::half_up, -3},   {-5, 1, 2, R::half_even, -2}, {-5, 1, 2, R::down, -2},
      {-5, 1, 2, R::up, -3},        {-5, 1, 2, R::floor, -3},   {-5, 1, 2, R::ceiling, -2},
      // 7.5 -> even neighbour is 8
      {15, 1, 2, R::half_even, 8},  {-15, 1, 2, R::half_even, -8},
      // 2.333… and 2.666…: not ties
      {7, 1, 3, R::half_up, 2},     {7, 1, 3, R::half_even, 2}, {7, 1, 3, R::up, 3},
      {-7, 1, 3, R::floor, -3},     {-7, 1, 3, R::ceiling, -2}, {8, 1, 3, R::half_up, 3},
      {8, 1, 3, R::half_even, 3},   {8, 1, 3, R::down, 2},
      // a negative denominator is the same ratio
      {5, 1, -2, R::half_up, -3},   {5, -1, -2, R::half_up, 3},
      // exact results need no rounding
      {150'000'000, 6'000, 10'000, R::up, 90'000'000},
      // the 128-bit intermediate: kMax × 2 / 2 overflows 64 bits on the way
      {kMax, 2, 2, R::down, kMax},  {kMin, 3, 3, R::down, kMin},
  };
  for (const auto& c : cases) {
    auto m = fen(c.fen).mul_ratio(c.numerator, c.denominator, c.rounding);
    ASSERT_TRUE(m.ok()) << c.fen << "*" << c.numerator << "/" << c.denominator;
    EXPECT_EQ(m->fen(), c.expected) << c.fen << "*" << c.numerator << "/" << c.denominator << " mode "
                                    << int(c.rounding);
  }
}

TEST(MoneyRatio, BasisPointsOfALimit) {
  // Premium rate 35 bp of a 1,500,000.00 limit is 5,250.00.
  EXPECT_EQ(Money::parse("1,500,000.00")->mul_basis_points(35, Rounding::half_up)->to_string(), "5,250.00");
  // 125 bp of 0.99 CNY is 1.2375 fen.
  EXPECT_EQ(fen(99).mul_basis_points(125, Rounding::half_up)->fen(), 1);
  EXPECT_EQ(fen(99).mul_basis_points(125, Rounding::up)->fen(), 2);
  EXPECT_EQ(fen(99).mul_basis_points(125, Rounding::down)->fen(), 1);
}

TEST(MoneyRatio, RefusesOverflowAndZeroDenominator) {
  EXPECT_EQ(fen(kMax).mul_ratio(3, 2, Rounding::down).error().code, kernel_errors::money_out_of_range);
  EXPECT_EQ(fen(kMin).mul_ratio(-1, 1, Rounding::down).error().code, kernel_errors::money_out_of_range);
  EXPECT_EQ(fen(100).mul_ratio(1, 0, Rounding::down).error().code, kernel_errors::money_ratio_invalid);
}

struct SplitCase {
  const char* scenario;
  std::int64_t total;
  std::vector<std::int64_t> weights;
  std::vector<std::int64_t> expected;
};

TEST(MoneySplit, LargestRemainderAddsUpToTheFen) {
  const SplitCase cases[] = {
      {"100.00 CNY shared equally by three", 10'000, {1, 1, 1}, {3'334, 3'333, 3'333}},
      {"a refund of 100.00 CNY shared by three", -10'000, {1, 1, 1}, {-3'334, -3'333, -3'333}},
      // 12,345.67 premium: state 50 %, institution 30 %, clinician 20 % = 617,283.5 / 370,370.1 / 246,913.4 fen
      {"premium by state/institution/clinician", 1'234'567, {5'000, 3'000, 2'000}, {617'284, 370'370, 246'913}},
      // co-insurance 60/25/15 % of 1,000.01: 60000.6 / 25000.25 / 15000.15 fen
      {"co-insurers 6000/2500/1500 bp of an odd fen", 100'001, {6'000, 2'500, 1'500}, {60'001, 25'000, 15'000}},
      {"ties go to the lower index", 2, {1, 1, 1}, {1, 1, 0}},
      {"one leftover fen among four", 101, {1, 1, 1, 1}, {26, 25, 25, 25}},
      {"a zero share gets nothing", 100, {0, 1, 1}, {0, 50, 50}},
      {"a zero share never gets the leftover", 101, {1, 0, 1}, {51, 0, 50}},
      {"nothing to split", 0, {3, 7}, {0, 0}},
      {"single payee", 12'345, {42}, {12'345}},
      {"largest amount", kMax, {1, 1}, {4'611'686'018'427'387'904, 4'611'686'018'427'387'903}},
      {"smallest amount", kMin, {1, 1}, {kMin / 2, kMin / 2}},
      {"huge weights do not overflow", 3, {kMax, kMax}, {2, 1}},
  };
  for (const auto& c : cases) {
    auto parts = split_largest_remainder(fen(c.total), c.weights);
    ASSERT_TRUE(parts.ok()) << c.scenario;
    std::vector<std::int64_t> got;
    for (Money m : *parts) got.push_back(m.fen());
    EXPECT_EQ(got, c.expected) << c.scenario;
  }
}

TEST(MoneySplit, SumsExactlyForManyAmounts) {
  const std::vector<std::int64_t> weights{6'000, 2'500, 1'500, 1, 7, 0, 333};
  for (std::int64_t total = -5'000; total <= 5'000; total += 37) {
    auto parts = split_largest_remainder(fen(total), weights);
    ASSERT_TRUE(parts.ok());
    std::int64_t sum = 0;
    for (Money m : *parts) sum += m.fen();
    EXPECT_EQ(sum, total);
    EXPECT_EQ((*parts)[5].fen(), 0);
  }
}

TEST(MoneySplit, RefusesWeightsThatShareNothing) {
  const std::vector<std::vector<std::int64_t>> cases{{}, {0}, {0, 0, 0}, {1, -1}, {-5}};
  for (const auto& weights : cases) {
    auto parts = split_largest_remainder(fen(10'000), weights);
    ASSERT_FALSE(parts.ok());
    EXPECT_EQ(parts.error().code, kernel_errors::split_weights_invalid);
  }
}

}  // namespace
}  // namespace medrisk
