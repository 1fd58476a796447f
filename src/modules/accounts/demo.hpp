// The accounts module's demo data (internal): the demo province's organizations and one account per role.
#pragma once

#include "modules/accounts/api.hpp"

namespace medrisk::accounts {

// Seeds the demo province once into `dir`; false when the database was already seeded.
bool seed_demo(AccountsService& accounts, db::Database& db, modules::DemoDirectory& dir);

}  // namespace medrisk::accounts
