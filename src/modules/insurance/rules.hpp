// Pure insurance rules: product files, policy periods, day-based pro-rata premiums, tri-party funding
// and co-insurance splits that always add up to the fen, and whether a policy covers a date or an
// incident (occurrence vs claims-made with a retroactive date). No I/O; parameters come in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/date.hpp"
#include "kernel/money.hpp"
#include "kernel/result.hpp"
#include "modules/insurance/model.hpp"

namespace medrisk::insurance {

inline constexpr std::size_t kMaxCoinsurers = 10;  // lead + followers in one pool

// ---- products ----
Product product_from_json(const nlohmann::json& j);  // throws std::runtime_error naming the defect
// Benefit for a disability grade: sum insured × the grade's share, rounded down to the fen.
Result<Money> disability_benefit(const Product& p, int disability_grade);

// ---- periods and pro-rata ----
// One year of cover from `start`: the day before the same date next year (29 Feb → 28 Feb).
Date annual_period_end(Date start);
// `annual` × days from `from` to `period_end` (inclusive) ÷ days in the period, rounded as told.
// `from` outside the period is policy_date_outside_period.
struct ProRata {
  Money amount_fen;
  std::int64_t days = 0;
  std::int64_t period_days = 0;
};
Result<ProRata> pro_rata(Money annual, Date from, Date period_start, Date period_end, Rounding rounding);
// Cover starts no earlier than `grace_days` before the day it is quoted or bound (`today`): no
// backdated policies (data/rating backdating_grace). period_start_before_issue_date otherwise.
Status check_period_start(Date period_start, Date today, std::int64_t grace_days);
// The refund of a policy cancelled from `effective` (the first day without cover): each premium layer
// is refunded for its own unexpired days — the premium charged at issue over the whole period, and
// each endorsement's pro-rata delta over the days it was charged for (from its effective date) —
// each layer rounded toward negative infinity, so the refund never exceeds the unexpired premium.
// `endorsements` are the policy's add/remove endorsements; `premium` is the current premium (issue
// premium + every delta).
Result<Money> cancellation_refund(Money premium, const std::vector<Endorsement>& endorsements, Date effective,
                                  Date period_start, Date period_end);

// ---- tri-party funding (三方筹资: state / institution / clinician) ----
struct FundingShares {
  std::int64_t state_bp = 0, institution_bp = 0, clinician_bp = 0;
};
Result<std::vector<FundingShare>> split_funding(Money premium, const FundingShares& shares);

// ---- co-insurance pool (共保体) ----
struct PoolMember {
  std::int64_t insurer_org_id = 0;
  std::int64_t share_bp = 0;
};
// The first member is the lead, who must be `issuer_org_id`; shares positive, distinct insurers, at
// most kMaxCoinsurers, summing to 10,000.
Status check_pool(const std::vector<PoolMember>& members, std::int64_t issuer_org_id);
Result<std::vector<CoinsuranceMember>> split_pool(Money premium, const std::vector<PoolMember>& members);

// The refund of a cancelled policy, split like its premium: by funding payer (each gets back its
// share) and by co-insurer (each returns its share), both adding up to the refund to the fen.
struct RefundSplit {
  std::vector<FundingShare> funding;
  std::vector<CoinsuranceMember> coinsurance;
};
Result<RefundSplit> refund_split(const Policy& p);

// ---- cover ----
// Is a clinician named on the policy and not removed on `on`?
bool clinician_covered_on(const Policy& p, std::int64_t clinician_user_id, Date on);
// The policy gives cover on `on`: issued, inside the period, and not cancelled before that day.
bool in_force_on(const Policy& p, Date on);
// in_force, not_yet_in_force, expired, cancelled.
std::string status_on(const Policy& p, Date on);
// What other modules learn about a policy that covers an incident (its cover, trigger, pool,
// cancellation date and named clinicians).
PolicyInForce in_force(const Policy& p);

// THE coverage rule — the one place that says whether a policy responds to an incident (claims and
// the disputes policy look-up both ask it). The trigger day is the incident day (occurrence, B款
// 事故发生制) or the first notice day (claims-made, A款 索赔发生制; 中国保险行业协会 model clauses).
//  - notice before incident: never;
//  - cancelled: the trigger day is on or after `cancelled_on` (the first day without cover, so an
//    incident on the cancellation day is not covered);
//  - outside_period: the trigger day is before the period (not yet in force) or after it (lapsed,
//    expired without renewal);
//  - before_retroactive_date (claims-made): the incident is before the retroactive date (the period
//    start when there is none);
//  - clinician_not_named: a clinician is given and is not named on the trigger day, or (claims-made)
//    was added by an endorsement after the incident — the endorsement covers incidents from its
//    effective date, the retroactive date applies to the clinicians named from the start.
enum class Cover {
  responds,
  notice_before_incident,
  cancelled,
  outside_period,
  before_retroactive_date,
  clinician_not_named
};
std::string_view to_string(Cover c);
Cover cover_for(const PolicyInForce& p, std::optional<std::int64_t> clinician_user_id, Date incident, Date notice);
// cover_for(in_force(p), no clinician, …) == Cover::responds.
bool responds_to(const Policy& p, Date incident, Date notice);

}  // namespace medrisk::insurance
