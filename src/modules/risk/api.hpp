// Risk database use cases (医疗风险数据库, DESIGN §2.8): exposure imported from CSV (command line) or
// from hospital systems over the signed partner API — one transaction per file, nothing half-imported,
// re-imports replace; rates per 1,000 exposure units of incidents, complaints, cases and claims with
// Bühlmann–Straub credibility against the province and the resulting risk coefficients; a clinician's
// own history; and the insurance module's ExperienceSource (the insured's figures for a quote).
// Reading is confidential (DESIGN §6): regulators and the institution's insurer see identified
// figures, an institution's officers their own, everyone else the province aggregates only.
// Other modules reach risk only through this header; risk reads the others through EventSource.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "modules/accounts/api.hpp"
#include "modules/claims/api.hpp"
#include "modules/disputes/api.hpp"
#include "modules/incidents/api.hpp"
#include "modules/insurance/api.hpp"
#include "modules/risk/model.hpp"
#include "modules/risk/rules.hpp"
#include "platform/context.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::risk {

// Reads data/risk/{exposure,procedure_groups,diagnosis_chapters}.json; throws std::runtime_error when invalid.
RiskParams load_params(const std::filesystem::path& dir);

// Port to the modules that own the events (in the caller's transaction): every tally whose incident
// month lies in [from_month, to_month].
class EventSource {
 public:
  virtual ~EventSource() = default;
  virtual std::vector<EventTally> tallies(db::Tx& tx, const std::string& from_month, const std::string& to_month) = 0;
};

// The real one: complaints and cases from disputes, claims (count and incurred) from claims, incident
// reports (every severity class) from incidents.
class ModuleEventSource final : public EventSource {
 public:
  ModuleEventSource(disputes::DisputesService* disputes, claims::ClaimsService* claims,
                    incidents::IncidentService* incidents)
      : disputes_(disputes), claims_(claims), incidents_(incidents) {}
  std::vector<EventTally> tallies(db::Tx& tx, const std::string& from_month, const std::string& to_month) override;

 private:
  disputes::DisputesService* disputes_;
  claims::ClaimsService* claims_;
  incidents::IncidentService* incidents_;
};

// Who insures an institution on a date (the insurer of its liability policy in force), for the
// confidentiality rule; nullopt when none.
using InsurerOf = std::function<std::optional<std::int64_t>(db::Tx&, std::int64_t organization_id, Date on)>;

class RiskService {
 public:
  RiskService(db::Database& db, const Clock& clock, RiskParams params, EventSource* events, InsurerOf insurer_of,
              insurance::VisitPolicyService* partners = nullptr);

  static std::vector<db::Migration> migrations();

  // ---- import (nothing half-imported: a file with any bad row is refused whole, and the refusal is
  // recorded with its issues) ----
  // Command line (`medrisk risk import-exposure FILE`): as the system, audited.
  Result<ImportReport> import_csv_as_system(const std::string& text, const std::string& file_name);
  // Partner API (POST /risk/exposure, text/csv signed like POST /visit-policies): rows of the key's
  // own institution only; the nonce is recorded in the import's transaction.
  Result<ImportReport> import_csv_partner(const insurance::SignedRequest& req, const std::string& request_id);
  // Demo seeding: the same import as the system, without the CSV round trip.
  Result<ImportReport> import_records_as_system(std::vector<ExposureRecord> rows, const std::string& file_name);

  // ---- reading (risk.read) ----
  Result<RatesReport> rates(const RequestContext& ctx, const RatesQuery& q);
  Result<std::vector<ExposureRow>> exposure(const RequestContext& ctx, const ExposureQuery& q);
  Result<std::vector<ImportReport>> imports(const RequestContext& ctx, int limit);
  Result<ClinicianHistory> clinician_history(const RequestContext& ctx, std::int64_t clinician_user_id,
                                             const std::string& from_month, const std::string& to_month);

  // ---- for the insurance module (ExperienceSource) ----
  std::optional<insurance::ExperienceFigures> experience_of(db::Tx& tx, std::int64_t org_id, Date as_of);

  const RiskParams& params() const { return params_; }

 private:
  struct Refusal;
  Result<ImportReport> run_import(const RequestContext& ctx, std::vector<ExposureRecord> rows,
                                  std::vector<std::int64_t> lines, std::vector<ImportIssue> issues,
                                  ImportReport report, const std::function<Status(db::Tx&)>& in_tx);
  // Every row of the province (organizations whose region starts with `province`; "" = all).
  RatesReport compute(db::Tx& tx, const RatesQuery& q, const std::string& province);
  // Which organizations' identified figures the actor may see; `all` for regulators and administrators.
  struct Visibility {
    bool all = false;
    std::vector<std::int64_t> organizations;
  };
  Visibility visibility(db::Tx& tx, const RequestContext& ctx, const std::vector<std::int64_t>& candidates);

  db::Database& db_;
  const Clock& clock_;
  RiskParams params_;
  EventSource* events_;
  InsurerOf insurer_of_;
  insurance::VisitPolicyService* partners_;
};

// The insurance port over RiskService::experience_of.
class RiskExperienceSource final : public insurance::ExperienceSource {
 public:
  explicit RiskExperienceSource(RiskService& s) : service_(s) {}
  std::optional<insurance::ExperienceFigures> experience_of(db::Tx& tx, std::int64_t org, Date as_of) override {
    return service_.experience_of(tx, org, as_of);
  }

 private:
  RiskService& service_;
};

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::risk
