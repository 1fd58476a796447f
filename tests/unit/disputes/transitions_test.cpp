// The case state machine as the business reads it: every transition for every role and from every
// state — allowed ones reach their state, the rest are refused with their code — and each precondition
// (Decree 701 arts. 22–40; thresholds and checklists from data/disputes/) refused with its own code.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "modules/accounts/api.hpp"
#include "modules/disputes/errors.hpp"
#include "modules/disputes/rules.hpp"

namespace medrisk::disputes {
namespace {

struct Row {
  std::string action;
  std::set<std::string> from;
  std::string to;
  std::set<std::string> roles;
};

const std::set<std::string> kOpen = {"filed",     "accepted",         "investigation", "appraisal",
                                     "mediation", "agreement",        "mediation_failed", "litigation",
                                     "payment"};

// Written out by hand from the issue, not derived from transition_rules().
const std::vector<Row>& business_table() {
  static const std::vector<Row> rows = {
      // Issue 18 item 9: people's mediation (the channel of complete_request) is accepted by the committee's
      // mediator only, also as the next route after failed negotiation (satisfied() sets negotiation).
      {"accept", {"filed", "mediation_failed"}, "accepted", {"mediator"}},
      {"refuse", {"filed"}, "refused", {"mediator", "medical_officer"}},
      {"start_investigation", {"accepted"}, "investigation", {"mediator", "medical_officer"}},
      {"request_appraisal", {"investigation", "mediation"}, "appraisal", {"mediator"}},
      {"finish_appraisal", {"appraisal"}, "mediation", {"mediator"}},
      {"start_mediation", {"investigation"}, "mediation", {"mediator"}},
      {"reach_agreement", {"mediation"}, "agreement", {"mediator"}},
      {"fail_mediation", {"mediation"}, "mediation_failed", {"mediator"}},
      {"start_litigation", {"mediation_failed"}, "litigation", {"patient", "medical_officer", "lawyer"}},
      {"record_judgment", {"litigation"}, "payment", {"medical_officer", "lawyer"}},
      {"start_payment", {"agreement"}, "payment", {"adjuster", "medical_officer"}},
      {"close", {"payment"}, "closed", {"patient", "medical_officer", "adjuster"}},
      {"withdraw", kOpen, "withdrawn", {"patient"}},
      {"reopen", {"closed"}, "investigation", {"patient", "medical_officer"}},
  };
  return rows;
}

// Facts and arguments under which every precondition holds, so only role and state decide.
CaseFacts satisfied(const std::string& state) {
  CaseFacts f;
  f.state = state;
  f.channel = "negotiation";
  f.compensation_demand_fen = Money::from_fen(500'000);
  f.negotiation_threshold_fen = Money::from_fen(1'000'000);
  f.materials_complete = true;
  f.agreement_signed_by_both = true;
  f.confirmation_window_elapsed = true;
  return f;
}

TransitionRequest complete_request(const std::string& action, const std::string& role) {
  TransitionRequest r;
  r.action = action;
  r.roles = {role};
  r.reason = "理由";
  r.channel = "people_mediation";
  r.court = "明湖市明湖区人民法院";
  r.court_case_number = "(2026)粤0101民初1号";
  r.judgment_fen = Money::from_fen(8'000'000);
  return r;
}

TEST(CaseTransitions, EveryActionForEveryRoleFromEveryState) {
  int allowed = 0, refused = 0;
  for (const auto& row : business_table())
    for (const auto& role : accounts::all_roles())
      for (const auto& state : case_states()) {
        SCOPED_TRACE(row.action + " by " + role + " from " + state);
        auto got = decide_transition(satisfied(state), complete_request(row.action, role));
        if (!row.roles.contains(role)) {
          ASSERT_FALSE(got.ok());
          EXPECT_EQ(got.error().code, errors::transition_not_allowed_for_role);
          ++refused;
        } else if (!row.from.contains(state)) {
          ASSERT_FALSE(got.ok());
          EXPECT_EQ(got.error().code, errors::transition_not_allowed_in_state);
          ++refused;
        } else {
          ASSERT_TRUE(got.ok()) << got.error().code;
          EXPECT_EQ(*got, row.to);
          ++allowed;
        }
      }
  EXPECT_EQ(allowed, 33);  // counted from the table: (2×1)+2+2+(1×2)+1+1+1+1+3+2+2+3+(1×9)+2
  EXPECT_EQ(refused, 14 * 11 * 12 - 33);
}

TEST(CaseTransitions, TheRulesHaveNoActionTheBusinessTableLacks) {
  std::set<std::string> table;
  for (const auto& r : business_table()) table.insert(r.action);
  for (const auto& a : case_actions()) EXPECT_TRUE(table.contains(a)) << a;
  EXPECT_EQ(table.size(), case_actions().size());
}

TEST(CaseTransitions, AnUnknownActionIsBadInput) {
  auto got = decide_transition(satisfied("filed"), complete_request("teleport", "mediator"));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, "request_invalid");
}

struct PreconditionCase {
  std::string why, state, action, role;
  std::function<void(CaseFacts&, TransitionRequest&)> change;
  std::string code;  // "" = allowed
};

TEST(CaseTransitions, PreconditionsAreRefusedWithTheirCodes) {
  const std::vector<PreconditionCase> table = {
      {"refusal without a reason", "filed", "refuse", "mediator", [](auto&, auto& r) { r.reason = "  "; },
       std::string(errors::refusal_reason_required)},
      {"acceptance without a channel", "filed", "accept", "mediator", [](auto&, auto& r) { r.channel.reset(); },
       std::string(errors::channel_required)},
      {"litigation is not an acceptance channel", "filed", "accept", "mediator",
       [](auto&, auto& r) { r.channel = "litigation"; }, std::string(errors::channel_required)},
      {"negotiation of 10,000.01 CNY where the threshold is 10,000 CNY", "filed", "accept", "medical_officer",
       [](auto& f, auto& r) {
         r.channel = "negotiation";
         f.compensation_demand_fen = Money::from_fen(1'000'001);
       },
       std::string(errors::negotiation_above_regional_threshold)},
      {"negotiation of exactly 10,000 CNY", "filed", "accept", "medical_officer",
       [](auto& f, auto& r) {
         r.channel = "negotiation";
         f.compensation_demand_fen = Money::from_fen(1'000'000);
       },
       ""},
      {"negotiation of 1,000,000 CNY in a region without a threshold", "filed", "accept", "medical_officer",
       [](auto& f, auto& r) {
         r.channel = "negotiation";
         f.negotiation_threshold_fen.reset();
         f.compensation_demand_fen = Money::from_fen(100'000'000);
       },
       ""},
      {"people's mediation above the threshold", "filed", "accept", "mediator",
       [](auto& f, auto&) { f.compensation_demand_fen = Money::from_fen(100'000'000); }, ""},
      {"litigation without a case number", "mediation_failed", "start_litigation", "patient",
       [](auto&, auto& r) { r.court_case_number.reset(); },
       std::string(errors::litigation_court_and_case_number_required)},
      {"judgment without an amount", "litigation", "record_judgment", "lawyer",
       [](auto&, auto& r) { r.judgment_fen.reset(); }, std::string(errors::judgment_amount_required)},
      {"judgment with materials missing", "litigation", "record_judgment", "medical_officer",
       [](auto& f, auto&) { f.materials_complete = false; }, std::string(errors::materials_incomplete_for_payment)},
      {"payment with materials missing", "agreement", "start_payment", "adjuster",
       [](auto& f, auto&) { f.materials_complete = false; }, std::string(errors::materials_incomplete_for_payment)},
      {"agreement signed by one side only", "mediation", "reach_agreement", "mediator",
       [](auto& f, auto&) { f.agreement_signed_by_both = false; },
       std::string(errors::agreement_not_signed_by_both_parties)},
      {"officer closes before the patient answered, window open", "payment", "close", "medical_officer",
       [](auto& f, auto&) { f.confirmation_window_elapsed = false; },
       std::string(errors::case_close_awaits_patient_confirmation)},
      {"the patient confirms and closes at once", "payment", "close", "patient",
       [](auto& f, auto&) { f.confirmation_window_elapsed = false; }, ""},
      {"reopening without new facts", "closed", "reopen", "patient", [](auto&, auto& r) { r.reason.reset(); },
       std::string(errors::reopen_reason_required)},
      {"a wrong state wins over a missing reason", "accepted", "refuse", "mediator",
       [](auto&, auto& r) { r.reason.reset(); }, std::string(errors::transition_not_allowed_in_state)},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.why);
    CaseFacts f = satisfied(c.state);
    TransitionRequest r = complete_request(c.action, c.role);
    c.change(f, r);
    auto got = decide_transition(f, r);
    if (c.code.empty()) {
      EXPECT_TRUE(got.ok()) << got.error().code;
    } else {
      ASSERT_FALSE(got.ok());
      EXPECT_EQ(got.error().code, c.code);
    }
  }
}

TEST(ComplaintActions, TheComplaintLifeCycle) {
  struct C { std::string state, action; bool patient, officer, text, window; std::string expect; };
  const std::vector<C> table = {
      {"open", "respond", false, true, true, false, "responded"},
      {"open", "respond", false, true, false, false, std::string(errors::complaint_response_required)},
      {"open", "respond", true, false, true, false, std::string(errors::complaint_action_not_allowed_for_role)},
      {"responded", "confirm", true, false, false, false, "closed"},
      {"responded", "close", false, true, false, false, std::string(errors::complaint_close_awaits_complainant)},
      {"responded", "close", false, true, false, true, "closed"},
      {"closed", "reopen", true, false, true, false, "open"},
      {"open", "confirm", true, false, false, false, std::string(errors::complaint_action_not_allowed_in_state)},
      {"open", "escalate", true, false, false, false, "escalated"},
      {"responded", "escalate", false, true, false, false, "escalated"},
      {"escalated", "reopen", true, false, true, false, std::string(errors::complaint_action_not_allowed_in_state)},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.state + " " + c.action);
    auto got = decide_complaint_action({c.state, c.window}, c.action, c.patient, c.officer, c.text);
    EXPECT_EQ(got.ok() ? *got : got.error().code, c.expect);
  }
}

}  // namespace
}  // namespace medrisk::disputes
