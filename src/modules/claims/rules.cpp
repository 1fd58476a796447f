// Claims rules (see rules.hpp). Legal figures come from data/deadlines/claims.json, reason codes and
// the default authority from data/claims/; nothing here reads a file or the clock.
#include "modules/claims/rules.hpp"

#include "kernel/assert.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "modules/claims/errors.hpp"

namespace medrisk::claims {
namespace {

using nlohmann::json;


Result<int> days_of(const json& deadlines, const char* id) {
  const json* d = deadlines.contains(id) ? &deadlines.at(id) : nullptr;
  if (!d || !d->is_object() || !d->contains("value") || !d->at("value").is_number_integer() ||
      d->at("value").get<int>() <= 0 || d->value("unit", "") != "days" || d->value("source", "").empty())
    return err(errors::claims_parameters_invalid, std::string("deadline ") + id);
  return d->at("value").get<int>();
}

struct Transition {
  const char* action;
  std::vector<const char*> from;
  const char* to;
};

const std::vector<Transition>& transitions() {
  static const std::vector<Transition> t = {
      {"materials_complete", {"open"}, "assessing"},
      {"decide_approve", {"assessing"}, "approved"},
      {"decide_above_authority", {"assessing"}, "awaiting_approval"},
      {"decide_deny", {"assessing", "awaiting_approval"}, "denied"},
      {"approve", {"awaiting_approval"}, "approved"},
      {"reject", {"awaiting_approval"}, "assessing"},
      {"pay_all", {"approved"}, "paid"},
      {"withdraw", {"open", "assessing"}, "withdrawn"},
  };
  return t;
}

std::optional<Date> parse_opt(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  auto d = Date::parse(s->substr(0, 10));
  return d.ok() ? std::optional<Date>(*d) : std::nullopt;
}

}  // namespace

Result<ClaimsParams> params_from_json(const json& deadlines, const json& reasons, const json& authority) {
  ClaimsParams p;
  if (!deadlines.is_object() || !deadlines.contains("deadlines"))
    return err(errors::claims_parameters_invalid, "deadlines");
  const json& d = deadlines.at("deadlines");
  p.version = deadlines.value("version", "");
  MEDRISK_TRY(p.decision_days, days_of(d, "insurer_decision"));
  MEDRISK_TRY(p.payment_days, days_of(d, "insurer_payment_after_agreement"));
  MEDRISK_TRY(p.refusal_notice_days, days_of(d, "insurer_refusal_notice"));
  MEDRISK_TRY(p.advance_payment_days, days_of(d, "insurer_advance_payment"));
  if (!reasons.is_object() || !reasons.contains("reasons") || !reasons.at("reasons").is_object())
    return err(errors::claims_parameters_invalid, "reasons");
  for (const auto& [code, r] : reasons.at("reasons").items()) {
    std::string outcome = r.value("outcome", "");
    if (outcome != "deny" && outcome != "partial") return err(errors::claims_parameters_invalid, "reason " + code);
    p.reasons[code] = {code, outcome, r.value("zh-CN", ""), r.value("en-US", "")};
  }
  if (!authority.is_object() || !authority.contains("default_fen") ||
      !authority.at("default_fen").is_number_integer() || authority.at("default_fen").get<std::int64_t>() <= 0 ||
      authority.value("source", "").empty())
    return err(errors::claims_parameters_invalid, "authority");
  p.default_authority_fen = Money::from_fen(authority.at("default_fen").get<std::int64_t>());
  return p;
}

Date roll_forward(const WorkingCalendar& calendar, Date last_day) {
  Date d = last_day;
  for (int i = 0; i < 60 && !calendar.is_working_day(d); ++i) d = d.add_days(1);
  return d;
}

Date due_after_days(const WorkingCalendar& calendar, Date from, int days) {
  return roll_forward(calendar, from.add_days(days));
}

ClockFacts clock_facts(const Claim& c, std::optional<Date> first_advance_on) {
  ClockFacts f;
  f.state = c.state;
  f.materials_complete_on = parse_opt(c.materials_complete_on);
  if (c.decision && (c.state != "awaiting_approval")) {
    f.decided_on = parse_opt(c.decision->decided_on);
    f.outcome = c.decision->outcome;
  }
  f.payable_fixed_on = parse_opt(c.payable_fixed_on);
  f.paid_on = parse_opt(c.paid_on);
  f.first_advance_on = first_advance_on;
  return f;
}

std::vector<DeadlineView> claim_deadlines(const WorkingCalendar& cal, const ClaimsParams& p, const ClockFacts& f,
                                          Date today) {
  std::vector<DeadlineView> out;
  auto add = [&](const char* id, Date due, std::optional<Date> met, bool running) {
    DeadlineView v{id, due.to_string(), false, std::nullopt};
    if (met) v.met_on = met->to_string();
    v.calendar_uncovered = cal.uncovered(due);
    v.overdue = !met && running && today > due;
    out.push_back(std::move(v));
  };
  bool live = f.state != "withdrawn";
  if (f.materials_complete_on) {
    // Art. 23: decide within 30 days of complete materials; art. 25: pay the determinable part in advance
    // when the amount is still not set after 60 days.
    add("insurer_decision", due_after_days(cal, *f.materials_complete_on, p.decision_days), f.decided_on, live);
    std::optional<Date> advance_met = f.decided_on;
    if (f.first_advance_on && (!advance_met || *f.first_advance_on < *advance_met)) advance_met = f.first_advance_on;
    add("insurer_advance_payment", due_after_days(cal, *f.materials_complete_on, p.advance_payment_days), advance_met,
        live);
  }
  if (f.payable_fixed_on)
    add("insurer_payment_after_agreement", due_after_days(cal, *f.payable_fixed_on, p.payment_days), f.paid_on, live);
  if (f.outcome && *f.outcome == "deny" && f.decided_on)
    // Art. 24: the refusal notice goes out within 3 days; the platform sends it with the decision.
    add("insurer_refusal_notice", due_after_days(cal, *f.decided_on, p.refusal_notice_days), f.decided_on, live);
  return out;
}

const std::vector<std::string>& claim_states() {
  static const std::vector<std::string> v = {"open",     "assessing", "awaiting_approval", "approved",
                                             "paid",     "denied",    "withdrawn"};
  return v;
}

bool is_open_state(const std::string& s) {
  return s == "open" || s == "assessing" || s == "awaiting_approval" || s == "approved";
}

Result<std::string> next_state(const std::string& state, const std::string& action) {
  for (const auto& t : transitions()) {
    if (action != t.action) continue;
    for (const char* from : t.from)
      if (state == from) return std::string(t.to);
    return err(errors::claim_action_not_allowed_in_state, action + " from " + state);
  }
  return err(errors::claim_action_not_allowed_in_state, "unknown action " + action);
}

Money consumed_by(const Claim& c) {
  if (c.state == "withdrawn" || c.state == "denied") return c.paid_fen;
  if (c.payable_fen && (c.state == "approved" || c.state == "paid")) return std::max(*c.payable_fen, c.paid_fen);
  return c.paid_fen + c.outstanding_fen;
}

Money remaining_limit(Money per_incident, Money aggregate, Money others, Money paid) {
  Money r = Money::max();
  if (!per_incident.is_zero()) r = std::min(r, per_incident - paid);
  if (!aggregate.is_zero()) r = std::min(r, aggregate - others - paid);
  return std::max(r, Money::zero());
}

Status check_reserve(Money amount, Money remaining, Money in_flight) {
  if (amount.is_negative()) return err(errors::reserve_amount_negative);
  if (amount > remaining) return err(errors::reserve_above_remaining_limit, "remaining " + remaining.to_plain_string());
  if (amount < in_flight) return err(errors::reserve_below_payments_in_flight);
  return {};
}

Money reserve_ceiling(Money remaining, std::optional<Money> payable, Money paid) {
  if (payable) remaining = std::min(remaining, std::max(Money::zero(), *payable - paid));
  return remaining;
}

Status check_claim_money(const Claim& c, Money in_flight) {
  auto broken = [](std::string what) { return err(errors::claim_money_invariant_broken, std::move(what)); };
  if (c.paid_fen.is_negative() || c.outstanding_fen.is_negative() || in_flight.is_negative())
    return broken("negative amount");
  bool limited = !c.per_incident_limit_fen.is_zero();
  if (c.payable_fen) {
    if (c.paid_fen + in_flight > *c.payable_fen) return broken("paid + in flight above payable");
    if (limited && *c.payable_fen > c.per_incident_limit_fen) return broken("payable above the per-incident limit");
    if (c.paid_fen + c.outstanding_fen > *c.payable_fen) return broken("reserve above the remaining payable");
  } else if (limited && c.paid_fen + c.outstanding_fen > c.per_incident_limit_fen) {
    return broken("paid + reserve above the per-incident limit");
  }
  return {};
}

Status check_split(bool any_payment, const std::vector<ClaimShare>& shares) {
  if (any_payment) return err(errors::reserve_split_locked_after_payment);
  std::int64_t total = 0;
  for (const auto& s : shares) {
    if (s.share_bp <= 0) return err(errors::reserve_split_must_add_up);
    total += s.share_bp;
  }
  if (total != 10000) return err(errors::reserve_split_must_add_up);
  return {};
}

Result<std::vector<Money>> split_by_shares(Money amount, const std::vector<ClaimShare>& shares) {
  std::vector<std::int64_t> weights;
  std::int64_t total_bp = 0;
  for (const auto& s : shares) weights.push_back(s.share_bp), total_bp += s.share_bp;
  // check_split refuses any other split before it is stored; a stored one that does not add up is a bug.
  MEDRISK_ASSERT(total_bp == 10000, "co-insurer shares sum to 10,000 bp");
  return split_largest_remainder(amount, weights);
}

Status check_reason_codes(const ClaimsParams& p, const std::string& outcome, const std::vector<std::string>& codes) {
  if (outcome != "approve" && codes.empty()) return err(errors::decision_reason_required);
  for (const auto& c : codes) {
    auto it = p.reasons.find(c);
    if (it == p.reasons.end() || (outcome != "approve" && it->second.outcome != outcome))
      return err(errors::decision_reason_code_unknown, c);
  }
  return {};
}

bool above_authority(Money amount, Money limit) {
  return amount > limit;
}

Status check_payment(const PaymentFacts& f, const std::string& kind, Money amount) {
  if (amount <= Money::zero()) return err(errors::payment_amount_not_positive);
  if (kind == "final") {
    if (f.state != "approved" || !f.payable)
      return err(errors::payment_kind_not_allowed_in_state, kind + " in " + f.state);
    if (amount + f.paid + f.in_flight > *f.payable) return err(errors::payment_above_amount_owed);
  } else {
    // Art. 25: the determinable part (the outstanding reserve) in advance, before the decision.
    if (f.state != "assessing" || !f.materials_complete)
      return err(errors::payment_kind_not_allowed_in_state, kind + " in " + f.state);
  }
  if (amount + f.in_flight > f.outstanding) return err(errors::payment_above_outstanding_reserve);
  return {};
}

std::string request_canonical(std::int64_t claim_id, const NewPayment& p, const std::string& payee) {
  json canonical = {
      {"claim_id", claim_id},       {"kind", p.kind},         {"amount_fen", p.amount_fen.fen()}, {"payee", payee},
      {"holder", p.account.holder}, {"bank", p.account.bank}, {"number", p.account.number}};
  return canonical.dump();  // nlohmann sorts keys: one text per request
}

std::string mask_account(const std::string& number) {
  std::string digits;
  for (char c : number)
    if (c >= '0' && c <= '9') digits += c;
  return "**** " + (digits.size() > 4 ? digits.substr(digits.size() - 4) : digits);
}

std::string payment_reference(std::int64_t id, int attempt) {
  return "PAY-" + std::to_string(id) + "-" + std::to_string(attempt);
}

bool ledger_balanced(const std::vector<LedgerAccount>& accounts) {
  Money d, c;
  for (const auto& a : accounts) {
    if (a.debit_fen.is_negative() || a.credit_fen.is_negative()) return false;
    d += a.debit_fen;
    c += a.credit_fen;
  }
  return d == c;
}

}  // namespace medrisk::claims
