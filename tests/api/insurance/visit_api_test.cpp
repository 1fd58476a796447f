// The partner API as a hospital system meets it, against the real server: a key made with
// `medrisk partner-key create`, signed requests, replays and stale or forged signatures refused with
// 401, a retried visit id answered with the same policy, malformed batches refused whole, and the
// patient and the officer each seeing their visit policies.
#include <regex>

#include "kernel/date.hpp"
#include "platform/crypto/crypto.hpp"
#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

class VisitPolicyApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    ApiTest::SetUpTestSuite();
    crypto::init();
    Api a(server()->port());
    std::string admin = a.login("admin");
    auto orgs = a.get("/api/v1/organizations?kind=medical_institution&limit=200", admin);
    for (const auto& o : orgs.body["items"])
      if (o["name"] == "明湖市第一人民医院") hospital_id() = o["id"].get<std::int64_t>();
    std::string out;
    int rc = run_cli({"--db", db_url(), "--keys", keys_path().string(), "partner-key", "create", "--org",
                      std::to_string(hospital_id())}, out);
    ASSERT_EQ(rc, 0) << out;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(out, m, std::regex("key_id (\\S+)\\nsecret (\\S+)"))) << out;
    key_id() = m[1];
    secret() = m[2];
  }
  static std::int64_t& hospital_id() { static std::int64_t id = 0; return id; }
  static std::string& key_id() { static std::string s; return s; }
  static std::string& secret() { static std::string s; return s; }

  struct Signed {
    std::string path, body;
    httplib::Headers headers;
  };
  Signed sign(const std::string& path, const nlohmann::json& body, long long skew_seconds = 0) {
    static int counter = 0;
    Signed s{path, body.dump(), {}};
    std::string ts = std::to_string(std::time(nullptr) + skew_seconds);
    std::string nonce = "api-test-nonce-" + std::to_string(++counter) + "-" + crypto::random_token(6);
    // The documented wire format, written out independently of the server's code.
    std::string sig = crypto::hmac_sha256_hex(secret(), "POST\n" + path + "\n" + ts + "\n" + nonce + "\n" + crypto::sha256_hex(s.body));
    s.headers = {{"X-MedRisk-Key", key_id()}, {"X-MedRisk-Timestamp", ts}, {"X-MedRisk-Nonce", nonce},
                 {"X-MedRisk-Signature", sig}};
    return s;
  }
  ApiResponse send(const Signed& s) {
    httplib::Client c("127.0.0.1", server()->port());
    auto r = c.Post(s.path, s.headers, s.body, "application/json");
    ApiResponse out;
    if (!r) return out;
    out.status = r->status;
    out.raw = r->body;
    out.content_type = r->get_header_value("Content-Type");
    out.body = nlohmann::json::parse(r->body, nullptr, false);
    return out;
  }
  static nlohmann::json visit(const std::string& id, const std::string& phone = "17012340001") {
    return {{"visit_id", id}, {"patient_id_number", "440190199003071238"}, {"patient_phone", phone},
            {"department", "骨科"}, {"visit_date", today()}};
  }
  static std::string today() { return Timestamp::from_micros(std::time(nullptr) * 1000000LL).shanghai_date().to_string(); }
};

TEST_F(VisitPolicyApi, ASignedVisitIsIssuedAndARetriedVisitIdReturnsTheSamePolicy) {
  auto first = send(sign("/api/v1/visit-policies", visit("API-MZ-1")));
  ASSERT_EQ(first.status, 201) << first.raw;
  EXPECT_EQ(first.body["premium_fen"], 100);
  EXPECT_EQ(first.body["organization_id"], hospital_id());
  EXPECT_EQ(first.body["patient_masked"], "440190********1238");
  EXPECT_TRUE(first.body["created"].get<bool>());
  auto retry = send(sign("/api/v1/visit-policies", visit("API-MZ-1")));
  ASSERT_EQ(retry.status, 200) << retry.raw;
  EXPECT_EQ(retry.body["id"], first.body["id"]);
  EXPECT_EQ(retry.body["policy_number"], first.body["policy_number"]);
  EXPECT_FALSE(retry.body["created"].get<bool>());
}

TEST_F(VisitPolicyApi, AReplayedSignatureIsRefused) {
  Signed s = sign("/api/v1/visit-policies", visit("API-MZ-2"));
  ASSERT_EQ(send(s).status, 201);
  expect_problem(send(s), 401, "partner_nonce_replayed");
}

TEST_F(VisitPolicyApi, StaleForgedOrMissingSignaturesAre401) {
  expect_problem(send(sign("/api/v1/visit-policies", visit("API-MZ-3"), -301)), 401, "partner_timestamp_stale");
  expect_problem(send(sign("/api/v1/visit-policies", visit("API-MZ-3"), 400)), 401, "partner_timestamp_stale");
  Signed forged = sign("/api/v1/visit-policies", visit("API-MZ-3"));
  forged.body = visit("API-MZ-3", "17012340002").dump();  // body changed after signing
  expect_problem(send(forged), 401, "partner_signature_invalid");
  Signed unsigned_ = sign("/api/v1/visit-policies", visit("API-MZ-3"));
  unsigned_.headers.erase("X-MedRisk-Signature");
  expect_problem(send(unsigned_), 401, "partner_signature_missing");
  Signed unknown = sign("/api/v1/visit-policies", visit("API-MZ-3"));
  unknown.headers.erase("X-MedRisk-Key");
  unknown.headers.emplace("X-MedRisk-Key", "mk_unknown");
  expect_problem(send(unknown), 401, "partner_key_unknown");
}

TEST_F(VisitPolicyApi, AMalformedBatchIsRefusedWhole) {
  nlohmann::json visits = nlohmann::json::array();
  for (int i = 0; i < 5; ++i) visits.push_back(visit("API-BATCH-" + std::to_string(i)));
  visits[3]["patient_id_number"] = "440190199003071239";  // wrong check digit
  visits[4]["visit_id"] = "API-BATCH-0";                   // twice in the batch
  auto r = send(sign("/api/v1/visit-policies/batch", {{"visits", visits}}));
  expect_problem(r, 400, "request_invalid");
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& v : r.body["violations"]) got.insert({v["field"].get<std::string>(), v["code"].get<std::string>()});
  EXPECT_TRUE(got.count({"/visits/3/patient_id_number", "id_number_invalid"})) << r.raw;
  EXPECT_TRUE(got.count({"/visits/4/visit_id", "visit_id_duplicate_in_batch"})) << r.raw;
  // Nothing was written: the good visits of the refused batch are new when sent alone.
  auto alone = send(sign("/api/v1/visit-policies", visit("API-BATCH-0")));
  EXPECT_EQ(alone.status, 201) << alone.raw;

  nlohmann::json too_many = nlohmann::json::array();
  for (int i = 0; i < 1001; ++i) too_many.push_back(visit("API-BIG-" + std::to_string(i)));
  expect_problem(send(sign("/api/v1/visit-policies/batch", {{"visits", too_many}})), 413, "visit_batch_too_large");
}

TEST_F(VisitPolicyApi, ABatchOfAThousandIsIssuedInOneRequest) {
  nlohmann::json visits = nlohmann::json::array();
  for (int i = 0; i < 1000; ++i) visits.push_back(visit("API-K-" + std::to_string(i), "17099990000"));
  auto r = send(sign("/api/v1/visit-policies/batch", {{"visits", visits}}));
  ASSERT_EQ(r.status, 201) << r.raw.substr(0, 500);
  EXPECT_EQ(r.body["created_count"], 1000);
  auto again = send(sign("/api/v1/visit-policies/batch", {{"visits", visits}}));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.body["existing_count"], 1000);
}

TEST_F(VisitPolicyApi, ThePatientAndTheOfficerSeeTheirVisitPolicies) {
  ASSERT_EQ(send(sign("/api/v1/visit-policies", visit("API-MZ-MINE"))).status, 201);
  auto client = api();
  auto mine = client.get("/api/v1/visit-policies", client.login("patient"));
  ASSERT_EQ(mine.status, 200) << mine.raw;
  std::set<std::string> ids;
  for (const auto& p : mine.body["items"]) ids.insert(p["visit_id"]);
  EXPECT_TRUE(ids.count("API-MZ-MINE"));
  EXPECT_TRUE(ids.count("MH1-MZ-0001")) << "the demo visit policies";
  EXPECT_FALSE(ids.count("MH1-MZ-0003")) << "issued with an ID number only";
  auto officer = client.get("/api/v1/visit-policies?limit=5", client.login("officer"));
  ASSERT_EQ(officer.status, 200);
  EXPECT_EQ(officer.body["items"].size(), 5u);
  EXPECT_FALSE(officer.body["next_cursor"].is_null());
  expect_problem(client.get("/api/v1/visit-policies", client.login("lawyer")), 403, "permission_denied");
  expect_problem(client.get("/api/v1/visit-policies"), 401, "authentication_required");
}

TEST_F(VisitPolicyApi, RegulatorAndOfficerSeeCompliance) {
  auto client = api();
  auto reg = client.get("/api/v1/compliance", client.login("regulator"));
  ASSERT_EQ(reg.status, 200) << reg.raw;
  EXPECT_EQ(reg.body["proof_days"], 60);
  EXPECT_GE(reg.body["items"].size(), 3u) << "hospitals of grade 2+ and the class-IV surgeon";
  auto own = client.get("/api/v1/compliance", client.login("officer"));
  ASSERT_EQ(own.status, 200);
  for (const auto& o : own.body["items"]) EXPECT_EQ(o["organization_id"], hospital_id());
  expect_problem(client.get("/api/v1/compliance?status=bad", client.login("regulator")), 400, "compliance_filter_invalid");
  expect_problem(client.get("/api/v1/compliance", client.login("patient")), 403, "permission_denied");
}

}  // namespace
}  // namespace medrisk::testing
