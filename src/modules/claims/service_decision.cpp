// Claims use cases, reserves and decisions (see api.hpp): the outstanding reserve with its history
// and the co-insurers' split; approve/partial/deny with reason codes (data/claims/reasons.json); the
// payable from compensation's insurance part; payment authority (data/claims/authority.json and
// claim_authority) with a supervisor's approval above it.
#include <nlohmann/json.hpp>

#include "modules/accounts/api.hpp"
#include "modules/claims/errors.hpp"
#include "modules/claims/api.hpp"
#include "modules/claims/store.hpp"
#include "modules/compensation/api.hpp"

namespace medrisk::claims {
namespace {

using nlohmann::json;


bool any_payment(const std::vector<store::PaymentRow>& payments) {
  return std::any_of(payments.begin(), payments.end(), [](const auto& p) { return p.p.state != "failed"; });
}

json shares_json(const std::vector<ClaimShare>& shares) {
  json out = json::array();
  for (const auto& s : shares) out.push_back({{"insurer_org_id", s.insurer_org_id}, {"share_bp", s.share_bp}});
  return out;
}

}  // namespace

Money ClaimsService::authority_of(db::Tx& tx, std::int64_t user_id) {
  return store::authority_of(tx, user_id).value_or(params_.default_authority_fen);
}

void ClaimsService::set_authority_as_system(std::int64_t user_id, Money limit) {
  db_.write([&](db::Tx& tx) { store::put_authority(tx, user_id, limit); });
}

// Approval fixes the payable: the outstanding reserve becomes what remains payable (payable − paid),
// so incurred (paid + outstanding) equals the payable from that day (issue 18).
void ClaimsService::reserve_to_payable(db::Tx& tx, const RequestContext& ctx, Claim& c) {
  Money target = std::max(Money::zero(), *c.payable_fen - c.paid_fen);
  if (target == c.outstanding_fen) return;
  store::insert_reserve(tx,
                        {0, c.id, target, c.outstanding_fen, "approved", ctx.actor.user_id, ctx.now().to_iso_utc()});
  c.outstanding_fen = target;
}

Result<ClaimView> ClaimsService::set_reserve(const RequestContext& ctx, std::int64_t id, const ReserveInput& in) {
  if (in.reason.find_first_not_of(" \t\r\n") == std::string::npos) return err(errors::reserve_reason_required);
  return db_.write([&](db::Tx& tx) -> Result<ClaimView> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, "reserves.set"));
    if (!is_open_state(c.state)) return err(errors::claim_action_not_allowed_in_state, "reserve in " + c.state);
    json details{{"amount_fen", in.amount_fen.fen()}, {"previous_fen", c.outstanding_fen.fen()}, {"reason", in.reason}};
    if (in.shares) {
      MEDRISK_CHECK(check_split(any_payment(store::list_payments(tx, c.id)), *in.shares));
      std::vector<ClaimShare> next;
      for (const auto& s : *in.shares) {
        auto old = std::find_if(c.shares.begin(), c.shares.end(),
                                [&](const auto& o) { return o.insurer_org_id == s.insurer_org_id; });
        if (old == c.shares.end()) return err(errors::reserve_split_insurer_not_in_pool);
        next.push_back({s.insurer_org_id, old->insurer_name, old->role, s.share_bp});
      }
      store::put_shares(tx, c.id, next);
      c.shares = next;
      details["shares"] = shares_json(next);
    }
    Money remaining = reserve_ceiling(
        remaining_limit(c.per_incident_limit_fen, c.aggregate_limit_fen, consumed_by_others(tx, c), c.paid_fen),
        c.payable_fen, c.paid_fen);
    MEDRISK_CHECK(check_reserve(in.amount_fen, remaining, in_flight(tx, c.id)));
    store::insert_reserve(
        tx, {0, c.id, in.amount_fen, c.outstanding_fen, in.reason, ctx.actor.user_id, ctx.now().to_iso_utc()});
    c.outstanding_fen = in.amount_fen;
    after_change(tx, ctx, c, "reserve_set", c.state, details);
    return view_of(tx, c);
  });
}

// The insurance part of the claim's base (the agreed insurer amount or the judgment; without either,
// the amount the adjuster assessed) under the policy's deductible, per-incident limit and remaining
// aggregate — computed by the compensation module's rules.
Result<Money> ClaimsService::payable_for(db::Tx& tx, const Claim& c, std::optional<Money> amount) {
  std::optional<Money> base = c.agreed_amount_fen ? c.agreed_amount_fen : amount;
  if (!base) return Error::of("request_invalid").with("/amount_fen", std::string(errors::decision_amount_required));
  compensation::Cover cover{c.deductible_fen,
                            c.per_incident_limit_fen.is_zero() ? Money::max() : c.per_incident_limit_fen, std::nullopt};
  if (!c.aggregate_limit_fen.is_zero())
    cover.remaining_aggregate = std::max(Money::zero(), c.aggregate_limit_fen - consumed_by_others(tx, c));
  std::string kind = c.policy_kind == "liability" ? "liability" : "accident";
  MEDRISK_TRY(auto r, compensation::CompensationService::insurance_part(kind, *base, cover, {}));
  return r.payable;
}

Result<ClaimView> ClaimsService::decide(const RequestContext& ctx, std::int64_t id, const DecisionInput& in) {
  MEDRISK_CHECK(check_reason_codes(params_, in.outcome, in.reason_codes));
  return db_.write([&](db::Tx& tx) -> Result<ClaimView> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, "claims.handle"));
    if (c.state != "assessing") return err(errors::claim_action_not_allowed_in_state, "decide in " + c.state);
    Decision d{in.outcome,
               std::nullopt,
               in.reason_codes,
               in.note,
               ctx.actor.user_id,
               ctx.now().to_iso_utc(),
               clock_.today().to_string(),
               std::nullopt};
    std::string action = "decide_deny";
    if (in.outcome != "deny") {
      if (in.outcome == "partial" && !in.amount_fen)
        return Error::of("request_invalid").with("/amount_fen", std::string(errors::decision_amount_required));
      MEDRISK_TRY(Money payable, payable_for(tx, c, in.amount_fen));
      if (in.outcome == "partial") {
        if (*in.amount_fen > payable) return err(errors::decision_amount_above_payable);
        payable = *in.amount_fen;
      }
      if (payable <= Money::zero()) return err(errors::decision_nothing_payable);
      // What is already paid or in flight (advance payments, art. 25) stays inside the payable.
      if (Money committed = c.paid_fen + in_flight(tx, c.id); payable < committed)
        return err(errors::decision_amount_below_paid, "paid or in flight " + committed.to_plain_string());
      d.amount_fen = payable;
      action =
          above_authority(payable, authority_of(tx, ctx.actor.user_id)) ? "decide_above_authority" : "decide_approve";
    }
    MEDRISK_TRY(std::string to, next_state(c.state, action));
    std::string from = c.state;
    c.state = to;
    c.decision = d;
    if (to == "approved") {
      c.payable_fen = d.amount_fen;
      c.payable_fixed_on = d.decided_on;
      reserve_to_payable(tx, ctx, c);
    }
    if (to == "denied" && !c.outstanding_fen.is_zero()) {
      store::insert_reserve(
          tx, {0, c.id, Money::zero(), c.outstanding_fen, "denied", ctx.actor.user_id, ctx.now().to_iso_utc()});
      c.outstanding_fen = Money::zero();
    }
    json details{{"outcome", d.outcome},
                 {"reason_codes", d.reason_codes},
                 {"amount_fen", d.amount_fen ? json(d.amount_fen->fen()) : json()}};
    // Art. 24: the refusal notice goes to the patient and the institution with the decision itself.
    after_change(tx, ctx, c, to == "denied" ? "refusal_notice" : "decision", from, details);
    return view_of(tx, c);
  });
}

Result<ClaimView> ClaimsService::approve_decision(const RequestContext& ctx, std::int64_t id, bool approve,
                                                  const std::string& note) {
  return db_.write([&](db::Tx& tx) -> Result<ClaimView> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, "claims.handle"));
    if (c.state != "awaiting_approval" || !c.decision)
      return err(errors::claim_action_not_allowed_in_state, "approval in " + c.state);
    if (c.decision->decided_by_user_id == ctx.actor.user_id) return err(errors::approval_by_decider_refused);
    Money amount = c.decision->amount_fen.value_or(Money::zero());
    if (approve && above_authority(amount, authority_of(tx, ctx.actor.user_id)))
      return err(errors::approval_above_authority);
    MEDRISK_TRY(std::string to, next_state(c.state, approve ? "approve" : "reject"));
    std::string from = c.state;
    c.state = to;
    if (approve) {
      if (Money committed = c.paid_fen + in_flight(tx, c.id); amount < committed)
        return err(errors::decision_amount_below_paid, "paid or in flight " + committed.to_plain_string());
      c.decision->approved_by_user_id = ctx.actor.user_id;
      c.decision->decided_on = clock_.today().to_string();
      c.payable_fen = amount;
      c.payable_fixed_on = c.decision->decided_on;
      reserve_to_payable(tx, ctx, c);
    } else {
      c.decision.reset();
    }
    after_change(tx, ctx, c, approve ? "decision_approved" : "decision_rejected", from, {{"note", note}});
    return view_of(tx, c);
  });
}

}  // namespace medrisk::claims
