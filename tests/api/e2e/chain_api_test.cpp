// The whole chain over HTTP against the real `medrisk serve --demo`, on SQLite and PostgreSQL: an
// underwriter binds a co-insured liability policy for a community health centre; a patient complains,
// the centre's officer turns the complaint into a case, the committee accepts it and the insurer's
// adjuster joins through the policy in force; the claim materials are uploaded and accepted; an appraisal
// panel is drawn and its Delphi round reaches a consensus; the compensation is calculated with the
// policy's cover; mediation ends in an agreement signed by both sides; the claim opens by itself, gets its
// reserve and a decision approved by the claims supervisor, is paid once through the bank's file channel
// whatever the retries, and the case closes with a balanced ledger. The amounts are checked at every step.
// Beside the chain: a decision within the adjuster's authority approves at once, and the demo data shows
// claims at every stage.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

#include "kernel/clock.hpp"
#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

// The server dates cases and policies on Shanghai's calendar; the test does the same.
std::string shanghai_date(int offset_days = 0) {
  auto now = std::chrono::system_clock::now() + std::chrono::hours(8);
  std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now) + std::chrono::days(offset_days)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

// The figures of the chain, fixed by the case below (Guangdong 2022 standard, general area):
// grade-9 disability at 35 → 54,854 × 20 years × 20 % = 219,416.00; medical costs 80,000.00;
// gross 299,416.00; the hospital's fault is the main cause (75 %) → liable 224,562.00.
// Policy: per-incident limit 300,000.00, deductible 10,000.00 → the insurers pay 214,562.00
// (limited by the deductible), 安和 70 % = 150,193.40 and 康泰 30 % = 64,368.60; the deductible,
// 10,000.00, stays with the hospital. 214,562.00 is above the adjuster's authority (100,000.00).
constexpr std::int64_t kLiableFen = 22'456'200;
constexpr std::int64_t kDeductibleFen = 1'000'000;
constexpr std::int64_t kLimitFen = 30'000'000;
constexpr std::int64_t kInsurerPayableFen = 21'456'200;
constexpr std::int64_t kLeadShareFen = 15'019'340;
constexpr std::int64_t kFollowerShareFen = 6'436'860;
// What the claim pays: the agreement's insurer line with the policy's cover applied by the claims module —
// the same figure the compensation calculator gave.
constexpr std::int64_t kClaimPayableFen = kInsurerPayableFen;
constexpr std::int64_t kClaimLeadFen = kLeadShareFen;
constexpr std::int64_t kClaimFollowerFen = kFollowerShareFen;

class ChainApi : public ApiTest {
 protected:
  // The server runs with its own bank folder: the test reads the payment instruction from outbox/ and
  // answers as the bank in inbox/ (the file channel of the claims module).
  static void SetUpTestSuite() {
    keys_path() = temp_dir("apikeys") / "keys.json";
    bank_dir() = temp_dir("bank");
    db_url() = fresh_database_url(::testing::UnitTest::GetInstance()->current_test_suite()->name());
    server() = std::make_unique<ServerProcess>(
        db_url(), keys_path(), std::vector<std::string>{"--demo", "--no-demo-bank", "--bank-dir", bank_dir().string()});
    server()->start();
  }
  static std::filesystem::path& bank_dir() {
    static std::filesystem::path p;
    return p;
  }
  static std::map<std::string, std::string>& tokens() {
    static std::map<std::string, std::string> t;
    return t;
  }
  static std::map<std::string, std::int64_t>& orgs() {
    static std::map<std::string, std::int64_t> o;
    return o;
  }
  static std::map<std::string, std::int64_t>& users() {
    static std::map<std::string, std::int64_t> u;
    return u;
  }

  void SetUp() override {
    if (!tokens().empty()) return;
    auto client = api();
    std::string admin = client.login("admin");
    auto listed = client.get("/api/v1/organizations?limit=200", admin);
    ASSERT_EQ(listed.status, 200) << listed.raw;
    for (const auto& o : listed.body["items"]) orgs()[o["name"].get<std::string>()] = o["id"].get<std::int64_t>();
    // A community health centre of its own (the demo's 清溪 centre has three years of policies): no officer
    // and no policy, so the chain starts from nothing.
    auto centre = client.post("/api/v1/organizations",
                              {{"name", "明湖市南岸社区卫生服务中心"}, {"kind", "medical_institution"},
                               {"region_code", "440000"}, {"category", "primary"}, {"grade", "1A"}},
                              admin);
    ASSERT_EQ(centre.status, 201) << centre.raw;
    orgs()["明湖市南岸社区卫生服务中心"] = centre.body["id"].get<std::int64_t>();
    auto created = client.post("/api/v1/users",
                               {{"username", "officer4"},
                                {"display_name", "医务科 宁远舟"},
                                {"password", "medrisk-demo"},
                                {"roles", {"medical_officer"}},
                                {"organization_id", org("南岸")}},
                               admin);
    ASSERT_EQ(created.status, 201) << created.raw;
    tokens()["admin"] = admin;
    for (const char* u : {"underwriter", "patient", "officer4", "mediator", "adjuster", "adjuster2", "regulator"}) {
      tokens()[u] = client.login(u);
      users()[u] = client.get("/api/v1/me", tokens()[u]).body["user"]["id"].get<std::int64_t>();
    }
  }

  std::string t(const std::string& user) { return tokens().at(user); }
  std::int64_t org(const std::string& part) {
    for (const auto& [name, id] : orgs())
      if (name.find(part) != std::string::npos) return id;
    ADD_FAILURE() << "no demo organization " << part;
    return 0;
  }
  std::string case_path(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/cases/" + std::to_string(id) + rest;
  }
  ApiResponse act(std::int64_t id, const std::string& user, const json& body) {
    return api().post(case_path(id, "/transitions"), body, t(user));
  }
  std::string pdf(const std::string& what) { return "%PDF-1.7\n% invented test document: " + what + "\n"; }

  // Binds a claims-made institution liability policy for the health centre, 安和 lead 70 %, 康泰 30 %.
  json bind_policy() {
    auto client = api();
    json quote{{"product_code", "institution_liability"},
               {"insured_org_id", org("南岸")},
               {"period_start", shanghai_date(-30)},
               {"retroactive_date", shanghai_date(-395)},
               {"institution", {{"beds", 60}}},
               {"clinicians", json::array()},
               {"experience", {{"years", 3}, {"incurred_losses_fen", 0}}},
               {"per_incident_limit_fen", kLimitFen},
               {"deductible_fen", kDeductibleFen}};
    auto q = client.post("/api/v1/quotes", quote, t("underwriter"));
    EXPECT_EQ(q.status, 201) << q.raw;
    auto p = client.post("/api/v1/policies",
                         {{"quote_id", q.body["id"]},
                          {"funding_split", {{"state_bp", 5000}, {"institution_bp", 5000}, {"clinician_bp", 0}}},
                          {"coinsurance_pool",
                           {{{"insurer_org_id", org("安和")}, {"share_bp", 7000}},
                            {{"insurer_org_id", org("康泰")}, {"share_bp", 3000}}}}},
                         t("underwriter"));
    EXPECT_EQ(p.status, 201) << p.raw;
    return p.body;
  }

  // The patient's complaint, turned into a disability case by the health centre's officer.
  std::int64_t complaint_to_case(const std::string& incident_date) {
    auto client = api();
    auto c = client.post("/api/v1/complaints",
                         {{"institution_org_id", org("南岸")},
                          {"category", "diagnosis_treatment"},
                          {"department", "全科"},
                          {"incident_date", incident_date},
                          {"narrative", "腕部摔伤就诊，未拍片即诊为软组织挫伤，后确诊舟状骨骨折不愈合。"}},
                         t("patient"));
    EXPECT_EQ(c.status, 201) << c.raw;
    auto esc = client.post(
        "/api/v1/complaints/" + std::to_string(c.body["id"].get<std::int64_t>()) + "/actions",
        {{"action", "escalate"}, {"case_type", "disability"}, {"compensation_demand_fen", 30'000'000}}, t("officer4"));
    EXPECT_EQ(esc.status, 200) << esc.raw;
    return esc.body["case_id"].get<std::int64_t>();
  }

  // Every required item of the checklist uploaded by the patient and accepted by the adjuster.
  void complete_materials(std::int64_t id) {
    auto client = api();
    auto m = client.get(case_path(id, "/materials"), t("patient"));
    ASSERT_EQ(m.status, 200) << m.raw;
    ASSERT_FALSE(m.body["complete"].get<bool>());
    std::vector<std::string> required;
    for (const auto& item : m.body["items"])
      if (item["required"].get<bool>()) required.push_back(item["item_id"]);
    ASSERT_EQ(required.size(), 5u) << "the disability checklist (data/disputes/materials.json)";
    for (const auto& item : required) {
      auto up = client.post_raw(case_path(id, "/materials/" + item + "/attachments?file_name=" + item + ".pdf"),
                                pdf(item), "application/pdf", t("patient"));
      ASSERT_EQ(up.status, 201) << item << up.raw;
    }
    // A rejected item goes back to the patient; uploaded again, it is accepted.
    auto rejected = client.post(case_path(id, "/materials/medical_expense_invoices/review"),
                                {{"decision", "reject"}, {"reason", "票据不清晰"}}, t("adjuster"));
    ASSERT_EQ(rejected.status, 200) << rejected.raw;
    EXPECT_FALSE(rejected.body["complete"].get<bool>());
    for (const auto& item : required) {
      auto r = client.post(case_path(id, "/materials/" + item + "/review"), {{"decision", "accept"}}, t("adjuster"));
      ASSERT_EQ(r.status, 200) << item << r.raw;
    }
    auto done = client.get(case_path(id, "/materials"), t("patient"));
    EXPECT_TRUE(done.body["complete"].get<bool>()) << done.raw;
    EXPECT_TRUE(done.body["missing"].empty());
  }

  // A panel of three for the case, its Delphi round answered alike by every member: consensus.
  json appraise(std::int64_t id) {
    auto client = api();
    std::map<std::int64_t, std::string> experts;
    for (int i = 1; i <= 7; ++i) {
      std::string user = "expert" + std::to_string(i);
      auto r = client.get("/api/v1/experts", client.login(user));
      EXPECT_EQ(r.status, 200) << r.raw;
      experts[r.body["items"][0]["id"].get<std::int64_t>()] = user;
    }
    auto panel = client.post("/api/v1/panels",
                             {{"case_id", id},
                              {"institution_id", org("南岸")},
                              {"specialty", "orthopedics"},
                              {"size", 3},
                              {"party_organization_ids", {org("调解委员会"), org("南岸"), org("安和")}}},
                             t("admin"));
    EXPECT_EQ(panel.status, 201) << panel.raw;
    auto round = client.post("/api/v1/delphi-rounds", {{"panel_id", panel.body["id"]}}, t("admin"));
    EXPECT_EQ(round.status, 201) << round.raw;
    std::string round_path = "/api/v1/delphi-rounds/" + std::to_string(round.body["id"].get<std::int64_t>());
    json answers = {{"answers",
                     {{{"item", "has_fault"}, {"value", "yes"}, {"reason", "未行影像学检查即排除骨折"}},
                      {{"item", "causation_degree"}, {"value", "main"}},
                      {{"item", "disability_grade"}, {"value", "9"}}}}};
    int answered = 0;
    for (const auto& m : panel.body["members"]) {
      if (m["status"] != "active") continue;
      auto r =
          client.post(round_path + "/responses", answers, client.login(experts.at(m["expert_id"].get<std::int64_t>())));
      EXPECT_EQ(r.status, 201) << r.raw;
      ++answered;
    }
    EXPECT_EQ(answered, 3);
    auto closed = client.post(round_path + "/close", json::object(), t("admin"));
    EXPECT_EQ(closed.status, 200) << closed.raw;
    EXPECT_TRUE(closed.body["consensus"].get<bool>()) << closed.raw;
    auto seen = client.get("/api/v1/panels/" + std::to_string(panel.body["id"].get<std::int64_t>()), t("mediator"));
    EXPECT_EQ(seen.status, 200) << seen.raw;
    EXPECT_EQ(seen.body["delphi"]["study"]["status"], "consensus") << seen.raw;
    return seen.body["delphi"]["latest_statistics"];
  }

  // The compensation for the case with the policy's cover, saved for the case's parties.
  json calculate(std::int64_t id, const json& policy) {
    json input{
        {"province", "guangdong"},
        {"area", "general"},
        {"standard_year", 2022},
        {"outcome", "disability"},
        {"victim_age", 35},
        {"disability_grades", {9}},
        {"medical_costs_fen", 8'000'000},
        {"causation", {{"fault", true}, {"degree", "main"}}},
        {"insurance",
         {{"liability",
           {{"deductible_fen", policy["deductible_fen"]},
            {"per_incident_limit_fen", policy["per_incident_limit_fen"]}}},
          {"coinsurers", {{{"name", "安和财险"}, {"share_bp", 7000}}, {{"name", "康泰财险"}, {"share_bp", 3000}}}}}}};
    auto saved = api().post("/api/v1/compensation/calculations",
                            {{"case_id", id},
                             {"label", "鉴定意见后（主要原因，九级）"},
                             {"organization_ids", {org("调解委员会"), org("安和")}},
                             {"input", input}},
                            t("officer4"));
    EXPECT_EQ(saved.status, 201) << saved.raw;
    return saved.body;
  }

  std::string claim_path(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/claims/" + std::to_string(id) + rest;
  }
  // The claims module opens the claim from the disputes outbox, asynchronously: poll for it.
  json wait_for_claim(std::int64_t case_id) {
    for (int i = 0; i < 300; ++i) {
      auto r = api().get("/api/v1/claims?case_id=" + std::to_string(case_id), t("adjuster"));
      if (r.status == 200 && !r.body["items"].empty()) return r.body["items"][0];
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no claim opened for case " << case_id;
    return nullptr;
  }
  json wait_for_state(std::int64_t claim_id, const std::string& state) {
    json last;
    for (int i = 0; i < 300; ++i) {
      auto r = api().get(claim_path(claim_id), t("adjuster"));
      last = r.body;
      if (r.status == 200 && r.body["state"] == state) return r.body;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "claim " << claim_id << " never reached " << state << ": " << last;
    return last;
  }
  // The claim's share of the co-insurer whose name contains `insurer`.
  json share(const json& claim, const std::string& insurer) {
    for (const auto& s : claim["shares"])
      if (s["insurer_org_id"] == org(insurer)) return s;
    ADD_FAILURE() << "no share of " << insurer << " in " << claim;
    return json::object();
  }
  std::optional<json> deadline(const json& claim, const std::string& id) {
    for (const auto& d : claim["deadlines"])
      if (d["id"] == id) return d;
    return std::nullopt;
  }
  // The bank's answer, written as the bank would: a temporary file renamed into inbox/.
  void bank_confirms(const std::string& reference, const std::string& transaction) {
    auto inbox = bank_dir() / "inbox";
    std::filesystem::create_directories(inbox);
    auto tmp = inbox / ("." + reference + ".tmp");
    std::ofstream(tmp)
        << json{{"reference", reference}, {"status", "confirmed"}, {"bank_transaction_id", transaction}}.dump();
    std::filesystem::rename(tmp, inbox / (reference + ".json"));
  }
  std::optional<json> instruction_file(const std::string& reference) {
    for (const auto& dir : {bank_dir() / "outbox", bank_dir() / "outbox" / "done"}) {
      std::ifstream in(dir / (reference + ".json"));
      if (in) return json::parse(in, nullptr, false);
    }
    return std::nullopt;
  }
};

TEST_F(ChainApi, FromAComplaintToAPaidClaimAndAClosedCaseWithTheAmountsAtEveryStep) {
  auto client = api();

  // 1. The policy: quoted and bound by the underwriter, in force today, with its cover.
  json policy = bind_policy();
  ASSERT_TRUE(policy.is_object());
  std::int64_t policy_id = policy["id"];
  EXPECT_EQ(policy["per_incident_limit_fen"], kLimitFen);
  EXPECT_EQ(policy["deductible_fen"], kDeductibleFen);
  EXPECT_EQ(policy["insurer_org_id"], org("安和")) << "the lead insurer";
  ASSERT_EQ(policy["coinsurance_pool"].size(), 2u);

  // 2. The complaint becomes a case; the committee accepts it and the insurer joins through the policy.
  std::int64_t id = complaint_to_case(shanghai_date(-12));
  auto filed = client.get(case_path(id), t("officer4"));
  ASSERT_EQ(filed.status, 200) << filed.raw;
  EXPECT_EQ(filed.body["state"], "filed");
  EXPECT_EQ(filed.body["case_type"], "disability");
  EXPECT_EQ(filed.body["compensation_demand_fen"], 30'000'000);
  auto accepted = act(id, "mediator", {{"action", "accept"}, {"channel", "people_mediation"}});
  ASSERT_EQ(accepted.status, 200) << accepted.raw;
  auto joined = client.get(case_path(id), t("mediator"));
  EXPECT_EQ(joined.body["state"], "accepted");
  EXPECT_EQ(joined.body["policy_id"], policy_id) << "the policy in force on the incident date was found";
  EXPECT_EQ(joined.body["insurer_org_id"], org("安和"));
  ASSERT_TRUE(joined.body["adjuster_user_id"].is_number()) << joined.raw;
  std::set<std::int64_t> insurer_adjusters = {users().at("adjuster"), users().at("adjuster2")};
  EXPECT_TRUE(insurer_adjusters.contains(joined.body["adjuster_user_id"].get<std::int64_t>()));
  EXPECT_EQ(client.get(case_path(id), t("adjuster")).status, 200) << "the insurer now reads the case";

  // 3. The claim materials: consent for the mediator and the adjuster, uploads, review until complete.
  for (const char* role : {"mediator", "adjuster"})
    ASSERT_EQ(
        client.post(case_path(id, "/consent-grants"), {{"grantee_role", role}, {"granted", true}}, t("patient")).status,
        200);
  complete_materials(id);
  ASSERT_FALSE(HasFatalFailure());

  // 4. Investigation, then appraisal (clock paused) by a drawn panel whose Delphi round agrees.
  ASSERT_EQ(act(id, "mediator", {{"action", "start_investigation"}}).status, 200);
  ASSERT_EQ(act(id, "mediator", {{"action", "request_appraisal"}}).status, 200);
  json stats = appraise(id);
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_TRUE(stats["consensus"].get<bool>()) << stats;
  auto medians = [&] {
    std::map<std::string, std::string> out;
    for (const auto& i : stats["items"]) out[i.value("key", "")] = i.value("median_class", "");
    return out;
  }();
  EXPECT_EQ(medians["has_fault"], "yes") << stats;
  EXPECT_EQ(medians["causation_degree"], "main") << stats;
  EXPECT_EQ(medians["disability_grade"], "9") << stats;
  ASSERT_EQ(act(id, "mediator", {{"action", "finish_appraisal"}}).status, 200);

  // 5. The compensation with the policy's cover: liable amount, the insurers' part and the split.
  json calc = calculate(id, policy);
  ASSERT_TRUE(calc.is_object());
  EXPECT_EQ(calc["liable_fen"], kLiableFen) << calc;
  EXPECT_EQ(calc["insurer_payable_fen"], kInsurerPayableFen);
  EXPECT_EQ(calc["result"]["gross_fen"], 29'941'600);
  EXPECT_EQ(calc["result"]["causation_share_bp"], 7500);
  EXPECT_EQ(calc["result"]["insurance"]["uncovered_fen"], kDeductibleFen);
  EXPECT_EQ(calc["result"]["insurance"]["limited_by"], "deductible");
  EXPECT_EQ(calc["result"]["insurance"]["coinsurers"][0]["amount_fen"], kLeadShareFen);
  EXPECT_EQ(calc["result"]["insurance"]["coinsurers"][1]["amount_fen"], kFollowerShareFen);
  auto listed = client.get("/api/v1/compensation/calculations?case_id=" + std::to_string(id), t("adjuster"));
  ASSERT_EQ(listed.status, 200) << listed.raw;
  EXPECT_EQ(listed.body["items"].size(), 1u) << "shared with the insurer";

  // 6. Mediation: a session with offers converging on the calculated amount.
  ASSERT_EQ(client.get(case_path(id), t("mediator")).body["state"], "mediation");
  auto session = client.post(case_path(id, "/mediation-sessions"),
                             {{"scheduled_at", shanghai_date() + "T02:00:00Z"},
                              {"place", "明湖市医疗纠纷人民调解委员会 第一调解室"},
                              {"attendees", {"患方 郑晓禾", "医方 宁远舟", "保险 孙嘉木", "调解员 何静安"}},
                              {"minutes", "依鉴定意见（主要原因、九级伤残）按广东省2022年标准计算。"},
                              {"offers",
                               {{{"party", "patient_side"}, {"amount_fen", 30'000'000}, {"note", "首次主张"}},
                                {{"party", "insurer"}, {"amount_fen", 20'000'000}, {"note", "保险人报价"}},
                                {{"party", "patient_side"}, {"amount_fen", kLiableFen}, {"note", "按计算结果"}}}},
                              {"outcome", "agreed"}},
                             t("mediator"));
  ASSERT_EQ(session.status, 201) << session.raw;
  EXPECT_EQ(session.body["offers"].size(), 3u);
  EXPECT_EQ(session.body["offers"][2]["amount_fen"], kLiableFen);

  // 7. The agreement: the whole liable amount falls to the insurance (its `insurer` line is the base the
  // claim applies the policy's cover to, as a judgment amount would be); both sides sign.
  expect_problem(client.post(case_path(id, "/agreement"),
                             {{"amount_fen", kLiableFen},
                              {"payers",
                               {{{"payer", "insurer"}, {"amount_fen", kInsurerPayableFen}},
                                {{"payer", "institution"}, {"amount_fen", 1}}}}},
                             t("mediator")),
                 422, "agreement_payers_must_add_up");
  auto drafted = client.post(
      case_path(id, "/agreement"),
      {{"amount_fen", kLiableFen}, {"payers", {{{"payer", "insurer"}, {"amount_fen", kLiableFen}}}}}, t("mediator"));
  ASSERT_EQ(drafted.status, 201) << drafted.raw;
  expect_problem(act(id, "mediator", {{"action", "reach_agreement"}}), 422, "agreement_not_signed_by_both_parties");
  ASSERT_EQ(client.post(case_path(id, "/agreement/signatures"), {{"signature_text", "郑晓禾"}}, t("patient")).status,
            200);
  auto both = client.post(case_path(id, "/agreement/signatures"), {{"signature_text", "宁远舟"}}, t("officer4"));
  ASSERT_EQ(both.status, 200) << both.raw;
  EXPECT_TRUE(both.body["patient_signed_at"].is_string());
  EXPECT_TRUE(both.body["provider_signed_at"].is_string());
  EXPECT_EQ(both.body["amount_fen"], kLiableFen);
  ASSERT_EQ(act(id, "mediator", {{"action", "reach_agreement"}}).status, 200);
  auto agreed = client.get(case_path(id), t("adjuster"));
  EXPECT_EQ(agreed.body["state"], "agreement");
  EXPECT_EQ(agreed.body["agreement_fen"], kLiableFen);

  // The timeline holds every step, and the regulator of the region reads the case.
  auto events = client.get(case_path(id, "/events"), t("patient"));
  ASSERT_EQ(events.status, 200);
  std::set<std::string> kinds;
  for (const auto& e : events.body["items"]) kinds.insert(e["kind"].get<std::string>());
  for (const char* k : {"accept", "material_accepted", "request_appraisal", "finish_appraisal", "agreement_drafted",
                        "agreement_signed", "reach_agreement"})
    EXPECT_TRUE(kinds.contains(k)) << k;
  EXPECT_EQ(client.get(case_path(id), t("regulator")).status, 200);

  // 8. The claim opens by itself from the signed agreement, already assessing (materials complete).
  json claim = wait_for_claim(id);
  ASSERT_TRUE(claim.is_object()) << claim;
  std::int64_t claim_id = claim["id"];
  EXPECT_EQ(claim["source"], "agreement");
  EXPECT_EQ(claim["state"], "assessing") << claim;
  EXPECT_EQ(claim["policy_id"], policy_id);
  EXPECT_EQ(claim["policy_number"], policy["policy_number"]);
  EXPECT_EQ(claim["case_id"], id);
  EXPECT_EQ(claim["patient_user_id"], users().at("patient"));
  EXPECT_EQ(claim["insured_org_id"], org("南岸"));
  EXPECT_EQ(claim["agreed_amount_fen"], kLiableFen) << "the agreement's insurer line";
  EXPECT_EQ(claim["materials_complete_on"], shanghai_date());
  EXPECT_EQ(claim["per_incident_limit_fen"], kLimitFen);
  EXPECT_EQ(claim["deductible_fen"], kDeductibleFen);
  EXPECT_EQ(claim["paid_fen"], 0);
  ASSERT_EQ(claim["shares"].size(), 2u) << claim;
  EXPECT_EQ(share(claim, "安和")["role"], "lead");
  EXPECT_EQ(share(claim, "安和")["share_bp"], 7000);
  EXPECT_EQ(share(claim, "康泰")["role"], "follower");
  EXPECT_EQ(share(claim, "康泰")["share_bp"], 3000);
  auto decision_due = deadline(claim, "insurer_decision");
  ASSERT_TRUE(decision_due) << claim;
  EXPECT_GE((*decision_due)["due"].get<std::string>(), shanghai_date(30))
      << "30 days (保险法 art. 23), rolled past rest days";
  EXPECT_FALSE((*decision_due)["overdue"].get<bool>());
  EXPECT_EQ(client.get(claim_path(claim_id), t("patient")).status, 200) << "the patient follows their own claim";
  EXPECT_EQ(client.get(claim_path(claim_id), t("officer4")).status, 200) << "the insured institution reads it";
  auto again = wait_for_claim(id);
  EXPECT_EQ(again["id"], claim_id) << "one claim per case";

  // 9. The reserve: not above the remaining limit; then the agreed insurer part.
  expect_problem(client.post(claim_path(claim_id, "/reserves"), {{"amount_fen", kLimitFen + 1}, {"reason", "超限额"}},
                             t("adjuster")),
                 422, "reserve_above_remaining_limit");
  auto reserved =
      client.post(claim_path(claim_id, "/reserves"),
                  {{"amount_fen", kClaimPayableFen}, {"reason", "按调解协议确定的保险人部分"}}, t("adjuster"));
  ASSERT_TRUE(reserved.status == 200 || reserved.status == 201) << reserved.raw;
  claim = client.get(claim_path(claim_id), t("adjuster")).body;
  EXPECT_EQ(claim["outstanding_fen"], kClaimPayableFen);
  EXPECT_EQ(claim["incurred_fen"], kClaimPayableFen);
  EXPECT_EQ(claim["remaining_limit_fen"], kLimitFen);
  auto history = client.get(claim_path(claim_id, "/reserves"), t("adjuster"));
  ASSERT_EQ(history.status, 200) << history.raw;
  ASSERT_FALSE(history.body["items"].empty());
  EXPECT_EQ(history.body["items"].back()["amount_fen"], kClaimPayableFen);

  // 10. The decision: above the adjuster's authority (100,000.00), it waits for the claims supervisor.
  auto decided =
      client.post(claim_path(claim_id, "/decision"),
                  {{"outcome", "approve"}, {"reason_codes", json::array()}, {"note", "按协议赔付"}}, t("adjuster"));
  ASSERT_EQ(decided.status, 200) << decided.raw;
  EXPECT_EQ(decided.body["state"], "awaiting_approval");
  expect_problem(
      client.post(claim_path(claim_id, "/decision/approval"), {{"approve", true}, {"note", "自批"}}, t("adjuster")),
      403, "approval_by_decider_refused");
  auto approved =
      client.post(claim_path(claim_id, "/decision/approval"), {{"approve", true}, {"note", "同意"}}, t("adjuster2"));
  ASSERT_EQ(approved.status, 200) << approved.raw;
  claim = approved.body;
  EXPECT_EQ(claim["state"], "approved");
  EXPECT_EQ(claim["payable_fen"], kClaimPayableFen);
  EXPECT_EQ(claim["decision"]["outcome"], "approve");
  EXPECT_EQ(claim["decision"]["decided_by_user_id"], users().at("adjuster"));
  EXPECT_EQ(claim["decision"]["approved_by_user_id"], users().at("adjuster2"));
  EXPECT_EQ(share(claim, "安和")["payable_fen"], kClaimLeadFen);
  EXPECT_EQ(share(claim, "康泰")["payable_fen"], kClaimFollowerFen);
  EXPECT_EQ(claim["aggregate_consumed_fen"], kClaimPayableFen);
  auto pay_due = deadline(claim, "insurer_payment_after_agreement");
  ASSERT_TRUE(pay_due) << claim;
  EXPECT_GE((*pay_due)["due"].get<std::string>(), shanghai_date(10)) << "10 days from the decision (art. 23)";
  EXPECT_EQ((*deadline(claim, "insurer_decision"))["met_on"], shanghai_date());

  // 11. The payment: an Idempotency-Key is required; the same key and body give the same payment.
  json payment{{"kind", "final"},
               {"amount_fen", kClaimPayableFen},
               {"payee", "patient"},
               {"bank_account", {{"holder", "郑晓禾"}, {"bank", "明湖农村商业银行"}, {"number", "6230580000001354"}}}};
  std::string pay = claim_path(claim_id, "/payments");
  expect_problem(client.post(pay, payment, t("adjuster")), 400, "idempotency_key_required");
  json too_much = payment;
  too_much["amount_fen"] = kClaimPayableFen + 1;
  expect_problem(client.post_with_headers(pay, too_much, t("adjuster"), {{"Idempotency-Key", "e2e-too-much"}}), 422,
                 "payment_above_amount_owed");
  auto instructed = client.post_with_headers(pay, payment, t("adjuster"), {{"Idempotency-Key", "e2e-final-1"}});
  ASSERT_EQ(instructed.status, 201) << instructed.raw;
  std::int64_t payment_id = instructed.body["id"];
  std::string reference = instructed.body["reference"];
  EXPECT_EQ(reference, "PAY-" + std::to_string(payment_id) + "-1");
  EXPECT_EQ(instructed.body["amount_fen"], kClaimPayableFen);
  EXPECT_EQ(instructed.body["account_masked"], "**** 1354");
  EXPECT_EQ(instructed.raw.find("6230580000001354"), std::string::npos) << "the account number is never shown";
  auto replay = client.post_with_headers(pay, payment, t("adjuster"), {{"Idempotency-Key", "e2e-final-1"}});
  EXPECT_EQ(replay.status, 200) << replay.raw;
  EXPECT_EQ(replay.body["id"], payment_id);
  json other = payment;
  other["amount_fen"] = kClaimPayableFen - 100;
  expect_problem(client.post_with_headers(pay, other, t("adjuster"), {{"Idempotency-Key", "e2e-final-1"}}), 422,
                 "idempotency_key_reused");
  auto payments = client.get(pay, t("adjuster"));
  ASSERT_EQ(payments.status, 200) << payments.raw;
  EXPECT_EQ(payments.body["items"].size(), 1u) << "one instruction, however often it was asked for";

  // 12. The instruction file reaches the bank; the bank's confirmation pays the claim and closes the case.
  std::optional<json> file;
  for (int i = 0; i < 100 && !file; ++i) {
    file = instruction_file(reference);
    if (!file) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(file) << "no instruction " << reference << " in " << bank_dir();
  EXPECT_EQ((*file)["amount_fen"], kClaimPayableFen);
  bank_confirms(reference, "MHRCB-20261125-000731");
  claim = wait_for_state(claim_id, "paid");
  EXPECT_EQ(claim["paid_fen"], kClaimPayableFen);
  EXPECT_EQ(claim["outstanding_fen"], 0);
  EXPECT_EQ(claim["incurred_fen"], kClaimPayableFen);
  EXPECT_EQ(claim["in_flight_fen"], 0);
  EXPECT_EQ(share(claim, "安和")["paid_fen"], kClaimLeadFen);
  EXPECT_EQ(share(claim, "康泰")["paid_fen"], kClaimFollowerFen);
  auto confirmed = client.get(pay, t("adjuster"));
  EXPECT_EQ(confirmed.body["items"][0]["state"], "confirmed");
  EXPECT_FALSE(confirmed.body["items"][0]["bank_transaction_id"].is_null());
  auto reserves = client.get(claim_path(claim_id, "/reserves"), t("adjuster"));
  EXPECT_EQ(reserves.body["items"].back()["reason"], "payment");
  EXPECT_EQ(reserves.body["items"].back()["amount_fen"], 0);
  auto closed = client.get(case_path(id), t("patient"));
  EXPECT_EQ(closed.body["state"], "closed") << "the case closes when the claim is paid";
  auto closing = client.get(case_path(id, "/events"), t("patient"));
  std::vector<std::string> last_kinds;
  for (const auto& e : closing.body["items"]) last_kinds.push_back(e["kind"]);
  ASSERT_GE(last_kinds.size(), 2u);
  EXPECT_EQ(last_kinds[last_kinds.size() - 2], "start_payment") << closing.raw;
  EXPECT_EQ(last_kinds.back(), "close") << closing.raw;

  // The bank sends the same confirmation again: it is taken out of the inbox and changes nothing.
  auto tb_before = client.get("/api/v1/claims/ledger/trial-balance", t("regulator"));
  bank_confirms(reference, "MHRCB-20261125-000731");
  for (int i = 0; i < 100 && std::filesystem::exists(bank_dir() / "inbox" / (reference + ".json")); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(std::filesystem::exists(bank_dir() / "inbox" / (reference + ".json"))) << "the duplicate was processed";
  auto after_duplicate = client.get(claim_path(claim_id), t("adjuster"));
  EXPECT_EQ(after_duplicate.body["paid_fen"], kClaimPayableFen) << "paid once";
  EXPECT_EQ(client.get("/api/v1/claims/ledger/trial-balance", t("regulator")).body["debit_fen"],
            tb_before.body["debit_fen"]);

  // 13. The ledger: every payment booked per co-insurer, debits equal credits.
  auto tb = client.get("/api/v1/claims/ledger/trial-balance", t("regulator"));
  ASSERT_EQ(tb.status, 200) << tb.raw;
  EXPECT_TRUE(tb.body["balanced"].get<bool>());
  EXPECT_EQ(tb.body["debit_fen"], tb.body["credit_fen"]);
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> debits;
  for (const auto& a : tb.body["accounts"])
    debits[{a["account"].get<std::string>(), a["insurer_org_id"].get<std::int64_t>()}] +=
        a["debit_fen"].get<std::int64_t>();
  EXPECT_GE((debits[{"claims_paid", org("安和")}]), kClaimLeadFen);
  EXPECT_GE((debits[{"claims_paid", org("康泰")}]), kClaimFollowerFen);
  auto own = client.get("/api/v1/claims/ledger/trial-balance", t("adjuster"));
  ASSERT_EQ(own.status, 200) << own.raw;
  EXPECT_TRUE(own.body["balanced"].get<bool>());
}

// The adjuster's own notice on the maternity hospital's demo policy: within the adjuster's authority the
// decision approves at once, the deductible comes off, and the policy's aggregate counts the payable.
TEST_F(ChainApi, WithinItsAuthorityTheAdjustersDecisionApprovesAtOnce) {
  auto client = api();
  std::int64_t policy_id = 0;
  json policy;
  auto policies = client.get("/api/v1/policies?limit=100", t("adjuster"));
  ASSERT_EQ(policies.status, 200) << policies.raw;
  for (const auto& p : policies.body["items"])
    if (p["insured_org_id"] == org("妇幼") && p["product_code"] == "institution_liability" &&
        p["period_end"] >= shanghai_date()) {
      policy = p;
      policy_id = p["id"];
    }
  ASSERT_GT(policy_id, 0) << "the maternity hospital's demo policy: " << policies.raw;
  json notice{{"policy_id", policy_id},
              {"patient_user_id", users().at("patient")},
              {"incident_date", shanghai_date(-9)},
              {"notice_date", shanghai_date(-2)}};
  auto filed = client.post("/api/v1/claims", notice, t("adjuster"));
  ASSERT_EQ(filed.status, 201) << filed.raw;
  std::int64_t id = filed.body["id"];
  EXPECT_EQ(filed.body["source"], "adjuster");
  EXPECT_EQ(filed.body["state"], "open");
  std::int64_t consumed_before = filed.body["aggregate_consumed_fen"];
  auto twice = client.post("/api/v1/claims", notice, t("adjuster"));
  expect_problem(twice, 409, "claim_duplicates_open_claim");
  EXPECT_EQ(twice.body["existing_claim_id"], id);
  expect_problem(
      client.post(claim_path(id, "/decision"), {{"outcome", "approve"}, {"amount_fen", 5'000'000}}, t("adjuster")), 409,
      "claim_action_not_allowed_in_state");

  auto complete = client.post(claim_path(id, "/materials-complete"), json::object(), t("adjuster"));
  ASSERT_EQ(complete.status, 200) << complete.raw;
  EXPECT_EQ(complete.body["state"], "assessing");
  ASSERT_EQ(
      client.post(claim_path(id, "/reserves"), {{"amount_fen", 5'000'000}, {"reason", "按发票估损"}}, t("adjuster"))
          .status,
      200);
  // Assessed 50,000.00; less the policy's deductible → payable, well within the adjuster's 100,000.00.
  std::int64_t payable = 5'000'000 - policy["deductible_fen"].get<std::int64_t>();
  auto decided = client.post(claim_path(id, "/decision"),
                             {{"outcome", "approve"}, {"amount_fen", 5'000'000}, {"note", "责任明确"}}, t("adjuster"));
  ASSERT_EQ(decided.status, 200) << decided.raw;
  EXPECT_EQ(decided.body["state"], "approved");
  EXPECT_EQ(decided.body["payable_fen"], payable);
  EXPECT_TRUE(decided.body["decision"]["approved_by_user_id"].is_null()) << "no supervisor needed";
  EXPECT_EQ(decided.body["aggregate_consumed_fen"].get<std::int64_t>(), consumed_before + payable);
  expect_problem(client.post(claim_path(id, "/decision/approval"), {{"approve", true}}, t("adjuster2")), 409,
                 "claim_action_not_allowed_in_state");
}

// `make run` shows the insurer's claims at every stage (src/app/demo_claims.cpp), and the claims
// supervisor's authority covers the decision waiting for it.
TEST_F(ChainApi, TheDemoShowsClaimsAtEveryStage) {
  auto client = api();
  auto listed = client.get("/api/v1/claims?limit=100", t("adjuster"));
  ASSERT_EQ(listed.status, 200) << listed.raw;
  std::map<std::string, json> by_state;
  const std::string since = (SystemClock().now() - std::chrono::hours(6)).to_iso_utc();
  for (const auto& c : listed.body["items"])
    // The demo's showcase claims are filed at start-up, before this suite's own; its three years of history
    // were filed on their past days. The list runs oldest first: the first of each state filed in the last
    // six hours is the showcase one.
    if ((c["source"] == "adjuster" || c["source"] == "agreement") && c["created_at"].get<std::string>() >= since)
      by_state.emplace(c["state"].get<std::string>(), c);
  for (const char* state : {"open", "assessing", "awaiting_approval", "approved", "paid", "denied"})
    EXPECT_TRUE(by_state.contains(state)) << state << ": " << listed.raw;
  ASSERT_TRUE(by_state.contains("approved") && by_state.contains("paid") && by_state.contains("awaiting_approval"));

  auto overdue = client.get("/api/v1/claims?overdue=true", t("adjuster"));
  ASSERT_EQ(overdue.status, 200) << overdue.raw;
  ASSERT_FALSE(overdue.body["items"].empty()) << "one demo claim is past its decision deadline";
  auto late = deadline(overdue.body["items"][0], "insurer_decision");
  ASSERT_TRUE(late) << overdue.raw;
  EXPECT_TRUE((*late)["overdue"].get<bool>());
  EXPECT_LT((*late)["due"].get<std::string>(), shanghai_date());

  auto instructed = client.get(claim_path(by_state["approved"]["id"], "/payments"), t("adjuster"));
  ASSERT_EQ(instructed.status, 200) << instructed.raw;
  ASSERT_FALSE(instructed.body["items"].empty());
  EXPECT_EQ(instructed.body["items"][0]["state"], "instructed") << "the bank has not answered yet";
  const json& paid = by_state["paid"];
  EXPECT_EQ(paid["paid_fen"], paid["payable_fen"]);
  ASSERT_TRUE(paid["case_id"].is_number()) << paid;
  EXPECT_EQ(client.get(case_path(paid["case_id"]), t("patient")).body["state"], "closed");

  std::string waiting = claim_path(by_state["awaiting_approval"]["id"], "/decision/approval");
  expect_problem(client.post(waiting, {{"approve", true}}, t("adjuster")), 403, "approval_by_decider_refused");
  auto approved = client.post(waiting, {{"approve", true}, {"note", "同意"}}, t("adjuster2"));
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(approved.body["state"], "approved");
}

}  // namespace
}  // namespace medrisk::testing
