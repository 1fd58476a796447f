// GET /api/v1/disputes/summary on the demo province: the figures equal what the lists show the same
// reader (cases per state, open, overdue, complaints awaiting an answer, soonest due first), the
// regulator's are per region, an officer of another institution counts nothing of the demo's, and roles
// without cases.read get 403.
#include <map>

#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;
using Counts = std::map<std::string, std::int64_t>;

class DisputesSummaryApi : public ApiTest {
 protected:
  std::map<std::string, std::int64_t> states_of(const json& items) {
    std::map<std::string, std::int64_t> out;
    for (const auto& i : items) out[i["state"].get<std::string>()] += 1;
    return out;
  }
};

TEST_F(DisputesSummaryApi, TheOfficersFiguresAreTheListsFigures) {
  std::string officer = api().login("officer");
  auto r = api().get("/api/v1/disputes/summary", officer);
  ASSERT_EQ(r.status, 200) << r.raw;
  json cases = list_all_pages("/api/v1/cases", "", officer, 50);
  ASSERT_GE(cases.size(), 3u) << "the demo has cases of the first hospital";
  const json& s = r.body["cases"];
  EXPECT_EQ(s["total"], cases.size());
  EXPECT_EQ(s["by_state"].get<Counts>(), states_of(cases));
  std::int64_t open = 0, closed = 0, overdue = 0, clocked = 0;
  std::string today = r.body["as_of"];
  for (const auto& c : cases) {
    std::string st = c["state"];
    bool is_open = st != "closed" && st != "refused" && st != "withdrawn";
    if (is_open) ++open;
    if (st == "closed") ++closed;
    if (is_open && c["due_on"].is_string()) {
      ++clocked;
      if (c["due_on"].get<std::string>() < today) ++overdue;
    }
  }
  EXPECT_EQ(s["open"], open);
  EXPECT_EQ(s["resolved"], closed);
  EXPECT_EQ(s["overdue"], overdue);
  EXPECT_EQ(s["due_soon"].size(), std::min<std::int64_t>(clocked, 5));
  // Soonest due first, every one an open case of the list.
  const json& due = s["due_soon"];
  ASSERT_FALSE(due.empty());
  for (std::size_t i = 1; i < due.size(); ++i) EXPECT_LE(due[i - 1]["due_on"], due[i]["due_on"]);
  // The demo's history has mediations that agreed and some that failed: the rate is agreed / ended, in
  // basis points rounded down (e.g. 10 of 13 → 7692).
  std::int64_t agreed = s["mediation_agreed"], failed = s["mediation_failed"];
  EXPECT_GE(agreed, 1);
  EXPECT_GE(failed, 1);
  EXPECT_EQ(s["mediation_success_rate_bp"], agreed * 10000 / (agreed + failed));
  // Complaints awaiting the officer's answer are the list's open complaints.
  json complaints = list_all_pages("/api/v1/complaints", "state=open", officer, 50);
  EXPECT_EQ(r.body["complaints"]["open"], complaints.size());
  EXPECT_EQ(r.body["complaints"]["due_soon"].size(), std::min<std::size_t>(complaints.size(), 5));
  ASSERT_EQ(r.body["by_region"].size(), 1u);
  EXPECT_EQ(r.body["by_region"][0]["region_code"], "440000");
  EXPECT_EQ(r.body["by_region"][0]["total"], cases.size());
}

TEST_F(DisputesSummaryApi, TheRegulatorSeesItsRegionAndAnotherInstitutionSeesNothingOfTheDemos) {
  auto client = api();
  std::string regulator = client.login("regulator");
  auto r = client.get("/api/v1/disputes/summary", regulator);
  ASSERT_EQ(r.status, 200) << r.raw;
  json all = list_all_pages("/api/v1/cases", "", regulator, 50);
  EXPECT_EQ(r.body["cases"]["total"], all.size());
  EXPECT_TRUE(r.body["complaints"].is_null()) << "complaints are the institution's and the patient's";
  ASSERT_EQ(r.body["by_region"].size(), 1u);
  EXPECT_EQ(r.body["by_region"][0]["region_code"], "440000");

  // A new hospital in another province with its own officer: none of the demo's figures.
  std::string admin = client.login("admin");
  auto org = client.post("/api/v1/organizations",
                         {{"name", "测试远方医院"}, {"kind", "medical_institution"}, {"region_code", "110000"},
                          {"category", "general"}, {"grade", "2A"}},
                         admin);
  ASSERT_EQ(org.status, 201) << org.raw;
  auto user = client.post("/api/v1/users",
                          {{"username", "summary_officer"}, {"display_name", "summary_officer"},
                           {"password", "medrisk-demo"}, {"roles", {"medical_officer"}},
                           {"organization_id", org.body["id"]}},
                          admin);
  ASSERT_EQ(user.status, 201) << user.raw;
  auto other = client.get("/api/v1/disputes/summary", client.login("summary_officer"));
  ASSERT_EQ(other.status, 200) << other.raw;
  EXPECT_EQ(other.body["cases"]["total"], 0);
  EXPECT_TRUE(other.body["cases"]["due_soon"].empty());
  EXPECT_TRUE(other.body["by_region"].empty());
  EXPECT_EQ(other.body["complaints"]["open"], 0);

  // The patient's own; roles without case access are refused.
  std::string patient = client.login("patient");
  auto own = client.get("/api/v1/disputes/summary", patient);
  EXPECT_EQ(own.body["cases"]["total"], list_all_pages("/api/v1/cases", "", patient, 50).size());
  for (const char* who : {"underwriter", "expert1", "admin"})
    expect_problem(client.get("/api/v1/disputes/summary", client.login(who)), 403, "permission_denied");
  expect_problem(client.get("/api/v1/disputes/summary"), 401, "authentication_required");
}

}  // namespace
}  // namespace medrisk::testing
