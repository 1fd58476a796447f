// Incident reporting use cases (医疗质量安全事件报告, DESIGN.md §2.7, issue 14): a clinician or medical
// officer reports an incident, optionally anonymously (no reporter identity is stored; a reply token,
// shown once, opens a two-way thread); the severity class sets the deadline of the report to the health
// authority (卫医管发〔2011〕4号, wall-clock); the institution's officers review it, analyse its root cause,
// plan corrective actions and close it. Links to dispute complaints and cases; the insurer of the
// institution's liability policy is told early of major incidents. Other modules reach incidents only
// through this header; incidents reaches disputes through CaseLinks and insurance through InsurerLookup.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "modules/disputes/api.hpp"
#include "modules/incidents/model.hpp"
#include "modules/incidents/rules.hpp"
#include "modules/insurance/api.hpp"
#include "platform/context.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::incidents {

// Counts for the risk database (issue 14 part 2): incidents per institution, department, month of
// occurrence (Asia/Shanghai) and severity class.
struct IncidentTally {
  std::int64_t organization_id = 0;
  std::string department;      // as reported
  std::string month;           // "YYYY-MM" of the incident's occurrence
  std::string severity_class;  // general | major | extraordinary
  std::int64_t count = 0;
};

// Reads data/incidents/{classes,categories,harm_degrees,rca}.json; throws std::runtime_error when invalid.
IncidentsParams load_params(const std::filesystem::path& dir);

// Port to the disputes module: which institution a case or complaint belongs to.
class CaseLinks {
 public:
  virtual ~CaseLinks() = default;
  // The institution of a dispute case (system read in the caller's transaction); nullopt: no such case.
  virtual std::optional<std::int64_t> case_institution(db::Tx& tx, std::int64_t case_id) = 0;
  // The institution of a complaint the actor may read (its own transaction; call outside one).
  virtual std::optional<std::int64_t> complaint_institution(const RequestContext& ctx, std::int64_t complaint_id) = 0;
};
class DisputesCaseLinks final : public CaseLinks {
 public:
  explicit DisputesCaseLinks(disputes::DisputesService& d) : disputes_(d) {}
  std::optional<std::int64_t> case_institution(db::Tx& tx, std::int64_t case_id) override;
  std::optional<std::int64_t> complaint_institution(const RequestContext& ctx, std::int64_t complaint_id) override;

 private:
  disputes::DisputesService& disputes_;
};

// Port to the insurance module: the insurer of the institution's liability policy in force.
class InsurerLookup {
 public:
  virtual ~InsurerLookup() = default;
  virtual std::optional<std::int64_t> insurer_of(db::Tx& tx, std::int64_t institution_org_id, Date incident,
                                                 Date notice) = 0;
};
class InsuranceInsurerLookup final : public InsurerLookup {
 public:
  explicit InsuranceInsurerLookup(const insurance::InsuranceService& i) : insurance_(i) {}
  std::optional<std::int64_t> insurer_of(db::Tx& tx, std::int64_t org, Date incident, Date notice) override;

 private:
  const insurance::InsuranceService& insurance_;
};

struct IncidentView {
  Incident i;
  bool overdue = false;
  std::string organization_name;
  std::optional<std::string> reporter_name;  // named reports only
  std::vector<CorrectiveAction> actions;
  std::vector<Message> messages;  // for the institution's officers and a named reporter; empty in lists
  bool can_review = false;        // the caller may move, analyse, plan and answer
};

struct Reported {
  IncidentView view;
  std::optional<std::string> reply_token;  // anonymous reports: shown once, only its hash is stored
};

// What the anonymous reporter sees with the token: the report's progress and the thread, nothing else.
struct TokenView {
  std::int64_t id = 0;
  std::string number, category, severity_class, state, created_at;
  std::vector<Message> messages;
};

struct NewAction {
  std::string description;
  std::int64_t owner_user_id = 0;
  Date due_on;
};

struct AuthorityReportInput {
  std::string authority;
  std::string reference;
  std::optional<Timestamp> reported_at;  // default: now
};

struct IncidentSummary {
  std::string scope;  // institution | province
  std::map<std::string, std::int64_t> by_state, by_class;
  std::vector<std::pair<std::string, std::int64_t>> by_month;  // the last 12 months of occurrence, oldest first
  std::int64_t total = 0, overdue = 0;
  std::vector<IncidentView> to_review;  // reported or under review, and any overdue, oldest first
};

class IncidentService {
 public:
  IncidentService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, IncidentsParams params,
                  CaseLinks* links, InsurerLookup* insurers);

  static std::vector<db::Migration> migrations();
  static std::vector<crypto::EncryptedColumn> encrypted_columns();

  // ---- reporting (incidents.report: clinicians and medical officers) ----
  Result<Reported> report(const RequestContext& ctx, const NewIncident& in);

  // ---- reading (the institution's officers and clinicians; regulators of the province) ----
  Result<std::vector<IncidentView>> list(const RequestContext& ctx, const IncidentFilter& filter);
  Result<IncidentView> get(const RequestContext& ctx, std::int64_t id);
  Result<IncidentSummary> summary(const RequestContext& ctx);
  // Who may own a corrective action: the institution's officers and clinicians (user id → name).
  Result<std::map<std::int64_t, std::string>> owners(const RequestContext& ctx);

  // ---- handling (the institution's medical officers) ----
  Result<IncidentView> transition(const RequestContext& ctx, std::int64_t id, IncidentAction action);
  Result<IncidentView> record_rca(const RequestContext& ctx, std::int64_t id, const RootCauseAnalysis& rca);
  Result<IncidentView> add_action(const RequestContext& ctx, std::int64_t id, const NewAction& in);
  // The officer or the action's owner marks it done or open again.
  Result<IncidentView> set_action_status(const RequestContext& ctx, std::int64_t id, std::int64_t action_id,
                                         ActionStatus status);
  Result<IncidentView> report_to_authority(const RequestContext& ctx, std::int64_t id, const AuthorityReportInput& in);
  Result<IncidentView> link_case(const RequestContext& ctx, std::int64_t id, std::int64_t case_id);
  // An officer answers (reviewer) or a named reporter writes (reporter).
  Result<IncidentView> post_message(const RequestContext& ctx, std::int64_t id, const std::string& body);

  // ---- the anonymous reporter, with the reply token (no session) ----
  Result<TokenView> by_token(const std::string& token);
  Result<TokenView> post_by_token(const std::string& token, const std::string& body);

  // ---- jobs ----
  // One reminder per incident whose report to the authority is overdue: notifications to the
  // institution's officers, the audit entry. Returns how many.
  int remind_overdue();

  // ---- for other modules (system reads in the caller's transaction) ----
  std::vector<IncidentTally> tallies(db::Tx& tx, const std::string& from_month, const std::string& to_month);

  const IncidentsParams& params() const { return params_; }

 private:
  Result<Incident> load_for(db::Tx& tx, const RequestContext& ctx, std::int64_t id, bool write);
  bool is_reviewer(const RequestContext& ctx, const Incident& i) const;
  IncidentView view_of(db::Tx& tx, const RequestContext& ctx, const Incident& i, bool detail);
  Result<IncidentView> change(const RequestContext& ctx, std::int64_t id, const std::string& audit_action,
                              const std::function<Status(db::Tx&, Incident&)>& apply);
  void after_change(db::Tx& tx, const RequestContext& ctx, const Incident& before, Incident& after,
                    const std::string& action);
  void notify_officers(db::Tx& tx, Timestamp now, const Incident& i, const std::string& kind,
                       std::optional<std::int64_t> except_user);
  void notify_insurer(db::Tx& tx, Timestamp now, Incident& i);
  Result<Incident> find_by_token(db::Tx& tx, const std::string& token);
  TokenView token_view(db::Tx& tx, const Incident& i);

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  IncidentsParams params_;
  CaseLinks* links_;
  InsurerLookup* insurers_;
};

std::string incident_number(const Incident& i);  // INC-2026-000012

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::incidents
