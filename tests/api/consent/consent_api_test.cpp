// The consent API as the patient and the parties meet it, on SQLite and PostgreSQL: the patient grants
// the committee's mediators (case handling), the insurer (insurance claim) and the case's appraisal
// panel (appraisal); each reads the narrative, the materials and an attachment, and every read is in
// the patient's access log; after each revocation the very next read of that party is withheld or 403,
// and nothing more is logged. Bad grants are refused with their codes; only the patient sees the log.
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

std::string shanghai_date(int offset_days) {
  auto now = std::chrono::system_clock::now() + std::chrono::hours(8);
  std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now) + std::chrono::days(offset_days)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

class ConsentApi : public ApiTest {
 protected:
  static std::map<std::string, std::string>& tokens() { static std::map<std::string, std::string> t; return t; }

  void SetUp() override {
    if (!tokens().empty()) return;
    auto client = api();
    std::string admin = client.login("admin");
    // A patient of their own (the demo patient holds demo grants).
    auto r = client.post("/api/v1/users", {{"username", "cp_patient"}, {"display_name", "cp_patient"},
                                           {"password", "medrisk-demo"}, {"roles", {"patient"}}}, admin);
    ASSERT_EQ(r.status, 201) << r.raw;
    tokens()["admin"] = admin;
    for (const char* u : {"cp_patient", "patient", "officer", "mediator", "adjuster", "lawyer"}) tokens()[u] = client.login(u);
    for (int i = 1; i <= 7; ++i) tokens()["expert" + std::to_string(i)] = client.login("expert" + std::to_string(i));
  }
  std::string t(const std::string& user) { return tokens().at(user); }
  std::int64_t org_of(const std::string& user) {
    return api().get("/api/v1/me", t(user)).body["user"]["organization"]["id"].get<std::int64_t>();
  }
  std::string path(std::int64_t id, const std::string& rest = "") { return "/api/v1/cases/" + std::to_string(id) + rest; }
  std::string pdf() { return "%PDF-1.7\n% invented test document\n"; }

  json grant(const json& body) {
    auto r = api().post("/api/v1/consents", body, t("cp_patient"));
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body;
  }
  // The party's three reads of the case file: the case (narrative), the materials, one attachment.
  void expect_reads(std::int64_t id, const std::string& file, const std::string& user, bool allowed) {
    auto c = api().get(path(id), t(user));
    ASSERT_EQ(c.status, 200) << user << " " << c.raw;
    auto m = api().get(path(id, "/materials"), t(user));
    ASSERT_EQ(m.status, 200) << user << " " << m.raw;
    if (allowed) {
      EXPECT_EQ(c.body["narrative"], "术后切口感染，住院延长。") << user;
      EXPECT_FALSE(m.body["attachments_withheld"].get<bool>()) << user;
      auto f = api().get(file, t(user));
      EXPECT_EQ(f.status, 200) << user;
      EXPECT_EQ(f.raw, pdf());
    } else {
      EXPECT_TRUE(c.body["narrative"].is_null()) << user;
      EXPECT_TRUE(c.body["narrative_withheld"].get<bool>()) << user;
      EXPECT_TRUE(m.body["attachments_withheld"].get<bool>()) << user;
      expect_problem(api().get(file, t(user)), 403, "patient_consent_required");
    }
  }
  json access_log() { return list_all_pages("/api/v1/consent/access-log", "", t("cp_patient"), 4); }
};

TEST_F(ConsentApi, RevokingHidesTheDataFromTheNextRequestOfEachPartyAndEveryReadIsLogged) {
  auto client = api();
  auto filed = client.post("/api/v1/cases",
                           {{"institution_org_id", org_of("officer")}, {"case_type", "other_harm"}, {"department", "骨科"},
                            {"incident_date", shanghai_date(-12)}, {"narrative", "术后切口感染，住院延长。"},
                            {"compensation_demand_fen", 800000}},
                           t("cp_patient"));
  ASSERT_EQ(filed.status, 201) << filed.raw;
  std::int64_t id = filed.body["id"];
  ASSERT_EQ(client.post(path(id, "/transitions"), {{"action", "accept"}, {"channel", "people_mediation"}}, t("mediator")).status, 200);
  auto up = client.post_raw(path(id, "/materials/medical_records_copy/attachments?file_name=records.pdf"), pdf(),
                            "application/pdf", t("cp_patient"));
  ASSERT_EQ(up.status, 201) << up.raw;
  std::string file = path(id, "/attachments/" + std::to_string(up.body["id"].get<std::int64_t>()));
  // The case's appraisal panel (3 of the 7 demo experts, drawn at random): its members read the file.
  auto panel = client.post("/api/v1/panels", {{"case_id", id}, {"institution_id", org_of("officer")},
                                              {"specialty", "orthopedics"}, {"size", 3},
                                              {"party_organization_ids", {org_of("mediator")}}}, t("admin"));
  ASSERT_EQ(panel.status, 201) << panel.raw;
  std::vector<std::string> members;
  for (int i = 1; i <= 7; ++i) {
    std::string e = "expert" + std::to_string(i);
    auto r = client.get(path(id), t(e));
    if (r.status == 200) members.push_back(e);
    else EXPECT_EQ(r.status, 403) << "an expert off the panel does not read the case: " << r.raw;
  }
  ASSERT_EQ(members.size(), 3u);
  const std::string expert = members.front();

  for (const auto& u : {std::string("mediator"), std::string("adjuster"), expert}) expect_reads(id, file, u, false);
  EXPECT_TRUE(access_log().empty()) << "nothing was shown, nothing is logged";

  std::string until = shanghai_date(200);
  json mediators = grant({{"case_id", id}, {"grantee", {{"kind", "role"}, {"role", "mediator"}}}, {"purpose", "case_handling"},
                          {"data_kinds", {"narrative", "attachments"}}, {"valid_until", until}});
  json insurer = grant({{"grantee", {{"kind", "organization"}, {"organization_id", org_of("adjuster")}}},
                        {"purpose", "insurer_claim"}, {"data_kinds", {"narrative", "attachments"}}, {"valid_until", until}});
  json experts = grant({{"case_id", id}, {"grantee", {{"kind", "role"}, {"role", "expert"}}}, {"purpose", "appraisal"},
                        {"data_kinds", {"narrative", "attachments"}}, {"valid_until", until}});
  EXPECT_EQ(insurer["state"], "active");
  EXPECT_EQ(insurer["grantee"]["name"], "安和财产保险明湖分公司");

  for (const auto& u : {std::string("mediator"), std::string("adjuster"), expert}) expect_reads(id, file, u, true);
  json log = access_log();
  ASSERT_EQ(log.size(), 9u) << "three reads by each of three parties: " << log.dump();
  std::map<std::string, int> by_purpose;
  for (const auto& e : log) {
    by_purpose[e["purpose"].get<std::string>()]++;
    EXPECT_EQ(e["module"], "disputes");
    EXPECT_FALSE(e["reader_name"].get<std::string>().empty());
  }
  EXPECT_EQ(by_purpose, (std::map<std::string, int>{{"appraisal", 3}, {"case_handling", 3}, {"insurer_claim", 3}}));
  std::string attachment = "case:" + std::to_string(id) + "/attachment:" + std::to_string(up.body["id"].get<std::int64_t>());
  EXPECT_EQ(log[0]["resource"], attachment) << "the last read was the expert's download";
  EXPECT_GT(log[0]["id"].get<std::int64_t>(), log[8]["id"].get<std::int64_t>()) << "newest first";

  // Revoke one party at a time: its very next read is withheld, the others still read.
  std::vector<std::pair<json, std::string>> order = {{insurer, "adjuster"}, {mediators, "mediator"}, {experts, expert}};
  std::size_t logged = log.size();
  for (std::size_t i = 0; i < order.size(); ++i) {
    std::string revoke = "/api/v1/consents/" + std::to_string(order[i].first["id"].get<std::int64_t>()) + "/revoke";
    auto r = client.post(revoke, json::object(), t("cp_patient"));
    ASSERT_EQ(r.status, 200) << r.raw;
    EXPECT_EQ(r.body["state"], "revoked");
    expect_reads(id, file, order[i].second, false);
    for (std::size_t j = i + 1; j < order.size(); ++j) expect_reads(id, file, order[j].second, true);
    logged += 3 * (order.size() - i - 1);
    EXPECT_EQ(access_log().size(), logged) << "the refused reads are not in the log";
    expect_problem(client.post(revoke, json::object(), t("cp_patient")), 409, "consent_grant_already_revoked");
  }
  auto grants = client.get("/api/v1/consents", t("cp_patient"));
  ASSERT_EQ(grants.status, 200);
  ASSERT_EQ(grants.body["items"].size(), 3u);
  for (const auto& g : grants.body["items"]) EXPECT_EQ(g["state"], "revoked");
}

TEST_F(ConsentApi, BadGrantsAreRefusedAndOnlyThePatientSeesTheirLog) {
  auto client = api();
  json ok = {{"grantee", {{"kind", "role"}, {"role", "lawyer"}}}, {"purpose", "legal_aid"},
             {"data_kinds", {"narrative"}}, {"valid_until", shanghai_date(30)}};
  auto bad = [&](json body, int status, const char* code) {
    expect_problem(client.post("/api/v1/consents", body, t("cp_patient")), status, code);
  };
  json b = ok;
  b["purpose"] = "marketing";
  bad(b, 400, "consent_purpose_unknown");
  b = ok;
  b["grantee"]["role"] = "adjuster";
  bad(b, 422, "consent_role_not_for_purpose");
  b = ok;
  b["valid_until"] = "2020-01-01";
  bad(b, 422, "consent_valid_until_in_past");
  b = ok;
  b["data_kinds"] = {"genome"};
  bad(b, 400, "consent_data_kind_unknown");
  b = ok;
  b["grantee"] = {{"kind", "organization"}, {"organization_id", 999999}};
  bad(b, 422, "consent_grantee_not_found");
  b = ok;
  b["extra"] = 1;
  bad(b, 400, "request_invalid");
  expect_problem(client.post("/api/v1/consents", ok, t("adjuster")), 403, "consent_managed_only_by_patient");
  expect_problem(client.get("/api/v1/consent/access-log", t("adjuster")), 403, "consent_managed_only_by_patient");
  expect_problem(client.get("/api/v1/consent/access-log?cursor=abc", t("cp_patient")), 400, "cursor_invalid");
  expect_problem(client.post("/api/v1/consents/999999/revoke", json::object(), t("cp_patient")), 404, "resource_not_found");
  auto demo = client.get("/api/v1/consents", t("patient"));
  ASSERT_EQ(demo.status, 200);
  std::set<std::string> states;
  for (const auto& g : demo.body["items"]) states.insert(g["state"].get<std::string>());
  EXPECT_EQ(states, (std::set<std::string>{"active", "revoked", "expired"})) << "the demo patient's grants";
  auto demo_log = client.get("/api/v1/consent/access-log", t("patient"));
  EXPECT_GE(demo_log.body["items"].size(), 2u) << "the demo access entries";
  auto purposes = client.get("/api/v1/consent/purposes", t("cp_patient"));
  ASSERT_EQ(purposes.status, 200);
  EXPECT_EQ(purposes.body["purposes"].size(), 6u);
}

// A legal representative (a parent of a minor, checked by the medical officer) manages the child's
// consent: grants a named user for one case, and the user reads; the child's list names who granted and
// on which representation; the parent sees the child's access history; another patient's consent centre
// is 404; once the representation is revoked the parent can no longer grant, list or revoke (403).
TEST_F(ConsentApi, ALiveRepresentativeGrantsForThePatientAndLosesThatWhenTheRepresentationEnds) {
  auto client = api();
  for (const char* u : {"rp_child", "rp_parent", "rp_other"}) {
    auto r = client.post("/api/v1/users", {{"username", u}, {"display_name", std::string("测试 ") + u},
                                           {"password", "medrisk-demo"}, {"roles", {"patient"}}}, t("admin"));
    ASSERT_EQ(r.status, 201) << r.raw;
    tokens()[u] = client.login(u);
  }
  auto id_of = [&](const std::string& u) { return client.get("/api/v1/me", t(u)).body["user"]["id"].get<std::int64_t>(); };
  std::int64_t child = id_of("rp_child"), parent = id_of("rp_parent"), other = id_of("rp_other"), adjuster = id_of("adjuster");
  json rep = {{"patient_user_id", child}, {"representative_user_id", parent}, {"basis", "guardian_minor"},
              {"valid_from", shanghai_date(0)}, {"evidence_ref", "出生医学证明 Q440190999（测试）"}};
  // Who may make it, and what is refused.
  expect_problem(client.post("/api/v1/representations", rep, t("adjuster")), 403, "permission_denied");
  expect_problem(client.post("/api/v1/representations", rep, t("rp_other")), 403, "permission_denied");
  json bad = rep;
  bad["basis"] = "neighbour";
  expect_problem(client.post("/api/v1/representations", bad, t("officer")), 400, "representation_basis_unknown");
  bad = rep;
  bad["basis"] = "agent_written";
  expect_problem(client.post("/api/v1/representations", bad, t("officer")), 422, "representation_valid_until_required");
  bad = rep;
  bad["representative_user_id"] = child;
  expect_problem(client.post("/api/v1/representations", bad, t("officer")), 422, "representation_self");
  bad = rep;
  bad["patient_user_id"] = adjuster;
  expect_problem(client.post("/api/v1/representations", bad, t("officer")), 422, "representation_patient_invalid");
  auto made = client.post("/api/v1/representations", rep, t("officer"));
  ASSERT_EQ(made.status, 201) << made.raw;
  EXPECT_EQ(made.body["state"], "active");
  EXPECT_EQ(made.body["representative_name"], "测试 rp_parent");
  std::int64_t rep_id = made.body["id"];
  expect_problem(client.post("/api/v1/representations", rep, t("officer")), 409, "representation_exists");
  // A patient records their own agent, a legal-aid lawyer (a written authorization states its term), and ends it.
  json agent = {{"patient_user_id", other}, {"representative_user_id", id_of("lawyer")}, {"basis", "agent_written"},
                {"valid_from", shanghai_date(0)}, {"valid_until", shanghai_date(30)}, {"evidence_ref", "授权委托书 2026-001"}};
  auto own = client.post("/api/v1/representations", agent, t("rp_other"));
  ASSERT_EQ(own.status, 201) << own.raw;
  EXPECT_EQ(own.body["created_by_user_id"], other);
  ASSERT_EQ(client.post("/api/v1/representations/" + std::to_string(own.body["id"].get<std::int64_t>()) + "/revoke",
                        json::object(), t("rp_other")).status, 200);
  auto mine = client.get("/api/v1/representations", t("rp_parent"));
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.body["items"].size(), 1u);
  EXPECT_EQ(mine.body["items"][0]["patient_user_id"], child);
  EXPECT_EQ(mine.body["items"][0]["state"], "active");

  // The child's case; the parent names the insurer's adjuster for this case only.
  auto filed = client.post("/api/v1/cases",
                           {{"institution_org_id", org_of("officer")}, {"case_type", "other_harm"}, {"department", "儿科"},
                            {"incident_date", shanghai_date(-5)}, {"narrative", "术后切口感染，住院延长。"},
                            {"compensation_demand_fen", 300000}},
                           t("rp_child"));
  ASSERT_EQ(filed.status, 201) << filed.raw;
  std::int64_t id = filed.body["id"];
  ASSERT_EQ(client.post(path(id, "/transitions"), {{"action", "accept"}, {"channel", "people_mediation"}}, t("mediator")).status, 200);
  auto before = client.get(path(id), t("adjuster"));
  ASSERT_EQ(before.status, 200) << before.raw;
  EXPECT_TRUE(before.body["narrative"].is_null()) << "no grant yet";
  auto members = client.get("/api/v1/consent/parties/" + std::to_string(org_of("adjuster")) + "/members", t("rp_parent"));
  ASSERT_EQ(members.status, 200) << members.raw;
  bool listed = false;
  for (const auto& m : members.body["items"]) listed = listed || m["user_id"] == adjuster;
  EXPECT_TRUE(listed) << "the form offers the insurer's adjuster by name";
  std::string for_child = "?patient_user_id=" + std::to_string(child);
  json named = {{"case_id", id}, {"grantee", {{"kind", "user"}, {"user_id", adjuster}}}, {"purpose", "insurer_claim"},
                {"data_kinds", {"narrative"}}, {"valid_until", shanghai_date(60)}};
  auto g = client.post("/api/v1/consents" + for_child, named, t("rp_parent"));
  ASSERT_EQ(g.status, 201) << g.raw;
  EXPECT_EQ(g.body["patient_user_id"], child);
  EXPECT_EQ(g.body["granted_by"]["user_id"], parent);
  EXPECT_EQ(g.body["granted_by"]["representation_id"], rep_id);
  EXPECT_EQ(g.body["grantee"]["name"], "理赔 孙嘉木");
  auto after = client.get(path(id), t("adjuster"));
  EXPECT_EQ(after.body["narrative"], "术后切口感染，住院延长。") << "the named user reads";
  auto seen_by_child = client.get("/api/v1/consents", t("rp_child"));
  ASSERT_EQ(seen_by_child.body["items"].size(), 1u);
  EXPECT_EQ(seen_by_child.body["items"][0]["granted_by"]["name"], "测试 rp_parent");
  auto history = client.get("/api/v1/consent/access-log" + for_child, t("rp_parent"));
  ASSERT_EQ(history.status, 200) << history.raw;
  ASSERT_EQ(history.body["items"].size(), 1u) << "the adjuster's one read, visible to the representative";
  EXPECT_EQ(history.body["items"][0]["reader_user_id"], adjuster);

  // Another patient's consent centre: nothing to see.
  std::string for_other = "?patient_user_id=" + std::to_string(other);
  expect_problem(client.get("/api/v1/consents" + for_other, t("rp_parent")), 404, "resource_not_found");
  expect_problem(client.get("/api/v1/consent/access-log" + for_other, t("rp_parent")), 404, "resource_not_found");
  expect_problem(client.post("/api/v1/consents" + for_other, named, t("rp_parent")), 404, "resource_not_found");
  std::string revoke_grant = "/api/v1/consents/" + std::to_string(g.body["id"].get<std::int64_t>()) + "/revoke";
  expect_problem(client.post(revoke_grant + for_child, json::object(), t("rp_other")), 404, "resource_not_found");
  expect_problem(client.post(revoke_grant, json::object(), t("rp_other")), 404, "resource_not_found");

  // The representation ends (revoked by the officer): the parent acts for the child no more.
  std::string revoke_rep = "/api/v1/representations/" + std::to_string(rep_id) + "/revoke";
  expect_problem(client.post(revoke_rep, json::object(), t("rp_other")), 404, "resource_not_found");
  auto ended = client.post(revoke_rep, json::object(), t("officer"));
  ASSERT_EQ(ended.status, 200) << ended.raw;
  EXPECT_EQ(ended.body["state"], "revoked");
  expect_problem(client.post(revoke_rep, json::object(), t("officer")), 409, "representation_already_revoked");
  named["case_id"] = nullptr;
  named.erase("case_id");
  expect_problem(client.post("/api/v1/consents" + for_child, named, t("rp_parent")), 403, "consent_representation_ended");
  expect_problem(client.get("/api/v1/consents" + for_child, t("rp_parent")), 403, "consent_representation_ended");
  expect_problem(client.get("/api/v1/consent/access-log" + for_child, t("rp_parent")), 403, "consent_representation_ended");
  expect_problem(client.post(revoke_grant + for_child, json::object(), t("rp_parent")), 403, "consent_representation_ended");
  EXPECT_EQ(client.get("/api/v1/consents", t("rp_child")).body["items"].size(), 1u) << "nothing more was granted";
  // The child still revokes the grant their parent made; the adjuster's next read is withheld.
  ASSERT_EQ(client.post(revoke_grant, json::object(), t("rp_child")).status, 200);
  EXPECT_TRUE(client.get(path(id), t("adjuster")).body["narrative"].is_null());

  auto audit = client.get("/api/v1/audit?resource_type=representation&resource_id=" + std::to_string(rep_id), t("admin"));
  ASSERT_EQ(audit.status, 200) << audit.raw;
  std::set<std::string> actions;
  for (const auto& e : audit.body["items"]) actions.insert(e["action"].get<std::string>());
  EXPECT_EQ(actions, (std::set<std::string>{"representation.create", "representation.revoke"}));
}

}  // namespace
}  // namespace medrisk::testing
