// Pure claims rules: the Insurance Law clock (保险法 arts. 23–25, data/deadlines/claims.json) with the
// rest-day roll-forward of 民法典 art. 203, the claim state machine, remaining limits and reserve checks,
// decision reason codes and payment authority (data/claims/), payment checks, idempotency body hashing,
// co-insurer splits and ledger balance. No I/O; parameters are passed in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kernel/money.hpp"
#include "kernel/result.hpp"
#include "kernel/state_names.hpp"
#include "kernel/working_calendar.hpp"
#include "modules/claims/model.hpp"
#include "platform/documents/template.hpp"

namespace medrisk::claims {

inline constexpr int kMaxListPage = 200;
// The policy_kind of a claim on a per-visit policy (data/products/visit_policy.json `kind`).
inline constexpr std::string_view kVisitPolicyKind = "visit_policy";
inline constexpr int kMaxReasonCodes = 10;
inline constexpr int kMaxRemindersPerRun = 500;
inline constexpr int kMaxConfirmationsPerPoll = 200;
inline constexpr int kMaxResendsPerRun = 200;
inline constexpr std::size_t kMaxIdempotencyKeyLength = 200;

struct ReasonCode {
  std::string code;
  std::string outcome;  // deny, partial
  std::string zh_cn, en_us;
};

struct ClaimsParams {
  std::string version;
  int decision_days = 0;         // insurer_decision (art. 23)
  int payment_days = 0;          // insurer_payment_after_agreement (art. 23)
  int refusal_notice_days = 0;   // insurer_refusal_notice (art. 24)
  int advance_payment_days = 0;  // insurer_advance_payment (art. 25)
  std::map<std::string, ReasonCode> reasons;
  Money default_authority_fen;  // data/claims/authority.json: the adjuster role's limit
  documents::DocumentSet pdf;   // data/documents/ (claim_refusal_notice, claim_settlement_notice)
  StateNames states;            // data/claims/states.json: what notifications print
};

// Reads the three documents (data/deadlines/claims.json, data/claims/reasons.json, authority.json);
// claims_parameters_invalid when a figure is missing or not positive.
Result<ClaimsParams> params_from_json(const nlohmann::json& deadlines, const nlohmann::json& reasons,
                                      const nlohmann::json& authority);

// 民法典 art. 203: a deadline whose last day is a rest day ends on the next working day.
Date roll_forward(const WorkingCalendar& calendar, Date last_day);
// `days` calendar days after `from` (the start day not counted, 民法典 art. 201), rolled forward.
Date due_after_days(const WorkingCalendar& calendar, Date from, int days);

// What the clock needs to know of a claim.
struct ClockFacts {
  std::string state;
  std::optional<Date> materials_complete_on, decided_on, payable_fixed_on, paid_on, first_advance_on;
  std::optional<std::string> outcome;
};
ClockFacts clock_facts(const Claim& c, std::optional<Date> first_advance_on);
// insurer_decision, insurer_advance_payment, insurer_payment_after_agreement, insurer_refusal_notice —
// each with its due day, whether it was met (and when) and whether it is overdue on `today`.
std::vector<DeadlineView> claim_deadlines(const WorkingCalendar& calendar, const ClaimsParams& p, const ClockFacts& f,
                                          Date today);

// ---- state machine ----
const std::vector<std::string>& claim_states();  // the state machine's states, as the table's CHECK lists them
bool is_open_state(const std::string& state);  // the claim still counts against its policy's limits
// The state after `action` from `state` (materials_complete, decide_*, approve, reject, pay_all,
// withdraw), or claim_action_not_allowed_in_state.
Result<std::string> next_state(const std::string& state, const std::string& action);

// ---- limits and reserves ----
// What one claim consumes of its policy's aggregate: the payable once fixed, paid + outstanding before.
Money consumed_by(const Claim& c);
// min(per-incident − paid, aggregate − consumed by the policy's other claims − paid); a zero limit
// means none; never negative.
Money remaining_limit(Money per_incident_limit, Money aggregate_limit, Money consumed_by_others, Money paid);
Status check_reserve(Money amount, Money remaining, Money in_flight);
// What the reserve may be at most: the remaining limit, and once the payable is fixed, what remains
// payable (payable − paid) — a reserve never exceeds either (issue 18).
Money reserve_ceiling(Money remaining_limit, std::optional<Money> payable, Money paid);
// The money invariant of one claim, checked after every write (issue 18): paid, outstanding and in
// flight are never negative; once the payable is fixed, paid + in flight ≤ payable, payable ≤ the
// per-incident limit and paid + outstanding ≤ payable; before it, paid + outstanding ≤ the
// per-incident limit (a zero limit means none). claim_money_invariant_broken names the breach.
Status check_claim_money(const Claim& c, Money in_flight);
// The co-insurers' split may change only before the first payment; shares must add up to 10,000 bp.
Status check_split(bool any_payment, const std::vector<ClaimShare>& shares);
// Divides `amount` by the shares' basis points, largest remainder (kernel Money split).
Result<std::vector<Money>> split_by_shares(Money amount, const std::vector<ClaimShare>& shares);

// ---- decision ----
Status check_reason_codes(const ClaimsParams& p, const std::string& outcome, const std::vector<std::string>& codes);
// A decision fixing `amount` needs a supervisor when it exceeds the decider's limit.
bool above_authority(Money amount, Money limit);

// ---- payments ----
struct PaymentFacts {
  std::string state;
  bool materials_complete = false;
  std::optional<Money> payable;
  Money paid, in_flight, outstanding;
};
Status check_payment(const PaymentFacts& f, const std::string& kind, Money amount);
// The canonical text of the request a key stands for (claim, kind, amount, payee, account); the service
// stores only its keyed hash (KeyRing::blind_index), never the account number in clear.
std::string request_canonical(std::int64_t claim_id, const NewPayment& p, const std::string& payee);
std::string mask_account(const std::string& number);                  // "**** 1234"
std::string payment_reference(std::int64_t payment_id, int attempt);  // PAY-<id>-<attempt>
// Σ debits == Σ credits and no line is negative.
bool ledger_balanced(const std::vector<LedgerAccount>& accounts);

}  // namespace medrisk::claims
