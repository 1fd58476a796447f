// Who is assigned to and told about a case (internal to disputes): the accounts directory's members
// of an organization, balanced by their open cases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/accounts/api.hpp"
#include "platform/db/database.hpp"

namespace medrisk::disputes {

inline constexpr int kMaxNotifiedOfficers = 20;

// The active member of `org_id` with `role` who has the fewest open cases in `column`
// (mediator_user_id, adjuster_user_id, lawyer_user_id); ties to the lowest id.
std::optional<std::int64_t> pick_member(db::Tx& tx, std::int64_t org_id, accounts::Role role,
                                        const std::string& column);
// The institution's medical officers (at most kMaxNotifiedOfficers).
std::vector<std::int64_t> officers_of(db::Tx& tx, std::int64_t institution_org_id);

}  // namespace medrisk::disputes
