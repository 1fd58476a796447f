// Issue 18 items 9, 10 and 14 as pure rules: who accepts a case into which channel (Decree 701 arts. 30,
// 31, 40), the routes still open after failed mediation, the 30 working days of art. 38 running out
// on a fake "today" (deemed failed) or extended by agreement within the data file's bound, and the
// art. 24 record sealing / unsealing checks.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/disputes/errors.hpp"
#include "modules/disputes/rules.hpp"

namespace medrisk::disputes {
namespace {

std::filesystem::path source_dir() {
  const char* s = std::getenv("MEDRISK_SOURCE_DIR");
  return s ? s : ".";
}
Date D(const char* s) {
  return *Date::parse(s);
}
Timestamp T(const char* s) {
  return *Timestamp::parse(s);
}

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

std::string outcome(const Result<std::string>& r) {
  return r.ok() ? *r : r.error().code;
}
std::string outcome(const Status& s) {
  return s.ok() ? "ok" : s.error().code;
}

// Item 9: the hospital's officer accepted cases into people's or administrative mediation, and a
// mediator accepted administrative mediation.
TEST(AcceptanceByChannel, OnlyTheCommitteeOrTheHealthAuthorityAcceptsMediation) {
  struct Row {
    std::string role, channel, expect;
  };
  const std::string role_refused(errors::transition_not_allowed_for_role);
  const std::vector<Row> table = {
      {"mediator", "people_mediation", "accepted"},
      {"medical_officer", "people_mediation", role_refused},
      {"regulator", "people_mediation", role_refused},
      {"regulator", "administrative_mediation", "accepted"},
      {"mediator", "administrative_mediation", role_refused},
      {"medical_officer", "administrative_mediation", role_refused},
      {"medical_officer", "negotiation", "accepted"},
      {"mediator", "negotiation", "accepted"},
      {"regulator", "negotiation", role_refused},
      {"patient", "people_mediation", role_refused},
  };
  for (const auto& r : table) {
    CaseFacts f;
    f.state = "filed";
    TransitionRequest t;
    t.action = "accept";
    t.roles = {r.role};
    t.channel = r.channel;
    EXPECT_EQ(outcome(decide_transition(f, t)), r.expect) << r.role << " into " << r.channel;
  }
}

// Item 10: after failed mediation the routes still open are offered, and the administrative route is
// taken by the health authority accepting the case again; litigation by start_litigation.
TEST(AcceptanceByChannel, FailedMediationOffersTheNextRoutes) {
  using V = std::vector<std::string>;
  EXPECT_EQ(routes_after_failure(std::string("people_mediation")), (V{"administrative_mediation", "litigation"}));
  EXPECT_EQ(routes_after_failure(std::string("administrative_mediation")), (V{"litigation"}));
  EXPECT_EQ(routes_after_failure(std::string("negotiation")),
            (V{"people_mediation", "administrative_mediation", "litigation"}));
  CaseFacts f;
  f.state = "mediation_failed";
  f.channel = "people_mediation";
  TransitionRequest t;
  t.action = "accept";
  t.roles = {"regulator"};
  t.channel = "administrative_mediation";
  EXPECT_EQ(outcome(decide_transition(f, t)), "accepted");
  t.roles = {"mediator"};
  t.channel = "people_mediation";
  EXPECT_EQ(outcome(decide_transition(f, t)), std::string(errors::channel_not_a_next_route))
      << "people's mediation already failed";
  f.channel = "administrative_mediation";
  t.roles = {"regulator"};
  t.channel = "administrative_mediation";
  EXPECT_EQ(outcome(decide_transition(f, t)), std::string(errors::channel_not_a_next_route));
}

// Item 10: the period runs out — with a fake today — and the case is deemed failed (art. 38), unless
// an appraisal pauses the clock or an extension moved the due day.
TEST(MediationPeriod, RunsOutOnTheThirtyFirstWorkingDayUnlessExtended) {
  const int days = params().mediation_working_days;
  ASSERT_EQ(days, 30);
  struct Row {
    const char* today;
    int extension;
    std::vector<Pause> pauses;
    std::string state;
    bool expired;
    const char* why;
  };
  const std::vector<Row> table = {
      {"2026-04-14", 0, {}, "mediation", false, "the 30th working day is still in time"},
      {"2026-04-15", 0, {}, "mediation", true, "the day after: deemed failed"},
      {"2026-04-15", 0, {}, "investigation", true, "a case still under investigation fails too"},
      {"2026-04-15", 5, {}, "mediation", false, "5 working days agreed: due 04-21"},
      {"2026-04-21", 5, {}, "mediation", false, "the extension's last day"},
      {"2026-04-22", 5, {}, "mediation", true, "the extension ran out"},
      {"2026-04-15", 0, {{D("2026-04-01"), std::nullopt}}, "appraisal", false, "appraisal pauses the clock"},
      {"2026-04-15", 0, {}, "agreement", false, "an agreement was reached"},
  };
  for (const auto& r : table) {
    Clock30 k = mediation_clock(china(), D("2026-03-02"), days + r.extension, r.pauses, D(r.today));
    EXPECT_EQ(mediation_period_expired(r.state, std::string("people_mediation"), k.paused, k.overdue), r.expired)
        << r.why << " (due " << k.due.to_string() << ")";
  }
  Clock30 late = mediation_clock(china(), D("2026-03-02"), days, {}, D("2026-04-15"));
  EXPECT_FALSE(mediation_period_expired("mediation", std::string("negotiation"), late.paused, late.overdue))
      << "negotiation has no statutory period";
  EXPECT_TRUE(
      mediation_period_expired("mediation", std::string("administrative_mediation"), late.paused, late.overdue));
}

TEST(MediationPeriod, AnExtensionNeedsBothPartiesAndStaysWithinTheBound) {
  const int max = params().mediation_extension_max_working_days;
  ASSERT_EQ(max, 30) << "data/deadlines/disputes.json people_mediation_extension_max";
  struct Row {
    std::string state, channel;
    bool overdue;
    int already;
    ExtensionRequest req;
    std::string expect;
  };
  const std::vector<Row> table = {
      {"mediation", "people_mediation", false, 0, {10, true, true}, "ok"},
      {"appraisal", "people_mediation", false, 0, {10, true, true}, "ok"},
      {"mediation", "people_mediation", false, 20, {10, true, true}, "ok"},
      {"mediation",
       "people_mediation",
       false,
       20,
       {11, true, true},
       std::string(errors::mediation_extension_above_limit)},
      {"mediation",
       "people_mediation",
       false,
       0,
       {0, true, true},
       std::string(errors::mediation_extension_above_limit)},
      {"mediation",
       "people_mediation",
       false,
       0,
       {10, true, false},
       std::string(errors::mediation_extension_needs_both_parties)},
      {"mediation",
       "people_mediation",
       false,
       0,
       {10, false, true},
       std::string(errors::mediation_extension_needs_both_parties)},
      {"mediation",
       "administrative_mediation",
       false,
       0,
       {10, true, true},
       std::string(errors::mediation_extension_not_for_channel)},
      {"mediation", "people_mediation", true, 0, {10, true, true}, std::string(errors::mediation_period_expired)},
      {"agreement",
       "people_mediation",
       false,
       0,
       {10, true, true},
       std::string(errors::transition_not_allowed_in_state)},
  };
  for (const auto& r : table)
    EXPECT_EQ(outcome(check_mediation_extension(r.state, r.channel, r.overdue, r.already, r.req, max)), r.expect)
        << r.state << " " << r.channel << " +" << r.req.working_days << " after " << r.already;
}

// Item 14: a sealing dated in the past (2020) was accepted, its 3-year self-unsealing day already
// passed; and the institution could not unseal alone after the dispute was resolved (art. 24).
TEST(RecordSealing, RecordedWhenItHappensAndUnsealedAsArticle24Allows) {
  ASSERT_EQ(params().record_late_entry_hours, 24);
  const Timestamp now = T("2026-03-02T02:00:00Z");
  struct Row {
    std::string kind;
    const char* at;
    std::size_t present;
    std::string state;
    bool officer;
    std::optional<Date> self_unseal_on;
    std::string expect;
    const char* why;
  };
  const std::string time_refused(errors::record_event_time_out_of_range);
  const std::string unseal_refused(errors::record_unsealing_needs_both_parties);
  const std::vector<Row> table = {
      {"record_sealing", "2026-03-02T02:00:00Z", 2, "investigation", true, {}, "ok", "sealed now"},
      {"record_sealing", "2026-03-01T03:00:00Z", 2, "investigation", true, {}, "ok", "entered 23 hours later"},
      {"record_sealing", "2026-03-01T01:59:59Z", 2, "investigation", true, {}, time_refused, "over a day late"},
      {"record_sealing", "2020-05-01T02:00:00Z", 2, "investigation", true, {}, time_refused, "dated 2020"},
      {"record_sealing", "2026-03-02T02:06:00Z", 2, "investigation", true, {}, time_refused, "in the future"},
      {"record_unsealing", "2026-03-02T02:00:00Z", 2, "mediation", true, {}, "ok", "both parties present"},
      {"record_unsealing", "2026-03-02T02:00:00Z", 1, "mediation", true, D("2029-03-01"), unseal_refused,
       "the institution alone while the dispute is open"},
      {"record_unsealing", "2026-03-02T02:00:00Z", 1, "closed", true, D("2029-03-01"), "ok",
       "the institution alone once the dispute is resolved"},
      {"record_unsealing", "2026-03-02T02:00:00Z", 1, "closed", false, D("2029-03-01"), unseal_refused,
       "only the institution unseals alone"},
      {"record_unsealing", "2026-03-02T02:00:00Z", 1, "investigation", true, D("2026-03-02"), "ok",
       "3 years after sealing"},
      {"record_copying", "2020-05-01T02:00:00Z", 1, "investigation", true, {}, "ok", "copying is not sealing"},
  };
  for (const auto& r : table) {
    RecordEventFacts f{r.kind, T(r.at), now, r.present, r.state, r.officer, r.self_unseal_on};
    EXPECT_EQ(outcome(check_record_event(f, params())), r.expect) << r.why;
  }
}

}  // namespace
}  // namespace medrisk::disputes
