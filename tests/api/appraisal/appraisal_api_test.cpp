// The appraisal API as its users meet it on the demo province: the pool's admin draws panels, experts
// see only their own assignments, decline with a reason, sign opinions that never change and answer
// Delphi rounds anonymously; mediators and officers of the case see the consensus, not who said what.
#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class AppraisalApi : public ApiTest {
 protected:
  // expert id → username of the demo experts (expert1…expert7), and their sessions.
  std::map<std::int64_t, std::string> experts() {
    std::map<std::int64_t, std::string> out;
    auto client = api();
    for (int i = 1; i <= 7; ++i) {
      std::string user = "expert" + std::to_string(i);
      auto r = client.get("/api/v1/experts", client.login(user));
      EXPECT_EQ(r.status, 200) << r.raw;
      EXPECT_EQ(r.body["items"].size(), 1u) << "an expert sees only their own entry";
      out[r.body["items"][0]["id"].get<std::int64_t>()] = user;
    }
    return out;
  }
  std::int64_t org_id(const std::string& username) {
    auto client = api();
    return client.get("/api/v1/me", client.login(username)).body["user"]["organization"]["id"].get<std::int64_t>();
  }
  std::vector<std::int64_t> active_members(const json& panel) {
    std::vector<std::int64_t> out;
    for (const auto& m : panel["members"])
      if (m["status"] == "active") out.push_back(m["expert_id"].get<std::int64_t>());
    return out;
  }
};

TEST_F(AppraisalApi, TheDemoPanelReachedConsensusAndPartiesSeeOnlyThat) {
  auto client = api();
  auto by_id = experts();
  std::string admin = client.login("admin");
  auto pool = client.get("/api/v1/experts", admin);
  ASSERT_EQ(pool.status, 200);
  EXPECT_EQ(pool.body["items"].size(), 7u);
  auto panel = client.get("/api/v1/panels/1", admin);
  ASSERT_EQ(panel.status, 200) << panel.raw;
  EXPECT_EQ(panel.body["delphi"]["study"]["status"], "consensus");
  EXPECT_EQ(panel.body["delphi"]["latest_statistics"]["items"][1]["median_class"], "main");
  auto draws = client.get("/api/v1/panels/1/draws", admin);
  ASSERT_EQ(draws.status, 200);
  EXPECT_TRUE(draws.body["items"][0]["replay_matches"].get<bool>()) << "the recorded seed replays the draw";

  for (const char* party : {"mediator", "officer"}) {
    std::string token = client.login(party);
    auto seen = client.get("/api/v1/panels/1", token);
    ASSERT_EQ(seen.status, 200) << party;
    EXPECT_EQ(seen.body["viewer"], "party");
    EXPECT_TRUE(seen.body["delphi"]["latest_statistics"]["consensus"].get<bool>());
    EXPECT_FALSE(seen.body["members"][0].contains("decline_reason"));
    expect_problem(client.get("/api/v1/panels/1/opinions", token), 404, "resource_not_found");
  }
  // Experts: members see the panel and the anonymized reasons; the others get 404.
  auto members = active_members(panel.body);
  for (const auto& [id, user] : by_id) {
    std::string token = client.login(user);
    bool member = std::find(members.begin(), members.end(), id) != members.end();
    auto r = client.get("/api/v1/panels/1", token);
    if (!member) {
      expect_problem(r, 404, "resource_not_found");
      continue;
    }
    ASSERT_EQ(r.status, 200);
    std::int64_t round_id = r.body["delphi"]["rounds"][0]["id"];
    auto round = client.get("/api/v1/delphi-rounds/" + std::to_string(round_id), token);
    ASSERT_EQ(round.status, 200);
    EXPECT_EQ(round.body["reasons"][1]["reasons"].size(), 3u);
    EXPECT_EQ(round.body["my_answers"].size(), 3u);
    auto own = client.get("/api/v1/panels/1/opinions", token);
    ASSERT_EQ(own.body["items"].size(), 1u) << "an expert sees their own opinion only";
    EXPECT_EQ(own.body["items"][0]["status"], "signed");
    EXPECT_TRUE(own.body["items"][0]["digest_valid"].get<bool>());
  }
  expect_problem(client.get("/api/v1/panels/1", "not-a-session-token"), 401, "session_invalid");
}

TEST_F(AppraisalApi, DrawDeclineSignAndDelphiOverHttp) {
  auto client = api();
  auto by_id = experts();
  std::string admin = client.login("admin");
  json request = {{"case_id", 7001},
                  {"institution_id", org_id("officer")},
                  {"specialty", "orthopedics"},
                  {"size", 3},
                  {"party_organization_ids", {org_id("mediator")}}};
  expect_problem(client.post("/api/v1/panels", request, client.login("officer")), 403, "permission_denied");
  auto wrong_size = request;
  wrong_size["size"] = 4;
  expect_problem(client.post("/api/v1/panels", wrong_size, admin), 422, "panel_size_not_allowed");
  auto unknown = request;
  unknown["seed"] = 42;
  expect_problem(client.post("/api/v1/panels", unknown, admin), 400, "request_invalid");
  auto created = client.post("/api/v1/panels", request, admin);
  ASSERT_EQ(created.status, 201) << created.raw;
  std::string panel = "/api/v1/panels/" + std::to_string(created.body["id"].get<std::int64_t>());
  auto members = active_members(created.body);
  ASSERT_EQ(members.size(), 3u);

  // One member declines with a reason and is replaced; declining twice is a conflict.
  std::int64_t decliner = members[2];
  std::string decliner_token = client.login(by_id[decliner]);
  std::string decline = panel + "/members/" + std::to_string(decliner) + "/decline";
  expect_problem(client.post(decline, json::object(), decliner_token), 400, "request_invalid");
  auto declined = client.post(decline, {{"reason", "本人曾为患者诊治"}}, decliner_token);
  ASSERT_EQ(declined.status, 200) << declined.raw;
  EXPECT_EQ(active_members(declined.body).size(), 3u);
  auto again = client.post(decline, {{"reason", "再次"}}, decliner_token, "en-US");
  expect_problem(again, 409, "panel_member_already_declined");
  EXPECT_EQ(again.body["title"], "This expert has already declined this panel");
  auto draws = client.get(panel + "/draws", admin);
  ASSERT_EQ(draws.body["items"].size(), 2u);
  EXPECT_EQ(draws.body["items"][1]["kind"], "replacement");
  EXPECT_TRUE(draws.body["items"][1]["replay_matches"].get<bool>());

  // A member signs an opinion; a signed opinion never changes.
  std::string member = client.login(by_id[members[0]]);
  json opinion = {{"has_damage", true},
                  {"has_fault", true},
                  {"breached_duties", {"diagnosis"}},
                  {"causation_degree", "secondary"},
                  {"causation_percent", 60},
                  {"disability_grades", {9}},
                  {"reasons", "漏诊骨折，延误治疗"}};
  expect_problem(client.post(panel + "/opinions", opinion, member), 422, "causation_percent_outside_degree");
  opinion["causation_percent"] = 30;
  auto draft = client.post(panel + "/opinions", opinion, member);
  ASSERT_EQ(draft.status, 201) << draft.raw;
  std::string path = "/api/v1/opinions/" + std::to_string(draft.body["id"].get<std::int64_t>());
  expect_problem(client.post(panel + "/opinions", opinion, decliner_token), 404, "resource_not_found");
  auto signed_o = client.post(path + "/sign", json::object(), member);
  ASSERT_EQ(signed_o.status, 200);
  EXPECT_EQ(signed_o.body["digest"].get<std::string>().size(), 64u);
  httplib::Client raw("127.0.0.1", server()->port());
  auto put = raw.Put(path, {{"Authorization", "Bearer " + member}}, opinion.dump(), "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 409);
  EXPECT_NE(put->body.find("opinion_already_signed"), std::string::npos);

  // A Delphi round for the panel: members answer once, then see the group's statistics.
  auto round = client.post("/api/v1/delphi-rounds", {{"panel_id", created.body["id"]}}, admin);
  ASSERT_EQ(round.status, 201) << round.raw;
  std::string round_path = "/api/v1/delphi-rounds/" + std::to_string(round.body["id"].get<std::int64_t>());
  json answers = {{"answers",
                   {{{"item", "has_fault"}, {"value", "yes"}, {"reason", "漏诊"}},
                    {{"item", "causation_degree"}, {"value", "secondary"}},
                    {{"item", "disability_grade"}, {"value", "9"}}}}};
  expect_problem(client.post(round_path + "/responses", {{"answers", json::array()}}, member), 400,
                 "delphi_answer_invalid");
  ASSERT_EQ(client.post(round_path + "/responses", answers, member).status, 201);
  expect_problem(client.post(round_path + "/responses", answers, member), 409, "delphi_response_already_submitted");
  expect_problem(client.post(round_path + "/responses", answers, decliner_token), 404, "resource_not_found");
  auto closed = client.post(round_path + "/close", json::object(), admin);
  ASSERT_EQ(closed.status, 200) << closed.raw;
  EXPECT_EQ(closed.body["statistics"]["items"][1]["median_class"], "secondary");
  expect_problem(client.post(round_path + "/close", json::object(), admin), 409, "delphi_round_closed");
}

TEST_F(AppraisalApi, ASurveyOfRatingFactorsUsesTheSameEngine) {
  auto client = api();
  auto by_id = experts();
  std::string admin = client.login("admin");
  std::vector<std::int64_t> ids;
  for (const auto& [id, user] : by_id) ids.push_back(id);
  json survey = {{"title", "医责险费率因素德尔菲调查"},
                 {"items",
                  {{{"key", "factors"},
                    {"kind", "ranking"},
                    {"label_zh", "费率因素排序"},
                    {"label_en", "Rating factors"},
                    {"classes", {"claims_history", "grade", "beds"}}}}},
                 {"expert_ids", ids}};
  auto both = survey;
  both["panel_id"] = 1;
  expect_problem(client.post("/api/v1/delphi-rounds", both, admin), 400, "request_invalid");
  auto round = client.post("/api/v1/delphi-rounds", survey, admin);
  ASSERT_EQ(round.status, 201) << round.raw;
  std::string path = "/api/v1/delphi-rounds/" + std::to_string(round.body["id"].get<std::int64_t>());
  for (const auto& [id, user] : by_id) {
    json answer = {{"answers", {{{"item", "factors"}, {"ranking", {"claims_history", "grade", "beds"}}}}}};
    ASSERT_EQ(client.post(path + "/responses", answer, client.login(user)).status, 201) << user;
  }
  auto closed = client.post(path + "/close", json::object(), admin);
  ASSERT_EQ(closed.status, 200);
  auto& stats = closed.body["statistics"]["items"][0];
  EXPECT_DOUBLE_EQ(stats["kendall_w"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(stats["chi_square"].get<double>(), 14.0);  // m(n − 1)W = 7·2·1
  EXPECT_EQ(stats["degrees_of_freedom"], 2);
  EXPECT_TRUE(closed.body["consensus"].get<bool>());
  expect_problem(client.get(path, client.login("mediator")), 404, "resource_not_found");  // a survey has no parties
}

}  // namespace
}  // namespace medrisk::testing
