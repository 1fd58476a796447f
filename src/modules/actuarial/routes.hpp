// HTTP routes of the actuarial module under /api/v1/actuarial/: reserving, aggregate loss, the
// reference datasets and the platform's own triangle (README.md lists the bodies and answers).
#pragma once

#include "kernel/clock.hpp"
#include "modules/actuarial/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::actuarial {

void add_routes(http::Router& router, ActuarialService& service, const Clock& clock);

}  // namespace medrisk::actuarial
