// Pure dispute rules: the case state machine (who may move a case from which state, with which
// preconditions), the complaint life cycle, the statutory clocks on the working calendar with pauses,
// the materials checklist and the attachment checks. No I/O: parameters come from data/disputes/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kernel/date.hpp"
#include "kernel/money.hpp"
#include "kernel/result.hpp"
#include "kernel/working_calendar.hpp"
#include "modules/disputes/model.hpp"

namespace medrisk::disputes {

// ---- named limits ----
inline constexpr std::size_t kMaxAttachmentBytes = 10u << 20;  // 10 MiB per file
inline constexpr int kMaxAttachmentsPerItem = 10;
inline constexpr std::size_t kMaxNarrativeCodePoints = 5000;
inline constexpr int kMaxListPage = 200;
inline constexpr int kMaxEventsPerPage = 500;
inline constexpr int kMaxOffersPerSession = 50;
inline constexpr int kMaxAttendees = 20;
inline constexpr int kMaxSealedRecords = 200;  // items of one record sealing
inline constexpr int kMaxRemindersPerRun = 500;
const std::vector<std::string>& allowed_attachment_types();  // application/pdf, image/jpeg, image/png

// ---- the case state machine ----
// filed → accepted | refused; accepted → investigation → appraisal ⇄ (paused clock) → mediation →
// agreement → payment → closed; mediation → mediation_failed → litigation → payment; withdrawn from any
// open state; closed → investigation on reopening.
const std::vector<std::string>& case_states();
const std::vector<std::string>& case_actions();
const std::vector<std::string>& case_types();    // death, disability, other_harm
const std::vector<std::string>& channels();      // negotiation, people_mediation, administrative_mediation, litigation
bool is_open_state(std::string_view state);

struct CaseFacts {
  std::string state;
  std::optional<std::string> channel;  // the channel the case was accepted into, if any
  std::optional<Money> compensation_demand_fen;
  std::optional<Money> negotiation_threshold_fen;  // the region's; nullopt: no threshold (no national amount)
  bool materials_complete = false;
  bool agreement_signed_by_both = false;
  bool confirmation_window_elapsed = false;  // the patient did not answer in time
};

struct TransitionRequest {
  std::string action;
  std::vector<std::string> roles;  // of the actor
  std::optional<std::string> reason;
  std::optional<std::string> channel;
  std::optional<std::string> court, court_case_number;
  std::optional<Money> judgment_fen;
};

struct TransitionRule {
  std::string action;
  std::vector<std::string> from;   // states the action leaves from
  std::string to;
  std::vector<std::string> roles;  // roles that may take it
};
const std::vector<TransitionRule>& transition_rules();
const TransitionRule* find_transition(std::string_view action);

// The state after the action, or why not: transition_not_allowed_for_role (403),
// transition_not_allowed_in_state (409), or a precondition code (422).
Result<std::string> decide_transition(const CaseFacts& facts, const TransitionRequest& request);

// Who accepts a case into a channel: people's mediation only the mediation committee (人民调解委员会,
// Decree 701 art. 31: its mediator), administrative mediation only the health authority (art. 40: the
// regulator), negotiation the institution's officer or a mediator (art. 30).
bool role_accepts_channel(const std::vector<std::string>& roles, std::string_view channel);
// The routes still open once mediation in `channel` failed (Decree 701 arts. 22, 38, 40): after
// people's mediation, administrative mediation or litigation; after administrative mediation,
// litigation; otherwise (negotiation) either mediation or litigation. A non-litigation route is taken
// by `accept` from mediation_failed with that channel, litigation by start_litigation.
std::vector<std::string> routes_after_failure(const std::optional<std::string>& channel);

// ---- the 30 working days of mediation (Decree 701 arts. 38, 40) ----
bool is_mediation_channel(const std::optional<std::string>& channel);  // people's or administrative
// The states in which the mediation clock runs (appraisal pauses it but the case keeps its clock).
bool mediation_clock_state(std::string_view state);
// The period ran out without agreement: a mediation channel, a state with a running clock, no open
// pause, and today after the due day (extensions included). The job then moves the case to
// mediation_failed ("deemed to have failed", art. 38) and offers routes_after_failure.
bool mediation_period_expired(std::string_view state, const std::optional<std::string>& channel, bool paused,
                              bool overdue);
// An extension agreed by the committee and both parties (art. 38; administrative mediation has no
// extension clause, art. 40): people's mediation only (mediation_extension_not_for_channel), while the
// clock runs (transition_not_allowed_in_state) and has not yet run out (mediation_period_expired), both
// parties' agreement on record (mediation_extension_needs_both_parties), 1 working day or more and at
// most DeadlineParams::mediation_extension_max_working_days in all (mediation_extension_above_limit).
struct ExtensionRequest {
  int working_days = 0;
  bool patient_agreed = false, institution_agreed = false;
};
Status check_mediation_extension(std::string_view state, const std::optional<std::string>& channel, bool overdue,
                                 int already_extended, const ExtensionRequest& request, int max_working_days);

// ---- complaints: open → responded → closed; open|responded → escalated (a case); responded|closed → open ----
struct ComplaintFacts {
  std::string state;
  bool confirmation_window_elapsed = false;
};
// action: respond, confirm, close, reopen, escalate. role_is_patient: the complainant acts.
Result<std::string> decide_complaint_action(const ComplaintFacts& facts, std::string_view action, bool role_is_patient,
                                            bool role_is_officer, bool has_text);

// ---- parameters (data/disputes/*.json) ----
struct DeadlineParams {
  int complaint_feedback_working_days = 5;
  int complaint_feedback_multi_department_working_days = 10;
  int confirmation_window_working_days = 10;
  int acceptance_working_days = 5;
  int mediation_working_days = 30;
  int mediation_extension_max_working_days = 30;  // people_mediation_extension_max (platform bound)
  int administrative_mediation_working_days = 30;
  int autopsy_hours = 48;
  int autopsy_frozen_days = 7;
  int body_storage_days = 14;
  int sealed_records_years = 3;
  int record_late_entry_hours = 24;  // record_event_late_entry (platform policy)
  // Decree 701 art. 28 (report of major disputes): no statutory time limit; the 12 hours of the 2011
  // adverse-event rule are a platform reminder (data/deadlines/disputes.json health_authority_report, statutory: false).
  int health_report_hours = 12;
  std::vector<std::string> health_report_case_types;
  std::string version;
};
Result<DeadlineParams> deadline_params_from_json(const nlohmann::json& doc);

struct NegotiationParams {
  int max_representatives_per_side = 5;
  std::map<std::string, Money> threshold_by_region;  // GB/T 2260 code → fen
  std::string version;
};
Result<NegotiationParams> negotiation_params_from_json(const nlohmann::json& doc);
// The threshold of the region or its province (first two digits + "0000"); nullopt when none.
std::optional<Money> negotiation_threshold(const NegotiationParams& p, std::string_view region_code);

struct ChecklistItem {
  std::string id, name_zh, name_en;
  bool required = true;
};
struct MaterialsParams {
  std::map<std::string, std::vector<ChecklistItem>> by_case_type;
  std::string version;
};
Result<MaterialsParams> materials_params_from_json(const nlohmann::json& doc);

// ---- deadlines ----
Date complaint_response_due(const WorkingCalendar& cal, Date filed, bool multi_department, const DeadlineParams& p);
Date confirmation_due(const WorkingCalendar& cal, Date responded, const DeadlineParams& p);
Date acceptance_due(const WorkingCalendar& cal, Date filed, const DeadlineParams& p);

struct Clock30 {
  Date due;            // the last day (pauses so far taken into account)
  int used_working_days = 0;
  int remaining_working_days = 0;
  bool paused = false;   // a pause is open today
  bool overdue = false;
};
// The mediation clock from acceptance: `days` working days, not counting pauses (appraisal). An open
// pause has to == nullopt and runs until today (inclusive), so the due date moves while it lasts.
struct Pause {
  Date from;
  std::optional<Date> to;
};
Clock30 mediation_clock(const WorkingCalendar& cal, Date accepted, int days, std::span<const Pause> pauses, Date today);
Timestamp autopsy_due(Timestamp death, bool frozen, const DeadlineParams& p);
Date body_storage_due(Date death_date, const DeadlineParams& p);
// When the institution should have reported a death or serious-harm case to the health authority (Decree
// 701 art. 28; the figure is a platform reminder, see DeadlineParams); nullopt for other case types.
std::optional<Timestamp> health_authority_report_due(const std::string& case_type, Timestamp filed_at,
                                                     const DeadlineParams& p);
Date records_self_unseal_on(Date sealed, const DeadlineParams& p);
// Decree 701 art. 24, sealing and unsealing: recorded when they happen — `at` no earlier than
// record_late_entry_hours before `now` and no later than 5 minutes after it (record_event_time_out_of_range);
// unsealing with fewer than both parties present only by the institution's officer once the dispute is
// resolved (case closed) or on/after the self-unsealing day of the latest sealing
// (record_unsealing_needs_both_parties).
inline constexpr int kRecordClockSkewMinutes = 5;
struct RecordEventFacts {
  std::string kind;  // record_sealing, record_unsealing, record_copying
  Timestamp at, now;
  std::size_t present = 0;
  std::string case_state;
  bool by_officer = false;
  std::optional<Date> self_unseal_on;  // of the latest sealing
};
Status check_record_event(const RecordEventFacts& f, const DeadlineParams& p);

// ---- materials ----
// Statuses of every checklist item of the case type (missing when the case has none yet).
std::vector<MaterialStatus> checklist_status(const std::vector<ChecklistItem>& checklist,
                                             const std::vector<MaterialStatus>& recorded);
// Required items not yet accepted.
std::vector<std::string> missing_items(const std::vector<ChecklistItem>& checklist,
                                       const std::vector<MaterialStatus>& recorded);

// ---- attachments ----
// Size within (0, kMaxAttachmentBytes], an allowed type, and content whose leading bytes match it.
Status check_attachment(std::string_view content_type, std::string_view content);

// ---- consent ----
// Everyone but the patient and the institution's officer (who hold the record already) sees the narrative
// and attachments only with the patient's live consent (the consent module decides which grant counts).
bool needs_consent(const std::vector<std::string>& roles);
// The roles the case's consent panel offers (mediator, adjuster, expert, lawyer), each granted with the
// purpose it reads for (data/consent/purposes.json).
const std::vector<std::string>& consent_grantee_roles();


// ---- dashboard summary (GET /api/v1/disputes/summary) ----
// One case as the summary counts it: read from dispute_cases and its own events.
struct CaseFact {
  std::int64_t id = 0;
  std::string state, region_code;
  std::optional<std::string> channel, due_on;  // due_on: the running clock's due date
  std::string filed_on;                       // YYYY-MM-DD
  std::optional<Date> closed_on;              // the day it first entered `closed`
  bool mediation_agreed = false;              // ever reached `agreement`
  bool mediation_failed = false;              // ever reached `mediation_failed`
};
struct CaseFigures {
  std::int64_t total = 0, open = 0, overdue = 0, resolved = 0;
  std::int64_t mediation_agreed = 0, mediation_failed = 0;
  std::int64_t resolution_days_sum = 0;  // over the resolved cases
  std::map<std::string, std::int64_t> by_state;
  // agreed / (agreed + failed) in basis points; nullopt before any mediation ended
  std::optional<std::int64_t> mediation_success_rate_bp() const;
  std::optional<double> average_days_to_resolution() const;  // one decimal; nullopt when none resolved
};
struct CaseSummary {
  CaseFigures all;
  std::map<std::string, CaseFigures> by_region;  // region_code → figures
  std::vector<CaseFact> due_soon;                // open cases with a running clock, soonest due first
};
// Open: not closed, refused or withdrawn; overdue: open with due_on before `today`.
CaseSummary summarize_cases(const std::vector<CaseFact>& facts, Date today, std::size_t due_soon_limit);

}  // namespace medrisk::disputes
