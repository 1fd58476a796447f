// Pure insurance rules (see rules.hpp): product files, periods, pro-rata, funding and co-insurance
// splits (kernel split_largest_remainder, so the parts always add up), and the cover tests.
#include "modules/insurance/rules.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "modules/insurance/errors.hpp"
#include "modules/insurance/rating.hpp"

namespace medrisk::insurance {
namespace {

using nlohmann::json;


const json& term(const json& terms, const char* name) {
  if (!terms.contains(name) || !terms[name].is_object() || !terms[name].contains("value") ||
      !terms[name].contains("source"))
    throw std::runtime_error(std::string("product term without value and source: ") + name);
  return terms[name]["value"];
}

Money fen_term(const json& terms, const char* name) {
  return Money::from_fen(term(terms, name).get<std::int64_t>());
}

void check_product(const Product& p) {
  static const std::set<std::string> kinds = {"liability", "accident", "visit_policy", "surgical_accident",
                                              "maternity"};
  if (!kinds.contains(p.kind)) throw std::runtime_error("product " + p.code + ": unknown kind " + p.kind);
  if (p.trigger != "claims_made" && p.trigger != "occurrence")
    throw std::runtime_error("product " + p.code + ": trigger must be claims_made or occurrence");
  if (p.defence_costs != "inside_limit" && p.defence_costs != "outside_limit" && p.defence_costs != "not_covered")
    throw std::runtime_error("product " + p.code +
                             ": defence_costs must be inside_limit, outside_limit or not_covered");
  if (p.rated == p.premium_fen.has_value())
    throw std::runtime_error("product " + p.code + ": either rated or a fixed premium_fen");
  for (const auto& b : p.disability_benefits)
    if (b.disability_grade < 1 || b.disability_grade > 10 || b.share_bp < 0 || b.share_bp > kOne)
      throw std::runtime_error("product " + p.code + ": disability benefit out of range");
}

}  // namespace

Product product_from_json(const json& j) {
  Product p;
  p.code = j.at("code").get<std::string>();
  p.version = j.at("version").get<std::string>();
  p.kind = j.at("kind").get<std::string>();
  p.insured_party = j.at("insured_party").get<std::string>();
  p.name_zh = j.at("name_zh").get<std::string>();
  p.name_en = j.at("name_en").get<std::string>();
  p.source = j.at("source").get<std::string>();
  p.verified = j.value("verified", false);
  p.rated = j.value("rated", false);
  if (j.contains("premium_fen")) p.premium_fen = Money::from_fen(j["premium_fen"].get<std::int64_t>());
  p.term_days = j.value("term_days", 365);
  const json& t = j.at("terms");
  p.trigger = term(t, "trigger").get<std::string>();
  p.per_incident_limit_fen = fen_term(t, "per_incident_limit_fen");
  p.aggregate_limit_fen = fen_term(t, "aggregate_limit_fen");
  p.per_person_limit_fen = fen_term(t, "per_person_limit_fen");
  p.deductible_fen = fen_term(t, "deductible_fen");
  p.defence_costs = term(t, "defence_costs").get<std::string>();
  p.defence_costs_limit_fen = fen_term(t, "defence_costs_limit_fen");
  p.medical_costs_limit_fen = fen_term(t, "medical_costs_limit_fen");
  for (const auto& b : term(t, "disability_benefits"))
    p.disability_benefits.push_back({b.at("disability_grade").get<int>(), b.at("share_bp").get<std::int64_t>()});
  check_product(p);
  return p;
}

Result<Money> disability_benefit(const Product& p, int grade) {
  for (const auto& b : p.disability_benefits)
    if (b.disability_grade == grade) {
      auto m = p.per_person_limit_fen.mul_basis_points(b.share_bp, Rounding::down);
      if (!m.ok()) return err(errors::premium_overflow);
      return *m;
    }
  return err(errors::disability_grade_invalid, std::to_string(grade));
}

Date annual_period_end(Date start) {
  auto same_day = Date::from_ymd(start.year() + 1, start.month(), start.day());
  if (same_day.ok()) return same_day->add_days(-1);
  return Date::from_ymd(start.year() + 1, 3, 1)->add_days(-1);  // 29 Feb: through 28 Feb next year
}

Result<ProRata> pro_rata(Money annual, Date from, Date period_start, Date period_end, Rounding rounding) {
  if (from < period_start || from > period_end) return err(errors::policy_date_outside_period, from.to_string());
  ProRata r;
  r.period_days = (period_end - period_start) + 1;
  r.days = (period_end - from) + 1;
  auto amount = annual.mul_ratio(r.days, r.period_days, rounding);
  if (!amount.ok()) return err(errors::premium_overflow);
  r.amount_fen = *amount;
  return r;
}

Status check_period_start(Date period_start, Date today, std::int64_t grace_days) {
  if (period_start < today.add_days(-static_cast<std::int32_t>(grace_days)))
    return err(errors::period_start_before_issue_date, period_start.to_string());
  return {};
}

Result<Money> cancellation_refund(Money premium, const std::vector<Endorsement>& endorsements, Date effective,
                                  Date period_start, Date period_end) {
  if (effective < period_start || effective > period_end)
    return err(errors::policy_date_outside_period, effective.to_string());
  std::int64_t unexpired = (period_end - effective) + 1;
  Money issued = premium, refund;
  for (const auto& e : endorsements) {
    if (e.kind == "cancellation") continue;
    issued -= e.premium_delta_fen;
    if (e.days_charged <= 0) continue;
    auto layer = e.premium_delta_fen.mul_ratio(std::min(unexpired, e.days_charged), e.days_charged, Rounding::floor);
    if (!layer.ok()) return err(errors::premium_overflow);
    refund += *layer;
  }
  auto base = issued.mul_ratio(unexpired, (period_end - period_start) + 1, Rounding::floor);
  if (!base.ok()) return err(errors::premium_overflow);
  refund += *base;
  return std::clamp(refund, Money::zero(), std::max(premium, Money::zero()));
}

Result<std::vector<FundingShare>> split_funding(Money premium, const FundingShares& s) {
  if (s.state_bp < 0 || s.institution_bp < 0 || s.clinician_bp < 0 ||
      s.state_bp + s.institution_bp + s.clinician_bp != kOne)
    return err(errors::funding_shares_must_sum_to_10000);
  std::vector<std::int64_t> weights = {s.state_bp, s.institution_bp, s.clinician_bp};
  MEDRISK_TRY(auto parts, split_largest_remainder(premium, weights));
  return std::vector<FundingShare>{{"state", s.state_bp, parts[0]},
                                   {"institution", s.institution_bp, parts[1]},
                                   {"clinician", s.clinician_bp, parts[2]}};
}

Status check_pool(const std::vector<PoolMember>& members, std::int64_t issuer_org_id) {
  if (members.size() > kMaxCoinsurers) return err(errors::too_many_coinsurers);
  if (members.empty()) return err(errors::coinsurance_shares_must_sum_to_10000);
  if (members.front().insurer_org_id != issuer_org_id) return err(errors::coinsurance_lead_must_be_issuer);
  std::set<std::int64_t> seen;
  std::int64_t sum = 0;
  for (const auto& m : members) {
    if (m.share_bp <= 0) return err(errors::coinsurance_share_must_be_positive);
    if (!seen.insert(m.insurer_org_id).second) return err(errors::coinsurance_member_twice);
    sum += m.share_bp;
  }
  if (sum != kOne) return err(errors::coinsurance_shares_must_sum_to_10000, std::to_string(sum));
  return {};
}

Result<std::vector<CoinsuranceMember>> split_pool(Money premium, const std::vector<PoolMember>& members) {
  std::vector<std::int64_t> weights;
  weights.reserve(members.size());
  for (const auto& m : members) weights.push_back(m.share_bp);
  MEDRISK_TRY(auto parts, split_largest_remainder(premium, weights));
  std::vector<CoinsuranceMember> out;
  out.reserve(members.size());
  for (std::size_t i = 0; i < members.size(); ++i)
    out.push_back({members[i].insurer_org_id, i == 0 ? "lead" : "follower", members[i].share_bp, parts[i]});
  return out;
}

Result<RefundSplit> refund_split(const Policy& p) {
  RefundSplit out;
  FundingShares shares;
  for (const auto& f : p.funding_split) {
    if (f.payer == "state") shares.state_bp = f.share_bp;
    if (f.payer == "institution") shares.institution_bp = f.share_bp;
    if (f.payer == "clinician") shares.clinician_bp = f.share_bp;
  }
  std::vector<PoolMember> pool;
  pool.reserve(p.coinsurance_pool.size());
  for (const auto& m : p.coinsurance_pool) pool.push_back({m.insurer_org_id, m.share_bp});
  MEDRISK_TRY(out.funding, split_funding(p.refund_fen, shares));
  MEDRISK_TRY(out.coinsurance, split_pool(p.refund_fen, pool));
  return out;
}

bool clinician_covered_on(const Policy& p, std::int64_t user_id, Date on) {
  return std::any_of(p.clinicians.begin(), p.clinicians.end(), [&](const NamedClinician& c) {
    return c.user_id == user_id && c.added_on <= on && (!c.removed_on || on < *c.removed_on);
  });
}

bool in_force_on(const Policy& p, Date on) {
  if (on < p.period_start || on > p.period_end) return false;
  return !(p.cancelled_on && on >= *p.cancelled_on);
}

std::string status_on(const Policy& p, Date on) {
  if (p.cancelled_on && on >= *p.cancelled_on) return "cancelled";
  if (on < p.period_start) return "not_yet_in_force";
  if (on > p.period_end) return "expired";
  return "in_force";
}

std::string_view to_string(Cover c) {
  switch (c) {
    case Cover::responds:
      return "responds";
    case Cover::notice_before_incident:
      return "notice_before_incident";
    case Cover::cancelled:
      return "cancelled";
    case Cover::outside_period:
      return "outside_period";
    case Cover::before_retroactive_date:
      return "before_retroactive_date";
    case Cover::clinician_not_named:
      return "clinician_not_named";
  }
  return "unknown";
}

Cover cover_for(const PolicyInForce& p, std::optional<std::int64_t> clinician, Date incident, Date notice) {
  if (notice < incident) return Cover::notice_before_incident;
  bool claims_made = p.trigger != "occurrence";
  Date trigger_day = claims_made ? notice : incident;
  if (p.cancelled_on && trigger_day >= *p.cancelled_on) return Cover::cancelled;
  if (trigger_day < p.period_start || trigger_day > p.period_end) return Cover::outside_period;
  if (claims_made && incident < p.retroactive_date.value_or(p.period_start)) return Cover::before_retroactive_date;
  if (clinician && *clinician != 0) {
    bool named = std::any_of(p.clinicians.begin(), p.clinicians.end(), [&](const NamedClinician& c) {
      if (c.user_id != *clinician || c.added_on > trigger_day || (c.removed_on && trigger_day >= *c.removed_on))
        return false;
      return !claims_made || c.added_on <= p.period_start || incident >= c.added_on;
    });
    if (!named) return Cover::clinician_not_named;
  }
  return Cover::responds;
}

bool responds_to(const Policy& p, Date incident, Date notice) {
  return cover_for(in_force(p), std::nullopt, incident, notice) == Cover::responds;
}

PolicyInForce in_force(const Policy& p) {
  return PolicyInForce{p.id,
                       p.policy_number,
                       p.product_code,
                       p.kind,
                       p.trigger,
                       p.insured_org_id,
                       p.insurer_org_id,
                       p.period_start,
                       p.period_end,
                       p.retroactive_date,
                       p.per_incident_limit_fen,
                       p.aggregate_limit_fen,
                       p.deductible_fen,
                       p.coinsurance_pool,
                       p.cancelled_on,
                       p.clinicians};
}

}  // namespace medrisk::insurance
