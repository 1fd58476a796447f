// The platform's own loss triangles from the claims tables (issue 14), on SQLite and PostgreSQL: six
// claims over four accident years with advance payments and reserve changes, each on its own day; the
// triangles the actuarial module gets through the ClaimsHistory port are compared cell by cell with the
// ones worked out by hand below from the same payments and reserves, and Mack runs on them.
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/actuarial/api.hpp"
#include "modules/claims/api.hpp"
#include "modules/claims/history.hpp"
#include "modules/claims/policy_notices.hpp"
#include "modules/claims/store.hpp"
#include "modules/insurance/api.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::claims;
namespace act = medrisk::actuarial;

Timestamp at(const char* day) { return Timestamp::start_of_shanghai_day(D(day)) + std::chrono::hours(10); }

// One claim's history: filed (materials complete) on the notice day, then reserve changes (the new
// outstanding) and advance payments (confirmed by the bank the same day), in yuan.
struct Step {
  const char* day;
  const char* what;  // reserve, advance
  std::int64_t yuan;
};
struct History {
  const char* incident;
  const char* notice;
  std::vector<Step> steps;
};

const std::vector<History>& histories() {
  static const std::vector<History> h = {
      // 1: accident 2023, reported 2023
      {"2023-02-10", "2023-03-01",
       {{"2023-03-01", "reserve", 100'000}, {"2023-09-01", "advance", 20'000}, {"2024-02-01", "reserve", 120'000},
        {"2024-07-01", "advance", 50'000}, {"2025-03-01", "advance", 40'000}, {"2026-01-10", "reserve", 35'000},
        {"2026-04-01", "advance", 30'000}}},
      // 2: accident 2023, reported 2024
      {"2023-11-20", "2024-01-15",
       {{"2024-01-15", "reserve", 60'000}, {"2024-05-01", "advance", 10'000}, {"2025-05-01", "advance", 30'000},
        {"2025-12-01", "reserve", 35'000}}},
      // 3: accident 2024, reported 2024
      {"2024-04-01", "2024-04-20",
       {{"2024-04-20", "reserve", 80'000}, {"2024-10-01", "advance", 15'000}, {"2025-02-01", "reserve", 90'000},
        {"2025-08-01", "advance", 45'000}, {"2026-02-01", "advance", 20'000}}},
      // 4: accident 2024, reported 2025
      {"2024-12-20", "2025-01-05", {{"2025-01-05", "reserve", 30'000}, {"2025-06-01", "advance", 10'000}}},
      // 5: accident 2025, reported 2025
      {"2025-03-01", "2025-03-10",
       {{"2025-03-10", "reserve", 50'000}, {"2025-09-01", "advance", 12'000}, {"2026-03-01", "reserve", 70'000},
        {"2026-05-01", "advance", 25'000}}},
      // 6: accident 2026, reported 2026
      {"2026-01-20", "2026-02-01", {{"2026-02-01", "reserve", 40'000}, {"2026-04-15", "advance", 8'000}}},
  };
  return h;
}

// Worked out by hand from histories() at 2026-06-30 (lag 1 = the origin year; the last diagonal is at
// 2026-06-30). Paid: cumulative confirmed payments. Incurred: paid + outstanding at each year end.
using Rows = std::vector<std::pair<std::string, std::vector<double>>>;
const Rows kPaidByAccident = {
    {"2023", {20'000, 80'000, 150'000, 180'000}},  // 1: 20k | 50k ; 2: 10k | 1: 40k, 2: 30k | 1: 30k
    {"2024", {15'000, 70'000, 90'000}},            // 3: 15k | 3: 45k, 4: 10k | 3: 20k
    {"2025", {12'000, 37'000}},                    // 5: 12k | 5: 25k
    {"2026", {8'000}},                             // 6: 8k
};
const Rows kIncurredByAccident = {
    // 2023: 1 = 20k paid + 80k out; 2024: 1 = 70k + 70k, 2 = 10k + 50k; 2025: 1 = 110k + 30k, 2 = 40k + 35k;
    // mid-2026: 1 = 140k + 5k, 2 = 75k
    {"2023", {100'000, 200'000, 215'000, 220'000}},
    // 2024: 3 = 15k + 65k; 2025: 3 = 60k + 45k, 4 = 10k + 20k; mid-2026: 3 = 80k + 25k, 4 = 30k
    {"2024", {80'000, 135'000, 135'000}},
    {"2025", {50'000, 82'000}},  // 5: 12k + 38k; 37k + 45k
    {"2026", {40'000}},          // 6: 8k + 32k
};
const Rows kPaidByReport = {
    {"2023", {20'000, 70'000, 110'000, 140'000}},  // 1 alone
    {"2024", {25'000, 100'000, 120'000}},          // 2 and 3
    {"2025", {22'000, 47'000}},                    // 4 and 5
    {"2026", {8'000}},
};
const Rows kIncurredByReport = {
    {"2023", {100'000, 140'000, 140'000, 145'000}},
    {"2024", {140'000, 180'000, 180'000}},
    {"2025", {80'000, 112'000}},
    {"2026", {40'000}},
};

class ClaimsTriangle : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override {
    return migrations_of({insurance::module_spec(), claims::module_spec()});
  }
  void SetUp() override {
    StoreTest::SetUp();
    clock.set(at("2023-01-01"));
    hospital = org("明湖测试第一医院", "medical_institution", "general", "3A");
    insurer = org("测试安和保险", "insurer");
    underwriter = user("uw1", "underwriter", insurer);
    adjuster = user("adj1", "adjuster", insurer);
    patient = user("patient1", "patient", 0);
    insurance = std::make_unique<insurance::InsuranceService>(
        *db, clock, *accounts, insurance::load_products("data/products"), insurance::load_rating_table("data/rating"));
    insurance->set_claim_notices(&notices);
    calendar = *WorkingCalendar::load("data/calendar/cn-holidays.json");
    bank_dir = temp_dir("claims-bank");
    channel = std::make_unique<FileBankChannel>(bank_dir);
    service = std::make_unique<ClaimsService>(*db, keys, clock, calendar, load_params("data/claims"), *insurance,
                                              nullptr, *channel);
    service->set_authority_as_system(adjuster.actor.user_id, Y(10'000'000));
    for (int year = 2023; year <= 2026; ++year) policies[year] = bind_policy(year);
  }

  // A claims-made policy for one calendar year, bound on its first day, retroactive to 2022.
  std::int64_t bind_policy(int year) {
    const std::string start = std::to_string(year) + "-01-01";
    clock.set(at(start.c_str()));
    insurance::QuoteRequest q;
    q.input.product_code = "institution_liability";
    q.insured_org_id = hospital;
    q.period_start = D(start.c_str());
    q.retroactive_date = D("2022-01-01");
    q.input.institution = insurance::InstitutionExposure{"", "", 800};
    q.input.per_incident_limit_fen = Y(1'500'000);
    q.input.deductible_fen = Y(1'000);
    auto quote = insurance->create_quote(underwriter, q);
    EXPECT_TRUE(quote.ok()) << quote.error().code;
    auto p = insurance->bind(underwriter, {quote->id, {3000, 5000, 2000}, {{insurer, 10000}}});
    EXPECT_TRUE(p.ok()) << p.error().code << " " << p.error().detail;
    return p->id;
  }

  void play(const History& h, int n) {
    clock.set(at(h.notice));
    NewClaim c;
    c.policy_id = policies.at(D(h.notice).year());
    c.patient_user_id = patient.actor.user_id;
    c.incident_date = D(h.incident);
    c.notice_date = D(h.notice);
    auto filed = service->file_claim(adjuster, c);
    ASSERT_TRUE(filed.ok()) << filed.error().code << " " << filed.error().detail;
    ASSERT_TRUE(service->materials_complete(adjuster, filed->c.id).ok());
    int k = 0;
    for (const auto& s : h.steps) {
      clock.set(at(s.day));
      if (std::string(s.what) == "reserve") {
        auto r = service->set_reserve(adjuster, filed->c.id, {Y(s.yuan), "estimate", std::nullopt});
        ASSERT_TRUE(r.ok()) << r.error().code << " " << r.error().detail;
        continue;
      }
      const std::string key = "t-" + std::to_string(n) + "-" + std::to_string(++k);
      auto p = service->instruct_payment(adjuster, filed->c.id,
                                         {key, "advance", Y(s.yuan), std::nullopt, {"郑测试", "示例银行", "6222000011112222"}});
      ASSERT_TRUE(p.ok()) << p.error().code << " " << p.error().detail;
      std::ofstream(bank_dir / "inbox" / (p->payment.reference + ".json"))
          << nlohmann::json{{"reference", p->payment.reference}, {"status", "confirmed"}, {"bank_transaction_id", key}}
                 .dump();
      ASSERT_EQ(service->poll_bank().confirmed, 1);
    }
  }

  void play_all() {
    int n = 0;
    for (const auto& h : histories()) play(h, ++n);
    clock.set(at("2026-06-30"));
  }

  RequestContext actuary() {
    RequestContext c;
    c.actor.user_id = 1;
    c.actor.roles = {"actuary"};
    c.actor.permissions = accounts::permissions_for(c.actor.roles);
    c.request_id = "test";
    c.clock = &clock;
    return c;
  }

  static void expect_triangle(const act::Triangle& t, const Rows& rows, const char* what) {
    ASSERT_EQ(t.n_origins(), rows.size()) << what;
    ASSERT_EQ(t.n_dev, rows.front().second.size()) << what;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(t.origins[i], rows[i].first) << what;
      for (std::size_t k = 0; k < t.n_dev; ++k) {
        if (k < rows[i].second.size()) EXPECT_DOUBLE_EQ(t.at(i, k), rows[i].second[k]) << what << " " << rows[i].first << " lag " << k + 1;
        else EXPECT_FALSE(t.observed(i, k)) << what << " " << rows[i].first << " lag " << k + 1;
      }
    }
  }

  std::int64_t hospital = 0, insurer = 0;
  std::map<int, std::int64_t> policies;
  RequestContext underwriter, adjuster, patient;
  std::unique_ptr<insurance::InsuranceService> insurance;
  WorkingCalendar calendar;
  std::filesystem::path bank_dir;
  std::unique_ptr<FileBankChannel> channel;
  PolicyClaimNotices notices;
  std::unique_ptr<ClaimsService> service;
};

TEST_F(ClaimsTriangle, PaidAndIncurredByAccidentAndReportYearMatchTheHandBuiltTriangles) {
  play_all();
  ClaimsTriangleHistory history(*db);
  act::ActuarialService actuarial(*db, source_dir() / "data" / "actuarial", [&history] { return &history; });
  struct Case {
    act::TriangleBasis basis;
    act::TriangleOrigin origin;
    const Rows* expected;
    const char* what;
  };
  for (const auto& c : {Case{act::TriangleBasis::paid, act::TriangleOrigin::accident, &kPaidByAccident, "paid/accident"},
                        Case{act::TriangleBasis::incurred, act::TriangleOrigin::accident, &kIncurredByAccident,
                             "incurred/accident"},
                        Case{act::TriangleBasis::paid, act::TriangleOrigin::report, &kPaidByReport, "paid/report"},
                        Case{act::TriangleBasis::incurred, act::TriangleOrigin::report, &kIncurredByReport,
                             "incurred/report"}}) {
    auto t = actuarial.platform_triangle(actuary(), c.basis, c.origin);
    ASSERT_TRUE(t.ok()) << t.error().code << " " << t.error().detail;
    ASSERT_TRUE(t->available) << c.what;
    expect_triangle(t->triangle, *c.expected, c.what);
  }
}

TEST_F(ClaimsTriangle, AtAnEarlierDayOnlyWhatWasKnownThenCounts) {
  play_all();
  // At 2024-12-31: accident years 2023 and 2024; claim 4 (reported 2025) is not in yet.
  auto paid = claims::triangle_records(db->read([](db::Tx& tx) { return store::history_facts(tx); }),
                                       act::TriangleBasis::paid, act::TriangleOrigin::accident, D("2024-12-31"));
  auto t = act::triangle_from_records(paid, {true, true, false});
  ASSERT_TRUE(t.ok()) << t.error().code;
  expect_triangle(*t, {{"2023", {20'000, 80'000}}, {"2024", {15'000}}}, "paid at 2024-12-31");
  auto incurred = claims::triangle_records(db->read([](db::Tx& tx) { return store::history_facts(tx); }),
                                           act::TriangleBasis::incurred, act::TriangleOrigin::accident, D("2024-12-31"));
  auto ti = act::triangle_from_records(incurred, {false, false, true});
  ASSERT_TRUE(ti.ok()) << ti.error().code;
  expect_triangle(*ti, {{"2023", {100'000, 200'000}}, {"2024", {80'000}}}, "incurred at 2024-12-31");
}

TEST_F(ClaimsTriangle, MackRunsOnThePlatformTriangleWithFiniteReservesAndStandardErrors) {
  play_all();
  ClaimsTriangleHistory history(*db);
  act::ActuarialService actuarial(*db, source_dir() / "data" / "actuarial", [&history] { return &history; });
  for (auto basis : {act::TriangleBasis::paid, act::TriangleBasis::incurred}) {
    act::ReservingRequest r;
    r.source.platform = act::TriangleOrigin::accident;
    r.basis = basis;
    r.method = act::ReservingMethod::mack;
    auto o = actuarial.reserve(actuary(), r);
    ASSERT_TRUE(o.ok()) << o.error().code << " " << o.error().detail;
    const auto& m = std::get<act::MackResult>(o->result);
    const auto& cl = m.chain_ladder;
    ASSERT_EQ(cl.origins.size(), 4u);
    EXPECT_TRUE(std::isfinite(cl.total_ibnr));
    EXPECT_TRUE(std::isfinite(m.total_mack_se));
    EXPECT_GE(m.total_mack_se, 0.0);
    for (std::size_t i = 0; i < cl.origins.size(); ++i) {
      EXPECT_TRUE(std::isfinite(cl.ultimate[i])) << cl.origins[i];
      EXPECT_TRUE(std::isfinite(m.mack_se[i])) << cl.origins[i];
    }
    if (basis == act::TriangleBasis::paid) {
      EXPECT_DOUBLE_EQ(cl.total_latest, 180'000 + 90'000 + 37'000 + 8'000);
      EXPECT_GT(cl.total_ibnr, 0.0) << "paid still develops";
      EXPECT_GT(m.total_mack_se, 0.0);
    }
  }
}

TEST_F(ClaimsTriangle, NoClaimsNoTriangle) {
  ClaimsTriangleHistory history(*db);
  for (auto basis : {act::TriangleBasis::paid, act::TriangleBasis::incurred}) {
    auto r = history.triangle_records(basis, act::TriangleOrigin::accident, D("2026-06-30"));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->empty());
  }
}

}  // namespace
}  // namespace medrisk::testing
