// Case assignment and notification look-ups (see people.hpp).
#include "modules/disputes/people.hpp"

#include "modules/disputes/store.hpp"

namespace medrisk::disputes {

std::optional<std::int64_t> pick_member(db::Tx& tx, std::int64_t org_id, accounts::Role role,
                                        const std::string& column) {
  auto members = accounts::directory::members_with_role(tx, accounts::OrganizationId{org_id}, role);
  return store::least_loaded(tx, members, column);
}

std::vector<std::int64_t> officers_of(db::Tx& tx, std::int64_t institution_org_id) {
  return accounts::directory::members_with_role(tx, accounts::OrganizationId{institution_org_id},
                                                accounts::Role::medical_officer, kMaxNotifiedOfficers);
}

}  // namespace medrisk::disputes
