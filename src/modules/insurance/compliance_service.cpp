// Compliance use cases (see compliance_api.hpp).
#include "modules/insurance/compliance_api.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/accounts/api.hpp"
#include "modules/insurance/compliance_rules.hpp"
#include "modules/insurance/compliance_store.hpp"
#include "modules/insurance/visit_errors.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/outbox/outbox.hpp"

namespace medrisk::insurance {
namespace {

nlohmann::json audit_json(const Obligation& o) {
  auto d = [](const std::optional<Date>& x) { return x ? nlohmann::json(x->to_string()) : nlohmann::json(nullptr); };
  return {{"rule_id", o.rule_id}, {"organization_id", o.organization_id}, {"clinician_user_id", o.clinician_user_id},
          {"status", o.status}, {"clock_start", d(o.clock_start)}, {"deadline", d(o.deadline)},
          {"warned_on", d(o.warned_on)}, {"escalated_on", d(o.escalated_on)}};
}

std::string subject_zh(const Obligation& o) {
  return o.subject_kind == "institution" ? "本机构" : "本机构医务人员（用户 " + std::to_string(o.clinician_user_id) + "）";
}
std::string subject_en(const Obligation& o) {
  return o.subject_kind == "institution" ? "your institution"
                                         : "clinician (user " + std::to_string(o.clinician_user_id) + ") of your institution";
}

void notify_warning(db::Tx& tx, Timestamp now, const Obligation& o) {
  std::vector<std::int64_t> to = accounts::directory::members_with_role(tx, accounts::OrganizationId{o.organization_id},
                                                                     accounts::Role::medical_officer);
  if (o.clinician_user_id) to.push_back(o.clinician_user_id);
  std::string deadline = o.deadline ? o.deadline->to_string() : "";
  for (auto user : to)
    outbox::notify(tx, now, {user, "compliance.warning", "强制保险投保证明逾期", "Proof of compulsory cover overdue",
                             subject_zh(o) + "须持有的责任保险未在期限（" + deadline + "）内提供投保证明，请尽快投保并上传证明。",
                             "The liability cover " + subject_en(o) + " must hold was not shown by " + deadline +
                                 "; take out cover and show it without delay.",
                             "compliance_obligation:" + std::to_string(o.id)});
}

void notify_escalation(db::Tx& tx, Timestamp now, const Obligation& o) {
  std::string who = o.organization_name + (o.clinician_user_id ? "（医务人员 " + std::to_string(o.clinician_user_id) + "）" : "");
  std::string who_en = o.organization_name + (o.clinician_user_id ? " (clinician " + std::to_string(o.clinician_user_id) + ")" : "");
  std::string deadline = o.deadline ? o.deadline->to_string() : "";
  for (auto user : accounts::directory::users_with_role_in_region(tx, accounts::Role::regulator,
                                                                  accounts::OrganizationKind::regulator, o.region_code.substr(0, 2)))
    outbox::notify(tx, now, {user, "compliance.escalated", "强制保险未投保上报", "Compulsory cover missing: escalated",
                             who + " 未在 " + deadline + " 前提供强制责任保险证明，预警后仍未改正。",
                             who_en + " did not show compulsory liability cover by " + deadline +
                                 " and did not act on the warning.",
                             "compliance_obligation:" + std::to_string(o.id)});
  outbox::publish(tx, now, "compliance.escalated", audit_json(o));
}

}  // namespace

ComplianceService::ComplianceService(db::Database& db, const Clock& clock, ComplianceParams params, CoverLookup cover)
    : db_(db), clock_(clock), params_(std::move(params)), cover_(std::move(cover)) {}

std::vector<db::Migration> ComplianceService::migrations() { return compliance_store::migrations(); }

ComplianceParams ComplianceService::load_params(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  auto p = parse_compliance_rules(nlohmann::json::parse(in));
  if (!p.ok()) throw std::runtime_error(path + ": " + p.error().detail);
  return *p;
}

void ComplianceService::check_one(db::Tx& tx, Obligation o, Date today, ComplianceCheckSummary& sum, Timestamp now) {
  ++sum.obligations;
  bool covered = cover_ && cover_(tx, o.organization_id, o.clinician_user_id, o.product_kind, today);
  CheckOutcome out = check_obligation(o, covered, today, params_);
  if (out.next.status == "compliant") ++sum.compliant;
  if (out.send_warning) {
    notify_warning(tx, now, out.next);
    ++sum.warnings_sent;
  }
  if (out.send_escalation) {
    notify_escalation(tx, now, out.next);
    ++sum.escalations_sent;
  }
  compliance_store::update_obligation(tx, out.next);
  if (out.changed)
    audit::record_system(tx, now, "compliance-check", {"compliance.status_change", "compliance_obligation",
                                                        std::to_string(o.id), audit_json(o), audit_json(out.next)});
}

void ComplianceService::check_subject(db::Tx& tx, const ObligationRule& rule, std::int64_t org, std::int64_t clinician,
                                      const std::string& region, Date today, ComplianceCheckSummary& sum, Timestamp now) {
  auto o = compliance_store::find_obligation(tx, rule.id, org, clinician);
  if (!o) {
    Obligation fresh;
    fresh.rule_id = rule.id;
    fresh.subject_kind = rule.subject;
    fresh.product_kind = rule.product_kind;
    fresh.region_code = region;
    fresh.organization_id = org;
    fresh.clinician_user_id = clinician;
    fresh.obliged_since = today;  // the first day the platform knows the subject is obliged
    fresh.id = compliance_store::insert_obligation(tx, fresh);
    o = compliance_store::find_obligation(tx, rule.id, org, clinician);
  }
  if (o->checked_on && *o->checked_on >= today) return;  // already checked today
  check_one(tx, *o, today, sum, now);
}

ComplianceCheckSummary ComplianceService::run_compliance_check(Timestamp now) {
  Date today = now.shanghai_date();
  ComplianceCheckSummary sum;
  for (std::int64_t after = 0;;) {
    auto page = db_.write([&](db::Tx& tx) {
      auto institutions = compliance_store::list_institutions(tx, after, kComplianceCheckPage);
      for (const auto& f : institutions)
        for (const auto* rule : obligations_of(f, params_))
          check_subject(tx, *rule, f.organization_id, 0, f.region_code, today, sum, now);
      return institutions;
    });
    if (page.empty()) break;
    after = page.back().organization_id;
  }
  for (std::int64_t after = 0;;) {
    auto page = db_.write([&](db::Tx& tx) {
      auto clinicians = compliance_store::list_clinicians(tx, after, kComplianceCheckPage);
      for (const auto& f : clinicians)
        for (const auto* rule : obligations_of(f, params_))
          check_subject(tx, *rule, f.organization_id, f.user_id, f.region_code, today, sum, now);
      return clinicians;
    });
    if (page.empty()) break;
    after = page.back().user_id;
  }
  return sum;
}

Status ComplianceService::register_clinician_as_system(const ClinicianFacts& c) {
  return db_.write([&](db::Tx& tx) -> Status {
    auto org = compliance_store::organization_of_clinician(tx, c.user_id);
    if (!org || *org != c.organization_id) return Error::of(std::string(visit_errors::compliance_subject_not_clinician));
    compliance_store::upsert_clinician(tx, c, clock_.now().to_iso_utc());
    audit::record_system(tx, clock_.now(), "compliance-clinician", {"compliance.clinician_register", "user",
                         std::to_string(c.user_id), std::nullopt,
                         nlohmann::json{{"department", c.department}, {"department_risk_class", c.department_risk_class}}});
    return {};
  });
}

Result<std::vector<Obligation>> ComplianceService::list(const RequestContext& ctx, const ComplianceFilter& f) {
  const Actor& a = ctx.actor;
  MEDRISK_CHECK(accounts::authorize(a, "compliance.read"));
  compliance_store::ObligationFilter q{f.organization_id, std::nullopt, f.status, f.before_id, f.limit};
  if (a.has_role("platform_admin")) {
    // everything
  } else if (a.has_role("regulator")) {
    if (a.region_code.size() < 2) return std::vector<Obligation>{};  // a regulator without a region sees nothing
    q.region_prefix = a.region_code.substr(0, 2);  // the regulator's province, as accounts::authorize scopes reads
  } else {
    if (f.organization_id && *f.organization_id != a.organization_id)
      return Error::of("resource_not_found");  // the accounts module's code: other institutions stay invisible
    q.organization_id = a.organization_id;
  }
  return db_.read([&](db::Tx& tx) { return compliance_store::list_obligations(tx, q); });
}

}  // namespace medrisk::insurance
