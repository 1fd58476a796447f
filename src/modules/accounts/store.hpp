// Accounts tables and their named queries. Phones are stored encrypted (phone_enc) with a blind
// index (phone_index) for look-up; session tokens only as SHA-256 digests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/accounts/model.hpp"
#include "modules/accounts/rules.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::accounts::store {

std::vector<db::Migration> migrations();

std::int64_t insert_organization(db::Tx& tx, const NewOrganization& o, const std::string& created_at);
std::optional<Organization> find_organization(db::Tx& tx, std::int64_t id);
bool organization_name_exists(db::Tx& tx, const std::string& name);
std::vector<Organization> list_organizations(db::Tx& tx, const std::optional<std::string>& kind,
                                             std::int64_t after_id, int limit);
// Oldest first: organizations of `kind` with an id above `after_id`.
std::vector<Organization> organizations_of_kind(db::Tx& tx, const std::string& kind, std::int64_t after_id, int limit);

struct UserRow {
  User user;
  std::string password_hash;
};
std::int64_t insert_user(db::Tx& tx, const User& u, const std::string& password_hash,
                         const std::optional<std::string>& phone_enc, const std::optional<std::string>& phone_index);
std::optional<UserRow> find_user(db::Tx& tx, std::int64_t id);
std::optional<UserRow> find_user_by_username(db::Tx& tx, const std::string& username);
std::optional<UserRow> find_user_by_phone_index(db::Tx& tx, const std::string& phone_index);
std::vector<User> list_users(db::Tx& tx, std::optional<std::int64_t> organization_id, std::int64_t after_id, int limit);
void update_password(db::Tx& tx, std::int64_t user_id, const std::string& password_hash, const std::string& at);
void revoke_user_sessions(db::Tx& tx, std::int64_t user_id, const std::string& at);
// Role change and (de)activation. lock_organization_users serializes them per organization on
// PostgreSQL (FOR UPDATE on the organization row; SQLite has one writer anyway), so two admins
// cannot each remove the other as "not the last admin".
void lock_organization_users(db::Tx& tx, std::optional<std::int64_t> organization_id);
void replace_user_roles(db::Tx& tx, std::int64_t user_id, const std::vector<std::string>& roles);
void set_user_status(db::Tx& tx, std::int64_t user_id, const std::string& status);
// Active users of the organization (none: users without one) holding any of `roles`, except `except_user`.
long long count_active_users_with_roles(db::Tx& tx, std::optional<std::int64_t> organization_id,
                                        const std::vector<std::string>& roles, std::int64_t except_user);

// Makes sure the counter row exists and locks it until the transaction ends (PostgreSQL, where
// several servers may count failures for one key at once; SQLite write transactions are exclusive).
void lock_counter(db::Tx& tx, const std::string& key);
FailureCounter get_counter(db::Tx& tx, const std::string& key);
void put_counter(db::Tx& tx, const std::string& key, const FailureCounter& c);
void clear_counter(db::Tx& tx, const std::string& key);

struct SessionRow {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  Timestamp expires_at;
  Timestamp last_seen_at;
  bool revoked = false;
};
std::int64_t insert_session(db::Tx& tx, std::int64_t user_id, const std::string& token_hash, Timestamp created,
                            Timestamp expires);
std::optional<SessionRow> find_session(db::Tx& tx, const std::string& token_hash);
// The session with its user, roles and organization in two statements: the per-request look-up.
struct SessionActor {
  SessionRow session;
  User user;
  std::optional<Organization> organization;
};
std::optional<SessionActor> find_session_actor(db::Tx& tx, const std::string& token_hash);
void touch_session(db::Tx& tx, std::int64_t session_id, Timestamp at);
void revoke_session(db::Tx& tx, std::int64_t session_id, Timestamp at);

struct RegistrationCode {
  std::string code_hash;
  Timestamp expires_at;
  Timestamp sent_at;
  int attempts = 0;
};
std::optional<RegistrationCode> get_registration_code(db::Tx& tx, const std::string& phone_index);
void put_registration_code(db::Tx& tx, const std::string& phone_index, const RegistrationCode& c);
void delete_registration_code(db::Tx& tx, const std::string& phone_index);

}  // namespace medrisk::accounts::store
