// The building blocks of the calculator at their boundaries — years by age, combined disabilities,
// causation shares, insurance limits — and every refusal with its code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>

#include "modules/compensation/parameters.hpp"
#include "modules/compensation/rules.hpp"

namespace medrisk::compensation {
namespace {

const ParameterSet& parameter_set() {
  static const ParameterSet set = [] {
    const char* s = std::getenv("MEDRISK_SOURCE_DIR");
    return load_parameters(std::filesystem::path(s ? s : ".") / "data" / "compensation");
  }();
  return set;
}
const Rules& rules() { return parameter_set().rules; }
Money yuan(std::int64_t y) { return Money::from_fen(y * 100); }

TEST(YearsByAge, TwentyYearsLessOneForEachYearFromSixtyAndFiveFromSeventyFive) {
  // 解释 arts 12, 15: "以上" includes the number itself (民法典 art. 1259)
  struct Row { int age, years; };
  for (auto [age, years] : std::vector<Row>{{0, 20}, {59, 20}, {60, 20}, {61, 19}, {70, 10}, {74, 6}, {75, 5}, {99, 5}})
    EXPECT_EQ(years_by_age(age, rules()), years) << "age " << age;
}

TEST(CombinedDisability, WorstGradePlusCappedAdditions) {
  struct Row { std::vector<int> grades; std::int64_t bp; };
  std::vector<Row> table = {
      {{1}, 10000}, {{10}, 1000}, {{7}, 4000},
      {{5, 8, 9}, 6500},      // 60 % + 3 % + 2 %
      {{3, 4, 5}, 9000},      // 80 % + min(7 % + 6 %, 10 %)
      {{2, 2}, 9900},         // 90 % + 9 %
      {{2, 2, 2}, 10000},     // 90 % + min(9 % + 9 %, 10 %) = 100 %
      {{1, 6}, 10000},        // grade 1 absorbs the others
      {{10, 10, 10}, 1200},   // 10 % + 1 % + 1 %
      {{}, 0},
  };
  for (const auto& row : table) EXPECT_EQ(combined_disability_bp(row.grades, rules()), row.bp) << row.grades.size();
}

TEST(CausationShare, UsualValueOrAStatedShareWithinTheDegree) {
  struct Row { Causation c; std::optional<std::int64_t> bp; std::string code; };
  std::vector<Row> table = {
      {{true, "full", std::nullopt}, 10000, ""},
      {{true, "main", std::nullopt}, 7500, ""},
      {{true, "equal", std::nullopt}, 5000, ""},
      {{true, "secondary", std::nullopt}, 3000, ""},
      {{true, "minor", std::nullopt}, 1000, ""},
      {{true, "none", std::nullopt}, 0, ""},
      // Issue 13: no causal link is no share even when a share within the band (0–4 %) is stated.
      {{true, "none", 300}, 0, ""},
      {{true, "none", 500}, std::nullopt, "causation_share_outside_degree_range"},
      {{true, "main", 5600}, 5600, ""},
      {{true, "main", 9500}, 9500, ""},
      {{true, "main", 5500}, std::nullopt, "causation_share_outside_degree_range"},
      {{true, "minor", 1600}, std::nullopt, "causation_share_outside_degree_range"},
      {{true, "most", std::nullopt}, std::nullopt, "causation_degree_unknown"},
      {{false, "main", 7000}, 0, ""},  // no fault, no liability (民法典 art. 1218)
  };
  for (const auto& row : table) {
    auto r = causation_share_bp(row.c, rules());
    if (row.bp) {
      ASSERT_TRUE(r.ok()) << row.c.degree;
      EXPECT_EQ(*r, *row.bp) << row.c.degree;
    } else {
      ASSERT_FALSE(r.ok()) << row.c.degree;
      EXPECT_EQ(r.error().code, row.code);
    }
  }
}

TEST(Insurance, DeductibleLimitAndAggregateInThatOrder) {
  struct Row { std::string name; Money base; Cover cover; Money payable; std::optional<std::string> limited_by; };
  std::vector<Row> table = {
      {"nothing bites", yuan(100'000), {yuan(0), yuan(1'500'000), std::nullopt}, yuan(100'000), std::nullopt},
      {"deductible larger than the loss", yuan(800), {yuan(1'000), yuan(1'500'000), std::nullopt}, yuan(0), "deductible"},
      {"deductible then limit", yuan(2'000'000), {yuan(10'000), yuan(1'500'000), std::nullopt}, yuan(1'500'000), "per_incident_limit"},
      {"exactly at the limit", yuan(1'500'000), {yuan(0), yuan(1'500'000), std::nullopt}, yuan(1'500'000), std::nullopt},
      {"aggregate below the limit", yuan(400'000), {yuan(0), yuan(1'500'000), yuan(250'000)}, yuan(250'000), "remaining_aggregate"},
      {"aggregate exhausted", yuan(400'000), {yuan(0), yuan(1'500'000), yuan(0)}, yuan(0), "remaining_aggregate"},
  };
  for (const auto& row : table) {
    auto r = apply_cover("liability", row.base, row.cover, {});
    ASSERT_TRUE(r.ok()) << row.name;
    EXPECT_EQ(r->payable, row.payable) << row.name;
    EXPECT_EQ(r->uncovered, row.base - row.payable) << row.name;
    EXPECT_EQ(r->limited_by, row.limited_by) << row.name;
    Money sum;
    for (const auto& l : r->lines)
      if (l.item != "insurer_payable") sum += l.amount;
    EXPECT_EQ(sum, r->payable) << row.name << ": base less the cuts is the payable amount";
  }
}

TEST(Insurance, CoinsurerSharesMustAddUpToOneHundredPercent) {
  auto bad = apply_cover("liability", yuan(1'000), {yuan(0), yuan(1'500'000), std::nullopt}, {{"A", 6000}, {"B", 3000}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "coinsurer_shares_must_sum_to_10000");
  // 0.01 CNY split 50/50: the leftover fen goes to the first (equal remainders: lower index)
  auto tiny = apply_cover("liability", Money::from_fen(1), {yuan(0), yuan(1'500'000), std::nullopt}, {{"A", 5000}, {"B", 5000}});
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(tiny->coinsurers[0].amount, Money::from_fen(1));
  EXPECT_EQ(tiny->coinsurers[1].amount, Money::from_fen(0));
}

CompensationInput death_at(int age) {
  CompensationInput in;
  in.standard_year = 2022;
  in.outcome = Outcome::death;
  in.victim_age = age;
  in.causation = {true, "full", std::nullopt};
  return in;
}

TEST(Refusals, EachBadInputHasItsCode) {
  struct Row { std::string name; std::function<void(CompensationInput&)> change; std::string code; };
  std::vector<Row> table = {
      {"disability without grades", [](auto& in) { in.outcome = Outcome::disability; }, "disability_grades_required_for_disability"},
      {"grades on a death", [](auto& in) { in.disability_grades = {3}; }, "disability_grades_only_for_disability"},
      {"minor of 18", [](auto& in) { in.dependants = {{DependantKind::minor, 18, 1}}; }, "minor_dependant_not_under_age_limit"},
      {"nursing beyond 20 years", [](auto& in) { in.nursing = Nursing{7301, 1, yuan(100)}; }, "nursing_days_above_maximum"},
      {"share outside the degree", [](auto& in) { in.causation = {true, "equal", 6000}; }, "causation_share_outside_degree_range"},
  };
  auto p = select_parameters(parameter_set(), "guangdong", "general", 2022);
  ASSERT_TRUE(p.ok());
  for (const auto& row : table) {
    CompensationInput in = death_at(40);
    row.change(in);
    auto c = calculate(in, *p);
    ASSERT_FALSE(c.ok()) << row.name;
    EXPECT_EQ(c.error().code, row.code) << row.name;
  }
  CompensationInput twenty_years = death_at(40);
  twenty_years.nursing = Nursing{7300, 1, yuan(100)};
  EXPECT_TRUE(calculate(twenty_years, *p).ok()) << "exactly 20 × 365 days is allowed";
}

TEST(Refusals, UnknownRegionYearOrAreaAndMissingFigures) {
  struct Row { std::string province, area; int year; std::string code; };
  std::vector<Row> table = {
      {"zhejiang", "general", 2022, "province_not_in_parameters"},
      {"guangdong", "general", 2019, "standard_year_not_in_parameters"},
      {"guangdong", "guangzhou", 2022, "area_not_in_parameters"},
  };
  for (const auto& row : table) {
    auto p = select_parameters(parameter_set(), row.province, row.area, row.year);
    ASSERT_FALSE(p.ok()) << row.province << row.year << row.area;
    EXPECT_EQ(p.error().code, row.code);
  }
  // 2020: income known but wages not retrieved, so a death (funeral costs) cannot be computed …
  auto p2020 = select_parameters(parameter_set(), "guangdong", "general", 2020);
  ASSERT_TRUE(p2020.ok());
  auto death = calculate(death_at(40), *p2020);
  ASSERT_FALSE(death.ok());
  EXPECT_EQ(death.error().code, "regional_figure_not_available");
  // … while a disability can: 48,118 × 20 × 50 % = 481,180
  CompensationInput disability = death_at(40);
  disability.outcome = Outcome::disability;
  disability.disability_grades = {6};
  auto ok = calculate(disability, *p2020);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->gross, yuan(481'180));
  EXPECT_FALSE(ok->parameters_verified);
}

TEST(Refusals, MentalDistressOutsideTheRegionalGuidance) {
  auto p = select_parameters(parameter_set(), "guangdong", "general", 2022);
  ASSERT_TRUE(p.ok());
  Parameters guided = *p;  // the data files hold no guidance yet: a guided region is built here
  guided.standard.mental_distress_max = yuan(100'000);
  CompensationInput in = death_at(40);
  in.mental_distress = yuan(100'001);
  auto c = calculate(in, guided);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "mental_distress_outside_guidance");
  in.mental_distress = yuan(100'000);
  EXPECT_TRUE(calculate(in, guided).ok());
}

TEST(PercentText, ShowsOnlyTheDecimalsThatMatter) {
  struct Row { std::int64_t bp; std::string text; };
  for (const auto& [bp, text] : std::vector<Row>{{10000, "100%"}, {7500, "75%"}, {7250, "72.5%"}, {3334, "33.34%"}, {5, "0.05%"}, {0, "0%"}})
    EXPECT_EQ(percent_text(bp), text);
}

TEST(Parameters, TheShippedFilesLoadWithEveryGrade) {
  EXPECT_EQ(rules().disability_coefficient_bp.size(), 10u);
  EXPECT_EQ(rules().disability_coefficient_bp.at(1), 10000);
  EXPECT_EQ(rules().disability_coefficient_bp.at(10), 1000);
  EXPECT_EQ(rules().causation_degrees.size(), 6u);
  ASSERT_EQ(parameter_set().regions.size(), 1u);
  EXPECT_EQ(parameter_set().regions[0].standards.size(), 6u);
  auto broken = parse_parameters(nlohmann::json::object(), {});
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, "compensation_parameters_invalid");
}

}  // namespace
}  // namespace medrisk::compensation
