// Saved compensation calculations on a real database (SQLite, and PostgreSQL in the pg tier): the
// service recomputes and stores them with an audit entry, and only the organizations recorded on a
// calculation can read it; a role without compensation.calculate cannot calculate at all.
#include "modules/compensation/parameters.hpp"
#include "modules/compensation/api.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using compensation::CompensationInput;
using compensation::CompensationService;

class CompensationStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return CompensationService::migrations(); }
  void SetUp() override {
    StoreTest::SetUp();
    service = std::make_unique<CompensationService>(*db, compensation::load_parameters(source_dir() / "data" / "compensation"));
    hospital = accounts->create_organization_as_system({"明湖市第一医院", "medical_institution", "440000", "general", "3A"})->id;
    committee = accounts->create_organization_as_system({"明湖市医调委", "mediation_committee", "440000", {}, {}})->id;
    insurer = accounts->create_organization_as_system({"明湖财险", "insurer", "440000", {}, {}})->id;
    officer = *accounts->create_user_as_system({"officer", "医务科", "Strong-pass-1", {"medical_officer"}, hospital, {}});
    mediator = *accounts->create_user_as_system({"mediator", "调解员", "Strong-pass-1", {"mediator"}, committee, {}});
    adjuster = *accounts->create_user_as_system({"adjuster", "理赔", "Strong-pass-1", {"adjuster"}, insurer, {}});
    doctor = *accounts->create_user_as_system({"doctor", "医生", "Strong-pass-1", {"clinician"}, hospital, {}});
  }

  // Death at 45 in Guangdong 2022, general area, full cause: 1,097,080 + 75,935 = 1,173,015 CNY.
  static compensation::NewCalculation death_case(std::int64_t case_id, std::vector<std::int64_t> parties = {}) {
    compensation::NewCalculation n;
    n.case_id = case_id;
    n.label = "初算";
    n.organization_ids = std::move(parties);
    n.input.standard_year = 2022;
    n.input.outcome = compensation::Outcome::death;
    n.input.victim_age = 45;
    n.input.causation = {true, "full", std::nullopt};
    n.input_json = R"({"standard_year":2022,"outcome":"death","victim_age":45,"causation":{"fault":true,"degree":"full"}})";
    return n;
  }

  std::unique_ptr<CompensationService> service;
  std::int64_t hospital = 0, committee = 0, insurer = 0;
  accounts::User officer, mediator, adjuster, doctor;
};

TEST_F(CompensationStore, ASavedCalculationIsRecomputedStoredAndAudited) {
  auto saved = service->save(ctx_for(officer), death_case(41, {committee}));
  ASSERT_TRUE(saved.ok()) << saved.error().code;
  EXPECT_EQ(saved->gross.fen(), 117'301'500);
  EXPECT_EQ(saved->liable.fen(), 117'301'500);
  EXPECT_EQ(saved->parameter_version, "spc-2022.1;guangdong.2026-1;2022;general");
  EXPECT_EQ(saved->organization_ids, (std::vector<std::int64_t>{std::min(hospital, committee), std::max(hospital, committee)}));
  auto back = service->get(ctx_for(officer), saved->id);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->case_id, 41);
  EXPECT_EQ(back->gross, saved->gross);
  EXPECT_NE(back->result_json.find("death_compensation"), std::string::npos);
  audit::Filter f;
  f.resource_type = "compensation_calculation";
  auto entries = db->read([&](db::Tx& tx) { return audit::list(tx, f); });
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "compensation_calculation.create");
  EXPECT_EQ(entries[0].resource_id, std::to_string(saved->id));
  EXPECT_EQ(entries[0].actor_user_id, officer.id);
}

TEST_F(CompensationStore, OnlyTheRecordedOrganizationsReadIt) {
  auto saved = service->save(ctx_for(officer), death_case(41, {committee}));
  ASSERT_TRUE(saved.ok());
  struct Row { std::string who; accounts::User user; std::string code; std::size_t listed; };
  std::vector<Row> table = {
      {"the saver's organization", officer, "", 1},
      {"a named party", mediator, "", 1},
      {"an insurer not named", adjuster, "resource_not_found", 0},
      {"a clinician without the permission", doctor, "permission_denied", 0},
  };
  for (const auto& row : table) {
    auto got = service->get(ctx_for(row.user), saved->id);
    EXPECT_EQ(got.ok() ? "" : got.error().code, row.code) << row.who;
    auto list = service->list_by_case(ctx_for(row.user), 41, 0, 50);
    EXPECT_EQ(list.ok() ? list->size() : 0u, row.listed) << row.who;
  }
  auto missing = service->get(ctx_for(officer), saved->id + 1000);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "resource_not_found");
}

TEST_F(CompensationStore, ListsByCaseNewestFirstPageByPage) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(service->save(ctx_for(officer), death_case(7)).ok());
  ASSERT_TRUE(service->save(ctx_for(officer), death_case(8)).ok());
  auto first = service->list_by_case(ctx_for(officer), 7, 0, 3);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 3u);
  EXPECT_GT((*first)[0].id, (*first)[1].id);
  auto second = service->list_by_case(ctx_for(officer), 7, first->back().id, 3);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->size(), 2u);
  for (const auto& c : *second) EXPECT_EQ(c.case_id, 7);
}

TEST_F(CompensationStore, ARefusedCalculationStoresNothing) {
  auto bad = death_case(9);
  bad.input.standard_year = 2019;
  auto r = service->save(ctx_for(officer), bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "standard_year_not_in_parameters");
  auto list = service->list_by_case(ctx_for(officer), 9, 0, 50);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

}  // namespace
}  // namespace medrisk::testing
