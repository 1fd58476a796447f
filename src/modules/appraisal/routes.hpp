// HTTP routes of the appraisal module: /experts, /panels (draws, declines, opinions), /opinions and
// /delphi-rounds (open, answer, close).
#pragma once

#include "kernel/clock.hpp"
#include "modules/appraisal/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::appraisal {

void add_routes(http::Router& router, AppraisalService& service, const Clock& clock);

}  // namespace medrisk::appraisal
