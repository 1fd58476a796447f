// GET /api/v1/insurance/summary on the demo province: the officer's and the underwriter's figures are
// their policy lists' (per status as of today, written premium less refunds, in force by expiry), the
// officer's and the regulator's include compulsory-cover compliance, an officer of another institution
// counts none of the demo's policies, and roles without policy access get 403.
#include <map>

#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;
using Counts = std::map<std::string, std::int64_t>;

class InsuranceSummaryApi : public ApiTest {
 protected:
  void expect_list_figures(const std::string& who) {
    std::string token = api().login(who);
    auto r = api().get("/api/v1/insurance/summary", token);
    ASSERT_EQ(r.status, 200) << r.raw;
    json policies = list_all_pages("/api/v1/policies", "", token, 50);
    ASSERT_FALSE(policies.empty()) << who;
    std::map<std::string, std::int64_t> by_status;
    std::int64_t premium = 0;
    for (const auto& p : policies) {
      by_status[p["status"].get<std::string>()] += 1;
      premium += p["premium_fen"].get<std::int64_t>() - p["refund_fen"].get<std::int64_t>();
    }
    EXPECT_EQ(r.body["policies"], policies.size()) << who;
    EXPECT_EQ(r.body["by_status"].get<Counts>(), by_status) << who;
    EXPECT_EQ(r.body["in_force"], by_status["in_force"]) << who;
    EXPECT_EQ(r.body["written_premium_fen"], premium) << who;
    const json& expiring = r.body["in_force_by_expiry"];
    EXPECT_EQ(expiring.size(), std::min<std::int64_t>(by_status["in_force"], 5)) << who;
    for (std::size_t i = 1; i < expiring.size(); ++i) EXPECT_LE(expiring[i - 1]["period_end"], expiring[i]["period_end"]);
  }
};

TEST_F(InsuranceSummaryApi, TheFiguresAreThePolicyListsFigures) {
  expect_list_figures("officer");
  expect_list_figures("underwriter");
  expect_list_figures("regulator");
}

TEST_F(InsuranceSummaryApi, ComplianceIsCountedForItsReadersOnly) {
  auto client = api();
  std::string officer = client.login("officer");
  auto r = client.get("/api/v1/insurance/summary", officer);
  json obligations = list_all_pages("/api/v1/compliance", "", officer, 50);
  ASSERT_TRUE(r.body["compliance_by_status"].is_object()) << r.raw;
  std::int64_t counted = 0;
  for (const auto& [status, n] : r.body["compliance_by_status"].items()) counted += n.get<std::int64_t>();
  EXPECT_EQ(counted, obligations.size());
  EXPECT_EQ(r.body["obligations"], obligations.size());
  auto reg = client.get("/api/v1/insurance/summary", client.login("regulator"));
  EXPECT_GE(reg.body["obligations"].get<std::int64_t>(), r.body["obligations"].get<std::int64_t>())
      << "the region holds the first hospital's obligations and more";
  auto uw = client.get("/api/v1/insurance/summary", client.login("underwriter"));
  EXPECT_TRUE(uw.body["compliance_by_status"].is_null()) << "the underwriter has no compliance.read";
}

TEST_F(InsuranceSummaryApi, AnotherInstitutionCountsNothingOfTheDemos) {
  auto client = api();
  std::string admin = client.login("admin");
  auto org = client.post("/api/v1/organizations",
                         {{"name", "测试远方医院"}, {"kind", "medical_institution"}, {"region_code", "110000"},
                          {"category", "general"}, {"grade", "2A"}},
                         admin);
  ASSERT_EQ(org.status, 201) << org.raw;
  auto user = client.post("/api/v1/users",
                          {{"username", "insurance_summary_officer"}, {"display_name", "x"}, {"password", "medrisk-demo"},
                           {"roles", {"medical_officer"}}, {"organization_id", org.body["id"]}},
                          admin);
  ASSERT_EQ(user.status, 201) << user.raw;
  auto r = client.get("/api/v1/insurance/summary", client.login("insurance_summary_officer"));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["policies"], 0);
  EXPECT_EQ(r.body["written_premium_fen"], 0);
  EXPECT_TRUE(r.body["in_force_by_expiry"].empty());
  for (const auto& region : r.body["by_region"]) EXPECT_NE(region["region_code"], "440000") << r.raw;
  for (const char* who : {"expert1", "mediator", "actuary"})
    expect_problem(client.get("/api/v1/insurance/summary", client.login(who)), 403, "permission_denied");
}

}  // namespace
}  // namespace medrisk::testing
