// HTTP routes of the reviews module: /reviews (write, list, read), /reviews/aspects,
// /reviews/aggregates, /reviews/{id}/moderation and /review-outreach (list, read, actions).
#pragma once

#include "kernel/clock.hpp"
#include "modules/reviews/api.hpp"
#include "platform/http/router.hpp"

namespace medrisk::reviews {

void add_routes(http::Router& router, ReviewsService& service, const Clock& clock);

}  // namespace medrisk::reviews
