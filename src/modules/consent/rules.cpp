// Pure consent rules (see rules.hpp).
#include "modules/consent/rules.hpp"

#include <algorithm>

#include "modules/consent/errors.hpp"

namespace medrisk::consent {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

bool known_kind(const Purposes& p, const std::string& id) {
  return std::any_of(p.data_kinds.begin(), p.data_kinds.end(), [&](const DataKind& k) { return k.id == id; });
}

Status check_grantee(const Grantee& g, const Purpose& purpose) {
  if (g.kind == "user" && g.user_id && !g.organization_id && !g.role) return {};
  if (g.kind == "organization" && g.organization_id && !g.user_id && !g.role) return {};
  if (g.kind == "role" && g.role && !g.user_id && !g.organization_id) {
    if (!contains(purpose.roles, *g.role)) return err(errors::consent_role_not_for_purpose);
    return {};
  }
  return err(errors::consent_grantee_invalid);
}

}  // namespace

const Purpose* find_purpose(const Purposes& p, const std::string& id) {
  for (const auto& x : p.purposes)
    if (x.id == id) return &x;
  return nullptr;
}

Status check_new_grant(const NewGrant& g, const Purposes& p, Date today) {
  const Purpose* purpose = find_purpose(p, g.purpose);
  if (!purpose) return err(errors::consent_purpose_unknown);
  if (g.data_kinds.empty()) return err(errors::consent_data_kinds_required);
  for (const auto& k : g.data_kinds)
    if (!known_kind(p, k)) return err(errors::consent_data_kind_unknown, k);
  MEDRISK_CHECK(check_grantee(g.grantee, *purpose));
  if (!g.valid_until) return err(errors::consent_valid_until_required);
  auto until = Date::parse(*g.valid_until);
  if (!until) return err(errors::consent_valid_until_required);
  if (*until < today) return err(errors::consent_valid_until_in_past);
  if (*until - today > p.max_valid_days) return err(errors::consent_valid_until_too_far);
  return {};
}

bool is_live(const Grant& g, Date today) {
  if (g.revoked_at) return false;
  if (!g.valid_until) return true;
  auto until = Date::parse(*g.valid_until);
  return until && today <= *until;
}

std::string state_of(const Grant& g, Date today) {
  if (g.revoked_at) return "revoked";
  return is_live(g, today) ? "active" : "expired";
}

bool covers(const Grant& g, const GrantQuery& q) {
  if (g.patient_user_id != q.patient_user_id || g.purpose != q.purpose) return false;
  if (g.case_id && g.case_id != q.case_id) return false;
  if (!contains(g.data_kinds, q.data_kind)) return false;
  const Grantee& e = g.grantee;
  if (e.kind == "user") return e.user_id && *e.user_id == q.reader_user_id;
  if (e.kind == "organization") return e.organization_id && q.reader_organization_id != 0 && *e.organization_id == q.reader_organization_id;
  if (e.kind == "role") return e.role && contains(q.reader_roles, *e.role);
  return false;
}

std::optional<std::string> purpose_for_roles(const Purposes& p, const std::vector<std::string>& roles, std::string* role) {
  for (const auto& purpose : p.purposes)
    for (const auto& r : purpose.roles)
      if (contains(roles, r)) {
        if (role) *role = r;
        return purpose.id;
      }
  return std::nullopt;
}

}  // namespace medrisk::consent
