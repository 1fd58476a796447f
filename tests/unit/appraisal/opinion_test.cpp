// Opinion checks (Decree 701 art. 36) and the causation degrees of data/appraisal/causation.json.
#include <gtest/gtest.h>

#include "modules/appraisal/parameters.hpp"
#include "modules/appraisal/rules.hpp"

namespace medrisk::appraisal {
namespace {

CausationParameters causation() {
  return load_parameters("data/appraisal").causation;
}

OpinionContent fault(std::string degree, std::optional<int> percent = {}) {
  OpinionContent o;
  o.has_damage = true;
  o.has_fault = true;
  o.breached_duties = {"informed_consent", "treatment"};
  o.causation_degree = std::move(degree);
  o.causation_percent = percent;
  o.disability_grades = {8};
  o.reasons = "术前未告知替代方案，术中操作不当";
  return o;
}

TEST(CausationDegrees, SixClassesWithTheirRangesFromData) {
  struct Row {
    std::string key;
    int min, max, usual;
  };
  std::vector<Row> table = {{"none", 0, 4, 0},     {"minor", 5, 15, 10}, {"secondary", 16, 44, 30},
                            {"equal", 45, 55, 50}, {"main", 56, 95, 75}, {"full", 96, 100, 100}};
  auto p = causation();
  ASSERT_EQ(p.degrees.size(), table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(p.degrees[i].key, table[i].key);
    EXPECT_EQ(p.degrees[i].min_percent, table[i].min);
    EXPECT_EQ(p.degrees[i].max_percent, table[i].max);
    EXPECT_EQ(p.degrees[i].usual_percent, table[i].usual);
    if (i > 0) {
      EXPECT_EQ(p.degrees[i].min_percent, p.degrees[i - 1].max_percent + 1) << "bands meet without gaps";
    }
  }
}

TEST(Opinions, WhatAnExpertMayAndMayNotSign) {
  auto p = causation();
  OpinionContent no_fault;
  no_fault.has_damage = true;
  no_fault.reasons = "损害系疾病自然转归";
  OpinionContent no_fault_with_duty = no_fault;
  no_fault_with_duty.breached_duties = {"nursing"};
  OpinionContent no_fault_with_cause = no_fault;
  no_fault_with_cause.causation_degree = "minor";
  OpinionContent fault_without_duty = fault("main");
  fault_without_duty.breached_duties.clear();
  OpinionContent unknown_duty = fault("main");
  unknown_duty.breached_duties = {"bedside_manner"};
  OpinionContent grade_eleven = fault("main");
  grade_eleven.disability_grades = {8, 11};
  OpinionContent no_reasons = fault("main");
  no_reasons.reasons.clear();
  struct Row {
    std::string what;
    OpinionContent o;
    std::string code;
  };
  std::vector<Row> table = {
      {"fault, main cause at 75 %", fault("main", 75), ""},
      {"fault, main cause without a percentage", fault("main"), ""},
      {"fault, equal cause at the band's edge 55 %", fault("equal", 55), ""},
      {"no fault, no causation", no_fault, ""},
      {"main cause at 50 % is outside 56–95 %", fault("main", 50), "causation_percent_outside_degree"},
      {"an unknown degree", fault("most"), "causation_degree_unknown"},
      {"no fault but a breached duty", no_fault_with_duty, "opinion_no_fault_with_breached_duty"},
      {"no fault but a causation degree", no_fault_with_cause, "opinion_causation_without_fault"},
      {"fault without a breached duty", fault_without_duty, "opinion_fault_without_breached_duty"},
      {"an unknown duty", unknown_duty, "breached_duty_unknown"},
      {"disability grade 11", grade_eleven, "disability_grade_out_of_range"},
      {"no reasons", no_reasons, "opinion_reasons_required"},
  };
  for (const auto& row : table) {
    auto s = check_opinion(row.o, p);
    EXPECT_EQ(s.ok() ? "" : s.error().code, row.code) << row.what;
  }
}

TEST(Opinions, TheCanonicalFormIgnoresOrderButNotContent) {
  Opinion a;
  a.panel_id = 1;
  a.expert_id = 2;
  a.content = fault("main", 70);
  a.signed_by_user_id = 30;
  a.signed_at = "2026-03-02T08:00:00.000000Z";
  Opinion b = a;
  std::reverse(b.content.breached_duties.begin(), b.content.breached_duties.end());
  EXPECT_EQ(canonical_opinion(a), canonical_opinion(b));
  b.content.causation_percent = 71;
  EXPECT_NE(canonical_opinion(a), canonical_opinion(b));
}

}  // namespace
}  // namespace medrisk::appraisal
