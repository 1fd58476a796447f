// HTTP routes of per-visit micro-policies: the signed partner endpoints (POST /visit-policies and
// /visit-policies/batch), the session-authenticated list, and the administrator's partner keys.
#pragma once

#include "kernel/clock.hpp"
#include "modules/insurance/visit_api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::insurance {

void add_visit_routes(http::Router& router, VisitPolicyService& service, const Clock& clock);

}  // namespace medrisk::insurance
