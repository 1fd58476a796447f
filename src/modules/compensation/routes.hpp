// HTTP routes of the compensation module: /api/v1/compensation/parameters, /calculate (pure) and
// /calculations (saved against a dispute case).
#pragma once

#include "kernel/clock.hpp"
#include "modules/compensation/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::compensation {

void add_routes(http::Router& router, CompensationService& service, const Clock& clock);

}  // namespace medrisk::compensation
