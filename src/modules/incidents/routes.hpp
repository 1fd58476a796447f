// HTTP routes of the incidents module (/api/v1/incidents…), over IncidentService.
#pragma once

#include "kernel/clock.hpp"
#include "modules/incidents/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::incidents {

void add_routes(http::Router& router, IncidentService& service, const Clock& clock);

}  // namespace medrisk::incidents
