// Liability policies on a real database (SQLite and PostgreSQL): quote → bind with co-insurance and
// tri-party funding, scoped reads, endorsements with day-based pro rata, cancellation with refund,
// renewal keeping the retroactive date, the cover look-ups other modules use, and certificates.
#include <soci/soci.h>

#include "modules/insurance/api.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::insurance;

Money fen(std::int64_t f) {
  return Money::from_fen(f);
}
Date d(std::string_view s) {
  return *Date::parse(s);
}

class PolicyStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return InsuranceService::migrations(); }
  void SetUp() override {
    StoreTest::SetUp();
    hospital = org("明湖测试第一医院", "medical_institution", "general", "3A");
    other_hospital = org("明湖测试第二医院", "medical_institution", "tcm", "2B");
    insurer = org("测试安和保险", "insurer");
    follower = org("测试康泰保险", "insurer");
    outsider_insurer = org("测试远方保险", "insurer");
    regulator_org = org("明湖测试卫健委", "regulator");
    underwriter = user("uw1", "underwriter", insurer);
    follower_uw = user("uw2", "underwriter", follower);
    outsider_uw = user("uw3", "underwriter", outsider_insurer);
    officer = user("officer", "medical_officer", hospital);
    other_officer = user("officer2", "medical_officer", other_hospital);
    doctor = user("doctor", "clinician", hospital);
    nurse = user("nurse", "clinician", hospital);
    regulator = user("regulator", "regulator", regulator_org);
    patient = user("patient", "patient", 0);
    service = std::make_unique<InsuranceService>(*db, clock, *accounts, load_products("data/products"),
                                                 load_rating_table("data/rating"));
  }


  QuoteRequest hospital_quote(std::string start = "2026-04-01") {
    QuoteRequest q;
    q.input.product_code = "institution_liability";
    q.insured_org_id = hospital;
    q.period_start = d(start);
    q.retroactive_date = d("2025-04-01");
    q.input.institution = InstitutionExposure{"", "", 800};
    q.input.clinicians = {{doctor.actor.user_id, "IV", "chief", 25}};
    q.input.per_incident_limit_fen = fen(150000000);
    q.input.deductible_fen = fen(100000);
    return q;
  }

  Policy bound(std::string start = "2026-04-01") {
    // A policy starting in the past was quoted and bound on its first day (no backdated cover).
    Timestamp now = clock.now();
    if (d(start) < clock.today()) clock.set(Timestamp::start_of_shanghai_day(d(start)) + std::chrono::hours(10));
    auto q = service->create_quote(underwriter, hospital_quote(start));
    EXPECT_TRUE(q.ok()) << q.error().code;
    auto p = service->bind(underwriter, {q->id, {3000, 5000, 2000}, {{insurer, 6000}, {follower, 4000}}});
    EXPECT_TRUE(p.ok()) << p.error().code;
    clock.set(now);
    return *p;
  }

  static Money sum_funding(const Policy& p) {
    Money s;
    for (const auto& f : p.funding_split) s += f.amount_fen;
    return s;
  }
  static Money sum_pool(const Policy& p) {
    Money s;
    for (const auto& m : p.coinsurance_pool) s += m.premium_fen;
    return s;
  }

  std::int64_t hospital = 0, other_hospital = 0, insurer = 0, follower = 0, outsider_insurer = 0, regulator_org = 0;
  RequestContext underwriter, follower_uw, outsider_uw, officer, other_officer, doctor, nurse, regulator, patient;
  std::unique_ptr<InsuranceService> service;
  // InsuranceService::has_valid_cover in a read transaction of the test's own.
  bool covered(std::int64_t org, std::int64_t clinician, std::string_view kind, Date on) {
    return db->read([&](db::Tx& tx) { return service->has_valid_cover(tx, org, clinician, kind, on); });
  }
};

TEST_F(PolicyStore, AQuoteExplainsItsPremiumAndBindsIntoAPolicy) {
  auto q = service->create_quote(underwriter, hospital_quote());
  ASSERT_TRUE(q.ok()) << q.error().code;
  Money lines;
  for (const auto& l : q->rating.lines) lines += l.amount_fen;
  EXPECT_EQ(lines, q->rating.premium_fen);
  EXPECT_EQ(q->rating.table_version, "liability-2026-01");
  EXPECT_EQ(q->input.institution->category, "general") << "category and grade come from the organization";
  EXPECT_EQ(q->input.institution->grade, "3A");
  EXPECT_EQ(q->valid_until, d("2026-04-01")) << "30 days from 2026-03-02";

  auto p = service->bind(underwriter, {q->id, {3000, 5000, 2000}, {{insurer, 6000}, {follower, 4000}}});
  ASSERT_TRUE(p.ok()) << p.error().code;
  EXPECT_EQ(p->policy_number.substr(0, 6), "MR2026");
  EXPECT_EQ(p->premium_fen, q->rating.premium_fen);
  EXPECT_EQ(p->period_end, d("2027-03-31"));
  EXPECT_EQ(p->retroactive_date, d("2025-04-01"));
  EXPECT_EQ(p->trigger, "claims_made");
  EXPECT_GE(p->certificate_code.size(), 24u);
  EXPECT_EQ(sum_funding(*p), p->premium_fen);
  EXPECT_EQ(sum_pool(*p), p->premium_fen);
  EXPECT_EQ(p->coinsurance_pool.front().role, "lead");
  EXPECT_EQ(p->coinsurance_pool.front().insurer_org_id, insurer);
  ASSERT_EQ(p->clinicians.size(), 1u);

  EXPECT_EQ(service->bind(underwriter, {q->id, {0, 10000, 0}, {}}).error().code, "quote_already_bound");
  audit::Filter filter;
  filter.resource_type = "policy";
  auto entries = db->read([&](db::Tx& tx) { return audit::list(tx, filter); });
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "policy.issue");
}

TEST_F(PolicyStore, BindingRefusalsWriteNothing) {
  auto q = *service->create_quote(underwriter, hospital_quote());
  struct Row {
    RequestContext* who;
    BindRequest req;
    std::string code;
  };
  std::vector<Row> rows = {
      {&underwriter, {q.id, {3000, 5000, 1000}, {}}, "funding_shares_must_sum_to_10000"},
      {&underwriter,
       {q.id, {0, 10000, 0}, {{insurer, 6000}, {follower, 3000}}},
       "coinsurance_shares_must_sum_to_10000"},
      {&underwriter, {q.id, {0, 10000, 0}, {{follower, 6000}, {insurer, 4000}}}, "coinsurance_lead_must_be_issuer"},
      {&underwriter, {q.id, {0, 10000, 0}, {{insurer, 6000}, {hospital, 4000}}}, "coinsurer_must_be_insurer"},
      {&outsider_uw, {q.id, {0, 10000, 0}, {}}, "resource_not_found"},
      {&officer, {q.id, {0, 10000, 0}, {}}, "permission_denied"},
      {&underwriter, {q.id + 100, {0, 10000, 0}, {}}, "resource_not_found"},
  };
  for (auto& row : rows) EXPECT_EQ(service->bind(*row.who, row.req).error().code, row.code);
  int policies = -1;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT COUNT(*) FROM insurance_policies", soci::into(policies); });
  EXPECT_EQ(policies, 0);
  clock.advance(std::chrono::hours(24 * 31));
  EXPECT_EQ(service->bind(underwriter, {q.id, {0, 10000, 0}, {}}).error().code, "quote_expired");
}

TEST_F(PolicyStore, QuoteRefusals) {
  auto not_institution = hospital_quote();
  not_institution.insured_org_id = insurer;
  EXPECT_EQ(service->create_quote(underwriter, not_institution).error().code, "insured_must_be_medical_institution");
  auto late_retro = hospital_quote();
  late_retro.retroactive_date = d("2026-05-01");
  EXPECT_EQ(service->create_quote(underwriter, late_retro).error().code, "retroactive_date_after_period_start");
  auto twice = hospital_quote();
  twice.input.clinicians.push_back(twice.input.clinicians.front());
  EXPECT_EQ(service->create_quote(underwriter, twice).error().code, "clinician_named_twice");
  auto unknown = hospital_quote();
  unknown.input.product_code = "space_travel";
  EXPECT_EQ(service->create_quote(underwriter, unknown).error().code, "product_not_found");
  auto fixed = hospital_quote();
  fixed.input.product_code = "visit_policy";
  EXPECT_EQ(service->create_quote(underwriter, fixed).error().code, "product_not_rated");
  EXPECT_EQ(service->create_quote(officer, hospital_quote()).error().code, "permission_denied");
}

TEST_F(PolicyStore, AQuoteIsSeenOnlyByItsInsurer) {
  auto q = *service->create_quote(underwriter, hospital_quote());
  EXPECT_TRUE(service->get_quote(underwriter, q.id).ok());
  EXPECT_EQ(service->get_quote(outsider_uw, q.id).error().code, "resource_not_found");
  EXPECT_EQ(service->get_quote(underwriter, q.id + 99).error().code, "resource_not_found");
  EXPECT_EQ(service->list_quotes(underwriter, 0, 50)->size(), 1u);
  EXPECT_TRUE(service->list_quotes(outsider_uw, 0, 50)->empty());
  EXPECT_EQ(service->list_quotes(officer, 0, 50).error().code, "permission_denied");
}

TEST_F(PolicyStore, WhoMayReadAPolicy) {
  Policy p = bound();
  struct Row {
    std::string who;
    RequestContext* ctx;
    std::string code;
    std::size_t listed;
  };
  std::vector<Row> rows = {
      {"the insured's officer", &officer, "", 1},
      {"another hospital's officer", &other_officer, "resource_not_found", 0},
      {"the lead insurer's underwriter", &underwriter, "", 1},
      {"the follower's underwriter", &follower_uw, "", 1},
      {"an insurer outside the pool", &outsider_uw, "resource_not_found", 0},
      {"the clinician named on it", &doctor, "", 1},
      {"a clinician of the hospital not named", &nurse, "resource_not_found", 0},
      {"the regulator of the region", &regulator, "", 1},
      {"a patient", &patient, "resource_not_found", 0},
  };
  for (auto& row : rows) {
    auto got = service->get_policy(*row.ctx, p.id);
    EXPECT_EQ(got.ok() ? std::string() : got.error().code, row.code) << row.who;
    auto list = service->list_policies(*row.ctx, {});
    ASSERT_TRUE(list.ok()) << row.who;
    EXPECT_EQ(list->size(), row.listed) << row.who;
  }
  EXPECT_EQ(service->get_policy(officer, p.id + 1000).error().code, "resource_not_found");
}

TEST_F(PolicyStore, EndorsementsChargeAndRefundTheRemainingDays) {
  Policy p = bound("2026-01-01");  // 365 days
  ClinicianExposure nurse_exposure{nurse.actor.user_id, "II", "attending", 5};
  auto add = service->endorse(underwriter, p.id, {"add_clinician", d("2026-07-01"), nurse_exposure});
  ASSERT_TRUE(add.ok()) << add.error().code;
  // The annual difference re-rated with the same terms, times 184/365 days, half up.
  auto quote = *service->get_quote(underwriter, p.quote_id);
  RatingInput before = quote.input, after = quote.input;
  after.clinicians.push_back(nurse_exposure);
  const Product& product = *service->find_product("institution_liability");
  Money annual = rate(product, after, service->rating_table())->premium_fen -
                 rate(product, before, service->rating_table())->premium_fen;
  EXPECT_EQ(add->premium_delta_fen, *annual.mul_ratio(184, 365, Rounding::half_up));
  EXPECT_GT(add->premium_delta_fen, fen(0));
  EXPECT_EQ(add->days_charged, 184);
  auto changed = *service->get_policy(underwriter, p.id);
  EXPECT_EQ(changed.premium_fen, p.premium_fen + add->premium_delta_fen);
  EXPECT_EQ(sum_funding(changed), changed.premium_fen);
  EXPECT_EQ(sum_pool(changed), changed.premium_fen);
  EXPECT_TRUE(covered(hospital, nurse.actor.user_id, "liability", d("2026-07-01")));
  EXPECT_FALSE(covered(hospital, nurse.actor.user_id, "liability", d("2026-06-30")));

  auto remove =
      service->endorse(underwriter, p.id, {"remove_clinician", d("2026-10-01"), {nurse.actor.user_id, "", "", 0}});
  ASSERT_TRUE(remove.ok()) << remove.error().code;
  EXPECT_LT(remove->premium_delta_fen, fen(0));
  EXPECT_EQ(remove->days_charged, 92);
  EXPECT_FALSE(covered(hospital, nurse.actor.user_id, "liability", d("2026-10-01")));

  struct Row {
    EndorsementRequest req;
    RequestContext* who;
    std::string code;
  };
  std::vector<Row> rows = {
      {{"add_clinician", d("2026-07-01"), {doctor.actor.user_id, "I", "chief", 25}},
       &underwriter,
       "clinician_already_named"},
      {{"remove_clinician", d("2026-07-01"), {nurse.actor.user_id, "", "", 0}}, &underwriter, "clinician_not_named"},
      {{"add_clinician", d("2027-01-01"), {999, "I", "chief", 5}}, &underwriter, "policy_date_outside_period"},
      {{"add_clinician", d("2026-07-01"), {999, "V", "chief", 5}}, &underwriter, "department_risk_class_unknown"},
      // Issue 18 item 8: an unknown clinician reached the foreign key (500); now a clear refusal.
      {{"add_clinician", d("2026-07-01"), {999, "I", "chief", 5}}, &underwriter, "clinician_not_found"},
      {{"add_clinician", d("2026-07-01"), {999, "I", "chief", 5}}, &follower_uw, "resource_not_found"},
      {{"add_clinician", d("2026-07-01"), {999, "I", "chief", 5}}, &officer, "permission_denied"},
  };
  for (auto& row : rows) EXPECT_EQ(service->endorse(*row.who, p.id, row.req).error().code, row.code);
  EXPECT_EQ(service->list_endorsements(officer, p.id)->size(), 2u);
}

TEST_F(PolicyStore, CancellationRefundsTheUnexpiredDaysAndEndsCover) {
  Policy p = bound("2026-01-01");
  EXPECT_TRUE(covered(hospital, 0, "liability", d("2026-07-01")));
  auto c = service->cancel(underwriter, p.id, d("2026-07-01"));
  ASSERT_TRUE(c.ok()) << c.error().code;
  EXPECT_EQ(c->refund_fen, *p.premium_fen.mul_ratio(184, 365, Rounding::down));
  EXPECT_EQ(c->status, "cancelled");
  auto split = refund_split(*c);
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split->funding[0].amount_fen + split->funding[1].amount_fen + split->funding[2].amount_fen, c->refund_fen);
  EXPECT_EQ(split->coinsurance[0].premium_fen + split->coinsurance[1].premium_fen, c->refund_fen);
  EXPECT_TRUE(covered(hospital, 0, "liability", d("2026-06-30")));
  EXPECT_FALSE(covered(hospital, 0, "liability", d("2026-07-01")));
  EXPECT_EQ(service->cancel(underwriter, p.id, d("2026-08-01")).error().code, "policy_cancelled");
  EXPECT_EQ(
      service->endorse(underwriter, p.id, {"add_clinician", d("2026-08-01"), {999, "I", "chief", 5}}).error().code,
      "policy_cancelled");
  EXPECT_EQ(service->renew(underwriter, p.id, std::nullopt).error().code, "policy_cancelled");
  auto list = *service->list_endorsements(underwriter, p.id);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].premium_delta_fen, -c->refund_fen);
}

TEST_F(PolicyStore, RenewalStartsTheNextDayAndKeepsTheRetroactiveDate) {
  Policy p = bound("2026-01-01");
  auto r = service->renew(underwriter, p.id, Experience{1, fen(0)});
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_EQ(r->period_start, d("2027-01-01"));
  EXPECT_EQ(r->period_end, d("2027-12-31"));
  EXPECT_EQ(r->retroactive_date, d("2025-04-01"));
  EXPECT_EQ(r->renewed_from_policy_id, p.id);
  EXPECT_NE(r->certificate_code, p.certificate_code);
  EXPECT_LT(r->premium_fen, p.premium_fen) << "a clean year earns a credit";
  EXPECT_EQ(sum_pool(*r), r->premium_fen);
  EXPECT_EQ(r->coinsurance_pool.size(), 2u);
  EXPECT_EQ(service->renew(underwriter, p.id, std::nullopt).error().code, "policy_already_renewed");
}

TEST_F(PolicyStore, CoverLookUpsForComplianceAndDisputes) {
  Policy p = bound("2026-01-01");  // claims-made, retroactive date 2025-04-01
  struct Row {
    std::int64_t org, clinician;
    std::string kind, on;
    bool covered;
  };
  std::vector<Row> rows = {
      {hospital, 0, "liability", "2026-06-01", true},
      {hospital, doctor.actor.user_id, "liability", "2026-06-01", true},
      {hospital, nurse.actor.user_id, "liability", "2026-06-01", false},
      {hospital, 0, "liability", "2027-01-01", false},
      {hospital, 0, "accident", "2026-06-01", false},
      {other_hospital, 0, "liability", "2026-06-01", false},
  };
  for (const auto& row : rows)
    EXPECT_EQ(covered(row.org, row.clinician, row.kind, d(row.on)), row.covered) << row.on;
  auto hit = service->find_policy_in_force(hospital, doctor.actor.user_id, d("2025-06-01"), d("2026-03-01"));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->policy_id, p.id);
  EXPECT_EQ(hit->coinsurance_pool.size(), 2u);
  EXPECT_FALSE(service->find_policy_in_force(hospital, 0, d("2025-03-31"), d("2026-03-01")).has_value())
      << "incident before the retroactive date";
  EXPECT_FALSE(service->find_policy_in_force(hospital, 0, d("2026-06-01"), d("2027-01-05")).has_value())
      << "claim first made after the period";
}

TEST_F(PolicyStore, ACertificateSaysWhetherCoverIsValidWithoutPersonalData) {
  Policy p = bound("2026-01-01");
  auto v = service->verify_certificate(p.certificate_code);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->valid);
  EXPECT_EQ(v->status, "in_force");
  EXPECT_EQ(v->insured_name, "明湖测试第一医院");
  EXPECT_EQ(v->named_clinicians, 1);
  EXPECT_EQ(v->policy_number, p.policy_number);
  EXPECT_EQ(service->verify_certificate("no-such-code").error().code, "certificate_not_found");
  EXPECT_EQ(service->verify_certificate(std::string(100, 'a')).error().code, "certificate_not_found");
  ASSERT_TRUE(service->cancel(underwriter, p.id, d("2026-03-02")).ok());
  auto after = service->verify_certificate(p.certificate_code);
  EXPECT_FALSE(after->valid);
  EXPECT_EQ(after->status, "cancelled");
}

}  // namespace
}  // namespace medrisk::testing
