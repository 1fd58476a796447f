// Demo witness records for `medrisk serve --demo` (fictitious people, deterministic content).
#pragma once

#include "modules/accounts/api.hpp"
#include "modules/witnessing/api.hpp"

namespace medrisk::witnessing {

void seed_demo_witnessing(WitnessingService& service, accounts::AccountsService& accounts,
                          modules::DemoDirectory& dir, const Clock& clock);

}  // namespace medrisk::witnessing
