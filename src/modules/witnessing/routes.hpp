// HTTP routes of the witnessing module (README.md lists them).
#pragma once

#include "modules/witnessing/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::witnessing {

void add_routes(http::Router& router, WitnessingService& service, const Clock& clock);

}  // namespace medrisk::witnessing
