// SQL of visit policies and partner keys (see visit_store.hpp). Every statement is parameterized;
// the multi-row statements build only placeholder lists, never values, into their text.
#include "modules/insurance/visit_store.hpp"

#include <soci/soci.h>

#include <limits>
#include <map>
#include <set>

#include "platform/db/partitions.hpp"
#include "platform/db/rows.hpp"

namespace medrisk::insurance::visit_store {
namespace {

constexpr std::size_t kInsertChunk = 500;  // rows per INSERT: 19 parameters each, well below both limits

// visit_date is a DATE on PostgreSQL (the partition key, migration 356) and text on SQLite.
std::string policy_columns(db::Tx& tx) {
  return std::string("id, policy_number, organization_id, visit_id, department, ") +
         (tx.dialect() == db::Dialect::postgresql ? "to_char(visit_date, 'YYYY-MM-DD')" : "visit_date") +
         ", cover_start, cover_end, product_code, product_version, premium_fen, sum_insured_fen, status, created_at, "
         "patient_masked";
}

Date date_of(const std::string& s) {
  auto d = Date::parse(s);
  if (!d.ok()) throw std::runtime_error("stored date is malformed");
  return *d;
}

VisitPolicy read_policy(const soci::row& r) {
  VisitPolicy p;
  p.id = db::int64_at(r, 0);
  p.policy_number = r.get<std::string>(1);
  p.organization_id = db::int64_at(r, 2);
  p.visit_id = r.get<std::string>(3);
  p.department = r.get<std::string>(4);
  p.visit_date = date_of(r.get<std::string>(5));
  p.cover_start = date_of(r.get<std::string>(6));
  p.cover_end = date_of(r.get<std::string>(7));
  p.product_code = r.get<std::string>(8);
  p.product_version = r.get<std::string>(9);
  p.premium = Money::from_fen(db::int64_at(r, 10));
  p.sum_insured = Money::from_fen(db::int64_at(r, 11));
  p.status = r.get<std::string>(12);
  p.created_at = r.get<std::string>(13);
  p.patient_masked = r.get<std::string>(14);
  return p;
}


soci::indicator ind(const std::optional<std::string>& v) { return v ? soci::i_ok : soci::i_null; }

// Bound storage of one row of the multi-row INSERT (soci keeps references to it until execution).
struct Bound {
  std::string number, visit_id, key_id, id_enc, id_index, phone_enc, phone_index, masked, department, visit_date,
      cover_start, cover_end, product_code, product_version, status, created_at;
  long long org = 0, premium = 0, sum_insured = 0;
  soci::indicator id_enc_i = soci::i_null, id_index_i = soci::i_null, phone_enc_i = soci::i_null,
                  phone_index_i = soci::i_null;
};

Bound bind_row(const PolicyRow& r) {
  const VisitPolicy& p = r.policy;
  Bound b{p.policy_number, p.visit_id, r.partner_key_id, r.id_number_enc.value_or(""), r.id_number_index.value_or(""),
          r.phone_enc.value_or(""), r.phone_index.value_or(""), p.patient_masked, p.department, p.visit_date.to_string(),
          p.cover_start.to_string(), p.cover_end.to_string(), p.product_code, p.product_version, p.status,
          p.created_at, p.organization_id, p.premium.fen(), p.sum_insured.fen()};
  b.id_enc_i = ind(r.id_number_enc);
  b.id_index_i = ind(r.id_number_index);
  b.phone_enc_i = ind(r.phone_enc);
  b.phone_index_i = ind(r.phone_index);
  return b;
}

void exchange_row(soci::statement& st, Bound& b) {
  st.exchange(soci::use(b.number));
  st.exchange(soci::use(b.org));
  st.exchange(soci::use(b.visit_id));
  st.exchange(soci::use(b.key_id));
  st.exchange(soci::use(b.id_enc, b.id_enc_i));
  st.exchange(soci::use(b.id_index, b.id_index_i));
  st.exchange(soci::use(b.phone_enc, b.phone_enc_i));
  st.exchange(soci::use(b.phone_index, b.phone_index_i));
  st.exchange(soci::use(b.masked));
  st.exchange(soci::use(b.department));
  st.exchange(soci::use(b.visit_date));
  st.exchange(soci::use(b.cover_start));
  st.exchange(soci::use(b.cover_end));
  st.exchange(soci::use(b.product_code));
  st.exchange(soci::use(b.product_version));
  st.exchange(soci::use(b.premium));
  st.exchange(soci::use(b.sum_insured));
  st.exchange(soci::use(b.status));
  st.exchange(soci::use(b.created_at));
}

std::string values_list(std::size_t rows, std::size_t columns) {
  std::string out;
  std::size_t n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    out += r ? ", (" : "(";
    for (std::size_t c = 0; c < columns; ++c) out += (c ? ", :p" : ":p") + std::to_string(n++);
    out += ")";
  }
  return out;
}

void insert_chunk(db::Tx& tx, std::vector<PolicyRow>& rows, std::size_t from, std::size_t to) {
  std::vector<Bound> bound;
  bound.reserve(to - from);
  for (std::size_t i = from; i < to; ++i) bound.push_back(bind_row(rows[i]));
  std::string sql =
      "INSERT INTO visit_policies (policy_number, organization_id, visit_id, partner_key_id, id_number_enc, "
      "id_number_index, phone_enc, phone_index, patient_masked, department, visit_date, cover_start, cover_end, "
      "product_code, product_version, premium_fen, sum_insured_fen, status, created_at) VALUES " +
      values_list(bound.size(), 19) + " RETURNING id, policy_number";
  soci::statement st(tx.sql());
  soci::row r;
  st.exchange(soci::into(r));
  for (auto& b : bound) exchange_row(st, b);
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
  std::map<std::string, std::int64_t> ids;
  if (st.execute(true)) {
    do ids[r.get<std::string>(1)] = db::int64_at(r, 0);
    while (st.fetch());
  }
  for (std::size_t i = from; i < to; ++i) rows[i].policy.id = ids.at(rows[i].policy.policy_number);
}

std::string visit_policy_partitions_sql() {
  return R"(CREATE TABLE visit_policy_keys (
  organization_id BIGINT NOT NULL,
  visit_id TEXT NOT NULL,
  policy_number TEXT NOT NULL UNIQUE,
  PRIMARY KEY (organization_id, visit_id)
);
INSERT INTO visit_policy_keys (organization_id, visit_id, policy_number)
  SELECT organization_id, visit_id, policy_number FROM visit_policies;
ALTER TABLE visit_policies DROP CONSTRAINT visit_policies_organization_id_visit_id_key;
ALTER TABLE visit_policies DROP CONSTRAINT visit_policies_policy_number_key;
ALTER TABLE visit_policies DROP CONSTRAINT visit_policies_pkey;
ALTER TABLE visit_policies ALTER COLUMN visit_date TYPE DATE USING visit_date::date;
ALTER TABLE visit_policies ADD CONSTRAINT visit_policies_pkey PRIMARY KEY (id, visit_date);
)" + db::partitions::convert_sql({"visit_policies", "visit_date", db::partitions::Spec::Kind::time, "monthly", 4}) +
         R"(;
-- the issuance's look-up by visit id (it used the unique key's index): one probe per month partition
CREATE INDEX visit_policies_visit ON visit_policies (organization_id, visit_id);
CREATE FUNCTION visit_policy_keys_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO visit_policy_keys (organization_id, visit_id, policy_number)
    VALUES (NEW.organization_id, NEW.visit_id, NEW.policy_number);
  RETURN NEW;
END $$;
CREATE TRIGGER visit_policy_keys_claim BEFORE INSERT ON visit_policies
  FOR EACH ROW EXECUTE FUNCTION visit_policy_keys_claim();
CREATE FUNCTION visit_policy_keys_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM visit_policy_keys WHERE organization_id = OLD.organization_id AND visit_id = OLD.visit_id;
  RETURN OLD;
END $$;
CREATE TRIGGER visit_policy_keys_release AFTER DELETE ON visit_policies
  FOR EACH ROW EXECUTE FUNCTION visit_policy_keys_release();
CREATE FUNCTION visit_policy_keys_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a visit policy''s organization, visit id and number never change' USING ERRCODE = '23505';
END $$;
CREATE TRIGGER visit_policy_keys_frozen BEFORE UPDATE OF organization_id, visit_id, policy_number ON visit_policies
  FOR EACH ROW WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id OR OLD.visit_id IS DISTINCT FROM NEW.visit_id
                     OR OLD.policy_number IS DISTINCT FROM NEW.policy_number)
  EXECUTE FUNCTION visit_policy_keys_frozen();
-- rows of a date no partition covers yet wait in the default partition until the insurance job moves
-- them (VisitPolicyService::ensure_partitions); maintenance must not count them as the newest data
UPDATE partman.part_config SET ignore_default_data = true WHERE parent_table = 'public.visit_policies')";
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{350, "insurance_partner_keys", R"(
CREATE TABLE partner_keys (
  id {{pk}},
  key_id TEXT NOT NULL UNIQUE,
  organization_id {{bigint}} NOT NULL REFERENCES organizations (id),
  secret_enc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX partner_keys_organization ON partner_keys (organization_id);
CREATE TABLE partner_nonces (
  key_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (key_id, nonce)
);
CREATE INDEX partner_nonces_expiry ON partner_nonces (expires_at)
)"},
          {351, "insurance_visit_policies", R"(
CREATE TABLE visit_policies (
  id {{pk}},
  policy_number TEXT NOT NULL UNIQUE,
  organization_id {{bigint}} NOT NULL REFERENCES organizations (id),
  visit_id TEXT NOT NULL,
  partner_key_id TEXT NOT NULL,
  id_number_enc TEXT,
  id_number_index TEXT,
  phone_enc TEXT,
  phone_index TEXT,
  patient_masked TEXT NOT NULL,
  department TEXT NOT NULL,
  visit_date TEXT NOT NULL,
  cover_start TEXT NOT NULL,
  cover_end TEXT NOT NULL,
  product_code TEXT NOT NULL,
  product_version TEXT NOT NULL,
  premium_fen {{bigint}} NOT NULL CHECK (premium_fen >= 0),
  sum_insured_fen {{bigint}} NOT NULL CHECK (sum_insured_fen >= 0),
  status TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
  created_at TEXT NOT NULL,
  UNIQUE (organization_id, visit_id)
);
CREATE INDEX visit_policies_phone ON visit_policies (phone_index, id);
CREATE INDEX visit_policies_id_number ON visit_policies (id_number_index, id)
)"},
          // Issue 17: on PostgreSQL visit policies are partitioned by month of their visit date (pg_partman).
          // A unique key of a partitioned table must contain the partition key, so the two keys that must
          // hold across months move to visit_policy_keys (not partitioned), filled by a trigger in the
          // inserting transaction: unique (organization, visit_id), the issuance's idempotency key, and
          // the policy number. The id stays unique by its sequence (nothing inserts an explicit id); the
          // primary key becomes (id, visit_date). SQLite keeps one table with its original keys.
          {356, "insurance_visit_policy_partitions", visit_policy_partitions_sql(), "", db::Dialect::postgresql}};
}

std::int64_t insert_partner_key(db::Tx& tx, const PartnerKey& k, const std::string& secret_enc) {
  long long org = k.organization_id, id = 0;
  tx.sql() << "INSERT INTO partner_keys (key_id, organization_id, secret_enc, created_at) VALUES (:k, :o, :s, :c) "
              "RETURNING id",
      soci::use(k.key_id), soci::use(org), soci::use(secret_enc), soci::use(k.created_at), soci::into(id);
  return id;
}

std::optional<PartnerKeyRow> find_partner_key(db::Tx& tx, const std::string& key_id) {
  soci::row r;
  tx.sql() << "SELECT id, key_id, organization_id, created_at, revoked_at, secret_enc FROM partner_keys "
              "WHERE key_id = :k",
      soci::use(key_id), soci::into(r);
  if (!tx.sql().got_data()) return std::nullopt;
  PartnerKeyRow out;
  out.key = {db::int64_at(r, 0), r.get<std::string>(1), db::int64_at(r, 2), r.get<std::string>(3),
             db::opt_string_at(r, 4)};
  out.secret_enc = r.get<std::string>(5);
  return out;
}

std::vector<PartnerKey> list_partner_keys(db::Tx& tx, std::int64_t organization_id) {
  long long org = organization_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, key_id, organization_id, created_at, revoked_at FROM partner_keys "
                           "WHERE organization_id = :o ORDER BY id",
       soci::use(org));
  std::vector<PartnerKey> out;
  for (const auto& r : rows)
    out.push_back({db::int64_at(r, 0), r.get<std::string>(1), db::int64_at(r, 2), r.get<std::string>(3),
                   db::opt_string_at(r, 4)});
  return out;
}

bool revoke_partner_key(db::Tx& tx, const std::string& key_id, const std::string& at) {
  soci::statement st = (tx.sql().prepare << "UPDATE partner_keys SET revoked_at = :a WHERE key_id = :k AND revoked_at IS NULL",
                        soci::use(at), soci::use(key_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool insert_nonce(db::Tx& tx, const std::string& key_id, const std::string& nonce, const std::string& expires_at) {
  soci::statement st(tx.sql());
  std::string k = key_id, n = nonce, e = expires_at;
  st.exchange(soci::use(k));
  st.exchange(soci::use(n));
  st.exchange(soci::use(e));
  st.alloc();
  st.prepare("INSERT INTO partner_nonces (key_id, nonce, expires_at) VALUES (:k, :n, :e) ON CONFLICT DO NOTHING",
             soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<bool> insert_nonces(db::Tx& tx, std::vector<NonceRow> rows) {
  std::vector<bool> fresh(rows.size(), false);
  if (rows.empty()) return fresh;
  std::string sql = "INSERT INTO partner_nonces (key_id, nonce, expires_at) VALUES " + values_list(rows.size(), 3) +
                    " ON CONFLICT DO NOTHING RETURNING key_id, nonce";
  soci::statement st(tx.sql());
  soci::row r;
  st.exchange(soci::into(r));
  for (auto& n : rows) {
    st.exchange(soci::use(n.key_id));
    st.exchange(soci::use(n.nonce));
    st.exchange(soci::use(n.expires_at));
  }
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
  std::set<std::pair<std::string, std::string>> inserted;
  if (st.execute(true)) {
    do inserted.insert({r.get<std::string>(0), r.get<std::string>(1)});
    while (st.fetch());
  }
  for (std::size_t i = 0; i < rows.size(); ++i) fresh[i] = inserted.count({rows[i].key_id, rows[i].nonce}) > 0;
  return fresh;
}

std::int64_t purge_nonces(db::Tx& tx, const std::string& now_iso) {
  soci::statement st = (tx.sql().prepare << "DELETE FROM partner_nonces WHERE expires_at < :n", soci::use(now_iso));
  st.execute(true);
  return st.get_affected_rows();
}

std::vector<VisitPolicy> find_by_visit_ids(db::Tx& tx, std::int64_t organization_id,
                                           const std::vector<std::string>& visit_ids) {
  std::vector<VisitPolicy> out;
  if (visit_ids.empty()) return out;
  std::string sql = "SELECT " + policy_columns(tx) + " FROM visit_policies WHERE organization_id = :o AND visit_id IN (";
  for (std::size_t i = 0; i < visit_ids.size(); ++i) sql += (i ? ", :v" : ":v") + std::to_string(i);
  sql += ")";
  long long org = organization_id;
  std::vector<std::string> ids = visit_ids;
  soci::statement st(tx.sql());
  soci::row r;
  st.exchange(soci::into(r));
  st.exchange(soci::use(org));
  for (auto& v : ids) st.exchange(soci::use(v));
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
  if (st.execute(true)) {
    do out.push_back(read_policy(r));
    while (st.fetch());
  }
  return out;
}

void insert_policies(db::Tx& tx, std::vector<PolicyRow>& rows) {
  for (std::size_t from = 0; from < rows.size(); from += kInsertChunk)
    insert_chunk(tx, rows, from, std::min(rows.size(), from + kInsertChunk));
}

std::vector<VisitPolicy> list_for_organization(db::Tx& tx, std::int64_t organization_id, std::int64_t before_id,
                                               int limit) {
  long long org = organization_id, before = db::before_or_max(before_id);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT " + policy_columns(tx) +
                               " FROM visit_policies WHERE organization_id = :o AND id < :b ORDER BY id DESC LIMIT :l",
       soci::use(org), soci::use(before), soci::use(limit));
  std::vector<VisitPolicy> out;
  for (const auto& r : rows) out.push_back(read_policy(r));
  return out;
}

std::vector<VisitPolicy> list_for_indexes(db::Tx& tx, const std::optional<std::string>& phone_index,
                                          std::int64_t before_id, int limit) {
  std::vector<VisitPolicy> out;
  if (!phone_index) return out;
  long long before = db::before_or_max(before_id);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT " + policy_columns(tx) +
                               " FROM visit_policies WHERE phone_index = :p AND id < :b ORDER BY id DESC LIMIT :l",
       soci::use(*phone_index), soci::use(before), soci::use(limit));
  for (const auto& r : rows) out.push_back(read_policy(r));
  return out;
}

std::optional<VisitPolicy> find_by_number_for_phone(db::Tx& tx, const std::string& policy_number,
                                                    const std::string& phone_index) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT " + policy_columns(tx) +
                               " FROM visit_policies WHERE policy_number = :n AND phone_index = :p",
       soci::use(policy_number), soci::use(phone_index));
  for (const auto& r : rows) return read_policy(r);
  return std::nullopt;
}

std::optional<VisitPolicy> find_by_id_for_phone(db::Tx& tx, std::int64_t id, const std::string& phone_index) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT " + policy_columns(tx) + " FROM visit_policies WHERE id = :id AND phone_index = :p",
       soci::use(key), soci::use(phone_index));
  for (const auto& r : rows) return read_policy(r);
  return std::nullopt;
}

std::int64_t count_policies(db::Tx& tx) {
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM visit_policies", soci::into(n);
  return n;
}

}  // namespace medrisk::insurance::visit_store
