// The consent module's demo data (internal; `medrisk serve --demo`, seeded once after accounts).
#pragma once

#include "modules/consent/api.hpp"

namespace medrisk::consent {

void seed_demo_consent(ConsentService& service, db::Database& db, const modules::DemoDirectory& dir, const Clock& clock);

}  // namespace medrisk::consent
