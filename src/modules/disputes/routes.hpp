// HTTP routes of the disputes module: /complaints, /cases and the case's transitions, events,
// record events, materials and attachments, consent grants, mediation sessions and agreement.
#pragma once

#include "modules/disputes/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::disputes {

void add_routes(http::Router& router, DisputesService& service, const Clock& clock);

}  // namespace medrisk::disputes
