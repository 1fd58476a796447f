// Bühlmann–Straub credibility and risk coefficients (rules.hpp) on a business table a risk manager can
// check by hand: three institutions × two departments, two years each, exposure in thousands of units.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "modules/risk/rules.hpp"

namespace medrisk::risk {
namespace {

BsUnit unit(std::initializer_list<std::pair<double, double>> periods) {
  BsUnit u;
  for (auto [w, e] : periods) u.periods.push_back({w, e});
  return u;
}

// 外科 (surgery): institutions A, B, C; (weight w_ij in thousands of exposure units, events).
//   A: year 1 (2, 4) → X = 2;  year 2 (2, 8) → X = 4.   w_A = 4, X̄_A = 12 / 4 = 3
//   B: year 1 (1, 1) → X = 1;  year 2 (1, 1) → X = 1.   w_B = 2, X̄_B = 2 / 2 = 1
//   C: year 1 (1, 3) → X = 3;  year 2 (1, 1) → X = 1.   w_C = 2, X̄_C = 4 / 2 = 2
// Province rate X̄ = (12 + 2 + 4) / (4 + 2 + 2) = 18 / 8 = 2.25 per 1,000 units.
// s² = [2(2−3)² + 2(4−3)² + 1(1−1)² + 1(1−1)² + 1(3−2)² + 1(1−2)²] / [(2−1)+(2−1)+(2−1)] = 6 / 3 = 2
// Σ w_i (X̄_i − X̄)² = 4(0.75)² + 2(−1.25)² + 2(−0.25)² = 2.25 + 3.125 + 0.125 = 5.5
// â = (5.5 − (3 − 1)·2) / (8 − (16 + 4 + 4)/8) = 1.5 / 5 = 0.3;  k = s²/â = 2 / 0.3 = 6.6667
// Z_A = 4 / (4 + 6.6667) = 0.375;  Z_B = Z_C = 2 / 8.6667 = 0.230769
// credibility rate A = 0.375·3 + 0.625·2.25 = 2.53125       → coefficient 2.53125 / 2.25 = 1.125
//                  B = 0.230769·1 + 0.769231·2.25 = 1.961538 → coefficient 0.871795
//                  C = 0.230769·2 + 0.769231·2.25 = 2.192308 → coefficient 0.974359
TEST(BuhlmannStraub, SurgeryThreeInstitutionsWorkedByHand) {
  auto r = buhlmann_straub({unit({{2, 4}, {2, 8}}), unit({{1, 1}, {1, 1}}), unit({{1, 3}, {1, 1}})});
  EXPECT_DOUBLE_EQ(r.params.province_rate, 2.25);
  EXPECT_DOUBLE_EQ(r.params.s2, 2.0);
  EXPECT_NEAR(r.params.a, 0.3, 1e-12);
  ASSERT_TRUE(r.params.k.has_value());
  EXPECT_NEAR(*r.params.k, 6.666667, 1e-6);
  EXPECT_EQ(r.params.units, 3);
  ASSERT_EQ(r.units.size(), 3u);
  EXPECT_DOUBLE_EQ(r.units[0].rate, 3.0);
  EXPECT_DOUBLE_EQ(r.units[1].rate, 1.0);
  EXPECT_DOUBLE_EQ(r.units[2].rate, 2.0);
  EXPECT_NEAR(r.units[0].z, 0.375, 1e-9);
  EXPECT_NEAR(r.units[1].z, 0.230769, 1e-6);
  EXPECT_NEAR(r.units[2].z, 0.230769, 1e-6);
  EXPECT_NEAR(r.units[0].credibility_rate, 2.53125, 1e-9);
  EXPECT_NEAR(r.units[1].credibility_rate, 1.961538, 1e-6);
  EXPECT_NEAR(r.units[2].credibility_rate, 2.192308, 1e-6);
  EXPECT_NEAR(r.units[0].coefficient, 1.125, 1e-9);
  EXPECT_NEAR(r.units[1].coefficient, 0.871795, 1e-6);
  EXPECT_NEAR(r.units[2].coefficient, 0.974359, 1e-6);
  EXPECT_DOUBLE_EQ(r.units[0].events, 12);
}

// 内科 (internal medicine): the same three institutions, no difference between them beyond noise.
//   A: (1, 2) X = 2; (1, 4) X = 4.  w_A = 2, X̄_A = 3
//   B: (1, 4) X = 4; (1, 2) X = 2.  w_B = 2, X̄_B = 3
//   C: (2, 6) X = 3; (2, 6) X = 3.  w_C = 4, X̄_C = 3
// X̄ = (6 + 6 + 12) / 8 = 3.
// s² = [1(2−3)² + 1(4−3)² + 1(1)² + 1(1)² + 0 + 0] / 3 = 4 / 3
// Σ w_i (X̄_i − X̄)² = 0  →  â = (0 − 2·4/3) / (8 − 24/8) = −8/15 ≤ 0: no credible difference,
// Z = 0 for everyone, credibility rate = province rate 3, coefficient 1.
TEST(BuhlmannStraub, InternalMedicineWithoutCredibleDifferenceGivesZZero) {
  auto r = buhlmann_straub({unit({{1, 2}, {1, 4}}), unit({{1, 4}, {1, 2}}), unit({{2, 6}, {2, 6}})});
  EXPECT_DOUBLE_EQ(r.params.province_rate, 3.0);
  EXPECT_NEAR(r.params.s2, 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.params.a, -8.0 / 15.0, 1e-12);
  EXPECT_FALSE(r.params.k.has_value());
  for (const auto& u : r.units) {
    EXPECT_DOUBLE_EQ(u.z, 0.0);
    EXPECT_DOUBLE_EQ(u.credibility_rate, 3.0);
    EXPECT_DOUBLE_EQ(u.coefficient, 1.0);
  }
}

TEST(BuhlmannStraub, PeriodsWithoutExposureAreLeftOutAndAnEmptyProvinceIsNeutral) {
  // B has only a month without exposure: it carries no weight and gets the province rate.
  auto r = buhlmann_straub({unit({{2, 4}, {2, 8}}), unit({{0, 5}})});
  EXPECT_DOUBLE_EQ(r.params.province_rate, 3.0);
  EXPECT_EQ(r.params.units, 1);
  EXPECT_DOUBLE_EQ(r.units[1].z, 0.0);
  EXPECT_DOUBLE_EQ(r.units[1].coefficient, 1.0);
  auto none = buhlmann_straub({unit({{1, 0}}), unit({{1, 0}})});
  EXPECT_DOUBLE_EQ(none.params.province_rate, 0.0);
  EXPECT_DOUBLE_EQ(none.units[0].coefficient, 1.0);
}

TEST(Months, ValidRangesOnly) {
  EXPECT_TRUE(is_month("2026-01"));
  EXPECT_FALSE(is_month("2026-13"));
  EXPECT_FALSE(is_month("2026-1"));
  EXPECT_FALSE(is_month("1999-12"));
  EXPECT_EQ(add_months("2026-01", -1), "2025-12");
  EXPECT_EQ(add_months("2025-12", 1), "2026-01");
  EXPECT_EQ(months_between("2025-11", "2026-02").size(), 4u);
  EXPECT_TRUE(months_between("2026-02", "2025-11").empty());
  EXPECT_TRUE(months_between("2010-01", "2020-12").empty()) << "more than 120 months";
}

const std::set<std::string, std::less<>> kGroups = {"09", "13", "14", "3A"};

TEST(ExposureCsv, AGoodFileParsesWithItsProcedureGroups) {
  auto p = parse_exposure_csv(
      "\xEF\xBB\xBForganization_id,department,month,outpatient_visits,discharges,bed_days,ops_14,ops_09\r\n"
      "2,骨科,2026-01,6000,420,3800,230,\n"
      "2,\"普外科\",2026-01,5200,380,2700,,228\n",
      kGroups, 1000);
  ASSERT_TRUE(p.issues.empty()) << p.issues.front().code;
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[0].department, "骨科");
  EXPECT_EQ(p.rows[0].operations.at("14"), 230);
  EXPECT_FALSE(p.rows[0].operations.contains("09"));
  EXPECT_EQ(p.rows[1].operations.at("09"), 228);
  EXPECT_EQ(p.lines[1], 3);
}

TEST(ExposureCsv, EveryBadCellIsReportedWithItsLineAndColumn) {
  auto p = parse_exposure_csv(
      "organization_id,department,month,outpatient_visits,discharges,bed_days,ops_14\n"
      "2,骨科,2026-01,6000,420,3800,230\n"
      "x,骨科,2026-13,-5,420,3800,abc\n"
      "2,,2026-02,1,1,1,1\n"
      "2,骨科,2026-01,6000,420,3800,230\n"
      "2,骨科\n",
      kGroups, 1000);
  std::vector<std::tuple<std::int64_t, std::string, std::string>> got;
  for (const auto& i : p.issues) got.emplace_back(i.row, i.column, i.code);
  std::vector<std::tuple<std::int64_t, std::string, std::string>> want = {
      {3, "organization_id", "exposure_organization_invalid"},
      {3, "outpatient_visits", "exposure_count_invalid"},
      {3, "ops_14", "exposure_count_invalid"},
      {3, "month", "exposure_month_invalid"},
      {4, "department", "exposure_department_invalid"},
      {5, "month", "exposure_row_duplicated"},
      {6, "", "exposure_row_width"},
  };
  EXPECT_EQ(got, want);
}

TEST(ExposureCsv, HeaderProblemsStopAtTheHeader) {
  auto p = parse_exposure_csv("organization_id,department,month,visits,discharges,bed_days,ops_99\n2,a,2026-01,1,1,1,1\n",
                              kGroups, 1000);
  std::vector<std::string> codes;
  for (const auto& i : p.issues) codes.push_back(i.column + ":" + i.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"visits:exposure_column_unknown", "ops_99:exposure_column_unknown",
                                             "outpatient_visits:exposure_column_missing"}));
  EXPECT_EQ(parse_exposure_csv("", kGroups, 10).issues.front().code, "exposure_file_empty");
  auto big = parse_exposure_csv("organization_id,department,month,outpatient_visits,discharges,bed_days\n"
                                "1,a,2026-01,1,1,1\n1,a,2026-02,1,1,1\n",
                                kGroups, 1);
  EXPECT_EQ(big.issues.back().code, "exposure_file_too_large");
}

TEST(ExposureUnits, WeightedSumOfVisitsDischargesAndBedDays) {
  RiskParams p;
  p.outpatient_visit_weight = 0.1;
  p.discharge_weight = 1.0;
  p.bed_day_weight = 0.0;
  ExposureRecord r;
  r.outpatient_visits = 6000;
  r.discharges = 420;
  r.bed_days = 3800;
  EXPECT_DOUBLE_EQ(exposure_units(r, p), 1020.0);  // 600 + 420
}

}  // namespace
}  // namespace medrisk::risk
