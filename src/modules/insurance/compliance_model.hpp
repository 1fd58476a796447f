// Vocabulary of compulsory-cover compliance: obligation rules (data/compliance/rules.json), the
// facts of the institutions and clinicians they apply to, and each obligation's proof-of-cover clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"

namespace medrisk::insurance {

struct ObligationRule {
  std::string id;
  std::string subject;       // institution, clinician
  std::string product_kind;  // liability, …
  std::string ownership;     // public, private, any (institutions)
  std::vector<std::string> grades;                   // institutions: empty = any grade
  std::vector<std::string> department_risk_classes;  // clinicians: empty = any class
  std::string source;
  bool platform_policy = false;
};

struct ComplianceParams {
  std::string version;
  int proof_days = 60;
  int escalation_after_warning_days = 30;
  std::vector<ObligationRule> rules;
};

// What the rules look at. Ownership: institutions of category `private` are private, others public.
struct InstitutionFacts {
  std::int64_t organization_id = 0;
  std::string category, grade, region_code;
};
struct ClinicianFacts {
  std::int64_t user_id = 0;
  std::int64_t organization_id = 0;
  std::string department, department_risk_class, region_code;
};

// One subject's obligation under one rule, as stored.
struct Obligation {
  std::int64_t id = 0;
  std::string rule_id, subject_kind, product_kind, region_code;
  std::int64_t organization_id = 0;
  std::int64_t clinician_user_id = 0;  // 0: the institution itself
  std::string organization_name;
  Date obliged_since;
  std::string status = "within_grace";  // compliant, within_grace, overdue, escalated
  std::optional<Date> clock_start;      // while not covered: the day the 60-day clock started
  std::optional<Date> deadline;         // the last day to show cover
  std::optional<Date> last_covered_on;
  std::optional<Date> warned_on, escalated_on;
  std::optional<Date> checked_on;
};

}  // namespace medrisk::insurance
