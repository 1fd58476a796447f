// Visit policies in monthly partitions (PostgreSQL, pg_partman; migration 356): each policy lands in the
// partition of its visit date's month, a batch across a month boundary splits over two partitions, a
// date no partition covers yet waits in the default partition until the insurance job moves it, and
// the keys that must hold across months (organization + visit id, policy number) still hold. On SQLite
// the table stays whole and the same issuance guarantees hold.
#include <soci/soci.h>

#include "modules/insurance/visit_api.hpp"
#include "modules/insurance/visit_rules.hpp"
#include "modules/insurance/visit_store.hpp"
#include "platform/db/partitions.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using insurance::NewVisit;
using insurance::SignedRequest;
using insurance::VisitPolicyService;
using Counts = std::vector<std::pair<std::string, long long>>;

class VisitPartitions : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return VisitPolicyService::migrations(); }
  void SetUp() override {
    StoreTest::SetUp();
    hospital = accounts->create_organization_as_system({"明湖市测试医院", "medical_institution", "440000", "general", "3A"})->id;
    insurance::VisitProduct product;
    product.version = "2026-01";
    product.sum_insured = Money::from_fen(1000000);
    service = std::make_unique<VisitPolicyService>(*db, keys, clock, product);
    key = *service->create_partner_key_as_system(hospital);
  }
  Result<std::vector<insurance::Issued>> issue(const std::string& nonce, const std::vector<NewVisit>& visits) {
    SignedRequest r{"POST", "/api/v1/visit-policies", "{}", key.key.key_id,
                    std::to_string(clock.now().micros() / 1'000'000), nonce, ""};
    r.signature = insurance::sign_request(key.secret, insurance::canonical_request(r.method, r.path, r.timestamp, r.nonce, r.body));
    auto who = service->authenticate(r);
    if (!who.ok()) return who.take_error();
    return service->issue(*who, nonce, visits, "test");
  }
  static NewVisit visit(const std::string& id, const std::string& date) {
    return NewVisit{id, std::string("440190199003071238"), std::string("17055550001"), "骨科", *Date::parse(date)};
  }
  Counts partitions() {
    return db->read([](db::Tx& tx) { return db::partitions::rows_per_partition(tx, "visit_policies"); });
  }
  bool pg() const { return db->dialect() == db::Dialect::postgresql; }

  std::int64_t hospital = 0;
  std::unique_ptr<VisitPolicyService> service;
  insurance::NewPartnerKey key;
};

TEST_F(VisitPartitions, PoliciesLandInTheirVisitMonthAcrossAMonthBoundary) {
  // A clock years away from the real date: the partitions follow the service's clock, not now().
  clock.set(*Timestamp::parse("2031-01-31T08:00:00Z"));
  service->ensure_partitions();
  auto issued = issue("nonce-0000000000000001", {visit("MZ-1", "2031-01-31"), visit("MZ-2", "2031-01-31"),
                                                 visit("MZ-3", "2031-02-01")});
  ASSERT_TRUE(issued.ok()) << issued.error().code;
  ASSERT_EQ(issued->size(), 3u);
  EXPECT_EQ((*issued)[2].policy.visit_date.to_string(), "2031-02-01");
  if (pg()) {
    EXPECT_EQ(partitions(), (Counts{{"visit_policies_p2031_01", 2}, {"visit_policies_p2031_02", 1}}));
  } else {
    EXPECT_EQ(partitions(), (Counts{{"visit_policies", 3}}));
  }
  // Read back through the parent, dates intact, newest first.
  auto listed = db->read([&](db::Tx& tx) { return insurance::visit_store::list_for_organization(tx, hospital, 0, 10); });
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].visit_date.to_string(), "2031-02-01");
  EXPECT_EQ(listed[2].visit_date.to_string(), "2031-01-31");
}

TEST_F(VisitPartitions, AnUncoveredMonthWaitsInTheDefaultPartitionUntilTheJobMovesIt) {
  // Nothing has prepared 2035: the insert still succeeds (default partition) ...
  clock.set(*Timestamp::parse("2035-06-15T08:00:00Z"));
  ASSERT_TRUE(issue("nonce-0000000000000001", {visit("MZ-1", "2035-06-15")}).ok());
  if (pg()) EXPECT_EQ(partitions(), (Counts{{"visit_policies_default", 1}}));
  // ... and the job (start and hourly) moves it into its month and prepares the months ahead.
  EXPECT_EQ(service->ensure_partitions(), pg() ? 1 : 0);
  if (pg()) {
    EXPECT_EQ(partitions(), (Counts{{"visit_policies_p2035_06", 1}}));
    ASSERT_TRUE(issue("nonce-0000000000000002", {visit("MZ-2", "2035-07-15")}).ok());
    EXPECT_EQ(partitions(), (Counts{{"visit_policies_p2035_06", 1}, {"visit_policies_p2035_07", 1}}));
    // pg_partman's own maintenance (the server's db.partition_maintenance job) runs cleanly beside it.
    EXPECT_NO_THROW(db::partitions::run_maintenance(*db));
    EXPECT_NO_THROW(service->ensure_partitions());
  }
}

TEST_F(VisitPartitions, TheVisitIdAndPolicyNumberStayUniqueAcrossMonths) {
  clock.set(*Timestamp::parse("2031-01-31T08:00:00Z"));
  service->ensure_partitions();
  auto first = issue("nonce-0000000000000001", {visit("MZ-1", "2031-01-31")});
  ASSERT_TRUE(first.ok());
  // The same visit id with another month's date: the issued policy comes back, nothing new.
  auto again = issue("nonce-0000000000000002", {visit("MZ-1", "2031-02-20")});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->front().created);
  EXPECT_EQ(again->front().policy.id, first->front().policy.id);
  // Below the service, the database itself refuses a second row for the visit in another month, and a
  // second row with the policy number in another month.
  auto insert = [&](const std::string& number, const std::string& visit_id, const std::string& date) {
    db->write([&](db::Tx& tx) {
      long long org = hospital;
      tx.sql() << "INSERT INTO visit_policies (policy_number, organization_id, visit_id, partner_key_id, patient_masked,"
                  " department, visit_date, cover_start, cover_end, product_code, product_version, premium_fen,"
                  " sum_insured_fen, status, created_at) VALUES (:n, :o, :v, 'k', 'm', 'd', :d, :d2, :d3, 'p', '1', 1, 1,"
                  " 'active', '2031-01-31T08:00:00Z')",
          soci::use(number), soci::use(org), soci::use(visit_id), soci::use(date), soci::use(date), soci::use(date);
    });
  };
  EXPECT_ANY_THROW(insert("VP-OTHER-1", "MZ-1", "2031-02-20"));
  EXPECT_ANY_THROW(insert(first->front().policy.policy_number, "MZ-9", "2031-02-20"));
  EXPECT_NO_THROW(insert("VP-OTHER-2", "MZ-10", "2031-02-20"));
  EXPECT_EQ(db->read([](db::Tx& tx) { return insurance::visit_store::count_policies(tx); }), 2);
  if (pg()) {
    // The keys are fixed once issued: changing them would slip past the key table.
    EXPECT_ANY_THROW(db->write([&](db::Tx& tx) { tx.sql() << "UPDATE visit_policies SET visit_id = 'MZ-11' WHERE visit_id = 'MZ-10'"; }));
    // A deleted policy frees its visit id.
    db->write([&](db::Tx& tx) { tx.sql() << "DELETE FROM visit_policies WHERE visit_id = 'MZ-10'"; });
    EXPECT_NO_THROW(insert("VP-OTHER-3", "MZ-10", "2031-01-30"));
  }
}

}  // namespace
}  // namespace medrisk::testing
