// HTTP routes of the claims module (/api/v1/claims…), over ClaimsService.
#pragma once

#include "kernel/clock.hpp"
#include "modules/claims/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::claims {

void add_routes(http::Router& router, ClaimsService& service, const Clock& clock);

}  // namespace medrisk::claims
