// Insurance use cases: the product catalogue, explained quotes, binding into policies, endorsements,
// cancellation, renewal, certificates — and the cover look-ups other modules call (compliance,
// disputes). Every change runs in one transaction with its audit entry.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "modules/accounts/api.hpp"
#include "modules/insurance/model.hpp"
#include "modules/insurance/rating.hpp"
#include "modules/insurance/rules.hpp"
#include "modules/insurance/visit_model.hpp"
#include "platform/context.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/documents/registry.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::exports {
struct Column;
}

namespace medrisk::insurance {

inline constexpr int kMaxPageSize = 200;

// Reads every data/products/*.json (throws on a malformed file or a code defined twice).
std::vector<Product> load_products(const std::filesystem::path& dir);
// Reads the newest data/rating/*.json (file names sort by version; throws when none is valid).
RatingTable load_rating_table(const std::filesystem::path& dir);

struct QuoteRequest {
  RatingInput input;
  std::int64_t insured_org_id = 0;
  Date period_start;
  std::optional<Date> retroactive_date;  // claims-made; default: the period start
};

struct BindRequest {
  std::int64_t quote_id = 0;
  FundingShares funding;                // default: institution pays all
  std::vector<PoolMember> coinsurance;  // default: the issuer alone (10,000 bp)
};

struct EndorsementRequest {
  std::string kind;  // add_clinician, remove_clinician
  Date effective_date;
  ClinicianExposure clinician;  // add: all fields; remove: user_id
};

struct PolicyFilter {
  std::optional<std::int64_t> insured_org_id;
  std::optional<std::string> product_code;
  std::int64_t after_id = 0;  // cursor: policies with a smaller id (newest first)
  int limit = 50;
};

// Premium facts of one policy for an insurer's claims portfolio: the insurer's part of the premium
// (its co-insurance share, or all of it when it issued the policy alone) and of any refund.
struct PremiumFacts {
  std::int64_t policy_id = 0;
  std::string product_code;
  Date period_start, period_end;
  std::optional<Date> cancelled_on;
  Money premium_fen, refund_fen;
};

// What insurance asks the claims module (a port, wired in src/app): the latest first-notice date of
// any claim ever made on a term policy, so that a cancellation never takes effect on or before it.
class ClaimNotices {
 public:
  virtual ~ClaimNotices() = default;
  virtual std::optional<Date> latest_notice(db::Tx& tx, std::int64_t policy_id) = 0;
};

// The home page's figures (GET /api/v1/insurance/summary), scoped like the policy and compliance lists:
// an organization's policies (insured or insurer), a clinician's own, a regulator's region.
struct PolicyFigures {
  std::int64_t policies = 0, in_force = 0;
  Money written_premium_fen;  // premium less refunds
  std::int64_t obligations = 0, compliant = 0;  // compulsory-cover obligations (compliance.read only)
};
struct ExpiringPolicy {
  std::int64_t id = 0;
  std::string policy_number, product_code;
  std::int64_t insured_org_id = 0;
  Date period_end;
  std::int64_t days_left = 0;
};
struct InsuranceSummary {
  std::string as_of;
  PolicyFigures all;
  std::map<std::string, std::int64_t> policies_by_status;     // in_force, expired, cancelled, not_yet_in_force
  std::optional<std::map<std::string, std::int64_t>> compliance_by_status;  // with compliance.read
  std::map<std::string, PolicyFigures> by_region;             // the policy's (and obligation's) region_code
  std::vector<ExpiringPolicy> in_force_by_expiry;             // in force, soonest expiry first
};

// What the rating engine learns of an insured institution's own history from the risk database (a
// port the risk module implements and plugs in when it is built, after insurance): the claims
// experience over the risk database's experience window before `as_of`, with what was used.
struct ExperienceFigures {
  Experience experience;  // years with exposure, incurred losses (paid + reserves); source risk_database
  std::string from_month, to_month;
  double exposure_units = 0;
  std::int64_t claims = 0;
  double credibility_z = 0, risk_coefficient = 1;
};
class ExperienceSource {
 public:
  virtual ~ExperienceSource() = default;
  // nullopt: the database holds no exposure of the institution (the quote keeps the declared figures).
  virtual std::optional<ExperienceFigures> experience_of(db::Tx& tx, std::int64_t insured_org_id, Date as_of) = 0;
};

// Surgical accident cover (手术意外保险, data/products/surgical_accident.json) a patient buys for a planned
// procedure, e.g. in the consent-talk witnessing flow (surgical_cover.cpp, migration 390).
struct SurgicalCoverRequest {
  std::string reference;  // what the cover is bought for, once ("witness:<public id>")
  std::int64_t institution_org_id = 0;
  std::int64_t patient_user_id = 0;
  std::string procedure_code;
  Date procedure_date;
};

struct SurgicalCover {
  std::int64_t id = 0;
  std::string policy_number, product_code, product_version, reference;
  std::int64_t institution_org_id = 0, insurer_org_id = 0, patient_user_id = 0;
  std::string procedure_code;
  Date procedure_date, period_start, period_end;
  Money premium_fen, sum_insured_fen, medical_costs_limit_fen;
  std::string created_at;
};

class InsuranceService {
 public:
  InsuranceService(db::Database& db, const Clock& clock, accounts::AccountsService& accounts,
                   std::vector<Product> products, RatingTable rating);

  static std::vector<db::Migration> migrations();
  void set_claim_notices(ClaimNotices* notices) { claim_notices_ = notices; }
  // The risk database (risk module, built later, plugs itself in); without it quotes use the declared experience.
  void set_experience_source(ExperienceSource* source) { experience_source_ = source; }
  // The PDF templates (data/documents/; policy_certificate); throws when policy_certificate is missing.
  void set_documents(documents::DocumentSet set);

  // ---- catalogue (for the visit-policy and compliance parts too) ----
  const std::vector<Product>& products() const { return products_; }
  const Product* find_product(std::string_view code) const;
  const RatingTable& rating_table() const { return rating_; }
  Result<std::vector<Product>> list_products(const RequestContext& ctx) const;  // products.read

  // ---- cover look-ups for other modules (system reads, no actor) ----
  // Does institution `org_id` (and, unless 0, clinician `clinician_user_id` named on it) hold a policy
  // of product kind `product_kind` in force on `on`?
  // In the caller's transaction (compliance check, disputes).
  bool has_valid_cover(db::Tx& tx, std::int64_t org_id, std::int64_t clinician_user_id, std::string_view product_kind,
                       Date on) const;
  // The liability policy that responds to an incident (occurrence or claims-made with retroactive
  // date); clinician_user_id 0: the institution's own cover.
  // In the caller's transaction: a use case spanning modules is one snapshot on one connection.
  std::optional<PolicyInForce> find_policy_in_force(db::Tx& tx, std::int64_t org_id, std::int64_t clinician_user_id,
                                                    Date incident_date, Date notice_date) const;
  // The same in a read transaction of its own, for callers that hold none (demo seeding, tests).
  std::optional<PolicyInForce> find_policy_in_force(std::int64_t org_id, std::int64_t clinician_user_id,
                                                    Date incident_date, Date notice_date);

  // ---- for the claims module (system reads in the caller's transaction) ----
  std::optional<PolicyInForce> policy_for_claim(db::Tx& tx, std::int64_t policy_id) const;
  // Every policy the insurer issued or shares in (cancelled ones too).
  std::vector<PremiumFacts> premium_facts(db::Tx& tx, std::int64_t insurer_org_id) const;
  // A patient's own per-visit policy by its number (matched by the blind index of the phone they
  // registered with), for a direct claim; nullopt when there is none or it is someone else's.
  std::optional<VisitPolicy> visit_policy_for_claim(db::Tx& tx, const std::string& policy_number,
                                                    std::int64_t patient_user_id) const;
  // A patient's own per-visit policy by its id (same phone match), for the reviews module: the visit the
  // patient rates; nullopt when there is none or it is someone else's.
  std::optional<VisitPolicy> visit_policy_for_review(db::Tx& tx, std::int64_t visit_policy_id,
                                                     std::int64_t patient_user_id) const;
  // Who answers a claim on a per-visit policy: the lead insurer of the issuing institution's liability
  // policy in force on the visit date (the insurer the risk-sharing scheme pairs with that hospital;
  // platform rule, insurance README). nullopt when no such policy responds.
  std::optional<PolicyInForce> visit_underwriter(db::Tx& tx, std::int64_t institution_org_id, Date visit_date) const;

  // ---- surgical accident cover (the patient, in the caller's transaction) ----
  // Refused on or after the procedure date (surgical_cover_after_procedure_date), a second time for the
  // same reference, and when no insurer covers the institution on that date (the lead insurer of its
  // liability policy in force, as for per-visit policies).
  Result<SurgicalCover> buy_surgical_cover(db::Tx& tx, const RequestContext& ctx, const SurgicalCoverRequest& r);
  std::optional<SurgicalCover> surgical_cover(db::Tx& tx, const std::string& reference) const;
  // The product as offered (premium, sum insured), nullptr when the catalogue has none.
  const Product* surgical_product() const;

  // ---- quotes (quotes.create) ----
  Result<Quote> create_quote(const RequestContext& ctx, const QuoteRequest& req);
  Result<Quote> get_quote(const RequestContext& ctx, std::int64_t id);
  Result<std::vector<Quote>> list_quotes(const RequestContext& ctx, std::int64_t after_id, int limit);

  // ---- policies ----
  Result<Policy> bind(const RequestContext& ctx, const BindRequest& req);  // policies.issue
  Result<Policy> get_policy(const RequestContext& ctx, std::int64_t id);   // policies.read / read_own
  Result<std::vector<Policy>> list_policies(const RequestContext& ctx, const PolicyFilter& filter);
  Result<InsuranceSummary> summary(const RequestContext& ctx);
  Result<Endorsement> endorse(const RequestContext& ctx, std::int64_t policy_id, const EndorsementRequest& req);
  Result<std::vector<Endorsement>> list_endorsements(const RequestContext& ctx, std::int64_t policy_id);
  Result<Policy> cancel(const RequestContext& ctx, std::int64_t policy_id, Date effective_date);
  Result<Policy> renew(const RequestContext& ctx, std::int64_t policy_id, const std::optional<Experience>& experience);
  // The policy (保险单) as a PDF, for whoever reads the policy (another organization's: 404 like it).
  Result<documents::IssuedDocument> policy_pdf(const RequestContext& ctx, std::int64_t id);

  // ---- certificates (public) ----
  Result<CertificateView> verify_certificate(std::string_view code);

 private:
  Status authorize_read(const RequestContext& ctx, const Policy& p) const;
  Result<Policy> load_policy(db::Tx& tx, const RequestContext& ctx, std::int64_t id, std::string_view permission);
  Result<RatingResult> rate_with(const RatingInput& in) const;
  Result<Policy> issue(db::Tx& tx, const RequestContext& ctx, const Quote& q, const BindRequest& req,
                       std::optional<std::int64_t> renewed_from);
  Result<Quote> insert_quote(db::Tx& tx, const RequestContext& ctx, const QuoteRequest& req, const Product& p,
                             const std::string& status);

  db::Database& db_;
  const Clock& clock_;
  accounts::AccountsService& accounts_;
  std::vector<Product> products_;
  RatingTable rating_;
  ClaimNotices* claim_notices_ = nullptr;
  ExperienceSource* experience_source_ = nullptr;
  documents::DocumentSet pdf_;
  Status check_clinicians_exist(const std::vector<ClinicianExposure>& clinicians);
};

// Migration 390: the surgical accident covers (surgical_cover.cpp).
std::vector<db::Migration> surgical_cover_migrations();

// The columns of GET /policies.xlsx (keys of the list item's JSON; routes.cpp).
const std::vector<exports::Column>& policy_export_columns();
// The columns of GET /compliance.xlsx (compliance_routes.cpp).
const std::vector<exports::Column>& compliance_export_columns();

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::insurance

// The per-visit policies (partner API) and compulsory-cover compliance parts of the public surface.
#include "modules/insurance/compliance_api.hpp"  // IWYU pragma: export
#include "modules/insurance/visit_api.hpp"       // IWYU pragma: export
