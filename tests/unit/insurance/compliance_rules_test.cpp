// The compulsory-cover clock day by day: who is obliged (data/compliance/rules.json), the warning the
// day after the 60-day proof period, the escalation to the regulator 30 days later, and the clock
// restarting when cover lapses.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/insurance/compliance_rules.hpp"

namespace medrisk::insurance {
namespace {

Date day(const char* d) { return *Date::parse(d); }

ComplianceParams shipped_rules() {
  const char* src = std::getenv("MEDRISK_SOURCE_DIR");  // set by CTest; else run from the repository root
  std::ifstream in(std::string(src && *src ? src : ".") + "/data/compliance/rules.json");
  auto p = parse_compliance_rules(nlohmann::json::parse(in));
  EXPECT_TRUE(p.ok()) << p.error().detail;
  return *p;
}

TEST(ComplianceRules, PublicHospitalsOfGradeTwoAndAboveMustHoldInstitutionLiabilityCover) {
  ComplianceParams p = shipped_rules();
  EXPECT_EQ(p.proof_days, 60);
  struct Row { std::string category, grade; std::size_t obligations; } table[] = {
      {"general", "3A", 1}, {"maternal_child", "2A", 1}, {"tcm", "2C", 1},
      {"primary", "1A", 0}, {"general", "ungraded", 0}, {"private", "3A", 0},
  };
  for (const auto& row : table)
    EXPECT_EQ(obligations_of(InstitutionFacts{1, row.category, row.grade, "440000"}, p).size(), row.obligations)
        << row.category << " " << row.grade;
}

TEST(ComplianceRules, CliniciansOfRiskClassesThreeAndFourMustHoldPracticeCover) {
  ComplianceParams p = shipped_rules();
  for (auto [cls, n] : std::vector<std::pair<std::string, std::size_t>>{{"I", 0}, {"II", 0}, {"III", 1}, {"IV", 1}})
    EXPECT_EQ(obligations_of(ClinicianFacts{7, 1, "骨科", cls, "440000"}, p).size(), n) << cls;
}

TEST(ComplianceRules, TheWarningComesTheDayAfterSixtyDaysAndEscalationThirtyDaysLater) {
  ComplianceParams p = shipped_rules();
  Obligation o;
  o.obliged_since = day("2026-03-02");
  // A fake clock: one check per day, never covered.
  std::optional<Date> warned, escalated;
  for (Date today = day("2026-03-02"); today <= day("2026-06-30"); today = today.add_days(1)) {
    auto out = check_obligation(o, false, today, p);
    if (out.send_warning) {
      EXPECT_FALSE(warned) << "one warning only";
      warned = today;
    }
    if (out.send_escalation) {
      EXPECT_FALSE(escalated) << "one escalation only";
      escalated = today;
    }
    o = out.next;
  }
  EXPECT_EQ(o.deadline, day("2026-05-01")) << "2026-03-02 + 60 days";
  EXPECT_EQ(warned, day("2026-05-02"));
  EXPECT_EQ(escalated, day("2026-06-01"));
  EXPECT_EQ(o.status, "escalated");
}

TEST(ComplianceRules, StatusOnEachDay) {
  ComplianceParams p = shipped_rules();
  struct Row { const char* today; const char* status; bool warning, escalation; } table[] = {
      {"2026-03-02", "within_grace", false, false}, {"2026-05-01", "within_grace", false, false},
      {"2026-05-02", "overdue", true, false},       {"2026-05-31", "overdue", true, false},
      {"2026-06-01", "escalated", true, true},
  };
  for (const auto& row : table) {
    Obligation o;
    o.obliged_since = day("2026-03-02");
    auto out = check_obligation(o, false, day(row.today), p);  // a check that missed the days before still sends
    EXPECT_EQ(out.next.status, row.status) << row.today;
    EXPECT_EQ(out.send_warning, row.warning) << row.today;
    EXPECT_EQ(out.send_escalation, row.escalation) << row.today;
  }
}

TEST(ComplianceRules, CoverShownStopsTheClockAndALapseStartsItAgain) {
  ComplianceParams p = shipped_rules();
  Obligation o;
  o.obliged_since = day("2026-03-02");
  o = check_obligation(o, false, day("2026-05-02"), p).next;  // warned
  ASSERT_TRUE(o.warned_on);
  auto covered = check_obligation(o, true, day("2026-05-10"), p);
  EXPECT_TRUE(covered.changed);
  EXPECT_EQ(covered.next.status, "compliant");
  EXPECT_FALSE(covered.next.warned_on);
  o = covered.next;
  o = check_obligation(o, true, day("2026-12-31"), p).next;
  auto lapsed = check_obligation(o, false, day("2027-01-01"), p);
  EXPECT_EQ(lapsed.next.clock_start, day("2027-01-01"));
  EXPECT_EQ(lapsed.next.deadline, day("2027-03-02"));
  EXPECT_EQ(lapsed.next.status, "within_grace");
  EXPECT_FALSE(lapsed.send_warning);
}

TEST(ComplianceRules, AMalformedRulesFileIsRefused) {
  auto bad = parse_compliance_rules(nlohmann::json{{"version", "x"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "compliance_rules_invalid");
  auto j = nlohmann::json::parse(R"({"version":"x","proof_days":{"value":60},"escalation_after_warning_days":{"value":30},
    "rules":[{"id":"r","subject":"hospital","product_kind":"liability","source":"s"}]})");
  EXPECT_FALSE(parse_compliance_rules(j).ok());
}

}  // namespace
}  // namespace medrisk::insurance
