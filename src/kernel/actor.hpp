// Actor: who is making a request, as established by authentication — the user, their organization
// and the named permissions their roles grant. Services decide with it; they never see tokens.
#pragma once

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace medrisk {

struct Actor {
  std::int64_t user_id = 0;
  std::string username;
  std::int64_t organization_id = 0;  // 0: none (patients, or a system job)
  std::string organization_kind;     // platform, medical_institution, insurer, …
  std::string region_code;           // GB/T 2260 code of the organization's region
  std::vector<std::string> roles;
  std::set<std::string, std::less<>> permissions;
  std::int64_t session_id = 0;

  bool has(std::string_view permission) const { return permissions.find(permission) != permissions.end(); }
  bool has_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
};

}  // namespace medrisk
