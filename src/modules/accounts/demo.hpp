// The accounts module's demo data (internal): the demo province's organizations and one account per role.
#pragma once

#include "modules/accounts/api.hpp"

namespace medrisk::accounts {

// Seeds the demo province once into `dir`; false when the database was already seeded.
bool seed_demo(AccountsService& accounts, db::Database& db, modules::DemoDirectory& dir);
// The demo patient 郑晓禾 is the guardian (parent) of the minor demo patient `patient_minor` (郑小满).
void seed_demo_representation(RepresentationService& service, const modules::DemoDirectory& dir, const Clock& clock);

}  // namespace medrisk::accounts
