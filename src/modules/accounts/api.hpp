// The accounts module's public surface (the only header other modules include): the directory of
// organizations, users and roles (directory.hpp), authorize() and the permission rules (rules.hpp), and the
// use cases: login and sessions, patient self-registration by phone, organizations and
// users, and `authenticate` for the HTTP server. Every change runs in one transaction with its audit
// entry. 
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/actor.hpp"
#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "modules/accounts/directory.hpp"
#include "modules/accounts/model.hpp"
#include "modules/accounts/representation.hpp"
#include "modules/accounts/rules.hpp"
#include "modules/accounts/session_cache.hpp"
#include "platform/context.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/coordination.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::http {
struct Request;
}

namespace medrisk::accounts {

// The session token of a request (the server's authenticator): `Authorization: Bearer …` or the
// medrisk_session cookie (routes.cpp).
std::string session_token(const http::Request& req);

// Sends a registration one-time code to a phone (an SMS gateway in production).
class CodeSender {
 public:
  virtual ~CodeSender() = default;
  virtual Status send(const std::string& phone, const std::string& code) = 0;
};

// Demo mode only: writes the code to the server log (with the phone masked) and remembers the last
// code per phone so the demo's browser tests can read it back.
class DemoLogCodeSender : public CodeSender {
 public:
  Status send(const std::string& phone, const std::string& code) override;
  std::optional<std::string> last_code(const std::string& phone) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> last_;
};

struct AccountsConfig {
  bool demo_mode = false;
  LockoutPolicy lockout;
  SessionPolicy session;
  RegistrationPolicy registration;
};

struct ClientInfo {
  std::string address;
  std::string request_id;
};

class AccountsService {
 public:
  AccountsService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, CodeSender* sender,
                  AccountsConfig config);

  static std::vector<db::Migration> migrations();
  static std::vector<crypto::EncryptedColumn> encrypted_columns();

  // ---- authentication ----
  Result<SessionGrant> login(const std::string& username_or_phone, const std::string& password, const ClientInfo& client);
  Status logout(const RequestContext& ctx);
  // A valid token gives its Actor; an unknown, revoked, expired or idle one an error (401).
  Result<Actor> authenticate(const std::string& token);
  Result<Me> me(const RequestContext& ctx);

  // ---- patient self-registration ----
  Result<int> request_registration_code(const std::string& phone, const ClientInfo& client);  // seconds valid
  Result<SessionGrant> register_patient(const std::string& phone, const std::string& code, const std::string& password,
                                        const std::string& display_name, const ClientInfo& client);

  // ---- administration (HTTP: needs organizations.manage / users.manage) ----
  Result<Organization> create_organization(const RequestContext& ctx, const NewOrganization& o);
  Result<std::vector<Organization>> list_organizations(const RequestContext& ctx, const std::optional<std::string>& kind,
                                                       std::int64_t after_id, int limit);
  Result<User> create_user(const RequestContext& ctx, const NewUser& u);
  Result<std::vector<User>> list_users(const RequestContext& ctx, std::optional<std::int64_t> organization_id,
                                       std::int64_t after_id, int limit);
  Result<User> get_user(const RequestContext& ctx, std::int64_t id);
  // Role change and deactivation (users.manage; a user of another organization is 404 unless the actor
  // is of the platform). Audited; the user's sessions are revoked (deactivation) or their cached
  // look-ups dropped (role change) on every server before it answers, like a password reset.
  Result<User> update_user(const RequestContext& ctx, std::int64_t id, const UserChange& change);
  Result<std::optional<Organization>> organization_of(const User& u);
  // A system read of one user (another module checking a user id it is given), no actor.
  std::optional<User> find_user_as_system(std::int64_t id);

  // ---- command line (the operator at the server console acts as "system") ----
  Result<Organization> create_organization_as_system(const NewOrganization& o);
  Result<User> create_user_as_system(const NewUser& u);
  Status reset_password_as_system(const std::string& username, const std::string& new_password);

  bool demo_mode() const { return config_.demo_mode; }

  // ---- several servers on one PostgreSQL ----
  // Every revocation (logout, password reset) is announced on kInvalidationChannel in its own
  // transaction; each server's listener drops the session(s) from its cache when it commits and
  // acknowledges on kAckChannel, and the revoking call waits (at most 2 s) for the acknowledgements
  // of every listening server: when it answers, the revocation holds on every node. Starting the
  // listener suspends the cache until LISTEN is in place, and again whenever the connection drops.
  // Nothing on SQLite.
  static constexpr const char* kInvalidationChannel = "medrisk_invalidate";
  static constexpr const char* kAckChannel = "medrisk_invalidate_ack";
  static constexpr const char* kListenerName = "medrisk-listen";
  void start_invalidation_listener();
  void stop_invalidation_listener();

 private:
  struct Announcement {
    std::string payload;
    std::size_t listeners = 0;  // servers listening when it was made, each to acknowledge it
  };
  // NOTIFY "session:<id>:<nonce>" / "user:<id>:<nonce>" in tx.
  Announcement announce_revocation(db::Tx& tx, std::string_view what, std::int64_t id);
  std::string apply_invalidation(const std::string& channel, const std::string& payload);
  // A listener on kAckChannel subscribed before the announcing transaction commits: this server's
  // own, or (the command line, or a server whose listener is down) a temporary one kept in `temporary`.
  db::Listener* ack_listener(std::unique_ptr<db::Listener>& temporary);
  void await_acks(db::Listener* acks, const Announcement& a);
  Result<Organization> insert_organization(db::Tx& tx, const NewOrganization& o, const RequestContext& ctx);
  Result<User> insert_user(db::Tx& tx, const NewUser& u, const std::string& password_hash, const RequestContext& ctx);
  Status validate_new_user(const NewUser& u);
  Result<SessionGrant> open_session(db::Tx& tx, const User& user, const RequestContext& ctx);
  RequestContext system_context(const std::string& job) const;
  RequestContext anonymous_context(const ClientInfo& client) const;

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  CodeSender* sender_;
  AccountsConfig config_;
  SessionCache sessions_;
  std::unique_ptr<db::Listener> listener_;
  std::string dummy_hash_;  // verified against when the user does not exist, to keep timing equal
};

// A request context for demo seeding: demo user `username` acting with `role` in organization `org_key`
// of the demo directory (none for patients).
RequestContext demo_context(const modules::DemoDirectory& dir, const Clock& clock, const std::string& username,
                            const std::string& role, const std::string& org_key = "");

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::accounts
