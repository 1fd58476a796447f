// SQL of the witnessing module (see store.hpp). Every statement is parameterized.
#include "modules/witnessing/store.hpp"

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "platform/db/cached.hpp"
#include "platform/db/rows.hpp"

namespace medrisk::witnessing::store {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "id, public_id, institution_id, surgeon_user_id, procedure_code, procedure_name_zh, procedure_name_en, "
    "templates_version, procedure_date, status, risks_json, personal_enc, patient_phone_index, corrects_id, "
    "corrected_by_id, record_hash, canonical, leaf_index, sealed_at, created_at, updated_at, "
    "(SELECT c.public_id FROM witness_records c WHERE c.id = witness_records.corrects_id)";

}  // namespace

std::string risks_json(const std::vector<Risk>& risks) {
  json a = json::array();
  for (const auto& r : risks)
    a.push_back({{"key", r.key},
                 {"zh", r.text_zh},
                 {"en", r.text_en},
                 {"acknowledged_at", r.acknowledged_at ? json(*r.acknowledged_at) : json(nullptr)}});
  return a.dump();
}

namespace {

std::vector<Risk> risks_of(const std::string& text) {
  std::vector<Risk> out;
  for (const auto& r : json::parse(text))
    out.push_back({r.at("key"), r.at("zh"), r.at("en"),
                   r.at("acknowledged_at").is_null() ? std::nullopt
                                                     : std::optional<std::string>(r.at("acknowledged_at").get<std::string>())});
  return out;
}

std::optional<std::string> opt_text(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return r.get<std::string>(i);
}

Row read_row(const soci::row& row) {
  Row out;
  WitnessRecord& r = out.record;
  r.id = db::int64_at(row, 0);
  r.public_id = row.get<std::string>(1);
  r.institution_id = db::int64_at(row, 2);
  r.surgeon_user_id = db::int64_at(row, 3);
  r.procedure_code = row.get<std::string>(4);
  r.procedure_name_zh = row.get<std::string>(5);
  r.procedure_name_en = row.get<std::string>(6);
  r.templates_version = row.get<std::string>(7);
  r.procedure_date = *Date::parse(row.get<std::string>(8));
  r.status = row.get<std::string>(9);
  r.risks = risks_of(row.get<std::string>(10));
  out.personal_enc = row.get<std::string>(11);
  r.patient_phone_index = row.get<std::string>(12);
  r.corrects_id = db::opt_int64_at(row, 13);
  r.corrected_by_id = db::opt_int64_at(row, 14);
  r.record_hash = opt_text(row, 15);
  r.canonical = opt_text(row, 16);
  r.leaf_index = db::opt_int64_at(row, 17);
  r.sealed_at = opt_text(row, 18);
  r.created_at = row.get<std::string>(19);
  r.updated_at = row.get<std::string>(20);
  r.corrects_public_id = opt_text(row, 21);
  return out;
}

std::optional<Row> one(db::Tx& tx, const std::string& where, const std::string& value) {
  std::optional<Row> out;
  db::for_each_cached(
      tx, std::string("SELECT ") + kColumns + " FROM witness_records WHERE " + where,
      [&](const soci::row& r) {
        if (!out) out = read_row(r);
      },
      soci::use(value));
  return out;
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{1100, "witnessing", R"(
CREATE TABLE witness_records (
  id {{pk}},
  public_id TEXT NOT NULL UNIQUE,
  institution_id {{bigint}} NOT NULL REFERENCES organizations (id),
  surgeon_user_id {{bigint}} NOT NULL REFERENCES users (id),
  procedure_code TEXT NOT NULL,
  procedure_name_zh TEXT NOT NULL,
  procedure_name_en TEXT NOT NULL,
  templates_version TEXT NOT NULL,
  procedure_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'sealed')),
  risks_json TEXT NOT NULL,
  personal_enc TEXT NOT NULL,
  patient_phone_index TEXT NOT NULL,
  corrects_id {{bigint}} REFERENCES witness_records (id),
  corrected_by_id {{bigint}} REFERENCES witness_records (id),
  record_hash TEXT,
  canonical TEXT,
  leaf_index {{bigint}},
  sealed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX witness_records_institution ON witness_records (institution_id, id);
CREATE INDEX witness_records_patient ON witness_records (patient_phone_index, id);
CREATE INDEX witness_records_corrects ON witness_records (corrects_id);
CREATE TABLE witness_attachments (
  id {{pk}},
  record_id {{bigint}} NOT NULL REFERENCES witness_records (id),
  kind TEXT NOT NULL CHECK (kind IN ('audio', 'video', 'photo')),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size_bytes {{bigint}} NOT NULL,
  uploaded_by {{bigint}} NOT NULL,
  storage_key TEXT NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX witness_attachments_record ON witness_attachments (record_id);
)"}};
}

std::int64_t insert_record(db::Tx& tx, const WitnessRecord& r, const std::string& personal_enc) {
  long long id = 0, inst = r.institution_id, surgeon = r.surgeon_user_id;
  db::NullableInt corrects(r.corrects_id);
  std::string risks = risks_json(r.risks), date = r.procedure_date.to_string();
  tx.sql() << "INSERT INTO witness_records (public_id, institution_id, surgeon_user_id, procedure_code, "
              "procedure_name_zh, procedure_name_en, templates_version, procedure_date, status, risks_json, "
              "personal_enc, patient_phone_index, corrects_id, created_at, updated_at) VALUES (:p, :i, :s, :c, :nz, "
              ":ne, :tv, :d, 'draft', :r, :pe, :pi, :co, :at, :at2) RETURNING id",
      soci::use(r.public_id), soci::use(inst), soci::use(surgeon), soci::use(r.procedure_code),
      soci::use(r.procedure_name_zh), soci::use(r.procedure_name_en), soci::use(r.templates_version), soci::use(date),
      soci::use(risks), soci::use(personal_enc), soci::use(r.patient_phone_index), soci::use(corrects.v, corrects.ind),
      soci::use(r.created_at), soci::use(r.created_at), soci::into(id);
  return id;
}

bool update_draft(db::Tx& tx, std::int64_t id, const std::vector<Risk>& risks, const std::string& personal_enc,
                  const std::string& at) {
  long long i = id;
  std::string rj = risks_json(risks);
  soci::statement st = (tx.sql().prepare << "UPDATE witness_records SET risks_json = :r, personal_enc = :p, "
                                            "updated_at = :at WHERE id = :id AND status = 'draft'",
                        soci::use(rj), soci::use(personal_enc), soci::use(at), soci::use(i));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool seal(db::Tx& tx, std::int64_t id, const std::string& read_personal_enc, const std::string& risks_json,
          const std::string& personal_enc, const std::string& record_hash, const std::string& canonical,
          std::optional<std::int64_t> leaf_index, const std::string& at) {
  long long key = id;
  db::NullableInt leaf(leaf_index);
  return db::execute_cached(tx,
                            "UPDATE witness_records SET status = 'sealed', risks_json = :r, personal_enc = :p, "
                            "record_hash = :h, canonical = :c, leaf_index = :l, sealed_at = :at, updated_at = :at2 "
                            "WHERE id = :id AND status = 'draft' AND personal_enc = :read",
                            soci::use(risks_json), soci::use(personal_enc), soci::use(record_hash), soci::use(canonical),
                            soci::use(leaf.v, leaf.ind), soci::use(at), soci::use(at), soci::use(key),
                            soci::use(read_personal_enc)) == 1;
}

void mark_corrected(db::Tx& tx, std::int64_t id, std::int64_t by_id, const std::string& at) {
  long long i = id, by = by_id;
  tx.sql() << "UPDATE witness_records SET corrected_by_id = :b, updated_at = :at WHERE id = :id AND status = 'sealed' "
              "AND corrected_by_id IS NULL",
      soci::use(by), soci::use(at), soci::use(i);
}

std::optional<Row> find(db::Tx& tx, std::int64_t id) {
  return one(tx, "id = CAST(:v AS BIGINT)", std::to_string(id));
}

std::optional<Row> find_by_public_id(db::Tx& tx, const std::string& public_id) {
  return one(tx, "public_id = :v", public_id);
}

std::optional<std::string> public_id_of(db::Tx& tx, std::int64_t id) {
  long long i = id;
  std::string p;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT public_id FROM witness_records WHERE id = :id", soci::use(i), soci::into(p, ind);
  if (!tx.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return p;
}

namespace {

std::vector<Row> list_where(db::Tx& tx, const std::string& where, const std::string& key, std::int64_t after_id,
                            int limit) {
  long long after = after_id > 0 ? after_id : std::numeric_limits<long long>::max();
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns + " FROM witness_records WHERE " + where +
                               " AND id < :a ORDER BY id DESC LIMIT :l",
       soci::use(key), soci::use(after), soci::use(limit));
  std::vector<Row> out;
  for (const auto& r : rows) out.push_back(read_row(r));
  return out;
}

}  // namespace

std::vector<Row> list_for_institution(db::Tx& tx, std::int64_t institution_id, std::int64_t after_id, int limit) {
  return list_where(tx, "institution_id = CAST(:k AS BIGINT)", std::to_string(institution_id), after_id, limit);
}

std::vector<Row> list_for_phone_index(db::Tx& tx, const std::string& phone_index, std::int64_t after_id, int limit) {
  return list_where(tx, "patient_phone_index = :k", phone_index, after_id, limit);
}

std::optional<std::int64_t> correction_of(db::Tx& tx, std::int64_t id) {
  long long i = id, c = 0;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT id FROM witness_records WHERE corrects_id = :id ORDER BY id LIMIT 1", soci::use(i),
      soci::into(c, ind);
  if (!tx.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return c;
}

std::int64_t insert_attachment(db::Tx& tx, const Attachment& a) {
  long long id = 0, rec = a.record_id, size = a.size_bytes, by = a.uploaded_by;
  tx.sql() << "INSERT INTO witness_attachments (record_id, kind, file_name, content_type, sha256, size_bytes, "
              "uploaded_by, storage_key, uploaded_at) VALUES (:r, :k, :f, :c, :s, :z, :b, :sk, :at) RETURNING id",
      soci::use(rec), soci::use(a.kind), soci::use(a.file_name), soci::use(a.content_type), soci::use(a.sha256),
      soci::use(size), soci::use(by), soci::use(a.storage_key), soci::use(a.uploaded_at), soci::into(id);
  return id;
}

std::vector<Attachment> attachments_of(db::Tx& tx, std::int64_t record_id) {
  long long rec = record_id;
  std::vector<Attachment> out;
  db::for_each_cached(
      tx,
      "SELECT id, record_id, kind, file_name, content_type, sha256, size_bytes, uploaded_by, storage_key, uploaded_at "
      "FROM witness_attachments WHERE record_id = :r ORDER BY id",
      [&](const soci::row& r) {
        out.push_back({db::int64_at(r, 0), db::int64_at(r, 1), r.get<std::string>(2), r.get<std::string>(3),
                       r.get<std::string>(4), r.get<std::string>(5), db::int64_at(r, 6), db::int64_at(r, 7),
                       r.get<std::string>(8), r.get<std::string>(9)});
      },
      soci::use(rec));
  return out;
}

}  // namespace medrisk::witnessing::store
