// Demo incidents (`medrisk serve --demo`): invented reports of the demo hospitals over three years.
#pragma once

#include <functional>
#include <memory>

#include "modules/incidents/api.hpp"

namespace medrisk::incidents {

// `make_service(clock)` builds a service on another clock (the demo back-dates reports and their history).
void seed_demo_incidents(const modules::DemoDirectory& dir, const Clock& clock, disputes::DisputesService& disputes,
                         const std::function<std::unique_ptr<IncidentService>(const Clock&)>& make_service);

}  // namespace medrisk::incidents
