// HTTP routes of the consent module: /consents (the patient's grants, grant, revoke),
// /consent/access-log (who read the patient's data), /consent/purposes and /consent/parties (the form).
#pragma once

#include "kernel/clock.hpp"
#include "modules/consent/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::consent {

void add_routes(http::Router& router, ConsentService& service, const Clock& clock);

}  // namespace medrisk::consent
