// HTTP routes of the insurance module's first part: /products, /quotes, /policies (with endorsements,
// cancellation, renewal) and the public /certificates/{code} check.
#pragma once

#include "kernel/clock.hpp"
#include "modules/insurance/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::insurance {

void add_routes(http::Router& router, InsuranceService& service, const Clock& clock);

}  // namespace medrisk::insurance
