// Accounts use cases (see api.hpp). Password hashing (≈80 ms) always runs outside database
// transactions so that a slow login never holds the SQLite writer lock.
#include "modules/accounts/api.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "modules/accounts/errors.hpp"
#include "modules/accounts/store.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/storage_error.hpp"

namespace medrisk::accounts {
namespace {

constexpr std::string_view kPhoneAad = "users.phone_enc";


nlohmann::json audit_view(const User& u) {
  return {{"id", u.id}, {"username", u.username}, {"roles", u.roles}, {"status", u.status},
          {"organization_id", u.organization_id ? nlohmann::json(*u.organization_id) : nlohmann::json(nullptr)}};
}

nlohmann::json audit_view(const Organization& o) {
  return {{"id", o.id}, {"name", o.name}, {"kind", o.kind}, {"region_code", o.region_code}};
}

std::vector<std::string> sorted(const std::set<std::string, std::less<>>& s) { return {s.begin(), s.end()}; }

}  // namespace

Status DemoLogCodeSender::send(const std::string& phone, const std::string& code) {
  spdlog::info("demo mode: registration code for {} is {}", mask_phone(phone), code);
  std::lock_guard lock(mutex_);
  last_[phone] = code;
  return {};
}

std::optional<std::string> DemoLogCodeSender::last_code(const std::string& phone) const {
  std::lock_guard lock(mutex_);
  auto it = last_.find(phone);
  if (it == last_.end()) return std::nullopt;
  return it->second;
}

AccountsService::AccountsService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, CodeSender* sender,
                                 AccountsConfig config)
    : db_(db), keys_(keys), clock_(clock), sender_(sender), config_(config),
      sessions_(config.session.cache_ttl, config.session.cache_capacity),
      dummy_hash_(crypto::hash_password(crypto::random_token(16))) {}

std::vector<db::Migration> AccountsService::migrations() {
  auto all = store::migrations();
  for (auto& m : RepresentationService::migrations()) all.push_back(std::move(m));  // 210
  return all;
}

std::vector<crypto::EncryptedColumn> AccountsService::encrypted_columns() {
  return {{"users", "id", "phone_enc"}};
}

RequestContext AccountsService::system_context(const std::string& job) const {
  RequestContext ctx;
  ctx.request_id = "system:" + job;
  ctx.clock = &clock_;
  return ctx;
}

RequestContext AccountsService::anonymous_context(const ClientInfo& client) const {
  RequestContext ctx;
  ctx.request_id = client.request_id;
  ctx.clock = &clock_;
  return ctx;
}

// ---------------------------------------------------------------- login and sessions

Result<SessionGrant> AccountsService::login(const std::string& username_or_phone, const std::string& password,
                                            const ClientInfo& client) {
  Timestamp now = clock_.now();
  std::string address_key = "addr:" + client.address;
  std::optional<store::UserRow> user;
  FailureCounter address_counter, account_counter;
  db_.read([&](db::Tx& tx) {
    address_counter = store::get_counter(tx, address_key);
    user = store::find_user_by_username(tx, username_or_phone);
    if (!user) {
      auto phone = normalize_phone(username_or_phone);
      if (phone.ok()) user = store::find_user_by_phone_index(tx, keys_.blind_index("phone", *phone));
    }
    if (user) account_counter = store::get_counter(tx, "user:" + std::to_string(user->user.id));
  });
  if (is_locked(address_counter, now)) return err(errors::login_throttled);
  if (user && is_locked(account_counter, now)) return err(errors::account_locked);

  bool password_ok = crypto::verify_password(user ? user->password_hash : dummy_hash_, password);
  RequestContext ctx = anonymous_context(client);

  if (!user || !password_ok) {
    db_.write([&](db::Tx& tx) {
      // Locked first: failures counted by several servers at once must all add up.
      store::lock_counter(tx, address_key);
      if (user) store::lock_counter(tx, "user:" + std::to_string(user->user.id));
      store::put_counter(tx, address_key,
                         after_failure(store::get_counter(tx, address_key), now,
                                       config_.lockout.max_failures_per_address, config_.lockout));
      if (!user) return;
      std::string key = "user:" + std::to_string(user->user.id);
      FailureCounter c = after_failure(store::get_counter(tx, key), now, config_.lockout.max_failures_per_account,
                                       config_.lockout);
      store::put_counter(tx, key, c);
      audit::record(tx, ctx, {is_locked(c, now) ? "user.locked" : "user.login_failed", "user",
                              std::to_string(user->user.id), std::nullopt, std::nullopt});
    });
    return err(errors::invalid_credentials);
  }
  if (password == kDemoPassword && !config_.demo_mode) return err(errors::demo_password_refused);
  if (user->user.status != "active") return err(errors::account_disabled);

  return db_.write([&](db::Tx& tx) -> Result<SessionGrant> {
    store::clear_counter(tx, "user:" + std::to_string(user->user.id));
    ctx.actor.user_id = user->user.id;
    ctx.actor.organization_id = user->user.organization_id.value_or(0);
    return open_session(tx, user->user, ctx);
  });
}

Result<SessionGrant> AccountsService::open_session(db::Tx& tx, const User& user, const RequestContext& ctx) {
  Timestamp now = clock_.now();
  std::string token = crypto::random_token(32);
  Timestamp expires = now + std::chrono::duration_cast<Timestamp::Duration>(config_.session.absolute_lifetime);
  std::int64_t sid = store::insert_session(tx, user.id, crypto::sha256_hex(token), now, expires);
  audit::record(tx, ctx, {"session.create", "session", std::to_string(sid), std::nullopt,
                          nlohmann::json{{"user_id", user.id}, {"expires_at", expires.to_iso_utc()}}});
  SessionGrant g;
  g.token = token;
  g.expires_at = expires.to_iso_utc();
  g.user = user;
  if (user.organization_id) g.organization = store::find_organization(tx, *user.organization_id);
  g.permissions = sorted(permissions_for(user.roles));
  return g;
}

Status AccountsService::logout(const RequestContext& ctx) {
  std::unique_ptr<db::Listener> temporary;
  db::Listener* acks = ack_listener(temporary);
  Announcement announced = db_.write([&](db::Tx& tx) {
    store::revoke_session(tx, ctx.actor.session_id, clock_.now());
    audit::record(tx, ctx, {"session.revoke", "session", std::to_string(ctx.actor.session_id), std::nullopt, std::nullopt});
    return announce_revocation(tx, "session", ctx.actor.session_id);
  });
  sessions_.erase_session(ctx.actor.session_id, clock_.now());
  await_acks(acks, announced);
  return {};
}

// ---------------------------------------------------------------- cache invalidation across servers

AccountsService::Announcement AccountsService::announce_revocation(db::Tx& tx, std::string_view what, std::int64_t id) {
  Announcement a;
  if (tx.dialect() != db::Dialect::postgresql) return a;
  a.payload = std::string(what) + ":" + std::to_string(id) + ":" + crypto::random_token(8);
  db::notify(tx, kInvalidationChannel, a.payload);
  a.listeners = db::count_listeners(tx, kListenerName);
  return a;
}

std::string AccountsService::apply_invalidation(const std::string& channel, const std::string& payload) {
  if (channel != kInvalidationChannel) return {};
  auto first = payload.find(':');
  auto second = first == std::string::npos ? first : payload.find(':', first + 1);
  std::int64_t id = 0;
  try {
    if (second != std::string::npos) id = std::stoll(payload.substr(first + 1, second - first - 1));
  } catch (const std::exception&) {
    second = std::string::npos;
  }
  std::string_view what(payload.data(), first == std::string::npos ? 0 : first);
  if (second != std::string::npos && what == "session") {
    sessions_.erase_session(id, clock_.now());
  } else if (second != std::string::npos && what == "user") {
    sessions_.erase_user(id, clock_.now());
  } else {  // not understood (a newer server?): forget everything
    sessions_.suspend();
    sessions_.resume();
  }
  return payload;  // acknowledged on kAckChannel
}

db::Listener* AccountsService::ack_listener(std::unique_ptr<db::Listener>& temporary) {
  if (db_.dialect() != db::Dialect::postgresql) return nullptr;
  if (listener_ && listener_->subscribed()) return listener_.get();
  temporary = std::make_unique<db::Listener>(db_.direct_connection_info(), std::vector<std::string>{kAckChannel},
                                             db::Listener::Handlers{}, "medrisk-ack");
  temporary->start();
  if (!temporary->wait_subscribed(std::chrono::seconds(2))) return nullptr;
  return temporary.get();
}

void AccountsService::await_acks(db::Listener* acks, const Announcement& a) {
  if (!acks || a.payload.empty() || a.listeners == 0) return;
  std::size_t got = acks->wait_for(kAckChannel, a.payload, a.listeners, std::chrono::seconds(2));
  if (got < a.listeners) spdlog::warn("session revocation: {} of {} servers acknowledged", got, a.listeners);
}

void AccountsService::start_invalidation_listener() {
  if (db_.dialect() != db::Dialect::postgresql || listener_) return;
  sessions_.suspend();
  db::Listener::Handlers h;
  h.on_message = [this](const std::string& channel, const std::string& payload) {
    return apply_invalidation(channel, payload);
  };
  h.on_lost = [this] { sessions_.suspend(); };
  h.on_subscribed = [this] { sessions_.resume(); };
  listener_ =
      std::make_unique<db::Listener>(db_.direct_connection_info(), std::vector<std::string>{kInvalidationChannel, kAckChannel},
                                     std::move(h), kListenerName, kAckChannel);
  listener_->start();
}

void AccountsService::stop_invalidation_listener() {
  if (listener_) listener_->stop();
  listener_.reset();
}

Result<Actor> AccountsService::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) return err(errors::session_invalid);
  Timestamp now = clock_.now();
  std::string hash = crypto::sha256_hex(token);
  std::optional<store::SessionActor> found = sessions_.get(hash, now);
  if (!found) {
    std::uint64_t generation = sessions_.generation();
    found = db_.read([&](db::Tx& tx) { return store::find_session_actor(tx, hash); });
    if (!found) return err(errors::session_invalid);
    sessions_.put(hash, *found, now, generation);
  }
  const auto& s = found->session;
  if (session_state(s.expires_at, s.last_seen_at, s.revoked, now, config_.session) != SessionState::valid)
    return err(errors::session_expired);
  if (found->user.status != "active") return err(errors::account_disabled);
  if (now - s.last_seen_at > std::chrono::duration_cast<Timestamp::Duration>(config_.session.touch_interval)) {
    // A database that cannot take writes (read-only, disk full) still serves reads: the session's
    // last-seen time is then written at a later request.
    try {
      db_.write([&](db::Tx& tx) { store::touch_session(tx, s.id, now); });
      sessions_.touched(hash, now);
    } catch (const std::exception& e) {
      if (!db::storage_refuses_writes(e)) throw;
      spdlog::warn("session {}: last-seen time not written, the database refuses writes", s.id);
    }
  }

  Actor a;
  a.user_id = found->user.id;
  a.username = found->user.username;
  a.roles = found->user.roles;
  a.permissions = permissions_for(a.roles);
  a.session_id = s.id;
  if (const auto& org = found->organization) {
    a.organization_id = org->id;
    a.organization_kind = org->kind;
    a.region_code = org->region_code;
  }
  return a;
}

Result<Me> AccountsService::me(const RequestContext& ctx) {
  Me me;
  if (auto cached = sessions_.by_session(ctx.actor.session_id, clock_.now());
      cached && cached->user.id == ctx.actor.user_id) {
    me.user = cached->user;
    me.organization = cached->organization;
  } else {
    bool found = db_.read([&](db::Tx& tx) {
      auto row = store::find_user(tx, ctx.actor.user_id);
      if (!row) return false;
      me.user = row->user;
      if (me.user.organization_id) me.organization = store::find_organization(tx, *me.user.organization_id);
      return true;
    });
    if (!found) return err(errors::user_not_found);
  }
  me.permissions = sorted(ctx.actor.permissions);
  return me;
}

Result<std::optional<Organization>> AccountsService::organization_of(const User& u) {
  if (!u.organization_id) return std::optional<Organization>{};
  return db_.read([&](db::Tx& tx) { return store::find_organization(tx, *u.organization_id); });
}

// ---------------------------------------------------------------- registration

Result<int> AccountsService::request_registration_code(const std::string& phone_text, const ClientInfo& client) {
  MEDRISK_TRY(std::string phone, normalize_phone(phone_text));
  if (!sender_) return err(errors::sms_sender_not_configured);
  std::string index = keys_.blind_index("phone", phone);
  Timestamp now = clock_.now();
  std::string code = crypto::random_digits(static_cast<std::size_t>(config_.registration.code_digits));
  RequestContext ctx = anonymous_context(client);
  MEDRISK_CHECK(db_.write([&](db::Tx& tx) -> Status {
    if (store::find_user_by_phone_index(tx, index)) return err(errors::phone_already_registered);
    auto existing = store::get_registration_code(tx, index);
    if (existing && now - existing->sent_at <
                        std::chrono::duration_cast<Timestamp::Duration>(config_.registration.resend_interval))
      return err(errors::registration_code_too_frequent);
    Timestamp expires = now + std::chrono::duration_cast<Timestamp::Duration>(config_.registration.code_lifetime);
    store::put_registration_code(tx, index, {crypto::sha256_hex(index + ":" + code), expires, now, 0});
    audit::record(tx, ctx, {"registration_code.send", "registration_code", index.substr(0, 16), std::nullopt, std::nullopt});
    return {};
  }));
  MEDRISK_CHECK(sender_->send(phone, code));
  return static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(config_.registration.code_lifetime).count());
}

Result<SessionGrant> AccountsService::register_patient(const std::string& phone_text, const std::string& code,
                                                       const std::string& password, const std::string& display_name,
                                                       const ClientInfo& client) {
  MEDRISK_TRY(std::string phone, normalize_phone(phone_text));
  MEDRISK_CHECK(check_password_policy(password, phone, config_.demo_mode));
  std::string index = keys_.blind_index("phone", phone);
  Timestamp now = clock_.now();
  // Check the code first (cheap, and counts failed attempts) before the costly password hash.
  MEDRISK_TRY(bool matched, db_.write([&](db::Tx& tx) -> Result<bool> {
    auto c = store::get_registration_code(tx, index);
    if (!c || c->attempts >= config_.registration.max_attempts) return err(errors::registration_code_invalid);
    if (now >= c->expires_at) return err(errors::registration_code_expired);
    if (crypto::constant_time_equal(c->code_hash, crypto::sha256_hex(index + ":" + code))) return true;
    ++c->attempts;
    store::put_registration_code(tx, index, *c);
    return false;
  }));
  if (!matched) return err(errors::registration_code_invalid);
  std::string hash = crypto::hash_password(password);
  RequestContext ctx = anonymous_context(client);
  return db_.write([&](db::Tx& tx) -> Result<SessionGrant> {
    auto c = store::get_registration_code(tx, index);
    if (!c || c->attempts >= config_.registration.max_attempts ||
        !crypto::constant_time_equal(c->code_hash, crypto::sha256_hex(index + ":" + code)))
      return err(errors::registration_code_invalid);
    if (store::find_user_by_phone_index(tx, index)) return err(errors::phone_already_registered);
    store::delete_registration_code(tx, index);
    NewUser nu{"p" + crypto::random_digits(11), display_name, password, {"patient"}, std::nullopt, phone};
    MEDRISK_TRY(User u, insert_user(tx, nu, hash, ctx));
    ctx.actor.user_id = u.id;
    return open_session(tx, u, ctx);
  });
}

// ---------------------------------------------------------------- organizations and users

Result<Organization> AccountsService::insert_organization(db::Tx& tx, const NewOrganization& o, const RequestContext& ctx) {
  if (!is_organization_kind(o.kind)) return err(errors::organization_kind_invalid);
  MEDRISK_CHECK(check_region_code(o.region_code));
  if (o.category && !is_institution_category(*o.category))
    return Error::of("request_invalid").with("/category", "field_value_not_allowed");
  if (o.grade && !is_institution_grade(*o.grade)) return Error::of("request_invalid").with("/grade", "field_value_not_allowed");
  if (o.uscc) MEDRISK_CHECK(check_uscc(*o.uscc));
  if (store::organization_name_exists(tx, o.name)) return err(errors::organization_name_taken);
  std::string now = clock_.now().to_iso_utc();
  auto id = store::insert_organization(tx, o, now);
  Organization created{id, o.name, o.kind, o.region_code, o.category, o.grade, now, o.uscc};
  audit::record(tx, ctx, {"organization.create", "organization", std::to_string(id), std::nullopt, audit_view(created)});
  return created;
}

Status AccountsService::validate_new_user(const NewUser& u) {
  MEDRISK_CHECK(check_username(u.username));
  MEDRISK_CHECK(check_password_policy(u.password, u.username, config_.demo_mode));
  if (u.roles.empty()) return err(errors::role_unknown);
  for (const auto& r : u.roles)
    if (!is_role(r)) return err(errors::role_unknown, r);
  return {};
}

Result<User> AccountsService::insert_user(db::Tx& tx, const NewUser& nu, const std::string& password_hash,
                                          const RequestContext& ctx) {
  std::optional<Organization> org;
  if (nu.organization_id) {
    org = store::find_organization(tx, *nu.organization_id);
    if (!org) return err(errors::organization_not_found);
  }
  for (const auto& r : nu.roles) {
    auto kind = organization_kind_for_role(r);
    bool fits = kind ? (org && org->kind == *kind) : !org;
    if (!fits) return err(errors::role_not_allowed_in_organization, r);
  }
  if (store::find_user_by_username(tx, nu.username)) return err(errors::username_taken);
  std::optional<std::string> phone_enc, phone_index;
  if (nu.phone) {
    MEDRISK_TRY(std::string phone, normalize_phone(*nu.phone));
    phone_index = keys_.blind_index("phone", phone);
    if (store::find_user_by_phone_index(tx, *phone_index)) return err(errors::phone_already_registered);
    phone_enc = keys_.encrypt(phone, kPhoneAad);
  }
  User u;
  u.username = nu.username;
  u.display_name = nu.display_name;
  u.organization_id = nu.organization_id;
  u.roles = nu.roles;
  u.created_at = clock_.now().to_iso_utc();
  u.id = store::insert_user(tx, u, password_hash, phone_enc, phone_index);
  audit::record(tx, ctx, {"user.create", "user", std::to_string(u.id), std::nullopt, audit_view(u)});
  return u;
}

Result<Organization> AccountsService::create_organization(const RequestContext& ctx, const NewOrganization& o) {
  MEDRISK_CHECK(authorize(ctx.actor, "organizations.manage"));
  return db_.write([&](db::Tx& tx) { return insert_organization(tx, o, ctx); });
}

Result<Organization> AccountsService::create_organization_as_system(const NewOrganization& o) {
  RequestContext ctx = system_context("cli");
  return db_.write([&](db::Tx& tx) { return insert_organization(tx, o, ctx); });
}

Result<std::vector<Organization>> AccountsService::list_organizations(const RequestContext& ctx,
                                                                      const std::optional<std::string>& kind,
                                                                      std::int64_t after_id, int limit) {
  // Administrators and regulators see every organization; everyone else only their own.
  if (authorize(ctx.actor, "organizations.manage").ok() || ctx.actor.has_role("regulator"))
    return db_.read([&](db::Tx& tx) { return store::list_organizations(tx, kind, after_id, limit); });
  std::vector<Organization> own;
  if (ctx.actor.organization_id && (after_id == 0 || ctx.actor.organization_id < after_id))
    db_.read([&](db::Tx& tx) {
      if (auto o = store::find_organization(tx, ctx.actor.organization_id); o && (!kind || o->kind == *kind))
        own.push_back(*o);
    });
  return own;
}

Result<User> AccountsService::create_user(const RequestContext& ctx, const NewUser& u) {
  MEDRISK_CHECK(authorize(ctx.actor, "users.manage"));
  MEDRISK_CHECK(validate_new_user(u));
  std::string hash = crypto::hash_password(u.password);
  return db_.write([&](db::Tx& tx) { return insert_user(tx, u, hash, ctx); });
}

Result<User> AccountsService::create_user_as_system(const NewUser& u) {
  MEDRISK_CHECK(validate_new_user(u));
  std::string hash = crypto::hash_password(u.password);
  RequestContext ctx = system_context("cli");
  return db_.write([&](db::Tx& tx) { return insert_user(tx, u, hash, ctx); });
}

Result<std::vector<User>> AccountsService::list_users(const RequestContext& ctx, std::optional<std::int64_t> organization_id,
                                                      std::int64_t after_id, int limit) {
  MEDRISK_CHECK(authorize(ctx.actor, "users.manage"));
  return db_.read([&](db::Tx& tx) { return store::list_users(tx, organization_id, after_id, limit); });
}

std::optional<User> AccountsService::find_user_as_system(std::int64_t id) {
  auto row = db_.read([&](db::Tx& tx) { return store::find_user(tx, id); });
  if (!row) return std::nullopt;
  return row->user;
}

Result<User> AccountsService::get_user(const RequestContext& ctx, std::int64_t id) {
  std::optional<store::UserRow> row = db_.read([&](db::Tx& tx) { return store::find_user(tx, id); });
  bool self = ctx.actor.user_id == id && ctx.actor.user_id != 0;
  if (!self) MEDRISK_CHECK(authorize(ctx.actor, "users.manage"));
  if (!row) return err(errors::user_not_found);
  return row->user;
}

Result<User> AccountsService::update_user(const RequestContext& ctx, std::int64_t id, const UserChange& change) {
  MEDRISK_CHECK(authorize(ctx.actor, "users.manage"));
  std::optional<std::vector<std::string>> roles = change.roles;
  if (roles) {
    std::sort(roles->begin(), roles->end());
    roles->erase(std::unique(roles->begin(), roles->end()), roles->end());
    if (roles->empty()) return err(errors::role_unknown);
    for (const auto& r : *roles)
      if (!is_role(r)) return err(errors::role_unknown, r);
  }
  if (change.status && *change.status != "active" && *change.status != "disabled")
    return err(errors::user_status_invalid);
  Announcement announced;
  std::unique_ptr<db::Listener> temporary;
  db::Listener* acks = ack_listener(temporary);
  bool changed = false;
  MEDRISK_TRY(User updated, db_.write([&](db::Tx& tx) -> Result<User> {
    auto row = store::find_user(tx, id);
    const bool platform = ctx.actor.organization_kind == "platform";
    if (!row || (!platform && row->user.organization_id != std::optional<std::int64_t>(ctx.actor.organization_id)))
      return err(errors::user_not_found);
    store::lock_organization_users(tx, row->user.organization_id);
    row = store::find_user(tx, id);  // as it is now that changes in its organization wait for us
    if (!row) return err(errors::user_not_found);
    const User before = row->user;
    User after = before;
    if (roles) after.roles = *roles;
    if (change.status) after.status = *change.status;
    if (after.roles == before.roles && after.status == before.status) return before;
    std::optional<Organization> org;
    if (before.organization_id) org = store::find_organization(tx, *before.organization_id);
    for (const auto& r : after.roles) {
      auto kind = organization_kind_for_role(r);
      bool fits = kind ? (org && org->kind == *kind) : !org;
      if (!fits) return err(errors::role_not_allowed_in_organization, r);
    }
    long long other_admins = store::count_active_users_with_roles(tx, before.organization_id, admin_roles(), before.id);
    MEDRISK_CHECK(check_user_change(ctx.actor.user_id, before, after.roles, after.status, other_admins));
    std::string now = clock_.now().to_iso_utc();
    if (after.roles != before.roles) store::replace_user_roles(tx, id, after.roles);
    if (after.status != before.status) store::set_user_status(tx, id, after.status);
    if (after.status != "active") store::revoke_user_sessions(tx, id, now);
    const char* action = after.status != before.status
                             ? (after.status == "active" ? "user.reactivate" : "user.deactivate")
                             : "user.change_roles";
    audit::record(tx, ctx, {action, "user", std::to_string(id), audit_view(before), audit_view(after)});
    announced = announce_revocation(tx, "user", id);
    changed = true;
    return after;
  }));
  if (changed) {
    sessions_.erase_user(id, clock_.now());
    await_acks(acks, announced);
  }
  return updated;
}

Status AccountsService::reset_password_as_system(const std::string& username, const std::string& new_password) {
  MEDRISK_CHECK(check_password_policy(new_password, username, config_.demo_mode));
  std::string hash = crypto::hash_password(new_password);
  RequestContext ctx = system_context("cli");
  std::int64_t user_id = 0;
  Announcement announced;
  std::unique_ptr<db::Listener> temporary;
  db::Listener* acks = ack_listener(temporary);
  MEDRISK_CHECK(db_.write([&](db::Tx& tx) -> Status {
    auto u = store::find_user_by_username(tx, username);
    if (!u) return err(errors::user_not_found);
    std::string now = clock_.now().to_iso_utc();
    store::update_password(tx, u->user.id, hash, now);
    store::revoke_user_sessions(tx, u->user.id, now);
    store::clear_counter(tx, "user:" + std::to_string(u->user.id));
    audit::record(tx, ctx, {"user.reset_password", "user", std::to_string(u->user.id), std::nullopt, std::nullopt});
    user_id = u->user.id;
    announced = announce_revocation(tx, "user", u->user.id);
    return {};
  }));
  sessions_.erase_user(user_id, clock_.now());
  await_acks(acks, announced);
  return {};
}

}  // namespace medrisk::accounts
