// HTTP routes of the risk module (/api/v1/risk/…), over RiskService.
#pragma once

#include "kernel/clock.hpp"
#include "modules/risk/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::risk {

void add_routes(http::Router& router, RiskService& service, const Clock& clock);

}  // namespace medrisk::risk
