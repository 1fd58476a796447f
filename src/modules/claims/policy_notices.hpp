// The claims side of insurance's ClaimNotices port: the latest first-notice date of any claim (in any
// state: a withdrawn or denied claim was still notified) on a term policy. Wired in src/app so that
// a cancellation never takes effect on or before a claim's notice (issue 18).
#pragma once

#include "modules/insurance/api.hpp"

namespace medrisk::claims {

class PolicyClaimNotices final : public insurance::ClaimNotices {
 public:
  std::optional<Date> latest_notice(db::Tx& tx, std::int64_t policy_id) override;
};

}  // namespace medrisk::claims
