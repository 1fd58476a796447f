// Incident rules: the reporting deadlines of 卫医管发〔2011〕4号 (data/incidents/classes.json) counted on
// the wall clock from discovery — general 15 calendar days, major 12 hours, extraordinary 2 hours, across
// midnight, month ends and the Spring Festival alike — and the workflow's state machine.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/incidents/errors.hpp"
#include "modules/incidents/rules.hpp"

namespace medrisk::incidents {
namespace {

std::filesystem::path source_dir() {
  const char* s = std::getenv("MEDRISK_SOURCE_DIR");
  return s ? s : ".";
}

nlohmann::json read(const char* rel) {
  std::ifstream in(source_dir() / rel);
  return nlohmann::json::parse(in);
}

const IncidentsParams& params() {
  static const IncidentsParams p = *params_from_json(read("data/incidents/classes.json"), read("data/incidents/categories.json"),
                                                     read("data/incidents/harm_degrees.json"), read("data/incidents/rca.json"));
  return p;
}

Timestamp T(const char* s) { return *Timestamp::parse(s); }

TEST(IncidentDeadlines, CountWallClockTimeFromDiscovery) {
  struct Row {
    SeverityClass cls;
    const char* discovered;  // Beijing time
    const char* due;
  };
  const Row rows[] = {
      // A major incident discovered at 23:30 is due at 11:30 the next day.
      {SeverityClass::major, "2026-03-02T23:30:00+08:00", "2026-03-03T11:30:00+08:00"},
      // An extraordinary one two hours later: past midnight into the next day.
      {SeverityClass::extraordinary, "2026-03-02T23:30:00+08:00", "2026-03-03T01:30:00+08:00"},
      // General: 15 calendar days, at the same hour; weekends and the Spring Festival (2026-02-15..23) count.
      {SeverityClass::general, "2026-02-10T09:15:00+08:00", "2026-02-25T09:15:00+08:00"},
      {SeverityClass::general, "2026-03-20T23:30:00+08:00", "2026-04-04T23:30:00+08:00"},
      // Month and year ends.
      {SeverityClass::major, "2026-12-31T20:00:00+08:00", "2027-01-01T08:00:00+08:00"},
  };
  for (const auto& r : rows)
    EXPECT_EQ(report_due(params(), r.cls, T(r.discovered)), T(r.due)) << r.discovered << " " << to_string(r.cls);
}

TEST(IncidentDeadlines, OverdueOnlyAfterTheDueInstantAndWithoutAReport) {
  Incident i;
  i.report_due_at = T("2026-03-03T11:30:00+08:00").to_iso_utc();
  EXPECT_FALSE(is_overdue(i, T("2026-03-03T11:30:00+08:00")));
  EXPECT_TRUE(is_overdue(i, T("2026-03-03T11:30:01+08:00")));
  i.authority_report = AuthorityReport{"2026-03-03T04:00:00Z", "卫健委", "", true};
  EXPECT_FALSE(is_overdue(i, T("2026-03-04T00:00:00+08:00")));
  EXPECT_FALSE(report_late(T("2026-03-03T11:30:00+08:00"), T("2026-03-03T11:30:00+08:00")));
  EXPECT_TRUE(report_late(T("2026-03-03T11:30:00+08:00"), T("2026-03-03T11:31:00+08:00")));
}

TEST(IncidentDeadlines, ParametersComeFromTheDataFileWithItsSource) {
  EXPECT_NE(params().source.find("卫医管发〔2011〕4号"), std::string::npos);
  EXPECT_EQ(params().of(SeverityClass::general).value, 15);
  EXPECT_EQ(params().of(SeverityClass::general).unit, ClassDeadline::Unit::days);
  EXPECT_EQ(params().of(SeverityClass::major).value, 12);
  EXPECT_EQ(params().of(SeverityClass::extraordinary).value, 2);
  EXPECT_EQ(params().categories.size(), 10u);
  auto broken = read("data/incidents/classes.json");
  broken["classes"].erase(2);
  auto p = params_from_json(broken, read("data/incidents/categories.json"), read("data/incidents/harm_degrees.json"),
                            read("data/incidents/rca.json"));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, errors::incidents_parameters_invalid);
}

TEST(IncidentWorkflow, MovesOnlyForward) {
  struct Row {
    IncidentState from;
    IncidentAction action;
    std::optional<IncidentState> to;
  };
  const Row rows[] = {
      {IncidentState::reported, IncidentAction::start_review, IncidentState::under_review},
      {IncidentState::under_review, IncidentAction::start_rca, IncidentState::root_cause_analysis},
      {IncidentState::root_cause_analysis, IncidentAction::plan_actions, IncidentState::actions},
      {IncidentState::actions, IncidentAction::close, IncidentState::closed},
      {IncidentState::reported, IncidentAction::close, std::nullopt},
      {IncidentState::reported, IncidentAction::start_rca, std::nullopt},
      {IncidentState::under_review, IncidentAction::start_review, std::nullopt},
      {IncidentState::closed, IncidentAction::start_review, std::nullopt},
      {IncidentState::closed, IncidentAction::close, std::nullopt},
  };
  for (const auto& r : rows) {
    auto next = next_state(r.from, r.action);
    if (r.to) {
      ASSERT_TRUE(next.ok()) << to_string(r.from) << " " << to_string(r.action);
      EXPECT_EQ(*next, *r.to);
    } else {
      ASSERT_FALSE(next.ok()) << to_string(r.from) << " " << to_string(r.action);
      EXPECT_EQ(next.error().code, errors::incident_transition_not_allowed);
    }
  }
}

TEST(IncidentWorkflow, ClosingNeedsEveryActionDone) {
  EXPECT_EQ(check_move(IncidentAction::plan_actions, false, 0, 0).error().code, errors::incident_rca_required);
  EXPECT_TRUE(check_move(IncidentAction::plan_actions, true, 0, 0).ok());
  EXPECT_EQ(check_move(IncidentAction::close, true, 0, 0).error().code, errors::incident_actions_required);
  EXPECT_EQ(check_move(IncidentAction::close, true, 3, 1).error().code, errors::incident_actions_not_done);
  EXPECT_TRUE(check_move(IncidentAction::close, true, 3, 0).ok());
}

TEST(IncidentRca, FishboneCategoriesComeFromTheDataFile) {
  RootCauseAnalysis r;
  r.fishbone = {{"people", {"培训不足"}}, {"management", {"质控不足"}}};
  EXPECT_TRUE(check_rca(params(), r).ok());
  r.fishbone["weather"] = {"下雨"};
  EXPECT_EQ(check_rca(params(), r).error().code, errors::incident_rca_category_unknown);
  RootCauseAnalysis empty;
  empty.fishbone = {{"people", {""}}};
  EXPECT_EQ(check_rca(params(), empty).error().code, errors::incident_rca_empty);
  RootCauseAnalysis whys;
  whys.method = RcaMethod::five_whys;
  whys.whys = {"一", "二", "三"};
  EXPECT_TRUE(check_rca(params(), whys).ok());
  auto back = rca_from_json(rca_to_json(whys));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->whys, whys.whys);  // the order is kept
  whys.whys.assign(11, "为何");
  EXPECT_EQ(check_rca(params(), whys).error().code, errors::incident_rca_too_long);
}

TEST(IncidentText, EveryEnumRoundTrips) {
  for (auto s : all_states()) EXPECT_EQ(state_from_string(to_string(s)), s);
  for (auto c : all_classes()) EXPECT_EQ(class_from_string(to_string(c)), c);
  EXPECT_FALSE(state_from_string("open").has_value());
  EXPECT_FALSE(class_from_string("minor").has_value());
  EXPECT_EQ(last_months("2026-02", 3), (std::vector<std::string>{"2025-12", "2026-01", "2026-02"}));
  EXPECT_EQ(shanghai_month(T("2026-02-28T16:30:00Z")), "2026-03");  // 00:30 on 1 March in Beijing
}

}  // namespace
}  // namespace medrisk::incidents
