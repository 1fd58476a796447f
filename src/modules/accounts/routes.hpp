// HTTP routes of the accounts module: /auth/*, /me, /organizations, /users, and the user's
// notification inbox and the audit log (which every module writes and admins and regulators read).
#pragma once

#include "modules/accounts/service.hpp"
#include "platform/db/database.hpp"
#include "platform/http/router.hpp"

namespace medrisk::accounts {

inline constexpr std::string_view kSessionCookie = "medrisk_session";

// The session token of a request: `Authorization: Bearer …` or the medrisk_session cookie.
std::string session_token(const http::Request& req);

// Turns a request into the service's context (actor, request id, language, clock).
RequestContext context_of(const http::Request& req, const Clock& clock);

void add_routes(http::Router& router, AccountsService& service, db::Database& db, const Clock& clock,
                DemoLogCodeSender* demo_sender);

}  // namespace medrisk::accounts
