// The daily compulsory-cover check on a real database with a fake clock: the hospital's officer is
// warned the day after the 60-day proof period, the region's regulator is told 30 days later, showing
// cover stops the clock, and each party sees only what it may.
#include "modules/insurance/compliance_rules.hpp"
#include "modules/insurance/compliance_api.hpp"
#include "platform/outbox/outbox.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using insurance::ComplianceService;

class ComplianceStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return ComplianceService::migrations(); }
  void SetUp() override {
    StoreTest::SetUp();
    clock.set(*Timestamp::parse("2026-03-02T01:00:00Z"));  // 09:00 in China
    hospital = accounts->create_organization_as_system({"明湖市测试医院", "medical_institution", "440000", "general", "3A"})->id;
    clinic = accounts->create_organization_as_system({"明湖市测试诊所", "medical_institution", "440000", "primary", "1A"})->id;
    auto regulator_org = accounts->create_organization_as_system({"明湖市卫健委", "regulator", "440100", {}, {}})->id;
    auto other_province = accounts->create_organization_as_system({"外省卫健委", "regulator", "110000", {}, {}})->id;
    officer = make({"officer1", "医务科", "Strong-pass-1", {"medical_officer"}, hospital, {}});
    clinic_officer = make({"officer2", "医务科", "Strong-pass-1", {"medical_officer"}, clinic, {}});
    surgeon = make({"surgeon1", "骨科医师", "Strong-pass-1", {"clinician"}, hospital, {}});
    regulator = make({"regulator1", "监管", "Strong-pass-1", {"regulator"}, regulator_org, {}});
    far_regulator = make({"regulator2", "监管", "Strong-pass-1", {"regulator"}, other_province, {}});
    auto params = ComplianceService::load_params(source_dir().string() + "/data/compliance/rules.json");
    service = std::make_unique<ComplianceService>(*db, clock, params,
        [this](db::Tx&, std::int64_t org, std::int64_t clinician, std::string_view kind, Date) {
          return kind == "liability" && covered.count({org, clinician}) > 0;
        });
    ASSERT_TRUE(service->register_clinician_as_system({surgeon.id, hospital, "骨科", "IV", "440000"}).ok());
  }
  accounts::User make(accounts::NewUser u) {
    auto r = accounts->create_user_as_system(u);
    EXPECT_TRUE(r.ok()) << u.username;
    return *r;
  }
  int inbox_count(const accounts::User& u, const std::string& kind) {
    return db->read([&](db::Tx& tx) {
      int n = 0;
      for (const auto& i : outbox::inbox(tx, u.id, "zh-CN", false, 0, 100)) n += i.kind == kind;
      return n;
    });
  }
  RequestContext regulator_ctx(const accounts::User& u, const std::string& region) {
    RequestContext c = ctx_for(u);
    c.actor.region_code = region;
    return c;
  }
  void run_days_until(const char* last) {
    Date end = *Date::parse(last);
    while (clock.today() <= end) {
      service->run_compliance_check(clock.now());
      clock.advance(std::chrono::hours(24));
    }
  }

  std::int64_t hospital = 0, clinic = 0;
  accounts::User officer, clinic_officer, surgeon, regulator, far_regulator;
  std::set<std::pair<std::int64_t, std::int64_t>> covered;
  std::unique_ptr<ComplianceService> service;
};

TEST_F(ComplianceStore, OnlyObligedSubjectsAreTracked) {
  auto s = service->run_compliance_check(clock.now());
  EXPECT_EQ(s.obligations, 2) << "the grade-3 hospital and its class-IV surgeon; not the grade-1 clinic";
  EXPECT_EQ(service->run_compliance_check(clock.now()).obligations, 0) << "a second run the same day does nothing";
}

TEST_F(ComplianceStore, WarningOnDaySixtyOneAndEscalationOnDayNinetyOne) {
  run_days_until("2026-05-01");  // day 60: still in time
  EXPECT_EQ(inbox_count(officer, "compliance.warning"), 0);
  run_days_until("2026-05-02");  // day 61
  EXPECT_EQ(inbox_count(officer, "compliance.warning"), 2) << "the institution's own and the surgeon's obligation";
  EXPECT_EQ(inbox_count(surgeon, "compliance.warning"), 1);
  EXPECT_EQ(inbox_count(regulator, "compliance.escalated"), 0);
  run_days_until("2026-05-31");
  EXPECT_EQ(inbox_count(regulator, "compliance.escalated"), 0);
  EXPECT_EQ(inbox_count(officer, "compliance.warning"), 2) << "warned once";
  run_days_until("2026-06-01");  // warning + 30 days
  EXPECT_EQ(inbox_count(regulator, "compliance.escalated"), 2);
  EXPECT_EQ(inbox_count(far_regulator, "compliance.escalated"), 0) << "another province's regulator";
  auto list = service->list(regulator_ctx(regulator, "440100"), {});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  for (const auto& o : *list) EXPECT_EQ(o.status, "escalated");
}

TEST_F(ComplianceStore, CoverShownInTimeMeansNoWarning) {
  run_days_until("2026-04-15");
  covered.insert({hospital, 0});
  covered.insert({hospital, surgeon.id});
  run_days_until("2026-07-01");
  EXPECT_EQ(inbox_count(officer, "compliance.warning"), 0);
  auto list = service->list(ctx_for(officer), {});
  ASSERT_TRUE(list.ok());
  for (const auto& o : *list) EXPECT_EQ(o.status, "compliant");
}

TEST_F(ComplianceStore, EachPartySeesOnlyItsOwn) {
  service->run_compliance_check(clock.now());
  EXPECT_EQ(service->list(ctx_for(officer), {})->size(), 2u);
  EXPECT_EQ(service->list(ctx_for(clinic_officer), {})->size(), 0u);
  EXPECT_EQ(service->list(regulator_ctx(far_regulator, "110000"), {})->size(), 0u);
  insurance::ComplianceFilter other;
  other.organization_id = hospital;
  EXPECT_EQ(service->list(ctx_for(clinic_officer), other).error().code, "resource_not_found");
  EXPECT_EQ(service->list(ctx_for(surgeon), {}).error().code, "permission_denied");
}

TEST_F(ComplianceStore, OnlyAnInstitutionsClinicianCanBeRegistered) {
  EXPECT_EQ(service->register_clinician_as_system({officer.id, hospital, "医务科", "I", "440000"}).error().code,
            "compliance_subject_not_clinician");
  EXPECT_EQ(service->register_clinician_as_system({surgeon.id, clinic, "骨科", "IV", "440000"}).error().code,
            "compliance_subject_not_clinician");
}

}  // namespace
}  // namespace medrisk::testing
