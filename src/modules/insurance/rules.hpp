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
// Does the policy respond to an incident on `incident` first notified on `notice`? Occurrence: the
// incident falls in the period. Claims-made: the notice falls in the period and the incident is on
// or after the retroactive date (中国保险行业协会 model clauses A款 索赔发生制 / B款 事故发生制).
bool responds_to(const Policy& p, Date incident, Date notice);
// What other modules learn about a policy that covers an incident (its cover, trigger and pool).
PolicyInForce in_force(const Policy& p);

}  // namespace medrisk::insurance
