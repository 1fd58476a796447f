// The consent module on a real database (SQLite and PostgreSQL): a grant the patient makes is live for
// the named party only, a revocation refuses the very next check (no cache), an expired grant refuses,
// every allowed read is in the patient's access log (newest first, paged), only the patient manages
// their grants. (The move of disputes' case_consents, migration 1201: tests/store/disputes/consent_move_test.cpp.)
#include <soci/soci.h>

#include "modules/consent/api.hpp"
#include "modules/consent/store.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::consent;

class ConsentStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return ConsentService::migrations(); }

  void SetUp() override {
    StoreTest::SetUp();
    insurer = org("测试保险", "insurer");
    insurer2 = org("另一保险", "insurer");
    patient = user("patient1", "patient", 0);
    other_patient = user("patient2", "patient", 0);
    adjuster = user("adjuster1", "adjuster", insurer);
    adjuster2 = user("adjuster2", "adjuster", insurer2);
    service = std::make_unique<ConsentService>(*db, clock, load_purposes(source_dir() / "data/consent"));
  }

  NewGrant insurer_grant(const char* until = "2026-06-30") {
    NewGrant g;
    g.grantee = {"organization", std::nullopt, insurer, std::nullopt};
    g.purpose = "insurer_claim";
    g.data_kinds = {"narrative", "attachments"};
    g.valid_until = until;
    return g;
  }
  GrantQuery reads(const RequestContext& reader, const char* kind = "narrative") {
    return {patient.actor.user_id, 12,    reader.actor.user_id, reader.actor.organization_id,
            reader.actor.roles,    "insurer_claim", kind};
  }
  bool read(const RequestContext& reader, const char* kind = "narrative") {
    return db->write([&](db::Tx& tx) { return service->check_and_record(tx, reader, reads(reader, kind), "claims", "case:12"); });
  }

  std::int64_t insurer = 0, insurer2 = 0;
  RequestContext patient, other_patient, adjuster, adjuster2;
  std::unique_ptr<ConsentService> service;
};

TEST_F(ConsentStore, GrantReadRevokeAndTheVeryNextReadIsRefused) {
  EXPECT_FALSE(read(adjuster)) << "no grant yet";
  auto g = service->grant(patient, insurer_grant());
  ASSERT_TRUE(g.ok()) << g.error().code;
  EXPECT_EQ(service->state_of(*g), "active");
  EXPECT_TRUE(read(adjuster));
  EXPECT_TRUE(read(adjuster, "attachments"));
  EXPECT_FALSE(read(adjuster, "records")) << "records were not granted";
  EXPECT_FALSE(read(adjuster2)) << "another insurer";
  auto revoked = service->revoke(patient, g->id);
  ASSERT_TRUE(revoked.ok()) << revoked.error().code;
  EXPECT_EQ(service->state_of(*revoked), "revoked");
  EXPECT_FALSE(read(adjuster)) << "revocation takes effect at the next read";
  EXPECT_EQ(service->revoke(patient, g->id).error().code, "consent_grant_already_revoked");

  auto log = service->access_log(patient, 0, 50);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u) << "only the allowed reads are logged";
  EXPECT_EQ((*log)[0].data_kind, "attachments") << "newest first";
  EXPECT_EQ((*log)[1].data_kind, "narrative");
  EXPECT_EQ((*log)[1].reader_user_id, adjuster.actor.user_id);
  EXPECT_EQ((*log)[1].purpose, "insurer_claim");
  EXPECT_EQ((*log)[1].reader_role, "adjuster");
  EXPECT_EQ((*log)[1].grant_id, g->id);
  EXPECT_EQ((*log)[1].organization_name, "测试保险");
  auto page2 = service->access_log(patient, (*log)[0].id, 50);
  ASSERT_EQ(page2->size(), 1u) << "the cursor pages below the last id";
  EXPECT_TRUE(service->access_log(other_patient, 0, 50)->empty()) << "each patient sees their own entries only";
}

TEST_F(ConsentStore, ExpiredAfterItsLastDay) {
  ASSERT_TRUE(service->grant(patient, insurer_grant("2026-03-03")).ok());
  EXPECT_TRUE(read(adjuster));
  clock.set(*Timestamp::parse("2026-03-03T15:59:00Z"));  // 23:59 in Shanghai: still the last day
  EXPECT_TRUE(read(adjuster));
  clock.set(*Timestamp::parse("2026-03-03T16:00:00Z"));  // 00:00 on 4 March in Shanghai
  EXPECT_FALSE(read(adjuster));
  EXPECT_EQ(service->state_of(service->list(patient, 0, 10)->front()), "expired");
}

TEST_F(ConsentStore, OnlyThePatientManagesTheirGrantsAndBadGrantsChangeNothing) {
  EXPECT_EQ(service->grant(adjuster, insurer_grant()).error().code, "consent_managed_only_by_patient");
  auto g = service->grant(patient, insurer_grant());
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(service->revoke(other_patient, g->id).error().code, "resource_not_found") << "another patient's grant";
  EXPECT_EQ(service->revoke(adjuster, g->id).error().code, "consent_managed_only_by_patient");
  NewGrant nobody = insurer_grant();
  nobody.grantee.organization_id = 999999;
  EXPECT_EQ(service->grant(patient, nobody).error().code, "consent_grantee_not_found");
  EXPECT_EQ(service->grant(patient, insurer_grant("2026-03-01")).error().code, "consent_valid_until_in_past");
  EXPECT_EQ(service->list(patient, 0, 10)->size(), 1u);
  EXPECT_TRUE(service->list(other_patient, 0, 10)->empty());
  int audits = 0;
  db->read([&](db::Tx& tx) {
    tx.sql() << "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'consent.%'", soci::into(audits);
  });
  EXPECT_EQ(audits, 1) << "one audited grant, nothing from the refusals";
}

TEST_F(ConsentStore, ARoleGrantCoversEveryHolderOfTheRoleAndAUserGrantOneUser) {
  NewGrant role = insurer_grant();
  role.grantee = {"role", std::nullopt, std::nullopt, "adjuster"};
  ASSERT_TRUE(service->grant(patient, role).ok());
  EXPECT_TRUE(read(adjuster));
  EXPECT_TRUE(read(adjuster2));
  auto other = user("adjuster3", "adjuster", insurer);
  NewGrant one = insurer_grant();
  one.grantee = {"user", other.actor.user_id, std::nullopt, std::nullopt};
  one.purpose = "insurer_claim";
  auto g = service->grant(other_patient, one);
  ASSERT_TRUE(g.ok()) << g.error().code;
  GrantQuery q = reads(other);
  q.patient_user_id = other_patient.actor.user_id;
  EXPECT_TRUE(db->read([&](db::Tx& tx) { return service->allows(tx, other, q); }));
  q.reader_user_id = adjuster.actor.user_id;
  EXPECT_FALSE(db->read([&](db::Tx& tx) { return service->allows(tx, other, q); }));
}

}  // namespace
}  // namespace medrisk::testing
