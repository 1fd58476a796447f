// The rating engine as an underwriter reads it: each factor on its own, the credibility bounds, the
// rounding to the fen, the regulator cap, and the explanation lines always adding up to the premium.
#include <gtest/gtest.h>

#include <random>

#include "modules/insurance/rating.hpp"
#include "modules/insurance/api.hpp"

namespace medrisk::insurance {
namespace {

Money fen(std::int64_t f) {
  return Money::from_fen(f);
}

// A small table written out here so every expected figure can be checked by hand.
RatingTable table() {
  RatingTable t;
  t.version = "test-1";
  t.per_bed_base_fen = {{"general", fen(30000)}, {"primary", fen(12000)}};
  t.grade_factor_bp = {{"3A", 12000}, {"2A", 10000}, {"1A", 8000}};
  t.bed_bands = {{0, 99, 11000}, {100, 499, 10000}, {500, 999, 9500}};
  t.clinician_base_fen = {{"I", fen(20000)}, {"II", fen(40000)}, {"III", fen(80000)}, {"IV", fen(150000)}};
  t.title_factor_bp = {{"resident", 9000}, {"attending", 10000}, {"associate_chief", 11000}, {"chief", 12000}};
  t.years_bands = {{0, 2, 12000}, {3, 9, 10000}, {10, 19, 9500}, {20, 60, 9000}};
  t.credibility_k_years = 5;
  t.experience_mod_min_bp = 7000;
  t.experience_mod_max_bp = 15000;
  t.increased_limit_factors = {{fen(50000000), 10000}, {fen(100000000), 13500}, {fen(150000000), 15500}};
  t.deductible_credits = {{fen(0), 0}, {fen(100000), 300}, {fen(500000), 800}};
  t.expense_ratio_bp = 2000;
  t.regulator_cap_bp = 13000;
  return t;
}

Product liability(std::string party) {
  Product p;
  p.code = party + "_liability";
  p.kind = "liability";
  p.insured_party = party;
  p.rated = true;
  p.per_incident_limit_fen = fen(150000000);
  return p;
}

RatingInput hospital(std::int64_t beds, std::string grade = "3A") {
  RatingInput in;
  in.product_code = "institution_liability";
  in.institution = InstitutionExposure{"general", grade, beds};
  in.per_incident_limit_fen = fen(50000000);
  in.deductible_fen = fen(0);
  return in;
}

Money line(const RatingResult& r, std::string_view code) {
  Money sum;
  for (const auto& l : r.lines)
    if (l.code == code) sum += l.amount_fen;
  return sum;
}

Money sum_of_lines(const RatingResult& r) {
  Money sum;
  for (const auto& l : r.lines) sum += l.amount_fen;
  return sum;
}

TEST(Rating, InstitutionBaseIsPerBedTimesGradeTimesBedBand) {
  struct Row {
    std::int64_t beds;
    std::string grade;
    std::int64_t base_fen;
  };
  // 300.00 CNY per bed × beds × grade factor × bed-band factor, rounded half up once.
  std::vector<Row> rows = {
      {800, "3A", 27360000},  // 30000 × 800 × 1.20 × 0.95
      {300, "2A", 9000000},   // 30000 × 300 × 1.00 × 1.00
      {50, "1A", 1320000},    // 30000 × 50 × 0.80 × 1.10
      {0, "1A", 0},
  };
  for (const auto& row : rows) {
    auto r = rate(liability("institution"), hospital(row.beds, row.grade), table());
    ASSERT_TRUE(r.ok()) << r.error().code;
    EXPECT_EQ(line(*r, "institution_base"), fen(row.base_fen)) << row.beds << " beds " << row.grade;
    EXPECT_EQ(r->manual_premium_fen, fen(row.base_fen));
  }
}

TEST(Rating, NoLossNoProfitTargetIsExpectedLossOverOneMinusExpenses) {
  auto r = rate(liability("institution"), hospital(800), table());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->expected_loss_fen, fen(27360000));
  EXPECT_EQ(line(*r, "expense_loading"), fen(6840000));  // 27,360,000 ÷ 0.8 − 27,360,000: no profit line
  EXPECT_EQ(r->premium_fen, fen(34200000));
  EXPECT_FALSE(r->capped);
  EXPECT_EQ(r->table_version, "test-1");
  for (const auto& l : r->lines) {
    EXPECT_FALSE(l.label_zh.empty()) << l.code;
    EXPECT_FALSE(l.label_en.empty()) << l.code;
    EXPECT_NE(l.code, "profit_load");
  }
}

TEST(Rating, ClinicianLineIsRiskClassTimesTitleTimesYears) {
  struct Row {
    std::string risk_class, title;
    std::int64_t years, base_fen;
  };
  std::vector<Row> rows = {
      {"I", "resident", 1, 21600},            // 20000 × 0.9 × 1.2
      {"II", "attending", 5, 40000},          // 40000 × 1.0 × 1.0
      {"III", "associate_chief", 12, 83600},  // 80000 × 1.1 × 0.95
      {"IV", "chief", 25, 162000},            // 150000 × 1.2 × 0.9
  };
  for (const auto& row : rows) {
    RatingInput in = hospital(0);
    in.product_code = "clinician_liability";
    in.institution.reset();
    in.clinicians = {{7, row.risk_class, row.title, row.years}};
    auto r = rate(liability("clinician"), in, table());
    ASSERT_TRUE(r.ok()) << r.error().code;
    EXPECT_EQ(line(*r, "clinician_base"), fen(row.base_fen)) << row.risk_class << " " << row.title;
  }
}

TEST(Rating, IncreasedLimitDeductibleCreditRoundingAndRegulatorCap) {
  RatingInput in;
  in.product_code = "clinician_liability";
  in.clinicians = {{7, "IV", "chief", 25}};
  in.per_incident_limit_fen = fen(100000000);  // 1,000,000 CNY: ILF 1.35
  in.deductible_fen = fen(100000);             // 1,000 CNY: 3 % credit
  auto r = rate(liability("clinician"), in, table());
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_EQ(line(*r, "increased_limit"), fen(56700));    // 162,000 × 0.35
  EXPECT_EQ(line(*r, "deductible_credit"), fen(-6561));  // 218,700 × −0.03
  EXPECT_EQ(r->expected_loss_fen, fen(212139));
  EXPECT_EQ(line(*r, "expense_loading"), fen(53035));  // 212,139 ÷ 0.8 = 265,173.75 → 265,174 (half up)
  // Filed base premium 162,000 ÷ 0.8 = 202,500; the cap allows 130 % of it = 263,250.
  EXPECT_TRUE(r->capped);
  EXPECT_EQ(line(*r, "regulator_cap"), fen(-1924));
  EXPECT_EQ(r->premium_fen, fen(263250));
  EXPECT_EQ(sum_of_lines(*r), r->premium_fen);
}

TEST(Rating, ATieIsRoundedHalfUpToTheFen) {
  RatingTable t = table();
  t.clinician_base_fen["I"] = fen(2);  // expected loss 2 fen → 2 ÷ 0.8 = 2.5 fen → 3 fen
  RatingInput in;
  in.product_code = "clinician_liability";
  in.clinicians = {{7, "I", "attending", 5}};
  in.per_incident_limit_fen = fen(50000000);
  auto r = rate(liability("clinician"), in, t);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->premium_fen, fen(3));
  EXPECT_EQ(sum_of_lines(*r), fen(3));
}

TEST(Credibility, ZIsNOverNPlusK) {
  struct Row {
    std::int64_t years, k, z_bp;
  };
  for (const auto& row : std::vector<Row>{{0, 5, 0}, {1, 5, 1667}, {3, 5, 3750}, {5, 5, 5000}, {45, 5, 9000}})
    EXPECT_EQ(credibility_bp(row.years, row.k), row.z_bp) << row.years;
}

TEST(Credibility, ExperienceModIsBoundedBetween070And150) {
  struct Row {
    std::int64_t years, incurred_fen, mod_bp;
    std::string why;
  };
  std::vector<Row> rows = {
      {0, 9999999, 10000, "no history: no credibility, mod 1.00"},
      {5, 600000, 11000, "losses 1.2 × expected, Z 0.5 → 1.10"},
      {1, 0, 8333, "a clean year, Z 1/6 → 0.8333"},
      {5, 0, 7000, "clean record 1 − 0.5 = 0.50, held at the 0.70 floor"},
      {5, 2000000, 15000, "4 × expected → 2.50, held at the 1.50 ceiling"},
      {5, 1000000, 15000, "2 × expected → exactly 1.50"},
  };
  for (const auto& row : rows)
    EXPECT_EQ(experience_mod_bp(fen(100000), {row.years, fen(row.incurred_fen)}, table()), row.mod_bp) << row.why;
}

TEST(Rating, ExperienceModAppliesToTheManualPremium) {
  RatingInput in = hospital(300, "2A");  // manual 9,000,000 fen per year
  in.experience = {5, fen(54000000)};    // 1.2 × expected over 5 years → mod 1.10
  auto r = rate(liability("institution"), in, table());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->credibility_bp, 5000);
  EXPECT_EQ(r->experience_mod_bp, 11000);
  EXPECT_EQ(line(*r, "experience_mod"), fen(900000));
}

TEST(Rating, RefusalsNameWhatTheTableDoesNotOffer) {
  struct Row {
    std::string why;
    std::function<void(RatingInput&)> change;
    std::string code;
  };
  std::vector<Row> rows = {
      {"category", [](RatingInput& in) { in.institution->category = "spa"; }, "institution_category_not_rated"},
      {"grade", [](RatingInput& in) { in.institution->grade = "4A"; }, "institution_grade_not_rated"},
      {"beds", [](RatingInput& in) { in.institution->beds = 1000; }, "beds_not_rated"},
      {"class",
       [](RatingInput& in) {
         in.clinicians = {{1, "V", "chief", 5}};
       },
       "department_risk_class_unknown"},
      {"title",
       [](RatingInput& in) {
         in.clinicians = {{1, "I", "intern", 5}};
       },
       "clinician_title_unknown"},
      {"years",
       [](RatingInput& in) {
         in.clinicians = {{1, "I", "chief", 61}};
       },
       "years_of_practice_not_rated"},
      {"limit", [](RatingInput& in) { in.per_incident_limit_fen = fen(70000000); }, "per_incident_limit_not_offered"},
      {"above max", [](RatingInput& in) { in.per_incident_limit_fen = fen(200000000); },
       "per_incident_limit_above_product_maximum"},
      {"deductible", [](RatingInput& in) { in.deductible_fen = fen(123); }, "deductible_not_offered"},
      {"exposure", [](RatingInput& in) { in.institution.reset(); }, "institution_exposure_required"},
  };
  for (const auto& row : rows) {
    RatingInput in = hospital(300);
    row.change(in);
    auto r = rate(liability("institution"), in, table());
    ASSERT_FALSE(r.ok()) << row.why;
    EXPECT_EQ(r.error().code, row.code) << row.why;
  }
  RatingInput none = hospital(0);
  none.institution.reset();
  EXPECT_EQ(rate(liability("clinician"), none, table()).error().code, "clinicians_required");
  Product fixed = liability("patient");
  fixed.rated = false;
  EXPECT_EQ(rate(fixed, hospital(10), table()).error().code, "product_not_rated");
}

TEST(Rating, LinesAlwaysAddUpToThePremium) {
  std::mt19937_64 rng(20260302);
  const char* classes[] = {"I", "II", "III", "IV"};
  const char* titles[] = {"resident", "attending", "associate_chief", "chief"};
  const char* grades[] = {"3A", "2A", "1A"};
  const std::int64_t limits[] = {50000000, 100000000, 150000000};
  const std::int64_t deductibles[] = {0, 100000, 500000};
  for (int i = 0; i < 2000; ++i) {
    RatingInput in = hospital(static_cast<std::int64_t>(rng() % 1000), grades[rng() % 3]);
    for (int c = static_cast<int>(rng() % 6); c > 0; --c)
      in.clinicians.push_back({c, classes[rng() % 4], titles[rng() % 4], static_cast<std::int64_t>(rng() % 61)});
    in.experience = {static_cast<std::int64_t>(rng() % 11), fen(static_cast<std::int64_t>(rng() % 100000000))};
    in.per_incident_limit_fen = fen(limits[rng() % 3]);
    in.deductible_fen = fen(deductibles[rng() % 3]);
    auto r = rate(liability("institution"), in, table());
    ASSERT_TRUE(r.ok()) << r.error().code;
    ASSERT_EQ(sum_of_lines(*r), r->premium_fen) << "case " << i;
    ASSERT_GE(r->experience_mod_bp, 7000);
    ASSERT_LE(r->experience_mod_bp, 15000);
  }
}

TEST(RatingData, TheShippedTableLoadsAndEveryGroupHasASource) {
  RatingTable t = load_rating_table("data/rating");
  EXPECT_EQ(t.version, "liability-2026-01");
  for (const char* group : {"institution_per_bed_base_fen", "institution_grade_factor_bp", "institution_bed_bands",
                            "clinician_base_fen", "clinician_title_factor_bp", "clinician_years_bands", "credibility",
                            "increased_limit_factors", "deductible_credits", "expense_ratio", "regulator_cap"})
    EXPECT_FALSE(t.sources[group].empty()) << group;
  EXPECT_EQ(t.experience_mod_min_bp, 7000);
  EXPECT_EQ(t.experience_mod_max_bp, 15000);
  // Every increased-limit row stays within seed 002's 1,500,000 CNY per incident.
  for (const auto& f : t.increased_limit_factors) EXPECT_LE(f.per_incident_limit_fen, fen(150000000));
}

TEST(RatingData, CanonicalJsonRoundTrips) {
  RatingInput in = hospital(800);
  in.clinicians = {{7, "IV", "chief", 25}};
  in.experience = {3, fen(123456)};
  auto r = rate(liability("institution"), in, table());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(to_json(rating_input_from_json(to_json(in))), to_json(in));
  EXPECT_EQ(to_json(rating_result_from_json(to_json(*r))), to_json(*r));
}

}  // namespace
}  // namespace medrisk::insurance
