// SQL of the accounts module (see store.hpp). Every statement is parameterized.
#include "modules/accounts/store.hpp"

#include <soci/soci.h>
#include "platform/db/cached.hpp"
#include "platform/db/rows.hpp"

#include <limits>

namespace medrisk::accounts::store {
namespace {

Timestamp ts(const std::string& s) {
  auto r = Timestamp::parse(s);
  if (!r.ok()) throw std::runtime_error("stored timestamp is malformed");
  return *r;
}

std::optional<std::string> opt_string(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return r.get<std::string>(i);
}

constexpr const char* kOrgColumns = "id, name, kind, region_code, category, grade, created_at, uscc";

Organization read_org(const soci::row& r) {
  Organization o;
  o.id = db::int64_at(r, 0);
  o.name = r.get<std::string>(1);
  o.kind = r.get<std::string>(2);
  o.region_code = r.get<std::string>(3);
  o.category = opt_string(r, 4);
  o.grade = opt_string(r, 5);
  o.created_at = r.get<std::string>(6);
  o.uscc = opt_string(r, 7);
  return o;
}

constexpr const char* kUserColumns = "id, username, display_name, organization_id, status, created_at, password_hash";

std::vector<std::string> roles_of(db::Tx& tx, long long user_id) {
  std::vector<std::string> roles;
  soci::rowset<std::string> rows =
      (tx.sql().prepare << "SELECT role FROM user_roles WHERE user_id = :u ORDER BY role", soci::use(user_id));
  for (const auto& r : rows) roles.push_back(r);
  return roles;
}

UserRow read_user(const soci::row& r) {
  UserRow u;
  u.user.id = db::int64_at(r, 0);
  u.user.username = r.get<std::string>(1);
  u.user.display_name = r.get<std::string>(2);
  if (r.get_indicator(3) == soci::i_ok) u.user.organization_id = db::int64_at(r, 3);
  u.user.status = r.get<std::string>(4);
  u.user.created_at = r.get<std::string>(5);
  u.password_hash = r.get<std::string>(6);
  return u;
}

std::optional<UserRow> find_user_where(db::Tx& tx, const std::string& where, const std::string& value) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where + " = :v",
       soci::use(value));
  std::optional<UserRow> out;
  for (const auto& r : rows) out = read_user(r);
  if (out) out->user.roles = roles_of(tx, out->user.id);
  return out;
}


}  // namespace

std::vector<db::Migration> migrations() {
  return {{200, "accounts", R"(
CREATE TABLE organizations (
  id {{pk}},
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('platform', 'medical_institution', 'insurer', 'mediation_committee',
                                     'legal_aid', 'appraisal_pool', 'regulator')),
  region_code TEXT NOT NULL,
  category TEXT,
  grade TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE users (
  id {{pk}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  organization_id {{bigint}} REFERENCES organizations (id),
  phone_enc TEXT,
  phone_index TEXT UNIQUE,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  password_changed_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX users_organization ON users (organization_id);
CREATE TABLE user_roles (
  user_id {{bigint}} NOT NULL REFERENCES users (id),
  role TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);
CREATE TABLE sessions (
  id {{pk}},
  user_id {{bigint}} NOT NULL REFERENCES users (id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE login_failures (
  counter_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start TEXT,
  locked_until TEXT
);
CREATE TABLE registration_codes (
  phone_index TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  attempts INTEGER NOT NULL
)
)"},
          {201, "organizations_uscc", R"(
ALTER TABLE organizations ADD COLUMN uscc TEXT;
CREATE UNIQUE INDEX organizations_uscc ON organizations (uscc)
)"}};
}

std::int64_t insert_organization(db::Tx& tx, const NewOrganization& o, const std::string& created_at) {
  long long id = 0;
  std::string category = o.category.value_or(""), grade = o.grade.value_or(""), uscc = o.uscc.value_or("");
  soci::indicator ci = o.category ? soci::i_ok : soci::i_null, gi = o.grade ? soci::i_ok : soci::i_null,
                  ui = o.uscc ? soci::i_ok : soci::i_null;
  tx.sql() << "INSERT INTO organizations (name, kind, region_code, category, grade, created_at, uscc) "
              "VALUES (:name, :kind, :region, :category, :grade, :at, :uscc) RETURNING id",
      soci::use(o.name), soci::use(o.kind), soci::use(o.region_code), soci::use(category, ci), soci::use(grade, gi),
      soci::use(created_at), soci::use(uscc, ui), soci::into(id);
  return id;
}

std::optional<Organization> find_organization(db::Tx& tx, std::int64_t id) {
  long long key = id;
  std::optional<Organization> out;
  db::for_each_cached(
      tx, std::string("SELECT ") + kOrgColumns + " FROM organizations WHERE id = :id",
      [&](const soci::row& r) { out = read_org(r); }, soci::use(key));
  return out;
}

bool organization_name_exists(db::Tx& tx, const std::string& name) {
  int n = 0;
  tx.sql() << "SELECT COUNT(*) FROM organizations WHERE name = :n", soci::use(name), soci::into(n);
  return n > 0;
}

std::vector<Organization> list_organizations(db::Tx& tx, const std::optional<std::string>& kind,
                                             std::int64_t after_id, int limit) {
  std::string k = kind.value_or("");
  long long before = db::before_or_max(after_id);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kOrgColumns +
                               " FROM organizations WHERE id < :b AND (:k = '' OR kind = :k2) ORDER BY id DESC LIMIT :l",
       soci::use(before), soci::use(k), soci::use(k), soci::use(limit));
  std::vector<Organization> out;
  for (const auto& r : rows) out.push_back(read_org(r));
  return out;
}

std::vector<Organization> organizations_of_kind(db::Tx& tx, const std::string& kind, std::int64_t after_id, int limit) {
  long long after = after_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kOrgColumns +
                               " FROM organizations WHERE kind = :k AND id > :a ORDER BY id LIMIT :l",
       soci::use(kind), soci::use(after), soci::use(limit));
  std::vector<Organization> out;
  for (const auto& r : rows) out.push_back(read_org(r));
  return out;
}

std::int64_t insert_user(db::Tx& tx, const User& u, const std::string& password_hash,
                         const std::optional<std::string>& phone_enc, const std::optional<std::string>& phone_index) {
  long long id = 0, org = u.organization_id.value_or(0);
  soci::indicator oi = u.organization_id ? soci::i_ok : soci::i_null;
  std::string pe = phone_enc.value_or(""), pi = phone_index.value_or("");
  soci::indicator pei = phone_enc ? soci::i_ok : soci::i_null, pii = phone_index ? soci::i_ok : soci::i_null;
  tx.sql() << "INSERT INTO users (username, display_name, password_hash, organization_id, phone_enc, phone_index, "
              "status, password_changed_at, created_at) VALUES (:u, :d, :h, :o, :pe, :pi, :s, :pc, :c) RETURNING id",
      soci::use(u.username), soci::use(u.display_name), soci::use(password_hash), soci::use(org, oi),
      soci::use(pe, pei), soci::use(pi, pii), soci::use(u.status), soci::use(u.created_at), soci::use(u.created_at),
      soci::into(id);
  for (const auto& role : u.roles)
    tx.sql() << "INSERT INTO user_roles (user_id, role) VALUES (:u, :r)", soci::use(id), soci::use(role);
  return id;
}

std::optional<UserRow> find_user(db::Tx& tx, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> found =
      (tx.sql().prepare << std::string("SELECT ") + kUserColumns + " FROM users WHERE id = :id", soci::use(key));
  std::optional<UserRow> out;
  for (const auto& r : found) out = read_user(r);
  if (out) out->user.roles = roles_of(tx, out->user.id);
  return out;
}

std::optional<UserRow> find_user_by_username(db::Tx& tx, const std::string& username) {
  return find_user_where(tx, "username", username);
}

std::optional<UserRow> find_user_by_phone_index(db::Tx& tx, const std::string& phone_index) {
  return find_user_where(tx, "phone_index", phone_index);
}

std::vector<User> list_users(db::Tx& tx, std::optional<std::int64_t> organization_id, std::int64_t after_id, int limit) {
  long long before = db::before_or_max(after_id), org = organization_id.value_or(0);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kUserColumns +
                               " FROM users WHERE id < :b AND (:o = 0 OR organization_id = :o2) ORDER BY id DESC LIMIT :l",
       soci::use(before), soci::use(org), soci::use(org), soci::use(limit));
  std::vector<UserRow> found;
  for (const auto& r : rows) found.push_back(read_user(r));
  std::vector<User> out;
  for (auto& u : found) {
    u.user.roles = roles_of(tx, u.user.id);
    out.push_back(std::move(u.user));
  }
  return out;
}

void update_password(db::Tx& tx, std::int64_t user_id, const std::string& password_hash, const std::string& at) {
  long long id = user_id;
  tx.sql() << "UPDATE users SET password_hash = :h, password_changed_at = :at WHERE id = :id", soci::use(password_hash),
      soci::use(at), soci::use(id);
}

void revoke_user_sessions(db::Tx& tx, std::int64_t user_id, const std::string& at) {
  long long id = user_id;
  tx.sql() << "UPDATE sessions SET revoked_at = :at WHERE user_id = :id AND revoked_at IS NULL", soci::use(at),
      soci::use(id);
}

void lock_organization_users(db::Tx& tx, std::optional<std::int64_t> organization_id) {
  if (tx.dialect() != db::Dialect::postgresql || !organization_id) return;
  long long id = *organization_id, got = 0;
  tx.sql() << "SELECT id FROM organizations WHERE id = :id FOR UPDATE", soci::use(id), soci::into(got);
}

void replace_user_roles(db::Tx& tx, std::int64_t user_id, const std::vector<std::string>& roles) {
  long long id = user_id;
  tx.sql() << "DELETE FROM user_roles WHERE user_id = :id", soci::use(id);
  for (const auto& role : roles)
    tx.sql() << "INSERT INTO user_roles (user_id, role) VALUES (:u, :r)", soci::use(id), soci::use(role);
}

void set_user_status(db::Tx& tx, std::int64_t user_id, const std::string& status) {
  long long id = user_id;
  tx.sql() << "UPDATE users SET status = :s WHERE id = :id", soci::use(status), soci::use(id);
}

long long count_active_users_with_roles(db::Tx& tx, std::optional<std::int64_t> organization_id,
                                        const std::vector<std::string>& roles, std::int64_t except_user) {
  long long n = 0;
  long long except = except_user;
  for (const auto& role : roles) {
    long long found = 0;
    if (organization_id) {
      long long org = *organization_id;
      tx.sql() << "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.organization_id = :o "
                  "AND u.status = 'active' AND r.role = :r AND u.id <> :e",
          soci::use(org), soci::use(role), soci::use(except), soci::into(found);
    } else {
      tx.sql() << "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.organization_id IS NULL "
                  "AND u.status = 'active' AND r.role = :r AND u.id <> :e",
          soci::use(role), soci::use(except), soci::into(found);
    }
    n += found;
  }
  return n;
}

void lock_counter(db::Tx& tx, const std::string& key) {
  if (tx.dialect() != db::Dialect::postgresql) return;
  tx.sql() << "INSERT INTO login_failures (counter_key, failures) VALUES (:k, 0) ON CONFLICT (counter_key) DO NOTHING",
      soci::use(key);
  int failures = 0;
  tx.sql() << "SELECT failures FROM login_failures WHERE counter_key = :k FOR UPDATE", soci::use(key),
      soci::into(failures);
}

FailureCounter get_counter(db::Tx& tx, const std::string& key) {
  FailureCounter c;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT failures, window_start, locked_until FROM login_failures WHERE counter_key = :k",
       soci::use(key));
  for (const auto& r : rows) {
    c.failures = static_cast<int>(db::int64_at(r, 0));
    if (auto w = opt_string(r, 1)) c.window_start = ts(*w);
    if (auto l = opt_string(r, 2)) c.locked_until = ts(*l);
  }
  return c;
}

void put_counter(db::Tx& tx, const std::string& key, const FailureCounter& c) {
  std::string w = c.window_start ? c.window_start->to_iso_utc() : "", l = c.locked_until ? c.locked_until->to_iso_utc() : "";
  soci::indicator wi = c.window_start ? soci::i_ok : soci::i_null, li = c.locked_until ? soci::i_ok : soci::i_null;
  int failures = c.failures;
  tx.sql() << "INSERT INTO login_failures (counter_key, failures, window_start, locked_until) VALUES (:k, :f, :w, :l) "
              "ON CONFLICT (counter_key) DO UPDATE SET failures = excluded.failures, "
              "window_start = excluded.window_start, locked_until = excluded.locked_until",
      soci::use(key), soci::use(failures), soci::use(w, wi), soci::use(l, li);
}

void clear_counter(db::Tx& tx, const std::string& key) {
  tx.sql() << "DELETE FROM login_failures WHERE counter_key = :k", soci::use(key);
}

std::int64_t insert_session(db::Tx& tx, std::int64_t user_id, const std::string& token_hash, Timestamp created,
                            Timestamp expires) {
  long long id = 0, uid = user_id;
  std::string c = created.to_iso_utc(), e = expires.to_iso_utc();
  tx.sql() << "INSERT INTO sessions (user_id, token_hash, created_at, expires_at, last_seen_at) "
              "VALUES (:u, :h, :c, :e, :l) RETURNING id",
      soci::use(uid), soci::use(token_hash), soci::use(c), soci::use(e), soci::use(c), soci::into(id);
  return id;
}

std::optional<SessionRow> find_session(db::Tx& tx, const std::string& token_hash) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, user_id, expires_at, last_seen_at, revoked_at FROM sessions WHERE token_hash = :h",
       soci::use(token_hash));
  for (const auto& r : rows) {
    SessionRow s;
    s.id = db::int64_at(r, 0);
    s.user_id = db::int64_at(r, 1);
    s.expires_at = ts(r.get<std::string>(2));
    s.last_seen_at = ts(r.get<std::string>(3));
    s.revoked = r.get_indicator(4) == soci::i_ok;
    return s;
  }
  return std::nullopt;
}

std::optional<SessionActor> find_session_actor(db::Tx& tx, const std::string& token_hash) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT s.id, s.user_id, s.expires_at, s.last_seen_at, s.revoked_at, u.username, "
                           "u.display_name, u.organization_id, u.status, u.created_at, o.id, o.name, o.kind, "
                           "o.region_code, o.category, o.grade, o.created_at FROM sessions s "
                           "JOIN users u ON u.id = s.user_id LEFT JOIN organizations o ON o.id = u.organization_id "
                           "WHERE s.token_hash = :h",
       soci::use(token_hash));
  std::optional<SessionActor> out;
  for (const auto& r : rows) {
    SessionActor a;
    a.session = {db::int64_at(r, 0), db::int64_at(r, 1), ts(r.get<std::string>(2)), ts(r.get<std::string>(3)),
                 r.get_indicator(4) == soci::i_ok};
    a.user.id = a.session.user_id;
    a.user.username = r.get<std::string>(5);
    a.user.display_name = r.get<std::string>(6);
    a.user.organization_id = db::opt_int64_at(r, 7);
    a.user.status = r.get<std::string>(8);
    a.user.created_at = r.get<std::string>(9);
    if (r.get_indicator(10) == soci::i_ok)
      a.organization = Organization{db::int64_at(r, 10), r.get<std::string>(11), r.get<std::string>(12),
                                    r.get<std::string>(13), opt_string(r, 14), opt_string(r, 15), r.get<std::string>(16)};
    out = std::move(a);
  }
  if (out) out->user.roles = roles_of(tx, out->user.id);
  return out;
}

void touch_session(db::Tx& tx, std::int64_t session_id, Timestamp at) {
  long long id = session_id;
  std::string a = at.to_iso_utc();
  tx.sql() << "UPDATE sessions SET last_seen_at = :a WHERE id = :id", soci::use(a), soci::use(id);
}

void revoke_session(db::Tx& tx, std::int64_t session_id, Timestamp at) {
  long long id = session_id;
  std::string a = at.to_iso_utc();
  tx.sql() << "UPDATE sessions SET revoked_at = :a WHERE id = :id AND revoked_at IS NULL", soci::use(a), soci::use(id);
}

std::optional<RegistrationCode> get_registration_code(db::Tx& tx, const std::string& phone_index) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT code_hash, expires_at, sent_at, attempts FROM registration_codes WHERE phone_index = :p",
       soci::use(phone_index));
  for (const auto& r : rows)
    return RegistrationCode{r.get<std::string>(0), ts(r.get<std::string>(1)), ts(r.get<std::string>(2)), static_cast<int>(db::int64_at(r, 3))};
  return std::nullopt;
}

void put_registration_code(db::Tx& tx, const std::string& phone_index, const RegistrationCode& c) {
  std::string e = c.expires_at.to_iso_utc(), s = c.sent_at.to_iso_utc();
  int attempts = c.attempts;
  tx.sql() << "INSERT INTO registration_codes (phone_index, code_hash, expires_at, sent_at, attempts) "
              "VALUES (:p, :h, :e, :s, :a) ON CONFLICT (phone_index) DO UPDATE SET code_hash = excluded.code_hash, "
              "expires_at = excluded.expires_at, sent_at = excluded.sent_at, attempts = excluded.attempts",
      soci::use(phone_index), soci::use(c.code_hash), soci::use(e), soci::use(s), soci::use(attempts);
}

void delete_registration_code(db::Tx& tx, const std::string& phone_index) {
  tx.sql() << "DELETE FROM registration_codes WHERE phone_index = :p", soci::use(phone_index);
}

}  // namespace medrisk::accounts::store
