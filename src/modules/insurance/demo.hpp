// The insurance module's demo data (internal; `medrisk serve --demo`, seeded once after the modules before it).
#pragma once

#include "modules/insurance/api.hpp"

namespace medrisk::insurance {

void seed_demo_insurance(InsuranceService& service, const modules::DemoDirectory& dir, const Clock& clock);
// Visit policies of the demo patient, a partner key for hospital1, clinician risk classes, a compliance check.
void seed_demo_insurance_visit(VisitPolicyService& visits, ComplianceService& compliance,
                               const modules::DemoDirectory& dir, const Clock& clock);

}  // namespace medrisk::insurance
