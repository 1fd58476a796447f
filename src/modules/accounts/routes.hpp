// HTTP routes of the accounts module: /auth/*, /me, /organizations, /users, and the user's
// notification inbox and the audit log (which every module writes and admins and regulators read).
#pragma once

#include "modules/accounts/api.hpp"
#include "platform/db/database.hpp"
#include "platform/http/router.hpp"

namespace medrisk::accounts {

inline constexpr std::string_view kSessionCookie = "medrisk_session";

void add_routes(http::Router& router, AccountsService& service, db::Database& db, const Clock& clock,
                DemoLogCodeSender* demo_sender);
// /representations (representation.cpp).
void add_representation_routes(http::Router& router, RepresentationService& service, const Clock& clock);

}  // namespace medrisk::accounts
