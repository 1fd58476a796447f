// The incidents API over HTTP on the demo server (SQLite and PostgreSQL): a clinician reports anonymously
// and gets the reply token once; the officer answers and the reporter reads and writes with the token
// (no session); the whole workflow to closing; 409 for illegal moves; 404 for another institution's
// officer; 400/422 problems for bad input; the dashboard summary; the demo data's spread.
#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class IncidentsApi : public ApiTest {
 protected:
  static json report_body(bool anonymous, const std::string& cls = "general") {
    return {{"anonymous", anonymous},
            {"category", "medication"},
            {"department", "心内科"},
            {"place", "心内科病区 12 床"},
            {"harm_degree", "moderate"},
            {"description", "两位患者的抗凝药混淆，发现后立即停药（测试）"},
            {"occurred_at", "2026-01-05T09:00:00+08:00"},
            {"discovered_at", "2026-01-05T10:00:00+08:00"},
            {"severity_class", cls}};
  }
  // A medical officer of another demo hospital, created by the administrator.
  std::string other_officer(std::int64_t own_org) {
    std::string admin = api().login("admin");
    auto orgs = api().get("/api/v1/organizations?limit=200", admin);
    std::int64_t other = 0;
    for (const auto& o : orgs.body["items"])
      if (o["kind"] == "medical_institution" && o["id"].get<std::int64_t>() != own_org) other = o["id"].get<std::int64_t>();
    EXPECT_NE(other, 0) << orgs.raw;
    auto r = api().post("/api/v1/users",
                        {{"username", "incidents_other"},
                         {"display_name", "外院医务科"},
                         {"password", "medrisk-demo"},
                         {"roles", {"medical_officer"}},
                         {"organization_id", other}},
                        admin);
    EXPECT_EQ(r.status, 201) << r.raw;
    return api().login("incidents_other");
  }
};

TEST_F(IncidentsApi, AnAnonymousReporterAndTheReviewerTalkThroughTheToken) {
  std::string doctor = api().login("doctor"), officer = api().login("officer");
  auto rep = api().post("/api/v1/incidents", report_body(true), doctor);
  ASSERT_EQ(rep.status, 201) << rep.raw;
  ASSERT_TRUE(rep.body["reply_token"].is_string());
  std::string token = rep.body["reply_token"];
  std::int64_t id = rep.body["id"];
  EXPECT_TRUE(rep.body["anonymous"].get<bool>());
  EXPECT_TRUE(rep.body["reporter_name"].is_null());
  // The token is shown once: the incident read never returns it.
  auto read = api().get("/api/v1/incidents/" + std::to_string(id), officer);
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_FALSE(read.body.contains("reply_token"));
  EXPECT_EQ(read.raw.find(token), std::string::npos);
  EXPECT_EQ(read.body["description"], "两位患者的抗凝药混淆，发现后立即停药（测试）");

  auto answer = api().post("/api/v1/incidents/" + std::to_string(id) + "/messages", {{"body", "请补充当班人员情况"}}, officer);
  ASSERT_EQ(answer.status, 201) << answer.raw;
  // The reporter, without a session, reads the answer and replies.
  auto mine = api().post("/api/v1/incidents/by-token", {{"token", token}});
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ASSERT_EQ(mine.body["messages"].size(), 1u);
  EXPECT_EQ(mine.body["messages"][0]["author"], "reviewer");
  EXPECT_EQ(mine.body["messages"][0]["body"], "请补充当班人员情况");
  EXPECT_EQ(mine.body["state"], "reported");
  auto reply = api().post("/api/v1/incidents/by-token/messages", {{"token", token}, {"body", "当班两人，一人为轮转"}});
  ASSERT_EQ(reply.status, 201) << reply.raw;
  auto thread = api().get("/api/v1/incidents/" + std::to_string(id), officer);
  ASSERT_EQ(thread.body["messages"].size(), 2u);
  EXPECT_EQ(thread.body["messages"][1]["author"], "reporter");
  EXPECT_EQ(thread.body["messages"][1]["body"], "当班两人，一人为轮转");
  // A wrong token is a 404 problem, in the caller's language.
  auto wrong = api().post("/api/v1/incidents/by-token", {{"token", "x" + token}}, "", "en-US");
  expect_problem(wrong, 404, "incident_reply_token_invalid");
  EXPECT_EQ(wrong.body["title"], "The reply token is not valid");
}

TEST_F(IncidentsApi, TheWorkflowRunsToClosingAndRefusesIllegalMoves) {
  std::string officer = api().login("officer"), doctor = api().login("doctor");
  auto rep = api().post("/api/v1/incidents", report_body(false, "major"), doctor);
  ASSERT_EQ(rep.status, 201) << rep.raw;
  EXPECT_TRUE(rep.body["reply_token"].is_null());
  EXPECT_EQ(rep.body["reporter_name"], "骨科 吴思齐 医师");
  // Major: 12 hours after discovery (10:00 Beijing = 02:00Z) → 14:00Z; long overdue on the demo clock.
  EXPECT_EQ(rep.body["report_due_at"].get<std::string>().substr(0, 19), "2026-01-05T14:00:00");
  EXPECT_TRUE(rep.body["overdue"].get<bool>());
  // The demo hospital holds a liability policy: the insurer was told at once.
  EXPECT_FALSE(rep.body["insurer_notified_at"].is_null()) << rep.raw;
  std::string base = "/api/v1/incidents/" + rep.body["id"].dump();
  auto move = [&](const std::string& action) { return api().post(base + "/transitions", {{"action", action}}, officer); };

  expect_problem(move("close"), 409, "incident_transition_not_allowed");
  expect_problem(api().post(base + "/transitions", {{"action", "start_review"}}, doctor), 403, "incident_reviewer_only");
  ASSERT_EQ(move("start_review").status, 200);
  expect_problem(move("start_review"), 409, "incident_transition_not_allowed");
  ASSERT_EQ(move("start_rca").status, 200);
  expect_problem(move("plan_actions"), 409, "incident_rca_required");
  expect_problem(api().post(base + "/rca", {{"method", "fishbone"}, {"fishbone", {{"weather", {"雨"}}}}}, officer), 400,
                 "incident_rca_category_unknown");
  auto rca = api().post(base + "/rca",
                        {{"method", "fishbone"},
                         {"fishbone", {{"people", {"轮转人员培训不足"}}, {"method", {"双人核对未执行"}}}},
                         {"root_cause", "核对流程缺少强制环节"}},
                        officer);
  ASSERT_EQ(rca.status, 200) << rca.raw;
  EXPECT_EQ(rca.body["rca"]["fishbone"]["people"][0], "轮转人员培训不足");
  ASSERT_EQ(move("plan_actions").status, 200);
  auto owners = api().get("/api/v1/incidents/owners", officer);
  ASSERT_EQ(owners.status, 200) << owners.raw;
  ASSERT_FALSE(owners.body["items"].empty());
  std::int64_t owner = owners.body["items"][0]["user_id"];
  auto action = api().post(base + "/actions", {{"description", "修订核对制度"}, {"owner_user_id", owner}, {"due_on", "2026-04-01"}},
                           officer);
  ASSERT_EQ(action.status, 201) << action.raw;
  std::int64_t action_id = action.body["actions"][0]["id"];
  expect_problem(move("close"), 409, "incident_actions_not_done");
  auto done = api().post(base + "/actions/" + std::to_string(action_id), {{"status", "done"}}, officer);
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body["actions"][0]["status"], "done");
  auto report = api().post(base + "/authority-report", {{"authority", "明湖市卫生健康委员会"}, {"reference", "MH-9"}}, officer);
  ASSERT_EQ(report.status, 200) << report.raw;
  EXPECT_TRUE(report.body["authority_report"]["late"].get<bool>());
  EXPECT_FALSE(report.body["overdue"].get<bool>());
  auto closed = move("close");
  ASSERT_EQ(closed.status, 200) << closed.raw;
  EXPECT_EQ(closed.body["state"], "closed");
  expect_problem(move("close"), 409, "incident_transition_not_allowed");
  // Every change is audited.
  auto audit = api().get("/api/v1/audit?resource_type=incident&resource_id=" + rep.body["id"].dump(), api().login("admin"));
  ASSERT_EQ(audit.status, 200) << audit.raw;
  EXPECT_GE(audit.body["items"].size(), 8u) << audit.raw;
}

TEST_F(IncidentsApi, AnotherInstitutionSees404AndBadInputIsAProblem) {
  std::string officer = api().login("officer");
  auto rep = api().post("/api/v1/incidents", report_body(false), officer);
  ASSERT_EQ(rep.status, 201) << rep.raw;
  std::string other = other_officer(rep.body["organization_id"]);
  std::string base = "/api/v1/incidents/" + rep.body["id"].dump();
  expect_problem(api().get(base, other), 404, "resource_not_found");
  expect_problem(api().post(base + "/transitions", {{"action", "start_review"}}, other), 404, "resource_not_found");
  for (const auto& item : api().get("/api/v1/incidents?limit=200", other).body["items"])
    EXPECT_NE(item["id"], rep.body["id"]);
  expect_problem(api().get(base, api().login("patient")), 403, "permission_denied");
  // The regulator of the province reads it.
  EXPECT_EQ(api().get(base, api().login("regulator")).status, 200);

  auto bad = report_body(false);
  bad["category"] = "weather";
  expect_problem(api().post("/api/v1/incidents", bad, officer), 400, "incident_category_unknown");
  bad = report_body(false);
  bad["severity_class"] = "minor";
  expect_problem(api().post("/api/v1/incidents", bad, officer), 400, "request_invalid");
  bad = report_body(false);
  bad["discovered_at"] = "2026-01-05T08:00:00+08:00";
  expect_problem(api().post("/api/v1/incidents", bad, officer), 422, "incident_discovered_before_occurred");
  bad = report_body(false);
  bad.erase("description");
  bad["reporter"] = "x";
  auto missing = api().post("/api/v1/incidents", bad, officer);
  expect_problem(missing, 400, "request_invalid");
  EXPECT_EQ(missing.body["violations"].size(), 2u) << missing.raw;
  bad = report_body(false);
  bad["case_id"] = 999999;
  expect_problem(api().post("/api/v1/incidents", bad, officer), 422, "incident_link_case_not_found");
  expect_problem(api().get("/api/v1/incidents?state=open", officer), 400, "request_invalid");
}

TEST_F(IncidentsApi, TheSummaryAndTheDemoDataCoverEveryStateAndClass) {
  std::string officer = api().login("officer");
  auto sum = api().get("/api/v1/incidents/summary", officer);
  ASSERT_EQ(sum.status, 200) << sum.raw;
  EXPECT_EQ(sum.body["scope"], "institution");
  for (const char* s : {"reported", "under_review", "root_cause_analysis", "actions", "closed"})
    EXPECT_GT(sum.body["by_state"][s].get<int>(), 0) << s;
  for (const char* c : {"general", "major", "extraordinary"}) EXPECT_GT(sum.body["by_class"][c].get<int>(), 0) << c;
  EXPECT_EQ(sum.body["by_month"].size(), 12u);
  EXPECT_GT(sum.body["overdue"].get<int>(), 0);
  EXPECT_GE(sum.body["total"].get<int>(), 60);
  EXPECT_FALSE(sum.body["to_review"].empty());
  auto overdue = list_all_pages("/api/v1/incidents", "overdue=true", officer, 50);
  EXPECT_EQ(static_cast<int>(overdue.size()), sum.body["overdue"].get<int>());
  for (const auto& i : overdue) EXPECT_TRUE(i["overdue"].get<bool>());
  auto regulator = api().get("/api/v1/incidents/summary", api().login("regulator"));
  ASSERT_EQ(regulator.status, 200);
  EXPECT_EQ(regulator.body["scope"], "province");
  EXPECT_GT(regulator.body["total"].get<int>(), sum.body["total"].get<int>());
  auto params = api().get("/api/v1/incidents/parameters");
  ASSERT_EQ(params.status, 200);
  EXPECT_EQ(params.body["categories"].size(), 10u);
  EXPECT_EQ(params.body["classes"][1]["report_within"]["value"], 12);
}

}  // namespace
}  // namespace medrisk::testing
