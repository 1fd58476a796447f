// summarize_cases (the home page's case figures) and the state names of data/disputes/states.json:
// open and overdue by the running clock, mediation success over ended mediations, days to resolution
// over closed cases, regions apart, soonest due first; every case and complaint state has both names.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kernel/state_names.hpp"
#include "modules/disputes/rules.hpp"

namespace medrisk::disputes {
namespace {

Date D(const char* s) { return *Date::parse(s); }

CaseFact fact(std::int64_t id, const char* state, const char* region, std::optional<std::string> due = std::nullopt) {
  CaseFact f;
  f.id = id;
  f.state = state;
  f.region_code = region;
  f.due_on = std::move(due);
  f.filed_on = "2026-03-01";
  return f;
}

TEST(CaseSummary, CountsOpenOverdueMediationAndResolutionPerRegion) {
  std::vector<CaseFact> facts = {fact(1, "filed", "440000", "2026-03-10"), fact(2, "mediation", "440000", "2026-03-20"),
                                 fact(3, "closed", "440000"), fact(4, "closed", "110000"), fact(5, "refused", "110000"),
                                 fact(6, "litigation", "110000", "2026-03-05")};
  facts[2].closed_on = D("2026-03-31");  // 30 days
  facts[2].mediation_agreed = true;
  facts[3].closed_on = D("2026-03-11");  // 10 days
  facts[5].mediation_failed = true;
  CaseSummary s = summarize_cases(facts, D("2026-03-15"), 5);
  EXPECT_EQ(s.all.total, 6);
  EXPECT_EQ(s.all.open, 3);     // filed, mediation, litigation
  EXPECT_EQ(s.all.overdue, 2);  // due 03-10 and 03-05 before 03-15
  EXPECT_EQ(s.all.resolved, 2);
  EXPECT_EQ(s.all.average_days_to_resolution(), 20.0);
  EXPECT_EQ(s.all.mediation_success_rate_bp(), 5000);
  EXPECT_EQ(s.all.by_state.at("closed"), 2);
  ASSERT_EQ(s.by_region.size(), 2u);
  EXPECT_EQ(s.by_region.at("440000").total, 3);
  EXPECT_EQ(s.by_region.at("440000").mediation_success_rate_bp(), 10000);
  EXPECT_EQ(s.by_region.at("110000").mediation_success_rate_bp(), 0);
  EXPECT_EQ(s.by_region.at("110000").average_days_to_resolution(), 10.0);
  ASSERT_EQ(s.due_soon.size(), 3u);
  EXPECT_EQ(s.due_soon[0].id, 6);
  EXPECT_EQ(s.due_soon[1].id, 1);
  EXPECT_EQ(s.due_soon[2].id, 2);
  EXPECT_EQ(summarize_cases(facts, D("2026-03-15"), 1).due_soon.size(), 1u);
}

TEST(CaseSummary, NothingEndedHasNoRates) {
  CaseSummary s = summarize_cases({fact(1, "filed", "440000")}, D("2026-03-15"), 5);
  EXPECT_FALSE(s.all.mediation_success_rate_bp());
  EXPECT_FALSE(s.all.average_days_to_resolution());
  EXPECT_TRUE(s.due_soon.empty());
}

TEST(StateNames, EveryCaseAndComplaintStateHasAChineseAndAnEnglishName) {
  const char* dir = std::getenv("MEDRISK_SOURCE_DIR");
  std::ifstream in(std::filesystem::path(dir ? dir : ".") / "data/disputes/states.json");
  auto j = nlohmann::json::parse(in);
  auto cases = StateNames::from_json(j["cases"], case_states());
  ASSERT_TRUE(cases.ok()) << cases.error().detail;
  EXPECT_EQ(cases->zh("mediation_failed"), "调解不成");
  EXPECT_EQ(cases->en("closed"), "Closed");
  auto complaints = StateNames::from_json(j["complaints"], {"open", "responded", "closed", "escalated"});
  ASSERT_TRUE(complaints.ok()) << complaints.error().detail;
  for (const auto& s : case_states()) EXPECT_NE(cases->zh(s), s) << s;
  // A file missing a state is refused at start-up rather than printing the raw id.
  auto gap = StateNames::from_json(nlohmann::json{{"filed", {{"zh-CN", "已申请"}, {"en-US", "Filed"}}}}, case_states());
  EXPECT_FALSE(gap.ok());
  auto half = StateNames::from_json(nlohmann::json{{"filed", {{"zh-CN", "已申请"}}}}, {"filed"});
  EXPECT_FALSE(half.ok());
}

}  // namespace
}  // namespace medrisk::disputes
