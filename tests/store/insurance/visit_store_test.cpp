// Visit policies on a real database (SQLite, and PostgreSQL in the pg tier): signed requests from a
// hospital system, idempotent issuance by visit id, replays refused, batches in one statement, the
// patient's own list by the blind index of their phone, and no identifier stored in clear.
#include <soci/soci.h>

#include <thread>

#include "modules/insurance/visit_rules.hpp"
#include "modules/insurance/visit_api.hpp"
#include "modules/insurance/visit_store.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using insurance::NewVisit;
using insurance::SignedRequest;
using insurance::VisitPolicyService;

class VisitPolicyStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return VisitPolicyService::migrations(); }
  void SetUp() override {
    StoreTest::SetUp();
    hospital = accounts->create_organization_as_system({"明湖市测试医院", "medical_institution", "440000", "general", "3A"})->id;
    other = accounts->create_organization_as_system({"明湖市另一医院", "medical_institution", "440000", "general", "2A"})->id;
    insurance::VisitProduct product;
    product.version = "2026-01";
    product.sum_insured = Money::from_fen(1000000);
    service = std::make_unique<VisitPolicyService>(*db, keys, clock, product);
    key = *service->create_partner_key_as_system(hospital);
  }

  SignedRequest signed_by(const insurance::NewPartnerKey& k, const std::string& nonce, const std::string& body = "{}") {
    SignedRequest r{"POST", "/api/v1/visit-policies", body, k.key.key_id,
                    std::to_string(clock.now().micros() / 1'000'000), nonce, ""};
    r.signature = insurance::sign_request(k.secret, insurance::canonical_request(r.method, r.path, r.timestamp, r.nonce, r.body));
    return r;
  }
  static NewVisit visit(const std::string& id, std::optional<std::string> phone = "17055550001") {
    return NewVisit{id, std::string("440190199003071238"), std::move(phone), "骨科", *Date::parse("2026-03-02")};
  }
  Result<std::vector<insurance::Issued>> issue(const std::string& nonce, const std::vector<NewVisit>& visits) {
    auto who = service->authenticate(signed_by(key, nonce));
    if (!who.ok()) return who.take_error();
    return service->issue(*who, nonce, visits, "test");
  }
  std::int64_t count() { return db->read([](db::Tx& tx) { return insurance::visit_store::count_policies(tx); }); }

  std::int64_t hospital = 0, other = 0;
  std::unique_ptr<VisitPolicyService> service;
  insurance::NewPartnerKey key;
};

TEST_F(VisitPolicyStore, ARetriedVisitIdReturnsTheSamePolicy) {
  auto first = issue("nonce-0000000000000001", {visit("MZ-1")});
  ASSERT_TRUE(first.ok()) << first.error().code;
  EXPECT_TRUE(first->front().created);
  EXPECT_EQ(first->front().policy.premium.fen(), 100);
  EXPECT_EQ(first->front().policy.patient_masked, "440190********1238");
  auto retry = issue("nonce-0000000000000002", {visit("MZ-1")});
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->front().created);
  EXPECT_EQ(retry->front().policy.id, first->front().policy.id);
  EXPECT_EQ(retry->front().policy.policy_number, first->front().policy.policy_number);
  EXPECT_EQ(count(), 1);
}

TEST_F(VisitPolicyStore, AReplayedNonceIsRefusedAndWritesNothing) {
  ASSERT_TRUE(issue("nonce-0000000000000001", {visit("MZ-1")}).ok());
  auto replay = issue("nonce-0000000000000001", {visit("MZ-2")});
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code, "partner_nonce_replayed");
  EXPECT_EQ(count(), 1);
}

TEST_F(VisitPolicyStore, SignaturesAreCheckedBeforeAnythingIsWritten) {
  struct Row { std::string name; std::function<void(SignedRequest&)> spoil; std::string code; };
  std::vector<Row> table = {
      {"bad signature", [](SignedRequest& r) { r.signature[0] = r.signature[0] == 'a' ? 'b' : 'a'; }, "partner_signature_invalid"},
      {"body changed", [](SignedRequest& r) { r.body = "{\"x\":1}"; }, "partner_signature_invalid"},
      {"path changed", [](SignedRequest& r) { r.path = "/api/v1/visit-policies/batch"; }, "partner_signature_invalid"},
      {"stale", [](SignedRequest& r) { r.timestamp = std::to_string(std::stoll(r.timestamp) - 301); }, "partner_timestamp_stale"},
      {"unknown key", [](SignedRequest& r) { r.key_id = "mk_nobody"; }, "partner_key_unknown"},
      {"no signature", [](SignedRequest& r) { r.signature.clear(); }, "partner_signature_missing"},
      {"short nonce", [](SignedRequest& r) { r.nonce = "abc"; }, "partner_nonce_invalid"},
  };
  for (const auto& row : table) {
    SignedRequest r = signed_by(key, "nonce-0000000000000009");
    row.spoil(r);
    auto who = service->authenticate(r);
    ASSERT_FALSE(who.ok()) << row.name;
    EXPECT_EQ(who.error().code, row.code) << row.name;
  }
  ASSERT_TRUE(service->revoke_partner_key_as_system(key.key.key_id).ok());
  EXPECT_EQ(service->authenticate(signed_by(key, "nonce-0000000000000010")).error().code, "partner_key_revoked");
}

TEST_F(VisitPolicyStore, ABatchInsertsNewVisitsAndReturnsExistingOnes) {
  ASSERT_TRUE(issue("nonce-0000000000000001", {visit("MZ-2")}).ok());
  std::vector<NewVisit> batch;
  for (int i = 1; i <= 700; ++i) batch.push_back(visit("MZ-" + std::to_string(i)));  // two INSERT chunks
  auto r = issue("nonce-0000000000000002", batch);
  ASSERT_TRUE(r.ok()) << r.error().code;
  ASSERT_EQ(r->size(), 700u);
  int created = 0;
  std::set<std::int64_t> ids;
  for (const auto& i : *r) {
    created += i.created;
    ids.insert(i.policy.id);
  }
  EXPECT_EQ(created, 699);
  EXPECT_EQ(ids.size(), 700u);
  EXPECT_FALSE((*r)[1].created) << "MZ-2 was insured before";
  EXPECT_EQ(count(), 700);
}

TEST_F(VisitPolicyStore, TheSameVisitIdAtAnotherHospitalIsAnotherVisit) {
  auto other_key = *service->create_partner_key_as_system(other);
  ASSERT_TRUE(issue("nonce-0000000000000001", {visit("MZ-1")}).ok());
  auto who = service->authenticate(signed_by(other_key, "nonce-0000000000000002"));
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->organization_id, other);
  EXPECT_TRUE(service->issue(*who, "nonce-0000000000000002", {visit("MZ-1")}, "t")->front().created);
  EXPECT_EQ(count(), 2);
}

TEST_F(VisitPolicyStore, ConcurrentRetriesOfOneVisitMakeOnePolicy) {
  std::vector<std::thread> threads;
  std::vector<std::int64_t> ids(6);
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      auto r = issue("nonce-concurrent-00000" + std::to_string(t), {visit("MZ-RACE")});
      ids[t] = r.ok() ? r->front().policy.id : -1;
    });
  for (auto& t : threads) t.join();
  for (auto id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_GT(ids[0], 0);
  EXPECT_EQ(count(), 1);
}

TEST_F(VisitPolicyStore, GroupCommittedSingleIssuancesKeepEachRequestsOutcome) {
  // 40 threads at once: 30 distinct visits, 5 retries of visit 0, and 5 replays of one nonce.
  auto who = service->authenticate(signed_by(key, "nonce-group-replayed-0"));
  ASSERT_TRUE(who.ok());
  std::vector<std::optional<Result<insurance::Issued>>> out(40);
  std::vector<std::thread> threads;
  for (int t = 0; t < 40; ++t)
    threads.emplace_back([&, t] {
      std::string nonce = t >= 35 ? "nonce-group-replayed-0" : "nonce-group-" + std::to_string(t) + "-0000000";
      std::string visit_id = t < 30 ? "G-" + std::to_string(t) : t < 35 ? "G-0" : "G-R" + std::to_string(t);
      out[t] = service->issue_one(*who, nonce, visit(visit_id), "t" + std::to_string(t));
    });
  for (auto& t : threads) t.join();
  int created = 0, replayed = 0, same_as_g0 = 0;
  std::int64_t g0 = 0;
  for (int t = 0; t < 30; ++t) {
    ASSERT_TRUE(out[t]->ok()) << t;
    created += (*out[t])->created;
    if (t == 0) g0 = (*out[t])->policy.id;
  }
  for (int t = 30; t < 35; ++t) same_as_g0 += out[t]->ok() && (*out[t])->policy.id == g0;
  for (int t = 35; t < 40; ++t) replayed += !out[t]->ok() && out[t]->error().code == "partner_nonce_replayed";
  EXPECT_EQ(created + [&] { int c = 0; for (int t = 30; t < 35; ++t) c += (*out[t])->created; return c; }(), 30);
  EXPECT_EQ(same_as_g0, 5) << "retries of G-0 get G-0's policy";
  EXPECT_EQ(replayed, 4) << "one of the five requests with the same nonce is first, the others are replays";
  EXPECT_EQ(count(), 31);
}

TEST_F(VisitPolicyStore, ThePatientSeesTheirVisitPoliciesByTheirPhone) {
  auto make = [&](accounts::NewUser u) {
    auto r = accounts->create_user_as_system(u);
    EXPECT_TRUE(r.ok()) << u.username << ": " << r.error().code;
    return *r;
  };
  auto patient = make({"patient1", "患者", "Strong-pass-1", {"patient"}, {}, "170 5555 0001"});
  auto stranger = make({"patient2", "患者", "Strong-pass-1", {"patient"}, {}, "17055550002"});
  auto officer = make({"officer2", "医务科", "Strong-pass-1", {"medical_officer"}, other, {}});
  ASSERT_TRUE(issue("nonce-0000000000000001", {visit("MZ-1"), visit("MZ-2"), visit("MZ-3", std::nullopt)}).ok());
  auto mine = service->list(ctx_for(patient), 0, 50);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 2u) << "MZ-3 carried only an ID number";
  EXPECT_EQ(service->list(ctx_for(stranger), 0, 50)->size(), 0u);
  EXPECT_EQ(service->list(ctx_for(officer), 0, 50)->size(), 0u) << "another hospital's officer";
}

TEST_F(VisitPolicyStore, IdentifiersAndSecretsAreStoredEncrypted) {
  ASSERT_TRUE(issue("nonce-0000000000000001", {visit("MZ-1")}).ok());
  std::string id_enc, phone_enc, secret_enc;
  db->read([&](db::Tx& tx) {
    tx.sql() << "SELECT id_number_enc, phone_enc FROM visit_policies", soci::into(id_enc), soci::into(phone_enc);
    tx.sql() << "SELECT secret_enc FROM partner_keys", soci::into(secret_enc);
  });
  EXPECT_EQ(id_enc.find("440190199003071238"), std::string::npos);
  EXPECT_EQ(phone_enc.find("17055550001"), std::string::npos);
  EXPECT_EQ(secret_enc.find(key.secret), std::string::npos);
  EXPECT_EQ(keys.decrypt(id_enc, "visit_policies.id_number_enc"), "440190199003071238");
}

}  // namespace
}  // namespace medrisk::testing
