// The appraisal module's demo data (internal; `medrisk serve --demo`, seeded once after the modules before it).
#pragma once

#include "modules/appraisal/api.hpp"

namespace medrisk::appraisal {

void seed_demo_appraisal(AppraisalService& service, const modules::DemoDirectory& dir, const Clock& clock);

}  // namespace medrisk::appraisal
