// The compensation module's demo data (internal; `medrisk serve --demo`, seeded once after the modules before it).
#pragma once

#include "modules/compensation/api.hpp"

namespace medrisk::compensation {

void seed_demo_compensation(CompensationService& service, const modules::DemoDirectory& dir, const Clock& clock);

}  // namespace medrisk::compensation
