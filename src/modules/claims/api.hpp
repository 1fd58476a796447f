// Claims use cases (理赔, issue 7): claims opened from a dispute case's agreement or judgment, by the
// adjuster or by the patient; reserves with history; decisions within the adjuster's authority or with
// a supervisor's approval; payments through the bank channel with idempotency keys and a double-entry
// ledger per co-insurer share; the Insurance Law clock with reminders; the insurer's portfolio.
// Every change runs in one transaction with its claim event, audit entry and notifications.
// Other modules reach claims only through this header; claims reaches disputes through CaseSource.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "kernel/working_calendar.hpp"
#include "modules/claims/channel.hpp"
#include "modules/claims/model.hpp"
#include "modules/claims/rules.hpp"
#include "modules/disputes/api.hpp"
#include "modules/insurance/api.hpp"
#include "platform/context.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/documents/registry.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::exports {
struct Column;
}

namespace medrisk::claims {

namespace store {
struct PaymentRow;  // private to the module (store.hpp)
}

// Reads data/deadlines/claims.json (beside `data_dir`), data/claims/{reasons,authority}.json; throws
// std::runtime_error when invalid.
ClaimsParams load_params(const std::filesystem::path& data_dir);

// Port to the disputes module: the facts of a case and its settlement, in the caller's transaction.
class CaseSource {
 public:
  virtual ~CaseSource() = default;
  virtual std::optional<disputes::CaseForClaim> find(db::Tx& tx, std::int64_t case_id) = 0;
  virtual Status settle(db::Tx& tx, std::int64_t case_id) = 0;
};
// The real one, over DisputesService::case_for_claim / settle_case.
class DisputesCaseSource final : public CaseSource {
 public:
  explicit DisputesCaseSource(disputes::DisputesService& d) : disputes_(d) {}
  std::optional<disputes::CaseForClaim> find(db::Tx& tx, std::int64_t case_id) override {
    return disputes_.case_for_claim(tx, case_id);
  }
  Status settle(db::Tx& tx, std::int64_t case_id) override { return disputes_.settle_case(tx, case_id); }

 private:
  disputes::DisputesService& disputes_;
};

struct ShareView {
  ClaimShare share;
  std::optional<Money> payable_fen;
  Money paid_fen;
};

struct ClaimView {
  Claim c;
  Money in_flight_fen, incurred_fen, aggregate_consumed_fen, remaining_limit_fen;
  std::vector<ShareView> shares;
  std::vector<DeadlineView> deadlines;
};

struct ReserveInput {
  Money amount_fen;
  std::string reason;
  std::optional<std::vector<ClaimShare>> shares;  // a new split between the co-insurers
};

struct DecisionInput {
  std::string outcome;  // approve, partial, deny
  std::optional<Money> amount_fen;
  std::vector<std::string> reason_codes;
  std::string note;
};

struct PaymentResult {
  Payment payment;
  bool created = false;  // false: the stored payment of an earlier request with the same key
};

struct BankRun {
  int confirmed = 0, failed = 0, ignored = 0;
};

class ClaimsService {
 public:
  ClaimsService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, const WorkingCalendar& calendar,
                ClaimsParams params, insurance::InsuranceService& insurance, CaseSource* cases,
                PaymentChannel& channel);

  static std::vector<db::Migration> migrations();
  static std::vector<crypto::EncryptedColumn> encrypted_columns();

  // ---- opening ----
  // From a case's agreement or judgment (outbox deliverer): idempotent; nullopt when the case has no policy.
  Result<std::optional<ClaimView>> open_from_case(std::int64_t case_id, const std::string& source);
  Result<ClaimView> file_claim(const RequestContext& ctx, const NewClaim& in);

  // ---- reading ----
  Result<std::vector<ClaimView>> list(const RequestContext& ctx, const ClaimFilter& filter);
  Result<ClaimView> get(const RequestContext& ctx, std::int64_t id);
  Result<std::vector<ClaimEvent>> events(const RequestContext& ctx, std::int64_t id, std::int64_t after_id, int limit);
  Result<std::vector<Reserve>> reserves(const RequestContext& ctx, std::int64_t id);
  Result<std::vector<Payment>> payments(const RequestContext& ctx, std::int64_t id);

  // ---- handling (claims.handle / reserves.set / payments.instruct, the lead insurer's adjusters) ----
  Result<ClaimView> materials_complete(const RequestContext& ctx, std::int64_t id);
  Result<ClaimView> withdraw(const RequestContext& ctx, std::int64_t id, const std::string& reason);
  Result<ClaimView> set_reserve(const RequestContext& ctx, std::int64_t id, const ReserveInput& in);
  Result<ClaimView> decide(const RequestContext& ctx, std::int64_t id, const DecisionInput& in);
  Result<ClaimView> approve_decision(const RequestContext& ctx, std::int64_t id, bool approve, const std::string& note);
  Result<PaymentResult> instruct_payment(const RequestContext& ctx, std::int64_t id, const NewPayment& in);
  Result<Payment> retry_payment(const RequestContext& ctx, std::int64_t id, std::int64_t payment_id);

  // ---- documents (the claim's readers, like GET /claims/{id}) ----
  // 拒绝赔偿通知书 (保险法 art. 24) of a denied claim; 409 claim_not_denied otherwise.
  Result<documents::IssuedDocument> refusal_notice_pdf(const RequestContext& ctx, std::int64_t id);
  // 赔款支付通知书 of an approved or paid claim; 409 claim_not_settled otherwise.
  Result<documents::IssuedDocument> settlement_notice_pdf(const RequestContext& ctx, std::int64_t id);

  // ---- reports ----
  Result<TrialBalance> trial_balance(const RequestContext& ctx);
  Result<std::vector<PortfolioRow>> portfolio(const RequestContext& ctx, Date as_of);
  // Scoped like the list: a patient's own, an insurer's (lead or co-insurer), an institution's, a
  // regulator's region (by the insured organization's region).
  Result<ClaimsSummary> summary(const RequestContext& ctx);

  // ---- for the risk module (system read, in the caller's transaction) ----
  // Claims whose incident month lies in [from_month, to_month] (YYYY-MM), counted with their incurred
  // amount by institution, the case's department and clinician, and month.
  std::vector<ClaimTally> tallies(db::Tx& tx, const std::string& from_month, const std::string& to_month);

  // ---- jobs ----
  // One `deadline_overdue` event + notifications per claim and overdue deadline. Returns how many.
  int remind_overdue();
  // Applies the bank's confirmations (each in its own transaction) and marks them done.
  BankRun poll_bank();
  // Sends instructed payments again: all of them (start-up) or those never recorded as sent.
  int resend_instructions(bool all);
  // A user's payment authority (demo seeding, administration).
  void set_authority_as_system(std::int64_t user_id, Money limit);

  const ClaimsParams& params() const { return params_; }

 private:
  Result<Claim> load_for(db::Tx& tx, const RequestContext& ctx, std::int64_t id, const char* write_permission);
  ClaimView view_of(db::Tx& tx, const Claim& c);
  Money consumed_by_others(db::Tx& tx, const Claim& c);
  Money in_flight(db::Tx& tx, std::int64_t claim_id);
  void reserve_to_payable(db::Tx& tx, const RequestContext& ctx, Claim& c);
  std::optional<Date> first_advance_on(db::Tx& tx, std::int64_t claim_id);
  Result<Claim> build_claim(db::Tx& tx, std::int64_t policy_id, std::int64_t patient, Date incident, Date notice);
  Result<ClaimView> insert_claim(db::Tx& tx, const RequestContext& ctx, Claim c);
  Result<ClaimView> file_direct(const RequestContext& ctx, const NewClaim& in);
  Money authority_of(db::Tx& tx, std::int64_t user_id);
  Result<Money> payable_for(db::Tx& tx, const Claim& c, std::optional<Money> amount);
  Status apply_confirmation(const Confirmation& conf, BankRun& run);
  void confirm_payment(db::Tx& tx, const RequestContext& ctx, Claim& c, store::PaymentRow& row,
                       const Confirmation& conf);
  // Sends under the claim's row lock, re-checked: a payment still instructed with this reference (and,
  // with only_unsent, not yet recorded as sent by another server) goes out and is marked sent.
  void send_instruction(const store::PaymentRow& row, bool only_unsent = true);
  ClaimEvent after_change(db::Tx& tx, const RequestContext& ctx, Claim& c, const std::string& kind,
                          const std::optional<std::string>& from, const nlohmann::json& details);
  void notify_parties(db::Tx& tx, const RequestContext& ctx, const Claim& c, const std::string& kind);
  RequestContext system_context(const std::string& job) const;

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  const WorkingCalendar& calendar_;
  ClaimsParams params_;
  insurance::InsuranceService& insurance_;
  CaseSource* cases_;
  PaymentChannel& channel_;
};

std::string claim_number(const Claim& c);  // CLM-2026-000012

// The columns of GET /claims.xlsx (keys of the list item's JSON; routes.cpp), also used by bench_exports.
const std::vector<exports::Column>& export_columns();

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::claims
