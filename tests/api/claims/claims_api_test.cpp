// The claims payment API under the failures that pay twice elsewhere, on SQLite and PostgreSQL: a
// double submit with one Idempotency-Key, a retry after the client dropped the connection, and kill -9
// of the server between the instruction and the bank's confirmation. Each ends with exactly one
// payment, confirmed once, and a trial balance whose debits equal its credits. An adjuster of an
// insurer outside the policy's pool gets 404 for the claim; the co-insurer reads it but may not act.
#include <httplib.h>

#include <fstream>
#include <set>
#include <thread>

#include "kernel/date.hpp"
#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// One server per suite with its own bank folder and no demo bank: the test plays the bank.
class ClaimsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    keys() = temp_dir("claimskeys") / "keys.json";
    url() = fresh_database_url("claims_api");
    bank() = temp_dir("claimsbank");
    server() = std::make_unique<ServerProcess>(url(), keys(), args());
    server()->start();
    Api client(server()->port());
    std::string admin = client.login("admin");
    auto orgs = client.get("/api/v1/organizations?limit=200", admin);
    std::int64_t insurer2 = 0;
    for (const auto& o : orgs.body["items"])
      if (o["name"] == "康泰财产保险明湖分公司") insurer2 = o["id"].get<std::int64_t>();
    ASSERT_NE(insurer2, 0) << orgs.raw;
    auto insurer3 = client.post("/api/v1/organizations",
                                {{"name", "测试远方财产保险"}, {"kind", "insurer"}, {"region_code", "440000"}}, admin);
    ASSERT_EQ(insurer3.status, 201) << insurer3.raw;
    for (auto [name, org] : {std::pair{"claims_follower", insurer2},
                             std::pair{"claims_outsider", insurer3.body["id"].get<std::int64_t>()}}) {
      auto r = client.post("/api/v1/users",
                           {{"username", name},
                            {"display_name", name},
                            {"password", "medrisk-demo"},
                            {"roles", {"adjuster"}},
                            {"organization_id", org}},
                           admin);
      ASSERT_EQ(r.status, 201) << r.raw;
    }
  }
  static void TearDownTestSuite() {
    if (server()) {
      EXPECT_EQ(server()->stop(), 0);
    }
    server().reset();
  }
  static std::vector<std::string> args() { return {"--demo", "--no-demo-bank", "--bank-dir", bank().string()}; }
  static std::unique_ptr<ServerProcess>& server() {
    static std::unique_ptr<ServerProcess> s;
    return s;
  }
  static std::string& url() {
    static std::string u;
    return u;
  }
  static fs::path& keys() {
    static fs::path p;
    return p;
  }
  static fs::path& bank() {
    static fs::path p;
    return p;
  }

  void SetUp() override {
    Api client(server()->port());
    adjuster = client.login("adjuster");
    patient = client.login("patient");
  }
  void TearDown() override {
    auto tb = Api(server()->port()).get("/api/v1/claims/ledger/trial-balance", adjuster);
    ASSERT_EQ(tb.status, 200) << tb.raw;
    EXPECT_TRUE(tb.body["balanced"].get<bool>()) << tb.raw;
    EXPECT_EQ(tb.body["debit_fen"], tb.body["credit_fen"]) << tb.raw;
  }
  Api api() { return Api(server()->port()); }

  // An open claim on the demo institution's liability policy, the incident `day_offset` days into its period.
  std::int64_t open_claim(int day_offset) {
    auto client = api();
    auto me = client.get("/api/v1/me", patient);
    auto policies = client.get("/api/v1/policies?limit=50", adjuster);
    std::int64_t policy = 0;
    std::string start;
    for (const auto& p : policies.body["items"])
      if (p["product_code"] == "institution_liability" && policy == 0) {
        policy = p["id"].get<std::int64_t>();
        start = p["period_start"].get<std::string>();
      }
    EXPECT_NE(policy, 0) << policies.raw;
    Date incident = Date::parse(start)->add_days(day_offset);
    auto c = client.post(
        "/api/v1/claims",
        {{"policy_id", policy}, {"patient_user_id", me.body["user"]["id"]}, {"incident_date", incident.to_string()}},
        adjuster);
    EXPECT_EQ(c.status, 201) << c.raw;
    return c.body["id"].get<std::int64_t>();
  }

  // An approved claim of 50,000.00 CNY payable (the demo policy's 1,000 CNY deductible off 51,000).
  std::int64_t approved_claim(int day_offset) {
    auto client = api();
    std::int64_t id = open_claim(day_offset);
    std::string path = "/api/v1/claims/" + std::to_string(id);
    EXPECT_EQ(client.post(path + "/materials-complete", json::object(), adjuster).status, 200);
    EXPECT_EQ(
        client.post(path + "/reserves", {{"amount_fen", 5'000'000}, {"reason", "agreed figures"}}, adjuster).status,
        200);
    auto d = client.post(path + "/decision", {{"outcome", "approve"}, {"amount_fen", 5'100'000}}, adjuster);
    EXPECT_EQ(d.status, 200) << d.raw;
    EXPECT_EQ(d.body["state"], "approved") << d.raw;
    EXPECT_EQ(d.body["payable_fen"], 5'000'000) << d.raw;
    return id;
  }

  json payment_body(std::int64_t amount = 5'000'000) {
    return {{"kind", "final"},
            {"amount_fen", amount},
            {"bank_account", {{"holder", "郑晓禾"}, {"bank", "示例银行明湖支行"}, {"number", "6222000011112222"}}}};
  }
  std::pair<int, json> pay(std::int64_t claim, const std::string& key, const json& body, int timeout_ms = 10000) {
    httplib::Client c("127.0.0.1", server()->port());
    c.set_read_timeout(std::chrono::milliseconds(timeout_ms));
    httplib::Headers h = {{"Authorization", "Bearer " + adjuster}};
    if (!key.empty()) h.emplace("Idempotency-Key", key);
    auto r = c.Post("/api/v1/claims/" + std::to_string(claim) + "/payments", h, body.dump(), "application/json");
    if (!r) return {-1, nullptr};
    return {r->status, json::parse(r->body, nullptr, false)};
  }
  json payments(std::int64_t claim) {
    return api().get("/api/v1/claims/" + std::to_string(claim) + "/payments", adjuster).body["items"];
  }
  json claim(std::int64_t id) { return api().get("/api/v1/claims/" + std::to_string(id), adjuster).body; }
  void bank_confirms(const std::string& reference) {
    std::ofstream(bank() / "inbox" / (reference + ".json"))
        << json{{"reference", reference}, {"status", "confirmed"}, {"bank_transaction_id", "BANK-" + reference}}.dump();
  }
  bool wait_for(const std::function<bool()>& done, int seconds = 20) {
    for (int i = 0; i < seconds * 10; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  int instruction_files(const std::string& reference) {
    int n = 0;
    for (const char* dir : {"outbox", "outbox/done"})
      if (fs::exists(bank() / dir / (reference + ".json"))) ++n;
    return n;
  }

  std::string adjuster, patient;
};

TEST_F(ClaimsApi, DoubleSubmitWithTheSameKeyMakesOnePayment) {
  std::int64_t id = approved_claim(1);
  auto [s1, first] = pay(id, "double-1", payment_body());
  auto [s2, second] = pay(id, "double-1", payment_body());
  ASSERT_EQ(s1, 201) << first;
  EXPECT_EQ(s2, 200) << second;
  EXPECT_EQ(first["id"], second["id"]);
  EXPECT_EQ(first["account_masked"], "**** 2222");
  auto [s3, other] = pay(id, "double-1", payment_body(4'000'000));
  EXPECT_EQ(s3, 422) << other;
  EXPECT_EQ(other["code"], "idempotency_key_reused");
  auto [s4, nokey] = pay(id, "", payment_body());
  EXPECT_EQ(s4, 400) << nokey;
  EXPECT_EQ(nokey["code"], "idempotency_key_required");
  EXPECT_EQ(payments(id).size(), 1u);
  // Concurrent double click: eight requests at once, one payment.
  std::vector<std::thread> clicks;
  std::vector<int> statuses(8);
  for (int i = 0; i < 8; ++i) clicks.emplace_back([&, i] { statuses[i] = pay(id, "double-1", payment_body()).first; });
  for (auto& t : clicks) t.join();
  for (int s : statuses) EXPECT_EQ(s, 200);
  EXPECT_EQ(payments(id).size(), 1u);
  std::string ref = first["reference"];
  bank_confirms(ref);
  ASSERT_TRUE(wait_for([&] { return claim(id)["state"] == "paid"; })) << claim(id);
  EXPECT_EQ(claim(id)["paid_fen"], 5'000'000);
  EXPECT_EQ(instruction_files(ref), 1);
}

TEST_F(ClaimsApi, RetryAfterADroppedConnectionMakesOnePayment) {
  std::int64_t id = approved_claim(2);
  // The client gives up before the answer arrives (1 ms read timeout) — the server may still commit.
  auto [dropped, ignored] = pay(id, "dropped-1", payment_body(), 1);
  (void)ignored;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto [status, retry] = pay(id, "dropped-1", payment_body());
  EXPECT_TRUE(status == 200 || status == 201) << status << " " << retry << " (first attempt: " << dropped << ")";
  ASSERT_EQ(payments(id).size(), 1u);
  EXPECT_EQ(payments(id)[0]["id"], retry["id"]);
  bank_confirms(retry["reference"]);
  ASSERT_TRUE(wait_for([&] { return claim(id)["state"] == "paid"; })) << claim(id);
  EXPECT_EQ(claim(id)["paid_fen"], 5'000'000);
}

TEST_F(ClaimsApi, KillNineBetweenInstructionAndConfirmationPaysOnce) {
  std::int64_t id = approved_claim(3);
  auto [status, p] = pay(id, "crash-1", payment_body());
  ASSERT_EQ(status, 201) << p;
  std::string ref = p["reference"];
  ASSERT_TRUE(wait_for([&] { return instruction_files(ref) == 1; })) << "the instruction file is written";
  server()->kill9();
  // Simulate the crash landing between the commit and the file: the instruction file is gone.
  fs::remove(bank() / "outbox" / (ref + ".json"));
  server() = std::make_unique<ServerProcess>(url(), keys(), args());
  server()->start();
  adjuster = api().login("adjuster");
  ASSERT_TRUE(wait_for([&] { return instruction_files(ref) == 1; })) << "start-up resends the instruction once";
  EXPECT_EQ(payments(id).size(), 1u);
  EXPECT_EQ(payments(id)[0]["state"], "instructed");
  bank_confirms(ref);
  ASSERT_TRUE(wait_for([&] { return payments(id)[0]["state"] == "confirmed"; })) << payments(id);
  bank_confirms(ref);  // the bank sends its confirmation again
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(payments(id).size(), 1u);
  auto c = claim(id);
  EXPECT_EQ(c["state"], "paid");
  EXPECT_EQ(c["paid_fen"], 5'000'000) << "confirmed once";
  int shares_paid = 0;
  for (const auto& s : c["shares"]) shares_paid += s["paid_fen"].get<int>();
  EXPECT_EQ(shares_paid, 5'000'000);
  EXPECT_EQ(instruction_files(ref), 1);
}

TEST_F(ClaimsApi, AnotherInsurersClaimIsNotFound) {
  std::int64_t id = approved_claim(4);
  auto client = api();
  std::string outsider = client.login("claims_outsider");
  std::string path = "/api/v1/claims/" + std::to_string(id);
  for (const char* rest : {"", "/events", "/reserves", "/payments"})
    expect_problem(client.get(path + rest, outsider), 404, "resource_not_found");
  expect_problem(client.post(path + "/withdraw", {{"reason", "x"}}, outsider), 404, "resource_not_found");
  EXPECT_EQ(client.get("/api/v1/claims", outsider).body["items"].size(), 0u);
  // The co-insurer (康泰, 40 % follower of the demo pool) reads the claim but only the lead handles it.
  std::string follower = client.login("claims_follower");
  EXPECT_EQ(client.get(path, follower).status, 200);
  expect_problem(client.post(path + "/withdraw", {{"reason", "x"}}, follower), 403, "permission_denied");
  auto own = client.get(path, patient);
  EXPECT_EQ(own.status, 200) << "the patient reads their own claim";
  expect_problem(client.post(path + "/withdraw", {{"reason", "x"}}, patient), 403, "permission_denied");
  auto dup = client.post("/api/v1/claims",
                         {{"policy_id", claim(id)["policy_id"]},
                          {"patient_user_id", claim(id)["patient_user_id"]},
                          {"incident_date", claim(id)["incident_date"]}},
                         adjuster);
  expect_problem(dup, 409, "claim_duplicates_open_claim");
  EXPECT_EQ(dup.body["existing_claim_id"], id);
}

// Issue 13: materials-complete answered 200 to a malformed JSON body (and completed the materials), where
// every other write answers 400 malformed_json. An empty body and {} still complete them.
TEST_F(ClaimsApi, MaterialsCompleteRefusesAMalformedBody) {
  auto client = api();
  std::string path = "/api/v1/claims/" + std::to_string(open_claim(5)) + "/materials-complete";
  expect_problem(client.post_raw(path, "{", "application/json", adjuster), 400, "malformed_json");
  expect_problem(client.post_raw(path, "{\"x\": ", "application/json", adjuster), 400, "malformed_json");
  std::string claim_path = path.substr(0, path.rfind('/'));
  auto unchanged = client.get(claim_path, adjuster);
  ASSERT_EQ(unchanged.status, 200) << unchanged.raw;
  EXPECT_EQ(unchanged.body["state"], "open") << "a refused request changes nothing: " << unchanged.raw;
  auto done = client.post_raw(path, "", "application/json", adjuster);
  EXPECT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body["state"], "assessing") << done.raw;

  std::int64_t other = open_claim(6);
  auto with_object =
      client.post("/api/v1/claims/" + std::to_string(other) + "/materials-complete", json::object(), adjuster);
  EXPECT_EQ(with_object.status, 200) << with_object.raw;
}

// Issue 13 / issue 18 item 2: POST /claims accepted a claim on a policy cancelled before the incident
// (claims had its own cover test ignoring cancellation), and the variants: incident on the
// cancellation day, notice after the cancellation for an earlier incident (claims-made).
TEST_F(ClaimsApi, AClaimOnACancelledPolicyIsRefusedWithAClearCode) {
  auto client = api();
  std::string uw = client.login("underwriter");
  // The new policy insures the demo hospital of the demo policies.
  std::int64_t hospital = client.get("/api/v1/policies?limit=50", adjuster).body["items"][0]["insured_org_id"];
  ASSERT_NE(hospital, 0);
  Date today = Timestamp::from_micros(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count())
                   .shanghai_date();
  Date start = today.add_days(-20);
  auto q = client.post("/api/v1/quotes",
                       {{"product_code", "institution_liability"},
                        {"insured_org_id", hospital},
                        {"period_start", start.to_string()},
                        {"institution", {{"beds", 120}}},
                        {"clinicians", json::array()},
                        {"per_incident_limit_fen", 100000000},
                        {"deductible_fen", 0}},
                       uw);
  ASSERT_EQ(q.status, 201) << q.raw;
  auto p = client.post("/api/v1/policies", {{"quote_id", q.body["id"]}}, uw);
  ASSERT_EQ(p.status, 201) << p.raw;
  std::int64_t policy = p.body["id"].get<std::int64_t>();
  Date cancelled_on = today.add_days(-10);
  auto c = client.post("/api/v1/policies/" + std::to_string(policy) + "/cancellation",
                       {{"effective_date", cancelled_on.to_string()}}, uw);
  ASSERT_EQ(c.status, 200) << c.raw;
  auto me = client.get("/api/v1/me", patient);
  struct Row {
    Date incident, notice;
    const char* why;
  };
  for (const Row& r : {Row{cancelled_on.add_days(2), today, "incident after the cancellation"},
                       Row{cancelled_on, today, "incident on the cancellation day"},
                       Row{start.add_days(1), today, "claims-made: earlier incident, notice after the cancellation"}}) {
    auto claim = client.post("/api/v1/claims",
                             {{"policy_id", policy},
                              {"patient_user_id", me.body["user"]["id"]},
                              {"incident_date", r.incident.to_string()},
                              {"notice_date", r.notice.to_string()}},
                             adjuster);
    expect_problem(claim, 422, "claim_policy_cancelled");
    EXPECT_FALSE(claim.body["title"].get<std::string>().empty()) << r.why;
  }
  // Incident and notice before the cancellation: the policy responds.
  auto ok = client.post("/api/v1/claims",
                        {{"policy_id", policy},
                         {"patient_user_id", me.body["user"]["id"]},
                         {"incident_date", start.add_days(1).to_string()},
                         {"notice_date", cancelled_on.add_days(-1).to_string()}},
                        adjuster);
  EXPECT_EQ(ok.status, 201) << ok.raw;
}

// Issue 18 item 7: a notice date after today was accepted.
TEST_F(ClaimsApi, ANoticeDateAfterTodayIsRefused) {
  auto client = api();
  auto me = client.get("/api/v1/me", patient);
  auto policies = client.get("/api/v1/policies?limit=50", adjuster);
  std::int64_t policy = policies.body["items"][0]["id"].get<std::int64_t>();
  Date today = Timestamp::from_micros(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count())
                   .shanghai_date();
  auto r = client.post("/api/v1/claims",
                       {{"policy_id", policy},
                        {"patient_user_id", me.body["user"]["id"]},
                        {"incident_date", today.add_days(-3).to_string()},
                        {"notice_date", today.add_days(2).to_string()}},
                       adjuster);
  expect_problem(r, 400, "request_invalid");
  EXPECT_NE(r.raw.find("claim_notice_date_in_future"), std::string::npos) << r.raw;
}

}  // namespace
}  // namespace medrisk::testing
