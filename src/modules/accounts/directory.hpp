// The accounts directory: what other modules may know of organizations, users and roles, read in the
// caller's transaction (one snapshot, one connection). No module but accounts names the accounts
// tables (scripts/check-layers.sh); they ask here. Part of accounts' api.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/id.hpp"
#include "modules/accounts/model.hpp"
#include "platform/db/database.hpp"

namespace medrisk::accounts {

struct UserTag;
struct OrganizationTag;
using UserId = Id<UserTag>;
using OrganizationId = Id<OrganizationTag>;

// The roles of DESIGN.md §1 (accounts/rules.cpp all_roles() holds the same list as text).
enum class Role {
  platform_admin,
  medical_officer,
  clinician,
  patient,
  underwriter,
  adjuster,
  actuary,
  mediator,
  lawyer,
  expert,
  regulator,
};
std::string_view to_string(Role r);
std::optional<Role> role_from_string(std::string_view text);

enum class OrganizationKind {
  platform,
  medical_institution,
  insurer,
  mediation_committee,
  legal_aid,
  appraisal_pool,
  regulator,
};
std::string_view to_string(OrganizationKind k);
std::optional<OrganizationKind> organization_kind_from_string(std::string_view text);

namespace directory {

inline constexpr int kMaxMembers = 500;  // the most users one look-up returns

std::optional<Organization> organization(db::Tx& tx, OrganizationId id);
// Names by id for display (ids that do not exist are absent from the map).
std::map<std::int64_t, std::string> organization_names(db::Tx& tx, const std::vector<std::int64_t>& ids);
// Organizations of one kind, by id, after `after_id`, at most `limit`.
std::vector<Organization> organizations_of_kind(db::Tx& tx, OrganizationKind kind, std::int64_t after_id, int limit);
// The organization of `kind` serving `region_code` (GB/T 2260): the same region's first, else the
// same province's (first two digits); nullopt when the province has none.
std::optional<std::int64_t> serving_organization(db::Tx& tx, OrganizationKind kind, const std::string& region_code);

std::optional<User> user(db::Tx& tx, UserId id);  // with roles
std::map<std::int64_t, std::string> display_names(db::Tx& tx, const std::vector<std::int64_t>& ids);
bool has_role(db::Tx& tx, UserId id, Role role);
// Active members of an organization with a role, by id (at most `limit`, ≤ kMaxMembers).
std::vector<std::int64_t> members_with_role(db::Tx& tx, OrganizationId org, Role role, int limit = kMaxMembers);
// Active users with `role` in organizations of `kind` whose region starts with `region_prefix`.
std::vector<std::int64_t> users_with_role_in_region(db::Tx& tx, Role role, OrganizationKind kind,
                                                    const std::string& region_prefix, int limit = kMaxMembers);
// The display names of an organization's active members (its staff: "医务科 周明远"), by user id, at
// most `limit` (≤ kMaxMembers) — e.g. for masking staff names in patients' comments.
std::vector<std::string> staff_names(db::Tx& tx, OrganizationId org, int limit = kMaxMembers);
// The blind index of the phone a user registered with (patients), for matching records filed by phone.
std::optional<std::string> phone_index(db::Tx& tx, UserId id);

}  // namespace directory
}  // namespace medrisk::accounts
