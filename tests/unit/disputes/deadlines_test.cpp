// The statutory clocks on the working calendar (data/calendar/cn-holidays.json) with the figures of
// data/deadlines/disputes.json. Every expected date was counted by hand on a wall calendar with the
// State Council holiday notices for 2025 and 2026, across Spring Festival and National Day.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/disputes/rules.hpp"

namespace medrisk::disputes {
namespace {

std::filesystem::path source_dir() {
  const char* s = std::getenv("MEDRISK_SOURCE_DIR");
  return s ? s : ".";
}

Date D(const char* s) { return *Date::parse(s); }

const WorkingCalendar& china() {
  static const WorkingCalendar cal = *WorkingCalendar::load(source_dir() / "data/calendar/cn-holidays.json");
  return cal;
}

const DeadlineParams& params() {
  static const DeadlineParams p = [] {
    std::ifstream in(source_dir() / "data/deadlines/disputes.json");
    return *deadline_params_from_json(nlohmann::json::parse(in));
  }();
  return p;
}

TEST(Deadlines, TheDataFileHoldsTheStatutoryFigures) {
  EXPECT_EQ(params().complaint_feedback_working_days, 5);
  EXPECT_EQ(params().complaint_feedback_multi_department_working_days, 10);
  EXPECT_EQ(params().acceptance_working_days, 5);
  EXPECT_EQ(params().mediation_working_days, 30);
  EXPECT_EQ(params().autopsy_hours, 48);
  EXPECT_EQ(params().body_storage_days, 14);
  EXPECT_EQ(params().sealed_records_years, 3);
}

TEST(Deadlines, ComplaintFeedbackAcrossSpringFestival2025) {
  // Filed Fri 2025-01-24; Sun 01-26 is a make-up working day, 01-28…02-04 off, Sat 02-08 works.
  EXPECT_EQ(complaint_response_due(china(), D("2025-01-24"), false, params()), D("2025-02-07"));
  EXPECT_EQ(complaint_response_due(china(), D("2025-01-24"), true, params()), D("2025-02-13"));
}

TEST(Deadlines, AcceptanceAcrossNationalDayAndSpringFestival) {
  struct C { const char* filed; const char* due; const char* why; };
  const std::vector<C> table = {
      {"2025-09-26", "2025-10-10", "Sun 09-28 works; 10-01…10-08 off"},
      {"2026-02-12", "2026-02-26", "Sat 02-14 works; 02-15…02-23 off"},
      {"2026-09-24", "2026-10-09", "Mid-Autumn 09-25…09-27 and National Day 10-01…10-07 off"},
      {"2026-03-02", "2026-03-09", "an ordinary week"},
  };
  for (const auto& c : table) EXPECT_EQ(acceptance_due(china(), D(c.filed), params()), D(c.due)) << c.why;
}

TEST(Deadlines, MediationThirtyWorkingDaysWithAppraisalPaused) {
  struct C {
    const char* accepted;
    std::vector<Pause> pauses;
    const char* today;
    const char* due;
    int used, remaining;
    bool paused, overdue;
    const char* why;
  };
  const std::vector<C> table = {
      {"2026-03-02", {}, "2026-03-02", "2026-04-14", 0, 30, false, false, "Qingming 04-04…04-06 off"},
      {"2026-03-02", {{D("2026-03-09"), D("2026-03-20")}}, "2026-03-23", "2026-04-28", 5, 25, false, false,
       "two weeks of appraisal add ten working days"},
      {"2026-03-02", {{D("2026-03-16"), std::nullopt}}, "2026-03-20", "2026-04-21", 9, 21, true, false,
       "an open appraisal moves the due date day by day"},
      {"2026-03-02", {}, "2026-04-15", "2026-04-14", 30, 0, false, true, "one day late"},
      {"2026-02-10", {}, "2026-02-10", "2026-03-30", 0, 30, false, false,
       "Spring Festival 02-15…02-23 off, Sat 02-14 and 02-28 work"},
      {"2026-02-10", {{D("2026-02-24"), D("2026-02-28")}}, "2026-02-10", "2026-04-07", 0, 30, false, false,
       "appraisal right after Spring Festival, then Qingming"},
      {"2025-09-15", {}, "2025-10-10", "2025-10-31", 14, 16, false, false,
       "National Day 2025: Sun 09-28 and Sat 10-11 work, 10-01…10-08 off"},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.why);
    auto clock = mediation_clock(china(), D(c.accepted), params().mediation_working_days, c.pauses, D(c.today));
    EXPECT_EQ(clock.due, D(c.due));
    EXPECT_EQ(clock.used_working_days, c.used);
    EXPECT_EQ(clock.remaining_working_days, c.remaining);
    EXPECT_EQ(clock.paused, c.paused);
    EXPECT_EQ(clock.overdue, c.overdue);
  }
}

TEST(Deadlines, DeathCaseAndRecordSealingClocks) {
  Timestamp death = *Timestamp::parse("2026-03-02T08:00:00Z");
  EXPECT_EQ(autopsy_due(death, false, params()).to_iso_utc(), "2026-03-04T08:00:00.000000Z");
  EXPECT_EQ(autopsy_due(death, true, params()).to_iso_utc(), "2026-03-09T08:00:00.000000Z");
  EXPECT_EQ(body_storage_due(D("2026-03-02"), params()), D("2026-03-16"));
  EXPECT_EQ(records_self_unseal_on(D("2026-03-02"), params()), D("2029-03-02"));
  EXPECT_EQ(records_self_unseal_on(D("2024-02-29"), params()), D("2027-02-28"));
}

TEST(Deadlines, ComplainantConfirmationWindow) {
  // Responded Thu 2025-09-25: 09-26, Sun 09-28, 09-29, 09-30, 10-09, 10-10, Sat 10-11, 10-13, 10-14, 10-15.
  EXPECT_EQ(confirmation_due(china(), D("2025-09-25"), params()), D("2025-10-15"));
}

TEST(Deadlines, DeathAndSeriousHarmAreReportedToTheHealthAuthorityWithinTheReminderFigure) {
  // Decree 701 art. 28 sets no time limit; the 12 hours (2011 adverse-event rule) are a platform reminder.
  EXPECT_EQ(params().health_report_hours, 12);
  Timestamp filed = *Timestamp::parse("2026-03-02T08:00:00Z");
  struct Row {
    std::string case_type;
    std::optional<std::string> due;
  } rows[] = {{"death", "2026-03-02T20:00:00.000000Z"}, {"disability", "2026-03-02T20:00:00.000000Z"}, {"other_harm", std::nullopt}};
  for (const auto& r : rows) {
    auto due = health_authority_report_due(r.case_type, filed, params());
    ASSERT_EQ(due.has_value(), r.due.has_value()) << r.case_type;
    if (due) {
      EXPECT_EQ(due->to_iso_utc(), *r.due) << r.case_type;
    }
  }
}

}  // namespace
}  // namespace medrisk::disputes
