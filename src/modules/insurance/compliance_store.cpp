// SQL of compulsory-cover compliance (see compliance_store.hpp). Every statement is parameterized.
#include "modules/insurance/compliance_store.hpp"

#include <soci/soci.h>

#include <limits>

#include "platform/db/rows.hpp"

namespace medrisk::insurance::compliance_store {
namespace {

std::optional<Date> opt_date(const soci::row& r, std::size_t i) {
  auto s = db::opt_string_at(r, i);
  if (!s) return std::nullopt;
  auto d = Date::parse(*s);
  if (!d.ok()) throw std::runtime_error("stored date is malformed");
  return *d;
}

std::string text(const std::optional<Date>& d) { return d ? d->to_string() : std::string(); }
soci::indicator ind(const std::optional<Date>& d) { return d ? soci::i_ok : soci::i_null; }

constexpr const char* kColumns =
    "o.id, o.rule_id, o.subject_kind, o.product_kind, o.region_code, o.organization_id, o.clinician_user_id, "
    "g.name, o.obliged_since, o.status, o.clock_start, o.deadline, o.last_covered_on, o.warned_on, o.escalated_on, "
    "o.checked_on";

Obligation read_obligation(const soci::row& r) {
  Obligation o;
  o.id = db::int64_at(r, 0);
  o.rule_id = r.get<std::string>(1);
  o.subject_kind = r.get<std::string>(2);
  o.product_kind = r.get<std::string>(3);
  o.region_code = r.get<std::string>(4);
  o.organization_id = db::int64_at(r, 5);
  o.clinician_user_id = db::int64_at(r, 6);
  o.organization_name = db::opt_string_at(r, 7).value_or("");
  o.obliged_since = *opt_date(r, 8);
  o.status = r.get<std::string>(9);
  o.clock_start = opt_date(r, 10);
  o.deadline = opt_date(r, 11);
  o.last_covered_on = opt_date(r, 12);
  o.warned_on = opt_date(r, 13);
  o.escalated_on = opt_date(r, 14);
  o.checked_on = opt_date(r, 15);
  return o;
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{360, "insurance_compliance", R"(
CREATE TABLE compliance_clinicians (
  user_id {{bigint}} PRIMARY KEY REFERENCES users (id),
  organization_id {{bigint}} NOT NULL REFERENCES organizations (id),
  department TEXT NOT NULL,
  department_risk_class TEXT NOT NULL CHECK (department_risk_class IN ('I', 'II', 'III', 'IV')),
  updated_at TEXT NOT NULL
);
CREATE TABLE compliance_obligations (
  id {{pk}},
  rule_id TEXT NOT NULL,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('institution', 'clinician')),
  product_kind TEXT NOT NULL,
  region_code TEXT NOT NULL,
  organization_id {{bigint}} NOT NULL REFERENCES organizations (id),
  clinician_user_id {{bigint}} NOT NULL,
  obliged_since TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('compliant', 'within_grace', 'overdue', 'escalated')),
  clock_start TEXT,
  deadline TEXT,
  last_covered_on TEXT,
  warned_on TEXT,
  escalated_on TEXT,
  checked_on TEXT,
  UNIQUE (rule_id, organization_id, clinician_user_id)
);
CREATE INDEX compliance_obligations_region ON compliance_obligations (region_code, id);
CREATE INDEX compliance_obligations_organization ON compliance_obligations (organization_id, id)
)"}};
}

std::vector<InstitutionFacts> list_institutions(db::Tx& tx, std::int64_t after_id, int limit) {
  long long after = after_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, category, grade, region_code FROM organizations "
                           "WHERE kind = 'medical_institution' AND id > :a ORDER BY id LIMIT :l",
       soci::use(after), soci::use(limit));
  std::vector<InstitutionFacts> out;
  for (const auto& r : rows)
    out.push_back({db::int64_at(r, 0), db::opt_string_at(r, 1).value_or(""), db::opt_string_at(r, 2).value_or(""),
                   r.get<std::string>(3)});
  return out;
}

std::vector<ClinicianFacts> list_clinicians(db::Tx& tx, std::int64_t after_user_id, int limit) {
  long long after = after_user_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT c.user_id, c.organization_id, c.department, c.department_risk_class, g.region_code "
                           "FROM compliance_clinicians c JOIN organizations g ON g.id = c.organization_id "
                           "WHERE c.user_id > :a ORDER BY c.user_id LIMIT :l",
       soci::use(after), soci::use(limit));
  std::vector<ClinicianFacts> out;
  for (const auto& r : rows)
    out.push_back({db::int64_at(r, 0), db::int64_at(r, 1), r.get<std::string>(2), r.get<std::string>(3),
                   r.get<std::string>(4)});
  return out;
}

void upsert_clinician(db::Tx& tx, const ClinicianFacts& c, const std::string& at) {
  long long user = c.user_id, org = c.organization_id;
  tx.sql() << "INSERT INTO compliance_clinicians (user_id, organization_id, department, department_risk_class, updated_at) "
              "VALUES (:u, :o, :d, :c, :a) ON CONFLICT (user_id) DO UPDATE SET organization_id = excluded.organization_id, "
              "department = excluded.department, department_risk_class = excluded.department_risk_class, "
              "updated_at = excluded.updated_at",
      soci::use(user), soci::use(org), soci::use(c.department), soci::use(c.department_risk_class), soci::use(at);
}

std::optional<std::int64_t> organization_of_clinician(db::Tx& tx, std::int64_t user_id) {
  long long id = user_id, org = 0;
  soci::indicator i = soci::i_null;
  tx.sql() << "SELECT u.organization_id FROM users u JOIN user_roles r ON r.user_id = u.id "
              "WHERE u.id = :u AND r.role = 'clinician'",
      soci::use(id), soci::into(org, i);
  if (!tx.sql().got_data() || i != soci::i_ok) return std::nullopt;
  return org;
}

std::optional<Obligation> find_obligation(db::Tx& tx, const std::string& rule_id, std::int64_t organization_id,
                                          std::int64_t clinician_user_id) {
  long long org = organization_id, user = clinician_user_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns +
                               " FROM compliance_obligations o LEFT JOIN organizations g ON g.id = o.organization_id "
                               "WHERE o.rule_id = :r AND o.organization_id = :o AND o.clinician_user_id = :u",
       soci::use(rule_id), soci::use(org), soci::use(user));
  for (const auto& r : rows) return read_obligation(r);
  return std::nullopt;
}

std::int64_t insert_obligation(db::Tx& tx, const Obligation& o) {
  long long org = o.organization_id, user = o.clinician_user_id, id = 0;
  tx.sql() << "INSERT INTO compliance_obligations (rule_id, subject_kind, product_kind, region_code, organization_id, "
              "clinician_user_id, obliged_since, status) VALUES (:r, :s, :p, :g, :o, :u, :since, :st) RETURNING id",
      soci::use(o.rule_id), soci::use(o.subject_kind), soci::use(o.product_kind), soci::use(o.region_code),
      soci::use(org), soci::use(user), soci::use(o.obliged_since.to_string()), soci::use(o.status), soci::into(id);
  return id;
}

void update_obligation(db::Tx& tx, const Obligation& o) {
  long long id = o.id;
  std::string cs = text(o.clock_start), dl = text(o.deadline), lc = text(o.last_covered_on), w = text(o.warned_on),
              e = text(o.escalated_on), ch = text(o.checked_on);
  soci::indicator csi = ind(o.clock_start), dli = ind(o.deadline), lci = ind(o.last_covered_on), wi = ind(o.warned_on),
                  ei = ind(o.escalated_on), chi = ind(o.checked_on);
  tx.sql() << "UPDATE compliance_obligations SET status = :st, clock_start = :cs, deadline = :dl, last_covered_on = :lc, "
              "warned_on = :w, escalated_on = :e, checked_on = :ch WHERE id = :id",
      soci::use(o.status), soci::use(cs, csi), soci::use(dl, dli), soci::use(lc, lci), soci::use(w, wi),
      soci::use(e, ei), soci::use(ch, chi), soci::use(id);
}

std::vector<Obligation> list_obligations(db::Tx& tx, const ObligationFilter& f) {
  long long org = f.organization_id.value_or(0);
  long long before = f.before_id > 0 ? f.before_id : std::numeric_limits<long long>::max();
  std::string prefix = f.region_prefix.value_or("") + "%", status = f.status.value_or("");
  int limit = f.limit;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns +
                               " FROM compliance_obligations o LEFT JOIN organizations g ON g.id = o.organization_id "
                               "WHERE o.id < :b AND (:o = 0 OR o.organization_id = :o2) AND o.region_code LIKE :p "
                               "AND (:s = '' OR o.status = :s2) ORDER BY o.id DESC LIMIT :l",
       soci::use(before), soci::use(org), soci::use(org), soci::use(prefix), soci::use(status), soci::use(status),
       soci::use(limit));
  std::vector<Obligation> out;
  for (const auto& r : rows) out.push_back(read_obligation(r));
  return out;
}

std::vector<std::int64_t> users_with_role(db::Tx& tx, std::int64_t organization_id, const std::string& role) {
  long long org = organization_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id "
                           "WHERE u.organization_id = :o AND r.role = :r AND u.status = 'active' ORDER BY u.id",
       soci::use(org), soci::use(role));
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(db::int64_at(r, 0));
  return out;
}

std::vector<std::int64_t> regulators_of_region(db::Tx& tx, const std::string& region_prefix) {
  std::string prefix = region_prefix + "%";
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id "
                           "JOIN organizations g ON g.id = u.organization_id WHERE r.role = 'regulator' "
                           "AND g.kind = 'regulator' AND g.region_code LIKE :p AND u.status = 'active' ORDER BY u.id",
       soci::use(prefix));
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(db::int64_at(r, 0));
  return out;
}

}  // namespace medrisk::insurance::compliance_store
