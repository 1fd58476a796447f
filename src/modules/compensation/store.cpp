// SQL of the compensation module (see store.hpp). Every statement is parameterized.
#include "modules/compensation/store.hpp"

#include <soci/soci.h>

#include <limits>

#include "platform/db/rows.hpp"

namespace medrisk::compensation::store {
namespace {

constexpr const char* kColumns =
    "c.id, c.case_id, c.label, c.parameter_version, c.gross_fen, c.liable_fen, c.insurer_payable_fen, c.input_json, "
    "c.result_json, c.created_by_user_id, c.created_at";

std::vector<std::int64_t> organizations_of(db::Tx& tx, long long id) {
  std::vector<std::int64_t> out;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT organization_id FROM compensation_calculation_organizations "
                           "WHERE calculation_id = :id ORDER BY organization_id",
       soci::use(id));
  for (const auto& r : rows) out.push_back(db::int64_at(r, 0));
  return out;
}

SavedCalculation read(const soci::row& r) {
  SavedCalculation c;
  c.id = db::int64_at(r, 0);
  c.case_id = db::int64_at(r, 1);
  c.label = r.get<std::string>(2);
  c.parameter_version = r.get<std::string>(3);
  c.gross = Money::from_fen(db::int64_at(r, 4));
  c.liable = Money::from_fen(db::int64_at(r, 5));
  c.insurer_payable = Money::from_fen(db::int64_at(r, 6));
  c.input_json = r.get<std::string>(7);
  c.result_json = r.get<std::string>(8);
  c.created_by_user_id = db::int64_at(r, 9);
  c.created_at = r.get<std::string>(10);
  return c;
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{600, "compensation", R"(
CREATE TABLE compensation_calculations (
  id {{pk}},
  case_id {{bigint}} NOT NULL CHECK (case_id > 0),
  label TEXT NOT NULL,
  parameter_version TEXT NOT NULL,
  gross_fen {{bigint}} NOT NULL,
  liable_fen {{bigint}} NOT NULL,
  insurer_payable_fen {{bigint}} NOT NULL,
  input_json TEXT NOT NULL,
  result_json TEXT NOT NULL,
  created_by_user_id {{bigint}} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX compensation_calculations_by_case ON compensation_calculations (case_id, id);
CREATE TABLE compensation_calculation_organizations (
  calculation_id {{bigint}} NOT NULL REFERENCES compensation_calculations (id),
  organization_id {{bigint}} NOT NULL,
  PRIMARY KEY (calculation_id, organization_id)
);
CREATE INDEX compensation_calculation_organizations_by_org ON compensation_calculation_organizations (organization_id)
)"}};
}

std::int64_t insert_calculation(db::Tx& tx, const SavedCalculation& c) {
  long long id = 0, case_id = c.case_id, user = c.created_by_user_id;
  long long gross = c.gross.fen(), liable = c.liable.fen(), payable = c.insurer_payable.fen();
  tx.sql() << "INSERT INTO compensation_calculations (case_id, label, parameter_version, gross_fen, liable_fen, "
              "insurer_payable_fen, input_json, result_json, created_by_user_id, created_at) "
              "VALUES (:case_id, :label, :version, :gross, :liable, :payable, :input, :result, :user, :at) RETURNING id",
      soci::use(case_id), soci::use(c.label), soci::use(c.parameter_version), soci::use(gross), soci::use(liable),
      soci::use(payable), soci::use(c.input_json), soci::use(c.result_json), soci::use(user), soci::use(c.created_at),
      soci::into(id);
  for (std::int64_t org : c.organization_ids) {
    long long o = org;
    tx.sql() << "INSERT INTO compensation_calculation_organizations (calculation_id, organization_id) VALUES (:c, :o)",
        soci::use(id), soci::use(o);
  }
  return id;
}

std::optional<SavedCalculation> find_calculation(db::Tx& tx, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns + " FROM compensation_calculations c WHERE c.id = :id",
       soci::use(key));
  std::optional<SavedCalculation> out;
  for (const auto& r : rows) out = read(r);
  if (out) out->organization_ids = organizations_of(tx, out->id);
  return out;
}

std::vector<SavedCalculation> list_by_case(db::Tx& tx, std::int64_t case_id, std::int64_t organization_id,
                                           bool every_organization, std::int64_t after_id, int limit) {
  long long case_key = case_id, org = organization_id, all = every_organization ? 1 : 0;
  long long before = after_id > 0 ? after_id : std::numeric_limits<long long>::max();
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns +
                               " FROM compensation_calculations c WHERE c.case_id = :case_id AND c.id < :before AND "
                               "(:all = 1 OR EXISTS (SELECT 1 FROM compensation_calculation_organizations o "
                               "WHERE o.calculation_id = c.id AND o.organization_id = :org)) ORDER BY c.id DESC LIMIT :l",
       soci::use(case_key), soci::use(before), soci::use(all), soci::use(org), soci::use(limit));
  std::vector<SavedCalculation> out;
  for (const auto& r : rows) out.push_back(read(r));
  for (auto& c : out) c.organization_ids = organizations_of(tx, c.id);
  return out;
}

}  // namespace medrisk::compensation::store
