// Policy rules as the business states them: one-year periods, day-based pro rata, tri-party funding
// and co-insurance splits that add up to the fen for any amount, and when a policy responds
// (occurrence vs claims-made with a retroactive date), plus the product files as shipped.
#include <gtest/gtest.h>

#include <random>

#include "modules/insurance/rules.hpp"
#include "modules/insurance/api.hpp"

namespace medrisk::insurance {
namespace {

Money fen(std::int64_t f) {
  return Money::from_fen(f);
}
Date d(std::string_view s) {
  return *Date::parse(s);
}

TEST(Periods, OneYearEndsTheDayBeforeTheSameDateNextYear) {
  struct Row {
    std::string start, end;
  };
  for (const auto& row : std::vector<Row>{{"2026-01-01", "2026-12-31"},
                                          {"2026-03-02", "2027-03-01"},
                                          {"2024-02-29", "2025-02-28"},
                                          {"2027-03-01", "2028-02-29"}})
    EXPECT_EQ(annual_period_end(d(row.start)).to_string(), row.end) << row.start;
}

TEST(ProRata, ChargesTheRemainingDaysOfThePeriod) {
  struct Row {
    std::int64_t annual;
    std::string from;
    Rounding rounding;
    std::int64_t amount, days;
  };
  std::vector<Row> rows = {
      {365000, "2026-01-01", Rounding::half_up, 365000, 365},  // the whole year
      {365000, "2026-07-01", Rounding::half_up, 184000, 184},  // 1 July to 31 December
      {365000, "2026-12-31", Rounding::half_up, 1000, 1},      // the last day
      {100, "2026-12-31", Rounding::half_up, 0, 1},            // 0.27 fen
      {100, "2026-12-31", Rounding::up, 1, 1},
      {1000, "2026-07-02", Rounding::down, 501, 183},            // 501.37 fen
      {-365000, "2026-07-01", Rounding::half_up, -184000, 184},  // a removal refunds
  };
  for (const auto& row : rows) {
    auto r = pro_rata(fen(row.annual), d(row.from), d("2026-01-01"), d("2026-12-31"), row.rounding);
    ASSERT_TRUE(r.ok()) << row.from;
    EXPECT_EQ(r->amount_fen, fen(row.amount)) << row.annual << " from " << row.from;
    EXPECT_EQ(r->days, row.days);
    EXPECT_EQ(r->period_days, 365);
  }
  for (auto outside : {"2025-12-31", "2027-01-01"})
    EXPECT_EQ(pro_rata(fen(100), d(outside), d("2026-01-01"), d("2026-12-31"), Rounding::down).error().code,
              "policy_date_outside_period");
}

TEST(Funding, SharesMustAddUpTo10000) {
  struct Row {
    FundingShares shares;
    bool ok;
  };
  std::vector<Row> rows = {{{3000, 5000, 2000}, true},
                           {{0, 10000, 0}, true},
                           {{3000, 5000, 1999}, false},
                           {{-1000, 11000, 0}, false},
                           {{10000, 10000, -10000}, false}};
  for (const auto& row : rows) {
    auto r = split_funding(fen(100), row.shares);
    EXPECT_EQ(r.ok(), row.ok) << row.shares.state_bp << "/" << row.shares.institution_bp;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, "funding_shares_must_sum_to_10000");
    }
  }
  auto r = split_funding(fen(100), {3333, 3333, 3334});  // 33.33 / 33.33 / 33.34 fen → 33 / 33 / 34
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].amount_fen, fen(33));
  EXPECT_EQ((*r)[1].amount_fen, fen(33));
  EXPECT_EQ((*r)[2].amount_fen, fen(34));
  EXPECT_EQ((*r)[0].payer, "state");
}

TEST(Funding, AnyPremiumAndAnySharesAddUpToTheFen) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::int64_t a = static_cast<std::int64_t>(rng() % 10001), b = static_cast<std::int64_t>(rng() % (10001 - a));
    Money premium = fen(static_cast<std::int64_t>(rng() % 100000000000LL));
    auto r = split_funding(premium, {a, b, 10000 - a - b});
    ASSERT_TRUE(r.ok());
    Money sum;
    for (const auto& s : *r) {
      sum += s.amount_fen;
      ASSERT_GE(s.amount_fen, fen(0));
    }
    ASSERT_EQ(sum, premium) << premium.fen() << " " << a << "/" << b;
  }
}

TEST(Coinsurance, PoolRulesAreRefusedByName) {
  struct Row {
    std::vector<PoolMember> pool;
    std::string code;
  };
  std::vector<Row> rows = {
      {{{6, 6000}, {7, 4000}}, ""},
      {{{6, 10000}}, ""},
      {{{7, 6000}, {6, 4000}}, "coinsurance_lead_must_be_issuer"},
      {{{6, 6000}, {7, 3000}}, "coinsurance_shares_must_sum_to_10000"},
      {{{6, 6000}, {6, 4000}}, "coinsurance_member_twice"},
      {{{6, 10000}, {7, 0}}, "coinsurance_share_must_be_positive"},
      {{}, "coinsurance_shares_must_sum_to_10000"},
      {std::vector<PoolMember>(11, {6, 909}), "too_many_coinsurers"},
  };
  for (const auto& row : rows) {
    auto s = check_pool(row.pool, 6);
    EXPECT_EQ(s.ok() ? std::string() : s.error().code, row.code) << row.pool.size();
  }
}

TEST(Coinsurance, LeadAndFollowersSharesAddUpForAnyPremium) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    std::size_t n = 1 + rng() % kMaxCoinsurers;
    std::vector<PoolMember> pool;
    std::int64_t left = 10000;
    for (std::size_t m = 0; m < n; ++m) {
      std::int64_t share =
          m + 1 == n ? left : 1 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(left - (n - m - 1)));
      if (m + 1 < n) share = std::min(share, left - static_cast<std::int64_t>(n - m - 1));
      pool.push_back({static_cast<std::int64_t>(100 + m), share});
      left -= share;
    }
    ASSERT_TRUE(check_pool(pool, 100).ok());
    Money premium = fen(static_cast<std::int64_t>(rng() % 10000000000LL));
    auto parts = split_pool(premium, pool);
    ASSERT_TRUE(parts.ok());
    Money sum;
    for (const auto& p : *parts) sum += p.premium_fen;
    ASSERT_EQ(sum, premium);
    EXPECT_EQ(parts->front().role, "lead");
    if (parts->size() > 1) {
      EXPECT_EQ(parts->back().role, "follower");
    }
  }
}

TEST(Refund, ARefundIsSplitLikeThePremiumToTheFen) {
  std::mt19937_64 rng(13);
  for (int i = 0; i < 5000; ++i) {
    Policy p;
    p.refund_fen = fen(static_cast<std::int64_t>(rng() % 1000000000));
    std::int64_t a = static_cast<std::int64_t>(rng() % 10001), b = static_cast<std::int64_t>(rng() % (10001 - a));
    p.funding_split = {{"state", a, {}}, {"institution", b, {}}, {"clinician", 10000 - a - b, {}}};
    std::int64_t lead = 1 + static_cast<std::int64_t>(rng() % 9999);
    p.coinsurance_pool = {{6, "lead", lead, {}}, {7, "follower", 10000 - lead, {}}};
    auto r = refund_split(p);
    ASSERT_TRUE(r.ok());
    Money funding, pool;
    for (const auto& f : r->funding) funding += f.amount_fen;
    for (const auto& m : r->coinsurance) pool += m.premium_fen;
    ASSERT_EQ(funding, p.refund_fen);
    ASSERT_EQ(pool, p.refund_fen);
  }
}

Policy policy(std::string trigger) {
  Policy p;
  p.trigger = std::move(trigger);
  p.period_start = d("2026-01-01");
  p.period_end = d("2026-12-31");
  if (p.trigger == "claims_made") p.retroactive_date = d("2024-01-01");
  p.clinicians = {{7, "IV", "chief", 25, d("2026-03-01"), d("2026-05-01")}};
  return p;
}

TEST(Cover, OccurrenceAndClaimsMadeRespondToDifferentDates) {
  struct Row {
    std::string trigger, incident, notice;
    bool responds;
    std::string why;
  };
  std::vector<Row> rows = {
      {"claims_made", "2025-06-01", "2026-03-01", true, "incident after the retroactive date, claim in the period"},
      {"claims_made", "2023-12-31", "2026-03-01", false, "incident before the retroactive date"},
      {"claims_made", "2026-06-01", "2027-01-05", false, "claim first made after the period"},
      {"occurrence", "2026-06-01", "2027-01-05", true, "incident in the period, claim later"},
      {"occurrence", "2025-12-31", "2026-01-02", false, "incident before the period"},
      {"occurrence", "2026-06-01", "2026-05-01", false, "notice before the incident is nonsense"},
  };
  for (const auto& row : rows)
    EXPECT_EQ(responds_to(policy(row.trigger), d(row.incident), d(row.notice)), row.responds) << row.why;
}

TEST(Cover, CancellationEndsCoverOnItsDay) {
  Policy p = policy("occurrence");
  p.status = "cancelled";
  p.cancelled_on = d("2026-07-01");
  EXPECT_TRUE(in_force_on(p, d("2026-06-30")));
  EXPECT_FALSE(in_force_on(p, d("2026-07-01")));
  EXPECT_EQ(status_on(p, d("2026-07-01")), "cancelled");
  Policy q = policy("occurrence");
  EXPECT_EQ(status_on(q, d("2025-12-31")), "not_yet_in_force");
  EXPECT_EQ(status_on(q, d("2026-12-31")), "in_force");
  EXPECT_EQ(status_on(q, d("2027-01-01")), "expired");
}

TEST(Cover, ANamedClinicianIsCoveredFromAdditionUntilRemoval) {
  Policy p = policy("occurrence");
  EXPECT_FALSE(clinician_covered_on(p, 7, d("2026-02-28")));
  EXPECT_TRUE(clinician_covered_on(p, 7, d("2026-03-01")));
  EXPECT_TRUE(clinician_covered_on(p, 7, d("2026-04-30")));
  EXPECT_FALSE(clinician_covered_on(p, 7, d("2026-05-01")));
  EXPECT_FALSE(clinician_covered_on(p, 8, d("2026-04-01")));
}

TEST(Products, TheShippedCatalogueHasSeed002sProductsAndLimits) {
  auto products = load_products("data/products");
  std::map<std::string, Product> by_code;
  for (const auto& p : products) {
    EXPECT_FALSE(p.source.empty()) << p.code;
    by_code[p.code] = p;
  }
  for (const char* code : {"institution_liability", "clinician_liability", "patient_accident", "visit_policy",
                           "surgical_accident", "maternity"})
    ASSERT_TRUE(by_code.contains(code)) << code;
  EXPECT_EQ(by_code["institution_liability"].per_incident_limit_fen, fen(150000000));  // 1,500,000 CNY
  EXPECT_EQ(by_code["institution_liability"].trigger, "claims_made");
  EXPECT_TRUE(by_code["institution_liability"].rated);
  EXPECT_EQ(by_code["patient_accident"].per_person_limit_fen, fen(30000000));  // 300,000 CNY
  EXPECT_EQ(by_code["visit_policy"].premium_fen, fen(100));                    // one yuan
  EXPECT_EQ(by_code["visit_policy"].kind, "visit_policy");
  for (const auto& [code, p] : by_code)
    if (p.kind != "liability") {
      EXPECT_LE(p.per_person_limit_fen, fen(30000000)) << code;
    }
}

TEST(Products, AccidentBenefitFollowsTheDisabilityGrade) {
  auto products = load_products("data/products");
  auto it =
      std::find_if(products.begin(), products.end(), [](const Product& p) { return p.code == "patient_accident"; });
  ASSERT_NE(it, products.end());
  struct Row {
    int grade;
    std::int64_t fen_amount;
  };
  for (const auto& row : std::vector<Row>{{1, 30000000}, {5, 18000000}, {10, 3000000}})
    EXPECT_EQ(*disability_benefit(*it, row.grade), fen(row.fen_amount)) << row.grade;
  for (int bad : {0, 11}) EXPECT_EQ(disability_benefit(*it, bad).error().code, "disability_grade_invalid");
}

TEST(Products, AFileWithoutSourcesIsRefused) {
  nlohmann::json j = {{"code", "x"},
                      {"version", "1"},
                      {"kind", "liability"},
                      {"insured_party", "institution"},
                      {"name_zh", "x"},
                      {"name_en", "x"},
                      {"source", "s"},
                      {"rated", true},
                      {"terms", {{"trigger", {{"value", "claims_made"}}}}}};
  EXPECT_THROW(product_from_json(j), std::runtime_error);
}

}  // namespace
}  // namespace medrisk::insurance
