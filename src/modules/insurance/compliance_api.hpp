// Compulsory-cover compliance use cases: the daily check that finds each obliged institution and
// clinician, asks whether cover is in force, runs the 60-day proof clock, warns the institution and
// escalates to the region's regulators (notifications in the same transaction, audited); the list the
// regulator (by region) and the officer (own institution) see; and a small periodic runner.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "modules/insurance/compliance_model.hpp"
#include "platform/context.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::insurance {

inline constexpr int kComplianceCheckPage = 500;  // subjects per transaction of the daily check

// Whether a policy of this product kind covers the institution (clinician 0) or the clinician on the
// day: InsuranceService::has_valid_cover, plugged in by serve.cpp.
// In the check's own transaction (InsuranceService::has_valid_cover).
using CoverLookup = std::function<bool(db::Tx& tx, std::int64_t org_id, std::int64_t clinician_user_id,
                                       std::string_view product_kind, Date on)>;

struct ComplianceCheckSummary {
  int obligations = 0;
  int compliant = 0;
  int warnings_sent = 0;
  int escalations_sent = 0;
};

struct ComplianceFilter {
  std::optional<std::int64_t> organization_id;
  std::optional<std::string> status;
  std::int64_t before_id = 0;
  int limit = 50;
};

class ComplianceService {
 public:
  ComplianceService(db::Database& db, const Clock& clock, ComplianceParams params, CoverLookup cover);

  static std::vector<db::Migration> migrations();
  // Reads data/compliance/rules.json (throws std::runtime_error when missing or malformed).
  static ComplianceParams load_params(const std::string& path);

  // The daily job: idempotent within a day (a second run sends nothing twice).
  ComplianceCheckSummary run_compliance_check(Timestamp now);

  // A clinician's department and its risk class (I–IV), which decide practice-cover obligations.
  Status register_clinician_as_system(const ClinicianFacts& c);

  // compliance.read: a regulator sees its region, an officer its institution, the admin everything.
  Result<std::vector<Obligation>> list(const RequestContext& ctx, const ComplianceFilter& f);
  const ComplianceParams& params() const { return params_; }

 private:
  void check_one(db::Tx& tx, Obligation o, Date today, ComplianceCheckSummary& sum, Timestamp now);
  void check_subject(db::Tx& tx, const ObligationRule& rule, std::int64_t org, std::int64_t clinician,
                     const std::string& region, Date today, ComplianceCheckSummary& sum, Timestamp now);

  db::Database& db_;
  const Clock& clock_;
  ComplianceParams params_;
  CoverLookup cover_;
};


}  // namespace medrisk::insurance
