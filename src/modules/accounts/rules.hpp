// Pure account rules: which roles exist and what they may do (named permissions), which role fits
// which kind of organization, the password and phone policies, login lock-out, session lifetime,
// and `authorize` — the one deny-by-default decision every service makes before it acts.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/actor.hpp"
#include "kernel/date.hpp"
#include "kernel/result.hpp"
#include "modules/accounts/model.hpp"

namespace medrisk::accounts {

// ---- roles and permissions (DESIGN.md §1) ----
const std::vector<std::string>& all_roles();
const std::vector<std::string>& organization_kinds();
bool is_role(std::string_view role);
bool is_organization_kind(std::string_view kind);
bool is_institution_category(std::string_view category);
bool is_institution_grade(std::string_view grade);
// The organization kind a role belongs to; nullopt for patients, who belong to none.
std::optional<std::string_view> organization_kind_for_role(std::string_view role);
std::set<std::string, std::less<>> permissions_for(const std::vector<std::string>& roles);

// ---- authorization ----
// What a resource says about who may see or change it.
struct Scope {
  std::vector<std::int64_t> organization_ids;  // organizations party to the resource (empty: none)
  std::optional<std::int64_t> owner_user_id;   // the patient (or user) it belongs to
  std::optional<std::string> region_code;      // for regulators: their region sees it
};
// Deny by default: the actor needs `permission`, and then — unless the scope is empty — must belong to
// one of its organizations, own it, or be a regulator of its region (read permissions only), or the
// platform administrator. A missing permission is permission_denied (403); a resource out of the
// actor's scope is resource_not_found (404), so ids of other organizations reveal nothing.
Status authorize(const Actor& actor, std::string_view permission, const Scope& scope = {});

// ---- passwords, usernames, phones ----
inline constexpr std::size_t kPasswordMinLength = 10;
inline constexpr std::size_t kPasswordMaxLength = 128;
inline constexpr std::string_view kDemoPassword = "medrisk-demo";
Status check_password_policy(std::string_view password, std::string_view username, bool demo_mode);
Status check_username(std::string_view username);
// Mainland mobile numbers: 11 digits starting 13–19, optionally with +86 / 86 and spaces or dashes.
// Returns the 11-digit form.
Result<std::string> normalize_phone(std::string_view phone);
std::string mask_phone(std::string_view normalized);  // 138****5678 — for logs and screens
Status check_region_code(std::string_view code);
// 统一社会信用代码 (GB 32100-2015): 18 characters of 0-9 and A-Y without I, O, S, V, Z; the last is the
// check character over the first 17 (weights 3^i mod 31, check = 31 − Σ mod 31). uscc_invalid otherwise.
Status check_uscc(std::string_view code);

// ---- role change and deactivation ----
// The roles whose holders manage users (users.manage): an organization keeps at least one active holder.
std::vector<std::string> admin_roles();
// May `actor_user_id` give `target` the roles `roles_after` and the status `status_after`?
// `other_active_admins`: active users of the target's organization, other than the target, holding an
// admin role. 409 user_cannot_deactivate_self, user_cannot_drop_own_admin_role, last_admin_required.
Status check_user_change(std::int64_t actor_user_id, const User& target, const std::vector<std::string>& roles_after,
                         std::string_view status_after, long long other_active_admins);

// ---- login lock-out ----
struct LockoutPolicy {
  int max_failures_per_account = 5;             // then the account is locked…
  std::chrono::minutes lock_duration{15};       // …for this long
  std::chrono::minutes failure_window{15};      // failures older than this are forgotten
  int max_failures_per_address = 30;            // per client address within the window → throttled
};
struct FailureCounter {
  int failures = 0;
  std::optional<Timestamp> window_start;
  std::optional<Timestamp> locked_until;
};
bool is_locked(const FailureCounter& c, Timestamp now);
// The counter after one more failure; locks when the limit is reached.
FailureCounter after_failure(FailureCounter c, Timestamp now, int max_failures, const LockoutPolicy& policy);

// ---- sessions ----
struct SessionPolicy {
  std::chrono::hours absolute_lifetime{12};
  std::chrono::minutes idle_timeout{30};
  std::chrono::seconds touch_interval{60};  // last_seen is written at most this often
  // How long a request may reuse another request's session look-up (0: every request reads the
  // database). Logout takes effect at once; a revocation by another process within this time.
  std::chrono::milliseconds cache_ttl{5000};
  std::size_t cache_capacity = 20000;
};
enum class SessionState { valid, expired, idle, revoked };
SessionState session_state(Timestamp expires_at, Timestamp last_seen, bool revoked, Timestamp now,
                           const SessionPolicy& policy);

// ---- registration codes ----
struct RegistrationPolicy {
  int code_digits = 6;
  std::chrono::minutes code_lifetime{10};
  std::chrono::seconds resend_interval{60};
  int max_attempts = 5;
};

}  // namespace medrisk::accounts
