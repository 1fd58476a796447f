// Claims vocabulary (理赔, insurance_claim): claims and their shares between co-insurers, reserves with
// full history, decisions, payments through a bank channel and the double-entry ledger. Money is fen.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/money.hpp"

namespace medrisk::claims {

struct ClaimShare {
  std::int64_t insurer_org_id = 0;
  std::string insurer_name;
  std::string role;  // lead, follower
  std::int64_t share_bp = 0;
};

struct Decision {
  std::string outcome;  // approve, partial, deny
  std::optional<Money> amount_fen;
  std::vector<std::string> reason_codes;
  std::string note;
  std::int64_t decided_by_user_id = 0;
  std::string decided_at;
  std::string decided_on;  // Shanghai date of the decision
  std::optional<std::int64_t> approved_by_user_id;
};

struct Claim {
  std::int64_t id = 0;
  std::string state;   // open, assessing, awaiting_approval, approved, paid, denied, withdrawn
  std::string source;  // agreement, judgment, adjuster, patient
  std::int64_t policy_id = 0;
  std::string policy_number, product_code, policy_kind;
  std::int64_t insurer_org_id = 0, insured_org_id = 0;
  std::optional<std::int64_t> case_id;
  std::int64_t patient_user_id = 0;
  std::optional<std::int64_t> adjuster_user_id, mediator_user_id;
  Date incident_date, notice_date;
  std::optional<std::string> materials_complete_on;
  std::optional<Money> agreed_amount_fen;  // the agreement's insurer part or the judgment amount
  std::optional<Decision> decision;
  std::optional<Money> payable_fen;
  std::optional<std::string> payable_fixed_on;  // the day the amount was fixed: the 10-day clock starts
  std::optional<std::string> paid_on;           // the day everything owed was confirmed
  Money outstanding_fen, paid_fen;
  Money per_incident_limit_fen, deductible_fen, aggregate_limit_fen;
  std::string payee = "patient";
  std::optional<std::string> withdrawn_reason;
  std::string created_at, updated_at;
  std::vector<ClaimShare> shares;
};

struct NewClaim {
  std::int64_t policy_id = 0;
  std::optional<std::int64_t> case_id;
  std::optional<std::int64_t> patient_user_id;  // adjuster filing without a case: whose claim it is
  std::optional<std::string> visit_policy_number;
  Date incident_date, notice_date;
};

struct ClaimFilter {
  std::optional<std::string> state;
  bool overdue_only = false;
  std::optional<std::int64_t> case_id, policy_id;
  std::int64_t after_id = 0;
  int limit = 50;
};

struct ClaimEvent {
  std::int64_t id = 0;
  std::int64_t claim_id = 0;
  std::string kind;
  std::optional<std::string> from_state, to_state;
  std::optional<std::int64_t> actor_user_id;
  std::string details_json;
  std::string at;
};

struct Reserve {
  std::int64_t id = 0;
  std::int64_t claim_id = 0;
  Money amount_fen;  // the new outstanding
  Money previous_fen;
  std::string reason;  // free text from the adjuster, or "payment"
  std::optional<std::int64_t> set_by_user_id;
  std::string set_at;
};

struct BankAccount {
  std::string holder, bank, number;
};

struct Payment {
  std::int64_t id = 0;
  std::int64_t claim_id = 0;
  std::int64_t insurer_org_id = 0;
  std::string kind;  // final, advance
  Money amount_fen;
  std::string payee;  // patient, institution
  std::string account_masked;
  std::string state;  // instructed, confirmed, failed
  int attempt = 1;
  std::string reference;  // PAY-<id>-<attempt>
  std::optional<std::string> bank_transaction_id, failure_reason;
  std::string idempotency_key, request_hash;
  std::string created_at;
  std::optional<std::string> confirmed_at, sent_at;
  std::int64_t created_by_user_id = 0;
};

struct NewPayment {
  std::string idempotency_key;
  std::string kind;
  Money amount_fen;
  std::optional<std::string> payee;
  BankAccount account;
};

struct DeadlineView {
  std::string id;
  std::string due;
  bool overdue = false;
  std::optional<std::string> met_on;
  bool calendar_uncovered = false;  // the due day lies beyond the holiday calendar (WorkingCalendar::uncovered)
};

struct LedgerAccount {
  std::string account;  // claims_paid, bank
  std::int64_t insurer_org_id = 0;
  Money debit_fen, credit_fen;
};

struct TrialBalance {
  Money debit_fen, credit_fen;
  bool balanced = true;
  std::vector<LedgerAccount> accounts;
};

struct PortfolioRow {
  std::string product_code;
  int underwriting_year = 0;
  std::int64_t policies = 0;
  Money written_premium_fen, earned_premium_fen;
  std::int64_t open_claims = 0;
  Money outstanding_fen, paid_fen, incurred_fen;
  std::optional<std::int64_t> loss_ratio_bp;
};

// The home page's figures (GET /api/v1/claims/summary). Amounts are whole claims (every co-insurer's
// share); regions are the insured organization's (accounts' region_code).
struct ClaimFigures {
  std::int64_t claims = 0, open = 0, overdue = 0;
  Money outstanding_fen, paid_fen;
};
struct DueClaim {
  std::int64_t id = 0;
  std::string number, state, deadline, due;
  bool overdue = false;
};
struct ClaimsSummary {
  std::string as_of;
  ClaimFigures all;
  std::map<std::string, std::int64_t> by_state;
  std::map<std::string, ClaimFigures> by_region;
  std::vector<DueClaim> due_soon;  // open claims' next unmet deadline, soonest first
};

// For the risk database (risk module): claims counted, with their incurred amount (paid + outstanding
// reserve), by insured institution, department and clinician of the dispute case (empty / none for a
// claim without one) and incident month (YYYY-MM). Withdrawn claims are not counted.
struct ClaimTally {
  std::int64_t organization_id = 0;
  std::string department;
  std::optional<std::int64_t> clinician_user_id;
  std::string month;
  std::int64_t count = 0;
  Money incurred_fen;
};

struct ClaimTallyRow {  // one claim, as the store reads it
  std::int64_t organization_id = 0;
  std::optional<std::int64_t> case_id;
  std::string month;
  Money incurred_fen;
};

}  // namespace medrisk::claims
