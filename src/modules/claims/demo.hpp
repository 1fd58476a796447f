// The claims module's demo data (internal; `medrisk serve --demo`, seeded once after the modules before it).
#pragma once

#include <functional>
#include <memory>

#include "modules/claims/api.hpp"

namespace medrisk::claims {

// Builds a claims service like the server's on another clock (the demo's overdue claim is handled on a day
// in the past).
using ClaimsServiceAt = std::function<std::unique_ptr<ClaimsService>(const Clock&)>;
// Claims at every stage (after disputes and compensation) and the demo adjusters' payment authority;
// `bank_dir` is the bank-file channel's folder (the demo plays the bank for two of the payments).
void seed_demo_claims(ClaimsService& claims, insurance::InsuranceService& insurance,
                      disputes::DisputesService& disputes, const modules::DemoDirectory& dir, const Clock& clock,
                      const ClaimsServiceAt& claims_at, const std::filesystem::path& bank_dir);

}  // namespace medrisk::claims
