// The disputes API as its users meet it, on SQLite and PostgreSQL: other parties of another case,
// another hospital or another insurer get 404; without the patient's consent materials are not returned;
// an upload over the limit or of a forbidden type is refused and stores nothing; transitions answer
// 403/409/422 with their codes; a complaint becomes a case that the mediator sees; the "1+3" documents
// are drawn up for the patient, the assigned lawyer (facts only with consent) and the officer; a record
// sealing is anchored in the platform ledger with the hash of the sealed records' list, provably.
#include <set>

#include "kernel/clock.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/ledger/merkle.hpp"
#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class DisputesApi : public ApiTest {
 protected:
  // Extra accounts in other organizations of the demo province (created once per suite).
  static std::map<std::string, std::string>& tokens() { static std::map<std::string, std::string> t; return t; }
  static std::int64_t& hospital1() { static std::int64_t id = 0; return id; }

  void SetUp() override {
    if (!tokens().empty()) return;
    auto client = api();
    std::string admin = client.login("admin");
    std::map<std::string, std::int64_t> orgs;
    auto listed = client.get("/api/v1/organizations?limit=200", admin);
    ASSERT_EQ(listed.status, 200) << listed.raw;
    for (const auto& o : listed.body["items"]) orgs[o["name"].get<std::string>()] = o["id"].get<std::int64_t>();
    ASSERT_TRUE(orgs.contains("明湖市第一人民医院")) << listed.raw;
    hospital1() = orgs.at("明湖市第一人民医院");
    struct U { std::string name, role; std::optional<std::int64_t> org; };
    std::vector<U> extra = {{"officer2", "medical_officer", orgs.at("明湖市中医院")},
                            {"kt_adjuster", "adjuster", orgs.at("康泰财产保险明湖分公司")},
                            {"patient2", "patient", std::nullopt}};
    for (const auto& u : extra) {
      json body{{"username", u.name}, {"display_name", u.name}, {"password", "medrisk-demo"}, {"roles", {u.role}}};
      if (u.org) body["organization_id"] = *u.org;
      auto r = client.post("/api/v1/users", body, admin);
      ASSERT_EQ(r.status, 201) << r.raw;
    }
    for (const char* u : {"patient", "patient2", "officer", "officer2", "mediator", "adjuster", "kt_adjuster", "expert1", "regulator", "lawyer"})
      tokens()[u] = client.login(u);
  }
  std::string t(const std::string& user) { return tokens().at(user); }

  std::int64_t file_case(const std::string& narrative = "右腕石膏过紧，手指麻木。") {
    auto r = api().post("/api/v1/cases",
                        {{"institution_org_id", hospital1()}, {"case_type", "other_harm"}, {"department", "骨科"},
                         {"incident_date", "2025-10-20"}, {"narrative", narrative}, {"compensation_demand_fen", 800000}},
                        t("patient"));
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body["id"].get<std::int64_t>();
  }
  ApiResponse act(std::int64_t id, const std::string& user, json body) {
    return api().post("/api/v1/cases/" + std::to_string(id) + "/transitions", body, t(user));
  }
  std::string path(std::int64_t id, const std::string& rest = "") { return "/api/v1/cases/" + std::to_string(id) + rest; }
  std::string pdf() { return "%PDF-1.7\n% invented test document\n"; }
};

TEST_F(DisputesApi, PartiesOfAnotherCaseHospitalOrInsurerGet404) {
  std::int64_t id = file_case();
  ASSERT_EQ(act(id, "mediator", {{"action", "accept"}, {"channel", "people_mediation"}}).status, 200);
  auto seen = api().get(path(id), t("officer"));
  ASSERT_EQ(seen.status, 200) << seen.raw;
  EXPECT_EQ(seen.body["mediator_user_id"].is_number(), true) << "1+1: the mediator joined at acceptance";
  for (const char* outsider : {"patient2", "officer2", "kt_adjuster"})
    for (const char* rest : {"", "/events", "/materials", "/consent-grants", "/mediation-sessions"}) {
      SCOPED_TRACE(std::string(outsider) + rest);
      expect_problem(api().get(path(id, rest), t(outsider)), 404, "resource_not_found");
    }
  expect_problem(act(id, "officer2", {{"action", "start_investigation"}}), 404, "resource_not_found");
  expect_problem(api().get(path(id), t("expert1")), 403, "permission_denied");
  // The insurer joins only through the policy in force; without one, its adjuster is an outsider too.
  auto adj = api().get(path(id), t("adjuster"));
  if (seen.body["insurer_org_id"].is_null()) expect_problem(adj, 404, "resource_not_found");
  else EXPECT_EQ(adj.status, 200);
  auto list = api().get("/api/v1/cases", t("officer2"));
  ASSERT_EQ(list.status, 200);
  for (const auto& c : list.body["items"]) EXPECT_NE(c["id"], id);
  EXPECT_EQ(api().get(path(id), t("regulator")).status, 200) << "the regulator of the region reads";
}

TEST_F(DisputesApi, WithoutConsentMaterialsAndNarrativeAreNotReturned) {
  std::int64_t id = file_case("产后伤口感染，住院延长。");
  ASSERT_EQ(act(id, "mediator", {{"action", "accept"}, {"channel", "people_mediation"}}).status, 200);
  auto up = api().post_raw(path(id, "/materials/medical_records_copy/attachments?file_name=records.pdf"), pdf(),
                           "application/pdf", t("patient"));
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(up.body["sha256"].get<std::string>().size(), 64u);
  std::string file = path(id, "/attachments/" + std::to_string(up.body["id"].get<std::int64_t>()));

  auto c = api().get(path(id), t("mediator"));
  EXPECT_TRUE(c.body["narrative"].is_null());
  EXPECT_TRUE(c.body["narrative_withheld"].get<bool>());
  auto m = api().get(path(id, "/materials"), t("mediator"));
  ASSERT_EQ(m.status, 200);
  EXPECT_TRUE(m.body["attachments_withheld"].get<bool>());
  for (const auto& item : m.body["items"]) EXPECT_TRUE(item["attachments"].is_null());
  EXPECT_EQ(m.raw.find("records.pdf"), std::string::npos);
  expect_problem(api().get(file, t("mediator")), 403, "patient_consent_required");

  auto own = api().get(path(id, "/materials"), t("patient"));
  EXPECT_FALSE(own.body["complete"].get<bool>());
  EXPECT_FALSE(own.body["missing"].empty()) << "the patient sees exactly what is missing";

  ASSERT_EQ(api().post(path(id, "/consent-grants"), {{"grantee_role", "mediator"}, {"granted", true}}, t("patient")).status, 200);
  EXPECT_EQ(api().get(path(id), t("mediator")).body["narrative"], "产后伤口感染，住院延长。");
  auto got = api().get(file, t("mediator"));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.raw, pdf());
  ASSERT_EQ(api().post(path(id, "/consent-grants"), {{"grantee_role", "mediator"}, {"granted", false}}, t("patient")).status, 200);
  expect_problem(api().get(file, t("mediator")), 403, "patient_consent_required");
  expect_problem(api().post(path(id, "/consent-grants"), {{"grantee_role", "mediator"}, {"granted", true}}, t("officer")),
                 403, "consent_only_by_patient");
}

TEST_F(DisputesApi, OversizeOrForbiddenUploadsAreRefusedAndStoreNothing) {
  std::int64_t id = file_case();
  std::string upload = path(id, "/materials/medical_records_copy/attachments?file_name=a.pdf");
  std::string too_big = "%PDF-" + std::string((10u << 20) - 4, 'x');  // 10 MiB + 1 byte
  expect_problem(api().post_raw(upload, too_big, "application/pdf", t("patient")), 413, "attachment_too_large");
  std::string far_too_big(11u << 20, 'x');
  EXPECT_EQ(api().post_raw(upload, far_too_big, "application/pdf", t("patient")).status, 413);
  expect_problem(api().post_raw(upload, "MZ\x90\x00", "application/x-msdownload", t("patient")), 400,
                 "attachment_type_not_allowed");
  expect_problem(api().post_raw(upload, pdf(), "image/png", t("patient")), 400, "attachment_content_does_not_match_type");
  expect_problem(api().post_raw(path(id, "/materials/medical_records_copy/attachments"), pdf(), "application/pdf", t("patient")),
                 400, "request_invalid");
  expect_problem(api().post_raw(path(id, "/materials/no_such_item/attachments?file_name=a.pdf"), pdf(), "application/pdf",
                                t("patient")), 404, "material_item_not_in_checklist");
  auto m = api().get(path(id, "/materials"), t("patient"));
  for (const auto& item : m.body["items"]) {
    EXPECT_EQ(item["status"], "missing");
    EXPECT_TRUE(item["attachments"].empty());
  }
  auto dir = keys_path().parent_path() / "attachments" / std::to_string(id);
  EXPECT_TRUE(!std::filesystem::exists(dir) || std::filesystem::is_empty(dir)) << "nothing stored on disk";
}

TEST_F(DisputesApi, TransitionsAnswerWithTheirCodes) {
  std::int64_t id = file_case();
  expect_problem(act(id, "patient", {{"action", "accept"}, {"channel", "people_mediation"}}), 403,
                 "transition_not_allowed_for_role");
  expect_problem(act(id, "mediator", {{"action", "start_mediation"}}), 409, "transition_not_allowed_in_state");
  expect_problem(act(id, "mediator", {{"action", "refuse"}}), 422, "refusal_reason_required");
  expect_problem(act(id, "mediator", {{"action", "teleport"}}), 400, "request_invalid");
  auto before = api().get(path(id, "/events"), t("patient"));
  ASSERT_EQ(before.body["items"].size(), 1u) << "refusals wrote nothing";
  auto refused = act(id, "mediator", {{"action", "refuse"}, {"reason", "不属于医疗纠纷受理范围"}});
  ASSERT_EQ(refused.status, 200);
  EXPECT_EQ(refused.body["state"], "refused");
  auto timeline = api().get(path(id, "/events"), t("patient"));
  EXPECT_EQ(timeline.body["items"][1]["kind"], "refuse");
  EXPECT_EQ(timeline.body["items"][1]["details"]["reason"], "不属于医疗纠纷受理范围");
  expect_problem(act(id, "patient", {{"action", "withdraw"}}), 409, "transition_not_allowed_in_state");
}

TEST_F(DisputesApi, APatientsComplaintBecomesACaseTheMediatorSees) {
  auto c = api().post("/api/v1/complaints",
                      {{"institution_org_id", hospital1()}, {"category", "diagnosis_treatment"}, {"department", "急诊科"},
                       {"incident_date", "2025-11-01"}, {"narrative", "急诊留观期间未复查血钾。"}},
                      t("patient"));
  ASSERT_EQ(c.status, 201) << c.raw;
  EXPECT_FALSE(c.body["response_due"].get<std::string>().empty());
  std::string cid = std::to_string(c.body["id"].get<std::int64_t>());
  expect_problem(api().get("/api/v1/complaints/" + cid, t("officer2")), 404, "resource_not_found");
  auto esc = api().post("/api/v1/complaints/" + cid + "/actions",
                        {{"action", "escalate"}, {"case_type", "other_harm"}, {"compensation_demand_fen", 500000}},
                        t("officer"));
  ASSERT_EQ(esc.status, 200) << esc.raw;
  std::int64_t case_id = esc.body["case_id"].get<std::int64_t>();
  auto list = api().get("/api/v1/cases?state=filed", t("mediator"));
  ASSERT_EQ(list.status, 200);
  std::set<std::int64_t> ids;
  for (const auto& x : list.body["items"]) ids.insert(x["id"].get<std::int64_t>());
  EXPECT_TRUE(ids.contains(case_id)) << "the region's mediation committee sees the new case";
  expect_problem(api().post("/api/v1/complaints", {{"institution_org_id", hospital1()}, {"category", "gossip"}}, t("patient")),
                 400, "request_invalid");
}

TEST_F(DisputesApi, LegalAidDocumentsAreFilledFromTheCaseForItsPartiesOnly) {
  std::int64_t id = file_case("术后切口感染，二次手术。");
  ASSERT_EQ(api().post("/api/v1/legal-aid-requests", {{"case_id", id}}, t("patient")).status, 201);
  auto doc = [&](const std::string& tpl) { return path(id, "/documents/" + tpl); };

  auto own = api().get(doc("complaint_letter"), t("patient"));
  ASSERT_EQ(own.status, 200) << own.raw;
  EXPECT_EQ(own.body["title"], "投诉书");
  std::string text = own.body["body"];
  for (const char* part : {"明湖市第一人民医院", "骨科", "2025年10月20日", "人民币 8,000.00 元", "术后切口感染，二次手术。"})
    EXPECT_NE(text.find(part), std::string::npos) << part;
  EXPECT_EQ(text.find("{{"), std::string::npos);

  auto lawyer = api().get(doc("statement_of_claim"), t("lawyer"));
  ASSERT_EQ(lawyer.status, 200) << lawyer.raw;
  EXPECT_EQ(lawyer.body["title"], "民事起诉状");
  EXPECT_EQ(lawyer.raw.find("术后切口感染"), std::string::npos) << "no facts without the patient's consent";
  ASSERT_EQ(api().post(path(id, "/consent-grants"), {{"grantee_role", "lawyer"}, {"granted", true}}, t("patient")).status, 200);
  std::string granted = api().get(doc("statement_of_claim"), t("lawyer")).body["body"];
  EXPECT_NE(granted.find("术后切口感染，二次手术。"), std::string::npos);

  EXPECT_EQ(api().get(doc("mediation_application"), t("officer")).status, 200);
  expect_problem(api().get(doc("mediation_application"), t("mediator")), 403, "document_not_for_role");
  expect_problem(api().get(doc("will_and_testament"), t("patient")), 404, "document_template_unknown");
  expect_problem(api().get(doc("complaint_letter"), t("patient2")), 404, "resource_not_found");
  expect_problem(api().get(doc("complaint_letter"), t("officer2")), 404, "resource_not_found");
}

TEST_F(DisputesApi, TheOfficerReportsADeathOrSeriousHarmCaseToTheHealthAuthorityOnce) {
  auto filed = api().post("/api/v1/cases",
                          {{"institution_org_id", hospital1()}, {"case_type", "disability"}, {"department", "骨科"},
                           {"incident_date", "2025-10-20"}, {"narrative", "术后神经损伤。"}, {"compensation_demand_fen", 800000}},
                          t("patient"));
  ASSERT_EQ(filed.status, 201) << filed.raw;
  std::int64_t id = filed.body["id"];
  auto has_report_deadline = [&] {
    auto seen = api().get(path(id), t("officer"));
    for (const auto& d : seen.body["deadlines"])
      if (d["id"] == "health_authority_report") return true;
    return false;
  };
  EXPECT_TRUE(has_report_deadline());
  json report{{"authority", "明湖市卫生健康委员会"}, {"reference", "MH-2026-0007"}};
  std::string url = path(id, "/health-authority-reports");
  expect_problem(api().post(url, report, t("mediator")), 403, "health_authority_report_not_for_role");
  expect_problem(api().post(url, report, t("officer2")), 404, "resource_not_found");
  expect_problem(api().post(url, {{"reference", "x"}}, t("officer")), 400, "request_invalid");
  auto done = api().post(url, report, t("officer"));
  ASSERT_EQ(done.status, 201) << done.raw;
  EXPECT_EQ(done.body["kind"], "report_to_health_authority");
  EXPECT_FALSE(has_report_deadline());
  expect_problem(api().post(url, report, t("officer")), 409, "health_authority_report_already_made");
  expect_problem(api().post(path(file_case(), "/health-authority-reports"), report, t("officer")), 422,
                 "health_authority_report_not_required");
}

TEST_F(DisputesApi, ARecordSealingIsAnchoredInTheLedgerAndProvableByEitherSide) {
  std::int64_t id = file_case();
  std::string at = SystemClock().now().to_iso_utc();
  json sealing{{"kind", "record_sealing"},
               {"at", at},
               {"present", {"患方 林小禾", "医方 周明远"}},
               {"records", {"门诊病历（第1-12页）", "X线检查报告"}}};
  json copying = sealing;
  copying["kind"] = "record_copying";
  expect_problem(api().post(path(id, "/record-events"), copying, t("officer")), 400, "request_invalid");
  auto sealed = api().post(path(id, "/record-events"), sealing, t("officer"));
  ASSERT_EQ(sealed.status, 201) << sealed.raw;
  const json& d = sealed.body["details"];
  // The hash of the sealed list's canonical JSON (sorted keys), recomputable by either side.
  json list{{"case_id", id}, {"records", sealing["records"]}, {"sealed_at", d["at"]}};
  EXPECT_EQ(d["records_sha256"], crypto::sha256_hex(list.dump()));
  ASSERT_TRUE(d["ledger_leaf_index"].is_number()) << d.dump();
  std::uint64_t index = d["ledger_leaf_index"];

  // The public proof: the leaf's hash is the one recorded, its path leads to the signed root.
  auto proof = api().get("/api/v1/ledger/leaves/" + std::to_string(index) + "/proof");
  ASSERT_EQ(proof.status, 200) << proof.raw;
  EXPECT_EQ(proof.body["kind"], "disputes.record_sealing");
  EXPECT_EQ(proof.body["leaf_hash"], d["ledger_leaf_hash"]);
  json canonical{{"kind", "disputes.record_sealing"}, {"case_id", id}, {"sealed_at", d["at"]},
                 {"records_sha256", d["records_sha256"]}};
  EXPECT_EQ(proof.body["leaf_hash"], ledger::to_hex(ledger::leaf_hash(canonical.dump())));
  const json& head = proof.body["tree_head"];
  std::vector<ledger::Hash> path_hashes;
  for (const auto& h : proof.body["audit_path"]) path_hashes.push_back(*ledger::from_hex(h.get<std::string>()));
  EXPECT_TRUE(ledger::verify_inclusion(index, head["tree_size"].get<std::uint64_t>(), *ledger::from_hex(d["ledger_leaf_hash"].get<std::string>()),
                                       path_hashes, *ledger::from_hex(head["root_hash"].get<std::string>())));
  ledger::TreeHeadFields fields{head["tree_size"].get<std::uint64_t>(), head["root_hash"].get<std::string>(),
                                head["timestamp"].get<std::string>(), head["audit_seq"].get<std::int64_t>(),
                                head["audit_hash"].get<std::string>()};
  EXPECT_TRUE(ledger::ed25519_verify(ledger::signed_message(fields), crypto::base64_decode(head["signature"].get<std::string>()),
                                     *ledger::from_hex(proof.body["public_key"].get<std::string>())));
  // The case timeline shows the sealing with its leaf.
  auto events = api().get(path(id, "/events"), t("patient"));
  ASSERT_EQ(events.status, 200);
  bool seen = false;
  for (const auto& e : events.body["items"])
    if (e["kind"] == "record_sealing") seen = e["details"]["ledger_leaf_index"] == index;
  EXPECT_TRUE(seen) << events.raw;
}

}  // namespace
}  // namespace medrisk::testing
