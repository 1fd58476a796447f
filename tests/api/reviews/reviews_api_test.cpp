// The reviews API as its users meet it on the demo province: the patient rates their own visit once
// (a second try is 409, someone else's visit 404), the hospital and the regulator read moderated
// comments that never contain a phone or ID number, a low rating puts an outreach task on the medical
// officer's list, aggregates suppress small cells and stay within their institution, and the
// moderator decides what the rules held back.
#include <regex>

#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class ReviewsApi : public ApiTest {
 protected:
  std::int64_t visit_id(const std::string& token, const std::string& hospital_visit) {
    auto r = api().get("/api/v1/visit-policies?limit=50", token);
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& v : r.body["items"])
      if (v["visit_id"] == hospital_visit) return v["id"].get<std::int64_t>();
    return 0;
  }
  json review(const std::string& kind, std::int64_t id, int overall, const std::string& comment) {
    json scores = json::object();
    for (const char* a : {"communication", "risk_explanation", "waiting", "outcome"}) scores[a] = overall;
    json body = {{"subject_kind", kind}, {"subject_id", id}, {"overall", overall}, {"scores", scores}};
    if (!comment.empty()) body["comment"] = comment;
    return body;
  }
  // No mainland mobile (11 digits from 1[3-9]) and no 15/18-character ID number in `text`.
  static bool free_of_phone_and_id(const std::string& text) {
    static const std::regex phone("1[3-9][0-9]{9}"), id("[0-9]{17}[0-9Xx]|[0-9]{15}");
    return !std::regex_search(text, phone) && !std::regex_search(text, id);
  }
};

TEST_F(ReviewsApi, PatientRatesOwnVisitOnceAndTheOfficerGetsAnOutreachTask) {
  auto client = api();
  std::string patient = client.login("patient"), officer = client.login("officer");
  std::int64_t visit = visit_id(patient, "MH1-MZ-0001");
  ASSERT_GT(visit, 0) << "the demo leaves visit MH1-MZ-0001 for the patient to rate";

  auto aspects = client.get("/api/v1/reviews/aspects", patient);
  ASSERT_EQ(aspects.status, 200);
  EXPECT_EQ(aspects.body["aspects"].size(), 4u);

  expect_problem(client.post("/api/v1/reviews", review("visit", visit, 6, ""), patient), 400,
                 "review_stars_out_of_range");
  expect_problem(client.post("/api/v1/reviews", review("visit", visit, 1, ""), officer), 403, "permission_denied");
  expect_problem(client.post("/api/v1/reviews", review("visit", visit + 100000, 1, ""), patient), 404,
                 "resource_not_found");

  std::string comment = "骨科换药太粗暴，伤口感染了。请打 13912345678，身份证 11010519491231002X";
  auto created = client.post("/api/v1/reviews", review("visit", visit, 1, comment), patient);
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body["comment"], comment) << "the author sees their own words";
  EXPECT_EQ(created.body["moderation_state"], "published");
  EXPECT_TRUE(created.body["outreach_proposed"].get<bool>());
  std::int64_t review_id = created.body["id"].get<std::int64_t>();
  expect_problem(client.post("/api/v1/reviews", review("visit", visit, 3, ""), patient), 409, "review_already_exists");

  auto seen = client.get("/api/v1/reviews/" + std::to_string(review_id), officer);
  ASSERT_EQ(seen.status, 200) << seen.raw;
  EXPECT_FALSE(seen.body.contains("comment"));
  EXPECT_TRUE(free_of_phone_and_id(seen.body["comment_masked"].get<std::string>())) << seen.raw;
  EXPECT_NE(seen.body["comment_masked"].get<std::string>().find("伤口感染"), std::string::npos);

  auto tasks = list_all_pages("/api/v1/review-outreach", "state=open", officer, 50);
  json task;
  for (const auto& t : tasks)
    if (t["review_id"] == review_id) task = t;
  ASSERT_FALSE(task.is_null()) << "the low rating is on the officer's outreach list";
  EXPECT_EQ(task["reasons"], json({"low_rating", "harm_keyword"}));
  EXPECT_FALSE(task["overdue"].get<bool>());
  std::string action = "/api/v1/review-outreach/" + std::to_string(task["id"].get<std::int64_t>()) + "/actions";
  auto contacted = client.post(action, {{"action", "contact"}, {"note", "已电话联系患者"}}, officer);
  ASSERT_EQ(contacted.status, 200) << contacted.raw;
  EXPECT_EQ(contacted.body["state"], "contacted");
  expect_problem(client.post(action, {{"action", "contact"}}, officer), 409, "outreach_transition_not_allowed");
  expect_problem(client.post(action, {{"action", "resolve"}}, client.login("regulator")), 403, "permission_denied");

  auto mine = client.get("/api/v1/reviews", patient);
  ASSERT_EQ(mine.status, 200);
  for (const auto& r : mine.body["items"]) EXPECT_EQ(r["reader"], "author");
}

TEST_F(ReviewsApi, CommentsShownToHospitalAndRegulatorHoldNoPhoneOrIdNumber) {
  auto client = api();
  for (const char* who : {"officer", "regulator"}) {
    std::string token = client.login(who);
    auto all = list_all_pages("/api/v1/reviews", "", token, 100);
    ASSERT_GT(all.size(), 100u) << who << " sees the demo's months of reviews";
    int with_text = 0;
    for (const auto& r : all) {
      EXPECT_FALSE(r.contains("comment")) << who;
      if (r["comment_masked"].is_string()) {
        ++with_text;
        EXPECT_TRUE(free_of_phone_and_id(r["comment_masked"].get<std::string>())) << who << ": " << r.dump();
      }
      if (std::string(who) == "regulator") EXPECT_FALSE(r.contains("subject_id"));
    }
    EXPECT_GT(with_text, 10) << who;
  }
}

TEST_F(ReviewsApi, ModeratorDecidesHeldComments) {
  auto client = api();
  std::string admin = client.login("admin"), officer = client.login("officer");
  auto held = client.get("/api/v1/reviews?moderation_state=held", admin);
  ASSERT_EQ(held.status, 200);
  ASSERT_FALSE(held.body["items"].empty()) << "the demo holds a comment with an ID number of a wrong check character";
  json first;
  for (const auto& r : held.body["items"])
    if (r["institution_name"] == "明湖市第一人民医院") first = r;
  ASSERT_FALSE(first.is_null());
  EXPECT_TRUE(first["comment"].is_string()) << "the moderator reads the raw comment";
  std::string path = "/api/v1/reviews/" + std::to_string(first["id"].get<std::int64_t>());
  EXPECT_TRUE(client.get(path, officer).body["comment_masked"].is_null()) << "held: not shown to the hospital";
  expect_problem(client.post(path + "/moderation", {{"action", "publish"}}, officer), 403, "permission_denied");
  auto published =
      client.post(path + "/moderation",
                  {{"action", "publish"}, {"comment_masked", "术后感染至今未愈，请回电 13800138000。"}}, admin);
  ASSERT_EQ(published.status, 200) << published.raw;
  auto seen = client.get(path, officer);
  ASSERT_TRUE(seen.body["comment_masked"].is_string());
  EXPECT_NE(seen.body["comment_masked"].get<std::string>().find("术后感染至今未愈"), std::string::npos);
  EXPECT_TRUE(free_of_phone_and_id(seen.body["comment_masked"].get<std::string>()))
      << "the moderator's text is masked too";
  expect_problem(client.post(path + "/moderation", {{"action", "reject"}}, admin), 409, "review_not_held");
}

TEST_F(ReviewsApi, StaffNamesOfTheInstitutionAreMaskedButRolesStay) {
  auto client = api();
  std::string admin = client.login("admin"), officer = client.login("officer");
  // A clinician of the hospital, named in the directory (invented).
  std::int64_t hospital = client.get("/api/v1/me", officer).body["user"]["organization"]["id"].get<std::int64_t>();
  auto made = client.post("/api/v1/users", {{"username", "rv_doctor"}, {"display_name", "外科 张三丰"},
                                            {"password", "medrisk-demo"}, {"roles", {"clinician"}},
                                            {"organization_id", hospital}}, admin);
  ASSERT_EQ(made.status, 201) << made.raw;
  // A patient of their own files a case at the hospital and rates it.
  ASSERT_EQ(client.post("/api/v1/users", {{"username", "rv_patient"}, {"display_name", "rv_patient"},
                                          {"password", "medrisk-demo"}, {"roles", {"patient"}}}, admin).status, 201);
  std::string own = client.login("rv_patient");
  auto filed = client.post("/api/v1/cases", {{"institution_org_id", hospital}, {"case_type", "other_harm"},
                                             {"department", "外科"}, {"incident_date", "2026-11-02"},
                                             {"narrative", "术后复查。"}, {"compensation_demand_fen", 100000}}, own);
  ASSERT_EQ(filed.status, 201) << filed.raw;
  std::string comment = "张三丰大夫讲得很清楚，张医生也耐心，周明远主任回访及时。";
  auto created = client.post("/api/v1/reviews", review("case", filed.body["id"].get<std::int64_t>(), 5, comment), own);
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body["comment"], comment) << "the author sees their own words";
  auto seen = client.get("/api/v1/reviews/" + std::to_string(created.body["id"].get<std::int64_t>()), officer);
  ASSERT_EQ(seen.status, 200) << seen.raw;
  EXPECT_EQ(seen.body["comment_masked"], "张**大夫讲得很清楚，张医生也耐心，周**主任回访及时。");
}

TEST_F(ReviewsApi, AggregatesSuppressSmallCellsAndStayWithinTheirInstitution) {
  auto client = api();
  std::string officer = client.login("officer"), regulator = client.login("regulator");
  auto by_department = client.get("/api/v1/reviews/aggregates?by=department", officer);
  ASSERT_EQ(by_department.status, 200) << by_department.raw;
  ASSERT_GE(by_department.body["cells"].size(), 5u);
  for (const auto& c : by_department.body["cells"]) {
    if (c["suppressed"].get<bool>()) continue;
    EXPECT_GE(c["count"].get<int>(), 3);
    EXPECT_EQ(c["distribution"].size(), 5u);
    EXPECT_TRUE(c["means"].contains("waiting"));
  }
  auto by_month = client.get("/api/v1/reviews/aggregates?by=month", officer);
  ASSERT_EQ(by_month.status, 200);
  EXPECT_GE(by_month.body["cells"].size(), 10u) << "a year of demo history";

  auto institutions = client.get("/api/v1/reviews/aggregates?by=institution", regulator);
  ASSERT_EQ(institutions.status, 200) << institutions.raw;
  std::string community;
  for (const auto& c : institutions.body["cells"])
    if (c["label"] == "明湖市清溪社区卫生服务中心") community = c["key"].get<std::string>();
  ASSERT_FALSE(community.empty());
  auto small = client.get("/api/v1/reviews/aggregates?by=department&institution_id=" + community, regulator);
  ASSERT_EQ(small.status, 200);
  bool suppressed = false;
  for (const auto& c : small.body["cells"])
    if (c["key"] == "预防保健科") {
      suppressed = c["suppressed"].get<bool>();
      EXPECT_TRUE(c["count"].is_null());
      EXPECT_TRUE(c["means"].is_null());
    }
  EXPECT_TRUE(suppressed) << "two reviews in the cell: no figure";

  expect_problem(client.get("/api/v1/reviews/aggregates?institution_id=" + community, officer), 404,
                 "resource_not_found");
  expect_problem(client.get("/api/v1/reviews/aggregates?by=institution", officer), 400,
                 "review_aggregate_grouping_unknown");
  expect_problem(client.get("/api/v1/reviews/aggregates", client.login("patient")), 403, "permission_denied");
}

}  // namespace
}  // namespace medrisk::testing
