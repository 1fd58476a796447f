// Dispute rules (see rules.hpp). The transition table is the legal workflow of 医疗纠纷预防和处理条例
// (Decree 701, 2018) arts. 22–40 as the platform runs it; tests/unit/disputes walks every row for every role.
#include "modules/disputes/rules.hpp"

#include <algorithm>
#include <tuple>
#include <nlohmann/json.hpp>

#include "modules/disputes/errors.hpp"

namespace medrisk::disputes {
namespace {


bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool any_of_roles(const std::vector<std::string>& have, const std::vector<std::string>& allowed) {
  return std::any_of(have.begin(), have.end(), [&](const std::string& r) { return contains(allowed, r); });
}

bool blank(const std::optional<std::string>& s) {
  return !s || s->find_first_not_of(" \t\r\n") == std::string::npos;
}

// Preconditions of one action once role and state fit (422 when unmet).
Status check_preconditions(const CaseFacts& f, const TransitionRequest& r) {
  const std::string& a = r.action;
  if (a == "refuse" && blank(r.reason)) return err(errors::refusal_reason_required);
  if (a == "reopen" && blank(r.reason)) return err(errors::reopen_reason_required);
  if (a == "accept") {
    if (!r.channel || *r.channel == "litigation" || !contains(channels(), *r.channel)) return err(errors::channel_required);
    // Decree 701 art. 30: large claims belong in mediation; the amount is regional data (negotiation.json).
    if (*r.channel == "negotiation" && f.negotiation_threshold_fen && f.compensation_demand_fen &&
        *f.compensation_demand_fen > *f.negotiation_threshold_fen)
      return err(errors::negotiation_above_regional_threshold);
    if (f.state == "mediation_failed" && !contains(routes_after_failure(f.channel), *r.channel))
      return err(errors::channel_not_a_next_route, *r.channel);
  }
  if (a == "start_litigation" && (blank(r.court) || blank(r.court_case_number)))
    return err(errors::litigation_court_and_case_number_required);
  if (a == "record_judgment" && !r.judgment_fen) return err(errors::judgment_amount_required);
  if (a == "reach_agreement" && !f.agreement_signed_by_both) return err(errors::agreement_not_signed_by_both_parties);
  if ((a == "start_payment" || a == "record_judgment") && !f.materials_complete)
    return err(errors::materials_incomplete_for_payment);
  if (a == "close" && !contains(r.roles, "patient") && !f.confirmation_window_elapsed)
    return err(errors::case_close_awaits_patient_confirmation);
  return {};
}

int int_field(const nlohmann::json& deadlines, const char* id) {
  if (!deadlines.contains(id) || !deadlines[id].contains("value") || !deadlines[id]["value"].is_number_integer())
    throw std::invalid_argument(std::string("deadline ") + id + " missing");
  return deadlines[id]["value"].get<int>();
}

}  // namespace

const std::vector<std::string>& allowed_attachment_types() {
  static const std::vector<std::string> v = {"application/pdf", "image/jpeg", "image/png"};
  return v;
}

const std::vector<std::string>& case_states() {
  static const std::vector<std::string> v = {"filed",     "accepted",  "refused",          "investigation",
                                             "appraisal", "mediation", "agreement",        "mediation_failed",
                                             "litigation", "payment",  "closed",           "withdrawn"};
  return v;
}

const std::vector<std::string>& case_types() {
  static const std::vector<std::string> v = {"death", "disability", "other_harm"};
  return v;
}

const std::vector<std::string>& channels() {
  static const std::vector<std::string> v = {"negotiation", "people_mediation", "administrative_mediation", "litigation"};
  return v;
}

bool is_open_state(std::string_view s) { return s != "refused" && s != "closed" && s != "withdrawn"; }

const std::vector<TransitionRule>& transition_rules() {
  static const std::vector<TransitionRule> rules = [] {
    std::vector<std::string> open;
    for (const auto& s : case_states())
      if (is_open_state(s)) open.push_back(s);
    return std::vector<TransitionRule>{
        {"accept", {"filed", "mediation_failed"}, "accepted", {"mediator", "medical_officer", "regulator"}},
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
        {"withdraw", open, "withdrawn", {"patient"}},
        {"reopen", {"closed"}, "investigation", {"patient", "medical_officer"}},
    };
  }();
  return rules;
}

const std::vector<std::string>& case_actions() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> out;
    for (const auto& r : transition_rules()) out.push_back(r.action);
    return out;
  }();
  return v;
}

const TransitionRule* find_transition(std::string_view action) {
  for (const auto& r : transition_rules())
    if (r.action == action) return &r;
  return nullptr;
}

Result<std::string> decide_transition(const CaseFacts& facts, const TransitionRequest& request) {
  const TransitionRule* rule = find_transition(request.action);
  if (!rule) return Error::of("request_invalid").with("/action", "field_value_not_allowed");
  if (!any_of_roles(request.roles, rule->roles)) return err(errors::transition_not_allowed_for_role, request.action);
  if (request.action == "accept" && request.channel && contains(channels(), *request.channel) &&
      *request.channel != "litigation" && !role_accepts_channel(request.roles, *request.channel))
    return err(errors::transition_not_allowed_for_role, "accept into " + *request.channel);
  if (!contains(rule->from, facts.state))
    return err(errors::transition_not_allowed_in_state, request.action + " from " + facts.state);
  MEDRISK_CHECK(check_preconditions(facts, request));
  return rule->to;
}

bool role_accepts_channel(const std::vector<std::string>& roles, std::string_view channel) {
  if (channel == "people_mediation") return contains(roles, "mediator");
  if (channel == "administrative_mediation") return contains(roles, "regulator");
  if (channel == "negotiation") return contains(roles, "medical_officer") || contains(roles, "mediator");
  return false;
}

std::vector<std::string> routes_after_failure(const std::optional<std::string>& channel) {
  if (channel == "people_mediation") return {"administrative_mediation", "litigation"};
  if (channel == "administrative_mediation") return {"litigation"};
  return {"people_mediation", "administrative_mediation", "litigation"};
}

bool is_mediation_channel(const std::optional<std::string>& ch) {
  return ch && (*ch == "people_mediation" || *ch == "administrative_mediation");
}

bool mediation_clock_state(std::string_view s) {
  return s == "accepted" || s == "investigation" || s == "appraisal" || s == "mediation";
}

bool mediation_period_expired(std::string_view state, const std::optional<std::string>& channel, bool paused,
                              bool overdue) {
  return is_mediation_channel(channel) && mediation_clock_state(state) && state != "appraisal" && !paused && overdue;
}

Status check_mediation_extension(std::string_view state, const std::optional<std::string>& channel, bool overdue,
                                 int already, const ExtensionRequest& r, int max_days) {
  if (channel != "people_mediation") return err(errors::mediation_extension_not_for_channel, channel.value_or(""));
  if (!mediation_clock_state(state)) return err(errors::transition_not_allowed_in_state, "extend in " + std::string(state));
  if (overdue) return err(errors::mediation_period_expired);
  if (!r.patient_agreed || !r.institution_agreed) return err(errors::mediation_extension_needs_both_parties);
  if (r.working_days < 1 || already + r.working_days > max_days)
    return err(errors::mediation_extension_above_limit, std::to_string(max_days - already) + " working days left");
  return {};
}

Result<std::string> decide_complaint_action(const ComplaintFacts& f, std::string_view action, bool patient, bool officer,
                                            bool has_text) {
  struct Row { std::string_view action; std::vector<std::string> from; std::string to; bool by_patient, by_officer; };
  static const std::vector<Row> rows = {
      {"respond", {"open"}, "responded", false, true},
      {"confirm", {"responded"}, "closed", true, false},
      {"close", {"responded"}, "closed", false, true},
      {"reopen", {"responded", "closed"}, "open", true, false},
      {"escalate", {"open", "responded"}, "escalated", true, true},
  };
  auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.action == action; });
  if (it == rows.end()) return Error::of("request_invalid").with("/action", "field_value_not_allowed");
  if (!((it->by_patient && patient) || (it->by_officer && officer)))
    return err(errors::complaint_action_not_allowed_for_role, std::string(action));
  if (!contains(it->from, f.state)) return err(errors::complaint_action_not_allowed_in_state, std::string(action));
  if ((action == "respond" || action == "reopen") && !has_text) return err(errors::complaint_response_required);
  // NHC Order No. 3 (2019): closed after the complainant confirms, or after the window (data/deadlines/disputes.json).
  if (action == "close" && !f.confirmation_window_elapsed) return err(errors::complaint_close_awaits_complainant);
  return it->to;
}

// ---------------------------------------------------------------- parameters

Result<DeadlineParams> deadline_params_from_json(const nlohmann::json& doc) {
  try {
    const auto& d = doc.at("deadlines");
    DeadlineParams p;
    p.complaint_feedback_working_days = int_field(d, "complaint_feedback_investigation");
    p.complaint_feedback_multi_department_working_days = int_field(d, "complaint_feedback_multi_department");
    p.confirmation_window_working_days = int_field(d, "complainant_confirmation_window");
    p.acceptance_working_days = int_field(d, "case_acceptance");
    p.mediation_working_days = int_field(d, "people_mediation_completion");
    p.mediation_extension_max_working_days = int_field(d, "people_mediation_extension_max");
    p.administrative_mediation_working_days = int_field(d, "administrative_mediation_completion");
    p.autopsy_hours = int_field(d, "autopsy_after_death");
    p.autopsy_frozen_days = d.at("autopsy_after_death").at("extended_value").get<int>();
    p.body_storage_days = int_field(d, "body_storage_max");
    p.sealed_records_years = int_field(d, "sealed_records_self_unseal");
    p.record_late_entry_hours = int_field(d, "record_event_late_entry");
    p.health_report_hours = int_field(d, "health_authority_report");
    p.health_report_case_types = d.at("health_authority_report").at("case_types").get<std::vector<std::string>>();
    p.version = doc.at("version").get<std::string>();
    return p;
  } catch (const std::exception& e) {
    return err(errors::disputes_parameters_invalid, std::string("data/deadlines/disputes.json: ") + e.what());
  }
}

Result<NegotiationParams> negotiation_params_from_json(const nlohmann::json& doc) {
  try {
    NegotiationParams p;
    p.max_representatives_per_side = doc.at("max_representatives_per_side").get<int>();
    for (const auto& [region, v] : doc.at("self_settlement_threshold_fen").items())
      p.threshold_by_region[region] = Money::from_fen(v.at("value").get<std::int64_t>());
    p.version = doc.at("version").get<std::string>();
    return p;
  } catch (const std::exception& e) {
    return err(errors::disputes_parameters_invalid, std::string("negotiation.json: ") + e.what());
  }
}

std::optional<Money> negotiation_threshold(const NegotiationParams& p, std::string_view region) {
  if (auto it = p.threshold_by_region.find(std::string(region)); it != p.threshold_by_region.end()) return it->second;
  if (region.size() == 6) {
    std::string province = std::string(region.substr(0, 2)) + "0000";
    if (auto it = p.threshold_by_region.find(province); it != p.threshold_by_region.end()) return it->second;
  }
  return std::nullopt;
}

Result<MaterialsParams> materials_params_from_json(const nlohmann::json& doc) {
  try {
    MaterialsParams p;
    for (const auto& [type, items] : doc.at("case_types").items())
      for (const auto& i : items)
        p.by_case_type[type].push_back({i.at("id").get<std::string>(), i.at("zh-CN").get<std::string>(),
                                        i.at("en-US").get<std::string>(), i.at("required").get<bool>()});
    for (const auto& t : case_types())
      if (!p.by_case_type.contains(t)) throw std::invalid_argument("no checklist for " + t);
    p.version = doc.at("version").get<std::string>();
    return p;
  } catch (const std::exception& e) {
    return err(errors::disputes_parameters_invalid, std::string("materials.json: ") + e.what());
  }
}

// ---------------------------------------------------------------- deadlines

Date complaint_response_due(const WorkingCalendar& cal, Date filed, bool multi_department, const DeadlineParams& p) {
  return cal.add_working_days(filed, multi_department ? p.complaint_feedback_multi_department_working_days
                                                      : p.complaint_feedback_working_days);
}

Date confirmation_due(const WorkingCalendar& cal, Date responded, const DeadlineParams& p) {
  return cal.add_working_days(responded, p.confirmation_window_working_days);
}

Date acceptance_due(const WorkingCalendar& cal, Date filed, const DeadlineParams& p) {
  return cal.add_working_days(filed, p.acceptance_working_days);
}

Clock30 mediation_clock(const WorkingCalendar& cal, Date accepted, int days, std::span<const Pause> pauses, Date today) {
  std::vector<DateInterval> intervals;
  Clock30 c;
  for (const auto& p : pauses) {
    Date to = p.to.value_or(today);
    if (!p.to && p.from <= today) c.paused = true;
    if (p.from <= to) intervals.push_back({p.from, to});
  }
  c.due = cal.add_working_days(accepted, days, intervals);
  Date counted_to = std::min(today, c.due);
  c.used_working_days = counted_to > accepted ? cal.working_days_between(accepted, counted_to, intervals) : 0;
  c.remaining_working_days = std::max(0, days - c.used_working_days);
  c.overdue = today > c.due;
  return c;
}

Timestamp autopsy_due(Timestamp death, bool frozen, const DeadlineParams& p) {
  // Decree 701 art. 26: within 48 hours of death, up to 7 days where the body can be frozen.
  auto hours = frozen ? std::chrono::hours(24 * p.autopsy_frozen_days) : std::chrono::hours(p.autopsy_hours);
  return death + std::chrono::duration_cast<Timestamp::Duration>(hours);
}

Date body_storage_due(Date death_date, const DeadlineParams& p) { return death_date.add_days(p.body_storage_days); }

std::optional<Timestamp> health_authority_report_due(const std::string& case_type, Timestamp filed_at,
                                                     const DeadlineParams& p) {
  if (!contains(p.health_report_case_types, case_type)) return std::nullopt;
  return filed_at + std::chrono::duration_cast<Timestamp::Duration>(std::chrono::hours(p.health_report_hours));
}

Date records_self_unseal_on(Date sealed, const DeadlineParams& p) {
  // Decree 701 art. 24: 3 years after sealing; 29 February falls back to 28 February.
  auto r = Date::from_ymd(sealed.year() + p.sealed_records_years, sealed.month(), sealed.day());
  if (r.ok()) return *r;
  return *Date::from_ymd(sealed.year() + p.sealed_records_years, sealed.month(), 28);
}

Status check_record_event(const RecordEventFacts& f, const DeadlineParams& p) {
  if (f.kind == "record_copying") return {};
  auto late = std::chrono::duration_cast<Timestamp::Duration>(std::chrono::hours(p.record_late_entry_hours));
  auto skew = std::chrono::duration_cast<Timestamp::Duration>(std::chrono::minutes(kRecordClockSkewMinutes));
  if (f.at < f.now - late || f.at > f.now + skew) return err(errors::record_event_time_out_of_range, f.at.to_iso_utc());
  if (f.kind == "record_unsealing" && f.present < 2) {
    bool resolved = f.case_state == "closed";
    bool three_years = f.self_unseal_on && f.at.shanghai_date() >= *f.self_unseal_on;
    if (!f.by_officer || !(resolved || three_years)) return err(errors::record_unsealing_needs_both_parties);
  }
  return {};
}

// ---------------------------------------------------------------- materials, attachments, consent

std::vector<MaterialStatus> checklist_status(const std::vector<ChecklistItem>& checklist,
                                             const std::vector<MaterialStatus>& recorded) {
  std::vector<MaterialStatus> out;
  for (const auto& item : checklist) {
    MaterialStatus s{item.id, "missing", std::nullopt};
    for (const auto& r : recorded)
      if (r.item_id == item.id) s = r;
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> missing_items(const std::vector<ChecklistItem>& checklist,
                                       const std::vector<MaterialStatus>& recorded) {
  std::vector<std::string> out;
  auto statuses = checklist_status(checklist, recorded);
  for (std::size_t i = 0; i < checklist.size(); ++i)
    if (checklist[i].required && statuses[i].status != "accepted") out.push_back(checklist[i].id);
  return out;
}

Status check_attachment(std::string_view type, std::string_view content) {
  if (content.empty()) return err(errors::attachment_empty);
  if (content.size() > kMaxAttachmentBytes) return err(errors::attachment_too_large);
  if (!contains(allowed_attachment_types(), type)) return err(errors::attachment_type_not_allowed);
  bool match = (type == "application/pdf" && content.starts_with("%PDF-")) ||
               (type == "image/jpeg" && content.starts_with("\xFF\xD8\xFF")) ||
               (type == "image/png" && content.starts_with("\x89PNG\r\n\x1A\n"));
  if (!match) return err(errors::attachment_content_does_not_match_type);
  return {};
}

const std::vector<std::string>& consent_grantee_roles() {
  static const std::vector<std::string> v = {"mediator", "adjuster", "expert", "lawyer"};
  return v;
}

bool needs_consent(const std::vector<std::string>& roles) {
  // The patient and the institution that treated them hold the record already; everyone else needs the
  // patient's consent (PIPL art. 29, sensitive personal information); roles that can never be granted it
  // (administrators, regulators) never see the narrative.
  return !(contains(roles, "patient") || contains(roles, "medical_officer"));
}


// ---- dashboard summary ----
std::optional<std::int64_t> CaseFigures::mediation_success_rate_bp() const {
  std::int64_t ended = mediation_agreed + mediation_failed;
  if (ended == 0) return std::nullopt;
  return mediation_agreed * 10000 / ended;
}

std::optional<double> CaseFigures::average_days_to_resolution() const {
  if (resolved == 0) return std::nullopt;
  return static_cast<double>(resolution_days_sum * 10 / resolved) / 10.0;
}

namespace {
void count_case(CaseFigures& f, const CaseFact& c, Date today) {
  f.total += 1;
  f.by_state[c.state] += 1;
  bool open = is_open_state(c.state);
  if (open) f.open += 1;
  if (open && c.due_on) {
    auto due = Date::parse(*c.due_on);
    if (due.ok() && *due < today) f.overdue += 1;
  }
  if (c.mediation_agreed) f.mediation_agreed += 1;
  if (c.mediation_failed) f.mediation_failed += 1;
  if (c.state == "closed" && c.closed_on) {
    if (auto filed = Date::parse(c.filed_on); filed.ok() && *c.closed_on >= *filed) {
      f.resolved += 1;
      f.resolution_days_sum += *c.closed_on - *filed;
    }
  }
}
}  // namespace

CaseSummary summarize_cases(const std::vector<CaseFact>& facts, Date today, std::size_t due_soon_limit) {
  CaseSummary s;
  for (const auto& c : facts) {
    count_case(s.all, c, today);
    count_case(s.by_region[c.region_code], c, today);
    if (is_open_state(c.state) && c.due_on) s.due_soon.push_back(c);
  }
  std::sort(s.due_soon.begin(), s.due_soon.end(), [](const CaseFact& a, const CaseFact& b) {
    return std::tie(*a.due_on, a.id) < std::tie(*b.due_on, b.id);
  });
  if (s.due_soon.size() > due_soon_limit) s.due_soon.resize(due_soon_limit);
  return s;
}

}  // namespace medrisk::disputes
