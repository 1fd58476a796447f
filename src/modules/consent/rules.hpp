// Pure consent decisions (no I/O): is a new grant well-formed, is a grant live today, does it cover
// a reader's query, which purpose a role reads for. The one place these rules live (PIPL art. 14, 15,
// 29: separate consent for sensitive personal information, revocable at any time).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/result.hpp"
#include "modules/consent/model.hpp"

namespace medrisk::consent {

// A grant the patient may make: known purpose and data kinds, a valid grantee (a role only when the
// purpose lists it), valid_until from today up to purposes.max_valid_days ahead.
Status check_new_grant(const NewGrant& g, const Purposes& p, Date today);
// Not revoked and not past its valid_until (inclusive) on `today`.
bool is_live(const Grant& g, Date today);
// active, revoked, expired.
std::string state_of(const Grant& g, Date today);
// The grant is the patient's, for this case (or all cases), this purpose, this data kind, and names
// the reader (their user id, their organization, or one of their roles). Liveness is is_live's.
bool covers(const Grant& g, const GrantQuery& q);
// The first purpose whose `roles` holds one of `roles`; the matching role in *role.
std::optional<std::string> purpose_for_roles(const Purposes& p, const std::vector<std::string>& roles,
                                             std::string* role = nullptr);
const Purpose* find_purpose(const Purposes& p, const std::string& id);

}  // namespace medrisk::consent
