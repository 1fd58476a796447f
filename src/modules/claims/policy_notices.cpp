// See policy_notices.hpp.
#include "modules/claims/policy_notices.hpp"

#include "modules/claims/store.hpp"

namespace medrisk::claims {

std::optional<Date> PolicyClaimNotices::latest_notice(db::Tx& tx, std::int64_t policy_id) {
  std::optional<Date> latest;
  for (const auto& c : store::claims_of_policy(tx, store::PolicyTable::term, policy_id))
    if (!latest || c.notice_date > *latest) latest = c.notice_date;
  return latest;
}

}  // namespace medrisk::claims
