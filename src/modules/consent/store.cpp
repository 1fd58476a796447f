// SQL of the consent module (see store.hpp). Every statement is parameterized; a grant's data kinds are
// a JSON text column read and written here.
#include "modules/consent/store.hpp"

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "platform/db/rows.hpp"

namespace medrisk::consent::store {
namespace {

using nlohmann::json;

constexpr const char* kGrantSelect =
    "SELECT id, patient_user_id, case_id, grantee_kind, grantee_user_id, grantee_organization_id, grantee_role, "
    "purpose, data_kinds_json, valid_until, granted_by_user_id, granted_at, revoked_at, revoked_by_user_id, source, "
    "representation_id FROM consent_grants ";

Grant read_grant(const soci::row& r) {
  Grant g;
  g.id = db::int64_at(r, 0);
  g.patient_user_id = db::int64_at(r, 1);
  g.case_id = db::opt_int64_at(r, 2);
  g.grantee.kind = r.get<std::string>(3);
  g.grantee.user_id = db::opt_int64_at(r, 4);
  g.grantee.organization_id = db::opt_int64_at(r, 5);
  g.grantee.role = db::opt_string_at(r, 6);
  g.purpose = r.get<std::string>(7);
  g.data_kinds = json::parse(r.get<std::string>(8)).get<std::vector<std::string>>();
  g.valid_until = db::opt_string_at(r, 9);
  g.granted_by_user_id = db::int64_at(r, 10);
  g.granted_at = r.get<std::string>(11);
  g.revoked_at = db::opt_string_at(r, 12);
  g.revoked_by_user_id = db::opt_int64_at(r, 13);
  g.source = r.get<std::string>(14);
  g.representation_id = db::opt_int64_at(r, 15);
  return g;
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{1200, "consent", R"(
CREATE TABLE consent_grants (
  id {{pk}},
  patient_user_id {{bigint}} NOT NULL REFERENCES users (id),
  case_id {{bigint}},
  grantee_kind TEXT NOT NULL,
  grantee_user_id {{bigint}} REFERENCES users (id),
  grantee_organization_id {{bigint}} REFERENCES organizations (id),
  grantee_role TEXT,
  purpose TEXT NOT NULL,
  data_kinds_json TEXT NOT NULL,
  valid_until TEXT,
  granted_by_user_id {{bigint}} NOT NULL REFERENCES users (id),
  granted_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by_user_id {{bigint}} REFERENCES users (id),
  source TEXT NOT NULL
);
CREATE INDEX consent_grants_patient ON consent_grants (patient_user_id, purpose);
CREATE TABLE consent_access_log (
  id {{pk}},
  patient_user_id {{bigint}} NOT NULL REFERENCES users (id),
  grant_id {{bigint}} REFERENCES consent_grants (id),
  reader_user_id {{bigint}} NOT NULL REFERENCES users (id),
  reader_organization_id {{bigint}},
  reader_role TEXT NOT NULL,
  purpose TEXT NOT NULL,
  data_kind TEXT NOT NULL,
  resource TEXT NOT NULL,
  module TEXT NOT NULL,
  request_id TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX consent_access_log_patient ON consent_access_log (patient_user_id, id)
)"},
          // A grant made by the patient's legal representative names the accounts representation it
          // was made on (granted_by_user_id is then the representative).
          {1210, "consent_grants_representation", R"(
ALTER TABLE consent_grants ADD COLUMN representation_id {{bigint}}
)"}};
}

std::int64_t insert_grant(db::Tx& tx, const Grant& g) {
  long long id = 0, patient = g.patient_user_id, by = g.granted_by_user_id;
  db::NullableInt case_id(g.case_id), user(g.grantee.user_id), org(g.grantee.organization_id),
      representation(g.representation_id);
  db::NullableText role(g.grantee.role), until(g.valid_until);
  std::string kinds = json(g.data_kinds).dump();
  tx.sql() << "INSERT INTO consent_grants (patient_user_id, case_id, grantee_kind, grantee_user_id, "
              "grantee_organization_id, grantee_role, purpose, data_kinds_json, valid_until, granted_by_user_id, "
              "granted_at, source, representation_id) VALUES (:p, :c, :k, :u, :o, :r, :pu, :d, :v, :b, :at, :s, :rep) "
              "RETURNING id",
      soci::use(patient), soci::use(case_id.v, case_id.ind), soci::use(g.grantee.kind), soci::use(user.v, user.ind),
      soci::use(org.v, org.ind), soci::use(role.v, role.ind), soci::use(g.purpose), soci::use(kinds),
      soci::use(until.v, until.ind), soci::use(by), soci::use(g.granted_at), soci::use(g.source),
      soci::use(representation.v, representation.ind), soci::into(id);
  return id;
}

std::optional<Grant> find_grant(db::Tx& tx, std::int64_t id) {
  long long i = id;
  soci::rowset<soci::row> rows = (tx.sql().prepare << std::string(kGrantSelect) + "WHERE id = :i", soci::use(i));
  for (const auto& r : rows) return read_grant(r);
  return std::nullopt;
}

void mark_revoked(db::Tx& tx, std::int64_t id, const std::string& at, std::int64_t by_user_id) {
  long long i = id, by = by_user_id;
  tx.sql() << "UPDATE consent_grants SET revoked_at = :at, revoked_by_user_id = :b WHERE id = :i AND revoked_at IS NULL",
      soci::use(at), soci::use(by), soci::use(i);
}

std::vector<Grant> unrevoked_grants(db::Tx& tx, std::int64_t patient_user_id, const std::string& purpose) {
  long long p = patient_user_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string(kGrantSelect) +
                               "WHERE patient_user_id = :p AND purpose = :pu AND revoked_at IS NULL ORDER BY id",
       soci::use(p), soci::use(purpose));
  std::vector<Grant> out;
  for (const auto& r : rows) out.push_back(read_grant(r));
  return out;
}

std::vector<Grant> list_grants(db::Tx& tx, std::int64_t patient_user_id, std::optional<std::int64_t> case_id,
                               std::int64_t after_id, int limit) {
  long long p = patient_user_id, before = db::before_or_max(after_id), c = case_id.value_or(0);
  int all_cases = case_id ? 0 : 1;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string(kGrantSelect) +
                               "WHERE patient_user_id = :p AND id < :b AND (:all = 1 OR case_id = :c) "
                               "ORDER BY id DESC LIMIT :l",
       soci::use(p), soci::use(before), soci::use(all_cases), soci::use(c), soci::use(limit));
  std::vector<Grant> out;
  for (const auto& r : rows) out.push_back(read_grant(r));
  return out;
}

int count_grants(db::Tx& tx, std::int64_t patient_user_id) {
  long long p = patient_user_id;
  int n = 0;
  tx.sql() << "SELECT COUNT(*) FROM consent_grants WHERE patient_user_id = :p", soci::use(p), soci::into(n);
  return n;
}

std::int64_t insert_access(db::Tx& tx, const AccessEntry& e) {
  long long id = 0, patient = e.patient_user_id, reader = e.reader_user_id;
  db::NullableInt grant(e.grant_id), org(e.reader_organization_id);
  tx.sql() << "INSERT INTO consent_access_log (patient_user_id, grant_id, reader_user_id, reader_organization_id, "
              "reader_role, purpose, data_kind, resource, module, request_id, at) "
              "VALUES (:p, :g, :u, :o, :r, :pu, :d, :res, :m, :q, :at) RETURNING id",
      soci::use(patient), soci::use(grant.v, grant.ind), soci::use(reader), soci::use(org.v, org.ind),
      soci::use(e.reader_role), soci::use(e.purpose), soci::use(e.data_kind), soci::use(e.resource),
      soci::use(e.module), soci::use(e.request_id), soci::use(e.at), soci::into(id);
  return id;
}

std::vector<AccessEntry> list_access(db::Tx& tx, std::int64_t patient_user_id, std::int64_t after_id, int limit) {
  long long p = patient_user_id, before = db::before_or_max(after_id);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, patient_user_id, grant_id, reader_user_id, reader_organization_id, reader_role, "
                           "purpose, data_kind, resource, module, request_id, at FROM consent_access_log "
                           "WHERE patient_user_id = :p AND id < :b ORDER BY id DESC LIMIT :l",
       soci::use(p), soci::use(before), soci::use(limit));
  std::vector<AccessEntry> out;
  for (const auto& r : rows) {
    AccessEntry e;
    e.id = db::int64_at(r, 0);
    e.patient_user_id = db::int64_at(r, 1);
    e.grant_id = db::opt_int64_at(r, 2);
    e.reader_user_id = db::int64_at(r, 3);
    e.reader_organization_id = db::opt_int64_at(r, 4);
    e.reader_role = r.get<std::string>(5);
    e.purpose = r.get<std::string>(6);
    e.data_kind = r.get<std::string>(7);
    e.resource = r.get<std::string>(8);
    e.module = r.get<std::string>(9);
    e.request_id = r.get<std::string>(10);
    e.at = r.get<std::string>(11);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace medrisk::consent::store
