// GET /api/v1/claims/summary on the demo's seven claims: the adjuster's figures are the list's (per state,
// open, outstanding and paid sums, the overdue claim first among the deadlines), the patient's are their
// own, the regulator's are per region, an adjuster of another insurer counts none of them. Notifications
// name claim, case and complaint states in the reader's language: no zh-CN notification carries a raw id.
#include <map>
#include <regex>

#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;
using Counts = std::map<std::string, std::int64_t>;

class ClaimsSummaryApi : public ApiTest {};

TEST_F(ClaimsSummaryApi, TheAdjustersFiguresAreTheListsFigures) {
  std::string adjuster = api().login("adjuster");
  auto r = api().get("/api/v1/claims/summary", adjuster);
  ASSERT_EQ(r.status, 200) << r.raw;
  json claims = list_all_pages("/api/v1/claims", "", adjuster, 50);
  ASSERT_GE(claims.size(), 7u) << "the demo seeds seven showcase claims and three years of history";
  std::map<std::string, std::int64_t> by_state;
  std::int64_t outstanding = 0, paid = 0, open = 0;
  for (const auto& c : claims) {
    std::string st = c["state"];
    by_state[st] += 1;
    outstanding += c["outstanding_fen"].get<std::int64_t>();
    paid += c["paid_fen"].get<std::int64_t>();
    if (st == "open" || st == "assessing" || st == "awaiting_approval" || st == "approved") ++open;
  }
  EXPECT_EQ(r.body["claims"], claims.size());
  EXPECT_EQ(r.body["by_state"].get<Counts>(), by_state);
  EXPECT_EQ(r.body["open"], open);
  EXPECT_EQ(r.body["outstanding_fen"], outstanding);
  EXPECT_EQ(r.body["paid_fen"], paid);
  EXPECT_EQ(r.body["incurred_fen"], outstanding + paid);
  json overdue = list_all_pages("/api/v1/claims", "overdue=true", adjuster, 50);
  EXPECT_EQ(r.body["overdue"], overdue.size());
  ASSERT_GE(overdue.size(), 1u) << "the demo has an overdue claim";
  const json& due = r.body["due_soon"];
  ASSERT_FALSE(due.empty());
  EXPECT_TRUE(due[0]["overdue"].get<bool>()) << "the overdue claim comes first: " << due.dump();
  EXPECT_EQ(due[0]["id"], overdue[0]["id"]);
  for (std::size_t i = 1; i < due.size(); ++i) EXPECT_LE(due[i - 1]["due"], due[i]["due"]);
  ASSERT_EQ(r.body["by_region"].size(), 1u);
  EXPECT_EQ(r.body["by_region"][0]["region_code"], "440000");
  EXPECT_EQ(r.body["by_region"][0]["claims"], claims.size());
}

TEST_F(ClaimsSummaryApi, EachReaderCountsOnlyWhatItMayRead) {
  auto client = api();
  std::string patient = client.login("patient");
  auto own = client.get("/api/v1/claims/summary", patient);
  ASSERT_EQ(own.status, 200) << own.raw;
  EXPECT_EQ(own.body["claims"], list_all_pages("/api/v1/claims", "", patient, 50).size());
  std::string regulator = client.login("regulator");
  auto reg = client.get("/api/v1/claims/summary", regulator);
  ASSERT_EQ(reg.status, 200) << reg.raw;
  EXPECT_EQ(reg.body["claims"], list_all_pages("/api/v1/claims", "", client.login("adjuster"), 50).size())
      << "every claim of the regulator's province (all the demo's claims are insurer1's)";
  std::string officer = client.login("officer");
  auto off = client.get("/api/v1/claims/summary", officer);
  EXPECT_EQ(off.body["claims"], list_all_pages("/api/v1/claims", "", officer, 50).size());

  // An adjuster of an insurer outside the demo's pool: nothing.
  std::string admin = client.login("admin");
  auto org = client.post("/api/v1/organizations",
                         {{"name", "测试远方财产保险"}, {"kind", "insurer"}, {"region_code", "440000"}}, admin);
  ASSERT_EQ(org.status, 201) << org.raw;
  auto user = client.post("/api/v1/users",
                          {{"username", "summary_outsider"}, {"display_name", "summary_outsider"},
                           {"password", "medrisk-demo"}, {"roles", {"adjuster"}}, {"organization_id", org.body["id"]}},
                          admin);
  ASSERT_EQ(user.status, 201) << user.raw;
  auto none = client.get("/api/v1/claims/summary", client.login("summary_outsider"));
  ASSERT_EQ(none.status, 200) << none.raw;
  EXPECT_EQ(none.body["claims"], 0);
  EXPECT_EQ(none.body["outstanding_fen"], 0);
  EXPECT_TRUE(none.body["due_soon"].empty());
  EXPECT_TRUE(none.body["by_region"].empty());
  for (const char* who : {"underwriter", "expert1", "admin", "doctor"})
    expect_problem(client.get("/api/v1/claims/summary", client.login(who)), 403, "permission_denied");
}

TEST_F(ClaimsSummaryApi, NoZhCnNotificationCarriesARawStateId) {
  auto client = api();
  // Every state id of claims, cases and complaints (data/*/states.json) as a whole word.
  std::regex raw_id(
      "\\b(open|assessing|awaiting_approval|approved|paid|denied|withdrawn|filed|accepted|refused|investigation|"
      "appraisal|mediation|agreement|mediation_failed|litigation|payment|closed|responded|escalated)\\b");
  std::size_t seen = 0;
  bool named_denied = false;
  for (const char* who : {"patient", "officer", "adjuster", "mediator"}) {
    std::string token = client.login(who);
    json items = list_all_pages("/api/v1/notifications", "", token, 50);
    for (const auto& n : items) {
      std::string text = n["title"].get<std::string>() + " " + n["body"].get<std::string>();
      EXPECT_FALSE(std::regex_search(text, raw_id)) << who << ": " << text;
      if (text.find("理赔状态：已拒赔") != std::string::npos) named_denied = true;
      ++seen;
    }
  }
  EXPECT_GT(seen, 0u) << "the demo's claims and cases notify their parties";
  EXPECT_TRUE(named_denied) << "the denied demo claim is named 已拒赔";
  // The same notification in English names the state in English.
  auto en = client.get("/api/v1/notifications?limit=50", client.login("patient"), "en-US");
  ASSERT_EQ(en.status, 200) << en.raw;
  bool english = false;
  for (const auto& n : en.body["items"])
    if (n["body"].get<std::string>().find("Claim state: Denied") != std::string::npos) english = true;
  EXPECT_TRUE(english) << en.raw;
}

}  // namespace
}  // namespace medrisk::testing
