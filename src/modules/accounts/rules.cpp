// Account rules (see rules.hpp). The role → permission table is the platform's access policy;
// changing it changes what every user may do, so it is tested line by line.
#include "modules/accounts/rules.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "modules/accounts/errors.hpp"

namespace medrisk::accounts {
namespace {

struct RoleDef {
  std::string role;
  std::optional<std::string> organization_kind;
  std::vector<std::string> permissions;
};

const std::vector<RoleDef>& role_table() {
  static const std::vector<RoleDef> table = {
      {"platform_admin", "platform",
       {"organizations.manage", "users.manage", "audit.read", "products.manage", "parameters.manage",
        "partner_keys.manage", "experts.manage", "reviews.moderate", "representations.manage"}},
      {"medical_officer", "medical_institution",
       {"complaints.handle", "cases.read", "cases.handle", "policies.read", "incidents.report", "incidents.review", "risk.read",
        "compliance.read", "compensation.calculate", "witness.read", "reviews.read", "reviews.outreach",
        "representations.manage"}},
      {"clinician", "medical_institution", {"policies.read_own", "incidents.report", "witness.record"}},
      {"patient", std::nullopt,
       {"complaints.file", "cases.read_own", "policies.read_own", "visit_policies.buy", "consents.manage",
        "reviews.write", "legal_aid.request", "claims.file", "claims.read_own", "witness.read_own"}},
      {"underwriter", "insurer", {"products.read", "quotes.create", "policies.issue", "policies.read", "risk.read"}},
      {"adjuster", "insurer", {"claims.read", "claims.handle", "reserves.set", "payments.instruct", "cases.read", "policies.read",
                             "compensation.calculate"}},
      {"actuary", "insurer", {"actuarial.read", "claims.read", "risk.read"}},
      {"mediator", "mediation_committee", {"cases.read", "cases.mediate", "compensation.calculate"}},
      {"lawyer", "legal_aid", {"legal_aid.handle", "cases.read", "compensation.calculate"}},
      {"expert", "appraisal_pool", {"appraisal.opine"}},
      {"regulator", "regulator", {"audit.read", "compliance.read", "statistics.read", "cases.read", "actuarial.read", "policies.read",
                                   "incidents.read", "risk.read", "reviews.read"}},
  };
  return table;
}

const RoleDef* find_role(std::string_view role) {
  for (const auto& r : role_table())
    if (r.role == role) return &r;
  return nullptr;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool contains_id(const std::vector<std::int64_t>& v, std::int64_t id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

// Read-only permissions a regulator may exercise across the organizations of its region.
bool is_read_permission(std::string_view p) {
  return p.ends_with(".read") || p == "compliance.read" || p == "statistics.read";
}

}  // namespace

const std::vector<std::string>& all_roles() {
  static const std::vector<std::string> roles = [] {
    std::vector<std::string> out;
    for (const auto& r : role_table()) out.push_back(r.role);
    return out;
  }();
  return roles;
}

const std::vector<std::string>& organization_kinds() {
  static const std::vector<std::string> kinds = {"platform", "medical_institution", "insurer", "mediation_committee",
                                                 "legal_aid", "appraisal_pool", "regulator"};
  return kinds;
}

bool is_role(std::string_view role) { return find_role(role) != nullptr; }
bool is_organization_kind(std::string_view kind) { return contains(organization_kinds(), kind); }

bool is_institution_category(std::string_view c) {
  static const std::vector<std::string> v = {"general", "specialist", "tcm", "maternal_child", "primary", "private"};
  return contains(v, c);
}

bool is_institution_grade(std::string_view g) {
  static const std::vector<std::string> v = {"3A", "3B", "3C", "2A", "2B", "2C", "1A", "1B", "1C", "ungraded"};
  return contains(v, g);
}

std::optional<std::string_view> organization_kind_for_role(std::string_view role) {
  const RoleDef* r = find_role(role);
  if (!r || !r->organization_kind) return std::nullopt;
  return std::string_view(*r->organization_kind);
}

std::set<std::string, std::less<>> permissions_for(const std::vector<std::string>& roles) {
  std::set<std::string, std::less<>> out;
  for (const auto& role : roles)
    if (const RoleDef* r = find_role(role)) out.insert(r->permissions.begin(), r->permissions.end());
  if (!roles.empty()) out.insert("notifications.read");
  return out;
}

Status authorize(const Actor& actor, std::string_view permission, const Scope& scope) {
  if (actor.user_id == 0 || !actor.has(permission))
    return Error::of(std::string(errors::permission_denied), "missing permission " + std::string(permission));
  bool scoped = !scope.organization_ids.empty() || scope.owner_user_id.has_value();
  if (!scoped) return {};
  if (actor.has_role("platform_admin")) return {};
  if (scope.owner_user_id && *scope.owner_user_id == actor.user_id) return {};
  if (actor.organization_id != 0 && contains_id(scope.organization_ids, actor.organization_id)) return {};
  if (actor.has_role("regulator") && is_read_permission(permission) && scope.region_code &&
      scope.region_code->starts_with(actor.region_code.substr(0, 2)))
    return {};
  return Error::of(std::string(errors::resource_not_found));
}

Status check_password_policy(std::string_view password, std::string_view username, bool demo_mode) {
  if (password == kDemoPassword && !demo_mode) return Error::of(std::string(errors::demo_password_refused));
  if (password == kDemoPassword) return {};
  if (password.size() < kPasswordMinLength) return Error::of(std::string(errors::password_too_short));
  if (password.size() > kPasswordMaxLength) return Error::of(std::string(errors::password_too_long));
  bool letter = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (std::isalpha(c)) letter = true;
    else if (std::isdigit(c)) digit = true;
    else other = true;
  }
  if (int(letter) + int(digit) + int(other) < 2) return Error::of(std::string(errors::password_too_simple));
  if (username.size() >= 3 && password.find(username) != std::string_view::npos)
    return Error::of(std::string(errors::password_contains_username));
  return {};
}

Status check_username(std::string_view username) {
  static const std::regex pattern("^[a-z][a-z0-9_.-]{2,39}$");
  if (!std::regex_match(username.begin(), username.end(), pattern)) return Error::of(std::string(errors::username_invalid));
  return {};
}

Result<std::string> normalize_phone(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c == ' ' || c == '-') continue;
    if (c == '+' && digits.empty()) continue;
    if (c < '0' || c > '9') return Error::of(std::string(errors::phone_invalid));
    digits.push_back(c);
  }
  if (digits.size() == 13 && digits.starts_with("86")) digits.erase(0, 2);
  if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3') return Error::of(std::string(errors::phone_invalid));
  return digits;
}

std::string mask_phone(std::string_view n) {
  if (n.size() != 11) return "***";
  return std::string(n.substr(0, 3)) + "****" + std::string(n.substr(7));
}

Status check_region_code(std::string_view code) {
  bool ok = code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!ok) return Error::of(std::string(errors::region_code_invalid));
  return {};
}

Status check_uscc(std::string_view code) {
  static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // 31 characters
  static constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (code.size() != 18) return Error::of(std::string(errors::uscc_invalid));
  int sum = 0;
  for (std::size_t i = 0; i < 18; ++i) {
    auto v = kChars.find(code[i]);
    if (v == std::string_view::npos) return Error::of(std::string(errors::uscc_invalid));
    if (i < 17) sum += static_cast<int>(v) * kWeights[i];
  }
  if (kChars[(31 - sum % 31) % 31] != code[17]) return Error::of(std::string(errors::uscc_invalid));
  return {};
}

bool is_locked(const FailureCounter& c, Timestamp now) { return c.locked_until && now < *c.locked_until; }

FailureCounter after_failure(FailureCounter c, Timestamp now, int max_failures, const LockoutPolicy& policy) {
  if (!c.window_start || now - *c.window_start > std::chrono::duration_cast<Timestamp::Duration>(policy.failure_window)) {
    c.failures = 0;
    c.window_start = now;
  }
  ++c.failures;
  if (c.failures >= max_failures) {
    c.locked_until = now + std::chrono::duration_cast<Timestamp::Duration>(policy.lock_duration);
    c.failures = 0;
    c.window_start.reset();
  }
  return c;
}

SessionState session_state(Timestamp expires_at, Timestamp last_seen, bool revoked, Timestamp now,
                           const SessionPolicy& policy) {
  if (revoked) return SessionState::revoked;
  if (now >= expires_at) return SessionState::expired;
  if (now - last_seen > std::chrono::duration_cast<Timestamp::Duration>(policy.idle_timeout)) return SessionState::idle;
  return SessionState::valid;
}

std::vector<std::string> admin_roles() {
  std::vector<std::string> out;
  for (const auto& r : role_table())
    if (contains(r.permissions, "users.manage")) out.push_back(r.role);
  return out;
}

Status check_user_change(std::int64_t actor_user_id, const User& target, const std::vector<std::string>& roles_after,
                         std::string_view status_after, long long other_active_admins) {
  auto any_admin = [](const std::vector<std::string>& roles) {
    for (const auto& r : roles)
      if (contains(admin_roles(), r)) return true;
    return false;
  };
  const bool self = target.id == actor_user_id;
  const bool admin_before = target.status == "active" && any_admin(target.roles);
  const bool admin_after = status_after == "active" && any_admin(roles_after);
  if (self && status_after != "active") return Error::of(std::string(errors::user_cannot_deactivate_self));
  if (self && admin_before && !admin_after) return Error::of(std::string(errors::user_cannot_drop_own_admin_role));
  if (admin_before && !admin_after && other_active_admins == 0) return Error::of(std::string(errors::last_admin_required));
  return {};
}

}  // namespace medrisk::accounts
