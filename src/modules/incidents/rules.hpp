// Pure incident rules: the severity classes and their reporting deadlines (卫医管发〔2011〕4号,
// data/incidents/classes.json — wall-clock hours or calendar days from discovery, not working days),
// the catalogues of categories, harm degrees and fishbone categories, the workflow's state machine,
// the root-cause analysis checks and the text of every enum at the JSON/SQL edge. No I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kernel/date.hpp"
#include "kernel/result.hpp"
#include "modules/incidents/model.hpp"

namespace medrisk::incidents {

inline constexpr int kMaxListPage = 200;
inline constexpr int kMaxRemindersPerRun = 500;
inline constexpr int kMaxActionsPerIncident = 50;
inline constexpr int kMaxMessagesPerIncident = 500;
inline constexpr std::size_t kMaxDescriptionCodePoints = 5000;
inline constexpr std::size_t kMaxMessageCodePoints = 2000;
inline constexpr std::size_t kMaxCauseCodePoints = 500;
inline constexpr int kMaxSummaryReviewItems = 20;

struct NamedItem {
  std::string id, zh_cn, en_us;
};

struct ClassDeadline {
  SeverityClass severity_class = SeverityClass::general;
  std::string zh_cn, en_us;
  int value = 0;
  enum class Unit { hours, days } unit = Unit::hours;
};

struct IncidentsParams {
  std::string version, source;
  std::vector<ClassDeadline> classes;
  std::vector<NamedItem> categories, harm_degrees, fishbone_categories;
  int max_causes_per_category = 20;
  int max_whys = 10;

  const ClassDeadline& of(SeverityClass c) const;
  bool has_category(std::string_view id) const;
  bool has_harm_degree(std::string_view id) const;
  bool has_fishbone_category(std::string_view id) const;
};

// The four data files of data/incidents/; incidents_parameters_invalid when one is incomplete.
Result<IncidentsParams> params_from_json(const nlohmann::json& classes, const nlohmann::json& categories,
                                         const nlohmann::json& harm_degrees, const nlohmann::json& rca);

// ---- deadlines (卫医管发〔2011〕4号: general 15 days, major 12 hours, extraordinary 2 hours) ----
// The instant by which the report to the health authority is due: discovery + the class's hours, or
// + the class's days as whole 24-hour days (calendar days on the wall clock; China keeps no summer time).
Timestamp report_due(const IncidentsParams& p, SeverityClass c, Timestamp discovered_at);
// Overdue: no report to the authority recorded and the due instant has passed.
bool is_overdue(const Incident& i, Timestamp now);
// Whether a report recorded at `reported_at` was late.
bool report_late(Timestamp due, Timestamp reported_at);
// Major and extraordinary incidents (and those linked to a dispute case) are notified to the insurer early.
bool notifies_insurer(SeverityClass c, bool linked_to_case);

// ---- workflow ----
// reported → under_review → root_cause_analysis → actions → closed; anything else is
// incident_transition_not_allowed (409).
Result<IncidentState> next_state(IncidentState from, IncidentAction action);
// The checks a move makes beyond the state: plan_actions needs a root-cause analysis; close needs at
// least one corrective action and every one done.
Status check_move(IncidentAction action, bool has_rca, int actions, int actions_open);
Status check_rca(const IncidentsParams& p, const RootCauseAnalysis& rca);

// ---- text at the edges ----
std::string_view to_string(IncidentState s);
std::string_view to_string(SeverityClass c);
std::string_view to_string(IncidentAction a);
std::string_view to_string(ActionStatus s);
std::string_view to_string(RcaMethod m);
std::string_view to_string(MessageAuthor a);
std::optional<IncidentState> state_from_string(std::string_view s);
std::optional<SeverityClass> class_from_string(std::string_view s);
std::optional<IncidentAction> action_from_string(std::string_view s);
std::optional<ActionStatus> action_status_from_string(std::string_view s);
std::optional<RcaMethod> rca_method_from_string(std::string_view s);
std::optional<MessageAuthor> author_from_string(std::string_view s);
const std::vector<IncidentState>& all_states();
const std::vector<SeverityClass>& all_classes();

// The RCA as stored (encrypted) and returned: {"method", "fishbone": {cat: [..]}, "whys": [..], "root_cause"}.
nlohmann::json rca_to_json(const RootCauseAnalysis& rca);
Result<RootCauseAnalysis> rca_from_json(const nlohmann::json& j);

// "YYYY-MM" of an instant in Asia/Shanghai.
std::string shanghai_month(Timestamp t);
// The 12 months ending with `last` ("YYYY-MM"), oldest first.
std::vector<std::string> last_months(std::string_view last, int count);

}  // namespace medrisk::incidents
