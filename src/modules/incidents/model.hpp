// Types of the incidents module (医疗质量安全事件报告): an incident report with its severity class and
// reporting deadline, its workflow state, root-cause analysis, corrective actions and reply thread.
// States, classes and actions are enums; their text appears only at the JSON and SQL edges (rules.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"

namespace medrisk::incidents {

enum class IncidentState { reported, under_review, root_cause_analysis, actions, closed };
enum class SeverityClass { general, major, extraordinary };
// The workflow moves (POST /incidents/{id}/transitions {"action": …}).
enum class IncidentAction { start_review, start_rca, plan_actions, close };
enum class ActionStatus { open, done };
enum class RcaMethod { fishbone, five_whys };
enum class MessageAuthor { reporter, reviewer };

struct RootCauseAnalysis {
  RcaMethod method = RcaMethod::fishbone;
  // fishbone: category id (data/incidents/rca.json) → causes; five_whys: the ordered answers.
  std::map<std::string, std::vector<std::string>> fishbone;
  std::vector<std::string> whys;
  std::string root_cause;  // the conclusion, may be empty
};

struct AuthorityReport {
  std::string reported_at;  // ISO UTC
  std::string authority;
  std::string reference;
  bool late = false;  // recorded after the class's deadline
};

struct Incident {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string region_code;
  bool anonymous = false;
  std::optional<std::int64_t> reporter_user_id;  // never set on an anonymous report
  std::string category, department, place, harm_degree;
  std::string occurred_at, discovered_at;  // ISO UTC
  std::string occurred_month;              // YYYY-MM in Asia/Shanghai
  std::string description;                 // plain text here; encrypted at rest
  SeverityClass severity_class = SeverityClass::general;
  std::string report_due_at;  // ISO UTC: discovered_at + the class's time (data/incidents/classes.json)
  IncidentState state = IncidentState::reported;
  std::optional<RootCauseAnalysis> rca;
  std::optional<AuthorityReport> authority_report;
  std::optional<std::int64_t> complaint_id, case_id;
  std::optional<std::string> insurer_notified_at;
  std::optional<std::int64_t> insurer_org_id;
  std::optional<std::string> overdue_reminded_at;
  std::string created_at, updated_at;
};

struct CorrectiveAction {
  std::int64_t id = 0;
  std::int64_t incident_id = 0;
  std::string description;
  std::int64_t owner_user_id = 0;
  std::string owner_name;
  Date due_on;
  ActionStatus status = ActionStatus::open;
  std::optional<std::string> done_at;
  std::string created_at;
};

struct Message {
  std::int64_t id = 0;
  std::int64_t incident_id = 0;
  MessageAuthor author = MessageAuthor::reporter;
  std::optional<std::int64_t> author_user_id;  // the reviewer; never the anonymous reporter
  std::string body;
  std::string at;
};

struct NewIncident {
  bool anonymous = false;
  std::string category, department, place, harm_degree, description;
  Timestamp occurred_at, discovered_at;
  SeverityClass severity_class = SeverityClass::general;
  std::optional<std::int64_t> complaint_id, case_id;
};

struct IncidentFilter {
  std::optional<IncidentState> state;
  std::optional<SeverityClass> severity_class;
  bool overdue_only = false;
  std::optional<std::int64_t> case_id, complaint_id;
  std::int64_t after_id = 0;
  int limit = 50;
};

}  // namespace medrisk::incidents
