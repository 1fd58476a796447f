// The reviews module's demo data (internal; `medrisk serve --demo`, seeded once after disputes).
#pragma once

#include "modules/disputes/api.hpp"
#include "modules/insurance/api.hpp"
#include "modules/reviews/api.hpp"

namespace medrisk::reviews {

void seed_demo_reviews(ReviewsService& service, insurance::VisitPolicyService& visits,
                       disputes::DisputesService& disputes, const modules::DemoDirectory& dir, const Clock& clock);

}  // namespace medrisk::reviews
