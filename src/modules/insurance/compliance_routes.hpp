// HTTP route of compulsory-cover compliance: GET /api/v1/compliance (regulator: its region;
// medical officer: own institution), filterable by institution and status.
#pragma once

#include "kernel/clock.hpp"
#include "modules/insurance/compliance_api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::insurance {

void add_compliance_routes(http::Router& router, ComplianceService& service, const Clock& clock);

}  // namespace medrisk::insurance
