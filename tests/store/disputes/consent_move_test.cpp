// Migration 1201 of the consent module on a real database (SQLite and PostgreSQL): the rows the disputes
// module kept in case_consents become consent grants, and the case's consent panel reads them from there.
#include <soci/soci.h>

#include "modules/consent/api.hpp"
#include "modules/disputes/api.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::consent;

// Migration 1201: the disputes module's case_consents rows become consent grants (a refusal becomes a
// revoked grant), and disputes' case consent panel reads them from the consent module.
class ConsentMove : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return disputes::DisputesService::migrations(); }
};

struct NoPolicies : disputes::PolicyLookup {
  std::optional<disputes::PolicyInForce> find(db::Tx&, std::int64_t, std::optional<std::int64_t>, Date, Date) override {
    return std::nullopt;
  }
};

TEST_F(ConsentMove, DisputesCaseConsentsBecomeGrants) {
  auto hospital = org("测试医院", "medical_institution", "general", "3A");
  auto patient = user("patient1", "patient", 0);
  auto consents = std::make_unique<ConsentService>(*db, clock, load_purposes(source_dir() / "data/consent"));
  NoPolicies policies;
  disputes::DisputesConfig config;
  config.attachments_dir = temp_dir("consent-move");
  WorkingCalendar calendar = *WorkingCalendar::load(source_dir() / "data/calendar/cn-holidays.json");  // outlives `cases`
  disputes::DisputesService cases(*db, keys, clock, calendar, disputes::load_params(source_dir() / "data/disputes"),
                                  &policies, config, *consents);
  auto c = cases.file_case(patient, {std::nullopt, hospital, std::nullopt, "other_harm", "骨科", "石膏过紧。",
                                     *Date::parse("2026-02-20"), std::nullopt, Money::from_fen(800'000), std::nullopt});
  ASSERT_TRUE(c.ok()) << c.error().code;
  long long id = c->c.id;
  db->write([&](db::Tx& tx) {  // what the disputes module stored before the move
    tx.sql() << "INSERT INTO case_consents (case_id, grantee_role, granted, changed_at) VALUES "
                "(:c, 'mediator', 1, '2026-02-21T01:00:00Z')", soci::use(id);
    tx.sql() << "INSERT INTO case_consents (case_id, grantee_role, granted, changed_at) VALUES "
                "(:c, 'adjuster', 0, '2026-02-22T01:00:00Z')", soci::use(id);
  });
  auto all = store_migrations();
  for (auto& m : disputes::module_spec().migrations()) all.push_back(std::move(m));
  for (auto& m : consent::module_spec().migrations()) all.push_back(std::move(m));
  db::migrate(*db, all);

  auto grants = db->read([&](db::Tx& tx) { return consents->grants_of(tx, patient.actor.user_id, id); });
  ASSERT_EQ(grants.size(), 2u);
  for (const auto& g : grants) {
    EXPECT_EQ(g.grantee.kind, "role");
    EXPECT_EQ(g.source, "migration");
    EXPECT_EQ(g.data_kinds, (std::vector<std::string>{"narrative", "attachments"}));
    if (g.grantee.role == "mediator") {
      EXPECT_EQ(g.purpose, "case_handling");
      EXPECT_EQ(consents->state_of(g), "active");
      EXPECT_EQ(g.granted_at, "2026-02-21T01:00:00Z");
    } else {
      EXPECT_EQ(g.grantee.role, "adjuster");
      EXPECT_EQ(g.purpose, "insurer_claim");
      EXPECT_EQ(consents->state_of(g), "revoked");
    }
  }
  auto panel = cases.consents(patient, id);
  ASSERT_TRUE(panel.ok());
  for (const auto& row : *panel) EXPECT_EQ(row.granted, row.grantee_role == "mediator") << row.grantee_role;
}

}  // namespace
}  // namespace medrisk::testing
