// Compulsory-cover rules (see compliance_rules.hpp).
#include "modules/insurance/compliance_rules.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "modules/insurance/visit_errors.hpp"

namespace medrisk::insurance {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return v.empty() || std::find(v.begin(), v.end(), s) != v.end();
}

Error invalid(std::string detail) { return Error::of(std::string(visit_errors::compliance_rules_invalid), std::move(detail)); }

}  // namespace

Result<ComplianceParams> parse_compliance_rules(const nlohmann::json& f) {
  try {
    ComplianceParams p;
    p.version = f.at("version").get<std::string>();
    p.proof_days = f.at("proof_days").at("value").get<int>();
    p.escalation_after_warning_days = f.at("escalation_after_warning_days").at("value").get<int>();
    if (p.proof_days < 1 || p.proof_days > 366 || p.escalation_after_warning_days < 0 ||
        p.escalation_after_warning_days > 366)
      return invalid("day counts out of range");
    for (const auto& r : f.at("rules")) {
      ObligationRule o{r.at("id").get<std::string>(), r.at("subject").get<std::string>(),
                       r.at("product_kind").get<std::string>(), r.value("ownership", "any"),
                       r.value("grades", std::vector<std::string>{}),
                       r.value("department_risk_classes", std::vector<std::string>{}), r.at("source").get<std::string>(),
                       r.value("platform_policy", false)};
      if (o.subject != "institution" && o.subject != "clinician") return invalid("rule " + o.id + ": subject");
      if (o.ownership != "public" && o.ownership != "private" && o.ownership != "any") return invalid("rule " + o.id + ": ownership");
      if (o.source.empty()) return invalid("rule " + o.id + ": source");
      p.rules.push_back(std::move(o));
    }
    return p;
  } catch (const nlohmann::json::exception& e) {
    return invalid(e.what());
  }
}

std::vector<const ObligationRule*> obligations_of(const InstitutionFacts& f, const ComplianceParams& p) {
  std::string ownership = f.category == "private" ? "private" : "public";
  std::vector<const ObligationRule*> out;
  for (const auto& r : p.rules)
    if (r.subject == "institution" && (r.ownership == "any" || r.ownership == ownership) && contains(r.grades, f.grade))
      out.push_back(&r);
  return out;
}

std::vector<const ObligationRule*> obligations_of(const ClinicianFacts& f, const ComplianceParams& p) {
  std::vector<const ObligationRule*> out;
  for (const auto& r : p.rules)
    if (r.subject == "clinician" && contains(r.department_risk_classes, f.department_risk_class)) out.push_back(&r);
  return out;
}

ClockDates clock_dates(Date clock_start, const ComplianceParams& p) {
  Date deadline = clock_start.add_days(p.proof_days);
  Date warning = deadline.add_days(1);
  return {deadline, warning, warning.add_days(p.escalation_after_warning_days)};
}

CheckOutcome check_obligation(const Obligation& current, bool covered_today, Date today, const ComplianceParams& p) {
  CheckOutcome out{current, false, false, false};
  Obligation& o = out.next;
  o.checked_on = today;
  if (covered_today) {
    out.changed = o.status != "compliant";
    o.status = "compliant";
    o.last_covered_on = today;
    o.clock_start.reset();
    o.deadline.reset();
    o.warned_on.reset();
    o.escalated_on.reset();
    return out;
  }
  if (!o.clock_start) {
    // Never covered: the clock runs from the day the subject became obliged; a lapse: from the
    // first day without cover.
    o.clock_start = o.last_covered_on ? o.last_covered_on->add_days(1) : o.obliged_since;
    out.changed = true;
  }
  ClockDates d = clock_dates(*o.clock_start, p);
  o.deadline = d.deadline;
  std::string status = "within_grace";
  if (today >= d.warning_on) {
    status = "overdue";
    if (!o.warned_on) {
      o.warned_on = today;
      out.send_warning = true;
    }
  }
  if (today >= d.escalation_on) {
    status = "escalated";
    if (!o.escalated_on) {
      o.escalated_on = today;
      out.send_escalation = true;
    }
  }
  out.changed = out.changed || status != o.status;
  o.status = status;
  return out;
}

}  // namespace medrisk::insurance
