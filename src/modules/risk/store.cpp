// Risk SQL (see store.hpp).
#include "modules/risk/store.hpp"

#include <soci/soci.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "platform/db/rows.hpp"

namespace medrisk::risk::store {
namespace {

constexpr std::size_t kChunk = 100;  // rows per INSERT (9 parameters each: within SQLite's limit)

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

std::string operations_json(const std::map<std::string, std::int64_t>& ops) {
  if (ops.empty()) return "{}";
  return nlohmann::json(ops).dump();
}

struct Bound {
  long long org = 0, visits = 0, discharges = 0, bed_days = 0, import_id = 0;
  std::string department, month, ops, at;
};

ExposureRecord record_of(const soci::row& r, std::size_t first) {
  ExposureRecord e;
  e.organization_id = db::int64_at(r, first);
  e.department = r.get<std::string>(first + 1);
  e.month = r.get<std::string>(first + 2);
  e.outpatient_visits = db::int64_at(r, first + 3);
  e.discharges = db::int64_at(r, first + 4);
  e.bed_days = db::int64_at(r, first + 5);
  auto ops = nlohmann::json::parse(r.get<std::string>(first + 6));
  for (auto it = ops.begin(); it != ops.end(); ++it) e.operations[it.key()] = it.value().get<std::int64_t>();
  e.import_id = db::int64_at(r, first + 7);
  return e;
}

constexpr const char* kColumns =
    "organization_id, department, month, outpatient_visits, discharges, bed_days, operations_json, import_id";

}  // namespace

std::vector<db::Migration> migrations() {
  return {{1000, "risk_exposure", R"(
CREATE TABLE risk_imports (
  id {{pk}},
  source TEXT NOT NULL CHECK (source IN ('cli', 'partner', 'demo')),
  file_name TEXT NOT NULL,
  organization_id {{bigint}} REFERENCES organizations (id),
  status TEXT NOT NULL CHECK (status IN ('imported', 'refused')),
  row_count {{bigint}} NOT NULL,
  replaced {{bigint}} NOT NULL,
  issues_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX risk_imports_org ON risk_imports (organization_id, id);
CREATE TABLE risk_exposure (
  id {{pk}},
  organization_id {{bigint}} NOT NULL REFERENCES organizations (id),
  department TEXT NOT NULL,
  month TEXT NOT NULL,
  outpatient_visits {{bigint}} NOT NULL CHECK (outpatient_visits >= 0),
  discharges {{bigint}} NOT NULL CHECK (discharges >= 0),
  bed_days {{bigint}} NOT NULL CHECK (bed_days >= 0),
  operations_json TEXT NOT NULL,
  import_id {{bigint}} NOT NULL REFERENCES risk_imports (id),
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX risk_exposure_key ON risk_exposure (organization_id, department, month);
CREATE INDEX risk_exposure_month ON risk_exposure (month)
)"}};
}

std::int64_t upsert_exposure(db::Tx& tx, const std::vector<ExposureRecord>& rows, std::int64_t import_id,
                             const std::string& at) {
  if (rows.empty()) return 0;
  // Which keys exist already (for the report): the rows of the file's organizations and months.
  std::set<std::int64_t> orgs;
  std::string lo = rows.front().month, hi = rows.front().month;
  for (const auto& r : rows) {
    orgs.insert(r.organization_id);
    lo = std::min(lo, r.month);
    hi = std::max(hi, r.month);
  }
  std::set<std::tuple<std::int64_t, std::string, std::string>> existing;
  for (std::int64_t org : orgs) {
    soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT department, month FROM risk_exposure "
                                                      "WHERE organization_id = :o AND month >= :a AND month <= :b",
                                  soci::use(org), soci::use(lo), soci::use(hi));
    for (const auto& r : rs) existing.insert({org, r.get<std::string>(0), r.get<std::string>(1)});
  }
  std::int64_t replaced = 0;
  for (const auto& r : rows)
    if (existing.contains({r.organization_id, r.department, r.month})) ++replaced;

  for (std::size_t from = 0; from < rows.size(); from += kChunk) {
    std::size_t to = std::min(rows.size(), from + kChunk);
    std::vector<Bound> bound;
    bound.reserve(to - from);
    for (std::size_t i = from; i < to; ++i) {
      const auto& r = rows[i];
      bound.push_back({r.organization_id, r.outpatient_visits, r.discharges, r.bed_days, import_id, r.department,
                       r.month, operations_json(r.operations), at});
    }
    std::string sql = std::string("INSERT INTO risk_exposure (") + kColumns + ", updated_at) VALUES " +
                      values_list(bound.size(), 9) +
                      " ON CONFLICT (organization_id, department, month) DO UPDATE SET "
                      "outpatient_visits = excluded.outpatient_visits, discharges = excluded.discharges, "
                      "bed_days = excluded.bed_days, operations_json = excluded.operations_json, "
                      "import_id = excluded.import_id, updated_at = excluded.updated_at";
    soci::statement st(tx.sql());
    for (auto& b : bound) {
      st.exchange(soci::use(b.org));
      st.exchange(soci::use(b.department));
      st.exchange(soci::use(b.month));
      st.exchange(soci::use(b.visits));
      st.exchange(soci::use(b.discharges));
      st.exchange(soci::use(b.bed_days));
      st.exchange(soci::use(b.ops));
      st.exchange(soci::use(b.import_id));
      st.exchange(soci::use(b.at));
    }
    st.alloc();
    st.prepare(sql, soci::details::st_one_time_query);
    st.define_and_bind();
    st.execute(true);
  }
  return replaced;
}

std::vector<ExposureRecord> exposure_between(db::Tx& tx, const std::string& from_month, const std::string& to_month,
                                             std::optional<std::int64_t> organization_id) {
  std::vector<ExposureRecord> out;
  long long org = organization_id.value_or(0);
  int all = organization_id ? 0 : 1;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << std::string("SELECT ") + kColumns +
                               " FROM risk_exposure WHERE month >= :a AND month <= :b AND (:every = 1 OR organization_id = :o) "
                               "ORDER BY organization_id, department, month",
       soci::use(from_month), soci::use(to_month), soci::use(all), soci::use(org));
  for (const auto& r : rs) out.push_back(record_of(r, 0));
  return out;
}

std::vector<ExposureRow> list_exposure(db::Tx& tx, const ExposureQuery& q, const std::vector<std::int64_t>& visible_orgs,
                                       bool all_orgs) {
  std::vector<ExposureRow> out;
  std::set<std::int64_t> visible(visible_orgs.begin(), visible_orgs.end());
  long long org = q.organization_id.value_or(0);
  int any = q.organization_id ? 0 : 1;
  long long after = q.after_id;
  int limit = q.limit;
  // Filtered by visibility here, paged in SQL by organization where one is asked for.
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << std::string("SELECT id, ") + kColumns +
                               ", updated_at FROM risk_exposure WHERE id > :after AND month >= :a AND month <= :b "
                               "AND (:any = 1 OR organization_id = :o) ORDER BY id",
       soci::use(after), soci::use(q.from_month), soci::use(q.to_month), soci::use(any), soci::use(org));
  for (const auto& r : rs) {
    ExposureRow row;
    row.id = db::int64_at(r, 0);
    row.r = record_of(r, 1);
    row.updated_at = r.get<std::string>(9);
    if (!all_orgs && !visible.contains(row.r.organization_id)) continue;
    out.push_back(std::move(row));
    if (static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

std::int64_t insert_import(db::Tx& tx, const ImportReport& r) {
  nlohmann::json issues = nlohmann::json::array();
  for (const auto& i : r.issues)
    issues.push_back({{"row", i.row}, {"column", i.column}, {"code", i.code}, {"detail", i.detail}});
  db::NullableInt org(r.organization_id);
  long long rows = r.rows, replaced = r.replaced;
  std::string issues_json = issues.dump();
  long long id = 0;
  tx.sql() << "INSERT INTO risk_imports (source, file_name, organization_id, status, row_count, replaced, issues_json, "
              "created_at) VALUES (:s, :f, :o, :st, :r, :rp, :i, :c) RETURNING id",
      soci::use(r.source), soci::use(r.file_name), soci::use(org.v, org.ind), soci::use(r.status), soci::use(rows),
      soci::use(replaced), soci::use(issues_json), soci::use(r.created_at), soci::into(id);
  return id;
}

void set_replaced(db::Tx& tx, std::int64_t import_id, std::int64_t replaced) {
  long long id = import_id, n = replaced;
  tx.sql() << "UPDATE risk_imports SET replaced = :n WHERE id = :i", soci::use(n), soci::use(id);
}

std::vector<ImportReport> list_imports(db::Tx& tx, std::optional<std::int64_t> organization_id, int limit) {
  std::vector<ImportReport> out;
  long long org = organization_id.value_or(0);
  int all = organization_id ? 0 : 1;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT id, source, file_name, organization_id, status, row_count, replaced, issues_json, "
                           "created_at FROM risk_imports WHERE (:every = 1 OR organization_id = :o) ORDER BY id DESC LIMIT :l",
       soci::use(all), soci::use(org), soci::use(limit));
  for (const auto& r : rs) {
    ImportReport i;
    i.id = db::int64_at(r, 0);
    i.source = r.get<std::string>(1);
    i.file_name = r.get<std::string>(2);
    i.organization_id = db::opt_int64_at(r, 3);
    i.status = r.get<std::string>(4);
    i.rows = db::int64_at(r, 5);
    i.replaced = db::int64_at(r, 6);
    for (const auto& j : nlohmann::json::parse(r.get<std::string>(7)))
      i.issues.push_back({j.at("row").get<std::int64_t>(), j.at("column").get<std::string>(),
                          j.at("code").get<std::string>(), j.at("detail").get<std::string>()});
    i.created_at = r.get<std::string>(8);
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace medrisk::risk::store
