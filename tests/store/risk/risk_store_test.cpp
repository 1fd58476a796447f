// The risk database on a real database (SQLite and PostgreSQL): exposure imports that are all or
// nothing and idempotent per institution × department × month, rates with credibility, who may see
// which figures, and the insurance quote taking the insured's claims experience from here.
#include <soci/soci.h>

#include "modules/insurance/api.hpp"
#include "modules/risk/api.hpp"
#include "modules/risk/store.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::risk;

// Events as the other modules would count them, set by each test.
class FakeEvents final : public EventSource {
 public:
  std::vector<EventTally> items;
  std::vector<EventTally> tallies(db::Tx&, const std::string& from, const std::string& to) override {
    std::vector<EventTally> out;
    for (const auto& t : items)
      if (t.month >= from && t.month <= to) out.push_back(t);
    return out;
  }
};

class RiskStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override {
    auto m = insurance::InsuranceService::migrations();
    for (auto& x : RiskService::migrations()) m.push_back(std::move(x));
    return m;
  }
  void SetUp() override {
    StoreTest::SetUp();
    h1 = org("明湖测试第一医院", "medical_institution", "general", "3A");
    h2 = org("明湖测试第二医院", "medical_institution", "tcm", "2B");
    h3 = org("明湖测试第三医院", "medical_institution", "primary", "1A");
    insurer = org("测试安和保险", "insurer");
    other_insurer = org("测试康泰保险", "insurer");
    regulator_org = org("明湖测试卫健委", "regulator");
    officer1 = user("officer1", "medical_officer", h1);
    officer2 = user("officer2", "medical_officer", h2);
    underwriter = user("uw1", "underwriter", insurer);
    other_uw = user("uw2", "underwriter", other_insurer);
    regulator = user("regulator", "regulator", regulator_org);
    doctor = user("doctor", "clinician", h1);
    service = std::make_unique<RiskService>(*db, clock, load_params("data/risk"), &events,
                                            [this](db::Tx&, std::int64_t org, Date) -> std::optional<std::int64_t> {
                                              if (org == h1) return insurer;  // h1's policy in force is insurer's
                                              return std::nullopt;
                                            });
  }

  std::string csv(const std::vector<std::string>& lines) {
    std::string s = "organization_id,department,month,outpatient_visits,discharges,bed_days,ops_14\n";
    for (const auto& l : lines) s += l + "\n";
    return s;
  }
  std::string row(std::int64_t org, const std::string& dept, const std::string& month, int discharges) {
    return std::to_string(org) + "," + dept + "," + month + ",1000," + std::to_string(discharges) + ",5000,10";
  }
  std::vector<ExposureRecord> stored(std::optional<std::int64_t> org = std::nullopt) {
    return db->read([&](db::Tx& tx) { return risk::store::exposure_between(tx, "2000-01", "2099-12", org); });
  }
  void event(const std::string& measure, std::int64_t org, const std::string& dept, const std::string& month, double v,
             std::optional<std::int64_t> clinician = std::nullopt) {
    events.items.push_back({measure, org, dept, clinician, month, v});
  }
  // Two years of the same exposure for the three institutions and two departments.
  void two_years() {
    std::vector<std::string> lines;
    for (auto org : {h1, h2, h3})
      for (const std::string dept : {"骨科", "内科"})
        for (const std::string month : {"2024-06", "2025-06"}) lines.push_back(row(org, dept, month, 900));
    ASSERT_TRUE(service->import_csv_as_system(csv(lines), "two-years.csv").ok());
  }

  std::int64_t h1 = 0, h2 = 0, h3 = 0, insurer = 0, other_insurer = 0, regulator_org = 0;
  RequestContext officer1, officer2, underwriter, other_uw, regulator, doctor;
  FakeEvents events;
  std::unique_ptr<RiskService> service;
};

TEST_F(RiskStore, ReimportingTheSameMonthReplacesItsFigures) {
  auto first = service->import_csv_as_system(csv({row(h1, "骨科", "2026-01", 400), row(h1, "内科", "2026-01", 300)}),
                                             "jan.csv");
  ASSERT_TRUE(first.ok()) << first.error().code;
  EXPECT_EQ(first->rows, 2);
  EXPECT_EQ(first->replaced, 0);
  auto again = service->import_csv_as_system(csv({row(h1, "骨科", "2026-01", 410), row(h1, "骨科", "2026-02", 390)}),
                                             "jan-corrected.csv");
  ASSERT_TRUE(again.ok()) << again.error().code;
  EXPECT_EQ(again->replaced, 1);
  auto rows = stored(h1);
  ASSERT_EQ(rows.size(), 3u);  // 内科 2026-01 stays; 骨科 2026-01 replaced; 骨科 2026-02 added
  for (const auto& r : rows)
    if (r.department == "骨科" && r.month == "2026-01") {
      EXPECT_EQ(r.discharges, 410);
      EXPECT_EQ(r.operations.at("14"), 10);
      EXPECT_EQ(r.import_id, again->id);
    }
  // The very same file twice: the same rows, nothing added.
  ASSERT_TRUE(service->import_csv_as_system(csv({row(h1, "骨科", "2026-01", 410)}), "x.csv").ok());
  EXPECT_EQ(stored(h1).size(), 3u);
}

TEST_F(RiskStore, OneBadRowRefusesTheWholeFileAndListsTheBadRows) {
  ASSERT_TRUE(service->import_csv_as_system(csv({row(h1, "骨科", "2026-01", 400)}), "ok.csv").ok());
  // Row 3 names an insurer, row 4 an organization that does not exist: both listed, nothing kept.
  auto r = service->import_csv_as_system(
      csv({row(h1, "骨科", "2026-01", 999), row(insurer, "骨科", "2026-01", 1), row(999999, "骨科", "2026-01", 1),
           row(h2, "骨科", "2026-01", 5)}),
      "bad.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "exposure_import_refused");
  ASSERT_EQ(r.error().violations.size(), 2u);
  EXPECT_EQ(r.error().violations[0].field, "/rows/3/organization_id");
  EXPECT_EQ(r.error().violations[0].code, "exposure_organization_not_institution");
  EXPECT_EQ(r.error().violations[1].field, "/rows/4/organization_id");
  EXPECT_EQ(r.error().violations[1].code, "exposure_organization_invalid");
  auto rows = stored();
  ASSERT_EQ(rows.size(), 1u) << "nothing of the refused file";
  EXPECT_EQ(rows[0].discharges, 400);
  // The refusal is recorded with its issues (import status).
  auto list = service->imports(regulator, 10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->front().status, "refused");
  EXPECT_EQ(list->front().issues.size(), 2u);
  EXPECT_EQ(list->front().issues[0].row, 3);
  // A malformed cell is refused before the database is touched, with the same report.
  auto bad_cell = service->import_csv_as_system(csv({row(h1, "骨科", "2026-13", 1)}), "month.csv");
  ASSERT_FALSE(bad_cell.ok());
  EXPECT_EQ(bad_cell.error().violations.at(0).field, "/rows/2/month");
}

TEST_F(RiskStore, RatesPerThousandUnitsWithCredibilityAgainstTheProvince) {
  two_years();
  // 1,000 visits × 0.1 + 900 discharges = 1,000 units a month: 2,000 units per institution and department.
  event("complaints", h1, "骨科", "2024-06", 6);
  event("complaints", h1, "骨科", "2025-06", 4);
  event("complaints", h2, "骨科", "2024-06", 1);
  event("complaints", h3, "骨科", "2025-06", 1);
  event("complaints", h1, "骨科", "2023-01", 50);  // outside the period
  auto r = service->rates(regulator, {"department", "2024-01", "2025-12", std::nullopt, std::string("骨科")});
  ASSERT_TRUE(r.ok()) << r.error().code;
  ASSERT_EQ(r->province_rows.size(), 1u);
  EXPECT_DOUBLE_EQ(r->province_rows[0].exposure_units, 6000);
  EXPECT_DOUBLE_EQ(r->province_rows[0].events.at("complaints"), 12);
  EXPECT_DOUBLE_EQ(r->province_rows[0].parameters.at("complaints").province_rate, 2.0);  // 12 per 6 thousand
  ASSERT_EQ(r->rows.size(), 3u);
  const RateRow& a = r->rows[0];
  EXPECT_EQ(a.organization_id, h1);
  EXPECT_DOUBLE_EQ(a.measures.at("complaints").rate, 5.0);  // 10 per 2 thousand
  EXPECT_GT(a.measures.at("complaints").z, 0.0);
  EXPECT_LT(a.measures.at("complaints").z, 1.0);
  EXPECT_GT(a.measures.at("complaints").coefficient, 1.0);
  EXPECT_LT(r->rows[1].measures.at("complaints").coefficient, 1.0);
  // Institution level: both departments together.
  auto inst = service->rates(regulator, {"institution", "2024-01", "2025-12", std::nullopt, std::nullopt});
  ASSERT_TRUE(inst.ok());
  ASSERT_EQ(inst->rows.size(), 3u);
  EXPECT_DOUBLE_EQ(inst->rows[0].exposure_units, 4000);
  EXPECT_DOUBLE_EQ(inst->rows[0].measures.at("complaints").rate, 2.5);
}

TEST_F(RiskStore, OnlyTheRegulatorTheInsurerAndTheInstitutionItselfSeeIdentifiedFigures) {
  two_years();
  event("cases", h2, "内科", "2024-06", 2);
  RatesQuery all{"department", "2024-01", "2025-12", std::nullopt, std::nullopt};
  auto orgs_seen = [&](const RequestContext& ctx) {
    std::set<std::int64_t> seen;
    auto r = service->rates(ctx, all);
    EXPECT_TRUE(r.ok());
    if (r.ok()) {
      EXPECT_EQ(r->province_rows.size(), 2u) << "everyone sees the province aggregates";
      for (const auto& x : r->rows) seen.insert(x.organization_id);
    }
    return seen;
  };
  EXPECT_EQ(orgs_seen(regulator), (std::set<std::int64_t>{h1, h2, h3}));
  EXPECT_EQ(orgs_seen(officer1), (std::set<std::int64_t>{h1}));
  EXPECT_EQ(orgs_seen(officer2), (std::set<std::int64_t>{h2}));
  EXPECT_EQ(orgs_seen(underwriter), (std::set<std::int64_t>{h1})) << "the insurer of h1's policy in force";
  EXPECT_TRUE(orgs_seen(other_uw).empty());
  // Asking for another institution by id: the same answer as for an id that does not exist.
  RatesQuery other = all;
  other.organization_id = h2;
  auto refused = service->rates(officer1, other);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "resource_not_found");
  EXPECT_FALSE(service->exposure(officer1, {h2, "2024-01", "2025-12", 0, 100}).ok());
  auto own = service->exposure(officer1, {std::nullopt, "2024-01", "2025-12", 0, 100});
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->size(), 4u);  // h1's two departments × two months only
  // A clinician's history: their institution's officer, not another's.
  event("cases", h1, "骨科", "2025-06", 1, doctor.actor.user_id);
  auto h = service->clinician_history(officer1, doctor.actor.user_id, "2024-01", "2025-12");
  ASSERT_TRUE(h.ok()) << h.error().code;
  EXPECT_DOUBLE_EQ(h->totals.at("cases"), 1);
  EXPECT_FALSE(service->clinician_history(officer2, doctor.actor.user_id, "2024-01", "2025-12").ok());
  // Without risk.read (a clinician): refused outright.
  auto denied = service->rates(doctor, all);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "permission_denied");
}

TEST_F(RiskStore, AQuotesExperienceFactorFollowsTheInsuredsClaims) {
  // 36 months of exposure before the quote (the clock is 2026-03-02): 2023-03 … 2026-02.
  std::vector<std::string> lines;
  for (auto org : {h1, h2, h3})
    for (int i = 0; i < 36; ++i) lines.push_back(row(org, "骨科", add_months("2023-03", i), 900));
  ASSERT_TRUE(service->import_csv_as_system(csv(lines), "36.csv").ok());
  insurance::InsuranceService insurance(*db, clock, *accounts, insurance::load_products("data/products"),
                                        insurance::load_rating_table("data/rating"));
  RiskExperienceSource source(*service);
  insurance.set_experience_source(&source);
  insurance::QuoteRequest q;
  q.input.product_code = "institution_liability";
  q.insured_org_id = h1;
  q.period_start = *Date::parse("2026-04-01");
  q.retroactive_date = *Date::parse("2025-04-01");
  q.input.institution = insurance::InstitutionExposure{"", "", 800};
  q.input.per_incident_limit_fen = Money::from_fen(150000000);
  q.input.deductible_fen = Money::from_fen(100000);
  q.input.experience = {3, Money::from_fen(999999999)};  // typed in: ignored when the database knows the insured

  auto before = insurance.create_quote(underwriter, q);
  ASSERT_TRUE(before.ok()) << before.error().code;
  EXPECT_EQ(before->input.experience.source, "risk_database");
  EXPECT_EQ(before->input.experience.years, 3);
  EXPECT_EQ(before->input.experience.incurred_losses_fen.fen(), 0);
  EXPECT_NE(before->input.experience.basis.find("2023-03..2026-02"), std::string::npos) << before->input.experience.basis;
  EXPECT_LT(before->rating.experience_mod_bp, 10000) << "no claims: a credit";

  // The insured's claims change: two claims with 800,000 CNY incurred.
  event("claims", h1, "骨科", "2025-05", 2);
  event("claims_incurred", h1, "骨科", "2025-05", 80000000);
  auto after = insurance.create_quote(underwriter, q);
  ASSERT_TRUE(after.ok()) << after.error().code;
  EXPECT_EQ(after->input.experience.incurred_losses_fen.fen(), 80000000);
  EXPECT_GT(after->rating.experience_mod_bp, before->rating.experience_mod_bp);
  EXPECT_NE(after->input.experience.basis.find("2 claims"), std::string::npos) << after->input.experience.basis;

  // An institution the database does not know keeps its declared figures.
  q.insured_org_id = org("无数据医院", "medical_institution", "general", "2A");
  auto declared = insurance.create_quote(underwriter, q);
  ASSERT_TRUE(declared.ok()) << declared.error().code;
  EXPECT_EQ(declared->input.experience.source, "declared");
}

}  // namespace
}  // namespace medrisk::testing
