// Pure compulsory-cover rules: which obligations a subject has (data/compliance/rules.json) and how
// the proof-of-cover clock runs — cover must be shown within proof_days (60, seed 000) of becoming
// obliged or of the last cover lapsing; the day after the deadline a warning, escalation_after_warning_days
// later the regulator is told. No I/O: today's date and the cover finding are arguments.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "kernel/result.hpp"
#include "modules/insurance/compliance_model.hpp"

namespace medrisk::insurance {

Result<ComplianceParams> parse_compliance_rules(const nlohmann::json& file);

std::vector<const ObligationRule*> obligations_of(const InstitutionFacts& f, const ComplianceParams& p);
std::vector<const ObligationRule*> obligations_of(const ClinicianFacts& f, const ComplianceParams& p);

struct ClockDates {
  Date deadline;       // clock_start + proof_days: the last day cover can be shown in time
  Date warning_on;     // deadline + 1
  Date escalation_on;  // warning_on + escalation_after_warning_days
};
ClockDates clock_dates(Date clock_start, const ComplianceParams& p);

// The obligation after today's check, and what to send.
struct CheckOutcome {
  Obligation next;
  bool send_warning = false;
  bool send_escalation = false;
  bool changed = false;  // status or clock moved (audited)
};
CheckOutcome check_obligation(const Obligation& current, bool covered_today, Date today, const ComplianceParams& p);

}  // namespace medrisk::insurance
