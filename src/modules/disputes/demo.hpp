// The disputes module's demo data (internal; `medrisk serve --demo`, seeded once after the modules before it).
#pragma once

#include "modules/disputes/api.hpp"

namespace medrisk::disputes {

void seed_demo_disputes(DisputesService& s, const modules::DemoDirectory& dir, const Clock& clock);  // after insurance

}  // namespace medrisk::disputes
