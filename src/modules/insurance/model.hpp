// Insurance vocabulary: products and their terms (data/products/), rating inputs and explained quotes
// (data/rating/), policies with named clinicians, endorsements, tri-party funding and co-insurance.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/money.hpp"

namespace medrisk::insurance {

// ---- products (data/products/*.json; seed 002: liability ≤ 1.5 M CNY per incident, accident ≤ 300 k CNY) ----
struct DisabilityBenefit {
  int disability_grade = 0;   // 1 (worst) … 10
  std::int64_t share_bp = 0;  // share of the sum insured paid at this grade
};

struct Product {
  std::string code;           // institution_liability, clinician_liability, patient_accident, visit_policy, …
  std::string version;        // of the product file
  std::string kind;           // liability, accident, visit_policy, surgical_accident, maternity
  std::string insured_party;  // institution, clinician, patient
  std::string name_zh, name_en;
  std::string trigger;           // claims_made (with retroactive date) or occurrence
  Money per_incident_limit_fen;  // the most a policy may choose (liability); zero: not applicable
  Money aggregate_limit_fen;
  Money per_person_limit_fen;     // sum insured per person (accident products)
  Money deductible_fen;           // the product's default deductible per incident
  std::string defence_costs;      // inside_limit, outside_limit, not_covered
  Money defence_costs_limit_fen;  // when outside the limit: its own sub-limit
  Money medical_costs_limit_fen;  // accident products: medical costs reimbursed per person
  std::vector<DisabilityBenefit> disability_benefits;
  std::optional<Money> premium_fen;  // fixed premium per insured person (visit_policy: 100 fen); nullopt: rated
  int term_days = 365;               // fixed-premium products: how long one cover lasts
  bool rated = false;                // priced by the rating engine (quotes)
  std::string source;
  bool verified = false;
};

// ---- rating inputs ----
struct InstitutionExposure {
  std::string category;  // general, specialist, tcm, maternal_child, primary, private
  std::string grade;     // 3A … ungraded
  std::int64_t beds = 0;
};

struct ClinicianExposure {
  std::int64_t user_id = 0;
  std::string department_risk_class;  // I, II, III, IV (IV the highest risk)
  std::string title;                  // resident, attending, associate_chief, chief
  std::int64_t years_of_practice = 0;
};

struct Experience {
  std::int64_t years = 0;     // exposure years of claims history (credibility n)
  Money incurred_losses_fen;  // paid + case reserves over those years
  // Where the figures come from: "declared" (typed in) or "risk_database" (ExperienceSource), and for
  // the latter what was used (period, exposure, counts, Z, risk coefficient), shown on the quote.
  std::string source = "declared";
  std::string basis;
};

struct RatingInput {
  std::string product_code;
  std::optional<InstitutionExposure> institution;  // institution_liability
  std::vector<ClinicianExposure> clinicians;
  Experience experience;
  Money per_incident_limit_fen;
  Money deductible_fen;
};

// One line of a quote's explanation: the lines' amounts add up to the premium to the fen.
struct QuoteLine {
  std::string code;  // institution_base, clinician_base, experience_mod, increased_limit, deductible_credit, …
  std::string label_zh, label_en;
  std::optional<std::int64_t> factor_bp;  // the factor applied (10000 = 1.0), when the line has one
  std::string basis;                      // what the factor was looked up by, e.g. "general/3A/800 beds"
  std::string source;                     // the table's source for this factor
  Money amount_fen;
};

struct RatingResult {
  std::string table_version;
  std::vector<QuoteLine> lines;
  Money manual_premium_fen;         // expected loss at base terms (sum of the base lines)
  Money expected_loss_fen;          // after experience, limit and deductible
  std::int64_t credibility_bp = 0;  // Z = n / (n + k)
  std::int64_t experience_mod_bp = 10000;
  Money premium_fen;
  bool capped = false;
};

// ---- quotes and policies ----
struct Quote {
  std::int64_t id = 0;
  std::string product_code;
  std::int64_t insured_org_id = 0;
  std::int64_t insurer_org_id = 0;
  RatingInput input;
  RatingResult rating;
  Date period_start;
  Date period_end;
  std::optional<Date> retroactive_date;
  Date valid_until;
  std::string status = "open";  // open, bound
  std::int64_t created_by = 0;
  std::string created_at;
};

struct NamedClinician {
  std::int64_t user_id = 0;
  std::string department_risk_class, title;
  std::int64_t years_of_practice = 0;
  Date added_on;
  std::optional<Date> removed_on;  // cover ends the day before
};

struct FundingShare {
  std::string payer;  // state, institution, clinician
  std::int64_t share_bp = 0;
  Money amount_fen;
};

struct CoinsuranceMember {
  std::int64_t insurer_org_id = 0;
  std::string role;  // lead, follower
  std::int64_t share_bp = 0;
  Money premium_fen;
};

struct Policy {
  std::int64_t id = 0;
  std::string policy_number;
  std::string product_code, product_version, kind, trigger;
  std::int64_t quote_id = 0;
  std::int64_t insured_org_id = 0;
  std::int64_t insurer_org_id = 0;  // the lead insurer, who issued it
  std::string region_code;
  Date period_start, period_end;  // inclusive
  std::optional<Date> retroactive_date;
  Money per_incident_limit_fen, aggregate_limit_fen, deductible_fen, premium_fen;
  std::string status = "issued";     // issued, cancelled
  std::optional<Date> cancelled_on;  // first day without cover
  Money refund_fen;
  std::string certificate_code;
  std::optional<std::int64_t> renewed_from_policy_id;
  std::string rating_table_version;
  std::string created_at;
  std::vector<NamedClinician> clinicians;
  std::vector<FundingShare> funding_split;
  std::vector<CoinsuranceMember> coinsurance_pool;
};

struct Endorsement {
  std::int64_t id = 0;
  std::int64_t policy_id = 0;
  std::string kind;  // add_clinician, remove_clinician, cancellation
  Date effective_date;
  std::int64_t clinician_user_id = 0;
  Money premium_delta_fen;  // positive: additional premium; negative: refund
  std::int64_t days_charged = 0;
  std::int64_t period_days = 0;
  std::string created_at;
};

// What the public certificate check shows: no personal data.
struct CertificateView {
  bool valid = false;
  std::string status;  // in_force, not_yet_in_force, expired, cancelled
  std::string policy_number, product_code, product_name_zh, product_name_en, kind, trigger;
  std::string insured_name;
  Date period_start, period_end;
  std::optional<Date> cancelled_on;
  Money per_incident_limit_fen, aggregate_limit_fen;
  std::int64_t named_clinicians = 0;
  std::string checked_on;
};

// What the disputes and compliance modules learn about a policy that covers an incident.
struct PolicyInForce {
  std::int64_t policy_id = 0;
  std::string policy_number, product_code, kind, trigger;
  std::int64_t insured_org_id = 0, insurer_org_id = 0;
  Date period_start, period_end;
  std::optional<Date> retroactive_date;
  Money per_incident_limit_fen, aggregate_limit_fen, deductible_fen;
  std::vector<CoinsuranceMember> coinsurance_pool;
  std::optional<Date> cancelled_on;        // first day without cover (rules `cover_for`)
  std::vector<NamedClinician> clinicians;  // with their endorsement dates
};

}  // namespace medrisk::insurance
